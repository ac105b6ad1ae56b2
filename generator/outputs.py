"""Where Balises may write (DESIGN §10): the one policy for every output path a user names.

A folder Balises writes as a whole (`build --out`, `build --keep-docs`, `export --format hsds --out`,
`serve --dossier`) is replaced only when it is absent, empty, or carries the marker file `.balises` that Balises
puts in every folder it makes. Whatever the marker, Balises never replaces the dataset folder, a folder that
contains it, the current folder, the home folder or `/`. A file output writes through a symlink to its target
and refuses special files (FIFO, device, socket) and folders.

Folders written by a version of Balises that had no marker are recognised by their shape (`LEGACY`): a site
with its search index and Balises' stylesheet, a kept MkDocs project with Balises' hook, a preview's work
folder, an HSDS package of CSV files only — and nothing else at their top (`LEGACY_ENTRIES`: a cloned gh-pages
checkout has a site's files but also its `.git`). So an existing checkout rebuilds as before.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

MARKER = ".balises"

# What each kind of folder holds when an earlier Balises, without markers, wrote it (every path must exist).
LEGACY: dict[str, tuple[str, ...]] = {
    "site": ("index.html", "pagefind/", "assets/balises.css"),
    "projet": ("mkdocs.yml", "docs/", "hooks/balises_parallele.py"),
    "apercu": ("projet/mkdocs.yml", "projet/hooks/balises_parallele.py"),
    "hsds": ("datapackage.json", "organizations.csv"),
}

# And everything else it may hold at its top: the pages and files a build writes (taken from builds of the shipped
# data and of the test fixtures, and from the history of the generator). Any other name, a dotfile above all (a
# `.git`, a `CNAME` of a gh-pages checkout, a document of the user's), means the folder is not Balises' own.
LEGACY_ENTRIES: dict[str, frozenset[str]] = {
    "site": frozenset(
        (
            *("index.html", "404.html", "sitemap.xml", "sitemap.xml.gz", "assets", "pagefind", "search"),
            *("acteurs", "assistant", "atelier", "data", "exports", "fonctions", "guide", "methode-6w"),
            *(
                "nouveautes",
                "periodes",
                "prestations",
                "recherche",
                "strategies",
                "strates",
                "telechargements",
            ),
            *("territoires", "types"),
        )
    ),
    "projet": frozenset(("mkdocs.yml", "docs", "hooks", "overrides", "site")),
    "apercu": frozenset(("projet", "recherche")),
    "hsds": frozenset(("datapackage.json",)),
}


class Refused(Exception):
    """A request Balises refuses to carry out (exit 2); the message is French and says what to do."""


class OutputRefused(Refused):
    """An output path Balises will not write to."""


def marker_text(command: str) -> str:
    """The marker's content: what made the folder. No date, so that two builds stay byte-identical."""
    from importlib import metadata  # here: `balises validate` need not pay for it

    try:
        version = metadata.version("balises")
    except metadata.PackageNotFoundError:  # run from a source tree that was never installed
        version = "inconnue"
    return (
        f"balises {version} : {command}\n"
        "Ce dossier a été écrit par Balises, qui le remplace en entier à chaque fois.\n"
        "N'y rangez pas d'autres fichiers : ils seraient supprimés.\n"
    )


def mark(folder: Path, command: str) -> None:
    (folder / MARKER).write_text(marker_text(command), encoding="utf-8")


def is_marked(folder: Path) -> bool:
    try:
        marker = os.lstat(folder / MARKER)
    except OSError:
        return False
    return stat.S_ISREG(marker.st_mode)


def _looks_legacy(folder: Path, kind: str) -> bool:
    shape = LEGACY.get(kind, ())
    if not shape:
        return False
    for rel in shape:
        path = folder / rel.rstrip("/")
        if not (path.is_dir() if rel.endswith("/") else path.is_file()):
            return False
    return all(_legacy_entry(name, kind) for name in os.listdir(folder))


def _legacy_entry(name: str, kind: str) -> bool:
    if name in LEGACY_ENTRIES[kind]:
        return True
    # a data package holds nothing but its descriptor and its CSV files
    return kind == "hsds" and name.endswith(".csv") and not name.startswith(".")


# The dataset's own folders: nothing Balises writes goes in there.
DATASET_FOLDERS = ("content", "actors", "logigrams", "schemas")


def _in_dataset(path: Path, root: Path | None) -> bool:
    if root is None:
        return False
    folders = [(root / name).resolve() for name in DATASET_FOLDERS]
    return any(path == folder or folder in path.parents for folder in folders)


def _protected(folder: Path, root: Path | None) -> str | None:
    """Why `folder` (resolved) may never be replaced, or None."""
    if _in_dataset(folder, root):
        return "il est dans les dossiers de données du jeu (content, actors, logigrams, schemas)"
    places = [("la racine du système", Path("/"))]
    if root is not None:
        places.append(("le dossier du jeu de données", root.resolve()))
    places.append(("le dossier courant", Path.cwd().resolve()))
    with contextlib.suppress(RuntimeError, KeyError):  # no home folder known for this user
        places.append(("votre dossier personnel", Path.home().resolve()))
    for name, place in places:
        if folder == place:
            return f"c'est {name}"
        if folder in place.parents:
            return f"il contient {name} ({place})"
    return None


