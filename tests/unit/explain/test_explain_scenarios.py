"""Explanations of real decisions: headline, steps that took part (with verdicts), nearest misses, fixes."""

from __future__ import annotations

import pytest
from explain_scenarios import (
    ACCOUNT,
    ALICE,
    BOB,
    CAROL,
    OTHER,
    REPORT,
    ROLE,
    SESSION,
    allow,
    decisive,
    deny,
    explain,
    grant,
    ip_policies,
    policy,
    reports_policies,
    step,
    verdicts,
)

from workbench.api import make_policy_set, make_request
from workbench.engine.authorize import authorize
from workbench.engine.policy_set import PolicySet
from workbench.errors import WorkbenchError
from workbench.explain import explain_decision


def test_identity_allow() -> None:
    e = explain(ALICE, "s3:GetObject", REPORT, reports_policies())
    assert e.decision.decision == "allowed"
    assert (
        e.headline == 'Allowed: "ReadReports" of identity policy 1 allows s3:GetObject, and nothing denies or limits it'
    )
    assert verdicts(e) == [("deny", "passed"), ("scp", "notApplicable"), ("identity", "allowed")]
    assert decisive(e) == ["identity"]
    assert step(e, "scp").text == "No SCPs: the caller's account is not in an organization."
    assert [ref.sid for ref in step(e, "identity").statements] == ["ReadReports"]
    assert e.nearest == () and e.fix_hint is None
    assert e.decision.trace is not None, "the explanation carries the traced decision"


def test_explicit_deny_in_identity_policy_wins_over_an_allow() -> None:
    policies = make_policy_set([policy(allow("s3:*", "*", "AllowS3"), deny("s3:DeleteObject", "*", "NeverDelete"))])
    e = explain(ALICE, "s3:DeleteObject", REPORT, policies)
    assert e.headline == (
        'Denied: "NeverDelete" of identity policy 1 explicitly denies s3:DeleteObject, and an explicit Deny always wins'
    )
    assert verdicts(e) == [("deny", "explicitDeny"), ("scp", "notApplicable"), ("identity", "explicitDeny")]
    assert decisive(e) == ["deny", "identity"]
    assert [ref.sid for ref in step(e, "deny").statements] == ["NeverDelete"]
    assert '"AllowS3" of identity policy 1 would allow it, but a Deny always wins' in step(e, "identity").text
    assert e.nearest == ()
    assert e.fix_hint is not None and 'narrow "NeverDelete" of identity policy 1' in e.fix_hint


def test_explicit_deny_in_bucket_policy() -> None:
    bucket = policy(
        {
            "Sid": "NoReads",
            "Effect": "Deny",
            "Principal": "*",
            "Action": "s3:GetObject",
            "Resource": "arn:aws:s3:::reports/*",
        }
    )
    policies = make_policy_set([policy(allow("s3:*", "*", "S3All"))], resource=bucket)
    e = explain(ALICE, "s3:GetObject", REPORT, policies)
    assert e.decision.decision == "explicitDeny"
    assert e.headline.startswith('Denied: "NoReads" of resource policy explicitly denies s3:GetObject')
    assert verdicts(e) == [
        ("deny", "explicitDeny"),
        ("scp", "notApplicable"),
        ("resource", "explicitDeny"),
        ("identity", "allowed"),
    ]
    assert step(e, "resource").title == "Resource-based policy (bucket policy)"
    assert step(e, "deny").statements[0].layer == "resource"
    assert not step(e, "identity").decisive


def test_no_policy_at_all() -> None:
    e = explain(ALICE, "s3:GetObject", REPORT, make_policy_set([]))
    assert e.headline == "Denied: no identity-based policy allows s3:GetObject"
    assert verdicts(e) == [("deny", "passed"), ("scp", "notApplicable"), ("identity", "implicitDeny")]
    assert decisive(e) == ["identity"]
    assert "has no identity-based policies at all" in step(e, "identity").text
    assert e.nearest == ()
    assert e.fix_hint == f"add an Allow for s3:GetObject on {REPORT} to an identity policy"


