"""Build the territories and actors of the model (see `model.py`), references resolved."""

from __future__ import annotations

from dataclasses import dataclass, replace
from types import MappingProxyType

from .load import LoadedDataset, SourceFile
from .model import (
    ORIENTATION_FIELDS,
    Actor,
    ActorType,
    Address,
    Choice,
    ChoiceItem,
    Commune,
    CommuneSection,
    Dispositif,
    Function,
    Period,
    Phone,
    Prestation,
    Referral,
    Sourced,
    Strategy,
    Stratum,
    Territory,
    as_sources,
)
from .rules_territories import actor_territories


@dataclass(frozen=True)
class Lookups:
    """What the guidance part of the model already resolved, by id."""

    strata: dict[str, Stratum]
    periods: dict[str, Period]
    types: dict[str, ActorType]
    functions: dict[str, Function]
    dispositifs: dict[str, Dispositif]
    strategies: dict[str, Strategy]
    prestations: dict[str, Prestation]


def build(dataset: LoadedDataset, lookups: Lookups) -> tuple[tuple[Territory, ...], tuple[Actor, ...]]:
    territory_data = {f.data["id"]: f.data for f in dataset.of_kind("territory")}
    strata = dict(lookups.strata)
    for data in territory_data.values():
        for extra in data.get("strata", ()):
            strata[extra["id"]] = stratum(extra)
    lookups = replace(lookups, strata=strata)
    actors = {
        f.data["id"]: _actor(f, actor_territories(f, territory_data), lookups)
        for f in sorted(dataset.of_kind("actor"), key=lambda f: f.data["id"])
    }
    territories = tuple(_territory(data, actors, lookups) for _, data in sorted(territory_data.items()))
    return territories, tuple(actors.values())


def stratum(data: dict) -> Stratum:
    return Stratum(
        data["id"],
        data["name"],
        data["short_name"],
        data["order"],
        data["description"],
        tuple(data.get("characteristics", ())),
        as_sources(data["source"]),
    )


def _actor(source: SourceFile, territory_ids: list[str], lk: Lookups) -> Actor:
    data = source.data
    address = data.get("address")
    area = data.get("service_area") or {}
    dispositifs = tuple(lk.dispositifs[d] for d in data.get("dispositifs", ()))
    # declared first, then those of its dispositifs, each once
    strategy_ids = list(dict.fromkeys([*data.get("strategies", ()), *(d.strategy_id for d in dispositifs)]))
    return Actor(
        id=data["id"],
        name=data["name"],
        name_nl=data.get("name_nl"),
        alternate_name=data.get("alternate_name"),
        types=tuple(lk.types[t] for t in data["types"]),
        generic=bool(data.get("generic")),
        territory_ids=tuple(territory_ids),
        area_communes=tuple(area.get("communes", ())),
        area_postcodes=tuple(area.get("postcodes", ())),
        address=Address(
            address.get("street"),
            address.get("postal_code"),
            address["city"],
            bool(address.get("confidential")),
            address.get("source"),
            address.get("checked"),
        )
        if address
        else None,
        phones=tuple(
            Phone(p["number"], p.get("label"), p.get("hours"), p.get("source"), p.get("checked"))
            for p in data.get("phones", ())
        ),
        email=_sourced(data.get("email"), "address"),
        hours=_sourced(data.get("hours"), "text"),
        contact_page=_sourced(data.get("contact_page"), "url"),
        contacts_not_found=data.get("contacts_not_found"),
        website=data.get("website"),
        referral=_referral(data.get("referral")),
        orientation=MappingProxyType(
            {k: _sourced(data[k], "text") for k in ORIENTATION_FIELDS if data.get(k)}  # type: ignore[misc]
        ),
        languages=tuple(data.get("languages", ())),
        functions=tuple(lk.functions[f] for f in data.get("functions", ())),
        strata=tuple(lk.strata[s] for s in data.get("strata", ())),
        periods=tuple(lk.periods[p] for p in data.get("periods", ())),
        dispositifs=dispositifs,
        strategies=tuple(lk.strategies[s] for s in strategy_ids),
        bib_role=data.get("bib_role"),
        prestations=tuple(lk.prestations[p] for p in data.get("prestations", ())),
        access=MappingProxyType(dict(data.get("access", {}))),
        capacity=MappingProxyType(dict(data.get("capacity", {}))),
        description=data["description"],
        last_verified=data["last_verified"],
        sources=as_sources(data["source"]),
        folder=source.rel.split("/")[1],
    )


def _sourced(data: dict | None, key: str) -> Sourced | None:
    return Sourced(data[key], data.get("source"), data.get("checked") or None) if data else None


def _referral(data: dict | None) -> Referral | None:
    if not data:
        return None
    return Referral(
        data.get("who_may_refer"),
        data.get("family_may_go_alone"),
        data.get("send_what"),
        data.get("source"),
        data.get("checked"),
    )


def _territory(data: dict, actors: dict[str, Actor], lk: Lookups) -> Territory:
    communes = tuple(
        Commune(
            c["name"],
            c.get("name_nl"),
            tuple(c["postcodes"]),
            c["whole"],
            tuple(
                CommuneSection(s["name"], s.get("name_nl"), tuple(s["postcodes"]))
                for s in c.get("sections", ())
            ),
            c.get("note"),
        )
        for c in data["communes"]
    )
    choices = tuple(
        Choice(
            lk.functions[c["function"]],
            lk.strata[c["stratum"]],
            tuple(lk.periods[p] for p in c.get("periods", ())),
            tuple(
                ChoiceItem(actors.get(i.get("actor", "")), lk.types.get(i.get("type", "")), i.get("note"))
                for i in c["actors"]
            ),
            c.get("note"),
        )
        for c in data["choices"]
    )
    meso = data["meso_body"]
    return Territory(
        id=data["id"],
        name=data["name"],
        name_nl=data.get("name_nl"),
        region=data["region"],
        meso_body=meso["name"],
        meso_actor=actors.get(meso.get("actor", "")),
        website=data.get("website"),
        contact_email=data.get("contact_email"),
        draft=bool(data.get("draft")),
        communes=communes,
        extra_strata=tuple(lk.strata[s["id"]] for s in data.get("strata", ())),
        choices=choices,
        note=data.get("note"),
        last_verified=data["last_verified"],
        sources=as_sources(data["source"]),
        need_choices={
            n["need"]: tuple(actors[a] for a in n["actors"] if a in actors) for n in data.get("needs", ())
        },
    )
