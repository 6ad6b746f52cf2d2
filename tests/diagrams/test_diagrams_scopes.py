"""Scoped views: one principal's neighbourhood, one resource's accessors — only those nodes, in any view."""

from __future__ import annotations

import pytest
from diagrams_support import DEV, PARTNER

from workbench.account import Sandbox
from workbench.diagrams import DiagramError, Scope, accessors, account_map, neighbourhood
from workbench.diagrams.account import account_graph
from workbench.diagrams.inputs import AccessFinding

ALICE = f"arn:aws:iam::{DEV}:user/alice"
DEPLOY = f"arn:aws:iam::{DEV}:role/deploy"
PARTNER_AUDIT = f"arn:aws:iam::{DEV}:role/partner-audit"
FINDINGS = (
    AccessFinding("arn:aws:s3:::reports", "*", "public", ("s3:GetObject",)),
    AccessFinding("arn:aws:s3:::reports", PARTNER, "cross-account", ("s3:ListBucket",)),
    AccessFinding("arn:aws:s3:::backups", PARTNER, "cross-account", ("s3:GetObject",)),
)


def labels(scope: Scope, sandbox: Sandbox, **options: object) -> set[str]:
    graph = scope.apply(account_graph(sandbox.sim.state, DEV, **options))  # type: ignore[arg-type]
    return {node.label for node in graph.nodes}


def test_neighbourhood_of_a_user_is_its_groups_roles_and_their_policies(small: Sandbox) -> None:
    assert labels(neighbourhood("alice"), small) == {
        "alice",
        "developers",  # 1 hop: member of
        "deploy",  # 1 hop: trusted by (MFA)
        "ReadReports",  # the group's policy hangs on the group
        "AdministratorAccess",  # the role's policy hangs on the role
        "ReadOnlyAccess",
        "DevBoundary",
        "notes",
    }


def test_depth_two_reaches_the_other_members_of_a_group(small: Sandbox) -> None:
    assert "bob" not in labels(neighbourhood("alice", depth=1), small)
    assert "bob" in labels(neighbourhood("alice", depth=2), small)


def test_a_shared_policy_never_connects_principals(small: Sandbox) -> None:
    # ec2-app also has ReadReports and DevBoundary, but a policy is not a path between principals
    assert "ec2-app" not in labels(neighbourhood("alice", depth=3), small)


def test_neighbourhood_by_arn_by_view_and_of_a_role(small: Sandbox) -> None:
    assert labels(neighbourhood(ALICE), small) == labels(neighbourhood(small.account("dev").user("alice")), small)
    assert labels(neighbourhood(PARTNER_AUDIT), small) == {"partner-audit", "whole account"}


def test_accessors_of_a_resource_are_who_reaches_it(small: Sandbox) -> None:
    assert labels(accessors("arn:aws:s3:::reports"), small, findings=FINDINGS) == {
        "reports",
        "Everyone (*)",
        "whole account",
    }
    assert labels(accessors("deploy"), small) == {"deploy", "alice"}  # a role's accessors: who it trusts


def test_scoped_diagram_keeps_only_its_nodes_and_says_so(small: Sandbox) -> None:
    full = account_map(small, "dev", findings=FINDINGS)
    scoped = account_map(small, "dev", findings=FINDINGS, scope=neighbourhood("alice"))
    assert "bob" in full.source and "bob" not in scoped.source
    assert "partner" not in scoped.source  # no empty cluster for the other account
    assert scoped.text.startswith("Account map: dev (111111111111) — within 1 step of alice:")
    scoped_again = account_map(small, "dev", findings=FINDINGS, scope=neighbourhood("alice"))
    assert scoped.source == scoped_again.source
    # a node keeps its id in every view, so views can be compared
    alice_id = next(line.split()[0] for line in scoped.source.splitlines() if "label=alice " in line)
    assert alice_id in full.source


def test_unknown_principal_suggests_a_name(small: Sandbox) -> None:
    with pytest.raises(DiagramError) as raised:
        account_map(small, "dev", scope=neighbourhood("alcie"))
    assert raised.value.code == "diagram_unknown_node"
    assert "'alice'" in raised.value.message
