"""Amazon EC2 simulated (layer 5): instances with instance profiles, and the metadata service handing code its role.

Public entry points: ``sim.client("ec2", credentials)`` (the boto3-shaped :class:`Ec2Client`),
:func:`instance_metadata` (an instance's metadata service: rotating role credentials) and
:func:`run_on_instance` (run a Python function as code on an instance, with clients that use them).
"""

from workbench.services.ec2.metadata import InstanceMetadata, MetadataError, instance_metadata
from workbench.services.ec2.on_instance import InstanceClients, run_on_instance

__all__ = ["InstanceClients", "InstanceMetadata", "MetadataError", "instance_metadata", "run_on_instance"]
