"""« Qui contacter ? » in headless Chromium: the same answers as `balises route --json` for a table of
situations (every stratum, each scenario edge, period and shipped territory), keyboard use, shared URLs,
postcode lookup, privacy and accessibility."""

from __future__ import annotations

import io
import json
from contextlib import redirect_stdout
from urllib.parse import urlencode

import pytest
from axe_playwright_python.sync_playwright import Axe
from browsing import Watched
from conftest import ROOT
from playwright.sync_api import Page, expect

from generator.cli import main

pytestmark = pytest.mark.browser

# (territory, period, indicators, refus, danger, screening refused, judgement) — and why each is here.
SITUATIONS = [
    ("bxl-nord", "prenatal", (), False, False, False, None),  # vignette 1: nothing → bas-risque, O
    ("bxl-nord", "prenatal", ("logement",), False, False, False, None),  # 1 indicator → peu-complexe, A
    ("bxl-nord", "postnatal", ("logement", "problemes-financiers"), False, False, False, None),  # 2 → B
    (
        "bxl-nord-est",
        "prenatal",
        ("violence", "isolement-social", "sante-mentale"),
        False,
        False,
        False,
        None,
    ),
    ("bxl-nord-est", "petite-enfance", ("statut-sejour",), False, False, False, None),
    ("bxl-centre-ouest", "prenatal", (), True, False, False, None),  # refusal of care → refus
    ("bxl-centre-ouest", "postnatal", ("violence",), False, True, False, None),  # danger → danger
    ("bxl-centre-ouest", "prenatal", (), True, True, False, None),  # danger takes precedence over refusal
    ("bxl-sud", "prenatal", (), False, False, True, None),  # screening refused: the exception
    ("bxl-sud", "postnatal", ("sante-mentale", "substances-psychoactives"), False, False, False, None),
    ("bxl-sud", None, ("logement",), False, False, False, None),  # no period: every choice applies
    ("bxl-sud-est", "prenatal", (), False, False, False, "complexe"),  # judgement fixes the stratum
    ("bxl-sud-est", "petite-enfance", ("logement",), False, False, False, "bas-risque"),
    ("bxl-sud-est", "postnatal", ("obstacles-communication", "violence"), False, False, False, None),
    (
        "wal-coeur-du-hainaut",
        "prenatal",
        ("violence", "isolement-social", "substances-psychoactives", "sante-mentale"),
        False,
        False,
        False,
        None,
    ),  # vignette 3
    ("wal-coeur-du-hainaut", "postnatal", (), False, False, False, "danger"),
    ("wal-coeur-du-hainaut", "petite-enfance", ("problemes-financiers",), False, False, False, None),
    (
        "wal-wallonie-picarde",
        "prenatal",
        ("logement", "problemes-financiers"),
        False,
        False,
        False,
        None,
    ),  # vignette 2
    ("wal-wallonie-picarde", "postnatal", (), False, False, False, "refus"),
    ("wal-wallonie-picarde", "petite-enfance", (), False, False, False, None),
    (
        "wal-wallonie-picarde",
        "prenatal",
        ("statut-sejour", "obstacles-communication"),
        False,
        False,
        True,
        None,
    ),
    ("bxl-nord", "petite-enfance", (), False, False, False, "peu-complexe"),
]


def query(territory, period, indicators, refus, danger, refused, stratum) -> str:
    params = {"territoire": territory}
    if period:
        params["periode"] = period
    if indicators:
        params["indicateurs"] = ",".join(indicators)
    if refus:
        params["refus"] = "1"
    if danger:
        params["danger"] = "1"
    if refused:
        params["depistage"] = "refuse"
    if stratum:
        params["strate"] = stratum
    return "?" + urlencode(params, safe=",")


def route_json(territory, period, indicators, refus, danger, refused, stratum) -> dict:
    argv = ["route", "--root", str(ROOT), "--territory", territory, "--json"]
    argv += ["--period", period] if period else []
    argv += ["--indicators", ",".join(indicators)] if indicators else []
    argv += ["--refus"] * refus + ["--danger"] * danger + ["--depistage-refuse"] * refused
    argv += ["--stratum", stratum] if stratum else []
    out = io.StringIO()
    with redirect_stdout(out):
        assert main(argv) == 0
    return json.loads(out.getvalue())


def expected(result: dict) -> dict:
    return {
        "strate": result["strate"],
        "scenario": result["scenario"],
        "prestations": [p["id"] for p in result["prestations"]],
        "acteurs": [a["id"] or f"type:{a['type']}" for a in result["acteurs"]],
    }


