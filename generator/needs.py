"""Per ticked need (a KCE indicator, or « pas de médecin traitant »): what content/needs.yaml says the sources
name for it, and the territory's actors of those types that serve the period, in the territory's order."""

from __future__ import annotations

from typing import Any

from .model import Actor, Guidance, Territory

NO_GP = "medecin-traitant"


def needs_answer(
    guidance: Guidance, territory: Territory, ticked: list[str], family_actors: list[Actor]
) -> list[dict[str, Any]]:
    """`family_actors`: the territory's actors that may be proposed to the family (period, audience filtered).
    The territory's own choices for a need (its `needs:` field) come first, then the actors of the named types."""
    names = {k.id: k.name for k in guidance.kce_indicators}
    answer = []
    for need in guidance.needs.get("needs", ()):
        if need["id"] not in ticked:
            continue
        types = set(need["actor_types"])
        allowed = {a.id for a in family_actors}
        local = [a for a in territory.need_choices.get(need["id"], ()) if a.id in allowed]
        actors = [*local, *(a for a in family_actors if types & {t.id for t in a.types} and a not in local)]
        item: dict[str, Any] = {
            "id": need["id"],
            "nom": need.get("name") or names.get(need.get("indicator", ""), need["id"]),
            "acteurs": [{"id": a.id, "nom": a.name, "telephone": a.phone or None} for a in actors],
            "strategies": list(need["strategies"]),
            "types": list(need["actor_types"]),
            "source": need["source"],
            "citation": need["quote"],
        }
        if need.get("undocumented"):
            item["non_documente"] = need["undocumented"]
        item["lacune"] = (
            need.get("undocumented") or "aucun acteur de ces types sur ce territoire pour cette période"
        )
        answer.append(item)
    return answer
