"""Amazon EC2 simulated: instances launched with instance profiles, and their metadata credentials."""

from __future__ import annotations

from workbench.services.ec2.associations import AssociationOperations
from workbench.services.ec2.launch import LaunchOperations
from workbench.services.ec2.lifecycle import LifecycleOperations


class Ec2Client(LaunchOperations, LifecycleOperations, AssociationOperations):
    """``sim.client("ec2", credentials)``: boto3's ec2 client, simulated.

    Code on an instance gets its role's credentials from the metadata service:
    ``instance_metadata(sim, instance_id).credentials()``, or ``run_on_instance(sim, instance_id, fn)``.
    """

    service = "ec2"
