"""Stage 3 — the model: immutable objects with every reference resolved.

Built only from a dataset that passed validation (`build_model` trusts the shapes the schemas guarantee).
Rendering reads this model, never YAML.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from .load import LoadedDataset

if TYPE_CHECKING:  # logigram.py imports this module
    from .logigram import Logigram

Text = str | None


def as_sources(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


@dataclass(frozen=True)
class SourcedText:
    text: str
    sources: tuple[str, ...]
    note: Text = None


@dataclass(frozen=True)
class SixW:
    what: str
    who: Text = None
    why: Text = None
    which: Text = None
    where: Text = None
    when: Text = None


@dataclass(frozen=True)
class Table:
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    notes: tuple[str, ...]
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Principle:
    id: str
    name: str
    text: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Programme:
    title: str
    short_title: str
    data_version: str
    data_date: str
    summary: str
    target_group: SourcedText
    target_groups: tuple[str, ...]
    objectives: tuple[SourcedText, ...]
    principles: tuple[Principle, ...]
    programme_principles: tuple[SourcedText, ...]
    context: SourcedText | None
    # source file → its name in words (`short_title`, else `title`), for exports read outside the site
    source_names: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Stratum:
    id: str
    name: str
    short_name: str
    order: int
    description: str
    characteristics: tuple[str, ...]
    sources: tuple[str, ...]


@dataclass(frozen=True)
class KeyMoment:
    id: str
    name: str
    description: Text
    transition: bool
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Activity:
    id: str
    letter: str
    title: str
    text: Text
    regional: Mapping[str, str]
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Period:
    id: str
    name: str
    span: str
    order: int
    description: str
    key_moments: tuple[KeyMoment, ...]
    activities: tuple[Activity, ...]
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Dispositif:
    id: str
    name: str
    strategy_id: str
    parent_id: str | None
    sixw: SixW
    enjeux: Text
    tables: tuple[Table, ...]
    sous_dispositifs: tuple[Dispositif, ...]
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Strategy:
    id: str
    name: str
    order: int
    sixw: SixW
    enjeux: Text
    tables: tuple[Table, ...]
    dispositifs: tuple[Dispositif, ...]
    sources: tuple[str, ...]

    def all_dispositifs(self) -> tuple[Dispositif, ...]:
        """Dispositifs and sous-dispositifs, depth first."""
        found: list[Dispositif] = []

        def walk(items: tuple[Dispositif, ...]) -> None:
            for item in items:
                found.append(item)
                walk(item.sous_dispositifs)

        walk(self.dispositifs)
        return tuple(found)


@dataclass(frozen=True)
class ActorType:
    id: str
    name: str
    plural: Text
    aliases: tuple[str, ...]
    category: str
    description: Text
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Carrier:
    text: str
    actor_types: tuple[ActorType, ...]
    strata: tuple[Stratum, ...]


@dataclass(frozen=True)
class Function:
    id: str
    name: str
    dispositif: Dispositif
    target_strata: tuple[Stratum, ...]
    summary: str
    missions: tuple[str, ...]
    specific_missions: tuple[str, ...]
    carried_by: tuple[Carrier, ...]
    sixw: SixW | None
    enjeux: Text
    sources: tuple[str, ...]


@dataclass(frozen=True)
class KceIndicator:
    id: str
    name: str
    description: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class BibIndicator:
    id: str
    number: int
    name: str
    kce: KceIndicator | None
    note: Text
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Tariff:
    year: int
    amount: float
    unit: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Prestation:
    id: str
    name: str
    short_name: str
    description: str
    scenario_ids: tuple[str, ...]
    attested_by: tuple[str, ...]
    attested_by_types: tuple[ActorType, ...]
    periods: tuple[Period, ...]
    limits: tuple[str, ...]
    max_count: int | None
    per: Text
    billing_rules: tuple[str, ...]
    exceptions: tuple[str, ...]
    tariffs: tuple[Tariff, ...]
    sources: tuple[str, ...]

    def tariff(self, year: int | None = None) -> Tariff:
        """The tariff of `year`, or the latest known one."""
        by_year = sorted(self.tariffs, key=lambda t: t.year)
        if year is None:
            return by_year[-1]
        earlier = [t for t in by_year if t.year <= year]
        return earlier[-1] if earlier else by_year[0]


@dataclass(frozen=True)
class Scenario:
    id: str
    name: str
    min_indicators: int
    max_indicators: int | None
    description: str
    activities: tuple[str, ...]
    prestations: tuple[Prestation, ...]
    sources: tuple[str, ...]

    def covers(self, count: int) -> bool:
        return count >= self.min_indicators and (self.max_indicators is None or count <= self.max_indicators)


@dataclass(frozen=True)
class Suite:
    id: str
    title: str
    text: str
    period: Period | None


@dataclass(frozen=True)
class Vignette:
    id: str
    title: str
    town: Text
    period: Period | None
    text: str
    suites: tuple[Suite, ...]
    sources: tuple[str, ...]


@dataclass(frozen=True)
class EntryDoorCell:
    text: str
    idem: bool
    actor_types: tuple[ActorType, ...]  # as listed in the cell
    effective_types: tuple[ActorType, ...]  # « Idem » resolved


@dataclass(frozen=True)
class EntryDoorRow:
    door: Dispositif
    label: str
    cells: tuple[EntryDoorCell, ...]


@dataclass(frozen=True)
class EntryDoorTable:
    columns: tuple[tuple[str, tuple[Stratum, ...]], ...]  # (label, strata)
    rows: tuple[EntryDoorRow, ...]
    sources: tuple[str, ...]


@dataclass(frozen=True)
class MappingCell:
    stratum: Stratum
    text: str
    listed_types: tuple[ActorType, ...]
    functions: tuple[Function, ...]
    idem: bool
    continues: bool
    none: bool
    note: Text
    effective_types: tuple[ActorType, ...]  # merged cells, « Idem » and « / » resolved
    effective_functions: tuple[Function, ...]


@dataclass(frozen=True)
class MappingRow:
    strategy: Strategy
    dispositif: Dispositif | None
    sous_dispositif: Dispositif | None
    label: str
    cells: tuple[MappingCell, ...]
    note: Text
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Address:
    street: Text
    postal_code: Text
    city: str
    confidential: bool
    source: Text = None  # the page the address was read on
    checked: Text = None  # when (AAAA-MM-JJ)


@dataclass(frozen=True)
class Phone:
    """A phone number read on a public page: the page (`source`) and the day it was read (`checked`)."""

    number: str
    label: Text
    hours: Text
    source: Text
    checked: Text

    @property
    def tel(self) -> str:
        """The number for a `tel:` link (`dial`)."""
        return dial(self.number)

    def as_json(self) -> dict[str, str]:
        """The phone in the answers' JSON (route --json, the assistant's data): its filled fields only."""
        fields = (
            ("numero", self.number),
            ("tel", self.tel),
            ("libelle", self.label),
            ("heures", self.hours),
            ("source", self.source),
            ("verifie", self.checked),
        )
        return {key: value for key, value in fields if value}


def dial(number: str) -> str:
    """What a `tel:` link dials: the ASCII digits of the number as written, and a leading `+`."""
    shown = number.strip()
    return ("+" if shown.startswith("+") else "") + "".join(c for c in shown if c.isascii() and c.isdigit())


@dataclass(frozen=True)
class Referral:
    """Who may refer to the actor, whether the family may go alone, what to send; where it was read."""

    who_may_refer: Text
    family_may_go_alone: bool | None
    send_what: Text
    source: Text
    checked: Text


# « Comment orienter », in the order the actor page shows them: field → heading (HSDS names where HSDS has them)
ORIENTATION_FIELDS = {
    "application_process": "Démarche",
    "eligibility_description": "Pour qui",
    "fees_description": "Coût",
    "required_documents": "À apporter",
    "interpreting": "Langues et interprétariat",
    "accessibility": "Comment s'y rendre",
    "wait_time": "Délai d'attente",
}


@dataclass(frozen=True)
class Sourced:
    """A contact detail other than a phone (an e-mail address, opening hours, a contact page), where it was read
    and when."""

    value: str
    source: Text
    checked: Text


@dataclass(frozen=True)
class Actor:
    """An organisation or service (or a generic, type-level entry), with the territories it serves resolved."""

    id: str
    name: str
    name_nl: Text
    alternate_name: Text
    types: tuple[ActorType, ...]
    generic: bool
    territory_ids: tuple[str, ...]
    area_communes: tuple[str, ...]  # communes named in service_area (empty: the whole territory)
    area_postcodes: tuple[str, ...]
    address: Address | None
    phones: tuple[Phone, ...]
    email: Sourced | None  # value: the address
    hours: Sourced | None  # value: the opening hours, in words
    contact_page: Sourced | None  # value: the page's URL
    contacts_not_found: Text
    website: Text
    referral: Referral | None
    orientation: Mapping[str, Sourced]  # ORIENTATION_FIELDS present, in that order
    languages: tuple[str, ...]
    functions: tuple[Function, ...]
    strata: tuple[Stratum, ...]
    periods: tuple[Period, ...]
    dispositifs: tuple[Dispositif, ...]
    strategies: tuple[Strategy, ...]  # declared, plus those of its dispositifs
    bib_role: Text
    prestations: tuple[Prestation, ...]
    access: Mapping[str, Any]
    capacity: Mapping[str, Any]
    description: str
    last_verified: str
    sources: tuple[str, ...]
    folder: str

    @property
    def public_address(self) -> Address | None:
        return self.address if self.address and not self.address.confidential else None

    @property
    def one_line_contact(self) -> tuple[Text, tuple[str, str] | None]:
        """What a one-line listing shows after the name: the public street, and the first phone
        (`("phone", number)`) or else the e-mail (`("email", address)`), whatever the data has."""
        street = self.public_address.street if self.public_address else None
        if self.phone:
            return street, ("phone", self.phone)
        if self.email_address:
            return street, ("email", self.email_address)
        return street, None

    @property
    def phone(self) -> Text:
        """The first phone number, if any (the one a one-line listing shows)."""
        return self.phones[0].number if self.phones else None

    @property
    def email_address(self) -> Text:
        return self.email.value if self.email else None

    @property
    def reachable(self) -> bool:
        return bool(self.phones or self.email or self.website or self.public_address)

    @property
    def sourced_contact(self) -> bool:
        """A phone or an e-mail address read on a cited page: a professional can call or write today."""
        return any(p.source for p in self.phones) or bool(self.email and self.email.source)

    @property
    def saturated(self) -> bool:
        return bool(self.capacity.get("saturated"))


@dataclass(frozen=True)
class CommuneSection:
    name: str
    name_nl: Text
    postcodes: tuple[str, ...]


@dataclass(frozen=True)
class Commune:
    name: str
    name_nl: Text
    postcodes: tuple[str, ...]
    whole: bool
    sections: tuple[CommuneSection, ...]
    note: Text

    def all_postcodes(self) -> tuple[str, ...]:
        extra = tuple(p for s in self.sections for p in s.postcodes if p not in self.postcodes)
        return self.postcodes + extra


@dataclass(frozen=True)
class ChoiceItem:
    """One proposal of a choice: a named actor, or an actor type (« any sage-femme »)."""

    actor: Actor | None
    actor_type: ActorType | None
    note: Text


@dataclass(frozen=True)
class Choice:
    function: Function
    stratum: Stratum
    periods: tuple[Period, ...]  # empty: every period
    items: tuple[ChoiceItem, ...]
    note: Text

    def applies_to(self, period_id: str | None) -> bool:
        return not self.periods or period_id is None or any(p.id == period_id for p in self.periods)


@dataclass(frozen=True)
class Territory:
    id: str
    name: str
    name_nl: Text
    region: str
    meso_body: str
    meso_actor: Actor | None
    website: Text
    contact_email: Text
    draft: bool
    communes: tuple[Commune, ...]
    extra_strata: tuple[Stratum, ...]
    choices: tuple[Choice, ...]
    note: Text
    last_verified: str
    sources: tuple[str, ...]
    need_choices: Mapping[str, tuple[Actor, ...]] = field(
        default_factory=dict
    )  # need id → local actors first

    def postcodes(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for commune in self.communes:
            seen.update(dict.fromkeys(commune.all_postcodes()))
        return tuple(seen)

    def choices_for(self, function_id: str, stratum_id: str, period_id: str | None) -> tuple[Choice, ...]:
        """The choices for a function × stratum that apply in a period (None: any), in the territory's order."""
        return tuple(
            c
            for c in self.choices
            if c.function.id == function_id and c.stratum.id == stratum_id and c.applies_to(period_id)
        )


