"""Benchmark: import a large ``get-account-authorization-details`` output into a simulated account.

    python benchmarks/gaad_import.py [--users 1000] [--roles 2000] [--policies 3000] [--repeat 3] [--out FILE]

``generate_authorization_details`` builds a realistic export as the AWS CLI prints it (documents
as JSON objects, timestamps as ISO text), deterministic for a seed: groups that users join, customer
managed policies with several versions, AWS managed policies attached where teams attach them,
inline policies, permissions boundaries, service roles with instance profiles, roles that trust
other roles of the account (chains), roles that trust whole accounts, and cross-account trust to
partner accounts (some with an external id). Policies grant ``sts:AssumeRole`` on roles and
``iam:PassRole``/``iam:Attach*`` now and then, so the same generator serves the who-can-assume-what
and escalation-path benchmarks (issue 6).

Figures: generation, import (``import_authorization_details``), export, and a check that export →
import → export gives the same document.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from workbench.account.authorization_details import (
    dumps_authorization_details,
    export_authorization_details,
    import_authorization_details,
)
from workbench.account.managed import aws_managed_policies
from workbench.account.simulation import Simulation

ACCOUNT = "123456789012"
PARTNERS = ("210987654321", "333333333333", "444455556666")
TEAMS = ("payments", "search", "data", "platform", "mobile", "web", "ml", "security", "billing", "growth")
SERVICES = ("ec2.amazonaws.com", "lambda.amazonaws.com", "ecs-tasks.amazonaws.com", "glue.amazonaws.com")
AWS_MANAGED = (
    "ReadOnlyAccess",
    "PowerUserAccess",
    "AdministratorAccess",
    "AmazonS3ReadOnlyAccess",
    "IAMUserChangePassword",
    "AmazonEC2ReadOnlyAccess",
    "ViewOnlyAccess",
)
_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"


def _id(rng: random.Random, prefix: str) -> str:
    return prefix + "".join(rng.choice(_ALPHABET) for _ in range(17))


def _when(rng: random.Random) -> str:
    start = datetime(2019, 1, 1, tzinfo=UTC)
    return (start + timedelta(seconds=rng.randrange(6 * 365 * 86400))).isoformat()


def _document(*statements: dict[str, Any]) -> dict[str, Any]:
    return {"Version": "2012-10-17", "Statement": list(statements)}


def _permissions(rng: random.Random, team: str, role_arns: list[str]) -> dict[str, Any]:
    """A team's customer managed policy: buckets, tables, queues, and now and then something dangerous."""
    bucket = f"arn:aws:s3:::{team}-{rng.randrange(100)}"
    statements: list[dict[str, Any]] = [
        {
            "Sid": "Objects",
            "Effect": "Allow",
            "Action": rng.sample(["s3:GetObject", "s3:PutObject", "s3:DeleteObject"], 2),
            "Resource": f"{bucket}/*",
        },
        {
            "Sid": "Bucket",
            "Effect": "Allow",
            "Action": "s3:ListBucket",
            "Resource": bucket,
            "Condition": {"StringLike": {"s3:prefix": [f"{team}/*"]}},
        },
        {
            "Effect": "Allow",
            "Action": ["dynamodb:GetItem", "dynamodb:Query", "dynamodb:PutItem"],
            "Resource": f"arn:aws:dynamodb:us-east-1:{ACCOUNT}:table/{team}-*",
        },
    ]
    roll = rng.random()
    if roll < 0.15 and role_arns:
        statements.append({"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": rng.sample(role_arns, 2)})
    elif roll < 0.22:
        statements.append(
            {
                "Effect": "Allow",
                "Action": "iam:PassRole",
                "Resource": f"arn:aws:iam::{ACCOUNT}:role/{team}-*",
                "Condition": {"StringEquals": {"iam:PassedToService": rng.choice(SERVICES)}},
            }
        )
    elif roll < 0.25:
        statements.append({"Effect": "Allow", "Action": ["iam:AttachUserPolicy", "iam:PutUserPolicy"], "Resource": "*"})
    elif roll < 0.30:
        statements.append({"Effect": "Deny", "Action": "s3:DeleteBucket", "Resource": "*"})
    return _document(*statements)


