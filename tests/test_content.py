"""Acceptance of the shipped guidance: the fixed ids, the 6W text, the mapping table and the 2024 tariffs."""

from __future__ import annotations

import re

import pytest
from conftest import ROOT

from generator.fixed_ids import FIXED_IDS
from generator.model import build_model
from generator.validate import validate


@pytest.fixture(scope="module")
def shipped():
    result = validate(ROOT)
    assert result.ok, [d for d in result.diagnostics if d.is_error][:5]
    return result


@pytest.fixture(scope="module")
def guidance(shipped):
    return build_model(shipped.dataset)


def test_all_fixed_ids_exist(shipped):
    for kind, ids in FIXED_IDS.items():
        assert set(ids) <= set(shipped.index.ids(kind)), kind


def test_seven_strategies_with_their_dispositifs_and_6w(guidance):
    assert [s.id for s in guidance.strategies] == list(FIXED_IDS["strategy"])
    for strategy in guidance.strategies:
        assert len(strategy.sixw.what) > 200, strategy.id
        assert strategy.sixw.which or any(d.sixw.which for d in strategy.all_dispositifs()), strategy.id
    promotion = guidance.strategy("promotion-sante")
    individual = promotion.dispositifs[0]
    assert [d.id for d in individual.sous_dispositifs] == [
        "soutien-psychosocial",
        "consultation-preconceptionnelle",
        "consultations-prenatales",
        "accompagnement-parentalite",
        "planification-post-partum",
    ]
    cpn = guidance.dispositif("consultations-prenatales")
    assert cpn.tables and cpn.tables[0].columns == ("Trimestre 1", "Trimestre 2", "Trimestre 3")


def test_mapping_covers_every_strategy_and_stratum(guidance):
    assert {row.strategy.id for row in guidance.mapping} == set(FIXED_IDS["strategy"])
    for row in guidance.mapping:
        assert [c.stratum.id for c in row.cells] == list(FIXED_IDS["stratum"])
    outreaching = guidance.mapping[0]
    assert [c.none for c in outreaching.cells] == [True, True, False, False, False]
    assert "infirmier-de-rue" in {t.id for t in outreaching.cells[2].effective_types}


def test_entry_doors_table(guidance):
    doors = {row.door.id: row for row in guidance.entry_doors.rows}
    assert set(doors) == {"aiguillage", "evaluation-initiale"}
    first = {t.id for t in doors["evaluation-initiale"].cells[0].effective_types}
    assert {"gynecologue", "medecin-generaliste", "sage-femme", "asi", "planning-familial"} <= first


def test_prestations_2024_tariffs(guidance):
    tariffs = {p.id: p.tariff(2024).amount for p in guidance.prestations}
    assert tariffs == {
        "depistage-bib": 22.55,
        "conseil-prenatal-personnalise": 48.78,
        "coordination-soins-aide": 720.0,
        "concertation-multidisciplinaire": 15.0,
    }


def test_indicators(guidance):
    assert len(guidance.kce_indicators) == 8
    assert [b.number for b in guidance.bib_indicators] == list(range(1, 16))


def test_periods_activities_from_the_convention(guidance):
    letters = {p.id: "".join(a.letter for a in p.activities) for p in guidance.periods}
    assert letters == {"prenatal": "abcdefg", "postnatal": "abcdefg", "petite-enfance": "abcde"}
    assert any("bruxelles" in a.regional for a in guidance.period("prenatal").activities)


def test_vignettes_and_functions(guidance):
    assert [v.id for v in guidance.vignettes] == ["situation-1", "situation-2", "situation-3"]
    assert [f.id for f in guidance.functions] == ["referent", "coordination", "case-management"]
    assert len(guidance.programme.principles) == 7


def test_every_yaml_file_has_its_schema_modeline():
    for path in [*ROOT.glob("content/**/*.yaml"), *ROOT.glob("actors/**/*.yaml")]:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
        assert match, path
        assert (path.parent / match[1]).resolve().is_file(), path


def test_sources_name_a_known_document(shipped):
    known = {p.name for p in (ROOT.parent / "shared" / "sources").glob("*.txt")} or {
        "000_c8f4e3ff1db28cd1.txt",
        "001_16f8634c87093aa0.txt",
        "002_891ea37100c3a3b2.txt",
        "003_6f919ca3a6d7d62e.txt",
        "004_f3025d2ab10136e8.txt",
    }

    def sources(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "source":
                    yield from ([value] if isinstance(value, str) else value)
                else:
                    yield from sources(value)
        elif isinstance(node, list):
            for value in node:
                yield from sources(value)

    for source_file in shipped.dataset.files:
        for text in sources(source_file.data):
            traceable = any(name in text for name in known) or text.startswith(("http", "research/"))
            assert traceable, (source_file.rel, text)


SHARED = ROOT.parent / "shared"
TERRITORIES = ("bxl-nord", "bxl-nord-est", "bxl-centre-ouest", "bxl-sud", "bxl-sud-est")


def test_shipped_territories_each_served_by_at_least_8_actors(guidance):
    ids = [t.id for t in guidance.territories]
    assert {*TERRITORIES, "wal-coeur-du-hainaut", "wal-wallonie-picarde"} <= set(ids)
    for territory in guidance.territories:
        assert len(guidance.actors_of(territory.id)) >= 8, territory.id


def test_every_function_and_stratum_has_a_choice_or_a_reported_gap(guidance, shipped):
    gaps = {d.file for d in shipped.diagnostics if d.code == "choix-manquant"}
    for territory in guidance.territories:
        covered = {(c.function.id, c.stratum.id) for c in territory.choices}
        complete = all((f, s) in covered for f in FIXED_IDS["function"] for s in FIXED_IDS["stratum"])
        assert complete or f"content/territories/{territory.id}.yaml" in gaps, territory.id


def test_split_postcodes_find_every_bassin(guidance):
    assert len(guidance.territories_for_postcode("1000")) >= 2  # Bruxelles-Ville is split between bassins
    assert [t.id for t in guidance.territories_for_postcode("1030")] == ["bxl-nord-est"]


@pytest.mark.skipif(not (SHARED / "sources").is_dir(), reason="shared sources not present")
def test_no_invented_contact(guidance):
    """Every phone, e-mail and street address present appears in the shared sources, the research notes or the
    relevé of sourced contacts (docs/dev/contacts-releves.yaml)."""
    corpus = " ".join(
        p.read_text(encoding="utf-8", errors="replace")
        for p in [
            *SHARED.glob("sources/*.txt"),
            *SHARED.glob("research/*"),
            ROOT / "docs/dev/contacts-releves.yaml",
        ]
        if p.is_file()
    )
    normalized = " ".join(corpus.split()).casefold()
    for actor in guidance.actors:
        phones = [p.number for p in actor.phones]
        for value in (*phones, actor.email_address, actor.address.street if actor.address else None):
            if value:
                assert " ".join(value.split()).casefold() in normalized, (actor.id, value)
