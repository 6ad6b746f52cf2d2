"""Amazon EC2 simulated: instances launched with instance profiles, and their metadata credentials."""

from __future__ import annotations

from workbench.account.service import ServiceClient


class Ec2Client(ServiceClient):
    """``sim.client("ec2", credentials)``: boto3's ec2 client, simulated."""

    service = "ec2"
