"""Write clean HTML (what `text_policy.clean_html` lets through) back as Markdown of the same small subset.

Only the allowed tags are known here: paragraphs, line breaks, emphasis, code, links, lists, tables and headings;
any other tag is written as its text. Text is written by the caller's `text` function (`text_policy.plain_text`),
so nothing in it is read as syntax again; link targets are written between `<…>` with the characters that could
end them percent-encoded.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser


def link_target(url: str) -> str:
    """A link target to write between `<…>`: what could end it or be read as syntax percent-encoded."""
    return re.sub(r"[\x00-\x20<>\\`\x7f]", lambda m: f"%{ord(m.group(0)):02X}", url)


Text = Callable[[str], str]
BLOCKS = {"p", "ul", "ol", "table", "h1", "h2", "h3", "h4", "h5", "h6"}
VOID = {"br"}


@dataclass
class Node:
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Node | str] = field(default_factory=list)


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("root")
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse(html: str) -> Node:
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


def to_markdown(html: str, text: Text) -> str:
    return _blocks(parse(html).children, text).strip("\n")


def _blocks(children: list[Node | str], text: Text) -> str:
    """Block content: each block separated by a blank line, loose inline content as its own paragraph."""
    out: list[str] = []
    run: list[Node | str] = []
    for child in [*children, Node("p")]:  # a last empty block flushes the run
        if isinstance(child, Node) and child.tag in BLOCKS:
            if run:
                paragraph = _inline(run, text).strip()
                if paragraph:
                    out.append(paragraph)
                run = []
            block = _block(child, text)
            if block:
                out.append(block)
        else:
            run.append(child)
    return "\n\n".join(out)


def _block(node: Node, text: Text) -> str:
    if node.tag == "p":
        return _inline(node.children, text).strip()
    if node.tag in ("ul", "ol"):
        return _list(node, text)
    if node.tag == "table":
        return _table(node, text)
    title = _inline(node.children, text).strip()
    return "#" * int(node.tag[1]) + " " + title if title else ""


def _list(node: Node, text: Text) -> str:
    items = [c for c in node.children if isinstance(c, Node) and c.tag == "li"]
    loose = any(isinstance(c, Node) and c.tag == "p" for item in items for c in item.children)
    start = int(node.attrs.get("start", "1")) if node.attrs.get("start", "1").isdigit() else 1
    lines = []
    for number, item in enumerate(items, start=start):
        marker = "- " if node.tag == "ul" else f"{number}. "
        body = _blocks(item.children, text) if loose else _tight_item(item, text)
        body = body.replace("\n", "\n    ").replace("\n    \n", "\n\n") or plain_empty()
        lines.append(marker + body)
    return ("\n\n" if loose else "\n").join(lines)


def plain_empty() -> str:
    return "&#8203;"  # an empty item stays an item


def _tight_item(item: Node, text: Text) -> str:
    """A tight item: its text on the first line, its nested lists right under it."""
    parts, run = [], []
    for child in item.children:
        if isinstance(child, Node) and child.tag in BLOCKS:
            parts.append(_inline(run, text).strip())
            run = []
            parts.append(_block(child, text))
        else:
            run.append(child)
    parts.append(_inline(run, text).strip())
    return "\n".join(p for p in parts if p)


def _table(node: Node, text: Text) -> str:
    rows = [r for r in _descendants(node) if r.tag == "tr"]
    if not rows:
        return ""
    lines = []
    for i, row in enumerate(rows):
        cells = [c for c in row.children if isinstance(c, Node) and c.tag in ("th", "td")]
        lines.append("| " + " | ".join(_inline(c.children, text).strip() for c in cells) + " |")
        if i == 0:
            lines.append("|" + "|".join(_alignment(c) for c in cells) + "|")
    return "\n".join(lines)


def _alignment(cell: Node) -> str:
    align = cell.attrs.get("style", "").removeprefix("text-align: ")
    return {"left": ":---", "right": "---:", "center": ":---:"}.get(align, "---")


def _descendants(node: Node) -> list[Node]:
    found = []
    for child in node.children:
        if isinstance(child, Node):
            found += [child, *_descendants(child)]
    return found


_MARKS = {"em": "*", "strong": "**"}


def _inline(children: list[Node | str], text: Text) -> str:
    out = []
    for child in children:
        if isinstance(child, str):
            out.append(text(child))  # whitespace runs become one space
        else:
            out.append(_inline_node(child, text))
    return "".join(out)


def _inline_node(node: Node, text: Text) -> str:
    inner = _inline(node.children, text)
    if node.tag in _MARKS and inner.strip():
        mark = _MARKS[node.tag]
        before, after = inner[: len(inner) - len(inner.lstrip())], inner[len(inner.rstrip()) :]
        return f"{before}{mark}{inner.strip()}{mark}{after}"
    if node.tag == "code":
        return _code(_text_of(node), text)
    if node.tag == "br":
        return "<br>"
    if node.tag == "a" and node.attrs.get("href") and inner.strip():
        return f"[{inner.strip()}](<{link_target(node.attrs['href'])}>)"
    return inner


def _text_of(node: Node) -> str:
    return "".join(c if isinstance(c, str) else _text_of(c) for c in node.children)


def _code(content: str, text: Text) -> str:
    """A code span shows its content as written (Markdown escapes it); one with backticks becomes plain text."""
    content = " ".join(content.split())
    if not content or "`" in content:
        return text(content)
    return f"`{content}`"
