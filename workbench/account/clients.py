"""The simulated API's front door: ``client("iam" | "sts" | "organizations", credentials)`` → a boto3-shaped client."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from workbench.account.authorization import Connection
from workbench.account.callers import Credentials
from workbench.account.iam.client import IamClient
from workbench.account.organizations.client import OrganizationsClient
from workbench.account.service import ServiceClient
from workbench.account.sts.client import StsClient
from workbench.services.ec2.client import Ec2Client
from workbench.services.kms.client import KmsClient
from workbench.services.lambda_.client import LambdaClient
from workbench.services.s3.client import S3Client
from workbench.services.s3.s3control import S3ControlClient

if TYPE_CHECKING:
    from workbench.account.simulation import Simulation

CLIENTS: dict[str, type[ServiceClient]] = {
    "iam": IamClient,
    "sts": StsClient,
    "organizations": OrganizationsClient,
    "s3": S3Client,
    "s3control": S3ControlClient,
    "lambda": LambdaClient,
    "ec2": Ec2Client,
    "kms": KmsClient,
}


def make_client(
    sim: Simulation,
    service: str,
    credentials: Credentials | dict[str, Any] | None,
    *,
    region: str = "us-east-1",
    source_ip: str | None = "203.0.113.10",
    secure_transport: bool = True,
    via_vpc_endpoint: str | None = None,
) -> ServiceClient:
    client_class = CLIENTS.get(service)
    if client_class is None:
        raise ValueError(f"the simulation has no {service!r} client; it has {', '.join(sorted(CLIENTS))}")
    if isinstance(credentials, dict):  # an STS response's Credentials, or a boto3-style mapping
        credentials = (
            Credentials.from_response(credentials) if "AccessKeyId" in credentials else Credentials(**credentials)
        )
    # IAM and Organizations are global services whose requests are signed for us-east-1 (K2).
    effective_region = "us-east-1" if service in ("iam", "organizations") else region
    connection = Connection(effective_region, source_ip, secure_transport, via_vpc_endpoint)
    return client_class(sim, credentials, connection)
