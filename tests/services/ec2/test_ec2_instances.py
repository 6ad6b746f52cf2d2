"""EC2 instances: RunInstances, DescribeInstances (ids, filters), Stop/Start/Terminate, and their errors."""

from __future__ import annotations

from typing import Any

import pytest
from ec2_support import IMAGE, A, assert_boto3_shape, error_code, error_message, instance_tags, launch

from workbench.account.model import InstanceProfile
from workbench.account.simulation import Simulation


def test_run_instances_answers_a_reservation(ec2: Any, profile: InstanceProfile) -> None:
    answer = ec2.run_instances(
        ImageId=IMAGE,
        InstanceType="t3.micro",
        MinCount=2,
        MaxCount=2,
        IamInstanceProfile={"Arn": profile.arn},
        TagSpecifications=instance_tags(team="web"),
    )
    assert_boto3_shape("RunInstances", answer)
    assert answer["OwnerId"] == A and answer["ReservationId"].startswith("r-")
    first, second = answer["Instances"]
    assert first["InstanceId"].startswith("i-") and len(first["InstanceId"]) == 19
    assert first["InstanceId"] != second["InstanceId"] and second["AmiLaunchIndex"] == 1
    assert first["State"] == {"Code": 0, "Name": "pending"}
    assert first["IamInstanceProfile"] == {"Arn": profile.arn, "Id": profile.instance_profile_id}
    assert first["Tags"] == [{"Key": "team", "Value": "web"}]
    assert first["ImageId"] == IMAGE and first["InstanceType"] == "t3.micro"


def test_the_default_instance_type_is_m1_small(ec2: Any) -> None:
    instance = ec2.run_instances(ImageId=IMAGE, MinCount=1, MaxCount=1)["Instances"][0]
    assert instance["InstanceType"] == "m1.small"


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"ImageId": "ubuntu"}, "InvalidAMIID.Malformed"),
        ({"ImageId": None}, "MissingParameter"),
        ({"InstanceType": "t9.huge"}, "InvalidParameterValue"),
        ({"MinCount": 3, "MaxCount": 2}, "InvalidParameterValue"),
        ({"MinCount": 50, "MaxCount": 50}, "InstanceLimitExceeded"),
        ({"IamInstanceProfile": {"Name": "nope"}}, "InvalidParameterValue"),
        ({"SubnetId": "subnet-12345678"}, "InvalidSubnetID.NotFound"),
        ({"TagSpecifications": [{"ResourceType": "bucket", "Tags": []}]}, "InvalidParameterValue"),
    ],
)
def test_launch_errors(ec2: Any, params: dict[str, Any], code: str) -> None:
    call = {"ImageId": IMAGE, "MinCount": 1, "MaxCount": 1, **params}
    with pytest.raises(Exception) as raised:
        ec2.run_instances(**{k: v for k, v in call.items() if v is not None})
    assert error_code(raised) == code


def test_an_unknown_profile_is_named_in_the_error(ec2: Any) -> None:
    with pytest.raises(Exception) as raised:
        launch(ec2, IamInstanceProfile={"Name": "nope"})
    assert error_message(raised) == (
        "Value (nope) for parameter iamInstanceProfile.name is invalid. Invalid IAM Instance Profile name"
    )


def test_dry_run_launches_nothing(sim: Simulation, ec2: Any) -> None:
    with pytest.raises(Exception) as raised:
        launch(ec2, DryRun=True)
    assert error_code(raised) == "DryRunOperation"
    assert error_message(raised) == "Request would have succeeded, but DryRun flag is set."
    assert sim.state.services.instances == {}


def test_describe_instances(ec2: Any, profile: InstanceProfile) -> None:
    launched = launch(ec2, IamInstanceProfile={"Name": "web"}, TagSpecifications=instance_tags(team="web"))
    answer = ec2.describe_instances()
    assert_boto3_shape("DescribeInstances", answer)
    (reservation,) = answer["Reservations"]
    (instance,) = reservation["Instances"]
    assert instance["InstanceId"] == launched["InstanceId"]
    assert instance["State"] == {"Code": 16, "Name": "running"}
    assert instance["PublicIpAddress"].startswith("198.51.100.")
    assert instance["VpcId"].startswith("vpc-") and instance["SubnetId"].startswith("subnet-")


