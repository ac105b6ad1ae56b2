"""DOT → SVG or PDF with Graphviz (the `graphviz` package calling `dot`), cached by content.

An unchanged graph is never laid out twice: the output is kept under the cache folder, named by the SHA-256 of
the DOT text, the format and the Graphviz version.
"""

from __future__ import annotations

import hashlib
import html
import re
from functools import lru_cache
from pathlib import Path

import graphviz

from .writer import write_file


@lru_cache(maxsize=1)
def graphviz_version() -> str:
    return ".".join(map(str, graphviz.version()))


def render(dot: str, fmt: str, cache: Path | None = None) -> bytes:
    """The `fmt` ("svg" or "pdf") rendering of `dot`, from the cache when the same graph was rendered before."""
    cached = _cached_path(dot, fmt, cache)
    if cached is not None:
        try:
            return cached.read_bytes()
        except FileNotFoundError:
            pass
    output = graphviz.Source(dot).pipe(format=fmt)
    if fmt == "svg":
        output = accessible_svg(output.decode("utf-8"), dot).encode("utf-8")
    if cached is not None:
        write_file(cached, output)  # atomic: parallel builds never see a half-written entry
    return output


def cache_key(dot: str, fmt: str) -> str:
    return hashlib.sha256(f"{graphviz_version()}\n{fmt}\n{dot}".encode()).hexdigest()


def is_cached(dot: str, fmt: str, cache: Path | None) -> bool:
    cached = _cached_path(dot, fmt, cache)
    return cached is not None and cached.is_file()


def _cached_path(dot: str, fmt: str, cache: Path | None) -> Path | None:
    return cache / f"{cache_key(dot, fmt)}.{fmt}" if cache is not None else None


_TOOLTIP = re.compile(r'^\s*"((?:[^"\\]|\\.)+)" \[.*?tooltip="((?:[^"\\]|\\.)*)"', re.MULTILINE)


def accessible_svg(svg: str, dot: str) -> str:
    """Give every node a readable `<title>` (its full label, not its id) and drop the XML comments with ids."""
    titles = {
        m.group(1): m.group(2).replace('\\"', '"').replace("\\\\", "\\") for m in _TOOLTIP.finditer(dot)
    }
    for node_id, text in titles.items():
        svg = svg.replace(
            f"<title>{html.escape(node_id, quote=False)}</title>", f"<title>{html.escape(text)}</title>"
        )
    svg = re.sub(r"<!--.*?-->\n?", "", svg, flags=re.DOTALL)
    return svg.replace("<svg ", '<svg role="img" aria-label="Logigramme" ', 1)
