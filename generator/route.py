"""Walk the logigram for one situation: the stratum and why, the INAMI scenario and its prestations, the functions
to mobilise and the territory's actors for each, in the territory's order.

The same walk runs in the browser assistant (its JavaScript port is tested against this module)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .diagnostics import nearest
from .logigram import Edge, Node
from .model import Actor, ActorType, Function, Guidance, Prestation, Territory


@dataclass(frozen=True)
class Situation:
    territory: str
    period: str | None = None
    indicators: tuple[str, ...] = ()
    refus: bool = False  # repeated refusal of care
    danger: bool = False  # danger identified for the child's life
    depistage_refuse: bool = False  # BIB screening refused
    stratum: str | None = None  # the professional's judgement, when it fixes the stratum


@dataclass(frozen=True)
class Proposal:
    function: Function
    actor: Actor | None
    actor_type: ActorType | None

    @property
    def name(self) -> str:
        return self.actor.name if self.actor else self.actor_type.name  # type: ignore[union-attr]


@dataclass
class RouteResult:
    stratum: str
    scenario: str
    prestations: list[dict[str, Any]]
    functions: list[str]
    proposals: list[Proposal]
    path: list[str]
    reasons: list[str]
    gaps: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        actors = []
        for p in self.proposals:
            item = {"id": p.actor.id if p.actor else None, "nom": p.name, "fonction": p.function.id}
            if p.actor is None:
                item["type"] = p.actor_type.id  # type: ignore[union-attr]
            actors.append(item)
        return {
            "strate": self.stratum,
            "scenario": self.scenario,
            "prestations": self.prestations,
            "fonctions": self.functions,
            "acteurs": actors,
            "raisons": self.reasons,
            "lacunes": self.gaps,
            "chemin": self.path,
        }


class RouteError(ValueError):
    """An input that names nothing known (territory, period, indicator, stratum); the message is French."""


def check_situation(guidance: Guidance, situation: Situation) -> None:
    def known(value: str, ids: list[str], label: str) -> None:
        if value not in ids:
            near = nearest(value, ids)
            hint = f" Vouliez-vous dire « {near} » ?" if near else f" Valeurs connues : {', '.join(ids)}."
            raise RouteError(f"{label} inconnu(e) : « {value} ».{hint}")

    known(situation.territory, [t.id for t in guidance.territories], "territoire")
    if situation.period:
        known(situation.period, [p.id for p in guidance.periods], "période")
    for indicator in situation.indicators:
        known(indicator, [k.id for k in guidance.kce_indicators], "indicateur KCE")
    if situation.stratum:
        territory = guidance.territory(situation.territory)
        known(situation.stratum, [s.id for s in (*guidance.strata, *territory.extra_strata)], "strate")


def _decide(node: Node, edges: tuple[Edge, ...], situation: Situation, count: int) -> tuple[Edge, str]:
    value: Any = {
        "danger": situation.danger,
        "refus": situation.refus,
        "jugement": situation.stratum or "aucun",
        "depistage": "refuse" if situation.depistage_refuse else "fait",
        "indicateurs": count,
    }[node.input or ""]
    edge = next(e for e in edges if e.matches(value))
    return edge, f"{node.label} → {edge.label}"


def walk(guidance: Guidance, situation: Situation) -> RouteResult:
    check_situation(guidance, situation)
    territory = guidance.territory(situation.territory)
    logigram = guidance.logigram_for(territory.id)
    count = len(set(situation.indicators))
    node, stratum, functions, path, reasons = logigram.start, "", [], [], []
    while True:
        path.append(node.id)
        if node.kind == "end":
            break
        edges = tuple(e for e in logigram.outgoing(node.id) if not e.reevaluation)
        if node.kind == "decision":
            edge, reason = _decide(node, edges, situation, count)
            reasons.append(reason)
        else:
            edge = edges[0]
        if node.stratum:
            stratum = node.stratum
        if node.function and node.function not in functions:
            functions.append(node.function)
        node = logigram.node(edge.target)
    scenario = guidance.scenario_for(count)
    reasons.append(f"{count} indicateur(s) KCE → scénario {scenario.id}")
    found, gaps = proposals(guidance, territory, functions, stratum, situation.period)
    return RouteResult(
        stratum=stratum,
        scenario=scenario.id,
        prestations=[_prestation(p, situation) for p in scenario.prestations],
        functions=functions,
        proposals=found,
        path=path,
        reasons=reasons,
        gaps=gaps,
    )


def _prestation(prestation: Prestation, situation: Situation) -> dict[str, Any]:
    tariff = prestation.tariff()
    item = {
        "id": prestation.id,
        "nom": prestation.name,
        "limites": list(prestation.limits),
        "tarif": {"annee": tariff.year, "montant": tariff.amount, "unite": tariff.unit},
    }
    if situation.depistage_refuse and prestation.exceptions:
        item["exception"] = prestation.exceptions[0]
    return item


def proposals(
    guidance: Guidance, territory: Territory, functions: list[str], stratum: str, period: str | None
) -> tuple[list[Proposal], list[str]]:
    found: list[Proposal] = []
    gaps: list[str] = []
    local = guidance.actors_of(territory.id)
    for function_id in functions:
        function = guidance.function(function_id)
        seen: set[str] = set()
        for choice in territory.choices_for(function_id, stratum, period):
            for item in choice.items:
                if item.actor is not None:
                    candidates: list[tuple[Actor | None, ActorType | None]] = [(item.actor, None)]
                else:
                    of_type = [a for a in local if item.actor_type in a.types]
                    generic = [a for a in of_type if a.generic]  # « votre sage-femme » before named ones
                    candidates = [(a, None) for a in (generic or of_type)] or [(None, item.actor_type)]
                for actor, actor_type in candidates:
                    key = actor.id if actor else f"type:{actor_type.id}"  # type: ignore[union-attr]
                    if key not in seen:
                        seen.add(key)
                        found.append(Proposal(function, actor, actor_type))
        if not seen:
            gaps.append(f"{function.name} : aucun acteur choisi pour cette strate sur ce territoire")
    return found, gaps


def format_text(guidance: Guidance, result: RouteResult) -> str:
    stratum = next((s for s in guidance.strata if s.id == result.stratum), None)
    lines = [f"Strate : {stratum.name if stratum else result.stratum}", "Pourquoi :"]
    lines += [f"  - {reason}" for reason in result.reasons]
    lines.append(f"Scénario INAMI : {result.scenario}")
    for p in result.prestations:
        tariff = p["tarif"]
        amount = f"{tariff['montant']:.2f}".replace(".", ",")
        lines.append(f"  - {p['nom']} ({amount} € {tariff['unite']}, tarif {tariff['annee']})")
        # the first limit is the one of Tableau 1; --json gives them all
        lines += [f"      {limit}" for limit in p["limites"][:1]]
        if "exception" in p:
            lines.append(f"      Exception : {p['exception']}")
    for function_id in result.functions:
        function = guidance.function(function_id)
        lines.append(f"{function.name} :")
        names = [p for p in result.proposals if p.function.id == function_id]
        lines += [
            f"  {i}. {p.name}" + (f" [{p.actor.id}]" if p.actor else " (tout acteur de ce type)")
            for i, p in enumerate(names, start=1)
        ]
        if not names:
            lines.append("  aucun acteur choisi sur ce territoire (lacune)")
    return "\n".join(lines) + "\n"