def test_nearest_statement_matches_the_resource_but_not_the_action() -> None:
    e = explain(ALICE, "s3:PutObject", REPORT, reports_policies())
    assert e.headline == "Denied: no identity-based policy allows s3:PutObject"
    # "NeverDelete" (Resource "*") also covers the resource, but it is a Deny: never a near Allow.
    assert [(n.statement.sid, n.missed) for n in e.nearest] == [("ReadReports", "action")]
    assert e.nearest[0].text == (
        'the nearest statement, "ReadReports" of identity policy 1 (line 4:5), matches the resource but '
        "not the "
        "action (its Action is s3:GetObject)"
    )
    assert e.fix_hint == f"add an Allow for s3:PutObject on {REPORT} to an identity policy"


def test_nearest_statement_matches_the_action_but_not_the_resource() -> None:
    policies = make_policy_set(
        [policy(allow("ec2:*", "*", "Ec2"), allow("s3:GetObject", "arn:aws:s3:::reports/*", "ReadReports"))]
    )
    e = explain(ALICE, "s3:GetObject", "arn:aws:s3:::private/q1.csv", policies)
    assert [(n.statement.sid, n.missed) for n in e.nearest] == [("ReadReports", "resource")]
    assert e.nearest[0].text.endswith(
        "matches the action but not the resource (its Resource is arn:aws:s3:::reports/*)"
    )


