"""IAM through real boto3: the learner's own calls, answered by the simulation, failing with botocore's exceptions."""

from __future__ import annotations

from datetime import datetime

import pytest
from boto_support import ACCOUNT, allow, deny, policy
from botocore.exceptions import ClientError, ParamValidationError

import workbench.boto
from workbench.account.errors import AwsError


def test_create_user_answers_as_boto3_does(iam, sim):
    response = iam.create_user(UserName="alice", Tags=[{"Key": "team", "Value": "blue"}])

    user = response["User"]
    assert user["Arn"] == f"arn:aws:iam::{ACCOUNT}:user/alice"
    assert user["UserId"].startswith("AIDA")
    assert isinstance(user["CreateDate"], datetime) and user["CreateDate"].tzinfo is not None
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert response["ResponseMetadata"]["RequestId"]
    assert "alice" in sim.state.accounts[ACCOUNT].users


def test_inline_policy_comes_back_as_a_dict(iam):
    document = policy(allow("s3:GetObject", "arn:aws:s3:::reports/*"))
    iam.create_user(UserName="alice")
    iam.put_user_policy(UserName="alice", PolicyName="read-reports", PolicyDocument=document)

    got = iam.get_user_policy(UserName="alice", PolicyName="read-reports")

    assert got["PolicyDocument"] == {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*"}],
    }
    assert iam.list_user_policies(UserName="alice")["PolicyNames"] == ["read-reports"]


def test_policy_documents_inside_lists_are_decoded_once(iam):
    iam.create_user(UserName="alice")
    iam.put_user_policy(UserName="alice", PolicyName="p", PolicyDocument=policy(allow("iam:GetUser")))

    details = iam.get_account_authorization_details(Filter=["User"])

    (alice,) = details["UserDetailList"]
    assert alice["UserPolicyList"][0]["PolicyDocument"]["Statement"][0]["Action"] == "iam:GetUser"


def test_a_users_own_keys_sign_a_second_session(sim, user_with):
    key = user_with("alice", allow("iam:GetUser"))

    alice = workbench.boto.session(sim, key)

    assert alice.client("iam").get_user()["User"]["UserName"] == "alice"
    assert alice.client("sts").get_caller_identity()["Arn"] == f"arn:aws:iam::{ACCOUNT}:user/alice"


def test_access_denied_is_botocores_client_error_with_aws_code_and_message(sim, user_with):
    key = user_with("alice", allow("iam:GetUser"))
    iam = workbench.boto.session(sim, key).client("iam")

    with pytest.raises(ClientError) as caught:
        iam.create_user(UserName="mallory")

    error = caught.value
    message = (
        f"User: arn:aws:iam::{ACCOUNT}:user/alice is not authorized to perform: iam:CreateUser on resource: "
        f"arn:aws:iam::{ACCOUNT}:user/mallory because no identity-based policy allows the iam:CreateUser action"
    )
    assert error.response["Error"]["Code"] == "AccessDenied"
    assert error.response["Error"]["Message"] == message
    assert error.response["ResponseMetadata"]["HTTPStatusCode"] == 403
    assert error.operation_name == "CreateUser"
    assert str(error) == f"An error occurred (AccessDenied) when calling the CreateUser operation: {message}"
    assert not isinstance(error, AwsError), "botocore raised its own exception, built from the parsed response"
    assert "mallory" not in sim.state.accounts[ACCOUNT].users


def test_explicit_deny_wording(sim, user_with):
    key = user_with("alice", allow("iam:*"), deny("iam:DeleteUser"))
    iam = workbench.boto.session(sim, key).client("iam")

    with pytest.raises(ClientError) as caught:
        iam.delete_user(UserName="alice")

    assert caught.value.response["Error"]["Message"].endswith("with an explicit deny in an identity-based policy")


def test_no_such_entity_is_the_modeled_exception(iam):
    with pytest.raises(iam.exceptions.NoSuchEntityException) as caught:
        iam.get_user(UserName="nope")

    assert isinstance(caught.value, ClientError)
    assert caught.value.response["Error"]["Code"] == "NoSuchEntity"
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404
    assert "nope" in caught.value.response["Error"]["Message"]


def test_error_responses_carry_the_request_id_of_the_logged_call(iam, sim):
    with pytest.raises(ClientError) as caught:
        iam.get_user(UserName="nope")

    last = list(sim.activity)[-1]
    assert last.error_code == "NoSuchEntity"
    assert caught.value.response["ResponseMetadata"]["RequestId"] == last.request_id


def test_other_modeled_exceptions(iam):
    iam.create_user(UserName="alice")
    with pytest.raises(iam.exceptions.EntityAlreadyExistsException):
        iam.create_user(UserName="alice")
    with pytest.raises(iam.exceptions.MalformedPolicyDocumentException):
        iam.put_user_policy(UserName="alice", PolicyName="p", PolicyDocument='{"Version": "2012-10-17"')


def test_unknown_access_key(sim):
    iam = workbench.boto.session(sim, {"AccessKeyId": "AKIAIOSFODNN7EXAMPLE", "SecretAccessKey": "x"}).client("iam")

    with pytest.raises(ClientError) as caught:
        iam.list_users()

    assert caught.value.response["Error"]["Code"] == "InvalidClientTokenId"


def test_wrong_secret(sim, root):
    iam = workbench.boto.session(sim, {"AccessKeyId": root.access_key_id, "SecretAccessKey": "wrong"}).client("iam")

    with pytest.raises(ClientError) as caught:
        iam.list_users()

    assert caught.value.response["Error"]["Code"] == "SignatureDoesNotMatch"


@pytest.mark.parametrize(
    "params",
    [{}, {"UserName": 42}, {"UserName": "alice", "Colour": "blue"}],
    ids=["missing", "wrong-type", "unknown"],
)
def test_parameters_are_validated_by_botocore_before_anything_is_sent(iam, sim, params):
    logged = len(sim.activity)

    with pytest.raises(ParamValidationError):
        iam.create_user(**params)

    assert len(sim.activity) == logged, "the simulation never saw the call"
    assert not sim.state.accounts[ACCOUNT].users


def test_boto3_resources_work_too(admin):
    admin.client("iam").create_user(UserName="alice", Path="/staff/")

    user = admin.resource("iam").User("alice")

    assert user.arn == f"arn:aws:iam::{ACCOUNT}:user/staff/alice"
    assert user.path == "/staff/"
