"""AWS KMS simulated: keys with key policies, Encrypt, Decrypt, GenerateDataKey, grants."""

from __future__ import annotations

from workbench.account.service import ServiceClient


class KmsClient(ServiceClient):
    """``sim.client("kms", credentials)``: boto3's kms client, simulated."""

    service = "kms"
