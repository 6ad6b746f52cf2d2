"""IAM operations on virtual MFA devices (M1): create, enable with two TOTP codes, resync, deactivate, delete, list.

A device is created unassigned, with a fresh base32 seed; ``EnableMFADevice`` binds it to a user
(or, called by the root user with ``UserName="<root_account>"``, to the root user) once two
consecutive codes prove the learner's app holds the seed. Codes are checked by ``totp`` with
AMB-24's window, and a step once accepted is never accepted again for that device.
"""

from __future__ import annotations

import struct
import zlib
from typing import Any
from urllib.parse import quote

from workbench.account.authorization import Target
from workbench.account.iam.base import IamBase, user_response
from workbench.account.iam.owners import ROOT_USER_NAME, CredentialOwner, resolve_owner
from workbench.account.iam.rules import check_name, check_path, check_tags, tag_list, tags_from
from workbench.account.model import Account, MFADevice
from workbench.account.service import operation
from workbench.account.totp import accepted_pair

MFA_DEVICES_PER_USER = 8


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def provisioning_png(uri: str) -> bytes:
    """A valid 1×1 PNG standing in for IAM's QR code; its ``otpauth`` text chunk holds the URI the QR would encode.

    A scannable QR code needs an encoder the workbench does not depend on; the seed itself is in
    ``Base32StringSeed`` and the lessons use :mod:`workbench.account.totp` rather than a phone.
    """
    header = struct.pack(">IIBBBBB", 1, 1, 1, 0, 0, 0, 0)  # 1×1, bit depth 1, greyscale
    pixels = zlib.compress(b"\x00\x80")  # filter byte 0, one white pixel
    return b"".join(
        (
            b"\x89PNG\r\n\x1a\n",
            _png_chunk(b"IHDR", header),
            _png_chunk(b"tEXt", b"otpauth\x00" + uri.encode("latin-1", "replace")),
            _png_chunk(b"IDAT", pixels),
            _png_chunk(b"IEND", b""),
        )
    )


