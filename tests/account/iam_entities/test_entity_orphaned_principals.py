"""G11: a trust policy naming a user is bound to that user's unique id; a same-named successor is not trusted."""

from __future__ import annotations

import json

import pytest
from botocore.exceptions import ClientError

from workbench.account.callers import Credentials
from workbench.account.simulation import Simulation

ACCOUNT = "111122223333"


def _user_with_keys(iam, name: str) -> Credentials:  # type: ignore[no-untyped-def]
    iam.create_user(UserName=name)
    key = iam.create_access_key(UserName=name)["AccessKey"]
    return Credentials(access_key_id=key["AccessKeyId"], secret_access_key=key["SecretAccessKey"])


def test_recreating_a_deleted_user_does_not_inherit_its_trust() -> None:
    sim = Simulation()
    sim.create_account("dev", account_id=ACCOUNT)
    iam = sim.client("iam", sim.root_credentials(ACCOUNT))
    first = _user_with_keys(iam, "alice")
    user_id = iam.get_user(UserName="alice")["User"]["UserId"]
    trust = {
        "Version": "2012-10-17",
        "Statement": {
            "Effect": "Allow",
            "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:user/alice"},
            "Action": "sts:AssumeRole",
        },
    }
    iam.create_role(RoleName="ops", AssumeRolePolicyDocument=json.dumps(trust))
    role_arn = f"arn:aws:iam::{ACCOUNT}:role/ops"
    sim.client("sts", first).assume_role(RoleArn=role_arn, RoleSessionName="one")  # trusted by name (E9)

    iam.delete_access_key(UserName="alice", AccessKeyId=first.access_key_id)
    iam.delete_user(UserName="alice")
    shown = iam.get_role(RoleName="ops")["Role"]["AssumeRolePolicyDocument"]
    assert shown["Statement"]["Principal"]["AWS"] == user_id  # as the console shows it: the old unique id

    second = _user_with_keys(iam, "alice")
    with pytest.raises(ClientError) as refused:
        sim.client("sts", second).assume_role(RoleArn=role_arn, RoleSessionName="two")
    assert refused.value.response["Error"]["Code"] == "AccessDenied"
