"""`balises diff`, the library side: what changed between two versions of a dataset (tests/fixtures/diff/old → new)."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import pytest
from golden import assert_golden

from generator.diff import Named, diff, field_changes, format_text, render_news, when_text
from generator.model import Guidance
from generator.pipeline import load_model

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "diff"


def load(version: str) -> Guidance:
    loaded = load_model(FIXTURES / version)
    assert loaded.guidance is not None, [d for d in loaded.validation.diagnostics if d.is_error]
    return loaded.guidance


@pytest.fixture(scope="module")
def old() -> Guidance:
    return load("old")


@pytest.fixture(scope="module")
def new() -> Guidance:
    return load("new")


@pytest.fixture(scope="module")
def changes(old, new):
    return diff(old, new)


def test_golden_text(changes):
    assert_golden("diff/diff.txt", format_text(changes))


def test_golden_json(changes):
    assert_golden("diff/diff.json", json.dumps(changes.to_dict(), ensure_ascii=False, indent=2) + "\n")


def test_golden_news(changes, new):
    assert_golden("diff/nouveautes.md", render_news(changes, new, "le 24 novembre 2026"))


def test_added_removed_and_changed_actors(changes):
    assert changes.actors_added == (Named("consultation-one-laeken", "Consultation ONE de Laeken"),)
    assert [a.id for a in changes.actors_removed] == ["maison-test-jette"]
    [aquarelle] = changes.actors_changed
    assert [c.field for c in aquarelle.changes] == ["name", "phones", "languages", "last_verified"]


def test_new_phone_shows_before_and_after(changes):
    [record] = changes.to_dict()["acteurs_modifies"]
    phone = {"number": "+32 2 000 00 02", "source": "https://example.org/contact", "checked": "2026-11-20"}
    assert {"champ": "phones", "avant": None, "apres": [phone]} in record["champs"]
    assert (
        "      téléphones : (vide) → numéro : +32 2 000 00 02, sources : https://example.org/contact,"
        in format_text(changes)
    )


def test_territory_changes(changes):
    [territory] = changes.territories_changed
    assert territory.communes_added == ("Koekelberg (1081)",) and not territory.communes_removed
    referent = territory.choices[0]
    assert [i.id for i in referent.old] == ["type:medecin-generaliste", "bxl-sage-femme"]
    assert [i.id for i in referent.new] == [
        "bxl-sage-femme",
        "consultation-one-laeken",
        "type:medecin-generaliste",
    ]


def test_territory_logigram_leaves_out_what_the_parcours_reports(changes):
    parcours, bxl_nord = changes.logigrams
    assert parcours.territory is None and [n.id for n in parcours.nodes_changed] == ["referent-bas-risque"]
    assert bxl_nord.territory == Named("bxl-nord", "Bassin Nord")
    assert [n.id for n in bxl_nord.nodes_changed] == ["permanence-jette"]  # not referent-bas-risque again
    assert [(e.source, e.label) for e in bxl_nord.edges_added] == [("strate-bas-risque", "proximité")]
    assert [(e.source, e.label) for e in bxl_nord.edges_removed] == [("strate-bas-risque", None)]


def test_same_dataset_has_no_difference(new):
    same = diff(new, new)
    assert same.is_empty
    assert format_text(same) == "Aucune différence.\n"
    assert set(same.to_dict()["resume"].values()) == {0}
    assert "Aucun changement dans les données depuis hier." in render_news(same, new, "hier")


def test_output_is_deterministic(changes, old, new):
    again = diff(load("old"), load("new"))
    assert again == changes
    assert format_text(again) == format_text(changes)
    assert again.to_dict() == changes.to_dict()


def test_reverse_diff_swaps_added_and_removed(changes, old, new):
    back = diff(new, old)
    assert back.actors_added == changes.actors_removed and back.actors_removed == changes.actors_added
    assert back.territories_changed[0].communes_removed == ("Koekelberg (1081)",)


def test_territory_added_removed_and_meso_body(old):
    [territory] = old.territories
    assert diff(old, replace(old, territories=())).territories_removed == (Named("bxl-nord", "Bassin Nord"),)
    assert diff(replace(old, territories=()), old).territories_added == (Named("bxl-nord", "Bassin Nord"),)
    moved = replace(old, territories=(replace(territory, meso_body="Bassin Nord asbl", meso_actor=None),))
    text = format_text(diff(old, moved))
    assert "      ~ organe méso : Brusano (brusano) → Bassin Nord asbl\n" in text
    assert text.endswith("territoires : 0 ajouté, 0 retiré, 1 modifié ; logigrammes : 0 modifié.\n")


def test_choice_withdrawn_and_new(old):
    [territory] = old.territories
    fewer = replace(old, territories=(replace(territory, choices=territory.choices[:1]),))
    line = "      {} choix coordination × complexe (prenatal) : {}\n"
    assert line.format("−", "aquarelle, maison-test-jette → (vide)") in format_text(diff(old, fewer))
    assert line.format("+", "(vide) → aquarelle, maison-test-jette") in format_text(diff(fewer, old))
    news = render_news(diff(old, fewer), old, "hier")
    assert "    - désormais : aucun acteur choisi (lacune)\n" in news


def test_news_links_only_to_pages_of_the_new_version(changes, new):
    page = render_news(changes, new, "le 24 novembre 2026")
    pages = {f"acteurs/{a.id}.md" for a in new.actors} | {
        f"territoires/{t.id}/index.md" for t in new.territories
    }
    links = set(re.findall(r"\]\(([^)]+)\)", page))
    assert links and links <= pages
    assert (
        "- Maison médicale « Test » &lt;Jette&gt; &amp; Cie\n" in page
    )  # removed: named, escaped, not linked
    assert "<Jette>" not in page
    assert "    - Langues : français → français, néerlandais\n" in page


def test_field_changes_keep_the_record_order():
    changed = field_changes(
        {"id": "a", "phone": "1", "email": "x", "languages": ["fr"]}, {"id": "a", "languages": ["nl"]}
    )
    assert [(c.field, c.old, c.new) for c in changed] == [
        ("phone", "1", None),
        ("email", "x", None),
        ("languages", ("fr",), ("nl",)),
    ]


def test_edge_conditions_read_as_french():
    assert [when_text(w) for w in (True, "refuse", {"min": 1, "max": 2}, {"min": 3})] == [
        "oui",
        "refuse",
        "1 à 2",
        "3 ou plus",
    ]
