"""Parse step 1: strict JSON text → Python values plus the source span of every value.

Python's ``json`` module silently keeps the last of duplicate keys and forgets positions; IAM
rejects duplicates and learners need line:column for every finding. This small recursive-descent
reader records a :class:`SourceSpan` per JSON pointer and turns every problem into a located
:class:`~workbench.errors.PolicyParseError`. It also bounds nesting depth and text size so a
hostile document fails fast with a typed error instead of a ``RecursionError``.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Any

from workbench.errors import PolicyParseError

MAX_DEPTH = 32
"""Real policies nest five or six levels deep; anything beyond this is refused."""
MAX_TEXT_CHARS = 1_000_000
"""Far above every IAM size quota (those are findings); this bound protects the parser itself."""

_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?")
_STRING_RUN = re.compile(r'[^"\\\x00-\x1f]*')
_ESCAPES = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}
_WHITESPACE = " \t\n\r"


@dataclass(frozen=True, slots=True)
class SourceSpan:
    """Where a value sits in the original text: 1-based lines and columns, 0-based offsets."""

    line: int
    column: int
    end_line: int
    end_column: int
    offset: int
    end_offset: int


def escape_pointer_token(token: str | int) -> str:
    return str(token).replace("~", "~0").replace("/", "~1")


class _Reader:
    def __init__(self, text: str) -> None:
        self.text = text
        self.position = 0
        self.spans: dict[str, SourceSpan] = {}
        self.key_spans: dict[str, SourceSpan] = {}
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", text)]

    # -- positions ------------------------------------------------------------------------------
    def line_column(self, offset: int) -> tuple[int, int]:
        line_index = bisect.bisect_right(self._line_starts, offset) - 1
        return line_index + 1, offset - self._line_starts[line_index] + 1

    def span(self, start: int, end: int) -> SourceSpan:
        line, column = self.line_column(start)
        end_line, end_column = self.line_column(end)
        return SourceSpan(line, column, end_line, end_column, start, end)

    def fail(self, message: str, code: str, offset: int | None = None, pointer: str = "") -> PolicyParseError:
        line, column = self.line_column(self.position if offset is None else offset)
        return PolicyParseError(message, code=code, line=line, column=column, pointer=pointer)

    # -- grammar --------------------------------------------------------------------------------
    def skip_whitespace(self) -> None:
        text, position = self.text, self.position
        while position < len(text) and text[position] in _WHITESPACE:
            position += 1
        self.position = position

    def value(self, pointer: str, depth: int) -> Any:
        if depth > MAX_DEPTH:
            raise self.fail(
                f"the document nests deeper than {MAX_DEPTH} levels; a policy never needs that",
                "parse_too_deep",
                pointer=pointer,
            )
        self.skip_whitespace()
        start = self.position
        if start >= len(self.text):
            raise self.fail("the text ends where a value was expected", "parse_invalid_json", pointer=pointer)
        char = self.text[start]
        if char == "{":
            result: Any = self.object(pointer, depth)
        elif char == "[":
            result = self.array(pointer, depth)
        elif char == '"':
            result = self.string()
        elif char in "-0123456789":
            result = self.number()
        elif self.text.startswith("true", start):
            self.position += 4
            result = True
        elif self.text.startswith("false", start):
            self.position += 5
            result = False
        elif self.text.startswith("null", start):
            self.position += 4
            result = None
        else:
            hint = " (JSON strings use double quotes)" if char == "'" else ""
            raise self.fail(f"unexpected character {char!r}{hint}", "parse_invalid_json", pointer=pointer)
        self.spans[pointer] = self.span(start, self.position)
        return result

    def object(self, pointer: str, depth: int) -> dict[str, Any]:
        self.position += 1
        result: dict[str, Any] = {}
        self.skip_whitespace()
        if self.text.startswith("}", self.position):
            self.position += 1
            return result
        while True:
            self.skip_whitespace()
            key_start = self.position
            if not self.text.startswith('"', key_start):
                raise self.fail("expected a key in double quotes", "parse_invalid_json", pointer=pointer)
            key = self.string()
            child = f"{pointer}/{escape_pointer_token(key)}"
            if key in result:
                raise self.fail(
                    f'the key "{key}" appears twice in one object; IAM rejects duplicate keys '
                    "(Python would silently keep the last one)",
                    "parse_duplicate_key",
                    offset=key_start,
                    pointer=child,
                )
            self.key_spans[child] = self.span(key_start, self.position)
            self.skip_whitespace()
            if not self.text.startswith(":", self.position):
                raise self.fail(f'expected ":" after the key "{key}"', "parse_invalid_json", pointer=child)
            self.position += 1
            result[key] = self.value(child, depth + 1)
            self.skip_whitespace()
            if self.text.startswith(",", self.position):
                self.position += 1
                self.skip_whitespace()
                if self.text.startswith("}", self.position):
                    raise self.fail("a trailing comma before } is not allowed in JSON", "parse_invalid_json")
                continue
            if self.text.startswith("}", self.position):
                self.position += 1
                return result
            raise self.fail('expected "," or "}" in an object', "parse_invalid_json", pointer=pointer)

    def array(self, pointer: str, depth: int) -> list[Any]:
        self.position += 1
        result: list[Any] = []
        self.skip_whitespace()
        if self.text.startswith("]", self.position):
            self.position += 1
            return result
        while True:
            result.append(self.value(f"{pointer}/{len(result)}", depth + 1))
            self.skip_whitespace()
            if self.text.startswith(",", self.position):
                self.position += 1
                self.skip_whitespace()
                if self.text.startswith("]", self.position):
                    raise self.fail("a trailing comma before ] is not allowed in JSON", "parse_invalid_json")
                continue
            if self.text.startswith("]", self.position):
                self.position += 1
                return result
            raise self.fail('expected "," or "]" in an array', "parse_invalid_json", pointer=pointer)

    def string(self) -> str:
        self.position += 1  # opening quote
        text = self.text
        pieces: list[str] = []
        while True:
            run = _STRING_RUN.match(text, self.position)
            assert run is not None  # the pattern also matches the empty string
            pieces.append(run.group())
            self.position = run.end()
            if self.position >= len(text):
                raise self.fail("a string is not closed with a double quote", "parse_invalid_json")
            char = text[self.position]
            if char == '"':
                self.position += 1
                return "".join(pieces)
            if char == "\\":
                pieces.append(self.escape())
                continue
            raise self.fail("a control character (such as a raw line break) inside a string", "parse_invalid_json")

    def escape(self) -> str:
        text, position = self.text, self.position
        code = text[position + 1 : position + 2]
        if code in _ESCAPES:
            self.position += 2
            return _ESCAPES[code]
        if code == "u":
            digits = text[position + 2 : position + 6]
            if len(digits) == 4 and all(c in "0123456789abcdefABCDEF" for c in digits):
                self.position += 6
                return chr(int(digits, 16))
        raise self.fail(f"invalid escape sequence \\{code}", "parse_invalid_json")

    def number(self) -> JsonNumber:
        match = _NUMBER.match(self.text, self.position)
        if match is None or match.end() == self.position:
            raise self.fail("invalid number", "parse_invalid_json")
        self.position = match.end()
        # Numbers are kept as their written text: IAM compares condition values as text
        # (``"10"`` and ``10`` mean the same) and this avoids float rounding surprises.
        return JsonNumber(match.group())


@dataclass(frozen=True, slots=True)
class JsonNumber:
    """A JSON number, kept as the text it was written as."""

    text: str


@dataclass(frozen=True, slots=True)
class JsonSource:
    """The result of reading policy text: the value, and spans of values and of object keys."""

    value: Any
    spans: dict[str, SourceSpan]
    key_spans: dict[str, SourceSpan]


def read_json(text: str) -> JsonSource:
    """Read strict JSON (RFC 8259, no duplicate keys) and record where every value is."""
    if len(text) > MAX_TEXT_CHARS:
        raise PolicyParseError(
            f"the text is {len(text):,} characters long; the workbench reads at most {MAX_TEXT_CHARS:,}",
            code="parse_too_large",
            line=1,
            column=1,
        )
    reader = _Reader(text)
    if text.startswith("\ufeff"):
        reader.position = 1  # a byte-order mark is harmless; editors add it
    value = reader.value("", 0)
    reader.skip_whitespace()
    if reader.position != len(text):
        raise reader.fail("unexpected text after the end of the JSON document", "parse_invalid_json")
    return JsonSource(value, reader.spans, reader.key_spans)
