"""Code "running on an EC2 instance": its clients sign with the instance role's metadata credentials, never static keys.

``run_on_instance(sim, instance_id, function)`` calls ``function(clients)``; ``clients("s3")`` is a
simulated S3 client using the credentials the instance metadata service serves at that moment
(as the AWS SDKs on an instance fetch them), calling from the instance's public address. Ask
``clients(...)`` again after advancing the clock: a client keeps the credentials it was made with,
and the metadata service rotates them shortly before they expire.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from workbench.services.ec2.base import public_ip
from workbench.services.ec2.metadata import InstanceMetadata, instance_metadata

if TYPE_CHECKING:
    from workbench.account.simulation import Simulation

Result = TypeVar("Result")


class InstanceClients:
    """``clients(service)`` → a simulated client with the instance's current role credentials."""

    def __init__(self, sim: Simulation, metadata: InstanceMetadata) -> None:
        self.sim = sim
        self.metadata = metadata

    @property
    def instance_id(self) -> str:
        return self.metadata.instance_id

    def __call__(self, service: str, **options: Any) -> Any:
        instance = self.metadata.instance()
        options.setdefault("region", instance.region)
        options.setdefault("source_ip", public_ip(instance.instance_id))
        return self.sim.client(service, self.metadata.client_credentials(), **options)

    def __repr__(self) -> str:
        return f"<clients on {self.instance_id}>"


def run_on_instance(sim: Simulation, instance_id: str, function: Callable[[InstanceClients], Result]) -> Result:
    """Run ``function(clients)`` as code on the (running) instance ``instance_id``; returns what it returns."""
    metadata = instance_metadata(sim, instance_id)
    metadata.instance()  # a stopped or terminated instance runs nothing
    return function(InstanceClients(sim, metadata))
