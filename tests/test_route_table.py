"""Acceptance (issue 15): `balises route --json` gives exactly the answer of each situation of the table
tests/cases/routage/situations.yaml (derived from docs/dev/routage-sources.md § 4): stratum, scenario, the
prestations open (and by which exception), each excluded one with its reason and source passage, the urgent block."""

from __future__ import annotations

import io
import json
from contextlib import redirect_stderr, redirect_stdout

import pytest
import yaml
from conftest import ROOT

from generator.cli import main

TABLE = yaml.safe_load((ROOT / "tests/cases/routage/situations.yaml").read_text(encoding="utf-8"))
SHORT = {
    "BIB": "depistage-bib",
    "CPP": "conseil-prenatal-personnalise",
    "COORD": "coordination-soins-aide",
    "CONC": "concertation-multidisciplinaire",
}


def argv(case: dict) -> list[str]:
    args = ["route", "--root", str(ROOT), "--territory", case["t"], "--period", case["p"], "--json"]
    args += ["--depistage", case["d"]]
    args += ["--indicators", ",".join(case["f"])] if case.get("f") else []
    args += ["--stratum", case["j"]] if case.get("j") else []
    args += ["--danger"] * bool(case.get("danger")) + ["--refus"] * bool(case.get("refus"))
    args += ["--coordinateur-designe"] * bool(case.get("coord"))
    args += ["--sans-medecin-traitant"] * (case.get("mt") is False)
    if "j7" in case:
        args += ["--naissance-moins-8-jours", "oui" if case["j7"] else "non"]
    return args


def test_the_table_covers_the_issue() -> None:
    assert len(TABLE) >= 30
    assert {(c["p"], c["d"]) for c in TABLE} >= {
        (p, d) for p in ("prenatal", "postnatal", "petite-enfance") for d in ("fait", "refuse")
    } | {("prenatal", "a-faire"), ("postnatal", "a-faire"), ("postnatal", "hors-fenetre")}
    assert {"peu-complexe", "complexe", "bas-risque", "refus", "danger"} <= {c.get("strate") for c in TABLE}
    territories = {t.name.removesuffix(".yaml") for t in (ROOT / "content/territories").glob("*.yaml")}
    assert {c["t"] for c in TABLE} == territories
    assert all(c["source"] for c in TABLE)


@pytest.mark.parametrize("case", TABLE, ids=[f"situation-{c['n']}" for c in TABLE])
def test_route_json_gives_the_expected_answer(case: dict) -> None:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(argv(case))
    if "error" in case:
        assert code == 2 and case["error"] in err.getvalue()
        return
    assert code == 0, err.getvalue()
    result = json.loads(out.getvalue())
    assert (result["strate"], result["scenario"]) == (case["strate"], case["scenario"])
    opened = [
        p["id"] + (f" {p['exception']['id']}" if "exception" in p else "") for p in result["prestations"]
    ]
    assert opened == [f"{SHORT[o.split()[0]]}{o[len(o.split()[0]) :]}" for o in case["open"]]
    excluded = {p["id"]: p["raison"]["id"] for p in result["prestations_exclues"]}
    assert excluded == {SHORT[k]: v for k, v in case["excluded"].items()}
    assert all(p["raison"]["citation"] and p["raison"]["source"] for p in result["prestations_exclues"])
    urgent = result["urgence"]
    assert (urgent is not None) == bool(case.get("urgent"))
    if urgent:
        assert urgent["contacts"][0]["telephones"][0]["numero"] == "112"
    assert "referent" in result["fonctions"]  # every stratum keeps the référent
    needs = {n["id"]: [a["id"] for a in n["acteurs"]] for n in result["besoins"]}
    assert set(needs) == set(case.get("f", ())) | ({"medecin-traitant"} if case.get("mt") is False else set())
    for need, actors in case.get("needs", {}).items():
        assert set(actors) <= set(needs[need]) if actors else needs[need] == [], need
        if not actors:
            assert "non_documente" in next(n for n in result["besoins"] if n["id"] == need)
