"""AWS managed policies shipped as data: every file loads, parses, validates, and behaves as A3 says."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest

import workbench.account.managed as managed
from workbench.engine.authorize import authorize
from workbench.engine.policy_set import PolicySet
from workbench.engine.request import AuthorizationRequest, Principal, Resource
from workbench.policy.parse import parse_policy
from workbench.policy.validate import validate_policy

DATA = Path(managed.__file__).parent / "data" / "aws_managed"
FILES = sorted(DATA.glob("*.json"))
REQUIRED = {
    "AdministratorAccess": "/",
    "PowerUserAccess": "/",
    "ReadOnlyAccess": "/",
    "IAMUserChangePassword": "/",
    "AmazonS3ReadOnlyAccess": "/",
    "AmazonS3FullAccess": "/",
    "AWSLambdaBasicExecutionRole": "/service-role/",
    "AmazonEC2ReadOnlyAccess": "/",
    "ViewOnlyAccess": "/job-function/",
    "IAMFullAccess": "/",
    "IAMReadOnlyAccess": "/",
    "AWSLambdaRole": "/service-role/",
    "AccessAnalyzerServiceRolePolicy": "/aws-service-role/",
}
RETIRED_SERVICES = {"codestar", "deepcomposer", "evidently", "iot1click", "iotevents"}
"""Services AWS has retired that its managed policies still name; the catalog no longer lists them."""
TOLERATED_ERRORS = {
    # AWS managed policies are not bound by the 6,144-character quota of customer managed ones.
    "validate_policy_too_large",
}
SOURCE = re.compile(r"^[\w.-]+/[\w.-]+/.+@[0-9a-f]{40}$")
ACCOUNT = "111122223333"
ALICE = f"arn:aws:iam::{ACCOUNT}:user/alice"


def _raw(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))
    return loaded


@cache
def _policies(name: str) -> PolicySet:
    return PolicySet(identity=(parse_policy(_raw(name)["Document"], name=name),))


def _decide(name: str, action: str, resource: str) -> str:
    request = AuthorizationRequest(
        principal=Principal(type="user", arn=ALICE, account=ACCOUNT),
        action=action,
        resource=Resource(arn=resource, account=ACCOUNT),
        context={},
    )
    return authorize(request, _policies(name)).decision


def test_every_required_policy_is_shipped_on_its_path() -> None:
    shipped = {path.stem for path in FILES}
    assert set(REQUIRED) <= shipped
    for name, path in REQUIRED.items():
        raw = _raw(name)
        assert raw["Path"] == path
        assert raw["Arn"] == f"arn:aws:iam::aws:policy{path}{name}"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_file_records_where_it_came_from(path: Path) -> None:
    raw = json.loads(path.read_text(encoding="utf-8"))
    assert raw["PolicyName"] == path.stem
    assert SOURCE.match(raw["Source"]), raw["Source"]
    assert re.fullmatch(r"v\d+", raw["DefaultVersionId"])
    assert re.fullmatch(r"ANPA[A-Z0-9]{17}", raw["PolicyId"])
    assert raw["Description"]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_file_parses_and_has_no_error_but_retired_services(path: Path) -> None:
    raw = json.loads(path.read_text(encoding="utf-8"))
    document = parse_policy(raw["Document"], name=raw["PolicyName"])
    assert document.statements
    report = validate_policy(raw["Document"], "identity")
    unexpected = []
    for finding in report.errors:
        if finding.code in TOLERATED_ERRORS:
            continue
        service = re.search(r'service "([^"]+)"', finding.message)
        if finding.code == "validate_unknown_service" and service and service.group(1) in RETIRED_SERVICES:
            continue
        unexpected.append(str(finding))
    assert not unexpected, "\n".join(unexpected)
    # A typo in a copied action would surface as an unknown action: there is none.
    assert "validate_unknown_action" not in report.codes()


def test_loader_reads_every_file_with_its_version() -> None:
    loaded = managed.aws_managed_policies()
    for path in FILES:
        raw = json.loads(path.read_text(encoding="utf-8"))
        policy = loaded[raw["Arn"]]
        assert policy.name == raw["PolicyName"]
        assert policy.path == raw["Path"]
        assert policy.default_version_id == raw["DefaultVersionId"]
        assert policy.policy_id == raw["PolicyId"]
        assert json.loads(policy.default_document) == raw["Document"]


def test_administrator_access_allows_everything() -> None:
    assert _decide("AdministratorAccess", "iam:CreateUser", f"arn:aws:iam::{ACCOUNT}:user/bob") == "allowed"
    assert _decide("AdministratorAccess", "s3:DeleteBucket", "arn:aws:s3:::b1") == "allowed"


def test_power_user_cannot_manage_users_but_can_write_objects() -> None:
    assert _decide("PowerUserAccess", "iam:CreateUser", f"arn:aws:iam::{ACCOUNT}:user/bob") == "implicitDeny"
    assert _decide("PowerUserAccess", "s3:PutObject", "arn:aws:s3:::b1/report.csv") == "allowed"
    assert _decide("PowerUserAccess", "iam:CreateServiceLinkedRole", "*") == "allowed"
    assert _decide("PowerUserAccess", "organizations:CreateAccount", "*") == "implicitDeny"


def test_read_only_reads_but_never_writes() -> None:
    assert _decide("ReadOnlyAccess", "s3:GetObject", "arn:aws:s3:::b1/report.csv") == "allowed"
    assert _decide("ReadOnlyAccess", "s3:PutObject", "arn:aws:s3:::b1/report.csv") == "implicitDeny"
    assert _decide("ReadOnlyAccess", "iam:GetUser", ALICE) == "allowed"
    assert _decide("ReadOnlyAccess", "iam:CreateUser", ALICE) == "implicitDeny"


def test_view_only_is_narrower_than_read_only() -> None:
    assert _decide("ViewOnlyAccess", "s3:ListAllMyBuckets", "*") == "allowed"
    assert _decide("ViewOnlyAccess", "s3:GetObject", "arn:aws:s3:::b1/report.csv") == "implicitDeny"


def test_change_password_only_for_oneself() -> None:
    def change(target: str) -> str:
        request = AuthorizationRequest(
            principal=Principal(type="user", arn=ALICE, account=ACCOUNT),
            action="iam:ChangePassword",
            resource=Resource(arn=target, account=ACCOUNT),
            context={},
        )
        return authorize(request, _policies("IAMUserChangePassword")).decision

    assert change(ALICE) == "allowed"
    assert change(f"arn:aws:iam::{ACCOUNT}:user/team/alice") == "allowed"
    assert change(f"arn:aws:iam::{ACCOUNT}:user/bob") == "implicitDeny"
