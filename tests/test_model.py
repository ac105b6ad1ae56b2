"""Stage 3: the model resolves references, merged cells and « Idem », and answers lookups."""

from __future__ import annotations

import dataclasses

import pytest
from conftest import MINI

from generator.model import build_model
from generator.validate import validate


@pytest.fixture(scope="module")
def guidance():
    result = validate(MINI)
    assert result.ok
    return build_model(result.dataset)


def test_model_is_immutable(guidance):
    with pytest.raises(dataclasses.FrozenInstanceError):
        guidance.strata[0].name = "x"


def test_references_are_objects(guidance):
    referent = guidance.function("referent")
    assert [s.id for s in referent.target_strata] == ["bas-risque", "peu-complexe"]
    assert referent.dispositif.strategy_id == "coordination-continuite"


def test_mapping_resolves_none_continues_and_idem(guidance):
    outreaching = guidance.mapping[0]
    by_stratum = {c.stratum.id: c for c in outreaching.cells}
    assert by_stratum["bas-risque"].effective_types == ()
    complexe = by_stratum["complexe"].effective_types
    assert complexe and by_stratum["danger"].effective_types == complexe  # continues the merged cell
    aiguillage = next(r for r in guidance.mapping if r.dispositif and r.dispositif.id == "aiguillage")
    cells = {c.stratum.id: c for c in aiguillage.cells}
    assert cells["peu-complexe"].idem
    assert set(cells["bas-risque"].effective_types) < set(cells["peu-complexe"].effective_types)


def test_entry_doors_idem_includes_previous_column(guidance):
    row = guidance.entry_doors.rows[0]
    assert set(row.cells[0].effective_types) <= set(row.cells[1].effective_types)


@pytest.mark.parametrize(("count", "scenario"), [(0, "O"), (1, "A"), (2, "B"), (3, "B"), (8, "B")])
def test_scenario_for_indicator_count(guidance, count, scenario):
    assert guidance.scenario_for(count).id == scenario


def test_tariff_by_year(guidance):
    cpp = guidance.prestation("conseil-prenatal-personnalise")
    assert cpp.tariff(2024).amount == 48.78
    assert cpp.tariff(2030).year == 2024  # latest known


def test_actor_lists_each_strategy_once(mini):
    """Two dispositifs of one strategy give that strategy once on the actor (and on its page)."""
    path = mini / "actors" / "bruxelles" / "aquarelle.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        "dispositifs: [accompagnement-individuel]",
        "dispositifs: [accompagnement-individuel, activites-groupe]",
    )
    path.write_text(text, encoding="utf-8")
    result = validate(mini)
    assert result.ok, result.diagnostics
    actor = next(a for a in build_model(result.dataset).actors if a.id == "aquarelle")
    assert [s.id for s in actor.strategies] == ["promotion-sante"]
