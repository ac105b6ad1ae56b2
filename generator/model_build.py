"""Build the immutable `Guidance` from validated YAML data (see `model.py` for the objects)."""

from __future__ import annotations

from types import MappingProxyType

from . import logigram, model_territories
from .load import LoadedDataset
from .model import (
    Activity,
    ActorType,
    BibIndicator,
    Carrier,
    Dispositif,
    EntryDoorCell,
    EntryDoorRow,
    EntryDoorTable,
    Function,
    Guidance,
    KceIndicator,
    KeyMoment,
    MappingCell,
    MappingRow,
    Period,
    Prestation,
    Principle,
    Programme,
    Scenario,
    SixW,
    SourcedText,
    Strategy,
    Suite,
    Table,
    Tariff,
    Vignette,
    as_sources,
    freeze,
)


def _sourced(data: dict | None) -> SourcedText | None:
    if not data:
        return None
    return SourcedText(data["text"], as_sources(data.get("source")), data.get("note"))


def _sixw(data: dict | None) -> SixW | None:
    return SixW(**data) if data else None


def _tables(items: list | None) -> tuple[Table, ...]:
    return tuple(
        Table(
            t["title"],
            tuple(t["columns"]),
            tuple(tuple(row) for row in t["rows"]),
            tuple(t.get("notes", ())),
            as_sources(t.get("source")),
        )
        for t in items or ()
    )


def _programme(data: dict) -> Programme:
    target = data["target_group"]
    return Programme(
        title=data["title"],
        short_title=data["short_title"],
        data_version=data["data_version"],
        data_date=data["data_date"],
        summary=data["summary"],
        target_group=SourcedText(target["text"], as_sources(target["source"])),
        target_groups=tuple(target.get("groups", ())),
        objectives=tuple(_sourced(o) for o in data["objectives"]),
        principles=tuple(
            Principle(p["id"], p["name"], p["text"], as_sources(p["source"])) for p in data["principles"]
        ),
        programme_principles=tuple(_sourced(p) for p in data.get("programme_principles", ())),
        context=_sourced(data.get("context")),
        source_names=tuple((s["file"], s.get("short_title") or s["title"]) for s in data.get("sources", ())),
    )


def _period(data: dict) -> Period:
    moments = tuple(
        KeyMoment(
            m["id"], m["name"], m.get("description"), bool(m.get("transition")), as_sources(m["source"])
        )
        for m in data["key_moments"]
    )
    activities = tuple(
        Activity(
            a["id"],
            a["letter"],
            a["title"],
            a.get("text"),
            MappingProxyType(dict(a.get("regional", {}))),
            as_sources(a["source"]),
        )
        for a in data.get("activities", ())
    )
    return Period(
        data["id"],
        data["name"],
        data["span"],
        data["order"],
        data["description"],
        moments,
        activities,
        as_sources(data["source"]),
    )


def _dispositif(data: dict, strategy: str, parent: str | None) -> Dispositif:
    return Dispositif(
        id=data["id"],
        name=data["name"],
        strategy_id=strategy,
        parent_id=parent,
        sixw=_sixw(data["sixw"]),
        enjeux=data.get("enjeux"),
        tables=_tables(data.get("tables")),
        sous_dispositifs=tuple(
            _dispositif(d, strategy, data["id"]) for d in data.get("sous_dispositifs", ())
        ),
        sources=as_sources(data["source"]),
    )


def _strategy(data: dict) -> Strategy:
    return Strategy(
        id=data["id"],
        name=data["name"],
        order=data["order"],
        sixw=_sixw(data["sixw"]),
        enjeux=data.get("enjeux"),
        tables=_tables(data.get("tables")),
        dispositifs=tuple(_dispositif(d, data["id"], None) for d in data["dispositifs"]),
        sources=as_sources(data["source"]),
    )


def _actor_type(data: dict) -> ActorType:
    return ActorType(
        data["id"],
        data["name"],
        data.get("plural"),
        tuple(data.get("aliases", ())),
        data["category"],
        data.get("description"),
        as_sources(data["source"]),
    )


