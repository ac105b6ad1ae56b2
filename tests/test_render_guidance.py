"""Guidance pages (home, 6W method, strata, periods, strategies, functions, prestations, types, workshop):
golden files on the mini fixture, and what a user would notice on the shipped data (amounts, anchors, links)."""

from __future__ import annotations

import posixpath
import re
from dataclasses import replace
from datetime import date

import markdown
import pytest
from conftest import MINI, ROOT
from golden import assert_golden

from generator.model import Guidance, freeze
from generator.pipeline import load_model
from generator.render_guidance import euro, md, method_sections, plain, render_guidance
from generator.render_pages import md_links

TODAY = date(2026, 12, 4)
EXTENSIONS = ["tables", "attr_list", "admonition", "def_list", "md_in_html", "toc"]
FIXED_PAGES = {
    "index.md",
    "methode-6w.md",
    "strates.md",
    "periodes.md",
    "strategies/index.md",
    "fonctions.md",
    "prestations.md",
    "types.md",
    "atelier.md",
}


@pytest.fixture(scope="module")
def mini_guidance() -> Guidance:
    return load_model(MINI, today=TODAY).guidance


@pytest.fixture(scope="module")
def pages(mini_guidance):
    return render_guidance(mini_guidance)


@pytest.fixture(scope="module")
def shipped_guidance() -> Guidance:
    return load_model(ROOT, today=TODAY).guidance


@pytest.fixture(scope="module")
def shipped(shipped_guidance):
    return render_guidance(shipped_guidance)


def html(text: str) -> str:
    return markdown.markdown(text, extensions=EXTENSIONS)


def ids(text: str) -> set[str]:
    return set(re.findall(r' id="([^"]+)"', html(text)))


def section(page: str, anchor: str) -> str:
    """The Markdown of the section whose heading carries `{#anchor}`, up to the next heading of its level."""
    match = re.search(rf"^(#+) .*\{{#{re.escape(anchor)}\}}$", page, re.MULTILINE)
    assert match, f"no heading with anchor {anchor}"
    rest = page[match.end() :]
    end = re.search(rf"^#{{1,{len(match.group(1))}}} ", rest, re.MULTILINE)
    return rest[: end.start()] if end else rest


@pytest.mark.parametrize(
    "path", sorted([*FIXED_PAGES, "strategies/porte-entree.md", "strategies/promotion-sante.md"])
)
def test_golden(pages, path):
    assert_golden(f"guidance/{path}", pages[path])


def test_one_page_per_guidance_page_and_per_strategy(pages, mini_guidance):
    assert set(pages) == FIXED_PAGES | {f"strategies/{s.id}.md" for s in mini_guidance.strategies}


def test_output_is_deterministic(mini_guidance, pages):
    assert render_guidance(mini_guidance) == pages


@pytest.mark.parametrize("dataset", ["pages", "shipped"])
def test_every_page_has_one_title_and_unique_anchors(dataset, request):
    for path, text in request.getfixturevalue(dataset).items():
        body = html(text)
        assert body.count("<h1") == 1 and text.startswith("# "), path
        found = re.findall(r' id="([^"]+)"', body)
        assert len(found) == len(set(found)), path
        assert "{:" not in body and "{#" not in body and "!!!" not in body, (
            path
        )  # attr_list, admonitions parsed


@pytest.mark.parametrize(("dataset", "model"), [("pages", "mini_guidance"), ("shipped", "shipped_guidance")])
def test_links_lead_to_existing_pages_and_anchors(dataset, model, request):
    rendered, guidance = request.getfixturevalue(dataset), request.getfixturevalue(model)
    others = {"telechargements.md", "assistant/index.md"} | {f"acteurs/{a.id}.md" for a in guidance.actors}
    others |= {
        f"territoires/{t.id}/{page}" for t in guidance.territories for page in ("index.md", "repertoire.md")
    }
    anchors = {path: ids(text) for path, text in rendered.items()}
    for path, text in rendered.items():
        for href in re.findall(r'href="([^"]+)"', html(text)):
            target, _, fragment = href.partition("#")
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(path), target)) if target else path
            if resolved in anchors:
                assert not fragment or fragment in anchors[resolved], f"{path}: {href}"
            else:
                assert resolved in others and not fragment, f"{path}: {href}"


