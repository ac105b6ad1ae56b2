"""Building a test site once per session: the CLI on a dataset copy, into a folder of the test's choosing."""

from __future__ import annotations

import os
import re
from pathlib import Path

import yaml

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
# Markup a name could carry: HTML, a Markdown link and image, emphasis, an attribute list, a heading id.
HOSTILE_LABEL = (
    "<img src=x onerror=alert(11)> </title><script>alert(12)</script> [lien](javascript:alert(13))"
    " ![p](https://evil.example/n.png) *x* {: onclick=alert(14) } {#x}"
)
# Markup a free text could carry: every kind the site drops, then what it keeps.
HOSTILE_MARKDOWN = (
    "Texte [clic](javascript:alert(21)) [clic2](JaVaScRiPt&#58;alert(22)) [c3](java\tscript:alert(23))"
    " [d](data:text/html;base64,PHNjcmlwdD5hbGVydCgyNCk8L3NjcmlwdD4=)"
    " ![pixel](https://evil.example/x.png) <svg onload=alert(25)></svg>\n"
    "{: onmouseover=alert(26) }\n\n- item <img src=x onerror=alert(27)>{ onclick=alert(28) }\n"
    "- **gras** et [le guide](https://example.org/guide)\n\n<script>alert(29)</script>"
)


# Markup in every text setting of the dataset's mkdocs.yml (`make_hostile_settings`).
HOSTILE_SETTINGS = {
    "site_name": 'A & B <i>x</i> "q" </title><script>alert(1)</script>',
    "site_description": 'x"><script>alert(document.domain)</script>',
    "site_author": '"><b>auteur</b><script>alert(2)</script>',
    "copyright": "© <script>alert(3)</script> & « convention »",
    "repo_name": '<img src=x onerror=alert(4)>"',
}
HOSTILE_TOGGLE_NAME = 'Mode "sombre" & <script>alert(5)</script>'


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


def make_all_hostile(root: Path) -> None:
    """`make_hostile`, then markup in every kind of text: the territory's name (navigation, header, title), a
    strategy's, an actor type's, a function's and a period's names, a stratum's short name, a commune's and a
    section's names, a logigram label, and Markdown payloads in the free texts (the territory's and a commune's
    notes, an actor's description)."""
    make_hostile(root)
    label, text = _yaml_string(HOSTILE_LABEL), _yaml_string(HOSTILE_MARKDOWN)
    _replace(
        root / "content/territories/bxl-nord.yaml",
        {
            'name: "Bassin Nord"': f"name: {label}",
            '      - { name: "Laeken", name_nl: "Laken", postcodes: ["1020"] }': f'      - {{ name: {label}, postcodes: ["1020"] }}',
            '    note: "Seule la section de Laeken appartient au bassin (fixture)."': f"    note: {text}",
            '  - name: "Bruxelles"': f"  - name: {label}",
            'note: "Fixture de test : un bassin réduit à deux communes."': f"note: {text}",
        },
    )
    _replace(root / "content/strategies/outreaching.yaml", {"name: Outreaching": f"name: {label}"})
    _replace(root / "actors/types.yaml", {"  name: Sage-femme": f"  name: {label}"})
    _replace(root / "content/functions.yaml", {"  name: Fonction de coordination": f"  name: {label}"})
    _replace(root / "content/periods.yaml", {"  name: Période prénatale": f"  name: {label}"})
    _replace(root / "content/strata.yaml", {"  short_name: Bas risque": f"  short_name: {label}"})
    _replace(
        root / "logigrams/parcours.yaml",
        {
            '    label: "Premier contact avec la femme enceinte ou la famille"': f"    label: {label}",
        },
    )
    aquarelle = root / "actors/bruxelles/aquarelle.yaml"
    _replace(
        aquarelle,
        {line: f"description: {text}" for line in _lines(aquarelle) if line.startswith("description:")},
    )


def _replace(path: Path, replacements: dict[str, str]) -> None:
    lines = _lines(path)
    found = [replacements.get(line, line) for line in lines]
    assert sum(a != b for a, b in zip(lines, found, strict=True)) >= 1, path
    path.write_text("\n".join(found) + "\n", encoding="utf-8")


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def _yaml_string(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    return '"' + escaped + '"'


def make_hostile_settings(root: Path) -> None:
    """Markup in every text setting of `mkdocs.yml` and in the palette toggle's name, and a repository (so that
    its name is shown)."""
    path = root / "mkdocs.yml"
    config = {**yaml.safe_load(path.read_text(encoding="utf-8")), **HOSTILE_SETTINGS}
    config["repo_url"] = "https://example.org/depot"
    toggle = {"icon": "material/brightness-7", "name": HOSTILE_TOGGLE_NAME}
    config["theme"]["palette"] = [
        {"scheme": "default", "toggle": toggle},
        {"scheme": "slate", "toggle": dict(toggle)},
    ]
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
