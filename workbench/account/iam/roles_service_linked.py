"""Service-linked roles (R3): created for a known service, editable only by AWS, deleted asynchronously.

``CreateServiceLinkedRole`` builds ``AWSServiceRoleFor<Name>`` at ``/aws-service-role/<service>/``
with a trust policy fixed to the service principal and the service's AWS managed permissions.
Every customer edit of such a role is ``UnmodifiableEntity``. ``DeleteServiceLinkedRole`` returns a
deletion task id; the deletion is refused (status ``FAILED``) while the role has live sessions.

The model has no place for deletion tasks, so a task id carries its own outcome: the id's UUID part
holds the request time and outcome, sealed with a digest of account, service, role and time, so
``GetServiceLinkedRoleDeletionStatus`` can answer from the id and state alone.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from types import MappingProxyType
from typing import Any

from workbench.account.authorization import Target
from workbench.account.errors import AwsError
from workbench.account.iam.base import IamBase, role_response
from workbench.account.iam.policies_usage import AWS_MANAGED_PREFIX
from workbench.account.iam.roles_trust import check_description
from workbench.account.model import Account, Role, Session, State
from workbench.account.service import operation


@dataclass(frozen=True, slots=True)
class ServiceLinkedRoleSpec:
    """What AWS creates for one service: the role's name and the AWS managed policy it carries."""

    service: str
    role_name: str
    policy_name: str
    custom_suffix: bool = False
    """Only a few services let a customer create several such roles, told apart by a suffix."""

    @property
    def policy_arn(self) -> str:
        return f"{AWS_MANAGED_PREFIX}aws-service-role/{self.policy_name}"


SERVICE_LINKED_ROLES: MappingProxyType[str, ServiceLinkedRoleSpec] = MappingProxyType(
    {
        spec.service: spec
        for spec in (
            ServiceLinkedRoleSpec(
                "access-analyzer.amazonaws.com", "AWSServiceRoleForAccessAnalyzer", "AccessAnalyzerServiceRolePolicy"
            ),
            ServiceLinkedRoleSpec(
                "autoscaling.amazonaws.com", "AWSServiceRoleForAutoScaling", "AutoScalingServiceRolePolicy", True
            ),
            ServiceLinkedRoleSpec(
                "elasticloadbalancing.amazonaws.com",
                "AWSServiceRoleForElasticLoadBalancing",
                "AWSElasticLoadBalancingServiceRolePolicy",
            ),
            ServiceLinkedRoleSpec(
                "elasticbeanstalk.amazonaws.com",
                "AWSServiceRoleForElasticBeanstalk",
                "AWSElasticBeanstalkServiceRolePolicy",
                True,
            ),
            ServiceLinkedRoleSpec(
                "organizations.amazonaws.com", "AWSServiceRoleForOrganizations", "AWSOrganizationsServiceTrustPolicy"
            ),
            ServiceLinkedRoleSpec("support.amazonaws.com", "AWSServiceRoleForSupport", "AWSSupportServiceRolePolicy"),
            ServiceLinkedRoleSpec(
                "trustedadvisor.amazonaws.com", "AWSServiceRoleForTrustedAdvisor", "AWSTrustedAdvisorServiceRolePolicy"
            ),
            ServiceLinkedRoleSpec("ecs.amazonaws.com", "AWSServiceRoleForECS", "AmazonECSServiceRolePolicy"),
            ServiceLinkedRoleSpec("rds.amazonaws.com", "AWSServiceRoleForRDS", "AmazonRDSServiceRolePolicy"),
            ServiceLinkedRoleSpec(
                "guardduty.amazonaws.com", "AWSServiceRoleForAmazonGuardDuty", "AmazonGuardDutyServiceRolePolicy"
            ),
            ServiceLinkedRoleSpec("config.amazonaws.com", "AWSServiceRoleForConfig", "AWSConfigServiceRolePolicy"),
            ServiceLinkedRoleSpec("sso.amazonaws.com", "AWSServiceRoleForSSO", "AWSSSOServiceRolePolicy"),
        )
    }
)
"""The services this simulation can create service-linked roles for, by service principal."""

_TASK_ID = re.compile(
    r"^task/aws-service-role/(?P<service>[\w.-]+)/(?P<role>[\w+=,.@-]+)/"
    r"(?P<uuid>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$"
)


def unmodifiable(role: Role, operation_name: str) -> AwsError:
    """AWS's answer to a customer editing a service-linked role."""
    return AwsError(
        "UnmodifiableEntity",
        f"Cannot perform the operation on the protected role '{role.name}' - this role is only modifiable by AWS",
        operation_name,
    )


def check_modifiable(role: Role, operation_name: str) -> None:
    if role.service_linked:
        raise unmodifiable(role, operation_name)


def service_trust_policy(service: str) -> str:
    """The trust policy of a service-linked role: only its service may assume it."""
    statement = {"Effect": "Allow", "Principal": {"Service": service}, "Action": "sts:AssumeRole"}
    return json.dumps({"Version": "2012-10-17", "Statement": [statement]}, indent=2)


def live_sessions(state: State, account_id: str, role_name: str, moment: datetime) -> list[Session]:
    """The sessions of the role that were valid at ``moment`` (a role in use cannot be deleted)."""
    return [
        session
        for session in state.sessions.values()
        if session.kind == "assumed-role"
        and session.account_id == account_id
        and (session.role_name or "").lower() == role_name.lower()
        and session.issued <= moment < session.expiration
    ]


def _seal(account_id: str, service: str, role_name: str, epoch: int, failed: bool) -> bytes:
    return hashlib.sha256(f"{account_id}|{service}|{role_name}|{epoch}|{int(failed)}".encode()).digest()[:10]


