"""End to end: an MFA-protected, cross-account role assumption with real TOTP codes and expiry (issue 3's scenario).

alice (dev account) may assume ProdAdmin in the prod account only with MFA: the trust policy trusts
the dev account when ``aws:MultiFactorAuthPresent`` is true, and alice's own policy allows
``sts:AssumeRole`` on that role (cross-account: both sides must allow, E10/S1). Each step prints a
transcript line; run with ``pytest -s`` to read it.
"""

from __future__ import annotations

import json

import pytest
from botocore.exceptions import ClientError

from workbench.account import totp
from workbench.account.callers import Credentials
from workbench.account.simulation import Simulation

DEV, PROD = "111111111111", "222222222222"
TRUST = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": {"AWS": f"arn:aws:iam::{DEV}:root"},
            "Action": "sts:AssumeRole",
            "Condition": {
                "Bool": {"aws:MultiFactorAuthPresent": "true"},
                "NumericLessThan": {"aws:MultiFactorAuthAge": "3600"},
            },
        }
    ],
}
ASSUME_PROD_ADMIN = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": f"arn:aws:iam::{PROD}:role/ProdAdmin"}],
}
LIST_USERS = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:ListUsers", "Resource": "*"}]}


def code(error: ClientError) -> str:
    return str(error.response["Error"]["Code"])


def test_mfa_protected_cross_account_role_assumption(capsys: pytest.CaptureFixture[str]) -> None:
    sim = Simulation()
    sim.create_account("dev", account_id=DEV)
    sim.create_account("prod", account_id=PROD)
    dev_admin = sim.client("iam", sim.root_credentials(DEV))
    prod_admin = sim.client("iam", sim.root_credentials(PROD))
    log: list[str] = []

    # prod: the role, trusting the dev account only with fresh MFA; it may list prod's users.
    prod_admin.create_role(RoleName="ProdAdmin", AssumeRolePolicyDocument=json.dumps(TRUST))
    prod_admin.put_role_policy(RoleName="ProdAdmin", PolicyName="list", PolicyDocument=json.dumps(LIST_USERS))
    prod_admin.create_user(UserName="carol")

    # dev: alice, her keys, her permission to assume the role, and her virtual MFA device.
    dev_admin.create_user(UserName="alice")
    dev_admin.put_user_policy(UserName="alice", PolicyName="assume", PolicyDocument=json.dumps(ASSUME_PROD_ADMIN))
    key = dev_admin.create_access_key(UserName="alice")["AccessKey"]
    alice = Credentials(access_key_id=key["AccessKeyId"], secret_access_key=key["SecretAccessKey"])
    device = dev_admin.create_virtual_mfa_device(VirtualMFADeviceName="alice")["VirtualMFADevice"]
    serial, seed = device["SerialNumber"], device["Base32StringSeed"]
    now = sim.clock.now()
    dev_admin.enable_mfa_device(
        UserName="alice",
        SerialNumber=serial,
        AuthenticationCode1=totp.current_code(seed, now),
        AuthenticationCode2=totp.next_code(seed, now),
    )
    log.append(f"{sim.clock.now():%H:%M:%S} alice enabled MFA device {serial}")
    sts = sim.client("sts", alice)
    role_arn = f"arn:aws:iam::{PROD}:role/ProdAdmin"

    # 1. Without MFA the trust policy's condition fails.
    with pytest.raises(ClientError) as denied:
        sts.assume_role(RoleArn=role_arn, RoleSessionName="alice")
    assert code(denied.value) == "AccessDenied"
    log.append(f"{sim.clock.now():%H:%M:%S} AssumeRole without MFA → {code(denied.value)}")

    # 2. A wrong code is refused before any policy is read.
    sim.clock.advance(seconds=60)
    with pytest.raises(ClientError) as wrong:
        sts.assume_role(RoleArn=role_arn, RoleSessionName="alice", SerialNumber=serial, TokenCode="000000")
    assert code(wrong.value) == "AccessDenied"
    log.append(f"{sim.clock.now():%H:%M:%S} AssumeRole with a wrong code → {code(wrong.value)}")

    # 3. With the current TOTP code it works; the session acts in prod.
    token = totp.current_code(seed, sim.clock.now())
    answer = sts.assume_role(
        RoleArn=role_arn, RoleSessionName="alice", SerialNumber=serial, TokenCode=token, DurationSeconds=3600
    )
    session = Credentials.from_response(answer["Credentials"])
    assert answer["AssumedRoleUser"]["Arn"] == f"arn:aws:sts::{PROD}:assumed-role/ProdAdmin/alice"
    assert session.access_key_id.startswith("ASIA")
    log.append(f"{sim.clock.now():%H:%M:%S} AssumeRole with code {token} → {answer['AssumedRoleUser']['Arn']}")
    identity = sim.client("sts", session).get_caller_identity()
    assert identity["Account"] == PROD and identity["Arn"].endswith(":assumed-role/ProdAdmin/alice")
    users = sim.client("iam", session).list_users()["Users"]
    assert [u["UserName"] for u in users] == ["carol"]
    log.append(f"{sim.clock.now():%H:%M:%S} as the session: ListUsers in prod → {[u['UserName'] for u in users]}")

    # 4. The same code cannot be used twice (AMB-24).
    with pytest.raises(ClientError) as replay:
        sts.assume_role(RoleArn=role_arn, RoleSessionName="again", SerialNumber=serial, TokenCode=token)
    assert code(replay.value) == "AccessDenied"
    log.append(f"{sim.clock.now():%H:%M:%S} the same code again → {code(replay.value)}")

    # 5. One hour later the session has expired.
    sim.clock.advance(hours=1, seconds=1)
    with pytest.raises(ClientError) as expired:
        sim.client("iam", session).list_users()
    assert code(expired.value) == "ExpiredToken"
    log.append(f"{sim.clock.now():%H:%M:%S} one hour later, ListUsers → {code(expired.value)}")

    # 6. alice's own policy matters too: without it, even MFA does not help (both sides must allow).
    dev_admin.delete_user_policy(UserName="alice", PolicyName="assume")
    fresh = totp.current_code(seed, sim.clock.now())
    with pytest.raises(ClientError) as one_side:
        sts.assume_role(RoleArn=role_arn, RoleSessionName="alice", SerialNumber=serial, TokenCode=fresh)
    assert code(one_side.value) == "AccessDenied"
    assert "no identity-based policy allows the sts:AssumeRole action" in str(one_side.value)
    log.append(f"{sim.clock.now():%H:%M:%S} without alice's own Allow → {code(one_side.value)}")

    # The activity log saw every call, denied ones included.
    events = [e for e in sim.activity.query(event_source="sts.amazonaws.com") if e.event_name == "AssumeRole"]
    assert [e.error_code for e in events] == ["AccessDenied", "AccessDenied", None, "AccessDenied", "AccessDenied"]
    assert [e.decision for e in events] == ["implicitDeny", None, "allowed", None, "implicitDeny"]
    with capsys.disabled():
        print("\n" + "\n".join(log))
