"""Credential report (A1), account alias, account summary, and GetAccountAuthorizationDetails (the export shape)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from typing import Any

import pytest
from botocore.exceptions import ClientError
from iam_credentials_support import ACCOUNT, allow, assert_boto3_shape, error_code, policy_text
from key_use import use_key

from workbench.account.console import sign_in
from workbench.account.credential_report import COLUMNS
from workbench.account.simulation import Simulation

CREATED = "2026-01-05T09:00:00+00:00"


def _rows(iam: Any) -> dict[str, dict[str, str]]:
    content = iam.get_credential_report()["Content"].decode()
    reader = csv.DictReader(io.StringIO(content))
    assert tuple(reader.fieldnames or ()) == COLUMNS
    return {row["user"]: row for row in reader}


def test_report_not_present_before_generation(iam: Any) -> None:
    with pytest.raises(ClientError) as raised:
        iam.get_credential_report()
    assert error_code(raised) == "ReportNotPresent"
    assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == 410


def test_generate_starts_then_completes_and_is_reused_for_four_hours(sim: Simulation, iam: Any) -> None:
    started = iam.generate_credential_report()
    assert_boto3_shape("GenerateCredentialReport", started)
    assert started["State"] == "STARTED"
    generated_at = sim.clock.now()
    sim.clock.advance(hours=3)
    assert iam.generate_credential_report()["State"] == "COMPLETE"
    answer = iam.get_credential_report()
    assert_boto3_shape("GetCredentialReport", answer)
    assert answer["ReportFormat"] == "text/csv" and answer["GeneratedTime"] == generated_at
    sim.clock.advance(hours=1, seconds=1)
    with pytest.raises(ClientError) as raised:
        iam.get_credential_report()
    assert error_code(raised) == "ReportExpired"
    assert iam.generate_credential_report()["State"] == "STARTED"
    assert iam.get_credential_report()["GeneratedTime"] == sim.clock.now()


def test_report_rows_follow_a1(sim: Simulation, iam: Any) -> None:
    # A1's example: bob with a password never used, one active key used in us-east-1 for S3, no MFA.
    iam.create_user(UserName="bob")
    iam.create_login_profile(UserName="bob", Password="Corr3ct-Horse!")
    key_id = iam.create_access_key(UserName="bob")["AccessKey"]["AccessKeyId"]
    iam.create_user(UserName="carol")
    sim.clock.advance(hours=1)
    use_key(sim, key_id, "s3", "us-east-1")
    iam.generate_credential_report()
    rows = _rows(iam)
    assert list(rows) == ["<root_account>", "bob", "carol"]
    bob = rows["bob"]
    assert list(bob.values()) == [
        "bob",
        f"arn:aws:iam::{ACCOUNT}:user/bob",
        CREATED,
        "true",
        "no_information",
        CREATED,
        "N/A",
        "false",
        "true",
        CREATED,
        "2026-01-05T10:00:00+00:00",
        "us-east-1",
        "s3",
        "false",
        "N/A",
        "N/A",
        "N/A",
        "N/A",
        "false",
        "N/A",
        "false",
        "N/A",
    ]
    carol = rows["carol"]
    assert [carol[c] for c in ("password_enabled", "password_last_used", "password_last_changed", "mfa_active")] == [
        "false",
        "N/A",
        "N/A",
        "false",
    ]
    assert carol["access_key_1_active"] == "false" and carol["access_key_1_last_rotated"] == "N/A"
    root = rows["<root_account>"]
    assert root["arn"] == f"arn:aws:iam::{ACCOUNT}:root"
    assert [root[c] for c in ("password_enabled", "password_last_changed", "password_next_rotation")] == [
        "not_supported"
    ] * 3
    assert root["password_last_used"] == "no_information"
    assert root["access_key_1_active"] == "true"  # the fixture's root keys


def test_report_shows_password_use_rotation_and_inactive_keys(sim: Simulation, iam: Any) -> None:
    iam.update_account_password_policy(MaxPasswordAge=90)
    iam.create_user(UserName="bob")
    iam.create_login_profile(UserName="bob", Password="Corr3ct-Horse!")
    first = iam.create_access_key(UserName="bob")["AccessKey"]["AccessKeyId"]
    iam.create_access_key(UserName="bob")
    iam.update_access_key(UserName="bob", AccessKeyId=first, Status="Inactive")
    sim.clock.advance(minutes=30)
    sign_in(sim, ACCOUNT, "bob", "Corr3ct-Horse!")
    iam.generate_credential_report()
    bob = _rows(iam)["bob"]
    assert bob["password_last_used"] == "2026-01-05T09:30:00+00:00"
    assert bob["password_next_rotation"] == "2026-04-05T09:00:00+00:00"
    assert (bob["access_key_1_active"], bob["access_key_1_last_rotated"]) == ("false", CREATED)
    assert (bob["access_key_2_active"], bob["access_key_2_last_used_date"]) == ("true", "N/A")


def test_report_operations_are_authorized(client_as: Callable[..., Any]) -> None:
    auditor = client_as("auditor", allow("iam:GenerateCredentialReport"))
    auditor.generate_credential_report()
    with pytest.raises(ClientError) as raised:
        auditor.get_credential_report()
    assert error_code(raised) == "AccessDenied"


def test_account_alias(sim: Simulation, iam: Any) -> None:
    assert iam.list_account_aliases()["AccountAliases"] == []
    iam.create_account_alias(AccountAlias="example-corp")
    iam.create_account_alias(AccountAlias="example-corp-dev")  # one alias: the new one replaces the old
    listed = iam.list_account_aliases()
    assert_boto3_shape("ListAccountAliases", listed)
    assert listed["AccountAliases"] == ["example-corp-dev"]
    with pytest.raises(ClientError) as raised:
        iam.delete_account_alias(AccountAlias="example-corp")
    assert error_code(raised) == "NoSuchEntity"
    for bad in ("-starts-with-dash", "double--dash", "Upper"):
        with pytest.raises(ClientError) as raised:
            iam.create_account_alias(AccountAlias=bad)
        assert error_code(raised) == "ValidationError"
    other = sim.create_account("other", account_id="222222222222")
    taken = sim.client("iam", sim.root_credentials(other.account_id))
    with pytest.raises(ClientError) as raised:
        taken.create_account_alias(AccountAlias="example-corp-dev")
    assert error_code(raised) == "EntityAlreadyExists"
    iam.delete_account_alias(AccountAlias="example-corp-dev")
    assert iam.list_account_aliases()["AccountAliases"] == []


def test_account_summary(iam: Any) -> None:
    iam.create_user(UserName="alice")
    iam.create_virtual_mfa_device(VirtualMFADeviceName="spare")
    answer = iam.get_account_summary()
    assert_boto3_shape("GetAccountSummary", answer)
    summary = answer["SummaryMap"]
    assert summary["Users"] == 1 and summary["MFADevices"] == 1 and summary["MFADevicesInUse"] == 0
    assert summary["AccessKeysPerUserQuota"] == 2 and summary["AttachedPoliciesPerUserQuota"] == 10
    assert summary["AccountAccessKeysPresent"] == 1 and summary["AccountPasswordPresent"] == 1
    assert summary["AccountMFAEnabled"] == 0 and summary["UserPolicySizeQuota"] == 2048


READ = policy_text(allow("s3:GetObject", "arn:aws:s3:::b1/*"))
TRUST = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}],
    }
)


def _populate(iam: Any) -> str:
    iam.create_user(UserName="alice", Tags=[{"Key": "team", "Value": "blue"}])
    iam.put_user_policy(UserName="alice", PolicyName="read", PolicyDocument=READ)
    iam.create_group(GroupName="devs")
    iam.add_user_to_group(GroupName="devs", UserName="alice")
    iam.create_role(RoleName="web", AssumeRolePolicyDocument=TRUST)
    arn = iam.create_policy(PolicyName="reader", PolicyDocument=READ)["Policy"]["Arn"]
    iam.create_policy_version(PolicyArn=arn, PolicyDocument=policy_text(allow("s3:*")), SetAsDefault=True)
    iam.attach_group_policy(GroupName="devs", PolicyArn=arn)
    return str(arn)


def test_authorization_details_follow_botocores_shape(iam: Any) -> None:
    arn = _populate(iam)
    answer = iam.get_account_authorization_details()
    assert_boto3_shape("GetAccountAuthorizationDetails", answer)
    (alice,) = answer["UserDetailList"]
    assert alice["UserPolicyList"] == [{"PolicyName": "read", "PolicyDocument": json.loads(READ)}]
    assert alice["GroupList"] == ["devs"] and alice["Tags"] == [{"Key": "team", "Value": "blue"}]
    (devs,) = answer["GroupDetailList"]
    assert devs["AttachedManagedPolicies"] == [{"PolicyName": "reader", "PolicyArn": arn}]
    (web,) = answer["RoleDetailList"]
    assert web["AssumeRolePolicyDocument"] == json.loads(TRUST)
    assert web["InstanceProfileList"] == [] and web["RolePolicyList"] == []
    (reader,) = answer["Policies"]
    assert reader["AttachmentCount"] == 1 and reader["DefaultVersionId"] == "v2"
    versions = {v["VersionId"]: v for v in reader["PolicyVersionList"]}
    assert versions["v1"]["IsDefaultVersion"] is False and versions["v2"]["IsDefaultVersion"] is True
    assert versions["v1"]["Document"] == json.loads(READ)
    assert answer["IsTruncated"] is False


def test_authorization_details_filter_and_pages(iam: Any) -> None:
    _populate(iam)
    only_roles = iam.get_account_authorization_details(Filter=["Role"])
    assert [len(only_roles[k]) for k in ("UserDetailList", "GroupDetailList", "RoleDetailList", "Policies")] == [
        0,
        0,
        1,
        0,
    ]
    first = iam.get_account_authorization_details(MaxItems=2)
    assert first["IsTruncated"] is True and len(first["UserDetailList"]) + len(first["GroupDetailList"]) == 2
    rest = iam.get_account_authorization_details(MaxItems=2, Marker=first["Marker"])
    assert len(rest["RoleDetailList"]) == 1 and len(rest["Policies"]) == 1 and rest["IsTruncated"] is False


def test_authorization_details_list_aws_managed_policies_in_use() -> None:
    from workbench.account.managed import aws_managed_policies

    if not aws_managed_policies():
        pytest.skip("no AWS managed policy data shipped")
    sim = Simulation()
    sim.create_account("dev", account_id=ACCOUNT)
    iam = sim.client("iam", sim.root_credentials(ACCOUNT))
    managed_arn = next(iter(aws_managed_policies()))
    assert iam.get_account_authorization_details(Filter=["AWSManagedPolicy"])["Policies"] == []
    iam.create_user(UserName="alice")
    iam.attach_user_policy(UserName="alice", PolicyArn=managed_arn)
    listed = iam.get_account_authorization_details(Filter=["AWSManagedPolicy"])["Policies"]
    assert [p["Arn"] for p in listed] == [managed_arn] and listed[0]["AttachmentCount"] == 1
