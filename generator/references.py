"""Validation pass 2 — ids unique per kind across all files, and every reference names a known id."""

from __future__ import annotations

from dataclasses import dataclass, field

from .diagnostics import Diagnostic, nearest
from .load import SourceFile, located
from .schemas import Link, SchemaSet

KIND_LABELS = {
    "stratum": "strate",
    "period": "période",
    "key-moment": "moment clé",
    "activity": "activité",
    "strategy": "stratégie",
    "dispositif": "dispositif",
    "function": "fonction",
    "actor-type": "type d'acteur",
    "kce-indicator": "indicateur KCE",
    "bib-indicator": "indicateur BIB",
    "scenario": "scénario",
    "prestation": "prestation",
    "principle": "principe",
    "vignette": "vignette",
    "enjeu": "enjeu",
    "workshop-step": "temps d'atelier",
    "sixw-question": "question des 6W",
    "territory": "territoire",
    "actor": "acteur",
    "logigram-node": "nœud du logigramme",
}


@dataclass(frozen=True)
class Declaration:
    file: str
    line: int


@dataclass
class IdIndex:
    """Every declared id, by kind, with where it was declared."""

    by_kind: dict[str, dict[str, Declaration]] = field(default_factory=dict)
    # the files whose ids another file declares again: each declaration makes the other ambiguous
    conflicting: set[str] = field(default_factory=set)

    def ids(self, kind: str) -> dict[str, Declaration]:
        return self.by_kind.get(kind, {})


def collect(
    schemas: SchemaSet,
    files: list[SourceFile],
    valid: set[str],
    unreadable_kinds: frozenset[str] = frozenset(),
) -> tuple[IdIndex, list[Diagnostic]]:
    """Index the ids declared in every file, then check the references of the files in `valid` (those that
    passed their schema: the others have reported already, and their links may be half-formed).

    References to a kind in `unreadable_kinds` are not checked: a file declaring such ids could not be read,
    and its own error says so; reporting every use of its ids as unknown would bury that one real error."""
    index = IdIndex()
    diagnostics: list[Diagnostic] = []
    links: list[tuple[SourceFile, Link]] = []
    for source in files:
        for link in schemas.links(source.kind.name, source.data):
            if link.declares:
                diagnostics.extend(_declare(index, source, link))
            elif source.rel in valid:
                links.append((source, link))
    for source, link in links:
        if link.kind in unreadable_kinds:
            continue
        known = index.ids(link.kind)
        if link.value not in known:
            diagnostics.append(_unknown(source, link, known))
    return index, diagnostics


def _declare(index: IdIndex, source: SourceFile, link: Link) -> list[Diagnostic]:
    table = index.by_kind.setdefault(link.kind, {})
    first = table.get(link.value)
    if first is not None:
        index.conflicting.add(first.file)
        label = KIND_LABELS.get(link.kind, link.kind)
        where = f"{first.file}:{first.line}" if first.file != source.rel else f"ligne {first.line}"
        return [
            located(
                source,
                link.path,
                "identifiant-duplique",
                f"identifiant « {link.value} » déjà utilisé pour un(e) autre {label} ({where})",
                "choisissez un identifiant différent, ou fusionnez les deux fiches",
            )
        ]
    table[link.value] = Declaration(source.rel, source.document.locate(link.path)[0])
    return []


def _unknown(source: SourceFile, link: Link, known: dict[str, Declaration]) -> Diagnostic:
    label = KIND_LABELS.get(link.kind, link.kind)
    names = sorted(known)
    near = nearest(link.value, names)
    if near:
        hint = f"vouliez-vous dire « {near} » ?"
    elif not names:
        hint = f"aucun(e) {label} n'est défini(e) dans le jeu de données"
    elif len(names) <= 12:
        hint = "valeurs connues : " + ", ".join(names)
    else:
        hint = f"{len(names)} valeurs connues, par exemple : " + ", ".join(names[:8]) + ", …"
    return located(
        source,
        link.path,
        "reference-inconnue",
        f"{label} inconnu(e) : « {link.value} »",
        hint,
        key=link.on_key,
    )
