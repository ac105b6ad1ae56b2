"""The data of the browser assistant « Qui contacter ? »: one JSON file per territory under `data/`, and an index.

Each file holds the territory's logigram (the one `balises route` walks), what the walk needs to explain itself
(strata, scenarios, prestations, functions, indicators, periods), and the proposals already resolved for every
function × stratum × period with the same `route.proposals` as the command line — so the JavaScript only walks
the graph and looks proposals up; it never re-implements the territory's choices.
"""

from __future__ import annotations

import json
from typing import Any

from . import eligibility
from .export import orientation_text
from .local_services import Place, local_services
from .model import Actor, ActorType, Guidance, Territory
from .route import SCREENING, Situation, proposals, walk
from .urls import actor_url

ANY_PERIOD = "*"


def _logigram(guidance: Guidance, territory: Territory) -> dict[str, Any]:
    logigram = guidance.logigram_for(territory.id)
    nodes = {}
    for node in logigram.nodes:
        item = {"type": node.kind, "libelle": node.label}
        item.update(
            {
                k: v
                for k, v in (("entree", node.input), ("strate", node.stratum), ("fonction", node.function))
                if v
            }
        )
        nodes[node.id] = item
    edges = [
        {"de": e.source, "vers": e.target, "si": e.when, "libelle": e.label}
        for e in logigram.edges
        if not e.reevaluation  # re-evaluation edges lead back at key moments; the walk never takes them
    ]
    return {"depart": logigram.start.id, "noeuds": nodes, "aretes": edges}


def _actor(actor: Actor) -> dict[str, Any]:
    record: dict[str, Any] = {"nom": actor.name, "page": actor_url(actor.id, "../")}
    if actor.generic:
        record["generique"] = True
    for key, value in (("telephone", actor.phone), ("email", actor.email_address), ("site", actor.website)):
        if value:
            record[key] = value
    if actor.phones:
        record["telephones"] = [p.as_json() for p in actor.phones]
    if actor.hours:
        record["heures"] = actor.hours.value
    orientation = orientation_text(actor)
    if orientation:
        record["orienter"] = orientation
    address = actor.public_address
    if address:
        record["adresse"] = ", ".join(
            part for part in (address.street, f"{address.postal_code or ''} {address.city}".strip()) if part
        )
    return record


def _proposals(guidance: Guidance, territory: Territory) -> tuple[dict[str, list], dict[str, Actor]]:
    table: dict[str, list] = {}
    cited: dict[str, Actor] = {}
    strata = [*guidance.strata, *territory.extra_strata]
    for function in guidance.functions:
        for stratum in strata:
            for period in (None, *(p.id for p in guidance.periods)):
                found, _ = proposals(guidance, territory, [function.id], stratum.id, period)
                items = []
                for p in found:
                    if p.actor:
                        cited[p.actor.id] = p.actor
                        items.append({"acteur": p.actor.id})
                    else:
                        items.append({"type": p.actor_type.id, "nom": p.actor_type.name})  # type: ignore[union-attr]
                table[f"{function.id}|{stratum.id}|{period or ANY_PERIOD}"] = items
    return table, cited


def prestation_cases(guidance: Guidance) -> dict[str, dict[str, Any]]:
    """The scenario and the prestations open for every screening status × period × count (0, 1, 2 or more),
    without a designated coordinator (the page does not ask): `eligibility.assess`, as `balises route`."""
    table = {}
    for status in SCREENING:
        for period in (None, *(p.id for p in guidance.periods)):
            for count in (0, 1, 2):
                scenario = guidance.scenario_for(count).id if status == "fait" else None
                facts = eligibility.Facts(period, status, scenario, False, count)
                open_, _ = eligibility.assess(guidance, facts)
                label = scenario or ("a-determiner" if status == "a-faire" else "aucun")
                table[f"{status}|{period or ANY_PERIOD}|{count}"] = {
                    "scenario": label,
                    "prestations": [p["id"] for p in open_],
                    "exceptions": {p["id"]: p["exception"]["citation"] for p in open_ if "exception" in p},
                }
    return table


