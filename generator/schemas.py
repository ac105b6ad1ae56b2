"""The JSON Schemas: loaded and compiled once, used for pass 1 of validation and for the reference walk.

Two keywords of our own ride along in the schemas (validators and editors ignore them):
`x-id: <kind>` marks a string that declares an id of that kind, `x-ref: <kind>` a string that must name one.
The schemas are thus the single source of truth for both the shape of a file and its links to others.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

try:  # the fast path of pass 1; without it, every file goes through `jsonschema`
    import jsonschema_rs
except ImportError:  # pragma: no cover - jsonschema-rs is a dependency, but an optional speed-up
    jsonschema_rs = None

# The package's own copy of the schemas, shipped with it: a dataset needs none of its own. The repository's
# `schemas/` folder is the editors' copy (the `$schema=` line of every data file); a test keeps both identical.
SCHEMA_DIR: Traversable = resources.files(__package__) / "schema_files"
# The schemas name each other by file name; jsonschema-rs wants absolute URIs (`.invalid` never resolves).
FAST_BASE_URI = "https://balises.invalid/schemas/"

YamlPath = tuple[str | int, ...]


@dataclass(frozen=True)
class Link:
    """A value that declares (`declares=True`) or names an id of `kind`, at `path` in its file."""

    path: YamlPath
    value: str
    kind: str
    declares: bool
    on_key: bool = False


class SchemaSet:
    """All schemas of a folder, with one compiled validator per file kind."""

    def __init__(self, folder: Traversable = SCHEMA_DIR) -> None:
        self.folder = folder
        self.documents: dict[str, dict] = {
            entry.name: json.loads(entry.read_text(encoding="utf-8"))
            for entry in sorted(folder.iterdir(), key=lambda entry: entry.name)
            if entry.name.endswith(".schema.json")
        }
        self._validators: dict[str, Draft202012Validator] = {}
        self._fast: dict[str, Any] = {}
        self._declared: dict[str, frozenset[str]] = {}

    @cached_property
    def registry(self) -> Registry:
        resources = [
            (name, Resource.from_contents(doc, default_specification=DRAFT202012))
            for name, doc in self.documents.items()
        ]
        return Registry().with_resources(resources)

    def file_name(self, kind: str) -> str:
        return f"{kind}.schema.json"

    def validator(self, kind: str) -> Draft202012Validator:
        if kind not in self._validators:
            schema = self.documents[self.file_name(kind)]
            self._validators[kind] = Draft202012Validator(
                schema,
                registry=self.registry,
                format_checker=Draft202012Validator.FORMAT_CHECKER,
            )
        return self._validators[kind]

    def fast_validator(self, kind: str) -> Any | None:
        """A jsonschema-rs validator for files of `kind`, or None when jsonschema-rs is unavailable."""
        if kind not in self._fast:
            self._fast[kind] = compile_fast(self._fast_registry, self.documents, self.file_name(kind))
        return self._fast[kind]

    @cached_property
    def _fast_registry(self) -> Any | None:
        """All the schema files for jsonschema-rs, so that the `$ref`s between them resolve."""
        return fast_registry(self.documents)

    def conforms(self, kind: str, instance: Any) -> bool:
        """A quick verdict: True only when `instance` is surely valid against the schema of `kind`.

        False means « invalid, or cannot tell »: the caller then asks `validator(kind)`, which explains why.
        """
        fast = self.fast_validator(kind)
        if fast is None:
            return False
        try:
            return fast.is_valid(instance)
        except Exception:  # values jsonschema-rs cannot convert (lone surrogates…): let `jsonschema` decide
            return False

    def resolve(self, ref: str, base: str) -> tuple[dict, str]:
        """Follow a `$ref` written in schema file `base`; returns the target subschema and its file."""
        file_part, _, pointer = ref.partition("#")
        target_file = file_part or base
        node: Any = self.documents[target_file]
        for token in filter(None, pointer.split("/")):
            node = node[token.replace("~1", "/").replace("~0", "~")]
        return node, target_file

    def home(self, subschema: Any, default: str) -> str:
        """The schema file that holds `subschema` (the very object, as the validators report it), for the
        `$ref`s written in it: `#/$defs/…` in a subschema of common.schema.json points into that file."""
        return self._homes.get(id(subschema), default)

    @cached_property
    def _homes(self) -> dict[int, str]:
        homes: dict[int, str] = {}
        for name, document in self.documents.items():
            stack: list[Any] = [document]
            while stack:
                node = stack.pop()
                if isinstance(node, dict):
                    homes.setdefault(id(node), name)
                    stack.extend(node.values())
                elif isinstance(node, list):
                    stack.extend(node)
        return homes

    def description(self, schema: dict, base: str) -> str:
        """The French description of a subschema, following `$ref`s when it has none of its own."""
        seen = 0
        while "description" not in schema and "$ref" in schema and seen < 10:
            schema, base = self.resolve(schema["$ref"], base)
            seen += 1
        return schema.get("description", "")

    def property_schema(self, schema: dict, base: str, name: str) -> tuple[dict, str] | None:
        """The subschema of property `name` of an object schema (following `$ref`s)."""
        while "$ref" in schema and "properties" not in schema:
            schema, base = self.resolve(schema["$ref"], base)
        props = schema.get("properties", {})
        if name in props:
            return props[name], base
        return None

    def declared_kinds(self, kind: str) -> set[str]:
        """The id kinds a file of `kind` declares (every `x-id` reachable from its schema)."""
        if kind not in self._declared:
            self._declared[kind] = frozenset(self._declared_kinds(kind))
        return set(self._declared[kind])

    def _declared_kinds(self, kind: str) -> set[str]:
        found: set[str] = set()
        seen: set[int] = set()

        def visit(node: Any, base: str) -> None:
            if isinstance(node, list):
                for item in node:
                    visit(item, base)
            if not isinstance(node, dict) or id(node) in seen:
                return
            seen.add(id(node))
            if "x-id" in node:
                found.add(node["x-id"])
            if "$ref" in node:
                visit(*self.resolve(node["$ref"], base))
            for key, value in node.items():
                if key not in ("$ref", "$defs"):
                    visit(value, base)

        name = self.file_name(kind)
        visit(self.documents[name], name)
        return found

    def links(self, kind: str, instance: Any) -> Iterator[Link]:
        """Every id declaration and id reference in `instance`, a file of kind `kind`, in document order."""
        found: list[Link] = []
        plan = self._link_plans.get(self.file_name(kind))
        if plan is not None:
            _collect(plan, instance, (), found)
        return iter(found)

    @cached_property
    def _link_plans(self) -> dict[str, _Plan]:
        """The walk plan of every schema file, with the subschemas that cannot hold a link pruned away."""
        plans: dict[tuple[int, str], _Plan] = {}
        roots = {name: _compile(self.resolve, doc, name, plans) for name, doc in self.documents.items()}
        _prune(list(plans.values()))
        return {name: plan for name, plan in roots.items() if plan is not None}


# --- The reference walk -------------------------------------------------------------------------------
# Each subschema is compiled once into a `_Plan`: which links it yields on a string, which subschemas apply
# to the same value, to the values of an object and to the items of a list. Subschemas from which no
# `x-id`, `x-ref` nor `propertyNames.x-ref` is reachable are pruned, so the walk skips the values under
# them. The walk yields exactly what a keyword-by-keyword walk of the schema would, in the same order:
# the `$ref` target first, then `x-id`, `x-ref`, then the `anyOf`, `oneOf`, `allOf` branches, then the
# object's fields (in the file's order) or the list's items.


class _Plan:
    __slots__ = ("branches", "extra", "fields", "items", "key_kind", "live", "marks", "ref", "routes")

    def __init__(self) -> None:
        self.ref: _Plan | None = None
        self.marks: tuple[tuple[Any, bool], ...] = ()  # (kind, declares) of `x-id` then `x-ref`
        self.branches: tuple[_Plan, ...] = ()
        self.key_kind: Any = None  # propertyNames.x-ref: object keys name ids of that kind
        self.routes: dict[str, _Plan | None] = {}  # the subschema of each declared property
        self.extra: _Plan | None = None  # additionalProperties, when a schema
        self.items: _Plan | None = None
        self.fields: tuple[Any, dict[str, _Plan | None], _Plan | None] | None = None  # set by `_prune`
        self.live = False

    def children(self) -> Iterator[_Plan | None]:
        yield self.ref
        yield from self.branches
        yield from self.routes.values()
        yield self.extra
        yield self.items


def _compile(
    resolve: Callable[[str, str], tuple[dict, str]],
    schema: Any,
    base: str,
    plans: dict[tuple[int, str], _Plan],
) -> _Plan | None:
    """The plan of `schema` (written in file `base`), reusing `plans` (also for `$ref` cycles)."""
    if not isinstance(schema, dict):
        return None
    key = (id(schema), base)
    if key in plans:
        return plans[key]
    plan = plans[key] = _Plan()
    if "$ref" in schema:
        plan.ref = _compile(resolve, *resolve(schema["$ref"], base), plans)
    plan.marks = tuple(
        (schema[keyword], declares)
        for keyword, declares in (("x-id", True), ("x-ref", False))
        if keyword in schema
    )
    branches = [
        _compile(resolve, b, base, plans) for c in ("anyOf", "oneOf", "allOf") for b in schema.get(c, ())
    ]
    plan.branches = tuple(b for b in branches if b is not None)
    plan.key_kind = schema.get("propertyNames", {}).get("x-ref")
    plan.routes = {
        name: _compile(resolve, sub, base, plans) for name, sub in schema.get("properties", {}).items()
    }
    plan.extra = _compile(resolve, schema.get("additionalProperties"), base, plans)
    plan.items = _compile(resolve, schema.get("items"), base, plans)
    return plan


def _prune(plans: list[_Plan]) -> None:
    """Mark the plans from which a link is reachable, then drop the others from every plan."""
    changed = True
    while changed:
        changed = False
        for plan in plans:
            if not plan.live and (
                plan.marks or plan.key_kind or any(c is not None and c.live for c in plan.children())
            ):
                plan.live = changed = True

    def alive(child: _Plan | None) -> _Plan | None:
        return child if child is not None and child.live else None

    for plan in plans:
        plan.ref = alive(plan.ref)
        plan.branches = tuple(b for b in plan.branches if b.live)
        plan.routes = {name: alive(sub) for name, sub in plan.routes.items()}
        plan.extra = alive(plan.extra)
        plan.items = alive(plan.items)
        if plan.key_kind or plan.extra is not None or any(plan.routes.values()):
            plan.fields = (plan.key_kind, plan.routes, plan.extra)


def _collect(plan: _Plan, instance: Any, path: YamlPath, found: list[Link]) -> None:
    if plan.ref is not None:
        _collect(plan.ref, instance, path, found)
    if plan.marks and isinstance(instance, str):
        for kind, declares in plan.marks:
            found.append(Link(path, instance, kind, declares))
    for branch in plan.branches:
        _collect(branch, instance, path, found)
    if isinstance(instance, dict):
        if plan.fields is not None:
            key_kind, routes, extra = plan.fields
            for key, value in instance.items():
                if key_kind and isinstance(key, str):
                    found.append(Link((*path, key), key, key_kind, False, on_key=True))
                sub = routes.get(key, extra)  # a declared property, else additionalProperties
                if sub is not None:
                    _collect(sub, value, (*path, key), found)
    elif isinstance(instance, list) and plan.items is not None:
        for index, item in enumerate(instance):
            _collect(plan.items, item, (*path, index), found)


# --- The fast path of pass 1 ----------------------------------------------------------------------------


def fast_registry(documents: dict[str, dict]) -> Any | None:
    if jsonschema_rs is None:
        return None
    try:
        resources = [(FAST_BASE_URI + name, doc) for name, doc in documents.items()]
        return jsonschema_rs.Registry(resources, retriever=_no_retrieval)
    except Exception:  # schemas jsonschema-rs cannot read: `jsonschema` alone will judge
        return None


def compile_fast(registry: Any | None, documents: dict[str, dict], name: str) -> Any | None:
    """A jsonschema-rs validator for schema file `name`, never less strict than `jsonschema` (or None).

    Formats are checked by the very checker `jsonschema` uses, with its notion of which formats it knows;
    the `$ref`s between files resolve in `registry`, never over the network.
    """
    if registry is None:
        return None
    try:
        return jsonschema_rs.Draft202012Validator(
            documents[name],
            registry=registry,
            base_uri=FAST_BASE_URI + name,
            retriever=_no_retrieval,
            validate_formats=True,
            formats={format_: _format_check(format_) for format_ in format_names(documents)},
        )
    except Exception:  # a schema jsonschema-rs cannot compile: `jsonschema` alone will judge
        return None


def _no_retrieval(uri: str) -> Any:
    raise LookupError(f"schema not found: {uri}")


def _format_check(name: str) -> Any:
    checker = Draft202012Validator.FORMAT_CHECKER
    return lambda value: checker.conforms(value, name)


def format_names(documents: dict[str, dict]) -> set[str]:
    """Every `format` named in the schemas."""
    found: set[str] = set()

    def visit(node: Any) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("format"), str):
                found.add(node["format"])
            for value in node.values():
                visit(value)
        elif isinstance(node, list):
            for value in node:
                visit(value)

    visit(list(documents.values()))
    return found
