"""Lambda functions: CreateFunction (execution role, PassRole, trust), Get/List/Delete, UpdateFunctionConfiguration."""

from __future__ import annotations

from typing import Any

import pytest
from lambda_support import (
    EC2_TRUST,
    LAMBDA_TRUST,
    A,
    B,
    allow,
    assert_boto3_shape,
    create_function,
    error_code,
    error_message,
    function_arn,
    put_role,
    put_user,
    role_arn,
)

from workbench.account.model import Role
from workbench.account.simulation import Simulation

PASS_TO_LAMBDA = {"StringEquals": {"iam:PassedToService": "lambda.amazonaws.com"}}
PASS_TO_EC2 = {"StringEquals": {"iam:PassedToService": "ec2.amazonaws.com"}}


def developer(sim: Simulation, *extra: dict[str, Any]) -> Any:
    """A user who may manage functions, plus ``extra`` statements."""
    return put_user(sim, A, "dev", allow(["lambda:*"], "*"), *extra)


# -- CreateFunction ---------------------------------------------------------------------------------


def test_create_answers_the_configuration_as_lambda_does(lam: Any, execution_role: Role) -> None:
    answer = create_function(lam, "thumbs", execution_role.arn, Tags={"team": "media"})
    assert_boto3_shape("lambda", "CreateFunction", answer)
    assert answer["FunctionArn"] == function_arn("thumbs")
    assert answer["Role"] == execution_role.arn and answer["Handler"] == "app.handler"
    assert answer["Runtime"] == "python3.12" and answer["Version"] == "$LATEST"
    assert answer["State"] == "Pending" and answer["StateReasonCode"] == "Creating"
    assert answer["Timeout"] == 3 and answer["MemorySize"] == 128 and answer["PackageType"] == "Zip"


def test_create_needs_pass_role(sim: Simulation, lam_as: Any, execution_role: Role) -> None:
    keys = developer(sim)
    with pytest.raises(Exception) as raised:
        create_function(lam_as(keys), "f", execution_role.arn)
    assert error_code(raised) == "AccessDeniedException"
    assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403
    assert error_message(raised) == (
        f"User: arn:aws:iam::{A}:user/dev is not authorized to perform: iam:PassRole on resource: "
        f"{execution_role.arn} because no identity-based policy allows the iam:PassRole action"
    )
    assert sim.state.services.functions == {}


def test_pass_role_narrowed_to_lambda_allows(sim: Simulation, lam_as: Any, execution_role: Role) -> None:
    keys = developer(sim, allow("iam:PassRole", execution_role.arn, Condition=PASS_TO_LAMBDA))
    assert create_function(lam_as(keys), "f", execution_role.arn)["FunctionName"] == "f"


def test_pass_role_narrowed_to_another_service_denies(sim: Simulation, lam_as: Any, execution_role: Role) -> None:
    keys = developer(sim, allow("iam:PassRole", execution_role.arn, Condition=PASS_TO_EC2))
    with pytest.raises(Exception) as raised:
        create_function(lam_as(keys), "f", execution_role.arn)
    assert error_code(raised) == "AccessDeniedException"
    assert "iam:PassRole" in error_message(raised)
    denied = sim.activity.query(denied=True)[-1]
    assert denied.action == "iam:PassRole" and denied.decision == "implicitDeny"


def test_create_needs_lambda_create_function(sim: Simulation, lam_as: Any, execution_role: Role) -> None:
    keys = put_user(sim, A, "dev", allow("iam:PassRole", execution_role.arn))
    with pytest.raises(Exception) as raised:
        create_function(lam_as(keys), "f", execution_role.arn)
    assert error_message(raised) == (
        f"User: arn:aws:iam::{A}:user/dev is not authorized to perform: lambda:CreateFunction on resource: "
        f"{function_arn('f')} because no identity-based policy allows the lambda:CreateFunction action"
    )


def test_request_tags_reach_the_create_decision(sim: Simulation, lam_as: Any, execution_role: Role) -> None:
    tagged_only = {"StringEquals": {"aws:RequestTag/team": "media"}}
    keys = put_user(
        sim, A, "dev", allow("lambda:CreateFunction", "*", Condition=tagged_only), allow("iam:PassRole", "*")
    )
    with pytest.raises(Exception) as raised:
        create_function(lam_as(keys), "untagged", execution_role.arn)
    assert error_code(raised) == "AccessDeniedException"
    assert create_function(lam_as(keys), "tagged", execution_role.arn, Tags={"team": "media"})["FunctionName"]


