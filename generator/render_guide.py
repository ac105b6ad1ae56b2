"""Render the « Guide des coachs » (`guide/`): how to edit the data, the field reference generated from the JSON
Schemas, and the catalogue of diagnostic codes (`error_codes.yaml`).

Pure and deterministic: the pages depend on the schemas and the catalogue only. The field reference walks each
file kind's schema (following `$ref`s, into `common.schema.json` too): one table for the file and one for the
elements of each list of objects, nested objects flattened as `address.street`, types said in French, and for
`x-ref` fields the kind of id expected, linked to the site page that lists those ids.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from jinja2 import Environment
from markupsafe import Markup

from .diagnostics import Diagnostic, Severity, format_text, summary
from .error_codes import code_groups
from .fixed_ids import BASE_STRATA, FIXED_IDS
from .layout import KINDS, REGIONS, FileKind
from .references import KIND_LABELS
from .render_guidance import anchor, inline
from .render_pages import environment
from .schemas import SchemaSet

ID_PATTERN = "^[a-z0-9]+(-[a-z0-9]+)*$"
PATTERNS = {  # what a schema pattern asks, in French ("": said by the type already)
    ID_PATTERN: "minuscules sans accents, chiffres et tirets",
    "^[0-9]{4}-[0-9]{2}-[0-9]{2}$": "",
    "^[1-9][0-9]{3}$": "4 chiffres (code postal)",
    "^[a-z]{2}$": "2 lettres minuscules (code de langue : fr, nl…)",
    "^(\\+?[0-9][0-9 ./()-]{5,19}|1[0-9]{2,3}|116 ?[0-9]{3})$": "chiffres, espaces et + . / ( ) -, ou un numéro court (112, 1712, 116 000)",
    "^[a-z]$": "une lettre minuscule",
    "^https?://": "commence par https://",
}
SIMPLE_TYPES = {
    "integer": ("nombre entier", "nombres entiers"),
    "number": ("nombre", "nombres"),
    "boolean": ("oui/non (true/false)", "oui/non"),
    "null": ("vide (null)", "vides"),
    "object": ("ensemble de champs", "ensembles de champs"),
}
FORMATS = {"date": ("date AAAA-MM-JJ", "dates AAAA-MM-JJ"), "email": ("adresse e-mail", "adresses e-mail")}
# The site page that lists the ids of a kind (relative to guide/).
KIND_PAGES = {
    "actor-type": "../types.md",
    "stratum": "../strates.md",
    "function": "../fonctions.md",
    "period": "../periodes.md",
    "prestation": "../prestations.md",
    "scenario": "../prestations.md",
    "strategy": "../strategies/index.md",
    "dispositif": "../strategies/index.md",
    "territory": "../territoires/index.md",
}
COACH_KINDS = ("actor", "territory", "logigram-override", "actor-types")
# The example output of `balises validate` shown on the guide's home (formatted by the real formatter).
SAMPLE = (
    Diagnostic(
        "actors/bxl-nord/maison-medicale-quartier-nord.yaml",
        7,
        9,
        "reference-inconnue",
        "type d'acteur inconnu(e) : « medecin-generalise »",
        hint="vouliez-vous dire « medecin-generaliste » ?",
    ),
    Diagnostic(
        "actors/bxl-nord/service-exemple.yaml",
        2,
        5,
        "acteur-injoignable",
        "aucun moyen de joindre « Service exemple » (ni téléphone, ni e-mail, ni site, ni adresse publique)",
        Severity.WARNING,
        hint="ajoutez un contact tiré d'une source publique, ou marquez « generic: true » pour un rôle générique",
    ),
)


@dataclass(frozen=True)
class FieldRow:
    name: str  # path inside its table's object, e.g. `address.street` or `cells.<strate>`
    type: str  # French
    required: bool
    values: tuple[str, ...]  # allowed values (or keys) when the schema lists them
    constraints: tuple[str, ...]  # French
    description: str
    link: str = ""  # site page listing the ids this field names
    table: str = ""  # anchor of the table describing the elements of this list


@dataclass(frozen=True)
class FieldTable:
    anchor: str
    path: str  # "" for the file itself, else the list whose elements it describes, e.g. `choices[].actors`
    rows: tuple[FieldRow, ...]


@dataclass(frozen=True)
class KindReference:
    kind: FileKind
    title: str
    description: str
    modeline: str
    tables: tuple[FieldTable, ...]


class _Node:
    """A subschema seen through its `$ref` chain: a keyword is read from the first layer that has it."""

    def __init__(self, schemas: SchemaSet, schema: dict, base: str) -> None:
        self.schemas = schemas
        self.layers = [(schema, base)]
        while "$ref" in schema and len(self.layers) < 10:
            schema, base = schemas.resolve(schema["$ref"], base)
            self.layers.append((schema, base))

    def get(self, key: str, default: Any = None) -> Any:
        return next((s[key] for s, _ in self.layers if key in s), default)

    def _find(self, key: str) -> tuple[Any, str]:
        """The value under `key` and the schema file it was written in (to resolve its own `$ref`s)."""
        return next(((s[key], b) for s, b in self.layers if key in s), (None, ""))

    def child(self, key: str) -> _Node | None:
        value, base = self._find(key)
        return _Node(self.schemas, value, base) if isinstance(value, dict) else None

    def properties(self) -> list[tuple[str, _Node]]:
        found, base = self._find("properties")
        return [(name, _Node(self.schemas, sub, base)) for name, sub in (found or {}).items()]

    def branches(self) -> list[_Node]:
        found, base = self._find("anyOf") if self.get("anyOf") else self._find("oneOf")
        return [_Node(self.schemas, branch, base) for branch in found or ()]

    @property
    def target(self) -> int:
        return id(self.layers[-1][0])

    def is_object(self) -> bool:
        extra = self.get("additionalProperties")
        return self.get("type") == "object" or bool(self.get("properties")) or isinstance(extra, dict)


def _de(word: str) -> str:
    return "d'" if word[:1].lower() in "aeiouyéèêh" else "de "


def _or(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " ou " + names[-1]


def type_names(node: _Node) -> tuple[str, str]:
    """The French name of a value's type, singular and plural (« liste de textes », « identifiant de strate »)."""
    if branches := node.branches():
        names = [type_names(b) for b in branches]
        return _or([n[0] for n in names]), _or([n[1] for n in names])
    kind = node.get("x-ref") or node.get("x-id")
    if kind:
        label = KIND_LABELS.get(kind, kind)
        return f"identifiant {_de(label)}{label}", f"identifiants {_de(label)}{label}"
    if node.get("enum") is not None:
        return "valeur au choix", "valeurs au choix"
    kind_of_value = node.get("type")
    if kind_of_value == "array":
        items = node.child("items")
        plural = "éléments" if items is None or items.is_object() else type_names(items)[1]
        return f"liste {_de(plural)}{plural}", f"listes {_de(plural)}{plural}"
    if kind_of_value == "string":
        if node.get("format") in FORMATS:
            return FORMATS[node.get("format")]
        if node.get("pattern") == ID_PATTERN:
            return "identifiant", "identifiants"
        if node.get("format") == "uri" or node.get("pattern") == "^https?://":
            return "adresse web", "adresses web"
        return "texte", "textes"
    if isinstance(kind_of_value, list):
        names = [SIMPLE_TYPES.get(t, ("texte", "textes")) for t in kind_of_value]
        return _or([n[0] for n in names]), _or([n[1] for n in names])
    return SIMPLE_TYPES.get("object" if node.is_object() else kind_of_value, ("valeur", "valeurs"))


