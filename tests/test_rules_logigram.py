"""Validation of the logigram: broken graphs give located, French diagnostics."""

from __future__ import annotations

from generator.validate import validate


def replace(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def errors(root):
    return [(d.code, d.message) for d in validate(root).diagnostics if d.is_error]


def logigram(mini):
    return mini / "logigrams" / "parcours.yaml"


def test_unreachable_node(mini):
    replace(logigram(mini), "  - { from: depistage-refuse, to: scenario }\n", "")
    found = errors(mini)
    assert ("logigramme-sans-issue", "le nœud « depistage-refuse » n'a aucune flèche sortante") in found


def test_decision_must_be_exhaustive(mini):
    replace(
        logigram(mini),
        '  - { from: indicateurs, to: strate-complexe, label: "3 ou plus", when: { min: 3 } }\n',
        '  - { from: indicateurs, to: strate-complexe, label: "4 ou plus", when: { min: 4 } }\n',
    )
    assert [c for c, _ in errors(mini)] == ["logigramme-decision"]


def test_boolean_decision_needs_both_outcomes(mini):
    replace(
        logigram(mini),
        '  - { from: danger, to: refus, label: "non", when: false }\n',
        '  - { from: danger, to: refus, label: "non", when: true }\n',
    )
    assert "logigramme-decision" in [c for c, _ in errors(mini)]


def test_cycle_without_reevaluation(mini):
    replace(
        logigram(mini),
        '  - { from: reevaluation, to: danger, label: "oui : réévaluer la strate", reevaluation: true }\n',
        '  - { from: reevaluation, to: danger, label: "oui : réévaluer la strate" }\n',
    )
    assert [c for c, _ in errors(mini)] == ["logigramme-cycle"]


def test_unknown_node_in_edge(mini):
    replace(
        logigram(mini),
        "  - { from: scenario, to: indicateurs }\n",
        "  - { from: scenario, to: indicateur }\n",
    )
    found = [d for d in validate(mini).diagnostics if d.is_error]
    assert found[0].code == "reference-inconnue" and "« indicateurs »" in found[0].hint


def test_two_starts(mini):
    replace(logigram(mini), "  - id: porte\n    kind: question\n", "  - id: porte\n    kind: start\n")
    assert "logigramme-depart" in [c for c, _ in errors(mini)]


def test_actors_node_needs_a_function(mini):
    replace(
        logigram(mini),
        "  - id: coordination-refus\n    kind: actors\n    function: coordination\n",
        "  - id: coordination-refus\n    kind: actors\n",
    )
    assert [c for c, _ in errors(mini)] == ["logigramme-noeud"]
