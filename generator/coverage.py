"""The coverage report of a territory: function × stratum × period cells with no actor, stale records, saturation.

The same report feeds `balises report` and the « lacunes » section of the territory page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .fixed_ids import FIXED_IDS
from .model import Actor, Guidance, Territory
from .repertoire import is_stale
from .rules_territories import STALE_AFTER
from .terminal import lines_text


@dataclass(frozen=True)
class Gap:
    function: str
    stratum: str
    period: str


@dataclass(frozen=True)
class TerritoryReport:
    territory: Territory
    gaps: tuple[Gap, ...]
    stale: tuple[Actor, ...]
    saturated: tuple[Actor, ...]
    unreachable: tuple[Actor, ...]
    territory_stale: bool
    named: tuple[Actor, ...] = ()  # the named (not generic) actors serving the territory
    generic_only: tuple[
        tuple[str, str], ...
    ] = ()  # function × stratum with no named, contactable actor chosen
    chosen_cells: int = 0  # function × stratum cells with a choice

    @property
    def contactable(self) -> tuple[Actor, ...]:
        """Named actors with at least one sourced phone or e-mail address."""
        return tuple(a for a in self.named if a.sourced_contact)

    def to_dict(self) -> dict:
        return {
            "territoire": self.territory.id,
            "lacunes": [
                {"fonction": g.function, "strate": g.stratum, "periode": g.period} for g in self.gaps
            ],
            "fiches_anciennes": [
                {"acteur": a.id, "derniere_verification": a.last_verified} for a in self.stale
            ],
            "territoire_ancien": self.territory_stale,
            "saturation": [{"acteur": a.id, "note": a.capacity.get("text", "")} for a in self.saturated],
            "injoignables": [a.id for a in self.unreachable],
            "acteurs_nommes": len(self.named),
            "acteurs_nommes_joignables": [a.id for a in self.contactable],
            "cases_sans_acteur_joignable": [{"fonction": f, "strate": s} for f, s in self.generic_only],
            "cases_choisies": self.chosen_cells,
            "fiches_en_retard": len(self.stale) + int(self.territory_stale),
        }


def report(guidance: Guidance, territory: Territory, today: date) -> TerritoryReport:
    strata = [s.id for s in (*guidance.strata, *territory.extra_strata)]
    gaps = tuple(
        Gap(function, stratum, period.id)
        for function in FIXED_IDS["function"]
        for stratum in strata
        for period in guidance.periods
        if not any(c.items for c in territory.choices_for(function, stratum, period.id))
    )
    actors = guidance.actors_of(territory.id)
    stale = tuple(a for a in actors if is_stale(a, today))
    chosen: dict[tuple[str, str], list] = {}
    for choice in territory.choices:
        chosen.setdefault((choice.function.id, choice.stratum.id), []).extend(choice.items)
    generic_only = tuple(
        cell
        for cell, items in chosen.items()
        if items and not any(i.actor and i.actor.sourced_contact for i in items)
    )
    return TerritoryReport(
        territory=territory,
        gaps=gaps,
        stale=stale,
        saturated=tuple(a for a in actors if a.saturated),
        unreachable=tuple(a for a in actors if not a.generic and not a.reachable),
        territory_stale=today - date.fromisoformat(territory.last_verified) > STALE_AFTER,
        named=tuple(a for a in actors if not a.generic),
        generic_only=generic_only,
        chosen_cells=sum(1 for items in chosen.values() if items),
    )


def grouped_gaps(guidance: Guidance, territory: Territory, gaps: tuple[Gap, ...]) -> list[str]:
    """One line per function × stratum, naming the periods left without an actor."""
    strata = {s.id: s for s in (*guidance.strata, *territory.extra_strata)}
    grouped: dict[tuple[str, str], list[str]] = {}
    for gap in gaps:
        grouped.setdefault((gap.function, gap.stratum), []).append(gap.period)
    lines = []
    for (function, stratum), periods in grouped.items():
        when = (
            "toutes les périodes"
            if len(periods) == len(guidance.periods)
            else ", ".join(guidance.period(p).name.lower() for p in periods)
        )
        lines.append(f"{guidance.function(function).name} — {strata[stratum].short_name} : {when}")
    return lines


def format_report(guidance: Guidance, reports: list[TerritoryReport]) -> str:
    lines: list[str] = []
    for r in reports:
        t = r.territory
        lines.append(f"== {t.name} ({t.id}) ==")
        if r.gaps:
            lines.append(f"Lacunes : {len(r.gaps)} case(s) fonction × strate × période sans acteur")
            lines.extend(f"  - {line}" for line in grouped_gaps(guidance, t, r.gaps))
        else:
            lines.append("Lacunes : aucune — chaque fonction × strate × période a au moins un acteur.")
        if r.territory_stale:
            lines.append(f"Fiche du territoire à revérifier (dernière vérification : {t.last_verified}).")
        if r.stale:
            lines.append(f"Fiches à revérifier (plus de 12 mois) : {len(r.stale)}")
            lines.extend(f"  - {a.name} (vérifiée le {a.last_verified})" for a in r.stale)
        if r.saturated:
            lines.append(f"Saturation signalée : {len(r.saturated)}")
            lines.extend(
                f"  - {a.name}" + (f" : {a.capacity['text']}" if a.capacity.get("text") else "")
                for a in r.saturated
            )
        if r.unreachable:
            lines.append(f"Acteurs sans moyen de contact : {len(r.unreachable)}")
            lines.extend(f"  - {a.name}" for a in r.unreachable)
        lines.extend(_reach_lines(guidance, r))
        lines.append("")
    return lines_text(lines).rstrip() + "\n"


def _reach_lines(guidance: Guidance, r: TerritoryReport) -> list[str]:
    """Who can be called today: named actors with a sourced phone or e-mail, and the cells where none is chosen."""
    strata = {s.id: s for s in (*guidance.strata, *r.territory.extra_strata)}
    lines = [
        f"Acteurs nommés joignables (téléphone ou e-mail sourcé) : {len(r.contactable)} sur {len(r.named)}",
        "Cases fonction × strate couvertes seulement par un rôle générique ou un acteur sans contact sourcé : "
        f"{len(r.generic_only)} sur {r.chosen_cells}",
    ]
    lines += [f"  - {guidance.function(f).name} — {strata[s].short_name}" for f, s in r.generic_only]
    lines.append(
        f"Fiches en retard de vérification (plus de 12 mois) : {len(r.stale) + int(r.territory_stale)}"
    )
    return lines
