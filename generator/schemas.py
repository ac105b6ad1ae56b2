"""The JSON Schemas: loaded and compiled once, used for pass 1 of validation and for the reference walk.

Two keywords of our own ride along in the schemas (validators and editors ignore them):
`x-id: <kind>` marks a string that declares an id of that kind, `x-ref: <kind>` a string that must name one.
The schemas are thus the single source of truth for both the shape of a file and its links to others.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schemas"

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

    def __init__(self, folder: Path = SCHEMA_DIR) -> None:
        self.folder = folder
        self.documents: dict[str, dict] = {
            path.name: json.loads(path.read_text(encoding="utf-8"))
            for path in sorted(folder.glob("*.schema.json"))
        }
        self._validators: dict[str, Draft202012Validator] = {}

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

    def resolve(self, ref: str, base: str) -> tuple[dict, str]:
        """Follow a `$ref` written in schema file `base`; returns the target subschema and its file."""
        file_part, _, pointer = ref.partition("#")
        target_file = file_part or base
        node: Any = self.documents[target_file]
        for token in filter(None, pointer.split("/")):
            node = node[token.replace("~1", "/").replace("~0", "~")]
        return node, target_file

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
        """Every id declaration and id reference in `instance`, a file of kind `kind`."""
        name = self.file_name(kind)
        yield from self._walk(self.documents[name], name, instance, ())

    def _walk(self, schema: Any, base: str, instance: Any, path: YamlPath) -> Iterator[Link]:
        if not isinstance(schema, dict):
            return
        if "$ref" in schema:
            target, target_base = self.resolve(schema["$ref"], base)
            yield from self._walk(target, target_base, instance, path)
        for keyword, declares in (("x-id", True), ("x-ref", False)):
            if keyword in schema and isinstance(instance, str):
                yield Link(path, instance, schema[keyword], declares)
        for combinator in ("anyOf", "oneOf", "allOf"):
            for branch in schema.get(combinator, ()):
                yield from self._walk(branch, base, instance, path)
        if isinstance(instance, dict):
            yield from self._walk_object(schema, base, instance, path)
        elif isinstance(instance, list) and isinstance(schema.get("items"), dict):
            for index, item in enumerate(instance):
                yield from self._walk(schema["items"], base, item, (*path, index))

    def _walk_object(self, schema: dict, base: str, instance: dict, path: YamlPath) -> Iterator[Link]:
        props = schema.get("properties", {})
        extra = schema.get("additionalProperties")
        key_kind = schema.get("propertyNames", {}).get("x-ref")
        for key, value in instance.items():
            if key_kind and isinstance(key, str):
                yield Link((*path, key), key, key_kind, False, on_key=True)
            if key in props:
                yield from self._walk(props[key], base, value, (*path, key))
            elif isinstance(extra, dict):
                yield from self._walk(extra, base, value, (*path, key))
