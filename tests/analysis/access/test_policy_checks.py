"""Policy checks: "no new access" between versions and "grants more" for fixed actions and resources, on samples."""

from __future__ import annotations

from typing import Any

import pytest

from workbench.analysis import AnalysisError, check_no_new_access, compare_access, grants_more
from workbench.engine.policy_set import PolicySet
from workbench.policy.parse import parse_policy

REPORTS = "arn:aws:s3:::reports/*"


def policy(*statements: dict[str, Any]) -> dict[str, Any]:
    return {"Version": "2012-10-17", "Statement": list(statements)}


def allow(action: Any, resource: Any = REPORTS, **extra: Any) -> dict[str, Any]:
    return {"Effect": "Allow", "Action": action, "Resource": resource, **extra}


def test_adding_an_action_is_new_access_shown_as_the_request_that_differs() -> None:
    old = policy(allow("s3:GetObject"))
    new = policy(allow(["s3:GetObject", "s3:PutObject"]))
    comparison = check_no_new_access(old, new)
    assert comparison.result == "FAIL" and comparison.grants_more
    (difference,) = comparison.added
    assert (difference.action, difference.resource) == ("s3:PutObject", "arn:aws:s3:::reports/analysis-sample")
    assert (difference.old, difference.new) == ("implicitDeny", "allowed")
    assert difference.principal == "arn:aws:iam::111122223333:user/analysis-subject"
    assert difference.granted_by[0].layer == "identity"
    assert comparison.removed == ()
    back = check_no_new_access(new, old)
    assert back.result == "PASS" and [d.action for d in back.removed] == ["s3:PutObject"]


def test_identical_policies_pass_and_the_check_is_deterministic() -> None:
    document = policy(allow("s3:Get*"), allow("iam:ListUsers", "*"))
    first = check_no_new_access(document, document)
    assert first.result == "PASS" and first.requests_checked > 30 and not first.truncated
    assert first == check_no_new_access(document, document)


def test_widening_the_resource_is_new_access_on_an_arn_outside_the_old_pattern() -> None:
    comparison = check_no_new_access(policy(allow("s3:GetObject")), policy(allow("s3:GetObject", "*")))
    assert "arn:aws:s3:::analysis-outside/analysis-outside" in {d.resource for d in comparison.added}
    assert not any(d.resource.startswith("arn:aws:s3:::reports/") for d in comparison.added)


