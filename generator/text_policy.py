"""The one policy for text from the data (DESIGN §10, « Data text is inert »).

- `plain`: names and labels are plain text wherever they land in a Markdown page (a paragraph, a heading, a link
  label, a table cell, an HTML attribute of a template): every character that HTML or Markdown would read as
  syntax becomes a character reference, which both read as the character itself. It is the `finalize` of the
  Markdown template environment (`render_pages.environment`): a `{{ value }}` is plain text unless it is
  `Markup` made by our own code, so no template can forget it.
- `free_text`: the free texts that allow Markdown (descriptions, notes, 6W texts…) keep only what the guidance
  needs: paragraphs, emphasis, code, lists, tables, headings and links to `http(s):`, `mailto:`, `tel:` or a
  site-relative target. The text is converted by Python-Markdown with only the `tables` extension (no raw HTML
  kept, no `attr_list`, no `md_in_html`), the HTML is cleaned by nh3 (ammonia) with an allow-list, and the clean
  tree is written back as Markdown of that subset (`markdown_out`), its text escaped by `plain`. Written back as
  Markdown, the text renders in every place a page puts it (indented under a list or an admonition, inside a
  table cell) and MkDocs still checks and rewrites its `.md` links.
- `dropped_markup`: what `validate` warns about (`balisage-ignore`), so a coach knows before the site drops it.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache
from typing import Any

import markdown
import nh3
from markupsafe import Markup

from .markdown_out import link_target, to_markdown
from .model import dial

# What HTML or Markdown would read as syntax anywhere in a line: `&`, `<`, `>` and `"` (templates quote their
# attributes with `"`, so the apostrophe of French text stays as written), the backslash, emphasis and code
# marks, link and image brackets, attribute lists and `{#id}`, table cells, headings. `_` inside a word never
# emphasises (Python-Markdown), so file names such as 003_6f91.txt are left as written.
_SPECIALS = re.compile(r"""[&<>"\\`*\[\]{}|#]|(?<!\w)_|_(?!\w)""")
_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&#34;"}  # as markupsafe writes them
# What opens a block when it starts a line: a list item (`- `, `+ `, `2024. `), a definition (`: `), a setext
# underline (`---`, `===`), a quote, an admonition (`!!!`).
_LEADING = re.compile(r"^( ?\d*)((?<=\d)[.)](?= |$)|(?<!\d)[-+:=](?=[ \-+:=]|$)|(?<!\d)[>!~])")


def _reference(match: re.Match[str]) -> str:
    char = match.group(0)
    return _HTML.get(char) or f"&#{ord(char)};"


# Whitespace that ends a line or a cell for Markdown, or that it folds: a run of it becomes one space. Unicode
# spaces (no-break, narrow no-break) are the text's own typography and stay.
_WHITESPACE = re.compile(r"[ \t\n\r\f\v]{2,}|[\t\n\r\f\v]")
# A text with none of these needs no escaping (most names, every id and number): one quick test first.
_QUIET = re.compile(r"""[^&<>"\\`*\[\]{}|#_\t\n\r\f\v]*""")


def plain_text(value: Any) -> str:
    """One line of plain text, safe in Markdown and in HTML (text or attribute value); whitespace runs become
    one space (a newline would end a heading, a table row or a list item)."""
    text = str(value)
    if not _QUIET.fullmatch(text):
        text = _SPECIALS.sub(_reference, _WHITESPACE.sub(" ", text))
    elif "  " in text:
        text = _WHITESPACE.sub(" ", text)
    return _no_block_start(text)


def _no_block_start(text: str) -> str:
    """`text` with what would open a block at the start of a line written as a character reference."""
    if text[:1].isalpha():
        return text
    text = re.sub(r"^( ?)(#+)(?= |$)", lambda m: m.group(1) + "&#35;" * len(m.group(2)), text)
    return _LEADING.sub(lambda m: m.group(1) + f"&#{ord(m.group(2))};", text, count=1)


def plain(value: Any) -> Markup:
    return Markup(plain_text(value))


def finalize(value: Any) -> Any:
    """Jinja's `finalize` for the Markdown pages: markup made by our code passes, anything else is plain text."""
    if hasattr(value, "__html__"):
        return value
    return plain(value)


def join(items: Any, separator: str = "") -> Markup:
    """Jinja's `join`, every item that is not our markup written as plain text (the separator is template text)."""
    return Markup(separator).join(finalize(item) for item in items)


def web_link(url: Any) -> Markup:
    """A web address from the data as a link showing itself, when its scheme is allowed; else plain text."""
    address = str(url).strip()
    if not allowed_url(address) or not _SCHEME.match(address):
        return plain(address)
    return Markup(f"[{plain_text(address)}](<{link_target(address)}>)")


def email_link(email: Any) -> Markup:
    """An e-mail address from the data as a `mailto:` link showing the address."""
    address = str(email).strip()
    return Markup(f"[{plain_text(address)}](<{link_target('mailto:' + address)}>)")


def tel_link(number: Any) -> Markup:
    """A phone number from the data as a `tel:` link showing the number as written (the target keeps only the
    digits and a leading `+`)."""
    shown = str(number).strip()
    target = dial(shown)
    if not target.strip("+"):
        return plain(shown)
    return Markup(f"[{plain_text(shown)}](<tel:{target}>)")


