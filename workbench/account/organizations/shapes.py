"""Organizations' names and answers: ids and ARNs as AWS formats them, and the response structures boto3 returns."""

from __future__ import annotations

import json
from typing import Any

from workbench.account.model import Account, Organization, OrganizationalUnit, OrganizationPolicy
from workbench.account.organization_paths import RCP_FULL_AWS_ACCESS
from workbench.account.organizations.records import OrganizationRecords, PolicyTypeName

SCP: PolicyTypeName = "SERVICE_CONTROL_POLICY"
RCP: PolicyTypeName = "RESOURCE_CONTROL_POLICY"
POLICY_TYPES: tuple[PolicyTypeName, ...] = (SCP, RCP)

FULL_AWS_ACCESS_ID = "p-FullAWSAccess"
RCP_FULL_AWS_ACCESS_ID = "p-RCPFullAWSAccess"


def _aws_managed(policy_id: str, name: str, kind: PolicyTypeName, content: str, description: str) -> OrganizationPolicy:
    return OrganizationPolicy(
        policy_id=policy_id,
        arn=f"arn:aws:organizations::aws:policy/{kind.lower()}/{policy_id}",
        name=name,
        type=kind,
        content=content,
        description=description,
        aws_managed=True,
    )


FULL_AWS_ACCESS = _aws_managed(
    FULL_AWS_ACCESS_ID,
    "FullAWSAccess",
    SCP,
    json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}, indent=4),
    "Allows access to every operation",
)
"""The AWS managed SCP attached to the root, every OU and every account while SCPs are enabled."""

RCP_FULL_AWS_ACCESS_POLICY = _aws_managed(
    RCP_FULL_AWS_ACCESS_ID,
    "RCPFullAWSAccess",
    RCP,
    RCP_FULL_AWS_ACCESS,
    "Allows access to every operation",
)
"""AWS's RCPFullAWSAccess: never stored; shown attached everywhere while RCPs are enabled (it cannot be detached)."""


def organization_arn(organization: Organization) -> str:
    return organization.arn


def root_arn(organization: Organization) -> str:
    return (
        f"arn:aws:organizations::{organization.management_account_id}:root/{organization.org_id}/{organization.root_id}"
    )


def ou_arn(organization_id: str, management_account_id: str, ou_id: str) -> str:
    return f"arn:aws:organizations::{management_account_id}:ou/{organization_id}/{ou_id}"


def account_arn(organization: Organization, account_id: str) -> str:
    return f"arn:aws:organizations::{organization.management_account_id}:account/{organization.org_id}/{account_id}"


def policy_arn(organization: Organization, policy_id: str, kind: str) -> str:
    return (
        f"arn:aws:organizations::{organization.management_account_id}:policy/"
        f"{organization.org_id}/{kind.lower()}/{policy_id}"
    )


def policy_types_response(records: OrganizationRecords) -> list[dict[str, str]]:
    return [{"Type": kind, "Status": "ENABLED"} for kind in records.enabled_policy_types]


def organization_response(organization: Organization, records: OrganizationRecords, email: str) -> dict[str, Any]:
    return {
        "Id": organization.org_id,
        "Arn": organization.arn,
        "FeatureSet": records.feature_set,
        "MasterAccountArn": account_arn(organization, organization.management_account_id),
        "MasterAccountId": organization.management_account_id,
        "MasterAccountEmail": email,
        "AvailablePolicyTypes": policy_types_response(records),
    }


def root_response(organization: Organization, records: OrganizationRecords) -> dict[str, Any]:
    return {
        "Id": organization.root_id,
        "Arn": root_arn(organization),
        "Name": "Root",
        "PolicyTypes": policy_types_response(records),
    }


def ou_response(ou: OrganizationalUnit) -> dict[str, Any]:
    return {"Id": ou.ou_id, "Arn": ou.arn, "Name": ou.name}


def account_response(organization: Organization, records: OrganizationRecords, account: Account) -> dict[str, Any]:
    membership = records.memberships.get(account.account_id)
    return {
        "Id": account.account_id,
        "Arn": account_arn(organization, account.account_id),
        "Email": account.email,
        "Name": account.name,
        "Status": "ACTIVE",
        "State": "ACTIVE",
        "JoinedMethod": membership.joined_method if membership else "INVITED",
        "JoinedTimestamp": membership.joined_timestamp if membership else account.create_date,
    }


def policy_summary(policy: OrganizationPolicy) -> dict[str, Any]:
    return {
        "Id": policy.policy_id,
        "Arn": policy.arn,
        "Name": policy.name,
        "Description": policy.description,
        "Type": policy.type,
        "AwsManaged": policy.aws_managed,
    }


def policy_response(policy: OrganizationPolicy) -> dict[str, Any]:
    return {"PolicySummary": policy_summary(policy), "Content": policy.content}
