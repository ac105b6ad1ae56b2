"""The one text policy: names are plain text, free texts keep a small Markdown subset, nothing executes.

Each hostile input goes through the same Markdown converter as the site's pages (Python-Markdown with the site's
extensions), so the assertions are about the HTML a visitor's browser would get."""

from __future__ import annotations

import html as html_module
import re
from html.parser import HTMLParser

import markdown
import pytest

from generator.render_pages import environment
from generator.text_policy import allowed_url, dropped_markup, free_inline, free_text, plain

SITE_EXTENSIONS = ["tables", "attr_list", "admonition", "def_list", "md_in_html", "toc"]


def site_html(page_markdown: str) -> str:
    return markdown.markdown(page_markdown, extensions=SITE_EXTENSIONS)


HOSTILE_NAMES = [
    "<img src=x onerror=alert(1)>",
    "</title><script>alert(1)</script>",
    '"><svg onload=alert(1)>',
    "[clic](javascript:alert(1))",
    "![x](https://evil.example/x.png)",
    "Maison {: onclick=alert(1) }",
    "Maison { onclick=alert(1) }",
    "Titre {#autre-id}",
    "*gras* _souligné_ `code` | cellule",
    "- pas une liste",
    "# pas un titre",
    "1. pas une liste",
    "> pas une citation",
    "!!! note",
    "<https://evil.example/>",
    "&lt;script&gt;",
]


@pytest.mark.parametrize("name", HOSTILE_NAMES)
@pytest.mark.parametrize(
    "context",
    [
        "{}",
        "# {}",
        "- {}",
        "| a | b |\n|---|---|\n| {} | x |",
        "[{}](page.md)",
        '<div aria-label="{}">x</div>',
    ],
)
def test_a_name_lands_as_its_own_text_in_every_markdown_context(name: str, context: str) -> None:
    html = site_html(context.format(plain(name)))
    tags, attributes = markup_of(html)
    assert tags <= {"p", "h1", "ul", "li", "table", "thead", "tbody", "tr", "th", "td", "a", "div"}, html
    assert_inert(attributes)
    assert ("id", "autre-id") not in attributes
    assert html.count("<li>") == context.startswith("- ")  # only the template's own list item
    if context == "| a | b |\n|---|---|\n| {} | x |":
        assert html.count("<td>") == 2  # a `|` in a name does not add a cell
    if "aria-label" in context:
        assert ("aria-label", " ".join(name.split())) in attributes
    else:
        assert " ".join(name.split()) in _text_of(html)  # shown as written


