"""Exports of the actors: JSON (fields as in the YAML, territories resolved) and CSV for spreadsheets.

Pure functions from the model to text. A confidential address is never exported: only the area served is.
Every CSV cell goes through `spreadsheet_cell` (OWASP's advice against formula injection).
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from .model import ORIENTATION_FIELDS, Actor, Guidance

# A spreadsheet reads a cell that starts with one of these as a formula (OWASP « CSV injection »); the fullwidth
# forms too, which some spreadsheets fold to the ASCII ones.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def spreadsheet_cell(value: Any) -> Any:
    """A text cell that no spreadsheet runs: a leading `'` before a formula character (a phone number
    `+32 2 …` too: without it, Excel reads it as a formula), and every line break as LF, which the csv module
    then quotes (a bare CR would end the row for some readers). Numbers and empty cells are left as they are."""
    if not isinstance(value, str) or not value:
        return value
    if value.startswith(FORMULA_STARTS):
        value = "'" + value
    return value.replace("\r\n", "\n").replace("\r", "\n")


LANGUAGE_NAMES = {
    "fr": "français",
    "nl": "néerlandais",
    "de": "allemand",
    "en": "anglais",
    "ar": "arabe",
    "tr": "turc",
    "es": "espagnol",
    "it": "italien",
    "pt": "portugais",
    "pl": "polonais",
    "ro": "roumain",
    "ru": "russe",
    "uk": "ukrainien",
    "bg": "bulgare",
    "so": "somali",
    "ti": "tigrinya",
    "fa": "persan",
    "ps": "pachto",
    "ber": "berbère",
}


def language_name(code: str) -> str:
    """The French name of a language code (the code itself when unknown)."""
    return LANGUAGE_NAMES.get(code, code)


def select_actors(guidance: Guidance, territory_id: str | None = None) -> tuple[Actor, ...]:
    """Every actor, or those serving one territory; sorted by id so that exports are stable."""
    actors = guidance.actors if territory_id is None else guidance.actors_of(territory_id)
    return tuple(sorted(actors, key=lambda a: a.id))


def actor_record(actor: Actor) -> dict[str, Any]:
    """The actor's fields as in its YAML (ids, not objects), plus the territories it serves."""
    record: dict[str, Any] = {"id": actor.id, "name": actor.name}
    optional = {
        "name_nl": actor.name_nl,
        "alternate_name": actor.alternate_name,
    }
    record.update({k: v for k, v in optional.items() if v})
    record["types"] = [t.id for t in actor.types]
    if actor.generic:
        record["generic"] = True
    record["territories"] = list(actor.territory_ids)
    if actor.area_communes or actor.area_postcodes:
        record["service_area"] = {
            k: list(v)
            for k, v in (("communes", actor.area_communes), ("postcodes", actor.area_postcodes))
            if v
        }
    record.update(contact_record(actor))
    record.update(orientation_record(actor))
    lists = {
        "languages": list(actor.languages),
        "functions": [f.id for f in actor.functions],
        "strata": [s.id for s in actor.strata],
        "periods": [p.id for p in actor.periods],
        "dispositifs": [d.id for d in actor.dispositifs],
        "strategies": [s.id for s in actor.strategies],
        "prestations": [p.id for p in actor.prestations],
    }
    record.update({k: v for k, v in lists.items() if v})
    if actor.bib_role:
        record["bib_role"] = actor.bib_role
    if actor.access:
        record["access"] = dict(actor.access)
    if actor.capacity:
        record["capacity"] = dict(actor.capacity)
    record["description"] = actor.description
    record["last_verified"] = actor.last_verified
    record["source"] = list(actor.sources)
    return record


def _present(pairs: tuple[tuple[str, Any], ...]) -> dict[str, Any]:
    return {k: v for k, v in pairs if v}