def _local(guidance: Guidance, territory: Territory, table: dict[str, list], cited: dict[str, Actor]) -> dict:
    """`"locaux"`: for each proposed role (`bxl-cpas`, `type:cpas`) the services of each postcode's commune
    (`{"1030": ["cpas-schaerbeek"]}`), so that the page names the family's CPAS once the postcode is given."""
    roles: dict[str, Actor | ActorType] = {}
    for items in table.values():
        for item in items:
            if "acteur" in item and cited[item["acteur"]].generic:
                roles[item["acteur"]] = cited[item["acteur"]]
            elif "type" in item:
                roles["type:" + item["type"]] = guidance.actor_type(item["type"])
    found: dict[str, dict[str, list[str]]] = {}
    for key, role in sorted(roles.items()):
        for code in territory.postcodes():
            services = local_services(
                guidance, territory.id, role, Place(_communes(territory, code), (code,))
            )
            if services:
                found.setdefault(key, {})[code] = [a.id for a in services]
                cited.update({a.id: a for a in services})
    return found


def _communes(territory: Territory, code: str) -> tuple[str, ...]:
    return tuple(c.name for c in territory.communes if code in c.all_postcodes())


def _one_line(guidance: Guidance, kce_id: str) -> str:
    fed_by = [b.name for b in guidance.bib_indicators if b.kce and b.kce.id == kce_id]
    return f"Dans BiB : {', '.join(fed_by)}." if fed_by else ""


def indicators(guidance: Guidance) -> list[dict[str, str]]:
    """The KCE indicators, each with the BiB indicators that feed it: the index's and the assistant page's."""
    return [{"id": k.id, "nom": k.name, "aide": _one_line(guidance, k.id)} for k in guidance.kce_indicators]


def urgent(guidance: Guidance, territory: Territory) -> dict[str, Any] | None:
    """`"urgence"`: the block `balises route --danger` opens with (`route.urgent_block`, reached by the same walk),
    once, and its `ensuite` (the case-management path) per period — the only part that changes with the period."""
    block = None
    then: dict[str, str] = {}
    for period in (None, *(p.id for p in guidance.periods)):
        found = walk(guidance, Situation(territory.id, period, danger=True)).urgent
        if found is None:
            return None
        then[period or ANY_PERIOD] = found.pop("ensuite")
        block = found
    return {"bloc": block, "ensuite": then}


def territory_data(guidance: Guidance, territory: Territory) -> dict[str, Any]:
    table, cited = _proposals(guidance, territory)
    local = _local(guidance, territory, table, cited)
    return {
        "version": guidance.programme.data_version,
        "territoire": {"id": territory.id, "nom": territory.name, "page": f"../territoires/{territory.id}/"},
        "logigramme": _logigram(guidance, territory),
        "strates": {
            s.id: {"nom": s.name, "court": s.short_name} for s in (*guidance.strata, *territory.extra_strata)
        },
        "scenarios": [
            {
                "id": s.id,
                "nom": s.name,
                "min": s.min_indicators,
                "max": s.max_indicators,
                "prestations": [p.id for p in s.prestations],
            }
            for s in guidance.scenarios
        ],
        "prestations": {p.id: _prestation(p) for p in guidance.prestations},
        "prestations_par_cas": prestation_cases(guidance),
        "fonctions": {f.id: {"nom": f.name} for f in guidance.functions},
        "propositions": table,
        "acteurs": {actor_id: _actor(cited[actor_id]) for actor_id in sorted(cited)},
        "locaux": local,
        "urgence": urgent(guidance, territory),
    }


def _prestation(prestation: Any) -> dict[str, Any]:
    tariff = prestation.tariff()
    return {
        "nom": prestation.name,
        "limites": list(prestation.limits),
        "tarif": {"annee": tariff.year, "montant": tariff.amount, "unite": tariff.unit},
        "exceptions": list(prestation.exceptions),
    }


def index_data(guidance: Guidance) -> dict[str, Any]:
    return {
        "version": guidance.programme.data_version,
        "territoires": [
            {
                "id": t.id,
                "nom": t.name,
                "codes_postaux": list(t.postcodes()),
                "communes": [c.name for c in t.communes],
            }
            for t in guidance.territories
        ],
        "periodes": [{"id": p.id, "nom": p.name} for p in guidance.periods],
        "indicateurs": indicators(guidance),
        "strates": [{"id": s.id, "nom": s.name} for s in guidance.strata],
    }


def assistant_files(guidance: Guidance) -> dict[str, str]:
    """`data/territoires.json` and `data/<territory>.json`, compact and deterministic."""

    def dump(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=False) + "\n"

    files = {"data/territoires.json": dump(index_data(guidance))}
    for territory in guidance.territories:
        files[f"data/{territory.id}.json"] = dump(territory_data(guidance, territory))
    return files
