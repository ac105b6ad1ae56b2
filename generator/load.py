"""Stage 1 — load: read every YAML file of a dataset, with source positions. Never writes anything."""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import layout
from .diagnostics import Diagnostic, Severity, json_pointer
from .yamlsource import ReadResult, YamlDocument, read_yaml


@dataclass
class SourceFile:
    rel: str  # POSIX path relative to the dataset root
    kind: layout.FileKind
    document: YamlDocument

    @property
    def data(self) -> Any:
        return self.document.data


def located(
    source: SourceFile,
    path: tuple,
    code: str,
    message: str,
    hint: str = "",
    *,
    warning: bool = False,
    key: bool = False,
) -> Diagnostic:
    """A diagnostic at the line and column of `path` in `source` (of its key when `key`)."""
    line, column = source.document.locate(path, key=key)
    severity = Severity.WARNING if warning else Severity.ERROR
    return Diagnostic(source.rel, line, column, code, message, severity, json_pointer(path), hint)


@dataclass
class LoadedDataset:
    root: Path
    files: list[SourceFile] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    checked: int = 0  # how many files were read
    # files present but left out of `files`, in a view given to the rules: they have errors of their own
    withheld: frozenset[str] = frozenset()

    def is_withheld(self, rel_or_folder: str) -> bool:
        """Whether the file `rel_or_folder`, or any file in that folder (ending with « / »), is withheld —
        the folder itself or one of its parents included (a folder that could not be read)."""
        if self.within_withheld(rel_or_folder.rstrip("/")):
            return True
        if rel_or_folder.endswith("/"):
            return any(rel.startswith(rel_or_folder) for rel in self.withheld)
        return False

    def within_withheld(self, rel: str) -> bool:
        """Whether `rel` is withheld, or lies in a withheld folder."""
        return any(rel == w or rel.startswith(w + "/") for w in self.withheld)

    def of_kind(self, name: str) -> list[SourceFile]:
        return [f for f in self.files if f.kind.name == name]

    def one(self, name: str) -> SourceFile | None:
        found = self.of_kind(name)
        return found[0] if found else None


# path → the bytes read and what they gave, to reuse when unchanged
Reads = dict[str, tuple[bytes, ReadResult]]


def load_dataset(root: Path, reads: Reads | None = None) -> LoadedDataset:
    """Read every data file under `root`; unreadable files become diagnostics.

    `reads` (kept by the caller between two loads, e.g. by the live preview) lets a file whose bytes did not
    change skip parsing; it is updated with what this load read."""
    dataset = LoadedDataset(root)
    outside: list[str] = []
    present = layout.dataset_files(root, outside)
    if not any((root / d).is_dir() for d in layout.DATA_DIRS):
        dataset.diagnostics.append(
            Diagnostic(
                str(root),
                0,
                0,
                "jeu-de-donnees-introuvable",
                "aucun dossier content/, actors/ ni logigrams/ ici : ce n'est pas un jeu de données Balises",
                hint="lancez la commande à la racine du jeu de données, ou indiquez-la avec --root DOSSIER",
            )
        )
        return dataset
    dataset.diagnostics.extend(_outside_link(rel) for rel in outside)
    unread = {kind for rel in outside if rel.endswith("/") for kind in layout.kinds_under(rel.rstrip("/"))}
    for kind in layout.missing_required(present):
        if kind in unread:
            continue  # in a folder that is a link out of the dataset: « lien-externe » says why
        dataset.diagnostics.append(
            Diagnostic(
                kind.pattern,
                0,
                0,
                "fichier-manquant",
                f"fichier obligatoire manquant : {kind.label}",
                hint=f"créez « {kind.pattern} » (sa forme : schemas/{kind.name}.schema.json)",
            )
        )
    with cyclic_gc_paused():
        for rel in present:
            _load_one(dataset, rel, reads)
    if reads is not None:
        for gone in reads.keys() - set(present):
            del reads[gone]
    return dataset


def _outside_link(rel: str) -> Diagnostic:
    what = "ce dossier" if rel.endswith("/") else "ce fichier"
    return Diagnostic(
        rel.rstrip("/"),
        0,
        0,
        "lien-externe",
        f"{what} est un lien symbolique qui mène hors du jeu de données : il n'a pas été lu",
        hint="remplacez le lien par une copie du fichier (ou du dossier) dans le jeu de données, ou supprimez-le",
    )


@contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for a while.

    Building many long-lived objects triggers collections that each scan everything built so far: on large
    datasets the cyclic GC then costs more than the work itself. Our data holds no cycles; the few that
    other code may make meanwhile are collected once the collector resumes.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _load_one(dataset: LoadedDataset, rel: str, reads: Reads | None = None) -> None:
    kind = layout.kind_of(rel)
    if kind is None:
        dataset.diagnostics.append(
            Diagnostic(
                rel,
                0,
                0,
                "fichier-inattendu",
                "fichier inattendu à cet endroit",
                hint=layout.expected_near(rel),
            )
        )
        return
    dataset.checked += 1
    try:
        with open(os.path.join(dataset.root, rel), "rb") as file:
            raw = file.read()
    except OSError as exc:
        dataset.diagnostics.append(
            Diagnostic(rel, 0, 0, "fichier-illisible", f"lecture impossible : {exc.strerror}")
        )
        return
    known = reads.get(rel) if reads is not None else None
    if known is not None and known[0] == raw:
        result = known[1]
    else:
        result = read_yaml(raw, rel)
        if reads is not None:
            reads[rel] = (raw, result)
    dataset.diagnostics.extend(result.diagnostics)
    if result.document is not None:
        dataset.files.append(SourceFile(rel, kind, result.document))
