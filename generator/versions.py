"""A dataset version named on the command line: a folder, or a git revision of the repository holding `root`.

A revision is exported with `git archive` into a temporary folder that lives as long as the caller's ExitStack.
"""

from __future__ import annotations

import contextlib
import io
import subprocess
import tarfile
import tempfile
from pathlib import Path

from .layout import DATA_DIRS


class VersionError(Exception):
    """The version names neither a dataset folder nor a git revision (French message)."""


def dataset_folder(spec: str, root: Path, stack: contextlib.ExitStack) -> Path:
    folder = Path(spec)
    if folder.is_dir():
        return folder
    archive = subprocess.run(
        ["git", "-C", str(root), "archive", "--format=tar", spec, *DATA_DIRS],
        capture_output=True,
        check=False,
    )
    if archive.returncode != 0:
        raise VersionError(
            f"« {spec} » n'est ni un dossier ni une révision git connue "
            f"({archive.stderr.decode('utf-8', 'replace').strip() or 'git a échoué'})."
        )
    target = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="balises-version-")))
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(target, filter="data")
    return target
