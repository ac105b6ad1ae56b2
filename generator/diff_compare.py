"""What changed between two versions of a dataset: actors, territories and logigrams added, removed or changed.

Pure functions from two validated models to a `DatasetDiff` (frozen data); `DatasetDiff.to_dict` gives it to
tools (JSON, French keys), `diff.py` formats it for people. Everything is in a stable order: ids sorted, fields
and logigram parts in the order of the data. A territory's logigram reports only the changes it does not inherit
from the parcours (those are reported once, there). An address confidential in either version is reported as
changed, never shown (`shown_addresses`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import astuple, dataclass, fields, is_dataclass, replace
from typing import Any

from .export import actor_record
from .logigram import Edge, Logigram, Node
from .model import Actor, Address, Choice, Guidance, Territory, freeze

NODE_FIELDS = ("kind", "label", "description", "input", "stratum", "function", "dispositif", "show")
JSON_KEYS = {  # dataclass field → its key in `to_dict`
    **{"id": "id", "name": "nom", "field": "champ", "old": "avant", "new": "apres", "changes": "champs"},
    **{"actors_added": "acteurs_ajoutes", "actors_removed": "acteurs_retires"},
    **{"actors_changed": "acteurs_modifies", "territories_added": "territoires_ajoutes"},
    **{"territories_removed": "territoires_retires", "territories_changed": "territoires_modifies"},
    **{"logigrams": "logigrammes", "territory": "territoire", "communes_added": "communes_ajoutees"},
    **{"communes_removed": "communes_retirees", "meso_body": "organe_meso", "choices": "choix"},
    **{"function": "fonction", "stratum": "strate", "periods": "periodes", "kind": "nature"},
    **{"label": "libelle", "nodes_added": "noeuds_ajoutes", "nodes_removed": "noeuds_retires"},
    **{"nodes_changed": "noeuds_modifies", "edges_added": "fleches_ajoutees"},
    **{"edges_removed": "fleches_retirees", "source": "de", "target": "vers", "when": "quand"},
    **{"reevaluation": "reevaluation", "source_label": "libelle_de", "target_label": "libelle_vers"},
}


@dataclass(frozen=True)
class Change:
    field: str  # the YAML field name
    old: Any  # None when absent; lists as tuples, mappings read-only
    new: Any


@dataclass(frozen=True)
class Named:
    id: str  # an actor, a territory…; in a choice, the actor id or `type:<id>` (« any actor of this type »)
    name: str


@dataclass(frozen=True)
class Changed:
    """An actor or a logigram node present in both versions, with its fields that differ."""

    id: str
    name: str  # the new name (or node label)
    changes: tuple[Change, ...]

    @property
    def is_empty(self) -> bool:
        return not self.changes


@dataclass(frozen=True)
class ChoiceChange:
    function: Named
    stratum: Named
    periods: tuple[Named, ...]  # empty: every period
    old: tuple[Named, ...]  # the proposals in order; empty: a new choice
    new: tuple[Named, ...]  # empty: a choice withdrawn


@dataclass(frozen=True)
class TerritoryChange:
    id: str
    name: str
    communes_added: tuple[str, ...]  # « Name (postcodes) »; new postcodes: removed and added again
    communes_removed: tuple[str, ...]
    meso_body: Change | None  # values: Named(actor id or "", meso body name)
    choices: tuple[ChoiceChange, ...]

    @property
    def is_empty(self) -> bool:
        return not (self.communes_added or self.communes_removed or self.meso_body or self.choices)


@dataclass(frozen=True)
class NodeRef:
    id: str
    kind: str
    label: str


@dataclass(frozen=True)
class EdgeRef:
    source: str
    target: str
    label: str | None
    when: Any
    reevaluation: bool
    source_label: str  # the labels of its two nodes, for people
    target_label: str


@dataclass(frozen=True)
class LogigramDiff:
    territory: Named | None  # None: the parcours
    nodes_added: tuple[NodeRef, ...]
    nodes_removed: tuple[NodeRef, ...]
    nodes_changed: tuple[Changed, ...]
    edges_added: tuple[EdgeRef, ...]  # an edge whose label or condition changes is removed and added
    edges_removed: tuple[EdgeRef, ...]

    @property
    def is_empty(self) -> bool:
        return not any(getattr(self, f.name) for f in fields(self)[1:])


@dataclass(frozen=True)
class DatasetDiff:
    actors_added: tuple[Named, ...]
    actors_removed: tuple[Named, ...]
    actors_changed: tuple[Changed, ...]
    territories_added: tuple[Named, ...]
    territories_removed: tuple[Named, ...]
    territories_changed: tuple[TerritoryChange, ...]
    logigrams: tuple[LogigramDiff, ...]  # only those that changed: the parcours first, then territories by id

    @property
    def is_empty(self) -> bool:
        return not any(getattr(self, f.name) for f in fields(self))

    def summary(self) -> dict[str, int]:
        """How many of each kind of change, under the JSON keys (`acteurs_ajoutes`…)."""
        return {JSON_KEYS[f.name]: len(getattr(self, f.name)) for f in fields(self)}

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready, with French keys like the tool's other JSON outputs; `resume` holds the counts."""
        return {"resume": self.summary(), **_json(self)}


