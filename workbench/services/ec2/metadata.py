"""EC2's instance metadata service (IMDS): the role credentials code on an instance uses — no static keys anywhere.

``instance_metadata(sim, instance_id)`` answers what code on a running instance would read:
``credentials()`` is ``/latest/meta-data/iam/security-credentials/ROLE`` — temporary credentials
of the instance profile's role (``AccessKeyId`` ``ASIA…``, ``SecretAccessKey``, ``Token``,
``Expiration``), obtained by EC2 assuming the role as ``ec2.amazonaws.com`` (so the role's trust
must admit EC2; otherwise ``AssumeRoleUnauthorizedAccess``, as IMDS reports). The session is named
after the instance (``…:assumed-role/ROLE/i-…``, ``aws:userid`` = ``role-id:instance-id``, K1) and
is not role chaining (S2). Credentials last six hours and rotate: the metadata service serves the
same set until fewer than five minutes remain, then a new one — advance the simulated clock to see
it. A stopped or terminated instance runs no code and gets no new credentials; those already
handed out keep working until they expire.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from workbench.account.callers import Credentials
from workbench.account.model import Account, InstanceProfile, Role, Session
from workbench.clock import iso
from workbench.errors import WorkbenchError
from workbench.services.ec2.base import DefaultNetwork, private_ip, with_instances
from workbench.services.ec2.profiles import EC2_SERVICE, instance_profile, profile_role
from workbench.services.lambda_.service_principals import ServiceRoleError, assume_role_as_service, with_session
from workbench.services.state import Instance

if TYPE_CHECKING:
    from workbench.account.simulation import Simulation

CREDENTIALS_LIFETIME = timedelta(hours=6)
REFRESH_BEFORE_EXPIRY = timedelta(minutes=5)


class MetadataError(WorkbenchError):
    """What the metadata service cannot answer: no such instance, not running, no role, or a role EC2 cannot assume."""

    code = "metadata_error"


class InstanceMetadata:
    """The metadata service of one instance (reads the simulation's current state on every request)."""

    def __init__(self, sim: Simulation, instance_id: str) -> None:
        self.sim = sim
        self.instance_id = instance_id

    def __repr__(self) -> str:
        return f"<instance metadata of {self.instance_id}>"

    # -- what the instance is -------------------------------------------------------------------
    def instance(self) -> Instance:
        """The instance, which must be running for code on it to ask anything."""
        instance = self.sim.state.services.instances.get(self.instance_id)
        if instance is None:
            raise MetadataError(f"There is no instance {self.instance_id}.", code="metadata_no_such_instance")
        if instance.state != "running":
            raise MetadataError(
                f"Instance {self.instance_id} is {instance.state}: no code runs on it, so nothing reads its metadata.",
                code="metadata_instance_not_running",
            )
        return instance

    def identity_document(self) -> dict[str, Any]:
        """``/latest/dynamic/instance-identity/document``."""
        instance = self.instance()
        return {
            "accountId": instance.account_id,
            "architecture": "x86_64",
            "availabilityZone": DefaultNetwork(instance.account_id, instance.region).availability_zone,
            "imageId": instance.image_id,
            "instanceId": instance.instance_id,
            "instanceType": instance.instance_type,
            "pendingTime": iso(instance.launch_time),
            "privateIp": private_ip(instance.instance_id),
            "region": instance.region,
            "version": "2017-09-30",
        }

    # -- the role ---------------------------------------------------------------------------------
    def _profile(self, instance: Instance) -> tuple[Account, InstanceProfile, Role]:
        found = instance_profile(self.sim.state, instance)
        role = profile_role(found[0], found[1]) if found is not None else None
        if found is None or role is None:
            raise MetadataError(
                f"Instance {instance.instance_id} has no IAM role: associate an instance profile that holds one "
                "(IMDS answers 404 Not Found under iam/).",
                code="metadata_no_role",
            )
        return found[0], found[1], role

    def iam_info(self) -> dict[str, Any]:
        """``/latest/meta-data/iam/info``: the instance profile."""
        instance = self.instance()
        _, profile, _ = self._profile(instance)
        session = self._current(instance)
        return {
            "Code": "Success",
            "LastUpdated": iso(session.issued if session is not None else instance.launch_time),
            "InstanceProfileArn": profile.arn,
            "InstanceProfileId": profile.instance_profile_id,
        }

    def role_name(self) -> str:
        """``/latest/meta-data/iam/security-credentials/``: the name of the role."""
        return self._profile(self.instance())[2].name

    def _current(self, instance: Instance) -> Session | None:
        key = instance.credentials_key
        return self.sim.state.sessions.get(key) if key is not None else None

    def session(self) -> Session:
        """The role session the metadata service serves now, issuing (and saving) a new one when due."""
        instance = self.instance()
        account, _, role = self._profile(instance)
        current = self._current(instance)
        now = self.sim.clock.now()
        if current is not None and current.role_name == role.name and current.expiration - now >= REFRESH_BEFORE_EXPIRY:
            return current
        try:
            session = assume_role_as_service(
                self.sim,
                EC2_SERVICE,
                role,
                account.account_id,
                session_name=instance.instance_id,
                seconds=int(CREDENTIALS_LIFETIME.total_seconds()),
                region=instance.region,
                instance_id=instance.instance_id,
            )
        except ServiceRoleError as error:
            raise MetadataError(
                f"AssumeRoleUnauthorizedAccess: EC2 cannot assume the role {role.name}. {error.message}. "
                "Its trust policy must allow the service principal ec2.amazonaws.com to call sts:AssumeRole.",
                code="metadata_assume_role_unauthorized",
            ) from None
        updated = instance.model_copy(update={"credentials_key": session.access_key_id})
        self.sim.update(lambda state: with_instances(with_session(state, session, role, instance.region), [updated]))
        return session

    def credentials(self) -> dict[str, Any]:
        """``/latest/meta-data/iam/security-credentials/ROLE``: the role's current temporary credentials."""
        session = self.session()
        return {
            "Code": "Success",
            "LastUpdated": iso(session.issued),
            "Type": "AWS-HMAC",
            "AccessKeyId": session.access_key_id,
            "SecretAccessKey": session.secret_access_key,
            "Token": session.session_token,
            "Expiration": iso(session.expiration),
        }

    def client_credentials(self) -> Credentials:
        """The current credentials as a simulated client takes them (what the AWS SDKs do with ``credentials()``)."""
        session = self.session()
        return Credentials(
            access_key_id=session.access_key_id,
            secret_access_key=session.secret_access_key,
            session_token=session.session_token,
            expiration=session.expiration,
        )


def instance_metadata(sim: Simulation, instance_id: str) -> InstanceMetadata:
    """The metadata service of ``instance_id`` (each request reads the current state)."""
    return InstanceMetadata(sim, instance_id)
