"""The site tests' checks, on a site too large for the test suite: every internal link resolves, nothing is
loaded from another host, and the markup the synthetic data carries (bench/generate.py's PROBE) is escaped."""

from __future__ import annotations

import html
import os
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from sitebuild import FOREIGN_RESOURCE  # tests/sitebuild.py: the offline check of the site tests

_LINK = re.compile(r"""\b(?:href|src)="([^"]*)\"""")
RAW_MARKUP = ('<script>alert("balises")', "<img src=x onerror")
ESCAPED = "&lt;script&gt;alert("


def _files(site: Path, suffixes: tuple[str, ...]) -> list[Path]:
    found = []
    for current, dirs, names in os.walk(site):
        dirs[:] = [d for d in dirs if d != "pagefind"]
        found += [Path(current) / n for n in names if n.endswith(suffixes)]
    return sorted(found)


def _target(site: Path, page: Path, link: str) -> Path | None:
    """The file a relative link of `page` leads to, or None when the link leaves the site or is an anchor."""
    parts = urlsplit(link)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    base = site if parts.path.startswith("/") else page.parent
    target = (base / unquote(parts.path.lstrip("/"))).resolve()
    return target / "index.html" if parts.path.endswith("/") or target.is_dir() else target


def check(site: Path) -> dict[str, object]:
    site = site.resolve()
    pages = _files(site, (".html",))
    broken: list[str] = []
    foreign: list[str] = []
    raw: list[str] = []
    links = escaped = 0
    seen: dict[Path, bool] = {}
    for page in pages:
        text = page.read_text(encoding="utf-8")
        for link in _LINK.findall(text):
            target = _target(site, page, html.unescape(link))  # Markdown writes mailto: as entities
            if target is None:
                continue
            links += 1
            if target not in seen:
                seen[target] = target.is_file()
            if not seen[target]:
                broken.append(f"{page.relative_to(site)} → {link}")
        foreign += [f"{page.relative_to(site)}: {m.group(0)}" for m in FOREIGN_RESOURCE.finditer(text)]
        raw += [str(page.relative_to(site)) for needle in RAW_MARKUP if needle in text]
        escaped += ESCAPED in text
    for path in _files(site, (".css", ".svg")):
        text = path.read_text(encoding="utf-8")
        foreign += [f"{path.relative_to(site)}: {m.group(0)}" for m in FOREIGN_RESOURCE.finditer(text)]
        raw += [str(path.relative_to(site)) for needle in RAW_MARKUP if needle in text]
    return {
        "pages": len(pages),
        "liens": links,
        "liens_casses": broken[:20],
        "liens_casses_nombre": len(broken),
        "ressources_externes": foreign[:20],
        "balisage_non_echappe": raw[:20],
        "pages_avec_balisage_echappe": escaped,
    }
