"""Grading: an account exercise's setup (and solution) calls → a Sandbox in that state, history and all.

Every call goes through the simulated boto3-shaped clients as its caller, so the activity log
records it (last used keys, last accessed services) exactly as if a person had made it; the clock
moves between calls when a step says ``after_days``. Sandboxes are seeded, so ids are stable.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from workbench.account.errors import AwsError
from workbench.account.facade import AccountView, Sandbox
from workbench.errors import WorkbenchError
from workbench.grading.account_exercise import AccountExercise, ApiCall

_DOCUMENT_PARAMS = frozenset({"PolicyDocument", "AssumeRolePolicyDocument", "Policy"})


class AccountSetupError(WorkbenchError):
    """A setup or solution call that failed: which exercise, which step, and AWS's answer."""

    code = "exercise_setup_call"


def build_account(exercise: AccountExercise) -> Sandbox:
    """A fresh sandbox with the exercise's account, after every setup call: the learner's starting point."""
    sandbox = Sandbox()
    sandbox.create_account(exercise.setup.account, account_id=exercise.setup.account_id)
    apply_calls(sandbox, exercise, exercise.setup.calls, stage="setup")
    return sandbox


def build_solution(exercise: AccountExercise) -> Sandbox:
    """The setup with the reference solution applied (an error if the exercise has none)."""
    if exercise.solution is None:
        raise AccountSetupError(f"exercise {exercise.id!r} has no reference solution", code="exercise_no_solution")
    sandbox = build_account(exercise)
    apply_calls(sandbox, exercise, exercise.solution, stage="solution")
    return sandbox


def apply_calls(sandbox: Sandbox, exercise: AccountExercise, calls: Iterable[ApiCall], *, stage: str) -> None:
    account = sandbox.account(exercise.setup.account_id)
    for index, call in enumerate(calls):
        if call.after_days:
            sandbox.advance(days=call.after_days)
        if call.service is None or call.operation is None:
            continue
        where = f"{exercise.id}: {stage} call {index + 1} ({call.service}.{call.operation})"
        try:
            client = _client(account, call)
            operation = getattr(client, call.operation, None)
            if operation is None:
                raise AccountSetupError(f"{where}: the {call.service} client has no operation {call.operation!r}")
            operation(**_params(account, call.params))
        except AwsError as error:
            if error.aws_code != call.expect_error:
                raise AccountSetupError(f"{where}: {error.aws_code}: {error.message}") from error
            continue
        except TypeError as error:  # a parameter the operation does not take
            raise AccountSetupError(f"{where}: {error}") from error
        if call.expect_error is not None:
            raise AccountSetupError(f"{where}: expected it to fail with {call.expect_error}, but it succeeded")


def _client(account: AccountView, call: ApiCall) -> Any:
    service = str(call.service)
    if call.caller is None:
        return account.admin.client(service)
    kind, _, name = call.caller.partition("/")
    if kind == "user":
        return account.user(name).client(service)
    user = account.user(str(call.by).partition("/")[2])
    return account.role(name).assume(user).client(service)


def _params(account: AccountView, params: dict[str, Any]) -> dict[str, Any]:
    """Policy documents may be written as YAML mappings (the API takes JSON text), and an access key id
    as ``{access_key_of: USER}`` (the user's first key; ids are generated, so a file cannot know them)."""
    resolved: dict[str, Any] = {}
    for key, value in params.items():
        if key in _DOCUMENT_PARAMS and isinstance(value, dict):
            value = json.dumps(value, indent=2)
        elif isinstance(value, dict) and set(value) == {"access_key_of"}:
            keys = account.user(str(value["access_key_of"])).model.access_keys
            if not keys:
                raise AccountSetupError(f"user {value['access_key_of']} has no access key", code="exercise_setup_call")
            value = keys[0].access_key_id
        resolved[key] = value
    return resolved
