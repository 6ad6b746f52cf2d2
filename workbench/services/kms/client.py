"""AWS KMS simulated: keys with key policies, aliases, Encrypt, Decrypt, GenerateDataKey, grants."""

from __future__ import annotations

from workbench.services.kms.aliases import AliasOperations
from workbench.services.kms.crypto import CryptoOperations
from workbench.services.kms.grants import GrantOperations
from workbench.services.kms.keys import KeyOperations


class KmsClient(KeyOperations, AliasOperations, CryptoOperations, GrantOperations):
    """``sim.client("kms", credentials)``: boto3's kms client, simulated.

    Every use of a key is authorized against its key policy, which must allow — by naming the
    caller or by trusting the account (then IAM decides) — even for the account's root user.
    ``kms_call_via`` (:mod:`workbench.services.kms.via`) calls KMS on behalf of another service.
    """

    service = "kms"
