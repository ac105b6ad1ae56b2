"""A JSON export of the Brussels social directory (Bruxelles-Social, social.brussels): a list of records with
bilingual fields (`nameFr`/`nameNl`…), `lastUpdate`, access, public, hours (`permanencyFr`/`Nl`),
`isInterpreting`, `langStatus` and an address with its district and statistical sector."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostic
from .records import Record, actor_id, clean, contacts, iso_date, problem, unreadable, web_address

DIRECTORY = "Bruxelles-Social, répertoire social bruxellois (https://social.brussels/)"
DIRECTORY_URL = "https://social.brussels/"  # the source of each contact detail read in it
_LANG_STATUS = {"fr": ["fr"], "nl": ["nl"], "fr-nl": ["fr", "nl"], "nl-fr": ["fr", "nl"], "bilingue": ["fr", "nl"],
                "bilingual": ["fr", "nl"], "tweetalig": ["fr", "nl"]}  # fmt: skip
MAX_BYTES = 50_000_000
_PLACE = (("quartier", "district"), ("secteur statistique", "statisticalSector"))


def _text(record: dict, key: str) -> str:
    value = record.get(key)
    return clean(value) if isinstance(value, str | int | float) and not isinstance(value, bool) else ""


def read_annuaire(path: Path) -> tuple[list[Record], list[Diagnostic]]:
    name = str(path)
    try:
        if path.stat().st_size > MAX_BYTES:
            return [], [
                problem(
                    name,
                    0,
                    "import-illisible",
                    "fichier trop volumineux (plus de 50 Mo)",
                    "découpez l'export",
                )
            ]
        data = json.loads(path.read_bytes().decode("utf-8-sig"))
    except OSError as exc:
        return [], [unreadable(name, exc, "indiquez le fichier JSON exporté")]
    except UnicodeDecodeError:
        return [], [
            problem(
                name,
                0,
                "import-illisible",
                "le fichier n'est pas en UTF-8",
                "exportez l'annuaire en JSON UTF-8",
            )
        ]
    except json.JSONDecodeError as exc:
        return [], [problem(name, exc.lineno, "import-illisible", f"JSON mal formé ({exc.msg}, colonne {exc.colno})",
                            "le fichier doit être une liste JSON de fiches, telle que l'annuaire l'exporte")]  # fmt: skip
    if isinstance(data, dict):
        data = next(
            (
                data[k]
                for k in ("records", "items", "organisations", "results")
                if isinstance(data.get(k), list)
            ),
            None,
        )
    if not isinstance(data, list):
        return [], [problem(name, 1, "import-illisible", "le fichier n'est pas une liste de fiches",
                            "attendu : [ {\"id\": …, \"nameFr\": …}, … ]")]  # fmt: skip
    records, diagnostics = [], []
    for number, item in enumerate(data, start=1):
        record = _record(name, path.name, number, item) if isinstance(item, dict) else None
        if record is None:
            diagnostics.append(problem(name, 0, "import-fiche-invalide", f"fiche n° {number} : ni nom français ni nom néerlandais",
                                       "chaque fiche doit avoir « nameFr » ou « nameNl »"))  # fmt: skip
        else:
            records.append(record)
    return records, diagnostics


def _record(file: str, base: str, number: int, item: dict[str, Any]) -> Record | None:
    name_fr, name_nl = _text(item, "nameFr"), _text(item, "nameNl")
    if not (name_fr or name_nl):
        return None
    ref = _text(item, "id") or str(number)
    fields: dict[str, Any] = {"id": actor_id(name_fr or name_nl), "name": name_fr or name_nl}
    if name_nl and name_fr:
        fields["name_nl"] = name_nl
    if _text(item, "descriptionFr"):
        fields["description"] = _text(item, "descriptionFr")
    fields.update(contacts(_text(item, "phone"), _text(item, "email"), _text(item, "permanencyFr")))
    if _text(item, "website"):
        fields["website"] = web_address(_text(item, "website"))
    address = item.get("address") if isinstance(item.get("address"), dict) else {}
    street = " ".join(
        p for p in (_text(address, "streetFr") or _text(address, "streetNl"), _text(address, "number")) if p
    )
    postcode, city = (
        _text(address, "zipCode"),
        _text(address, "municipalityFr") or _text(address, "municipalityNl"),
    )
    if city:
        fields["address"] = {
            k: v for k, v in (("street", street), ("postal_code", postcode), ("city", city)) if v
        }
        where = [f"{label} {_text(address, key)}" for label, key in _PLACE if _text(address, key)]
        if where:
            fields["address"]["note"] = "Annuaire : " + ", ".join(where) + "."
    languages = _LANG_STATUS.get(_text(item, "langStatus").lower())
    if languages:
        fields["languages"] = languages
    fields.update(_facts(item))
    return Record(
        file,
        0,
        f"{DIRECTORY}, fiche {ref} ({base})",
        fields,
        (),
        iso_date(item.get("lastUpdate")),
        DIRECTORY_URL,
    )


def _facts(item: dict[str, Any]) -> dict[str, Any]:
    """Access, public and interpreting as the actor's « comment orienter » facts (HSDS service fields)."""
    facts = {
        key: {"text": _text(item, source)}
        for key, source in (("application_process", "accessFr"), ("eligibility_description", "publicFr"))
        if _text(item, source)
    }
    if item.get("isInterpreting") is True:
        facts["interpreting"] = {"text": "Interprétariat possible (d'après l'annuaire)."}
    return facts
