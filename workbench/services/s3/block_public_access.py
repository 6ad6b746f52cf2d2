"""S3 Block Public Access, before authorization: the settings in force for a bucket, the policy a caller is judged by.

The bucket's settings and its owner account's settings combine setting by setting, the most
restrictive winning. BlockPublicPolicy refuses to *store* a public policy (checked by
PutBucketPolicy). RestrictPublicBuckets changes *evaluation*: while a bucket's policy is public,
only the owner account's principals and AWS service principals keep what the policy grants;
"public and cross-account access within any public bucket policy, including non-public
delegation to specific accounts, is blocked". The simulation models that by judging anonymous
and cross-account callers by the policy's Deny statements alone.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from workbench.services.s3.policy_status import is_public_policy
from workbench.services.state import Bucket, PublicAccessBlock, ServiceState

SETTINGS = (
    ("BlockPublicAcls", "block_public_acls"),
    ("IgnorePublicAcls", "ignore_public_acls"),
    ("BlockPublicPolicy", "block_public_policy"),
    ("RestrictPublicBuckets", "restrict_public_buckets"),
)
"""S3's setting names and ours, in the order S3 lists them."""

ALL_BLOCKED = PublicAccessBlock(
    block_public_acls=True, ignore_public_acls=True, block_public_policy=True, restrict_public_buckets=True
)
"""What a new bucket gets: since April 2023 S3 turns every Block Public Access setting on at creation."""


def block_from_request(configuration: Mapping[str, Any]) -> PublicAccessBlock:
    """``PublicAccessBlockConfiguration`` as sent (a missing setting is false, as in S3)."""
    return PublicAccessBlock(**{ours: bool(configuration.get(theirs, False)) for theirs, ours in SETTINGS})


def block_response(block: PublicAccessBlock) -> dict[str, bool]:
    return {theirs: bool(getattr(block, ours)) for theirs, ours in SETTINGS}


def effective_block(services: ServiceState, bucket: Bucket) -> PublicAccessBlock:
    """The settings in force for ``bucket``: each one on if the bucket or its owner account turns it on."""
    own = bucket.public_access_block or PublicAccessBlock()
    account = services.account_public_access_blocks.get(bucket.account_id) or PublicAccessBlock()
    return PublicAccessBlock(**{ours: getattr(own, ours) or getattr(account, ours) for _, ours in SETTINGS})


def public_policy_blocked(services: ServiceState, bucket: Bucket) -> str | None:
    """Where BlockPublicPolicy is on for ``bucket`` ("bucket" or "account"), or None when it is off."""
    if bucket.public_access_block is not None and bucket.public_access_block.block_public_policy:
        return "bucket"
    account = services.account_public_access_blocks.get(bucket.account_id)
    if account is not None and account.block_public_policy:
        return "account"
    return None


def restricted(services: ServiceState, bucket: Bucket) -> bool:
    """Whether RestrictPublicBuckets is cutting off this bucket's policy grants to outsiders right now."""
    return (
        bucket.policy is not None
        and effective_block(services, bucket).restrict_public_buckets
        and is_public_policy(bucket.policy)
    )


def policy_seen_by(services: ServiceState, bucket: Bucket, caller_account: str | None) -> str | None:
    """The bucket policy as it takes part in deciding a request from ``caller_account`` (None: anonymous).

    Outsiders of a restricted bucket are judged by the policy's Deny statements only; everyone
    else by the whole policy.
    """
    if bucket.policy is None:
        return None
    if caller_account == bucket.account_id or not restricted(services, bucket):
        return bucket.policy
    return deny_statements_only(bucket.policy)


def deny_statements_only(policy_text: str) -> str | None:
    """The policy with its Allow statements removed (None when nothing is left)."""
    raw = json.loads(policy_text)
    statements = raw.get("Statement", [])
    listed = statements if isinstance(statements, list) else [statements]
    denies = [s for s in listed if isinstance(s, dict) and s.get("Effect") == "Deny"]
    if not denies:
        return None
    kept = {key: value for key, value in raw.items() if key != "Statement"}
    kept["Statement"] = denies
    return json.dumps(kept, indent=2)
