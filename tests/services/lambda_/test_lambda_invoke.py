"""Lambda Invoke: who may invoke (function policy and identity, R2, E8, E10); the code runs as the execution role."""

from __future__ import annotations

import base64
import json
from datetime import timedelta
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
    payload_of,
    put_role,
    put_user,
    set_trust,
)

from workbench.account.model import Role
from workbench.account.simulation import Simulation
from workbench.services.lambda_ import register_handler
from workbench.services.lambda_.handlers import HandlerRegistrationError, registered_handlers

FN = function_arn("f")


def echo(event: Any, context: Any) -> Any:
    return {"event": event, "function": context.function_name}


@pytest.fixture
def function(sim: Simulation, lam: Any, execution_role: Role) -> str:
    register_handler(sim, "app.handler", echo)
    create_function(lam, "f", execution_role.arn)
    return FN


# -- the answer -------------------------------------------------------------------------------------


def test_invoke_returns_the_handlers_result_as_a_payload_stream(lam: Any, function: str) -> None:
    answer = lam.invoke(FunctionName="f", Payload=json.dumps({"n": 1}))
    assert_boto3_shape("lambda", "Invoke", answer)
    assert answer["StatusCode"] == 200 and answer["ExecutedVersion"] == "$LATEST"
    assert "FunctionError" not in answer
    assert json.loads(answer["Payload"].read()) == {"event": {"n": 1}, "function": "f"}


@pytest.mark.parametrize("payload", [b'{"n": 1}', '{"n": 1}', bytearray(b'{"n": 1}')])
def test_payload_may_be_bytes_or_text(lam: Any, function: str, payload: Any) -> None:
    assert payload_of(lam.invoke(FunctionName="f", Payload=payload))["event"] == {"n": 1}


def test_no_payload_is_an_empty_event(lam: Any, function: str) -> None:
    assert payload_of(lam.invoke(FunctionName="f"))["event"] == {}


def test_payload_must_be_json(lam: Any, function: str) -> None:
    with pytest.raises(Exception) as raised:
        lam.invoke(FunctionName="f", Payload=b"not json")
    assert error_code(raised) == "InvalidRequestContentException"


def test_a_raising_handler_is_a_function_error_not_an_exception(sim: Simulation, lam: Any, function: str) -> None:
    def broken(event: Any, context: Any) -> Any:
        print("about to fail")
        raise ValueError("no thumbnail for you")

    register_handler(sim, "app.handler", broken)
    answer = lam.invoke(FunctionName="f", LogType="Tail")
    assert answer["StatusCode"] == 200 and answer["FunctionError"] == "Unhandled"
    body = payload_of(answer)
    assert body["errorType"] == "ValueError" and body["errorMessage"] == "no thumbnail for you"
    assert body["requestId"] and any("broken" in line for line in body["stackTrace"])
    log = base64.b64decode(answer["LogResult"]).decode()
    assert log.startswith("START RequestId: ") and "about to fail\n" in log
    assert "[ERROR] ValueError: no thumbnail for you" in log and "REPORT RequestId: " in log


def test_an_unregistered_handler_cannot_be_imported(sim: Simulation, lam: Any, execution_role: Role) -> None:
    create_function(lam, "g", execution_role.arn, handler="missing.main")
    answer = lam.invoke(FunctionName="g")
    assert answer["FunctionError"] == "Unhandled"
    body = payload_of(answer)
    assert body["errorType"] == "Runtime.ImportModuleError"
    assert body["errorMessage"].startswith("Unable to import module 'missing': No module named 'missing'")


def test_a_result_that_is_not_json_is_a_marshal_error(sim: Simulation, lam: Any, function: str) -> None:
    register_handler(sim, "app.handler", lambda event, context: {"when": object()})
    answer = lam.invoke(FunctionName="f")
    assert answer["FunctionError"] == "Unhandled"
    assert payload_of(answer)["errorType"] == "Runtime.MarshalError"


def test_dry_run_only_authorizes(sim: Simulation, lam: Any, function: str) -> None:
    calls: list[Any] = []
    register_handler(sim, "app.handler", lambda event, context: calls.append(event))
    answer = lam.invoke(FunctionName="f", InvocationType="DryRun")
    assert answer["StatusCode"] == 204 and answer["Payload"].read() == b"" and calls == []


