"""The docs tree of the site: every Markdown page and asset under `docs/`, and the navigation (DESIGN §7).

Pages come from the guidance renderer (programme, strata, periods, strategies…), the territory and actor
renderers, and the small pages built here (territories index, downloads, search). Assets are the build outputs
(SVG, PDF, CSV, exports), copied at the same paths so that links written against the output contract hold.
"""

from __future__ import annotations

from datetime import date
from html import escape
from typing import Any

from .assistant_data import assistant_files, indicators
from .build import BuildResult
from .layout import REGION_NAMES
from .model import Guidance, Territory
from .publish import DocsTree
from .render_guidance import render_guidance
from .render_guide import render_guide
from .render_pages import environment, render_pages, render_territory
from .schemas import SchemaSet


def _size(content: str | bytes) -> str:
    size = len(content.encode("utf-8") if isinstance(content, str) else content)
    return (
        f"{max(1, round(size / 1024))} Ko"
        if size < 1024 * 1024
        else f"{size / 1024 / 1024:.1f} Mo".replace(".", ",")
    )


def by_region(guidance: Guidance) -> list[tuple[str, list[Territory]]]:
    grouped: dict[str, list[Territory]] = {}
    for territory in guidance.territories:
        grouped.setdefault(territory.region, []).append(territory)
    return [(REGION_NAMES.get(region, region), found) for region, found in grouped.items()]


def shared_postcodes(guidance: Guidance) -> list[tuple[str, list[str]]]:
    owners: dict[str, list[str]] = {}
    for territory in guidance.territories:
        for code in territory.postcodes():
            owners.setdefault(code, []).append(territory.name)
    return sorted((code, names) for code, names in owners.items() if len(names) > 1)


def territories_page(guidance: Guidance) -> str:
    return (
        environment()
        .get_template("territories.md.j2")
        .render(
            regions=by_region(guidance),
            counts={t.id: len(guidance.actors_of(t.id)) for t in guidance.territories},
            shared_postcodes=shared_postcodes(guidance),
        )
    )


def downloads_page(guidance: Guidance, files: dict[str, str | bytes]) -> str:
    sizes = {path: _size(content) for path, content in files.items()}
    hsds = sorted(path.removeprefix("exports/hsds/") for path in files if path.startswith("exports/hsds/"))
    return (
        environment()
        .get_template("downloads.md.j2")
        .render(
            territories=guidance.territories,
            version=guidance.programme.data_version,
            data_date=guidance.programme.data_date,
            sizes=sizes,
            size=lambda t, name: sizes[f"territoires/{t.id}/{name}"],
            hsds=hsds,
        )
    )


def assistant_page(guidance: Guidance) -> str:
    return (
        environment()
        .get_template("assistant.md.j2")
        .render(
            regions=by_region(guidance),
            periods=guidance.periods,
            indicators=indicators(guidance),
            strata=guidance.strata,
        )
    )


def nav_title(name: str) -> str:
    """A name from the data as a navigation title. MkDocs hands nav titles to Material as HTML (a title taken
    from a page's `# ` heading is HTML already) and Material prints them unescaped in the header, the menu, the
    tabs and the footer: the name goes in HTML-escaped, so that every one of those places shows it as text."""
    return escape(" ".join(name.split()))


def navigation(guidance: Guidance, news: bool = False) -> list[Any]:
    """Every entry titled: a dirty rebuild (the live preview) does not read the pages it does not render."""
    strategies = [{nav_title(s.name): f"strategies/{s.id}.md"} for s in guidance.strategies]
    territories: list[Any] = [{"Territoires": "territoires/index.md"}]
    for region, found in by_region(guidance):
        territories.append(
            {nav_title(region): [{nav_title(t.name): f"territoires/{t.id}/index.md"} for t in found]}
        )
    return [
        {"Accueil": "index.md"},
        {"Qui contacter ?": "assistant/index.md"},
        {
            "Le programme": [
                {"La méthode 6W": "methode-6w.md"},
                {"Strates (qui ?)": "strates.md"},
                {"Périodes (pourquoi ?)": "periodes.md"},
                {
                    "Stratégies (quoi ?)": [
                        {"Les stratégies : que proposer ?": "strategies/index.md"},
                        *strategies,
                    ]
                },
                {"Fonctions": "fonctions.md"},
                {"Scénarios et prestations": "prestations.md"},
                {"Types d'acteurs": "types.md"},
            ]
        },
        {"Territoires": territories},
        {"Atelier": "atelier.md"},
        {
            "Guide des coachs": [
                {"Guide des coachs": "guide/index.md"},
                {"Référence des champs": "guide/champs.md"},
                {"Catalogue des erreurs": "guide/erreurs.md"},
            ]
        },
        *([{"Nouveautés": "nouveautes.md"}] if news else []),
        {"Téléchargements": "telechargements.md"},
        {"Rechercher": "recherche.md"},
    ]


def docs_tree(guidance: Guidance, outputs: BuildResult, today: date, news: str | None = None) -> DocsTree:
    files: dict[str, str | bytes] = {**outputs.files, **assistant_files(guidance)}
    pages: dict[str, str] = {
        **render_guidance(guidance),
        **render_pages(guidance, today),
        **render_guide(SchemaSet()),
    }
    for territory in guidance.territories:
        svg = outputs.files[f"territoires/{territory.id}/logigramme.svg"]
        text = svg.decode("utf-8") if isinstance(svg, bytes) else svg
        pages[f"territoires/{territory.id}/index.md"] = render_territory(guidance, territory, text, today)
    pages["territoires/index.md"] = territories_page(guidance)
    pages["telechargements.md"] = downloads_page(guidance, outputs.files)
    pages["assistant/index.md"] = assistant_page(guidance)
    if news is not None:
        pages["nouveautes.md"] = news
    pages["recherche.md"] = environment().get_template("search.md.j2").render()
    for path, text in pages.items():
        if path in files:
            raise ValueError(f"deux sorties au même chemin : {path}")
        files[path] = text
    return DocsTree(
        files=files,
        nav=navigation(guidance, news is not None),
        not_in_nav="/acteurs/*.md\n/territoires/*/repertoire.md\n/territoires/*/logigramme.md\n",
    )
