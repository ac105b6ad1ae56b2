"""The repertoire views of a territory, as data: by strategy × stratum (the guidance's mapping table filled with
local names), by function (the territory's choices), by commune and by language. Templates turn them into pages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .model import Actor, ActorType, Guidance, MappingRow, Stratum, Territory
from .rules_territories import STALE_AFTER


@dataclass(frozen=True)
class MappingCellView:
    stratum: Stratum
    actors: tuple[Actor, ...]  # local actors of the cell's types (serving that stratum when they say so)
    missing_types: tuple[ActorType, ...]  # types the guidance names with no local actor yet
    none: bool


@dataclass(frozen=True)
class MappingRowView:
    row: MappingRow
    cells: tuple[MappingCellView, ...]

    @property
    def label(self) -> str:
        parts = [self.row.strategy.name]
        parts += [d.name for d in (self.row.dispositif, self.row.sous_dispositif) if d]
        return " › ".join(parts)


@dataclass(frozen=True)
class CommuneView:
    name: str
    postcodes: tuple[str, ...]
    specific: tuple[Actor, ...]  # actors naming this commune in their service area


def _serves_stratum(actor: Actor, stratum: Stratum) -> bool:
    return not actor.strata or stratum in actor.strata


def by_strategy(guidance: Guidance, territory: Territory) -> tuple[MappingRowView, ...]:
    actors = guidance.actors_of(territory.id)
    # type id → positions of the territory's actors of that type: a cell reads only its types' actors
    of_type: dict[str, list[int]] = {}
    for position, actor in enumerate(actors):
        for actor_type in actor.types:
            of_type.setdefault(actor_type.id, []).append(position)
    rows = []
    for row in guidance.mapping:
        cells = []
        for cell in row.cells:
            positions = {p for t in cell.effective_types for p in of_type.get(t.id, ())}
            local = tuple(
                actors[p] for p in sorted(positions) if _serves_stratum(actors[p], cell.stratum)
            )  # in the territory's order
            covered = {t.id for a in local for t in a.types}
            missing = tuple(t for t in cell.effective_types if t.id not in covered)
            cells.append(MappingCellView(cell.stratum, local, missing, cell.none))
        rows.append(MappingRowView(row, tuple(cells)))
    return tuple(rows)


def by_commune(guidance: Guidance, territory: Territory) -> tuple[CommuneView, ...]:
    # the actors with a service area (the others serve the whole territory), their communes casefolded once
    areas = [
        (a, {c.casefold() for c in a.area_communes}, set(a.area_postcodes))
        for a in guidance.actors_of(territory.id)
        if a.area_communes or a.area_postcodes
    ]
    views = []
    for commune in territory.communes:
        names = {commune.name.casefold(), (commune.name_nl or "").casefold()}
        postcodes = set(commune.all_postcodes())
        specific = tuple(a for a, communes, codes in areas if names & communes or postcodes & codes)
        views.append(CommuneView(commune.name, commune.all_postcodes(), specific))
    return tuple(views)


def territory_wide(guidance: Guidance, territory: Territory) -> tuple[Actor, ...]:
    """Actors serving the whole territory (no commune or postcode restriction)."""
    return tuple(a for a in guidance.actors_of(territory.id) if not a.area_communes and not a.area_postcodes)


def by_language(guidance: Guidance, territory: Territory) -> tuple[tuple[str, tuple[Actor, ...]], ...]:
    actors = guidance.actors_of(territory.id)
    codes = sorted({code for a in actors for code in a.languages})
    return tuple((code, tuple(a for a in actors if code in a.languages)) for code in codes)


def is_stale(actor: Actor, today: date) -> bool:
    return today - date.fromisoformat(actor.last_verified) > STALE_AFTER
