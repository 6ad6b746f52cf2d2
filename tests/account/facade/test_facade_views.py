"""The lesson façade: friendly views, every write through the clients, ``can`` through the same authorization."""

from __future__ import annotations

import json

import pytest
from botocore.exceptions import ClientError

import workbench.account as account_package
from workbench.account import AwsError, FacadeError, Sandbox
from workbench.explain import Explanation

ACCOUNT = "111122223333"
REPORTS = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*"}],
}


@pytest.fixture
def sandbox() -> Sandbox:
    box = Sandbox()
    box.create_account("dev", account_id=ACCOUNT)
    return box


def test_usage_from_the_module_docstring(sandbox: Sandbox) -> None:
    dev = sandbox.account("dev")
    alice = dev.create_user("alice", policies=["ReadOnlyAccess"], groups=["developers"])
    assert alice.can("s3:GetObject", "arn:aws:s3:::reports/q1.csv").allowed
    app = dev.create_role("app", trusted=[alice], policies=["AmazonS3FullAccess"])
    session = alice.assume(app)
    assert session.can("s3:PutObject", "arn:aws:s3:::reports/q1.csv")
    with pytest.raises(ClientError) as denied:
        session.client("iam").list_users()
    assert denied.value.response["Error"]["Code"] == "AccessDenied"


def test_create_user_goes_through_iam(sandbox: Sandbox) -> None:
    dev = sandbox.account("dev")
    alice = dev.create_user(
        "alice",
        policies=["ReadOnlyAccess"],
        groups=["devs"],
        inline={"reports": REPORTS},
        password="Correct-Horse-Battery-1",
        tags={"team": "blue"},
    )
    iam = dev.admin.iam
    assert iam.get_user(UserName="alice")["User"]["Tags"] == [{"Key": "team", "Value": "blue"}]
    assert [g["GroupName"] for g in iam.list_groups_for_user(UserName="alice")["Groups"]] == ["devs"]
    assert iam.list_attached_user_policies(UserName="alice")["AttachedPolicies"][0]["PolicyName"] == "ReadOnlyAccess"
    assert iam.list_user_policies(UserName="alice")["PolicyNames"] == ["reports"]
    assert iam.get_login_profile(UserName="alice")["LoginProfile"]["UserName"] == "alice"
    assert alice.model.arn == f"arn:aws:iam::{ACCOUNT}:user/alice"


def test_rules_of_the_api_apply(sandbox: Sandbox) -> None:
    dev = sandbox.account("dev")
    dev.create_user("alice")
    with pytest.raises(AwsError) as exists:
        dev.create_user("Alice")
    assert exists.value.aws_code == "EntityAlreadyExists"
    with pytest.raises(AwsError) as malformed:
        dev.create_policy("bad", {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Resource": "*"}]})
    assert malformed.value.aws_code == "MalformedPolicyDocument"


def test_can_matches_what_the_api_does(sandbox: Sandbox) -> None:
    dev = sandbox.account("dev")
    alice = dev.create_user("alice", policies=["IAMReadOnlyAccess"])
    assert alice.can("iam:ListUsers", f"arn:aws:iam::{ACCOUNT}:user/").allowed
    alice.client("iam").list_users()
    decision = alice.can("iam:CreateUser", f"arn:aws:iam::{ACCOUNT}:user/eve")
    assert decision.value == "implicitDeny" and not decision
    with pytest.raises(ClientError):
        alice.client("iam").create_user(UserName="eve")


def test_can_is_explained(sandbox: Sandbox) -> None:
    alice = sandbox.account("dev").create_user("alice", inline={"reports": REPORTS})
    decision = alice.can("s3:GetObject", "arn:aws:s3:::reports/q1.csv")
    assert isinstance(decision.explain(), Explanation)
    assert "reports" in decision.explain_text()
    assert "allowed" in decision.summary()
    assert repr(decision) == "<allowed: user/alice → s3:GetObject on arn:aws:s3:::reports/q1.csv>"


def test_explicit_deny_wins_and_context_counts(sandbox: Sandbox) -> None:
    deny = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Deny",
                "Action": "s3:*",
                "Resource": "*",
                "Condition": {"NotIpAddress": {"aws:SourceIp": "10.0.0.0/8"}},
            }
        ],
    }
    alice = sandbox.account("dev").create_user("alice", policies=["AmazonS3FullAccess"], inline={"office": deny})
    assert alice.can("s3:GetObject", "arn:aws:s3:::b/k").value == "explicitDeny"
    assert alice.can("s3:GetObject", "arn:aws:s3:::b/k", context={"aws:SourceIp": "10.1.2.3"}).allowed


def test_role_trust_is_the_resource_policy_of_assume_role(sandbox: Sandbox) -> None:
    dev = sandbox.account("dev")
    alice, bob = dev.create_user("alice"), dev.create_user("bob")
    app = dev.create_role("app", trusted=[alice])
    assert alice.can("sts:AssumeRole", app.arn).allowed
    assert bob.can("sts:AssumeRole", app.arn).value == "implicitDeny"
    with pytest.raises(ClientError):
        bob.assume(app)


