"""The corpus of broken datasets: each case under cases/invalid/ breaks a copy of fixtures/mini and states the
exact diagnostics `balises validate` must give (file, line, code and the gist of the message), no more."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import MINI, copy_dataset

CASES = Path(__file__).resolve().parent / "cases" / "invalid"


def _cases() -> list[Path]:
    return sorted(p for p in CASES.iterdir() if (p / "case.yaml").is_file())


def apply_case(case: Path, root: Path) -> dict:
    spec = yaml.safe_load((case / "case.yaml").read_text(encoding="utf-8"))
    for edit in spec.get("patch", []):
        target = root / edit["file"]
        text = target.read_text(encoding="utf-8")
        assert text.count(edit["replace"]) == 1, f"{case.name}: « {edit['replace']} » must occur once"
        target.write_text(text.replace(edit["replace"], edit["with"]), encoding="utf-8")
    for rel in spec.get("remove", []):
        (root / rel).unlink()
    for link in spec.get("links", []):
        (root / link["file"]).symlink_to(link["target"])
    files = case / "files"
    if files.is_dir():
        for path in files.rglob("*"):
            if path.is_file():
                target = root / path.relative_to(files)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, target)
    return spec


@pytest.mark.parametrize("case", _cases(), ids=lambda p: p.name)
def test_invalid_case(case: Path, tmp_path: Path):
    root = copy_dataset(MINI, tmp_path / "data")
    spec = apply_case(case, root)
    run = subprocess.run(
        [sys.executable, "-m", "generator", "validate", "--root", str(root)], capture_output=True, text=True
    )
    assert run.returncode == 1, run.stdout
    assert "Traceback" not in run.stdout + run.stderr
    errors = [line for line in run.stdout.splitlines() if ": erreur [" in line]
    expected = spec["expected"]
    for item in expected:
        prefix = f"{item['file']}:{item['line']}:" if item.get("line") else f"{item['file']}: "
        matching = [e for e in errors if e.startswith(prefix) and f"[{item['code']}]" in e]
        assert matching, f"expected {prefix} [{item['code']}] in:\n{run.stdout}"
        assert item["message"] in matching[0], matching[0]
    assert len(errors) == len(expected), run.stdout


def test_corpus_is_large_enough():
    assert len(_cases()) >= 25
