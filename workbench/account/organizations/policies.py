"""Organizations: SCPs and RCPs as documents — created, validated, updated, described, listed and deleted.

A document is checked with the workbench's validator for its type (SCP or RCP, G12): what
Organizations refuses to store is ``MalformedPolicyDocumentException``; a document over 5,120
characters is ``ConstraintViolationException`` (``POLICY_CONTENT_LIMIT_EXCEEDED``). AWS managed
policies (FullAWSAccess, RCPFullAWSAccess) cannot be changed or deleted.
"""

from __future__ import annotations

from typing import Any

from workbench.account.iam.rules import REJECTED_AT_WRITE
from workbench.account.model import Organization, OrganizationPolicy
from workbench.account.organizations.base import RCP, OrganizationsBase
from workbench.account.organizations.records import target_attachments
from workbench.account.organizations.shapes import policy_arn, policy_response, policy_summary
from workbench.account.service import operation
from workbench.policy.model import PolicyType
from workbench.policy.validate import validate_policy

CONTENT_LIMIT = 5120
"""Characters in an SCP or RCP document, whitespace included."""
REFUSED = REJECTED_AT_WRITE | {"validate_rcp_allow", "validate_rcp_principal_not_wildcard"}
MALFORMED = "The provided policy document doesn't meet the requirements of the specified policy type."
IMMUTABLE = "You can't modify or delete an AWS managed policy."


class PolicyOperations(OrganizationsBase):
    def check_content(self, content: str, kind: str) -> None:
        """Refuse what Organizations refuses to store (see the module docstring)."""
        policy_type = PolicyType.RCP if kind == RCP else PolicyType.SCP
        report = validate_policy(content, policy_type)
        refused = [
            finding
            for finding in report.findings
            if finding.code.startswith("parse_")
            or finding.code in REFUSED
            or (kind == RCP and finding.code == "validate_missing_version")
        ]
        if refused:
            first = refused[0]
            raise self.org_error(
                "MalformedPolicyDocumentException",
                f"{MALFORMED} {first.message} (line {first.line}, column {first.column})",
            )
        if len(content) > CONTENT_LIMIT:
            raise self.org_error(
                "ConstraintViolationException",
                f"The policy document has {len(content)} characters; the limit is {CONTENT_LIMIT}.",
                "POLICY_CONTENT_LIMIT_EXCEEDED",
            )

    def check_policy_name(self, organization: Organization, name: str, kind: str, ignore: str | None = None) -> None:
        if len(name) > 128:
            raise self.org_error(
                "InvalidInputException", "A policy name can be at most 128 characters long.", "MAX_LENGTH_EXCEEDED"
            )
        for policy in organization.policies.values():
            if policy.type == kind and policy.name == name and policy.policy_id != ignore:
                raise self.org_error("DuplicatePolicyException", "A policy with the same name already exists.")

    @operation("CreatePolicy")
    def create_policy(
        self, *, Content: str, Description: str, Name: str, Type: str, Tags: list[dict[str, str]] | None = None
    ) -> dict[str, Any]:
        self.require_policy_type(Type)
        counter = self.sim.ids.counter
        policy_id = "p-" + self.sim.ids.next("", 8).lower()
        tags = {tag["Key"]: tag["Value"] for tag in Tags or []}
        context: dict[str, Any] = {
            "organizations:PolicyType": Type,
            **{f"aws:RequestTag/{k}": v for k, v in tags.items()},
        }
        if tags:
            context["aws:TagKeys"] = list(tags)
        try:
            _, organization, _ = self.begin(
                "organizations:CreatePolicy", lambda org: policy_arn(org, policy_id, Type), context
            )
            self.check_content(Content, Type)
            self.check_policy_name(organization, Name, Type)
        except Exception:
            self.sim.ids.counter = counter  # a refused call leaves the id sequence as it was
            raise
        policy = OrganizationPolicy(
            policy_id=policy_id,
            arn=policy_arn(organization, policy_id, Type),
            name=Name,
            type=Type,
            content=Content,
            description=Description,
        )
        self.save(organization.model_copy(update={"policies": {**organization.policies, policy_id: policy}}))
        return {"Policy": policy_response(policy)}

    @operation("DescribePolicy")
    def describe_policy(self, *, PolicyId: str) -> dict[str, Any]:
        *_, policy = self.begin_on_policy("organizations:DescribePolicy", PolicyId)
        return {"Policy": policy_response(policy)}

    @operation("UpdatePolicy")
    def update_policy(
        self, *, PolicyId: str, Name: str | None = None, Description: str | None = None, Content: str | None = None
    ) -> dict[str, Any]:
        _, organization, _, policy = self.begin_on_policy("organizations:UpdatePolicy", PolicyId)
        if policy.aws_managed:
            raise self.org_error("InvalidInputException", IMMUTABLE, "IMMUTABLE_POLICY")
        changes: dict[str, Any] = {}
        if Name is not None:
            self.check_policy_name(organization, Name, policy.type, ignore=policy.policy_id)
            changes["name"] = Name
        if Description is not None:
            changes["description"] = Description
        if Content is not None:
            self.check_content(Content, policy.type)
            changes["content"] = Content
        policy = policy.model_copy(update=changes)
        self.save(organization.model_copy(update={"policies": {**organization.policies, PolicyId: policy}}))
        return {"Policy": policy_response(policy)}

    @operation("DeletePolicy")
    def delete_policy(self, *, PolicyId: str) -> dict[str, Any]:
        _, organization, _, policy = self.begin_on_policy("organizations:DeletePolicy", PolicyId)
        if policy.aws_managed:
            raise self.org_error("InvalidInputException", IMMUTABLE, "IMMUTABLE_POLICY")
        if any(PolicyId in ids for ids in target_attachments(organization).values()):
            raise self.org_error(
                "PolicyInUseException",
                "The policy is attached to one or more entities. You must detach it from all roots, OUs, and "
                "accounts before performing this operation.",
            )
        policies = {k: v for k, v in organization.policies.items() if k != PolicyId}
        self.save(organization.model_copy(update={"policies": policies}))
        return {}

    @operation("ListPolicies")
    def list_policies(
        self, *, Filter: str, NextToken: str | None = None, MaxResults: int | None = None
    ) -> dict[str, Any]:
        self.require_policy_type(Filter)
        _, organization, records = self.begin("organizations:ListPolicies", "*", {"organizations:PolicyType": Filter})
        found = [policy_summary(p) for p in self.all_policies(organization, records).values() if p.type == Filter]
        return self.page("Policies", found, NextToken, MaxResults)
