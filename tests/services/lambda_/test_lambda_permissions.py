"""Lambda function policies: AddPermission writes the statement as Lambda does; RemovePermission; GetPolicy (R2)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from lambda_support import A, B, allow, assert_boto3_shape, create_function, error_code, error_message, put_user

from workbench.account.model import Role
from workbench.account.simulation import Simulation
from workbench.policy.validate.validator import validate_policy

FN = f"arn:aws:lambda:us-east-1:{A}:function:f"


@pytest.fixture
def function(lam: Any, execution_role: Role) -> str:
    create_function(lam, "f", execution_role.arn)
    return FN


def test_s3_permission_is_stored_exactly_as_lambda_writes_it(lam: Any, function: str) -> None:
    answer = lam.add_permission(
        FunctionName="f",
        StatementId="s3-invoke",
        Action="lambda:InvokeFunction",
        Principal="s3.amazonaws.com",
        SourceArn="arn:aws:s3:::uploads",
        SourceAccount=A,
    )
    assert_boto3_shape("lambda", "AddPermission", answer)
    statement = (
        '{"Sid":"s3-invoke","Effect":"Allow","Principal":{"Service":"s3.amazonaws.com"},'
        f'"Action":"lambda:InvokeFunction","Resource":"{FN}",'
        f'"Condition":{{"StringEquals":{{"AWS:SourceAccount":"{A}"}},'
        '"ArnLike":{"AWS:SourceArn":"arn:aws:s3:::uploads"}}}'
    )
    assert answer["Statement"] == statement
    policy = lam.get_policy(FunctionName="f")
    assert_boto3_shape("lambda", "GetPolicy", policy)
    assert policy["Policy"] == f'{{"Version":"2012-10-17","Id":"default","Statement":[{statement}]}}'


@pytest.mark.parametrize(
    ("principal", "element"),
    [
        (B, {"AWS": f"arn:aws:iam::{B}:root"}),
        (f"arn:aws:iam::{B}:role/caller", {"AWS": f"arn:aws:iam::{B}:role/caller"}),
        ("sns.amazonaws.com", {"Service": "sns.amazonaws.com"}),
        ("*", "*"),
    ],
)
def test_principal_forms(lam: Any, function: str, principal: str, element: Any) -> None:
    answer = lam.add_permission(FunctionName="f", StatementId="p", Action="lambda:InvokeFunction", Principal=principal)
    assert json.loads(answer["Statement"])["Principal"] == element


def test_principal_org_id_becomes_a_condition(lam: Any, function: str) -> None:
    answer = lam.add_permission(
        FunctionName="f",
        StatementId="org",
        Action="lambda:InvokeFunction",
        Principal="*",
        PrincipalOrgID="o-a1b2c3d4e5f",
    )
    assert json.loads(answer["Statement"])["Condition"] == {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5f"}}


def test_the_stored_policy_is_a_valid_resource_policy(lam: Any, function: str) -> None:
    lam.add_permission(
        FunctionName="f",
        StatementId="s3",
        Action="lambda:InvokeFunction",
        Principal="s3.amazonaws.com",
        SourceArn="arn:aws:s3:::uploads",
        SourceAccount=A,
    )
    lam.add_permission(FunctionName="f", StatementId="acct", Action="lambda:GetFunction", Principal=B)
    report = validate_policy(lam.get_policy(FunctionName="f")["Policy"], "resource")
    assert report.errors == ()


def test_statements_accumulate_and_sids_are_unique(lam: Any, function: str) -> None:
    lam.add_permission(FunctionName="f", StatementId="one", Action="lambda:InvokeFunction", Principal=B)
    lam.add_permission(FunctionName="f", StatementId="two", Action="lambda:GetFunction", Principal=B)
    sids = [s["Sid"] for s in json.loads(lam.get_policy(FunctionName="f")["Policy"])["Statement"]]
    assert sids == ["one", "two"]
    with pytest.raises(Exception) as raised:
        lam.add_permission(FunctionName="f", StatementId="one", Action="lambda:InvokeFunction", Principal=B)
    assert error_code(raised) == "ResourceConflictException"
    assert error_message(raised).startswith("The statement id (sid) provided already exists.")


def test_invalid_principal(lam: Any, function: str) -> None:
    with pytest.raises(Exception) as raised:
        lam.add_permission(FunctionName="f", StatementId="x", Action="lambda:InvokeFunction", Principal="alice")
    assert error_code(raised) == "InvalidParameterValueException"
    assert error_message(raised) == "The provided principal was invalid. Please check the principal and try again."


@pytest.mark.parametrize(("field", "value"), [("Action", "s3:GetObject"), ("StatementId", "has space")])
def test_action_and_statement_id_patterns(lam: Any, function: str, field: str, value: str) -> None:
    params = {"FunctionName": "f", "StatementId": "x", "Action": "lambda:InvokeFunction", "Principal": B}
    with pytest.raises(Exception) as raised:
        lam.add_permission(**{**params, field: value})
    assert error_code(raised) == "ValidationException"


def test_get_policy_of_a_function_without_one(lam: Any, function: str) -> None:
    with pytest.raises(Exception) as raised:
        lam.get_policy(FunctionName="f")
    assert error_code(raised) == "ResourceNotFoundException"
    assert error_message(raised) == "The resource you requested does not exist."


def test_remove_permission(lam: Any, function: str) -> None:
    lam.add_permission(FunctionName="f", StatementId="one", Action="lambda:InvokeFunction", Principal=B)
    lam.add_permission(FunctionName="f", StatementId="two", Action="lambda:GetFunction", Principal=B)
    assert_boto3_shape("lambda", "RemovePermission", lam.remove_permission(FunctionName="f", StatementId="one"))
    assert [s["Sid"] for s in json.loads(lam.get_policy(FunctionName="f")["Policy"])["Statement"]] == ["two"]
    with pytest.raises(Exception) as raised:
        lam.remove_permission(FunctionName="f", StatementId="one")
    assert error_message(raised) == "Statement one is not found in resource policy."
    lam.remove_permission(FunctionName="f", StatementId="two")
    with pytest.raises(Exception) as raised:
        lam.get_policy(FunctionName="f")
    assert error_code(raised) == "ResourceNotFoundException"


def test_permission_calls_are_authorized_with_lambda_principal(sim: Simulation, lam_as: Any, function: str) -> None:
    only_s3 = {"StringEquals": {"lambda:Principal": "s3.amazonaws.com"}}
    keys = put_user(sim, A, "dev", allow("lambda:AddPermission", FN, Condition=only_s3))
    dev = lam_as(keys)
    dev.add_permission(FunctionName="f", StatementId="s3", Action="lambda:InvokeFunction", Principal="s3.amazonaws.com")
    with pytest.raises(Exception) as raised:
        dev.add_permission(FunctionName="f", StatementId="acct", Action="lambda:InvokeFunction", Principal=B)
    assert error_code(raised) == "AccessDeniedException"
    with pytest.raises(Exception) as raised:
        dev.get_policy(FunctionName="f")
    assert error_code(raised) == "AccessDeniedException"


def test_the_function_policy_can_grant_another_account_management_access(
    sim: Simulation, lam: Any, lam_as: Any, function: str
) -> None:
    carol = put_user(sim, B, "carol", allow("lambda:GetFunction", FN))
    with pytest.raises(Exception) as raised:
        lam_as(carol).get_function(FunctionName=FN)
    assert error_code(raised) == "AccessDeniedException"
    lam.add_permission(FunctionName="f", StatementId="b", Action="lambda:GetFunction", Principal=B)
    assert lam_as(carol).get_function(FunctionName=FN)["Configuration"]["FunctionArn"] == FN


def test_revision_id_guards_policy_changes(lam: Any, function: str) -> None:
    with pytest.raises(Exception) as raised:
        lam.add_permission(
            FunctionName="f", StatementId="x", Action="lambda:InvokeFunction", Principal=B, RevisionId="stale"
        )
    assert error_code(raised) == "PreconditionFailedException"
