"""EC2 RunInstances: each resource of the launch authorized as AWS does, the profile's role passed, instances saved.

AWS authorizes ``ec2:RunInstances`` once per resource of the launch, so a policy must allow each
of them: the new instance (``…:instance/*``, with ``ec2:InstanceType``, ``ec2:InstanceProfile``,
``aws:RequestTag/…`` and ``aws:TagKeys``), the image (``arn:aws:ec2:REGION::image/ami-…``), the
network interface, security group, subnet and volume (and the key pair when ``KeyName`` is given).
Tags in ``TagSpecifications`` also need ``ec2:CreateTags`` (with ``ec2:CreateAction = RunInstances``).
Launching with an instance profile needs ``iam:PassRole`` on its role (R1). Only the default VPC
exists in the simulation.
"""

from __future__ import annotations

import re
from typing import Any

from workbench.account.authorization import Target
from workbench.account.callers import Caller
from workbench.account.service import operation, service_model
from workbench.services.ec2.base import DefaultNetwork
from workbench.services.ec2.profiles import ProfileChecks
from workbench.services.ec2.shapes import instance_shape, reservation_id
from workbench.services.state import Instance

IMAGE_ID = re.compile(r"^ami-[0-9a-f]{8}(?:[0-9a-f]{9})?$")
DEFAULT_INSTANCE_TYPE = "m1.small"
"""What EC2 launches when ``InstanceType`` is not given."""
MAX_PER_LAUNCH = 20
TAGGABLE = ("instance", "volume", "network-interface")


def request_tags(tags: dict[str, str]) -> dict[str, Any]:
    context: dict[str, Any] = {f"aws:RequestTag/{key}": value for key, value in tags.items()}
    if tags:
        context["aws:TagKeys"] = list(tags)
    return context


def launch_resources(
    network: DefaultNetwork,
    image_id: str,
    instance_type: str,
    profile_arn: str | None,
    tags: dict[str, dict[str, str]],
    key_name: str | None,
) -> list[tuple[str, dict[str, Any]]]:
    """Each resource ``ec2:RunInstances`` is authorized on, with the condition keys EC2 sends for it."""
    region = network.region
    common = {"ec2:Region": region}
    zone = {"ec2:AvailabilityZone": network.availability_zone}
    vpc = {"ec2:Vpc": network.arn("vpc", network.vpc_id)}
    instance_keys: dict[str, Any] = {
        **common,
        **zone,
        "ec2:InstanceType": instance_type,
        "ec2:Tenancy": "default",
        "ec2:RootDeviceType": "ebs",
        "ec2:EbsOptimized": "false",
        "ec2:InstanceMarketType": "on-demand",
        "ec2:MetadataHttpTokens": "required",
        "ec2:MetadataHttpEndpoint": "enabled",
        **request_tags(tags.get("instance", {})),
    }
    if profile_arn is not None:
        instance_keys["ec2:InstanceProfile"] = profile_arn
    resources: list[tuple[str, dict[str, Any]]] = [
        (network.arn("instance", "*"), instance_keys),
        (
            f"arn:aws:ec2:{region}::image/{image_id}",
            {
                **common,
                "ec2:ImageID": image_id,
                "ec2:ImageType": "machine",
                "ec2:Owner": "amazon",
                "ec2:Public": "true",
                "ec2:RootDeviceType": "ebs",
            },
        ),
        (
            network.arn("network-interface", "*"),
            {
                **common,
                **zone,
                **vpc,
                "ec2:Subnet": network.arn("subnet", network.subnet_id),
                **request_tags(tags.get("network-interface", {})),
            },
        ),
        (network.arn("security-group", network.security_group_id), {**common, **vpc}),
        (network.arn("subnet", network.subnet_id), {**common, **zone, **vpc}),
        (
            network.arn("volume", "*"),
            {
                **common,
                **zone,
                "ec2:VolumeType": "gp3",
                "ec2:VolumeSize": "8",
                "ec2:Encrypted": "false",
                **request_tags(tags.get("volume", {})),
            },
        ),
    ]
    if key_name is not None:
        resources.append((network.arn("key-pair", key_name), {**common, "ec2:KeyPairName": key_name}))
    return resources


