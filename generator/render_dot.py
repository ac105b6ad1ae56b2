"""The logigram of a territory as Graphviz DOT text (pure: model in, text out; golden-tested).

Two views: `territory_dot` draws the whole path with, in each actors node, the territory's actors for that function
and stratum (the SVG of the site); the printed pages draw it in parts, the orientation (`orientation_dot`) then
each stratum's functions with their actors (`stratum_dot`). Every text from the data is escaped: plain labels by `quote` (backslashes and
quotes, so that `\\N` or `"` cannot change the DOT), HTML-like labels by `html.escape`.
"""

from __future__ import annotations

import html
import itertools
import textwrap

from .logigram import Node
from .model import Guidance, Territory
from .route import Proposal, proposals
from .urls import actor_url, function_url, stratum_url

FONT = "DejaVu Sans"
STRATUM_COLOURS = {
    "bas-risque": "#d9f0d3",
    "peu-complexe": "#fff2b3",
    "complexe": "#fdd0a2",
    "refus": "#dadaeb",
    "danger": "#fcbba1",
}
OTHER_STRATUM_COLOUR = "#e0e0e0"
KIND_STYLES = {
    "start": "shape=oval",
    "question": 'shape=box, style="rounded,filled"',
    "decision": "shape=hexagon",
    "action": "shape=box",
    "end": "shape=oval, peripheries=2",
}
KIND_COLOURS = {  # also the printed legend's (render_print)
    "start": "#e8eef7",
    "question": "#f2f2f2",
    "decision": "#fff7e0",
    "action": "#ffffff",
    "end": "#e8eef7",
}
MAX_LISTED = 6  # actors listed per node; the others are counted


