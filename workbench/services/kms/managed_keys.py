"""KMS, AWS managed keys (``alias/aws/s3``, …): created on first use, usable only through their service.

Their key policy is AWS's: any principal of the account may use the key *through the service*
(``kms:ViaService`` and ``kms:CallerAccount`` conditions), and the account may read the key's
metadata. Nobody can change, disable or delete them — the policy simply allows none of that — and
resource control policies never apply to them (E2).
"""

from __future__ import annotations

import json
from datetime import datetime

from workbench.services.kms.records import KeyAlias, KeyRecords
from workbench.services.state import KmsKey

AWS_ALIAS_PREFIX = "alias/aws/"

_SERVICES: dict[str, tuple[str, str, str]] = {
    # alias suffix: (namespace used in kms:ViaService, name in the policy's Sid, what it protects)
    "s3": ("s3", "S3", "my S3 objects"),
    "ebs": ("ec2", "EBS", "my EBS volumes"),
    "lambda": ("lambda", "Lambda", "my Lambda functions"),
    "dynamodb": ("dynamodb", "DynamoDB", "my DynamoDB tables"),
    "sqs": ("sqs", "SQS", "my SQS queues"),
    "sns": ("sns", "SNS", "my SNS topics"),
    "secretsmanager": ("secretsmanager", "Secrets Manager", "my Secrets Manager secrets"),
    "ssm": ("ssm", "Systems Manager", "my SSM parameters"),
    "rds": ("rds", "RDS", "my RDS databases"),
}


def managed_alias_service(alias_name: str) -> str | None:
    """``alias/aws/s3`` → ``s3`` when it is a predefined AWS managed alias, else None."""
    if not alias_name.startswith(AWS_ALIAS_PREFIX):
        return None
    suffix = alias_name[len(AWS_ALIAS_PREFIX) :]
    return suffix if suffix in _SERVICES else None


def managed_key_policy(account_id: str, region: str, service: str) -> str:
    """The key policy AWS gives the AWS managed key of ``service`` (``alias/aws/<service>``)."""
    namespace, label, _ = _SERVICES[service]
    policy = {
        "Version": "2012-10-17",
        "Id": f"auto-{service}-2",
        "Statement": [
            {
                "Sid": f"Allow access through {label} for all principals in the account "
                f"that are authorized to use {label}",
                "Effect": "Allow",
                "Principal": {"AWS": "*"},
                "Action": ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
                "Resource": "*",
                "Condition": {
                    "StringEquals": {
                        "kms:ViaService": f"{namespace}.{region}.amazonaws.com",
                        "kms:CallerAccount": account_id,
                    }
                },
            },
            {
                "Sid": "Allow direct access to key metadata to the account",
                "Effect": "Allow",
                "Principal": {"AWS": f"arn:aws:iam::{account_id}:root"},
                "Action": ["kms:Describe*", "kms:Get*", "kms:List*"],
                "Resource": "*",
            },
        ],
    }
    return json.dumps(policy, indent=2)


def new_managed_key(key_id: str, account_id: str, region: str, service: str, now: datetime) -> KmsKey:
    """A fresh AWS managed key for ``service`` with its ``alias/aws/<service>`` alias."""
    protects = _SERVICES[service][2]
    key = KmsKey(
        key_id=key_id,
        arn=f"arn:aws:kms:{region}:{account_id}:key/{key_id}",
        account_id=account_id,
        region=region,
        policy=managed_key_policy(account_id, region, service),
        description=f"Default key that protects {protects} when no other key is defined",
        aws_managed=True,
        create_date=now,
    )
    alias = KeyAlias(name=f"{AWS_ALIAS_PREFIX}{service}", creation_date=now, last_updated_date=now)
    return KeyRecords(aliases=(alias,)).store(key)
