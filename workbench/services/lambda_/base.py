"""Helpers every Lambda operation shares: function names → ARNs, finding and saving functions, Lambda's error codes.

Lambda names a function by name (``my-function``), partial ARN (``123456789012:function:my-function``)
or full ARN, optionally with a qualifier (``:$LATEST``). Its errors are Lambda's own codes
(``ResourceNotFoundException``, ``ResourceConflictException``, ``InvalidParameterValueException``,
``AccessDeniedException``) with Lambda's HTTP statuses.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from workbench.account.authorization import Target
from workbench.account.callers import Caller
from workbench.account.errors import AwsError
from workbench.account.model import State
from workbench.account.service import ServiceClient
from workbench.engine.decision import Decision
from workbench.services.lambda_.shapes import LATEST, revision_id
from workbench.services.state import LambdaFunction, ServiceState

STATUS = {
    "AccessDeniedException": 403,
    "ResourceNotFoundException": 404,
    "ResourceConflictException": 409,
    "PreconditionFailedException": 412,
    "InvalidParameterValueException": 400,
    "ValidationException": 400,
    "PolicyLengthExceededException": 400,
    "InvalidRequestContentException": 400,
}

FUNCTION_NAME_PATTERN = (
    r"(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\d{1}:)?(\d{12}:)?(function:)?"
    r"([a-zA-Z0-9-_]+)(:(\$LATEST|[a-zA-Z0-9-_]+))?"
)
_FUNCTION_NAME = re.compile(
    r"^(?:arn:aws:lambda:(?P<region>[a-z]{2}(?:-gov)?-[a-z]+-\d):)?(?:(?P<account>\d{12}):)?(?:function:)?"
    r"(?P<name>[a-zA-Z0-9_-]{1,64})(?::(?P<qualifier>\$LATEST|[a-zA-Z0-9_-]+))?$"
)


def function_arn(region: str, account_id: str, name: str) -> str:
    return f"arn:aws:lambda:{region}:{account_id}:function:{name}"


def with_functions(services: ServiceState, functions: Mapping[str, LambdaFunction]) -> ServiceState:
    return services.model_copy(update={"functions": dict(functions)})


class LambdaBase(ServiceClient):
    service = "lambda"

    # -- errors --------------------------------------------------------------------------------
    def fail(self, code: str, message: str) -> AwsError:
        """A Lambda error with Lambda's HTTP status."""
        return AwsError(code, message, self._operation, status=STATUS.get(code, 400))

    def authorize(
        self, caller: Caller, action: str, target: Target, extra_context: Mapping[str, Any] | None = None
    ) -> Decision:
        """As every service does, but Lambda calls a denial ``AccessDeniedException``."""
        try:
            return super().authorize(caller, action, target, extra_context)
        except AwsError as error:
            if error.aws_code != "AccessDenied":
                raise
            raise self.fail("AccessDeniedException", error.message) from None

    # -- names ---------------------------------------------------------------------------------
    def resolve_name(self, name: str, caller: Caller, *, qualifier: str | None = None) -> str:
        """The unqualified function ARN ``name`` stands for, in the caller's account and this client's region."""
        found = _FUNCTION_NAME.match(name)
        if found is None:
            raise self.fail(
                "ValidationException",
                f"1 validation error detected: Value '{name}' at 'functionName' failed to satisfy constraint: "
                f"Member must satisfy regular expression pattern: {FUNCTION_NAME_PATTERN}",
            )
        region = found["region"] or self.connection.region
        if region != self.connection.region:
            raise self.fail(
                "InvalidParameterValueException",
                f"Functions from '{region}' are not reachable in this region ('{self.connection.region}')",
            )
        arn = function_arn(region, found["account"] or caller.account_id, found["name"])
        for wanted in (found["qualifier"], qualifier):
            if wanted is not None and wanted != LATEST:
                # Versions and aliases are not simulated: only $LATEST exists.
                raise self.fail("ResourceNotFoundException", f"Function not found: {arn}:{wanted}")
        return arn

    # -- functions -----------------------------------------------------------------------------
    def stored_function(self, arn: str) -> LambdaFunction | None:
        return self.sim.state.services.functions.get(arn)

    def require_function(self, arn: str, function: LambdaFunction | None) -> LambdaFunction:
        if function is None:
            raise self.fail("ResourceNotFoundException", f"Function not found: {arn}")
        return function

    @staticmethod
    def target(arn: str, function: LambdaFunction | None) -> Target:
        """The function as a resource: its ARN, account, function policy and tags (which ABAC can test)."""
        account_id = arn.split(":")[4]
        if function is None:
            return Target(arn, account_id)
        return Target(function.arn, function.account_id, function.policy, function.tags)

    def check_revision(self, function: LambdaFunction, revision: str | None) -> None:
        if revision is not None and revision != revision_id(function):
            raise self.fail(
                "PreconditionFailedException",
                "The Revision Id provided does not match the latest Revision Id. "
                "Call the GetFunction/GetAlias API to retrieve the latest Revision Id",
            )

    def save_function(self, function: LambdaFunction) -> None:
        def change(state: State) -> State:
            functions = {**state.services.functions, function.arn: function}
            return state.model_copy(update={"services": with_functions(state.services, functions)})

        self.sim.update(change)

    def drop_function(self, arn: str) -> None:
        def change(state: State) -> State:
            functions = {k: v for k, v in state.services.functions.items() if k != arn}
            return state.model_copy(update={"services": with_functions(state.services, functions)})

        self.sim.update(change)
