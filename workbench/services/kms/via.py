"""KMS called by another service on the caller's behalf (S3 SSE-KMS, …): ``kms:ViaService`` and ``aws:CalledVia``.

When S3 stores an object under SSE-KMS it calls KMS *with the caller's own credentials*: the KMS
request is the caller's (its identity policies, the key policy, SCPs all apply) but it carries

- ``kms:ViaService = <service>.<region>.amazonaws.com`` and ``kms:CallerAccount = <caller's account>``,
- ``aws:ViaAWSService = true``, ``aws:CalledVia = [<service>.amazonaws.com]`` (and ``…First``/``…Last``),
- no ``aws:SourceIp`` (the request comes from the service, not from the caller's address).

The call is recorded in the activity log as a KMS event of the caller, like CloudTrail does.
How the S3 client uses it (SSE-KMS)::

    from workbench.services.kms.via import kms_call_via, s3_encryption_context, sealed_data_key

    context = s3_encryption_context(bucket, key)      # {"aws:s3:arn": "arn:aws:s3:::bucket/key"}
    # PutObject: a data key under the named key, or under alias/aws/s3 (created on first use)
    answer = kms_call_via(sim, credentials, "s3", "GenerateDataKey", region=bucket_region,
                          KeyId=sse_kms_key_id or "alias/aws/s3", KeySpec="AES_256",
                          EncryptionContext=context)
    # keep answer["KeyId"] (the key ARN) with the object
    # GetObject: the caller must be allowed kms:Decrypt on that key, through S3
    kms_call_via(sim, credentials, "s3", "Decrypt", region=bucket_region,
                 CiphertextBlob=sealed_data_key(key_arn, context), EncryptionContext=context)

``sealed_data_key(key_arn, context)`` recomputes the ``CiphertextBlob`` GenerateDataKey returned
(the simulation's data keys are fixed per key and context), so an object needs to keep only its
key ARN. A failure raises ``AwsError`` with KMS's code (``AccessDeniedException``,
``DisabledException``, ``NotFoundException``, …): S3 answers ``AccessDenied`` for the first and
``KMS.<code>`` for the others.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from workbench.account.authorization import Connection
from workbench.account.callers import Credentials
from workbench.errors import WorkbenchError
from workbench.services.kms.ciphertext import sealed_data_key
from workbench.services.kms.client import KmsClient

if TYPE_CHECKING:
    from workbench.account.simulation import Simulation

__all__ = ["kms_call_via", "s3_encryption_context", "sealed_data_key"]


class UnknownKmsOperationError(WorkbenchError):
    code = "kms_unknown_operation"


def s3_encryption_context(bucket: str, key: str) -> dict[str, str]:
    """The encryption context S3 uses for an object's data key (without an S3 Bucket Key)."""
    return {"aws:s3:arn": f"arn:aws:s3:::{bucket}/{key}"}


def _credentials(raw: Credentials | dict[str, Any] | None) -> Credentials | None:
    if raw is None or isinstance(raw, Credentials):
        return raw
    return Credentials.from_response(raw) if "AccessKeyId" in raw else Credentials(**raw)


def _operation(name: str) -> Any:
    for attribute in dir(KmsClient):
        method = getattr(KmsClient, attribute)
        named = attribute == name or getattr(method, "aws_operation", None) == name
        if named and hasattr(method, "aws_operation"):
            return method
    raise UnknownKmsOperationError(f"KMS has no operation {name!r} in the simulation (try 'Decrypt' or 'decrypt')")


def kms_call_via(
    sim: Simulation,
    credentials: Credentials | dict[str, Any] | None,
    service: str,
    operation: str,
    *,
    region: str = "us-east-1",
    **params: Any,
) -> dict[str, Any]:
    """Call KMS ``operation`` (``"Decrypt"`` or ``"decrypt"``) with ``credentials``, on behalf of ``service``.

    ``service`` is the calling service's namespace (``"s3"``); ``region`` the Region of the
    resource it works on (the key must be there). ``params`` are the KMS operation's parameters.
    Returns the operation's answer; raises ``AwsError`` as KMS would.
    """
    connection = Connection(region=region, source_ip=None, secure_transport=True)
    client = KmsClient(sim, _credentials(credentials), connection, via=service)
    method = _operation(operation)
    answer: dict[str, Any] = method(client, **params)
    return answer
