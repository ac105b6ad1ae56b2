"""Walk the logigram for one situation: the stratum and why, the INAMI scenario and its prestations, the functions
to mobilise and the territory's actors for each, in the territory's order.

The same walk runs in the browser assistant (its JavaScript port is tested against this module)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from . import eligibility
from .diagnostics import nearest
from .logigram import Edge, Node
from .model import Actor, ActorType, Function, Guidance, Territory
from .needs import NO_GP, needs_answer

SCREENING = ("fait", "a-faire", "refuse", "hors-fenetre")


@dataclass(frozen=True)
class Situation:
    territory: str
    period: str | None = None
    indicators: tuple[str, ...] = ()  # KCE indicators of the screening, or the risk factors seen without one
    refus: bool = False  # repeated refusal of care
    danger: bool = False  # danger identified for the child's life
    depistage: str = "fait"  # BIB screening: fait, a-faire, refuse, hors-fenetre
    stratum: str | None = None  # the professional's judgement, when it fixes the stratum
    birth_within_7_days: bool | None = None  # postnatal only: is the birth less than 8 days ago?
    coordinator: bool = False  # a care coordinator is designated (a coordination forfait applies)
    no_gp: bool = False  # the family has no general practitioner (« pas de médecin traitant »)


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
    scenario: str  # O, A, B — or « aucun » / « a-determiner » when there is no screening result
    prestations: list[dict[str, Any]]
    functions: list[str]
    proposals: list[Proposal]
    path: list[str]
    reasons: list[str]
    gaps: list[str] = field(default_factory=list)
    excluded: list[dict[str, Any]] = field(default_factory=list)
    depistage: str = "fait"
    support: list[Actor] = field(default_factory=list)  # « appui aux professionnels », never the family's
    urgent: dict[str, Any] | None = None
    needs: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        actors = []
        for p in self.proposals:
            item = {"id": p.actor.id if p.actor else None, "nom": p.name, "fonction": p.function.id}
            if p.actor is None:
                item["type"] = p.actor_type.id  # type: ignore[union-attr]
            actors.append(item)
        return {
            "urgence": self.urgent,
            "strate": self.stratum,
            "depistage": self.depistage,
            "scenario": self.scenario,
            "prestations": self.prestations,
            "prestations_exclues": self.excluded,
            "besoins": self.needs,
            "fonctions": self.functions,
            "acteurs": actors,
            "appui_professionnels": [{"id": a.id, "nom": a.name} for a in self.support],
            "raisons": self.reasons,
            "lacunes": self.gaps,
            "chemin": self.path,
        }


class RouteError(ValueError):
    """An input that names nothing known (territory, period, indicator, stratum); the message is French."""


class ContradictionError(RouteError):
    """Inputs that cannot hold together (e.g. a screening still to do in early childhood); the message is French."""


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
    known(situation.depistage, list(SCREENING), "statut du dépistage")
    _check_window(guidance, situation)


def _check_window(guidance: Guidance, situation: Situation) -> None:
    """The screening window (pregnancy → 7 days after birth) against the period and the birth's date."""
    window = guidance.routing.get("screening", {}).get("window")
    if not window:
        return
    period, status, recent = situation.period, situation.depistage, situation.birth_within_7_days
    quote = f"(« {window['quote']} »)"
    if recent is not None and period not in window["ask_in"]:
        raise ContradictionError(
            "« moins de 8 jours depuis la naissance » ne vaut que pour la période postnatale : "
            "retirez --naissance-moins-8-jours ou indiquez --period postnatal."
        )
    if status == "a-faire" and (
        period in window["closed_in"] or (period in window["ask_in"] and recent is False)
    ):
        raise ContradictionError(
            f"dépistage « à faire » impossible : la fenêtre du dépistage est fermée {quote}. "
            "Indiquez --depistage hors-fenetre (pas dépistée, fenêtre passée)."
        )
    if status == "a-faire" and period in window["ask_in"] and recent is None:
        raise ContradictionError(
            f"dépistage « à faire » en période postnatale : la fenêtre se ferme 7 jours après la naissance {quote}. "
            "Précisez --naissance-moins-8-jours oui ou non."
        )
    if status == "hors-fenetre" and (period in window["open_in"] or recent is True):
        raise ContradictionError(
            f"« hors fenêtre » impossible : la fenêtre du dépistage est encore ouverte {quote}. "
            "Indiquez --depistage a-faire."
        )


