"""Test helper: sign one real call with an access key, so the activity log records the key's use."""

from __future__ import annotations

import contextlib

from botocore.exceptions import ClientError

from workbench.account.callers import Credentials
from workbench.account.simulation import Simulation

_CALLS = {"s3": "list_buckets", "iam": "list_users", "sts": "get_caller_identity"}


def use_key(sim: Simulation, key_id: str, service: str, region: str = "us-east-1") -> None:
    """Call ``service`` once with the key (allowed or denied: either is a use of the key)."""
    keys = [
        key
        for account in sim.state.accounts.values()
        for key in (*account.root.access_keys, *(k for user in account.users.values() for k in user.access_keys))
    ]
    secret = next(key.secret_access_key for key in keys if key.access_key_id == key_id)
    client = sim.client(service, Credentials(access_key_id=key_id, secret_access_key=secret), region=region)
    with contextlib.suppress(ClientError):
        getattr(client, _CALLS[service])()
