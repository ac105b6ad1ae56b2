"""Which INAMI prestations a situation opens, and why each other one is excluded — read from content/routing.yaml.

The router has no special case: each prestation's exclusion rules are tried in the data's order, the first that
applies gives the reason (with its source passage); an exception (screening refused, manifest risk factors) is
shown with the prestation it keeps open. Pure functions of the data and the situation's facts."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .model import Guidance, Prestation


@dataclass(frozen=True)
class Facts:
    """What the rules look at."""

    period: str | None  # None: unknown, every period possible
    screening: str  # fait, a-faire, refuse, hors-fenetre
    scenario: str | None  # O, A or B when screened, else None
    coordinator: bool  # a care coordinator designated (a coordination forfait applies)
    factors: int  # manifest risk factors (or KCE indicators when screened)


def _holds(when: Mapping[str, Any], facts: Facts) -> bool:
    tests = {
        "periods_not": lambda v: facts.period is not None and facts.period not in v,
        "screening": lambda v: facts.screening in v,
        "scenarios_not": lambda v: facts.scenario is not None and facts.scenario not in v,
        "coordinator": lambda v: facts.coordinator is v,
        "factors_max": lambda v: facts.factors <= v,
    }
    return all(tests[key](value) for key, value in when.items())


def _cited(rule: Mapping[str, Any]) -> dict[str, Any]:
    return {"id": rule["id"], "source": rule["source"], "citation": rule["quote"]}


def _base(prestation: Prestation) -> dict[str, Any]:
    tariff = prestation.tariff()
    return {
        "id": prestation.id,
        "nom": prestation.name,
        "limites": list(prestation.limits),
        "tarif": {"annee": tariff.year, "montant": tariff.amount, "unite": tariff.unit},
    }


def assess(guidance: Guidance, facts: Facts) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(the prestations open, the excluded ones with `raison`), each in the order of content/prestations.yaml."""
    rules = {r["prestation"]: r for r in guidance.routing.get("prestations", ())}
    open_, excluded = [], []
    for prestation in guidance.prestations:
        rule = rules.get(prestation.id, {})
        item = _base(prestation)
        blocking = next((x for x in rule.get("exclusions", ()) if _holds(x["when"], facts)), None)
        if blocking is not None:
            item["raison"] = {**_cited(blocking), "texte": blocking["reason"]}
            excluded.append(item)
            continue
        exception = next((x for x in rule.get("exceptions", ()) if _holds(x["when"], facts)), None)
        if exception is not None:
            item["exception"] = _cited(exception)
        notes = [
            {"texte": n["text"], "source": n["source"], "citation": n["quote"]} for n in rule.get("notes", ())
        ]
        if notes:
            item["conditions"] = notes
        open_.append(item)
    return open_, excluded
