"""What an import would change: for each record, its file, the text to write, and what to warn about
(duplicates and near-duplicates of the actors already in the dataset, hand-edited files)."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..diagnostics import Diagnostic
from .actor_files import Ownership, actor_data, file_text, ownership, unsourced
from .records import Record, actor_id, normalised_name, problem

NEAR = 0.9  # difflib ratio of two normalised names above which they are reported as near-duplicates


@dataclass(frozen=True)
class Change:
    rel: str  # actors/<territoire>/<id>.yaml
    old: str | None  # the file's current text (None: a new file)
    new: str
    record: Record


@dataclass(frozen=True)
class Existing:
    rel: str
    text: str
    data: dict[str, Any]


def existing_actors(root: Path) -> dict[str, Existing]:
    """The dataset's actor files by id (files that do not parse are left to `balises validate`)."""
    found: dict[str, Existing] = {}
    for path in sorted((root / "actors").glob("*/*.yaml")):
        try:
            text = path.read_text(encoding="utf-8")
            data = yaml.safe_load(text)
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            continue
        if isinstance(data, dict) and isinstance(data.get("id"), str):
            found.setdefault(data["id"], Existing(path.relative_to(root).as_posix(), text, data))
    return found


def type_index(root: Path) -> dict[str, str]:
    """Actor types by id, name, plural and aliases (normalised) → id."""
    try:
        catalogue = yaml.safe_load((root / "actors" / "types.yaml").read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}
    index: dict[str, str] = {}
    for entry in catalogue.get("types", []) if isinstance(catalogue, dict) else []:
        if isinstance(entry, dict) and isinstance(entry.get("id"), str):
            labels = [entry["id"], entry.get("name"), entry.get("plural"), *(entry.get("aliases") or [])]
            index.update({normalised_name(label): entry["id"] for label in labels if isinstance(label, str)})
    return index


def _numbers(actor: dict[str, Any]) -> set[str]:
    """The digits of an actor's phone numbers."""
    phones = actor.get("phones")
    numbers = [p.get("number") for p in phones if isinstance(p, dict)] if isinstance(phones, list) else []
    return {re.sub(r"\D", "", n) for n in numbers if isinstance(n, str) and re.sub(r"\D", "", n)}


def _site(url: Any) -> str:
    if not isinstance(url, str):
        return ""
    return re.sub(r"^[a-z]+://(www\.)?", "", url.lower()).rstrip("/")


def _similar(fields: dict[str, Any], other: Existing) -> str:
    """Why `other` looks like the same actor ("" when it does not)."""
    name, theirs = normalised_name(fields.get("name", "")), normalised_name(str(other.data.get("name", "")))
    if name and name == theirs:
        return "même nom"
    if _numbers(fields) & _numbers(other.data):
        return "même téléphone"
    if _site(fields.get("website")) and _site(fields.get("website")) == _site(other.data.get("website")):
        return "même site web"
    ratio = difflib.SequenceMatcher(None, name, theirs).ratio()
    return f"nom très proche ({ratio:.0%})" if name and theirs and ratio >= NEAR else ""


def _types(record: Record, index: dict[str, str]) -> tuple[list[str], list[str]]:
    """The record's type ids, and the labels that name no type."""
    found, unknown = [], []
    for label in record.types:
        type_id = index.get(normalised_name(label))
        if type_id is None:
            unknown.append(label)
        elif type_id not in found:
            found.append(type_id)
    return found, unknown


def _say(
    found: list[Diagnostic], record: Record, code: str, message: str, hint: str = "", warning: bool = False
) -> None:
    found.append(problem(record.file, record.line, code, f"{record.ref} : {message}", hint, warning=warning))


@dataclass(frozen=True)
class Settings:
    """What every record of one import is planned against."""

    territory: str
    default_types: tuple[str, ...]
    force: bool
    today: str  # AAAA-MM-JJ: `last_verified` of a record that has no date, in a new file
    order: tuple[str, ...]  # the actor schema's field order
    source: str = ""  # --source: the page the contact details were read on, when the record does not say


