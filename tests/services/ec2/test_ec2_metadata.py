"""The instance metadata service: role credentials for code on an instance, rotating, not role chaining (K1, S2)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from ec2_support import EC2_TRUST, LAMBDA_TRUST, A, allow, launch, policy_text, put_profile, put_role, set_role

from workbench.account.model import InstanceProfile
from workbench.account.simulation import Simulation
from workbench.clock import iso
from workbench.services.ec2 import MetadataError, instance_metadata, run_on_instance


@pytest.fixture
def instance_id(ec2: Any, profile: InstanceProfile) -> str:
    return str(launch(ec2, IamInstanceProfile={"Name": "web"})["InstanceId"])


def test_credentials_as_imds_serves_them(sim: Simulation, instance_id: str) -> None:
    credentials = instance_metadata(sim, instance_id).credentials()
    assert credentials["Code"] == "Success" and credentials["Type"] == "AWS-HMAC"
    assert credentials["AccessKeyId"].startswith("ASIA") and credentials["SecretAccessKey"] and credentials["Token"]
    assert credentials["Expiration"] == iso(sim.clock.now() + timedelta(hours=6))
    session = sim.state.sessions[credentials["AccessKeyId"]]
    assert session.arn == f"arn:aws:sts::{A}:assumed-role/web-role/{instance_id}"
    assert session.instance_id == instance_id and session.session_name == instance_id


def test_the_session_is_the_role_with_the_instance_as_userid(sim: Simulation, instance_id: str) -> None:
    role = sim.state.accounts[A].roles["web-role"]

    def code(clients: Any) -> Any:
        return clients("sts").get_caller_identity()

    identity = run_on_instance(sim, instance_id, code)
    assert identity["Arn"] == f"arn:aws:sts::{A}:assumed-role/web-role/{instance_id}"
    assert identity["UserId"] == f"{role.role_id}:{instance_id}"
    roles = run_on_instance(sim, instance_id, lambda clients: clients("iam").list_roles()["Roles"])
    assert [r["RoleName"] for r in roles] == ["web-role"]


def test_aws_userid_in_policies_is_role_id_and_instance_id(sim: Simulation, ec2: Any) -> None:
    role = put_role(sim, A, "self-aware", [EC2_TRUST])
    only_me = {"StringLike": {"aws:userid": f"{role.role_id}:i-*"}}
    set_role(
        sim,
        A,
        role.model_copy(update={"inline_policies": {"p": policy_text(allow("iam:ListRoles", "*", Condition=only_me))}}),
    )
    put_profile(sim, A, "self-aware", "self-aware")
    instance_id = launch(ec2, IamInstanceProfile={"Name": "self-aware"})["InstanceId"]
    assert run_on_instance(sim, instance_id, lambda clients: clients("iam").list_roles()["Roles"])


def test_credentials_rotate_five_minutes_before_expiry(sim: Simulation, instance_id: str) -> None:
    metadata = instance_metadata(sim, instance_id)
    first = metadata.credentials()
    sim.clock.advance(hours=5, minutes=54)
    assert metadata.credentials()["AccessKeyId"] == first["AccessKeyId"]  # six minutes left: still served
    sim.clock.advance(minutes=2)
    second = metadata.credentials()
    assert second["AccessKeyId"] != first["AccessKeyId"]
    assert second["Expiration"] == iso(sim.clock.now() + timedelta(hours=6))
    old = sim.client("sts", {**first, "SessionToken": first["Token"]})
    assert old.get_caller_identity()["Arn"].endswith(instance_id)  # the old set works until it expires
    sim.clock.advance(minutes=5)
    with pytest.raises(Exception) as raised:
        old.get_caller_identity()
    assert raised.value.response["Error"]["Code"] == "ExpiredToken"
    assert run_on_instance(sim, instance_id, lambda clients: clients("sts").get_caller_identity()["Arn"])


def test_metadata_credentials_are_not_role_chaining(sim: Simulation, instance_id: str) -> None:
    trusts_web = {
        "Effect": "Allow",
        "Principal": {"AWS": f"arn:aws:iam::{A}:role/web-role"},
        "Action": "sts:AssumeRole",
    }
    target = put_role(sim, A, "long", [trusts_web])
    set_role(sim, A, target.model_copy(update={"max_session_duration": 14400}))

    def assume(clients: Any) -> Any:
        return clients("sts").assume_role(RoleArn=target.arn, RoleSessionName="long-job", DurationSeconds=7200)

    answer = run_on_instance(sim, instance_id, assume)
    assert answer["Credentials"]["Expiration"] == sim.clock.now() + timedelta(hours=2)


def test_a_role_that_does_not_trust_ec2(sim: Simulation, ec2: Any) -> None:
    put_role(sim, A, "lambda-only", [LAMBDA_TRUST])
    put_profile(sim, A, "wrong", "lambda-only")
    instance_id = launch(ec2, IamInstanceProfile={"Name": "wrong"})["InstanceId"]  # the launch itself succeeds
    with pytest.raises(MetadataError) as raised:
        instance_metadata(sim, instance_id).credentials()
    assert raised.value.code == "metadata_assume_role_unauthorized"
    assert "EC2 cannot assume the role lambda-only" in raised.value.message
    (refused,) = [e for e in sim.activity if e.event_name == "AssumeRole"]
    assert refused.principal_arn == "ec2.amazonaws.com" and refused.decision == "implicitDeny"


def test_no_profile_no_role_no_credentials(sim: Simulation, ec2: Any) -> None:
    bare = launch(ec2)["InstanceId"]
    with pytest.raises(MetadataError) as raised:
        instance_metadata(sim, bare).credentials()
    assert raised.value.code == "metadata_no_role"
    put_profile(sim, A, "empty")
    empty = launch(ec2, IamInstanceProfile={"Name": "empty"})["InstanceId"]
    with pytest.raises(MetadataError):
        instance_metadata(sim, empty).role_name()


def test_iam_info_and_identity_document(sim: Simulation, instance_id: str, profile: InstanceProfile) -> None:
    metadata = instance_metadata(sim, instance_id)
    assert metadata.role_name() == "web-role"
    info = metadata.iam_info()
    assert info["InstanceProfileArn"] == profile.arn and info["InstanceProfileId"] == profile.instance_profile_id
    document = metadata.identity_document()
    assert document["instanceId"] == instance_id and document["accountId"] == A and document["region"] == "us-east-1"


def test_stopped_and_terminated_instances_run_no_code(sim: Simulation, ec2: Any, instance_id: str) -> None:
    handed_out = instance_metadata(sim, instance_id).credentials()
    ec2.stop_instances(InstanceIds=[instance_id])
    with pytest.raises(MetadataError) as raised:
        run_on_instance(sim, instance_id, lambda clients: None)
    assert raised.value.code == "metadata_instance_not_running"
    ec2.start_instances(InstanceIds=[instance_id])
    ec2.terminate_instances(InstanceIds=[instance_id])
    with pytest.raises(MetadataError):
        instance_metadata(sim, instance_id).credentials()
    leaked = sim.client("sts", {**handed_out, "SessionToken": handed_out["Token"]})
    assert leaked.get_caller_identity()["Arn"].endswith(instance_id)  # still valid until it expires, as on AWS
    sim.clock.advance(hours=6)
    with pytest.raises(Exception) as raised:
        leaked.get_caller_identity()
    assert raised.value.response["Error"]["Code"] == "ExpiredToken"


def test_associating_another_profile_switches_the_role(sim: Simulation, ec2: Any, instance_id: str) -> None:
    put_role(sim, A, "batch-role", [EC2_TRUST])
    put_profile(sim, A, "batch", "batch-role")
    first = instance_metadata(sim, instance_id).credentials()
    (association,) = ec2.describe_iam_instance_profile_associations()["IamInstanceProfileAssociations"]
    ec2.disassociate_iam_instance_profile(AssociationId=association["AssociationId"])
    with pytest.raises(MetadataError):
        instance_metadata(sim, instance_id).credentials()
    ec2.associate_iam_instance_profile(IamInstanceProfile={"Name": "batch"}, InstanceId=instance_id)
    second = instance_metadata(sim, instance_id).credentials()
    assert second["AccessKeyId"] != first["AccessKeyId"]
    assert sim.state.sessions[second["AccessKeyId"]].role_name == "batch-role"


def test_unknown_instance(sim: Simulation) -> None:
    with pytest.raises(MetadataError) as raised:
        instance_metadata(sim, "i-0123456789abcdef0").credentials()
    assert raised.value.code == "metadata_no_such_instance"
