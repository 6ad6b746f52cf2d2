"""The IAM client: every IAM operation the lessons use, one mixin per group of operations."""

from __future__ import annotations

from workbench.account.iam.access_advisor import AccessAdvisorOperations
from workbench.account.iam.groups import GroupOperations
from workbench.account.iam.keys import AccessKeyOperations
from workbench.account.iam.mfa import MfaOperations
from workbench.account.iam.oidc import OidcOperations
from workbench.account.iam.passwords import LoginOperations
from workbench.account.iam.policies import PolicyOperations
from workbench.account.iam.profiles import InstanceProfileOperations
from workbench.account.iam.reports import ReportOperations
from workbench.account.iam.roles import RoleOperations
from workbench.account.iam.simulate import SimulateOperations
from workbench.account.iam.users import UserOperations


class IamClient(
    UserOperations,
    GroupOperations,
    RoleOperations,
    PolicyOperations,
    InstanceProfileOperations,
    AccessKeyOperations,
    LoginOperations,
    MfaOperations,
    ReportOperations,
    AccessAdvisorOperations,
    SimulateOperations,
    OidcOperations,
):
    """``sim.client("iam", credentials)``: boto3's IAM client, simulated."""
