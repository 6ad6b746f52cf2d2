"""Helpers for the credential tests: policy builders, error accessors, a check against botocore's output shapes."""

from __future__ import annotations

from typing import Any

from botocore.model import Shape
from policy_statements import allow as allow  # shared; re-exported
from policy_statements import deny as deny
from policy_statements import error_code as error_code
from policy_statements import error_message as error_message
from policy_statements import policy_text as policy_text

from workbench.account.service import service_model

ACCOUNT = "111111111111"
OTHER_ACCOUNT = "222222222222"


def _check(value: Any, shape: Shape, where: str) -> None:
    kind = shape.type_name
    if kind == "structure":
        assert isinstance(value, dict), f"{where}: expected an object, got {value!r}"
        for key, item in value.items():
            assert key in shape.members, f"{where}: {key!r} is not in botocore's {shape.name}"
            _check(item, shape.members[key], f"{where}.{key}")
    elif kind == "list":
        assert isinstance(value, list), f"{where}: expected a list, got {value!r}"
        for index, item in enumerate(value):
            _check(item, shape.member, f"{where}[{index}]")
    elif kind == "map":
        assert isinstance(value, dict), f"{where}: expected a map, got {value!r}"
        for key, item in value.items():
            _check(item, shape.value, f"{where}[{key!r}]")
    elif kind == "string" and shape.name == "policyDocumentType":
        assert isinstance(value, dict), f"{where}: boto3 decodes policy documents into objects"
    elif kind == "string":
        assert isinstance(value, str), f"{where}: expected a string, got {value!r}"
    elif kind == "blob":
        assert isinstance(value, bytes), f"{where}: expected bytes, got {value!r}"
    elif kind == "boolean":
        assert isinstance(value, bool), f"{where}: expected a boolean, got {value!r}"
    elif kind == "integer":
        assert isinstance(value, int) and not isinstance(value, bool), f"{where}: expected an integer"


def assert_boto3_shape(operation: str, answer: dict[str, Any]) -> None:
    """Every key of ``answer`` is one botocore's output shape of ``operation`` has, with the right type."""
    shape = service_model("iam").operation_model(operation).output_shape
    body = {k: v for k, v in answer.items() if k != "ResponseMetadata"}
    if shape is None:
        assert body == {}, f"{operation} answers nothing, not {body!r}"
        return
    _check(body, shape, operation)
    for required in shape.required_members:
        assert required in body, f"{operation}: required {required!r} is missing"
