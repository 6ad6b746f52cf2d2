"""EC2 StopInstances, StartInstances, TerminateInstances: one authorization per instance, with its tags (ABAC).

Each instance is authorized separately, with ``aws:ResourceTag/…`` and ``ec2:ResourceTag/…`` from
its tags (so ``"Condition": {"StringEquals": {"aws:ResourceTag/team": "${aws:PrincipalTag/team}"}}``
works), ``ec2:InstanceType`` and ``ec2:InstanceProfile``; one denial fails the whole call. A
terminated instance's metadata stops refreshing its role credentials; those already handed out
keep working until they expire, as on AWS.
"""

from __future__ import annotations

from typing import Any

from workbench.account.service import operation
from workbench.services.ec2.base import Ec2Base
from workbench.services.ec2.shapes import state_change
from workbench.services.state import Instance


class LifecycleOperations(Ec2Base):
    def authorized_instances(self, action: str, instance_ids: list[str], dry_run: bool | None) -> list[Instance]:
        caller = self.caller()
        instances = self.find_instances(caller, instance_ids)
        for instance in instances:
            self.authorize(caller, action, self.instance_target(instance), self.instance_context(instance))
        self.stop_if_dry_run(dry_run)
        return instances

    @operation("StopInstances")
    def stop_instances(
        self,
        *,
        InstanceIds: list[str],
        Hibernate: bool = False,
        DryRun: bool = False,
        Force: bool = False,
        SkipOsShutdown: bool = False,
    ) -> dict[str, Any]:
        instances = self.authorized_instances("ec2:StopInstances", InstanceIds, DryRun)
        for instance in instances:
            if instance.state == "terminated":
                raise self.fail(
                    "IncorrectInstanceState",
                    f"This instance '{instance.instance_id}' is not in a state from which it can be stopped.",
                )
        changes = [
            state_change(i.instance_id, i.state, "stopping" if i.state == "running" else i.state) for i in instances
        ]
        self.save_instances(i.model_copy(update={"state": "stopped"}) for i in instances)
        return {"StoppingInstances": changes}

    @operation("StartInstances")
    def start_instances(
        self, *, InstanceIds: list[str], AdditionalInfo: str | None = None, DryRun: bool = False
    ) -> dict[str, Any]:
        instances = self.authorized_instances("ec2:StartInstances", InstanceIds, DryRun)
        for instance in instances:
            if instance.state == "terminated":
                raise self.fail(
                    "IncorrectInstanceState",
                    f"The instance '{instance.instance_id}' is not in a state from which it can be started.",
                )
        changes = [
            state_change(i.instance_id, i.state, "pending" if i.state == "stopped" else i.state) for i in instances
        ]
        self.save_instances(i.model_copy(update={"state": "running"}) for i in instances)
        return {"StartingInstances": changes}

    @operation("TerminateInstances")
    def terminate_instances(
        self, *, InstanceIds: list[str], DryRun: bool = False, Force: bool = False, SkipOsShutdown: bool = False
    ) -> dict[str, Any]:
        instances = self.authorized_instances("ec2:TerminateInstances", InstanceIds, DryRun)
        changes = [
            state_change(i.instance_id, i.state, "shutting-down" if i.state != "terminated" else "terminated")
            for i in instances
        ]
        self.save_instances(i.model_copy(update={"state": "terminated"}) for i in instances)
        return {"TerminatingInstances": changes}
