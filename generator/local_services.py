"""Generic roles resolved to the services of the family's commune.

« Le CPAS de la commune de la famille » is a role; when the family's postcode or commune is known and the data holds a named
actor of the same type whose service area (`service_area.communes` or `.postcodes`) covers it, the answer names
that actor instead: « CPAS de Schaerbeek — Boulevard Auguste Reyers 70 — 02 240 30 80 ». Nothing here knows of
CPAS: any generic entry (or type-level choice) with per-commune actors of its type resolves the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from .diagnostics import nearest
from .model import Actor, ActorType, Guidance, Territory
from .route import Proposal, RouteError, RouteResult


@dataclass(frozen=True)
class Place:
    """Where the family lives, as far as it is known: communes (French names of the territory file) and postcodes."""

    communes: tuple[str, ...] = ()
    postcodes: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.communes or self.postcodes)


def place_for(territory: Territory, postcode: str | None = None, commune: str | None = None) -> Place:
    """The communes of `territory` that carry the postcode, or the one named (French or Dutch name, any case);
    an unknown commune is a `RouteError` that suggests the nearest name."""
    communes: list[str] = []
    if commune is not None:
        wanted = commune.strip().casefold()
        found = [c for c in territory.communes if wanted in {c.name.casefold(), (c.name_nl or "").casefold()}]
        if not found:
            names = [c.name for c in territory.communes]
            near = nearest(commune, names)
            raise RouteError(
                f"la commune « {commune} » n'appartient pas au territoire « {territory.id} »"
                + (f" : vouliez-vous dire « {near} » ?" if near else f" ; ses communes : {', '.join(names)}.")
            )
        communes = [found[0].name]
    if postcode is not None:
        communes += [
            c.name for c in territory.communes if postcode in c.all_postcodes() and c.name not in communes
        ]
    return Place(tuple(communes), (postcode,) if postcode else ())


def serves(actor: Actor, place: Place) -> bool:
    """The actor's own service area (not the whole territory) covers the place."""
    return any(c in actor.area_communes for c in place.communes) or any(
        p in actor.area_postcodes for p in place.postcodes
    )


def local_services(
    guidance: Guidance, territory_id: str, role: Actor | ActorType, place: Place
) -> tuple[Actor, ...]:
    """The named actors of the role's type(s) that serve the place, by name; empty when the data has none."""
    types = set(role.types) if isinstance(role, Actor) else {role}
    if not place or (isinstance(role, Actor) and not role.generic):
        return ()
    return tuple(
        a
        for a in guidance.actors_of(territory_id)
        if not a.generic
        and (a.area_communes or a.area_postcodes)
        and types & set(a.types)
        and serves(a, place)
    )


def per_commune(guidance: Guidance, territory: Territory, role: Actor) -> list[tuple[str, tuple[Actor, ...]]]:
    """For a generic entry: each commune of the territory that has its own service of the role's type."""
    rows = []
    for commune in territory.communes:
        found = local_services(guidance, territory.id, role, Place((commune.name,)))
        if found:
            rows.append((commune.name, found))
    return rows


def role_across(
    guidance: Guidance, territories: list[Territory], role: Actor
) -> list[tuple[str, tuple[Actor, ...]]]:
    """`per_commune` over the territories a generic entry serves, each commune once (the actor page's list)."""
    if not role.generic:
        return []
    rows: dict[str, tuple[Actor, ...]] = {}
    for territory in territories:
        for commune, services in per_commune(guidance, territory, role):
            rows.setdefault(commune, services)
    return list(rows.items())


def roles_by_commune(
    guidance: Guidance, territory: Territory
) -> list[tuple[Actor, list[tuple[str, tuple[Actor, ...]]]]]:
    """Each generic entry of the territory that has per-commune services, with them (the repertoire's section)."""
    roles = [(a, per_commune(guidance, territory, a)) for a in guidance.actors_of(territory.id) if a.generic]
    return [(role, rows) for role, rows in roles if rows]


def localise(guidance: Guidance, territory_id: str, result: RouteResult, place: Place) -> RouteResult:
    """The route's proposals with each generic role replaced by the services of the family's commune, if any."""
    proposals: list[Proposal] = []
    seen: set[tuple[str, str]] = set()
    for proposal in result.proposals:
        role = proposal.actor or proposal.actor_type
        local = local_services(guidance, territory_id, role, place) if role else ()  # type: ignore[arg-type]
        for item in [Proposal(proposal.function, a, None) for a in local] or [proposal]:
            key = (item.function.id, item.actor.id if item.actor else f"type:{item.actor_type.id}")  # type: ignore[union-attr]
            if key not in seen:
                seen.add(key)
                proposals.append(item)
    return replace(
        result, proposals=proposals, needs=_localised_needs(guidance, territory_id, result.needs, place)
    )


def _localised_needs(
    guidance: Guidance, territory_id: str, needs: list[dict[str, Any]], place: Place
) -> list[dict[str, Any]]:
    """Each need's actors for the family's place: a service of another commune goes, and a generic role gives way
    to the service of the family's commune when the data has one."""
    by_id = {a.id: a for a in guidance.actors_of(territory_id)}
    localised = []
    for need in needs:
        entries = []
        for entry in need["acteurs"]:
            actor = by_id.get(entry["id"])
            if actor is None:
                entries.append(entry)
            elif actor.generic and local_services(guidance, territory_id, actor, place):
                continue  # the commune's own service is listed in its place
            elif (actor.area_communes or actor.area_postcodes) and not serves(actor, place):
                continue
            else:
                entries.append(entry)
        localised.append({**need, "acteurs": entries})
    return localised


def for_route(
    guidance: Guidance, territory_id: str, result: RouteResult, postcode: str | None, commune: str | None
) -> RouteResult:
    """`localise` for `balises route --postcode/--commune`."""
    if postcode is None and commune is None:
        return result
    return localise(
        guidance, territory_id, result, place_for(guidance.territory(territory_id), postcode, commune)
    )


def contacts_text(result: RouteResult) -> str:
    """« Pour les joindre : » and a line per proposed named actor that has a street, a phone or an e-mail."""
    actors = {p.actor.id: p.actor for p in result.proposals if p.actor and not p.actor.generic}
    lines = [contact_line(a) for a in actors.values() if any(a.one_line_contact)]
    return "".join(["Pour les joindre :\n", *(f"  - {line}\n" for line in lines)]) if lines else ""


def contact_line(actor: Actor) -> str:
    """« CPAS de Schaerbeek — Boulevard Auguste Reyers 70 — 02 240 30 80 »: the name, the public street, the first
    phone (or e-mail address), whatever of them the data has."""
    street, reach = actor.one_line_contact
    return " — ".join([actor.name, *([street] if street else []), *([reach[1]] if reach else [])])
