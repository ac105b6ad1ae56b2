"""The built site (MkDocs + Pagefind) from the `mini` fixture: pages at the contracted paths, no third-party
request possible, escaping everywhere data lands, reproducible and atomic builds."""

from __future__ import annotations

import gzip
import hashlib
import json
import shutil
import xml.dom.minidom
from pathlib import Path

from sitebuild import FOREIGN_RESOURCE, HOSTILE_DESCRIPTION, HOSTILE_NAME, build_site

from generator import outputs


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_pages_are_at_the_contracted_paths(hostile_site: Path) -> None:
    for page in (
        "index.html",
        "strates/index.html",
        "periodes/index.html",
        "fonctions/index.html",
        "prestations/index.html",
        "methode-6w/index.html",
        "atelier/index.html",
        "telechargements/index.html",
        "recherche/index.html",
        "territoires/index.html",
        "territoires/bxl-nord/index.html",
        "territoires/bxl-nord/repertoire/index.html",
        "territoires/bxl-nord/logigramme/index.html",
        "acteurs/aquarelle/index.html",
        "territoires/bxl-nord/logigramme-a3.pdf",
        "territoires/bxl-nord/logigramme-a4.pdf",
        "territoires/bxl-nord/repertoire.csv",
        "exports/acteurs.json",
        "exports/hsds/datapackage.json",
        "pagefind/pagefind.js",
        "assistant/index.html",
        "data/bxl-nord.json",
    ):
        assert (hostile_site / page).is_file(), page
    html = (hostile_site / "index.html").read_text(encoding="utf-8")
    assert '<html lang="fr"' in html


def test_the_territory_page_shows_its_logigram_inline_with_links_to_actors_and_pdfs(
    hostile_site: Path,
) -> None:
    html = (hostile_site / "territoires/bxl-nord/index.html").read_text(encoding="utf-8")
    logigram = html.split('<div class="logigramme"', 1)[1].split("</svg>", 1)[0]
    assert "<svg" in logigram and 'class="graph"' in logigram
    assert 'href="../../acteurs/aquarelle/"' in html  # a node of the logigram opens the actor's page
    assert 'href="logigramme-a3.pdf"' in html and 'href="logigramme-a4.pdf"' in html
    assert "Jette" in html and "1090" in html  # communes and postcodes
    assert "Lacunes" in html


def test_an_actor_page_links_to_its_types_functions_strata_and_territories(hostile_site: Path) -> None:
    html = (hostile_site / "acteurs/aquarelle/index.html").read_text(encoding="utf-8")
    assert 'href="../../types/#service-accompagnement-perinatal"' in html
    assert 'href="../../fonctions/#coordination"' in html
    assert 'href="../../strates/#complexe"' in html
    assert 'href="../../territoires/bxl-nord/"' in html


def test_no_page_or_stylesheet_loads_anything_from_another_host(hostile_site: Path) -> None:
    offending = []
    for path in [*html_pages(hostile_site), *hostile_site.rglob("*.css"), *hostile_site.rglob("*.svg")]:
        text = path.read_text(encoding="utf-8")
        offending += [
            f"{path.relative_to(hostile_site)}: {m.group(0)}" for m in FOREIGN_RESOURCE.finditer(text)
        ]
    assert offending == []
    home = (hostile_site / "index.html").read_text(encoding="utf-8")
    assert "fonts.googleapis" not in home and "fonts.gstatic" not in home


def test_data_markup_is_escaped_in_every_page(hostile_site: Path) -> None:
    landed = 0
    for path in html_pages(hostile_site):
        text = path.read_text(encoding="utf-8")
        assert "<script>alert" not in text, path
        assert "<img src=x" not in text, path
        assert "</title><script>" not in text, path
        landed += "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert landed >= 3  # the actor page, the territory page (inline SVG) and the repertoire at least
    actor = (hostile_site / "acteurs/maison-test-jette/index.html").read_text(encoding="utf-8")
    assert "&lt;/title&gt;&lt;script&gt;alert(2)" in actor.split("</title>")[0]  # the <title> itself


def test_data_markup_is_escaped_in_the_svg_and_kept_intact_in_json(hostile_site: Path) -> None:
    svg = (hostile_site / "territoires/bxl-nord/logigramme.svg").read_text(encoding="utf-8")
    xml.dom.minidom.parseString(svg.encode("utf-8"))  # still well-formed XML
    assert "<script" not in svg and "&lt;script&gt;alert(1)" in svg
    actors = json.loads((hostile_site / "exports/acteurs.json").read_text(encoding="utf-8"))["actors"]
    record = next(a for a in actors if a["id"] == "maison-test-jette")
    assert record["name"] == HOSTILE_NAME and record["description"] == HOSTILE_DESCRIPTION


