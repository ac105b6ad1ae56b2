"""The built site with markup in every kind of text field (`sitebuild.make_all_hostile`): nothing from the data
becomes an element, an attribute, a script, a link to another scheme or a resource from another host, and every
payload still shows as the text it is, in the title, the header, the menu, the headings, the table of contents,
the link lists, the tables and the logigram."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from sitebuild import HOSTILE_LABEL


class _Page(HTMLParser):
    """The elements of a page as a browser builds them, and the text of a few places."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.scripts: list[str] = []
        self.title = ""
        self._in: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {k: v or "" for k, v in attrs}))
        if tag in ("script", "title"):
            self._in.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self._in and self._in[-1] == tag:
            self._in.pop()

    def handle_data(self, data: str) -> None:
        if self._in and self._in[-1] == "script":
            self.scripts.append(data)
        elif self._in and self._in[-1] == "title" and not self.title:
            self.title = data


def parsed(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


URL_ATTRIBUTES = {"href", "src", "srcset", "action", "formaction", "xlink:href", "poster", "data"}


def problems(page: _Page) -> list[str]:
    found = []
    for tag, attrs in page.elements:
        for name, value in attrs.items():
            target = "".join(value.split()).lower()
            if name.startswith("on"):
                found.append(f"<{tag} {name}=…>")
            if name in URL_ATTRIBUTES:
                if target.startswith(("javascript:", "vbscript:", "data:")) or "evil.example" in target:
                    found.append(f"<{tag} {name}={value}>")
                if name != "href" and re.match(r"(https?:)?//", target):
                    found.append(f"<{tag} {name}={value}> from another host")
        if tag in ("img", "svg", "iframe", "object", "embed") and attrs.get("src", "").startswith("x"):
            found.append(f"<{tag} src=x>")
    found += [f"script from the data: {s[:60]}" for s in page.scripts if "alert(" in s]
    return found


def test_no_page_of_the_site_carries_anything_executable_from_the_data(all_hostile_site: Path) -> None:
    pages = sorted(all_hostile_site.rglob("*.html")) + sorted(all_hostile_site.rglob("*.svg"))
    assert len(pages) > 30
    found = {str(p.relative_to(all_hostile_site)): problems(parsed(p)) for p in pages}
    assert {path: issues for path, issues in found.items() if issues} == {}


def _shown(text: str) -> str:
    return " ".join(text.split())


def test_hostile_territory_and_strategy_names_show_as_text_in_title_header_menu_and_heading(
    all_hostile_site: Path,
) -> None:
    label = _shown(HOSTILE_LABEL)
    page = parsed(all_hostile_site / "territoires/bxl-nord/index.html")
    assert page.title.startswith(label)  # the browser's tab
    html = (all_hostile_site / "territoires/bxl-nord/index.html").read_text(encoding="utf-8")
    escaped = "&lt;img src=x onerror=alert(11)&gt; &lt;/title&gt;&lt;script&gt;alert(12)&lt;/script&gt;"
    header = html.split('data-md-component="header-topic"')[1].split("</div>")[0]
    assert escaped in header
    strategy = (all_hostile_site / "strategies/outreaching/index.html").read_text(encoding="utf-8")
    menu = strategy.split('class="md-nav md-nav--primary"')[1].split('<nav class="md-nav md-nav--secondary"')[
        0
    ]
    assert escaped in menu  # the strategy's entry in the menu
    heading = html.split("<h1")[1].split("</h1>")[0]
    assert escaped in heading and 'id="x"' not in html  # `{#x}` in a name names no anchor


def test_hostile_free_texts_keep_their_text_and_lose_their_markup(all_hostile_site: Path) -> None:
    html = (all_hostile_site / "territoires/bxl-nord/index.html").read_text(encoding="utf-8")
    assert '<li><strong>gras</strong> et <a href="https://example.org/guide">le guide</a></li>' in html
    assert "Texte clic clic2" in html  # the links' text stays, their javascript: targets go
    actor = (all_hostile_site / "acteurs/aquarelle/index.html").read_text(encoding="utf-8")
    assert "<strong>gras</strong>" in actor and "evil.example/x.png" not in actor


def test_hostile_names_in_link_lists_tables_and_the_logigram_stay_text(all_hostile_site: Path) -> None:
    escaped = "&lt;img src=x onerror=alert(11)&gt;"
    for path in (
        "strategies/index.html",  # a strategy's name in a link list
        "types/index.html",  # an actor type's name as a heading and in the table of contents
        "territoires/bxl-nord/repertoire/index.html",  # a stratum's short name in a table
        "territoires/bxl-nord/logigramme/index.html",  # a logigram label in the text version
        "fonctions/index.html",  # a function's name as a heading
        "periodes/index.html",  # a period's name as a heading
        "territoires/index.html",  # a commune's name in the list of territories
    ):
        text = (all_hostile_site / path).read_text(encoding="utf-8")
        assert escaped in text, path
    svg = (all_hostile_site / "territoires/bxl-nord/logigramme.svg").read_text(encoding="utf-8")
    assert escaped in svg
