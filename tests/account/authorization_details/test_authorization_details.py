"""Authorization details: export equals the IAM client's answer, import reads real CLI output, round trips are exact."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from workbench.account.authorization_details import (
    AuthorizationDetailsError,
    dumps_authorization_details,
    export_authorization_details,
    import_authorization_details,
    read_authorization_details,
)
from workbench.account.facade import Sandbox
from workbench.account.facade_principals import UserView
from workbench.account.simulation import Simulation

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "benchmarks"))
from gaad_import import ACCOUNT as BENCH_ACCOUNT
from gaad_import import generate_authorization_details

ACCOUNT = "111122223333"
READ = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}


def _world() -> Sandbox:
    sandbox = Sandbox()
    dev = sandbox.create_account("dev", account_id=ACCOUNT)
    reports = dev.create_policy("reports", READ, path="/team/", description="read reports")
    dev.admin.iam.create_policy_version(PolicyArn=reports, PolicyDocument=json.dumps(READ), SetAsDefault=True)
    dev.create_group("devs", policies=[reports], inline={"extra": READ})
    dev.create_user("alice", policies=["ReadOnlyAccess"], groups=["devs"], tags={"team": "blue"}, inline={"own": READ})
    dev.create_user("bob", boundary="AmazonS3ReadOnlyAccess", path="/contractors/")
    web = dev.create_role(
        "web", trusted="ec2.amazonaws.com", policies=["AmazonEC2ReadOnlyAccess"], description="web tier"
    )
    dev.admin.iam.create_instance_profile(InstanceProfileName="web")
    dev.admin.iam.add_role_to_instance_profile(InstanceProfileName="web", RoleName=web.name)
    dev.create_role("partner", trusted="444455556666", tags={"kind": "cross-account"}, max_session_duration=7200)
    alice = dev.user("alice")
    dev.create_role("chain", trusted=[alice])
    alice.assume(dev.role("chain"))  # the role gets a "last used" date
    return sandbox


def _client_answer(sandbox: Sandbox) -> dict[str, Any]:
    answer = sandbox.account("dev").admin.iam.get_account_authorization_details(MaxItems=1000)
    answer.pop("ResponseMetadata")
    return answer


def test_export_is_what_the_iam_client_answers() -> None:
    sandbox = _world()
    exported = export_authorization_details(sandbox.sim.state.accounts[ACCOUNT])
    assert exported == _client_answer(sandbox)
    assert [u["UserName"] for u in exported["UserDetailList"]] == ["alice", "bob"]
    assert {p["PolicyName"] for p in exported["Policies"]} >= {"reports", "ReadOnlyAccess", "AmazonS3ReadOnlyAccess"}
    assert isinstance(exported["RoleDetailList"][0]["AssumeRolePolicyDocument"], dict)


def test_export_import_export_is_identical() -> None:
    exported = export_authorization_details(_world().sim.state.accounts[ACCOUNT])
    again = Simulation()
    import_authorization_details(again, exported, ACCOUNT)
    assert export_authorization_details(again.state.accounts[ACCOUNT]) == exported


def test_import_reads_cli_json_text(tmp_path: Path) -> None:
    exported = export_authorization_details(_world().sim.state.accounts[ACCOUNT])
    path = tmp_path / "gaad.json"
    path.write_text(dumps_authorization_details(exported), encoding="utf-8")
    data = read_authorization_details(path)
    assert isinstance(data["UserDetailList"][0]["CreateDate"], str)
    sim = Simulation()
    account = import_authorization_details(sim, data, ACCOUNT, name="prod")
    assert account.name == "prod"
    assert export_authorization_details(account) == exported
    # Only the copy of a role inside an instance profile carries its description.
    assert account.roles["web"].description == "web tier"
    assert account.instance_profiles["web"].roles == ("web",)
    assert account.roles["partner"].tags == {"kind": "cross-account"}


def test_import_reads_url_encoded_documents_as_iam_sends_them() -> None:
    exported = export_authorization_details(_world().sim.state.accounts[ACCOUNT])
    raw = json.loads(dumps_authorization_details(exported))
    for role in raw["RoleDetailList"]:
        role["AssumeRolePolicyDocument"] = quote(json.dumps(role["AssumeRolePolicyDocument"]))
    for user in raw["UserDetailList"]:
        for policy in user["UserPolicyList"]:
            policy["PolicyDocument"] = quote(json.dumps(policy["PolicyDocument"]))
    account = import_authorization_details(Simulation(), raw, ACCOUNT)
    assert export_authorization_details(account) == exported


def test_imported_account_decides_like_the_original() -> None:
    sandbox = _world()
    exported = export_authorization_details(sandbox.sim.state.accounts[ACCOUNT])
    copy = Sandbox()
    copy.import_authorization_details(exported, ACCOUNT)
    for name in ("alice", "bob"):
        for action, resource in (("s3:GetObject", "arn:aws:s3:::b/k"), ("s3:PutObject", "arn:aws:s3:::b/k")):
            original: UserView = sandbox.account("dev").user(name)
            imported: UserView = copy.account(ACCOUNT).user(name)
            assert original.can(action, resource).value == imported.can(action, resource).value


def test_aws_managed_policies_unknown_to_the_workbench_are_kept() -> None:
    sandbox = _world()
    exported = export_authorization_details(sandbox.sim.state.accounts[ACCOUNT])
    arn = "arn:aws:iam::aws:policy/ExampleManagedPolicyNotShipped"
    exported["UserDetailList"][0]["AttachedManagedPolicies"].append(
        {"PolicyName": "ExampleManagedPolicyNotShipped", "PolicyArn": arn}
    )
    exported["Policies"].append(
        {
            "PolicyName": "ExampleManagedPolicyNotShipped",
            "PolicyId": "ANPAEXAMPLEEXAMPLE01",
            "Arn": arn,
            "Path": "/",
            "DefaultVersionId": "v3",
            "AttachmentCount": 1,
            "PermissionsBoundaryUsageCount": 0,
            "IsAttachable": True,
            "Description": "",
            "CreateDate": "2020-01-01T00:00:00+00:00",
            "UpdateDate": "2020-01-01T00:00:00+00:00",
            "PolicyVersionList": [
                {
                    "Document": READ,
                    "VersionId": "v3",
                    "IsDefaultVersion": True,
                    "CreateDate": "2020-01-01T00:00:00+00:00",
                }
            ],
        }
    )
    account = import_authorization_details(Simulation(), exported, ACCOUNT)
    assert account.policies[arn].aws_managed
    again = export_authorization_details(account)
    assert [p["Arn"] for p in again["Policies"] if p["Arn"] == arn] == [arn]
    assert again == exported | {"Policies": again["Policies"]}


def test_errors_name_the_entry_and_the_problem() -> None:
    exported = export_authorization_details(_world().sim.state.accounts[ACCOUNT])
    broken = json.loads(dumps_authorization_details(exported))
    del broken["RoleDetailList"][1]["RoleId"]
    with pytest.raises(AuthorizationDetailsError, match=r"RoleDetailList\[1\]: missing 'RoleId'"):
        import_authorization_details(Simulation(), broken, ACCOUNT)
    with pytest.raises(AuthorizationDetailsError, match="does not belong to account 999999999999"):
        import_authorization_details(Simulation(), exported, "999999999999")
    with pytest.raises(AuthorizationDetailsError, match="not an authorization-details document"):
        import_authorization_details(Simulation(), {"Users": []}, ACCOUNT)
    bad_date = json.loads(dumps_authorization_details(exported))
    bad_date["UserDetailList"][0]["CreateDate"] = "last tuesday"
    with pytest.raises(AuthorizationDetailsError, match=r"UserDetailList\[0\]"):
        import_authorization_details(Simulation(), bad_date, ACCOUNT)


def test_an_existing_account_is_replaced_only_when_asked() -> None:
    sandbox = _world()
    exported = export_authorization_details(sandbox.sim.state.accounts[ACCOUNT])
    with pytest.raises(AuthorizationDetailsError) as caught:
        import_authorization_details(sandbox.sim, exported, ACCOUNT)
    assert caught.value.code == "authorization_details_account_exists"
    before = sandbox.sim.state
    exported["UserDetailList"] = exported["UserDetailList"][:1]
    account = import_authorization_details(sandbox.sim, exported, ACCOUNT, replace=True)
    assert list(account.users) == ["alice"]
    assert account.root == before.accounts[ACCOUNT].root


def test_a_failed_import_changes_nothing() -> None:
    sim = Simulation()
    broken = export_authorization_details(_world().sim.state.accounts[ACCOUNT])
    broken["Policies"][0]["PolicyVersionList"] = []
    with pytest.raises(AuthorizationDetailsError, match="default version"):
        import_authorization_details(sim, broken, ACCOUNT)
    assert sim.state.accounts == {}


def test_large_export_imports_in_well_under_ten_seconds() -> None:
    data = json.loads(dumps_authorization_details(generate_authorization_details(1000, 2000, 3000)))
    started = time.perf_counter()
    account = import_authorization_details(Simulation(), data, BENCH_ACCOUNT)
    elapsed = time.perf_counter() - started
    assert (len(account.users), len(account.roles), len(account.policies)) == (1000, 2000, 3000)
    assert elapsed < 5.0, f"import took {elapsed:.2f}s"
