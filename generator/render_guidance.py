"""Render the guidance pages of the site (home, 6W method, strata, periods, strategies, functions, prestations,
actor types, workshop) as Markdown from the Jinja2 templates under `templates/guidance/`.

This module only turns the model into template contexts (pure functions); the templates do the layout.
Data text follows the one text policy (`text_policy`): names are plain text (the environment's `finalize`, or
`plain`), free texts keep a small Markdown subset (`md`, `inline`) and their own headings are pushed below the
section that holds it, so every page keeps exactly one `# ` title. Links are relative paths to the `.md` files of the docs tree.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from html import escape
from typing import Any

from jinja2 import Environment
from markupsafe import Markup

from . import text_policy
from .layout import REGION_NAMES
from .model import (
    Actor,
    Guidance,
    MappingCell,
    MappingRow,
    Strategy,
    Stratum,
    Territory,
    as_sources,
)
from .render_pages import environment, md_links

CATEGORIES = {
    "soins": "Soins",
    "social": "Social",
    "sante-mentale": "Santé mentale",
    "prevention": "Prévention",
    "hopital": "Hôpital",
    "communautaire": "Communautaire",
    "administration": "Administration",
    "appui-professionnels": "Appui aux professionnels",
    "urgence": "Urgence et protection de l'enfance",
}
# (field of SixW, French label, the guidance's English word, what the grid row asks)
SIXW = (
    ("who", "Qui ?", "Who", "la population, la strate"),
    ("why", "Pourquoi ?", "Why", "les phases clés du parcours"),
    ("what", "Quoi ?", "What", "les besoins, fonctions et dispositifs de chaque phase"),
    ("which", "Quels acteurs ?", "Which", "les acteurs impliqués"),
    ("where", "Où ?", "Where", "les lieux, attention au domicile"),
    ("when", "Quand ?", "When", "les rendez-vous, la fréquence, les transitions"),
)
MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin")
MONTHS += ("juillet", "août", "septembre", "octobre", "novembre", "décembre")

# The 6W method file is free-form (a read-only mapping): known keys get French titles and anchors, any other
# key still renders, titled from its name.
METHOD_TITLES = {
    "intro": ("description", "Description de la méthodologie"),
    "approach": ("approche", "Approche méthodologique"),
    "upstream": ("en-amont", "Éléments à définir en amont de l'atelier"),
    "example": ("exemple", "Exemple"),
    "questions": ("questions", "Les six questions"),
    "steps": ("deroule", "Déroulé de l'atelier"),
    "expected_results": ("resultats-attendus", "Résultats attendus"),
    "abbreviations": ("abreviations", "Abréviations"),
}
TITLE_KEYS = ("title", "question", "name", "abbr", "term")
TEXT_KEYS = ("text", "explores", "description", "meaning")
META_KEYS = {"id", "source", "note", *TITLE_KEYS, *TEXT_KEYS}

# --- text filters: the one text policy (`text_policy`), under the names the templates use ---------------------

plain = text_policy.plain  # names, sources, link labels: plain text
inline = text_policy.free_inline  # a free text on one line (list items, table cells)
md = text_policy.free_text  # a free text block, its headings moved below a heading of `level`


def anchor(value: str) -> Markup:
    """An attr_list id (`{#id}`), written from Python because `{#` opens a comment in Jinja."""
    return Markup("{#" + escape(value) + "}")


def euro(amount: float) -> str:
    """French money format: 22,55 € ; 720 € ; 1 250 € (narrow no-break space between thousands)."""
    text = f"{amount:,.0f}" if float(amount).is_integer() else f"{amount:,.2f}"
    return text.replace(",", "\u202f").replace(".", ",") + " €"


def date_fr(value: str) -> str:
    """ISO date → « 24 novembre 2026 » (kept as written when it is not a date)."""
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return value
    return f"{day.day}{'er' if day.day == 1 else ''} {MONTHS[day.month - 1]} {day.year}"


@lru_cache(maxsize=1)
def _environment() -> Environment:
    # An overlay of the shared environment: same loader and settings, our filters added without touching it.
    env = environment().overlay()
    env.filters = {**env.filters, "plain": plain, "inline": inline, "md": md, "anchor": anchor}
    env.filters["plain_links"] = md_links  # names are plain text in every link list
    env.filters.update({"euro": euro, "date_fr": date_fr})
    env.globals = {**env.globals, "SIXW": SIXW}
    return env


def _render(name: str, **context: Any) -> str:
    text = _environment().get_template(f"guidance/{name}.md.j2").render(**context)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


# --- contexts -----------------------------------------------------------------------------------------------


def grouped(items: tuple[Any, ...], key: str, labels: Mapping[str, str]) -> list[tuple[str, str, list[Any]]]:
    """(value, French label, items) for each value of the attribute `key`: known values in the order of
    `labels`, then any other value; empty groups left out."""
    values = {getattr(item, key) for item in items}
    order = [v for v in labels if v in values] + sorted(values - set(labels))
    return [(v, labels.get(v, v), [i for i in items if getattr(i, key) == v]) for v in order]


def stratum_actors(guidance: Guidance, stratum: Stratum) -> list[tuple[list[Territory], tuple[Actor, ...]]]:
    """The actors whose record names this stratum explicitly, per territory; territories with the same actors
    (those of their region, mostly) are grouped so the page lists them once."""
    groups: dict[tuple[str, ...], tuple[list[Territory], tuple[Actor, ...]]] = {}
    for territory in guidance.territories:
        if stratum in guidance.strata or stratum in territory.extra_strata:
            actors = tuple(a for a in guidance.actors_of(territory.id) if stratum in a.strata)
            groups.setdefault(tuple(a.id for a in actors), ([], actors))[0].append(territory)
    return list(groups.values())


def actors_by_type(guidance: Guidance) -> dict[str, list[Actor]]:
    """Actor type id → its actors, named ones first, then by name."""
    index: dict[str, list[Actor]] = {t.id: [] for t in guidance.actor_types}
    for actor in sorted(guidance.actors, key=lambda a: (a.generic, a.name.casefold(), a.id)):
        for actor_type in actor.types:
            index.setdefault(actor_type.id, []).append(actor)
    return index


@dataclass(frozen=True)
class MappingView:
    """One row of the guidance's mapping table, as shown on its strategy's page."""

    anchor: str
    title: str
    target: str  # anchor of the dispositif it concerns ("" for the whole strategy)
    row: MappingRow
    groups: tuple[tuple[tuple[Stratum, ...], MappingCell], ...]  # neighbouring strata with the same actors


def strategy_mapping(guidance: Guidance, strategy: Strategy) -> list[MappingView]:
    views = []
    for row in (r for r in guidance.mapping if r.strategy.id == strategy.id):
        concerned = row.sous_dispositif or row.dispositif
        title = concerned.name if concerned else strategy.name
        anchor = f"mapping-{len(views) + 1}"
        views.append(MappingView(anchor, title, concerned.id if concerned else "", row, _merged(row.cells)))
    return views


def _merged(cells: tuple[MappingCell, ...]) -> tuple[tuple[tuple[Stratum, ...], MappingCell], ...]:
    """Neighbouring cells with the same actors become one (the merged cells of the guidance's table)."""
    groups: list[tuple[tuple[Stratum, ...], MappingCell]] = []
    for cell in cells:
        if groups and _content(groups[-1][1]) == _content(cell):
            groups[-1] = (groups[-1][0] + (cell.stratum,), groups[-1][1])
        else:
            groups.append(((cell.stratum,), cell))
    return tuple(groups)


def _content(cell: MappingCell) -> tuple[Any, ...]:
    return cell.none, cell.effective_types, cell.effective_functions


def extra_strata(guidance: Guidance) -> list[Stratum]:
    """Strata that territories add to the five of the guidance, each once."""
    found: dict[str, Stratum] = {}
    for stratum in (s for t in guidance.territories for s in t.extra_strata):
        found.setdefault(stratum.id, stratum)
    return list(found.values())


# --- the 6W method, rendered generically ---------------------------------------------------------------------


@dataclass(frozen=True)
class Section:
    key: str
    anchor: str
    title: str
    text: str | None = None
    note: str | None = None
    sources: tuple[str, ...] = ()
    fields: tuple[tuple[str, str], ...] = ()  # other text fields, shown as « label : value »
    entries: tuple[Section, ...] = ()  # list items without id (e.g. abbreviations): title = term
    children: tuple[Section, ...] = ()


def method_sections(method: Mapping[str, Any]) -> tuple[Section, ...]:
    """Every section of the method file in file order; `<key>_source` goes with `<key>`."""
    used: set[str] = set()
    return tuple(
        _section(key, value, as_sources(method.get(f"{key}_source")), used)
        for key, value in method.items()
        if not key.endswith("_source") and key != "note"
    )


def _unique(anchor: str, used: set[str]) -> str:
    candidate, n = anchor, 1
    while candidate in used:
        n += 1
        candidate = f"{anchor}-{n}"
    used.add(candidate)
    return candidate


def _first(item: Mapping[str, Any], keys: tuple[str, ...]) -> str | None:
    return next((str(item[k]) for k in keys if item.get(k) is not None), None)


def _section(key: str, value: Any, sources: tuple[str, ...], used: set[str], anchor: str = "") -> Section:
    default_anchor, title = METHOD_TITLES.get(
        key, (key.replace("_", "-"), key.replace("_", " ").capitalize())
    )
    anchor = _unique(anchor or default_anchor, used)
    if isinstance(value, Mapping):
        return _mapping_section(key, anchor, title, value, sources, used)
    if isinstance(value, tuple):
        with_id = [i for i in value if isinstance(i, Mapping) and "id" in i]
        children = tuple(_section(str(i["id"]), i, (), used, anchor=str(i["id"])) for i in with_id)
        entries = tuple(_entry(i) for i in value if not (isinstance(i, Mapping) and "id" in i))
        return Section(key, anchor, title, sources=sources, entries=entries, children=children)
    return Section(key, anchor, title, text=str(value), sources=sources)


def _mapping_section(
    key: str, anchor: str, title: str, value: Mapping[str, Any], sources: tuple[str, ...], used: set[str]
) -> Section:
    nested = [(k, v) for k, v in value.items() if k not in META_KEYS and isinstance(v, Mapping | tuple)]
    scalars = [(k, v) for k, v in value.items() if k not in META_KEYS and not isinstance(v, Mapping | tuple)]
    return Section(
        key,
        anchor,
        _first(value, TITLE_KEYS) or title,
        text=_first(value, TEXT_KEYS),
        note=value.get("note"),
        sources=sources + as_sources(value.get("source")),
        fields=tuple((k.replace("_", " ").capitalize(), str(v)) for k, v in scalars),
        children=tuple(_section(k, v, (), used) for k, v in nested),
    )


def _entry(item: Any) -> Section:
    if not isinstance(item, Mapping):
        return Section("", "", "", text=str(item))
    return Section("", "", _first(item, TITLE_KEYS) or "", _first(item, TEXT_KEYS) or "", item.get("note"))


# --- pages --------------------------------------------------------------------------------------------------


def render_guidance(guidance: Guidance) -> dict[str, str]:
    """The guidance pages of the site, by path in the docs tree (deterministic: data order, no clock)."""
    sections = method_sections(guidance.method)
    common = {"guidance": guidance, "programme": guidance.programme}
    pages = {
        "index.md": _render("index", regions=grouped(guidance.territories, "region", REGION_NAMES), **common),
        "methode-6w.md": _render("methode-6w", sections=sections, method_note=guidance.method.get("note")),
        "strates.md": _render(
            "strates",
            strata=[(s, stratum_actors(guidance, s)) for s in guidance.strata],
            extra=[(s, stratum_actors(guidance, s)) for s in extra_strata(guidance)],
            **common,
        ),
        "periodes.md": _render("periodes", **common),
        "strategies/index.md": _render("strategies", **common),
        "fonctions.md": _render("fonctions", **common),
        "prestations.md": _render("prestations", **common),
        "types.md": _render(
            "types",
            categories=grouped(guidance.actor_types, "category", CATEGORIES),
            actors=actors_by_type(guidance),
        ),
        "atelier.md": _render("atelier", sections={s.key: s for s in sections}, **common),
    }
    for strategy in guidance.strategies:
        pages[f"strategies/{strategy.id}.md"] = _render(
            "strategy", strategy=strategy, mapping=strategy_mapping(guidance, strategy), **common
        )
    return pages
