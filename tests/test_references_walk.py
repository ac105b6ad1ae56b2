"""The compiled reference walk (`SchemaSet.links`) yields exactly what a plain walk of the schemas yields."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import MINI, ROOT, copy_dataset
from test_invalid_corpus import _cases, apply_case

from generator.load import load_dataset
from generator.schemas import Link, SchemaSet

FIXTURES = Path(__file__).resolve().parent / "fixtures"
DATASETS = [ROOT, MINI, FIXTURES / "diff" / "old", FIXTURES / "diff" / "new"]
DATASET_IDS = ["shipped", "mini", "diff-old", "diff-new"]


def reference_links(schemas: SchemaSet, kind: str, instance: Any) -> list[Link]:
    """The walk as first written: keyword by keyword, every value of the file, no plan nor pruning."""
    name = schemas.file_name(kind)
    return list(_walk(schemas, schemas.documents[name], name, instance, ()))


def _walk(schemas: SchemaSet, schema: Any, base: str, instance: Any, path: tuple) -> Iterator[Link]:
    if not isinstance(schema, dict):
        return
    if "$ref" in schema:
        target, target_base = schemas.resolve(schema["$ref"], base)
        yield from _walk(schemas, target, target_base, instance, path)
    for keyword, declares in (("x-id", True), ("x-ref", False)):
        if keyword in schema and isinstance(instance, str):
            yield Link(path, instance, schema[keyword], declares)
    for combinator in ("anyOf", "oneOf", "allOf"):
        for branch in schema.get(combinator, ()):
            yield from _walk(schemas, branch, base, instance, path)
    if isinstance(instance, dict):
        props = schema.get("properties", {})
        extra = schema.get("additionalProperties")
        key_kind = schema.get("propertyNames", {}).get("x-ref")
        for key, value in instance.items():
            if key_kind and isinstance(key, str):
                yield Link((*path, key), key, key_kind, False, on_key=True)
            if key in props:
                yield from _walk(schemas, props[key], base, value, (*path, key))
            elif isinstance(extra, dict):
                yield from _walk(schemas, extra, base, value, (*path, key))
    elif isinstance(instance, list) and isinstance(schema.get("items"), dict):
        for index, item in enumerate(instance):
            yield from _walk(schemas, schema["items"], base, item, (*path, index))


def assert_same_links(schemas: SchemaSet, root: Path) -> int:
    total = 0
    for source in load_dataset(root).files:
        expected = reference_links(schemas, source.kind.name, source.data)
        assert list(schemas.links(source.kind.name, source.data)) == expected, source.rel
        total += len(expected)
    return total


@pytest.mark.parametrize("root", DATASETS, ids=DATASET_IDS)
def test_links_of_the_datasets(schemas, root: Path):
    assert assert_same_links(schemas, root) > 100


def test_links_of_the_invalid_corpus(schemas, tmp_path: Path):
    for case in _cases():
        root = copy_dataset(MINI, tmp_path / case.name)
        apply_case(case, root)
        assert_same_links(schemas, root)


def _shapes(value: Any) -> list[Any]:
    """`value` and the same data with each of its values in turn replaced by values of other shapes."""
    variants = [value]
    others = ["x-1", 7, None, True, ["a", {"id": "b"}], {"id": "c", "x": ["d"]}]
    if isinstance(value, dict):
        for key in value:
            variants += [{**value, key: other} for other in others]
        variants.append({**value, "unexpected": "e"})
    elif isinstance(value, list):
        variants += [[*value[:i], other, *value[i + 1 :]] for i in range(len(value)) for other in others[:3]]
    return variants


def test_links_of_files_of_unexpected_shapes(schemas):
    # the walk also runs on files that failed their schema: every shape of value must give the same links
    checked = 0
    for source in load_dataset(MINI).files:
        data = copy.deepcopy(source.data)
        candidates = _shapes(data)
        for key, value in data.items() if isinstance(data, dict) else ():
            candidates += [{**data, key: variant} for variant in _shapes(value)]
        for candidate in candidates:
            assert list(schemas.links(source.kind.name, candidate)) == reference_links(
                schemas, source.kind.name, candidate
            ), source.rel
            checked += 1
    assert checked > 1000


def test_links_come_in_document_order_with_keys_before_their_values(schemas):
    cells = {"complexe": {"actor_types": ["sage-femme"]}, "bas-risque": {"text": "/"}}
    data = {"strata": ["danger"], "rows": [{"strategy": "s", "dispositif": "d", "cells": cells}]}
    found = [
        (link.path, link.value, link.kind, link.declares, link.on_key)
        for link in schemas.links("mapping", data)
    ]
    assert found == [
        (("strata", 0), "danger", "stratum", False, False),
        (("rows", 0, "strategy"), "s", "strategy", False, False),
        (("rows", 0, "dispositif"), "d", "dispositif", False, False),
        (("rows", 0, "cells", "complexe"), "complexe", "stratum", False, True),
        (("rows", 0, "cells", "complexe", "actor_types", 0), "sage-femme", "actor-type", False, False),
        (("rows", 0, "cells", "bas-risque"), "bas-risque", "stratum", False, True),
    ]
    assert list(schemas.links("mapping", data)) == reference_links(schemas, "mapping", data)


def test_declared_kinds_are_a_fresh_set_each_time(schemas):
    kinds = schemas.declared_kinds("actor-types")
    kinds.add("nonsense")
    assert "nonsense" not in schemas.declared_kinds("actor-types")
    assert schemas.declared_kinds("actor-types") == {"actor-type"}


# Synthetic schemas with the constructs the shipped ones do not combine (yet): a declared property without
# links next to additionalProperties with links, keys-only links, `$ref` cycles, combinators, `items: true`.
SYNTHETIC = {
    "other.schema.json": {
        "$defs": {
            "ref": {"type": "string", "x-ref": "thing"},
            "tree": {
                "type": "object",
                "properties": {"id": {"x-id": "node"}, "children": {"type": "array", "items": {"$ref": "#/$defs/tree"}}},
            },
        }
    },
    "odd.schema.json": {
        "type": "object",
        "properties": {
            "plain": {"type": "string"},
            "id": {"$ref": "other.schema.json#/$defs/ref", "x-id": "thing"},
            "keys": {"type": "object", "propertyNames": {"x-ref": "thing"}},
            "loose": {"type": "object", "properties": {"quiet": {"type": "string"}}, "additionalProperties": {"x-ref": "thing"}},
            "either": {"anyOf": [{"x-ref": "a"}, {"type": "array", "items": {"x-ref": "b"}}], "oneOf": [{"x-id": "c"}]},
            "all": {"allOf": [{"$ref": "other.schema.json#/$defs/ref"}, {"x-ref": "d"}]},
            "tree": {"$ref": "other.schema.json#/$defs/tree"},
            "anything": {"type": "array", "items": True},
            "closed": {"type": "object", "additionalProperties": False, "properties": {"x": {"x-ref": "e"}}},
            "both": {"x-ref": "f", "x-id": "f", "anyOf": [{"x-id": "g"}], "$ref": "other.schema.json#/$defs/ref"},
        },
        "additionalProperties": {"type": "array", "items": {"$ref": "other.schema.json#/$defs/ref"}},
    },
}  # fmt: skip

SYNTHETIC_INSTANCES = [
    {"plain": "p", "id": "i", "keys": {"k1": 1, "k2": {"z": "y"}}, "loose": {"quiet": "q", "loud": "l"}},
    {"either": "e", "all": "a", "tree": {"id": "r", "children": [{"id": "c1", "children": [{"id": "c2"}]}]}},
    {"either": ["b1", 2, "b2"], "anything": ["x", {"id": "y"}], "closed": {"x": "ex", "y": "why"}},
    {"extra": ["t1", "t2"], "more": "not a list", "tree": {"children": "not a list", "id": 3}, "both": "b"},
    {"keys": ["not", "a", "dict"], "loose": "not a dict", "id": None, "either": {"x-ref": "a"}},
    ["not", "an", "object"],
    "text",
]


def test_links_under_synthetic_schemas(tmp_path: Path):

    for name, document in SYNTHETIC.items():
        (tmp_path / name).write_text(json.dumps(document), encoding="utf-8")
    schemas = SchemaSet(tmp_path)
    total = 0
    for instance in SYNTHETIC_INSTANCES:
        expected = reference_links(schemas, "odd", instance)
        assert list(schemas.links("odd", instance)) == expected, instance
        total += len(expected)
    assert total >= 15
