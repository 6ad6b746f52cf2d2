"""Helpers for the KMS tests: accounts, users made through the IAM client, policy builders, error accessors."""

from __future__ import annotations

from typing import Any

from policy_statements import allow as allow  # shared; re-exported
from policy_statements import deny as deny
from policy_statements import error_code as error_code
from policy_statements import error_message as error_message
from policy_statements import policy_text as policy_text

from workbench.account.callers import Credentials
from workbench.account.simulation import Simulation

A = "111111111111"
B = "222222222222"


def key_statement(
    principal: Any, action: str | list[str] = "kms:*", effect: str = "Allow", **extra: Any
) -> dict[str, Any]:
    """One key-policy statement: ``key_statement({"AWS": "arn:aws:iam::111111111111:user/bob"})``."""
    return {"Effect": effect, "Principal": principal, "Action": action, "Resource": "*", **extra}


def account_root(account_id: str) -> dict[str, str]:
    return {"AWS": f"arn:aws:iam::{account_id}:root"}


def user_arn(account_id: str, name: str) -> str:
    return f"arn:aws:iam::{account_id}:user/{name}"


def make_user(sim: Simulation, account_id: str, name: str, *statements: dict[str, Any]) -> Credentials:
    """Create IAM user ``name`` (inline statements, one access key) through the root's IAM client."""
    iam = sim.client("iam", sim.root_credentials(account_id))
    iam.create_user(UserName=name)
    if statements:
        iam.put_user_policy(UserName=name, PolicyName="granted", PolicyDocument=policy_text(*statements))
    key = iam.create_access_key(UserName=name)["AccessKey"]
    return Credentials(access_key_id=key["AccessKeyId"], secret_access_key=key["SecretAccessKey"])