def test_dropping_a_condition_is_new_access_for_the_requests_it_used_to_refuse() -> None:
    narrow = policy(allow("s3:GetObject", Condition={"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}))
    comparison = check_no_new_access(narrow, policy(allow("s3:GetObject")))
    contexts = [d.context for d in comparison.added]
    assert {"aws:SourceIp": "198.51.100.7"} in contexts and {} in contexts
    assert all(c.get("aws:SourceIp") != "10.0.0.1" for c in contexts)
    assert check_no_new_access(policy(allow("s3:GetObject")), narrow).result == "PASS"


def test_a_not_action_allow_is_new_access_to_its_complement() -> None:
    everything_but_iam = {"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}
    comparison = check_no_new_access(policy(allow("s3:*", "*")), policy(everything_but_iam))
    assert comparison.result == "FAIL"
    gained = {d.action for d in comparison.added}
    assert {"ec2:RunInstances", "lambda:InvokeFunction"} <= gained
    assert not any(action.startswith(("iam:", "s3:")) for action in gained)


def test_a_new_deny_removes_access_and_adds_none() -> None:
    old = policy(allow("s3:*", "*"))
    new = policy(allow("s3:*", "*"), {"Effect": "Deny", "Action": "s3:DeleteObject", "Resource": "*"})
    comparison = check_no_new_access(old, new)
    assert comparison.result == "PASS"
    assert {d.action for d in comparison.removed} == {"s3:DeleteObject"}
    assert {d.new for d in comparison.removed} == {"explicitDeny"}


def test_policy_variables_are_instantiated_for_the_subject() -> None:
    own_home = policy(allow("s3:GetObject", "arn:aws:s3:::home/${aws:username}/*"))
    everyone = policy(allow("s3:GetObject", "arn:aws:s3:::home/*"))
    comparison = check_no_new_access(own_home, everyone)
    assert [d.resource for d in comparison.added] == ["arn:aws:s3:::home/analysis-sample"]


def test_grants_more_for_fixed_actions_and_resources() -> None:
    broad = policy(allow("s3:Get*"))
    narrow = policy(allow("s3:GetObject"))
    fixed = {"actions": ["s3:GetObject", "s3:GetObjectTagging"], "resources": ["arn:aws:s3:::reports/q1.csv"]}
    more = grants_more(broad, narrow, **fixed)
    assert more.grants_more and [(d.action, d.resource) for d in more.added] == [
        ("s3:GetObjectTagging", "arn:aws:s3:::reports/q1.csv")
    ]
    assert more.requests_checked == 2
    assert not grants_more(narrow, broad, **fixed).grants_more
    assert grants_more(broad, narrow, actions=["s3:GetObject*"], resources=["arn:aws:s3:::reports/*"]).grants_more


def test_resource_policies_compare_the_callers_their_principals_name() -> None:
    partner = policy(allow("s3:GetObject", Principal={"AWS": "222222222222"}))
    public = policy(allow("s3:GetObject", Principal="*"))
    comparison = check_no_new_access(partner, public, policy_type="resource")
    callers = {d.principal for d in comparison.added}
    assert "anonymous" in callers and "arn:aws:iam::999999999999:user/analysis-outsider" in callers
    assert "arn:aws:iam::222222222222:user/analysis-member" not in callers


def test_policy_sets_are_compared_whole_boundaries_included() -> None:
    identity = parse_policy(policy(allow("s3:*", "*")))
    boundary = parse_policy(policy(allow("s3:GetObject", "*")))
    comparison = compare_access(PolicySet(identity=(identity,), boundary=boundary), PolicySet(identity=(identity,)))
    assert comparison.result == "FAIL"
    assert "s3:GetObject" not in {d.action for d in comparison.added}


def test_the_bound_is_reported_when_it_cuts_the_sample() -> None:
    comparison = check_no_new_access(policy(allow("s3:*", "*")), policy(allow("*", "*")), max_requests=10)
    assert comparison.requests_checked == 10 and comparison.truncated


def test_a_given_principal_is_the_one_who_asks() -> None:
    comparison = check_no_new_access(
        policy(allow("s3:GetObject")), policy(allow("s3:PutObject")), principal="arn:aws:iam::123456789012:user/dev"
    )
    assert {d.principal for d in (*comparison.added, *comparison.removed)} == {"arn:aws:iam::123456789012:user/dev"}


def test_mistakes_are_typed_errors() -> None:
    with pytest.raises(AnalysisError) as raised:
        check_no_new_access("{not json", policy(allow("s3:GetObject")))
    assert raised.value.code == "analysis_bad_policy"
    with pytest.raises(AnalysisError) as raised:
        grants_more(policy(allow("s3:GetObject")), policy(allow("s3:GetObject")), actions=[], resources=["*"])
    assert raised.value.code == "analysis_no_actions"
    with pytest.raises(AnalysisError) as raised:
        check_no_new_access(
            policy(allow("s3:GetObject")),
            policy(allow("s3:GetObject")),
            principal="arn:aws:iam::123456789012:group/devs",
        )
    assert raised.value.code == "analysis_bad_principal"


@pytest.mark.parametrize(
    "condition",
    [{"StringEquals": {"aws:PrincipalAccount": "444455556666"}}, {"StringEquals": {"aws:PrincipalOrgID": "o-abc"}}],
)
def test_no_request_is_invented_for_a_caller_who_could_not_make_it(condition: dict[str, Any]) -> None:
    """An anonymous caller carries no identity keys; an outsider's account is its own, not a sampled one."""
    account_only = policy(allow("s3:GetObject", Principal={"AWS": "444455556666"}))
    star_with_condition = policy(allow("s3:GetObject", Principal="*", Condition=condition))
    added = check_no_new_access(account_only, star_with_condition, policy_type="resource").added
    assert all(d.principal != "anonymous" for d in added)
    assert all(d.context.get("aws:principalaccount") is None for d in added)
    unconditional = policy(allow("s3:GetObject", Principal="*"))
    assert {d.principal for d in check_no_new_access(account_only, unconditional, policy_type="resource").added} >= {
        "anonymous"
    }
