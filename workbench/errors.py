"""Layer 0: the typed error tree; every user mistake is one of these, never a bare exception.

Each error has a stable snake_case ``code`` with a stage prefix (``parse_…``, ``policy_…``,
``request_…``) so front-ends and tests can match on it, a message a learner understands, and
where it applies a location in the user's text.
"""

from __future__ import annotations


class WorkbenchError(Exception):
    """Base of every error the workbench raises on purpose."""

    code: str = "workbench_error"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code

    def to_dict(self) -> dict[str, object]:
        return {"code": self.code, "message": self.message}


class PolicyParseError(WorkbenchError):
    """Policy text that is not a well-formed policy document (bad JSON, duplicate keys, wrong types).

    ``line`` and ``column`` are 1-based positions in the original text; ``pointer`` is the JSON
    pointer of the offending value when the JSON itself was readable.
    """

    code = "parse_error"

    def __init__(
        self,
        message: str,
        *,
        code: str,
        line: int,
        column: int,
        pointer: str = "",
    ) -> None:
        super().__init__(message, code=code)
        self.line = line
        self.column = column
        self.pointer = pointer

    def __str__(self) -> str:
        return f"line {self.line}, column {self.column}: {self.message}"

    def to_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "message": self.message,
            "line": self.line,
            "column": self.column,
            "pointer": self.pointer,
        }


class PolicyNotEvaluableError(WorkbenchError):
    """A parsed policy that AWS would refuse to store and whose meaning is therefore undefined.

    Examples: an unknown condition operator (``StringEqualz``), an Effect other than Allow/Deny,
    a statement with neither Action nor NotAction. Evaluating such a policy "as well as we can"
    would let a Deny with a typo silently stop working, so the engine refuses instead.
    """

    code = "policy_not_evaluable"

    def __init__(self, message: str, *, code: str, pointer: str = "", line: int = 0, column: int = 0):
        super().__init__(message, code=code)
        self.pointer = pointer
        self.line = line
        self.column = column

    def to_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "message": self.message,
            "pointer": self.pointer,
            "line": self.line,
            "column": self.column,
        }


class InvalidArnError(WorkbenchError):
    """Text that is not an ARN where one is required."""

    code = "arn_invalid"


class InvalidRequestError(WorkbenchError):
    """An authorization request that cannot be evaluated (unknown principal type, bad action…)."""

    code = "request_invalid"


class CaseFormatError(WorkbenchError):
    """A conformance case that does not follow the case format of design.md §2.1."""

    code = "case_invalid"
