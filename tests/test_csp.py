"""One Content-Security-Policy, strict (no inline script or style): in every built page as a <meta>, in the
nginx recipe as a header, sent by the live preview; and nothing in the pages that the policy would block."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import material
import pytest

from generator import csp

ROOT = Path(__file__).resolve().parents[1]
MATERIAL_PARTIALS = Path(material.__file__).parent / "templates" / "partials" / "javascripts"
THEME_PARTIALS = ROOT / "generator" / "theme" / "partials" / "javascripts"

META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\b(?:src=|type=\"application/json\"))[^>]*>", re.I)


class Blocked(HTMLParser):
    """What a page holds that the policy would block: inline scripts, event attributes, inline styles."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        if tag == "script" and "src" not in names and names.get("type") != "application/json":
            self.found.append("<script> inline")
        if tag == "style":
            self.found.append("<style>")
        self.found += [f"<{tag} {n}=>" for n in names if n.startswith("on") or n == "style"]


def blocked(html: str) -> list[str]:
    parser = Blocked()
    parser.feed(html)
    return parser.found


def test_the_policy_allows_no_inline_script_or_style_and_no_other_host() -> None:
    policy = dict(d.split(" ", 1) for d in csp.header_policy().split("; "))
    assert policy["default-src"] == "'none'"
    assert policy["script-src"] == "'self' 'wasm-unsafe-eval'"  # WebAssembly: Pagefind's search
    assert policy["style-src"] == "'self'"
    assert "unsafe-inline" not in csp.header_policy() and "*" not in csp.header_policy()
    assert policy["frame-ancestors"] == "'none'"
    assert "frame-ancestors" not in csp.meta_policy()  # browsers ignore it in a <meta>


def test_the_nginx_recipe_sends_the_sites_policy() -> None:
    conf = (ROOT / "docs/publier/nginx.conf").read_text(encoding="utf-8")
    sent = re.findall(r'add_header Content-Security-Policy "([^"]+)" always;', conf)
    assert sent == [csp.header_policy()]


def test_every_page_carries_the_policy_first_and_nothing_it_would_block(hostile_site: Path) -> None:
    pages = sorted(hostile_site.rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        html = page.read_text(encoding="utf-8")
        head = html.split("</head>", 1)[0]
        assert META.findall(head) == [csp.meta_policy()], page
        first_script = head.find("<script")
        assert first_script == -1 or head.find("Content-Security-Policy") < first_script, page
        assert blocked(html) == [], page


@pytest.mark.parametrize("name", sorted(p.name for p in MATERIAL_PARTIALS.glob("*.html")))
def test_each_inline_script_of_material_is_replaced_by_a_file(name: str) -> None:
    """Also those our settings do not use yet (consent, announcement…): a publisher may turn them on."""
    material = (MATERIAL_PARTIALS / name).read_text(encoding="utf-8")
    if not INLINE_SCRIPT.search(material):
        pytest.skip("no inline script")
    ours = (THEME_PARTIALS / name).read_text(encoding="utf-8")
    assert blocked(ours) == []
    for src in re.findall(r"'assets/([^']+)' \| url", ours):
        assert (ROOT / "generator/static" / src).is_file(), src
