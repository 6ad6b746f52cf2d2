"""S3's errors as S3 returns them: the code, S3's own message, its HTTP status, and S3's extra fields.

S3 answers some errors with fields beside Code and Message (``BucketName`` for NoSuchBucket,
``Key`` for NoSuchKey); botocore puts them in ``response["Error"]``, and so do we. HEAD requests
have no body, so botocore can only report the status: ``Code "404"``, ``Message "Not Found"``.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from workbench.account.errors import AwsError

S3_STATUS: Mapping[str, int] = MappingProxyType(
    {
        "AccessControlListNotSupported": 400,
        "AccessDenied": 403,
        "AllAccessDisabled": 403,
        "BadRequest": 400,
        "BucketAlreadyExists": 409,
        "BucketAlreadyOwnedByYou": 409,
        "BucketNotEmpty": 409,
        "IllegalLocationConstraintException": 400,
        "InvalidArgument": 400,
        "InvalidBucketName": 400,
        "InvalidLocationConstraint": 400,
        "InvalidRequest": 400,
        "InvalidRange": 416,
        "InvalidTag": 400,
        "KMS.DisabledException": 400,
        "KMS.KMSInvalidStateException": 400,
        "KMS.NotFoundException": 400,
        "KeyTooLongError": 400,
        "MalformedPolicy": 400,
        "MethodNotAllowed": 405,
        "NoSuchBucket": 404,
        "NoSuchBucketPolicy": 404,
        "NoSuchKey": 404,
        "NoSuchPublicAccessBlockConfiguration": 404,
        "NoSuchTagSet": 404,
    }
)

MESSAGES: Mapping[str, str] = MappingProxyType(
    {
        "AccessDenied": "Access Denied",
        "BucketAlreadyExists": (
            "The requested bucket name is not available. The bucket namespace is shared by all users of the system. "
            "Please select a different name and try again."
        ),
        "BucketAlreadyOwnedByYou": "Your previous request to create the named bucket succeeded and you already own it.",
        "BucketNotEmpty": "The bucket you tried to delete is not empty",
        "InvalidBucketName": "The specified bucket is not valid.",
        "MethodNotAllowed": "The specified method is not allowed against this resource.",
        "NoSuchBucket": "The specified bucket does not exist",
        "NoSuchBucketPolicy": "The bucket policy does not exist",
        "NoSuchKey": "The specified key does not exist.",
        "NoSuchPublicAccessBlockConfiguration": "The public access block configuration was not found",
        "NoSuchTagSet": "The TagSet does not exist",
    }
)

_HEAD_MESSAGES: Mapping[int, str] = MappingProxyType(
    {
        400: "Bad Request",
        403: "Forbidden",
        404: "Not Found",
        405: "Method Not Allowed",
        409: "Conflict",
        416: "Requested Range Not Satisfiable",
    }
)


def s3_error(code: str, operation: str, message: str | None = None, **fields: str) -> AwsError:
    """An S3 error: S3's message for ``code`` unless one is given, its status, and extra fields."""
    error = AwsError(code, message or MESSAGES.get(code, code), operation, status=S3_STATUS.get(code, 400))
    error.response["Error"].update(fields)
    return error


def head_error(error: AwsError) -> AwsError:
    """The same failure as a HEAD request reports it: only the status survives (``"404"``, ``"Not Found"``)."""
    status = int(error.response["ResponseMetadata"]["HTTPStatusCode"])
    return AwsError(str(status), _HEAD_MESSAGES.get(status, "Error"), error.operation, status=status)
