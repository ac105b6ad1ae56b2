"""Validation pass 3 — rules of the domain that a schema cannot say (runs on files that passed passes 1–2)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

from . import rules_contacts, rules_logigram, rules_territories, text_policy
from .diagnostics import Diagnostic
from .fixed_ids import BASE_STRATA, DECLARED_IN, FIXED_IDS
from .load import LoadedDataset, SourceFile, located
from .references import KIND_LABELS, IdIndex

Rule = Callable[[LoadedDataset, IdIndex], Iterator[Diagnostic]]


def check_rules(dataset: LoadedDataset, index: IdIndex, today: date | None = None) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    for rule in RULES:
        found.extend(rule(dataset, index))
    today = today or date.today()
    found.extend(rules_territories.check(dataset, today))
    found.extend(rules_logigram.check(dataset))
    found.extend(rules_contacts.check(dataset, today))
    found.extend(data_date_not_future(dataset, today))
    return found


def data_date_not_future(dataset: LoadedDataset, today: date) -> Iterator[Diagnostic]:
    source = dataset.one("programme")
    if source is not None and "data_date" in source.data:
        when = date.fromisoformat(source.data["data_date"])
        if when > today:
            yield rules_territories.future_date(source, ("data_date",), when, today)


def fixed_ids_present(dataset: LoadedDataset, index: IdIndex) -> Iterator[Diagnostic]:
    for kind, ids in FIXED_IDS.items():
        if dataset.is_withheld(DECLARED_IN[kind]):
            continue  # its file has errors of its own, and may declare these ids once fixed
        missing = [i for i in ids if i not in index.ids(kind)]
        if missing:
            label = KIND_LABELS[kind]
            yield Diagnostic(
                DECLARED_IN[kind],
                0,
                0,
                "identifiant-fixe-manquant",
                f"{label} obligatoire absent(e) : {', '.join(missing)}",
                hint="ces identifiants sont fixés par le programme (DESIGN §3) : ajoutez-les",
            )


def strategy_file_names(dataset: LoadedDataset, index: IdIndex) -> Iterator[Diagnostic]:
    for source in dataset.of_kind("strategy"):
        yield from rules_territories.named_after_file(source)


def _dispositif_tree(dataset: LoadedDataset) -> dict[str, tuple[str, str | None]]:
    """dispositif id → (strategy id, parent dispositif id or None)."""
    tree: dict[str, tuple[str, str | None]] = {}

    def walk(items: list, strategy: str, parent: str | None) -> None:
        for item in items or []:
            tree.setdefault(item["id"], (strategy, parent))
            walk(item.get("sous_dispositifs", []), strategy, item["id"])

    for source in dataset.of_kind("strategy"):
        walk(source.data.get("dispositifs", []), source.data["id"], None)
    return tree


def mapping_rows(dataset: LoadedDataset, index: IdIndex) -> Iterator[Diagnostic]:
    source = dataset.one("mapping")
    if source is None:
        return
    columns = source.data["strata"]
    absent = [s for s in BASE_STRATA if s not in columns]
    if absent:
        yield located(
            source,
            ("strata",),
            "mapping-strate-manquante",
            f"le tableau de mapping ne couvre pas les strates : {', '.join(absent)}",
            "la liste « strata » doit nommer les 5 strates du guide",
        )
    tree = _dispositif_tree(dataset)
    for i, row in enumerate(source.data["rows"]):
        yield from _row_placement(source, i, row, tree)
        yield from _row_cells(source, i, row, columns)


def _row_placement(source: SourceFile, i: int, row: dict, tree: dict) -> Iterator[Diagnostic]:
    strategy, dispositif, sub = row["strategy"], row.get("dispositif"), row.get("sous_dispositif")
    if dispositif and dispositif in tree and tree[dispositif][0] != strategy:
        yield located(
            source,
            ("rows", i, "dispositif"),
            "mapping-dispositif-hors-strategie",
            f"le dispositif « {dispositif} » n'appartient pas à la stratégie « {strategy} »",
            f"il appartient à « {tree[dispositif][0]} »",
        )
    if sub and sub in tree and tree[sub][1] != dispositif:
        yield located(
            source,
            ("rows", i, "sous_dispositif"),
            "mapping-dispositif-hors-strategie",
            f"« {sub} » n'est pas un sous-dispositif de « {dispositif} »",
            f"son dispositif parent est « {tree[sub][1]} »"
            if tree[sub][1]
            else "c'est un dispositif, pas un sous-dispositif",
        )


def _row_cells(source: SourceFile, i: int, row: dict, columns: list[str]) -> Iterator[Diagnostic]:
    cells = row["cells"]
    for position, stratum in enumerate(columns):
        if stratum not in cells:
            yield located(
                source,
                ("rows", i, "cells"),
                "mapping-cellule-manquante",
                f"pas de cellule pour la strate « {stratum} » dans la ligne « {row['label']} »",
                "ajoutez la cellule (« none: true » si le guide met « / », « continues: true » si elle est vide)",
            )
            continue
        cell = cells[stratum]
        path = ("rows", i, "cells", stratum)
        listed = bool(cell.get("actor_types") or cell.get("functions"))
        if (cell.get("continues") or cell.get("idem")) and position == 0:
            yield located(
                source,
                path,
                "mapping-cellule-incoherente",
                "la première colonne ne peut pas prolonger une cellule à sa gauche",
            )
        elif cell.get("none") and (listed or cell.get("continues") or cell.get("idem")):
            yield located(
                source,
                path,
                "mapping-cellule-incoherente",
                "une cellule « / » (none) ne peut pas nommer d'acteurs ni en prolonger",
            )
        elif cell.get("continues") and (listed or cell.get("idem")):
            yield located(
                source,
                path,
                "mapping-cellule-incoherente",
                "une cellule qui prolonge sa voisine (continues) ne liste pas d'acteurs",
            )
        elif not (cell.get("none") or cell.get("continues") or listed or cell.get("note")):
            yield located(
                source,
                path,
                "mapping-cellule-vide",
                "cellule sans acteur ni fonction",
                "listez actor_types ou functions, ou marquez « none: true », « continues: true », ou expliquez dans « note »",
            )


def entry_doors(dataset: LoadedDataset, index: IdIndex) -> Iterator[Diagnostic]:
    source = dataset.one("entry-doors")
    if source is None:
        return
    width = len(source.data["columns"])
    tree = _dispositif_tree(dataset)
    for i, row in enumerate(source.data["rows"]):
        if len(row["cells"]) != width:
            yield located(
                source,
                ("rows", i, "cells"),
                "portes-cellules",
                f"{len(row['cells'])} cellule(s) pour {width} colonne(s)",
                "une cellule par colonne, dans l'ordre des colonnes",
            )
        if row["cells"] and row["cells"][0].get("idem"):
            yield located(
                source,
                ("rows", i, "cells", 0, "idem"),
                "portes-cellules",
                "la première cellule ne peut pas être « Idem »",
            )
        if row["door"] in tree and tree[row["door"]][0] != "porte-entree":
            yield located(
                source,
                ("rows", i, "door"),
                "portes-dispositif",
                f"« {row['door']} » n'est pas un dispositif de la stratégie porte-entree",
                "choisissez aiguillage ou evaluation-initiale",
            )


def bib_numbers(dataset: LoadedDataset, index: IdIndex) -> Iterator[Diagnostic]:
    source = dataset.one("indicators")
    if source is None:
        return
    seen: set[int] = set()
    for i, item in enumerate(source.data["bib"]):
        if item["number"] in seen:
            yield located(source, ("bib", i, "number"), "bib-numero", f"numéro {item['number']} déjà utilisé")
        seen.add(item["number"])
    expected = set(range(1, len(seen) + 1))
    if seen != expected:
        yield located(
            source,
            ("bib",),
            "bib-numero",
            "les numéros des indicateurs BIB doivent se suivre à partir de 1",
            "manquants : " + ", ".join(str(n) for n in sorted(expected - seen)),
        )


def scenario_ranges(dataset: LoadedDataset, index: IdIndex) -> Iterator[Diagnostic]:
    source = dataset.one("scenarios")
    if source is None:
        return
    items = sorted(enumerate(source.data["scenarios"]), key=lambda p: p[1]["min_indicators"])
    expected = 0
    for i, scenario in items:
        if scenario["min_indicators"] != expected:
            yield located(
                source,
                ("scenarios", i, "min_indicators"),
                "scenarios-couverture",
                f"le scénario {scenario['id']} commence à {scenario['min_indicators']} indicateur(s), {expected} attendu",
                "les scénarios doivent couvrir 0, 1, 2… indicateurs sans trou ni chevauchement",
            )
        if "max_indicators" not in scenario:
            expected = -1
            continue
        expected = scenario["max_indicators"] + 1
    if expected != -1:
        yield located(
            source,
            ("scenarios",),
            "scenarios-couverture",
            "aucun scénario ne couvre le nombre d'indicateurs le plus élevé",
            "laissez « max_indicators » absent sur le dernier scénario (« ou plus »)",
        )
    yield from _scenario_prestations(dataset, source)


def _scenario_prestations(dataset: LoadedDataset, scenarios: SourceFile) -> Iterator[Diagnostic]:
    prestations = dataset.one("prestations")
    if prestations is None:
        return
    opens = {p["id"]: set(p["scenarios"]) for p in prestations.data["prestations"]}
    for i, scenario in enumerate(scenarios.data["scenarios"]):
        listed = set(scenario["prestations"])
        expected = {pid for pid, allowed in opens.items() if scenario["id"] in allowed}
        if listed != expected:
            yield located(
                scenarios,
                ("scenarios", i, "prestations"),
                "scenario-prestations-incoherent",
                f"le scénario {scenario['id']} liste {', '.join(sorted(listed)) or 'aucune prestation'}"
                f" mais content/prestations.yaml lui ouvre {', '.join(sorted(expected)) or 'aucune prestation'}",
                "accordez la liste du scénario et les « scenarios » des prestations",
            )


def functions_dispositifs(dataset: LoadedDataset, index: IdIndex) -> Iterator[Diagnostic]:
    source = dataset.one("functions")
    if source is None:
        return
    tree = _dispositif_tree(dataset)
    for i, function in enumerate(source.data["functions"]):
        owner = tree.get(function["dispositif"], ("coordination-continuite", None))[0]
        if owner != "coordination-continuite":
            yield located(
                source,
                ("functions", i, "dispositif"),
                "fonction-dispositif",
                f"« {function['dispositif']} » n'est pas un dispositif de la stratégie coordination-continuite",
            )


def unique_orders(dataset: LoadedDataset, index: IdIndex) -> Iterator[Diagnostic]:
    for kind, key in (("strata", "strata"), ("periods", "periods")):
        source = dataset.one(kind)
        if source is None:
            continue
        seen: dict[int, str] = {}
        for i, item in enumerate(source.data[key]):
            if item["order"] in seen:
                yield located(
                    source,
                    (key, i, "order"),
                    "ordre-duplique",
                    f"rang {item['order']} déjà utilisé par « {seen[item['order']]} »",
                )
            seen[item["order"]] = item["id"]
    seen_strategies: dict[int, str] = {}
    for source in dataset.of_kind("strategy"):
        order = source.data["order"]
        if order in seen_strategies:
            yield located(
                source,
                ("order",),
                "ordre-duplique",
                f"rang {order} déjà utilisé par « {seen_strategies[order]} »",
            )
        seen_strategies[order] = source.data["id"]


_LIST_ITEM = re.compile(r"(?:[-*+]|\d+[.)])\s")


def glued_lists(dataset: LoadedDataset, index: IdIndex) -> Iterator[Diagnostic]:
    """A Markdown list right under a line of text, without a blank line, renders as run-on text: every text of
    every file is Markdown on the site."""
    for source in dataset.files:
        for path, text in _multiline_texts(source.data):
            item = _glued_list_item(text)
            if item:
                yield located(
                    source,
                    path,
                    "liste-collee",
                    f"la liste qui commence par « {item} » suit une ligne de texte sans ligne vide : le site"
                    " l'afficherait comme du texte continu",
                    "laissez une ligne vide avant le premier élément de la liste",
                    warning=True,
                )


def dropped_markup(dataset: LoadedDataset, index: IdIndex) -> Iterator[Diagnostic]:
    """Markup the site will not render as written (raw HTML, attribute lists, images, links to other schemes):
    names show it as text, free texts drop it (`text_policy`)."""
    for source in dataset.files:
        for path, text in _texts(source.data):
            found = text_policy.dropped_markup(text)
            if found:
                what, excerpt = found
                yield located(
                    source,
                    path,
                    "balisage-ignore",
                    f"{what} (« {excerpt} ») : le site ne l'interprète pas, il l'affiche comme du texte ou la retire",
                    "écrivez le texte sans balisage : du Markdown simple (paragraphes, *italique*, **gras**, listes,"
                    " tableaux, liens [texte](https://…), mailto:, tel: ou vers une page du site)",
                    warning=True,
                )


def _multiline_texts(data: Any) -> Iterator[tuple[tuple, str]]:
    """Every string of `data` that spans several lines, with its path."""
    return ((path, text) for path, text in _texts(data) if "\n" in text)


def _texts(data: Any) -> Iterator[tuple[tuple, str]]:
    """Every string of `data`, with its path (a loop, not recursion: it sees every value of every file, 10,000
    actors included)."""
    stack: list[tuple[tuple, Any]] = [((), data)]
    while stack:
        path, node = stack.pop()
        for key, value in node.items() if isinstance(node, dict) else enumerate(node):
            if isinstance(value, str):
                yield (*path, key), value
            elif isinstance(value, (dict, list)):
                stack.append(((*path, key), value))


def _glued_list_item(text: str) -> str | None:
    """The first list item that follows a line of text directly (a wrapped item's next lines are not text)."""
    in_list, after_text = False, False
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            in_list = after_text = False
        elif _LIST_ITEM.match(stripped):
            if after_text and not in_list:
                return stripped if len(stripped) <= 40 else stripped[:39] + "…"
            in_list = True
        else:
            after_text = True
    return None


RULES: tuple[Rule, ...] = (
    fixed_ids_present,
    strategy_file_names,
    mapping_rows,
    entry_doors,
    bib_numbers,
    scenario_ranges,
    functions_dispositifs,
    unique_orders,
    glued_lists,
    dropped_markup,
)
