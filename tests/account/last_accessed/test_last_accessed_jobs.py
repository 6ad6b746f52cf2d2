"""Access Advisor (A2): GenerateServiceLastAccessedDetails and its reports, computed from the activity log."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from last_accessed_support import ACCOUNT, advisor, allow, attempt, error_code, not_action, policy_text

from workbench.account.callers import Credentials
from workbench.account.persistence import dumps, loads
from workbench.account.simulation import Simulation
from workbench.policy.catalog import load_catalog

ALICE = f"arn:aws:iam::{ACCOUNT}:user/alice"


def _services(iam: Any, arn: str, granularity: str = "SERVICE_LEVEL") -> dict[str, dict[str, Any]]:
    job = iam.generate_service_last_accessed_details(Arn=arn, Granularity=granularity)["JobId"]
    answer = iam.get_service_last_accessed_details(JobId=job, MaxItems=1000)
    assert answer["JobStatus"] == "COMPLETED" and answer["JobType"] == granularity
    return {s["ServiceNamespace"]: s for s in answer["ServicesLastAccessed"]}


def test_the_a2_example_through_the_s3_client(sim: Simulation, iam: Any, root: Credentials, user: Any) -> None:
    """s3:* and ec2:* allowed; GetObject yesterday, denied by the bucket policy; EC2 never; DynamoDB not allowed."""
    alice = user("alice", allow(["s3:*", "ec2:*"]))
    s3 = sim.client("s3", root)
    s3.create_bucket(Bucket="reports")
    deny_alice = {"Effect": "Deny", "Principal": {"AWS": ALICE}, "Action": "s3:*", "Resource": "arn:aws:s3:::reports/*"}
    s3.put_bucket_policy(Bucket="reports", Policy=policy_text(deny_alice))
    yesterday = sim.clock.now()
    with pytest.raises(Exception) as raised:
        sim.client("s3", alice).get_object(Bucket="reports", Key="q1.csv")
    assert error_code(raised) == "AccessDenied"
    sim.clock.advance(days=1)
    services = _services(iam, ALICE)
    assert set(services) == {"s3", "ec2"}
    assert services["s3"] == {
        "ServiceName": "Amazon S3",
        "ServiceNamespace": "s3",
        "LastAuthenticated": yesterday,
        "LastAuthenticatedEntity": ALICE,
        "LastAuthenticatedRegion": "us-east-1",
        "TotalAuthenticatedEntities": 1,
    }
    assert services["ec2"] == {"ServiceName": "Amazon EC2", "ServiceNamespace": "ec2"}
    assert "dynamodb" not in services


def test_services_are_sorted_by_namespace_and_paged(sim: Simulation, iam: Any, user: Any) -> None:
    user("alice", allow(["s3:GetObject", "ec2:DescribeInstances", "kms:Decrypt", "lambda:ListFunctions"]))
    job = iam.generate_service_last_accessed_details(Arn=ALICE)["JobId"]
    first = iam.get_service_last_accessed_details(JobId=job, MaxItems=3)
    assert [s["ServiceNamespace"] for s in first["ServicesLastAccessed"]] == ["ec2", "kms", "lambda"]
    assert first["IsTruncated"] is True
    rest = iam.get_service_last_accessed_details(JobId=job, Marker=first["Marker"])
    assert [s["ServiceNamespace"] for s in rest["ServicesLastAccessed"]] == ["s3"]


def test_an_attempt_shows_once_four_hours_old(sim: Simulation, iam: Any, user: Any) -> None:
    alice = user("alice", allow("ec2:*"))
    made = sim.clock.now()
    attempt(sim, alice, "ec2", "DescribeInstances", "ec2:DescribeInstances")
    sim.clock.advance(hours=3, minutes=59)
    assert "LastAuthenticated" not in _services(iam, ALICE)["ec2"]
    sim.clock.advance(minutes=1)
    assert _services(iam, ALICE)["ec2"]["LastAuthenticated"] == made


def test_the_tracking_window_is_400_days(sim: Simulation, iam: Any, user: Any) -> None:
    alice = user("alice", allow("ec2:*"))
    attempt(sim, alice, "ec2", "DescribeInstances", "ec2:DescribeInstances")
    sim.clock.advance(days=400)
    assert "LastAuthenticated" in _services(iam, ALICE)["ec2"]
    sim.clock.advance(days=1)
    assert "LastAuthenticated" not in _services(iam, ALICE)["ec2"]


def test_requests_that_fail_authentication_do_not_count(sim: Simulation, iam: Any, user: Any) -> None:
    alice = user("alice", allow("ec2:*"))
    wrong_secret = Credentials(access_key_id=alice.access_key_id, secret_access_key="not-the-secret")
    attempt(sim, wrong_secret, "ec2", "DescribeInstances", "ec2:DescribeInstances")
    assert list(sim.activity)[-1].error_code == "SignatureDoesNotMatch"
    sim.clock.advance(days=1)
    assert "LastAuthenticated" not in _services(iam, ALICE)["ec2"]


def test_action_level_data_for_tracked_services(sim: Simulation, iam: Any, user: Any) -> None:
    alice = user("alice", allow(["iam:*", "s3:*", "ec2:DescribeInstances", "kms:*"]))
    attempt(sim, alice, "ec2", "DescribeInstances", "ec2:DescribeInstances", region="eu-west-1")
    advisor(sim, alice).list_users()
    attempt(sim, alice, "s3", "CreateBucket", "s3:CreateBucket", "arn:aws:s3:::new-bucket", Bucket="new-bucket")
    attempt(sim, alice, "s3", "GetObject", "s3:GetObject", "arn:aws:s3:::b/k", Bucket="b", Key="k")
    made = sim.clock.now()
    sim.clock.advance(hours=5)
    services = _services(iam, ALICE, "ACTION_LEVEL")
    ec2 = {a["ActionName"]: a for a in services["ec2"]["TrackedActionsLastAccessed"]}
    assert list(ec2) == ["DescribeInstances"]  # only the actions the policies allow
    assert ec2["DescribeInstances"] == {
        "ActionName": "DescribeInstances",
        "LastAccessedEntity": ALICE,
        "LastAccessedTime": made,
        "LastAccessedRegion": "eu-west-1",
    }
    iam_actions = {a["ActionName"]: a for a in services["iam"]["TrackedActionsLastAccessed"]}
    assert iam_actions["ListUsers"]["LastAccessedTime"] == made
    assert iam_actions["CreateUser"] == {"ActionName": "CreateUser"}
    assert "PassRole" not in iam_actions  # never tracked
    s3_actions = {a["ActionName"]: a for a in services["s3"]["TrackedActionsLastAccessed"]}
    assert s3_actions["CreateBucket"]["LastAccessedTime"] == made
    assert "GetObject" not in s3_actions  # object reads are data events, not management actions
    assert "TrackedActionsLastAccessed" not in services["kms"]  # no action-level data for KMS


def test_service_level_reports_have_no_action_data(sim: Simulation, iam: Any, user: Any) -> None:
    user("alice", allow("iam:*"))
    assert "TrackedActionsLastAccessed" not in _services(iam, ALICE)["iam"]


def test_which_services_the_policies_allow(sim: Simulation, iam: Any, user: Any) -> None:
    catalog = load_catalog()
    user("everything", allow("*"))
    assert set(_services(iam, f"arn:aws:iam::{ACCOUNT}:user/everything")) == set(catalog.services())
    user("not-iam", not_action("iam:*"))
    listed = set(_services(iam, f"arn:aws:iam::{ACCOUNT}:user/not-iam"))
    assert "iam" not in listed and {"s3", "ec2", "dynamodb"} <= listed
    user("some-iam", not_action("iam:CreateUser"))
    assert "iam" in _services(iam, f"arn:aws:iam::{ACCOUNT}:user/some-iam")
    user("wild", allow(["s3:Get*", "dynamo*:Describe*"]))
    assert set(_services(iam, f"arn:aws:iam::{ACCOUNT}:user/wild")) == {"s3", "dynamodb"}
    user("nothing")
    assert _services(iam, f"arn:aws:iam::{ACCOUNT}:user/nothing") == {}


def test_group_report_counts_members_and_names_the_latest(sim: Simulation, iam: Any, user: Any) -> None:
    iam.create_group(GroupName="devs")
    iam.put_group_policy(GroupName="devs", PolicyName="ec2", PolicyDocument=policy_text(allow("ec2:*")))
    ann, ben = user("ann"), user("ben")
    user("carl")
    for name in ("ann", "ben", "carl"):
        iam.add_user_to_group(GroupName="devs", UserName=name)
    attempt(sim, ann, "ec2", "DescribeInstances", "ec2:DescribeInstances")
    sim.clock.advance(hours=1)
    later = sim.clock.now()
    attempt(sim, ben, "ec2", "DescribeInstances", "ec2:DescribeInstances")
    sim.clock.advance(days=1)
    group_arn = iam.get_group(GroupName="devs")["Group"]["Arn"]
    job = iam.generate_service_last_accessed_details(Arn=group_arn)["JobId"]
    ec2 = iam.get_service_last_accessed_details(JobId=job)["ServicesLastAccessed"][0]
    assert ec2["LastAuthenticated"] == later and ec2["TotalAuthenticatedEntities"] == 2
    assert ec2["LastAuthenticatedEntity"] == f"arn:aws:iam::{ACCOUNT}:user/ben"
    entities = iam.get_service_last_accessed_details_with_entities(JobId=job, ServiceNamespace="ec2")
    rows = [(e["EntityInfo"]["Name"], e.get("LastAuthenticated")) for e in entities["EntityDetailsList"]]
    assert rows == [("ben", later), ("ann", later - timedelta(hours=1)), ("carl", None)]
    assert entities["EntityDetailsList"][0]["EntityInfo"]["Type"] == "USER"


def test_role_report_counts_its_sessions(sim: Simulation, iam: Any, user: Any) -> None:
    trust = policy_text({"Effect": "Allow", "Principal": {"AWS": ACCOUNT}, "Action": "sts:AssumeRole"})
    role = iam.create_role(RoleName="deployer", AssumeRolePolicyDocument=trust)["Role"]
    iam.put_role_policy(RoleName="deployer", PolicyName="p", PolicyDocument=policy_text(allow("lambda:*")))
    starter = user("starter", allow("sts:AssumeRole", role["Arn"]))
    session = sim.client("sts", starter).assume_role(RoleArn=role["Arn"], RoleSessionName="ci")["Credentials"]
    attempt(sim, session, "lambda", "ListFunctions", "lambda:ListFunctions", region="eu-central-1")
    sim.clock.advance(hours=4)
    services = _services(iam, role["Arn"])
    assert set(services) == {"lambda"}
    assert services["lambda"]["LastAuthenticatedEntity"] == role["Arn"]
    assert services["lambda"]["LastAuthenticatedRegion"] == "eu-central-1"


def test_policy_report_counts_users_groups_members_and_roles_it_is_attached_to(
    sim: Simulation, iam: Any, user: Any
) -> None:
    arn = iam.create_policy(PolicyName="ec2-read", PolicyDocument=policy_text(allow("ec2:Describe*")))["Policy"]["Arn"]
    direct, member = user("direct"), user("member")
    user("unrelated", allow("ec2:*"))
    iam.attach_user_policy(UserName="direct", PolicyArn=arn)
    iam.create_group(GroupName="readers")
    iam.attach_group_policy(GroupName="readers", PolicyArn=arn)
    iam.add_user_to_group(GroupName="readers", UserName="member")
    for credentials in (direct, member):
        attempt(sim, credentials, "ec2", "DescribeInstances", "ec2:DescribeInstances")
    sim.clock.advance(days=1)
    services = _services(iam, arn)
    assert set(services) == {"ec2"} and services["ec2"]["TotalAuthenticatedEntities"] == 2
    job = iam.generate_service_last_accessed_details(Arn=arn)["JobId"]
    names = [
        e["EntityInfo"]["Name"]
        for e in iam.get_service_last_accessed_details_with_entities(JobId=job, ServiceNamespace="ec2")[
            "EntityDetailsList"
        ]
    ]
    assert sorted(names) == ["direct", "member"]


def test_only_the_generating_principal_can_read_a_job(sim: Simulation, iam: Any, user: Any) -> None:
    user("alice", allow("s3:*"))
    auditor = advisor(sim, user("auditor", allow("iam:*")))
    other = advisor(sim, user("other", allow("iam:*")))
    job = auditor.generate_service_last_accessed_details(Arn=ALICE)["JobId"]
    assert auditor.get_service_last_accessed_details(JobId=job)["JobStatus"] == "COMPLETED"
    for reader in (other, iam):
        with pytest.raises(Exception) as raised:
            reader.get_service_last_accessed_details(JobId=job)
        assert error_code(raised) == "NoSuchEntity"
    with pytest.raises(Exception) as raised:
        auditor.get_service_last_accessed_details(JobId="00000000-0000-0000-0000-000000000000")
    assert error_code(raised) == "NoSuchEntity"


def test_temporary_credentials_must_read_in_the_same_session(sim: Simulation, iam: Any, user: Any) -> None:
    user("alice", allow("s3:*"))
    trust = policy_text({"Effect": "Allow", "Principal": {"AWS": ACCOUNT}, "Action": "sts:AssumeRole"})
    role = iam.create_role(RoleName="auditor", AssumeRolePolicyDocument=trust)["Role"]
    iam.put_role_policy(RoleName="auditor", PolicyName="p", PolicyDocument=policy_text(allow("iam:*")))
    starter = sim.client("sts", user("starter", allow("sts:AssumeRole", role["Arn"])))
    first = starter.assume_role(RoleArn=role["Arn"], RoleSessionName="audit")["Credentials"]
    second = starter.assume_role(RoleArn=role["Arn"], RoleSessionName="audit")["Credentials"]
    job = advisor(sim, first).generate_service_last_accessed_details(Arn=ALICE)["JobId"]
    assert advisor(sim, first).get_service_last_accessed_details(JobId=job)["JobStatus"] == "COMPLETED"
    with pytest.raises(Exception) as raised:
        advisor(sim, second).get_service_last_accessed_details(JobId=job)
    assert error_code(raised) == "NoSuchEntity"


def test_generating_needs_permission_on_the_entity(sim: Simulation, user: Any) -> None:
    user("alice", allow("s3:*"))
    narrow = advisor(sim, user("narrow", allow("iam:GenerateServiceLastAccessedDetails", "arn:aws:iam::*:user/bob")))
    with pytest.raises(Exception) as raised:
        narrow.generate_service_last_accessed_details(Arn=ALICE)
    assert error_code(raised) == "AccessDenied"


def test_unknown_entities_and_bad_arns(iam: Any) -> None:
    with pytest.raises(Exception) as raised:
        iam.generate_service_last_accessed_details(Arn=f"arn:aws:iam::{ACCOUNT}:user/ghost")
    assert error_code(raised) == "NoSuchEntity"
    with pytest.raises(Exception) as raised:
        iam.generate_service_last_accessed_details(Arn="arn:aws:s3:::not-an-iam-entity")
    assert error_code(raised) == "InvalidInput"
    with pytest.raises(Exception) as raised:
        iam.generate_service_last_accessed_details(Arn="arn:aws:iam::999999999999:user/elsewhere")
    assert error_code(raised) == "NoSuchEntity"


def test_a_job_for_a_deleted_entity_has_failed(sim: Simulation, iam: Any, user: Any) -> None:
    user("temp")
    job = iam.generate_service_last_accessed_details(Arn=f"arn:aws:iam::{ACCOUNT}:user/temp")["JobId"]
    key = iam.list_access_keys(UserName="temp")["AccessKeyMetadata"][0]["AccessKeyId"]
    iam.delete_access_key(UserName="temp", AccessKeyId=key)
    iam.delete_user(UserName="temp")
    answer = iam.get_service_last_accessed_details(JobId=job)
    assert answer["JobStatus"] == "FAILED" and answer["Error"]["Code"] == "NoSuchEntity"


def test_jobs_survive_save_and_load(sim: Simulation, iam: Any, root: Credentials, user: Any) -> None:
    alice = user("alice", allow("ec2:*"))
    attempt(sim, alice, "ec2", "DescribeInstances", "ec2:DescribeInstances")
    sim.clock.advance(days=1)
    job = iam.generate_service_last_accessed_details(Arn=ALICE)["JobId"]
    before = iam.get_service_last_accessed_details(JobId=job)["ServicesLastAccessed"]
    loaded = loads(dumps(sim))
    after = advisor(loaded, root).get_service_last_accessed_details(JobId=job)["ServicesLastAccessed"]
    assert after == before and after[0]["LastAuthenticated"] is not None


def test_a_restore_to_before_the_job_forgets_it(sim: Simulation, iam: Any, user: Any) -> None:
    user("alice", allow("ec2:*"))
    before = sim.snapshot()
    job = iam.generate_service_last_accessed_details(Arn=ALICE)["JobId"]
    sim.restore(before)
    with pytest.raises(Exception) as raised:
        iam.get_service_last_accessed_details(JobId=job)
    assert error_code(raised) == "NoSuchEntity"