def replaceable(folder: Path, option: str, kind: str) -> None:
    """Raise OutputRefused unless `folder` is absent, empty, marked or an earlier Balises output of `kind`."""
    if not os.path.lexists(folder):
        return
    if not folder.is_dir():
        raise OutputRefused(
            f"{option} {folder} : ce chemin existe et n'est pas un dossier ; il n'a pas été modifié. "
            "Choisissez un dossier vide ou absent."
        )
    try:
        entries = sorted(p.name for p in folder.iterdir())
    except OSError as exc:
        raise OutputRefused(
            f"{option} {folder} : dossier illisible ({exc.strerror}) ; il n'a pas été modifié."
        ) from None
    if not entries or is_marked(folder) or _looks_legacy(folder, kind):
        return
    foreign = [
        name for name in entries if kind not in LEGACY_ENTRIES or not _legacy_entry(name, kind)
    ] or entries
    shown = ", ".join(f"« {name} »" for name in foreign[:3]) + (" …" if len(foreign) > 3 else "")
    raise OutputRefused(
        f"{option} {folder} : ce dossier contient des fichiers qui ne viennent pas de Balises ({shown}) ; "
        "il n'a pas été modifié. Choisissez un dossier vide ou absent, ou supprimez-le vous-même."
    )


def _resolved(path: Path, option: str) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError) as exc:  # a symlink loop, an unreadable folder on the way
        raise OutputRefused(f"{option} {path} : chemin impossible à suivre ({exc}).") from None


def claim_folder(folder: Path, option: str, kind: str, root: Path | None) -> Path:
    """The resolved folder that `option` names, once it is sure Balises may replace it (else OutputRefused)."""
    resolved = _resolved(folder, option)
    why = _protected(resolved, root)
    if why is not None:
        raise OutputRefused(
            f"{option} {folder} : {why} ; Balises ne remplace jamais ce dossier. "
            "Choisissez un autre dossier, vide ou absent (par exemple un nouveau sous-dossier)."
        )
    replaceable(resolved, option, kind)
    return resolved


def _kind_of(found: os.stat_result) -> str:
    return "un dossier" if stat.S_ISDIR(found.st_mode) else "un fichier spécial (tube, périphérique…)"


def _not_a_file(path: Path, option: str, what: str) -> OutputRefused:
    return OutputRefused(
        f"{option} {path} : c'est {what} ; Balises n'y écrit pas. Indiquez le chemin d'un fichier ordinaire, "
        "ou omettez --out pour écrire sur la sortie standard."
    )


def _guarded_file(target: Path, path: Path, root: Path | None) -> str | None:
    """Why the file `target` (resolved; `path` as given) is one an export must never replace, or None."""
    if _in_dataset(target, root):
        return "ce fichier est dans les dossiers de données du jeu (content, actors, logigrams, schemas)"
    if root is not None and target == (root / "mkdocs.yml").resolve():
        return "c'est le fichier de réglages du site du jeu de données (mkdocs.yml)"
    if ".git" in target.parts or ".git" in path.absolute().parts:
        return "ce fichier est dans un dossier .git (l'historique d'un dépôt)"
    if target.suffix.lower() in (".yaml", ".yml") and os.path.lexists(target):
        return "c'est un fichier YAML existant (un export n'est jamais du YAML)"
    return None


def claim_file(path: Path, option: str, root: Path | None) -> Path:
    """The file to write for `option`: the target of a symlink, never a special file, a folder, a data file, the
    site's settings, a file under `.git` or an existing YAML file."""
    try:  # what the path names, links followed: `/dev/stdout` on a pipe is a pipe, whatever its link reads
        found: os.stat_result | None = os.stat(path)
    except (
        FileNotFoundError,
        NotADirectoryError,
    ):  # a new file (or a dangling link): its folder is checked below
        found = None
    except OSError as exc:  # a symlink loop, an unreadable folder on the way
        raise OutputRefused(f"{option} {path} : chemin impossible à suivre ({exc.strerror}).") from None
    if found is not None and not stat.S_ISREG(found.st_mode):
        raise _not_a_file(path, option, _kind_of(found))
    target = _resolved(path, option)
    why = _guarded_file(target, path, root)
    if why is not None:
        raise OutputRefused(
            f"{option} {path} : {why} ; Balises n'y écrit pas. Choisissez un autre chemin, par exemple un "
            "nouveau fichier .csv ou .json hors du jeu de données."
        )
    if found is None:
        _check_new_file(target, path, option)
    return target


# Pseudo file systems: a name there is no file a user keeps (`/proc/…/fd/pipe:[…]` is what a pipe's link reads).
_PSEUDO = (Path("/proc"), Path("/sys"), Path("/dev"))


def _check_new_file(target: Path, path: Path, option: str) -> None:
    """A new file is made in the folder that holds it (its missing folders are made): that must be a real folder."""
    if any(target == place or place in target.parents for place in _PSEUDO):
        raise OutputRefused(
            f"{option} {path} : ce chemin mène à {target}, qui n'est pas un fichier ordinaire ; rien n'a été écrit. "
            "Indiquez le chemin d'un fichier ordinaire, ou omettez --out pour écrire sur la sortie standard."
        )
    holder = next(parent for parent in target.parents if os.path.lexists(parent))
    if not holder.is_dir():
        raise OutputRefused(
            f"{option} {path} : {holder} n'est pas un dossier ; rien n'a été écrit. "
            "Indiquez un fichier dans un dossier existant (ou à créer)."
        )


def disjoint(first: Path, second: Path, options: str) -> None:
    """Two output folders (resolved) must not be one inside the other."""
    if first == second or first in second.parents or second in first.parents:
        raise OutputRefused(
            f"{options} : {first} et {second} se recouvrent ; indiquez deux dossiers distincts."
        )
