"""Layer 0: IAM wildcard patterns (``*`` any run, ``?`` one character) matched in linear time.

IAM patterns appear in actions, resource ARNs and ``…Like`` condition values. Translating them to
regular expressions invites catastrophic backtracking (``*a*a*a…`` against a long ARN), so a
pattern is split at its ``*`` into fixed-width pieces and matched greedily, leftmost first: for a
glob that is both correct and linear in the text length per piece.

A pattern is built from tokens so that literal ``*``/``?`` (from ``${*}`` escapes or substituted
policy variables) stay literal: see :meth:`Glob.from_tokens`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Final

STAR: Final = "\x00*"
"""Token for the ``*`` wildcard (distinct from any one-character literal)."""
QMARK: Final = "\x00?"
"""Token for the ``?`` wildcard."""

Token = str  # a literal run of text, or STAR / QMARK


def _piece_matches_at(text: str, start: int, piece: tuple[str | None, ...]) -> bool:
    """True when ``piece`` (chars, None = any one char) matches ``text`` at ``start``."""
    return all(char is None or text[start + offset] == char for offset, char in enumerate(piece))


class Glob:
    """A compiled wildcard pattern.

    Pieces are the runs between ``*`` tokens; each piece is either a plain string (fast path via
    ``str.startswith``/``str.find``) or a tuple of characters where ``None`` stands for ``?``.
    """

    __slots__ = ("_exact", "_folded", "_pieces", "_prefix", "source", "tokens")

    def __init__(self, tokens: Sequence[Token], *, case_insensitive: bool = False) -> None:
        self._folded = case_insensitive
        self.tokens: tuple[Token, ...] = tuple(tokens)
        self.source = "".join("*" if t == STAR else "?" if t == QMARK else t for t in tokens)
        pieces: list[list[str | None]] = [[]]
        for token in tokens:
            if token == STAR:
                pieces.append([])
            elif token == QMARK:
                pieces[-1].append(None)
            else:
                pieces[-1].extend(token.lower() if case_insensitive else token)
        compiled: list[str | tuple[str | None, ...]] = []
        for chars in pieces:
            if None in chars:
                compiled.append(tuple(chars))
            else:
                compiled.append("".join(c for c in chars if c is not None))
        self._pieces: tuple[str | tuple[str | None, ...], ...] = tuple(compiled)
        only = compiled[0] if len(compiled) == 1 else None
        self._exact: str | None = only if isinstance(only, str) else None
        # The commonest shape by far, "literal*", is one startswith.
        head = compiled[0]
        self._prefix: str | None = head if len(compiled) == 2 and isinstance(head, str) and compiled[1] == "" else None

    # -- construction -------------------------------------------------------------------------
    @classmethod
    def compile(cls, pattern: str, *, case_insensitive: bool = False) -> Glob:
        """Compile text in which every ``*`` and ``?`` is a wildcard."""
        return cls(tokenize(pattern), case_insensitive=case_insensitive)

    @classmethod
    def literal(cls, text: str, *, case_insensitive: bool = False) -> Glob:
        """A pattern that matches exactly ``text`` (wildcard characters included literally)."""
        return cls([text] if text else [], case_insensitive=case_insensitive)

    @classmethod
    def from_tokens(cls, tokens: Iterable[Token], *, case_insensitive: bool = False) -> Glob:
        return cls(list(tokens), case_insensitive=case_insensitive)

    # -- queries -------------------------------------------------------------------------------
    @property
    def is_literal(self) -> bool:
        return self._exact is not None

    @property
    def matches_everything(self) -> bool:
        return all(p == "" for p in self._pieces) and len(self._pieces) > 1

    def matches(self, text: str) -> bool:
        if self._folded:
            text = text.lower()
        if self._exact is not None:
            return text == self._exact
        if self._prefix is not None:
            return text.startswith(self._prefix)
        pieces = self._pieces
        if len(pieces) == 1:  # no ``*`` but some ``?``: a fixed-width pattern
            return len(text) == len(pieces[0]) and _piece_at(text, 0, pieces[0])
        first, last = pieces[0], pieces[-1]
        # Anchor the first piece at the start and the last piece at the end, then place the
        # middle pieces leftmost-first in between: greedy leftmost placement is optimal for globs.
        if len(first) + len(last) > len(text):
            return False
        if not _starts_with(text, first):
            return False
        end = len(text) - len(last)
        if not _piece_at(text, end, last):
            return False
        position = len(first)
        for piece in pieces[1:-1]:
            found = _find(text, piece, position, end)
            if found < 0:
                return False
            position = found + len(piece)
        return True

    def __repr__(self) -> str:
        return f"Glob({self.source!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Glob) and self._pieces == other._pieces and self._folded == other._folded

    def __hash__(self) -> int:
        return hash((self._pieces, self._folded))


def _starts_with(text: str, piece: str | tuple[str | None, ...]) -> bool:
    if isinstance(piece, str):
        return text.startswith(piece)
    return _piece_matches_at(text, 0, piece)


def _piece_at(text: str, start: int, piece: str | tuple[str | None, ...]) -> bool:
    if isinstance(piece, str):
        return text.startswith(piece, start)
    return _piece_matches_at(text, start, piece)


def _find(text: str, piece: str | tuple[str | None, ...], start: int, end: int) -> int:
    """Leftmost index ``>= start`` where ``piece`` fits entirely before ``end``, or -1."""
    if isinstance(piece, str):
        return text.find(piece, start, end)
    # A piece with ``?``: anchor on its longest literal run with str.find, then verify the rest.
    width = len(piece)
    anchor_offset, anchor = _longest_literal_run(piece)
    if not anchor:
        return start if start + width <= end else -1
    search_from = start + anchor_offset
    # The anchor must end early enough for the rest of the piece to fit before ``end``. Guard
    # the bound explicitly: a negative one would count from the end of the text in str.find.
    limit = end - (width - anchor_offset - len(anchor))
    if limit < search_from + len(anchor):
        return -1
    while True:
        hit = text.find(anchor, search_from, limit)
        if hit < 0:
            return -1
        candidate = hit - anchor_offset
        if _piece_matches_at(text, candidate, piece):
            return candidate
        search_from = hit + 1


def _longest_literal_run(piece: tuple[str | None, ...]) -> tuple[int, str]:
    best_start, best = 0, ""
    run_start = 0
    run: list[str] = []
    for index, char in enumerate((*piece, None)):
        if char is None:
            if len(run) > len(best):
                best_start, best = run_start, "".join(run)
            run, run_start = [], index + 1
        else:
            run.append(char)
    return best_start, best


def tokenize(pattern: str) -> list[Token]:
    """Split text into literal runs and STAR/QMARK tokens (every ``*``/``?`` is a wildcard)."""
    tokens: list[Token] = []
    literal: list[str] = []
    for char in pattern:
        if char in "*?":
            if literal:
                tokens.append("".join(literal))
                literal = []
            tokens.append(STAR if char == "*" else QMARK)
        else:
            literal.append(char)
    if literal:
        tokens.append("".join(literal))
    return tokens


def split_tokens(tokens: Sequence[Token], separator: str, maxsplit: int) -> list[list[Token]]:
    """Split a token list at literal occurrences of ``separator`` (wildcards never split).

    Used for ARN patterns, whose first five ``:``-separated segments are matched separately.
    """
    parts: list[list[Token]] = [[]]
    for token in tokens:
        if token in (STAR, QMARK):
            parts[-1].append(token)
            continue
        chunks = token.split(separator)
        for index, chunk in enumerate(chunks):
            if index > 0:
                if len(parts) <= maxsplit:
                    parts.append([])
                else:
                    parts[-1].append(separator)
            if chunk:
                parts[-1].append(chunk)
    return parts
