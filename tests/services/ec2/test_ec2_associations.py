"""EC2 instance-profile associations: Associate (PassRole again), Disassociate, Describe…Associations."""

from __future__ import annotations

from typing import Any

import pytest
from ec2_support import (
    EC2_TRUST,
    A,
    allow,
    assert_boto3_shape,
    error_code,
    error_message,
    launch,
    put_profile,
    put_role,
    put_user,
)

from workbench.account.model import InstanceProfile
from workbench.account.simulation import Simulation


def test_associate_describe_disassociate(ec2: Any, profile: InstanceProfile) -> None:
    instance_id = launch(ec2)["InstanceId"]
    assert ec2.describe_iam_instance_profile_associations()["IamInstanceProfileAssociations"] == []
    answer = ec2.associate_iam_instance_profile(IamInstanceProfile={"Name": "web"}, InstanceId=instance_id)
    assert_boto3_shape("AssociateIamInstanceProfile", answer)
    association = answer["IamInstanceProfileAssociation"]
    assert association["State"] == "associating" and association["AssociationId"].startswith("iip-assoc-")
    assert association["IamInstanceProfile"] == {"Arn": profile.arn, "Id": profile.instance_profile_id}
    listed = ec2.describe_iam_instance_profile_associations()
    assert_boto3_shape("DescribeIamInstanceProfileAssociations", listed)
    (found,) = listed["IamInstanceProfileAssociations"]
    assert found["AssociationId"] == association["AssociationId"] and found["State"] == "associated"
    by_filter = ec2.describe_iam_instance_profile_associations(
        Filters=[{"Name": "instance-id", "Values": [instance_id]}]
    )
    assert len(by_filter["IamInstanceProfileAssociations"]) == 1
    described = ec2.describe_instances(InstanceIds=[instance_id])["Reservations"][0]["Instances"][0]
    assert described["IamInstanceProfile"]["Arn"] == profile.arn
    gone = ec2.disassociate_iam_instance_profile(AssociationId=association["AssociationId"])
    assert gone["IamInstanceProfileAssociation"]["State"] == "disassociating"
    assert ec2.describe_iam_instance_profile_associations()["IamInstanceProfileAssociations"] == []
    with pytest.raises(Exception) as raised:
        ec2.disassociate_iam_instance_profile(AssociationId=association["AssociationId"])
    assert error_code(raised) == "InvalidAssociationID.NotFound"


def test_one_association_per_instance(ec2: Any, profile: InstanceProfile) -> None:
    instance_id = launch(ec2, IamInstanceProfile={"Name": "web"})["InstanceId"]
    with pytest.raises(Exception) as raised:
        ec2.associate_iam_instance_profile(IamInstanceProfile={"Arn": profile.arn}, InstanceId=instance_id)
    assert error_code(raised) == "IncorrectState"
    assert error_message(raised) == f"There is an existing association for instance {instance_id}"


def test_associating_needs_pass_role(sim: Simulation, ec2: Any, profile: InstanceProfile) -> None:
    instance_id = launch(ec2)["InstanceId"]
    keys = put_user(sim, A, "ops", allow("ec2:AssociateIamInstanceProfile"))
    with pytest.raises(Exception) as raised:
        sim.client("ec2", keys).associate_iam_instance_profile(
            IamInstanceProfile={"Name": "web"}, InstanceId=instance_id
        )
    assert error_code(raised) == "UnauthorizedOperation" and "iam:PassRole" in error_message(raised)


def test_new_instance_profile_condition(sim: Simulation, ec2: Any, profile: InstanceProfile) -> None:
    put_role(sim, A, "admin-role", [EC2_TRUST], allow("*"))
    put_profile(sim, A, "admin", "admin-role")
    instance_id = launch(ec2)["InstanceId"]
    only_web = {"ArnEquals": {"ec2:NewInstanceProfile": profile.arn}}
    keys = put_user(
        sim, A, "ops", allow("ec2:AssociateIamInstanceProfile", "*", Condition=only_web), allow("iam:PassRole")
    )
    ops = sim.client("ec2", keys)
    with pytest.raises(Exception) as raised:
        ops.associate_iam_instance_profile(IamInstanceProfile={"Name": "admin"}, InstanceId=instance_id)
    assert "ec2:AssociateIamInstanceProfile" in error_message(raised)
    ops.associate_iam_instance_profile(IamInstanceProfile={"Name": "web"}, InstanceId=instance_id)


def test_terminated_instances_have_no_association(ec2: Any, profile: InstanceProfile) -> None:
    instance_id = launch(ec2, IamInstanceProfile={"Name": "web"})["InstanceId"]
    ec2.terminate_instances(InstanceIds=[instance_id])
    assert ec2.describe_iam_instance_profile_associations()["IamInstanceProfileAssociations"] == []
