"""Helpers every EC2 operation shares: ids and ARNs, the default network, finding and saving instances, EC2's errors.

EC2 names a denial ``UnauthorizedOperation`` ("You are not authorized to perform this
operation. …"), answers ``DryRun=True`` with ``DryRunOperation`` once the call would have been
allowed, and reports unknown ids as ``InvalidInstanceID.NotFound``. The simulation has no VPCs to
manage: each account and region has one default VPC, subnet and security group whose ids are
derived from the account and region, so they are the same every run.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from workbench.account.authorization import Target
from workbench.account.callers import Caller
from workbench.account.errors import AwsError
from workbench.account.model import State
from workbench.account.service import ServiceClient
from workbench.engine.decision import Decision
from workbench.services.state import Instance

STATUS = {"UnauthorizedOperation": 403, "DryRunOperation": 412}
STATE_CODES = {"pending": 0, "running": 16, "shutting-down": 32, "terminated": 48, "stopping": 64, "stopped": 80}
INSTANCE_ID = re.compile(r"^i-[0-9a-f]{8}(?:[0-9a-f]{9})?$")
_HEX = "0123456789abcdef"


def derived_id(prefix: str, *parts: str, length: int = 17) -> str:
    """A stable EC2-style id (``vpc-…``, ``sg-…``) derived from ``parts``: the same every run."""
    return prefix + hashlib.sha256(":".join(parts).encode()).hexdigest()[:length]


def instance_arn(instance: Instance) -> str:
    return f"arn:aws:ec2:{instance.region}:{instance.account_id}:instance/{instance.instance_id}"


@dataclass(frozen=True, slots=True)
class DefaultNetwork:
    """The default VPC, subnet and security group of one account in one region."""

    account_id: str
    region: str

    @property
    def vpc_id(self) -> str:
        return derived_id("vpc-", self.account_id, self.region, "vpc")

    @property
    def subnet_id(self) -> str:
        return derived_id("subnet-", self.account_id, self.region, "subnet")

    @property
    def security_group_id(self) -> str:
        return derived_id("sg-", self.account_id, self.region, "sg")

    @property
    def availability_zone(self) -> str:
        return f"{self.region}a"

    def arn(self, kind: str, resource_id: str) -> str:
        return f"arn:aws:ec2:{self.region}:{self.account_id}:{kind}/{resource_id}"


def private_ip(instance_id: str) -> str:
    digest = hashlib.sha256(instance_id.encode()).digest()
    return f"172.31.{digest[0]}.{digest[1] % 254 + 1}"


def public_ip(instance_id: str) -> str:
    """The instance's public address, which its calls come from (``aws:SourceIp``); a documentation range."""
    return f"198.51.100.{hashlib.sha256(instance_id.encode()).digest()[2] % 200 + 1}"


def with_instances(state: State, instances: Iterable[Instance]) -> State:
    changed = {instance.instance_id: instance for instance in instances}
    services = state.services.model_copy(update={"instances": {**state.services.instances, **changed}})
    return state.model_copy(update={"services": services})


class Ec2Base(ServiceClient):
    service = "ec2"

    # -- errors --------------------------------------------------------------------------------
    def fail(self, code: str, message: str) -> AwsError:
        return AwsError(code, message, self._operation, status=STATUS.get(code, 400))

    def authorize(
        self, caller: Caller, action: str, target: Target, extra_context: Mapping[str, Any] | None = None
    ) -> Decision:
        """As every service does, but EC2 calls a denial ``UnauthorizedOperation``."""
        try:
            return super().authorize(caller, action, target, extra_context)
        except AwsError as error:
            if error.aws_code != "AccessDenied":
                raise
            raise self.fail(
                "UnauthorizedOperation", f"You are not authorized to perform this operation. {error.message}"
            ) from None

    def stop_if_dry_run(self, dry_run: bool | None) -> None:
        """Called once every authorization passed: a dry run stops here, as EC2's does."""
        if dry_run:
            raise self.fail("DryRunOperation", "Request would have succeeded, but DryRun flag is set.")

    # -- ids and instances ------------------------------------------------------------------------
    def hex_id(self, prefix: str, length: int = 17) -> str:
        """A fresh id from the simulation's deterministic sequence, in EC2's hex form."""
        return prefix + "".join(_HEX[ord(ch) % 16] for ch in self.sim.ids.next("", length))

    def network(self, caller: Caller) -> DefaultNetwork:
        return DefaultNetwork(caller.account_id, self.connection.region)

    def visible_instances(self, caller: Caller) -> list[Instance]:
        """The caller's account's instances in this client's region, in launch order."""
        return [
            instance
            for instance in self.sim.state.services.instances.values()
            if instance.account_id == caller.account_id and instance.region == self.connection.region
        ]

    def find_instances(self, caller: Caller, instance_ids: Iterable[str]) -> list[Instance]:
        """Those instances, or ``InvalidInstanceID.Malformed`` / ``.NotFound`` as EC2 answers."""
        wanted = list(dict.fromkeys(instance_ids))
        for instance_id in wanted:
            if not INSTANCE_ID.match(instance_id):
                raise self.fail("InvalidInstanceID.Malformed", f'Invalid id: "{instance_id}"')
        known = {instance.instance_id: instance for instance in self.visible_instances(caller)}
        missing = [instance_id for instance_id in wanted if instance_id not in known]
        if len(missing) == 1:
            raise self.fail("InvalidInstanceID.NotFound", f"The instance ID '{missing[0]}' does not exist")
        if missing:
            raise self.fail("InvalidInstanceID.NotFound", f"The instance IDs '{', '.join(missing)}' do not exist")
        return [known[instance_id] for instance_id in wanted]

    @staticmethod
    def instance_target(instance: Instance) -> Target:
        """The instance as a resource; its tags give ``aws:ResourceTag/…`` (ABAC)."""
        return Target(instance_arn(instance), instance.account_id, None, instance.tags)

    def instance_context(self, instance: Instance) -> dict[str, Any]:
        """EC2's own keys for an existing instance: ``ec2:ResourceTag/…``, ``ec2:InstanceType``, …"""
        context: dict[str, Any] = {f"ec2:ResourceTag/{key}": value for key, value in instance.tags.items()}
        context.update(
            {
                "ec2:Region": instance.region,
                "ec2:InstanceID": instance.instance_id,
                "ec2:InstanceType": instance.instance_type,
                "ec2:AvailabilityZone": f"{instance.region}a",
                "ec2:Tenancy": "default",
                "ec2:RootDeviceType": "ebs",
            }
        )
        if instance.instance_profile_arn:
            context["ec2:InstanceProfile"] = instance.instance_profile_arn
        return context

    def save_instances(self, instances: Iterable[Instance]) -> None:
        listed = list(instances)
        self.sim.update(lambda state: with_instances(state, listed))
