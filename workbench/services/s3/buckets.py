"""S3 bucket operations: CreateBucket, DeleteBucket, ListBuckets, HeadBucket, GetBucketLocation.

Bucket names are global: a name another account holds is ``BucketAlreadyExists``; one you hold
is ``BucketAlreadyOwnedByYou`` — except in us-east-1, where S3 answers 200 for legacy
compatibility. A new bucket belongs to the caller's account, lives in the region its
``LocationConstraint`` names (us-east-1 when none), and starts with every Block Public Access
setting on, as S3 has done since April 2023. ListBuckets shows only the caller's account's
buckets.
"""

from __future__ import annotations

from typing import Any

from workbench.account.errors import AwsError
from workbench.account.service import service_model
from workbench.services.s3.base import S3Base, canonical_user_id, continuation_token, s3_operation, token_position
from workbench.services.s3.block_public_access import ALL_BLOCKED
from workbench.services.s3.errors import head_error
from workbench.services.s3.names import bucket_name_problem
from workbench.services.s3.tagging import BUCKET_TAG_LIMIT, tags_from_tag_set
from workbench.services.state import Bucket as BucketRecord

_UNSPECIFIED_REGION = (
    "The unspecified location constraint is incompatible for the region specific endpoint this request was sent to."
)
_PUBLIC_ACL_REFUSED = "Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting"


