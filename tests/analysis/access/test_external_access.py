"""External access (R5): who outside the zone of trust reaches a resource, through which statement, and is it public."""

from __future__ import annotations

import pytest
from access_support import (
    EXTERNAL,
    A,
    B,
    C,
    bucket_with_policy,
    function_with_policy,
    grant,
    key_with_policy,
    org_id,
    role_with_trust,
    world,
)

from workbench.analysis import AnalysisError, ExternalAccessFinding, ZoneOfTrust, find_external_access

ACCOUNT_ZONE = ZoneOfTrust(type="ACCOUNT", account_id=A)
ORG_ZONE = ZoneOfTrust(type="ORGANIZATION", account_id=A)
OBJECTS = "arn:aws:s3:::reports/*"


def only(findings: tuple[ExternalAccessFinding, ...]) -> ExternalAccessFinding:
    assert len(findings) == 1, [f.principal for f in findings]
    return findings[0]


# -- public grants -------------------------------------------------------------------------------
def test_a_grant_to_everyone_is_a_public_finding_proven_by_an_anonymous_request() -> None:
    sim = world()
    bucket_with_policy(sim, "reports", grant("*", "s3:GetObject", OBJECTS, Sid="PublicRead"))
    finding = only(find_external_access(sim.state, ACCOUNT_ZONE))
    assert finding.is_public and finding.status == "ACTIVE"
    assert finding.principal == {"AWS": "*"} and finding.external_account is None
    assert finding.resource.arn == "arn:aws:s3:::reports" and finding.resource.type == "AWS::S3::Bucket"
    assert finding.actions == ("s3:GetObject",) and finding.conditions == {}
    assert finding.statement.sid == "PublicRead" and finding.statement.index == 0
    assert (finding.statement.line, finding.statement.column) == (4, 5)
    decision = finding.evidence.decision
    assert decision.allowed and decision.request.principal.type == "anonymous"
    assert decision.request.resource.arn.startswith("arn:aws:s3:::reports/")
    assert "everyone" in finding.evidence.explain().headline


def test_aws_star_is_the_same_as_principal_star() -> None:
    sim = world()
    bucket_with_policy(sim, "reports", grant({"AWS": "*"}, "s3:GetObject", OBJECTS))
    assert only(find_external_access(sim.state, ACCOUNT_ZONE)).is_public


def test_a_source_ip_condition_leaves_the_grant_public_but_conditioned() -> None:
    sim = world()
    condition = {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}
    bucket_with_policy(sim, "reports", grant("*", "s3:GetObject", OBJECTS, Condition=condition))
    finding = only(find_external_access(sim.state, ACCOUNT_ZONE))
    assert finding.is_public
    assert finding.conditions == {"IpAddress": {"aws:SourceIp": ("203.0.113.0/24",)}}
    context = finding.evidence.decision.request.normalised_context
    assert context["aws:sourceip"] == "203.0.113.1"


def test_a_source_vpc_condition_is_public_too() -> None:
    sim = world()
    condition = {"StringEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}}
    bucket_with_policy(sim, "reports", grant("*", "s3:GetObject", OBJECTS, Condition=condition))
    assert only(find_external_access(sim.state, ACCOUNT_ZONE)).is_public


def test_a_wildcard_in_principal_arn_admits_any_account_so_it_is_public() -> None:
    sim = world()
    condition = {"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/deploy"}}
    bucket_with_policy(sim, "reports", grant("*", "s3:GetObject", OBJECTS, Condition=condition))
    finding = only(find_external_access(sim.state, ACCOUNT_ZONE))
    assert finding.is_public
    principal = finding.evidence.decision.request.principal
    assert principal.type == "assumed-role" and str(principal.role_arn).endswith(":role/deploy")


def test_a_negated_org_test_in_an_allow_admits_everyone_outside_the_org() -> None:
    sim = world(organization=True)
    condition = {"StringNotEquals": {"aws:PrincipalOrgID": org_id(sim)}}
    bucket_with_policy(sim, "reports", grant("*", "s3:GetObject", OBJECTS, Condition=condition))
    assert only(find_external_access(sim.state, ORG_ZONE)).is_public


# -- conditions that pin who the caller is -------------------------------------------------------
def test_principal_org_id_of_our_organization_gives_no_finding_to_an_organization_analyzer() -> None:
    sim = world(organization=True)
    condition = {"StringEquals": {"aws:PrincipalOrgID": org_id(sim)}}
    bucket_with_policy(sim, "reports", grant("*", "s3:GetObject", OBJECTS, Condition=condition))
    assert find_external_access(sim.state, ORG_ZONE) == ()