def _decide(node: Node, edges: tuple[Edge, ...], situation: Situation, count: int) -> tuple[Edge, str]:
    value: Any = {
        "danger": situation.danger,
        "refus": situation.refus,
        "jugement": situation.stratum or "aucun",
        "depistage": situation.depistage,
        "indicateurs": count,
    }[node.input or ""]
    edge = next(e for e in edges if e.matches(value))
    return edge, f"{node.label} → {edge.label}"


def _scenario(guidance: Guidance, situation: Situation, count: int) -> tuple[str | None, str, str]:
    """(the scenario id or None, its label for the answer, the reason)."""
    if situation.depistage == "fait":
        scenario = guidance.scenario_for(count)
        return scenario.id, scenario.id, f"{count} indicateur(s) KCE au dépistage → scénario {scenario.id}"
    statuses = {s["id"]: s for s in guidance.routing.get("screening", {}).get("statuses", ())}
    status = statuses.get(situation.depistage, {})
    label = "a-determiner" if situation.depistage == "a-faire" else "aucun"
    why = status.get("scenario_label", label)
    quote = f" (« {status['quote']} »)" if status.get("quote") else ""
    return None, label, f"{status.get('name', situation.depistage)} → scénario : {why}{quote}"


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
    scenario_id, scenario_label, why = _scenario(guidance, situation, count)
    reasons.append(why)
    facts = eligibility.Facts(
        situation.period, situation.depistage, scenario_id, situation.coordinator, count
    )
    open_, excluded = eligibility.assess(guidance, facts)
    found, gaps = proposals(guidance, territory, functions, stratum, situation.period)
    return RouteResult(
        stratum=stratum,
        scenario=scenario_label,
        prestations=open_,
        functions=functions,
        proposals=found,
        path=path,
        reasons=reasons,
        gaps=gaps,
        excluded=excluded,
        depistage=situation.depistage,
        support=professional_support(guidance, territory, situation.period),
        urgent=urgent_block(guidance, territory, stratum, found),
        needs=needs_answer(
            guidance,
            territory,
            [*dict.fromkeys(situation.indicators), *([NO_GP] if situation.no_gp else [])],
            family_actors(guidance, territory, situation.period),
        ),
    )


def urgent_block(
    guidance: Guidance, territory: Territory, stratum: str, found: list[Proposal]
) -> dict[str, Any] | None:
    """The lines to call first when a danger is identified: content/routing.yaml says which types, in which order."""
    config = guidance.routing.get("urgent")
    if not config or stratum != "danger":
        return None
    local = guidance.actors_of(territory.id)
    contacts = []
    for type_id in config["types"]:
        for actor in (a for a in local if any(t.id == type_id for t in a.types)):
            item: dict[str, Any] = {"id": actor.id, "nom": actor.name, "type": type_id}
            item["telephones"] = [p.as_json() for p in actor.phones]
            if actor.hours:
                item["horaires"] = actor.hours.value
            item["sources"] = list(actor.sources)
            contacts.append(item)
    then = [p.name for p in found if p.function.id in config.get("then", ())]
    return {
        "titre": config["title"],
        "contacts": contacts,
        "ensuite": ", ".join(then) if then else "le case management (aucun acteur choisi sur ce territoire)",
        "source": config["source"],
        "citation": config["quote"],
    }


def for_professionals(actor: Actor) -> bool:
    """An actor that supports professionals (its type's category says so): never proposed to the family."""
    return any(t.category == "appui-professionnels" for t in actor.types)


def in_period(actor: Actor, period: str | None) -> bool:
    return period is None or not actor.periods or any(p.id == period for p in actor.periods)


def professional_support(guidance: Guidance, territory: Territory, period: str | None) -> list[Actor]:
    return [a for a in guidance.actors_of(territory.id) if for_professionals(a) and in_period(a, period)]


def family_actors(guidance: Guidance, territory: Territory, period: str | None) -> list[Actor]:
    """The territory's actors that may be proposed to the family in this period."""
    return [a for a in guidance.actors_of(territory.id) if in_period(a, period) and not for_professionals(a)]


def proposals(
    guidance: Guidance, territory: Territory, functions: list[str], stratum: str, period: str | None
) -> tuple[list[Proposal], list[str]]:
    found: list[Proposal] = []
    gaps: list[str] = []
    local = family_actors(guidance, territory, period)
    for function_id in functions:
        function = guidance.function(function_id)
        seen: set[str] = set()
        for choice in territory.choices_for(function_id, stratum, period):
            for item in choice.items:
                if item.actor is not None:
                    if not in_period(item.actor, period) or for_professionals(item.actor):
                        continue
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