def shown(page: Page) -> dict:
    box = page.locator("#resultat")
    expect(box).to_have_attribute("data-strate", __import__("re").compile(".+"), timeout=10000)
    items = box.locator("li[data-acteur], li[data-type]")
    actors = [
        items.nth(i).get_attribute("data-acteur") or "type:" + (items.nth(i).get_attribute("data-type") or "")
        for i in range(items.count())
    ]
    prestations = box.locator("li[data-prestation]")
    return {
        "strate": box.get_attribute("data-strate"),
        "scenario": box.get_attribute("data-scenario"),
        "prestations": [
            prestations.nth(i).get_attribute("data-prestation") for i in range(prestations.count())
        ],
        "acteurs": actors,
    }


def test_the_table_covers_every_stratum_scenario_period_and_territory() -> None:
    results = [route_json(*s) for s in SITUATIONS]
    assert {r["strate"] for r in results} == {"bas-risque", "peu-complexe", "complexe", "refus", "danger"}
    assert {r["scenario"] for r in results} == {"O", "A", "B", "aucun"}  # aucun: the screening refused
    assert {s[1] for s in SITUATIONS} == {"prenatal", "postnatal", "petite-enfance", None}
    territories = {t.name.removesuffix(".yaml") for t in (ROOT / "content/territories").glob("*.yaml")}
    assert {s[0] for s in SITUATIONS} == territories


@pytest.mark.parametrize("situation", SITUATIONS, ids=[query(*s) for s in SITUATIONS])
def test_the_browser_and_the_command_line_agree(shipped: Watched, shipped_url: str, situation) -> None:
    shipped.page.goto(shipped_url + "assistant/" + query(*situation), wait_until="networkidle")
    assert shown(shipped.page) == expected(route_json(*situation))
    assert shipped.errors == [] and shipped.foreign() == []


def tab_to(page: Page, selector: str, limit: int = 80) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"la touche Tab n'atteint pas {selector}")


def test_the_form_works_with_the_keyboard_alone_and_its_url_can_be_shared(
    shipped: Watched, shipped_url: str, browser
) -> None:
    page = shipped.page
    page.goto(shipped_url + "assistant/", wait_until="networkidle")
    tab_to(page, "#code-postal")
    page.keyboard.type("1030")  # Schaerbeek
    page.keyboard.press("Enter")
    expect(page.locator("#territoire")).to_have_value("bxl-nord-est")
    expect(page.locator("#code-postal-aide")).to_contain_text("Bassin Nord-Est")
    tab_to(page, 'input[name="periode"]')
    page.keyboard.press("ArrowDown")  # postnatal
    tab_to(page, 'input[value="logement"]')
    page.keyboard.press("Space")
    tab_to(page, 'input[value="violence"]')
    page.keyboard.press("Space")
    tab_to(page, 'button[type="submit"]')
    page.keyboard.press("Enter")
    result = shown(page)
    assert result == expected(
        route_json("bxl-nord-est", "postnatal", ("logement", "violence"), False, False, False, None)
    )
    assert page.evaluate("document.activeElement.id") == "resultat-titre"  # focus moves to the answer
    assert "territoire=bxl-nord-est" in page.url and "indicateurs=logement,violence" in page.url
    other = browser.new_page()
    try:
        other.goto(page.url, wait_until="networkidle")
        assert shown(other) == result
        expect(other.locator('input[value="violence"]')).to_be_checked()
    finally:
        other.close()
    assert shipped.foreign() == []


def test_restart_clears_the_situation(shipped: Watched, shipped_url: str) -> None:
    page = shipped.page
    page.goto(shipped_url + "assistant/" + query(*SITUATIONS[2]), wait_until="networkidle")
    shown(page)
    page.get_by_role("button", name="Recommencer").last.click()
    expect(page.locator("#resultat")).to_be_hidden()
    assert "?" not in page.url
    expect(page.locator('input[value="logement"]')).not_to_be_checked()


def test_an_unknown_territory_in_a_shared_url_says_so(shipped: Watched, shipped_url: str) -> None:
    shipped.page.goto(shipped_url + "assistant/?territoire=bxl-inconnu", wait_until="networkidle")
    expect(shipped.page.get_by_role("alert")).to_contain_text("introuvables")


def test_the_assistant_has_no_serious_accessibility_violation(shipped: Watched, shipped_url: str) -> None:
    shipped.page.goto(shipped_url + "assistant/" + query(*SITUATIONS[3]), wait_until="networkidle")
    shown(shipped.page)
    result = Axe().run(
        shipped.page,
        options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}},
    )
    serious = [
        (v["id"], [n["target"] for n in v["nodes"]][:3])
        for v in result.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []
