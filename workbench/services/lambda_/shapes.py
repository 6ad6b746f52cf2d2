"""Lambda answers: a stored :class:`LambdaFunction` → the ``FunctionConfiguration`` boto3 returns, and its revision id.

The state holds what the simulation needs (name, ARN, role, runtime, handler, policy, tags); the
other settings Lambda reports take Lambda's defaults (3-second timeout, 128 MB, x86_64). The
revision id is derived from the function's stored data, so it changes exactly when the function
or its policy changes, as Lambda's ``RevisionId`` does.
"""

from __future__ import annotations

import base64
import hashlib
from typing import Any

from workbench.services.state import LambdaFunction

DEFAULT_TIMEOUT = 3
DEFAULT_MEMORY = 128
LATEST = "$LATEST"


def revision_id(function: LambdaFunction) -> str:
    """A UUID-shaped id that changes whenever the function's configuration or policy changes."""
    digest = hashlib.sha256(function.model_dump_json().encode()).hexdigest()
    return "-".join((digest[:8], digest[8:12], digest[12:16], digest[16:20], digest[20:32]))


def code_sha256(function: LambdaFunction) -> str:
    """Base64 SHA-256 standing for the deployment package (the code that runs is the registered handler)."""
    digest = hashlib.sha256(f"{function.arn}:{function.handler}".encode()).digest()
    return base64.b64encode(digest).decode()


def last_modified(function: LambdaFunction) -> str:
    """Lambda's own timestamp format: ``2026-01-05T09:00:00.000+0000``."""
    return function.create_date.strftime("%Y-%m-%dT%H:%M:%S.000+0000")


def configuration(function: LambdaFunction, *, state: str = "Active") -> dict[str, Any]:
    """``FunctionConfiguration`` (CreateFunction, GetFunction, ListFunctions, UpdateFunctionConfiguration)."""
    answer: dict[str, Any] = {
        "FunctionName": function.name,
        "FunctionArn": function.arn,
        "Runtime": function.runtime,
        "Role": function.role_arn,
        "Handler": function.handler,
        "CodeSize": 0,
        "Description": "",
        "Timeout": DEFAULT_TIMEOUT,
        "MemorySize": DEFAULT_MEMORY,
        "LastModified": last_modified(function),
        "CodeSha256": code_sha256(function),
        "Version": LATEST,
        "TracingConfig": {"Mode": "PassThrough"},
        "RevisionId": revision_id(function),
        "State": state,
        "LastUpdateStatus": "Successful",
        "PackageType": "Zip",
        "Architectures": ["x86_64"],
        "EphemeralStorage": {"Size": 512},
        "LoggingConfig": {"LogFormat": "Text", "LogGroup": f"/aws/lambda/{function.name}"},
    }
    if state == "Pending":  # CreateFunction's answer; the simulated function is active right after
        del answer["LastUpdateStatus"]
        answer.update(StateReason="The function is being created.", StateReasonCode="Creating")
    return answer


def code_location(function: LambdaFunction) -> dict[str, str]:
    """GetFunction's ``Code``: where Lambda keeps the deployment package."""
    return {
        "RepositoryType": "S3",
        "Location": (
            f"https://awslambda-{function.region}-tasks.s3.{function.region}.amazonaws.com/snapshots/"
            f"{function.account_id}/{function.name}-{revision_id(function)[:8]}"
        ),
    }
