"""The assistant's postcode field in headless Chromium: a sample of Walloon and Brussels postcodes (the data it reads is
checked for every postcode in tests/test_postcodes.py), a shared code and a malformed one."""

from __future__ import annotations

import pytest
from browsing import Watched
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

# (typed, territory chosen, words in the status line)
SAMPLE = [
    ("7000", "wal-coeur-du-hainaut", "Territoire : Cœur du Hainaut."),  # Mons, vignette 3
    ("7134", "wal-coeur-du-hainaut", "Territoire : Cœur du Hainaut."),  # a former commune of Binche
    ("7800", "wal-wallonie-picarde", "Territoire : Wallonie picarde."),  # Ath, vignette 2
    ("7971", "wal-wallonie-picarde", "Territoire : Wallonie picarde."),  # Beloeil (« Belœil » in our data)
    ("7500", "wal-wallonie-picarde", "Territoire : Wallonie picarde."),  # Tournai
    ("1120", "bxl-nord", "Territoire : Bassin Nord."),  # Neder-Over-Heembeek, a section of Bruxelles
    ("1000", "bxl-centre-ouest", "partagé entre Bassin Centre-Ouest, Bassin Sud"),
]


@pytest.mark.parametrize(("typed", "territory", "said"), SAMPLE, ids=[s[0] for s in SAMPLE])
def test_the_postcode_field_finds_the_territory(
    shipped: Watched, shipped_url: str, typed: str, territory: str, said: str
) -> None:
    page = shipped.page
    page.goto(shipped_url + "assistant/", wait_until="networkidle")
    page.fill("#code-postal", typed)
    page.press("#code-postal", "Enter")
    expect(page.locator("#code-postal-aide")).to_contain_text(said)
    expect(page.locator("#territoire")).to_have_value(territory)
    assert shipped.errors == []


@pytest.mark.parametrize("typed", ["", "70", "abcd"])
def test_a_postcode_that_is_not_four_digits_chooses_nothing(
    shipped: Watched, shipped_url: str, typed: str
) -> None:
    page = shipped.page
    page.goto(shipped_url + "assistant/", wait_until="networkidle")
    page.fill("#code-postal", typed)
    page.click("#chercher-code")
    expect(page.locator("#code-postal-aide")).to_have_text("Donnez les 4 chiffres du code postal (ex. 7000).")
    expect(page.locator("#territoire")).to_have_value("")
    assert shipped.errors == []
