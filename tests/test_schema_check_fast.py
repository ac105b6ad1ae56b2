"""Pass 1's fast path: jsonschema-rs says « valid » only where `jsonschema` finds no error.

`check_file` trusts a « valid » from jsonschema-rs and skips `jsonschema`; a « invalid » sends the file to
`jsonschema`, which explains it. So jsonschema-rs may be stricter than `jsonschema` (it only costs time), never
more lenient (it would hide errors). These tests hold it to that.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path

import jsonschema_rs
import pytest
from conftest import MINI, ROOT, copy_dataset
from jsonschema import Draft202012Validator
from test_invalid_corpus import _cases, apply_case

from generator.load import load_dataset
from generator.schema_check import check_file
from generator.schemas import compile_fast, fast_registry, format_names

FIXTURES = Path(__file__).resolve().parent / "fixtures"
DATASETS = [ROOT, MINI, FIXTURES / "diff" / "old", FIXTURES / "diff" / "new"]
DATASET_IDS = ["shipped", "mini", "diff-old", "diff-new"]


def python_valid(schemas, kind: str, instance) -> bool:
    return next(schemas.validator(kind).iter_errors(instance), None) is None


def assert_same_verdicts(schemas, root: Path) -> tuple[int, int]:
    """Fast and Python verdicts agree on every file of the dataset at `root`; (valid, invalid) counts."""
    counts = [0, 0]
    for source in load_dataset(root).files:
        expected = python_valid(schemas, source.kind.name, source.data)
        assert schemas.conforms(source.kind.name, source.data) == expected, source.rel
        counts[not expected] += 1
    return counts[0], counts[1]


def test_every_kind_has_a_fast_validator(schemas):
    kinds = [name.removesuffix(".schema.json") for name in schemas.documents]
    assert all(schemas.fast_validator(kind) is not None for kind in kinds)


@pytest.mark.parametrize("root", DATASETS, ids=DATASET_IDS)
def test_fast_verdict_matches_jsonschema_on_the_datasets(schemas, root: Path):
    valid, _ = assert_same_verdicts(schemas, root)
    assert valid >= 10


def test_fast_verdict_matches_jsonschema_on_the_invalid_corpus(schemas, tmp_path: Path):
    invalid = 0
    for case in _cases():
        root = copy_dataset(MINI, tmp_path / case.name)
        apply_case(case, root)
        invalid += assert_same_verdicts(schemas, root)[1]
    assert invalid >= 10  # the schema-breaking cases do reach both validators


def _actor() -> dict:
    return next(f.data for f in load_dataset(MINI).files if f.rel == "actors/bruxelles/aquarelle.yaml")


def _set(key, value):
    def mutate(data):
        data[key] = value

    return mutate


def _drop(key):
    return lambda data: data.pop(key)


def _nested(mutate):
    def inner(data):
        mutate(data["capacity"])

    return inner


MUTATIONS = {
    "wrong type": _set("name", 1000),
    "null for text": _set("description", None),
    "bool for list": _set("types", True),
    "unknown field": _set("categorie", "soins"),
    "unknown nested field": _nested(_set("texte", "x")),
    "bad enum": _set("bib_role", "C"),
    "bad id pattern": _set("id", "Aquarelle Bxl"),
    "bad id, trailing dash": _set("id", "aquarelle-"),
    "impossible date": _set("last_verified", "2024-13-45"),
    "february 30": _set("last_verified", "2026-02-30"),
    "date without dashes": _set("last_verified", "20240101"),
    "missing required field": _drop("source"),
    "bad email": _set("email", {"address": "contact.aquarelle.be"}),
    "phone with letters": _set("phones", [{"number": "02 CALL NOW"}]),
    "phone too short": _set("phones", [{"number": "12"}]),
    "bad website": _set("website", "www.aquarelle-bru.be"),
    "empty list": _set("types", []),
    "duplicate items": _set("languages", ["fr", "fr"]),
    "bad language code": _set("languages", ["FR"]),
}


@pytest.mark.parametrize("mutate", MUTATIONS.values(), ids=MUTATIONS.keys())
def test_mutated_files_are_rejected_by_both(schemas, mutate):
    data = _actor()
    assert schemas.conforms("actor", data) and python_valid(schemas, "actor", data)
    broken = copy.deepcopy(data)
    mutate(broken)
    assert not python_valid(schemas, "actor", broken)
    assert not schemas.conforms("actor", broken)


# Values where the two engines could part: the fast verdict may reject what `jsonschema` accepts (a trailing
# newline against `…$`, infinity, text jsonschema-rs cannot convert), never the reverse.
EDGES = {
    "email without a dot": _set("email", {"address": "x@y"}),
    "email without domain": _set("email", {"address": "x@"}),
    "website that is no URI": _set("website", "https://exa mple"),
    "id with trailing newline": _set("id", "aquarelle\n"),
    "date with trailing newline": _set("last_verified", "2026-11-24\n"),
    "lone surrogate": _set("description", "\ud800"),
    "huge integer for text": _set("name", 10**30),
    "infinity for text": _set("name", float("inf")),
    "float integer for text": _set("name", 1.0),
    "accented id": _set("id", "aquarellé"),
    "arabic digits in date": _set("last_verified", "٢٠٢٦-11-24"),
}


@pytest.mark.parametrize("mutate", EDGES.values(), ids=EDGES.keys())
def test_edge_values_never_pass_the_fast_path_alone(schemas, mutate):
    data = copy.deepcopy(_actor())
    mutate(data)
    if schemas.conforms("actor", data):
        assert python_valid(schemas, "actor", data)


def test_check_file_explains_what_the_fast_path_rejects(schemas):
    source = next(f for f in load_dataset(MINI).files if f.kind.name == "actor")
    assert check_file(schemas, source) == []
    source.data["last_verified"] = "2024-13-45"
    [d] = check_file(schemas, source)
    assert d.code == "date-invalide"


# --- Why the two engines agree: the keywords the schemas use, each reviewed ---------------------------------

# JSON Schema keywords used in schemas/ whose semantics were checked to be the same in jsonschema-rs and
# `jsonschema` for our instances (plain JSON values from YAML). A new keyword must be reviewed before it joins.
REVIEWED = {
    "$defs", "$ref", "$schema", "additionalProperties", "anyOf", "description", "enum", "exclusiveMinimum",
    "format", "items", "maxProperties", "maximum", "minItems", "minLength", "minProperties", "minimum", "oneOf",
    "pattern", "properties", "propertyNames", "required", "title", "type", "uniqueItems", "x-id", "x-ref",
}  # fmt: skip


def subschemas(schema: dict):
    yield schema
    for key, value in schema.items():
        if key in ("properties", "$defs"):
            for sub in value.values():
                yield from subschemas(sub)
        elif key in ("items", "additionalProperties", "propertyNames") and isinstance(value, dict):
            yield from subschemas(value)
        elif key in ("anyOf", "oneOf", "allOf"):
            for sub in value:
                yield from subschemas(sub)


def all_subschemas(schemas) -> list[dict]:
    return [sub for doc in schemas.documents.values() for sub in subschemas(doc)]


def test_the_schemas_use_only_reviewed_keywords(schemas):
    used = {key for sub in all_subschemas(schemas) for key in sub}
    assert used <= REVIEWED, f"review how jsonschema-rs handles {used - REVIEWED}"


def test_enums_and_unique_items_compare_only_strings(schemas):
    # equality of numbers and booleans differs in corner cases (1 == 1.0 == True); of strings, never
    for sub in all_subschemas(schemas):
        assert all(isinstance(v, str) for v in sub.get("enum", [])), sub
        if sub.get("uniqueItems"):
            assert sub["items"].get("type") == "string", sub


def _pattern_samples() -> list[str]:
    base = [
        "",
        "a",
        "z",
        "A",
        "Z",
        "é",
        "0",
        "9",
        "1000",
        "0999",
        "12345",
        "ab",
        "abc",
        "a-b",
        "a--b",
        "-a",
        "a-",
    ]
    base += ["2024-01-01", "2024-1-01", "+32 2 123 45 67", "02/123.45.67", "(02) 123-45-67", "123", "1" * 21]
    base += ["http://x", "https://x", "ftp://x", " https://x", "HTTPS://x", "٢٠٢٤", "a\u00a0b", "ａ"]
    return base + [s + "\n" for s in base] + ["\n" + s for s in base] + [s + "\r" for s in base]


def test_regex_patterns_are_never_more_lenient(schemas):
    patterns = {sub["pattern"] for sub in all_subschemas(schemas) if "pattern" in sub}
    assert len(patterns) >= 5
    for pattern in patterns:
        fast = jsonschema_rs.validator_for({"pattern": pattern})
        for sample in _pattern_samples():
            if fast.is_valid(sample):
                assert re.search(pattern, sample), (pattern, sample)


FORMAT_SAMPLES = [
    "2024-01-01", "2024-13-45", "2026-02-30", "2024-02-29", "2023-02-29", "20240101", "2024-W01-1", "2024-001",
    "0000-01-01", "2024-01-01T00:00", "2024-1-1", "٢٠٢٤-01-01", "x@y", "x@", "@", "a@b.c", "a b@c", "x",
    "https://example.be/", "https://exa mple", "mailto:x@y", "//x", "", " ",
]  # fmt: skip


def test_formats_are_checked_exactly_as_jsonschema_does(schemas):
    names = format_names(schemas.documents)
    assert {"date", "email", "uri"} <= names
    for name in names:
        documents = {"f.schema.json": {"format": name}}
        fast = compile_fast(fast_registry(documents), documents, "f.schema.json")
        checker = Draft202012Validator.FORMAT_CHECKER
        for sample in FORMAT_SAMPLES:
            assert fast.is_valid(sample) == checker.conforms(sample, name), (name, sample)


def test_without_jsonschema_rs_jsonschema_judges_alone(monkeypatch):
    import generator.schemas

    monkeypatch.setattr(generator.schemas, "jsonschema_rs", None)
    schemas = generator.schemas.SchemaSet()
    source = next(f for f in load_dataset(MINI).files if f.kind.name == "actor")
    assert schemas.fast_validator("actor") is None and not schemas.conforms("actor", source.data)
    assert check_file(schemas, source) == []
    source.data["last_verified"] = "2024-13-45"
    assert [d.code for d in check_file(schemas, source)] == ["date-invalide"]