class _Markup(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.attributes: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attributes += [(name, value or "") for name, value in attrs]


def markup_of(html: str) -> tuple[set[str], list[tuple[str, str]]]:
    """The elements and attributes a browser would build from `html`."""
    parser = _Markup()
    parser.feed(html)
    return parser.tags, parser.attributes


def assert_inert(attributes: list[tuple[str, str]]) -> None:
    for name, value in attributes:
        assert not name.startswith("on"), (name, value)
        if name in ("href", "src"):
            target = "".join(value.split()).lower()
            assert not target.startswith(("javascript:", "vbscript:", "data:", "//")), value
            assert name != "src", value


def _text_of(html: str) -> str:
    """What the browser shows, roughly: tags removed, character references decoded."""
    return html_module.unescape(re.sub(r"<[^>]+>", "", html)).replace("\u00a0", " ")


def test_a_name_keeps_its_spaces_and_becomes_one_line() -> None:
    assert plain("Maison\n  médicale\t« Test »") == "Maison médicale « Test »"
    assert plain(", ") == ", "  # a separator keeps its space


HOSTILE_MARKDOWN = {
    "javascript link": "[clic](javascript:alert(1))",
    "javascript link, entity and case": "[clic](JaVaScRiPt&#58;alert(1))",
    "javascript link, hex entity": "[clic](&#x6A;avascript:alert(1))",
    "javascript link, tab": "[clic](java\tscript:alert(1))",
    "javascript link, leading space": "[clic](< javascript:alert(1)>)",
    "vbscript link": "[clic](vbscript:msgbox(1))",
    "data link": "[clic](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "protocol-relative link": "[clic](//evil.example/x)",
    "reference link": "[clic][r]\n\n[r]: javascript:alert(1)",
    "remote image": "![pixel](https://evil.example/x.png)",
    "local image": "![pixel](x.png)",
    "raw script": "<script>alert(1)</script>",
    "raw svg": "<svg onload=alert(1)></svg>",
    "raw img": "<img src=x onerror=alert(1)>",
    "raw iframe": '<iframe src="https://evil.example/"></iframe>',
    "attribute list on a paragraph": "Texte\n{: onclick=alert(1) }",
    "attribute list on an inline": "*texte*{: onmouseover=alert(1) }",
    "attribute list, short form": "Texte { onclick=alert(1) }",
    "md_in_html": '<div markdown="1" onclick="alert(1)">*x*</div>',
    "html comment": "<!-- <script>alert(1)</script> -->",
    "autolink to javascript": "<javascript:alert(1)>",
    "entity-encoded tag": "&lt;script&gt;alert(1)&lt;/script&gt;",
}


@pytest.mark.parametrize("text", HOSTILE_MARKDOWN.values(), ids=HOSTILE_MARKDOWN.keys())
def test_a_free_text_never_carries_executable_markup(text: str) -> None:
    for rendered in (free_text(text), free_inline(text), f"- x\n\n    {free_text(text)}"):
        html = site_html(rendered).lower()
        assert "<script" not in html and "<svg" not in html and "<iframe" not in html and "<img" not in html
        assert " on" not in _attributes(html), html
        assert "javascript" not in _hrefs(html) and "vbscript" not in _hrefs(html), html
        assert "data:" not in _hrefs(html) and "//evil" not in _hrefs(html), html


def _attributes(html: str) -> str:
    return " ".join(
        m.group(1) for m in re.finditer(r"<[a-z0-9]+((?:\s+[a-z-]+(?:=\"[^\"]*\")?)*)\s*/?>", html)
    )


def _hrefs(html: str) -> str:
    return " ".join(re.findall(r'href="([^"]*)"', html))


def test_a_free_text_keeps_what_the_guidance_needs() -> None:
    text = (
        "## Titre\n\nUn *texte* **gras** avec `code`, [un site](https://example.org/a_b?x=1&y=2), "
        "[un mail](mailto:info@example.org), [un numéro](tel:+3220000000) et [une page](../types.md#asi).\n\n"
        "- un\n- deux\n    - trois\n\nPuis :\n\n1. premier\n2. second\n\n| A | B |\n|:--|--:|\n| a | b |\n"
    )
    html = site_html(free_text(text, level=1))
    assert '<h2 id="titre">Titre</h2>' in html
    assert "<em>texte</em>" in html and "<strong>gras</strong>" in html and "<code>code</code>" in html
    assert 'href="https://example.org/a_b?x=1&amp;y=2"' in html
    assert 'href="mailto:info@example.org"' in html and 'href="tel:+3220000000"' in html
    assert 'href="../types.md#asi"' in html  # left for MkDocs to check and rewrite
    assert "<ul>\n<li>un</li>\n<li>deux<ul>\n<li>trois</li>\n</ul>\n</li>\n</ul>" in html
    assert "<ol>\n<li>premier</li>\n<li>second</li>\n</ol>" in html
    assert '<th style="text-align: left;">A</th>' in html and '<td style="text-align: right;">b</td>' in html


def test_legitimate_markdown_renders_as_it_did_before() -> None:
    """What the shipped data writes (paragraphs, emphasis, lists, nested lists, tables) gives the same HTML once
    it went through the policy as when MkDocs read it directly."""
    for text in (
        "Un *texte* et **du gras**.\n\n- un\n- deux\n    - trois\n\nSuite : la fin.",
        "1. premier\n2. second\n\n| A | B |\n|---|---|\n| a | *b* |",
        "- point un\n\n    suite du point\n\n- point deux",
    ):
        assert site_html(free_text(text)) == site_html(text)


def test_a_free_text_heading_moves_below_the_page_title() -> None:
    assert free_text("# Titre\n\n## Sous-titre\n\ntexte <b>", level=2) == (
        "### Titre\n\n#### Sous-titre\n\ntexte &lt;b&gt;"
    )


def test_markup_dropped_from_a_free_text_shows_as_text_or_disappears() -> None:
    html = site_html(
        free_text("Avant <b>gras</b> [clic](javascript:alert(1)) ![p](https://e.example/p.png) après")
    )
    assert html == "<p>Avant &lt;b&gt;gras&lt;/b&gt; clic après</p>"


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("https://example.org/", True),
        ("HTTP://example.org/", True),
        ("mailto:a@example.org", True),
        ("tel:+32", True),
        ("../types.md#asi", True),
        ("#ancre", True),
        ("/assistant/", True),
        ("javascript:alert(1)", False),
        (" JaVa\tScript:alert(1)", False),
        ("java\nscript:alert(1)", False),
        ("data:text/html,x", False),
        ("vbscript:x", False),
        ("//evil.example/", False),
        ("\\\\evil.example/", False),
        ("file:///etc/passwd", False),
    ],
)
def test_allowed_link_targets(url: str, allowed: bool) -> None:
    assert allowed_url(url) is allowed


