"""Validation pass 3, the logigram: one start, everything reachable, a way out of every node, decisions with
labelled and exhaustive outcomes, and cycles only through edges marked as re-evaluation."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import PurePosixPath

from .diagnostics import Diagnostic, nearest
from .fixed_ids import BASE_STRATA
from .load import LoadedDataset, SourceFile, located
from .logigram import merge

BOOLEAN_INPUTS = ("danger", "refus")
EXPECTED_VALUES = {
    "depistage": {"fait", "a-faire", "refuse", "hors-fenetre"},
    "jugement": {"aucun", *BASE_STRATA},
}
KIND_FIELDS = {"decision": "input", "actors": "function"}


def check(dataset: LoadedDataset) -> Iterator[Diagnostic]:
    source = dataset.one("logigram")
    if source is None:
        return
    yield from check_graph(source, source.data)
    for override in dataset.of_kind("logigram-override"):
        yield from _override(source, override)


def _override(base: SourceFile, override: SourceFile) -> Iterator[Diagnostic]:
    stem = PurePosixPath(override.rel).stem
    if override.data["territory"] != stem:
        yield located(
            override,
            ("territory",),
            "identifiant-nom-de-fichier",
            f"le territoire « {override.data['territory']} » ne correspond pas au nom du fichier « {stem}.yaml »",
        )
    merged = merge(base.data, override.data)
    ids = {n["id"] for n in merged["nodes"]}
    broken = False
    for i, edge in enumerate(override.data.get("edges", ())):
        for end in ("from", "to"):
            if edge[end] not in ids:
                broken = True
                near = nearest(edge[end], sorted(ids))
                yield located(
                    override,
                    ("edges", i, end),
                    "reference-inconnue",
                    f"nœud du logigramme inconnu : « {edge[end]} »",
                    f"vouliez-vous dire « {near} » ?" if near else "ajoutez ce nœud dans « nodes »",
                )
    if broken:
        return
    for d in check_graph(base, merged):
        # positions in the merged graph do not exist in any file: report on the override, which caused them
        yield Diagnostic(
            override.rel, 1, 1, d.code, f"dans le logigramme adapté du territoire : {d.message}", hint=d.hint
        )


def check_graph(source: SourceFile, data: dict) -> Iterator[Diagnostic]:
    nodes = {n["id"]: (i, n) for i, n in enumerate(data["nodes"])}
    edges = data["edges"]
    outgoing: dict[str, list[tuple[int, dict]]] = {n: [] for n in nodes}
    for i, edge in enumerate(edges):
        outgoing.setdefault(edge["from"], []).append((i, edge))
    starts = [n for n, (_, node) in nodes.items() if node["kind"] == "start"]
    if len(starts) != 1:
        yield located(
            source,
            ("nodes",),
            "logigramme-depart",
            f"le logigramme doit avoir exactement un nœud de départ (start), il en a {len(starts)}",
        )
    yield from _node_fields(source, nodes)
    if starts:
        yield from _reachable(source, nodes, outgoing, starts)
    for node_id, (i, node) in nodes.items():
        out = outgoing.get(node_id, [])
        if node["kind"] != "end" and not out:
            yield located(
                source,
                ("nodes", i),
                "logigramme-sans-issue",
                f"le nœud « {node_id} » n'a aucune flèche sortante",
            )
        if node["kind"] == "end" and out:
            yield located(
                source, ("nodes", i), "logigramme-fin", f"le nœud de fin « {node_id} » a une flèche sortante"
            )
        if node["kind"] == "decision":
            yield from _decision(source, node, out)
        elif len(out) > 1:
            for j, edge in out:
                if "label" not in edge:
                    yield located(
                        source,
                        ("edges", j),
                        "logigramme-etiquette",
                        f"flèche sans étiquette depuis « {node_id} », qui en a plusieurs",
                    )
    yield from _cycles(source, nodes, outgoing)


def _node_fields(source: SourceFile, nodes: dict) -> Iterator[Diagnostic]:
    for node_id, (i, node) in nodes.items():
        field = KIND_FIELDS.get(node["kind"])
        if field and field not in node:
            yield located(
                source,
                ("nodes", i),
                "logigramme-noeud",
                f"le nœud « {node_id} » ({node['kind']}) doit préciser « {field} »",
            )
        if "input" in node and node["kind"] != "decision":
            yield located(
                source,
                ("nodes", i, "input"),
                "logigramme-noeud",
                f"seul un nœud « decision » a un « input » (« {node_id} »)",
            )


def _reachable(source: SourceFile, nodes: dict, outgoing: dict, starts: list[str]) -> Iterator[Diagnostic]:
    seen = set(starts)
    stack = list(starts)
    while stack:
        for _, edge in outgoing.get(stack.pop(), []):
            if edge["to"] not in seen:
                seen.add(edge["to"])
                stack.append(edge["to"])
    for node_id, (i, _) in nodes.items():
        if node_id not in seen:
            yield located(
                source,
                ("nodes", i),
                "logigramme-inaccessible",
                f"le nœud « {node_id} » n'est atteint depuis le départ par aucun chemin",
            )


def _decision(source: SourceFile, node: dict, out: list[tuple[int, dict]]) -> Iterator[Diagnostic]:
    if not out:
        return  # « logigramme-sans-issue » says so already
    for j, edge in out:
        if "label" not in edge or "when" not in edge:
            yield located(
                source,
                ("edges", j),
                "logigramme-etiquette",
                f"chaque flèche qui sort de la décision « {node['id']} » doit avoir « label » et « when »",
            )
            return
    kind = node.get("input")
    values = [edge["when"] for _, edge in out]
    if kind in BOOLEAN_INPUTS:
        expected: set = {True, False}
        problem = sorted(map(str, values)) != ["False", "True"] or not all(
            isinstance(v, bool) for v in values
        )
    elif kind in EXPECTED_VALUES:
        expected = EXPECTED_VALUES[kind]
        problem = sorted(map(str, values)) != sorted(expected)
    else:
        problem, expected = _ranges_problem(values), set()
    if problem:
        wanted = (
            ", ".join(sorted(map(str, expected)))
            if expected
            else "des intervalles {min, max} de 0 à « ou plus », sans trou ni chevauchement"
        )
        yield located(
            source,
            ("nodes",),
            "logigramme-decision",
            f"les issues de la décision « {node['id']} » ne sont pas exhaustives ou se recouvrent",
            f"attendu : {wanted}",
        )


def _ranges_problem(values: list) -> bool:
    """True unless the ranges cover 0, 1, 2… without gap or overlap, the last one open-ended."""
    if not all(isinstance(v, dict) for v in values):
        return True
    ordered = sorted(values, key=lambda v: v["min"])
    expected = 0
    for value in ordered[:-1]:
        if value["min"] != expected or "max" not in value or value["max"] < value["min"]:
            return True
        expected = value["max"] + 1
    return ordered[-1]["min"] != expected or "max" in ordered[-1]


def _cycles(source: SourceFile, nodes: dict, outgoing: dict) -> Iterator[Diagnostic]:
    """Every edge that closes a loop without being marked as re-evaluation (a depth-first walk, written as a
    loop: a logigram of thousands of nodes in a chain needs no deeper stack)."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    for first in nodes:
        if first in state:
            continue
        state[first] = 1
        walk = [(first, iter(outgoing.get(first, [])))]
        while walk:
            node_id, edges = walk[-1]
            for j, edge in edges:
                target = edge["to"]
                if edge.get("reevaluation") or state.get(target) == 2:
                    continue
                if state.get(target) == 1:
                    yield located(
                        source,
                        ("edges", j),
                        "logigramme-cycle",
                        f"boucle « {node_id} » → « {target} » sans flèche de réévaluation",
                        "marquez « reevaluation: true » la flèche qui revient en arrière à un moment clé",
                    )
                    continue
                state[target] = 1
                walk.append((target, iter(outgoing.get(target, []))))
                break
            else:
                state[node_id] = 2
                walk.pop()
