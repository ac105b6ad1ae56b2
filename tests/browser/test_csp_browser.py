"""The built site under its own strict Content-Security-Policy (no 'unsafe-inline'), as the nginx recipe sends
it: every kind of page loads with no violation reported and still works (Material's scripts, search, assistant)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from browsing import Watched, record_violations, serve, violations, watched
from playwright.sync_api import expect

from generator import csp

pytestmark = pytest.mark.browser

PAGES = {
    "accueil": "",
    "page de la guidance": "strates/",
    "stratégie": "strategies/porte-entree/",
    "territoire (logigramme en SVG)": "territoires/bxl-nord/",
    "acteur": "acteurs/aquarelle/",
    "téléchargements": "telechargements/",
    "guide des coachs": "guide/",
    "catalogue des erreurs": "guide/erreurs/",
    "page absente (404)": "404.html",
}


@pytest.fixture(scope="module")
def strict_url(shipped_site: Path) -> Iterator[str]:
    """The shipped site served with the policy's header, as nginx would."""
    yield from serve(shipped_site, {"Content-Security-Policy": csp.header_policy()})


@pytest.fixture
def strict(browser, strict_url: str) -> Iterator[Watched]:
    for w in watched(browser, strict_url):
        record_violations(w.page)
        yield w


@pytest.fixture(scope="module")
def news_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A site with a « Nouveautés » page (tests/fixtures/diff: `build --previous`), under the policy's header."""
    from sitebuild import build_site

    diff = Path(__file__).parents[1] / "fixtures" / "diff"
    out = tmp_path_factory.mktemp("nouveautes") / "site"
    assert build_site(diff / "new", out, "--previous", str(diff / "old")) == 0
    yield from serve(out, {"Content-Security-Policy": csp.header_policy()})


PALETTE_TOGGLE = """
  palette:
    - scheme: default
      toggle: {icon: material/brightness-7, name: "Passer au mode sombre"}
    - scheme: slate
      toggle: {icon: material/brightness-4, name: "Passer au mode clair"}
"""


@pytest.fixture(scope="module")
def palette_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`mini` with Material's light/dark toggle turned on in mkdocs.yml, under the policy's header."""
    from conftest import MINI, copy_dataset
    from sitebuild import build_site

    root = copy_dataset(MINI, tmp_path_factory.mktemp("palette") / "data")
    settings = (root / "mkdocs.yml").read_text(encoding="utf-8")
    settings = re.sub(r"\n  palette:\n(?:    .*\n)+", PALETTE_TOGGLE, settings)
    assert "slate" in settings
    (root / "mkdocs.yml").write_text(settings, encoding="utf-8")
    assert build_site(root, root.parent / "site") == 0
    yield from serve(root.parent / "site", {"Content-Security-Policy": csp.header_policy()})


@pytest.fixture(scope="module")
def hostile_strict_url(hostile_site: Path) -> Iterator[str]:
    yield from serve(hostile_site, {"Content-Security-Policy": csp.header_policy()})


@pytest.mark.parametrize("path", PAGES.values(), ids=PAGES.keys())
def test_every_kind_of_page_runs_under_the_strict_policy(strict: Watched, strict_url: str, path: str) -> None:
    page = strict.page
    page.goto(strict_url + path, wait_until="networkidle")
    expect(page.locator("h1").first).to_be_visible()
    page.mouse.wheel(0, 4000)  # what Material does on scrolling (header, table of contents, « back to top »)
    page.wait_for_timeout(300)
    page.mouse.wheel(0, -1000)
    expect(page.locator("html")).to_have_class(re.compile(r"(^| )js( |$)"))  # Material's bundle ran
    scope = page.evaluate("window.__md_scope && window.__md_scope.href")
    assert scope == strict_url  # Material's bootstrap, now a file, found the site's root from any page
    assert violations(strict.page) == []
    assert strict.errors == []
    assert strict.foreign() == []


def test_searching_from_the_header_finds_results_under_the_strict_policy(
    strict: Watched, strict_url: str
) -> None:
    page = strict.page
    page.goto(strict_url + "territoires/bxl-nord/", wait_until="networkidle")
    box = page.get_by_role("searchbox", name="Rechercher dans le site")
    box.click()
    box.press_sequentially("aquarelle", delay=20)
    box.press("Enter")  # the header's form leads to the search page (form-action 'self')
    expect(page.locator(".balises-resultat__titre").first).to_contain_text("Aquarelle", timeout=15000)
    assert page.url.endswith("recherche/?q=aquarelle")
    assert violations(strict.page) == [] and strict.errors == [] and strict.foreign() == []


def test_the_assistant_gives_its_result_under_the_strict_policy(strict: Watched, strict_url: str) -> None:
    page = strict.page
    page.goto(strict_url + "assistant/?territoire=bxl-nord&indicateurs=logement", wait_until="networkidle")
    expect(page.locator("#resultat")).to_have_attribute("data-scenario", "A")
    assert violations(strict.page) == [] and strict.errors == [] and strict.foreign() == []


def test_the_news_page_runs_under_the_strict_policy(browser, news_url: str) -> None:
    for w in watched(browser, news_url):
        record_violations(w.page)
        w.page.goto(news_url + "nouveautes/", wait_until="networkidle")
        expect(w.page.locator("h1")).to_contain_text("Nouveautés")
        expect(w.page.locator("article")).to_contain_text("Consultation ONE de Laeken")
        assert violations(w.page) == [] and w.errors == [] and w.foreign() == []


@pytest.mark.parametrize(
    "path", ["territoires/bxl-nord/", "acteurs/maison-test-jette/", "recherche/?q=alert"]
)
def test_markup_in_the_data_neither_runs_nor_trips_the_policy(
    browser, hostile_strict_url: str, path: str
) -> None:
    """Names and descriptions holding <script> and onerror= are text: nothing for the policy to block."""
    for w in watched(browser, hostile_strict_url):
        record_violations(w.page)
        w.page.goto(hostile_strict_url + path, wait_until="networkidle")
        w.page.wait_for_timeout(500)
        assert w.dialogs == [] and violations(w.page) == [] and w.errors == [] and w.foreign() == []


def test_the_palette_toggle_works_and_is_remembered_under_the_strict_policy(
    browser, palette_url: str
) -> None:
    for w in watched(browser, palette_url):
        page = w.page
        record_violations(page)
        page.goto(palette_url, wait_until="networkidle")
        page.get_by_title("Passer au mode sombre").click()
        expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
        page.goto(palette_url + "territoires/bxl-nord/", wait_until="networkidle")
        expect(page.locator("body")).to_have_attribute(
            "data-md-color-scheme", "slate"
        )  # restored from storage
        assert violations(page) == [] and w.errors == [] and w.foreign() == []


def test_the_policy_blocks_an_inline_script(strict: Watched, strict_url: str) -> None:
    """The policy really is strict: a script added to a page does not run, and the violation is seen."""
    page = strict.page
    page.goto(strict_url, wait_until="networkidle")
    page.evaluate(
        """() => { const s = document.createElement("script"); s.textContent = "window.__ran = true";
        document.body.appendChild(s); }"""
    )
    assert page.evaluate("window.__ran === undefined")
    assert any(v.startswith("script-src-elem inline") for v in violations(strict.page))
