"""Open Referral HSDS 3.0 export: a tabular data package (datapackage.json + one CSV per resource).

Mapping (our YAML → HSDS): an actor is an `organization` offering one `service`; its public seat is a `location`
(`physical`) with an `address`, linked by `service_at_location`; `phone`, `language` (ISO 639-1 `code`) and one
`service_area` per territory served (with the communes in `description`) hang off the service. `assured_date` is
our `last_verified`. Generic, type-level entries (« votre médecin généraliste ») are not organisations and are left
out; confidential addresses are never exported. Ids are UUID v5 of our slugs in a fixed namespace, so two exports
of the same data are identical. Field lists and types come from the official descriptor (`hsds_resources.json`,
CC BY-SA 4.0, Open Referral).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import uuid
from pathlib import Path
from typing import Any

from .export import access_text, language_name, spreadsheet_cell
from .model import Actor, Guidance, Phone

NAMESPACE = uuid.UUID(
    "6f1c3d2e-5b4a-5e8f-9a7b-1c2d3e4f5a6b"
)  # fixed forever: ids must not change between exports
RESOURCES = (
    "organization",
    "service",
    "location",
    "address",
    "service_at_location",
    "phone",
    "language",
    "service_area",
)
_DESCRIPTOR = json.loads((Path(__file__).with_name("hsds_resources.json")).read_text(encoding="utf-8"))


def hsds_id(kind: str, *parts: str) -> str:
    """`str(uuid.uuid5(NAMESPACE, "kind:part:…"))`, computed without building a `UUID` (a build makes ~7 per actor)."""
    digest = hashlib.sha1(_NAMESPACE_BYTES + ":".join((kind, *parts)).encode("utf-8"), usedforsecurity=False)
    value = int.from_bytes(digest.digest()[:16])
    value = (value & _CLEAR_VERSION_AND_VARIANT) | _VERSION_5_VARIANT_RFC
    text = f"{value:032x}"
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"


_NAMESPACE_BYTES = NAMESPACE.bytes
_CLEAR_VERSION_AND_VARIANT = ~((0xC000 << 48) | (0xF000 << 64)) & ((1 << 128) - 1)
_VERSION_5_VARIANT_RFC = (0x8000 << 48) | (5 << 76)


def _rows(
    actor: Actor, territories: dict[str, tuple[str, tuple[str, ...]]]
) -> dict[str, list[dict[str, Any]]]:
    """The actor's rows of each resource; `territories` as `_territories` gives them."""
    org, service = hsds_id("organization", actor.id), hsds_id("service", actor.id)
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in RESOURCES}
    rows["organization"].append(
        {"id": org, "name": actor.name, "alternate_name": actor.alternate_name or actor.name_nl,
         "description": actor.description.strip(), "email": actor.email_address, "website": actor.website}
    )  # fmt: skip
    eligibility = ", ".join(s.name for s in actor.strata)
    said = {k: fact.value for k, fact in actor.orientation.items()}
    rows["service"].append(
        {
            "id": service,
            "organization_id": org,
            "name": actor.name,
            "description": actor.description.strip(),
            "url": actor.website,
            "email": actor.email_address,
            "status": "active",
            "eligibility_description": _joined(
                f"Situations : {eligibility}" if eligibility else None, said.get("eligibility_description")
            ),
            "fees_description": _joined(access_text(actor), said.get("fees_description")),
            "wait_time": _joined(
                "Service saturé (liste d'attente)" if actor.saturated else None, said.get("wait_time")
            ),
            "application_process": _joined(_referral_text(actor), said.get("application_process")),
            "interpretation_services": said.get("interpreting"),
            "assured_date": actor.last_verified,
        }
    )
    address = actor.public_address
    if address:
        location = hsds_id("location", actor.id)
        rows["location"].append(
            {
                "id": location,
                "location_type": "physical",
                "organization_id": org,
                "name": actor.name,
                "transportation": said.get("accessibility"),
            }
        )
        if address.street and address.postal_code:
            rows["address"].append(
                {"id": hsds_id("address", actor.id), "location_id": location, "address_1": address.street,
                 "city": address.city, "state_province": _province(address.postal_code),
                 "postal_code": address.postal_code, "country": "BE", "address_type": "physical"}
            )  # fmt: skip
        rows["service_at_location"].append(
            {"id": hsds_id("service_at_location", actor.id), "service_id": service, "location_id": location}
        )
    for i, phone in enumerate(actor.phones):
        rows["phone"].append(
            {"id": hsds_id("phone", actor.id, str(i)), "service_id": service, "organization_id": org,
             "number": phone.number, "type": "voice", "description": phone_description(phone)}
        )  # fmt: skip
    for code in actor.languages:
        rows["language"].append(
            {"id": hsds_id("language", actor.id, code), "service_id": service,
             "name": language_name(code), "code": code}
        )  # fmt: skip
    for territory_id in actor.territory_ids:
        territory = territories.get(territory_id)
        if territory is None:
            continue
        name, all_communes = territory
        communes = actor.area_communes or all_communes
        rows["service_area"].append(
            {"id": hsds_id("service_area", actor.id, territory_id), "service_id": service, "name": name,
             "description": "Communes : " + ", ".join(communes), "extent": ", ".join(communes), "extent_type": "text"}
        )  # fmt: skip
    return rows


