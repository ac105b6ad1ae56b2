"""What changed between two versions of a dataset, for people: `format_text` (the command line, in French) and
`render_news` (the site's « Nouveautés » page). The comparison itself is `diff_compare`, re-exported here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from markupsafe import Markup

from .diff_compare import Change, DatasetDiff, EdgeRef, Named, diff, field_changes
from .export import LANGUAGE_NAMES
from .model import Guidance
from .render_pages import environment
from .terminal import lines_text

# the comparison, re-exported: callers import the whole diff from here
__all__ = [
    "DatasetDiff",
    "Named",
    "diff",
    "field_changes",
    "format_text",
    "render_news",
    "value_text",
    "when_text",
]

FIELD_NAMES = {  # YAML field (actors, their sub-fields, logigram nodes) → its name for people
    **{"name": "nom", "name_nl": "nom (NL)", "alternate_name": "autre nom", "types": "types"},
    **{"generic": "générique", "territories": "territoires", "service_area": "zone desservie"},
    **{"communes": "communes", "postcodes": "codes postaux", "address": "adresse", "street": "rue"},
    **{"postal_code": "code postal", "city": "localité", "phones": "téléphones", "email": "e-mail"},
    **{"number": "numéro", "hours": "heures", "checked": "vérifié le", "contact_page": "page de contact"},
    **{"url": "adresse web", "address_text": "adresse", "contacts_not_found": "contacts non trouvés"},
    **{"website": "site web", "languages": "langues", "functions": "fonctions", "strata": "strates"},
    **{"periods": "périodes", "dispositifs": "dispositifs", "strategies": "stratégies"},
    **{"prestations": "prestations", "bib_role": "rôle BIB", "access": "accès", "free": "gratuit"},
    **{"without_insurance": "sans mutuelle", "amu": "AMU", "conditions": "conditions", "note": "note"},
    **{"capacity": "capacité", "text": "texte", "saturated": "saturé", "description": "description"},
    **{"last_verified": "dernière vérification", "source": "sources", "kind": "nature", "label": "libellé"},
    **{"input": "information décisive", "stratum": "strate", "function": "fonction", "show": "affichage"},
    **{"dispositif": "dispositif", "meso_body": "organe méso"},
}


def value_text(value: Any, empty: str = "(vide)") -> str:
    """A field's value on one line, for people."""
    if value is None or value == ():
        return empty
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, tuple):
        return ", ".join(value_text(v, empty) for v in value)
    if isinstance(value, Mapping):
        return ", ".join(f"{FIELD_NAMES.get(k, k)} : {value_text(v, empty)}" for k, v in value.items())
    if isinstance(value, Named):
        return f"{value.name} ({value.id})" if value.id else value.name
    return " ".join(str(value).split())


def when_text(when: Any) -> str:
    if isinstance(when, Mapping):
        return f"{when['min']} à {when['max']}" if "max" in when else f"{when['min']} ou plus"
    return value_text(when)


def _edge_text(e: EdgeRef) -> str:
    label = f" « {e.label} »" if e.label else ""
    when = f" (si {when_text(e.when)})" if e.when is not None else ""
    return f"{e.source} → {e.target}{label}{when}{' (réévaluation)' if e.reevaluation else ''}"


def _change_lines(changes: tuple[Change, ...], prefix: str = "") -> list[str]:
    return [
        f"      {prefix}{FIELD_NAMES.get(c.field, c.field)} : {value_text(c.old)} → {value_text(c.new)}"
        for c in changes
    ]


def _named_lines(added: tuple[Named, ...], removed: tuple[Named, ...]) -> list[str]:
    return [f"  + {a.id} : {a.name}" for a in added] + [f"  − {r.id} : {r.name}" for r in removed]


def _actor_lines(d: DatasetDiff) -> list[str]:
    lines = _named_lines(d.actors_added, d.actors_removed)
    for a in d.actors_changed:
        lines += [f"  ~ {a.id} : {a.name}", *_change_lines(a.changes)]
    return lines