class BucketOperations(S3Base):
    @s3_operation("CreateBucket")
    def create_bucket(
        self,
        *,
        Bucket: str,
        CreateBucketConfiguration: dict[str, Any] | None = None,
        ACL: str | None = None,
        ObjectOwnership: str | None = None,
        **_ignored: Any,
    ) -> dict[str, Any]:
        caller = self.caller(anonymous_ok=True)
        if bucket_name_problem(Bucket) is not None:
            raise self.s3_error("InvalidBucketName", BucketName=Bucket)
        configuration = CreateBucketConfiguration or {}
        constraint = configuration.get("LocationConstraint")
        region = self._bucket_region(constraint)
        tags = tags_from_tag_set(configuration.get("Tags") or (), BUCKET_TAG_LIMIT, self._operation)
        arn = f"arn:aws:s3:::{Bucket}"
        context: dict[str, Any] = {}
        if constraint:
            context["s3:locationconstraint"] = constraint
        if ACL:
            context["s3:x-amz-acl"] = ACL
        if ObjectOwnership:
            context["s3:x-amz-object-ownership"] = ObjectOwnership
        if tags:
            context.update({f"aws:RequestTag/{key}": value for key, value in tags.items()})
            context["aws:TagKeys"] = list(tags)
        self.authorize_account_level(caller, "s3:CreateBucket", arn, context)
        if tags:  # tagging at creation also needs the tagging permission
            self.authorize_account_level(
                caller, "s3:TagResource", arn, {k: v for k, v in context.items() if k.startswith("aws:")}
            )
        if ACL not in (None, "private") and ObjectOwnership in (None, "BucketOwnerEnforced"):
            raise self.s3_error("InvalidBucketAclWithObjectOwnership", _PUBLIC_ACL_REFUSED)
        existing = self.services.buckets.get(Bucket)
        if existing is not None:
            if existing.account_id != caller.account_id:
                raise self.s3_error("BucketAlreadyExists", BucketName=Bucket)
            if not (existing.region == region == self.connection.region == "us-east-1"):
                raise self.s3_error("BucketAlreadyOwnedByYou", BucketName=Bucket)
            return {"Location": f"/{Bucket}"}  # us-east-1 answers 200 for a bucket you already own
        self.save_bucket(
            BucketRecord(
                name=Bucket,
                account_id=caller.account_id,
                region=region,
                create_date=self.now.replace(microsecond=0),
                tags=tags,
                public_access_block=ALL_BLOCKED,
            )
        )
        location = f"/{Bucket}" if region == "us-east-1" else f"http://{Bucket}.s3.amazonaws.com/"
        return {"Location": location}

    def _bucket_region(self, constraint: str | None) -> str:
        endpoint = self.connection.region
        if not constraint:
            if endpoint != "us-east-1":
                raise self.s3_error("IllegalLocationConstraintException", _UNSPECIFIED_REGION)
            return "us-east-1"
        known = service_model("s3").shape_for("BucketLocationConstraint").enum
        if constraint == "us-east-1" or constraint not in known:
            raise self.s3_error(
                "InvalidLocationConstraint",
                "The specified location-constraint is not valid",
                LocationConstraint=constraint,
            )
        region = "eu-west-1" if constraint == "EU" else constraint
        if endpoint != "us-east-1" and region != endpoint:
            raise self.s3_error(
                "IllegalLocationConstraintException",
                f"The {constraint} location constraint is incompatible for the region specific endpoint "
                "this request was sent to.",
            )
        return region

    @s3_operation("DeleteBucket")
    def delete_bucket(self, *, Bucket: str, ExpectedBucketOwner: str | None = None, **_ignored: Any) -> dict[str, Any]:
        caller = self.caller(anonymous_ok=True)
        bucket = self.find_bucket(Bucket, ExpectedBucketOwner)
        self.authorize_s3(caller, "s3:DeleteBucket", bucket)
        if bucket.objects:
            raise self.s3_error("BucketNotEmpty", BucketName=Bucket)
        remaining = {name: b for name, b in self.services.buckets.items() if name != Bucket}
        self.save_services(self.services.model_copy(update={"buckets": remaining}))
        return {}

    @s3_operation("ListBuckets")
    def list_buckets(
        self,
        *,
        MaxBuckets: int | None = None,
        ContinuationToken: str | None = None,
        Prefix: str | None = None,
        BucketRegion: str | None = None,
    ) -> dict[str, Any]:
        caller = self.caller(anonymous_ok=True)
        self.authorize_account_level(caller, "s3:ListAllMyBuckets")
        owned = sorted(
            (
                b
                for b in self.services.buckets.values()
                if b.account_id == caller.account_id
                and b.name.startswith(Prefix or "")
                and (BucketRegion is None or b.region == BucketRegion)
            ),
            key=lambda b: b.name,
        )
        if ContinuationToken is not None:
            after = token_position(ContinuationToken)
            if after is None:
                raise self.s3_error("InvalidArgument", "The continuation token provided is incorrect")
            owned = [b for b in owned if b.name > after]
        answer: dict[str, Any] = {}
        if MaxBuckets is not None and len(owned) > MaxBuckets:
            owned = owned[:MaxBuckets]
            answer["ContinuationToken"] = continuation_token(owned[-1].name)
        answer["Buckets"] = [{"Name": b.name, "CreationDate": b.create_date, "BucketRegion": b.region} for b in owned]
        answer["Owner"] = {"ID": canonical_user_id(caller.account_id)}
        if Prefix is not None:
            answer["Prefix"] = Prefix
        return answer

    @s3_operation("HeadBucket")
    def head_bucket(self, *, Bucket: str, ExpectedBucketOwner: str | None = None) -> dict[str, Any]:
        try:
            caller = self.caller(anonymous_ok=True)
            bucket = self.find_bucket(Bucket, ExpectedBucketOwner)
            self.authorize_s3(caller, "s3:ListBucket", bucket)
        except AwsError as error:
            raise head_error(error) from None
        return {"BucketRegion": bucket.region, "AccessPointAlias": False}

    @s3_operation("GetBucketLocation")
    def get_bucket_location(self, *, Bucket: str, ExpectedBucketOwner: str | None = None) -> dict[str, Any]:
        caller = self.caller(anonymous_ok=True)
        bucket = self.find_bucket(Bucket, ExpectedBucketOwner)
        self.authorize_s3(caller, "s3:GetBucketLocation", bucket)
        return {"LocationConstraint": None if bucket.region == "us-east-1" else bucket.region}