class MfaOperations(IamBase):
    def _device(self, account: Account, serial: str) -> MFADevice:
        device = account.mfa_devices.get(serial) or next(
            (d for s, d in account.mfa_devices.items() if s.lower() == serial.lower()), None
        )
        if device is None:
            raise self.error("NoSuchEntity", f"VirtualMFADevice with serial number {serial} doesn't exist.")
        return device

    def _enabled_device(self, owner: CredentialOwner, serial: str) -> MFADevice:
        if serial not in owner.mfa_serials:
            raise self.error("NoSuchEntity", f"MFA Device with serial number {serial} does not exist.")
        return self._device(owner.account, serial)

    @staticmethod
    def _with_device(account: Account, device: MFADevice) -> Account:
        return account.model_copy(update={"mfa_devices": {**account.mfa_devices, device.serial_number: device}})

    def _check_codes(self, device: MFADevice, first: str, second: str) -> int:
        step = accepted_pair(device.seed_base32, first, second, self.now, device.last_accepted_step)
        if step is None:
            raise self.error(
                "InvalidAuthenticationCode",
                "Authentication code for device is not valid: give two consecutive codes, the first for the "
                "current or the previous 30-second step, neither one already used.",
            )
        return step

    @operation("CreateVirtualMFADevice")
    def create_virtual_mfa_device(
        self, *, VirtualMFADeviceName: str, Path: str = "/", Tags: Any = None
    ) -> dict[str, Any]:
        caller = self.caller()
        account = self.caller_account(caller)
        check_name("MFA device", VirtualMFADeviceName, self._operation)
        check_path(Path, self._operation)
        tags = tags_from(Tags)
        check_tags(tags, self._operation)
        serial = f"arn:aws:iam::{account.account_id}:mfa{Path}{VirtualMFADeviceName}"
        self.authorize(
            caller, "iam:CreateVirtualMFADevice", Target(serial, account.account_id), self.request_tag_context(tags)
        )
        if any(s.lower() == serial.lower() for s in account.mfa_devices):
            raise self.error("EntityAlreadyExists", "MFADevice entity at the same path and name already exists.")
        device = MFADevice(
            serial_number=serial,
            name=VirtualMFADeviceName,
            path=Path,
            seed_base32=self.sim.ids.mfa_seed(),
            create_date=self.now,
            tags=tags,
        )
        self.save_account(self._with_device(account, device))
        label = quote(f"{VirtualMFADeviceName}@{account.alias or account.account_id}")
        uri = f"otpauth://totp/{label}?secret={device.seed_base32}"
        answer: dict[str, Any] = {
            "SerialNumber": serial,
            "Base32StringSeed": device.seed_base32.encode("ascii"),
            "QRCodePNG": provisioning_png(uri),
        }
        if tags:
            answer["Tags"] = tag_list(tags)
        return {"VirtualMFADevice": answer}

    @operation("EnableMFADevice")
    def enable_mfa_device(
        self, *, UserName: str, SerialNumber: str, AuthenticationCode1: str, AuthenticationCode2: str
    ) -> dict[str, Any]:
        caller = self.caller()
        account = self.caller_account(caller)
        owner = resolve_owner(caller, account, UserName, self._operation)
        self.authorize(caller, "iam:EnableMFADevice", Target(owner.arn, account.account_id, tags=owner.tags))
        device = self._device(account, SerialNumber)
        if device.user is not None:
            raise self.error("EntityAlreadyExists", "MFA Device is already in use.")
        if len(owner.mfa_serials) >= MFA_DEVICES_PER_USER:
            raise self.error("LimitExceeded", f"Cannot exceed quota for MFADevicesPerUser: {MFA_DEVICES_PER_USER}.")
        step = self._check_codes(device, AuthenticationCode1, AuthenticationCode2)
        enabled = device.model_copy(
            update={"user": owner.user_name or ROOT_USER_NAME, "enable_date": self.now, "last_accepted_step": step}
        )
        changed = owner.with_mfa_serials((*owner.mfa_serials, device.serial_number))
        self.save_account(self._with_device(changed, enabled))
        return {}

    @operation("ResyncMFADevice")
    def resync_mfa_device(
        self, *, UserName: str, SerialNumber: str, AuthenticationCode1: str, AuthenticationCode2: str
    ) -> dict[str, Any]:
        caller = self.caller()
        account = self.caller_account(caller)
        owner = resolve_owner(caller, account, UserName, self._operation)
        self.authorize(caller, "iam:ResyncMFADevice", Target(owner.arn, account.account_id, tags=owner.tags))
        device = self._enabled_device(owner, SerialNumber)
        step = self._check_codes(device, AuthenticationCode1, AuthenticationCode2)
        self.save_account(self._with_device(account, device.model_copy(update={"last_accepted_step": step})))
        return {}

    @operation("DeactivateMFADevice")
    def deactivate_mfa_device(self, *, SerialNumber: str, UserName: str | None = None) -> dict[str, Any]:
        caller = self.caller()
        account = self.caller_account(caller)
        owner = resolve_owner(caller, account, UserName, self._operation)
        self.authorize(caller, "iam:DeactivateMFADevice", Target(owner.arn, account.account_id, tags=owner.tags))
        device = self._enabled_device(owner, SerialNumber)
        changed = owner.with_mfa_serials(tuple(s for s in owner.mfa_serials if s != SerialNumber))
        # The last accepted step stays: re-enabling the device cannot replay an old code.
        self.save_account(self._with_device(changed, device.model_copy(update={"user": None, "enable_date": None})))
        return {}

    @operation("DeleteVirtualMFADevice")
    def delete_virtual_mfa_device(self, *, SerialNumber: str) -> dict[str, Any]:
        caller = self.caller()
        account = self.caller_account(caller)
        self.authorize(caller, "iam:DeleteVirtualMFADevice", Target(SerialNumber, account.account_id))
        device = self._device(account, SerialNumber)
        if device.user is not None:
            raise self.error(
                "DeleteConflict", f"MFA Device {SerialNumber} is still enabled for {device.user}: deactivate it first."
            )
        remaining = {s: d for s, d in account.mfa_devices.items() if s != device.serial_number}
        self.save_account(account.model_copy(update={"mfa_devices": remaining}))
        return {}

    @operation("ListMFADevices")
    def list_mfa_devices(
        self, *, UserName: str | None = None, Marker: str | None = None, MaxItems: int | None = None
    ) -> dict[str, Any]:
        caller = self.caller()
        account = self.caller_account(caller)
        owner = resolve_owner(caller, account, UserName, self._operation)
        self.authorize(caller, "iam:ListMFADevices", Target(owner.arn, account.account_id, tags=owner.tags))
        listed = []
        for serial in owner.mfa_serials:
            device = account.mfa_devices.get(serial)
            entry: dict[str, Any] = {"UserName": owner.user_name} if owner.user_name else {}
            entry.update({"SerialNumber": serial, "EnableDate": device.enable_date if device else self.now})
            listed.append(entry)
        return self.page("MFADevices", listed, Marker, MaxItems)

    @operation("ListVirtualMFADevices")
    def list_virtual_mfa_devices(
        self, *, AssignmentStatus: str = "Any", Marker: str | None = None, MaxItems: int | None = None
    ) -> dict[str, Any]:
        caller = self.caller()
        account = self.caller_account(caller)
        self.authorize(caller, "iam:ListVirtualMFADevices", Target("*", account.account_id))
        listed = []
        for serial in sorted(account.mfa_devices):
            device = account.mfa_devices[serial]
            assigned = device.user is not None
            if (AssignmentStatus == "Assigned" and not assigned) or (AssignmentStatus == "Unassigned" and assigned):
                continue
            entry: dict[str, Any] = {"SerialNumber": serial}
            if device.user == ROOT_USER_NAME:
                entry["User"] = self.root_user_response(account)
            elif device.user is not None and device.user.lower() in account.users:
                entry["User"] = user_response(account.users[device.user.lower()])
            if device.enable_date is not None:
                entry["EnableDate"] = device.enable_date
            listed.append(entry)
        return self.page("VirtualMFADevices", listed, Marker, MaxItems)