def _trust(rng: random.Random, index: int, role_arns: list[str]) -> tuple[dict[str, Any], str]:
    """A trust policy and what kind of trust it is: service, role chain, own account, partner account."""
    roll = rng.random()
    if roll < 0.35:
        service = rng.choice(SERVICES)
        statement = {"Effect": "Allow", "Principal": {"Service": service}, "Action": "sts:AssumeRole"}
        return _document(statement), "service:" + service
    if roll < 0.65 and index > 0:
        trusted = rng.sample(role_arns[:index], min(2, index))
        return _document({"Effect": "Allow", "Principal": {"AWS": trusted}, "Action": "sts:AssumeRole"}), "chain"
    if roll < 0.85:
        statement = {
            "Effect": "Allow",
            "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
            "Action": "sts:AssumeRole",
            "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}},
        }
        return _document(statement), "account"
    partner = rng.choice(PARTNERS)
    statement = {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{partner}:root"}, "Action": "sts:AssumeRole"}
    if rng.random() < 0.5:
        statement["Condition"] = {"StringEquals": {"sts:ExternalId": f"ext-{rng.randrange(10**6):06d}"}}
    return _document(statement), "cross-account"


def generate_authorization_details(
    users: int = 1000, roles: int = 2000, policies: int = 3000, *, groups: int = 60, seed: int = 7
) -> dict[str, Any]:
    """A realistic authorization-details export for account ``123456789012`` (deterministic per seed)."""
    rng = random.Random(seed)
    shipped = {p.name: p for p in aws_managed_policies().values()}
    managed_arns = [shipped[name].arn for name in AWS_MANAGED if name in shipped]
    role_names = [
        f"{TEAMS[i % len(TEAMS)]}-{kind}-{i}"
        for i, kind in ((i, rng.choice(("app", "deploy", "etl", "ops", "audit"))) for i in range(roles))
    ]
    role_arns = [f"arn:aws:iam::{ACCOUNT}:role/{name}" for name in role_names]

    policy_list: list[dict[str, Any]] = []
    for index in range(policies):
        team = TEAMS[index % len(TEAMS)]
        name = f"{team}-access-{index}"
        versions = [
            {
                "Document": _permissions(rng, team, role_arns),
                "VersionId": f"v{number}",
                "IsDefaultVersion": False,
                "CreateDate": _when(rng),
            }
            for number in range(1, rng.choice((1, 1, 1, 2, 3, 5)) + 1)
        ]
        versions[-1]["IsDefaultVersion"] = True
        policy_list.append(
            {
                "PolicyName": name,
                "PolicyId": _id(rng, "ANPA"),
                "Arn": f"arn:aws:iam::{ACCOUNT}:policy/{team}/{name}",
                "Path": f"/{team}/",
                "DefaultVersionId": versions[-1]["VersionId"],
                "AttachmentCount": 0,
                "PermissionsBoundaryUsageCount": 0,
                "IsAttachable": True,
                "Description": f"What the {team} team needs",
                "CreateDate": versions[0]["CreateDate"],
                "UpdateDate": versions[-1]["CreateDate"],
                "PolicyVersionList": versions,
            }
        )
    customer_arns = [p["Arn"] for p in policy_list]
    boundary = customer_arns[0]

    group_list = []
    for index in range(groups):
        team = TEAMS[index % len(TEAMS)]
        attached = rng.sample(customer_arns, 3) + ([rng.choice(managed_arns)] if rng.random() < 0.4 else [])
        group_list.append(
            {
                "Path": "/",
                "GroupName": f"{team}-{index}",
                "GroupId": _id(rng, "AGPA"),
                "Arn": f"arn:aws:iam::{ACCOUNT}:group/{team}-{index}",
                "CreateDate": _when(rng),
                "GroupPolicyList": [],
                "AttachedManagedPolicies": [{"PolicyName": a.rsplit("/", 1)[-1], "PolicyArn": a} for a in attached],
            }
        )

    user_list = []
    for index in range(users):
        team = TEAMS[index % len(TEAMS)]
        name = f"{team}.user{index}"
        attached = rng.sample(customer_arns, rng.choice((0, 0, 1, 2)))
        if rng.random() < 0.1:
            attached.append(rng.choice(managed_arns))
        user: dict[str, Any] = {
            "Path": f"/{team}/",
            "UserName": name,
            "UserId": _id(rng, "AIDA"),
            "Arn": f"arn:aws:iam::{ACCOUNT}:user/{team}/{name}",
            "CreateDate": _when(rng),
            "UserPolicyList": [],
            "GroupList": [g["GroupName"] for g in rng.sample(group_list, rng.choice((1, 1, 2, 3)))],
            "AttachedManagedPolicies": [{"PolicyName": a.rsplit("/", 1)[-1], "PolicyArn": a} for a in attached],
        }
        if rng.random() < 0.2:
            user["UserPolicyList"] = [
                {
                    "PolicyName": "self-service",
                    "PolicyDocument": _document(
                        {"Effect": "Allow", "Action": ["iam:ChangePassword", "iam:GetUser"], "Resource": user["Arn"]}
                    ),
                }
            ]
        if rng.random() < 0.1:
            user["PermissionsBoundary"] = {
                "PermissionsBoundaryType": "PermissionsBoundaryPolicy",
                "PermissionsBoundaryArn": boundary,
            }
        user["Tags"] = [{"Key": "team", "Value": team}]
        user_list.append(user)

    role_list = []
    for index, (name, arn) in enumerate(zip(role_names, role_arns, strict=True)):
        trust, kind = _trust(rng, index, role_arns)
        attached = rng.sample(customer_arns, rng.choice((1, 1, 2)))
        if rng.random() < 0.15:
            attached.append(rng.choice(managed_arns))
        created = _when(rng)
        role: dict[str, Any] = {
            "Path": "/",
            "RoleName": name,
            "RoleId": _id(rng, "AROA"),
            "Arn": arn,
            "CreateDate": created,
            "AssumeRolePolicyDocument": trust,
            "InstanceProfileList": [],
            "RolePolicyList": [],
            "AttachedManagedPolicies": [{"PolicyName": a.rsplit("/", 1)[-1], "PolicyArn": a} for a in attached],
            "Tags": [{"Key": "trust", "Value": kind}],
            "RoleLastUsed": {},
        }
        if rng.random() < 0.6:
            role["RoleLastUsed"] = {"LastUsedDate": _when(rng), "Region": rng.choice(("us-east-1", "eu-west-1"))}
        if kind == "service:ec2.amazonaws.com":
            member = {
                key: role[key]
                for key in ("Path", "RoleName", "RoleId", "Arn", "CreateDate", "AssumeRolePolicyDocument")
            }
            member.update({"MaxSessionDuration": 3600, "RoleLastUsed": role["RoleLastUsed"]})
            role["InstanceProfileList"] = [
                {
                    "Path": "/",
                    "InstanceProfileName": name,
                    "InstanceProfileId": _id(rng, "AIPA"),
                    "Arn": f"arn:aws:iam::{ACCOUNT}:instance-profile/{name}",
                    "CreateDate": created,
                    "Roles": [member],
                }
            ]
        role_list.append(role)

    used = {a["PolicyArn"] for e in (*user_list, *group_list, *role_list) for a in e["AttachedManagedPolicies"]}
    for arn in sorted(used & set(managed_arns)):
        policy = aws_managed_policies()[arn]
        policy_list.append(
            {
                "PolicyName": policy.name,
                "PolicyId": policy.policy_id,
                "Arn": arn,
                "Path": policy.path,
                "DefaultVersionId": policy.default_version_id,
                "AttachmentCount": 0,
                "PermissionsBoundaryUsageCount": 0,
                "IsAttachable": True,
                "Description": policy.description,
                "CreateDate": policy.create_date.isoformat(),
                "UpdateDate": policy.update_date.isoformat(),
                "PolicyVersionList": [
                    {
                        "Document": json.loads(policy.default_document),
                        "VersionId": policy.default_version_id,
                        "IsDefaultVersion": True,
                        "CreateDate": policy.update_date.isoformat(),
                    }
                ],
            }
        )
    return {
        "UserDetailList": user_list,
        "GroupDetailList": group_list,
        "RoleDetailList": role_list,
        "Policies": policy_list,
        "IsTruncated": False,
    }


def _best(repeat: int, work: Any) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(repeat):
        started = time.perf_counter()
        result = work()
        best = min(best, time.perf_counter() - started)
    return best, result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=1000)
    parser.add_argument("--roles", type=int, default=2000)
    parser.add_argument("--policies", type=int, default=3000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path, help="also write the generated export here (CLI JSON)")
    args = parser.parse_args(argv)

    generated, data = _best(1, lambda: generate_authorization_details(args.users, args.roles, args.policies))
    text = dumps_authorization_details(data)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    as_read = json.loads(text)  # exactly what a file written by the CLI gives
    imported, sim = _best(args.repeat, lambda: _import(as_read))
    account = sim.state.accounts[ACCOUNT]
    exported, details = _best(args.repeat, lambda: export_authorization_details(account))
    again = Simulation()
    import_authorization_details(again, details, ACCOUNT)
    same = export_authorization_details(again.state.accounts[ACCOUNT]) == details
    print(
        f"export: {len(account.users)} users, {len(account.groups)} groups, {len(account.roles)} roles, "
        f"{len(account.policies)} customer policies, {len(account.instance_profiles)} instance profiles; "
        f"{len(text) / 1e6:.1f} MB of CLI JSON"
    )
    print(
        f"generate {generated:.2f}s · import {imported:.2f}s (best of {args.repeat}) · export {exported:.2f}s "
        f"· export → import → export identical: {same}"
    )
    return 0 if same else 1


def _import(data: dict[str, Any]) -> Simulation:
    sim = Simulation()
    import_authorization_details(sim, data, ACCOUNT, name="bench")
    return sim


if __name__ == "__main__":
    raise SystemExit(main())