def test_nearest_ranks_a_failed_condition_before_a_wrong_action() -> None:
    policies = make_policy_set(
        [
            policy(
                allow("s3:PutObject", "arn:aws:s3:::reports/*", "WriteReports"),
                allow(
                    "s3:GetObject",
                    "arn:aws:s3:::reports/*",
                    "FromOffice",
                    Condition={"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}},
                ),
            )
        ]
    )
    e = explain(ALICE, "s3:GetObject", REPORT, policies, context={"aws:SourceIp": "198.51.100.7"})
    assert [(n.statement.sid, n.missed) for n in e.nearest] == [
        ("FromOffice", "condition"),
        ("WriteReports", "action"),
    ]
    assert e.nearest[1].text.startswith('also close, "WriteReports"')


def test_failing_ip_condition_shows_the_request_value() -> None:
    e = explain(ALICE, "s3:GetObject", REPORT, ip_policies(), context={"aws:SourceIp": "198.51.100.7"})
    assert e.headline == "Denied: no identity-based policy allows s3:GetObject"
    assert [(n.key, n.operator, n.text) for n in e.condition_failures] == [
        ("aws:SourceIp", "IpAddress", "aws:SourceIp was 198.51.100.7, which is not in 203.0.113.0/24")
    ]
    assert e.nearest[0].missed == "condition"
    assert e.nearest[0].text.endswith("aws:SourceIp was 198.51.100.7, which is not in 203.0.113.0/24")
    assert e.missing_context_keys == ()
    assert e.fix_hint is not None and e.fix_hint.startswith('"FromOffice" of identity policy 1 would allow this')


def test_missing_mfa_key_is_named() -> None:
    mfa = allow("s3:GetObject", "*", "NeedMfa", Condition={"Bool": {"aws:MultiFactorAuthPresent": "true"}})
    e = explain(ALICE, "s3:GetObject", REPORT, make_policy_set([policy(mfa)]))
    assert e.condition_failures[0].text.startswith("the request did not include aws:MultiFactorAuthPresent")
    assert e.missing_context_keys == ("aws:MultiFactorAuthPresent",)


def test_permissions_boundary_blocks() -> None:
    policies = make_policy_set([policy(allow("s3:*", "*", "S3All"))], boundary=policy(allow("ec2:*", "*", "Ec2Only")))
    e = explain(ALICE, "s3:GetObject", REPORT, policies)
    assert e.headline == "Denied: the permissions boundary does not allow s3:GetObject"
    assert verdicts(e)[2:] == [("identity", "allowed"), ("boundary", "implicitDeny")]
    assert decisive(e) == ["boundary"]
    assert [(n.statement.sid, n.statement.layer) for n in e.nearest] == [("Ec2Only", "boundary")]
    assert e.fix_hint is not None and e.fix_hint.endswith(
        "to the permissions boundary: the boundary caps what identity policies can grant"
    )


def test_session_policy_blocks() -> None:
    policies = make_policy_set([policy(allow("s3:*", "*", "S3All"))], session=policy(allow("ec2:*", "*", "Ec2Only")))
    e = explain(SESSION, "s3:GetObject", REPORT, policies)
    assert e.headline == "Denied: the session policy does not allow s3:GetObject"
    assert verdicts(e)[2:] == [("identity", "allowed"), ("session", "implicitDeny")]
    assert decisive(e) == ["session"]
    assert e.fix_hint == "create the session with a session policy that allows s3:GetObject, or with none"


def _scp_policies(blocked_level: int) -> PolicySet:
    levels = [[policy(allow("*", "*", "FullAWSAccess"))] for _ in range(3)]
    levels[blocked_level] = [policy(allow("ec2:*", "*", "Ec2Only"))]
    return make_policy_set([policy(allow("s3:*", "*", "S3All"))], scp_levels=levels)


@pytest.mark.parametrize(
    ("level", "name"),
    [
        (0, "the organization root (level 0)"),
        (1, "level 1 (an organizational unit)"),
        (2, "level 2 (the caller's account)"),
    ],
)
def test_scp_level_blocks_and_says_which_level(level: int, name: str) -> None:
    e = explain(ALICE, "s3:GetObject", REPORT, _scp_policies(level))
    assert e.decision.decision == "implicitDeny"  # AMB-01
    assert e.headline == f"Denied: no SCP attached at {name} allows s3:GetObject; every level must allow it"
    assert verdicts(e) == [("deny", "passed"), ("scp", "implicitDeny"), ("identity", "allowed")]
    assert decisive(e) == ["scp"]
    assert f"(attached there: SCP 1 at level {level})" in step(e, "scp").text
    assert [(n.statement.sid, n.statement.level) for n in e.nearest] == [("Ec2Only", level)]
    assert e.fix_hint is not None and f"at {name}" in e.fix_hint


def test_cross_account_with_only_the_identity_side() -> None:
    policies = make_policy_set([policy(allow("s3:GetObject", "*", "ReadAll"))])
    e = explain(CAROL, "s3:GetObject", REPORT, policies, resource_account=ACCOUNT)
    assert e.headline == "Denied: across accounts the bucket policy must also allow the caller, and it does not"
    assert ("resource", "implicitDeny") in verdicts(e) and ("identity", "allowed") in verdicts(e)
    assert decisive(e) == ["resource"]
    assert step(e, "resource").text.startswith("The target has no bucket policy.")
    assert e.fix_hint == (
        "across accounts both the caller's policy and the bucket policy must allow: add a statement to the "
        f'bucket policy with Principal {{"AWS": "{CAROL}"}} that allows s3:GetObject'
    )


def test_cross_account_with_only_the_bucket_side() -> None:
    bucket = policy(grant({"AWS": CAROL}, "s3:GetObject", "arn:aws:s3:::reports/*", "CarolReads"))
    e = explain(CAROL, "s3:GetObject", REPORT, make_policy_set([], resource=bucket), resource_account=ACCOUNT)
    assert e.headline.startswith("Denied: across accounts the caller's own policies must allow too")
    assert verdicts(e)[2:] == [("resource", "allowed"), ("identity", "implicitDeny")]
    assert decisive(e) == ["identity"]
    assert "the resource's side of a cross-account request" in step(e, "resource").text
    assert e.fix_hint is not None and "the bucket policy already does" in e.fix_hint


def test_cross_account_both_sides_allow() -> None:
    bucket = policy(grant({"AWS": OTHER}, "s3:GetObject", "arn:aws:s3:::reports/*", "TrustOther"))
    policies = make_policy_set([policy(allow("s3:GetObject", "*", "ReadAll"))], resource=bucket)
    e = explain(CAROL, "s3:GetObject", REPORT, policies, resource_account=ACCOUNT)
    assert e.decision.reason == "cross_account_both_allow"
    assert decisive(e) == ["resource", "identity"]
    assert f"the caller's whole account ({OTHER})" in step(e, "resource").text


def test_trust_policy_not_naming_the_caller() -> None:
    trust = policy(grant({"AWS": BOB}, "sts:AssumeRole", sid="TrustBob"))
    policies = make_policy_set([policy(allow("sts:AssumeRole", "*", "AssumeAny"))], resource=trust)
    e = explain(ALICE, "sts:AssumeRole", f"arn:aws:iam::{ACCOUNT}:role/admin", policies)
    assert e.headline == "Denied: the role's trust policy does not allow IAM user alice to assume it"
    assert ("resource", "implicitDeny") in verdicts(e)
    assert step(e, "resource").title == "Resource-based policy (trust policy)"
    assert decisive(e) == ["resource"]
    assert e.nearest[0].missed == "principal"
    assert e.nearest[0].text.endswith(f"its Principal names {BOB}, not IAM user alice")
    assert e.fix_hint == (
        f'the trust policy must name the caller: add {{"AWS": "{ALICE}"}} to the Principal of its Allow '
        "for sts:AssumeRole"
    )


def test_anonymous_public_read_and_write() -> None:
    bucket = policy(grant("*", "s3:GetObject", "arn:aws:s3:::site/*", "PublicRead"))
    policies = make_policy_set([], resource=bucket)
    read = explain(None, "s3:GetObject", "arn:aws:s3:::site/index.html", policies, resource_account=ACCOUNT)
    assert read.headline == 'Allowed: the bucket policy grants s3:GetObject to everyone (Principal "*")'
    assert verdicts(read) == [
        ("deny", "passed"),
        ("scp", "notApplicable"),
        ("resource", "allowed"),
        ("identity", "notApplicable"),
    ]
    assert step(read, "scp").text == "SCPs never apply to anonymous callers."
    assert decisive(read) == ["resource"]
    write = explain(None, "s3:PutObject", "arn:aws:s3:::site/index.html", policies, resource_account=ACCOUNT)
    assert write.decision.reason == "anonymous_no_public_grant"
    assert decisive(write) == ["resource"]
    assert [(n.statement.sid, n.missed) for n in write.nearest] == [("PublicRead", "action")]


def test_root_user_in_its_own_account() -> None:
    e = explain(f"arn:aws:iam::{ACCOUNT}:root", "s3:GetObject", REPORT, make_policy_set([]))
    assert e.headline == "Allowed: the root user needs no policy for its own account's resources; nothing denies it"
    assert verdicts(e) == [("deny", "passed"), ("scp", "notApplicable"), ("identity", "allowed")]
    assert decisive(e) == ["identity"]
    assert "needs none for its own account's resources" in step(e, "identity").text


def test_root_user_cannot_assume_roles() -> None:
    trust = policy(grant({"AWS": ACCOUNT}, "sts:AssumeRole"))
    e = explain(f"arn:aws:iam::{ACCOUNT}:root", "sts:AssumeRole", ROLE, make_policy_set([], resource=trust))
    assert e.headline == "Denied: the root user cannot assume roles"
    assert decisive(e) == ["identity"]


def test_get_caller_identity_ignores_an_explicit_deny() -> None:
    e = explain(ALICE, "sts:GetCallerIdentity", "*", make_policy_set([policy(deny("*", "*", "DenyAll"))]))
    assert e.decision.decision == "allowed"
    assert verdicts(e) == [("bypass", "allowed")]
    assert "not even an explicit Deny" in e.headline


def test_get_session_token_with_a_role_session() -> None:
    e = explain(SESSION, "sts:GetSessionToken", "*", make_policy_set([policy(allow("*", "*"))]))
    assert verdicts(e) == [("bypass", "implicitDeny")]
    assert e.headline.startswith("Denied: sts:GetSessionToken works only with long-term credentials")


def test_grant_to_the_callers_own_arn_is_not_capped_by_the_boundary() -> None:
    bucket = policy(grant({"AWS": ALICE}, "s3:GetObject", "arn:aws:s3:::reports/*", "Alice"))
    policies = make_policy_set([], resource=bucket, boundary=policy(allow("ec2:*", "*")))
    e = explain(ALICE, "s3:GetObject", REPORT, policies)
    assert e.headline == 'Allowed: "Alice" of resource policy grants s3:GetObject to the caller directly'
    assert decisive(e) == ["resource"]
    assert verdicts(e)[3:] == [("identity", "implicitDeny"), ("boundary", "implicitDeny")]
    assert "That does not block this request" in step(e, "boundary").text
    assert "That does not block this request" in step(e, "identity").text


def test_grant_to_the_role_still_needs_the_boundary() -> None:
    bucket = policy(grant({"AWS": ROLE}, "s3:GetObject", "arn:aws:s3:::reports/*", "AppRole"))
    policies = make_policy_set([], resource=bucket, boundary=policy(allow("ec2:*", "*")))
    e = explain(SESSION, "s3:GetObject", REPORT, policies)
    assert e.decision.reason == "boundary_no_allow"
    assert decisive(e) == ["boundary"]
    assert f"the role behind this session ({ROLE})" in step(e, "resource").text
    assert e.nearest[0].text.startswith("the nearest statement, statement 1 of permissions boundary")


def test_account_grant_delegates_to_identity_policies() -> None:
    bucket = policy(grant({"AWS": ACCOUNT}, "s3:GetObject", "arn:aws:s3:::reports/*", "Acct"))
    e = explain(ALICE, "s3:GetObject", REPORT, make_policy_set([], resource=bucket))
    assert e.decision.reason == "no_identity_allow"
    assert "Trusting the account grants nothing by itself" in step(e, "resource").text


def test_federated_user_without_a_session_policy() -> None:
    fed = f"arn:aws:sts::{ACCOUNT}:federated-user/bob"
    e = explain(fed, "s3:GetObject", REPORT, make_policy_set([policy(allow("s3:*", "*"))]))
    assert e.decision.reason == "federated_user_without_session_policy"
    assert verdicts(e)[-1] == ("session", "implicitDeny")
    assert decisive(e) == ["session"]


def test_service_principal_with_a_failing_source_arn() -> None:
    function = policy(
        grant(
            {"Service": "s3.amazonaws.com"},
            "lambda:InvokeFunction",
            "*",
            "FromUploads",
            Condition={"ArnLike": {"aws:SourceArn": "arn:aws:s3:::uploads"}},
        )
    )
    e = explain(
        "s3.amazonaws.com",
        "lambda:InvokeFunction",
        f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:f",
        make_policy_set([], resource=function),
        resource_account=ACCOUNT,
        context={"aws:SourceArn": "arn:aws:s3:::other"},
    )
    assert e.headline == "Denied: no function policy grants lambda:InvokeFunction to the service s3.amazonaws.com"
    assert step(e, "scp").text == "SCPs never apply to service principals."
    assert (
        e.condition_failures[0].text
        == "aws:SourceArn was arn:aws:s3:::other, which does not match arn:aws:s3:::uploads"
    )


def test_traced_and_untraced_decisions_explain_alike() -> None:
    policies = reports_policies()
    request = make_request(ALICE, "s3:PutObject", REPORT)
    untraced = explain_decision(authorize(request, policies), policies)
    traced = explain_decision(authorize(request, policies, trace=True), policies)
    assert untraced.model_dump(exclude={"decision"}) == traced.model_dump(exclude={"decision"})


def test_explaining_with_other_policies_is_refused() -> None:
    request = make_request(ALICE, "s3:GetObject", REPORT)
    decision = authorize(request, reports_policies())
    with pytest.raises(WorkbenchError) as raised:
        explain_decision(decision, make_policy_set([]))
    assert raised.value.code == "explain_decision_mismatch"


def test_scp_deny_binds_the_root_user() -> None:
    scps = [[policy(allow("*", "*", "FullAWSAccess"), deny("s3:*", "*", "NoS3"))]]
    e = explain(f"arn:aws:iam::{ACCOUNT}:root", "s3:GetObject", REPORT, make_policy_set([], scp_levels=scps))
    assert e.headline == (
        'Denied: "NoS3" of SCP 1 at level 0 explicitly denies s3:GetObject, and an explicit Deny always wins'
    )
    assert verdicts(e) == [("deny", "explicitDeny"), ("scp", "explicitDeny"), ("identity", "allowed")]
    assert decisive(e) == ["deny", "scp"]
    assert '"FullAWSAccess" of SCP 1 at level 0 would allow it' in step(e, "scp").text


def test_rcps_are_noted_as_not_covering_an_unsupported_service() -> None:
    rcp = policy(grant("*", "*", "*", "RCPFullAWSAccess"))
    policies = make_policy_set([policy(allow("ec2:*", "*"))], rcp_levels=[[rcp]])
    e = explain(ALICE, "ec2:RunInstances", "*", policies)
    assert e.decision.decision == "allowed"
    assert step(e, "rcp").verdict == "notApplicable"
    assert step(e, "rcp").text.startswith("RCPs do not cover ec2:")
    assert e.headline == (
        "Allowed: statement 1 of identity policy 1 allows ec2:RunInstances, and nothing denies or limits it"
    )
    assert step(e, "identity").text == (
        'Statement 1 of identity policy 1 allows ec2:RunInstances on "*" '
        "(this action has no resource-level permissions)."
    )


def test_trust_policy_trusting_the_account_needs_an_identity_allow_too() -> None:
    trust = policy(grant({"AWS": ACCOUNT}, "sts:AssumeRole", sid="TrustAccount"))
    role = f"arn:aws:iam::{ACCOUNT}:role/admin"
    allowed = explain(
        ALICE,
        "sts:AssumeRole",
        role,
        make_policy_set([policy(allow("sts:AssumeRole", role, "Assume"))], resource=trust),
    )
    assert allowed.headline == (
        'Allowed: the trust policy trusts the account, and "Assume" of identity policy 1 allows sts:AssumeRole'
    )
    assert decisive(allowed) == ["resource", "identity"]
    denied = explain(ALICE, "sts:AssumeRole", role, make_policy_set([], resource=trust))
    assert denied.decision.reason == "no_identity_allow"
    assert denied.fix_hint == (
        f"add an Allow for sts:AssumeRole on {role} to the caller's identity policy, or name the caller "
        f'({{"AWS": "{ALICE}"}}) in the trust policy'
    )


def test_cross_account_fix_for_a_role_session_names_the_role_not_the_session() -> None:
    """A session name changes every time; a Principal naming the role matches all its sessions."""
    session = f"arn:aws:sts::{OTHER}:assumed-role/analyst/frank"
    policies = make_policy_set([policy(allow("s3:GetObject", "*", "ReadAll"))])
    e = explain(session, "s3:GetObject", REPORT, policies, resource_account=ACCOUNT)
    assert e.fix_hint is not None
    assert f'Principal {{"AWS": "arn:aws:iam::{OTHER}:role/analyst"}}' in e.fix_hint


def test_a_near_miss_quotes_a_long_action_list_briefly_with_the_requests_service_first() -> None:
    actions = [f"svc{n}:Get*" for n in range(40)] + ["s3:Get*", "s3:List*"]
    policies = make_policy_set([policy(allow(actions, "*", "ReadOnly"))])
    e = explain(ALICE, "s3:PutObject", REPORT, policies)
    text = e.nearest[0].text
    assert "(its Action is s3:Get*, s3:List*, svc0:Get*, svc1:Get*, svc2:Get*, svc3:Get* and 36 more)" in text
