"""The routing itself: services and operations it serves, the session's life, where calls come from, no network."""

from __future__ import annotations

import boto3
import pytest
from boto_support import ACCOUNT, allow, deny
from botocore import xform_name
from botocore.config import Config
from botocore.exceptions import ClientError
from botocore.stub import Stubber

import workbench.boto
from workbench.account.iam.client import IamClient
from workbench.boto import (
    BotoRoutingError,
    NetworkBlockedError,
    SessionClosedError,
    UnsupportedOperationError,
    UnsupportedServiceError,
)
from workbench.errors import WorkbenchError


def test_a_simulated_session_is_a_boto3_session(admin):
    assert isinstance(admin, boto3.Session)
    assert admin.region_name == "us-east-1"
    assert "open" in repr(admin)


def test_a_service_the_simulation_lacks_fails_when_the_client_is_made(admin):
    with pytest.raises(UnsupportedServiceError) as caught:
        admin.client("dynamodb")

    message = str(caught.value)
    assert "'dynamodb'" in message
    for service in ("iam", "organizations", "s3", "sts"):
        assert service in message
    assert isinstance(caught.value, WorkbenchError) and caught.value.code == "boto_unsupported_service"
    with pytest.raises(UnsupportedServiceError):
        admin.resource("dynamodb")


def test_an_operation_the_simulation_lacks_names_itself(iam):
    implemented = {name for name in dir(IamClient) if getattr(getattr(IamClient, name), "aws_operation", None)}
    model = iam.meta.service_model
    missing = next(
        (
            name
            for name in sorted(model.operation_names)
            if xform_name(name) not in implemented and not _required(model.operation_model(name))
        ),
        None,
    )
    if missing is None:
        pytest.skip("the IAM simulation implements every operation that needs no parameters")

    with pytest.raises(UnsupportedOperationError) as caught:
        getattr(iam, xform_name(missing))()

    assert f"does not implement {missing}" in str(caught.value)
    assert "create_user" in str(caught.value), "the message lists what is implemented"
    assert isinstance(caught.value, NotImplementedError)


def _required(operation):
    return operation.input_shape.required_members if operation.input_shape is not None else []


def test_the_with_block_closes_the_session(sim, root):
    with workbench.boto.aws(sim, root) as session:
        sts = session.client("sts")
        assert sts.get_caller_identity()["Account"] == ACCOUNT

    assert session.closed
    with pytest.raises(SessionClosedError):
        sts.get_caller_identity()
    with pytest.raises(SessionClosedError):
        session.client("sts")


def test_inside_the_block_boto3s_module_level_client_is_simulated(sim, root):
    before = boto3.DEFAULT_SESSION

    with workbench.boto.aws(sim, root) as session:
        assert boto3.DEFAULT_SESSION is session
        assert boto3.client("sts").get_caller_identity()["Arn"] == f"arn:aws:iam::{ACCOUNT}:root"

    assert boto3.DEFAULT_SESSION is before


def test_as_default_false_leaves_boto3_alone(sim, root):
    before = boto3.DEFAULT_SESSION

    with workbench.boto.aws(sim, root, as_default=False):
        assert boto3.DEFAULT_SESSION is before


def test_blocks_nest(sim, root, user_with):
    key = user_with("alice")
    with workbench.boto.aws(sim, root) as outer:
        with workbench.boto.aws(sim, key):
            assert boto3.client("sts").get_caller_identity()["Arn"].endswith(":user/alice")
        assert boto3.DEFAULT_SESSION is outer
        assert boto3.client("sts").get_caller_identity()["Arn"].endswith(":root")


def test_a_request_that_gets_past_the_simulation_is_refused_not_sent(iam):
    iam.meta.events.unregister("before-call.*.*", unique_id="workbench-answer")

    with pytest.raises(NetworkBlockedError) as caught:
        iam.list_users()

    assert "https://iam.amazonaws.com/" in str(caught.value)
    assert caught.value.code == "boto_network_blocked"


def test_a_stubber_still_wins(iam, sim):
    logged = len(sim.activity)
    with Stubber(iam) as stub:
        stub.add_response("list_users", {"Users": []})
        assert iam.list_users()["Users"] == []

    assert len(sim.activity) == logged, "the stubbed call never reached the simulation"


def test_plain_http_is_not_secure_transport(sim, user_with):
    key = user_with("alice", allow("iam:GetUser"), deny("*", Bool={"aws:SecureTransport": "false"}))
    session = workbench.boto.session(sim, key)

    assert session.client("iam").get_user()["User"]["UserName"] == "alice"
    with pytest.raises(ClientError) as over_http:
        session.client("iam", use_ssl=False).get_user()
    with pytest.raises(ClientError) as insecure:
        workbench.boto.session(sim, key, secure_transport=False).client("iam").get_user()

    assert over_http.value.response["Error"]["Code"] == "AccessDenied"
    assert insecure.value.response["Error"]["Code"] == "AccessDenied"


def test_source_ip(sim, user_with):
    key = user_with("alice", allow("iam:GetUser", IpAddress={"aws:SourceIp": "10.0.0.0/8"}))

    office = workbench.boto.session(sim, key, source_ip="10.1.2.3").client("iam")
    cafe = workbench.boto.session(sim, key).client("iam")

    assert office.get_user()["User"]["UserName"] == "alice"
    with pytest.raises(ClientError):
        cafe.get_user()


def test_region_and_config_of_the_client_are_kept(admin):
    sts = admin.client("sts", region_name="eu-west-1", config=Config(retries={"max_attempts": 1}))

    assert sts.meta.region_name == "eu-west-1"
    assert sts.get_caller_identity()["Account"] == ACCOUNT


def test_credentials_in_a_form_we_cannot_read(sim):
    with pytest.raises(BotoRoutingError) as caught:
        workbench.boto.session(sim, {"user": "alice"})

    assert caught.value.code == "boto_invalid_credentials"


def test_aws_takes_a_sandbox_user_session_or_account() -> None:
    """``workbench.aws(alice)`` signs as alice; a role session as the session; an account as its root user."""
    from workbench import Sandbox, aws

    sandbox = Sandbox()
    dev = sandbox.create_account("dev", account_id="111111111111")
    alice = dev.create_user("alice", inline={"who": {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}]}})  # fmt: skip
    role = dev.create_role("reader", trusted=[alice])
    for caller, expected in (
        (alice, "arn:aws:iam::111111111111:user/alice"),
        (alice.assume(role), "arn:aws:sts::111111111111:assumed-role/reader/alice"),
        (dev, "arn:aws:iam::111111111111:root"),
    ):
        with aws(caller) as session:
            assert session.client("sts").get_caller_identity()["Arn"] == expected
    with pytest.raises(BotoRoutingError, match="only with a Simulation"):
        aws(alice, {"AccessKeyId": "AKIA", "SecretAccessKey": "x"}).__enter__()
    with pytest.raises(BotoRoutingError, match="got Sandbox"):
        aws(sandbox).__enter__()  # type: ignore[arg-type]
