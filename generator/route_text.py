"""The French text answer of `balises route`: the urgent block first (danger), then the stratum and why, the
prestations open and excluded (with their source passages), the needs, the functions and their actors, and the
professionals' own support apart."""

from __future__ import annotations

from typing import Any

from .model import Guidance
from .route import RouteResult
from .terminal import lines_text


def _amount(p: dict[str, Any]) -> str:
    tariff = p["tarif"]
    amount = f"{tariff['montant']:.2f}".replace(".", ",")
    return f"{amount} € {tariff['unite']}, tarif {tariff['annee']}"


def _urgent(block: dict[str, Any] | None) -> list[str]:
    if not block:
        return []
    lines = [f"URGENT — {block['titre']}"]
    for item in block["contacts"]:
        phones = ", ".join(p["numero"] for p in item.get("telephones", ()))
        hours = f" ({item['horaires']})" if item.get("horaires") else ""
        lines.append(f"  - {item['nom']} : {phones or 'voir sa fiche'}{hours} [{item['id']}]")
    if not block["contacts"]:
        lines.append("  aucun contact d'urgence renseigné pour ce territoire (lacune)")
    lines.append(f"  Ensuite : {block['ensuite']}")
    lines.append(f"  Source : {block['source']} — « {block['citation']} »")
    return lines


def _needs(needs: list[dict[str, Any]]) -> list[str]:
    lines = []
    for need in needs:
        lines.append(f"Besoin — {need['nom']} :")
        lines += [f"  {i}. {a['nom']} [{a['id']}]" for i, a in enumerate(need["acteurs"], start=1)]
        if not need["acteurs"]:
            lines.append(f"  {need['lacune']}")
    return lines


def format_text(guidance: Guidance, result: RouteResult, preamble: str = "") -> str:
    """`preamble` (e.g. the territory found from a postcode) comes right after the urgent block."""
    stratum = next((s for s in guidance.strata if s.id == result.stratum), None)
    lines = _urgent(result.urgent)
    lines += preamble.splitlines()
    lines += [f"Strate : {stratum.name if stratum else result.stratum}", "Pourquoi :"]
    lines += [f"  - {reason}" for reason in result.reasons]
    lines.append(f"Scénario INAMI : {result.scenario}")
    for p in result.prestations:
        lines.append(f"  - {p['nom']} ({_amount(p)})")
        # the first limit is the one of Tableau 1; --json gives them all
        lines += [f"      {limit}" for limit in p["limites"][:1]]
        if "exception" in p:
            lines.append(f"      Par exception ({p['exception']['id']}) : « {p['exception']['citation']} »")
        lines += [f"      Condition : {c['texte']}" for c in p.get("conditions", ())]
    if result.excluded:
        lines.append("Prestations non ouvertes :")
    for p in result.excluded:
        reason = p["raison"]
        lines.append(f"  - {p['nom']} — {reason['texte']}")
        lines.append(f"      {reason['source']} : « {reason['citation']} »")
    lines += _needs(result.needs)
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
    if result.support:
        lines.append("Appui pour vous, professionnel (ne prend pas la famille en charge) :")
        lines += [f"  - {a.name} [{a.id}]" for a in result.support]
    return lines_text(lines) + "\n"