def diff(old: Guidance, new: Guidance) -> DatasetDiff:
    return DatasetDiff(
        *_compare(old.actors, new.actors, _actor),
        *_compare(old.territories, new.territories, _territory),
        _logigrams(old, new),
    )


def _by_id(items: tuple) -> dict[str, Any]:
    return {item.id: item for item in items}


def _compare(old: tuple, new: tuple, compare: Callable[[Any, Any], Any]) -> tuple[tuple, tuple, tuple]:
    """Those only in `new`, only in `old` (sorted by id), and what changed in those in both."""
    before, after = _by_id(old), _by_id(new)
    both = (compare(before[i], after[i]) for i in sorted(before.keys() & after.keys()))
    return (
        tuple(Named(i, after[i].name) for i in sorted(after.keys() - before.keys())),
        tuple(Named(i, before[i].name) for i in sorted(before.keys() - after.keys())),
        tuple(c for c in both if not c.is_empty),
    )


def field_changes(old: Mapping[str, Any], new: Mapping[str, Any]) -> tuple[Change, ...]:
    """The fields whose value differs, in the records' order (a field only in `old` after its predecessor there)."""
    keys = list(new)
    position = -1
    for key in old:
        if key not in keys:
            keys.insert(position + 1, key)
        position = keys.index(key)
    return tuple(Change(k, freeze(old.get(k)), freeze(new.get(k))) for k in keys if old.get(k) != new.get(k))


# An address that is confidential in either version is never shown, whatever the other version said.
CONFIDENTIAL = "confidentielle"
CONFIDENTIAL_CHANGED = "confidentielle (modifiée)"
HIDDEN = "masquée (confidentielle dans l'autre version)"


def shown_addresses(old: Address | None, new: Address | None) -> tuple[str | None, str | None] | None:
    """What the diff may say of each version's address, or None when neither is confidential."""
    if not ((old and old.confidential) or (new and new.confidential)):
        return None

    def shown(address: Address | None) -> str | None:
        return None if address is None else CONFIDENTIAL if address.confidential else HIDDEN

    before, after = shown(old), shown(new)
    return before, (CONFIDENTIAL_CHANGED if before == after and old != new else after)


def _record(actor: Actor, address: str | None) -> dict[str, Any]:
    """The actor's record with its address (if any) replaced by what the diff may say of it."""
    if actor.address is None:
        return actor_record(actor)
    record = actor_record(replace(actor, address=replace(actor.address, confidential=False)))  # in its place
    record["address"] = address
    return record


def _actor(old: Actor, new: Actor) -> Changed:
    masked = shown_addresses(old.address, new.address)
    if masked is None:
        return Changed(new.id, new.name, field_changes(actor_record(old), actor_record(new)))
    return Changed(new.id, new.name, field_changes(_record(old, masked[0]), _record(new, masked[1])))


def _items(choice: Choice | None) -> tuple[Named, ...]:
    if choice is None:
        return ()
    return tuple(
        Named(i.actor.id, i.actor.name) if i.actor else Named(f"type:{i.actor_type.id}", i.actor_type.name)  # type: ignore[union-attr]
        for i in choice.items
    )


