"""S3 server-side encryption on the object path: SSE headers, their condition keys, and KMS authorizing the caller.

``ServerSideEncryption`` may be ``AES256`` (SSE-S3, also S3's default since January 2023),
``aws:kms`` or ``aws:kms:dsse``; ``SSEKMSKeyId`` goes with the KMS kinds only. The headers *as
sent* become ``s3:x-amz-server-side-encryption`` and
``s3:x-amz-server-side-encryption-aws-kms-key-id`` (absent when not sent, even though S3 then
encrypts with its default — the classic "require encryption" bucket policy relies on that).

With SSE-KMS, S3 calls KMS with the caller's own credentials (``kms:GenerateDataKey`` to write,
``kms:Decrypt`` to read), through the KMS simulation's ``kms_call_via``: the key policy (and the
caller's IAM policies) must allow it, with ``kms:ViaService`` = ``s3.<region>.amazonaws.com`` and
the object's ARN as encryption context ``aws:s3:arn``. The data key's ciphertext is not stored:
the KMS stand-in makes it again from the key ARN and the context.
"""

from __future__ import annotations

from typing import Any

from workbench.account.callers import Caller
from workbench.account.errors import AwsError
from workbench.services.kms.via import kms_call_via, s3_encryption_context, sealed_data_key
from workbench.services.s3.base import S3Base
from workbench.services.state import Bucket

SSE_S3 = "AES256"
KMS_KINDS = ("aws:kms", "aws:kms:dsse")
SSE_KINDS = (SSE_S3, *KMS_KINDS)


def sse_context(server_side_encryption: str | None, kms_key_id: str | None) -> dict[str, Any]:
    """The SSE request headers as condition keys (present only when sent)."""
    context: dict[str, Any] = {}
    if server_side_encryption is not None:
        context["s3:x-amz-server-side-encryption"] = server_side_encryption
    if kms_key_id is not None:
        context["s3:x-amz-server-side-encryption-aws-kms-key-id"] = kms_key_id
    return context


def sse_response(server_side_encryption: str | None, kms_key_id: str | None) -> dict[str, Any]:
    answer: dict[str, Any] = {"ServerSideEncryption": server_side_encryption or SSE_S3}
    if kms_key_id is not None:
        answer["SSEKMSKeyId"] = kms_key_id
    return answer


class EncryptionOperations(S3Base):
    """Checks the SSE headers and has KMS authorize the caller's use of a key."""

    def check_sse_headers(self, server_side_encryption: str | None, kms_key_id: str | None) -> None:
        if server_side_encryption is not None and server_side_encryption not in SSE_KINDS:
            raise self.s3_error("InvalidArgument", "The encryption method specified is not supported")
        if kms_key_id is not None and server_side_encryption not in KMS_KINDS:
            raise self.s3_error(
                "InvalidArgument",
                "Server Side Encryption with AWS KMS managed key requires HTTP header "
                "x-amz-server-side-encryption : aws:kms",
            )

    def use_kms_key(self, caller: Caller, action: str, key_ref: str | None, bucket: Bucket, key: str) -> str:
        """Have KMS authorize ``action`` for the caller, through S3; return the key's ARN.

        ``kms:GenerateDataKey`` (writing) takes the key as sent, or the account's AWS managed key
        ``alias/aws/s3`` when none is named (KMS creates it on first use); ``kms:Decrypt``
        (reading) takes the ARN stored with the object. KMS's refusal becomes S3's error:
        ``AccessDenied`` carrying KMS's message, ``KMS.NotFoundException``, ``KMS.DisabledException``.
        """
        if caller.kind == "anonymous":
            raise self.s3_error("AccessDenied")
        context = s3_encryption_context(bucket.name, key)
        try:
            if action == "kms:GenerateDataKey":
                answer = kms_call_via(
                    self.sim,
                    self.credentials,
                    "s3",
                    "GenerateDataKey",
                    region=bucket.region,
                    KeyId=key_ref or "alias/aws/s3",
                    KeySpec="AES_256",
                    EncryptionContext=context,
                )
                return str(answer["KeyId"])
            if key_ref is None:  # an SSE-KMS object always records its key; nothing to ask KMS otherwise
                return ""
            blob = sealed_data_key(key_ref, context)
            kms_call_via(
                self.sim,
                self.credentials,
                "s3",
                "Decrypt",
                region=bucket.region,
                CiphertextBlob=blob,
                EncryptionContext=context,
            )
            return key_ref
        except AwsError as error:
            raise self._as_s3_error(error, caller, bucket) from None

    def _as_s3_error(self, error: AwsError, caller: Caller, bucket: Bucket) -> AwsError:
        if error.aws_code in ("AccessDeniedException", "AccessDenied"):
            if not self.told_why(caller, bucket.account_id):
                return self.s3_error("AccessDenied")
            return self.s3_error("AccessDenied", error.message)
        code = error.aws_code.removesuffix("Exception")
        return self.s3_error(f"KMS.{code}Exception", error.message)
