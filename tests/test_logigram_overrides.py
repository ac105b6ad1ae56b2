"""Per-territory adaptations of the logigram (logigrams/<territory>.yaml): merged, validated, walked and drawn."""

from __future__ import annotations

from generator.pipeline import load_model
from generator.render_dot import territory_dot
from generator.route import Situation, walk
from generator.validate import validate

OVERRIDE = """\
# yaml-language-server: $schema=../schemas/logigram-override.schema.json
territory: bxl-nord
nodes:
  - id: permanence-jette
    kind: action
    label: "Proposer la permanence périnatale du quartier"
remove_edges:
  - { from: strate-bas-risque, to: referent-bas-risque }
edges:
  - { from: strate-bas-risque, to: permanence-jette }
  - { from: permanence-jette, to: referent-bas-risque }
source: "fixture de test"
"""


def test_override_changes_walk_and_drawing_of_its_territory_only(mini):
    (mini / "logigrams" / "bxl-nord.yaml").write_text(OVERRIDE, encoding="utf-8")
    loaded = load_model(mini)
    assert loaded.guidance is not None, [d for d in loaded.validation.diagnostics if d.is_error]
    guidance = loaded.guidance
    result = walk(guidance, Situation(territory="bxl-nord"))
    assert result.path[result.path.index("strate-bas-risque") + 1] == "permanence-jette"
    assert "permanence-jette" in territory_dot(guidance, guidance.territory("bxl-nord"))
    assert "permanence-jette" not in [
        n.id for n in guidance.logigram.nodes
    ]  # the parcours itself is unchanged


def test_override_errors_are_reported_on_the_override(mini):
    broken = OVERRIDE.replace("to: referent-bas-risque }\nsource", "to: referent-bas-risq }\nsource")
    (mini / "logigrams" / "bxl-nord.yaml").write_text(broken, encoding="utf-8")
    [d] = [d for d in validate(mini).diagnostics if d.is_error]
    assert (d.file, d.code) == ("logigrams/bxl-nord.yaml", "reference-inconnue")
    assert "« referent-bas-risque »" in d.hint


def test_override_that_breaks_the_graph(mini):
    dangling = OVERRIDE.replace("  - { from: permanence-jette, to: referent-bas-risque }\n", "")
    (mini / "logigrams" / "bxl-nord.yaml").write_text(dangling, encoding="utf-8")
    codes = {(d.file, d.code) for d in validate(mini).diagnostics if d.is_error}
    assert ("logigrams/bxl-nord.yaml", "logigramme-sans-issue") in codes
    assert (
        "logigrams/bxl-nord.yaml",
        "logigramme-inaccessible",
    ) in codes  # referent-bas-risque now unreachable


def test_override_file_name_must_be_the_territory(mini):
    (mini / "logigrams" / "bxl-sud.yaml").write_text(OVERRIDE, encoding="utf-8")
    codes = [(d.file, d.code) for d in validate(mini).diagnostics if d.is_error]
    assert codes == [("logigrams/bxl-sud.yaml", "identifiant-nom-de-fichier")]