def _choices(old: Territory, new: Territory) -> tuple[ChoiceChange, ...]:
    def key(c: Choice) -> tuple:
        return (c.function.id, c.stratum.id, tuple(p.id for p in c.periods))

    before, after = {key(c): c for c in old.choices}, {key(c): c for c in new.choices}
    found = []
    for k in dict.fromkeys([*after, *before]):  # the new order, then the withdrawn choices
        items_old, items_new = _items(before.get(k)), _items(after.get(k))
        if [i.id for i in items_old] != [i.id for i in items_new]:
            c = after.get(k) or before[k]
            function, stratum = (
                Named(c.function.id, c.function.name),
                Named(c.stratum.id, c.stratum.short_name),
            )
            periods = tuple(Named(p.id, p.name) for p in c.periods)
            found.append(ChoiceChange(function, stratum, periods, items_old, items_new))
    return tuple(found)


def _territory(old: Territory, new: Territory) -> TerritoryChange:
    def communes(t: Territory) -> list[str]:
        return [
            f"{c.name} ({', '.join(codes)})" if (codes := c.all_postcodes()) else c.name for c in t.communes
        ]

    def meso(t: Territory) -> Named:
        return Named(t.meso_actor.id if t.meso_actor else "", t.meso_body)

    before, after = communes(old), communes(new)
    return TerritoryChange(
        new.id,
        new.name,
        tuple(c for c in after if c not in before),
        tuple(c for c in before if c not in after),
        Change("meso_body", meso(old), meso(new)) if meso(old) != meso(new) else None,
        _choices(old, new),
    )


def logigram_diff(old: Logigram, new: Logigram, territory: Named | None = None) -> LogigramDiff:
    def values(node: Node) -> dict[str, Any]:
        return {f: getattr(node, f) for f in NODE_FIELDS}

    def ref(e: Edge, lg: Logigram) -> EdgeRef:  # EdgeRef starts with Edge's own fields
        return EdgeRef(*astuple(e), lg.node(e.source).label, lg.node(e.target).label)

    before, after = _by_id(old.nodes), _by_id(new.nodes)
    changed = (
        Changed(n.id, n.label, field_changes(values(before[n.id]), values(n)))
        for n in new.nodes
        if n.id in before
    )
    old_keys, new_keys = {repr(e) for e in old.edges}, {repr(e) for e in new.edges}  # every field of the edge
    return LogigramDiff(
        territory,
        tuple(NodeRef(n.id, n.kind, n.label) for n in new.nodes if n.id not in before),
        tuple(NodeRef(n.id, n.kind, n.label) for n in old.nodes if n.id not in after),
        tuple(c for c in changed if not c.is_empty),
        tuple(ref(e, new) for e in new.edges if repr(e) not in old_keys),
        tuple(ref(e, old) for e in old.edges if repr(e) not in new_keys),
    )


def _logigrams(old: Guidance, new: Guidance) -> tuple[LogigramDiff, ...]:
    parcours = logigram_diff(old.logigram, new.logigram)
    found = [parcours]
    kept = {t.id for t in old.territories}
    # a territory without an adaptation in either version only inherits the parcours' changes
    adapted = old.territory_logigrams.keys() | new.territory_logigrams.keys()
    for t in sorted(new.territories, key=lambda t: t.id):
        if t.id in kept and t.id in adapted:
            own = logigram_diff(old.logigram_for(t.id), new.logigram_for(t.id), Named(t.id, t.name))
            parts = (
                tuple(x for x in getattr(own, f.name) if x not in getattr(parcours, f.name))
                for f in fields(own)[1:]
            )
            found.append(LogigramDiff(own.territory, *parts))
    return tuple(d for d in found if not d.is_empty)


def _json(value: Any) -> Any:
    """Plain JSON data, dataclass fields under their French key."""
    if isinstance(value, Mapping):
        return {k: _json(v) for k, v in value.items()}
    if isinstance(value, tuple | list):
        return [_json(v) for v in value]
    if is_dataclass(value):
        return {JSON_KEYS[f.name]: _json(getattr(value, f.name)) for f in fields(value)}
    return value
