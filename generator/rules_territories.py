"""Validation pass 3, territories and actors: where actors serve, the territories' choices, stale records."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import PurePosixPath

from .diagnostics import Diagnostic, nearest
from .fixed_ids import BASE_STRATA, FIXED_IDS
from .layout import REGIONS
from .load import LoadedDataset, SourceFile, located

STALE_AFTER = timedelta(days=365)


def actor_territories(source: SourceFile, territories: dict[str, dict]) -> list[str]:
    """The territories an actor serves: explicit, else its folder (a territory, or every territory of a region)."""
    if source.data.get("territories"):
        return list(source.data["territories"])
    folder = PurePosixPath(source.rel).parent.name
    if folder in territories:
        return [folder]
    return sorted(t for t, data in territories.items() if data["region"] == folder)


def check(dataset: LoadedDataset, today: date) -> Iterator[Diagnostic]:
    territory_files = dataset.of_kind("territory")
    territories = {f.data["id"]: f.data for f in territory_files}
    # territories whose file has errors (withheld from the rules): named after their file, `<id>.yaml`
    unsure = {PurePosixPath(rel).stem for rel in dataset.withheld if rel.startswith("content/territories/")}
    if dataset.within_withheld("content/territories"):  # the whole folder could not be read
        unsure = {PurePosixPath(a.rel).parent.name for a in dataset.of_kind("actor")} | set(REGIONS)
    served: dict[str, list[str]] = {}
    places: dict[tuple[str, ...], _Places] = {}  # many actors serve the same territories
    for source in territory_files:
        yield from named_after_file(source)
        yield from _stale(source, today)
    for source in dataset.of_kind("actor"):
        yield from named_after_file(source)
        if not _serves_unsure(source, unsure):
            yield from _actor_folder(source, territories)
        ids = served[source.data["id"]] = actor_territories(source, territories)
        known = tuple(t for t in ids if t in territories)
        if known not in places:
            places[known] = _places([territories[t] for t in known])
        if not _serves_unsure(source, unsure):
            yield from _service_area(source, places[known])
        yield from _stale(source, today)
        yield from _reachable(source)
    for source in territory_files:
        yield from _choices(source, served)


def _serves_unsure(source: SourceFile, unsure: set[str]) -> bool:
    """Whether the actor may serve a territory whose file has errors: its places are then not known."""
    if not unsure:
        return False
    folder = PurePosixPath(source.rel).parent.name
    explicit = source.data.get("territories")
    if folder in unsure or (explicit and unsure & set(explicit)):
        return True
    return not explicit and folder in REGIONS  # every territory of its region: one of them may be unsure


def named_after_file(source: SourceFile) -> Iterator[Diagnostic]:
    """The rule of the files named after the id they declare (`<id>.yaml`): strategies, territories, actors."""
    stem = PurePosixPath(source.rel).stem
    if source.data["id"] != stem:
        yield located(
            source,
            ("id",),
            "identifiant-nom-de-fichier",
            f"l'identifiant « {source.data['id']} » ne correspond pas au nom du fichier « {stem}.yaml »",
            f"renommez le fichier en « {source.data['id']}.yaml » ou corrigez l'identifiant",
        )


def _actor_folder(source: SourceFile, territories: dict[str, dict]) -> Iterator[Diagnostic]:
    folder = PurePosixPath(source.rel).parent.name
    if folder not in territories and folder not in REGIONS:
        known = sorted(territories) + list(REGIONS)
        near = nearest(folder, known)
        yield located(
            source,
            ("id",),
            "acteur-dossier",
            f"le dossier « actors/{folder}/ » n'est ni un territoire ni une région",
            f"vouliez-vous dire « {near} » ?" if near else "dossiers permis : " + ", ".join(known),
        )
        return
    region = territories[folder]["region"] if folder in territories else folder
    for i, territory in enumerate(source.data.get("territories", [])):
        if territory in territories and territories[territory]["region"] != region:
            yield located(
                source,
                ("territories", i),
                "acteur-hors-region",
                f"le territoire « {territory} » n'est pas dans la région du dossier « {folder} »",
                "rangez la fiche dans le dossier de sa région, ou retirez ce territoire",
            )


@dataclass(frozen=True)
class _Places:
    """What a set of territories covers, for the actors that serve exactly that set."""

    communes: dict[str, str]  # casefolded French or Dutch name → French name
    postcodes: set[str]
    names: str  # the territories' ids, for messages


def _places(territories: list[dict]) -> _Places:
    communes: dict[str, str] = {}
    postcodes: set[str] = set()
    for territory in territories:
        for commune in territory["communes"]:
            for name in (commune["name"], commune.get("name_nl")):
                if name:
                    communes[name.casefold()] = commune["name"]
            postcodes.update(commune["postcodes"])
            for section in commune.get("sections", ()):
                postcodes.update(section["postcodes"])
    return _Places(communes, postcodes, ", ".join(t["id"] for t in territories))


def _service_area(source: SourceFile, places: _Places) -> Iterator[Diagnostic]:
    area = source.data.get("service_area") or {}
    communes, postcodes, names = places.communes, places.postcodes, places.names
    for i, commune in enumerate(area.get("communes", [])):
        if commune.casefold() not in communes:
            near = nearest(commune, sorted(set(communes.values())))
            yield located(
                source,
                ("service_area", "communes", i),
                "commune-hors-territoire",
                f"la commune « {commune} » n'appartient pas aux territoires desservis ({names or 'aucun'})",
                f"vouliez-vous dire « {near} » ?"
                if near
                else "écrivez le nom français tel que dans la fiche territoire",
            )
    for i, postcode in enumerate(area.get("postcodes", [])):
        if postcode not in postcodes:
            yield located(
                source,
                ("service_area", "postcodes", i),
                "commune-hors-territoire",
                f"le code postal {postcode} n'appartient pas aux territoires desservis ({names or 'aucun'})",
            )


def _stale(source: SourceFile, today: date) -> Iterator[Diagnostic]:
    verified = date.fromisoformat(source.data["last_verified"])
    if verified > today:
        yield future_date(source, ("last_verified",), verified, today)
    elif today - verified > STALE_AFTER:
        months = (today - verified).days // 30
        yield located(
            source,
            ("last_verified",),
            "fiche-ancienne",
            f"fiche vérifiée pour la dernière fois le {verified.isoformat()}, il y a {months} mois",
            "revérifiez les informations auprès de la source, puis mettez à jour « last_verified »",
            warning=True,
        )


def future_date(source: SourceFile, path: tuple, when: date, today: date) -> Diagnostic:
    """A date of verification or update later than today: a typo, or a record not checked yet."""
    return located(
        source,
        path,
        "date-future",
        f"la date {when.isoformat()} est dans le futur (aujourd'hui : {today.isoformat()})",
        "écrivez la date à laquelle l'information a réellement été vérifiée (AAAA-MM-JJ)",
    )


def _reachable(source: SourceFile) -> Iterator[Diagnostic]:
    data = source.data
    address = data.get("address") or {}
    public_address = address and not address.get("confidential")
    if not data.get("generic") and not (
        data.get("phones") or data.get("email") or data.get("website") or public_address
    ):
        yield located(
            source,
            ("id",),
            "acteur-injoignable",
            f"aucun moyen de joindre « {data['name']} » (ni téléphone, ni e-mail, ni site, ni adresse publique)",
            "ajoutez un contact tiré d'une source publique, ou marquez « generic: true » pour un rôle générique",
            warning=True,
        )


def _choices(source: SourceFile, served: dict[str, list[str]]) -> Iterator[Diagnostic]:
    territory = source.data["id"]
    for i, choice in enumerate(source.data["choices"]):
        for j, item in enumerate(choice["actors"]):
            actor = item.get("actor")
            if actor in served and territory not in served[actor]:
                yield located(
                    source,
                    ("choices", i, "actors", j, "actor"),
                    "choix-acteur-hors-territoire",
                    f"l'acteur « {actor} » ne dessert pas le territoire « {territory} »",
                    "choisissez un acteur du territoire, ou ajoutez ce territoire à « territories » dans la fiche de l'acteur",
                )
    strata = [*BASE_STRATA, *(s["id"] for s in source.data.get("strata", ()))]
    covered = {(c["function"], c["stratum"]) for c in source.data["choices"]}
    gaps = [f"{f} × {s}" for f in FIXED_IDS["function"] for s in strata if (f, s) not in covered]
    if gaps:
        yield located(
            source,
            ("choices",),
            "choix-manquant",
            f"{len(gaps)} case(s) fonction × strate sans acteur choisi (lacunes) : {', '.join(gaps)}",
            "ajoutez un choix « function: … / stratum: … / actors: […] » par case, ou laissez les lacunes signalées"
            " (elles figurent dans « balises report » et sur la page du territoire)",
            warning=True,
        )
