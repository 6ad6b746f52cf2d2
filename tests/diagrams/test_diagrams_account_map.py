"""The account map: what a small hand-built account draws, byte-identical DOT, synthetic ids, findings, organization."""

from __future__ import annotations

import json
import re
import shutil

import pytest
from diagrams_support import DEV, PARTNER, small_sandbox

from workbench.account import Sandbox
from workbench.diagrams import DiagramError, account_map
from workbench.diagrams.account import account_graph
from workbench.diagrams.graph import DiagramGraph
from workbench.diagrams.inputs import AccessFinding, as_findings

ALICE = f"arn:aws:iam::{DEV}:user/alice"
BOB = f"arn:aws:iam::{DEV}:user/bob"
DEVELOPERS = f"arn:aws:iam::{DEV}:group/developers"
DEPLOY = f"arn:aws:iam::{DEV}:role/deploy"
PARTNER_AUDIT = f"arn:aws:iam::{DEV}:role/partner-audit"
EC2_APP = f"arn:aws:iam::{DEV}:role/ec2-app"
READ_REPORTS = f"arn:aws:iam::{DEV}:policy/ReadReports"
BOUNDARY = f"arn:aws:iam::{DEV}:policy/DevBoundary"
READ_ONLY = "arn:aws:iam::aws:policy/ReadOnlyAccess"
ADMIN_ACCESS = "arn:aws:iam::aws:policy/AdministratorAccess"
FINDINGS = (
    AccessFinding("arn:aws:s3:::reports", "*", "public", ("s3:GetObject",)),
    AccessFinding("arn:aws:s3:::backups", PARTNER, "cross-account", ("s3:GetObject", "s3:PutObject")),
    AccessFinding(
        f"arn:aws:kms:us-east-1:{DEV}:key/1234abcd", "arn:aws:iam::333333333333:role/ops", "cross-account",
        ("kms:Decrypt",), ("SourceIp",),
    ),
)  # fmt: skip

DOT_ID = r'(?:"[^"]*"|[A-Za-z0-9_]+)'
NODE_LINE = re.compile(rf"^\s*({DOT_ID}) \[", re.MULTILINE)
EDGE_LINE = re.compile(rf"^\s*({DOT_ID}) -> ({DOT_ID})", re.MULTILINE)


def dot_ids(source: str) -> set[str]:
    ids = set(NODE_LINE.findall(source))
    for source_id, target_id in EDGE_LINE.findall(source):
        ids |= {source_id, target_id}
    return ids - {"graph", "node", "edge"}


def edges(graph: DiagramGraph) -> set[tuple[str, str, str, str, bool]]:
    return {(e.source, e.target, e.kind, e.label, e.conditional) for e in graph.edges}


def test_small_account_draws_every_kind_of_node(small: Sandbox) -> None:
    graph = account_graph(small.sim.state, DEV)
    kinds = {node.key: node.kind for node in graph.nodes}
    assert kinds == {
        f"user:{ALICE}": "user",
        f"user:{BOB}": "user",
        f"group:{DEVELOPERS}": "group",
        f"role:{DEPLOY}": "role",
        f"role:{PARTNER_AUDIT}": "role",
        f"role:{EC2_APP}": "role",
        f"policy:{READ_REPORTS}": "policy",
        f"policy:{BOUNDARY}": "policy",
        f"policy:{READ_ONLY}": "aws-policy",
        f"policy:{ADMIN_ACCESS}": "aws-policy",
        f"inline:{ALICE}#notes": "inline",
        f"account:{PARTNER}": "external-account",
        "service:ec2.amazonaws.com": "service",
    }
    partner = graph.node(f"account:{PARTNER}")
    assert partner is not None and partner.cluster == f"ext:{PARTNER}"
    assert {c.key: c.kind for c in graph.clusters} == {f"home:{DEV}": "account", f"ext:{PARTNER}": "external-account"}


def test_small_account_edges_users_groups_policies_trust_and_boundaries(small: Sandbox) -> None:
    graph = account_graph(small.sim.state, DEV)
    assert edges(graph) == {
        (f"user:{ALICE}", f"group:{DEVELOPERS}", "member", "", False),
        (f"user:{BOB}", f"group:{DEVELOPERS}", "member", "", False),
        (f"group:{DEVELOPERS}", f"policy:{READ_REPORTS}", "attached", "", False),
        (f"user:{ALICE}", f"policy:{READ_ONLY}", "attached", "", False),
        (f"user:{ALICE}", f"inline:{ALICE}#notes", "inline", "", False),
        (f"user:{ALICE}", f"policy:{BOUNDARY}", "boundary", "boundary", False),
        (f"role:{EC2_APP}", f"policy:{BOUNDARY}", "boundary", "boundary", False),
        (f"role:{EC2_APP}", f"policy:{READ_REPORTS}", "attached", "", False),
        (f"role:{DEPLOY}", f"policy:{ADMIN_ACCESS}", "attached", "", False),
        # trust: from the principals each trust policy names, conditional ones labelled (never dropped)
        (f"user:{ALICE}", f"role:{DEPLOY}", "trust", "MFA", True),
        (f"account:{PARTNER}", f"role:{PARTNER_AUDIT}", "trust-cross-account", "ExternalId", True),
        ("service:ec2.amazonaws.com", f"role:{EC2_APP}", "trust", "", False),
    }


