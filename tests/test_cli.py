"""The command line: exit codes, messages, --root, --json; and that it never shows a traceback for bad data."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import ROOT

from generator.cli import main


def test_shipped_data_is_valid(capsys):
    assert main(["validate", "--root", str(ROOT)]) == 0
    assert capsys.readouterr().out.strip().splitlines()[-1].startswith("OK :")


def test_root_selects_the_dataset(mini, capsys):
    assert main(["validate", "--root", str(mini)]) == 0
    (mini / "content" / "strata.yaml").write_text("strata: [\n", encoding="utf-8")
    assert main(["validate", "--root", str(mini)]) == 1
    out = capsys.readouterr().out
    assert "content/strata.yaml:2:1: erreur [yaml-syntaxe]" in out
    assert out.strip().splitlines()[-1].startswith("1 erreur dans 1 fichier")


def test_not_a_dataset(tmp_path, capsys):
    assert main(["validate", "--root", str(tmp_path)]) == 1
    assert "jeu-de-donnees-introuvable" in capsys.readouterr().out


def test_json_output(mini, capsys):
    (mini / "content" / "strata.yaml").write_bytes(b"")
    assert main(["validate", "--root", str(mini), "--json"]) == 1
    payload = json.loads(capsys.readouterr().out)
    errors = [d for d in payload["diagnostics"] if d["severity"] == "erreur"]  # the rules' warnings come too
    assert errors[0]["code"] == "fichier-vide"
    assert errors[0]["file"] == "content/strata.yaml"


def test_usage_errors_exit_2(capsys):
    for argv in ([], ["valider"], ["validate", "--nope"]):
        try:
            code = main(argv)
        except SystemExit as exc:
            code = exc.code
        assert code == 2
    assert "erreur" in capsys.readouterr().err


def test_console_script_and_module_run_without_traceback(mini):
    (mini / "content" / "periods.yaml").write_bytes(b"\xff\xfe\x00garbage")
    for command in ([sys.executable, "-m", "generator"], [str(ROOT / ".venv" / "bin" / "balises")]):
        run = subprocess.run([*command, "validate", "--root", str(mini)], capture_output=True, text=True)
        assert run.returncode == 1, run.stderr
        assert "Traceback" not in run.stdout + run.stderr
        assert "content/periods.yaml:1:1: erreur [encodage]" in run.stdout
