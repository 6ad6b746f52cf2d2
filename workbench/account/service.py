"""The base of every simulated API client: resolve the caller, validate parameters, authorize, answer as boto3 does.

A client method is one AWS operation with boto3's name and parameters (``create_user(UserName=…)``).
``@operation("CreateUser")`` validates the parameters against botocore's published service model
(raising botocore's own ``ParamValidationError``, as boto3 does before sending), and adds
``ResponseMetadata`` to the answer. Inside, the method calls ``self.caller()`` and
``self.authorize(...)`` with the operation's real action and resource ARN, then changes state with
one ``self.sim.commit(...)`` at the end, so a failed call changes nothing.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

import botocore.session
from botocore.exceptions import ParamValidationError
from botocore.handlers import json_decode_policies
from botocore.model import ServiceModel
from botocore.validate import ParamValidator

from workbench.account.activity import ActivityEvent
from workbench.account.authorization import Connection, Target, access_denied_message, decide
from workbench.account.callers import Caller, Credentials, resolve_caller
from workbench.account.errors import AwsError
from workbench.account.model import Account
from workbench.account.restrictions import restriction
from workbench.engine.decision import Decision

if TYPE_CHECKING:
    from workbench.account.simulation import Simulation

Method = TypeVar("Method", bound=Callable[..., dict[str, Any]])

_PRINCIPAL_TYPES = {
    "user": "IAMUser",
    "root": "Root",
    "assumed-role": "AssumedRole",
    "federated-user": "FederatedUser",
    "session-token": "IAMUser",
    "console": "IAMUser",
}


@functools.cache
def service_model(service: str) -> ServiceModel:
    """botocore's model of ``service`` (loaded once; botocore ships them)."""
    return botocore.session.get_session().get_service_model(service)


def operation(name: str) -> Callable[[Method], Method]:
    """Mark a client method as the AWS operation ``name``: validate its parameters, add ResponseMetadata."""

    def wrap(method: Method) -> Method:
        @functools.wraps(method)
        def call(self: ServiceClient, **params: Any) -> dict[str, Any]:
            shape = service_model(self.service).operation_model(name).input_shape
            if shape is not None:
                report = ParamValidator().validate(params, shape)
                if report.has_errors():
                    raise ParamValidationError(report=report.generate_report())
            self._operation = name
            self._caller = None
            self._authorized = None
            self._calls += 1
            request_id = self.sim.next_request_id()
            try:
                answer = method(self, **params)
            except AwsError as error:
                self._record(name, request_id, error)
                raise
            self._record(name, request_id, None)
            if self.service == "iam":
                # As boto3 does after every IAM call: URL-encoded policy documents become dicts.
                json_decode_policies(answer, service_model("iam").operation_model(name))
            answer["ResponseMetadata"] = {
                "RequestId": request_id,
                "HTTPStatusCode": 200,
                "HTTPHeaders": {},
                "RetryAttempts": 0,
            }
            return answer

        call.aws_operation = name  # type: ignore[attr-defined]
        return call  # type: ignore[return-value]

    return wrap


class ServiceClient:
    """Shared by the IAM, STS and Organizations clients."""

    service = ""

    def __init__(self, sim: Simulation, credentials: Credentials | None, connection: Connection) -> None:
        self.sim = sim
        self.credentials = credentials
        self.connection = connection
        self._operation = ""
        self._calls = 0
        self._caller: Caller | None = None
        self._authorized: tuple[str, Target, Decision] | None = None
        """The last authorization of the current call: (action, target, decision), for the activity log."""

    # -- helpers for operations ------------------------------------------------------------------
    @property
    def now(self) -> datetime:
        return self.sim.clock.now()

    def error(self, code: str, message: str) -> AwsError:
        return AwsError(code, message, self._operation)

    def caller(self, *, anonymous_ok: bool = False) -> Caller:
        """Who is calling (raises InvalidClientTokenId, ExpiredToken… as AWS does).

        ``anonymous_ok``: an unsigned request is an anonymous caller (S3 allows that) rather than an error.
        """
        self._caller = resolve_caller(
            self.sim.state, self.credentials, self.sim.clock.now(), self._operation, anonymous_ok=anonymous_ok
        )
        return self._caller

    def caller_account(self, caller: Caller) -> Account:
        return self.sim.account(caller.account_id, operation=self._operation)

    def authorize(
        self,
        caller: Caller,
        action: str,
        target: Target,
        extra_context: Mapping[str, Any] | None = None,
    ) -> Decision:
        """Decide as AWS would; raise ``AccessDenied`` with AWS's message unless allowed."""
        why_not = restriction(caller, action)
        if why_not is not None:
            raise AwsError(
                "AccessDenied",
                f"User: {caller.arn} is not authorized to perform: {action} on resource: "
                f"{target.display or target.arn} ({why_not})",
                self._operation,
            )
        state = self.sim.state.model_copy(update={"now": self.sim.clock.now()})
        decision, _ = decide(state, caller, action, target, self.connection, self.sim.clock.epoch(), extra_context)
        self._authorized = (action, target, decision)
        if not decision.allowed:
            message = access_denied_message(caller, action, target.display or target.arn, decision)
            raise AwsError("AccessDenied", message, self._operation)
        return decision

    # -- the activity log --------------------------------------------------------------------------
    def _record(self, operation_name: str, request_id: str, error: AwsError | None) -> None:
        caller = self._caller
        session = caller.session if caller is not None else None
        authorized = self._authorized
        self.sim.activity.record(
            ActivityEvent(
                event_time=self.sim.clock.now(),
                event_source=f"{self.service}.amazonaws.com",
                event_name=operation_name,
                aws_region=self.connection.region,
                source_ip=self.connection.source_ip,
                account_id=caller.account_id if caller is not None else None,
                principal_type=_PRINCIPAL_TYPES.get(caller.kind) if caller is not None else None,
                principal_arn=caller.arn if caller is not None else None,
                access_key_id=caller.access_key_id if caller is not None else self._presented_key(),
                session_issuer_arn=caller.role.arn if caller is not None and caller.role is not None else None,
                mfa_authenticated=bool(session is not None and session.mfa_authenticated_at is not None),
                action=authorized[0] if authorized else None,
                resource_arn=authorized[1].arn if authorized else None,
                resource_account=(authorized[1].account_id or (caller.account_id if caller else None))
                if authorized
                else None,
                decision=authorized[2].decision if authorized else None,
                error_code=error.aws_code if error is not None else None,
                error_message=error.message if error is not None else None,
                request_id=request_id,
            )
        )

    def _presented_key(self) -> str | None:
        return self.credentials.access_key_id if self.credentials is not None else None

    # -- boto3 niceties ------------------------------------------------------------------------
    def can_paginate(self, operation_name: str) -> bool:
        return False

    def __repr__(self) -> str:
        return f"<simulated {self.service} client>"
