"""The benchmark's synthetic dataset (bench/generate.py) is a valid dataset of the requested size."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import yaml
from conftest import ROOT

from generator.fixed_ids import BASE_STRATA, FIXED_IDS
from generator.validate import validate

GENERATE = ROOT / "bench" / "generate.py"


def generate(out: Path, *options: str) -> None:
    command = [
        sys.executable,
        str(GENERATE),
        "--out",
        str(out),
        "--territories",
        "2",
        "--actors",
        "30",
        *options,
    ]
    subprocess.run(command, check=True, capture_output=True, text=True)


def test_two_territories_of_thirty_actors_validate(tmp_path: Path) -> None:
    root = tmp_path / "data"
    generate(root)
    result = validate(root, today=date(2026, 11, 24))
    assert [d for d in result.diagnostics if d.is_error] == []
    territories = sorted((root / "content" / "territories").glob("*.yaml"))
    assert len(territories) == 2
    for path in territories:
        territory = yaml.safe_load(path.read_text(encoding="utf-8"))
        actors = {p.stem for p in (root / "actors" / territory["id"]).glob("*.yaml")}
        assert len(actors) == 30
        assert 10 <= len(territory["communes"]) <= 25
        cells = {(c["function"], c["stratum"]) for c in territory["choices"]}
        assert cells == {(f, s) for f in FIXED_IDS["function"] for s in BASE_STRATA}
        for choice in territory["choices"]:
            chosen = [item["actor"] for item in choice["actors"]]
            assert 2 <= len(chosen) <= 6
            assert set(chosen) <= actors  # actors of the territory itself
    assert len(list((root / "actors").glob("*/*.yaml"))) == 60


def test_the_same_seed_gives_the_same_files(tmp_path: Path) -> None:
    generate(tmp_path / "a", "--seed", "7")
    generate(tmp_path / "b", "--seed", "7")
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*.yaml"))
    assert files == sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*.yaml"))
    assert all((tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes() for f in files)


def test_the_benchmark_runs_and_measures_every_figure_of_the_issue() -> None:
    """`make bench` on a tiny dataset: every figure the README's performance section quotes is measured."""
    command = [sys.executable, str(ROOT / "bench" / "run.py"), "--territories", "1", "--actors", "8"]
    done = subprocess.run([*command, "--no-browser", "--json"], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    figures = json.loads(done.stdout)
    for key in (
        "validate_sous_processus_s",
        "build_complet_s",
        "build_chaud_s",
        "mkdocs_seul_s",
        "mkdocs_seul_serie_s",
        "pagefind_seul_s",
        "part_generateur_pct",
        "part_generateur_chaud_pct",
        "index_recherche_octets",
        "plus_gros_data_json_octets",
        "pic_memoire_build_ko",
        "apercu_demarrage_s",
        "reconstruction_s",
        "recherche_a_jour_s",
    ):
        assert figures[key] > 0, key
    assert set(figures["etapes_s"]) == {"logigrammes et exports", "pages", "site (MkDocs et Pagefind)"}
    assert set(figures["reconstruction_etapes_s"]) == {"validation", "rendu", "écriture", "MkDocs"}
    assert figures["reconstruction_s"] < figures["apercu_demarrage_s"]  # the rebuild is partial
    checks = figures["controles"]  # the site tests' checks, on the bench's site
    assert checks["liens"] > 100 and checks["liens_casses_nombre"] == 0
    assert checks["ressources_externes"] == [] and checks["balisage_non_echappe"] == []
    assert checks["pages_avec_balisage_echappe"] >= 1  # the probe in the synthetic data landed, escaped
