"""Parse step 2: policy text (or an already-decoded JSON object) → :class:`PolicyDocument`.

Only problems that leave no document to talk about are raised here, as located
:class:`PolicyParseError`: malformed JSON, duplicate keys, a top level that is not an object, and
values of the wrong JSON type where IAM requires strings. Everything else (unknown elements, bad
Effect values, missing Action, …) becomes a validation finding later, so a learner sees all of
their mistakes at once.
"""

from __future__ import annotations

import json
from typing import Any

from workbench.errors import PolicyParseError
from workbench.policy.model import (
    ConditionClause,
    PolicyDocument,
    PrincipalBlock,
    PrincipalEntry,
    Statement,
)
from workbench.policy.source import JsonNumber, JsonSource, escape_pointer_token, read_json

_DOCUMENT_ELEMENTS = ("Version", "Id", "Statement")
_STATEMENT_ELEMENTS = (
    "Sid",
    "Effect",
    "Principal",
    "NotPrincipal",
    "Action",
    "NotAction",
    "Resource",
    "NotResource",
    "Condition",
)


def parse_policy(source: str | dict[str, Any], *, name: str = "policy") -> PolicyDocument:
    """Parse policy text, or a JSON object already decoded (then rendered to text for locations)."""
    if isinstance(source, str):
        text = source
    elif isinstance(source, dict):
        text = json.dumps(source, indent=2, ensure_ascii=False)
    else:
        raise PolicyParseError(
            f"a policy is a JSON object, not {_json_type(source)}",
            code="parse_not_an_object",
            line=1,
            column=1,
        )
    return _Builder(read_json(text), text, name).document()


def _json_type(value: object) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if value is None:
        return "null"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, JsonNumber | int | float):
        return "a number"
    if isinstance(value, list):
        return "an array"
    return "an object"