def _merge(first: tuple, second: tuple) -> tuple:
    return first + tuple(x for x in second if x not in first)


class _Builder:
    def __init__(self, dataset: LoadedDataset) -> None:
        self.dataset = dataset
        # the kinds of a single file (programme, strata…); strategies, territories… are read with `of_kind`
        self.data = {f.kind.name: f.data for f in dataset.files if "*" not in f.kind.pattern}
        self.strategy_data = sorted((f.data for f in dataset.of_kind("strategy")), key=lambda d: d["order"])

    def build(self) -> Guidance:
        d = self.data
        strata_file = d["strata"]
        self.strata = {
            s["id"]: model_territories.stratum(s)
            for s in sorted(strata_file["strata"], key=lambda s: s["order"])
        }
        self.periods = {
            p["id"]: _period(p) for p in sorted(d["periods"]["periods"], key=lambda p: p["order"])
        }
        self.types = {t["id"]: _actor_type(t) for t in d["actor-types"]["types"]}
        self.strategies = {s["id"]: _strategy(s) for s in self.strategy_data}
        self.dispositifs = {x.id: x for s in self.strategies.values() for x in s.all_dispositifs()}
        self.functions = {f["id"]: self._function(f) for f in d["functions"]["functions"]}
        kce = {
            k["id"]: KceIndicator(k["id"], k["name"], k["description"], as_sources(k["source"]))
            for k in d["indicators"]["kce"]
        }
        prestations = {p["id"]: self._prestation(p) for p in d["prestations"]["prestations"]}
        risk = strata_file.get("risk_factors", {}).get("items", ())
        territories, actors = model_territories.build(
            self.dataset,
            model_territories.Lookups(
                self.strata,
                self.periods,
                self.types,
                self.functions,
                self.dispositifs,
                self.strategies,
                prestations,
            ),
        )
        return Guidance(
            programme=_programme(d["programme"]),
            strata=tuple(self.strata.values()),
            strata_intro=_sourced(strata_file.get("intro")),
            strata_enjeux=_sourced(strata_file.get("enjeux")),
            risk_factors=tuple(r["text"] for r in risk),
            periods=tuple(self.periods.values()),
            strategies=tuple(self.strategies.values()),
            entry_doors=self._entry_doors(d["entry-doors"]),
            functions=tuple(self.functions.values()),
            kce_indicators=tuple(kce.values()),
            bib_indicators=tuple(
                BibIndicator(
                    b["id"],
                    b["number"],
                    b["name"],
                    kce.get(b["kce"]) if b["kce"] else None,
                    b.get("note"),
                    as_sources(b["source"]),
                )
                for b in sorted(d["indicators"]["bib"], key=lambda b: b["number"])
            ),
            scenarios=tuple(
                self._scenario(s, prestations)
                for s in sorted(d["scenarios"]["scenarios"], key=lambda s: s["min_indicators"])
            ),
            prestations=tuple(prestations.values()),
            vignettes=tuple(self._vignette(v) for v in d["vignettes"]["vignettes"]),
            actor_types=tuple(self.types.values()),
            mapping=tuple(self._mapping_row(r, d["mapping"]["strata"]) for r in d["mapping"]["rows"]),
            method=freeze(d["method"]),
            enjeux_cles=freeze(d.get("enjeux-cles", {})),
            routing=freeze(d.get("routing", {})),
            needs=freeze(d.get("needs", {})),
            territories=territories,
            actors=actors,
            logigram=logigram.build(d["logigram"]),
            territory_logigrams=MappingProxyType(
                {
                    f.data["territory"]: logigram.build(logigram.merge(d["logigram"], f.data))
                    for f in self.dataset.of_kind("logigram-override")
                }
            ),
        )

    def _function(self, f: dict) -> Function:
        return Function(
            id=f["id"],
            name=f["name"],
            dispositif=self.dispositifs[f["dispositif"]],
            target_strata=tuple(self.strata[s] for s in f["target_strata"]),
            summary=f["summary"],
            missions=tuple(f["missions"]),
            specific_missions=tuple(f.get("specific_missions", ())),
            carried_by=tuple(
                Carrier(
                    c["text"],
                    tuple(self.types[t] for t in c["actor_types"]),
                    tuple(self.strata[s] for s in c.get("strata", ())),
                )
                for c in f["carried_by"]
            ),
            sixw=_sixw(f.get("sixw")),
            enjeux=f.get("enjeux"),
            sources=as_sources(f["source"]),
        )

    def _prestation(self, p: dict) -> Prestation:
        return Prestation(
            id=p["id"],
            name=p["name"],
            short_name=p.get("short_name", p["name"]),
            description=p["description"],
            scenario_ids=tuple(p["scenarios"]),
            attested_by=tuple(p["attested_by"]),
            attested_by_types=tuple(self.types[t] for t in p.get("attested_by_types", ())),
            periods=tuple(self.periods[x] for x in p.get("periods", ())),
            limits=tuple(p["limits"]),
            max_count=p.get("max_count"),
            per=p.get("per"),
            billing_rules=tuple(p.get("billing_rules", ())),
            exceptions=tuple(p.get("exceptions", ())),
            tariffs=tuple(
                Tariff(t["year"], float(t["amount"]), t["unit"], as_sources(t["source"]))
                for t in p["tariffs"]
            ),
            sources=as_sources(p["source"]),
        )

    def _scenario(self, s: dict, prestations: dict) -> Scenario:
        return Scenario(
            s["id"],
            s["name"],
            s["min_indicators"],
            s.get("max_indicators"),
            s["description"],
            tuple(s.get("activities", ())),
            tuple(prestations[p] for p in s["prestations"]),
            as_sources(s["source"]),
        )

    def _vignette(self, v: dict) -> Vignette:
        period = self.periods.get(v.get("period", ""))
        suites = tuple(
            Suite(x["id"], x["title"], x["text"], self.periods.get(x.get("period", "")))
            for x in v.get("suites", ())
        )
        return Vignette(
            v["id"], v["title"], v.get("town"), period, v["text"], suites, as_sources(v["source"])
        )

    def _entry_doors(self, data: dict) -> EntryDoorTable:
        rows = []
        for row in data["rows"]:
            cells, previous = [], ()
            for cell in row["cells"]:
                listed = tuple(self.types[t] for t in cell["actor_types"])
                effective = _merge(previous, listed) if cell.get("idem") else listed
                cells.append(EntryDoorCell(cell["text"], bool(cell.get("idem")), listed, effective))
                previous = effective
            rows.append(EntryDoorRow(self.dispositifs[row["door"]], row["label"], tuple(cells)))
        columns = tuple((c["label"], tuple(self.strata[s] for s in c["strata"])) for c in data["columns"])
        return EntryDoorTable(columns, tuple(rows), as_sources(data["source"]))

    def _mapping_row(self, row: dict, columns: list[str]) -> MappingRow:
        cells, types, functions = [], (), ()
        for stratum_id in columns:
            cell = row["cells"][stratum_id]
            listed = tuple(self.types[t] for t in cell.get("actor_types", ()))
            listed_functions = tuple(self.functions[f] for f in cell.get("functions", ()))
            if cell.get("none"):
                types, functions = (), ()
            elif cell.get("idem"):
                types, functions = _merge(types, listed), _merge(functions, listed_functions)
            elif not cell.get("continues"):
                types, functions = listed, listed_functions
            cells.append(
                MappingCell(
                    self.strata[stratum_id],
                    cell.get("text", ""),
                    listed,
                    listed_functions,
                    bool(cell.get("idem")),
                    bool(cell.get("continues")),
                    bool(cell.get("none")),
                    cell.get("note"),
                    types,
                    functions,
                )
            )
        strategy = self.strategies[row["strategy"]]
        return MappingRow(
            strategy,
            self.dispositifs.get(row.get("dispositif") or ""),
            self.dispositifs.get(row.get("sous_dispositif") or ""),
            row["label"],
            tuple(cells),
            row.get("note"),
            as_sources(row.get("source")),
        )


def build(dataset: LoadedDataset) -> Guidance:
    return _Builder(dataset).build()