def _joined(*parts: str | None) -> str | None:
    return " ; ".join(p for p in parts if p) or None


def _referral_text(actor: Actor) -> str | None:
    r = actor.referral
    if r is None:
        return None
    alone = {True: "la famille peut s'y adresser seule", False: "sur orientation d'un professionnel"}
    return _joined(
        f"Qui peut orienter : {r.who_may_refer}" if r.who_may_refer else None,
        alone.get(r.family_may_go_alone),  # type: ignore[arg-type]
        f"À envoyer : {r.send_what}" if r.send_what else None,
    )


def phone_description(phone: Phone) -> str | None:
    """HSDS phone.description: what the number is for, when to call, where it was read and when."""
    parts = [p for p in (phone.label, phone.hours) if p]
    if phone.source:
        parts.append(f"source : {phone.source}" + (f", vérifié le {phone.checked}" if phone.checked else ""))
    return " — ".join(parts) or None


def _territories(guidance: Guidance) -> dict[str, tuple[str, tuple[str, ...]]]:
    """Territory id → (name, names of its communes)."""
    return {t.id: (t.name, tuple(c.name for c in t.communes)) for t in guidance.territories}


def _province(postcode: str) -> str:
    """Belgian province (or region) from the postcode ranges of bpost."""
    code = int(postcode)
    ranges = [
        (1000, 1299, "Région de Bruxelles-Capitale"), (1300, 1499, "Brabant wallon"), (1500, 1999, "Brabant flamand"),
        (2000, 2999, "Anvers"), (3000, 3499, "Brabant flamand"), (3500, 3999, "Limbourg"), (4000, 4999, "Liège"),
        (5000, 5999, "Namur"), (6000, 6599, "Hainaut"), (6600, 6999, "Luxembourg"), (7000, 7999, "Hainaut"),
        (8000, 8999, "Flandre-Occidentale"), (9000, 9999, "Flandre-Orientale"),
    ]  # fmt: skip
    return next(name for low, high, name in ranges if low <= code <= high)


def _csv(resource: dict, rows: list[dict[str, Any]]) -> str:
    fields = [f["name"] for f in resource["schema"]["fields"]]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(fields)
    for row in rows:
        writer.writerow(["" if row.get(name) is None else spreadsheet_cell(row[name]) for name in fields])
    return buffer.getvalue()


def package(actors: tuple[Actor, ...], guidance: Guidance, title: str) -> dict[str, str]:
    """The files of the data package, by relative path (datapackage.json and the CSVs)."""
    collected: dict[str, list[dict[str, Any]]] = {name: [] for name in RESOURCES}
    territories = _territories(guidance)
    for actor in actors:
        if actor.generic:
            continue
        for name, rows in _rows(actor, territories).items():
            collected[name].extend(rows)
    files: dict[str, str] = {}
    resources = []
    for resource in _DESCRIPTOR["resources"]:
        schema = dict(resource["schema"])
        schema["foreignKeys"] = [
            fk for fk in schema.get("foreignKeys", []) if fk["reference"]["resource"] in RESOURCES
        ]
        resources.append({"name": resource["name"], "path": resource["path"], "profile": "tabular-data-resource",
                          "format": "csv", "mediatype": "text/csv", "encoding": "utf-8", "schema": schema})  # fmt: skip
        files[resource["path"]] = _csv(resource, collected[resource["name"]])
    descriptor = {
        "name": "balises-repertoire",
        "title": title,
        "description": "Répertoire des acteurs du programme « 1000 premiers jours », au format Open Referral HSDS 3.0. "
        "Les entrées génériques (rôles) et les adresses confidentielles ne sont pas exportées.",
        "profile": "tabular-data-package",
        "version": _DESCRIPTOR["version"],
        "license": _DESCRIPTOR["license"],
        "resources": resources,
    }
    files["datapackage.json"] = json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n"
    return files