def deletion_task_id(account_id: str, service: str, role_name: str, epoch: int, failed: bool) -> str:
    raw = (epoch.to_bytes(5, "big") + bytes([int(failed)]) + _seal(account_id, service, role_name, epoch, failed)).hex()
    uuid = f"{raw[:8]}-{raw[8:12]}-{raw[12:16]}-{raw[16:20]}-{raw[20:]}"
    return f"task/aws-service-role/{service}/{role_name}/{uuid}"


@dataclass(frozen=True, slots=True)
class DeletionTask:
    """What a deletion task id says: which role, when its deletion was asked for, and whether it was refused."""

    service: str
    role_name: str
    moment: datetime
    failed: bool


def read_deletion_task(task_id: str, account_id: str, operation_name: str) -> DeletionTask:
    """Decode a task id issued by ``DeleteServiceLinkedRole`` in this account (else InvalidInput/NoSuchEntity)."""
    match = _TASK_ID.match(task_id)
    if match is None:
        raise AwsError("InvalidInput", f"Invalid deletion task id: {task_id}", operation_name)
    raw = bytes.fromhex(match["uuid"].replace("-", ""))
    epoch, failed = int.from_bytes(raw[:5], "big"), raw[5] == 1
    if raw[5] > 1 or raw[6:] != _seal(account_id, match["service"], match["role"], epoch, failed):
        raise AwsError("NoSuchEntity", f"Deletion task {task_id} does not exist.", operation_name)
    return DeletionTask(match["service"], match["role"], datetime.fromtimestamp(epoch, UTC), failed)


class ServiceLinkedRoleOperations(IamBase):
    @operation("CreateServiceLinkedRole")
    def create_service_linked_role(
        self, *, AWSServiceName: str, Description: str | None = None, CustomSuffix: str | None = None
    ) -> dict[str, Any]:
        caller = self.caller()
        account = self.caller_account(caller)
        spec = SERVICE_LINKED_ROLES.get(AWSServiceName)
        if spec is None:
            known = ", ".join(sorted(SERVICE_LINKED_ROLES))
            raise self.error(
                "InvalidInput",
                f"Unrecognized service principal {AWSServiceName}: it does not support service-linked roles "
                f"in this simulation (known: {known}).",
            )
        if CustomSuffix and not spec.custom_suffix:
            raise self.error("InvalidInput", f"Custom suffix is not allowed for {AWSServiceName}")
        name = f"{spec.role_name}_{CustomSuffix}" if CustomSuffix else spec.role_name
        path = f"/aws-service-role/{AWSServiceName}/"
        arn = f"arn:aws:iam::{account.account_id}:role{path}{name}"
        check_description(Description, self._operation)
        context = {"iam:AWSServiceName": AWSServiceName}
        self.authorize(caller, "iam:CreateServiceLinkedRole", Target(arn, account.account_id), context)
        if name.lower() in account.roles:
            raise self.error(
                "InvalidInput",
                f"Service role name {name} has been taken in this account, please try a different suffix.",
            )
        role = Role(
            name=name,
            path=path,
            role_id=self.sim.ids.next("AROA", 17),
            arn=arn,
            create_date=self.now,
            trust_policy=service_trust_policy(AWSServiceName),
            description=Description or "",
            attached_policies=(spec.policy_arn,),
        )
        self.save_role(account, role)
        return {"Role": role_response(role)}

    @operation("DeleteServiceLinkedRole")
    def delete_service_linked_role(self, *, RoleName: str) -> dict[str, Any]:
        caller = self.caller()
        account = self.caller_account(caller)
        role = self.find_role(account, RoleName)
        self.authorize(caller, "iam:DeleteServiceLinkedRole", Target(role.arn, account.account_id, tags=role.tags))
        if not role.service_linked:
            raise self.error(
                "InvalidInput", f"Role {role.name} is not a service-linked role; delete it with DeleteRole."
            )
        service = role.path.strip("/").split("/", 1)[-1]
        in_use = bool(live_sessions(self.sim.state, account.account_id, role.name, self.now))
        task_id = deletion_task_id(account.account_id, service, role.name, self.sim.clock.epoch(), in_use)
        if not in_use:
            self.remove_role(account, role)
        return {"DeletionTaskId": task_id}

    @operation("GetServiceLinkedRoleDeletionStatus")
    def get_service_linked_role_deletion_status(self, *, DeletionTaskId: str) -> dict[str, Any]:
        caller = self.caller()
        account = self.caller_account(caller)
        task = read_deletion_task(DeletionTaskId, account.account_id, self._operation)
        arn = f"arn:aws:iam::{account.account_id}:role/aws-service-role/{task.service}/{task.role_name}"
        self.authorize(caller, "iam:GetServiceLinkedRoleDeletionStatus", Target(arn, account.account_id))
        if not task.failed:
            return {"Status": "SUCCEEDED"}
        sessions = live_sessions(self.sim.state, account.account_id, task.role_name, task.moment)
        return {
            "Status": "FAILED",
            "Reason": {
                "Reason": f"Deletion refused while in use: the service-linked role {task.role_name} had "
                f"{len(sessions) or 'at least one'} active session(s) when its deletion was requested.",
                "RoleUsageList": [{"Region": self.connection.region, "Resources": [s.arn for s in sessions]}],
            },
        }

    def remove_role(self, account: Account, role: Role) -> None:
        """Drop the role from the account (the caller has already checked that it may go)."""
        roles = {key: value for key, value in account.roles.items() if key != role.name.lower()}
        self.save_account(account.model_copy(update={"roles": roles}))
