"""The render stage put together: every output file of a build, as a path → content mapping (DESIGN §7).

Nothing here writes to disk; `publish` (the writer) swaps the whole tree into place atomically.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from . import export, hsds, render_dot
from .model import Guidance
from .render_graph import render
from .render_print import PrintedPage, graph_pages, printable_pdf
from .urls import territory_url


@dataclass
class BuildResult:
    files: dict[str, str | bytes] = field(default_factory=dict)
    printed: dict[str, list[PrintedPage]] = field(default_factory=dict)  # "<territory>/<paper>" → pages

    def add(self, path: str, content: str | bytes) -> None:
        if path in self.files:
            raise ValueError(f"deux sorties au même chemin : {path}")
        self.files[path] = content


def build_outputs(
    guidance: Guidance, today: date, base_url: str | None = None, cache: Path | None = None
) -> BuildResult:
    result = BuildResult()
    for territory in guidance.territories:
        folder = f"territoires/{territory.id}"
        result.add(
            f"{folder}/logigramme.svg", render(render_dot.territory_dot(guidance, territory), "svg", cache)
        )
        url = (
            territory_url(territory.id, base_url)
            if base_url
            else f"la page « {territory.name} » du site Balises"
        )
        graphs = graph_pages(guidance, territory)  # the same DOT pages for both papers
        for paper in ("A3", "A4"):
            pdf, pages = printable_pdf(guidance, territory, paper, url, bool(base_url), cache, graphs)
            result.add(f"{folder}/logigramme-{paper.lower()}.pdf", pdf)
            result.printed[f"{territory.id}/{paper}"] = pages
        actors = export.select_actors(guidance, territory.id)
        result.add(f"{folder}/repertoire.csv", export.to_csv(actors, guidance))
    everyone = export.select_actors(guidance)
    result.add("exports/acteurs.json", export.to_json(everyone))
    result.add("exports/acteurs.csv", export.to_csv(everyone, guidance))
    for path, text in hsds.package(everyone, guidance, "Répertoire « 1000 premiers jours »").items():
        result.add(f"exports/hsds/{path}", text)
    return result
