"""STS step: a new session's policies (S4) — inline ``Policy`` and managed ``PolicyArns`` checked, resolved, packed.

Session policies only narrow a session; the engine applies them (E2, E8). Here they are refused
as AWS refuses them (``MalformedPolicyDocument``, the 2,048-character plaintext limit, at most 10
managed ARNs from the role's or federating user's own account or AWS), and stored as text.

Packed size. AWS compresses session policies and session tags into a packed binary format with its
own, undocumented limit and reports how full it is as ``PackedPolicySize`` (a percentage). The
workbench's model of it: the zlib-compressed size of the minified policies, the managed ARNs and
the tags, as a share of :data:`PACKED_LIMIT_BYTES`. It is not AWS's algorithm, but it behaves alike:
small policies use a few percent, and many long tags overflow it (``PackedPolicyTooLarge``).
"""

from __future__ import annotations

import json
import math
import zlib
from collections.abc import Mapping, Sequence

from workbench.account.authorization import managed_document
from workbench.account.errors import AwsError
from workbench.account.iam.rules import check_policy_document
from workbench.account.model import Account
from workbench.account.sts.rules import MAX_POLICY_ARNS, validation_error
from workbench.policy.model import PolicyType

PLAINTEXT_LIMIT = 2048
"""Characters of session policy plaintext (inline document plus managed ARNs) per request (G13)."""
PACKED_LIMIT_BYTES = 2048
"""The workbench's packed-size budget (see the module docstring)."""


def resolve_session_policies(
    account: Account, policy: str | None, policy_arns: Sequence[Mapping[str, str]] | None, operation: str
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Check ``Policy`` and ``PolicyArns`` for a session in ``account``; return (policy texts, managed ARNs).

    Each managed ARN is resolved to its default version's text, so the session keeps the policy
    it was created with.
    """
    arns = tuple(entry["arn"] for entry in policy_arns or ())
    if len(arns) > MAX_POLICY_ARNS:
        raise validation_error(
            f"{len(arns)} policy ARNs",
            "policyArns",
            f"Member must have length less than or equal to {MAX_POLICY_ARNS}",
            operation,
        )
    plaintext = len(policy or "") + sum(len(arn) for arn in arns)
    if plaintext > PLAINTEXT_LIMIT:
        raise AwsError(
            "ValidationError",
            f"1 validation error detected: the session policies (inline Policy plus PolicyArns) total {plaintext} "
            f"characters; the plaintext limit is {PLAINTEXT_LIMIT}.",
            operation,
        )
    texts: list[str] = []
    if policy is not None:
        check_policy_document(policy, PolicyType.SESSION, operation)
        texts.append(policy)
    for arn in arns:
        owner = arn.split(":")[4] if arn.count(":") >= 5 else ""
        text = managed_document(account, arn) if owner in ("aws", account.account_id) else None
        if text is None:
            raise AwsError(
                "ValidationError",
                f"Policy {arn} does not exist or is not attachable. Session policy ARNs must name a managed "
                f"policy of account {account.account_id} or an AWS managed policy.",
                operation,
            )
        texts.append(text)
    return tuple(texts), arns


def _minified(text: str) -> str:
    try:
        return json.dumps(json.loads(text), separators=(",", ":"), sort_keys=True)
    except ValueError:
        return text


def packed_policy_size(
    policies: Sequence[str], arns: Sequence[str], tags: Mapping[str, str], operation: str
) -> int | None:
    """``PackedPolicySize`` in percent, None when the request packs nothing; ``PackedPolicyTooLarge`` above 100."""
    if not policies and not arns and not tags:
        return None
    payload = json.dumps(
        {"policies": [_minified(p) for p in policies], "arns": list(arns), "tags": sorted(tags.items())},
        separators=(",", ":"),
    )
    packed = len(zlib.compress(payload.encode("utf-8"), 9))
    percent = math.ceil(100 * packed / PACKED_LIMIT_BYTES)
    if percent > 100:
        raise AwsError(
            "PackedPolicyTooLarge",
            f"Packed policy consumes {percent}% of allotted space, please use smaller policy.",
            operation,
        )
    return percent
