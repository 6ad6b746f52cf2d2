"""Real boto3 against the simulation, botocore's data: one model loader per process; waiters never sleep."""

from __future__ import annotations

import copy
import functools
from typing import Any

from botocore.loaders import Loader


class _SearchPaths(list[str]):
    """boto3 appends its data path to the loader on every new Session; a shared loader keeps one copy."""

    def append(self, path: str) -> None:
        if path not in self:
            super().append(path)


class _SimulationLoader(Loader):
    """botocore's loader over the models botocore and boto3 ship; waiters poll without sleeping."""

    def load_service_model(self, service_name: str, type_name: str, api_version: str | None = None) -> Any:
        loaded = super().load_service_model(service_name, type_name, api_version)
        if type_name != "waiters-2":
            return loaded
        waiters = copy.deepcopy(loaded)
        for waiter in waiters.get("waiters", {}).values():
            waiter["delay"] = 0
        return waiters


@functools.cache
def shared_loader() -> Loader:
    """One loader for all simulated sessions: botocore's JSON models are parsed once per process."""
    return _SimulationLoader(
        extra_search_paths=_SearchPaths([Loader.BUILTIN_DATA_PATH]), include_default_search_paths=False
    )
