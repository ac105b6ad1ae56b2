"""An imported record as an actor file: the YAML text Balises writes, with a marker line holding the hash of
what follows it, so that a later import recognises a file someone edited by hand."""

from __future__ import annotations

import hashlib
import re
from enum import StrEnum
from typing import Any

import yaml

from .records import Record

SCHEMA_LINE = "# yaml-language-server: $schema=../../schemas/actor.schema.json\n"
_MARKER = "# balises import sha256:{} (fiche écrite par « balises import » : modifiée à la main, elle n'est plus remplacée sans --force)\n"
_MARKER_RE = re.compile(r"^# balises import sha256:([0-9a-f]{64})\b[^\n]*\n", re.MULTILINE)


class Ownership(StrEnum):
    ABSENT = "absent"
    OURS = "écrit par balises import"
    EDITED = "modifié à la main depuis l'import"
    HAND = "écrit à la main"


def _digest(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def file_text(actor: dict[str, Any]) -> str:
    """The file: schema line, marker, then the safe-dumped YAML (no tag, no anchor, every string quoted when
    plain YAML would misread it: a value can never become a key or a list)."""
    body = yaml.safe_dump(actor, allow_unicode=True, sort_keys=False, width=110, default_flow_style=False)
    return SCHEMA_LINE + _MARKER.format(_digest(body)) + body


def ownership(text: str | None) -> Ownership:
    if text is None:
        return Ownership.ABSENT
    found = _MARKER_RE.search(text)
    if found is None:
        return Ownership.HAND
    return Ownership.OURS if _digest(text[found.end() :]) == found.group(1) else Ownership.EDITED


def _sources(record: Record, existing: list[str]) -> list[str]:
    provenance = f"Import : {record.ref}" + (
        f", mise à jour du {record.last_update}" if record.last_update else ""
    )
    kept = [s for s in existing if not s.startswith("Import : ")]
    return [*kept, provenance]


def actor_data(record: Record, actor_id: str, types: list[str], existing: dict[str, Any] | None,
               today: str, order: list[str]) -> dict[str, Any]:  # fmt: skip
    """The actor's fields: those of `existing` (a file being updated), replaced by the record's; the schema's
    order. Types, date, description and source fall back on the existing file, then on defaults."""
    base = dict(existing or {})
    merged = {**base, **record.fields, "id": actor_id}
    merged["types"] = types or base.get("types") or []
    merged["last_verified"] = record.last_update or base.get("last_verified") or today
    old = base.get("source", [])
    merged["source"] = _sources(
        record, [old] if isinstance(old, str) else [s for s in old if isinstance(s, str)]
    )
    if not merged.get("description"):
        merged["description"] = f"Fiche importée ({record.ref}) : description à compléter."
    rank = {key: n for n, key in enumerate(order)}
    return dict(sorted(merged.items(), key=lambda item: rank.get(item[0], len(rank))))