def contact_record(actor: Actor) -> dict[str, Any]:
    """The actor's contact details as in its YAML, each with its source and check date (a confidential address
    is left out)."""
    record: dict[str, Any] = {}
    address = actor.public_address
    if address:
        record["address"] = _present(
            (("street", address.street), ("postal_code", address.postal_code), ("city", address.city),
             ("source", address.source), ("checked", address.checked))
        )  # fmt: skip
    if actor.phones:
        record["phones"] = [
            _present((("number", p.number), ("label", p.label), ("hours", p.hours), ("source", p.source),
                      ("checked", p.checked)))
            for p in actor.phones
        ]  # fmt: skip
    for key, name, detail in (("email", "address", actor.email), ("hours", "text", actor.hours),
                              ("contact_page", "url", actor.contact_page)):  # fmt: skip
        if detail:
            record[key] = _present(
                ((name, detail.value), ("source", detail.source), ("checked", detail.checked))
            )
    if actor.website:
        record["website"] = actor.website
    if actor.contacts_not_found:
        record["contacts_not_found"] = actor.contacts_not_found
    return record


def orientation_record(actor: Actor) -> dict[str, Any]:
    """« Comment orienter » as in the actor's YAML (referral, then the HSDS-named facts), each with its source."""
    record: dict[str, Any] = {}
    r = actor.referral
    if r:
        record["referral"] = _present(
            (("who_may_refer", r.who_may_refer), ("send_what", r.send_what), ("source", r.source),
             ("checked", r.checked))
        )  # fmt: skip
        if r.family_may_go_alone is not None:
            record["referral"]["family_may_go_alone"] = r.family_may_go_alone
    for key, fact in actor.orientation.items():
        record[key] = _present((("text", fact.value), ("source", fact.source), ("checked", fact.checked)))
    return record


def orientation_text(actor: Actor) -> str:
    """« Comment orienter » on one line, for the CSV and the assistant."""
    parts = []
    r = actor.referral
    if r and r.who_may_refer:
        parts.append(f"Qui peut orienter : {r.who_may_refer}")
    if r and r.family_may_go_alone is not None:
        parts.append("La famille peut s'y adresser seule : " + ("oui" if r.family_may_go_alone else "non"))
    if r and r.send_what:
        parts.append(f"À envoyer : {r.send_what}")
    parts += [f"{ORIENTATION_FIELDS[k]} : {fact.value}" for k, fact in actor.orientation.items()]
    return " ; ".join(" ".join(p.split()) for p in parts)


def to_json(actors: tuple[Actor, ...]) -> str:
    payload = {"actors": [actor_record(a) for a in actors]}
    return dumps_indented(payload) + "\n"


def dumps_indented(value: Any) -> str:
    """`json.dumps(value, ensure_ascii=False, indent=2)`, the same text, faster: with an indent, the standard
    library encodes in Python, one generator per level; this joins the few JSON types our exports hold directly
    (anything else, keys that are not strings or floats that are not finite, goes to `json.dumps`)."""
    try:
        return _encode(value, "\n")
    except _Unusual:
        return json.dumps(value, ensure_ascii=False, indent=2)


class _Unusual(Exception):
    """A value `_encode` leaves to the standard encoder."""


_encode_string = json.encoder.encode_basestring  # the C function when available, as `json.dumps` uses


