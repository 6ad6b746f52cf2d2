"""Lambda function policies as Lambda writes them: one AddPermission → one statement, ``Sid`` = ``StatementId``.

Lambda builds the policy itself; the caller never writes JSON. The principal becomes
``{"Service": …}`` for a service principal, ``{"AWS": "arn:aws:iam::ACCOUNT:root"}`` for an account
id, ``{"AWS": ARN}`` for an IAM ARN, or ``"*"``; ``SourceAccount`` becomes
``StringEquals AWS:SourceAccount`` and ``SourceArn`` becomes ``ArnLike AWS:SourceArn`` — with the
``AWS:`` capitalisation Lambda stores (key names are case-insensitive, G10) — and
``PrincipalOrgID`` becomes ``StringEquals aws:PrincipalOrgID``. The text is compact JSON,
``{"Version":"2012-10-17","Id":"default","Statement":[…]}``, as GetPolicy returns it.
"""

from __future__ import annotations

import json
import re
from typing import Any

from workbench.errors import WorkbenchError

ACCOUNT_ID = re.compile(r"^\d{12}$")
SERVICE_PRINCIPAL = re.compile(r"^[a-z0-9.-]+\.amazonaws\.com(\.cn)?$")
IAM_ARN = re.compile(r"^arn:aws[a-zA-Z-]*:(iam|sts)::\d{12}:\S+$")
ACTION = re.compile(r"^(lambda:[*]|lambda:[a-zA-Z]+|[*])$")
STATEMENT_ID = re.compile(r"^[a-zA-Z0-9._-]{1,100}$")
MAX_POLICY_SIZE = 20480


class FunctionPolicyError(WorkbenchError):
    """An AddPermission request Lambda would refuse (bad principal)."""

    code = "lambda_invalid_permission"


def principal_element(principal: str) -> str | dict[str, str]:
    """Lambda's ``Principal`` element for the ``Principal`` parameter of AddPermission."""
    if principal == "*":
        return "*"
    if ACCOUNT_ID.match(principal):
        return {"AWS": f"arn:aws:iam::{principal}:root"}
    if IAM_ARN.match(principal):
        return {"AWS": principal}
    if SERVICE_PRINCIPAL.match(principal):
        return {"Service": principal}
    raise FunctionPolicyError("The provided principal was invalid. Please check the principal and try again.")


def permission_statement(
    *,
    statement_id: str,
    action: str,
    principal: str,
    function_arn: str,
    source_arn: str | None = None,
    source_account: str | None = None,
    principal_org_id: str | None = None,
    event_source_token: str | None = None,
    function_url_auth_type: str | None = None,
) -> dict[str, Any]:
    """The statement AddPermission adds (keys in Lambda's order)."""
    statement: dict[str, Any] = {
        "Sid": statement_id,
        "Effect": "Allow",
        "Principal": principal_element(principal),
        "Action": action,
        "Resource": function_arn,
    }
    equals: dict[str, str] = {}
    if source_account is not None:
        equals["AWS:SourceAccount"] = source_account
    if principal_org_id is not None:
        equals["aws:PrincipalOrgID"] = principal_org_id
    if event_source_token is not None:
        equals["lambda:EventSourceToken"] = event_source_token
    if function_url_auth_type is not None:
        equals["lambda:FunctionUrlAuthType"] = function_url_auth_type
    condition: dict[str, Any] = {}
    if equals:
        condition["StringEquals"] = equals
    if source_arn is not None:
        condition["ArnLike"] = {"AWS:SourceArn": source_arn}
    if condition:
        statement["Condition"] = condition
    return statement


def compact(data: Any) -> str:
    return json.dumps(data, separators=(",", ":"))


def statements(policy: str | None) -> list[dict[str, Any]]:
    if not policy:
        return []
    listed = json.loads(policy).get("Statement", [])
    return list(listed) if isinstance(listed, list) else [listed]


def find_statement(policy: str | None, statement_id: str) -> dict[str, Any] | None:
    return next((s for s in statements(policy) if s.get("Sid") == statement_id), None)


def with_statement(policy: str | None, statement: dict[str, Any]) -> str:
    """The policy text with ``statement`` appended (a new policy when there was none)."""
    return compact({"Version": "2012-10-17", "Id": "default", "Statement": [*statements(policy), statement]})


def without_statement(policy: str | None, statement_id: str) -> str | None:
    """The policy text without that statement; None once no statement is left (Lambda deletes the policy)."""
    kept = [s for s in statements(policy) if s.get("Sid") != statement_id]
    return compact({"Version": "2012-10-17", "Id": "default", "Statement": kept}) if kept else None