class LaunchOperations(ProfileChecks):
    def tag_specifications(self, specifications: list[dict[str, Any]] | None) -> dict[str, dict[str, str]]:
        """``TagSpecifications`` → tags per resource type, checked as EC2 checks them."""
        tags: dict[str, dict[str, str]] = {}
        for specification in specifications or []:
            kind = specification.get("ResourceType", "")
            if kind not in TAGGABLE:
                raise self.fail(
                    "InvalidParameterValue", f"'{kind}' is not a valid taggable resource type for this operation."
                )
            for tag in specification.get("Tags", []):
                key, value = tag.get("Key", ""), tag.get("Value", "")
                if not 1 <= len(key) <= 127 or len(value) > 255:
                    raise self.fail(
                        "InvalidParameterValue", f"Tag {key!r}: keys are 1 to 127 characters, values up to 255."
                    )
                if key.lower().startswith("aws:"):
                    raise self.fail(
                        "InvalidParameterValue", "Tag keys starting with 'aws:' are reserved for internal use"
                    )
                tags.setdefault(kind, {})[key] = value
        return tags

    def check_launch(self, ImageId: str | None, InstanceType: str, MinCount: int, MaxCount: int) -> str:
        if ImageId is None:
            raise self.fail("MissingParameter", "The request must contain the parameter ImageId")
        if not IMAGE_ID.match(ImageId):
            raise self.fail("InvalidAMIID.Malformed", f'Invalid id: "{ImageId}" (expecting "ami-...")')
        if InstanceType not in service_model("ec2").shape_for("InstanceType").enum:
            raise self.fail("InvalidParameterValue", f"Invalid value '{InstanceType}' for InstanceType.")
        if MinCount < 1 or MaxCount < MinCount:
            raise self.fail("InvalidParameterValue", "MinCount must be at least 1 and MaxCount at least MinCount.")
        if MinCount > MAX_PER_LAUNCH:
            raise self.fail(
                "InstanceLimitExceeded",
                f"You have requested more instances ({MinCount}) than your current instance limit of "
                f"{MAX_PER_LAUNCH} allows for the specified instance type.",
            )
        return ImageId

    def authorize_launch(
        self,
        caller: Caller,
        network: DefaultNetwork,
        image_id: str,
        instance_type: str,
        profile_arn: str | None,
        tags: dict[str, dict[str, str]],
        key_name: str | None,
    ) -> None:
        """``ec2:RunInstances`` on each resource of the launch, then ``ec2:CreateTags`` for the tags asked for."""
        for arn, context in launch_resources(network, image_id, instance_type, profile_arn, tags, key_name):
            self.authorize(caller, "ec2:RunInstances", Target(arn, caller.account_id), context)
        for kind, kind_tags in tags.items():
            context = {"ec2:Region": network.region, "ec2:CreateAction": "RunInstances", **request_tags(kind_tags)}
            self.authorize(caller, "ec2:CreateTags", Target(network.arn(kind, "*"), caller.account_id), context)

    @operation("RunInstances")
    def run_instances(
        self,
        *,
        MinCount: int,
        MaxCount: int,
        ImageId: str | None = None,
        InstanceType: str | None = None,
        IamInstanceProfile: dict[str, str] | None = None,
        TagSpecifications: list[dict[str, Any]] | None = None,
        KeyName: str | None = None,
        SubnetId: str | None = None,
        SecurityGroupIds: list[str] | None = None,
        DryRun: bool = False,
        **settings: Any,
    ) -> dict[str, Any]:
        caller = self.caller()
        instance_type = InstanceType or DEFAULT_INSTANCE_TYPE
        image_id = self.check_launch(ImageId, instance_type, MinCount, MaxCount)
        if settings.get("LaunchTemplate") is not None:
            raise self.fail("InvalidParameterValue", "Launch templates are not simulated; pass the settings directly.")
        network = self.network(caller)
        if SubnetId is not None and SubnetId != network.subnet_id:
            raise self.fail("InvalidSubnetID.NotFound", f"The subnet ID '{SubnetId}' does not exist")
        for group in SecurityGroupIds or []:
            if group != network.security_group_id:
                raise self.fail("InvalidGroup.NotFound", f"The security group '{group}' does not exist")
        tags = self.tag_specifications(TagSpecifications)
        profile = self.resolve_profile(caller, IamInstanceProfile) if IamInstanceProfile is not None else None
        profile_arn = profile.arn if profile is not None else None
        self.authorize_launch(caller, network, image_id, instance_type, profile_arn, tags, KeyName)
        if profile is not None:
            self.check_pass_role(caller, profile)
        self.stop_if_dry_run(DryRun)
        count = min(MaxCount, MAX_PER_LAUNCH)
        instances = [
            Instance(
                instance_id=self.hex_id("i-"),
                account_id=caller.account_id,
                region=network.region,
                image_id=image_id,
                instance_type=instance_type,
                launch_time=self.now,
                instance_profile_arn=profile_arn,
                tags=tags.get("instance", {}),
            )
            for _ in range(count)
        ]
        self.save_instances(instances)
        state = self.sim.state
        return {
            "ReservationId": reservation_id(instances[0]),
            "OwnerId": caller.account_id,
            "Groups": [],
            "Instances": [
                {**instance_shape(state, instance, shown_state="pending"), "AmiLaunchIndex": index}
                for index, instance in enumerate(instances)
            ],
        }