def _encode(value: Any, newline: str) -> str:
    """The JSON of `value`; `newline` is a line break followed by the current indentation."""
    if type(value) is str:
        return _encode_string(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if type(value) is int:
        return int.__repr__(value)
    if type(value) is float and value - value == 0:  # not NaN nor infinite
        return float.__repr__(value)
    inner = newline + "  "
    if isinstance(value, list | tuple):
        items = [_encode_string(v) if type(v) is str else _encode(v, inner) for v in value]
        return f"[{inner}{(',' + inner).join(items)}{newline}]" if items else "[]"
    if isinstance(value, dict) and all(type(key) is str for key in value):
        items = [
            f"{_encode_string(k)}: {_encode_string(v) if type(v) is str else _encode(v, inner)}"
            for k, v in value.items()
        ]
        return f"{{{inner}{(',' + inner).join(items)}{newline}}}" if items else "{}"
    raise _Unusual


CSV_COLUMNS = (
    ("id", "Identifiant"),
    ("name", "Nom"),
    ("name_nl", "Nom (NL)"),
    ("types", "Types d'acteurs"),
    ("territories", "Territoires"),
    ("area", "Zone desservie"),
    ("street", "Adresse"),
    ("postal_code", "Code postal"),
    ("city", "Commune"),
    ("phone", "Téléphone"),
    ("email", "E-mail"),
    ("contact_sources", "Contacts lus sur"),
    ("website", "Site web"),
    ("orientation", "Comment orienter"),
    ("languages", "Langues"),
    ("functions", "Fonctions"),
    ("strata", "Strates"),
    ("periods", "Périodes"),
    ("dispositifs", "Dispositifs"),
    ("access", "Accès"),
    ("description", "Description"),
    ("last_verified", "Dernière vérification"),
    ("source", "Source"),
)


def contact_sources(actor: Actor) -> str:
    """Where the phones, e-mail and street were read, each page once with its check date."""
    address = actor.public_address
    details = [
        *actor.phones,
        *([actor.email] if actor.email else []),
        *([address] if address and address.street else []),
    ]
    pages = dict.fromkeys(
        d.source + (f" (vérifié le {d.checked})" if d.checked else "") for d in details if d.source
    )
    return " | ".join(pages)


def access_text(actor: Actor) -> str:
    parts = []
    if actor.access.get("free"):
        parts.append("gratuit")
    if actor.access.get("without_insurance"):
        parts.append("sans mutuelle")
    if actor.access.get("amu"):
        parts.append("AMU acceptée")
    if actor.access.get("conditions"):
        parts.append(str(actor.access["conditions"]))
    return " ; ".join(parts)


def csv_row(actor: Actor, territory_names: dict[str, str]) -> dict[str, str]:
    address = actor.public_address
    area = [*actor.area_communes, *actor.area_postcodes]
    return {
        "id": actor.id,
        "name": actor.name,
        "name_nl": actor.name_nl or "",
        "types": ", ".join(t.name for t in actor.types),
        "territories": ", ".join(territory_names.get(t, t) for t in actor.territory_ids),
        "area": ", ".join(area) if area else "tout le territoire",
        "street": (address.street or "") if address else "",
        "postal_code": (address.postal_code or "") if address else "",
        "city": address.city if address else "",
        "phone": " ; ".join(p.number + (f" ({p.label})" if p.label else "") for p in actor.phones),
        "email": actor.email_address or "",
        "contact_sources": contact_sources(actor),
        "orientation": orientation_text(actor),
        "website": actor.website or "",
        "languages": ", ".join(map(language_name, actor.languages)),
        "functions": ", ".join(f.name for f in actor.functions),
        "strata": ", ".join(s.short_name for s in actor.strata),
        "periods": ", ".join(p.name for p in actor.periods),
        "dispositifs": ", ".join(d.name for d in actor.dispositifs),
        "access": access_text(actor),
        "description": " ".join(actor.description.split()),
        "last_verified": actor.last_verified,
        "source": " | ".join(actor.sources),
    }


class CsvRows:
    """Each actor's CSV row, computed once for all the files a build writes (an actor is in its territories' files
    and in the whole export)."""

    def __init__(self, guidance: Guidance) -> None:
        self.guidance = guidance
        self.territory_names = {t.id: t.name for t in guidance.territories}
        # by object (an actor is not hashable); the actor is kept, so that its id() stays its own
        self.rows: dict[int, tuple[Actor, list[str]]] = {}

    def row(self, actor: Actor) -> list[str]:
        found = self.rows.get(id(actor))
        if found is None:
            row = csv_row(actor, self.territory_names)
            found = self.rows[id(actor)] = (actor, [spreadsheet_cell(row[key]) for key, _ in CSV_COLUMNS])
        return found[1]


def to_csv(actors: tuple[Actor, ...], guidance: Guidance, rows: CsvRows | None = None) -> str:
    """CSV as Belgian Excel opens it: UTF-8 with a byte-order mark, `;` between fields, CRLF line ends."""
    rows = rows if rows is not None and rows.guidance is guidance else CsvRows(guidance)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([label for _, label in CSV_COLUMNS])
    writer.writerows(rows.row(actor) for actor in actors)
    return "\ufeff" + buffer.getvalue()