def test_principal_org_id_gives_an_account_analyzer_a_non_public_finding_for_the_other_members() -> None:
    sim = world(organization=True)
    condition = {"StringEquals": {"aws:PrincipalOrgID": org_id(sim)}}
    bucket_with_policy(sim, "reports", grant("*", "s3:GetObject", OBJECTS, Condition=condition))
    finding = only(find_external_access(sim.state, ACCOUNT_ZONE))
    assert not finding.is_public
    assert finding.principal == {"AWS": "*"}
    assert finding.external_account == B
    assert org_id(sim) in finding.reached_by
    assert finding.evidence.decision.request.normalised_context["aws:principalorgid"] == org_id(sim)


def test_an_org_id_the_simulation_does_not_hold_is_external_but_not_public() -> None:
    sim = world(organization=True)
    condition = {"StringEquals": {"aws:PrincipalOrgID": "o-theirs12345"}}
    bucket_with_policy(sim, "reports", grant("*", "s3:GetObject", OBJECTS, Condition=condition))
    finding = only(find_external_access(sim.state, ORG_ZONE))
    assert not finding.is_public and "o-theirs12345" in finding.reached_by


def test_principal_account_of_the_zone_gives_no_finding_and_of_another_account_a_cross_account_one() -> None:
    sim = world()
    own = {"StringEquals": {"aws:PrincipalAccount": A}}
    bucket_with_policy(sim, "reports", grant("*", "s3:GetObject", OBJECTS, Condition=own))
    assert find_external_access(sim.state, ACCOUNT_ZONE) == ()
    other = {"StringEquals": {"aws:PrincipalAccount": C}}
    bucket_with_policy(sim, "reports", grant("*", "s3:GetObject", OBJECTS, Condition=other))
    finding = only(find_external_access(sim.state, ACCOUNT_ZONE))
    assert not finding.is_public and finding.external_account == C


def test_a_deny_that_only_spares_the_organization_narrows_a_public_allow() -> None:
    sim = world(organization=True)
    statements = (
        grant("*", "s3:GetObject", OBJECTS),
        {
            "Effect": "Deny",
            "Principal": "*",
            "Action": "s3:*",
            "Resource": OBJECTS,
            "Condition": {"StringNotEquals": {"aws:PrincipalOrgID": org_id(sim)}},
        },
    )
    bucket_with_policy(sim, "reports", *statements)
    assert find_external_access(sim.state, ORG_ZONE) == ()
    assert not only(find_external_access(sim.state, ACCOUNT_ZONE)).is_public


def test_a_deny_that_blocks_everything_leaves_no_finding() -> None:
    sim = world()
    deny = {"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": [OBJECTS, "arn:aws:s3:::reports"]}
    bucket_with_policy(sim, "reports", grant("*", "s3:GetObject", OBJECTS), deny)
    assert find_external_access(sim.state, ACCOUNT_ZONE) == ()


# -- specific principals -------------------------------------------------------------------------
def test_a_grant_to_another_account_is_a_cross_account_finding_unless_it_is_in_the_organization() -> None:
    sim = world(organization=True)
    bucket_with_policy(sim, "reports", grant({"AWS": B}, "s3:GetObject", OBJECTS))
    finding = only(find_external_access(sim.state, ACCOUNT_ZONE))
    assert (finding.principal, finding.is_public, finding.external_account) == ({"AWS": B}, False, B)
    assert find_external_access(sim.state, ORG_ZONE) == ()


def test_one_finding_per_principal_named_and_none_for_the_own_account_or_services() -> None:
    sim = world()
    sim.client("iam", sim.root_credentials(C)).create_user(UserName="carol")
    principals = {
        "AWS": [f"arn:aws:iam::{A}:root", f"arn:aws:iam::{C}:user/carol", EXTERNAL],
        "Service": "logging.s3.amazonaws.com",
    }
    bucket_with_policy(sim, "reports", grant(principals, "s3:PutObject", OBJECTS))
    findings = find_external_access(sim.state, ACCOUNT_ZONE)
    assert sorted(f.principal_value for f in findings) == sorted([f"arn:aws:iam::{C}:user/carol", EXTERNAL])
    carol = next(f for f in findings if f.principal_value.endswith("carol"))
    assert carol.evidence.decision.request.principal.arn == f"arn:aws:iam::{C}:user/carol"
    assert carol.external_account == C


def test_a_trust_policy_naming_another_account_is_a_finding_with_its_external_id_condition() -> None:
    sim = world()
    condition = {"StringEquals": {"sts:ExternalId": "Unique-Ext-123"}}
    role_with_trust(sim, "vendor", grant({"AWS": f"arn:aws:iam::{C}:root"}, "sts:AssumeRole", Condition=condition))
    role_with_trust(sim, "local", grant({"AWS": A}, "sts:AssumeRole"))
    role_with_trust(sim, "web", grant({"Service": "ec2.amazonaws.com"}, "sts:AssumeRole"))
    finding = only(find_external_access(sim.state, ACCOUNT_ZONE))
    assert finding.resource.type == "AWS::IAM::Role" and finding.resource.name == "vendor"
    assert finding.conditions == {"StringEquals": {"sts:ExternalId": ("Unique-Ext-123",)}}
    request = finding.evidence.decision.request
    assert request.action == "sts:AssumeRole" and request.normalised_context["sts:externalid"] == "Unique-Ext-123"


