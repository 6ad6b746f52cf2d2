"""Diagrams, step 3 helper: text for DOT labels and tooltips — shortened with an ellipsis, escaped, never HTML.

Long names are what make a 50-principal map unreadable, so labels are cut to a fixed length (ARNs
in the middle, keeping the name at their end) and the whole text goes to the tooltip. Every piece
of user text is passed with ``graphviz.nohtml`` and literal backslashes, so ``<…>`` and ``\\n`` in a
name stay text.
"""

from __future__ import annotations

import graphviz

LABEL_LIMIT = 28
"""Characters of a node label line before it is shortened (the tooltip keeps the full text)."""
EDGE_LABEL_LIMIT = 24


def shorten(text: str, limit: int = LABEL_LIMIT) -> str:
    """``text`` if short enough, else cut with ``…``: ARNs and paths in the middle, other text at the end."""
    if len(text) <= limit:
        return text
    if text.startswith("arn:") or "/" in text:
        tail = (limit - 1) * 2 // 3
        return text[: limit - 1 - tail] + "…" + text[-tail:]
    return text[: limit - 1] + "…"


def dot_label(*lines: str) -> str:
    """A multi-line DOT label whose text is taken literally (backslashes doubled; not an HTML label)."""
    return graphviz.nohtml("\\n".join(line.replace("\\", "\\\\") for line in lines if line))
