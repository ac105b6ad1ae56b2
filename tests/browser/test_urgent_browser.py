"""A child in danger: the assistant, opened from a shared address, shows first — on a desktop and on a 375 px
phone — the urgent block of `balises route --danger`, with numbers to tap, under the strict CSP."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from browsing import Watched, record_violations, violations
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

DANGER = "assistant/?territoire=bxl-nord-est&periode=prenatal&danger=1"
SHOTS = Path(os.environ.get("BALISES_SHOTS", "/tmp/balises-shots"))

# Where the block is after load, without the test scrolling: its box, the header's bottom, the viewport, what is
# drawn just under the header (the answer, whose first child is the block), the first tel: link's box, and the widths that reveal a horizontal overflow.
_GEOMETRY = """() => {
  const box = document.querySelector("#resultat .assistant-urgence");
  const r = box.getBoundingClientRect();
  const header = document.querySelector(".md-header").getBoundingClientRect().bottom;
  const tel = box.querySelector('a[href^="tel:"]');
  const t = tel.getBoundingClientRect();
  const under = document.elementFromPoint(r.left + r.width / 2, header + 4);
  return {
    top: r.top, bottom: r.bottom, right: r.right, header: header, height: innerHeight, width: innerWidth,
    firstChild: document.querySelector("#resultat").firstElementChild === box,
    underHeader: document.querySelector("#resultat").contains(under),
    tel: {href: tel.getAttribute("href"), text: tel.textContent, top: t.top, bottom: t.bottom, h: t.height},
    pageOverflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
    boxOverflow: box.scrollWidth - box.clientWidth,
  };
}"""


@pytest.mark.parametrize("size", [(1280, 900), (375, 800)], ids=["bureau", "375px"])
def test_a_shared_address_with_a_child_in_danger_opens_on_the_numbers_to_call(
    shipped: Watched, shipped_url: str, size: tuple[int, int]
) -> None:
    page = shipped.page
    page.set_viewport_size({"width": size[0], "height": size[1]})
    record_violations(page)
    page.goto(shipped_url + DANGER, wait_until="networkidle")
    block = page.locator("#resultat .assistant-urgence")
    expect(block).to_be_visible(timeout=10000)
    expect(block.get_by_role("heading", name="Urgence : à faire maintenant")).to_be_visible()
    page.wait_for_timeout(300)  # the scroll has happened
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"urgence-{size[0]}.png"))
    g = page.evaluate(_GEOMETRY)
    assert g["firstChild"], "le bloc urgent n'ouvre pas la réponse"
    assert g["header"] - 1 <= g["top"] < g["height"], g  # on the screen, not under the sticky header
    assert g["underHeader"], "le premier élément visible sous l'en-tête n'est pas le bloc urgent"
    assert g["tel"]["href"] == "tel:112" and g["tel"]["text"] == "112"
    # visible, and big enough to tap
    assert g["tel"]["bottom"] <= g["height"] and g["tel"]["h"] >= 44, g["tel"]
    assert g["right"] <= g["width"] and g["pageOverflow"] <= 0 and g["boxOverflow"] <= 0, g
    expect(block).to_contain_text("vérifié le 04/12/2026")
    expect(block).to_contain_text("Ensuite :")
    assert violations(page) == []
    assert shipped.errors == [] and shipped.foreign() == []


def urgent_lines(page: Page) -> list[str]:
    items = page.locator("#resultat li[data-urgence]")
    return [items.nth(i).get_attribute("data-urgence") or "" for i in range(items.count())]


def test_the_urgent_block_appears_only_for_a_child_in_danger_and_takes_the_focus(
    shipped: Watched, shipped_url: str
) -> None:
    page = shipped.page
    page.goto(shipped_url + "assistant/?territoire=bxl-nord-est&periode=prenatal", wait_until="networkidle")
    expect(page.locator("#resultat")).to_have_attribute("data-strate", "bas-risque", timeout=10000)
    assert urgent_lines(page) == []
    page.locator('input[name="danger"]').check()
    page.get_by_role("button", name="Voir qui contacter").click()
    expect(page.locator("#resultat")).to_have_attribute("data-strate", "danger")
    assert urgent_lines(page)[0] == "urgence-112"
    assert page.evaluate("document.activeElement.id") == "resultat-urgence"
    assert "danger=1" in page.url