def test_the_search_index_holds_data_markup_as_plain_text(hostile_site: Path) -> None:
    """Pagefind stores the page's text (not its HTML) as JSON strings; its interface escapes it when it shows
    a result (the browser test searches the hostile actor and checks that nothing runs)."""
    fragments = [gzip.decompress(p.read_bytes()) for p in (hostile_site / "pagefind/fragment").iterdir()]
    records = [json.loads(f.removeprefix(b"pagefind_dcd")) for f in fragments]
    actor = next(r for r in records if r["url"] == "/acteurs/maison-test-jette/")
    assert actor["meta"]["title"] == HOSTILE_NAME
    assert HOSTILE_DESCRIPTION in actor["content"]


def test_the_assistant_data_keeps_data_markup_intact_as_json(hostile_site: Path) -> None:
    data = json.loads((hostile_site / "data/bxl-nord.json").read_text(encoding="utf-8"))
    assert data["acteurs"]["maison-test-jette"]["nom"] == HOSTILE_NAME
    assert data["propositions"]["coordination|complexe|prenatal"] == [
        {"acteur": "aquarelle"},
        {"acteur": "maison-test-jette"},
    ]
    index = json.loads((hostile_site / "data/territoires.json").read_text(encoding="utf-8"))
    assert [t["id"] for t in index["territoires"]] == ["bxl-nord"]
    assert (hostile_site / "assistant/index.html").is_file()


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_two_builds_of_the_same_data_are_byte_identical(
    hostile_site: Path, tmp_path: Path, monkeypatch
) -> None:
    """…even when MkDocs builds the pages in three processes the second time (as on a large site)."""
    root = hostile_site.parent / "data"
    again = tmp_path / "again"
    monkeypatch.setenv("BALISES_MKDOCS_PROCESSUS", "3")
    assert build_site(root, again) == 0
    first, second = tree_digest(hostile_site), tree_digest(again)
    assert first.keys() == second.keys()
    assert [p for p in first if first[p] != second[p]] == []


def test_a_failed_site_build_leaves_the_previous_site_untouched(mini: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "site"
    out.mkdir()
    outputs.mark(out, "balises build")  # a site of an earlier build
    (out / "index.html").write_text("ancien site", encoding="utf-8")
    (mini / "mkdocs.yml").unlink()
    (mini / "mkdocs.yml").write_text(
        "site_name: Test\nmarkdown_extensions: [{toc: {baselevel: pas-un-nombre}}]\n", encoding="utf-8"
    )
    assert build_site(mini, out) == 1
    err = capsys.readouterr().err
    assert "MkDocs a échoué" in err and "resté inchangé" in err
    assert sorted(p.name for p in out.iterdir()) == [".balises", "index.html"]
    assert (out / "index.html").read_text(encoding="utf-8") == "ancien site"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no staging folder left


def test_a_broken_link_in_a_free_text_fails_the_build_and_says_where(
    mini: Path, tmp_path: Path, capsys
) -> None:
    path = mini / "actors" / "bruxelles" / "aquarelle.yaml"
    text = path.read_text(encoding="utf-8").replace(
        'description: "', 'description: "Voir [la page](../nulle-part.md). '
    )
    path.write_text(text, encoding="utf-8")
    assert build_site(mini, tmp_path / "site") == 1
    err = capsys.readouterr().err
    assert "la page « acteurs/aquarelle.md » contient le lien « ../nulle-part.md »" in err
    assert "INFO" not in err
    assert not (tmp_path / "site").exists()


def test_a_dataset_without_site_settings_is_refused_before_any_work(
    mini: Path, tmp_path: Path, capsys
) -> None:
    (mini / "mkdocs.yml").unlink()
    assert build_site(mini, tmp_path / "site") == 1
    assert "mkdocs.yml" in capsys.readouterr().err
    assert not (tmp_path / "site").exists()


def test_keep_docs_leaves_a_plain_mkdocs_project(hostile_site: Path, tmp_path: Path) -> None:
    root = hostile_site.parent / "data"
    kept = tmp_path / "projet"
    assert build_site(root, tmp_path / "site", "--keep-docs", str(kept)) == 0
    assert (kept / "mkdocs.yml").is_file() and (kept / "docs/index.md").is_file()
    assert (kept / "overrides/main.html").is_file()
    assert (kept / "hooks/balises_parallele.py").is_file()  # the kept project builds as Balises builds it
    shutil.rmtree(kept)
