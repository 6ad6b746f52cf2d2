"""EC2 DescribeInstances: ``ec2:DescribeInstances`` (a List action, on ``"*"``), then ids and filters as EC2 does.

Filters are ANDed; the values of one filter are ORed and may use ``*`` and ``?``. Supported:
``instance-id``, ``instance-state-name``, ``instance-state-code``, ``instance-type``, ``image-id``,
``tag:<key>``, ``tag-key``, ``tag-value``, ``iam-instance-profile.arn``, ``owner-id``,
``availability-zone``, ``vpc-id``, ``subnet-id``. Terminated instances stay visible.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from workbench.account.authorization import Target
from workbench.account.service import operation
from workbench.services.ec2.base import STATE_CODES, DefaultNetwork, Ec2Base
from workbench.services.ec2.shapes import instance_shape, reservation_id
from workbench.services.state import Instance
from workbench.wildcard import Glob

Field = Callable[[Instance], Iterable[str]]

FIELDS: dict[str, Field] = {
    "instance-id": lambda i: [i.instance_id],
    "instance-state-name": lambda i: [i.state],
    "instance-state-code": lambda i: [str(STATE_CODES[i.state])],
    "instance-type": lambda i: [i.instance_type],
    "image-id": lambda i: [i.image_id],
    "tag-key": lambda i: list(i.tags),
    "tag-value": lambda i: list(i.tags.values()),
    "iam-instance-profile.arn": lambda i: [i.instance_profile_arn] if i.instance_profile_arn else [],
    "owner-id": lambda i: [i.account_id],
    "availability-zone": lambda i: [f"{i.region}a"],
    "vpc-id": lambda i: [DefaultNetwork(i.account_id, i.region).vpc_id] if i.state != "terminated" else [],
    "subnet-id": lambda i: [DefaultNetwork(i.account_id, i.region).subnet_id] if i.state != "terminated" else [],
}


def instance_field(name: str) -> Field | None:
    if name.startswith("tag:"):
        key = name[4:]
        return lambda i: [i.tags[key]] if key in i.tags else []
    return FIELDS.get(name)


def filtered(instances: list[Instance], filters: list[tuple[Field, list[Glob]]]) -> list[Instance]:
    """The instances every filter matches (a filter matches when any of its values matches)."""
    return [
        instance
        for instance in instances
        if all(any(g.matches(value) for value in field(instance) for g in globs) for field, globs in filters)
    ]


class DescribeOperations(Ec2Base):
    def parse_filters(
        self, raw: list[dict[str, Any]] | None, fields: Callable[[str], Field | None]
    ) -> list[tuple[Field, list[Glob]]]:
        parsed: list[tuple[Field, list[Glob]]] = []
        for item in raw or []:
            name = item.get("Name", "")
            field = fields(name)
            if field is None:
                raise self.fail("InvalidParameterValue", f"The filter '{name}' is invalid")
            parsed.append((field, [Glob.compile(value) for value in item.get("Values", [])]))
        return parsed

    @operation("DescribeInstances")
    def describe_instances(
        self,
        *,
        InstanceIds: list[str] | None = None,
        Filters: list[dict[str, Any]] | None = None,
        MaxResults: int | None = None,
        NextToken: str | None = None,
        DryRun: bool = False,
        IncludeManagedResources: bool | None = None,
    ) -> dict[str, Any]:
        caller = self.caller()
        self.authorize(
            caller, "ec2:DescribeInstances", Target("*", caller.account_id), {"ec2:Region": self.connection.region}
        )
        self.stop_if_dry_run(DryRun)
        if InstanceIds and MaxResults is not None:
            raise self.fail(
                "InvalidParameterCombination", "The parameter instancesSet cannot be used with the parameter maxResults"
            )
        instances = self.find_instances(caller, InstanceIds) if InstanceIds else self.visible_instances(caller)
        instances = filtered(instances, self.parse_filters(Filters, instance_field))
        start = int(NextToken) if NextToken and NextToken.isdigit() else 0
        end = start + MaxResults if MaxResults is not None else len(instances)
        state = self.sim.state
        answer: dict[str, Any] = {
            "Reservations": [
                {
                    "ReservationId": reservation_id(instance),
                    "OwnerId": instance.account_id,
                    "Groups": [],
                    "Instances": [instance_shape(state, instance)],
                }
                for instance in instances[start:end]
            ]
        }
        if end < len(instances):
            answer["NextToken"] = str(end)
        return answer
