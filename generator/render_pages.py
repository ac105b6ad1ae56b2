"""Render the Markdown pages of a territory and of an actor from Jinja2 templates.

Templates are compiled once per environment, with `StrictUndefined` (a typo in a template fails loudly) and
autoescape on: text from the data lands HTML-escaped, so `<script>` in a name shows as text, never runs.
Links are relative to the docs root and follow DESIGN §7 (`territoires/<id>/`, `acteurs/<id>/`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date
from functools import lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, Template
from markupsafe import Markup
from markupsafe import escape as markup_escape

from . import coverage, export, local_services, render_dot, repertoire, text_policy
from .build import Workers, shared, worker_limit
from .export import access_text, language_name
from .layout import REGION_NAMES
from .model import ORIENTATION_FIELDS, Actor, Choice, Guidance, Territory
from .usage import Usage, actor_usages, grouped


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("generator", "templates"),
        undefined=StrictUndefined,
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # `{#id}` is how Markdown's attr_list names an anchor: keep it free from Jinja's comment syntax.
        comment_start_string="{##",
        comment_end_string="##}",
        # The one text policy: every `{{ value }}` that our code did not make `Markup` lands as plain text.
        finalize=text_policy.finalize,
    )
    env.filters["join"] = text_policy.join
    env.filters["md"] = text_policy.free_text
    env.filters["inline"] = text_policy.free_inline
    env.filters["web_link"] = text_policy.web_link
    env.filters["email_link"] = text_policy.email_link
    env.filters["tel_link"] = text_policy.tel_link
    env.filters["service_links"] = service_links
    env.globals["checked_from"] = text_policy.checked_from
    env.globals["orientation_fields"] = ORIENTATION_FIELDS
    env.filters["language_name"] = language_name
    env.filters["md_links"] = md_links
    env.globals["language_name"] = language_name
    return env


def md_links(
    items: Iterable[Any], href: str, separator: str = ", ", label: Callable[[str], str] = text_policy.plain
) -> Markup:
    """`[name](href)` for each item, joined by `separator`: a link list in one call rather than a template loop.

    `href` names the item's attributes it needs, `{id}` and `{strategy_id}`; like every `{{ … }}` of the templates,
    names are plain text (`text_policy.plain`) and ids HTML-escaped (the pattern and the separator are template
    text, kept as written).
    Links are remembered by what they are made of: an actor or a function is linked from thousands of pages."""
    links = []
    with_strategy = "{strategy_id}" in href
    for item in items:
        strategy_id = item.strategy_id if with_strategy else None
        key = (href, item.id, item.name, strategy_id, label)
        link = _LINKS.get(key)
        if link is None:
            target = href
            if with_strategy:
                target = target.replace("{strategy_id}", markup_escape(strategy_id))
            target = target.replace("{id}", markup_escape(item.id))
            if len(_LINKS) >= 100_000:
                _LINKS.clear()
            link = _LINKS[key] = f"[{label(item.name)}]({target})"
        links.append(link)
    return Markup(separator.join(links))


def service_links(services: Iterable[Actor], href: str) -> Markup:
    """« [CPAS de Schaerbeek](…) — Boulevard Auguste Reyers 70 — [02 240 30 80](tel:…) », the services joined by
    « ; »: how the per-commune services of a generic role are listed (names and values as plain text)."""
    parts = []
    for service in services:
        part = md_links([service], href)
        street, reach = service.one_line_contact
        if street:
            part += Markup(" — ") + text_policy.plain(street)
        if reach:
            link = text_policy.tel_link if reach[0] == "phone" else text_policy.email_link
            part += Markup(" — ") + link(reach[1])
        parts.append(part)
    return Markup(" ; ").join(parts)


_LINKS: dict[tuple[str, str, str, Any, Callable[[str], str]], str] = {}


def actor_path(actor: Actor) -> str:
    return f"acteurs/{actor.id}.md"


def repertoire_path(territory: Territory) -> str:
    return f"territoires/{territory.id}/repertoire.md"


def render_repertoire(guidance: Guidance, territory: Territory, template: Template | None = None) -> str:
    template = template or environment().get_template("repertoire.md.j2")
    choices: dict[str, list[Choice]] = {}  # by function, in the territory's order
    for choice in territory.choices:
        choices.setdefault(choice.function.id, []).append(choice)
    return template.render(
        territory=territory,
        actors=guidance.actors_of(territory.id),
        strategy_rows=repertoire.by_strategy(guidance, territory),
        functions=guidance.functions,
        choices_of=lambda function: choices.get(function.id, []),
        communes=repertoire.by_commune(guidance, territory),
        territory_wide=repertoire.territory_wide(guidance, territory),
        languages=repertoire.by_language(guidance, territory),
        local_roles=local_services.roles_by_commune(guidance, territory),
        actor_link=lambda a: Markup(f"../../{actor_path(a)}"),
    )


def report_link(email: str | None, kind: str, record_id: str, page: str, fields: list[str]) -> str | None:
    """A « Signaler une erreur » mailto: address, pre-filled with the record, its page and its fields."""
    if not email:
        return None
    subject = f"Balises : erreur sur {kind} « {record_id} »"
    body = (
        f"Fiche : {record_id}\nPage : {page}\nChamps de la fiche : {', '.join(fields)}\n\n"
        "Ce qui est faux :\n\nCe qu'il faudrait écrire :\n\nSource (document, site, date) :\n"
    )
    return f"mailto:{email}?subject={percent_encoded(subject)}&body={percent_encoded(body)}"


class _PercentEncoding(dict[int, str]):
    """`str.translate` table of `urllib.parse.quote` (safe: letters, digits, `_.-~/`), filled as characters come."""

    def __missing__(self, code: int) -> str:
        self[code] = encoded = "".join(f"%{byte:02X}" for byte in chr(code).encode("utf-8"))
        return encoded


_PERCENT_ENCODING = _PercentEncoding(
    (ord(c), c) for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-~/"
)


def percent_encoded(text: str) -> str:
    """`urllib.parse.quote(text)`, the same text, in one `str.translate` (a page per actor has a pre-filled mail)."""
    return text.translate(_PERCENT_ENCODING)


def actor_fields(actor: Actor) -> list[str]:
    return list(export.actor_record(actor))


def render_actor(
    guidance: Guidance,
    actor: Actor,
    today: date,
    usages: list[Usage] | None = None,
    template: Template | None = None,
) -> str:
    template = template or environment().get_template("actor.md.j2")
    territories = [t for t in guidance.territories if t.id in actor.territory_ids]
    contacts = [(t, t.contact_email) for t in territories if t.contact_email]
    fields = actor_fields(actor) if contacts else []
    links = {  # one mail per address, whichever territories share it
        email: report_link(email, "la fiche acteur", actor.id, f"acteurs/{actor.id}/", fields)
        for email in dict.fromkeys(email for _, email in contacts)
    }
    return template.render(
        usages=grouped(usages or []),
        reports=[(t, links[email]) for t, email in contacts],
        actor=actor,
        territories=territories,
        stale=repertoire.is_stale(actor, today),
        access=access_text(actor),
        communes=list(dict.fromkeys(c.name for t in territories for c in t.communes)),
        local=local_services.role_across(guidance, territories, actor),
    )


def inline_svg(svg: str) -> str:
    """Graphviz's SVG made fit to sit inside a Markdown page: no XML prolog, doctype, comments or blank lines
    (a blank line would end the raw HTML block for Markdown)."""
    svg = re.sub(r"<\?xml[^>]*\?>|<!DOCTYPE[^>]*>|<!--.*?-->", "", svg, flags=re.S)
    return "\n".join(line for line in svg.splitlines() if line.strip())


def render_territory(guidance: Guidance, territory: Territory, svg: str, today: date) -> str:
    report = coverage.report(guidance, territory, today)
    return (
        environment()
        .get_template("territory.md.j2")
        .render(
            territory=territory,
            region=REGION_NAMES.get(territory.region, territory.region),
            actors=guidance.actors_of(territory.id),
            svg=inline_svg(svg),
            report=report,
            gaps=coverage.grouped_gaps(guidance, territory, report.gaps),
            actor_link=lambda a: Markup(f"../../{actor_path(a)}"),
            report_mail=report_link(
                territory.contact_email,
                "le territoire",
                territory.id,
                f"territoires/{territory.id}/",
                ["communes", "organe méso", "choix par fonction et strate", "logigramme"],
            ),
        )
    )


def render_pages(guidance: Guidance, today: date, workers: int | None = None) -> dict[str, str]:
    """Every repertoire, logigram-text and actor page, by path in the docs tree.

    With many actors and more than one CPU, a forked worker process renders the last 60 % of the actor pages
    meanwhile (`workers` caps the processes, as for `build.build_outputs`); the pages are the same either way."""
    usages = actor_usages(guidance)
    actors = guidance.actors
    split = len(actors) * 2 // 5  # this process also renders the repertoires
    count = 1 if len(actors) >= MANY_ACTORS and worker_limit(workers) > 1 else 0
    with Workers(count, guidance=guidance, today=today, usages=usages) as pool:
        rest = pool.submit(_actor_pages_in_worker, split) if pool.active else None
        template = environment().get_template("repertoire.md.j2")
        pages = {repertoire_path(t): render_repertoire(guidance, t, template) for t in guidance.territories}
        pages.update(
            {f"territoires/{t.id}/logigramme.md": logigram_text(guidance, t) for t in guidance.territories}
        )
        pages.update(_actor_pages(guidance, actors[:split] if rest else actors, today, usages))
        if rest:
            pages.update(rest.result())
    return pages


MANY_ACTORS = 2000  # from there, a share of the actor pages is worth a worker process


def _actor_pages(
    guidance: Guidance, actors: tuple[Actor, ...], today: date, usages: dict[str, list[Usage]]
) -> dict[str, str]:
    template = environment().get_template("actor.md.j2")  # looked up once for all the pages
    return {actor_path(a): render_actor(guidance, a, today, usages.get(a.id), template) for a in actors}


def _actor_pages_in_worker(start: int) -> dict[str, str]:
    guidance: Guidance = shared("guidance")
    return _actor_pages(guidance, guidance.actors[start:], shared("today"), shared("usages"))


def logigram_text(guidance: Guidance, territory: Territory) -> str:
    """The territory's logigram as numbered steps a screen reader can follow (Markdown, escaped).

    Steps are numbered in the order a reader meets them from the start; each says where every outcome leads
    (« Si oui : étape 7 ») and, for actors steps, lists the territory's actors in order with links."""

    text = text_policy.plain_text
    logigram = guidance.logigram_for(territory.id)
    order: list[str] = []
    queue = [logigram.start.id]
    while queue:
        node_id = queue.pop(0)
        if node_id not in order:
            order.append(node_id)
            queue += [e.target for e in logigram.outgoing(node_id) if not e.reevaluation]
    number = {node_id: i for i, node_id in enumerate(order, start=1)}
    lines = [f"# Logigramme en version texte — {text(territory.name)}", ""]
    for node_id in order:
        node = logigram.node(node_id)
        lines.append(f"{number[node_id]}. **{text(node.label)}**")
        if node.kind == "actors":
            proposals = render_dot.proposals_for(guidance, territory, node)
            for i, p in enumerate(proposals, start=1):
                name = (
                    f"[{text(p.name)}](../../{actor_path(p.actor)})"
                    if p.actor
                    else f"{text(p.name)} (tout acteur de ce type)"
                )
                lines.append(f"    {i}. {name}")
            if not proposals:
                lines.append("    - aucun acteur choisi sur ce territoire (lacune)")
        for edge in logigram.outgoing(node_id):
            target = f"étape {number[edge.target]} (« {text(logigram.node(edge.target).label)} »)"
            if edge.reevaluation:
                lines.append(f"    - Si {text(edge.label or 'la situation change')} : retour à l'{target}")
            elif edge.label:
                lines.append(f"    - Si {text(edge.label)} : {target}")
            else:
                lines.append(f"    - Ensuite : {target}")
        if node.kind == "end":
            lines.append("    - Fin du parcours.")
    return "\n".join(lines) + "\n"
