"""Helpers for the access-analysis tests: accounts, buckets, keys, functions, organizations (via clients or state)."""

from __future__ import annotations

import json
from typing import Any

from workbench.account.simulation import Simulation
from workbench.services.state import KmsKey, LambdaFunction

A = "111111111111"
"""The analyzed account (the organization's management account when there is one)."""
B = "222222222222"
"""Another account (a member of the organization when there is one)."""
C = "333333333333"
"""An outsider: never in any organization."""
EXTERNAL = "444455556666"
"""An account the simulation does not hold."""
REGION = "us-east-1"


def policy_text(*statements: dict[str, Any]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)}, indent=2)


def grant(
    principal: Any, action: str | list[str], resource: str | list[str] | None = None, **extra: Any
) -> dict[str, Any]:
    statement: dict[str, Any] = {"Effect": "Allow", "Principal": principal, "Action": action}
    if resource is not None:
        statement["Resource"] = resource
    statement.update(extra)
    return statement


def world(*, organization: bool = False) -> Simulation:
    """Accounts A, B and C; with ``organization``, A manages an organization that B has joined."""
    sim = Simulation()
    for name, account_id in (("prod", A), ("partner", B), ("outsider", C)):
        sim.create_account(name, account_id=account_id)
    if organization:
        orgs = sim.client("organizations", sim.root_credentials(A))
        orgs.create_organization()
        orgs.invite_account_to_organization(Target={"Id": B, "Type": "ACCOUNT"})
    return sim


def org_id(sim: Simulation) -> str:
    assert sim.state.organization is not None
    return sim.state.organization.org_id


def bucket_with_policy(sim: Simulation, name: str, *statements: dict[str, Any], owner: str = A) -> None:
    """A bucket of ``owner`` with Block Public Access off and that bucket policy (through S3, as the owner's root)."""
    s3 = sim.client("s3", sim.root_credentials(owner))
    if name not in sim.state.services.buckets:
        s3.create_bucket(Bucket=name)
        s3.delete_public_access_block(Bucket=name)
    s3.put_bucket_policy(Bucket=name, Policy=policy_text(*statements))


def delete_bucket_policy(sim: Simulation, name: str, owner: str = A) -> None:
    sim.client("s3", sim.root_credentials(owner)).delete_bucket_policy(Bucket=name)


def role_with_trust(sim: Simulation, name: str, *statements: dict[str, Any], owner: str = A) -> None:
    iam = sim.client("iam", sim.root_credentials(owner))
    iam.create_role(RoleName=name, AssumeRolePolicyDocument=policy_text(*statements))


def key_with_policy(sim: Simulation, key_id: str, *statements: dict[str, Any], owner: str = A) -> str:
    """A customer managed KMS key written into state (the policy as given); returns its ARN."""
    arn = f"arn:aws:kms:{REGION}:{owner}:key/{key_id}"
    key = KmsKey(
        key_id=key_id,
        arn=arn,
        account_id=owner,
        region=REGION,
        policy=policy_text(*statements),
        create_date=sim.clock.now(),
    )
    services = sim.state.services
    sim.update(
        lambda s: s.model_copy(update={"services": services.model_copy(update={"keys": {**services.keys, arn: key}})})
    )
    return arn


def function_with_policy(sim: Simulation, name: str, *statements: dict[str, Any], owner: str = A) -> str:
    """A Lambda function written into state with that function policy; returns its ARN."""
    arn = f"arn:aws:lambda:{REGION}:{owner}:function:{name}"
    function = LambdaFunction(
        name=name,
        arn=arn,
        account_id=owner,
        region=REGION,
        role_arn=f"arn:aws:iam::{owner}:role/{name}-execution",
        policy=policy_text(*statements),
        create_date=sim.clock.now(),
    )
    services = sim.state.services
    functions = {**services.functions, arn: function}
    sim.update(lambda s: s.model_copy(update={"services": services.model_copy(update={"functions": functions})}))
    return arn
