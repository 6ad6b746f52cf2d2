"""Lambda, handing a function its execution role: the caller's ``iam:PassRole``, a trust admitting Lambda (R1, R2).

CreateFunction and UpdateFunctionConfiguration (when ``Role`` is given) check, in this order:
the caller may pass the role to Lambda (``iam:PassRole`` on the role's ARN with
``iam:PassedToService = lambda.amazonaws.com``), the role exists, and its trust policy lets the
service principal ``lambda.amazonaws.com`` assume it — evaluated by the engine exactly as a
service-principal ``sts:AssumeRole`` (E12, S9). The last two fail with Lambda's
``InvalidParameterValueException`` "The role defined for the function cannot be assumed by Lambda."
"""

from __future__ import annotations

import re

from workbench.account.authorization import Target
from workbench.account.callers import Caller
from workbench.account.model import Role
from workbench.services.lambda_.base import LambdaBase
from workbench.services.lambda_.service_principals import find_role, trust_allows

LAMBDA_SERVICE = "lambda.amazonaws.com"
ROLE_PATTERN = r"arn:(aws[a-zA-Z-]*)?:iam::\d{12}:role/?[a-zA-Z_0-9+=,.@\-_/]+"
_ROLE_ARN = re.compile(rf"^{ROLE_PATTERN}$")
CANNOT_ASSUME = "The role defined for the function cannot be assumed by Lambda."


class ExecutionRoleChecks(LambdaBase):
    def check_execution_role(self, caller: Caller, role_arn: str) -> Role:
        """The role ``role_arn`` names, once the caller may pass it to Lambda and Lambda may assume it."""
        if not _ROLE_ARN.match(role_arn):
            raise self.fail(
                "ValidationException",
                f"1 validation error detected: Value '{role_arn}' at 'role' failed to satisfy constraint: "
                f"Member must satisfy regular expression pattern: {ROLE_PATTERN}",
            )
        found = find_role(self.sim.state, role_arn)
        role_account = role_arn.split(":")[4]
        tags = found[1].tags if found is not None else {}
        self.authorize(
            caller,
            "iam:PassRole",
            Target(role_arn, role_account, tags=tags),
            {"iam:PassedToService": LAMBDA_SERVICE},
        )
        if found is None:
            raise self.fail("InvalidParameterValueException", CANNOT_ASSUME)
        account_id, role = found
        if not trust_allows(self.sim, LAMBDA_SERVICE, role, account_id, region=self.connection.region).allowed:
            raise self.fail("InvalidParameterValueException", CANNOT_ASSUME)
        return role
