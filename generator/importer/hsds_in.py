"""An Open Referral HSDS 3.0 tabular data package (datapackage.json + CSVs), as `balises export --format hsds`
writes it and as other directories publish it. The CSV files are read by their standard names (`organizations.csv`…) in the
package's folder: a `path` in the descriptor is never followed (it could point anywhere)."""

from __future__ import annotations

import csv
import json
import re
from collections import defaultdict
from pathlib import Path

from ..diagnostics import Diagnostic
from ..hsds import IDENTIFIER_TYPE, official_paths
from .records import Record, actor_id, clean, iso_date, os_reason, problem, web_address

_RESOURCES = (
    "organization",
    "organization_identifier",
    "service",
    "location",
    "address",
    "phone",
    "language",
)


def _table(folder: Path, name: str) -> tuple[list[tuple[int, dict[str, str]]], list[Diagnostic]]:
    path = next((p for p in (folder / official_paths()[name], folder / f"{name}.csv") if p.is_file()), None)
    if path is None:
        return [], []
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            rows = [
                (reader.line_num, {k: clean(v) for k, v in row.items() if isinstance(k, str)})
                for row in reader
            ]
    except (UnicodeDecodeError, csv.Error, OSError) as exc:
        why = (
            os_reason(exc)
            if isinstance(exc, OSError)
            else "pas en UTF-8"
            if isinstance(exc, UnicodeDecodeError)
            else str(exc)
        )
        return [], [problem(str(path), 0, "import-illisible", f"fichier illisible ({why})",
                            "le paquet HSDS doit contenir des CSV en UTF-8")]  # fmt: skip
    return rows, []


def read_hsds(path: Path) -> tuple[list[Record], list[Diagnostic]]:
    """One record per organisation; `path` is the package's folder or its datapackage.json."""
    folder = path if path.is_dir() else path.parent
    descriptor = folder / "datapackage.json"
    try:
        json.loads(descriptor.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        line = getattr(exc, "lineno", 0)
        why = (
            os_reason(exc)
            if isinstance(exc, OSError)
            else "JSON mal formé"
            if isinstance(exc, ValueError)
            else "pas en UTF-8"
        )
        return [], [problem(str(descriptor), line, "import-illisible", f"descripteur du paquet HSDS absent ou illisible ({why})",
                            "indiquez le dossier du paquet (qui contient datapackage.json et organizations.csv)")]  # fmt: skip
    tables, diagnostics = {}, []
    for name in _RESOURCES:
        tables[name], found = _table(folder, name)
        diagnostics.extend(found)
    if diagnostics:
        return [], diagnostics
    by = _index(tables)
    records = []
    organizations = str(folder / official_paths()["organization"])
    for line, org in tables["organization"]:
        if not org.get("name"):
            diagnostics.append(
                problem(
                    organizations,
                    line,
                    "import-fiche-invalide",
                    "organisation sans nom",
                    "remplissez la colonne « name »",
                )
            )
            continue
        records.append(_record(organizations, org, line, by))
    return records, diagnostics


def _index(tables: dict) -> dict[str, dict[str, list[dict[str, str]]]]:
    """Rows of each resource by the id they hang off (organisation, service or location)."""
    by: dict[str, dict[str, list[dict[str, str]]]] = defaultdict(lambda: defaultdict(list))
    for name, key in (("organization_identifier", "organization_id"), ("service", "organization_id"),
                      ("location", "organization_id"), ("address", "location_id"), ("language", "service_id")):  # fmt: skip
        for _, row in tables[name]:
            by[name][row.get(key, "")].append(row)
    for _, row in tables["phone"]:
        by["phone"][row.get("organization_id") or row.get("service_id", "")].append(row)
    return by


def _record(file: str, org: dict[str, str], line: int, by: dict) -> Record:
    ours = [
        i["identifier"]
        for i in by["organization_identifier"][org.get("id", "")]
        if i.get("identifier_type") == IDENTIFIER_TYPE
    ]
    services = by["service"][org.get("id", "")]
    service = services[0] if services else {}
    fields: dict = {"id": actor_id(ours[0]) if ours else actor_id(org["name"]), "name": org["name"]}
    if org.get("description") or service.get("description"):
        fields["description"] = org.get("description") or service["description"]
    phones = by["phone"][org.get("id", "")] or by["phone"][service.get("id", "")]
    if any(p.get("number") for p in phones):
        fields["phones"] = [_phone(p) for p in phones if p.get("number")]
    if org.get("email") or service.get("email"):
        fields["email"] = {"address": org.get("email") or service["email"]}
    if org.get("website") or service.get("url"):
        fields["website"] = web_address(org.get("website") or service["url"])
    for location in by["location"][org.get("id", "")]:
        for address in by["address"][location.get("id", "")]:
            fields["address"] = {
                k: address[h]
                for k, h in (("street", "address_1"), ("postal_code", "postal_code"), ("city", "city"))
                if address.get(h)
            }
            break
    if service.get("interpretation_services"):
        fields["interpreting"] = {"text": service["interpretation_services"]}
    codes = sorted({lang["code"] for lang in by["language"][service.get("id", "")] if lang.get("code")})
    if codes:
        fields["languages"] = codes
    return Record(file, line, f"paquet HSDS, organisation {org.get('id') or line}", fields, (),
                  iso_date(service.get("assured_date")))  # fmt: skip


_SOURCE = re.compile(r"^source : (https?://\S+?)(?:, vérifié le (\d{4}-\d{2}-\d{2}))?$")


def _phone(row: dict[str, str]) -> dict[str, str]:
    """A phone with what its HSDS description says: « label — hours — source : URL, vérifié le DATE », as
    `balises export` writes it (another package's free description becomes the label)."""
    phone = {"number": row["number"]}
    parts = [p.strip() for p in row.get("description", "").split(" — ") if p.strip()]
    said = _SOURCE.match(parts[-1]) if parts else None
    if said:
        phone["source"] = said.group(1)
        if said.group(2):
            phone["checked"] = said.group(2)
        parts = parts[:-1]
    for key, value in zip(
        ("label", "hours"), parts if len(parts) <= 2 else [" — ".join(parts)], strict=False
    ):
        phone[key] = value
    return phone
