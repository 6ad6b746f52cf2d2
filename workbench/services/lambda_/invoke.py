"""Lambda Invoke: ``lambda:InvokeFunction`` decided with the function policy as the resource policy, then the code runs.

Who may invoke is the function policy's business together with the caller's own policies (R2):
in the function's own account an identity-policy allow is enough (E8); from another account both
must allow (E10). What the code may then do is the execution role's business: the handler runs
with the role's credentials, never the invoker's. The answer has boto3's shape — ``StatusCode``,
``Payload`` as a ``StreamingBody`` of the JSON result, ``FunctionError`` when the handler raised,
``LogResult`` (base64, the last 4 KB) with ``LogType="Tail"``.
"""

from __future__ import annotations

import base64
import io
import json
from typing import Any

from botocore.response import StreamingBody

from workbench.account.service import operation
from workbench.services.lambda_.base import LambdaBase
from workbench.services.lambda_.execution import execute_function
from workbench.services.lambda_.execution_role import CANNOT_ASSUME
from workbench.services.lambda_.service_principals import ServiceRoleError
from workbench.services.lambda_.shapes import LATEST

INVOCATION_TYPES = ("RequestResponse", "Event", "DryRun")
LOG_TAIL_BYTES = 4096


def streaming_body(data: bytes) -> StreamingBody:
    """What boto3 returns as ``Payload``: call ``.read()`` on it."""
    return StreamingBody(io.BytesIO(data), len(data))


def payload_bytes(payload: Any) -> bytes:
    """boto3 accepts bytes, text or a file-like object as a blob."""
    if payload is None:
        return b""
    if isinstance(payload, bytes | bytearray):
        return bytes(payload)
    if isinstance(payload, str):
        return payload.encode()
    read = getattr(payload, "read", None)
    if read is None:
        return bytes(payload)
    data = read()
    return data.encode() if isinstance(data, str) else bytes(data)


class InvokeOperations(LambdaBase):
    def decode_event(self, payload: Any) -> Any:
        data = payload_bytes(payload)
        if not data.strip():
            return {}
        try:
            return json.loads(data)
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise self.fail(
                "InvalidRequestContentException", f"Could not parse request body into json: {error}"
            ) from None

    @operation("Invoke")
    def invoke(
        self,
        *,
        FunctionName: str,
        InvocationType: str = "RequestResponse",
        LogType: str = "None",
        ClientContext: str | None = None,
        Payload: Any = None,
        Qualifier: str | None = None,
        DurableExecutionName: str | None = None,
        TenantId: str | None = None,
    ) -> dict[str, Any]:
        caller = self.caller()
        arn = self.resolve_name(FunctionName, caller, qualifier=Qualifier)
        function = self.stored_function(arn)
        self.authorize(caller, "lambda:InvokeFunction", self.target(arn, function))
        function = self.require_function(arn, function)
        if InvocationType not in INVOCATION_TYPES:
            raise self.fail(
                "InvalidParameterValueException",
                f"Invalid invocation type {InvocationType!r}: use one of {', '.join(INVOCATION_TYPES)}",
            )
        event = self.decode_event(Payload)
        if InvocationType == "DryRun":  # authorization only: the function is not run
            return {"StatusCode": 204, "Payload": streaming_body(b"")}
        try:
            result = execute_function(self.sim, function, event, region=self.connection.region)
        except ServiceRoleError:
            raise self.fail("InvalidParameterValueException", CANNOT_ASSUME) from None
        if InvocationType == "Event":  # queued: the caller sees neither the result nor a function error
            return {"StatusCode": 202, "Payload": streaming_body(b"")}
        answer: dict[str, Any] = {
            "StatusCode": 200,
            "ExecutedVersion": LATEST,
            "Payload": streaming_body(result.payload),
        }
        if result.function_error is not None:
            answer["FunctionError"] = result.function_error
        if LogType == "Tail":
            answer["LogResult"] = base64.b64encode(result.log.encode()[-LOG_TAIL_BYTES:]).decode()
        return answer
