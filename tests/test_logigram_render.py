"""Logigram rendering: DOT (golden, escaping), SVG (accessible titles, links), PDF (paper, text, font size), build."""

from __future__ import annotations

import io
import re
import subprocess
import xml.dom.minidom

import pytest
from conftest import MINI, ROOT
from golden import assert_golden
from pypdf import PdfReader

from generator import outputs
from generator.cli import main
from generator.pipeline import load_model
from generator.render_dot import quote, stratum_dot, territory_dot
from generator.render_graph import render
from generator.render_print import PAPER, printable_pdf


@pytest.fixture(scope="module")
def mini_guidance():
    return load_model(MINI).guidance


@pytest.fixture(scope="module")
def shipped():
    return load_model(ROOT).guidance


def test_dot_golden(mini_guidance):
    territory = mini_guidance.territory("bxl-nord")
    assert_golden("dot/bxl-nord.dot", territory_dot(mini_guidance, territory))
    assert_golden("dot/bxl-nord-complexe.dot", stratum_dot(mini_guidance, territory, "complexe"))


def test_quote_neutralises_dot_escapes():
    assert quote('C:\\new "x"\nligne 2') == '"C:\\\\new \\"x\\"\\nligne 2"'
    assert quote("\\N") == '"\\\\N"'


def test_svg_escapes_data_and_titles_nodes(mini_guidance, tmp_path):
    svg = render(territory_dot(mini_guidance, mini_guidance.territory("bxl-nord")), "svg", tmp_path).decode()
    xml.dom.minidom.parseString(svg)  # well-formed
    assert "<script" not in svg
    assert "&lt;Jette&gt; &amp; Cie" in svg  # the fixture actor's name, escaped
    assert "<title>Un danger est-il identifié pour la vie de l&#x27;enfant ?</title>" in svg or (
        "<title>Un danger est-il identifié pour la vie de l&#39;enfant ?</title>" in svg
    )
    assert 'href="../../acteurs/aquarelle/"' in svg
    assert 'href="../../strates/#complexe"' in svg
    assert 'role="img"' in svg


def test_render_cache_skips_unchanged_graphs(mini_guidance, tmp_path):
    dot = territory_dot(mini_guidance, mini_guidance.territory("bxl-nord"))
    first = render(dot, "svg", tmp_path)
    [cached] = list(tmp_path.iterdir())
    cached.write_bytes(b"from the cache")
    assert render(dot, "svg", tmp_path) == b"from the cache"
    assert first.startswith(b"<?xml")


@pytest.mark.parametrize("paper", ["A3", "A4"])
def test_printable_pdf(shipped, paper, tmp_path):
    territory = shipped.territory("wal-coeur-du-hainaut")
    pdf, pages = printable_pdf(
        shipped, territory, paper, "https://exemple.invalid/territoires/x/", True, tmp_path
    )
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == len(pages) == 2 + len(shipped.strata)
    width, height = PAPER[paper]
    for page in reader.pages:
        assert (round(float(page.mediabox.width), 1), round(float(page.mediabox.height), 1)) == (
            round(width, 1), round(height, 1),
        )  # fmt: skip
    text = reader.pages[0].extract_text()
    assert "Cœur du Hainaut" in text and "Vérifiez la dernière version" in text and "version 2026.11" in text


def test_no_text_under_8pt_on_a3(shipped, tmp_path):
    for territory in shipped.territories:
        _, pages = printable_pdf(shipped, territory, "A3", "x", False, tmp_path)
        assert min(p.min_font_pt for p in pages) >= 8, territory.id


def test_pdf_renders_with_poppler(shipped, tmp_path):
    pdf, _ = printable_pdf(shipped, shipped.territory("bxl-sud"), "A4", "x", False, tmp_path)
    (tmp_path / "l.pdf").write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "20", "-f", "1", "-l", "1", str(tmp_path / "l.pdf"), str(tmp_path / "p")],
        check=True,
    )
    assert list(tmp_path.glob("p*.png"))


def test_build_writes_the_output_contract(tmp_path, capsys):
    out = tmp_path / "site"
    assert main(["build", "--root", str(ROOT), "--out", str(out), "--today", "2026-12-04"]) == 0
    for territory in ("bxl-nord", "bxl-sud-est", "wal-wallonie-picarde"):
        for name in ("logigramme.svg", "logigramme-a3.pdf", "logigramme-a4.pdf", "repertoire.csv"):
            assert (out / "territoires" / territory / name).is_file(), (territory, name)
    assert (out / "exports" / "acteurs.json").is_file() and (
        out / "exports" / "hsds" / "datapackage.json"
    ).is_file()
    assert re.search(r"plus petit texte des logigrammes A3 : \d+(\.\d)? pt", capsys.readouterr().out)


def test_failed_build_leaves_the_previous_site(tmp_path, mini):
    out = tmp_path / "site"
    out.mkdir()
    outputs.mark(out, "balises build")  # a site of an earlier build
    (out / "ancien.txt").write_text("avant", encoding="utf-8")
    (mini / "content" / "strata.yaml").write_text("strata: [\n", encoding="utf-8")
    assert main(["build", "--root", str(mini), "--out", str(out)]) == 1
    assert (out / "ancien.txt").read_text(encoding="utf-8") == "avant"
    assert sorted(p.name for p in out.iterdir()) == [".balises", "ancien.txt"]


def test_two_builds_are_identical(tmp_path):
    for name in ("a", "b"):
        assert (
            main(["build", "--root", str(MINI), "--out", str(tmp_path / name), "-q", "--today", "2026-11-24"])
            == 0
        )
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file())
    assert files
    for rel in files:
        assert (tmp_path / "a" / rel).read_bytes() == (tmp_path / "b" / rel).read_bytes(), rel