def test_a_trust_policy_naming_a_role_of_another_account_is_reached_by_a_session_of_that_role() -> None:
    sim = world()
    role_with_trust(sim, "ci", grant({"Service": "codebuild.amazonaws.com"}, "sts:AssumeRole"), owner=C)
    role_with_trust(sim, "chain", grant({"AWS": f"arn:aws:iam::{C}:role/ci"}, "sts:AssumeRole"))
    principal = only(find_external_access(sim.state, ACCOUNT_ZONE)).evidence.decision.request.principal
    assert principal.type == "assumed-role" and principal.role_arn == f"arn:aws:iam::{C}:role/ci"


def test_key_policies_and_function_policies_are_analyzed() -> None:
    sim = world()
    key_with_policy(
        sim,
        "k-1",
        grant({"AWS": f"arn:aws:iam::{A}:root"}, "kms:*", "*"),
        grant({"AWS": f"arn:aws:iam::{C}:root"}, ["kms:Decrypt", "kms:DescribeKey"], "*"),
    )
    function_with_policy(
        sim,
        "thumbnails",
        grant({"Service": "s3.amazonaws.com"}, "lambda:InvokeFunction", "*"),
        grant({"AWS": C}, "lambda:InvokeFunction", "*"),
    )
    findings = find_external_access(sim.state, ACCOUNT_ZONE)
    assert sorted(f.resource.type for f in findings) == ["AWS::KMS::Key", "AWS::Lambda::Function"]
    key = next(f for f in findings if f.resource.type == "AWS::KMS::Key")
    assert key.evidence.decision.request.normalised_context["kms:calleraccount"] == C


def test_kms_caller_account_on_everyone_narrows_the_grant_to_that_account() -> None:
    sim = world()
    condition = {"StringEquals": {"kms:CallerAccount": C}}
    key_with_policy(sim, "k-2", grant("*", "kms:Decrypt", "*", Condition=condition))
    finding = only(find_external_access(sim.state, ACCOUNT_ZONE))
    assert not finding.is_public and finding.external_account == C


def test_source_account_on_everyone_is_a_service_acting_for_that_account() -> None:
    sim = world()
    condition = {"StringEquals": {"aws:SourceAccount": C}}
    function_with_policy(sim, "hook", grant("*", "lambda:InvokeFunction", "*", Condition=condition))
    finding = only(find_external_access(sim.state, ACCOUNT_ZONE))
    assert not finding.is_public and finding.external_account == C
    assert finding.evidence.decision.request.principal.type == "service"


# -- what grants nothing ---------------------------------------------------------------------------
def test_allow_with_not_principal_grants_nothing_so_it_is_no_finding() -> None:
    sim = world()
    statement = {"Effect": "Allow", "NotPrincipal": {"AWS": B}, "Action": "s3:GetObject", "Resource": OBJECTS}
    bucket_with_policy(sim, "reports", statement)
    assert find_external_access(sim.state, ACCOUNT_ZONE) == ()


def test_restrict_public_buckets_cuts_outsiders_off_a_public_policy() -> None:
    sim = world()
    bucket_with_policy(sim, "reports", grant("*", "s3:GetObject", OBJECTS))
    settings = {
        "BlockPublicAcls": False,
        "IgnorePublicAcls": False,
        "BlockPublicPolicy": False,
        "RestrictPublicBuckets": True,
    }
    sim.client("s3", sim.root_credentials(A)).put_public_access_block(
        Bucket="reports", PublicAccessBlockConfiguration=settings
    )
    assert find_external_access(sim.state, ACCOUNT_ZONE) == ()


def test_time_bound_grants_are_judged_at_the_time_asked() -> None:
    sim = world()
    condition = {"DateLessThan": {"aws:CurrentTime": "2026-02-01T00:00:00Z"}}
    bucket_with_policy(sim, "reports", grant({"AWS": C}, "s3:GetObject", OBJECTS, Condition=condition))
    assert len(find_external_access(sim.state, ACCOUNT_ZONE, now=sim.clock.now())) == 1
    later = sim.clock.advance(days=60)
    assert find_external_access(sim.state, ACCOUNT_ZONE, now=later) == ()