def test_every_value_of_a_template_is_plain_text_unless_our_code_made_it_markup() -> None:
    template = environment().from_string("# {{ name }}\n\n{{ items | join(', ') }} {{ text | md }}")
    page = template.render(name="*<b>*", items=["[a](javascript:x)", "_b_"], text="*ok* <i>")
    assert page == "# &#42;&lt;b&gt;&#42;\n\n&#91;a&#93;(javascript:x), &#95;b&#95; *ok* &lt;i&gt;"


@pytest.mark.parametrize(
    ("text", "what"),
    [
        ("Texte <b>gras</b>", "une balise HTML"),
        ("<script>alert(1)</script>", "une balise HTML"),
        ("Texte <!-- commentaire -->", "une balise HTML"),
        ("Texte\n{: .classe }", "une liste d'attributs entre accolades"),
        ("Titre {#id}", "une liste d'attributs entre accolades"),
        ("Texte { onclick=alert(1) }", "une liste d'attributs entre accolades"),
        ("![p](https://evil.example/p.png)", "une image"),
        ("[clic](javascript:alert(1))", "un lien"),
        ("[clic](JaVaScRiPt&#58;alert(1))", "un lien"),
        ("[clic](data:text/html,x)", "un lien"),
        ("<javascript:alert(1)>", "un lien"),
    ],
)
def test_validate_names_the_markup_the_site_drops(text: str, what: str) -> None:
    found = dropped_markup(text)
    assert found is not None and found[0].startswith(what)


@pytest.mark.parametrize(
    "text",
    [
        "Un *texte* **gras**, une [page](https://example.org/) et un [mail](mailto:a@example.org).",
        "Moins de 3 < 5 et 5 > 3 ; l'ensemble {min, max}.",
        "- une liste\n- simple",
        "[page du site](../types.md#asi)",
    ],
)
def test_validate_is_quiet_on_what_the_site_keeps(text: str) -> None:
    assert dropped_markup(text) is None


@pytest.mark.parametrize("text", ["- a\n- b", "# titre", "1. un", "> citation", "## Titre {#id}"])
def test_a_free_text_on_one_line_opens_no_block_where_it_lands(text: str) -> None:
    for context in ("- {}", "{}", "| {} | x |\n|---|---|"):
        html = site_html(context.format(free_inline(text)))
        tags, _ = markup_of(html)
        assert not tags & {"h1", "h2", "ol", "blockquote"}, html
        assert html.count("<li>") <= context.startswith("- "), html
