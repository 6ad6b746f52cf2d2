"""Privilege escalation: each primitive found with the right edge, guardrails that remove edges, shortest paths."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from graph_support import ALPHA, BRAVO, allow, doc, organization_with_scp, role_arn, trust, user_arn, world

from workbench.account.facade import AccountView, Sandbox
from workbench.analysis.escalation import escalation_paths
from workbench.analysis.escalation_model import ADMIN, EscalationEdge, EscalationReport
from workbench.services.state import LambdaFunction

ADMIN_ACCESS = "AdministratorAccess"
MALLORY = user_arn("mallory")


def mallory(*statements: dict[str, object], **options: object) -> tuple[Sandbox, AccountView]:
    """Account alpha with the user mallory holding ``statements``."""
    sandbox, (alpha,) = world(ALPHA)
    alpha.create_user("mallory", inline={"grants": doc(*statements)} if statements else None, **options)  # type: ignore[arg-type]
    return sandbox, alpha


def edges_from(report: EscalationReport, source: str = MALLORY) -> list[EscalationEdge]:
    return list(report.graph.edges_from(source))


def only_edge(report: EscalationReport, primitive: str, source: str = MALLORY) -> EscalationEdge:
    found = [e for e in edges_from(report, source) if e.primitive == primitive]
    assert len(found) == 1, [e.label for e in edges_from(report, source)]
    return found[0]


# -- administrators ----------------------------------------------------------------------------------


def test_administrator_definition() -> None:
    sandbox, (alpha,) = world(ALPHA)
    alpha.create_user("root-like", policies=[ADMIN_ACCESS])
    alpha.create_user("power", policies=["PowerUserAccess"])
    alpha.create_user("iam-only", policies=["IAMFullAccess"])
    bounded = alpha.create_policy("s3-boundary", doc(allow("s3:*")))
    alpha.create_user("bounded-admin", policies=[ADMIN_ACCESS], boundary=bounded)
    mfa_only = {
        "Effect": "Deny",
        "Action": "*",
        "Resource": "*",
        "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}},
    }
    alpha.create_user("mfa-admin", policies=[ADMIN_ACCESS], inline={"mfa": doc(mfa_only)})
    statuses = {s.arn: s for s in escalation_paths(sandbox).graph.administrators}
    assert set(statuses) == {user_arn("root-like"), user_arn("mfa-admin")}
    assert statuses[user_arn("root-like")].conditions == ()
    assert [c.label for c in statuses[user_arn("mfa-admin")].conditions] == ["requires MFA"]


# -- grant primitives (the source makes itself an administrator) ---------------------------------------


@pytest.mark.parametrize(
    ("action", "primitive"),
    [("iam:PutUserPolicy", "iam:PutUserPolicy"), ("iam:AttachUserPolicy", "iam:AttachUserPolicy")],
)
def test_writing_its_own_policies(action: str, primitive: str) -> None:
    sandbox, _ = mallory(allow(action, MALLORY))
    report = escalation_paths(sandbox)
    edge = only_edge(report, primitive)
    assert (edge.target, edge.effect) == (ADMIN, "grant")
    assert [r.action for r in edge.requests] == [action]
    path = report.path_from(MALLORY)
    assert path is not None and path.steps == (edge,) and path.administrator == MALLORY


def test_attach_limited_to_a_harmless_policy_is_no_edge() -> None:
    harmless = f"arn:aws:iam::{ALPHA}:policy/harmless"
    sandbox, _ = mallory(allow("iam:AttachUserPolicy", MALLORY, Condition={"ArnEquals": {"iam:PolicyARN": harmless}}))
    assert edges_from(escalation_paths(sandbox)) == []


@pytest.mark.parametrize("action", ["iam:PutGroupPolicy", "iam:AttachGroupPolicy"])
def test_writing_its_groups_policies(action: str) -> None:
    sandbox, (alpha,) = world(ALPHA)
    alpha.create_group("devs")
    alpha.create_user("mallory", groups=["devs"], inline={"g": doc(allow(action, f"arn:aws:iam::{ALPHA}:group/devs"))})
    edge = only_edge(escalation_paths(sandbox), action)
    assert (edge.target, edge.via) == (ADMIN, f"arn:aws:iam::{ALPHA}:group/devs")


def test_add_user_to_an_admin_group() -> None:
    sandbox, (alpha,) = world(ALPHA)
    alpha.create_group("admins", policies=[ADMIN_ACCESS])
    alpha.create_group("readers", policies=["ReadOnlyAccess"])
    alpha.create_user("mallory", inline={"g": doc(allow("iam:AddUserToGroup", "*"))})
    report = escalation_paths(sandbox)
    edge = only_edge(report, "iam:AddUserToGroup")
    assert (edge.target, edge.via) == (ADMIN, f"arn:aws:iam::{ALPHA}:group/admins")


def test_create_policy_version_of_its_own_policy() -> None:
    sandbox, (alpha,) = world(ALPHA)
    arn = alpha.create_policy("tools", doc(allow("iam:CreatePolicyVersion", f"arn:aws:iam::{ALPHA}:policy/tools")))
    alpha.create_user("mallory", policies=[arn])
    edge = only_edge(escalation_paths(sandbox), "iam:CreatePolicyVersion")
    assert (edge.target, edge.via, edge.requests[0].resource) == (ADMIN, arn, arn)


def test_set_default_policy_version_to_an_admin_version() -> None:
    sandbox, (alpha,) = world(ALPHA)
    arn = alpha.create_policy("tools", doc(allow("iam:SetDefaultPolicyVersion", f"arn:aws:iam::{ALPHA}:policy/tools")))
    everything = doc(allow("*"))
    alpha.admin.iam.create_policy_version(PolicyArn=arn, PolicyDocument=json.dumps(everything))
    alpha.create_user("mallory", policies=[arn])
    edge = only_edge(escalation_paths(sandbox), "iam:SetDefaultPolicyVersion")
    assert (edge.target, edge.via) == (ADMIN, f"{arn} (v2)")


def test_put_role_policy_on_a_role_it_can_assume() -> None:
    sandbox, (alpha,) = world(ALPHA)
    alpha.create_user("mallory", inline={"g": doc(allow("iam:PutRolePolicy", role_arn("app")))})
    alpha.create_role("app", trusted=[alpha.user("mallory")])
    report = escalation_paths(sandbox)
    grant = only_edge(report, "iam:PutRolePolicy")
    assert (grant.target, grant.effect) == (role_arn("app"), "grant")
    path = report.path_from(MALLORY)
    assert path is not None and path.administrator == role_arn("app")
    assert [s.primitive for s in path.steps] == ["iam:PutRolePolicy", "sts:AssumeRole"]


def test_a_role_that_can_write_its_callers_policy() -> None:
    sandbox, (alpha,) = world(ALPHA)
    alice = alpha.create_user("alice")
    alpha.create_role("helper", trusted=[alice], inline={"g": doc(allow("iam:AttachUserPolicy", alice.arn))})
    path = escalation_paths(sandbox).path_from(alice.arn)
    assert path is not None and path.administrator == alice.arn
    assert [(s.source, s.primitive, s.target) for s in path.steps] == [
        (alice.arn, "sts:AssumeRole", role_arn("helper")),
        (role_arn("helper"), "iam:AttachUserPolicy", alice.arn),
    ]


# -- act-as primitives ---------------------------------------------------------------------------------


def test_create_access_key_for_an_admin() -> None:
    sandbox, alpha = mallory(allow("iam:CreateAccessKey", user_arn("ops")))
    alpha.create_user("ops", policies=[ADMIN_ACCESS])
    report = escalation_paths(sandbox)
    edge = only_edge(report, "iam:CreateAccessKey")
    assert (edge.target, edge.effect) == (user_arn("ops"), "act-as")
    path = report.path_from(MALLORY)
    assert path is not None and path.administrator == user_arn("ops") and path.hops == 1


def test_login_profiles() -> None:
    sandbox, alpha = mallory(allow(["iam:CreateLoginProfile", "iam:UpdateLoginProfile"], "*"))
    alpha.create_user("ops", policies=[ADMIN_ACCESS])
    alpha.create_user("dba", policies=[ADMIN_ACCESS], password="Correct-Horse-9")
    edges = {e.target: e.primitive for e in edges_from(escalation_paths(sandbox))}
    assert edges == {user_arn("ops"): "iam:CreateLoginProfile", user_arn("dba"): "iam:UpdateLoginProfile"}


def test_console_sign_in_of_a_user_with_mfa_is_labelled() -> None:
    sandbox, alpha = mallory(allow("iam:CreateLoginProfile", user_arn("ops")))
    alpha.create_user("ops", policies=[ADMIN_ACCESS])
    ops = alpha.model.users["ops"]
    serial = f"arn:aws:iam::{ALPHA}:mfa/ops"
    users = {**alpha.model.users, "ops": ops.model_copy(update={"mfa_serials": (serial,)})}
    sandbox.sim.put_account(alpha.model.model_copy(update={"users": users}))
    edge = only_edge(escalation_paths(sandbox), "iam:CreateLoginProfile")
    assert edge.conditional and edge.label == (
        "iam:CreateLoginProfile; conditional: requires the MFA device of ops (the console asks for it at sign-in)"
    )


def test_update_assume_role_policy_then_assume() -> None:
    sandbox, alpha = mallory(allow("iam:UpdateAssumeRolePolicy", role_arn("break-glass")))
    alpha.create_role("break-glass", trusted="ec2.amazonaws.com", policies=[ADMIN_ACCESS])
    edge = only_edge(escalation_paths(sandbox), "iam:UpdateAssumeRolePolicy + sts:AssumeRole")
    assert edge.target == role_arn("break-glass")
    assert [r.action for r in edge.requests] == ["iam:UpdateAssumeRolePolicy", "sts:AssumeRole"]


def test_pass_role_to_lambda() -> None:
    lambda_actions = ["lambda:CreateFunction", "lambda:InvokeFunction"]
    sandbox, alpha = mallory(allow("iam:PassRole", role_arn("fn-admin")), allow(lambda_actions))
    alpha.create_role("fn-admin", trusted="lambda.amazonaws.com", policies=[ADMIN_ACCESS])
    alpha.create_role("ec2-admin", trusted="ec2.amazonaws.com", policies=[ADMIN_ACCESS])
    edge = only_edge(escalation_paths(sandbox), "iam:PassRole + lambda:CreateFunction + lambda:InvokeFunction")
    assert edge.target == role_arn("fn-admin")
    assert edge.requests[0].context == {"iam:passedtoservice": "lambda.amazonaws.com"}


def test_pass_role_to_lambda_for_another_service_is_no_edge() -> None:
    passed = {"StringEquals": {"iam:PassedToService": "ec2.amazonaws.com"}}
    sandbox, alpha = mallory(allow("iam:PassRole", "*", Condition=passed), allow(["lambda:*"]))
    alpha.create_role("fn-admin", trusted="lambda.amazonaws.com", policies=[ADMIN_ACCESS])
    assert edges_from(escalation_paths(sandbox)) == []


def test_pass_role_to_ec2_needs_an_instance_profile() -> None:
    sandbox, alpha = mallory(allow(["iam:PassRole", "ec2:RunInstances"]))
    alpha.create_role("web", trusted="ec2.amazonaws.com", policies=[ADMIN_ACCESS])
    assert edges_from(escalation_paths(sandbox)) == []
    alpha.admin.iam.create_instance_profile(InstanceProfileName="web")
    alpha.admin.iam.add_role_to_instance_profile(InstanceProfileName="web", RoleName="web")
    edge = only_edge(escalation_paths(sandbox), "iam:PassRole + ec2:RunInstances")
    assert (edge.target, edge.via) == (role_arn("web"), f"arn:aws:iam::{ALPHA}:instance-profile/web")


def test_update_function_code_runs_as_its_role() -> None:
    sandbox, alpha = mallory(allow("lambda:UpdateFunctionCode"))
    alpha.create_role("fn-admin", trusted="lambda.amazonaws.com", policies=[ADMIN_ACCESS])
    arn = f"arn:aws:lambda:us-east-1:{ALPHA}:function:nightly"
    function = LambdaFunction(
        name="nightly",
        arn=arn,
        account_id=ALPHA,
        region="us-east-1",
        role_arn=role_arn("fn-admin"),
        create_date=datetime(2026, 1, 1, tzinfo=UTC),
    )
    sandbox.sim.update(
        lambda s: s.model_copy(update={"services": s.services.model_copy(update={"functions": {arn: function}})})
    )
    edge = only_edge(escalation_paths(sandbox), "lambda:UpdateFunctionCode")
    assert (edge.target, edge.via) == (role_arn("fn-admin"), arn)


# -- guardrails remove edges -----------------------------------------------------------------------------


def test_boundary_blocks_the_primitive() -> None:
    sandbox, (alpha,) = world(ALPHA)
    boundary = alpha.create_policy("s3-only", doc(allow("s3:*")))
    alpha.create_user("mallory", inline={"g": doc(allow("iam:PutUserPolicy", MALLORY))}, boundary=boundary)
    assert edges_from(escalation_paths(sandbox)) == []


def test_boundary_that_allows_the_primitive_still_caps_the_result() -> None:
    sandbox, (alpha,) = world(ALPHA)
    boundary = alpha.create_policy("iam-writes", doc(allow(["iam:PutUserPolicy", "s3:*"])))
    alpha.create_user("mallory", inline={"g": doc(allow("iam:PutUserPolicy", MALLORY))}, boundary=boundary)
    assert edges_from(escalation_paths(sandbox)) == []


def test_scp_blocks_the_primitive() -> None:
    sandbox, (_, bravo) = world(ALPHA, BRAVO)
    bravo.create_user("mallory", inline={"g": doc(allow("iam:PutUserPolicy", user_arn("mallory", BRAVO)))})
    bravo.create_user("eve", inline={"g": doc(allow("iam:PutUserPolicy", user_arn("eve", BRAVO)))})
    guardrail = doc(
        allow("*"), {"Effect": "Deny", "Action": "iam:PutUserPolicy", "Resource": user_arn("mallory", BRAVO)}
    )
    organization_with_scp(sandbox, ALPHA, BRAVO, guardrail)
    report = escalation_paths(sandbox)
    assert edges_from(report, user_arn("mallory", BRAVO)) == []
    assert [e.primitive for e in edges_from(report, user_arn("eve", BRAVO))] == ["iam:PutUserPolicy"]


# -- paths -------------------------------------------------------------------------------------------------


def test_shortest_path_wins_and_ties_are_broken_by_arn() -> None:
    sandbox, (alpha,) = world(ALPHA)
    alice = alpha.create_user("alice")
    long1 = alpha.create_role("a-long-1", trusted=[alice])
    long2 = alpha.create_role("a-long-2", trusted=[long1])
    alpha.create_role("a-long-admin", trusted=[long2], policies=[ADMIN_ACCESS])
    short = alpha.create_role("z-short", trusted=[alice])
    alpha.create_role("z-short-admin", trusted=[short], policies=[ADMIN_ACCESS])
    alpha.create_role("y-short", trusted=[alice])
    alpha.create_role("y-short-admin", trusted=[alpha.role("y-short")], policies=[ADMIN_ACCESS])
    first = escalation_paths(sandbox)
    path = first.path_from(alice.arn)
    assert path is not None and path.hops == 2 and path.label == "2 steps"
    assert [s.target for s in path.steps] == [role_arn("y-short"), role_arn("y-short-admin")]
    assert escalation_paths(sandbox) == first


def test_unconditional_route_preferred_and_mfa_labelled() -> None:
    sandbox, (alpha,) = world(ALPHA)
    alice = alpha.create_user("alice", inline={"a": doc(allow("sts:AssumeRole"))})
    mfa = {"Bool": {"aws:MultiFactorAuthPresent": "true"}}
    alpha.create_role("a-admin", trust=trust({"AWS": ALPHA}, condition=mfa), policies=[ADMIN_ACCESS])
    path = escalation_paths(sandbox).path_from(alice.arn)
    assert path is not None and path.conditional and path.label == "1 step; conditional: requires MFA"
    alpha.create_role("b-admin", trusted=[alice], policies=[ADMIN_ACCESS])
    path = escalation_paths(sandbox).path_from(alice.arn)
    assert path is not None and not path.conditional and path.administrator == role_arn("b-admin")


def test_cross_account_and_outside_sources() -> None:
    sandbox, (alpha, bravo) = world(ALPHA, BRAVO)
    bravo.create_user("carol", inline={"a": doc(allow("sts:AssumeRole"))})
    alpha.create_role("shared-admin", trusted=BRAVO, policies=[ADMIN_ACCESS])
    alpha.create_role("partner-admin", trusted="999999999999", policies=[ADMIN_ACCESS])
    report = escalation_paths(sandbox)
    carol = report.path_from(user_arn("carol", BRAVO))
    assert carol is not None and carol.administrator == role_arn("shared-admin")
    partner = report.path_from("arn:aws:iam::999999999999:root")
    assert partner is not None and partner.administrator == role_arn("partner-admin")
    assert report.path_from(role_arn("shared-admin")) is None  # already an administrator


def test_graph_is_plain_data() -> None:
    sandbox, alpha = mallory(allow("iam:CreateAccessKey", user_arn("ops")))
    alpha.create_user("ops", policies=[ADMIN_ACCESS])
    dumped = escalation_paths(sandbox).model_dump()
    assert {"graph", "paths"} <= set(dumped)
    assert any(node["id"] == ADMIN and node["kind"] == "admin" for node in dumped["graph"]["nodes"])
    assert dumped["graph"]["edges"][0]["requests"][0] == {
        "action": "iam:CreateAccessKey",
        "resource": user_arn("ops"),
        "context": {},
    }
