"""Helpers for the graph-analysis tests: small worlds built through the Sandbox, and policy documents."""

from __future__ import annotations

import json
from typing import Any

from policy_statements import allow as allow  # shared; re-exported
from policy_statements import deny as deny

from workbench.account.facade import AccountView, Sandbox

ALPHA = "111111111111"
BRAVO = "222222222222"
PARTNER = "999999999999"
"""An account the simulation does not hold (a partner, a vendor)."""


def doc(*statements: dict[str, Any]) -> dict[str, Any]:
    return {"Version": "2012-10-17", "Statement": list(statements)}


def trust(principal: Any, *, condition: dict[str, Any] | None = None, action: str = "sts:AssumeRole") -> dict[str, Any]:
    """A trust policy with one statement; ``principal`` is a Principal element value (``{"AWS": …}``, ``"*"``…)."""
    statement: dict[str, Any] = {"Effect": "Allow", "Principal": principal, "Action": action}
    if condition:
        statement["Condition"] = condition
    return doc(statement)


def user_arn(name: str, account: str = ALPHA) -> str:
    return f"arn:aws:iam::{account}:user/{name}"


def role_arn(name: str, account: str = ALPHA) -> str:
    return f"arn:aws:iam::{account}:role/{name}"


def world(*accounts: str) -> tuple[Sandbox, list[AccountView]]:
    """A sandbox with the given accounts (named after their ids' first letters: alpha, bravo…)."""
    sandbox = Sandbox()
    names = {ALPHA: "alpha", BRAVO: "bravo"}
    views = [sandbox.create_account(names.get(a, f"acct-{a}"), account_id=a) for a in accounts or (ALPHA,)]
    return sandbox, views


def organization_with_scp(sandbox: Sandbox, management: str, member: str, scp: dict[str, Any]) -> None:
    """An organization managed by ``management`` with ``member`` in it, and ``scp`` attached to ``member``."""
    sim = sandbox.sim
    orgs = sim.client("organizations", sim.root_credentials(management))
    orgs.create_organization()
    orgs.invite_account_to_organization(Target={"Id": member, "Type": "ACCOUNT"})
    policy = orgs.create_policy(
        Content=json.dumps(scp), Description="test", Name="guardrail", Type="SERVICE_CONTROL_POLICY"
    )["Policy"]["PolicySummary"]["Id"]
    orgs.attach_policy(PolicyId=policy, TargetId=member)
