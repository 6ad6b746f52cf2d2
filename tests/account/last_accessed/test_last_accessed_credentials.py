"""Credentials' last use from the activity log: access keys (GetAccessKeyLastUsed), roles (RoleLastUsed), passwords."""

from __future__ import annotations

from typing import Any

import pytest
from last_accessed_support import ACCOUNT, advisor, allow, attempt, policy_text

from workbench.account.activity import ActivityEvent
from workbench.account.callers import Credentials
from workbench.account.credential_use import key_last_used, password_last_used, role_last_used
from workbench.account.errors import AwsError
from workbench.account.simulation import Simulation


def _recorded(iam: Any, key_id: str) -> dict[str, Any]:
    return dict(iam.get_access_key_last_used(AccessKeyId=key_id)["AccessKeyLastUsed"])


def test_key_last_used_agrees_with_what_iam_records(sim: Simulation, iam: Any, user: Any) -> None:
    alice = user("alice", allow(["ec2:*", "s3:*"]))
    assert key_last_used(sim, alice.access_key_id) is None
    attempt(sim, alice, "ec2", "DescribeInstances", "ec2:DescribeInstances", region="eu-west-1")
    first = sim.clock.now()
    sim.clock.advance(minutes=10)  # within 15 minutes: the first use stays the recorded one
    attempt(sim, alice, "s3", "ListBuckets", "s3:ListAllMyBuckets")
    found = key_last_used(sim, alice.access_key_id)
    assert found is not None and found.to_aws() == {"LastUsedDate": first, "ServiceName": "ec2", "Region": "eu-west-1"}
    sim.clock.advance(minutes=20)
    attempt(sim, alice, "s3", "ListBuckets", "s3:ListAllMyBuckets")
    found = key_last_used(sim, alice.access_key_id)
    assert found is not None and (found.service_name, found.region) == ("s3", "us-east-1")
    assert found.to_aws() == _recorded(iam, alice.access_key_id)


def test_denied_calls_are_uses_of_the_key_but_failed_signatures_are_not(sim: Simulation, user: Any) -> None:
    bob = user("bob")
    attempt(sim, bob, "ec2", "DescribeInstances", "ec2:DescribeInstances")
    assert key_last_used(sim, bob.access_key_id) is not None
    carol = user("carol")
    forged = Credentials(access_key_id=carol.access_key_id, secret_access_key="wrong")
    attempt(sim, forged, "ec2", "DescribeInstances", "ec2:DescribeInstances")
    assert key_last_used(sim, carol.access_key_id) is None


def test_temporary_keys_have_no_last_use(sim: Simulation, user: Any) -> None:
    alice = user("alice", allow("*"))
    token = sim.client("sts", alice).get_session_token()["Credentials"]
    attempt(sim, token, "ec2", "DescribeInstances", "ec2:DescribeInstances")
    assert key_last_used(sim, token["AccessKeyId"]) is None


def test_role_last_used_from_assume_role_and_from_its_sessions(sim: Simulation, iam: Any, user: Any) -> None:
    trust = policy_text({"Effect": "Allow", "Principal": {"AWS": ACCOUNT}, "Action": "sts:AssumeRole"})
    role = iam.create_role(RoleName="deployer", AssumeRolePolicyDocument=trust)["Role"]
    assert role_last_used(sim, role["Arn"]) is None
    starter = user("starter", allow("sts:AssumeRole", role["Arn"]))
    assumed_at = sim.clock.now()
    session = sim.client("sts", starter).assume_role(RoleArn=role["Arn"], RoleSessionName="ci")["Credentials"]
    found = role_last_used(sim, role["Arn"])
    assert found is not None and found.to_aws() == {"LastUsedDate": assumed_at, "Region": "us-east-1"}
    assert found.to_aws() == iam.get_role(RoleName="deployer")["Role"]["RoleLastUsed"]
    sim.clock.advance(minutes=30)  # the session lasts an hour
    attempt(sim, session, "lambda", "ListFunctions", "lambda:ListFunctions", region="eu-west-1")
    found = role_last_used(sim, role["Arn"])
    assert found is not None and (found.last_used_date, found.region) == (sim.clock.now(), "eu-west-1")


def test_a_refused_assume_role_is_no_use_of_the_role(sim: Simulation, iam: Any, user: Any) -> None:
    trust = policy_text({"Effect": "Allow", "Principal": {"AWS": ACCOUNT}, "Action": "sts:AssumeRole"})
    role = iam.create_role(RoleName="locked", AssumeRolePolicyDocument=trust)["Role"]
    stranger = sim.client("sts", user("stranger"))
    with pytest.raises(AwsError):
        stranger.assume_role(RoleArn=role["Arn"], RoleSessionName="try")
    assert role_last_used(sim, role["Arn"]) is None


def test_password_last_used_reads_console_sign_in_events(sim: Simulation, user: Any) -> None:
    arn = f"arn:aws:iam::{ACCOUNT}:user/alice"
    user("alice")
    assert password_last_used(sim, arn) is None
    signed_in = sim.clock.now()
    for minutes in (0, 3):  # a second sign-in within 5 minutes keeps the first
        sim.clock.set(signed_in.replace(minute=signed_in.minute + minutes))
        sim.activity.record(
            ActivityEvent(
                event_time=sim.clock.now(),
                event_source="signin.amazonaws.com",
                event_name="ConsoleLogin",
                aws_region="us-east-1",
                source_ip="203.0.113.10",
                account_id=ACCOUNT,
                principal_type="IAMUser",
                principal_arn=arn,
                access_key_id=None,
                request_id=sim.next_request_id(),
            )
        )
    assert password_last_used(sim, arn) == signed_in


def test_advisor_client_works_for_the_users_own_key(sim: Simulation, user: Any) -> None:
    alice = user("alice", allow("iam:*"))
    advisor(sim, alice).list_users()
    found = key_last_used(sim, alice.access_key_id)
    assert found is not None and found.service_name == "iam"