@pytest.mark.parametrize(
    "trust",
    [[EC2_TRUST], [{"Effect": "Allow", "Principal": {"AWS": A}, "Action": "sts:AssumeRole"}]],
    ids=["trusts-ec2", "trusts-the-account"],
)
def test_role_must_trust_lambda(sim: Simulation, lam: Any, trust: list[dict[str, Any]]) -> None:
    role = put_role(sim, A, "not-for-lambda", trust)
    with pytest.raises(Exception) as raised:
        create_function(lam, "f", role.arn)
    assert error_code(raised) == "InvalidParameterValueException"
    assert error_message(raised) == "The role defined for the function cannot be assumed by Lambda."


def test_role_must_exist(lam: Any) -> None:
    with pytest.raises(Exception) as raised:
        create_function(lam, "f", role_arn("missing"))
    assert error_code(raised) == "InvalidParameterValueException"


def test_role_arn_must_be_a_role_arn(lam: Any) -> None:
    with pytest.raises(Exception) as raised:
        create_function(lam, "f", "fn-role")
    assert error_code(raised) == "ValidationException"


def test_another_accounts_role_cannot_be_passed(sim: Simulation, lam_as: Any) -> None:
    foreign = put_role(sim, B, "theirs", [LAMBDA_TRUST])
    keys = developer(sim, allow("iam:PassRole", "*"))
    with pytest.raises(Exception) as raised:
        create_function(lam_as(keys), "f", foreign.arn)
    assert error_code(raised) == "AccessDeniedException"
    assert "iam:PassRole" in error_message(raised)


def test_duplicate_name_conflicts(lam: Any, execution_role: Role) -> None:
    create_function(lam, "f", execution_role.arn)
    with pytest.raises(Exception) as raised:
        create_function(lam, "f", execution_role.arn)
    assert error_code(raised) == "ResourceConflictException"
    assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == 409


def test_zip_functions_need_runtime_and_handler(lam: Any, execution_role: Role) -> None:
    with pytest.raises(Exception) as raised:
        lam.create_function(FunctionName="f", Role=execution_role.arn, Code={"ZipFile": b"PK"})
    assert error_message(raised) == (
        "Runtime and Handler are mandatory parameters for functions created with deployment packages."
    )


def test_code_must_come_from_somewhere(lam: Any, execution_role: Role) -> None:
    with pytest.raises(Exception) as raised:
        lam.create_function(FunctionName="f", Role=execution_role.arn, Runtime="python3.12", Handler="a.b", Code={})
    assert error_message(raised) == "Please provide a source for function code."


def test_botocore_validates_the_call_shape(lam: Any, execution_role: Role) -> None:
    from botocore.exceptions import ParamValidationError

    with pytest.raises(ParamValidationError):
        lam.create_function(FunctionName="f", Role=execution_role.arn, Code={"Handler": print})


# -- names ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["f", f"{A}:function:f", function_arn("f"), f"{function_arn('f')}:$LATEST"])
def test_a_function_is_named_by_name_partial_arn_or_arn(lam: Any, execution_role: Role, name: str) -> None:
    create_function(lam, "f", execution_role.arn)
    assert lam.get_function(FunctionName=name)["Configuration"]["FunctionArn"] == function_arn("f")


def test_functions_of_another_region_are_not_reachable(lam: Any, execution_role: Role) -> None:
    with pytest.raises(Exception) as raised:
        lam.get_function(FunctionName="arn:aws:lambda:eu-west-1:111111111111:function:f")
    assert error_message(raised) == "Functions from 'eu-west-1' are not reachable in this region ('us-east-1')"


def test_a_bad_name_is_a_validation_error(lam: Any) -> None:
    with pytest.raises(Exception) as raised:
        lam.get_function(FunctionName="no spaces allowed")
    assert error_code(raised) == "ValidationException"


def test_versions_other_than_latest_do_not_exist(lam: Any, execution_role: Role) -> None:
    create_function(lam, "f", execution_role.arn)
    with pytest.raises(Exception) as raised:
        lam.get_function(FunctionName="f", Qualifier="1")
    assert error_code(raised) == "ResourceNotFoundException"


# -- Get, List, Delete ------------------------------------------------------------------------------


def test_get_function(lam: Any, execution_role: Role) -> None:
    create_function(lam, "f", execution_role.arn, Tags={"team": "media"})
    answer = lam.get_function(FunctionName="f")
    assert_boto3_shape("lambda", "GetFunction", answer)
    assert answer["Configuration"]["State"] == "Active"
    assert answer["Tags"] == {"team": "media"}
    assert answer["Code"]["RepositoryType"] == "S3"


def test_get_missing_function(lam: Any) -> None:
    with pytest.raises(Exception) as raised:
        lam.get_function(FunctionName="nope")
    assert error_code(raised) == "ResourceNotFoundException"
    assert error_message(raised) == f"Function not found: {function_arn('nope')}"
    assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404


