"""Who can assume what: edges decided by the engine (E9, E10, S1, SCPs), conditional edges labelled, never dropped."""

from __future__ import annotations

from graph_support import (
    ALPHA,
    BRAVO,
    PARTNER,
    allow,
    deny,
    doc,
    organization_with_scp,
    role_arn,
    trust,
    user_arn,
    world,
)

from workbench.analysis.assume_graph import who_can_assume
from workbench.analysis.principals import PrincipalIndex

ASSUME_ANY = doc(allow("sts:AssumeRole"))


def test_trust_naming_the_user_needs_no_identity_policy() -> None:
    sandbox, (alpha,) = world(ALPHA)
    alice = alpha.create_user("alice")
    alpha.create_role("app", trusted=[alice])
    graph = who_can_assume(sandbox)
    edge = graph.edge(user_arn("alice"), role_arn("app"))
    assert edge is not None and not edge.conditional and edge.label == "can assume"
    assert edge.reason == "resource_policy_grant" and edge.how == "the trust policy names the caller"


def test_trust_naming_the_account_needs_an_identity_allow() -> None:
    sandbox, (alpha,) = world(ALPHA)
    alpha.create_user("alice", inline={"assume": ASSUME_ANY})
    alpha.create_user("bob")
    alpha.create_role("app", trusted=ALPHA)
    graph = who_can_assume(sandbox)
    assert graph.edge(user_arn("alice"), role_arn("app")) is not None
    assert graph.edge(user_arn("bob"), role_arn("app")) is None


def test_role_chain_edges() -> None:
    sandbox, (alpha,) = world(ALPHA)
    alice = alpha.create_user("alice")
    a = alpha.create_role("A", trusted=[alice])
    alpha.create_role("B", trusted=[a])
    graph = who_can_assume(sandbox)
    assert [(e.source, e.target) for e in graph.edges] == [
        (role_arn("A"), role_arn("B")),
        (user_arn("alice"), role_arn("A")),
    ]


def test_mfa_condition_labels_the_edge() -> None:
    sandbox, (alpha,) = world(ALPHA)
    alpha.create_user("alice", inline={"assume": ASSUME_ANY})
    mfa = {"Bool": {"aws:MultiFactorAuthPresent": "true"}}
    alpha.create_role("admin", trust=trust({"AWS": ALPHA}, condition=mfa))
    edge = who_can_assume(sandbox).edge(user_arn("alice"), role_arn("admin"))
    assert edge is not None and edge.conditional
    assert edge.label == "conditional: requires MFA"
    assert [(c.key, c.value) for c in edge.conditions] == [("aws:MultiFactorAuthPresent", "true")]


def test_external_id_condition_labels_the_edge() -> None:
    sandbox, (alpha, bravo) = world(ALPHA, BRAVO)
    bravo.create_user("vendor", inline={"assume": ASSUME_ANY})
    external = {"StringEquals": {"sts:ExternalId": "Unique-Ext-123"}}
    alpha.create_role("audit", trust=trust({"AWS": BRAVO}, condition=external))
    edge = who_can_assume(sandbox).edge(user_arn("vendor", BRAVO), role_arn("audit"))
    assert edge is not None and edge.cross_account and edge.conditional
    assert edge.label == "conditional: requires ExternalId Unique-Ext-123"


def test_source_ip_condition_labels_the_edge() -> None:
    sandbox, (alpha,) = world(ALPHA)
    alice = alpha.create_user("alice")
    office = {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}
    alpha.create_role("ops", trust=trust({"AWS": alice.arn}, condition=office))
    edge = who_can_assume(sandbox).edge(user_arn("alice"), role_arn("ops"))
    assert edge is not None and edge.label == "conditional: requires source IP in 203.0.113.0/24"


