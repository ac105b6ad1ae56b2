"""`balises validate` reports everything in one run and never crashes: the rules judge every file that passed the
schema and reference passes, whatever the other files hold, and need no `schemas/` folder in the dataset."""

from __future__ import annotations

import filecmp
import json
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import MINI, ROOT, copy_dataset

from generator.cli import main
from generator.schemas import SCHEMA_DIR

TODAY = "2026-11-24"
PARCOURS = "logigrams/parcours.yaml"


def errors_of(root: Path, capsys) -> list[tuple[str, str]]:
    """(file, code) of every error `balises validate --json` reports, after checking it did not crash."""
    code = main(["validate", "--root", str(root), "--json", "--today", TODAY])
    out = capsys.readouterr().out
    assert code == 1, out
    return sorted((d["file"], d["code"]) for d in json.loads(out)["diagnostics"] if d["severity"] == "erreur")


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_decision_with_no_way_out_is_reported_not_a_crash(mini: Path, capsys):
    edit(
        mini,
        PARCOURS,
        "nodes:\n",
        "nodes:\n  - {id: impasse, kind: decision, input: danger, label: Impasse}\n",
    )
    assert errors_of(mini, capsys) == [
        (PARCOURS, "logigramme-inaccessible"),
        (PARCOURS, "logigramme-sans-issue"),
    ]


def test_an_unknown_field_in_one_file_hides_no_cycle_in_another(mini: Path, capsys):
    edit(mini, "content/strata.yaml", "strata:\n", "champ_en_trop: 1\nstrata:\n")
    edit(mini, PARCOURS, "from: aiguillage, to: evaluation-initiale", "from: aiguillage, to: porte")
    assert errors_of(mini, capsys) == [
        ("content/strata.yaml", "champ-inconnu"),
        (PARCOURS, "logigramme-cycle"),
    ]


def test_a_broken_reference_in_one_actor_hides_no_rule_of_another(mini: Path, capsys):
    edit(mini, "actors/bruxelles/aquarelle.yaml", "functions: [coordination]", "functions: [coordinaton]")
    edit(mini, "actors/bruxelles/brusano.yaml", "id: brusano", "id: brusano-autre")
    assert errors_of(mini, capsys) == [
        ("actors/bruxelles/aquarelle.yaml", "reference-inconnue"),
        ("actors/bruxelles/brusano.yaml", "identifiant-nom-de-fichier"),
        ("content/territories/bxl-nord.yaml", "reference-inconnue"),  # it chose « brusano »
    ]


def test_a_broken_territory_raises_no_false_alarm_on_its_actors(mini: Path, capsys):
    edit(mini, "content/territories/bxl-nord.yaml", "id: bxl-nord", "id: bxl-nord\nchamp_en_trop: 1")
    edit(mini, "content/strata.yaml", "order: 1\n", "order: 2\n")  # a rule's error elsewhere still shows
    assert errors_of(mini, capsys) == [
        ("content/strata.yaml", "ordre-duplique"),
        ("content/territories/bxl-nord.yaml", "champ-inconnu"),
    ]


def test_a_logigram_of_thousands_of_nodes_in_a_chain_is_checked(mini: Path, capsys):
    chain = "".join(f"  - {{id: n{i}, kind: action, label: Étape {i}}}\n" for i in range(3000))
    links = "".join(f"  - {{from: n{i}, to: n{i + 1}}}\n" for i in range(2999))
    edit(mini, PARCOURS, "nodes:\n", "nodes:\n" + chain)
    edit(mini, PARCOURS, "edges:\n", "edges:\n" + links + "  - {from: n2999, to: n0}\n")
    found = errors_of(mini, capsys)
    assert (PARCOURS, "logigramme-cycle") in found
    assert (PARCOURS, "logigramme-inaccessible") in found


def test_a_data_date_in_the_future_is_an_error(mini: Path, capsys):
    edit(mini, "content/programme.yaml", 'data_date: "2026-11-24"', 'data_date: "2026-11-25"')
    assert errors_of(mini, capsys) == [("content/programme.yaml", "date-future")]


def test_the_package_ships_its_schemas_identical_to_the_editors_copy():
    editors = sorted(p.name for p in (ROOT / "schemas").glob("*.json"))
    shipped = sorted(entry.name for entry in SCHEMA_DIR.iterdir() if entry.name.endswith(".json"))
    assert editors == shipped
    _, mismatch, errors = filecmp.cmpfiles(ROOT / "schemas", Path(str(SCHEMA_DIR)), editors, shallow=False)
    assert not mismatch and not errors, f"copy schemas/ to generator/schema_files/: {mismatch + errors}"


def test_validate_needs_no_schemas_folder_next_to_the_package(tmp_path: Path):
    """As installed from a wheel: the package alone, run from elsewhere, on a dataset without `schemas/`."""
    shutil.copytree(ROOT / "generator", tmp_path / "site-packages" / "generator")
    data = copy_dataset(MINI, tmp_path / "data")
    run = subprocess.run(
        [sys.executable, "-m", "generator", "validate", "--root", str(data), "--today", TODAY],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"PYTHONPATH": str(tmp_path / "site-packages"), "PATH": "/usr/bin:/bin"},
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "OK : 26 fichier(s) valide(s)" in run.stdout