def test_prestations_show_french_amounts(shipped):
    page = shipped["prestations.md"]
    for amount in ("22,55 €", "48,78 €", "720 €", "15 €"):
        assert amount in page
    assert "22.55" not in page
    for anchor in ("scenario-o", "scenario-a", "scenario-b", "prestations"):
        assert f"{{#{anchor}}}" in page
    assert "| 2024 | 720 € | par période de 12 mois |" in page


def test_every_strategy_has_its_page_with_each_dispositif(shipped, shipped_guidance):
    assert len(shipped_guidance.strategies) == 7
    overview = shipped["strategies/index.md"]
    for strategy in shipped_guidance.strategies:
        page = shipped[f"strategies/{strategy.id}.md"]
        assert f"]({strategy.id}.md)" in overview
        for dispositif in strategy.all_dispositifs():
            assert re.search(rf"^##+ .* \{{#{dispositif.id}\}}$", page, re.MULTILINE), dispositif.id
        assert "{#mapping}" in page  # every strategy has rows in the guidance's mapping table
    promotion = shipped["strategies/promotion-sante.md"]
    assert "### Soutien psychosocial {#soutien-psychosocial}" in promotion  # sous-dispositif one level down
    assert "[Psychologue de première ligne](../types.md#psychologue-premiere-ligne)" in promotion
    assert '<table markdown="1" class="tableau-guide">' in promotion  # the CPN themes table
    outreaching = section(shipped["strategies/outreaching.md"], "mapping-1")
    assert (
        "| [Bas risque](../strates.md#bas-risque), [Peu complexe](../strates.md#peu-complexe) | — |"
        in outreaching
    )
    assert "{#portes-entree}" in shipped["strategies/porte-entree.md"]


def test_strata_page_has_every_anchor_and_the_actors_per_territory(shipped, shipped_guidance):
    page = shipped["strates.md"]
    anchors = ids(page)
    assert {"bas-risque", "peu-complexe", "complexe", "refus", "danger", "indicateurs"} <= anchors
    assert {k.id for k in shipped_guidance.kce_indicators} <= anchors
    assert page.count("\n| ") >= 15  # the 15 BIB indicators
    for stratum in shipped_guidance.strata:
        actors = section(page, f"acteurs-{stratum.id}")
        for territory in shipped_guidance.territories:
            assert f"](territoires/{territory.id}/index.md)" in actors
            for actor in shipped_guidance.actors_of(territory.id):
                assert (f"](acteurs/{actor.id}.md)" in actors) == (stratum in actor.strata), (
                    stratum.id,
                    actor.id,
                )


def test_periods_functions_and_types_anchors(shipped, shipped_guidance):
    periods = ids(shipped["periodes.md"])
    assert {"prenatal", "postnatal", "petite-enfance"} <= periods
    assert {k.id for p in shipped_guidance.periods for k in p.key_moments} <= periods
    assert "L'accouchement — moment de transition {#accouchement}" in shipped["periodes.md"]
    assert '!!! info "Pour Bruxelles"' in shipped["periodes.md"]
    assert {"referent", "coordination", "case-management"} <= ids(shipped["fonctions.md"])
    assert "](strategies/coordination-continuite.md#fonction-referent)" in shipped["fonctions.md"]
    types = ids(shipped["types.md"])
    assert {t.id for t in shipped_guidance.actor_types} <= types
    assert "[Aquarelle](acteurs/aquarelle.md)" in section(
        shipped["types.md"], "service-accompagnement-perinatal"
    )


def test_home_links_every_territory_by_region(shipped, shipped_guidance):
    page = shipped["index.md"]
    assert "### Bruxelles {#region-bruxelles}" in page and "### Wallonie {#region-wallonie}" in page
    for territory in shipped_guidance.territories:
        assert f"](territoires/{territory.id}/index.md)" in page
    assert "version 2026.11 du 24 novembre 2026" in page
    assert "](telechargements.md)" in page and "](atelier.md)" in page
    assert "](assistant/index.md)" in page  # « Qui contacter ? » from the home page