def quote(text: str) -> str:
    """A DOT double-quoted string: backslashes and quotes escaped, newlines as \\n."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + "\\n".join(escaped.splitlines() or [""]) + '"'


def wrap(text: str, width: int = 30) -> str:
    return "\n".join(textwrap.wrap(" ".join(text.split()), width=width)) or text


def stratum_colour(stratum_id: str | None) -> str:
    return STRATUM_COLOURS.get(stratum_id or "", OTHER_STRATUM_COLOUR)


def _header(title: str) -> list[str]:
    return [
        "digraph logigramme {",
        f'  graph [rankdir=TB, charset="UTF-8", fontname="{FONT}", fontsize=16, labelloc=t, '
        f"label={quote(title)}, nodesep=0.25, ranksep=0.3, pad=0.2];",
        f'  node [fontname="{FONT}", fontsize=12, style=filled, penwidth=1.2, margin="0.12,0.06"];',
        f'  edge [fontname="{FONT}", fontsize=11, color="#555555"];',
    ]


def _actors_label(
    title: str, colour: str, href: str, proposals: list[Proposal], base: str, limit: int | None = MAX_LISTED
) -> str:
    rows = [
        f'<TR><TD BGCOLOR="{colour}" HREF="{html.escape(href)}" TITLE="{html.escape(title)}">'
        f"<B>{html.escape(title)}</B></TD></TR>"
    ]
    for i, proposal in enumerate(proposals[:limit], start=1):
        name = html.escape(wrap(proposal.name, 34)).replace("\n", "<BR/>")
        if proposal.actor is not None:
            link = html.escape(actor_url(proposal.actor.id, base))
            rows.append(
                f'<TR><TD ALIGN="LEFT" BALIGN="LEFT" HREF="{link}" TITLE="{html.escape(proposal.name)}">{i}. {name}</TD></TR>'
            )
        else:
            rows.append(f'<TR><TD ALIGN="LEFT" BALIGN="LEFT">{i}. {name} (tout acteur de ce type)</TD></TR>')
    if limit is not None and len(proposals) > limit:
        rows.append(f'<TR><TD ALIGN="LEFT"><I>… et {len(proposals) - limit} autre(s)</I></TD></TR>')
    if not proposals:
        rows.append('<TR><TD ALIGN="LEFT"><I>aucun acteur choisi (lacune)</I></TD></TR>')
    return '<<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="0" CELLPADDING="4">' + "".join(rows) + "</TABLE>>"


def _node_line(
    guidance: Guidance,
    territory: Territory,
    node: Node,
    base: str,
    with_actors: bool,
    limit: int | None = MAX_LISTED,
) -> str:
    if node.kind == "actors" and not with_actors:
        return f"  {quote(node.id)} [shape=box, fillcolor=white, label={quote(wrap(node.label))}, tooltip={quote(node.label)}];"
    if node.kind == "actors":
        function = guidance.function(node.function or "")
        proposals = proposals_for(guidance, territory, node)
        colour, href = stratum_colour(node.stratum), function_url(function.id, base)
        label = _actors_label(function.name, colour, href, proposals, base, limit)
        return f'  {quote(node.id)} [shape=plaintext, style="", label={label}, tooltip={quote(node.label)}];'
    style = f'{KIND_STYLES[node.kind]}, fillcolor="{KIND_COLOURS[node.kind]}"'
    extra = ""
    if node.stratum:
        style = f'shape=box, style="filled,bold", fillcolor="{stratum_colour(node.stratum)}"'
        extra = f", URL={quote(stratum_url(node.stratum, base))}, target=_top"
    return (
        f"  {quote(node.id)} [{style}, label={quote(wrap(node.label))}, tooltip={quote(node.label)}{extra}];"
    )


def proposals_for(guidance: Guidance, territory: Territory, node: Node) -> list[Proposal]:
    """The territory's proposals for an actors node (its function, for its stratum), in the territory's order:
    the same resolution as the walk of `balises route`."""
    found, _ = proposals(guidance, territory, [node.function or ""], node.stratum or "", None)
    return found


def _edge_line(source: str, target: str, label: str | None, reevaluation: bool) -> str:
    attributes = []
    if label:
        attributes.append(f"label={quote(wrap(label, 22))}")
    if reevaluation:
        attributes.append('style=dashed, color="#1f5fa8", fontcolor="#1f5fa8", constraint=false')
    suffix = f" [{', '.join(attributes)}]" if attributes else ""
    return f"  {quote(source)} -> {quote(target)}{suffix};"


def territory_dot(guidance: Guidance, territory: Territory, base: str = "../../") -> str:
    logigram = guidance.logigram_for(territory.id)
    lines = _header(f"{logigram.title} — {territory.name}")
    lines += [_node_line(guidance, territory, node, base, True) for node in logigram.nodes]
    lines += [_edge_line(e.source, e.target, e.label, e.reevaluation) for e in logigram.edges]
    lines.append("}")
    return "\n".join(lines) + "\n"


def stratum_dot(guidance: Guidance, territory: Territory, stratum_id: str, base: str = "../../") -> str:
    """One stratum's branch: the stratum, then each function with the territory's actors, in path order."""
    logigram = guidance.logigram_for(territory.id)
    stratum = next(n for n in logigram.nodes if n.stratum == stratum_id and n.kind == "action")
    chain: list[Node] = [stratum]
    node = stratum
    while node.kind != "end" and node.id != "reevaluation":
        edges = [e for e in logigram.outgoing(node.id) if not e.reevaluation]
        if not edges:
            break
        node = logigram.node(edges[0].target)
        chain.append(node)
    lines = _header(f"{guidance.stratum(stratum_id).name} — {territory.name}")
    lines[1] = lines[1].replace("rankdir=TB", "rankdir=LR")
    lines += [_node_line(guidance, territory, n, base, True, limit=None) for n in chain]
    back = quote("Réévaluer la strate : retour à l’orientation (page 1)")
    lines.append(f'  "retour" [shape=box, style="dashed,rounded", fillcolor=white, label={back}];')
    lines.append(_edge_line(chain[-1].id, "retour", "oui", True))
    lines += [_edge_line(a.id, b.id, None, False) for a, b in itertools.pairwise(chain)]
    # the référent kept alongside coordination (complex, refusal, danger) is drawn above it, in the same column
    lines += [
        f"  {{rank=same; {quote(a.id)}; {quote(b.id)}}}"
        for a, b in itertools.pairwise(chain)
        if a.kind == b.kind == "actors" and a.function == "referent"
    ]
    lines.append("}")
    return "\n".join(lines) + "\n"


def orientation_pages(guidance: Guidance, territory: Territory, pages: int = 2) -> list[list[Node]]:
    """The orientation part of the path (start → strata), cut into `pages` consecutive parts for printing.

    Each part holds about as many nodes as the others, in breadth-first order from the start; the strata end
    every branch (each stratum has a page of its own)."""
    logigram = guidance.logigram_for(territory.id)
    order: list[Node] = []
    queue = [logigram.start]
    while queue:
        node = queue.pop(0)
        if node in order or node.stratum:
            continue
        order.append(node)
        queue += [logigram.node(e.target) for e in logigram.outgoing(node.id) if not e.reevaluation]
    size = -(-len(order) // pages)
    return [order[i : i + size] for i in range(0, len(order), size)]


def orientation_dot(
    guidance: Guidance, territory: Territory, part: list[Node], number: int, total: int
) -> str:
    """One orientation page: its nodes, the strata they lead to, and a stub for the next page."""
    logigram = guidance.logigram_for(territory.id)
    ids = {n.id for n in part}
    lines = _header(f"Orientation ({number}/{total}) : de la porte d'entrée à la strate — {territory.name}")
    lines += [_node_line(guidance, territory, node, "../../", False) for node in part]
    extra: dict[str, Node] = {}
    for edge in logigram.edges:
        if edge.source in ids and not edge.reevaluation:
            target = logigram.node(edge.target)
            if target.id not in ids:
                extra[target.id] = target
            lines.append(_edge_line(edge.source, edge.target, edge.label, False))
    for node in extra.values():
        if node.stratum:
            lines.append(_node_line(guidance, territory, node, "../../", False))
        else:
            label = wrap(node.label) + "\n(suite page suivante)"
            lines.append(
                f'  {quote(node.id)} [shape=box, style="dashed,rounded", fillcolor=white, label={quote(label)}];'
            )
    lines.append("}")
    return "\n".join(lines) + "\n"
