"""Where the lessons and exercises are: a checkout, an installed package, or a learner's working folder.

From a checkout they sit beside the package (``lessons/``, ``exercises/``); a ``pip install`` puts
them under ``<prefix>/share/iam-workbench/``. ``iam-workbench lab`` copies them once into a working
folder the learner owns (never editing the originals); notebooks find their exercises and save
submissions relative to that folder.
"""

from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path

from workbench.errors import WorkbenchError
from workbench.grading.bank import copy_for_learners

HOME_VARIABLE = "IAM_WORKBENCH_HOME"
"""The learner's working folder (set by ``iam-workbench lab``)."""
SUBMISSIONS_VARIABLE = "IAM_WORKBENCH_SUBMISSIONS"
"""Where Check saves submissions; defaults to ``<working folder>/submissions``."""
LEARNER_VARIABLE = "IAM_WORKBENCH_LEARNER"


class ContentNotFoundError(WorkbenchError):
    code = "content_not_found"


def source_root() -> Path:
    """The folder holding the original ``lessons/`` and ``exercises/``."""
    checkout = Path(__file__).resolve().parents[1]
    if (checkout / "lessons").is_dir() and (checkout / "exercises").is_dir():
        return checkout
    installed = Path(sys.prefix) / "share" / "iam-workbench"
    if (installed / "lessons").is_dir():
        return installed
    raise ContentNotFoundError(
        f"the lessons are neither beside the package ({checkout}) nor installed under {installed}; "
        "reinstall iam-workbench",
    )


def working_folder() -> Path | None:
    value = os.environ.get(HOME_VARIABLE)
    return Path(value) if value else None


def exercises_folder() -> Path:
    """The exercises a notebook should use: the working folder's, else beside the current folder."""
    candidates: list[Path] = []
    home = working_folder()
    if home is not None:
        candidates.append(home / "exercises")
    here = Path.cwd()
    candidates += [here / "exercises", here.parent / "exercises"]
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    return source_root() / "exercises"


def submissions_folder() -> Path:
    value = os.environ.get(SUBMISSIONS_VARIABLE)
    if value:
        return Path(value)
    home = working_folder()
    return (home if home is not None else exercises_folder().parent) / "submissions"


def learner_name() -> str:
    for variable in (LEARNER_VARIABLE, "JUPYTERHUB_USER"):
        if os.environ.get(variable):
            return os.environ[variable]
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user database entry (some containers)
        return "learner"


def prepare_working_folder(target: Path) -> list[Path]:
    """Copy lessons and exercises (without hidden checks or solutions) into ``target``.

    Files the learner already has are never overwritten, so a second run keeps their work; lessons
    added in a newer version are copied in. Returns the files copied.
    """
    root = source_root()
    return copy_for_learners(root / "lessons", root / "exercises", target, keep_existing=True)