def constraints(node: _Node) -> list[str]:
    """What a value must respect besides its type, in French."""
    found: list[str] = []
    if node.get("x-id"):
        found.append("unique dans tout le jeu de données")
    if pattern := node.get("pattern"):
        found.append(PATTERNS.get(pattern, f"forme : {pattern}"))
    checks = (
        ("minLength", lambda n: "non vide" if n == 1 else f"au moins {n} caractères"),
        ("minItems", lambda n: f"au moins {n} élément{'s' if n > 1 else ''}"),
        ("maxItems", lambda n: f"au plus {n} élément{'s' if n > 1 else ''}"),
        ("uniqueItems", lambda n: "sans doublon" if n else ""),
        ("minimum", lambda n: f"au moins {n}"),
        ("maximum", lambda n: f"au plus {n}"),
        ("exclusiveMinimum", lambda n: f"plus de {n}"),
        ("minProperties", lambda n: f"au moins {n} champ{'s' if n > 1 else ''}"),
        ("maxProperties", lambda n: f"au plus {n} champ{'s' if n > 1 else ''}"),
    )
    found += [say(node.get(key)) for key, say in checks if node.get(key) is not None]
    items = node.child("items") if node.get("type") == "array" else None
    if items is not None and not items.is_object():
        found += [f"chaque élément : {c}" for c in constraints(items)]
    return [c for c in found if c]


