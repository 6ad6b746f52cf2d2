"""Lambda, the code: the Python callables learners write, registered on a simulation under a handler name.

A function's ``Handler`` setting (``"app.handler"``, as in Lambda's ``file.function``) names the
callable that runs when the function is invoked. The boto3 call keeps its real shape — ``Code``
is a deployment package whose bytes the simulation does not run::

    def handler(event, context):
        s3 = context.client("s3")           # the execution role's temporary credentials
        ...
        return {"ok": True}

    register_handler(sim, "app.handler", handler)
    lam.create_function(FunctionName="thumbnails", Runtime="python3.12", Role=role_arn,
                        Handler="app.handler", Code={"ZipFile": b"placeholder"})

Code is not data, so registrations live beside the state, not in it: snapshots and restores keep
them, a saved simulation does not (register the callable again after loading). Registering a
name again replaces the callable, like deploying new code; functions that name it run the new one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from workbench.errors import WorkbenchError

if TYPE_CHECKING:
    from workbench.account.simulation import Simulation

Handler = Callable[[Any, Any], Any]
"""``handler(event, context)`` → a JSON-serialisable result."""

_ATTRIBUTE = "lambda_handlers"
MAX_HANDLER_LENGTH = 128


class HandlerRegistrationError(WorkbenchError):
    """A handler name Lambda would refuse, or something that cannot be called."""

    code = "lambda_handler_invalid"


def _registry(sim: Simulation) -> dict[str, Handler]:
    """The simulation's handler table (kept on the simulation object, created on first use)."""
    table: dict[str, Handler] = vars(sim).setdefault(_ATTRIBUTE, {})
    return table


def register_handler(sim: Simulation, name: str, handler: Handler) -> Handler:
    """Make ``handler`` the code behind the handler name ``name`` (``"app.handler"``); returns it."""
    if not name or len(name) > MAX_HANDLER_LENGTH or any(ch.isspace() for ch in name):
        raise HandlerRegistrationError(
            f"{name!r} is not a handler name Lambda accepts: 1 to {MAX_HANDLER_LENGTH} characters, no whitespace "
            "(Lambda's convention is file.function, such as 'app.handler')."
        )
    if not callable(handler):
        raise HandlerRegistrationError(
            f"the handler registered as {name!r} must be a function handler(event, context), not {handler!r}"
        )
    _registry(sim)[name] = handler
    return handler


def registered_handler(sim: Simulation, name: str) -> Handler | None:
    """The callable registered as ``name``, or None."""
    return _registry(sim).get(name)


def registered_handlers(sim: Simulation) -> tuple[str, ...]:
    """The handler names registered on ``sim``, sorted."""
    return tuple(sorted(_registry(sim)))