def test_credentials_are_created_once(sandbox: Sandbox) -> None:
    alice = sandbox.account("dev").create_user("alice")
    first = alice.credentials()
    assert first.access_key_id.startswith("AKIA")
    assert alice.credentials() == first
    assert len(alice.model.access_keys) == 1


def test_role_chaining_and_sessions(sandbox: Sandbox) -> None:
    dev = sandbox.account("dev")
    alice = dev.create_user("alice")
    first = dev.create_role("first", trusted=[alice])
    second = dev.create_role("second", trusted=[first], policies=["ReadOnlyAccess"])
    session = alice.assume(first)
    chained = session.assume(second, session_name="hop")
    assert repr(chained) == "<session second/hop in dev>"
    assert chained.can("s3:GetObject", "arn:aws:s3:::b/k").allowed
    assert not session.can("s3:GetObject", "arn:aws:s3:::b/k").allowed


def test_trust_shortcuts(sandbox: Sandbox) -> None:
    dev = sandbox.account("dev")
    role = dev.create_role("web", trusted=["ec2.amazonaws.com", "444455556666"])
    trust = json.loads(role.model.trust_policy)
    assert trust["Statement"][0]["Principal"] == {
        "Service": ["ec2.amazonaws.com"],
        "AWS": ["arn:aws:iam::444455556666:root"],
    }
    default = json.loads(dev.create_role("ops").model.trust_policy)
    assert default["Statement"][0]["Principal"] == {"AWS": [f"arn:aws:iam::{ACCOUNT}:root"]}


def test_policies_by_name_arn_or_customer_name(sandbox: Sandbox) -> None:
    dev = sandbox.account("dev")
    arn = dev.create_policy("reports", REPORTS)
    assert dev.policy_arn("reports") == arn
    assert dev.policy_arn("ReadOnlyAccess") == "arn:aws:iam::aws:policy/ReadOnlyAccess"
    assert dev.policy_arn(arn) == arn
    with pytest.raises(FacadeError, match="no customer managed policy named 'Nope'"):
        dev.policy_arn("Nope")


def test_reset_and_snapshots(sandbox: Sandbox) -> None:
    dev = sandbox.account("dev")
    before = sandbox.snapshot()
    alice = dev.create_user("alice", policies=["ReadOnlyAccess"])
    alice.assume(dev.create_role("app", trusted=[alice]))
    assert sandbox.sim.state.sessions
    sandbox.restore(before)
    assert repr(dev) == "<account dev: 0 users, 0 groups, 0 roles>"
    dev.create_user("bob")
    dev.reset()
    assert repr(dev) == "<account dev: 0 users, 0 groups, 0 roles>"
    assert not sandbox.sim.state.sessions


def test_reprs_are_stable(sandbox: Sandbox) -> None:
    dev = sandbox.account("dev")
    alice = dev.create_user("alice", groups=["devs"])
    assert repr(sandbox) == "<sandbox: dev>"
    assert repr(dev) == "<account dev: 1 users, 1 groups, 0 roles>"
    assert repr(alice) == "<user alice in dev>"
    assert repr(dev.group("devs")) == "<group devs in dev>"
    assert repr(dev.create_role("app")) == "<role app in dev>"
    assert repr(dev.admin) == "<root clients>"


def test_lookups_fail_like_the_api(sandbox: Sandbox) -> None:
    with pytest.raises(AwsError) as missing:
        sandbox.account("dev").user("nobody")
    assert missing.value.aws_code == "NoSuchEntity"
    with pytest.raises(FacadeError, match="no account named 'prod'"):
        sandbox.account("prod")
    assert sandbox.account(ACCOUNT).name == "dev"


def test_package_exports_resolve() -> None:
    for name in account_package.__all__:
        assert getattr(account_package, name) is not None


def test_a_document_where_a_policy_name_belongs_is_a_typed_error() -> None:
    sandbox = Sandbox()
    account = sandbox.create_account("dev")
    with pytest.raises(FacadeError, match="inline="):
        account.create_user("carol", policies=[{"Version": "2012-10-17", "Statement": []}])  # type: ignore[list-item]
    assert "carol" not in account.model.users  # nothing half-made


def test_credentials_never_undo_a_deactivated_key() -> None:
    sandbox = Sandbox()
    account = sandbox.create_account("dev")
    dan = account.create_user("dan")
    key = dan.credentials().access_key_id
    account.admin.iam.update_access_key(UserName="dan", AccessKeyId=key, Status="Inactive")
    with pytest.raises(FacadeError, match="no active access key"):
        dan.credentials()
    assert [k.access_key_id for k in dan.model.access_keys] == [key]
