"""Lambda functions: CreateFunction, GetFunction, ListFunctions, DeleteFunction, UpdateFunctionConfiguration.

Creating a function hands it an execution role, so besides ``lambda:CreateFunction`` the caller
needs ``iam:PassRole`` on the role (R1), and the role must trust Lambda (see ``execution_role``);
changing the role later needs both again. ``Code`` keeps boto3's shape — a ``ZipFile`` (or S3
location) whose bytes are not run: the code is the Python callable registered under the
function's ``Handler`` name (see ``handlers``). Settings the simulation does not model (memory,
timeout, VPC, layers…) are accepted and answered with Lambda's defaults.
"""

from __future__ import annotations

from typing import Any

from workbench.account.authorization import Target
from workbench.account.service import operation
from workbench.services.lambda_.execution_role import ExecutionRoleChecks
from workbench.services.lambda_.shapes import code_location, configuration
from workbench.services.state import LambdaFunction

MAX_TAGS = 50
PAGE_SIZE = 50


class FunctionOperations(ExecutionRoleChecks):
    def check_tags(self, tags: dict[str, str]) -> None:
        if len(tags) > MAX_TAGS:
            raise self.fail("InvalidParameterValueException", f"A function can have at most {MAX_TAGS} tags.")
        for key, value in tags.items():
            if not 1 <= len(key) <= 128 or len(value) > 256:
                raise self.fail(
                    "InvalidParameterValueException",
                    f"Tag {key!r}: keys are 1 to 128 characters and values at most 256.",
                )
            if key.lower().startswith("aws:"):
                raise self.fail("InvalidParameterValueException", f"Tag key {key!r}: the prefix aws: is reserved.")

    @operation("CreateFunction")
    def create_function(
        self,
        *,
        FunctionName: str,
        Role: str,
        Code: dict[str, Any],
        Runtime: str | None = None,
        Handler: str | None = None,
        PackageType: str = "Zip",
        Tags: dict[str, str] | None = None,
        **settings: Any,
    ) -> dict[str, Any]:
        caller = self.caller()
        arn = self.resolve_name(FunctionName, caller)
        if PackageType != "Zip" or "ImageUri" in Code:
            raise self.fail(
                "InvalidParameterValueException",
                "The simulation runs .zip functions only (PackageType='Zip'); container images are not simulated.",
            )
        if "ZipFile" not in Code and not ("S3Bucket" in Code and "S3Key" in Code):
            raise self.fail("InvalidParameterValueException", "Please provide a source for function code.")
        if Runtime is None or Handler is None:
            raise self.fail(
                "InvalidParameterValueException",
                "Runtime and Handler are mandatory parameters for functions created with deployment packages.",
            )
        tags = dict(Tags or {})
        self.check_tags(tags)
        account_id, region = arn.split(":")[4], arn.split(":")[3]
        extra: dict[str, Any] = {f"aws:RequestTag/{k}": v for k, v in tags.items()}
        if tags:
            extra["aws:TagKeys"] = list(tags)
        self.authorize(caller, "lambda:CreateFunction", Target(arn, account_id), extra)
        if self.stored_function(arn) is not None:
            raise self.fail("ResourceConflictException", f"Function already exist: {arn.rsplit(':', 1)[-1]}")
        self.check_execution_role(caller, Role)
        function = LambdaFunction(
            name=arn.rsplit(":", 1)[-1],
            arn=arn,
            account_id=account_id,
            region=region,
            role_arn=Role,
            runtime=Runtime,
            handler=Handler,
            create_date=self.now,
            tags=tags,
        )
        self.save_function(function)
        return configuration(function, state="Pending")

    @operation("GetFunction")
    def get_function(self, *, FunctionName: str, Qualifier: str | None = None) -> dict[str, Any]:
        caller = self.caller()
        arn = self.resolve_name(FunctionName, caller, qualifier=Qualifier)
        function = self.stored_function(arn)
        self.authorize(caller, "lambda:GetFunction", self.target(arn, function))
        function = self.require_function(arn, function)
        answer: dict[str, Any] = {"Configuration": configuration(function), "Code": code_location(function)}
        if function.tags:
            answer["Tags"] = dict(function.tags)
        return answer

    @operation("ListFunctions")
    def list_functions(
        self,
        *,
        MasterRegion: str | None = None,
        FunctionVersion: str | None = None,
        Marker: str | None = None,
        MaxItems: int | None = None,
    ) -> dict[str, Any]:
        caller = self.caller()
        self.authorize(caller, "lambda:ListFunctions", Target("*", caller.account_id))
        functions = sorted(
            (
                f
                for f in self.sim.state.services.functions.values()
                if f.account_id == caller.account_id and f.region == self.connection.region
            ),
            key=lambda f: f.name,
        )
        start = int(Marker) if Marker and Marker.isdigit() else 0
        size = MaxItems or PAGE_SIZE
        answer: dict[str, Any] = {"Functions": [configuration(f) for f in functions[start : start + size]]}
        if start + size < len(functions):
            answer["NextMarker"] = str(start + size)
        return answer

    @operation("DeleteFunction")
    def delete_function(self, *, FunctionName: str, Qualifier: str | None = None) -> dict[str, Any]:
        caller = self.caller()
        arn = self.resolve_name(FunctionName, caller, qualifier=Qualifier)
        function = self.stored_function(arn)
        self.authorize(caller, "lambda:DeleteFunction", self.target(arn, function))
        self.require_function(arn, function)
        self.drop_function(arn)
        return {}

    @operation("UpdateFunctionConfiguration")
    def update_function_configuration(
        self,
        *,
        FunctionName: str,
        Role: str | None = None,
        Handler: str | None = None,
        Runtime: str | None = None,
        RevisionId: str | None = None,
        **settings: Any,
    ) -> dict[str, Any]:
        caller = self.caller()
        arn = self.resolve_name(FunctionName, caller)
        function = self.stored_function(arn)
        self.authorize(caller, "lambda:UpdateFunctionConfiguration", self.target(arn, function))
        function = self.require_function(arn, function)
        self.check_revision(function, RevisionId)
        changes: dict[str, Any] = {}
        if Role is not None:  # handing over a role again needs PassRole again (R1)
            self.check_execution_role(caller, Role)
            changes["role_arn"] = Role
        if Handler is not None:
            changes["handler"] = Handler
        if Runtime is not None:
            changes["runtime"] = Runtime
        updated = function.model_copy(update=changes)
        self.save_function(updated)
        return configuration(updated)
