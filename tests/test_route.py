"""`balises route`: the logigram walked for the guidance's vignettes and for each stratum and scenario edge case."""

from __future__ import annotations

import json

import pytest
from conftest import ROOT, copy_dataset

from generator.cli import main
from generator.pipeline import load_model
from generator.route import RouteError, Situation, in_period, walk


@pytest.fixture(scope="module")
def guidance():
    loaded = load_model(ROOT)
    assert loaded.guidance is not None
    return loaded.guidance


def route(guidance, **kwargs):
    return walk(guidance, Situation(**kwargs))


def test_vignette_1_low_risk(guidance):
    # Situation clinique 1 (003, annexe 2): a wanted second pregnancy at 20 weeks, stable jobs, support from her
    # parents and sisters; her worries (no crèche place yet, breastfeeding) are none of the 8 KCE indicators.
    # 0 indicator → scenario O (the screening done, nothing else billable) and the bas-risque stratum with a référent.
    result = route(guidance, territory="wal-coeur-du-hainaut", period="prenatal")
    assert (result.stratum, result.scenario) == ("bas-risque", "O")
    assert result.prestations == []
    assert [p["raison"]["id"] for p in result.excluded] == ["fait1", "AB", "B", "B"]
    assert result.functions == ["referent"]
    assert result.proposals and all(p.function.id == "referent" for p in result.proposals)


def test_vignette_2_ath(guidance):
    # Situation clinique 2: Ath, 15 weeks, « leur lieu de vie est peu adapté » (a studio) → logement;
    # « n'a pas de rentrée d'argent stable », the partner « très préoccupé par les ressources financières »
    # → problèmes financiers. 2 indicators → scenario B (CPP, coordination; concertation with a coordinator), and
    # 1–2 vulnerabilities → peu-complexe: a référent, and coordination if the needs call for it.
    result = route(guidance, territory="wal-wallonie-picarde", period="prenatal",
                   indicators=("logement", "problemes-financiers"), coordinator=True)  # fmt: skip
    assert (result.stratum, result.scenario) == ("peu-complexe", "B")
    assert {p["id"] for p in result.prestations} == {
        "conseil-prenatal-personnalise", "coordination-soins-aide", "concertation-multidisciplinaire",
    }  # fmt: skip
    assert result.functions == ["referent", "coordination"]


def test_vignette_3_mons(guidance):
    # Situation clinique 3: Mons, 29 weeks; a partner who insults and belittles her and « ne veut pas que
    # Madame L. quitte le domicile » → violence and isolement social; lifelong cannabis use → substances
    # psychoactives; « vite angoissée » → santé mentale. 4 indicators → scenario B, stratum complexe:
    # coordination and multidisciplinary concertation (suite A: a mobile mental-health team took her in charge).
    indicators = ("violence", "isolement-social", "substances-psychoactives", "sante-mentale")
    result = route(guidance, territory="wal-coeur-du-hainaut", period="prenatal", indicators=indicators)
    assert (result.stratum, result.scenario) == ("complexe", "B")
    assert result.functions == ["referent", "coordination"]  # the référent stays, « ponctuellement soutenue »
    assert "concertation" in result.path
    assert any("equipe-mobile" in (p.actor.id if p.actor else p.actor_type.id) for p in result.proposals)


@pytest.mark.parametrize(
    ("indicators", "stratum", "scenario"),
    [
        ((), "bas-risque", "O"),
        (("logement",), "peu-complexe", "A"),
        (("logement", "violence"), "peu-complexe", "B"),
        (("logement", "violence", "statut-sejour"), "complexe", "B"),
        (("logement", "logement"), "peu-complexe", "A"),  # the same indicator twice counts once
    ],
)
def test_indicator_counts(guidance, indicators, stratum, scenario):
    result = route(guidance, territory="bxl-nord-est", indicators=indicators)
    assert (result.stratum, result.scenario) == (stratum, scenario)


def test_refusal_and_danger_take_precedence(guidance):
    refus = route(guidance, territory="bxl-sud", refus=True)
    assert refus.stratum == "refus" and refus.functions == ["referent", "coordination", "case-management"]
    danger = route(guidance, territory="bxl-sud", danger=True, refus=True, stratum="bas-risque")
    assert danger.stratum == "danger"  # danger is asked first: it wins over refusal and judgement


def test_professional_judgement_overrides_the_count(guidance):
    result = route(guidance, territory="bxl-centre-ouest", indicators=("logement",), stratum="complexe")
    assert result.stratum == "complexe" and result.scenario == "A"  # the scenario still follows the count
    assert "depistage" not in result.path


def test_refused_screening_keeps_the_exception(guidance):
    result = route(guidance, territory="bxl-nord", period="prenatal", depistage="refuse",
                   indicators=("violence", "logement"))  # fmt: skip
    assert "depistage-refuse" in result.path and result.scenario == "aucun"
    cpp = next(p for p in result.prestations if p["id"] == "conseil-prenatal-personnalise")
    assert cpp["exception"]["id"] == "E1" and "exceptionnellement" in cpp["exception"]["citation"]


