"""The site as a user meets it, in headless Chromium: home, search, territory page and downloads, links,
privacy (no request to another host), escaping and accessibility."""

from __future__ import annotations

import re
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlparse

import pytest
from axe_playwright_python.sync_playwright import Axe
from browsing import Watched
from playwright.sync_api import expect
from sitebuild import HOSTILE_NAME

pytestmark = pytest.mark.browser


def search(w: Watched, base: str, query: str) -> None:
    """Type into the header's search box like a user, then wait for the first result."""
    w.page.goto(base, wait_until="networkidle")
    box = w.page.get_by_role("searchbox", name="Rechercher dans le site")
    box.click()
    box.press_sequentially(query, delay=20)
    box.press("Enter")
    expect(w.page.locator(".balises-resultat").first).to_be_visible(timeout=15000)


def result_titles(w: Watched) -> list[str]:
    w.page.wait_for_timeout(300)  # let the page finish loading the result list
    return w.page.locator(".balises-resultat__titre").all_inner_texts()


def test_the_home_page_loads_without_console_error(shipped: Watched, shipped_url: str) -> None:
    shipped.page.goto(shipped_url, wait_until="networkidle")
    expect(shipped.page.locator("h1").first).to_be_visible()
    expect(shipped.page).to_have_title(re.compile("1000 premiers jours"))
    assert shipped.errors == []
    assert shipped.foreign() == []


def test_searching_an_actor_name_finds_its_page(shipped: Watched, shipped_url: str) -> None:
    search(shipped, shipped_url, "aquarelle")
    assert any("Aquarelle" in t for t in result_titles(shipped))
    assert shipped.foreign() == []


def test_searching_an_actor_type_without_hyphen_or_accent_finds_it(
    shipped: Watched, shipped_url: str
) -> None:
    search(shipped, shipped_url, "sage femme")
    assert any("Sage-femme" in t or "sage-femme" in t for t in result_titles(shipped))
    search(shipped, shipped_url, "periode")
    result_titles(shipped)
    marked = shipped.page.locator(".balises-resultat__extrait mark").all_inner_texts()
    assert any(m.lower().startswith("périod") for m in marked), marked  # found with its accent


def test_searching_a_type_and_a_commune_finds_who_serves_it(shipped: Watched, shipped_url: str) -> None:
    """« sage-femme Schaerbeek »: actor pages name the communes they serve, so the commune narrows the type."""
    search(shipped, shipped_url, "sage-femme schaerbeek")
    titles = result_titles(shipped)
    assert any("sage-femme" in t.lower() for t in titles[:3]), titles


def test_the_search_page_searches_again_as_you_type_and_keeps_the_query_in_its_address(
    shipped: Watched, shipped_url: str
) -> None:
    page = shipped.page
    page.goto(shipped_url + "recherche/?q=aquarelle", wait_until="networkidle")
    expect(page.locator(".balises-resultat__titre").first).to_contain_text("Aquarelle")
    box = page.get_by_role("searchbox", name="Mots recherchés")
    expect(box).to_have_value("aquarelle")
    box.fill("logement")
    expect(page.locator(".balises-resultat__titre").first).not_to_contain_text("Aquarelle")
    expect(page.locator(".balises-recherche__etat")).to_contain_text("pour « logement »")
    assert page.url.endswith("recherche/?q=logement")
    box.fill("zzzqqqxx")
    expect(page.locator(".balises-recherche__etat")).to_contain_text("Aucun résultat pour « zzzqqqxx »")
    expect(page.locator(".balises-resultat")).to_have_count(0)
    assert shipped.errors == [] and shipped.foreign() == []


def test_search_shows_ten_results_then_more_on_request(shipped: Watched, shipped_url: str) -> None:
    page = shipped.page
    page.goto(shipped_url + "recherche/?q=bruxelles", wait_until="networkidle")
    results = page.locator(".balises-resultat")
    expect(results).to_have_count(10)
    expect(page.locator(".balises-recherche__etat")).to_contain_text("10 affichés")
    page.get_by_role("button", name="Afficher plus de résultats").click()
    expect(results.nth(10)).to_be_visible()
    assert results.count() > 10
    page.locator(".balises-resultat__titre").nth(10).click()
    expect(page.locator("article h1")).to_be_visible()
    assert "recherche" not in page.url


def test_search_results_lead_to_their_pages_when_the_site_lives_below_a_path(
    browser, shipped_site: Path, tmp_path: Path
) -> None:
    """Published as a project site (https://example.org/balises/), results must keep the path."""
    from browsing import serve, watched

    (tmp_path / "balises").symlink_to(shipped_site)
    for base in serve(tmp_path):
        for w in watched(browser, base):
            w.page.goto(base + "balises/recherche/?q=aquarelle", wait_until="networkidle")
            first = w.page.locator(".balises-resultat__titre").first
            expect(first).to_have_attribute("href", re.compile(r"^/balises/acteurs/aquarelle/"))
            first.click()
            expect(w.page.locator("article h1")).to_contain_text("Aquarelle")
            assert w.errors == [] and w.foreign() == []


