"""YAML as a coach writes it, and as an attacker would: `balises validate` on whole datasets answers every one
with a French diagnostic at file:line, fast and in little memory, never with an internal error."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import MINI, copy_dataset

from generator.cli import main


def billion_laughs(levels: int = 10) -> str:
    """The classic alias bomb: ten lines, each level nine aliases of the one above (9¹⁰ values expanded)."""
    lines = ['a0: &a0 ["ha", "ha", "ha", "ha", "ha", "ha", "ha", "ha", "ha"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, levels)]
    return "\n".join(lines) + "\n"


_MEASURE = """
import json, sys, time
from generator.cli import main
start = time.perf_counter()
code = main(["validate", "--root", sys.argv[1], "--json"])
seconds = time.perf_counter() - start
# VmHWM is this program's own peak: ru_maxrss would keep the peak of the forking test process across exec
with open("/proc/self/status") as status:
    peak_mb = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:")) / 1024
print(json.dumps({"code": code, "seconds": seconds, "peak_mb": peak_mb}), file=sys.stderr)
"""


def test_an_alias_bomb_is_refused_in_well_under_2_s_and_200_mb(tmp_path: Path):
    root = copy_dataset(MINI, tmp_path / "data")
    bomb = billion_laughs()
    assert 500 < len(bomb) < 1100
    (root / "content" / "vignettes.yaml").write_text(bomb, encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-c", _MEASURE, str(root)], capture_output=True, text=True, timeout=60
    )
    measured = json.loads(run.stderr.strip().splitlines()[-1])
    assert measured["code"] == 1
    assert measured["seconds"] < 2, measured
    assert measured["peak_mb"] < 200, measured
    found = json.loads(run.stdout)["diagnostics"]
    aliases = [d for d in found if d["code"] == "yaml-alias"]
    assert len(aliases) == 10 + 9 * 9  # every anchor and every alias, each where it is written
    assert {d["file"] for d in aliases} == {"content/vignettes.yaml"}
    assert {(d["line"], d["column"]) for d in aliases} >= {(1, 5), (2, 5), (2, 10), (10, 50)}


def test_a_bom_on_every_file_validates_like_without(tmp_path: Path, capsys):
    root = copy_dataset(MINI, tmp_path / "data")
    for path in root.rglob("*.yaml"):
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    (root / "content" / "programme.yaml").write_bytes(
        (root / "content" / "programme.yaml")
        .read_bytes()
        .replace(b'data_date: "2026-11-24"', b"data_date: 2026")
    )
    assert main(["validate", "--root", str(root), "--today", "2026-11-24"]) == 1
    out = capsys.readouterr().out
    assert "content/programme.yaml:5:12: erreur [type-invalide]" in out  # the same place as without a BOM
    assert "1 erreur dans 1 fichier" in out


@pytest.mark.parametrize(
    "text, where",
    [
        ("[" * 10_000, "1:"),
        ("id: x\nname:\n" + "".join("  " * i + "- \n" for i in range(1, 100)), "66:"),
        ("a: {" * 3000, "1:"),
    ],
    ids=["10000 brackets", "indented lists", "flow mappings"],
)
def test_deep_nesting_is_a_located_diagnostic(tmp_path: Path, capsys, text: str, where: str):
    root = copy_dataset(MINI, tmp_path / "data")
    (root / "actors" / "bruxelles" / "aquarelle.yaml").write_text(text, encoding="utf-8")
    assert main(["validate", "--root", str(root), "--today", "2026-11-24"]) == 1
    out = capsys.readouterr().out
    errors = [line for line in out.splitlines() if ": erreur [" in line]
    assert len(errors) == 1, out
    assert errors[0].startswith(f"actors/bruxelles/aquarelle.yaml:{where}")
    assert "[yaml-profondeur] imbrication trop profonde" in errors[0]


def test_a_link_out_of_the_dataset_is_never_read(tmp_path: Path, capsys):
    secret = tmp_path / "secret"
    secret.mkdir()
    (secret / "types.yaml").write_text("types: [{id: secret-value}]\n", encoding="utf-8")
    (secret / "x.yaml").write_text("id: x\nname: secret-value\n", encoding="utf-8")
    root = copy_dataset(MINI, tmp_path / "data")
    (root / "actors" / "bruxelles" / "x.yaml").symlink_to(secret / "x.yaml")
    (root / "actors" / "secret").symlink_to(secret)
    (root / "actors" / "bruxelles" / "inside.yaml").symlink_to(root / "actors" / "bruxelles" / "brusano.yaml")
    assert main(["validate", "--root", str(root), "--json", "--today", "2026-11-24"]) == 1
    out = capsys.readouterr().out
    assert "secret-value" not in out
    errors = [(d["file"], d["code"]) for d in json.loads(out)["diagnostics"] if d["severity"] == "erreur"]
    assert sorted(errors) == [
        ("actors/bruxelles/inside.yaml", "identifiant-duplique"),  # a link inside is read, as before
        ("actors/bruxelles/x.yaml", "lien-externe"),
        ("actors/secret", "lien-externe"),
    ]


def test_an_escaped_control_character_in_a_name_stops_validate_and_build(tmp_path: Path, capsys):
    """Graphviz refused such a name: the build crashed with an internal error."""
    root = copy_dataset(MINI, tmp_path / "data")
    actor = root / "actors" / "bruxelles" / "aquarelle.yaml"
    actor.write_text(actor.read_text(encoding="utf-8").replace('name: "Aquarelle"', 'name: "\\e"'), "utf-8")
    assert main(["validate", "--root", str(root), "--today", "2026-11-24"]) == 1
    assert "aquarelle.yaml:3:7: erreur [caractere-controle]" in capsys.readouterr().out
    assert main(["build", "--root", str(root), "--out", str(tmp_path / "site"), "--today", "2026-11-24"]) == 1
    assert "caractere-controle" in capsys.readouterr().err
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize("folder", ["actors", "content/territories", "actors/bxl-nord"])
def test_a_data_folder_linked_out_of_the_dataset_is_one_error_not_a_cascade(tmp_path: Path, capsys, folder):
    root = copy_dataset(MINI, tmp_path / "data")
    shutil.move(root / folder, tmp_path / "elsewhere")
    (root / folder).symlink_to(tmp_path / "elsewhere")
    assert main(["validate", "--root", str(root), "--json", "--today", "2026-11-24"]) == 1
    found = json.loads(capsys.readouterr().out)["diagnostics"]
    assert [(d["file"], d["code"]) for d in found if d["severity"] == "erreur"] == [(folder, "lien-externe")]


@pytest.mark.parametrize(
    "settings, said",
    [
        ("site_name: x\ntheme: 3\n", "« theme » doit être une table de réglages"),
        ("site_name: x\nextra: [1]\n", "« extra » doit être une table de réglages"),
        ("site_name: x\nhooks: [1]\n", "le réglage « hooks » est refusé"),
        (
            "site_name: x\nhooks: [evil.py]\n",
            "le réglage « hooks » est refusé (un hook MkDocs exécute du code",
        ),
        ("site_name: x\nINHERIT: ../../autre.yml\n", "le réglage « INHERIT » est refusé"),
        ("site_name: x\nplugins: [search]\n", "le réglage « plugins » est refusé"),
        ("site_name: x\nextra_javascript: [https://evil.example/x.js]\n", "« extra_javascript » est refusé"),
        (
            "site_name: x\nmarkdown_extensions: [pymdownx.snippets]\n",
            "« pymdownx.snippets » n'est pas acceptée",
        ),
        (
            "site_name: x\nmarkdown_extensions: [{pymdownx.snippets: {base_path: /}}]\n",
            "« pymdownx.snippets »",
        ),
        ("site_name: x\nmarkdown_extensions: 3\n", "« markdown_extensions » doit être une liste"),
        ("site_name: x\nextra: &a [*a]\n", "mkdocs.yml:2:8 : ancre YAML « &a »"),
        ("site_name: a\nsite_name: b\n", "mkdocs.yml:2:1 : le champ « site_name » apparaît deux fois"),
        ("", "fichier vide"),
    ],
    ids=[
        *("theme not a table", "extra a list", "hooks of numbers", "a hook", "inherit", "plugins"),
        *("extra javascript", "snippets", "snippets with options", "extensions not a list"),
        *("alias", "duplicate key", "empty"),
    ],
)
def test_the_site_settings_are_read_like_the_data(tmp_path: Path, capsys, settings: str, said: str):
    """A `theme:` that is not a table was an internal error (TypeError) of `build`; a hook in the dataset's
    settings ran its Python code in every build, and `pymdownx.snippets` could pull any file of the machine."""
    root = copy_dataset(MINI, tmp_path / "data")
    (root / "mkdocs.yml").write_text(settings, encoding="utf-8")
    assert main(["build", "--root", str(root), "--out", str(tmp_path / "site"), "--today", "2026-11-24"]) == 1
    err = capsys.readouterr().err
    assert said in err and "erreur interne" not in err
    assert not (tmp_path / "site").exists()
