"""Exports: JSON (fields as in the YAML + resolved territories) and CSV for Belgian Excel; golden files."""

from __future__ import annotations

import csv
import io
import json

import pytest
from conftest import MINI
from golden import assert_golden

from generator import export
from generator.pipeline import load_model


@pytest.fixture(scope="module")
def guidance():
    loaded = load_model(MINI)
    assert loaded.guidance is not None
    return loaded.guidance


def test_json_golden(guidance):
    assert_golden("export/mini-actors.json", export.to_json(export.select_actors(guidance)))


def test_csv_golden(guidance):
    assert_golden("export/mini-actors.csv", export.to_csv(export.select_actors(guidance), guidance))


def test_json_resolves_territories_from_the_folder(guidance):
    records = {r["id"]: r for r in json.loads(export.to_json(export.select_actors(guidance)))["actors"]}
    assert records["aquarelle"]["territories"] == [
        "bxl-nord"
    ]  # region folder → every territory of the region
    assert records["maison-test-jette"]["territories"] == ["bxl-nord"]


def test_confidential_address_is_never_exported(guidance):
    actors = export.select_actors(guidance)
    text = export.to_json(actors) + export.to_csv(actors, guidance)
    assert "Rue de l'Exemple" not in text
    assert "Jette" in text  # the area served is still published


def test_csv_opens_in_belgian_excel(guidance):
    text = export.to_csv(export.select_actors(guidance), guidance)
    assert text.startswith("\ufeff")  # the BOM makes Excel read UTF-8 (accents)
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
    assert rows[0][:3] == ["Identifiant", "Nom", "Nom (NL)"]
    assert "\r\n" in text
    by_id = {row[0]: row for row in rows[1:]}
    assert by_id["maison-test-jette"][1] == "Maison médicale « Test » <Jette> & Cie"
    assert "néerlandais" in by_id["maison-test-jette"][rows[0].index("Langues")]


def test_territory_filter(guidance):
    assert [a.id for a in export.select_actors(guidance, "bxl-nord")] == [
        "aquarelle", "brusano", "bxl-sage-femme", "maison-test-jette",
    ]  # fmt: skip


def _csv_rows(text: str) -> dict[str, dict[str, str]]:
    return {
        row["Identifiant"]: row for row in csv.DictReader(io.StringIO(text.lstrip("\ufeff")), delimiter=";")
    }


def test_csv_names_the_territory_and_the_sources_in_words(guidance):
    rows = _csv_rows(export.to_csv(export.select_actors(guidance), guidance))
    aquarelle = rows["aquarelle"]
    assert aquarelle["Zone desservie"] == "tout le territoire : Bassin Nord"
    assert aquarelle["Source"] == "Convention INAMI – COCOM/COCOF, Annexe 2, subventions Cocof, n° 4"
    assert rows["maison-test-jette"]["Zone desservie"] == "Jette"
    assert rows["brusano"]["Source"] == "https://www.brusano.brussels/a-propos/"  # a web address stays one


def test_the_shipped_csv_names_no_source_file():
    from conftest import ROOT

    shipped = load_model(ROOT).guidance
    text = export.to_csv(export.select_actors(shipped), shipped)
    assert ".txt" not in "".join(row["Source"] for row in _csv_rows(text).values())
    assert "tout le territoire ;" not in text.replace('"', "")
