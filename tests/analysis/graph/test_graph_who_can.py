"""Who can do what: every principal that can perform an action on a resource, how, with the engine's decision."""

from __future__ import annotations

from graph_support import ALPHA, BRAVO, PARTNER, allow, doc, role_arn, trust, user_arn, world

from workbench.account.facade import Sandbox
from workbench.analysis.principals import PrincipalIndex
from workbench.analysis.reach import reach
from workbench.analysis.who_can import who_can
from workbench.explain import explain_decision, render_text

REPORT = "arn:aws:s3:::reports/q1.csv"
READ = doc(allow("s3:GetObject", "arn:aws:s3:::reports/*"))


def chain_world() -> Sandbox:
    """alice → role A → role B; only B can read the reports; bob reads them through his group."""
    sandbox, (alpha,) = world(ALPHA)
    alice = alpha.create_user("alice")
    alpha.create_user("bob", groups=["readers"])
    alpha.group("readers").put_policy("read", READ)
    a = alpha.create_role("A", trusted=[alice])
    alpha.create_role("B", trusted=[a], inline={"read": READ})
    alpha.create_user("carol", inline={"read": READ})
    return sandbox


def test_direct_group_and_chained_access() -> None:
    found = {(a.principal, a.acting_as): a for a in who_can(chain_world(), "s3:GetObject", REPORT)}
    assert set(found) == {
        (user_arn("carol"), user_arn("carol")),
        (user_arn("bob"), user_arn("bob")),
        (role_arn("B"), role_arn("B")),
        (role_arn("A"), role_arn("B")),
        (user_arn("alice"), role_arn("B")),
    }
    carol = found[(user_arn("carol"), user_arn("carol"))]
    assert carol.how == ("identity policy",) and carol.chain == (user_arn("carol"),)
    assert carol.decision is not None and carol.decision.allowed and carol.reason == "identity_allows"
    assert carol.explanation.startswith(f"{user_arn('carol')} → s3:GetObject on {REPORT}: allowed")
    bob = found[(user_arn("bob"), user_arn("bob"))]
    assert bob.how == ("group policy",) and bob.groups == ("readers",)
    alice = found[(user_arn("alice"), role_arn("B"))]
    assert alice.how == ("assumed role", "identity policy")
    assert alice.chain == (user_arn("alice"), role_arn("A"), role_arn("B"))
    assert alice.explanation.startswith("by assuming roles (alice → A → B): ")


def test_results_are_sorted_and_plain_data() -> None:
    found = who_can(chain_world(), "s3:GetObject", REPORT)
    assert [a.principal for a in found] == sorted(a.principal for a in found)
    dumped = found[0].model_dump()
    assert "decision" not in dumped and dumped["principal"] == found[0].principal


def test_resource_policy_grants_and_cross_account() -> None:
    sandbox, (alpha, bravo) = world(ALPHA, BRAVO)
    alpha.create_user("dora")  # no identity policy: the bucket policy names her
    bravo.create_user("erin", inline={"read": READ})
    bravo.create_user("frank")  # cross-account: the bucket policy alone is not enough (E10)
    bucket_policy = doc(
        {
            "Effect": "Allow",
            "Principal": {"AWS": [user_arn("dora"), BRAVO, PARTNER]},
            "Action": "s3:GetObject",
            "Resource": "arn:aws:s3:::reports/*",
        }
    )
    asked = who_can(sandbox, "s3:GetObject", REPORT, resource_policy=bucket_policy, resource_account=ALPHA)
    found = {a.principal: a for a in asked}
    assert set(found) == {user_arn("dora"), user_arn("erin", BRAVO), f"arn:aws:iam::{PARTNER}:root"}
    assert found[user_arn("dora")].how == ("resource policy",)
    assert found[user_arn("erin", BRAVO)].how == ("cross-account", "resource policy", "identity policy")
    assert found[f"arn:aws:iam::{PARTNER}:root"].principal_kind == "account"