def test_event_invocations_run_but_report_nothing(sim: Simulation, lam: Any, function: str) -> None:
    calls: list[Any] = []

    def record(event: Any, context: Any) -> None:
        calls.append(event)
        raise RuntimeError("the caller never sees this")

    register_handler(sim, "app.handler", record)
    answer = lam.invoke(FunctionName="f", InvocationType="Event", Payload=b'{"n": 2}')
    assert answer["StatusCode"] == 202 and "FunctionError" not in answer and calls == [{"n": 2}]


def test_missing_function(lam: Any) -> None:
    with pytest.raises(Exception) as raised:
        lam.invoke(FunctionName="nope")
    assert error_code(raised) == "ResourceNotFoundException"


def test_handler_names_must_be_valid(sim: Simulation) -> None:
    with pytest.raises(HandlerRegistrationError):
        register_handler(sim, "has space", echo)
    with pytest.raises(HandlerRegistrationError):
        register_handler(sim, "app.handler", "not callable")  # type: ignore[arg-type]
    register_handler(sim, "b.main", echo)
    register_handler(sim, "a.main", echo)
    assert registered_handlers(sim) == ("a.main", "b.main")


def test_handlers_survive_snapshot_and_restore(sim: Simulation, lam: Any, function: str) -> None:
    before = sim.snapshot()
    lam.delete_function(FunctionName="f")
    sim.restore(before)
    assert payload_of(lam.invoke(FunctionName="f"))["function"] == "f"


# -- who may invoke (R2) ----------------------------------------------------------------------------


def test_same_account_identity_allow_suffices(sim: Simulation, lam_as: Any, function: str) -> None:
    keys = put_user(sim, A, "alice", allow("lambda:InvokeFunction", FN))
    assert lam_as(keys).invoke(FunctionName="f")["StatusCode"] == 200


def test_without_any_allow_invoke_is_denied(sim: Simulation, lam_as: Any, function: str) -> None:
    keys = put_user(sim, A, "bob")
    with pytest.raises(Exception) as raised:
        lam_as(keys).invoke(FunctionName="f")
    assert error_code(raised) == "AccessDeniedException"
    assert error_message(raised) == (
        f"User: arn:aws:iam::{A}:user/bob is not authorized to perform: lambda:InvokeFunction on resource: {FN} "
        "because no identity-based policy allows the lambda:InvokeFunction action"
    )


def test_function_policy_naming_the_user_suffices(sim: Simulation, lam: Any, lam_as: Any, function: str) -> None:
    keys = put_user(sim, A, "bob")
    lam.add_permission(
        FunctionName="f", StatementId="bob", Action="lambda:InvokeFunction", Principal=f"arn:aws:iam::{A}:user/bob"
    )
    assert lam_as(keys).invoke(FunctionName="f")["StatusCode"] == 200


def test_cross_account_needs_both_sides(sim: Simulation, lam: Any, lam_as: Any, function: str) -> None:
    with_identity = put_user(sim, B, "carol", allow("lambda:InvokeFunction", FN))
    without_identity = put_user(sim, B, "dave")
    with pytest.raises(Exception) as raised:
        lam_as(with_identity).invoke(FunctionName=FN)
    assert error_code(raised) == "AccessDeniedException"
    lam.add_permission(FunctionName="f", StatementId="b", Action="lambda:InvokeFunction", Principal=B)
    assert lam_as(with_identity).invoke(FunctionName=FN)["StatusCode"] == 200
    with pytest.raises(Exception) as raised:
        lam_as(without_identity).invoke(FunctionName=FN)
    assert error_code(raised) == "AccessDeniedException"


# -- the code runs as the execution role ------------------------------------------------------------


def test_the_handler_calls_aws_as_the_execution_role(sim: Simulation, lam_as: Any) -> None:
    role = put_role(sim, A, "lister", [LAMBDA_TRUST], allow("iam:ListRoles"))

    def who_am_i(event: Any, context: Any) -> Any:
        identity = context.client("sts").get_caller_identity()
        roles = context.client("iam").list_roles()["Roles"]
        return {
            "arn": identity["Arn"],
            "userid": identity["UserId"],
            "roles": len(roles),
            "key": context.credentials.access_key_id,
            "env": context.environment["AWS_ACCESS_KEY_ID"],
        }

    register_handler(sim, "who.main", who_am_i)
    admin = put_user(sim, A, "admin", allow("*"))
    create_function(lam_as(admin), "who", role.arn, handler="who.main")
    body = payload_of(lam_as(admin).invoke(FunctionName="who"))
    assert body["arn"] == f"arn:aws:sts::{A}:assumed-role/lister/who"
    assert body["userid"] == f"{role.role_id}:who"
    assert body["key"].startswith("ASIA") and body["env"] == body["key"]
    assert body["roles"] == 1
    session = sim.state.sessions[body["key"]]
    assert session.role_name == "lister" and session.session_name == "who" and session.instance_id is None


