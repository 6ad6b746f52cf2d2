"""Policy variables (``${aws:username}``, ``${key, 'default'}``, ``${*}``): parsed once, resolved per request.

A :class:`Template` is the written text split into literal runs, escapes and variables. Resolving it
gives either plain text (for operators that compare text) or wildcard tokens (for ``Like`` operators
and resource ARNs): only ``*``/``?`` written literally in the policy become wildcards; escapes and
substituted values stay literal (V4, V5). A variable whose key is absent, or multivalued, and that
has no default leaves the template unresolved (``None``), which the caller turns into V2's rules.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from workbench.wildcard import Token, tokenize

ContextLookup = Callable[[str], "str | tuple[str, ...] | None"]
"""Look up a context key by its lower-cased name: a value, a multivalued tuple, or None."""

_VARIABLE = re.compile(r"\$\{([^}]*)\}")
_WITH_DEFAULT = re.compile(r"^\s*([^,\s]+)\s*,\s*'([^']*)'\s*$")
_ESCAPE_TEXT = {"*": "*", "?": "?", "$": "$"}


@dataclass(frozen=True, slots=True)
class Variable:
    key: str
    """The key as written, e.g. ``aws:username``."""
    default: str | None = None
    key_lower: str = ""
    """The lower-cased key, for lookups (keys are case-insensitive, G10)."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "key_lower", self.key.lower())


@dataclass(frozen=True, slots=True)
class Escape:
    char: str


Part = str | Variable | Escape


@dataclass(frozen=True, slots=True)
class Template:
    """Written text with its variables; ``parts`` is empty of variables for most values."""

    text: str
    parts: tuple[Part, ...]
    literal_tokens: tuple[tuple[Token, ...], ...] = ()
    """Wildcard tokens of each literal part, computed once (same order as the str parts)."""

    @property
    def has_variables(self) -> bool:
        return any(isinstance(part, Variable | Escape) for part in self.parts)

    @property
    def variables(self) -> tuple[Variable, ...]:
        return tuple(part for part in self.parts if isinstance(part, Variable))

    def values(self, lookup: ContextLookup) -> tuple[str | None, ...]:
        """The value each variable takes (None where unresolved): a key for memoising resolutions."""
        return tuple(_variable_value(part, lookup) for part in self.parts if isinstance(part, Variable))

    def resolve_text(self, lookup: ContextLookup) -> str | None:
        """The text with variables substituted, or None if a variable cannot be resolved."""
        if not self.has_variables:
            return self.text
        pieces: list[str] = []
        for part in self.parts:
            if isinstance(part, str):
                pieces.append(part)
            elif isinstance(part, Escape):
                pieces.append(part.char)
            else:
                value = _variable_value(part, lookup)
                if value is None:
                    return None
                pieces.append(value)
        return "".join(pieces)

    def resolve_tokens(self, lookup: ContextLookup) -> list[Token] | None:
        """Wildcard tokens: written ``*``/``?`` are wildcards; escapes and values are literal."""
        tokens: list[Token] = []
        literal = iter(self.literal_tokens)
        for part in self.parts:
            if isinstance(part, str):
                tokens.extend(next(literal))
            elif isinstance(part, Escape):
                tokens.append(part.char)
            else:
                value = _variable_value(part, lookup)
                if value is None:
                    return None
                if value:
                    tokens.append(value)
        return tokens


def _variable_value(variable: Variable, lookup: ContextLookup) -> str | None:
    value = lookup(variable.key_lower)
    if isinstance(value, str):
        return value
    # Absent, or multivalued (V1 allows only single-valued keys): use the default if written.
    return variable.default


def parse_template(text: str, *, variables_enabled: bool) -> Template:
    """Split ``text`` into parts. Without Version 2012-10-17, ``${…}`` is ordinary text (G2)."""
    if not variables_enabled or "${" not in text:
        return Template(text, (text,) if text else (), (tuple(tokenize(text)),) if text else ())
    parts: list[Part] = []
    position = 0
    for match in _VARIABLE.finditer(text):
        if match.start() > position:
            parts.append(text[position : match.start()])
        parts.append(_parse_reference(match.group(1)))
        position = match.end()
    if position < len(text):
        parts.append(text[position:])
    literal_tokens = tuple(tuple(tokenize(part)) for part in parts if isinstance(part, str))
    return Template(text, tuple(parts), literal_tokens)


def _parse_reference(inner: str) -> Part:
    if inner in _ESCAPE_TEXT:
        return Escape(_ESCAPE_TEXT[inner])
    with_default = _WITH_DEFAULT.match(inner)
    if with_default:
        return Variable(with_default.group(1), with_default.group(2))
    return Variable(inner.strip())


def find_variable_references(text: str) -> list[str]:
    """The raw ``${…}`` references in ``text`` (for validation), in order."""
    return [match.group(1) for match in _VARIABLE.finditer(text)]
