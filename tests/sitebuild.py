"""Building a test site once per session: the CLI on a dataset copy, into a folder of the test's choosing."""

from __future__ import annotations

import os
import re
from pathlib import Path

from generator.cli import main

# What a page would load from another host (a script, image, frame, stylesheet or CSS url()): the site must have none.
FOREIGN_RESOURCE = re.compile(
    r"""<(?:script|img|iframe|source|audio|video|embed)\b[^>]*\bsrc\s*=\s*["']?(https?:)?//"""
    r"""|<link\b[^>]*\bhref\s*=\s*["']?(https?:)?//"""
    r"""|url\(\s*["']?(https?:)?//""",
    re.I,
)

EPOCH = "1764000000"  # a fixed SOURCE_DATE_EPOCH: builds of the same data are then byte-identical

HOSTILE_NAME = (
    'Maison <script>alert(1)</script> "><img src=x onerror=alert(1)> </title><script>alert(2)</script>'
)
HOSTILE_DESCRIPTION = 'Accueil <script>alert(1)</script> et "><img src=x onerror=alert(1)> pour tous.'


def build_site(root: Path, out: Path, *extra: str) -> int:
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    try:
        return main(["build", "--root", str(root), "--out", str(out), "-q", *extra])
    finally:
        if previous is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous


def make_hostile(root: Path) -> None:
    """Put markup in the name and description of the fixture actor that the territory's choices cite, so
    that it lands in every output: pages, inline SVG, JSON, CSV and the search index."""
    path = root / "actors" / "bxl-nord" / "maison-test-jette.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    replaced = []
    for line in lines:
        if line.startswith("name:"):
            line = "name: " + _yaml_string(HOSTILE_NAME)
        elif line.startswith("description:"):
            line = "description: " + _yaml_string(HOSTILE_DESCRIPTION)
        replaced.append(line)
    path.write_text("\n".join(replaced) + "\n", encoding="utf-8")


def _yaml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
