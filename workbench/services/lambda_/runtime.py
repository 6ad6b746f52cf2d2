"""Lambda, running the code: a registered handler called with ``(event, context)``, its answer or error as Lambda says.

The ``context`` is Lambda's Python context object (``function_name``, ``aws_request_id``,
``get_remaining_time_in_millis()``, …) plus what a simulated runtime needs instead of environment
variables: ``context.credentials`` (the execution role's temporary credentials) and
``context.client(service)``, a simulated client signing with them — so the function's own calls
are authorized as the role, never as whoever invoked it. A handler that raises does not raise out
of the invocation: Lambda reports it as a function error with an ``errorMessage``/``errorType``
payload, and so does the simulation.
"""

from __future__ import annotations

import contextlib
import io
import json
import traceback
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from botocore.exceptions import ClientError
from pydantic import BaseModel, ConfigDict

from workbench.account.callers import Credentials
from workbench.account.model import Session
from workbench.services.lambda_.handlers import registered_handler
from workbench.services.lambda_.shapes import DEFAULT_MEMORY, DEFAULT_TIMEOUT, LATEST
from workbench.services.state import LambdaFunction

if TYPE_CHECKING:
    from workbench.account.simulation import Simulation

LAMBDA_SOURCE_IP = "198.51.100.200"
"""Where a function's own calls come from (``aws:SourceIp``): a documentation address standing for Lambda's."""


@dataclass(frozen=True)
class LambdaContext:
    """The ``context`` a handler receives: Lambda's context object, and clients signed with the role's credentials."""

    function_name: str
    invoked_function_arn: str
    aws_request_id: str
    region: str
    credentials: Credentials
    """The execution role's temporary credentials (``ASIA…``), as the runtime's environment holds them."""
    log_stream_name: str = ""
    memory_limit_in_mb: str = str(DEFAULT_MEMORY)
    function_version: str = LATEST
    identity: None = None
    client_context: None = None
    sim: Simulation | None = field(default=None, repr=False, compare=False)

    @property
    def log_group_name(self) -> str:
        return f"/aws/lambda/{self.function_name}"

    def get_remaining_time_in_millis(self) -> int:
        """The simulated handler runs instantly: the whole timeout remains."""
        return DEFAULT_TIMEOUT * 1000

    @property
    def environment(self) -> dict[str, str]:
        """The variables Lambda's runtime sets (credentials included), for code written against ``os.environ``."""
        return {
            "AWS_REGION": self.region,
            "AWS_DEFAULT_REGION": self.region,
            "AWS_LAMBDA_FUNCTION_NAME": self.function_name,
            "AWS_LAMBDA_FUNCTION_VERSION": self.function_version,
            "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": self.memory_limit_in_mb,
            "AWS_LAMBDA_LOG_GROUP_NAME": self.log_group_name,
            "AWS_LAMBDA_LOG_STREAM_NAME": self.log_stream_name,
            "AWS_ACCESS_KEY_ID": self.credentials.access_key_id,
            "AWS_SECRET_ACCESS_KEY": self.credentials.secret_access_key,
            "AWS_SESSION_TOKEN": self.credentials.session_token or "",
        }

    def client(self, service: str, **options: Any) -> Any:
        """A simulated ``service`` client using the execution role's credentials (``boto3.client`` in the function)."""
        if self.sim is None:
            raise RuntimeError("this context is not attached to a simulation")
        options.setdefault("region", self.region)
        options.setdefault("source_ip", LAMBDA_SOURCE_IP)
        return self.sim.client(service, self.credentials, **options)


class InvocationResult(BaseModel):
    """What one run of a handler produced: the response payload (JSON bytes), the function error, the log."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    request_id: str
    payload: bytes
    function_error: str | None = None
    """``Unhandled`` when the handler raised (or its result could not be serialised), as Lambda reports."""
    log: str
    session_arn: str
    """The execution role session the handler ran as (``…:assumed-role/ROLE/FUNCTION-NAME``)."""

    @property
    def result(self) -> Any:
        """The payload decoded from JSON."""
        return json.loads(self.payload) if self.payload else None


def session_credentials(session: Session) -> Credentials:
    return Credentials(
        access_key_id=session.access_key_id,
        secret_access_key=session.secret_access_key,
        session_token=session.session_token,
        expiration=session.expiration,
    )


def _error_payload(error_type: str, message: str, request_id: str, stack: list[str]) -> dict[str, Any]:
    return {"errorMessage": message, "errorType": error_type, "requestId": request_id, "stackTrace": stack}


def _described(error: Exception) -> tuple[str, str]:
    """(errorType, errorMessage) as Lambda's Python runtime words them; boto3 errors read as botocore's."""
    if isinstance(error, ClientError):
        code = error.response.get("Error", {}).get("Code", "Unknown")
        message = error.response.get("Error", {}).get("Message", "")
        return "ClientError", f"An error occurred ({code}) when calling the {error.operation_name} operation: {message}"
    return type(error).__name__, str(error)


def run_handler(
    sim: Simulation, function: LambdaFunction, event: Any, session: Session, *, region: str
) -> InvocationResult:
    """Call the function's registered handler with ``event`` and a context holding ``session``'s credentials."""
    request_id = sim.next_request_id()
    context = LambdaContext(
        function_name=function.name,
        invoked_function_arn=function.arn,
        aws_request_id=request_id,
        region=region,
        credentials=session_credentials(session),
        log_stream_name=f"{sim.clock.now():%Y/%m/%d}/[{LATEST}]{request_id.replace('-', '')[:32]}",
        sim=sim,
    )
    lines = [f"START RequestId: {request_id} Version: {LATEST}\n"]
    printed = io.StringIO()
    handler = registered_handler(sim, function.handler)
    function_error: str | None = None
    if handler is None:
        module = function.handler.rsplit(".", 1)[0]
        body: Any = _error_payload(
            "Runtime.ImportModuleError",
            f"Unable to import module '{module}': No module named '{module}' (the simulation runs the Python "
            f"callable registered as '{function.handler}': register_handler(sim, '{function.handler}', handler))",
            request_id,
            [],
        )
        function_error = "Unhandled"
    else:
        try:
            with contextlib.redirect_stdout(printed):
                body = handler(event, context)
        except Exception as error:  # the function's failure is reported, not raised (as Lambda does)
            error_type, message = _described(error)
            trace = error.__traceback__.tb_next if error.__traceback__ is not None else None
            stack = traceback.format_list(traceback.extract_tb(trace))
            body = _error_payload(error_type, message, request_id, stack)
            function_error = "Unhandled"
            printed.write(f"[ERROR] {error_type}: {message}\n")
    try:
        payload = json.dumps(body).encode()
    except (TypeError, ValueError) as error:
        payload = json.dumps(
            _error_payload("Runtime.MarshalError", f"Unable to marshal response: {error}", request_id, [])
        ).encode()
        function_error = "Unhandled"
    lines.append(printed.getvalue())
    lines.append(f"END RequestId: {request_id}\n")
    lines.append(
        f"REPORT RequestId: {request_id}\tDuration: 1.00 ms\tBilled Duration: 1 ms\t"
        f"Memory Size: {DEFAULT_MEMORY} MB\tMax Memory Used: 40 MB\t\n"
    )
    return InvocationResult(
        request_id=request_id,
        payload=payload,
        function_error=function_error,
        log="".join(lines),
        session_arn=session.arn,
    )
