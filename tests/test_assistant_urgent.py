"""The assistant page's urgent block is the one `balises route --danger` opens with, for every shipped territory
and period: same lines, same numbers, hours and sources, same case-management path."""

from __future__ import annotations

import io
import json
from contextlib import redirect_stdout

import pytest
from conftest import ROOT

from generator.assistant_data import ANY_PERIOD, territory_data
from generator.cli import main
from generator.pipeline import load_model

GUIDANCE = load_model(ROOT).guidance
PERIODS = [None, *(p.id for p in GUIDANCE.periods)]


def route_urgent(territory: str, period: str | None) -> dict | None:
    argv = ["route", "--root", str(ROOT), "--territory", territory, "--danger", "--json"]
    argv += ["--period", period] if period else []
    out = io.StringIO()
    with redirect_stdout(out):
        assert main(argv) == 0
    return json.loads(out.getvalue())["urgence"]


@pytest.mark.parametrize("territory", [t.id for t in GUIDANCE.territories])
def test_the_page_and_route_give_the_same_urgent_block(territory: str) -> None:
    data = territory_data(GUIDANCE, GUIDANCE.territory(territory))["urgence"]
    for period in PERIODS:
        expected = route_urgent(territory, period)
        assert expected is not None and expected["contacts"], "route --danger n'a aucune ligne urgente"
        assert {**data["bloc"], "ensuite": data["ensuite"][period or ANY_PERIOD]} == expected
    numbers = [p["numero"] for c in data["bloc"]["contacts"] for p in c["telephones"]]
    assert "112" in numbers