def test_a_territory_page_shows_its_logigram_and_its_pdfs_download(
    shipped: Watched, shipped_url: str
) -> None:
    page = shipped.page
    page.goto(shipped_url + "territoires/bxl-nord/", wait_until="networkidle")
    logigram = page.locator(".logigramme svg")
    expect(logigram).to_be_visible()
    assert logigram.bounding_box()["width"] > 300
    assert logigram.locator("a").count() > 10  # nodes link to actors, strata and functions
    for label, name in (("PDF A3", "logigramme-a3.pdf"), ("PDF A4", "logigramme-a4.pdf")):
        with page.expect_download() as info:
            page.get_by_role("link", name=re.compile(label)).first.click()
        download = info.value
        assert download.suggested_filename == name
        assert Path(download.path()).read_bytes().startswith(b"%PDF")
    assert shipped.errors == [] and shipped.foreign() == []


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.add(found["id"] or "")
        for key in ("href", "src", "xlink:href"):
            value = found.get(key)
            if value and tag in ("a", "link", "script", "img", "iframe"):
                self.links.append(value)


def _fetch(url: str) -> bytes:
    with urllib.request.urlopen(url) as response:
        return response.read()


def test_every_internal_link_of_every_page_resolves(shipped_site: Path, shipped_url: str) -> None:
    pages = [p.relative_to(shipped_site).as_posix() for p in shipped_site.rglob("*.html")]
    ids: dict[str, set[str]] = {}
    links: list[tuple[str, str]] = []
    for rel in pages:
        url = shipped_url + rel.removesuffix("index.html")
        parser = _Links()
        parser.feed(_fetch(url).decode("utf-8"))
        ids[url] = parser.ids
        links += [(url, urljoin(url, link)) for link in parser.links]
    broken = []
    checked: set[str] = set()
    for source, target in links:
        if not target.startswith(shipped_url):
            assert urlparse(target).scheme in ("http", "https", "mailto", "tel"), (source, target)
            continue
        address, fragment = urldefrag(target)
        if address not in checked:
            try:
                _fetch(address)
            except OSError:
                broken.append((source, target))
            checked.add(address)
        if fragment and address in ids and fragment not in ids[address]:
            broken.append((source, target))
    assert len(pages) > 80
    assert broken == []


def test_data_markup_shows_as_text_and_never_runs(hostile: Watched, hostile_url: str) -> None:
    page = hostile.page
    for path in ("acteurs/maison-test-jette/", "territoires/bxl-nord/", "territoires/bxl-nord/repertoire/"):
        page.goto(hostile_url + path, wait_until="networkidle")
        expect(page.locator("article")).to_contain_text("<script>alert(1)</script>")
    expect(page.locator("article")).to_contain_text('"><img src=x onerror=alert(1)>')
    page.goto(hostile_url + "acteurs/maison-test-jette/", wait_until="networkidle")
    assert HOSTILE_NAME in page.title()
    page.goto(
        hostile_url + "assistant/?territoire=bxl-nord&periode=prenatal&strate=complexe",
        wait_until="networkidle",
    )
    expect(page.locator('#resultat li[data-acteur="maison-test-jette"]')).to_contain_text(
        "<script>alert(1)</script>"
    )
    search(hostile, hostile_url, "alert")
    expect(page.locator(".balises-resultat").first).to_contain_text("alert(1)")
    page.wait_for_timeout(500)
    assert hostile.dialogs == []
    assert page.locator("img[src=x]").count() == 0


@pytest.mark.parametrize("path", ["", "territoires/bxl-nord/", "acteurs/aquarelle/", "recherche/?q=logement"])
def test_no_serious_or_critical_accessibility_violation(
    shipped: Watched, shipped_url: str, path: str
) -> None:
    shipped.page.goto(shipped_url + path, wait_until="networkidle")
    shipped.page.wait_for_timeout(300)
    result = Axe().run(
        shipped.page,
        options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}},
    )
    serious = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in result.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []


def test_the_site_works_under_the_nginx_recipes_content_security_policy(browser, shipped_site: Path) -> None:
    """The recipe's CSP forbids every other host: search (WebAssembly) and the assistant must still work."""
    from browsing import serve, watched

    conf = (Path(__file__).parents[2] / "docs/publier/nginx.conf").read_text(encoding="utf-8")
    policy = re.search(r'Content-Security-Policy "([^"]+)"', conf).group(1)
    for base in serve(shipped_site, {"Content-Security-Policy": policy}):
        for w in watched(browser, base):
            search(w, base, "aquarelle")
            w.page.goto(
                base + "assistant/?territoire=bxl-nord&indicateurs=logement", wait_until="networkidle"
            )
            expect(w.page.locator("#resultat")).to_have_attribute("data-scenario", "A")
            assert w.errors == [] and w.foreign() == []