class _Builder:
    def __init__(self, source: JsonSource, text: str, name: str) -> None:
        self.source = source
        self.text = text
        self.name = name

    def fail(self, pointer: str, message: str, code: str = "parse_wrong_type") -> PolicyParseError:
        span = self.source.spans.get(pointer)
        line, column = (span.line, span.column) if span else (1, 1)
        return PolicyParseError(message, code=code, line=line, column=column, pointer=pointer)

    def document(self) -> PolicyDocument:
        root = self.source.value
        if not isinstance(root, dict):
            raise self.fail("", f"a policy is a JSON object, not {_json_type(root)}", "parse_not_an_object")
        version = self.optional_string(root, "Version", "")
        policy_id = self.optional_string(root, "Id", "")
        statements: tuple[Statement, ...] = ()
        is_list = True
        raw = root.get("Statement")
        if "Statement" in root:
            if isinstance(raw, dict):
                is_list = False
                statements = (self.statement(raw, "/Statement", 0),)
            elif isinstance(raw, list):
                statements = tuple(self.statement(item, f"/Statement/{index}", index) for index, item in enumerate(raw))
            else:
                raise self.fail(
                    "/Statement",
                    f"Statement must be an object or an array of objects, not {_json_type(raw)}",
                )
        return PolicyDocument(
            name=self.name,
            version=version,
            id=policy_id,
            statements=statements,
            statement_is_list=is_list,
            has_statement="Statement" in root,
            unknown_elements=tuple(k for k in root if k not in _DOCUMENT_ELEMENTS),
            text=self.text,
            spans=self.source.spans,
            key_spans=self.source.key_spans,
        )

    # -- elements -------------------------------------------------------------------------------
    def optional_string(self, obj: dict[str, Any], key: str, base: str) -> str | None:
        if key not in obj:
            return None
        value = obj[key]
        if not isinstance(value, str):
            raise self.fail(f"{base}/{key}", f"{key} must be a string, not {_json_type(value)}")
        return value

    def string_list(self, obj: dict[str, Any], key: str, base: str) -> tuple[str, ...] | None:
        """Normalise "a string or an array of strings" to a tuple, once."""
        if key not in obj:
            return None
        value = obj[key]
        pointer = f"{base}/{key}"
        if isinstance(value, str):
            return (value,)
        if isinstance(value, list):
            for index, item in enumerate(value):
                if not isinstance(item, str):
                    raise self.fail(
                        f"{pointer}/{index}",
                        f"every entry of {key} must be a string, not {_json_type(item)}",
                    )
            return tuple(value)
        raise self.fail(pointer, f"{key} must be a string or an array of strings, not {_json_type(value)}")

    def statement(self, raw: Any, pointer: str, index: int) -> Statement:
        if not isinstance(raw, dict):
            raise self.fail(pointer, f"each statement must be an object, not {_json_type(raw)}")
        empty = tuple(
            key for key in _STATEMENT_ELEMENTS if key in raw and isinstance(raw[key], list | dict) and not raw[key]
        )
        return Statement(
            index=index,
            pointer=pointer,
            sid=self.optional_string(raw, "Sid", pointer),
            effect=self.optional_string(raw, "Effect", pointer),
            principal=self.principal(raw, "Principal", pointer),
            not_principal=self.principal(raw, "NotPrincipal", pointer),
            action=self.string_list(raw, "Action", pointer),
            not_action=self.string_list(raw, "NotAction", pointer),
            resource=self.string_list(raw, "Resource", pointer),
            not_resource=self.string_list(raw, "NotResource", pointer),
            conditions=self.conditions(raw, pointer),
            unknown_elements=tuple(k for k in raw if k not in _STATEMENT_ELEMENTS),
            empty_elements=empty,
        )

    def principal(self, raw: dict[str, Any], key: str, base: str) -> PrincipalBlock | None:
        if key not in raw:
            return None
        value = raw[key]
        pointer = f"{base}/{key}"
        if isinstance(value, str):
            if value == "*":
                return PrincipalBlock(wildcard=True, pointer=pointer)
            raise self.fail(
                pointer,
                f'{key} must be "*" or an object such as {{"AWS": "arn:aws:iam::111122223333:root"}}',
                "parse_principal_form",
            )
        if not isinstance(value, dict):
            raise self.fail(pointer, f'{key} must be "*" or an object, not {_json_type(value)}')
        entries: list[PrincipalEntry] = []
        for kind, values in value.items():
            kind_pointer = f"{pointer}/{escape_pointer_token(kind)}"
            listed = self.string_list(value, kind, pointer) or ()
            if isinstance(values, list):
                entries.extend(
                    PrincipalEntry(kind=kind, value=item, pointer=f"{kind_pointer}/{i}")
                    for i, item in enumerate(listed)
                )
            else:
                entries.extend(PrincipalEntry(kind=kind, value=item, pointer=kind_pointer) for item in listed)
        return PrincipalBlock(entries=tuple(entries), pointer=pointer)

    def conditions(self, raw: dict[str, Any], base: str) -> tuple[ConditionClause, ...] | None:
        if "Condition" not in raw:
            return None
        block = raw["Condition"]
        pointer = f"{base}/Condition"
        if not isinstance(block, dict):
            raise self.fail(pointer, f"Condition must be an object of operators, not {_json_type(block)}")
        clauses: list[ConditionClause] = []
        for operator, keys in block.items():
            operator_pointer = f"{pointer}/{escape_pointer_token(operator)}"
            if not isinstance(keys, dict):
                raise self.fail(
                    operator_pointer,
                    f'under the operator "{operator}" write an object of condition keys, not {_json_type(keys)}',
                )
            for key, values in keys.items():
                key_pointer = f"{operator_pointer}/{escape_pointer_token(key)}"
                clauses.append(
                    ConditionClause(
                        operator=operator,
                        key=key,
                        values=self.condition_values(values, key_pointer),
                        pointer=key_pointer,
                    )
                )
        return tuple(clauses)

    def condition_values(self, values: Any, pointer: str) -> tuple[str, ...]:
        """Condition values may be strings, numbers or booleans (IAM compares their text)."""
        items = values if isinstance(values, list) else [values]
        result: list[str] = []
        for index, item in enumerate(items):
            item_pointer = f"{pointer}/{index}" if isinstance(values, list) else pointer
            if isinstance(item, bool):
                result.append("true" if item else "false")
            elif isinstance(item, str):
                result.append(item)
            elif isinstance(item, JsonNumber):
                result.append(item.text)
            elif isinstance(item, int | float):
                result.append(str(item))
            else:
                raise self.fail(
                    item_pointer,
                    f"a condition value must be a string, number or boolean, not {_json_type(item)}",
                )
        return tuple(result)
