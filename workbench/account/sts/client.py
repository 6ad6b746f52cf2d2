"""The STS client: temporary credentials (AssumeRole, GetSessionToken, GetFederationToken…) and GetCallerIdentity."""

from __future__ import annotations

from workbench.account.service import ServiceClient


class StsClient(ServiceClient):
    """``sim.client("sts", credentials)``: boto3's STS client, simulated."""

    service = "sts"
