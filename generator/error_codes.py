"""The catalogue of diagnostic codes (`error_codes.yaml`): what each code means and how to fix it, in French.

The catalogue feeds the « Guide des coachs » page `guide/erreurs.md`. Codes are stable: a test scans the
validation modules and fails when one of them can emit a code that is not catalogued here, or when a catalogued
code is emitted nowhere. Most codes are written literally in the code; the `schema-<keyword>` codes are computed
by `schema_check` from the JSON Schema keyword that failed (see `schema_keyword_codes`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from .diagnostics import Severity

CATALOGUE = Path(__file__).resolve().parent / "error_codes.yaml"
COMPUTED_PREFIX = "schema-"  # schema_check: f"schema-{keyword}" for keywords it has no own code for

# Keywords schema_check translates into codes of their own (champ-inconnu, champ-manquant, type-invalide,
# valeur-non-permise; identifiant-invalide and date-invalide come from some `pattern`/`format` failures only).
TRANSLATED_KEYWORDS = frozenset({"additionalProperties", "required", "type", "enum"})
# Keywords whose failures are reported with the keyword of a subschema: the others descend into properties,
# items or `$ref` targets; schema_check replaces an anyOf/oneOf failure by its best branch error (a oneOf matched
# by several branches would give `schema-oneOf`, which the shipped schemas rule out: their branches have
# distinct types).
DESCENDING_KEYWORDS = frozenset(
    {"$ref", "$dynamicRef", "properties", "items", "prefixItems", "allOf", "anyOf", "oneOf", "propertyNames"}
)
_ANNOTATIONS = frozenset({"$schema", "$defs", "$id", "title", "description", "x-id", "x-ref"})


@dataclass(frozen=True)
class ErrorCode:
    code: str
    severity: Severity
    title: str
    meaning: str  # Markdown
    fix: str  # Markdown
    wrong: str = ""  # YAML example to avoid
    right: str = ""  # YAML example to follow


@dataclass(frozen=True)
class CodeGroup:
    id: str
    title: str
    intro: str  # Markdown
    codes: tuple[ErrorCode, ...]


def _entry(raw: dict[str, Any]) -> ErrorCode:
    return ErrorCode(
        code=raw["code"],
        severity=Severity(raw["severity"]),
        title=raw["title"],
        meaning=raw["meaning"].strip(),
        fix=raw["fix"].strip(),
        wrong=raw.get("wrong", "").strip(),
        right=raw.get("right", "").strip(),
    )


@lru_cache(maxsize=1)
def code_groups() -> tuple[CodeGroup, ...]:
    """The catalogue, group by group, in the order of the file."""
    data = yaml.safe_load(CATALOGUE.read_text(encoding="utf-8"))
    return tuple(
        CodeGroup(g["id"], g["title"], g["intro"].strip(), tuple(_entry(c) for c in g["codes"]))
        for g in data["groups"]
    )


def catalogue() -> dict[str, ErrorCode]:
    """Every catalogued code, by code."""
    return {entry.code: entry for group in code_groups() for entry in group.codes}


def _keywords(node: Any) -> Iterator[str]:
    """Every keyword used in a schema document (names of properties and `$defs` entries excluded)."""
    if isinstance(node, list):
        for item in node:
            yield from _keywords(item)
    elif isinstance(node, dict):
        for key, value in node.items():
            yield key
            if key in ("properties", "$defs", "patternProperties") and isinstance(value, dict):
                for sub in value.values():
                    yield from _keywords(sub)
            elif key not in ("enum", "const", "required"):
                yield from _keywords(value)


def schema_keyword_codes(documents: dict[str, dict]) -> set[str]:
    """The `schema-<keyword>` codes that schemas using these documents can produce."""
    used = {k for doc in documents.values() for k in _keywords(doc)}
    own = used - TRANSLATED_KEYWORDS - DESCENDING_KEYWORDS - _ANNOTATIONS
    return {f"{COMPUTED_PREFIX}{keyword}" for keyword in own}
