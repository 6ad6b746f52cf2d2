"""The simulated API's errors: AWS error codes and messages, raised as botocore's own ``ClientError``.

Learners' ``except ClientError as e: e.response["Error"]["Code"]`` works unchanged, and the error
is also a :class:`~workbench.errors.WorkbenchError` with a stable ``code`` (``account_<aws code>``).
"""

from __future__ import annotations

from botocore.exceptions import ClientError

from workbench.errors import WorkbenchError

HTTP_STATUS = {
    "AccessDenied": 403,
    "AccessDeniedException": 403,
    "InvalidClientTokenId": 403,
    "SignatureDoesNotMatch": 403,
    "InvalidAuthenticationCode": 403,
    "ExpiredToken": 400,
    "NoSuchEntity": 404,
    "EntityAlreadyExists": 409,
    "LimitExceeded": 409,
    "DeleteConflict": 409,
    "ConcurrentModification": 409,
    "EntityTemporarilyUnmodifiable": 409,
    "ReportNotPresent": 410,
    "ReportExpired": 410,
    "ReportInProgress": 404,
    "ServiceFailure": 500,
    "PolicyEvaluation": 500,
}


class AwsError(ClientError, WorkbenchError):  # type: ignore[misc]
    """An AWS API error: ``response["Error"]["Code"]`` is the AWS code, ``.message`` its text."""

    def __init__(self, aws_code: str, message: str, operation: str = "", *, status: int | None = None) -> None:
        http = status if status is not None else HTTP_STATUS.get(aws_code, 400)
        response = {
            "Error": {"Type": "Sender" if http < 500 else "Receiver", "Code": aws_code, "Message": message},
            "ResponseMetadata": {"HTTPStatusCode": http},
        }
        ClientError.__init__(self, response, operation or "Unknown")  # type: ignore[arg-type]
        WorkbenchError.__init__(self, message, code=f"account_{aws_code}")
        self.aws_code = aws_code
        self.operation = operation

    def __str__(self) -> str:
        return f"{self.aws_code}: {self.message}"

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (type(self), (self.aws_code, self.message, self.operation))
