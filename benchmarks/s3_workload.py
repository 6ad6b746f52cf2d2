"""The engine benchmark's workload: 10,000 S3 requests against a 12-statement identity policy and an
8-statement bucket policy (wildcards, a policy variable, SecureTransport/SourceIp/PrincipalOrgID/MFA
conditions), written as one conformance case file whose policies live in ``defaults``.

    python benchmarks/s3_workload.py OUT.json [--cases 10000] [--seed 7]
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path
from typing import Any

HOME = "111111111111"
PARTNER = "222222222222"
BUCKET = "corp-data"

IDENTITY_POLICY: dict[str, Any] = {
    "Version": "2012-10-17",
    "Statement": [
        {"Sid": "ListBuckets", "Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},
        {
            "Sid": "ListOwnPrefix",
            "Effect": "Allow",
            "Action": "s3:ListBucket",
            "Resource": f"arn:aws:s3:::{BUCKET}",
            "Condition": {"StringLike": {"s3:prefix": ["home/${aws:username}/*", "public/*"]}},
        },
        {
            "Sid": "HomeFolder",
            "Effect": "Allow",
            "Action": ["s3:GetObject", "s3:PutObject"],
            "Resource": f"arn:aws:s3:::{BUCKET}/home/${{aws:username}}/*",
        },
        {
            "Sid": "ReadPublic",
            "Effect": "Allow",
            "Action": "s3:Get*",
            "Resource": f"arn:aws:s3:::{BUCKET}/public/*",
        },
        {
            "Sid": "ReadReports",
            "Effect": "Allow",
            "Action": ["s3:GetObject", "s3:GetObjectVersion"],
            "Resource": f"arn:aws:s3:::{BUCKET}/reports/*",
            "Condition": {"IpAddress": {"aws:SourceIp": ["203.0.113.0/24", "198.51.100.0/24"]}},
        },
        {
            "Sid": "WriteReportsWithMfa",
            "Effect": "Allow",
            "Action": "s3:PutObject",
            "Resource": f"arn:aws:s3:::{BUCKET}/reports/*",
            "Condition": {
                "Bool": {"aws:MultiFactorAuthPresent": "true"},
                "NumericLessThan": {"aws:MultiFactorAuthAge": "3600"},
            },
        },
        {
            "Sid": "TeamData",
            "Effect": "Allow",
            "Action": "s3:*Object",
            "Resource": f"arn:aws:s3:::{BUCKET}/teams/${{aws:PrincipalTag/team}}/*",
        },
        {
            "Sid": "ReadPartner",
            "Effect": "Allow",
            "Action": "s3:GetObject",
            "Resource": "arn:aws:s3:::partner-*/*",
        },
        {
            "Sid": "DenyInsecure",
            "Effect": "Deny",
            "Action": "s3:*",
            "Resource": "*",
            "Condition": {"Bool": {"aws:SecureTransport": "false"}},
        },
        {
            "Sid": "DenyDeleteWithoutMfa",
            "Effect": "Deny",
            "Action": "s3:DeleteObject*",
            "Resource": "*",
            "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}},
        },
        {
            "Sid": "DenyOutsideOrg",
            "Effect": "Deny",
            "Action": "s3:Put*",
            "Resource": "*",
            "Condition": {"StringNotEquals": {"aws:PrincipalOrgID": "o-example123"}},
        },
        {
            "Sid": "DenyAudit",
            "Effect": "Deny",
            "NotAction": ["s3:Get*", "s3:List*"],
            "Resource": f"arn:aws:s3:::{BUCKET}/audit/*",
        },
    ],
}

BUCKET_POLICY: dict[str, Any] = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "PartnerRead",
            "Effect": "Allow",
            "Principal": {"AWS": f"arn:aws:iam::{PARTNER}:root"},
            "Action": ["s3:GetObject", "s3:ListBucket"],
            "Resource": [f"arn:aws:s3:::{BUCKET}", f"arn:aws:s3:::{BUCKET}/shared/*"],
        },
        {
            "Sid": "PartnerWriteInbox",
            "Effect": "Allow",
            "Principal": {"AWS": f"arn:aws:iam::{PARTNER}:user/carol"},
            "Action": "s3:PutObject",
            "Resource": f"arn:aws:s3:::{BUCKET}/inbox/*",
        },
        {
            "Sid": "AppRole",
            "Effect": "Allow",
            "Principal": {"AWS": f"arn:aws:iam::{HOME}:role/app"},
            "Action": ["s3:GetObject", "s3:PutObject"],
            "Resource": f"arn:aws:s3:::{BUCKET}/app/*",
        },
        {
            "Sid": "OrgRead",
            "Effect": "Allow",
            "Principal": "*",
            "Action": "s3:GetObject",
            "Resource": f"arn:aws:s3:::{BUCKET}/org/*",
            "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-example123"}},
        },
        {
            "Sid": "TlsOnly",
            "Effect": "Deny",
            "Principal": "*",
            "Action": "s3:*",
            "Resource": [f"arn:aws:s3:::{BUCKET}", f"arn:aws:s3:::{BUCKET}/*"],
            "Condition": {"Bool": {"aws:SecureTransport": "false"}},
        },
        {
            "Sid": "OfficeOnlyForSecrets",
            "Effect": "Deny",
            "Principal": "*",
            "Action": "s3:*",
            "Resource": f"arn:aws:s3:::{BUCKET}/secret/*",
            "Condition": {"NotIpAddress": {"aws:SourceIp": "203.0.113.0/24"}},
        },
        {
            "Sid": "NoPublicWrite",
            "Effect": "Deny",
            "Principal": "*",
            "Action": ["s3:PutObjectAcl", "s3:PutBucketAcl"],
            "Resource": [f"arn:aws:s3:::{BUCKET}", f"arn:aws:s3:::{BUCKET}/*"],
        },
        {
            "Sid": "ProtectAudit",
            "Effect": "Deny",
            "Principal": "*",
            "Action": "s3:Delete*",
            "Resource": f"arn:aws:s3:::{BUCKET}/audit/*",
            "Condition": {"ArnNotLike": {"aws:PrincipalArn": f"arn:aws:iam::{HOME}:role/auditor*"}},
        },
    ],
}

PRINCIPALS: list[dict[str, Any]] = [
    {"arn": f"arn:aws:iam::{HOME}:user/alice", "type": "user", "account": HOME, "tags": {"team": "blue"}},
    {"arn": f"arn:aws:iam::{HOME}:user/bob", "type": "user", "account": HOME, "tags": {"team": "red"}},
    {"arn": f"arn:aws:iam::{HOME}:user/dave", "type": "user", "account": HOME},
    {
        "arn": f"arn:aws:sts::{HOME}:assumed-role/app/worker-1",
        "type": "assumed-role",
        "account": HOME,
        "role_arn": f"arn:aws:iam::{HOME}:role/app",
        "tags": {"team": "blue"},
    },
    {
        "arn": f"arn:aws:iam::{PARTNER}:user/carol",
        "type": "user",
        "account": PARTNER,
        "tags": {"team": "green"},
    },
]
ACTIONS = [
    "s3:GetObject",
    "s3:PutObject",
    "s3:DeleteObject",
    "s3:GetObjectVersion",
    "s3:ListBucket",
    "s3:PutObjectAcl",
    "s3:GetObjectTagging",
]
PREFIXES = [
    "home/alice/",
    "home/bob/",
    "public/",
    "reports/",
    "teams/blue/",
    "teams/red/",
    "shared/",
    "inbox/",
    "app/",
    "org/",
    "secret/",
    "audit/",
]
IPS = ["203.0.113.7", "198.51.100.20", "192.0.2.55", "10.1.2.3"]


def build(cases: int, seed: int) -> dict[str, Any]:
    rng = random.Random(seed)
    out = []
    for number in range(cases):
        principal = rng.choice(PRINCIPALS)
        action = rng.choice(ACTIONS)
        prefix = rng.choice(PREFIXES)
        if action == "s3:ListBucket":
            resource = f"arn:aws:s3:::{BUCKET}"
        else:
            resource = f"arn:aws:s3:::{BUCKET}/{prefix}file-{rng.randrange(200)}.csv"
        context: dict[str, Any] = {
            "aws:SecureTransport": rng.choice(["true", "true", "true", "false"]),
            "aws:SourceIp": rng.choice(IPS),
            "aws:PrincipalOrgID": "o-example123" if principal["account"] == HOME else "o-partner999",
        }
        if principal["type"] == "assumed-role" or rng.random() < 0.3:
            mfa = rng.random() < 0.5
            context["aws:MultiFactorAuthPresent"] = "true" if mfa else "false"
            if mfa:
                context["aws:MultiFactorAuthAge"] = str(rng.choice([60, 1800, 7200]))
        if action == "s3:ListBucket":
            context["s3:prefix"] = prefix
        out.append(
            {
                "id": f"bench-{number:05d}",
                "principal": principal,
                "action": action,
                "resource": {"arn": resource, "account": HOME},
                "context": context,
            }
        )
    return {
        "defaults": {
            "accounts": {
                HOME: {"identity_policies": [IDENTITY_POLICY]},
                PARTNER: {"identity_policies": [IDENTITY_POLICY]},
            },
            "resource": {"account": HOME, "policy": BUCKET_POLICY},
        },
        "cases": out,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    args.out.write_text(json.dumps(build(args.cases, args.seed)), encoding="utf-8")
    print(f"wrote {args.cases} cases to {args.out}")


if __name__ == "__main__":
    main()
