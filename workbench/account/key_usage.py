"""Access keys' "last used" data: every call signed with a long-term key leaves its trace on the key (A1).

The client base calls ``record_key_use`` after each authenticated call; ``GetAccessKeyLastUsed`` and
the credential report read it back. Like IAM, a key's use is recorded at most once per 15 minutes.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from workbench.account.model import AccessKey, Account, State

if TYPE_CHECKING:
    from workbench.account.simulation import Simulation

KEY_USE_RECORDING = timedelta(minutes=15)
"""A key used again within this span keeps its first recorded use (A1)."""


def _used(key: AccessKey, service: str, region: str, now: datetime) -> AccessKey | None:
    """The key with this use recorded, or None when the use falls in the current 15-minute span."""
    if key.last_used_date is not None and now - key.last_used_date < KEY_USE_RECORDING:
        return None
    return key.model_copy(update={"last_used_date": now, "last_used_service": service, "last_used_region": region})


def _record(state: State, access_key_id: str, service: str, region: str, now: datetime) -> State:
    def replace(keys: tuple[AccessKey, ...]) -> tuple[AccessKey, ...] | None:
        for index, key in enumerate(keys):
            if key.access_key_id == access_key_id:
                used = _used(key, service, region, now)
                return None if used is None else (*keys[:index], used, *keys[index + 1 :])
        return None

    for account in state.accounts.values():
        changed: Account | None = None
        root_keys = replace(account.root.access_keys)
        if root_keys is not None:
            changed = account.model_copy(update={"root": account.root.model_copy(update={"access_keys": root_keys})})
        else:
            for key_name, user in account.users.items():
                user_keys = replace(user.access_keys)
                if user_keys is not None:
                    users = {**account.users, key_name: user.model_copy(update={"access_keys": user_keys})}
                    changed = account.model_copy(update={"users": users})
                    break
        if changed is not None:
            return state.model_copy(update={"accounts": {**state.accounts, account.account_id: changed}})
    return state


def record_key_use(sim: Simulation, access_key_id: str, service: str, region: str) -> None:
    """Record that a long-term key signed a call to ``service`` (its namespace, e.g. ``s3``) in ``region``.

    Temporary (``ASIA…``) keys and unknown keys are ignored; a use within 15 minutes of the recorded
    one changes nothing, so calling this on every request is cheap.
    """
    if not access_key_id.startswith("AKIA"):
        return
    now = sim.clock.now()
    sim.update(lambda state: _record(state, access_key_id, service, region, now))
