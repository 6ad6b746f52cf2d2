"""Service-linked roles (R3): created for known services, unmodifiable by customers, deleted only when not in use."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from iam_entities_support import ACCOUNT, ANALYZER_POLICY_ARN, EC2_TRUST, allow, error_code, error_message, policy_text

from workbench.account.simulation import Simulation

ANALYZER_ROLE = "AWSServiceRoleForAccessAnalyzer"
READ_ONLY = policy_text(allow("iam:List*"))


@pytest.fixture
def analyzer_role(iam: Any) -> dict[str, Any]:
    return dict(iam.create_service_linked_role(AWSServiceName="access-analyzer.amazonaws.com")["Role"])


def test_created_with_aws_name_path_trust_and_permissions(iam: Any, analyzer_role: dict[str, Any]) -> None:
    assert analyzer_role["RoleName"] == ANALYZER_ROLE
    assert analyzer_role["Path"] == "/aws-service-role/access-analyzer.amazonaws.com/"
    assert analyzer_role["Arn"] == (
        f"arn:aws:iam::{ACCOUNT}:role/aws-service-role/access-analyzer.amazonaws.com/{ANALYZER_ROLE}"
    )
    trust = analyzer_role["AssumeRolePolicyDocument"]
    assert trust["Statement"] == [
        {"Effect": "Allow", "Principal": {"Service": "access-analyzer.amazonaws.com"}, "Action": "sts:AssumeRole"}
    ]
    attached = iam.list_attached_role_policies(RoleName=ANALYZER_ROLE)["AttachedPolicies"]
    assert attached == [{"PolicyName": "AccessAnalyzerServiceRolePolicy", "PolicyArn": ANALYZER_POLICY_ARN}]


def test_known_services(iam: Any) -> None:
    for service, name in (
        ("elasticloadbalancing.amazonaws.com", "AWSServiceRoleForElasticLoadBalancing"),
        ("autoscaling.amazonaws.com", "AWSServiceRoleForAutoScaling"),
        ("organizations.amazonaws.com", "AWSServiceRoleForOrganizations"),
        ("support.amazonaws.com", "AWSServiceRoleForSupport"),
    ):
        role = iam.create_service_linked_role(AWSServiceName=service, Description=f"for {service}")["Role"]
        assert role["RoleName"] == name and role["Description"] == f"for {service}"
        assert role["Path"] == f"/aws-service-role/{service}/"


def test_refusals_at_creation(iam: Any, analyzer_role: dict[str, Any]) -> None:
    cases = (
        ({"AWSServiceName": "nonsense.amazonaws.com"}, "InvalidInput", "nonsense.amazonaws.com"),
        ({"AWSServiceName": "access-analyzer.amazonaws.com"}, "InvalidInput", "has been taken in this account"),
        (
            {"AWSServiceName": "elasticloadbalancing.amazonaws.com", "CustomSuffix": "mine"},
            "InvalidInput",
            "Custom suffix is not allowed",
        ),
    )
    for params, code, text in cases:
        with pytest.raises(Exception) as raised:
            iam.create_service_linked_role(**params)
        assert error_code(raised) == code and text in error_message(raised), params
    suffixed = iam.create_service_linked_role(AWSServiceName="autoscaling.amazonaws.com", CustomSuffix="fleet")
    assert suffixed["Role"]["RoleName"] == "AWSServiceRoleForAutoScaling_fleet"


def test_every_customer_edit_is_unmodifiable_entity(iam: Any, analyzer_role: dict[str, Any]) -> None:
    mine = iam.create_policy(PolicyName="mine", PolicyDocument=READ_ONLY)["Policy"]["Arn"]
    iam.create_instance_profile(InstanceProfileName="box")
    edits: list[Callable[[], Any]] = [
        lambda: iam.put_role_policy(RoleName=ANALYZER_ROLE, PolicyName="p", PolicyDocument=READ_ONLY),
        lambda: iam.delete_role_policy(RoleName=ANALYZER_ROLE, PolicyName="p"),
        lambda: iam.attach_role_policy(RoleName=ANALYZER_ROLE, PolicyArn=mine),
        lambda: iam.detach_role_policy(RoleName=ANALYZER_ROLE, PolicyArn=ANALYZER_POLICY_ARN),
        lambda: iam.update_assume_role_policy(RoleName=ANALYZER_ROLE, PolicyDocument=EC2_TRUST),
        lambda: iam.put_role_permissions_boundary(RoleName=ANALYZER_ROLE, PermissionsBoundary=mine),
        lambda: iam.delete_role_permissions_boundary(RoleName=ANALYZER_ROLE),
        lambda: iam.update_role(RoleName=ANALYZER_ROLE, MaxSessionDuration=7200),
        lambda: iam.add_role_to_instance_profile(InstanceProfileName="box", RoleName=ANALYZER_ROLE),
        lambda: iam.delete_role(RoleName=ANALYZER_ROLE),
    ]
    for edit in edits:
        with pytest.raises(Exception) as raised:
            edit()
        assert error_code(raised) == "UnmodifiableEntity"
        assert error_message(raised) == (
            f"Cannot perform the operation on the protected role '{ANALYZER_ROLE}' - "
            "this role is only modifiable by AWS"
        )
    # Only the description is the customer's to change.
    iam.update_role_description(RoleName=ANALYZER_ROLE, Description="analyzes things")
    iam.update_role(RoleName=ANALYZER_ROLE, Description="analyzes everything")
    assert iam.get_role(RoleName=ANALYZER_ROLE)["Role"]["Description"] == "analyzes everything"


def test_service_role_policies_attach_nowhere_else(iam: Any, aws_managed: None) -> None:
    iam.create_user(UserName="alice")
    iam.create_group(GroupName="devs")
    iam.create_role(RoleName="web", AssumeRolePolicyDocument=EC2_TRUST)
    for attach in (
        lambda: iam.attach_user_policy(UserName="alice", PolicyArn=ANALYZER_POLICY_ARN),
        lambda: iam.attach_group_policy(GroupName="devs", PolicyArn=ANALYZER_POLICY_ARN),
        lambda: iam.attach_role_policy(RoleName="web", PolicyArn=ANALYZER_POLICY_ARN),
    ):
        with pytest.raises(Exception) as raised:
            attach()
        assert error_code(raised) == "PolicyNotAttachable"


def test_deletion_succeeds_when_unused(iam: Any, analyzer_role: dict[str, Any]) -> None:
    task = iam.delete_service_linked_role(RoleName=ANALYZER_ROLE)["DeletionTaskId"]
    assert task.startswith(f"task/aws-service-role/access-analyzer.amazonaws.com/{ANALYZER_ROLE}/")
    status = iam.get_service_linked_role_deletion_status(DeletionTaskId=task)
    assert status["Status"] == "SUCCEEDED" and "Reason" not in status
    with pytest.raises(Exception) as raised:
        iam.get_role(RoleName=ANALYZER_ROLE)
    assert error_code(raised) == "NoSuchEntity"
    iam.create_service_linked_role(AWSServiceName="access-analyzer.amazonaws.com")  # the name is free again


def test_deletion_refused_while_in_use(
    sim: Simulation, iam: Any, analyzer_role: dict[str, Any], live_session: Callable[[str, int], Any]
) -> None:
    session = live_session(ANALYZER_ROLE, 900)
    task = iam.delete_service_linked_role(RoleName=ANALYZER_ROLE)["DeletionTaskId"]
    status = iam.get_service_linked_role_deletion_status(DeletionTaskId=task)
    assert status["Status"] == "FAILED"
    assert "in use" in status["Reason"]["Reason"]
    assert status["Reason"]["RoleUsageList"] == [{"Region": "us-east-1", "Resources": [session.arn]}]
    assert iam.get_role(RoleName=ANALYZER_ROLE)["Role"]["RoleName"] == ANALYZER_ROLE
    sim.clock.advance(seconds=900)  # the session has expired: nothing uses the role any more
    later = iam.delete_service_linked_role(RoleName=ANALYZER_ROLE)["DeletionTaskId"]
    assert later != task
    assert iam.get_service_linked_role_deletion_status(DeletionTaskId=later)["Status"] == "SUCCEEDED"
    assert iam.get_service_linked_role_deletion_status(DeletionTaskId=task)["Status"] == "FAILED"


def test_deletion_task_ids_are_checked(iam: Any, analyzer_role: dict[str, Any]) -> None:
    task = iam.delete_service_linked_role(RoleName=ANALYZER_ROLE)["DeletionTaskId"]
    with pytest.raises(Exception) as raised:
        iam.get_service_linked_role_deletion_status(DeletionTaskId="task/not-a-task")
    assert error_code(raised) == "InvalidInput"
    forged = task[:-1] + ("0" if task[-1] != "0" else "1")
    with pytest.raises(Exception) as raised:
        iam.get_service_linked_role_deletion_status(DeletionTaskId=forged)
    assert error_code(raised) == "NoSuchEntity"


def test_ordinary_roles_are_deleted_with_delete_role(iam: Any) -> None:
    iam.create_role(RoleName="web", AssumeRolePolicyDocument=EC2_TRUST)
    with pytest.raises(Exception) as raised:
        iam.delete_service_linked_role(RoleName="web")
    assert error_code(raised) == "InvalidInput"


def test_creating_one_is_authorized_with_the_service_name(client_as: Any) -> None:
    condition = {"StringEquals": {"iam:AWSServiceName": "support.amazonaws.com"}}
    bob = client_as("bob", allow("iam:CreateServiceLinkedRole", Condition=condition))
    bob.create_service_linked_role(AWSServiceName="support.amazonaws.com")
    with pytest.raises(Exception) as raised:
        bob.create_service_linked_role(AWSServiceName="access-analyzer.amazonaws.com")
    assert error_code(raised) == "AccessDenied"