def checked_from(source: Any, checked: Any) -> Markup:
    """« — vérifié le 2026-12-04 (source) »: when a contact detail was read, and a link to the page it was read on."""
    address = str(source or "").strip()
    if address and allowed_url(address) and _SCHEME.match(address):
        link = f"[source](<{link_target(address)}>)"
    else:
        link = f"source : {plain_text(address)}" if address else ""
    if checked:
        return Markup(f" — *vérifié le {plain_text(checked)}*" + (f" ({link})" if link else ""))
    return Markup(f" — {link}" if link else "")


# --- free texts ------------------------------------------------------------------------------------------------

SCHEMES = {"http", "https", "mailto", "tel"}
TAGS = {"p", "br", "em", "strong", "code", "a", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6"}
TAGS |= {"table", "thead", "tbody", "tr", "th", "td"}
ATTRIBUTES = {"a": {"href"}, "ol": {"start"}, "th": {"style"}, "td": {"style"}}
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):", re.I)
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")


def allowed_url(url: str) -> bool:
    """http(s):, mailto:, tel: or a site-relative target (never `//host`, never any other scheme)."""
    compact = _INVISIBLE.sub("", url)  # what a browser does with `java\tscript:`
    match = _SCHEME.match(compact)
    if match:
        return match.group(1).lower() in SCHEMES
    return not compact.startswith(("//", "\\", "/\\"))


def _attribute_filter(tag: str, name: str, value: str) -> str | None:
    if name == "href":
        return value if allowed_url(value) else None
    if name == "style":
        found = re.fullmatch(r"\s*text-align:\s*(left|right|center);?\s*", value)
        return f"text-align: {found.group(1)}" if found else None
    return value


def clean_html(html: str) -> str:
    """nh3 (ammonia) with the allow-list of the free texts: unknown tags dropped (their text kept, the text of
    `script` and `style` dropped too), unknown attributes and URL schemes dropped."""
    return nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=SCHEMES,
        link_rel=None,
        attribute_filter=_attribute_filter,
        strip_comments=True,
    )


@lru_cache(maxsize=1)
def _converter() -> markdown.Markdown:
    """Python-Markdown for the data's free texts: `tables` only, and raw HTML is text, never markup (the steps
    that stash it are dropped). Made once: a converter costs more to make than a text to convert."""
    converter = markdown.Markdown(extensions=["tables"])
    converter.preprocessors.deregister("html_block")
    converter.inlinePatterns.deregister("html")
    return converter


def _data_markdown(text: str) -> str:
    converter = _converter()
    converter.reset()
    return converter.convert(text)


# A text without any of these is one paragraph of prose: its Markdown is its plain text.
_MARKUP_CHARS = re.compile(r"[\n\\`*_\[\]{}<>&|#!]|^\s*(?:[-+:=>~]|\d+[.)])")
_HEADING = re.compile(r"^(#{1,6})(?=[ \t])", re.MULTILINE)


@lru_cache(maxsize=8192)
def free_text(text: Any, level: int = 1) -> Markup:
    """A free text of the data as safe Markdown of the guidance's subset (see the module's docstring), its
    headings moved below a heading of `level` so that a page keeps one `# ` title."""
    source = str(text).strip()
    if not _MARKUP_CHARS.search(source):
        return plain(source)
    levels = [len(m.group(1)) for m in _HEADING.finditer(source)]
    shift = max(0, level + 1 - min(levels)) if levels else 0
    source = _HEADING.sub(lambda m: "#" * min(6, len(m.group(1)) + shift), source)
    return Markup(to_markdown(clean_html(_data_markdown(source)), plain_text))


@lru_cache(maxsize=8192)
def free_inline(text: Any) -> Markup:
    """A free text kept on one line (a list item, a table cell): emphasis, code and links, nothing else."""
    source = _WHITESPACE.sub(" ", str(text)).strip()
    if not _MARKUP_CHARS.search(source):
        return plain(source)
    rendered = to_markdown(clean_html(_data_markdown(source)), plain_text)
    return Markup(_no_block_start(rendered.replace("\n", " ")))  # a list or a heading becomes its text


# --- what validate warns about -------------------------------------------------------------------------------

_DROPPED = (
    (re.compile(r"<(?:[a-zA-Z][\w-]*[\s/>]|/[a-zA-Z]|!--)"), "une balise HTML"),
    (re.compile(r"\{\s*[:#.]|\{\s*[\w-]+\s*="), "une liste d'attributs entre accolades"),
    (re.compile(r"!\[[^\]]*\]\("), "une image"),
)
_LINK_TARGET = re.compile(r"\]\(\s*<?\s*([^)\s>]*)|<([a-zA-Z][a-zA-Z0-9+.-]*:[^>\s]*)>")


def dropped_markup(text: str) -> tuple[str, str] | None:
    """(what, excerpt) for the first markup of `text` that the site will not render as written, or None."""
    if "<" not in text and "{" not in text and "](" not in text:
        return None  # most texts: nothing to look for (validate reads every string of every file)
    for pattern, what in _DROPPED:
        found = pattern.search(text)
        if found:
            return what, _excerpt(text, found.start())
    for found in _LINK_TARGET.finditer(text):
        target = found.group(1) or found.group(2) or ""
        if not allowed_url(_decoded(target)):
            return (
                "un lien dont l'adresse n'est ni http(s), ni mailto, ni tel, ni une page du site",
                _excerpt(text, found.start()),
            )
    return None


def _decoded(url: str) -> str:
    """The URL as a browser reads it once HTML character references are decoded (`javascript&#58;…`)."""
    return html.unescape(url)


def _excerpt(text: str, start: int) -> str:
    excerpt = " ".join(text[start : start + 40].split())
    return excerpt if len(text) - start <= 40 else excerpt + "…"
