"""The Organizations client: the organization, OUs, member accounts, and SCP/RCP attachment."""

from __future__ import annotations

from workbench.account.organizations.accounts import AccountOperations
from workbench.account.organizations.attachments import AttachmentOperations
from workbench.account.organizations.organization import OrganizationOperations
from workbench.account.organizations.policies import PolicyOperations
from workbench.account.organizations.units import UnitOperations


class OrganizationsClient(
    OrganizationOperations, UnitOperations, AccountOperations, PolicyOperations, AttachmentOperations
):
    """``sim.client("organizations", credentials)``: boto3's Organizations client, simulated."""

    service = "organizations"