def test_the_invokers_permissions_do_not_reach_the_code(sim: Simulation, lam_as: Any, execution_role: Role) -> None:
    def list_users(event: Any, context: Any) -> Any:
        return context.client("iam").list_users()

    register_handler(sim, "users.main", list_users)
    admin = put_user(sim, A, "admin", allow("*"))
    create_function(lam_as(admin), "users", execution_role.arn, handler="users.main")
    answer = lam_as(admin).invoke(FunctionName="users")
    assert answer["FunctionError"] == "Unhandled"
    body = payload_of(answer)
    assert body["errorType"] == "ClientError"
    assert body["errorMessage"].startswith(
        "An error occurred (AccessDenied) when calling the ListUsers operation: "
        f"User: arn:aws:sts::{A}:assumed-role/fn-role/users is not authorized to perform: iam:ListUsers"
    )


def test_lambda_assuming_the_role_is_in_the_activity_log(sim: Simulation, lam: Any, function: str) -> None:
    lam.invoke(FunctionName="f")
    assumed = [e for e in sim.activity if e.event_name == "AssumeRole"]
    assert len(assumed) == 1
    event = assumed[0]
    assert (event.principal_type, event.principal_arn, event.source_ip) == (
        "AWSService",
        "lambda.amazonaws.com",
        "lambda.amazonaws.com",
    )
    assert event.resource_arn == f"arn:aws:iam::{A}:role/fn-role" and event.decision == "allowed"
    assert sim.state.accounts[A].roles["fn-role"].last_used_date == sim.clock.now()


def test_a_trust_that_no_longer_admits_lambda_stops_the_function(sim: Simulation, lam: Any, function: str) -> None:
    set_trust(sim, A, "fn-role", EC2_TRUST)
    with pytest.raises(Exception) as raised:
        lam.invoke(FunctionName="f")
    assert error_code(raised) == "InvalidParameterValueException"
    assert error_message(raised) == "The role defined for the function cannot be assumed by Lambda."
    refused = [e for e in sim.activity if e.event_name == "AssumeRole"][-1]
    assert refused.decision == "implicitDeny" and refused.error_code == "AccessDenied"
    assert refused.error_message == (
        f"lambda.amazonaws.com is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::{A}:role/fn-role"
        " because no resource-based policy allows the sts:AssumeRole action"
    )


def test_execution_credentials_expire_after_an_hour(sim: Simulation, lam: Any, function: str) -> None:
    kept: list[Any] = []
    register_handler(sim, "app.handler", lambda event, context: kept.append(context) or None)
    lam.invoke(FunctionName="f")
    context = kept[0]
    assert context.credentials.expiration == sim.clock.now() + timedelta(hours=1)
    sim.clock.advance(hours=1)
    with pytest.raises(Exception) as raised:
        context.client("sts").get_caller_identity()
    assert error_code(raised) == "ExpiredToken"


def test_context_has_lambdas_attributes(sim: Simulation, lam: Any, function: str) -> None:
    seen: dict[str, Any] = {}

    def inspect(event: Any, context: Any) -> None:
        seen.update(
            arn=context.invoked_function_arn,
            version=context.function_version,
            memory=context.memory_limit_in_mb,
            group=context.log_group_name,
            remaining=context.get_remaining_time_in_millis(),
            request=context.aws_request_id,
            region=context.environment["AWS_REGION"],
        )

    register_handler(sim, "app.handler", inspect)
    lam.invoke(FunctionName="f")
    assert seen["arn"] == FN and seen["version"] == "$LATEST" and seen["memory"] == "128"
    assert seen["group"] == "/aws/lambda/f" and seen["remaining"] == 3000 and seen["region"] == "us-east-1"
    assert len(seen["request"]) == 36
