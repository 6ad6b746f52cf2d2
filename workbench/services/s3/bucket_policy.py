"""S3 bucket policies: PutBucketPolicy, GetBucketPolicy, DeleteBucketPolicy and GetBucketPolicyStatus.

Only the owner account manages a bucket's policy: callers from elsewhere that a policy allows
still get ``MethodNotAllowed`` (405). The owner's root user always can (S3's lock-out guard: the
bucket policy itself is not consulted for root, though SCPs still are). A policy S3 finds
malformed is ``MalformedPolicy``; a public one while BlockPublicPolicy is on for the bucket or
its account is ``AccessDenied``.
"""

from __future__ import annotations

from typing import Any

from workbench.account.callers import Caller
from workbench.services.s3.base import S3Base, s3_operation
from workbench.services.s3.block_public_access import public_policy_blocked
from workbench.services.s3.policy_rules import malformed_policy_message
from workbench.services.s3.policy_status import is_public_policy
from workbench.services.state import Bucket


class BucketPolicyOperations(S3Base):
    @s3_operation("PutBucketPolicy")
    def put_bucket_policy(
        self,
        *,
        Bucket: str,
        Policy: str,
        ExpectedBucketOwner: str | None = None,
        ConfirmRemoveSelfBucketAccess: bool | None = None,
        **_ignored: Any,
    ) -> dict[str, Any]:
        caller = self.caller(anonymous_ok=True)
        bucket = self.find_bucket(Bucket, ExpectedBucketOwner)
        self._authorize_policy_call(caller, "s3:PutBucketPolicy", bucket)
        self.owner_only(caller, bucket)
        message = malformed_policy_message(Policy, bucket.name, self._principal_exists)
        if message is not None:
            raise self.s3_error("MalformedPolicy", message)
        blocked = public_policy_blocked(self.services, bucket)
        if blocked is not None and is_public_policy(Policy):
            where = "bucket" if blocked == "bucket" else "account"
            who = "" if caller.kind == "root" else "User: "
            raise self.s3_error(
                "AccessDenied",
                f"{who}{caller.arn} is not authorized to perform: s3:PutBucketPolicy on resource: "
                f'"{bucket.arn}" because public policies are blocked by the BlockPublicPolicy '
                f"block public access setting ({where} level).",
            )
        self.save_bucket(bucket.model_copy(update={"policy": Policy}))
        return {}

    @s3_operation("GetBucketPolicy")
    def get_bucket_policy(self, *, Bucket: str, ExpectedBucketOwner: str | None = None) -> dict[str, Any]:
        caller = self.caller(anonymous_ok=True)
        bucket = self.find_bucket(Bucket, ExpectedBucketOwner)
        self._authorize_policy_call(caller, "s3:GetBucketPolicy", bucket)
        self.owner_only(caller, bucket)
        if bucket.policy is None:
            raise self.s3_error("NoSuchBucketPolicy", BucketName=Bucket)
        return {"Policy": bucket.policy}

    @s3_operation("DeleteBucketPolicy")
    def delete_bucket_policy(self, *, Bucket: str, ExpectedBucketOwner: str | None = None) -> dict[str, Any]:
        caller = self.caller(anonymous_ok=True)
        bucket = self.find_bucket(Bucket, ExpectedBucketOwner)
        self._authorize_policy_call(caller, "s3:DeleteBucketPolicy", bucket)
        self.owner_only(caller, bucket)
        self.save_bucket(bucket.model_copy(update={"policy": None}))
        return {}

    @s3_operation("GetBucketPolicyStatus")
    def get_bucket_policy_status(self, *, Bucket: str, ExpectedBucketOwner: str | None = None) -> dict[str, Any]:
        caller = self.caller(anonymous_ok=True)
        bucket = self.find_bucket(Bucket, ExpectedBucketOwner)
        self.authorize_s3(caller, "s3:GetBucketPolicyStatus", bucket)
        if bucket.policy is None:
            raise self.s3_error("NoSuchBucketPolicy", BucketName=Bucket)
        return {"PolicyStatus": {"IsPublic": is_public_policy(bucket.policy)}}

    def _authorize_policy_call(self, caller: Caller, action: str, bucket: Bucket) -> None:
        owner_root = caller.is_root and caller.account_id == bucket.account_id
        target = self.bucket_target(caller, bucket, policy=not owner_root)
        self.authorize_s3(caller, action, bucket, target=target)

    def _principal_exists(self, arn: str) -> bool:
        """IAM users and roles named in a policy must exist (S3 checks); other accounts' are taken on trust."""
        parts = arn.split(":", 5)
        if len(parts) != 6 or parts[2] != "iam":
            return True
        account = self.sim.state.accounts.get(parts[4])
        resource = parts[5]
        if account is None or "/" not in resource:
            return True
        kind = resource.split("/", 1)[0]
        if kind == "user":
            return any(user.arn == arn for user in account.users.values())
        if kind == "role":
            return any(role.arn == arn for role in account.roles.values())
        return True