def _territory_lines(d: DatasetDiff) -> list[str]:
    lines = _named_lines(d.territories_added, d.territories_removed)
    for t in d.territories_changed:
        lines.append(f"  ~ {t.id} : {t.name}")
        lines += [f"      + commune {c}" for c in t.communes_added]
        lines += [f"      − commune {c}" for c in t.communes_removed]
        lines += _change_lines((t.meso_body,) if t.meso_body else (), "~ ")
        for c in t.choices:
            mark = "+" if not c.old else "−" if not c.new else "~"
            periods = f" ({', '.join(p.id for p in c.periods)})" if c.periods else ""
            old, new = (value_text(tuple(i.id for i in items)) for items in (c.old, c.new))
            lines.append(f"      {mark} choix {c.function.id} × {c.stratum.id}{periods} : {old} → {new}")
    return lines


def _logigram_lines(d: DatasetDiff) -> list[str]:
    lines = []
    for lg in d.logigrams:
        t = lg.territory
        lines.append(
            f"  ~ {t.id} : {t.name} (adaptation du territoire)" if t else "  ~ parcours (logigramme général)"
        )
        lines += [f"      + nœud {n.id} ({n.kind}) : {n.label}" for n in lg.nodes_added]
        lines += [f"      − nœud {n.id} ({n.kind}) : {n.label}" for n in lg.nodes_removed]
        for c in lg.nodes_changed:
            lines += _change_lines(c.changes, f"~ nœud {c.id} : ")
        lines += [f"      + flèche {_edge_text(e)}" for e in lg.edges_added]
        lines += [f"      − flèche {_edge_text(e)}" for e in lg.edges_removed]
    return lines


def summary_text(d: DatasetDiff) -> str:
    counts = d.summary()

    def count(key: str, word: str) -> str:
        return f"{counts[key]} {word}{'s' if counts[key] > 1 else ''}"

    def three(kind: str) -> str:
        return ", ".join(
            count(f"{kind}_{k}", w)
            for k, w in (("ajoutes", "ajouté"), ("retires", "retiré"), ("modifies", "modifié"))
        )

    return f"Résumé : acteurs : {three('acteurs')} ; territoires : {three('territoires')} ; logigrammes : {count('logigrammes', 'modifié')}."


def format_text(d: DatasetDiff) -> str:
    """The differences for people, in French: one section per kind, one line per change, then a summary."""
    if d.is_empty:
        return "Aucune différence.\n"
    sections = (
        ("Acteurs", _actor_lines(d)),
        ("Territoires", _territory_lines(d)),
        ("Logigrammes", _logigram_lines(d)),
    )
    blocks = [lines_text([title, *lines]) for title, lines in sections if lines]
    return "\n\n".join([*blocks, summary_text(d)]) + "\n"


def _names(guidance: Guidance) -> dict[str, dict[str, str]]:
    """Field → id → name, so that the news page names what the data lists by id."""
    listed = {
        "types": guidance.actor_types,
        "territories": guidance.territories,
        "functions": guidance.functions,
        "periods": guidance.periods,
        "strategies": guidance.strategies,
        "dispositifs": guidance.all_dispositifs(),
        "prestations": guidance.prestations,
    }
    names = {field: {item.id: item.name for item in items} for field, items in listed.items()}
    return {**names, "strata": {s.id: s.short_name for s in guidance.strata}, "languages": LANGUAGE_NAMES}


def render_news(d: DatasetDiff, new: Guidance, since: str) -> str:
    """The Markdown of the site's « Nouveautés » page (`nouveautes.md`, at the docs root), « since » completing
    « Ce qui a changé depuis … ». Links go to the pages of the actors and territories of `new`; removed ones are
    named, not linked. Ids in actor fields are shown by name."""
    actors, territories, names = {a.id for a in new.actors}, {t.id for t in new.territories}, _names(new)

    def value(change: Change, which: str) -> str:
        found = getattr(change, which)
        if change.field in names and isinstance(found, tuple):
            found = tuple(names[change.field].get(i, i) for i in found)
        return value_text(found, "non renseigné")

    return (
        environment()
        .get_template("nouveautes.md.j2")
        .render(
            diff=d,
            since=since,
            actor_link=lambda id_: Markup(f"acteurs/{id_}.md") if id_ in actors else None,
            territory_link=lambda id_: Markup(f"territoires/{id_}/index.md") if id_ in territories else None,
            field_name=lambda f: FIELD_NAMES.get(f, f),
            value=value,
            when=when_text,
        )
    )
