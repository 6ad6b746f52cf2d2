"""The policy simulator API (API1, API2, AMB-16): SimulateCustomPolicy and SimulatePrincipalPolicy."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from botocore.exceptions import ClientError
from iam_credentials_support import ACCOUNT, OTHER_ACCOUNT, allow, assert_boto3_shape, deny, error_code, policy_text

from workbench.account.model import Organization, OrganizationPolicy
from workbench.account.simulation import Simulation

API1_POLICY = (
    '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b1/*",'
    '"Condition":{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}}}'
)
REPORT = "arn:aws:s3:::b1/report.csv"
ALICE = f"arn:aws:iam::{ACCOUNT}:user/alice"


def _one(answer: dict[str, Any]) -> dict[str, Any]:
    (result,) = answer["EvaluationResults"]
    return dict(result)


def test_api1_missing_context_then_allowed_with_it(iam: Any) -> None:
    answer = iam.simulate_custom_policy(
        PolicyInputList=[API1_POLICY], ActionNames=["s3:GetObject"], ResourceArns=[REPORT]
    )
    assert_boto3_shape("SimulateCustomPolicy", answer)
    result = _one(answer)
    assert result["EvalDecision"] == "implicitDeny" and result["MatchedStatements"] == []
    assert result["MissingContextValues"] == []  # a listed resource: missing keys are per resource
    assert result["ResourceSpecificResults"][0]["MissingContextValues"] == ["aws:SourceIp"]
    context = [{"ContextKeyName": "aws:SourceIp", "ContextKeyValues": ["203.0.113.5"], "ContextKeyType": "ip"}]
    result = _one(
        iam.simulate_custom_policy(
            PolicyInputList=[API1_POLICY], ActionNames=["s3:GetObject"], ResourceArns=[REPORT], ContextEntries=context
        )
    )
    assert result["EvalDecision"] == "allowed"
    statement = API1_POLICY.index('{"Effect"')
    assert result["MatchedStatements"] == [
        {
            "SourcePolicyId": "PolicyInputList.1",
            "SourcePolicyType": "IAM Policy",
            "StartPosition": {"Line": 1, "Column": statement + 1},
            "EndPosition": {"Line": 1, "Column": len(API1_POLICY)},
        }
    ]


def test_missing_context_is_top_level_for_star(iam: Any) -> None:
    policy = API1_POLICY.replace("arn:aws:s3:::b1/*", "*")
    result = _one(iam.simulate_custom_policy(PolicyInputList=[policy], ActionNames=["s3:GetObject"]))
    assert result["EvalResourceName"] == "*"
    assert result["MissingContextValues"] == ["aws:SourceIp"] and result["ResourceSpecificResults"] == []
    assert "EvalDecisionDetails" not in result  # same account, resource "*"


def test_one_result_per_action_and_resource(iam: Any) -> None:
    policy = policy_text(allow("s3:GetObject", "arn:aws:s3:::b1/*"))
    answer = iam.simulate_custom_policy(
        PolicyInputList=[policy],
        ActionNames=["s3:GetObject", "s3:PutObject"],
        ResourceArns=["arn:aws:s3:::b1/a", "arn:aws:s3:::b2/a"],
    )
    decisions = [(r["EvalActionName"], r["EvalResourceName"], r["EvalDecision"]) for r in answer["EvaluationResults"]]
    assert decisions == [
        ("s3:GetObject", "arn:aws:s3:::b1/a", "allowed"),
        ("s3:GetObject", "arn:aws:s3:::b2/a", "implicitDeny"),
        ("s3:PutObject", "arn:aws:s3:::b1/a", "implicitDeny"),
        ("s3:PutObject", "arn:aws:s3:::b2/a", "implicitDeny"),
    ]
    first = iam.simulate_custom_policy(
        PolicyInputList=[policy], ActionNames=["s3:GetObject", "s3:PutObject"], MaxItems=1
    )
    assert first["IsTruncated"] is True and len(first["EvaluationResults"]) == 1
    rest = iam.simulate_custom_policy(
        PolicyInputList=[policy], ActionNames=["s3:GetObject", "s3:PutObject"], MaxItems=1, Marker=first["Marker"]
    )
    assert rest["EvaluationResults"][0]["EvalActionName"] == "s3:PutObject" and rest["IsTruncated"] is False


def test_api2_principal_policy_deny_lists_only_the_deny(iam: Any) -> None:
    iam.create_user(UserName="alice")
    iam.put_user_policy(
        UserName="alice", PolicyName="read", PolicyDocument=policy_text(allow("s3:GetObject", "arn:aws:s3:::b1/*"))
    )
    iam.put_user_policy(UserName="alice", PolicyName="no-s3", PolicyDocument=policy_text(deny("s3:*")))
    answer = iam.simulate_principal_policy(PolicySourceArn=ALICE, ActionNames=["s3:GetObject"], ResourceArns=[REPORT])
    assert_boto3_shape("SimulatePrincipalPolicy", answer)
    result = _one(answer)
    assert result["EvalDecision"] == "explicitDeny"
    assert [(m["SourcePolicyId"], m["SourcePolicyType"]) for m in result["MatchedStatements"]] == [
        ("no-s3", "IAM Policy")
    ]
    assert result["EvalDecisionDetails"] == {}  # same account with a resource ARN


def test_principal_policy_gathers_group_and_managed_policies(iam: Any) -> None:
    iam.create_user(UserName="alice")
    iam.create_group(GroupName="readers")
    iam.add_user_to_group(GroupName="readers", UserName="alice")
    arn = iam.create_policy(PolicyName="s3-read", PolicyDocument=policy_text(allow("s3:GetObject")))["Policy"]["Arn"]
    iam.attach_group_policy(GroupName="readers", PolicyArn=arn)
    iam.put_group_policy(GroupName="readers", PolicyName="list", PolicyDocument=policy_text(allow("s3:ListBucket")))
    results = iam.simulate_principal_policy(
        PolicySourceArn=ALICE, ActionNames=["s3:GetObject", "s3:ListBucket", "s3:PutObject"]
    )["EvaluationResults"]
    assert [r["EvalDecision"] for r in results] == ["allowed", "allowed", "implicitDeny"]
    assert results[0]["MatchedStatements"][0]["SourcePolicyId"] == "s3-read"
    assert results[1]["MatchedStatements"][0]["SourcePolicyId"] == "list"
    group = iam.simulate_principal_policy(
        PolicySourceArn=f"arn:aws:iam::{ACCOUNT}:group/readers", ActionNames=["s3:GetObject"]
    )["EvaluationResults"]
    assert group[0]["EvalDecision"] == "allowed"
    excluded = iam.simulate_principal_policy(
        PolicySourceArn=ALICE,
        ActionNames=["s3:GetObject", "s3:ListBucket"],
        PolicyExclusionList=[
            {"PolicyArn": arn},
            {"InlinePolicyIdentifier": {"PolicyName": "list", "AttachmentType": "group", "AttachmentName": "readers"}},
        ],
    )["EvaluationResults"]
    assert [r["EvalDecision"] for r in excluded] == ["implicitDeny", "implicitDeny"]
    by_type = iam.simulate_principal_policy(
        PolicySourceArn=ALICE,
        ActionNames=["s3:GetObject", "s3:ListBucket"],
        PolicyExclusionList=[{"PolicyType": "inline"}],
    )["EvaluationResults"]
    assert [r["EvalDecision"] for r in by_type] == ["allowed", "implicitDeny"]
    with pytest.raises(ClientError) as raised:
        iam.simulate_principal_policy(
            PolicySourceArn=ALICE,
            ActionNames=["s3:GetObject"],
            PolicyExclusionList=[{"PolicyArn": "arn:aws:iam::*:policy/reader"}],
        )
    assert error_code(raised) == "InvalidInput"


def test_principal_policy_adds_policy_inputs_and_boundaries(iam: Any) -> None:
    iam.create_user(UserName="alice")
    iam.put_user_policy(UserName="alice", PolicyName="all", PolicyDocument=policy_text(allow("*")))
    result = _one(
        iam.simulate_principal_policy(
            PolicySourceArn=ALICE,
            ActionNames=["iam:CreateUser"],
            PermissionsBoundaryPolicyInputList=[policy_text(allow("s3:*"))],
        )
    )
    assert result["EvalDecision"] == "implicitDeny"
    assert result["PermissionsBoundaryDecisionDetail"] == {"AllowedByPermissionsBoundary": False}
    result = _one(
        iam.simulate_principal_policy(
            PolicySourceArn=ALICE,
            ActionNames=["s3:GetObject"],
            PolicyInputList=[policy_text(deny("s3:GetObject"))],
            PermissionsBoundaryPolicyInputList=[policy_text(allow("s3:*"))],
        )
    )
    assert result["EvalDecision"] == "explicitDeny"
    assert result["MatchedStatements"][0]["SourcePolicyId"] == "PolicyInputList.1"
    assert result["PermissionsBoundaryDecisionDetail"] == {"AllowedByPermissionsBoundary": True}


def test_principal_policy_uses_the_entitys_own_boundary(iam: Any) -> None:
    boundary = iam.create_policy(PolicyName="only-s3", PolicyDocument=policy_text(allow("s3:*")))["Policy"]["Arn"]
    iam.create_user(UserName="alice", PermissionsBoundary=boundary)
    iam.put_user_policy(UserName="alice", PolicyName="all", PolicyDocument=policy_text(allow("*")))
    results = iam.simulate_principal_policy(PolicySourceArn=ALICE, ActionNames=["s3:GetObject", "ec2:RunInstances"])
    decisions = [(r["EvalDecision"], r["PermissionsBoundaryDecisionDetail"]) for r in results["EvaluationResults"]]
    assert decisions == [
        ("allowed", {"AllowedByPermissionsBoundary": True}),
        ("implicitDeny", {"AllowedByPermissionsBoundary": False}),
    ]
    allowed = results["EvaluationResults"][0]["MatchedStatements"]
    assert {(m["SourcePolicyId"], m["SourcePolicyType"]) for m in allowed} == {
        ("all", "IAM Policy"),
        ("only-s3", "Permissions Boundary Policy"),
    }


def test_role_simulation(iam: Any) -> None:
    trust = json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}
            ],
        }
    )
    iam.create_role(RoleName="web", AssumeRolePolicyDocument=trust)
    iam.put_role_policy(RoleName="web", PolicyName="logs", PolicyDocument=policy_text(allow("logs:PutLogEvents")))
    role = f"arn:aws:iam::{ACCOUNT}:role/web"
    result = _one(iam.simulate_principal_policy(PolicySourceArn=role, ActionNames=["logs:PutLogEvents"]))
    assert result["EvalDecision"] == "allowed"
    with pytest.raises(ClientError) as raised:
        iam.simulate_principal_policy(
            PolicySourceArn=role,
            ActionNames=["s3:GetObject"],
            ResourceArns=[REPORT],
            ResourcePolicy=policy_text(
                {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": REPORT}
            ),
        )
    assert error_code(raised) == "InvalidInput"  # resource policies cannot be simulated for roles


def test_missing_entity_is_no_such_entity(iam: Any) -> None:
    with pytest.raises(ClientError) as raised:
        iam.simulate_principal_policy(
            PolicySourceArn=f"arn:aws:iam::{ACCOUNT}:user/nobody", ActionNames=["s3:GetObject"]
        )
    assert error_code(raised) == "NoSuchEntity"
    with pytest.raises(ClientError) as raised:
        iam.simulate_principal_policy(PolicySourceArn=f"arn:aws:iam::{ACCOUNT}:policy/x", ActionNames=["s3:GetObject"])
    assert error_code(raised) == "InvalidInput"


BUCKET_POLICY = policy_text(
    {"Effect": "Allow", "Principal": {"AWS": ALICE}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b1/*"}
)


def test_resource_policy_with_a_caller(iam: Any) -> None:
    result = _one(
        iam.simulate_custom_policy(
            PolicyInputList=[policy_text(allow("ec2:*"))],
            ActionNames=["s3:GetObject"],
            ResourceArns=[REPORT],
            ResourcePolicy=BUCKET_POLICY,
            CallerArn=ALICE,
        )
    )
    assert result["EvalDecision"] == "allowed"
    assert result["MatchedStatements"][0]["SourcePolicyId"] == "ResourcePolicy"
    assert result["MatchedStatements"][0]["SourcePolicyType"] == "Resource Policy"


def test_resource_policy_needs_a_user_caller_and_must_fit(iam: Any) -> None:
    base: dict[str, Any] = {"PolicyInputList": [policy_text(allow("s3:*"))], "ActionNames": ["s3:GetObject"]}
    bad_calls: list[dict[str, Any]] = [
        {"ResourceArns": [REPORT], "ResourcePolicy": BUCKET_POLICY},
        {"ResourceArns": [REPORT], "ResourcePolicy": BUCKET_POLICY, "CallerArn": f"arn:aws:iam::{ACCOUNT}:role/web"},
        {"ResourceArns": ["arn:aws:s3:::other/x"], "ResourcePolicy": BUCKET_POLICY, "CallerArn": ALICE},
        {"ResourceArns": [REPORT], "ResourcePolicy": policy_text(allow("s3:*")), "CallerArn": ALICE},
    ]
    for extra in bad_calls:
        with pytest.raises(ClientError) as raised:
            iam.simulate_custom_policy(**base, **extra)
        assert error_code(raised) == "InvalidInput", extra


def test_cross_account_fills_eval_decision_details(iam: Any) -> None:
    bucket = policy_text(
        {
            "Effect": "Allow",
            "Principal": {"AWS": OTHER_ACCOUNT},
            "Action": "s3:GetObject",
            "Resource": "arn:aws:s3:::b1/*",
        }
    )
    caller = f"arn:aws:iam::{OTHER_ACCOUNT}:user/carol"
    result = _one(
        iam.simulate_custom_policy(
            PolicyInputList=[policy_text(allow("s3:GetObject"))],
            ActionNames=["s3:GetObject"],
            ResourceArns=[REPORT],
            ResourcePolicy=bucket,
            CallerArn=caller,
            ResourceOwner=f"arn:aws:iam::{ACCOUNT}:root",
        )
    )
    assert result["EvalDecision"] == "allowed"
    assert result["EvalDecisionDetails"] == {"IAM Policy": "allowed", "Resource Policy": "allowed"}
    result = _one(
        iam.simulate_custom_policy(
            PolicyInputList=[policy_text(allow("s3:GetObject"))],
            ActionNames=["s3:GetObject"],
            ResourceArns=[REPORT],
            CallerArn=caller,
            ResourceOwner=ACCOUNT,
        )
    )
    assert result["EvalDecision"] == "implicitDeny"
    assert result["EvalDecisionDetails"] == {"IAM Policy": "allowed", "Resource Policy": "implicitDeny"}


def test_context_entry_types(iam: Any) -> None:
    policy = policy_text(
        allow(
            "s3:ListBucket",
            Condition={
                "NumericLessThanEquals": {"s3:max-keys": "10"},
                "ForAllValues:StringEquals": {"aws:TagKeys": ["env", "team"]},
                "Bool": {"aws:SecureTransport": "true"},
            },
        )
    )

    def decide(*entries: dict[str, Any]) -> str:
        result = _one(
            iam.simulate_custom_policy(
                PolicyInputList=[policy], ActionNames=["s3:ListBucket"], ContextEntries=list(entries)
            )
        )
        return str(result["EvalDecision"])

    max_keys = {"ContextKeyName": "s3:max-keys", "ContextKeyValues": ["5"], "ContextKeyType": "numeric"}
    tags = {"ContextKeyName": "aws:TagKeys", "ContextKeyValues": ["env"], "ContextKeyType": "stringList"}
    tls = {"ContextKeyName": "aws:SecureTransport", "ContextKeyValues": ["true"], "ContextKeyType": "boolean"}
    assert decide(max_keys, tags, tls) == "allowed"
    assert decide({**max_keys, "ContextKeyValues": ["50"]}, tags, tls) == "implicitDeny"
    assert decide(max_keys, {**tags, "ContextKeyValues": ["env", "owner"]}, tls) == "implicitDeny"
    for bad in (
        {**max_keys, "ContextKeyValues": ["five"]},
        {**tls, "ContextKeyValues": ["yes"]},
        {**max_keys, "ContextKeyValues": ["1", "2"]},
        {"ContextKeyName": "aws:SourceIp", "ContextKeyValues": ["not-an-ip"], "ContextKeyType": "ip"},
        {**max_keys, "ContextKeyType": "integer"},
    ):
        with pytest.raises(ClientError) as raised:
            decide(bad)
        assert error_code(raised) == "InvalidInput", bad


def test_bad_inputs_are_invalid_input(iam: Any) -> None:
    good = policy_text(allow("s3:*"))
    for extra in (
        {"PolicyInputList": ['{"Version": "2012-10-17", "Statement": ['], "ActionNames": ["s3:GetObject"]},
        {"PolicyInputList": [good], "ActionNames": ["s3:Get*"]},
        {"PolicyInputList": [good], "ActionNames": ["s3:GetObjekt"]},
        {"PolicyInputList": [good], "ActionNames": ["s3:GetObject"], "ResourceArns": ["not-an-arn"]},
        {
            "PolicyInputList": [good],
            "ActionNames": ["s3:GetObject"],
            "PermissionsBoundaryPolicyInputList": [good, good],
        },
        {"PolicyInputList": [good], "ActionNames": ["s3:GetObject"], "ResourceOwner": "someone"},
        {
            "PolicyInputList": [good],
            "ActionNames": ["s3:GetObject"],
            "CallerArn": "arn:aws:sts::111111111111:assumed-role/r/s",
        },
    ):
        with pytest.raises(ClientError) as raised:
            iam.simulate_custom_policy(**extra)
        assert error_code(raised) == "InvalidInput", extra


def test_a_policy_aws_would_refuse_is_invalid_input(iam: Any) -> None:
    with_principal = policy_text({"Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": "*"})
    with pytest.raises(ClientError) as raised:
        iam.simulate_custom_policy(PolicyInputList=[with_principal], ActionNames=["s3:GetObject"])
    assert error_code(raised) == "InvalidInput"


def test_organization_decision_detail(iam: Any) -> None:
    scps = [
        {"ServiceControlPolicyInputList": [policy_text(allow("*"))]},
        {"ServiceControlPolicyInputList": [policy_text(allow("ec2:*"))]},
    ]
    results = iam.simulate_custom_policy(
        PolicyInputList=[policy_text(allow("*"))],
        ActionNames=["ec2:RunInstances", "s3:GetObject"],
        OrderedOrganizationPolicyInputList=scps,
    )["EvaluationResults"]
    assert [(r["EvalDecision"], r["OrganizationsDecisionDetail"]) for r in results] == [
        ("allowed", {"AllowedByOrganizations": True}),
        ("implicitDeny", {"AllowedByOrganizations": False}),
    ]
    assert results[1]["MatchedStatements"] == []  # SCP statements are never listed
    plain = _one(iam.simulate_custom_policy(PolicyInputList=[policy_text(allow("*"))], ActionNames=["s3:GetObject"]))
    assert "OrganizationsDecisionDetail" not in plain


def test_principal_policy_in_a_member_account_sees_its_scps(sim: Simulation, iam: Any) -> None:
    deny_s3 = OrganizationPolicy(
        policy_id="p-denys3",
        arn="arn:aws:organizations::999999999999:policy/o-x/service_control_policy/p-denys3",
        name="deny-s3",
        type="SERVICE_CONTROL_POLICY",
        content=policy_text(allow("*"), deny("s3:*")),
    )
    full = OrganizationPolicy(
        policy_id="p-full",
        arn="arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess",
        name="FullAWSAccess",
        type="SERVICE_CONTROL_POLICY",
        content=policy_text(allow("*")),
    )
    organization = Organization(
        org_id="o-x",
        arn="arn:aws:organizations::999999999999:organization/o-x",
        management_account_id="999999999999",
        root_id="r-root",
        parents={ACCOUNT: "r-root"},
        policies={"p-denys3": deny_s3, "p-full": full},
        attachments={"r-root": ("p-denys3",), ACCOUNT: ("p-full",)},
    )
    sim.update(lambda state: state.model_copy(update={"organization": organization}))
    iam.create_user(UserName="alice")
    iam.put_user_policy(UserName="alice", PolicyName="all", PolicyDocument=policy_text(allow("*")))
    results = iam.simulate_principal_policy(PolicySourceArn=ALICE, ActionNames=["s3:GetObject", "ec2:RunInstances"])
    assert [(r["EvalDecision"], r["OrganizationsDecisionDetail"]) for r in results["EvaluationResults"]] == [
        ("explicitDeny", {"AllowedByOrganizations": False}),
        ("allowed", {"AllowedByOrganizations": True}),
    ]
    excluded = iam.simulate_principal_policy(
        PolicySourceArn=ALICE,
        ActionNames=["s3:GetObject"],
        PolicyExclusionList=[{"PolicyArn": deny_s3.arn}],
    )
    assert _one(excluded)["OrganizationsDecisionDetail"] == {"AllowedByOrganizations": False}  # no SCP allows now


def test_the_simulator_call_itself_is_authorized(iam: Any, client_as: Callable[..., Any]) -> None:
    iam_reader = client_as("bob", allow("iam:SimulatePrincipalPolicy", "arn:aws:iam::*:user/${aws:username}"))
    bob = f"arn:aws:iam::{ACCOUNT}:user/bob"
    result = iam_reader.simulate_principal_policy(
        PolicySourceArn=bob, ActionNames=["iam:SimulatePrincipalPolicy"], ResourceArns=[bob]
    )
    assert _one(result)["EvalDecision"] == "allowed"
    iam.create_user(UserName="alice")
    with pytest.raises(ClientError) as raised:
        iam_reader.simulate_principal_policy(PolicySourceArn=ALICE, ActionNames=["s3:GetObject"])
    assert error_code(raised) == "AccessDenied"
    with pytest.raises(ClientError) as raised:
        iam_reader.simulate_custom_policy(PolicyInputList=[policy_text(allow("*"))], ActionNames=["s3:GetObject"])
    assert error_code(raised) == "AccessDenied"
