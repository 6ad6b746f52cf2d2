"""The STS client: temporary credentials (AssumeRole, GetSessionToken, GetFederationToken…) and GetCallerIdentity."""

from __future__ import annotations

from workbench.account.sts.assume_role import AssumeRoleOperations
from workbench.account.sts.identity import CallerIdentityOperations
from workbench.account.sts.tokens import TokenOperations
from workbench.account.sts.web_identity import WebIdentityOperations


class StsClient(CallerIdentityOperations, AssumeRoleOperations, TokenOperations, WebIdentityOperations):
    """``sim.client("sts", credentials)``: boto3's STS client, simulated."""

    service = "sts"