def test_cross_account_role() -> None:
    sandbox, (alpha, bravo) = world(ALPHA, BRAVO)
    bravo.create_user("gina", inline={"assume": doc(allow("sts:AssumeRole", role_arn("reader")))})
    alpha.create_role("reader", trusted=BRAVO, inline={"read": READ})
    found = {a.principal: a for a in who_can(sandbox, "s3:GetObject", REPORT)}
    gina = found[user_arn("gina", BRAVO)]
    assert gina.acting_as == role_arn("reader") and gina.how == ("assumed role", "identity policy")


def test_conditional_access_is_labelled() -> None:
    sandbox, (alpha,) = world(ALPHA)
    office = {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}
    alpha.create_user("hal", inline={"read": doc(allow("s3:GetObject", "*", Condition=office))})
    mfa = {"Bool": {"aws:MultiFactorAuthPresent": "true"}}
    alpha.create_user("ivy", inline={"assume": doc(allow("sts:AssumeRole"))})
    alpha.create_role("reader", trust=trust({"AWS": ALPHA}, condition=mfa), inline={"read": READ})
    found = {a.principal: a for a in who_can(sandbox, "s3:GetObject", REPORT)}
    assert [c.label for c in found[user_arn("hal")].conditions] == ["requires source IP in 203.0.113.0/24"]
    assert found[user_arn("ivy")].conditional and [c.label for c in found[user_arn("ivy")].conditions] == [
        "requires MFA"
    ]
    assert not found[role_arn("reader")].conditional


def test_who_can_assume_a_role_uses_its_trust_policy() -> None:
    sandbox, (alpha,) = world(ALPHA)
    alice = alpha.create_user("alice")
    alpha.create_user("bob", inline={"assume": doc(allow("sts:AssumeRole"))})
    alpha.create_role("app", trusted=[alice])
    found = [a.principal for a in who_can(sandbox, "sts:AssumeRole", role_arn("app"))]
    assert found == [user_arn("alice")]


def test_reach_of_a_principal() -> None:
    sandbox = chain_world()
    found = reach(sandbox, user_arn("alice"), resources=[REPORT, role_arn("A"), role_arn("B")])
    assert [(r.resource, r.action, r.acting_as) for r in found] == [
        ("arn:aws:iam::111111111111:role/A", "sts:AssumeRole", user_arn("alice")),
        ("arn:aws:iam::111111111111:role/B", "sts:AssumeRole", role_arn("A")),
        (REPORT, "s3:GetObject", role_arn("B")),
    ]
    report = found[-1]
    assert report.chain == (user_arn("alice"), role_arn("A"), role_arn("B")) and report.resource_kind == "object"


def test_reach_default_actions_and_known_resources() -> None:
    sandbox, (alpha,) = world(ALPHA)
    alpha.create_user("ops", inline={"iam": doc(allow(["iam:GetUser", "iam:ListAccessKeys"], "*"))})
    alpha.create_user("other")
    found = {(r.resource, r.action) for r in reach(sandbox, user_arn("ops"))}
    assert found == {
        (user_arn(name), action) for name in ("ops", "other") for action in ("iam:GetUser", "iam:ListAccessKeys")
    }
    explicit = reach(sandbox, user_arn("ops"), actions=["iam:GetUser"], resources=[user_arn("other")])
    assert [(r.resource, r.action) for r in explicit] == [(user_arn("other"), "iam:GetUser")]


def test_an_access_explains_in_full() -> None:
    index = PrincipalIndex(chain_world().sim.state)
    bob = next(a for a in who_can(index, "s3:GetObject", REPORT) if a.principal == user_arn("bob"))
    policies = index.policy_set(index.principal(bob.acting_as), index.target(REPORT))
    text = render_text(explain_decision(bob.decision, policies))
    assert "group readers inline policy read" in text
