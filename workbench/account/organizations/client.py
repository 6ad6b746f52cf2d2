"""The Organizations client: the organization, OUs, member accounts, and SCP/RCP attachment."""

from __future__ import annotations

from workbench.account.service import ServiceClient


class OrganizationsClient(ServiceClient):
    """``sim.client("organizations", credentials)``: boto3's Organizations client, simulated."""

    service = "organizations"