class _FieldWalker:
    """The tables of one file kind: its own fields, then those of the elements of each list of objects."""

    def __init__(self, schemas: SchemaSet, kind: FileKind) -> None:
        self.schemas, self.kind = schemas, kind
        self.tables: list[FieldTable | None] = []
        self.done: dict[int, str] = {}  # resolved schema → anchor of its table (recursive lists point back)

    def walk(self) -> tuple[FieldTable, ...]:
        name = self.schemas.file_name(self.kind.name)
        self._table(_Node(self.schemas, self.schemas.documents[name], name), "")
        return tuple(t for t in self.tables if t is not None)

    def _table(self, node: _Node, path: str) -> str:
        if node.target in self.done:
            return self.done[node.target]
        suffix = re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-")
        table_anchor = f"{self.kind.name}-{suffix}" if suffix else self.kind.name
        self.done[node.target] = table_anchor
        slot = len(self.tables)
        self.tables.append(None)
        rows: list[FieldRow] = []
        self._rows(node, "", path, rows, set())
        self.tables[slot] = FieldTable(table_anchor, path, tuple(rows))
        return table_anchor

    def _rows(self, node: _Node, prefix: str, path: str, rows: list[FieldRow], stack: set[int]) -> None:
        required = set(node.get("required", ()))
        for name, sub in node.properties():
            self._field(sub, prefix + name, name in required, path, rows, stack)
        extra = node.child("additionalProperties")
        if extra is not None:
            keys = node.get("propertyNames", {})
            label = KIND_LABELS.get(keys.get("x-ref", ""), "clé")
            self._field(extra, f"{prefix}<{label}>", False, path, rows, stack)

    def _field(
        self, node: _Node, name: str, required: bool, path: str, rows: list[FieldRow], stack: set[int]
    ) -> None:
        items = node.child("items") if node.get("type") == "array" else None
        table = ""
        if items is not None and items.is_object():
            table = self._table(items, f"{path}[].{name}" if path else name)
        ref = node.get("x-ref") or (items.get("x-ref") if items else None)
        values = tuple(map(str, node.get("enum") or node.get("propertyNames", {}).get("enum") or ()))
        described = node.get("description", "")
        link = KIND_PAGES.get(ref or "", "")
        row = FieldRow(
            name, type_names(node)[0], required, values, tuple(constraints(node)), described, link, table
        )
        rows.append(row)
        if node.target in stack:
            return
        inner = {*stack, node.target}
        if node.is_object() and not table:
            self._rows(node, name + ".", path, rows, inner)
        for branch in node.branches():
            if branch.is_object():
                self._rows(branch, name + ".", path, rows, inner)


def kind_reference(schemas: SchemaSet, kind: FileKind) -> KindReference:
    document = schemas.documents[schemas.file_name(kind.name)]
    schema_path = "../" * kind.pattern.count("/") + f"schemas/{kind.name}.schema.json"
    return KindReference(
        kind,
        kind.label[:1].upper() + kind.label[1:],
        document.get("description", ""),
        f"# yaml-language-server: $schema={schema_path}",
        _FieldWalker(schemas, kind).walk(),
    )


def ordered_kinds() -> list[FileKind]:
    """The file kinds coaches edit first, then the others in the order of `layout.KINDS`."""
    first = [k for name in COACH_KINDS for k in KINDS if k.name == name]
    return first + [k for k in KINDS if k not in first]


def code_span(value: Any) -> Markup:
    """Inline code (Markdown escapes its content itself); `|` protected for tables."""
    text = " ".join(str(value).split()).replace("|", "\\|")
    fence = "``" if "`" in text else "`"
    return Markup(f"{fence}{text}{fence}")


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = environment().overlay()
    env.filters = {**env.filters, "inline": inline, "anchor": anchor, "code": code_span}
    return env


def _render(name: str, **context: Any) -> str:
    text = _environment().get_template(f"guide/{name}.md.j2").render(**context)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def render_guide(schemas: SchemaSet) -> dict[str, str]:
    """The pages of the « Guide des coachs », by path in the docs tree."""
    sample = format_text(list(SAMPLE)) + "\n" + summary(list(SAMPLE), 143)
    return {
        "guide/index.md": _render(
            "index",
            regions=REGIONS,
            functions=FIXED_IDS["function"],
            strata=BASE_STRATA,
            periods=FIXED_IDS["period"],
            sample=sample,
            sample_codes=[d.code for d in SAMPLE],
        ),
        "guide/champs.md": _render("champs", kinds=[kind_reference(schemas, k) for k in ordered_kinds()]),
        "guide/erreurs.md": _render("erreurs", groups=code_groups(), sample=format_text([SAMPLE[0]])),
    }
