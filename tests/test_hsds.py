"""The Open Referral HSDS 3.0 export.

Constraints relied on (HSDS 3.0, datapackage.json and schema/*.json): resources named organization, service,
location, address, service_at_location, phone, language, service_area, each a CSV with the official columns in the
official order; every `id` a UUID, unique; required fields filled (organization: id, name, description; service:
id, name, status ∈ {active, inactive, defunct, temporarily closed}; location: id, location_type ∈ {physical, postal,
virtual}; address: id, address_1, city, state_province, postal_code, country, address_type; phone: id, number);
foreign keys point at existing rows. Each row is also validated against the official JSON Schema of its object
(copied into tests/fixtures/hsds-3.0), and the package written to disk passes `frictionless validate`, for the
fixture and for the shipped data.
"""

from __future__ import annotations

import csv
import io
import json
import uuid
from pathlib import Path

import pytest
from conftest import MINI, ROOT
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from generator import export, hsds
from generator.pipeline import load_model

VENDOR = ROOT.parent / "shared" / "vendor" / "hsds-3.0"
OFFICIAL_SCHEMAS = ROOT / "tests" / "fixtures" / "hsds-3.0" / "schema"
REQUIRED = {
    "organization": {"id", "name", "description"},
    "service": {"id", "name", "status"},
    "location": {"id", "location_type"},
    "address": {"id", "address_1", "city", "state_province", "postal_code", "country", "address_type"},
    "phone": {"id", "number"},
}


@pytest.fixture(scope="module")
def package():
    guidance = load_model(MINI).guidance
    return hsds.package(export.select_actors(guidance), guidance, "Test")


def tables(package) -> dict[str, list[dict]]:
    descriptor = json.loads(package["datapackage.json"])
    return {r["name"]: list(csv.DictReader(io.StringIO(package[r["path"]]))) for r in descriptor["resources"]}


def test_resources_and_columns(package):
    descriptor = json.loads(package["datapackage.json"])
    names = [r["name"] for r in descriptor["resources"]]
    assert set(names) >= {
        "organization",
        "service",
        "location",
        "service_at_location",
        "phone",
        "language",
        "service_area",
    }
    assert descriptor["profile"] == "tabular-data-package"
    for resource in descriptor["resources"]:
        header = package[resource["path"]].splitlines()[0].split(",")
        assert header == [f["name"] for f in resource["schema"]["fields"]]


def test_ids_are_unique_uuids_and_deterministic(package):
    seen = set()
    for rows in tables(package).values():
        for row in rows:
            uuid.UUID(row["id"])
            assert row["id"] not in seen
            seen.add(row["id"])
    assert hsds.hsds_id("organization", "aquarelle") == hsds.hsds_id("organization", "aquarelle")


def test_required_fields_and_foreign_keys(package):
    data = tables(package)
    ids = {name: {row["id"] for row in rows} for name, rows in data.items()}
    for name, fields in REQUIRED.items():
        for row in data[name]:
            assert all(row[f] for f in fields), (name, row)
    assert {r["status"] for r in data["service"]} <= {"active", "inactive", "defunct", "temporarily closed"}
    for row in data["service"]:
        assert row["organization_id"] in ids["organization"]
    for row in data["service_at_location"]:
        assert row["service_id"] in ids["service"] and row["location_id"] in ids["location"]
    for name in ("language", "service_area", "phone"):
        for row in data[name]:
            assert row["service_id"] in ids["service"]


def test_generic_entries_and_confidential_addresses_are_left_out(package):
    data = tables(package)
    names = {row["name"] for row in data["organization"]}
    assert "Aquarelle" in names and "Une sage-femme (hospitalière ou indépendante)" not in names
    assert not any("Exemple" in row["address_1"] for row in data["address"])
    jette = next(r for r in data["service_area"] if "Jette" in r["description"])
    assert jette["name"] == "Bassin Nord"


def test_two_exports_are_identical(package):
    guidance = load_model(MINI).guidance
    assert hsds.package(export.select_actors(guidance), guidance, "Test") == package


@pytest.mark.skipif(not VENDOR.is_dir(), reason="the official HSDS data package is not present")
def test_columns_are_the_official_ones(package):
    official = json.loads((VENDOR / "datapackage.json").read_text())
    official_fields = {r["name"]: [f["name"] for f in r["schema"]["fields"]] for r in official["resources"]}
    descriptor = json.loads(package["datapackage.json"])
    for resource in descriptor["resources"]:
        assert [f["name"] for f in resource["schema"]["fields"]] == official_fields[resource["name"]]


def test_rows_satisfy_the_official_json_schemas(package):
    schema_dir = OFFICIAL_SCHEMAS
    registry = Registry().with_resources(
        (p.name, Resource.from_contents(json.loads(p.read_text()), default_specification=DRAFT202012))
        for p in schema_dir.glob("*.json")
    )
    for name, rows in tables(package).items():
        schema = json.loads((schema_dir / f"{name}.json").read_text())
        validator = Draft202012Validator(
            schema, registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER
        )
        for row in rows:
            instance = {k: v for k, v in row.items() if v != ""}
            errors = [e.message for e in validator.iter_errors(instance)]
            assert not errors, (name, instance, errors)


def test_cli_writes_the_package(tmp_path: Path):
    from generator.cli import main

    assert main(["export", "--format", "hsds", "--root", str(MINI), "--out", str(tmp_path / "hsds")]) == 0
    assert (tmp_path / "hsds" / "datapackage.json").is_file()
    assert main(["export", "--format", "hsds", "--root", str(MINI)]) == 2


@pytest.mark.parametrize("root", [MINI, ROOT], ids=["mini", "shipped"])
def test_frictionless_validates_the_written_package(root: Path, tmp_path: Path):
    frictionless = pytest.importorskip("frictionless")
    from generator.cli import main

    assert main(["export", "--format", "hsds", "--root", str(root), "--out", str(tmp_path / "hsds")]) == 0
    report = frictionless.validate(str(tmp_path / "hsds" / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    organizations = (tmp_path / "hsds" / "organizations.csv").read_text(encoding="utf-8")
    assert organizations.count("\n") > 1  # a package of empty tables would pass too


def test_our_ids_travel_in_organization_identifier(package):
    data = tables(package)
    by_org = {row["organization_id"]: row for row in data["organization_identifier"]}
    aquarelle = next(r for r in data["organization"] if r["name"] == "Aquarelle")
    assert by_org[aquarelle["id"]]["identifier"] == "aquarelle"
    assert by_org[aquarelle["id"]]["identifier_type"] == "balises"