def test_identity_mfa_deny_makes_every_edge_conditional() -> None:
    sandbox, (alpha,) = world(ALPHA)
    force_mfa = deny("*", Condition={"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}})
    alice = alpha.create_user("alice", inline={"mfa": doc(force_mfa)})
    alpha.create_role("app", trusted=[alice])
    edge = who_can_assume(sandbox).edge(user_arn("alice"), role_arn("app"))
    assert edge is not None and edge.label == "conditional: requires MFA"


def test_cross_account_needs_both_sides() -> None:
    sandbox, (alpha, bravo) = world(ALPHA, BRAVO)
    bravo.create_user("carol", inline={"assume": doc(allow("sts:AssumeRole", role_arn("shared")))})
    bravo.create_user("dave")  # the trust names him, but his own account grants him nothing
    alpha.create_role("shared", trust=trust({"AWS": [BRAVO, user_arn("dave", BRAVO)]}))
    graph = who_can_assume(sandbox)
    edge = graph.edge(user_arn("carol", BRAVO), role_arn("shared"))
    assert edge is not None and edge.cross_account and edge.reason == "cross_account_both_allow"
    assert graph.edge(user_arn("dave", BRAVO), role_arn("shared")) is None


def test_outside_accounts_and_services_are_nodes() -> None:
    sandbox, (alpha,) = world(ALPHA)
    alpha.create_role("partner", trusted=PARTNER)
    alpha.create_role("web", trusted="ec2.amazonaws.com")
    graph = who_can_assume(sandbox)
    partner = f"arn:aws:iam::{PARTNER}:root"
    assert graph.edge(partner, role_arn("partner")) is not None
    assert graph.edge("ec2.amazonaws.com", role_arn("web")) is not None
    assert graph.edge("lambda.amazonaws.com", role_arn("web")) is None
    kinds = {node.id: node.kind for node in graph.nodes}
    assert kinds[partner] == "account" and kinds["ec2.amazonaws.com"] == "service"
    assert kinds[role_arn("web")] == "role"


def test_boundary_without_sts_blocks_even_a_direct_trust() -> None:
    sandbox, (alpha,) = world(ALPHA)
    boundary = alpha.create_policy("s3-only", doc(allow("s3:*")))
    alice = alpha.create_user("alice", boundary=boundary)
    alpha.create_role("app", trusted=[alice])
    assert who_can_assume(sandbox).edge(user_arn("alice"), role_arn("app")) is None


def test_scp_deny_blocks_the_edge() -> None:
    sandbox, (_, bravo) = world(ALPHA, BRAVO)
    bravo.create_user("carol", inline={"assume": ASSUME_ANY})
    bravo.create_user("erin", inline={"assume": ASSUME_ANY})
    bravo.create_role("target", trusted=BRAVO)
    guardrail = doc(deny("sts:AssumeRole", Condition={"StringEquals": {"aws:username": "carol"}}))
    organization_with_scp(sandbox, ALPHA, BRAVO, guardrail)
    graph = who_can_assume(sandbox)
    assert graph.edge(user_arn("carol", BRAVO), role_arn("target", BRAVO)) is None
    assert graph.edge(user_arn("erin", BRAVO), role_arn("target", BRAVO)) is not None


def test_graph_is_deterministic_and_an_index_can_be_shared() -> None:
    sandbox, (alpha,) = world(ALPHA)
    for name in ("zed", "amy", "kim"):
        alpha.create_user(name, inline={"assume": ASSUME_ANY})
    alpha.create_role("r2", trusted=ALPHA)
    alpha.create_role("r1", trusted=ALPHA)
    first = who_can_assume(sandbox)
    index = PrincipalIndex(sandbox.sim.state)
    assert who_can_assume(index) == first == who_can_assume(sandbox.sim.state)
    assert [(e.source, e.target) for e in first.edges] == sorted((e.source, e.target) for e in first.edges)
    assert [n.id for n in first.nodes] == sorted(n.id for n in first.nodes)
    assert first.model_dump()["edges"][0]["label"] == "can assume"
