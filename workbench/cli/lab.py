"""Front-end: ``iam-workbench lab`` — JupyterLab on the learner's own copy of the lessons, first lesson open."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from workbench import content

DEFAULT_FOLDER = "~/iam-workbench"


def first_lesson(folder: Path) -> Path:
    lessons = sorted((folder / "lessons").glob("[0-9]*.ipynb"))
    if not lessons:
        raise content.ContentNotFoundError(f"no lesson notebooks in {folder / 'lessons'}")
    return lessons[0]


def command(folder: Path, lesson: Path, *, port: int, open_browser: bool) -> list[str]:
    relative = lesson.relative_to(folder).as_posix()
    arguments = [
        sys.executable,
        "-m",
        "jupyter",
        "lab",
        f"--ServerApp.root_dir={folder}",
        f"--ServerApp.port={port}",
        f"--LabApp.default_url=/lab/tree/{relative}",
    ]
    if not open_browser:
        arguments.append("--no-browser")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        arguments.append("--allow-root")  # JupyterLab refuses to start as root otherwise
    return arguments


def run(folder: Path, *, port: int = 8888, open_browser: bool = True, dry_run: bool = False) -> int:
    folder = folder.resolve()
    copied = content.prepare_working_folder(folder)
    if copied:
        print(f"copied {len(copied)} lesson and exercise files into {folder}")
    else:
        print(f"using your working folder {folder} (your work is kept)")
    lesson = first_lesson(folder)
    arguments = command(folder, lesson, port=port, open_browser=open_browser)
    environment = dict(os.environ, **{content.HOME_VARIABLE: str(folder)})
    if shutil.which("dot") is None:
        print("note: Graphviz's `dot` is not installed, so diagrams show as text (Debian: apt-get install graphviz)")
    print(f"starting JupyterLab on {lesson.relative_to(folder)}: {' '.join(arguments[2:])}")
    if dry_run:
        return 0
    try:
        return subprocess.call(arguments, env=environment)
    except KeyboardInterrupt:
        return 0
