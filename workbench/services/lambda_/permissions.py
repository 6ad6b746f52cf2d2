"""Lambda function policies through the API: AddPermission, RemovePermission, GetPolicy (R2, E12).

The function policy says who may invoke (or otherwise use) the function. For a service trigger it
names the service principal and should pin ``SourceArn`` and ``SourceAccount``: without them any
bucket in any account configured to notify the function could invoke it — the confused deputy.
Each call is authorized as ``lambda:AddPermission`` / ``lambda:RemovePermission`` /
``lambda:GetPolicy`` on the function, with ``lambda:Principal`` in the context.
"""

from __future__ import annotations

from typing import Any

from workbench.account.service import operation
from workbench.services.lambda_.base import LambdaBase
from workbench.services.lambda_.function_policy import (
    ACTION,
    MAX_POLICY_SIZE,
    STATEMENT_ID,
    FunctionPolicyError,
    compact,
    find_statement,
    permission_statement,
    with_statement,
    without_statement,
)
from workbench.services.lambda_.shapes import revision_id


def _principal_value(statement: dict[str, Any]) -> str:
    principal = statement.get("Principal")
    if isinstance(principal, dict):
        return str(next(iter(principal.values()), ""))
    return str(principal or "")


class PermissionOperations(LambdaBase):
    def check_pattern(self, value: str, pattern: Any, member: str) -> None:
        if not pattern.match(value):
            raise self.fail(
                "ValidationException",
                f"1 validation error detected: Value '{value}' at '{member}' failed to satisfy constraint: "
                f"Member must satisfy regular expression pattern: {pattern.pattern.strip('^$')}",
            )

    @operation("AddPermission")
    def add_permission(
        self,
        *,
        FunctionName: str,
        StatementId: str,
        Action: str,
        Principal: str,
        SourceArn: str | None = None,
        SourceAccount: str | None = None,
        EventSourceToken: str | None = None,
        Qualifier: str | None = None,
        RevisionId: str | None = None,
        PrincipalOrgID: str | None = None,
        FunctionUrlAuthType: str | None = None,
        InvokedViaFunctionUrl: bool | None = None,
    ) -> dict[str, Any]:
        caller = self.caller()
        arn = self.resolve_name(FunctionName, caller, qualifier=Qualifier)
        self.check_pattern(StatementId, STATEMENT_ID, "statementId")
        self.check_pattern(Action, ACTION, "action")
        function = self.stored_function(arn)
        context: dict[str, Any] = {"lambda:Principal": Principal}
        if FunctionUrlAuthType is not None:
            context["lambda:FunctionUrlAuthType"] = FunctionUrlAuthType
        self.authorize(caller, "lambda:AddPermission", self.target(arn, function), context)
        function = self.require_function(arn, function)
        self.check_revision(function, RevisionId)
        if find_statement(function.policy, StatementId) is not None:
            raise self.fail(
                "ResourceConflictException",
                "The statement id (sid) provided already exists. Please provide a new statement id, "
                "or remove the existing statement.",
            )
        try:
            statement = permission_statement(
                statement_id=StatementId,
                action=Action,
                principal=Principal,
                function_arn=function.arn,
                source_arn=SourceArn,
                source_account=SourceAccount,
                principal_org_id=PrincipalOrgID,
                event_source_token=EventSourceToken,
                function_url_auth_type=FunctionUrlAuthType,
            )
        except FunctionPolicyError as error:
            raise self.fail("InvalidParameterValueException", error.message) from None
        policy = with_statement(function.policy, statement)
        if len(policy) > MAX_POLICY_SIZE:
            raise self.fail(
                "PolicyLengthExceededException",
                f"The final policy size ({len(policy)}) is bigger than the limit ({MAX_POLICY_SIZE}).",
            )
        self.save_function(function.model_copy(update={"policy": policy}))
        return {"Statement": compact(statement)}

    @operation("RemovePermission")
    def remove_permission(
        self, *, FunctionName: str, StatementId: str, Qualifier: str | None = None, RevisionId: str | None = None
    ) -> dict[str, Any]:
        caller = self.caller()
        arn = self.resolve_name(FunctionName, caller, qualifier=Qualifier)
        function = self.stored_function(arn)
        statement = find_statement(function.policy, StatementId) if function is not None else None
        context = {"lambda:Principal": _principal_value(statement)} if statement is not None else {}
        self.authorize(caller, "lambda:RemovePermission", self.target(arn, function), context)
        function = self.require_function(arn, function)
        self.check_revision(function, RevisionId)
        if statement is None:
            raise self.fail("ResourceNotFoundException", f"Statement {StatementId} is not found in resource policy.")
        self.save_function(function.model_copy(update={"policy": without_statement(function.policy, StatementId)}))
        return {}

    @operation("GetPolicy")
    def get_policy(self, *, FunctionName: str, Qualifier: str | None = None) -> dict[str, Any]:
        caller = self.caller()
        arn = self.resolve_name(FunctionName, caller, qualifier=Qualifier)
        function = self.stored_function(arn)
        self.authorize(caller, "lambda:GetPolicy", self.target(arn, function))
        function = self.require_function(arn, function)
        if function.policy is None:
            raise self.fail("ResourceNotFoundException", "The resource you requested does not exist.")
        return {"Policy": function.policy, "RevisionId": revision_id(function)}
