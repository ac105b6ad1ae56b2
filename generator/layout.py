"""Which files make a dataset, and which schema each one follows.

A dataset is any folder holding `content/`, `actors/` and `logigrams/`. Every YAML file in it has a kind,
found from its path; the kind names its JSON Schema (`schemas/<kind>.schema.json`).
"""

from __future__ import annotations

import errno
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from fnmatch import fnmatchcase, translate
from pathlib import Path
from typing import Any

from .diagnostics import nearest

DATA_DIRS = ("content", "actors", "logigrams")


@dataclass(frozen=True)
class FileKind:
    name: str  # also the schema's file name: schemas/<name>.schema.json
    pattern: str  # relative path, `*` matching one file-name segment
    required: bool
    label: str  # French, for messages

    def matches(self, rel: str) -> bool:
        return rel.count("/") == self.pattern.count("/") and fnmatchcase(rel, self.pattern)


KINDS: tuple[FileKind, ...] = (
    FileKind("programme", "content/programme.yaml", True, "le programme"),
    FileKind("strata", "content/strata.yaml", True, "les strates"),
    FileKind("periods", "content/periods.yaml", True, "les périodes"),
    FileKind("strategy", "content/strategies/*.yaml", True, "une stratégie transversale"),
    FileKind("entry-doors", "content/entry-doors.yaml", True, "le tableau des portes d'entrée"),
    FileKind("functions", "content/functions.yaml", True, "les fonctions"),
    FileKind("indicators", "content/indicators.yaml", True, "les indicateurs"),
    FileKind("scenarios", "content/scenarios.yaml", True, "les scénarios INAMI"),
    FileKind("prestations", "content/prestations.yaml", True, "les prestations INAMI"),
    FileKind("vignettes", "content/vignettes.yaml", True, "les vignettes cliniques"),
    FileKind("method", "content/method.yaml", True, "la méthode des 6W"),
    FileKind("enjeux-cles", "content/enjeux-cles.yaml", False, "les enjeux clés"),
    FileKind("mapping", "content/mapping.yaml", True, "le tableau de mapping des acteurs"),
    FileKind("routing", "content/routing.yaml", False, "les règles de routage"),
    FileKind("needs", "content/needs.yaml", False, "les besoins"),
    FileKind("actor-types", "actors/types.yaml", True, "le catalogue des types d'acteurs"),
    FileKind("territory", "content/territories/*.yaml", False, "un territoire"),
    FileKind("actor", "actors/*/*.yaml", False, "un acteur"),
    FileKind("logigram", "logigrams/parcours.yaml", True, "le logigramme du parcours"),
    FileKind("logigram-override", "logigrams/*.yaml", False, "l'adaptation territoriale du logigramme"),
)

REGIONS = ("bruxelles", "wallonie", "ostbelgien", "flandre")
REGION_NAMES = {  # French, for pages
    "bruxelles": "Bruxelles",
    "wallonie": "Wallonie",
    "ostbelgien": "Communauté germanophone",
    "flandre": "Flandre",
}


_WILDCARDS = frozenset("*?[")  # the special characters of `fnmatch`
# `FileKind.matches`, compiled once: (kind, number of « / » in its pattern, the pattern's matcher)
_MATCHERS = tuple(
    (kind, kind.pattern.count("/"), re.compile(translate(kind.pattern)).match) for kind in KINDS
)


def kind_of(rel: str) -> FileKind | None:
    slashes = rel.count("/")
    return next((kind for kind, depth, match in _MATCHERS if depth == slashes and match(rel)), None)


def dataset_files(root: Path, outside: list[str] | None = None) -> list[str]:
    """Every file under the data folders, as sorted POSIX paths relative to `root`.

    Symbolic links that lead outside `root` (to a file or a folder, a data folder included) are left out, their
    target never read: when `outside` is given, their paths are appended to it (a folder's with a final « / »)."""
    found: list[str] = []
    away: list[str] = [] if outside is None else outside
    real_root = os.path.realpath(root)
    for folder in DATA_DIRS:
        base = root / folder
        if base.is_symlink() and not _inside(real_root, os.fspath(base)):
            away.append(f"{folder}/")
        elif base.is_dir():
            _scan(os.fspath(base), f"{folder}/", found, (real_root, away))
    return sorted(found)


def _inside(real_root: str, path: str) -> bool:
    """Whether `path`, its symbolic links followed, stays under the folder `real_root` (already resolved)."""
    target = os.path.realpath(path)
    return target == real_root or target.startswith(real_root.rstrip(os.sep) + os.sep)


def _scan(directory: str, prefix: str, found: list[str], links: tuple[str, list[str]]) -> None:
    """Append to `found` the files under `directory`, named `prefix` + their path below it, as
    `Path.rglob("*")` then `is_file()` would find them: symbolic links to folders are not followed,
    unreadable folders are skipped. Files whose name starts with a dot are left out. `links` holds the
    dataset's resolved root and the list of links leading out of it, which are left out too."""
    try:
        with os.scandir(directory) as scan:
            entries = list(scan)
    except PermissionError:
        return
    real_root, away = links
    for entry in entries:
        if entry.is_symlink() and not entry.name.startswith(".") and not _inside(real_root, entry.path):
            away.append(prefix + entry.name + ("/" if _test(entry.is_dir) else ""))
        elif _test(entry.is_dir) and not entry.is_symlink():
            _scan(entry.path, f"{prefix}{entry.name}/", found, links)
        elif not entry.name.startswith(".") and _test(entry.is_file):
            found.append(prefix + entry.name)


_IGNORED_ERRNOS = (errno.ENOENT, errno.ENOTDIR, errno.EBADF, errno.ELOOP)  # as pathlib ignores them


def _test(check: Callable[[], bool]) -> bool:
    try:
        return check()
    except OSError as exc:
        if exc.errno in _IGNORED_ERRNOS or getattr(exc, "winerror", None) in (21, 123, 1921):
            return False
        raise


def missing_required(present: list[str]) -> list[FileKind]:
    listed = set(present)

    def found(kind: FileKind, depth: int, match: Callable[[str], Any]) -> bool:
        if _WILDCARDS.isdisjoint(kind.pattern):  # then the pattern matches only itself
            return kind.pattern in listed
        return any(rel.count("/") == depth and match(rel) for rel in present)

    return [kind for kind, depth, match in _MATCHERS if kind.required and not found(kind, depth, match)]


def kinds_under(folder: str) -> list[FileKind]:
    """The kinds of file that may lie somewhere under `folder` (a POSIX path relative to the dataset root)."""
    depth = folder.count("/") + 1
    return [
        kind
        for kind in KINDS
        if kind.pattern.count("/") >= depth and fnmatchcase(folder, "/".join(kind.pattern.split("/")[:depth]))
    ]


def expected_near(rel: str) -> str:
    """A hint for a file that matches no kind: the nearest expected path, or what goes where."""
    if rel.endswith(".yml"):
        return f"renommez le fichier en « {rel[:-4]}.yaml »"
    if not rel.endswith(".yaml"):
        return "seuls des fichiers YAML (.yaml) sont attendus dans content/, actors/ et logigrams/"
    candidates = [kind.pattern for kind in KINDS if "*" not in kind.pattern]
    near = nearest(rel, candidates, 0.7)
    if near:
        return f"vouliez-vous dire « {near} » ?"
    return "fichiers attendus : " + ", ".join(kind.pattern for kind in KINDS)
