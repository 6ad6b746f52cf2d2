"""Diagrams, step 3 helper: node keys (which may hold ARNs) → synthetic DOT ids (jupyter-stack §1, the ARN pitfall).

graphviz reads ``a:b`` in an edge end as *node:port*, so an ARN must never be a node id. An id is
the key's kind, a readable slug of its name and a short hash of the whole key: stable across runs
and across views (a scoped view names a node exactly as the full map does), never from ``id()``.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable

_SLUG = re.compile(r"[^A-Za-z0-9]+")


def _slug(text: str, limit: int = 20) -> str:
    return _SLUG.sub("_", text).strip("_")[-limit:].strip("_").lower() or "x"


def synthetic_id(key: str, *, prefix: str = "") -> str:
    """``user_alice_1f3a9c0d`` for ``user:arn:aws:iam::111111111111:user/alice``: letters, digits, ``_`` only."""
    kind, _, name = key.partition(":")
    tail = re.split(r"[/:|@]", name.rstrip("/:"))[-1] if name else ""
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:8]
    return "_".join(part for part in (prefix, _slug(kind, 12), _slug(tail), digest) if part)


def assign_ids(keys: Iterable[str], *, prefix: str = "") -> dict[str, str]:
    """An id for every key, distinct even if two hashes ever collide (later keys, in sorted order, get ``_2``…)."""
    ids: dict[str, str] = {}
    taken: set[str] = set()
    for key in sorted(set(keys)):
        candidate = base = synthetic_id(key, prefix=prefix)
        counter = 1
        while candidate in taken:
            counter += 1
            candidate = f"{base}_{counter}"
        taken.add(candidate)
        ids[key] = candidate
    return ids
