"""The MkDocs hook that builds a large site's pages in several processes (generator/engine/balises_parallele.py):
the same site, the same warnings and the same failures as a serial build."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

HOOK = Path(__file__).parents[1] / "generator" / "engine" / "balises_parallele.py"


def project(folder: Path, pages: int = 12, plugins: str = "[]", broken: tuple[int, ...] = ()) -> Path:
    """A small MkDocs project: pages linking to the next one's anchor, half of them outside the navigation."""
    (folder / "docs").mkdir(parents=True)
    (folder / "hooks").mkdir()
    shutil.copy(HOOK, folder / "hooks" / HOOK.name)
    for i in range(pages):
        link = f"[la suite](p{i + 1}.md#suite)" if i + 1 < pages else "[le début](p0.md)"
        missing = f" et [rien](absent{i}.md)" if i in broken else ""
        (folder / "docs" / f"p{i}.md").write_text(
            f"# Page {i}\n\nVoir {link}{missing}.\n\n## Suite {{#suite}}\n\n| a | b |\n|---|---|\n| {i} | x |\n",
            encoding="utf-8",
        )
    nav = "".join(f"  - Page {i}: p{i}.md\n" for i in range(0, pages, 2))
    (folder / "mkdocs.yml").write_text(
        "site_name: Essai\ntheme:\n  name: material\n  language: fr\n  font: false\n"
        f"markdown_extensions: [tables, attr_list, toc]\nplugins: {plugins}\nhooks: [hooks/{HOOK.name}]\nnav:\n{nav}",
        encoding="utf-8",
    )
    return folder


def build(folder: Path, processes: int, out: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "BALISES_MKDOCS_PROCESSUS": str(processes), "NO_MKDOCS_2_WARNING": "1"}
    env["SOURCE_DATE_EPOCH"] = "1700000000"
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", out],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def warnings(result: subprocess.CompletedProcess[str]) -> list[str]:
    return sorted(line for line in result.stderr.splitlines() if line.startswith("WARNING"))


def test_pages_built_in_three_processes_are_those_built_in_one(tmp_path: Path) -> None:
    folder = project(tmp_path / "p")
    serial, parallel = build(folder, 1, "un"), build(folder, 3, "trois")
    assert serial.returncode == 0 and parallel.returncode == 0, parallel.stderr
    one, three = tree(folder / "un"), tree(folder / "trois")
    assert len(one) > 12 and one.keys() == three.keys()
    assert [path for path in one if one[path] != three[path]] == []
    assert b'href="../p2/#suite"' in three["p1/index.html"]  # a page of the second share, links resolved


def test_warnings_in_any_process_fail_a_strict_build_as_in_one(tmp_path: Path) -> None:
    folder = project(tmp_path / "p", broken=(0, 4, 5))  # pages of the first, second and third share
    serial, parallel = build(folder, 1, "un"), build(folder, 3, "trois")
    assert serial.returncode == parallel.returncode == 1
    assert len(warnings(serial)) == 3
    assert warnings(parallel) == warnings(serial)
    assert "Aborted with 3 warnings in strict mode" in parallel.stdout + parallel.stderr


def test_a_plugin_that_follows_each_page_keeps_the_build_serial(tmp_path: Path) -> None:
    """MkDocs' search plugin collects every page it sees: split, it would index a third of the site."""
    folder = project(tmp_path / "p", plugins="[search]")
    serial, parallel = build(folder, 1, "un"), build(folder, 3, "trois")
    assert serial.returncode == parallel.returncode == 0
    index = (folder / "trois" / "search" / "search_index.json").read_text(encoding="utf-8")
    assert all(f'"p{i}/"' in index for i in range(12))
    assert tree(folder / "un") == tree(folder / "trois")


@pytest.mark.parametrize("processes", [1, 3])
def test_a_page_that_cannot_be_built_fails_the_build(tmp_path: Path, processes: int) -> None:
    folder = project(tmp_path / "p")
    page = folder / "docs" / "p4.md"  # built by the second process of three
    page.write_text("---\ntemplate: absent.html\n---\n" + page.read_text(encoding="utf-8"), encoding="utf-8")
    result = build(folder, processes, "site")
    assert result.returncode != 0
    assert "absent.html" in result.stderr
