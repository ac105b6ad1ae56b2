"""The logigram as model objects: nodes and labelled edges, read from `logigrams/parcours.yaml` (validated)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .model import as_sources


@dataclass(frozen=True)
class Node:
    id: str
    kind: str  # start | question | decision | action | actors | end
    label: str
    description: str | None
    input: str | None  # decisions: danger | refus | jugement | depistage | indicateurs
    stratum: str | None  # actions that set the stratum
    function: str | None  # actors nodes
    dispositif: str | None
    show: str | None
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    label: str | None
    when: Any
    reevaluation: bool

    def matches(self, value: Any) -> bool:
        """Whether this outcome of a decision is the one for `value` (a count for ranges)."""
        if isinstance(self.when, dict):
            return value >= self.when["min"] and ("max" not in self.when or value <= self.when["max"])
        return self.when == value


@dataclass(frozen=True)
class Logigram:
    id: str
    title: str
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]

    def node(self, node_id: str) -> Node:
        return next(n for n in self.nodes if n.id == node_id)

    @property
    def start(self) -> Node:
        return next(n for n in self.nodes if n.kind == "start")

    def outgoing(self, node_id: str) -> tuple[Edge, ...]:
        return tuple(e for e in self.edges if e.source == node_id)


def build(data: dict) -> Logigram:
    nodes = tuple(
        Node(
            n["id"],
            n["kind"],
            n["label"],
            n.get("description"),
            n.get("input"),
            n.get("stratum"),
            n.get("function"),
            n.get("dispositif"),
            n.get("show"),
            as_sources(n.get("source")),
        )
        for n in data["nodes"]
    )
    edges = tuple(
        Edge(e["from"], e["to"], e.get("label"), e.get("when"), bool(e.get("reevaluation")))
        for e in data["edges"]
    )
    return Logigram(data["id"], data["title"], nodes, edges)


def merge(base: dict, override: dict) -> dict:
    """The parcours data with a territory's changes applied: nodes replaced by id or added, edges removed, added."""
    nodes = {n["id"]: n for n in base["nodes"]}
    for node in override.get("nodes", ()):
        nodes[node["id"]] = node
    removed = {(e["from"], e["to"]) for e in override.get("remove_edges", ())}
    edges = [e for e in base["edges"] if (e["from"], e["to"]) not in removed]
    edges += list(override.get("edges", ()))
    return {**base, "nodes": list(nodes.values()), "edges": edges}
