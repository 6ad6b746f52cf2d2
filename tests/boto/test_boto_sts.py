"""STS through real boto3, and where a simulated session's credentials come from (and never come from)."""

from __future__ import annotations

import pytest
from boto_support import ACCOUNT, allow, trust
from botocore.exceptions import ClientError, NoCredentialsError

import workbench.boto


def test_root_caller_identity(admin):
    identity = admin.client("sts").get_caller_identity()

    assert identity["Account"] == ACCOUNT
    assert identity["Arn"] == f"arn:aws:iam::{ACCOUNT}:root"


@pytest.fixture
def reader_role(iam):
    """A role that alice's account may assume, allowed to list users and nothing else."""
    iam.create_role(RoleName="reader", AssumeRolePolicyDocument=trust(f"arn:aws:iam::{ACCOUNT}:root"))
    iam.put_role_policy(
        RoleName="reader",
        PolicyName="list",
        PolicyDocument='{"Version": "2012-10-17", "Statement": '
        '[{"Effect": "Allow", "Action": "iam:ListUsers", "Resource": "*"}]}',
    )
    return f"arn:aws:iam::{ACCOUNT}:role/reader"


@pytest.fixture
def assumed(sim, user_with, reader_role):
    """The STS AssumeRole response alice gets for the reader role."""
    key = user_with("alice", allow("sts:AssumeRole", reader_role))
    sts = workbench.boto.session(sim, key).client("sts")
    return sts.assume_role(RoleArn=reader_role, RoleSessionName="s1")


def test_assume_role_then_a_session_from_the_returned_credentials(sim, assumed):
    credentials = assumed["Credentials"]
    assert credentials["AccessKeyId"].startswith("ASIA")
    assert assumed["AssumedRoleUser"]["Arn"] == f"arn:aws:sts::{ACCOUNT}:assumed-role/reader/s1"

    role_session = workbench.boto.session(sim, credentials)

    identity = role_session.client("sts").get_caller_identity()
    assert identity["Arn"] == f"arn:aws:sts::{ACCOUNT}:assumed-role/reader/s1"
    iam = role_session.client("iam")
    assert [u["UserName"] for u in iam.list_users()["Users"]] == ["alice"]
    with pytest.raises(ClientError) as caught:
        iam.create_user(UserName="bob")
    assert caught.value.response["Error"]["Code"] == "AccessDenied"
    assert "assumed-role/reader/s1 is not authorized to perform: iam:CreateUser" in str(caught.value)


def test_credentials_given_to_the_client_win(admin, assumed):
    credentials = assumed["Credentials"]

    sts = admin.client(
        "sts",
        aws_access_key_id=credentials["AccessKeyId"],
        aws_secret_access_key=credentials["SecretAccessKey"],
        aws_session_token=credentials["SessionToken"],
    )

    assert sts.get_caller_identity()["Arn"].endswith(":assumed-role/reader/s1")
    assert admin.client("sts").get_caller_identity()["Arn"].endswith(":root")


def test_expired_session_credentials(sim, assumed):
    sts = workbench.boto.session(sim, assumed["Credentials"]).client("sts")
    sim.clock.advance(hours=2)

    with pytest.raises(ClientError) as caught:
        sts.get_caller_identity()

    assert caught.value.response["Error"]["Code"] == "ExpiredToken"


def test_root_may_not_assume_roles(admin, reader_role):
    with pytest.raises(ClientError) as caught:
        admin.client("sts").assume_role(RoleArn=reader_role, RoleSessionName="s1")

    assert caught.value.response["Error"]["Code"] == "AccessDenied"


def test_credentials_from_environment_variables(sim, root, monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", root.access_key_id)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", root.secret_access_key)

    with workbench.boto.aws(sim) as session:
        identity = session.client("sts").get_caller_identity()

    assert identity["Arn"] == f"arn:aws:iam::{ACCOUNT}:root"


def test_temporary_credentials_from_environment_variables(sim, assumed, monkeypatch):
    credentials = assumed["Credentials"]
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", credentials["AccessKeyId"])
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", credentials["SecretAccessKey"])
    monkeypatch.setenv("AWS_SESSION_TOKEN", credentials["SessionToken"])

    identity = workbench.boto.session(sim).client("sts").get_caller_identity()

    assert identity["Arn"].endswith(":assumed-role/reader/s1")


def test_no_credentials_is_botocores_own_error(sim):
    sts = workbench.boto.session(sim).client("sts")

    with pytest.raises(NoCredentialsError):
        sts.get_caller_identity()


def test_the_machines_aws_files_and_profile_are_never_read(sim, root, tmp_path, monkeypatch):
    aws_dir = tmp_path / ".aws"
    aws_dir.mkdir()
    keys = f"aws_access_key_id = {root.access_key_id}\naws_secret_access_key = {root.secret_access_key}\n"
    (aws_dir / "credentials").write_text(f"[default]\n{keys}[learner]\n{keys}")
    (aws_dir / "config").write_text("[default]\nregion = eu-west-3\n[profile learner]\nregion = eu-west-3\n")
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(aws_dir / "credentials"))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(aws_dir / "config"))
    monkeypatch.setenv("AWS_PROFILE", "learner")
    monkeypatch.setenv("AWS_DEFAULTS_MODE", "auto")

    session = workbench.boto.session(sim)
    sts = session.client("sts")

    assert session.region_name == "us-east-1"
    with pytest.raises(NoCredentialsError):
        sts.get_caller_identity()
