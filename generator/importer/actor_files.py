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
_MARKER_RE = re.compile(r"# balises import sha256:([0-9a-f]{64})\b[^\n]*\n")


class Ownership(StrEnum):
    ABSENT = "absent"
    OURS = "écrit par balises import"
    EDITED = "modifié à la main depuis l'import"
    HAND = "écrit à la main"


def _digest(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


class _Dumper(yaml.SafeDumper):
    """`yaml.safe_dump`'s dumper, without anchors for a value met twice (the validator refuses them)."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def file_text(actor: dict[str, Any]) -> str:
    """The file: schema line, marker, then the safe-dumped YAML (no tag, no anchor, every string quoted when
    plain YAML would misread it: a value can never become a key or a list)."""
    body = yaml.dump(
        actor, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=110, default_flow_style=False
    )
    return SCHEMA_LINE + _MARKER.format(_digest(body)) + body


def ownership(text: str | None) -> Ownership:
    if text is None:
        return Ownership.ABSENT
    head = len(SCHEMA_LINE) if text.startswith(SCHEMA_LINE) else 0
    found = _MARKER_RE.match(text, head)  # only where Balises writes it: a value can never pose as the marker
    if found is None:
        return Ownership.HAND
    return Ownership.OURS if _digest(text[found.end() :]) == found.group(1) else Ownership.EDITED


def _sources(record: Record, existing: list[str]) -> list[str]:
    provenance = f"Import : {record.ref}" + (
        f", mise à jour du {record.last_update}" if record.last_update else ""
    )
    kept = [s for s in existing if not s.startswith("Import : ")]
    return [*kept, provenance]


# the details that carry their page and date: contacts, and the « comment orienter » facts (HSDS names)
_FACTS = ("application_process", "eligibility_description", "interpreting")
_DETAILS = (("phones", "number"), ("email", "address"), ("address", "street"), ("hours", "text"),
            *((fact, "text") for fact in _FACTS))  # fmt: skip


def _detail(new: dict, old: dict | None, page: str, date: str, today: str) -> dict[str, Any]:
    """A contact detail with its `source` (its own, else the record's page, else the file's for the same value)
    and `checked` (its own, else the later of the record's date and the file's for the same value and page,
    else today)."""
    old = old or {}
    detail = {**old, **new}
    source = new.get("source") or page or old.get("source")
    if source:
        detail["source"] = source
    kept = old.get("checked") if old.get("source") == source and isinstance(old.get("checked"), str) else ""
    detail["checked"] = new.get("checked") or max(date, kept) or today  # ISO dates: the latest reading
    return detail


def sourced_contacts(record: Record, base: dict[str, Any], page: str, today: str) -> dict[str, Any]:
    """The record's phones, e-mail, street and hours in the actor's contact shape (each with source and checked);
    the file's value of the same detail gives what the record does not (a phone's label, the address's
    `confidential`, which an import never lifts)."""
    found: dict[str, Any] = {}
    for key, value_key in _DETAILS:
        new, old = record.fields.get(key), base.get(key)
        if new is None:
            continue
        if key == "phones":
            olds = {p.get("number"): p for p in old or () if isinstance(p, dict)}
            found[key] = [_detail(p, olds.get(p["number"]), page, record.last_update, today) for p in new]
            continue
        same = old if isinstance(old, dict) and old.get(value_key) == new.get(value_key) else None
        found[key] = _detail(new, same, page, record.last_update, today) if new.get(value_key) else dict(new)
        if key == "address" and isinstance(old, dict) and old.get("confidential"):
            found[key]["confidential"] = True
    return found


def unsourced(actor: dict[str, Any]) -> list[str]:
    """The contact fields of `actor` whose detail has no source (the validator would refuse them)."""
    missing = [f"téléphone « {p['number']} »" for p in actor.get("phones", ()) if not p.get("source")]
    if actor.get("email") and not actor["email"].get("source"):
        missing.append(f"e-mail « {actor['email']['address']} »")
    if actor.get("address", {}).get("street") and not actor["address"].get("source"):
        missing.append("rue")
    return missing


def _same_text(new: Any, old: Any) -> bool:
    """Two texts that differ only by the spaces around them (an export trims a YAML block's final newline)."""
    return isinstance(new, str) and isinstance(old, str) and new.strip() == old.strip()


def actor_data(record: Record, actor_id: str, types: list[str], existing: dict[str, Any] | None,
               today: str, order: list[str], page: str = "") -> dict[str, Any]:  # fmt: skip
    """The actor's fields: those of `existing` (a file being updated), replaced by the record's; the schema's
    order. Types, date, description and source fall back on the existing file, then on defaults; `page` is where
    the contact details were read when the record does not say (--source)."""
    base = dict(existing or {})
    page = record.directory or page
    fields = {k: v for k, v in record.fields.items() if not _same_text(v, base.get(k))}
    merged = {**base, **fields, **sourced_contacts(record, base, page, today), "id": actor_id}
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
