"""Real boto3 against the simulation, the wire: a simulated answer or AwsError → what botocore would have parsed."""

from __future__ import annotations

import http.client
import io
import json
from collections.abc import Mapping
from itertools import islice
from typing import Any
from urllib.parse import quote

from botocore.awsrequest import AWSResponse
from botocore.model import OperationModel, Shape
from botocore.response import StreamingBody

from workbench.account.errors import AwsError
from workbench.account.simulation import Simulation


def success_response(answer: Mapping[str, Any], model: OperationModel, url: str) -> tuple[AWSResponse, dict]:
    parsed = plain(answer)
    metadata = parsed.setdefault("ResponseMetadata", {})
    metadata.setdefault("HTTPStatusCode", 200)
    metadata.setdefault("HTTPHeaders", {})
    metadata.setdefault("RetryAttempts", 0)
    if model.output_shape is not None and model.service_model.service_name == "iam":
        _encode_policy_documents(parsed, model.output_shape)
    if model.has_streaming_output:
        payload = model.output_shape.serialization.get("payload") if model.output_shape is not None else None
        body = parsed.get(payload) if payload else None
        if isinstance(body, bytes | bytearray | str):
            data = body.encode() if isinstance(body, str) else bytes(body)
            parsed[payload] = StreamingBody(io.BytesIO(data), len(data))  # type: ignore[index]
    return AWSResponse(url, metadata["HTTPStatusCode"], metadata["HTTPHeaders"], None), parsed


def error_response(
    error: AwsError, model: OperationModel, url: str, request_id: str | None
) -> tuple[AWSResponse, dict]:
    status = int(error.response.get("ResponseMetadata", {}).get("HTTPStatusCode") or 400)
    status = status if status >= 300 else 400
    detail = dict(error.response.get("Error", {}))
    detail.setdefault("Code", error.aws_code)
    detail.setdefault("Message", error.message)
    if model.http.get("method") == "HEAD":
        # A HEAD answer has no body, so botocore only ever sees the status: Code "404", Message "Not Found".
        detail = {"Code": str(status), "Message": http.client.responses.get(status, "")}
    metadata: dict[str, Any] = {"HTTPStatusCode": status, "HTTPHeaders": {}, "RetryAttempts": 0}
    if request_id:
        metadata = {"RequestId": request_id, **metadata}
    return AWSResponse(url, status, {}, None), {"Error": detail, "ResponseMetadata": metadata}


def _encode_policy_documents(parsed: Any, shape: Shape) -> None:
    """IAM's policy documents as on the wire (URL-encoded JSON): botocore's ``after-call.iam`` decodes them once.

    The exact inverse of ``botocore.handlers.json_decode_policies`` (structures and lists, not maps), for
    answers that already hold dicts: decoding a dict again would fail inside botocore.
    """
    if shape.type_name == "structure" and isinstance(parsed, dict):
        for name, member in shape.members.items():  # type: ignore[attr-defined]
            if name not in parsed:
                continue
            if member.type_name == "string" and member.name == "policyDocumentType":
                if isinstance(parsed[name], Mapping):
                    parsed[name] = quote(json.dumps(parsed[name]))
            else:
                _encode_policy_documents(parsed[name], member)
    elif shape.type_name == "list" and isinstance(parsed, list):
        for item in parsed:
            _encode_policy_documents(item, shape.member)  # type: ignore[attr-defined]


def request_id_of(sim: Simulation, logged_before: int) -> str | None:
    """The failed call's request id, from the activity log entry the call just wrote (if it wrote one)."""
    if len(sim.activity) != logged_before + 1:
        return None
    return next(islice(sim.activity, logged_before, None)).request_id


def plain(value: Any) -> Any:
    """Fresh dicts and lists all the way down (tuples become lists, as botocore parses them); leaves shared."""
    if isinstance(value, Mapping):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    return value
