"""« Where am I used »: for each actor, the territories, choices and logigram nodes that cite it.

Computed once for the whole model (renderers ask for every actor), from the same resolution as `balises route`:
an actor is cited by a choice that names it, by a choice that names one of its types (when it is among the
actors that the choice resolves to), and by each logigram node whose proposals include it.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import Guidance
from .render_dot import proposals_for


@dataclass(frozen=True)
class Usage:
    territory_id: str
    territory_name: str
    what: str  # French, e.g. « Fonction de référent — Situations à bas risque (rang 1) »


def _period_text(choice) -> str:
    return f" ({', '.join(p.name.lower() for p in choice.periods)})" if choice.periods else ""


def grouped(usages: list[Usage]) -> list[tuple[str, str, list[str]]]:
    """(territory id, territory name, uses) in the order met, each use once."""
    groups: dict[str, tuple[str, str, list[str]]] = {}
    for u in usages:
        uses = groups.setdefault(u.territory_id, (u.territory_id, u.territory_name, []))[2]
        if u.what not in uses:
            uses.append(u.what)
    return list(groups.values())


def actor_usages(guidance: Guidance) -> dict[str, list[Usage]]:
    found: dict[str, list[Usage]] = {}

    def add(actor_id: str, territory, what: str) -> None:
        found.setdefault(actor_id, []).append(Usage(territory.id, territory.name, what))

    for territory in guidance.territories:
        if territory.meso_actor:
            add(territory.meso_actor.id, territory, "organe méso du territoire")
        for choice in territory.choices:
            for rank, item in enumerate(choice.items, start=1):
                if item.actor:
                    add(
                        item.actor.id,
                        territory,
                        f"choix : {choice.function.name} — {choice.stratum.name}{_period_text(choice)}, rang {rank}",
                    )
        strata = {s.id: s.short_name for s in (*guidance.strata, *territory.extra_strata)}
        logigram = guidance.logigram_for(territory.id)
        for node in logigram.nodes:
            if node.kind != "actors":
                continue
            for proposal in proposals_for(guidance, territory, node):
                if proposal.actor:
                    stratum = f" — {strata[node.stratum]}" if node.stratum in strata else ""
                    add(proposal.actor.id, territory, f"logigramme : « {node.label} »{stratum}")
    return found
