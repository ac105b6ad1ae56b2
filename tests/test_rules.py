"""Pass 3: the domain rules (run once schemas and references are clean)."""

from __future__ import annotations

from generator.validate import validate


def replace(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")


def codes(root):
    return [(d.file, d.code) for d in validate(root).diagnostics if d.is_error]


def test_mapping_must_cover_the_five_strata(mini):
    path = mini / "content" / "mapping.yaml"
    replace(
        path,
        "strata:\n- bas-risque\n- peu-complexe\n- complexe\n- refus\n- danger\n",
        "strata:\n- bas-risque\n- peu-complexe\n- complexe\n- refus\n",
    )
    assert ("content/mapping.yaml", "mapping-strate-manquante") in codes(mini)


def test_none_cell_cannot_name_actors(mini):
    path = mini / "content" / "mapping.yaml"
    replace(
        path,
        "    bas-risque:\n      none: true\n      text: /\n    peu-complexe:\n      none: true\n      text: /\n    complexe:\n      text: Banques",
        "    bas-risque:\n      none: true\n      text: /\n      actor_types: [cpas]\n    peu-complexe:\n      none: true\n      text: /\n    complexe:\n      text: Banques",
    )
    assert codes(mini) == [("content/mapping.yaml", "mapping-cellule-incoherente")]


def test_entry_door_row_needs_one_cell_per_column(mini):
    path = mini / "content" / "entry-doors.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("  cells:\n") + len("  cells:\n")
    second = text.index("  - text:", text.index("  - text:", start) + 1)
    end = text.index("- door:", second) if "- door:" in text[second:] else len(text)
    path.write_text(text[:second] + text[end:], encoding="utf-8")
    assert ("content/entry-doors.yaml", "portes-cellules") in codes(mini)


def test_bib_numbers_follow_each_other(mini):
    replace(mini / "content" / "indicators.yaml", "  number: 2\n", "  number: 4\n")
    assert codes(mini) == [("content/indicators.yaml", "bib-numero")]


def test_last_scenario_is_open_ended(mini):
    path = mini / "content" / "scenarios.yaml"
    replace(path, "  min_indicators: 2\n", "  min_indicators: 2\n  max_indicators: 8\n")
    assert codes(mini) == [("content/scenarios.yaml", "scenarios-couverture")]


def test_duplicate_order(mini):
    replace(mini / "content" / "strata.yaml", "  order: 2\n", "  order: 1\n")
    assert codes(mini) == [("content/strata.yaml", "ordre-duplique")]


def test_a_list_glued_to_the_line_above_is_reported_on_its_field(mini):
    path = mini / "actors" / "bruxelles" / "aquarelle.yaml"
    old = next(
        line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("description:")
    )
    glued = "description: |\n  Projets :\n  - **Cocom** : coordination\n  - **Cocof** : enceinte et en forme"
    replace(path, old, glued)
    found = [d for d in validate(mini).diagnostics if d.code == "liste-collee"]
    assert [(d.file, d.line, d.is_error) for d in found] == [("actors/bruxelles/aquarelle.yaml", 16, False)]
    assert "« - **Cocom** : coordination »" in found[0].message
    replace(path, "Projets :\n", "Projets :\n\n")  # the fix the hint gives
    replace(path, "  - **Cocof** : enceinte et en forme", "  - un élément\n    qui continue\n  - un autre")
    assert "liste-collee" not in [d.code for d in validate(mini).diagnostics]


def test_markup_the_site_drops_is_reported_on_its_field_with_what_to_write(mini):
    path = mini / "actors" / "bruxelles" / "aquarelle.yaml"
    old = next(
        line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("description:")
    )
    replace(
        path, old, 'description: "Accueil [le site](javascript:alert(1)) et ![x](https://evil.example/x.png)"'
    )
    found = [d for d in validate(mini).diagnostics if d.code == "balisage-ignore"]
    assert [(d.file, d.line, d.column, d.is_error) for d in found if "aquarelle" in d.file] == [
        ("actors/bruxelles/aquarelle.yaml", 16, 14, False)
    ]
    message = next(d for d in found if "aquarelle" in d.file).message
    assert message.startswith("une image (« ![x](https://evil.example/x.png) »)")
    replace(path, "![x](https://evil.example/x.png)", "<b>gras</b>")
    message = next(
        d for d in validate(mini).diagnostics if d.code == "balisage-ignore" and "aquarelle" in d.file
    )
    assert message.message.startswith("une balise HTML (« <b>gras</b> »)")
    replace(path, "<b>gras</b>", "**gras**")
    message = next(
        d for d in validate(mini).diagnostics if d.code == "balisage-ignore" and "aquarelle" in d.file
    )
    assert message.message.startswith("un lien dont l'adresse")
    replace(path, "javascript:alert(1)", "https://aquarelle.example/")  # the fix the hint gives
    assert [
        d.file for d in validate(mini).diagnostics if d.code == "balisage-ignore" and "aquarelle" in d.file
    ] == []