def test_describe_filters(ec2: Any) -> None:
    web = launch(ec2, TagSpecifications=instance_tags(team="web", env="prod"))["InstanceId"]
    db = launch(ec2, InstanceType="m5.large", TagSpecifications=instance_tags(team="db"))["InstanceId"]

    def ids(*filters: dict[str, Any], **params: Any) -> list[str]:
        answer = ec2.describe_instances(Filters=list(filters), **params)
        return [i["InstanceId"] for r in answer["Reservations"] for i in r["Instances"]]

    assert ids({"Name": "tag:team", "Values": ["web"]}) == [web]
    assert ids({"Name": "tag:team", "Values": ["w*", "d?"]}) == [web, db]
    assert ids({"Name": "tag-key", "Values": ["env"]}) == [web]
    assert ids({"Name": "instance-type", "Values": ["m5.*"]}) == [db]
    assert ids({"Name": "instance-id", "Values": [db]}) == [db]
    assert ids({"Name": "instance-state-name", "Values": ["running"]}, {"Name": "tag:team", "Values": ["db"]}) == [db]
    assert ids(InstanceIds=[db]) == [db]
    with pytest.raises(Exception) as raised:
        ids({"Name": "colour", "Values": ["blue"]})
    assert error_message(raised) == "The filter 'colour' is invalid"


def test_describe_pages(ec2: Any) -> None:
    for _ in range(3):
        launch(ec2)
    first = ec2.describe_instances(MaxResults=2)
    assert len(first["Reservations"]) == 2
    rest = ec2.describe_instances(MaxResults=2, NextToken=first["NextToken"])
    assert len(rest["Reservations"]) == 1 and "NextToken" not in rest


def test_unknown_and_malformed_ids(ec2: Any) -> None:
    with pytest.raises(Exception) as raised:
        ec2.describe_instances(InstanceIds=["i-0123456789abcdef0"])
    assert error_code(raised) == "InvalidInstanceID.NotFound"
    assert error_message(raised) == "The instance ID 'i-0123456789abcdef0' does not exist"
    with pytest.raises(Exception) as raised:
        ec2.stop_instances(InstanceIds=["web-1"])
    assert error_code(raised) == "InvalidInstanceID.Malformed"


def test_instances_of_other_accounts_and_regions_are_invisible(sim: Simulation, ec2: Any) -> None:
    instance_id = launch(ec2)["InstanceId"]
    elsewhere = sim.client("ec2", sim.root_credentials(A), region="eu-west-1")
    assert elsewhere.describe_instances()["Reservations"] == []
    with pytest.raises(Exception) as raised:
        elsewhere.terminate_instances(InstanceIds=[instance_id])
    assert error_code(raised) == "InvalidInstanceID.NotFound"


def test_stop_start_terminate(ec2: Any) -> None:
    instance_id = launch(ec2)["InstanceId"]
    stopped = ec2.stop_instances(InstanceIds=[instance_id])
    assert_boto3_shape("StopInstances", stopped)
    assert stopped["StoppingInstances"][0]["CurrentState"]["Name"] == "stopping"
    assert stopped["StoppingInstances"][0]["PreviousState"]["Name"] == "running"
    state = ec2.describe_instances(InstanceIds=[instance_id])["Reservations"][0]["Instances"][0]["State"]
    assert state == {"Code": 80, "Name": "stopped"}
    started = ec2.start_instances(InstanceIds=[instance_id])
    assert started["StartingInstances"][0]["CurrentState"]["Name"] == "pending"
    terminated = ec2.terminate_instances(InstanceIds=[instance_id])
    assert terminated["TerminatingInstances"][0]["CurrentState"]["Name"] == "shutting-down"
    final = ec2.describe_instances(InstanceIds=[instance_id])["Reservations"][0]["Instances"][0]
    assert final["State"] == {"Code": 48, "Name": "terminated"} and "PublicIpAddress" not in final
    with pytest.raises(Exception) as raised:
        ec2.start_instances(InstanceIds=[instance_id])
    assert error_code(raised) == "IncorrectInstanceState"
    with pytest.raises(Exception) as raised:
        ec2.stop_instances(InstanceIds=[instance_id])
    assert error_code(raised) == "IncorrectInstanceState"
    again = ec2.terminate_instances(InstanceIds=[instance_id])["TerminatingInstances"][0]
    assert again["CurrentState"]["Name"] == again["PreviousState"]["Name"] == "terminated"