def plan(root: Path, records: list[Record], settings: Settings) -> tuple[list[Change], list[Diagnostic]]:
    """The changes the records make to the dataset at `root`, and the problems found on the way."""
    existing, index = existing_actors(root), type_index(root)
    changes: list[Change] = []
    found: list[Diagnostic] = []
    seen: dict[str, Record] = {}
    for record in records:
        wanted = _identity(record, existing, seen, settings.territory, found)
        if wanted is None:
            continue
        rel = f"actors/{settings.territory}/{wanted}.yaml"
        same = existing.get(wanted)
        _near_duplicates(record, existing, rel, found)
        types = _kinds(record, index, same, settings.default_types, found)
        if types is None or not _writable(record, same, rel, settings.force, found):
            continue
        base = same.data if same else None
        data = actor_data(record, wanted, types, base, settings.today, list(settings.order), settings.source)
        missing = unsourced(data)
        if missing:
            _say(found, record, "import-contact-sans-source", "pas de source pour : " + ", ".join(missing),
                 "ajoutez une colonne « Source » (l'adresse https:// de la page où ces coordonnées ont été lues), "
                 "ou indiquez --source https://… pour toutes les fiches")  # fmt: skip
            continue
        changes.append(Change(rel, same.text if same else None, file_text(data), record))
    return changes, found


def _identity(record: Record, existing: dict[str, Existing], seen: dict[str, Record], territory: str,
              found: list[Diagnostic]) -> str | None:  # fmt: skip
    """The record's id, or None when it has none or another record or file already holds it."""
    wanted = actor_id(str(record.fields.get("id") or "")) or actor_id(record.fields.get("name", ""))
    if not wanted:
        _say(found, record, "import-fiche-invalide", "aucun identifiant ne peut être tiré du nom",
             "donnez un nom en lettres ou une colonne « Identifiant »")  # fmt: skip
        return None
    if wanted in seen:
        _say(found, record, "import-doublon", f"même identifiant « {wanted} » que {seen[wanted].ref} : fiche ignorée",
             "fusionnez les deux lignes", warning=True)  # fmt: skip
        return None
    seen[wanted] = record
    same = existing.get(wanted)
    if same is not None and same.rel != f"actors/{territory}/{wanted}.yaml":
        _say(found, record, "import-doublon", f"l'acteur « {wanted} » existe déjà dans {same.rel} : fiche ignorée",
             "mettez à jour ce fichier, ou donnez un autre identifiant à la fiche importée", warning=True)  # fmt: skip
        return None
    return wanted


def _near_duplicates(
    record: Record, existing: dict[str, Existing], rel: str, found: list[Diagnostic]
) -> None:
    for other in existing.values():
        why = _similar(record.fields, other) if other.rel != rel else ""
        if why:
            _say(found, record, "import-doublon", f"ressemble à « {other.data.get('id')} » ({other.rel}) : {why}",
                 "vérifiez qu'il ne s'agit pas du même acteur avant de publier", warning=True)  # fmt: skip


def _kinds(record: Record, index: dict[str, str], same: Existing | None, default: tuple[str, ...],
           found: list[Diagnostic]) -> list[str] | None:  # fmt: skip
    """The record's types (else those of the file it updates, else --type); None when there are none."""
    named, unknown = _types(record, index)
    if unknown:
        _say(found, record, "import-type-inconnu", "type(s) d'acteur inconnu(s) : " + ", ".join(f"« {u} »" for u in unknown),
             "utilisez un identifiant, un nom ou un alias de actors/types.yaml")  # fmt: skip
        return None
    types = named or list((same.data.get("types") if same else None) or default)
    if not types:
        _say(found, record, "import-type-inconnu", "aucun type d'acteur",
             "ajoutez une colonne « Type », ou indiquez --type ID pour toutes les fiches")  # fmt: skip
        return None
    return types


def _writable(record: Record, same: Existing | None, rel: str, force: bool, found: list[Diagnostic]) -> bool:
    """False (and says so) when the file exists and was written or edited by hand, unless --force."""
    state = ownership(same.text if same else None)
    if state in (Ownership.HAND, Ownership.EDITED) and not force:
        _say(found, record, "import-fiche-modifiee", f"le fichier {rel} est {state.value} : il n'est pas remplacé",
             "relancez avec --force pour le remplacer (les champs importés écrasent les siens)")  # fmt: skip
        return False
    return True
