"""Virtual MFA devices (M1): create, enable with two consecutive codes, resync, deactivate, delete, list."""

from __future__ import annotations

import zlib
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from botocore.exceptions import ClientError
from iam_credentials_support import ACCOUNT, allow, assert_boto3_shape, error_code

from workbench.account import totp
from workbench.account.simulation import Simulation

SERIAL = f"arn:aws:iam::{ACCOUNT}:mfa/alice-phone"


def _device(iam: Any, name: str = "alice-phone", **extra: Any) -> tuple[str, bytes]:
    device = iam.create_virtual_mfa_device(VirtualMFADeviceName=name, **extra)["VirtualMFADevice"]
    return device["SerialNumber"], device["Base32StringSeed"]


def _enable(sim: Simulation, iam: Any, user: str, serial: str, seed: bytes) -> None:
    now = sim.clock.now()
    iam.enable_mfa_device(
        UserName=user,
        SerialNumber=serial,
        AuthenticationCode1=totp.code_at(seed, now - timedelta(seconds=30)),
        AuthenticationCode2=totp.current_code(seed, now),
    )


def test_create_virtual_mfa_device(iam: Any) -> None:
    answer = iam.create_virtual_mfa_device(VirtualMFADeviceName="alice-phone", Tags=[{"Key": "team", "Value": "a"}])
    assert_boto3_shape("CreateVirtualMFADevice", answer)
    device = answer["VirtualMFADevice"]
    assert device["SerialNumber"] == SERIAL
    seed = device["Base32StringSeed"]
    assert isinstance(seed, bytes) and len(seed) == 32 and seed.isupper()
    assert device["Tags"] == [{"Key": "team", "Value": "a"}]
    png = device["QRCodePNG"]
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert b"otpauth://totp/alice-phone%40111111111111?secret=" + seed in png


def test_the_png_stand_in_is_a_valid_png() -> None:
    from workbench.account.iam.mfa import provisioning_png

    png = provisioning_png("otpauth://totp/x?secret=ABC")
    position, chunks = 8, []
    while position < len(png):
        length = int.from_bytes(png[position : position + 4], "big")
        kind, data = png[position + 4 : position + 8], png[position + 8 : position + 8 + length]
        crc = int.from_bytes(png[position + 8 + length : position + 12 + length], "big")
        assert crc == zlib.crc32(kind + data)
        chunks.append(kind)
        position += 12 + length
    assert chunks == [b"IHDR", b"tEXt", b"IDAT", b"IEND"]


def test_path_goes_into_the_serial_and_names_are_unique(iam: Any) -> None:
    serial, _ = _device(iam, "phone", Path="/staff/")
    assert serial == f"arn:aws:iam::{ACCOUNT}:mfa/staff/phone"
    with pytest.raises(ClientError) as raised:
        _device(iam, "phone", Path="/staff/")
    assert error_code(raised) == "EntityAlreadyExists"


def test_enable_with_two_consecutive_codes(sim: Simulation, iam: Any) -> None:
    iam.create_user(UserName="alice")
    serial, seed = _device(iam)
    sim.clock.advance(seconds=7)
    now = sim.clock.now()
    iam.enable_mfa_device(
        UserName="alice",
        SerialNumber=serial,
        AuthenticationCode1=totp.current_code(seed, now),
        AuthenticationCode2=totp.next_code(seed, now),
    )
    listed = iam.list_mfa_devices(UserName="alice")
    assert_boto3_shape("ListMFADevices", listed)
    assert listed["MFADevices"] == [{"UserName": "alice", "SerialNumber": serial, "EnableDate": now}]


def test_wrong_or_non_consecutive_codes_are_refused(sim: Simulation, iam: Any) -> None:
    iam.create_user(UserName="alice")
    serial, seed = _device(iam)
    now = sim.clock.now()
    for first, second in (
        ("000000", "111111"),
        (totp.current_code(seed, now), totp.current_code(seed, now)),
        (totp.code_at(seed, now - timedelta(seconds=90)), totp.code_at(seed, now - timedelta(seconds=60))),
    ):
        with pytest.raises(ClientError) as raised:
            iam.enable_mfa_device(
                UserName="alice", SerialNumber=serial, AuthenticationCode1=first, AuthenticationCode2=second
            )
        assert error_code(raised) == "InvalidAuthenticationCode"
    assert iam.list_mfa_devices(UserName="alice")["MFADevices"] == []


def test_a_device_in_use_cannot_be_enabled_again(sim: Simulation, iam: Any) -> None:
    iam.create_user(UserName="alice")
    iam.create_user(UserName="bob")
    serial, seed = _device(iam)
    _enable(sim, iam, "alice", serial, seed)
    sim.clock.advance(minutes=1)
    with pytest.raises(ClientError) as raised:
        _enable(sim, iam, "bob", serial, seed)
    assert error_code(raised) == "EntityAlreadyExists"


def test_unknown_device_or_user(sim: Simulation, iam: Any) -> None:
    iam.create_user(UserName="alice")
    with pytest.raises(ClientError) as raised:
        _enable(sim, iam, "alice", f"arn:aws:iam::{ACCOUNT}:mfa/nope", b"A" * 32)
    assert error_code(raised) == "NoSuchEntity"
    serial, seed = _device(iam)
    with pytest.raises(ClientError) as raised:
        _enable(sim, iam, "nobody", serial, seed)
    assert error_code(raised) == "NoSuchEntity"


