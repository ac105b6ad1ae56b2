"""The site with markup in every kind of text field, opened in headless Chromium as a visitor would: the pages
where the data lands (home and its menu, a territory, an actor, a strategy, the actor types, the assistant with
the territory chosen, the search results for the payload) open no dialog, report no error from an injected
script and ask nothing of another host. No Content-Security-Policy here: the text policy alone must hold."""

from __future__ import annotations

import pytest
from browsing import Watched, watched
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PAGES = [
    "",
    "territoires/bxl-nord/",
    "territoires/bxl-nord/repertoire/",
    "territoires/bxl-nord/logigramme/",
    "acteurs/aquarelle/",
    "acteurs/maison-test-jette/",
    "strategies/outreaching/",
    "strategies/",
    "types/",
    "strates/",
    "fonctions/",
    "periodes/",
    "territoires/",
    "atelier/",
]


@pytest.fixture
def visitor(browser, all_hostile_url: str):
    yield from watched(browser, all_hostile_url)


def assert_nothing_ran(w: Watched) -> None:
    w.page.wait_for_timeout(300)  # an onerror fires once the image failed to load
    assert w.dialogs == []
    assert [e for e in w.errors if "alert" in e or "evil" in e] == []
    assert w.foreign() == []
    assert (
        w.page.evaluate(
            "document.querySelectorAll('img[src=\"x\"], svg[onload], [onerror], [onclick]').length"
        )
        == 0
    )


@pytest.mark.parametrize("path", PAGES)
def test_a_page_with_hostile_data_runs_nothing_and_loads_nothing_from_another_host(
    visitor: Watched, all_hostile_url: str, path: str
) -> None:
    visitor.page.goto(all_hostile_url + path, wait_until="networkidle")
    assert_nothing_ran(visitor)


def test_hostile_territory_and_strategy_names_show_as_text_in_the_title_header_and_menu(
    visitor: Watched, all_hostile_url: str
) -> None:
    page = visitor.page
    page.goto(all_hostile_url + "territoires/bxl-nord/", wait_until="networkidle")
    shown = "<img src=x onerror=alert(11)> </title><script>alert(12)</script> [lien](javascript:alert(13))"
    assert page.title().startswith(shown)
    expect(page.locator("h1")).to_contain_text(shown)
    expect(page.locator('[data-md-component="header-topic"]')).to_contain_text(
        "<img src=x onerror=alert(11)>"
    )
    assert_nothing_ran(visitor)
    page.goto(all_hostile_url + "strategies/outreaching/", wait_until="networkidle")
    expect(page.locator(".md-nav--primary .md-nav__link--active").first).to_contain_text(shown)
    assert_nothing_ran(visitor)


def test_the_assistant_with_the_hostile_territory_chosen_runs_nothing(
    visitor: Watched, all_hostile_url: str
) -> None:
    page = visitor.page
    page.goto(
        all_hostile_url + "assistant/?territoire=bxl-nord&periode=prenatal&strate=complexe",
        wait_until="networkidle",
    )
    expect(page.locator("#resultat")).to_contain_text("<img src=x onerror=alert(11)>")
    assert_nothing_ran(visitor)


def test_searching_the_payload_shows_results_as_text_and_runs_nothing(
    visitor: Watched, all_hostile_url: str
) -> None:
    page = visitor.page
    page.goto(all_hostile_url + "recherche/?q=onerror", wait_until="networkidle")
    expect(page.locator(".balises-resultat").first).to_be_visible(timeout=15000)
    expect(page.locator(".balises-resultat").first).to_contain_text("onerror")
    page.goto(all_hostile_url + "recherche/?q=alert", wait_until="networkidle")
    expect(page.locator(".balises-resultat").first).to_be_visible(timeout=15000)
    assert_nothing_ran(visitor)
