"""Pass 2: ids unique per kind, references resolve; typos get the nearest id."""

from __future__ import annotations

from conftest import MINI

from generator.validate import validate


def errors(root):
    return [d for d in validate(root).diagnostics if d.is_error]


def test_mini_fixture_is_valid():
    assert errors(MINI) == []


def test_every_link_kind_of_the_schemas_is_declared_somewhere(schemas):
    declared = set().union(
        *(
            schemas.declared_kinds(name.removesuffix(".schema.json"))
            for name in schemas.documents
            if name != "common.schema.json"
        )
    )
    referenced = set()

    def visit(node):
        if isinstance(node, dict):
            if "x-ref" in node:
                referenced.add(node["x-ref"])
            for value in node.values():
                visit(value)
        elif isinstance(node, list):
            for value in node:
                visit(value)

    visit(list(schemas.documents.values()))
    assert referenced <= declared


def test_unknown_reference_with_near_miss(mini):
    path = mini / "content" / "functions.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("- peu-complexe\n", "- peu-complexes\n", 1), encoding="utf-8"
    )
    [d] = errors(mini)
    assert d.code == "reference-inconnue"
    assert d.file == "content/functions.yaml"
    assert "« peu-complexe »" in d.hint


def test_a_broken_declaring_file_does_not_bury_its_error_under_unknown_references(mini):
    (mini / "actors" / "types.yaml").write_text("types: [\n", encoding="utf-8")
    found = errors(mini)
    assert [d.code for d in found] == ["yaml-syntaxe"]