def test_at_most_eight_devices_per_user(sim: Simulation, iam: Any) -> None:
    iam.create_user(UserName="alice")
    for index in range(8):
        serial, seed = _device(iam, f"d{index}")
        _enable(sim, iam, "alice", serial, seed)
    serial, seed = _device(iam, "d8")
    with pytest.raises(ClientError) as raised:
        _enable(sim, iam, "alice", serial, seed)
    assert error_code(raised) == "LimitExceeded"


def test_resync_wants_fresh_codes(sim: Simulation, iam: Any) -> None:
    iam.create_user(UserName="alice")
    serial, seed = _device(iam)
    _enable(sim, iam, "alice", serial, seed)
    now = sim.clock.now()
    with pytest.raises(ClientError) as raised:  # the same codes again: a replay
        iam.resync_mfa_device(
            UserName="alice",
            SerialNumber=serial,
            AuthenticationCode1=totp.code_at(seed, now - timedelta(seconds=30)),
            AuthenticationCode2=totp.current_code(seed, now),
        )
    assert error_code(raised) == "InvalidAuthenticationCode"
    now = sim.clock.advance(seconds=60)
    iam.resync_mfa_device(
        UserName="alice",
        SerialNumber=serial,
        AuthenticationCode1=totp.code_at(seed, now - timedelta(seconds=30)),
        AuthenticationCode2=totp.current_code(seed, now),
    )


def test_deactivate_then_delete(sim: Simulation, iam: Any) -> None:
    iam.create_user(UserName="alice")
    serial, seed = _device(iam)
    _enable(sim, iam, "alice", serial, seed)
    with pytest.raises(ClientError) as raised:
        iam.delete_virtual_mfa_device(SerialNumber=serial)
    assert error_code(raised) == "DeleteConflict"
    with pytest.raises(ClientError) as raised:
        iam.delete_user(UserName="alice")
    assert error_code(raised) == "DeleteConflict"  # the user still has an MFA device
    iam.deactivate_mfa_device(UserName="alice", SerialNumber=serial)
    assert iam.list_mfa_devices(UserName="alice")["MFADevices"] == []
    with pytest.raises(ClientError) as raised:
        iam.deactivate_mfa_device(UserName="alice", SerialNumber=serial)
    assert error_code(raised) == "NoSuchEntity"
    iam.delete_virtual_mfa_device(SerialNumber=serial)
    iam.delete_user(UserName="alice")
    with pytest.raises(ClientError) as raised:
        iam.delete_virtual_mfa_device(SerialNumber=serial)
    assert error_code(raised) == "NoSuchEntity"


def test_list_virtual_mfa_devices_by_assignment(sim: Simulation, iam: Any) -> None:
    iam.create_user(UserName="alice")
    used, seed = _device(iam, "a-used")
    free, _ = _device(iam, "b-free")
    _enable(sim, iam, "alice", used, seed)
    every = iam.list_virtual_mfa_devices()
    assert_boto3_shape("ListVirtualMFADevices", every)
    assert [d["SerialNumber"] for d in every["VirtualMFADevices"]] == [used, free]
    assigned = iam.list_virtual_mfa_devices(AssignmentStatus="Assigned")["VirtualMFADevices"]
    assert [d["SerialNumber"] for d in assigned] == [used]
    assert assigned[0]["User"]["UserName"] == "alice" and "EnableDate" in assigned[0]
    assert "Base32StringSeed" not in assigned[0]  # the seed is shown once, at creation
    unassigned = iam.list_virtual_mfa_devices(AssignmentStatus="Unassigned")["VirtualMFADevices"]
    assert unassigned == [{"SerialNumber": free}]


def test_the_root_user_enables_mfa_for_itself(sim: Simulation, iam: Any) -> None:
    serial, seed = _device(iam, "root-phone")
    _enable(sim, iam, "<root_account>", serial, seed)
    assert sim.state.accounts[ACCOUNT].root.mfa_serials == (serial,)
    listed = iam.list_mfa_devices()["MFADevices"]
    assert [d["SerialNumber"] for d in listed] == [serial] and "UserName" not in listed[0]
    assigned = iam.list_virtual_mfa_devices(AssignmentStatus="Assigned")["VirtualMFADevices"]
    assert assigned[0]["User"]["Arn"] == f"arn:aws:iam::{ACCOUNT}:root"
    assert iam.get_account_summary()["SummaryMap"]["AccountMFAEnabled"] == 1


def test_only_the_root_user_is_called_root_account(sim: Simulation, client_as: Callable[..., Any], iam: Any) -> None:
    admin = client_as("admin", allow("iam:*"))
    serial, seed = _device(iam, "root-phone")
    with pytest.raises(ClientError) as raised:
        _enable(sim, admin, "<root_account>", serial, seed)
    assert error_code(raised) == "NoSuchEntity"


def test_a_user_manages_its_own_device_with_the_self_service_policy(
    sim: Simulation, client_as: Callable[..., Any]
) -> None:
    alice = client_as(
        "alice",
        allow(["iam:CreateVirtualMFADevice"], "arn:aws:iam::*:mfa/${aws:username}"),
        allow(["iam:EnableMFADevice", "iam:ListMFADevices"], "arn:aws:iam::*:user/${aws:username}"),
    )
    device = alice.create_virtual_mfa_device(VirtualMFADeviceName="alice")["VirtualMFADevice"]
    _enable(sim, alice, "alice", device["SerialNumber"], device["Base32StringSeed"])
    assert len(alice.list_mfa_devices()["MFADevices"]) == 1
    with pytest.raises(ClientError) as raised:
        alice.create_virtual_mfa_device(VirtualMFADeviceName="bob")
    assert error_code(raised) == "AccessDenied"
