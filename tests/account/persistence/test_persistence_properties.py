"""Property: a world built through the public clients survives save → load → save, in bytes and in decisions."""

from __future__ import annotations

import contextlib
import json
import tempfile
from pathlib import Path
from typing import Any

from botocore.exceptions import ClientError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench.account import persistence
from workbench.account.facade import FacadeError, Sandbox
from workbench.account.facade_checks import ExplainedDecision

NAMES = st.sampled_from(["alice", "bob", "carol", "dave"])
GROUPS = st.sampled_from(["devs", "ops"])
ROLES = st.sampled_from(["app", "deploy"])
POLICIES = st.sampled_from(["reports", "tables"])
AWS_MANAGED = st.sampled_from(["ReadOnlyAccess", "PowerUserAccess", "AmazonS3ReadOnlyAccess", "IAMReadOnlyAccess"])
ACTIONS = st.sampled_from(["s3:GetObject", "s3:PutObject", "dynamodb:Query", "iam:ListUsers"])
REQUESTS = [
    ("s3:GetObject", "arn:aws:s3:::reports/q1.csv"),
    ("s3:PutObject", "arn:aws:s3:::reports/q1.csv"),
    ("dynamodb:Query", "arn:aws:dynamodb:us-east-1:111122223333:table/orders"),
    ("iam:ListUsers", "arn:aws:iam::111122223333:user/"),
    ("iam:CreateUser", "arn:aws:iam::111122223333:user/eve"),
]


def _document(action: str, deny: bool = False) -> str:
    statement = {"Effect": "Deny" if deny else "Allow", "Action": action, "Resource": "*"}
    return json.dumps({"Version": "2012-10-17", "Statement": [statement]})


STEPS = st.one_of(
    st.tuples(st.just("user"), NAMES, st.dictionaries(st.sampled_from(["team", "env"]), st.sampled_from(["a", "b"]))),
    st.tuples(st.just("group"), GROUPS),
    st.tuples(st.just("join"), NAMES, GROUPS),
    st.tuples(st.just("policy"), POLICIES, ACTIONS),
    st.tuples(st.just("attach-user"), NAMES, st.one_of(POLICIES, AWS_MANAGED)),
    st.tuples(st.just("attach-group"), GROUPS, st.one_of(POLICIES, AWS_MANAGED)),
    st.tuples(st.just("inline"), NAMES, ACTIONS, st.booleans()),
    st.tuples(st.just("role"), ROLES, NAMES),
    st.tuples(st.just("attach-role"), ROLES, st.one_of(POLICIES, AWS_MANAGED)),
    st.tuples(st.just("key"), NAMES),
    st.tuples(st.just("assume"), NAMES, ROLES),
    st.tuples(st.just("tick"), st.integers(min_value=1, max_value=7200)),
)


def _apply(sandbox: Sandbox, step: tuple[Any, ...]) -> None:
    dev = sandbox.account("dev")
    iam = dev.admin.iam
    kind = step[0]
    if kind == "user":
        dev.create_user(step[1], tags=step[2])
    elif kind == "group":
        dev.create_group(step[1])
    elif kind == "join":
        iam.add_user_to_group(UserName=step[1], GroupName=step[2])
    elif kind == "policy":
        dev.create_policy(step[1], _document(step[2]))
    elif kind == "attach-user":
        dev.user(step[1]).attach(step[2])
    elif kind == "attach-group":
        dev.group(step[1]).attach(step[2])
    elif kind == "inline":
        dev.user(step[1]).put_policy("inline", _document(step[2], deny=step[3]))
    elif kind == "role":
        dev.create_role(step[1], trusted=[dev.user(step[2])])
    elif kind == "attach-role":
        dev.role(step[1]).attach(step[2])
    elif kind == "key":
        iam.create_access_key(UserName=step[1])
    elif kind == "assume":
        dev.user(step[1]).assume(dev.role(step[2]))
    else:
        sandbox.advance(seconds=step[1])


def _decisions(sandbox: Sandbox) -> list[str]:
    dev = sandbox.account("dev")
    checks: list[ExplainedDecision] = []
    for user in dev.users:
        checks += [user.can(action, resource) for action, resource in REQUESTS]
    for role in dev.roles:
        checks += [role.can(action, resource) for action, resource in REQUESTS]
    return [f"{check!r} {check.decision.reason}" for check in checks]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(STEPS, min_size=5, max_size=30))
def test_worlds_survive_save_load_save(steps: list[tuple[Any, ...]]) -> None:
    sandbox = Sandbox()
    dev = sandbox.create_account("dev", account_id="111122223333")
    dev.create_user("alice")
    dev.create_group("devs")
    dev.create_policy("reports", _document("s3:GetObject"))
    for step in steps:
        # AWS refuses some sequences (a second user of the same name, a third key…): so do we.
        with contextlib.suppress(ClientError, FacadeError):
            _apply(sandbox, step)
    with tempfile.TemporaryDirectory() as folder:
        first = persistence.save(sandbox.sim, Path(folder) / "world.json")
        loaded = Sandbox(persistence.load(first))
        second = persistence.save(loaded.sim, Path(folder) / "again.json")
        assert first.read_bytes() == second.read_bytes()
    assert loaded.sim.state == sandbox.sim.snapshot()
    assert _decisions(loaded) == _decisions(sandbox)
    for access_key_id, session in sandbox.sim.state.sessions.items():
        assert loaded.sim.state.sessions[access_key_id] == session
