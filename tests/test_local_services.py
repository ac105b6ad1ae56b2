"""Services per commune (issue 16, point 2): a generic role resolves to the service of the family's commune when
the postcode or the commune is known — in `balises route`, on the repertoire page and in the assistant's data."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import copy_dataset

from generator.assistant_data import territory_data
from generator.cli import main
from generator.pipeline import load_model
from generator.render_pages import render_repertoire

ROOT = Path(__file__).resolve().parent.parent
NORD_EST = "content/territories/bxl-nord-est.yaml"
SCHAERBEEK = "CPAS de Schaerbeek — Boulevard Auguste Reyers 70 — 02 240 30 80"


@pytest.fixture(scope="module")
def with_cpas_choice(tmp_path_factory) -> Path:
    """The shipped data, with the generic CPAS proposed first as referent in low-risk situations in Nord-Est."""
    root = copy_dataset(ROOT, tmp_path_factory.mktemp("shipped"))
    path = root / NORD_EST
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("    actors:\n", "    actors:\n      - actor: bxl-cpas\n", 1), encoding="utf-8"
    )
    return root


def route(capsys, root: Path, *args: str) -> tuple[int, str, str]:
    code = main(["route", "--root", str(root), "--today", "2026-12-04", "--stratum", "bas-risque", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_route_with_a_postcode_names_the_cpas_of_the_commune(capsys, with_cpas_choice):
    code, out, err = route(capsys, with_cpas_choice, "--postcode", "1030")
    assert code == 0, err
    assert "1. CPAS de Schaerbeek [cpas-schaerbeek]" in out
    assert "Le CPAS de la commune de la famille" not in out
    assert f"  - {SCHAERBEEK}\n" in out


def test_route_without_a_place_keeps_the_role(capsys, with_cpas_choice):
    code, out, _ = route(capsys, with_cpas_choice, "--territory", "bxl-nord-est")
    assert code == 0
    assert "1. Le CPAS de la commune de la famille [bxl-cpas]" in out and "CPAS de Schaerbeek" not in out


def test_route_with_a_commune_in_either_language(capsys, with_cpas_choice):
    code, out, _ = route(capsys, with_cpas_choice, "--territory", "bxl-nord-est", "--commune", "evere")
    assert code == 0 and "1. CPAS d'Evere [cpas-evere]" in out
    code, out, _ = route(
        capsys, with_cpas_choice, "--territory", "bxl-nord-est", "--commune", "Sint-Joost-ten-Node"
    )
    assert code == 0 and "CPAS de Saint-Josse-ten-Noode [cpas-saint-josse-ten-noode]" in out


def test_route_with_an_unknown_commune_suggests_the_nearest(capsys, with_cpas_choice):
    code, _, err = route(capsys, with_cpas_choice, "--territory", "bxl-nord-est", "--commune", "Schaerbek")
    assert code == 1
    assert "la commune « Schaerbek » n'appartient pas au territoire « bxl-nord-est »" in err
    assert "vouliez-vous dire « Schaerbeek » ?" in err


def test_assistant_data_maps_each_postcode_to_its_cpas(with_cpas_choice):
    guidance = load_model(with_cpas_choice).guidance
    data = territory_data(guidance, guidance.territory("bxl-nord-est"))
    assert data["locaux"]["bxl-cpas"] == {
        "1030": ["cpas-schaerbeek"],
        "1140": ["cpas-evere"],
        "1210": ["cpas-saint-josse-ten-noode"],
    }
    assert data["acteurs"]["cpas-schaerbeek"]["telephone"] == "02 240 30 80"
    assert data["acteurs"]["cpas-schaerbeek"]["adresse"] == "Boulevard Auguste Reyers 70, 1030 Schaerbeek"


def test_repertoire_lists_the_cpas_of_each_commune_under_the_role():
    guidance = load_model(ROOT).guidance
    page = render_repertoire(guidance, guidance.territory("bxl-nord-est"))
    section = page[page.index("## Le service de chaque commune") : page.index("## Par commune")]
    assert "### Le CPAS de la commune de la famille" in section
    assert (
        "- **Schaerbeek** : [CPAS de Schaerbeek](../../acteurs/cpas-schaerbeek.md) — Boulevard Auguste Reyers 70"
        " — [02 240 30 80](<tel:022403080>)" in section
    )


def test_any_generic_role_resolves_not_only_the_cpas(capsys, mini):
    """A sage-femme serving Jette replaces the generic « Une sage-femme » for a family of 1090."""
    (mini / "actors/bxl-nord/sage-femme-jette.yaml").write_text(
        'id: sage-femme-jette\nname: "Sage-femme de Jette"\ntypes: [sage-femme]\n'
        'service_area:\n  communes: ["Jette"]\ndescription: "Fixture."\nlast_verified: "2026-11-24"\n'
        'source: ["fixture de test"]\n',
        encoding="utf-8",
    )
    code, out, err = route(capsys, mini, "--postcode", "1090")
    assert code == 0, err
    assert "Sage-femme de Jette [sage-femme-jette]" in out and "[bxl-sage-femme]" not in out
    code, out, _ = route(capsys, mini, "--postcode", "1020")  # Laeken: no sage-femme of its own
    assert "[bxl-sage-femme]" in out and "sage-femme-jette" not in out


def test_the_generic_cpas_page_lists_the_cpas_of_each_commune():
    from datetime import date

    from generator.render_pages import render_actor

    guidance = load_model(ROOT, today=date(2026, 12, 4)).guidance
    role = next(a for a in guidance.actors if a.id == "bxl-cpas")
    page = render_actor(guidance, role, date(2026, 12, 4))
    contact = page[page.index("## Contact") : page.index("## Ce que propose l'acteur")]
    assert (
        "- **Schaerbeek** : [CPAS de Schaerbeek](cpas-schaerbeek.md) — Boulevard Auguste Reyers 70 — "
        "[02 240 30 80](<tel:022403080>)\n" in contact
    )
    assert "Pour les autres communes : adressez-vous à l'acteur de ce type le plus proche." in contact


def test_a_need_lists_the_service_of_the_familys_commune_not_its_neighbours(capsys):
    """A midwife in Schaerbeek ticks « logement »: the housing need named every CPAS of the bassin (Evere,
    Saint-Josse, Schaerbeek) and the generic role, whatever the postcode."""
    args = ["--period", "prenatal", "--depistage", "fait", "--indicators", "logement", "--json"]
    assert main(["route", "--root", str(ROOT), "--today", "2026-12-04", "--postcode", "1030", *args]) == 0
    import json

    (housing,) = [n for n in json.loads(capsys.readouterr().out)["besoins"] if n["id"] == "logement"]
    names = [a["nom"] for a in housing["acteurs"]]
    assert "CPAS de Schaerbeek" in names
    assert not {"CPAS d'Evere", "CPAS de Saint-Josse-ten-Noode", "Le CPAS de la commune de la famille"} & set(names)
    assert "Infirmiers de rue" in names  # a service of the whole region stays