def test_dot_shows_names_dashes_and_colours(small: Sandbox) -> None:
    source = account_map(small, "dev").source
    for label in ("alice", "bob", "developers", "ReadReports", "DevBoundary", "ReadOnlyAccess", "AWS managed"):
        assert f"{label}" in source
    assert "notes\\ninline" in source
    assert "label=MFA" in source and "label=ExternalId" in source
    assert source.count("style=dashed") >= 4  # two boundaries and two conditional trusts
    assert "ec2.amazonaws.com\\nAWS service" in source
    assert 'label="account partner (222222222222): another account"' in source
    assert "rankdir=LR" in source and "Legend" in source


def test_same_input_gives_byte_identical_dot() -> None:
    first = account_map(small_sandbox(organization=True), "dev", findings=FINDINGS)
    second = account_map(small_sandbox(organization=True), "dev", findings=tuple(reversed(FINDINGS)))
    assert first.source == second.source
    assert first.text == second.text


def test_node_ids_are_synthetic(small_in_org: Sandbox) -> None:
    source = account_map(small_in_org, "dev", findings=FINDINGS).source
    ids = dot_ids(source)
    assert len(ids) > 20
    assert all(re.fullmatch(r"[A-Za-z0-9_]+", node_id) for node_id in ids), sorted(ids)
    assert not any(":" in node_id for node_id in ids)
    subgraphs = re.findall(r"subgraph (\S+) \{", source)
    assert subgraphs and all(re.fullmatch(r"cluster_[A-Za-z0-9_]+", name) for name in subgraphs)


def test_organization_path_and_scps_are_nested_clusters(small_in_org: Sandbox) -> None:
    graph = account_graph(small_in_org.sim.state, DEV)
    clusters = {c.key: c for c in graph.clusters}
    home = clusters[f"home:{DEV}"]
    ou = clusters[home.parent or ""]
    root = clusters[ou.parent or ""]
    assert (ou.kind, root.kind, root.parent) == ("ou", "organization", None)
    assert ou.label.startswith("OU Workloads")
    scps = {(n.label, n.cluster) for n in graph.nodes if n.kind == "scp"}
    assert ("DenyLeave", ou.key) in scps
    assert {cluster for _, cluster in scps} == {root.key, ou.key, home.key}  # FullAWSAccess at every level
    source = account_map(small_in_org, "dev").source
    assert source.index("organization o-") < source.index("OU Workloads") < source.index("account dev (")


def test_findings_colour_resources_and_draw_external_principals_outside(small: Sandbox) -> None:
    graph = account_graph(small.sim.state, DEV, findings=FINDINGS)
    reports = graph.node("resource:arn:aws:s3:::reports")
    backups = graph.node("resource:arn:aws:s3:::backups")
    assert reports is not None and (reports.tone, reports.cluster) == ("public", f"home:{DEV}")
    assert "PUBLIC" in reports.detail
    assert backups is not None and backups.tone == "cross-account"
    everyone = graph.node("everyone")
    outsider = graph.node("principal:arn:aws:iam::333333333333:role/ops")
    assert everyone is not None and everyone.cluster is None
    assert outsider is not None and outsider.cluster == "ext:333333333333"
    assert ("everyone", "resource:arn:aws:s3:::reports", "access-public", "s3:GetObject", False) in edges(graph)
    assert (
        f"account:{PARTNER}",
        "resource:arn:aws:s3:::backups",
        "access-cross-account",
        "s3:GetObject +1",
        False,
    ) in (edges(graph))
    key_edge = next(e for e in graph.edges if e.target.startswith("resource:arn:aws:kms"))
    assert key_edge.conditional and key_edge.label == "kms:Decrypt, SourceIp"
    source = account_map(small, "dev", findings=FINDINGS).source
    assert "#D55E00" in source and "#E69F00" in source
    assert "PUBLIC resource" in source  # the legend says what red means


def test_findings_are_accepted_in_other_shapes(small: Sandbox) -> None:
    as_dicts = [{"resource": "arn:aws:s3:::reports", "principals": ["*"], "actions": ["s3:GetObject"]}]
    graph = account_map(small, "dev", findings=as_dicts)
    assert "reports" in graph.text and "public access to" in graph.text