def test_other_accounts_resources_are_not_analyzed_by_an_account_analyzer() -> None:
    sim = world()
    bucket_with_policy(sim, "theirs", grant("*", "s3:GetObject", "arn:aws:s3:::theirs/*"), owner=C)
    assert find_external_access(sim.state, ACCOUNT_ZONE) == ()
    assert only(find_external_access(sim.state, ZoneOfTrust(type="ACCOUNT", account_id=C))).is_public


# -- identity and determinism ----------------------------------------------------------------------
def test_ids_are_stable_and_independent_of_statement_order_and_condition_spelling() -> None:
    sim = world()
    first = grant({"AWS": C}, "s3:GetObject", OBJECTS, Condition={"Bool": {"aws:SecureTransport": "true"}})
    bucket_with_policy(sim, "reports", first)
    before = only(find_external_access(sim.state, ACCOUNT_ZONE)).id
    again = grant({"AWS": C}, "s3:GetObject", OBJECTS, Condition={"bool": {"AWS:SecureTransport": "true"}})
    bucket_with_policy(sim, "reports", grant({"AWS": A}, "s3:*", OBJECTS), again)
    assert only(find_external_access(sim.state, ACCOUNT_ZONE)).id == before
    assert find_external_access(sim.state, ACCOUNT_ZONE) == find_external_access(sim.state, ACCOUNT_ZONE)


def test_an_organization_zone_needs_an_organization() -> None:
    with pytest.raises(AnalysisError) as raised:
        find_external_access(world().state, ORG_ZONE)
    assert raised.value.code == "analysis_no_organization"


def test_an_organization_analyzer_covers_every_member_account() -> None:
    sim = world(organization=True)
    bucket_with_policy(sim, "member-data", grant({"AWS": C}, "s3:GetObject", "arn:aws:s3:::member-data/*"), owner=B)
    finding = only(find_external_access(sim.state, ORG_ZONE))
    assert finding.resource.account_id == B and finding.external_account == C


def test_a_trust_policy_open_to_everyone_is_public_proven_by_a_stranger_never_an_anonymous_caller() -> None:
    sim = world()
    condition = {"StringEquals": {"sts:ExternalId": "guessable"}}
    role_with_trust(sim, "anyone", grant("*", "sts:AssumeRole", Condition=condition))
    finding = only(find_external_access(sim.state, ACCOUNT_ZONE))
    assert finding.is_public and finding.conditions == {"StringEquals": {"sts:ExternalId": ("guessable",)}}
    principal = finding.evidence.decision.request.principal
    assert principal.type == "user" and principal.account not in (A, B, C)
    assert "any AWS account" in finding.reached_by


def test_web_identity_trust_is_not_analyzed_since_the_engine_has_no_such_caller() -> None:
    sim = world()
    iam = sim.client("iam", sim.root_credentials(A))
    provider = iam.create_open_id_connect_provider(
        Url="https://token.actions.githubusercontent.com", ClientIDList=["sts.amazonaws.com"], ThumbprintList=["a" * 40]
    )["OpenIDConnectProviderArn"]
    role_with_trust(sim, "github", grant({"Federated": provider}, "sts:AssumeRoleWithWebIdentity"))
    assert find_external_access(sim.state, ACCOUNT_ZONE) == ()


def test_not_action_grants_are_reported_with_the_actions_they_leave_out() -> None:
    sim = world()
    statement = {
        "Effect": "Allow",
        "Principal": {"AWS": C},
        "NotAction": ["s3:Delete*", "s3:Put*"],
        "Resource": ["arn:aws:s3:::reports", OBJECTS],
    }
    bucket_with_policy(sim, "reports", statement)
    finding = only(find_external_access(sim.state, ACCOUNT_ZONE))
    assert finding.actions == () and finding.not_actions == ("s3:Delete*", "s3:Put*")
    action = finding.evidence.decision.request.action
    assert not action.startswith(("s3:Delete", "s3:Put"))


def test_a_user_id_names_one_principal_so_it_is_not_public() -> None:
    sim = world()
    carol = sim.client("iam", sim.root_credentials(C)).create_user(UserName="carol")["User"]
    for userid, account in ((carol["UserId"], C), ("AIDAUNKNOWNUSER00001", None)):
        condition = {"StringEquals": {"aws:userid": userid}}
        bucket_with_policy(sim, "reports", grant("*", "s3:GetObject", OBJECTS, Condition=condition))
        finding = only(find_external_access(sim.state, ACCOUNT_ZONE))
        assert not finding.is_public
        assert finding.external_account == account or (account is None and finding.external_account not in (A, B, C))
    anyone_in_a_role = {"StringLike": {"aws:userid": "*:deploy-session"}}
    bucket_with_policy(sim, "reports", grant("*", "s3:GetObject", OBJECTS, Condition=anyone_in_a_role))
    assert only(find_external_access(sim.state, ACCOUNT_ZONE)).is_public
