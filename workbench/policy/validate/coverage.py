"""Validate, reference logic: sound "pattern A covers pattern B" tests for actions, resources and statements.

Used by the redundancy checks, which must only claim what certainly holds. A covering pattern is
recognised only in forms whose containment is obvious: ``*``, the identical pattern, a glob that
matches a literal, or ``prefix*`` in front of a pattern whose literal start begins with ``prefix``.
Anything else answers "not covered", never a guess.
"""

from __future__ import annotations

import re
from typing import Final

from workbench.policy.model import PolicyType, PrincipalBlock, Statement
from workbench.wildcard import Glob

_WILDCARD: Final = re.compile(r"[*?]")


def _has_wildcard(text: str) -> bool:
    return "*" in text or "?" in text


def glob_covers(wide: str, narrow: str) -> bool:
    """True when every string ``narrow`` matches is also matched by ``wide`` (``*``/``?`` are wild)."""
    if wide == narrow or (wide and set(wide) == {"*"}):
        return True
    if not _has_wildcard(wide):
        return False  # a literal covers only itself
    head = wide[:-1]
    if wide.endswith("*") and not _has_wildcard(head):
        # "prefix*" (the common case) covers whatever must start with the prefix.
        wild = _WILDCARD.search(narrow)
        return narrow[: wild.start() if wild else len(narrow)].startswith(head)
    if not _has_wildcard(narrow):
        return Glob.compile(wide).matches(narrow)
    return False


def action_covers(wide: str, narrow: str) -> bool:
    """Action patterns compare case-insensitively (G6)."""
    return glob_covers(wide.lower(), narrow.lower())


def resource_covers(wide: str, narrow: str) -> bool:
    """ARN patterns: ``*`` covers all; else segment by segment, the resource part case-sensitively (G9)."""
    if wide == "*" or wide == narrow:
        return True
    if narrow == "*" or "${" in wide or "${" in narrow:
        return False
    wide_parts, narrow_parts = wide.split(":", 5), narrow.split(":", 5)
    if len(wide_parts) != 6 or len(narrow_parts) != 6:
        return False
    leading = all(glob_covers(w.lower(), n.lower()) for w, n in zip(wide_parts[:5], narrow_parts[:5], strict=True))
    return leading and glob_covers(wide_parts[5], narrow_parts[5])


def _everyone(block: PrincipalBlock) -> bool:
    return block.wildcard or any(e.kind == "AWS" and e.value == "*" for e in block.entries)


def principals_cover(policy_type: PolicyType, wide: Statement, narrow: Statement) -> bool:
    if not policy_type.has_principals:
        return True
    if wide.not_principal is not None or narrow.not_principal is not None:
        return False
    if wide.principal is None or narrow.principal is None:
        return False
    if _everyone(wide.principal):
        return True
    if narrow.principal.wildcard or not narrow.principal.entries:
        return False
    listed = {(e.kind, e.value) for e in wide.principal.entries}
    return all((e.kind, e.value) in listed for e in narrow.principal.entries)


def statement_covers(policy_type: PolicyType, wide: Statement, narrow: Statement) -> bool:
    """True when ``wide`` has no conditions and applies to every request ``narrow`` applies to."""
    if wide.conditions or wide.action is None or narrow.action is None:
        return False
    if wide.not_resource is not None or narrow.not_resource is not None:
        return False
    if (wide.resource is None) != (narrow.resource is None):
        return False
    # Resources first: they are what usually tells two statements apart, and there are few.
    if (
        wide.resource is not None
        and narrow.resource is not None
        and not all(any(resource_covers(w, n) for w in wide.resource) for n in narrow.resource)
    ):
        return False
    if not principals_cover(policy_type, wide, narrow):
        return False
    return all(any(action_covers(w, n) for w in wide.action) for n in narrow.action)
