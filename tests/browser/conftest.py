"""Fixtures for the real-browser test: JupyterLab on 127.0.0.1 and Debian's Chromium driven by Playwright.

Needs Debian's ``chromium`` (``apt-get install chromium``; ``.ci/run`` installs it) and the
``playwright`` Python package; never ``playwright install`` (it downloads a browser). Recipes and
pitfalls: ``../shared/jupyter-stack.md`` §3.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

from workbench import content

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
TOKEN = "browser-test-token"
ARTIFACTS = Path(os.environ.get("IAMWB_BROWSER_ARTIFACTS", Path(__file__).parent / "artifacts"))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if Path(CHROMIUM).exists():
        return
    # On a developer's machine without Chromium the test is skipped; in CI it must run.
    if os.environ.get("CI"):
        return
    skip = pytest.mark.skip(reason="Debian's chromium is not installed (apt-get install chromium)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session")
def working_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A learner's working folder, prepared exactly as ``iam-workbench lab`` prepares it."""
    folder = tmp_path_factory.mktemp("learner")
    content.prepare_working_folder(folder)
    return folder


@pytest.fixture(scope="session")
def lab_url(working_folder: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    config = tmp_path_factory.mktemp("jupyter-config")
    settings = config / "lab-settings" / "@jupyterlab"
    (settings / "apputils-extension").mkdir(parents=True)
    (settings / "apputils-extension" / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False})
    )
    (settings / "notebook-extension").mkdir(parents=True)
    (settings / "notebook-extension" / "tracker.jupyterlab-settings").write_text(
        json.dumps({"autoStartDefaultKernel": True})
    )
    environment = dict(
        os.environ,
        JUPYTER_CONFIG_DIR=str(config),
        JUPYTERLAB_SETTINGS_DIR=str(config / "lab-settings"),
        JUPYTERLAB_WORKSPACES_DIR=str(config / "workspaces"),
        JUPYTER_RUNTIME_DIR=str(config / "rt"),
        **{content.HOME_VARIABLE: str(working_folder)},
    )
    environment.pop(content.SUBMISSIONS_VARIABLE, None)  # save where a real learner's Check saves
    port = _free_port()
    log = (config / "lab.log").open("w")
    process = subprocess.Popen(
        [
            sys.executable, "-m", "jupyter", "lab", "--no-browser", "--allow-root", "--ip=127.0.0.1",
            f"--port={port}", f"--ServerApp.root_dir={working_folder}", f"--IdentityProvider.token={TOKEN}",
            "--LabApp.news_url=None", "--LabApp.extension_manager=readonly",
            "--LabApp.check_for_updates_class=jupyterlab.handlers.announcements.NeverCheckForUpdate",
        ],
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 90
    while True:
        try:
            urllib.request.urlopen(f"{url}/api/status?token={TOKEN}", timeout=2)
            break
        except urllib.error.HTTPError:
            break
        except OSError:
            if process.poll() is not None or time.time() > deadline:
                process.kill()
                raise RuntimeError("JupyterLab did not start:\n" + (config / "lab.log").read_text()[-3000:]) from None
            time.sleep(0.25)
    yield url
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture
def page() -> Iterator[Any]:
    """A fresh Chromium profile; requests that leave 127.0.0.1 are blocked and listed in ``page.external``."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright, tempfile.TemporaryDirectory(prefix="chromium-profile-") as profile:
        context = playwright.chromium.launch_persistent_context(
            profile,
            executable_path=CHROMIUM,
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1280, "height": 1100},
        )
        external: list[str] = []

        def guard(route: Any) -> None:
            address = route.request.url
            if address.startswith(("data:", "blob:")) or urlparse(address).hostname in ("127.0.0.1", "localhost"):
                route.continue_()
            else:
                external.append(address)
                route.abort()

        context.route("**/*", guard)
        new_page = context.new_page()
        new_page.external = external  # type: ignore[attr-defined]
        yield new_page
        context.close()


def wait_kernel_ready(page: Any, timeout: int = 90_000) -> None:
    """The status bar says ``<kernel> | Idle`` (the toolbar indicator says idle too early)."""
    page.wait_for_function(
        r"""() => [...document.querySelectorAll('#jp-main-statusbar .jp-StatusBar-TextItem')]
        .some(e => / \| Idle$/.test(e.textContent) && !e.textContent.startsWith('No Kernel'))""",
        timeout=timeout,
    )


def run_all_and_wait(page: Any, timeout: int = 120_000) -> None:
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Run All Cells$")).click()
    page.wait_for_function(
        r"""() => {
        const indicator = document.querySelector('.jp-Notebook-ExecutionIndicator');
        const prompts = [...document.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')];
        return indicator && indicator.dataset.status === 'idle' && prompts.length > 0 &&
               prompts.every(p => /\[\d+\]/.test(p.textContent));
    }""",
        timeout=timeout,
    )


@pytest.fixture
def open_and_run(page: Any, lab_url: str) -> Any:
    """``open_and_run("lessons/x.ipynb")``: open a notebook in JupyterLab, run every cell, wait for the end."""

    def run(notebook: str) -> None:
        page.goto(f"{lab_url}/lab/tree/{notebook}?token={TOKEN}&reset")
        wait_kernel_ready(page)
        run_all_and_wait(page)

    return run


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