def test_workshop_grids_one_per_stratum(pages, mini_guidance):
    page = pages["atelier.md"]
    strata, periods = mini_guidance.strata, mini_guidance.periods
    assert page.count('<div class="grille-page" markdown="1">') == len(strata)
    assert page.count('<table class="grille-6w" aria-labelledby="grille-') == len(strata)
    for label in ("Qui ?", "Pourquoi ?", "Quoi ?", "Quels acteurs ?", "Où ?", "Quand ?"):
        assert page.count(f'<th scope="row">{label} ') == len(strata)
    assert page.count("<td></td>") == len(strata) * 5 * len(periods)  # empty cells to fill in by hand
    assert '<td colspan="3">Situations à bas risque</td>' in page
    assert {"vignettes", "situation-1", "situation-3-suite-a", "temps-1", "grille-danger"} <= ids(page)


def test_data_text_is_escaped_in_markdown_and_in_raw_html(mini_guidance):
    hostile = replace(mini_guidance.strata[0], name='<script>alert("x")</script> & Cie')
    rendered = render_guidance(replace(mini_guidance, strata=(hostile, *mini_guidance.strata[1:])))
    grid = section(rendered["atelier.md"], "grille-bas-risque")
    assert "<script>" not in grid and "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; Cie" in grid
    assert "<script>" not in rendered["strates.md"]
    assert "Maison médicale « Test » &lt;Jette&gt; &amp; Cie" in rendered["strates.md"]


def test_method_page_renders_any_section_of_the_method_file(mini_guidance):
    method = dict(mini_guidance.method)
    method["glossaire_local"] = [{"term": "PEP's", "meaning": "Partenaire Enfant-Parents"}, "Une ligne libre"]
    method["annexe"] = {"title": "Une annexe", "text": "Du **texte**.", "auteur": "Équipe", "source": "x.txt"}
    page = render_guidance(replace(mini_guidance, method=freeze(method)))["methode-6w.md"]
    assert "## Glossaire local {#glossaire-local}" in page and "- Une ligne libre" in page
    assert "PEP's\n:   Partenaire Enfant-Parents" in page
    assert "## Une annexe {#annexe}" in page and "Du **texte**." in page and "**Auteur** : Équipe" in page
    sections = method_sections(freeze(method))
    assert [s.anchor for s in sections][:3] == ["description", "en-amont", "questions"]
    assert sections[0].children[0].anchor == "approche"


def test_text_filters():
    assert euro(22.55) == "22,55 €" and euro(720.0) == "720 €" and euro(1250.5) == "1\u202f250,50 €"
    assert (
        md("# Titre\n\n## Sous-titre\n\ntexte <b>", level=2)
        == "### Titre\n\n#### Sous-titre\n\ntexte &lt;b&gt;"
    )
    assert md("#### Déjà bas", level=2) == "#### Déjà bas"
    assert plain("003_6f91.txt — *[x]* _y_") == "003_6f91.txt — &#42;&#91;x&#93;&#42; &#95;y&#95;"


def test_actor_links_neutralise_markdown_in_names(mini_guidance):
    """Every page writes actor names as `plain` does (one text policy, one link cache)."""
    actors = tuple(
        replace(a, name="Service *étoile* [x] _y_ & <b>") if a.id == "aquarelle" else a
        for a in mini_guidance.actors
    )
    rendered = render_guidance(replace(mini_guidance, actors=actors))
    link = "[Service &#42;étoile&#42; &#91;x&#93; &#95;y&#95; &amp; &lt;b&gt;](acteurs/aquarelle.md)"
    assert link in section(rendered["strates.md"], "acteurs-complexe")
    assert f"**Acteurs** : {link}" in rendered["types.md"]
    aquarelle = next(a for a in actors if a.id == "aquarelle")
    assert md_links([aquarelle], "acteurs/{id}.md") == link
