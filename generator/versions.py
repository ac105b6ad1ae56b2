"""A dataset version named on the command line: a folder, or a git revision of the repository holding `root`.

A revision is exported with `git archive` into a temporary folder that lives as long as the caller's ExitStack.
It comes from the user: it is checked (no leading `-`, no control character), resolved to a commit with
`git rev-parse` and only that hash is given to `git archive`, every time after `--end-of-options`, so that git
never reads it as an option (`--output=…` would write a file).
"""

from __future__ import annotations

import contextlib
import io
import re
import subprocess
import tarfile
import tempfile
from pathlib import Path

from .layout import DATA_DIRS
from .outputs import Refused

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class VersionError(Exception):
    """The version names neither a dataset folder nor a git revision (French message)."""


class RevisionRefused(Refused):
    """A revision that could be read as an option or holds control characters (exit 2)."""


def checked_revision(spec: str) -> str:
    if spec.startswith("-") or _CONTROL.search(spec) or not spec:
        raise RevisionRefused(
            f"« {spec} » n'est pas une révision git acceptée : elle ne peut ni commencer par « - » ni contenir "
            "de caractère de contrôle. Indiquez un dossier, ou une révision comme HEAD~1, v2026.10 ou un hash."
        )
    return spec


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, check=False)


def _commit(spec: str, root: Path) -> str:
    found = _git(
        root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{checked_revision(spec)}^{{commit}}"
    )
    if found.returncode != 0:
        raise VersionError(f"« {spec} » n'est ni un dossier ni une révision git connue de {root.resolve()}.")
    return found.stdout.decode("ascii").strip()


def shown_name(spec: str) -> str:
    """How a published page names the version: a folder by its name only (the build machine's paths are nobody's
    business), a git revision as given."""
    folder = Path(spec)
    return (folder.resolve().name or spec) if folder.is_dir() else spec


def dataset_folder(spec: str, root: Path, stack: contextlib.ExitStack) -> Path:
    folder = Path(spec)
    if folder.is_dir():
        return folder
    archive = _git(root, "archive", "--format=tar", "--end-of-options", _commit(spec, root), *DATA_DIRS)
    if archive.returncode != 0:
        raise VersionError(
            f"« {spec} » : git n'a pas pu extraire les données de cette révision "
            f"({archive.stderr.decode('utf-8', 'replace').strip() or 'git a échoué'})."
        )
    target = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="balises-version-")))
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        try:
            tar.extractall(target, filter="data")
        except tarfile.FilterError as exc:  # a link to an absolute path or out of the dataset, a special file
            raise VersionError(
                f"« {spec} » : cette révision contient « {exc.tarinfo.name} », "
                f"{_refused_member(exc)} ; Balises ne lit pas une révision qui en contient. "
                "Remplacez ce lien par le fichier lui-même dans le dépôt, ou comparez avec un dossier."
            ) from None
    return target


def _refused_member(exc: tarfile.FilterError) -> str:
    if isinstance(exc, tarfile.AbsoluteLinkError):
        return f"un lien vers un chemin absolu ({exc.tarinfo.linkname})"
    if isinstance(exc, tarfile.LinkOutsideDestinationError):
        return f"un lien qui sort du jeu de données ({exc.tarinfo.linkname})"
    if isinstance(exc, tarfile.SpecialFileError):
        return "un fichier spécial"
    return "un chemin hors du jeu de données"