def test_actors_follow_the_territory_order(guidance):
    result = route(guidance, territory="bxl-nord-est", indicators=("logement",))
    territory = guidance.territory("bxl-nord-est")
    choice = next(
        c for c in territory.choices if c.function.id == "referent" and c.stratum.id == "peu-complexe"
    )
    first = choice.items[0]
    expected = first.actor.id if first.actor else None
    referents = [p for p in result.proposals if p.function.id == "referent"]
    assert expected is None or referents[0].actor.id == expected


def test_unknown_inputs_are_clear_errors(guidance):
    with pytest.raises(RouteError, match="Vouliez-vous dire « logement »"):
        route(guidance, territory="bxl-nord", indicators=("logemnt",))
    with pytest.raises(RouteError, match="territoire inconnu"):
        route(guidance, territory="bxl-nord-ouest")


def test_cli_json(capsys):
    code = main(
        [
            "route",
            "--root",
            str(ROOT),
            "--territory",
            "bxl-nord",
            "--indicators",
            "logement,violence,sante-mentale",
            "--json",
        ]
    )
    assert code == 0
    payload = json.loads(capsys.readouterr().out)
    assert {"strate", "scenario", "prestations", "fonctions", "acteurs"} <= set(payload)
    assert payload["strate"] == "complexe" and payload["scenario"] == "B"
    assert all({"id", "nom", "fonction"} <= set(a) for a in payload["acteurs"])


def test_contradictory_inputs_exit_2_with_a_french_message(capsys):
    argv = ["route", "--root", str(ROOT), "--territory", "bxl-sud-est", "--period", "petite-enfance"]
    assert main([*argv, "--depistage", "a-faire"]) == 2
    assert "la fenêtre du dépistage est fermée" in capsys.readouterr().err
    postnatal = ["route", "--root", str(ROOT), "--territory", "bxl-nord", "--period", "postnatal"]
    assert main([*postnatal, "--depistage", "a-faire"]) == 2
    assert "--naissance-moins-8-jours" in capsys.readouterr().err
    assert main([*postnatal, "--depistage", "hors-fenetre", "--naissance-moins-8-jours", "oui"]) == 2
    assert main([*postnatal, "--depistage", "a-faire", "--naissance-moins-8-jours", "oui"]) == 0
    assert main([*argv, "--depistage", "fait", "--depistage-refuse"]) == 2


def test_danger_opens_the_text_answer_with_the_urgent_block(capsys):
    assert main(["route", "--root", str(ROOT), "--territory", "bxl-nord-est", "--danger"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("URGENT — ")
    assert "112" in out.splitlines()[1]


def test_professional_support_is_never_the_familys_contact(guidance):
    result = route(
        guidance, territory="bxl-nord", danger=True, indicators=("violence", "logement", "sante-mentale")
    )
    assert "brusano" not in {p.actor.id for p in result.proposals if p.actor}
    assert "brusano" in {a.id for a in result.support}


def test_actors_follow_their_own_periods(guidance):
    # Wheel of Care says `periods: [postnatal]`: it is not proposed during pregnancy.
    for period in ("prenatal", "petite-enfance"):
        found = route(
            guidance,
            territory="bxl-nord",
            period=period,
            indicators=("violence", "logement", "sante-mentale"),
        )
        assert found.proposals and all(in_period(p.actor, period) for p in found.proposals if p.actor)
        assert "wheel-of-care" not in {p.actor.id for p in found.proposals if p.actor}


def test_cli_errors_exit_1(capsys):
    assert main(["route", "--root", str(ROOT), "--territory", "bxl-nord", "--indicators", "nope"]) == 1
    assert "indicateur KCE inconnu" in capsys.readouterr().err


def territory_with_needs(tmp_path, block: str):
    root = copy_dataset(ROOT, tmp_path / "data")
    path = root / "content/territories/bxl-nord-est.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\nchoices:\n", f"\n{block}choices:\n", 1), encoding="utf-8")
    return root


LOCAL_NEED = """needs:
  - need: logement
    actors: [ilot, nope-actor]
    source: "https://example.org/choix-local"
"""


def test_a_territory_choice_for_a_need_comes_first_and_names_known_actors_only(tmp_path, capsys):
    root = territory_with_needs(tmp_path, LOCAL_NEED)
    assert main(["validate", "--root", str(root)]) == 1  # nope-actor is no actor
    out = capsys.readouterr().out
    assert "content/territories/bxl-nord-est.yaml:" in out and "nope-actor" in out
    root = territory_with_needs(tmp_path / "ok", LOCAL_NEED.replace(", nope-actor", ""))
    argv = ["route", "--root", str(root), "--territory", "bxl-nord-est", "--indicators", "logement", "--json"]
    assert main(argv) == 0
    housing = json.loads(capsys.readouterr().out)["besoins"][0]
    assert housing["id"] == "logement" and housing["acteurs"][0]["id"] == "ilot"
    assert "bxl-cpas" in [a["id"] for a in housing["acteurs"]]  # the types the guidance names follow


def test_a_territory_choice_for_an_unknown_need_is_refused(tmp_path, capsys):
    root = territory_with_needs(
        tmp_path, LOCAL_NEED.replace("need: logement", "need: logemnt").replace(", nope-actor", "")
    )
    assert main(["validate", "--root", str(root)]) == 1
    assert "logemnt" in capsys.readouterr().out