def test_text_description_is_stable_and_names_what_is_drawn(small: Sandbox) -> None:
    diagram = account_map(small, DEV)
    lines = diagram.text.splitlines()
    assert lines[0].startswith("Account map: dev (111111111111): 2 users, 1 group, 3 roles")
    assert "  alice → is trusted by → deploy [MFA] (conditional)" in lines
    assert (
        "  whole account (222222222222) → is trusted (from outside the account) by → partner-audit [ExternalId] "
        "(conditional)"
    ) in lines
    assert repr(diagram) == diagram.text
    assert "0x" not in diagram.text


def test_account_is_found_by_name_or_id_or_view(small: Sandbox) -> None:
    assert account_map(small, "dev").source == account_map(small.sim, DEV).source
    assert account_map(small.account("dev")).source == account_map(small.sim.state, "dev").source
    with pytest.raises(DiagramError) as raised:
        account_map(small, "nope")
    assert raised.value.code == "diagram_no_account"
    with pytest.raises(DiagramError):
        account_map(small)  # two accounts: which one?


def test_trust_policy_oddities_are_drawn_not_dropped() -> None:
    sandbox = Sandbox()
    dev = sandbox.create_account("dev", account_id=DEV)
    everyone = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole",'
    everyone += '"Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-123"}}}]}'
    dev.create_role("org-wide", trust=everyone)
    dev.create_user("temp")
    dev.create_role("was-temp", trusted=dev.user("temp"))
    dev.admin.iam.delete_user(UserName="temp")  # the trust policy now names temp's unique id (G11)
    oidc = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"Federated": f"arn:aws:iam::{DEV}:oidc-provider/token.actions.githubusercontent.com"},
                "Action": "sts:AssumeRoleWithWebIdentity",
                "Condition": {"StringLike": {"token.actions.githubusercontent.com:sub": "repo:me/*"}},
            }
        ],
    }
    dev.create_role("github", trust=oidc)
    graph = account_graph(sandbox.sim.state, DEV)
    by_target = {e.target.rsplit("/", 1)[-1]: e for e in graph.edges if e.kind.startswith("trust")}
    assert by_target["org-wide"].source == "everyone" and by_target["org-wide"].label == "OrgID"
    deleted = graph.node(by_target["was-temp"].source)
    assert deleted is not None and deleted.detail == "deleted principal"
    github = by_target["github"]
    assert github.label == "web identity, sub" and github.conditional
    assert graph.node(github.source).kind == "federated"  # type: ignore[union-attr]


@pytest.mark.skipif(shutil.which("dot") is None, reason="needs Graphviz's dot")
def test_dot_accepts_the_source(small_in_org: Sandbox) -> None:
    svg = account_map(small_in_org, "dev", findings=FINDINGS).svg()
    assert svg is not None and "<svg" in svg and "alice" in svg


def test_findings_from_the_external_access_analysis() -> None:
    analysis = pytest.importorskip("workbench.analysis.external_access")
    sandbox = small_sandbox()
    s3 = sandbox.account("dev").admin.client("s3")
    s3.create_bucket(Bucket="reports")
    s3.delete_public_access_block(Bucket="reports")
    public = {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*"}
    s3.put_bucket_policy(Bucket="reports", Policy=json.dumps({"Version": "2012-10-17", "Statement": [public]}))
    findings = analysis.find_external_access(sandbox.sim.state, analysis.ZoneOfTrust(type="ACCOUNT", account_id=DEV))
    graph = account_graph(sandbox.sim.state, DEV, findings=as_findings(findings))
    reports = graph.node("resource:arn:aws:s3:::reports")
    assert reports is not None and reports.tone == "public"
    audit = graph.node(f"role:{PARTNER_AUDIT}")  # a trust policy finding colours the role itself
    assert audit is not None and audit.tone == "cross-account"
    assert ("everyone", "resource:arn:aws:s3:::reports", "access-public", "s3:GetObject", False) in edges(graph)
    assert not any(e.kind.startswith("access") and e.target == f"role:{PARTNER_AUDIT}" for e in graph.edges)


def test_findings_about_other_accounts_resources_stay_off_this_map(small: Sandbox) -> None:
    elsewhere = AccessFinding("arn:aws:s3:::their-bucket", "*", "public", ("s3:GetObject",), resource_account=PARTNER)
    graph = account_graph(small.sim.state, DEV, findings=(*FINDINGS, elsewhere))
    assert graph.node("resource:arn:aws:s3:::their-bucket") is None
    assert graph.node("resource:arn:aws:s3:::reports") is not None
