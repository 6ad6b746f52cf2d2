"""EC2 and instance-profile associations: Associate, Disassociate, DescribeIamInstanceProfileAssociations (simplified).

An instance has at most one association. Associating hands the profile's role to EC2, so it needs
``ec2:AssociateIamInstanceProfile`` on the instance (with ``ec2:NewInstanceProfile``) and
``iam:PassRole`` on the role (R1). Either change makes the metadata service fetch credentials for
the new role (or none) on its next request; credentials already handed out still work until they
expire. Association ids are derived from the instance and the profile.
"""

from __future__ import annotations

from typing import Any

from workbench.account.authorization import Target
from workbench.account.service import operation
from workbench.services.ec2.describe import DescribeOperations, Field, filtered
from workbench.services.ec2.profiles import ProfileChecks, association_id, instance_profile
from workbench.services.state import Instance

ASSOCIATION_FIELDS: dict[str, Field] = {
    "instance-id": lambda i: [i.instance_id],
    "state": lambda i: ["associated"],
}


class AssociationOperations(ProfileChecks, DescribeOperations):
    def association(self, instance: Instance, state: str) -> dict[str, Any]:
        profile: dict[str, str] = {"Arn": instance.instance_profile_arn or ""}
        found = instance_profile(self.sim.state, instance)
        if found is not None:
            profile["Id"] = found[1].instance_profile_id
        return {
            "AssociationId": association_id(instance) or "",
            "InstanceId": instance.instance_id,
            "IamInstanceProfile": profile,
            "State": state,
            "Timestamp": instance.launch_time,
        }

    @operation("AssociateIamInstanceProfile")
    def associate_iam_instance_profile(self, *, IamInstanceProfile: dict[str, str], InstanceId: str) -> dict[str, Any]:
        caller = self.caller()
        (instance,) = self.find_instances(caller, [InstanceId])
        profile = self.resolve_profile(caller, IamInstanceProfile)
        context = {**self.instance_context(instance), "ec2:NewInstanceProfile": profile.arn}
        self.authorize(caller, "ec2:AssociateIamInstanceProfile", self.instance_target(instance), context)
        self.check_pass_role(caller, profile)
        if instance.state not in ("running", "stopped"):
            raise self.fail(
                "IncorrectState", f"The instance '{InstanceId}' is not in the 'running' or 'stopped' state."
            )
        if instance.instance_profile_arn is not None:
            raise self.fail("IncorrectState", f"There is an existing association for instance {InstanceId}")
        changed = instance.model_copy(update={"instance_profile_arn": profile.arn, "credentials_key": None})
        self.save_instances([changed])
        return {"IamInstanceProfileAssociation": self.association(changed, "associating")}

    @operation("DisassociateIamInstanceProfile")
    def disassociate_iam_instance_profile(self, *, AssociationId: str) -> dict[str, Any]:
        caller = self.caller()
        instance = next(
            (
                i
                for i in self.visible_instances(caller)
                if i.state != "terminated" and association_id(i) == AssociationId
            ),
            None,
        )
        if instance is None:
            raise self.fail("InvalidAssociationID.NotFound", f"An association '{AssociationId}' does not exist")
        self.authorize(
            caller,
            "ec2:DisassociateIamInstanceProfile",
            self.instance_target(instance),
            self.instance_context(instance),
        )
        answer = self.association(instance, "disassociating")
        self.save_instances([instance.model_copy(update={"instance_profile_arn": None, "credentials_key": None})])
        return {"IamInstanceProfileAssociation": answer}

    @operation("DescribeIamInstanceProfileAssociations")
    def describe_iam_instance_profile_associations(
        self,
        *,
        AssociationIds: list[str] | None = None,
        Filters: list[dict[str, Any]] | None = None,
        MaxResults: int | None = None,
        NextToken: str | None = None,
    ) -> dict[str, Any]:
        caller = self.caller()
        self.authorize(
            caller,
            "ec2:DescribeIamInstanceProfileAssociations",
            Target("*", caller.account_id),
            {"ec2:Region": self.connection.region},
        )
        associated = [
            i for i in self.visible_instances(caller) if i.instance_profile_arn is not None and i.state != "terminated"
        ]
        if AssociationIds:
            known = {association_id(i): i for i in associated}
            for wanted in AssociationIds:
                if wanted not in known:
                    raise self.fail("InvalidAssociationID.NotFound", f"An association '{wanted}' does not exist")
            associated = [known[wanted] for wanted in dict.fromkeys(AssociationIds)]
        associated = filtered(associated, self.parse_filters(Filters, ASSOCIATION_FIELDS.get))
        return {"IamInstanceProfileAssociations": [self.association(i, "associated") for i in associated]}