@dataclass(frozen=True)
class Guidance:
    """The whole generic guidance, references resolved, with lookups by id."""

    programme: Programme
    strata: tuple[Stratum, ...]
    strata_intro: SourcedText | None
    strata_enjeux: SourcedText | None
    risk_factors: tuple[str, ...]
    periods: tuple[Period, ...]
    strategies: tuple[Strategy, ...]
    entry_doors: EntryDoorTable
    functions: tuple[Function, ...]
    kce_indicators: tuple[KceIndicator, ...]
    bib_indicators: tuple[BibIndicator, ...]
    scenarios: tuple[Scenario, ...]
    prestations: tuple[Prestation, ...]
    vignettes: tuple[Vignette, ...]
    actor_types: tuple[ActorType, ...]
    mapping: tuple[MappingRow, ...]
    method: Mapping[str, Any]
    enjeux_cles: Mapping[str, Any]
    territories: tuple[Territory, ...]
    actors: tuple[Actor, ...]
    logigram: Logigram
    territory_logigrams: Mapping[str, Logigram]  # territory id → the parcours with the territory's changes
    routing: Mapping[str, Any] = field(
        default_factory=dict
    )  # content/routing.yaml, as read (route.py reads it)
    needs: Mapping[str, Any] = field(default_factory=dict)  # content/needs.yaml, as read (needs.py reads it)

    def logigram_for(self, territory_id: str) -> Logigram:
        """The territory's logigram: the parcours with the territory's changes, if it has any."""
        return self.territory_logigrams.get(territory_id, self.logigram)

    def _lookup(self, items: tuple, wanted: str) -> Any:
        return next(item for item in items if item.id == wanted)

    def stratum(self, id_: str) -> Stratum:
        return self._lookup(self.strata, id_)

    def period(self, id_: str) -> Period:
        return self._lookup(self.periods, id_)

    def strategy(self, id_: str) -> Strategy:
        return self._lookup(self.strategies, id_)

    def function(self, id_: str) -> Function:
        return self._lookup(self.functions, id_)

    def actor_type(self, id_: str) -> ActorType:
        return self._lookup(self.actor_types, id_)

    def prestation(self, id_: str) -> Prestation:
        return self._lookup(self.prestations, id_)

    def scenario_for(self, indicator_count: int) -> Scenario:
        return next(s for s in self.scenarios if s.covers(indicator_count))

    def all_dispositifs(self) -> tuple[Dispositif, ...]:
        """Dispositifs and sous-dispositifs, strategy by strategy."""
        return tuple(d for s in self.strategies for d in s.all_dispositifs())

    def dispositif(self, id_: str) -> Dispositif:
        return self._lookup(self.all_dispositifs(), id_)

    def territory(self, id_: str) -> Territory:
        return self._lookup(self.territories, id_)

    @cached_property
    def _actors_by_territory(self) -> Mapping[str, tuple[Actor, ...]]:
        ordered = sorted(self.actors, key=lambda a: (a.generic, a.name.casefold()))
        index: dict[str, list[Actor]] = {}
        for actor in ordered:
            for territory_id in actor.territory_ids:
                index.setdefault(territory_id, []).append(actor)
        return {t: tuple(found) for t, found in index.items()}

    def actors_of(self, territory_id: str) -> tuple[Actor, ...]:
        """The actors serving a territory, named ones first, then by name (indexed once: renderers ask often)."""
        return self._actors_by_territory.get(territory_id, ())

    def territories_for_postcode(self, postcode: str) -> tuple[Territory, ...]:
        """Every territory a postcode may belong to (a postcode can be split between territories)."""
        return tuple(t for t in self.territories if postcode in t.postcodes())


def freeze(value: Any) -> Any:
    """Deep read-only copy of plain YAML data (for free-form sections such as the method)."""
    if isinstance(value, dict):
        return MappingProxyType({k: freeze(v) for k, v in value.items()})
    if isinstance(value, list):
        return tuple(freeze(v) for v in value)
    return value


def build_model(dataset: LoadedDataset) -> Guidance:
    from .model_build import build  # the builders live apart to keep this module a plain declaration

    return build(dataset)
