"""Territories and actors: where actors serve, choices, stale and unreachable records, postcode lookup, report."""

from __future__ import annotations

import json
from datetime import date

import pytest
from conftest import MINI

from generator import coverage
from generator.cli import main
from generator.pipeline import load_model
from generator.validate import validate

TODAY = date(2026, 11, 24)


def replace(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def found(root):
    return [(d.file, d.code, d.severity.value) for d in validate(root, today=TODAY).diagnostics]


def test_fixture_has_only_the_expected_warnings():
    assert sorted(found(MINI)) == [
        ("actors/bxl-nord/maison-test-jette.yaml", "acteur-injoignable", "avertissement"),
        # « <Jette> » in its name: the site shows it as text
        ("actors/bxl-nord/maison-test-jette.yaml", "balisage-ignore", "avertissement"),
        ("actors/bxl-nord/maison-test-jette.yaml", "fiche-ancienne", "avertissement"),
        ("content/territories/bxl-nord.yaml", "choix-manquant", "avertissement"),
    ]


def test_actor_must_serve_communes_of_its_territory(mini):
    replace(mini / "actors" / "bxl-nord" / "maison-test-jette.yaml", '["Jette"]', '["Jete", "Ixelles"]')
    diagnostics = [d for d in validate(mini, today=TODAY).diagnostics if d.code == "commune-hors-territoire"]
    assert [d.line for d in diagnostics] == [6, 6]
    assert "vouliez-vous dire « Jette »" in diagnostics[0].hint


def test_actor_folder_must_be_a_territory_or_region(mini):
    (mini / "actors" / "bxl-nord").rename(mini / "actors" / "bxl-nrod")
    codes = [(d.code, d.hint) for d in validate(mini, today=TODAY).diagnostics if d.is_error]
    assert codes[0][0] == "acteur-dossier" and "bxl-nord" in codes[0][1]


def test_choice_actor_must_serve_the_territory(mini):
    replace(
        mini / "actors" / "bruxelles" / "aquarelle.yaml",
        "types: [service-accompagnement-perinatal]\n",
        "types: [service-accompagnement-perinatal]\nterritories: [bxl-sud]\n",
    )
    (mini / "content" / "territories" / "bxl-sud.yaml").write_text(
        (mini / "content" / "territories" / "bxl-nord.yaml")
        .read_text(encoding="utf-8")
        .replace("id: bxl-nord", "id: bxl-sud")
        .replace("actor: aquarelle", "actor: bxl-sage-femme"),
        encoding="utf-8",
    )
    errors = [(d.file, d.code) for d in validate(mini, today=TODAY).diagnostics if d.is_error]
    assert sorted(errors) == [
        (
            "content/territories/bxl-nord.yaml",
            "choix-acteur-hors-territoire",
        ),  # aquarelle now serves bxl-sud only
        (
            "content/territories/bxl-sud.yaml",
            "choix-acteur-hors-territoire",
        ),  # maison-test-jette is local to bxl-nord
    ]


def test_unknown_actor_in_choice_suggests_nearest(mini):
    replace(mini / "content" / "territories" / "bxl-nord.yaml", "actor: aquarelle", "actor: aquarel")
    [d] = [d for d in validate(mini, today=TODAY).diagnostics if d.is_error]
    assert d.code == "reference-inconnue" and "« aquarelle »" in d.hint


def test_stale_is_a_warning_and_strict_makes_it_fatal(capsys):
    assert main(["validate", "--root", str(MINI), "--today", "2026-11-24"]) == 0
    assert main(["validate", "--root", str(MINI), "--today", "2026-11-24", "--strict"]) == 1
    out = capsys.readouterr().out
    assert "avertissement [fiche-ancienne]" in out and "il y a 34 mois" in out


@pytest.fixture(scope="module")
def guidance():
    return load_model(MINI, today=TODAY).guidance


def test_postcode_lookup(guidance):
    assert [t.id for t in guidance.territories_for_postcode("1020")] == ["bxl-nord"]  # a section of Bruxelles
    assert guidance.territories_for_postcode("1050") == ()


def test_report_lists_gaps_by_period_stale_and_saturated(guidance):
    report = coverage.report(guidance, guidance.territory("bxl-nord"), TODAY)
    gaps = {(g.function, g.stratum, g.period) for g in report.gaps}
    assert ("coordination", "complexe", "postnatal") in gaps
    assert ("coordination", "complexe", "prenatal") not in gaps  # chosen for the prenatal period only
    assert ("referent", "bas-risque", "prenatal") not in gaps
    assert [a.id for a in report.stale] == ["maison-test-jette"]
    assert [a.id for a in report.saturated] == ["aquarelle"]


def test_report_cli(capsys):
    assert main(["report", "--root", str(MINI), "--today", "2026-11-24"]) == 0
    out = capsys.readouterr().out
    assert "Fonction de coordination — Complexe : période postnatale, période de la petite enfance" in out
    assert (
        main(["report", "--root", str(MINI), "--territory", "bxl-nord", "--json", "--today", "2026-11-24"])
        == 0
    )
    payload = json.loads(capsys.readouterr().out)
    assert payload["territoires"][0]["saturation"][0]["acteur"] == "aquarelle"


def test_unknown_territory_exits_1(capsys):
    assert main(["report", "--root", str(MINI), "--territory", "bxl-nor"]) == 1
    assert "Vouliez-vous dire « bxl-nord »" in capsys.readouterr().err


def test_export_refuses_invalid_data(mini, capsys):
    (mini / "content" / "strata.yaml").write_text("strata: [\n", encoding="utf-8")
    assert main(["export", "--format", "json", "--root", str(mini)]) == 1
    assert "yaml-syntaxe" in capsys.readouterr().err


def test_each_actor_is_checked_against_the_communes_of_its_own_territories(mini):
    # A second territory: actors serving it and actors serving bxl-nord each see only their own communes.
    (mini / "content" / "territories" / "bxl-sud.yaml").write_text(
        (mini / "content" / "territories" / "bxl-nord.yaml")
        .read_text(encoding="utf-8")
        .replace("id: bxl-nord", "id: bxl-sud")
        .replace('"Jette"', '"Ixelles"')
        .replace('"1090"', '"1050"'),
        encoding="utf-8",
    )
    replace(
        mini / "actors" / "bruxelles" / "brusano.yaml",
        "types: [relais-social]\n",
        'types: [relais-social]\nterritories: [bxl-sud]\nservice_area:\n  communes: ["Ixelles", "Jette"]\n',
    )
    replace(mini / "actors" / "bxl-nord" / "maison-test-jette.yaml", '["Jette"]', '["Jette", "Ixelles"]')
    diagnostics = [d for d in validate(mini, today=TODAY).diagnostics if d.code == "commune-hors-territoire"]
    assert sorted((d.file, d.message) for d in diagnostics) == [
        (
            "actors/bruxelles/brusano.yaml",
            "la commune « Jette » n'appartient pas aux territoires desservis (bxl-sud)",
        ),
        (
            "actors/bxl-nord/maison-test-jette.yaml",
            "la commune « Ixelles » n'appartient pas aux territoires desservis (bxl-nord)",
        ),
    ]


def test_territory_and_actor_files_are_named_after_their_id(mini):
    (mini / "actors" / "bxl-nord" / "maison-test-jette.yaml").rename(
        mini / "actors" / "bxl-nord" / "maison.yaml"
    )
    errors = [(d.file, d.code, d.message) for d in validate(mini, today=TODAY).diagnostics if d.is_error]
    assert errors == [
        (
            "actors/bxl-nord/maison.yaml",
            "identifiant-nom-de-fichier",
            "l'identifiant « maison-test-jette » ne correspond pas au nom du fichier « maison.yaml »",
        )
    ]
