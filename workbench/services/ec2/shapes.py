"""EC2 answers: a stored :class:`Instance` → the ``Instance`` structure boto3 returns, reservations, state changes.

Transitions finish at once in the simulation (a launched instance is running, a stopped one
stopped), but an operation's own answer shows the transitional state EC2 reports at that moment
(``pending``, ``stopping``, ``shutting-down``), as a learner would see on AWS.
"""

from __future__ import annotations

from typing import Any

from workbench.account.model import State
from workbench.services.ec2.base import STATE_CODES, DefaultNetwork, derived_id, private_ip, public_ip
from workbench.services.ec2.profiles import instance_profile
from workbench.services.state import Instance


def state_shape(name: str) -> dict[str, Any]:
    return {"Code": STATE_CODES[name], "Name": name}


def reservation_id(instance: Instance) -> str:
    """The reservation an instance belongs to (derived from its id; one per instance)."""
    return derived_id("r-", instance.instance_id)


def tag_list(tags: dict[str, str]) -> list[dict[str, str]]:
    return [{"Key": key, "Value": value} for key, value in tags.items()]


def instance_shape(state: State, instance: Instance, *, shown_state: str | None = None) -> dict[str, Any]:
    """The ``Instance`` structure of RunInstances and DescribeInstances."""
    network = DefaultNetwork(instance.account_id, instance.region)
    current = shown_state or instance.state
    running = current in ("pending", "running")
    answer: dict[str, Any] = {
        "InstanceId": instance.instance_id,
        "ImageId": instance.image_id,
        "State": state_shape(current),
        "InstanceType": instance.instance_type,
        "LaunchTime": instance.launch_time,
        "AmiLaunchIndex": 0,
        "Placement": {"AvailabilityZone": network.availability_zone, "GroupName": "", "Tenancy": "default"},
        "Monitoring": {"State": "disabled"},
        "Architecture": "x86_64",
        "RootDeviceType": "ebs",
        "RootDeviceName": "/dev/xvda",
        "VirtualizationType": "hvm",
        "Hypervisor": "xen",
        "EbsOptimized": False,
        "EnaSupport": True,
        "SourceDestCheck": True,
        "PrivateDnsName": "",
        "PublicDnsName": "",
        "StateTransitionReason": "",
        "ProductCodes": [],
        "MetadataOptions": {
            "State": "applied",
            "HttpTokens": "required",
            "HttpPutResponseHopLimit": 2,
            "HttpEndpoint": "enabled",
        },
    }
    if current != "terminated":
        answer.update(
            VpcId=network.vpc_id,
            SubnetId=network.subnet_id,
            PrivateIpAddress=private_ip(instance.instance_id),
            PrivateDnsName=f"ip-{private_ip(instance.instance_id).replace('.', '-')}.ec2.internal",
            SecurityGroups=[{"GroupId": network.security_group_id, "GroupName": "default"}],
        )
    if running:
        answer["PublicIpAddress"] = public_ip(instance.instance_id)
    found = instance_profile(state, instance)
    if instance.instance_profile_arn is not None and current != "terminated":
        answer["IamInstanceProfile"] = {"Arn": instance.instance_profile_arn}
        if found is not None:
            answer["IamInstanceProfile"]["Id"] = found[1].instance_profile_id
    if instance.tags:
        answer["Tags"] = tag_list(instance.tags)
    return answer


def state_change(instance_id: str, previous: str, current: str) -> dict[str, Any]:
    return {"InstanceId": instance_id, "CurrentState": state_shape(current), "PreviousState": state_shape(previous)}
