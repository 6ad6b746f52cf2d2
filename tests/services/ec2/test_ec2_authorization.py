"""EC2 authorization: RunInstances on each resource it touches, PassRole for the profile's role, ABAC on instances."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError
from ec2_support import IMAGE, A, allow, error_code, error_message, instance_tags, launch, put_user

from workbench.account.model import InstanceProfile
from workbench.account.simulation import Simulation

LAUNCH_RESOURCES = [
    f"arn:aws:ec2:us-east-1:{A}:instance/*",
    f"arn:aws:ec2:us-east-1::image/{IMAGE}",
    f"arn:aws:ec2:us-east-1:{A}:network-interface/*",
    f"arn:aws:ec2:us-east-1:{A}:security-group/*",
    f"arn:aws:ec2:us-east-1:{A}:subnet/*",
    f"arn:aws:ec2:us-east-1:{A}:volume/*",
]
PASS_TO = {
    "ec2": {"StringEquals": {"iam:PassedToService": "ec2.amazonaws.com"}},
    "lambda": {"StringEquals": {"iam:PassedToService": "lambda.amazonaws.com"}},
}


def launcher(sim: Simulation, *statements: dict[str, Any], tags: dict[str, str] | None = None) -> Any:
    return sim.client("ec2", put_user(sim, A, "launcher", *statements, tags=tags))


def test_run_instances_needs_permission(sim: Simulation) -> None:
    with pytest.raises(Exception) as raised:
        launch(launcher(sim))
    assert error_code(raised) == "UnauthorizedOperation"
    assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403
    assert error_message(raised) == (
        f"You are not authorized to perform this operation. User: arn:aws:iam::{A}:user/launcher is not authorized "
        f"to perform: ec2:RunInstances on resource: arn:aws:ec2:us-east-1:{A}:instance/* "
        "because no identity-based policy allows the ec2:RunInstances action"
    )


def test_allowing_only_the_instance_is_not_enough(sim: Simulation) -> None:
    with pytest.raises(Exception) as raised:
        launch(launcher(sim, allow("ec2:RunInstances", LAUNCH_RESOURCES[0])))
    assert f"on resource: arn:aws:ec2:us-east-1::image/{IMAGE}" in error_message(raised)


def test_every_launch_resource_allowed_launches(sim: Simulation) -> None:
    assert launch(launcher(sim, allow("ec2:RunInstances", LAUNCH_RESOURCES)))["State"]["Name"] == "pending"


def test_instance_type_condition(sim: Simulation) -> None:
    small_only = {"StringLikeIfExists": {"ec2:InstanceType": ["t3.*"]}}
    ec2 = launcher(sim, allow("ec2:RunInstances", "*", Condition=small_only))
    assert launch(ec2, InstanceType="t3.micro")["InstanceType"] == "t3.micro"
    with pytest.raises(Exception) as raised:
        launch(ec2, InstanceType="m5.24xlarge")
    assert error_code(raised) == "UnauthorizedOperation"


def test_tags_on_launch_need_create_tags_and_can_be_required(sim: Simulation) -> None:
    require_team = {"StringEquals": {"aws:RequestTag/team": "web"}}
    ec2 = launcher(
        sim,
        allow("ec2:RunInstances", LAUNCH_RESOURCES[1:]),
        allow("ec2:RunInstances", LAUNCH_RESOURCES[0], Condition=require_team),
    )
    with pytest.raises(Exception) as raised:
        launch(ec2)
    assert error_code(raised) == "UnauthorizedOperation"
    with pytest.raises(Exception) as raised:
        launch(ec2, TagSpecifications=instance_tags(team="web"))
    assert "ec2:CreateTags" in error_message(raised)
    on_launch = {"StringEquals": {"ec2:CreateAction": "RunInstances"}}
    tagger = put_user(
        sim,
        A,
        "tagger",
        allow("ec2:RunInstances", LAUNCH_RESOURCES[1:]),
        allow("ec2:RunInstances", LAUNCH_RESOURCES[0], Condition=require_team),
        allow("ec2:CreateTags", "*", Condition=on_launch),
    )
    assert launch(sim.client("ec2", tagger), TagSpecifications=instance_tags(team="web"))["Tags"]


def test_launching_with_a_profile_needs_pass_role(sim: Simulation, profile: InstanceProfile) -> None:
    ec2 = launcher(sim, allow("ec2:RunInstances"))
    with pytest.raises(Exception) as raised:
        launch(ec2, IamInstanceProfile={"Name": "web"})
    assert error_code(raised) == "UnauthorizedOperation"
    assert error_message(raised).endswith(
        f"to perform: iam:PassRole on resource: arn:aws:iam::{A}:role/web-role "
        "because no identity-based policy allows the iam:PassRole action"
    )
    assert sim.state.services.instances == {}


def test_pass_role_narrowed_to_ec2_allows(sim: Simulation, profile: InstanceProfile) -> None:
    ec2 = launcher(sim, allow("ec2:RunInstances"), allow("iam:PassRole", "*", Condition=PASS_TO["ec2"]))
    assert launch(ec2, IamInstanceProfile={"Name": "web"})["IamInstanceProfile"]["Arn"] == profile.arn


def test_pass_role_narrowed_to_lambda_denies(sim: Simulation, profile: InstanceProfile) -> None:
    ec2 = launcher(sim, allow("ec2:RunInstances"), allow("iam:PassRole", "*", Condition=PASS_TO["lambda"]))
    with pytest.raises(Exception) as raised:
        launch(ec2, IamInstanceProfile={"Name": "web"})
    assert "iam:PassRole" in error_message(raised)


def test_instance_profile_condition_key(sim: Simulation, profile: InstanceProfile) -> None:
    only_web = {"ArnEquals": {"ec2:InstanceProfile": profile.arn}}
    ec2 = launcher(
        sim,
        allow("ec2:RunInstances", LAUNCH_RESOURCES[1:]),
        allow("ec2:RunInstances", LAUNCH_RESOURCES[0], Condition=only_web),
        allow("iam:PassRole"),
    )
    assert launch(ec2, IamInstanceProfile={"Name": "web"})
    with pytest.raises(ClientError):
        launch(ec2)


def test_dry_run_reports_denial_first(sim: Simulation) -> None:
    with pytest.raises(Exception) as raised:
        launch(launcher(sim), DryRun=True)
    assert error_code(raised) == "UnauthorizedOperation"


def test_describe_needs_describe_instances(sim: Simulation, ec2: Any) -> None:
    launch(ec2)
    with pytest.raises(Exception) as raised:
        launcher(sim).describe_instances()
    assert error_code(raised) == "UnauthorizedOperation"
    reader = sim.client("ec2", put_user(sim, A, "reader", allow("ec2:Describe*")))
    assert len(reader.describe_instances()["Reservations"]) == 1


@pytest.mark.parametrize("prefix", ["aws", "ec2"])
def test_abac_on_resource_tags(sim: Simulation, ec2: Any, prefix: str) -> None:
    web = launch(ec2, TagSpecifications=instance_tags(team="web"))["InstanceId"]
    db = launch(ec2, TagSpecifications=instance_tags(team="db"))["InstanceId"]
    own_team = {"StringEquals": {f"{prefix}:ResourceTag/team": "${aws:PrincipalTag/team}"}}
    operator = sim.client(
        "ec2",
        put_user(
            sim,
            A,
            "op",
            allow(["ec2:StopInstances", "ec2:StartInstances", "ec2:TerminateInstances"], "*", Condition=own_team),
            tags={"team": "web"},
        ),
    )
    assert operator.stop_instances(InstanceIds=[web])["StoppingInstances"][0]["InstanceId"] == web
    for action in (operator.stop_instances, operator.terminate_instances):
        with pytest.raises(Exception) as raised:
            action(InstanceIds=[db])
        assert error_code(raised) == "UnauthorizedOperation"
        assert f"instance/{db}" in error_message(raised)
    with pytest.raises(ClientError):
        operator.terminate_instances(InstanceIds=[web, db])  # one denial fails the whole call
    states = {
        i["InstanceId"]: i["State"]["Name"] for r in ec2.describe_instances()["Reservations"] for i in r["Instances"]
    }
    assert states == {web: "stopped", db: "running"}