def test_missing_function_is_not_revealed_to_the_unauthorized(sim: Simulation, lam_as: Any) -> None:
    keys = put_user(sim, A, "nobody")
    with pytest.raises(Exception) as raised:
        lam_as(keys).get_function(FunctionName="nope")
    assert error_code(raised) == "AccessDeniedException"


def test_list_functions_of_this_account_and_region(sim: Simulation, lam: Any, execution_role: Role) -> None:
    for name in ("b", "a", "c"):
        create_function(lam, name, execution_role.arn)
    other_account = put_role(sim, B, "r", [LAMBDA_TRUST])
    create_function(sim.client("lambda", sim.root_credentials(B)), "theirs", other_account.arn)
    answer = lam.list_functions()
    assert_boto3_shape("lambda", "ListFunctions", answer)
    assert [f["FunctionName"] for f in answer["Functions"]] == ["a", "b", "c"]
    page = lam.list_functions(MaxItems=2)
    assert [f["FunctionName"] for f in page["Functions"]] == ["a", "b"]
    rest = lam.list_functions(Marker=page["NextMarker"])
    assert [f["FunctionName"] for f in rest["Functions"]] == ["c"] and "NextMarker" not in rest
    elsewhere = sim.client("lambda", sim.root_credentials(A), region="eu-west-1")
    assert elsewhere.list_functions()["Functions"] == []


def test_delete_function(lam: Any, execution_role: Role) -> None:
    create_function(lam, "f", execution_role.arn)
    assert lam.delete_function(FunctionName="f")["ResponseMetadata"]["HTTPStatusCode"] == 200
    with pytest.raises(Exception) as raised:
        lam.delete_function(FunctionName="f")
    assert error_code(raised) == "ResourceNotFoundException"


def test_resource_tags_decide_abac_statements(sim: Simulation, lam: Any, lam_as: Any, execution_role: Role) -> None:
    create_function(lam, "media-fn", execution_role.arn, Tags={"team": "media"})
    create_function(lam, "ops-fn", execution_role.arn, Tags={"team": "ops"})
    same_team = {"StringEquals": {"aws:ResourceTag/team": "media"}}
    keys = put_user(sim, A, "mia", allow("lambda:GetFunction", "*", Condition=same_team))
    assert lam_as(keys).get_function(FunctionName="media-fn")["Configuration"]["FunctionName"] == "media-fn"
    with pytest.raises(Exception) as raised:
        lam_as(keys).get_function(FunctionName="ops-fn")
    assert error_code(raised) == "AccessDeniedException"


# -- UpdateFunctionConfiguration ---------------------------------------------------------------------


def test_update_handler_and_runtime(lam: Any, execution_role: Role) -> None:
    create_function(lam, "f", execution_role.arn)
    answer = lam.update_function_configuration(FunctionName="f", Handler="other.main", Runtime="python3.13")
    assert_boto3_shape("lambda", "UpdateFunctionConfiguration", answer)
    assert (answer["Handler"], answer["Runtime"]) == ("other.main", "python3.13")
    assert lam.get_function(FunctionName="f")["Configuration"]["Handler"] == "other.main"


def test_changing_the_role_needs_pass_role_again(sim: Simulation, lam_as: Any, execution_role: Role) -> None:
    other = put_role(sim, A, "other-role", [LAMBDA_TRUST])
    keys = developer(sim, allow("iam:PassRole", execution_role.arn, Condition=PASS_TO_LAMBDA))
    create_function(lam_as(keys), "f", execution_role.arn)
    with pytest.raises(Exception) as raised:
        lam_as(keys).update_function_configuration(FunctionName="f", Role=other.arn)
    assert error_code(raised) == "AccessDeniedException" and other.arn in error_message(raised)
    assert lam_as(keys).get_function(FunctionName="f")["Configuration"]["Role"] == execution_role.arn


def test_changing_to_a_role_lambda_cannot_assume(sim: Simulation, lam: Any, execution_role: Role) -> None:
    create_function(lam, "f", execution_role.arn)
    ec2_role = put_role(sim, A, "ec2-role", [EC2_TRUST])
    with pytest.raises(Exception) as raised:
        lam.update_function_configuration(FunctionName="f", Role=ec2_role.arn)
    assert error_code(raised) == "InvalidParameterValueException"


def test_revision_ids_guard_concurrent_changes(lam: Any, execution_role: Role) -> None:
    created = create_function(lam, "f", execution_role.arn)
    updated = lam.update_function_configuration(FunctionName="f", Handler="x.y", RevisionId=created["RevisionId"])
    assert updated["RevisionId"] != created["RevisionId"]
    with pytest.raises(Exception) as raised:
        lam.update_function_configuration(FunctionName="f", Handler="z.y", RevisionId=created["RevisionId"])
    assert error_code(raised) == "PreconditionFailedException"
