"""Diagnostics as data: every problem found in a dataset is a `Diagnostic` value.

Nothing here prints; `format_text` and `to_json` turn a list of diagnostics into output at the edge (the CLI).
The codes are stable: tests, the documentation page and tools rely on them (see `error_codes.py`).
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from enum import StrEnum

from .terminal import one_line


class Severity(StrEnum):
    ERROR = "erreur"
    WARNING = "avertissement"


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem in one file, at a source position (1-based line and column; 0 when unknown)."""

    file: str
    line: int
    column: int
    code: str
    message: str
    severity: Severity = Severity.ERROR
    pointer: str = ""
    hint: str = ""

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def location(self) -> str:
        if self.line <= 0:
            return self.file
        return f"{self.file}:{self.line}:{self.column}"


def sort_key(diagnostic: Diagnostic) -> tuple:
    return (diagnostic.file, diagnostic.line, diagnostic.column, diagnostic.code, diagnostic.message)


def format_text(diagnostics: list[Diagnostic]) -> str:
    """Human-readable report, one diagnostic per block, in file order."""
    lines = []
    for d in sorted(diagnostics, key=sort_key):  # messages quote the data: its controls are shown, not run
        lines.append(f"{one_line(d.location())}: {d.severity.value} [{d.code}] {one_line(d.message)}")
        if d.hint:
            lines.append(f"    → {one_line(d.hint)}")
    return "\n".join(lines)


def summary(diagnostics: list[Diagnostic], files_checked: int) -> str:
    errors = sum(1 for d in diagnostics if d.is_error)
    warnings = len(diagnostics) - errors
    files_with_errors = len({d.file for d in diagnostics if d.is_error})
    if errors == 0 and warnings == 0:
        return f"OK : {files_checked} fichier(s) valide(s), aucune erreur."
    if errors == 0:
        return f"OK : {files_checked} fichier(s) valide(s), {_plural(warnings, 'avertissement')}."
    return (
        f"{_plural(errors, 'erreur')} dans {_plural(files_with_errors, 'fichier')}, "
        f"{_plural(warnings, 'avertissement')} ({files_checked} fichier(s) vérifié(s))."
    )


def as_dict(diagnostic: Diagnostic) -> dict:
    """The JSON form of one diagnostic (`balises validate --json`, the live preview's status)."""
    return {**asdict(diagnostic), "severity": diagnostic.severity.value}


def to_json(diagnostics: list[Diagnostic]) -> str:
    rows = [as_dict(d) for d in sorted(diagnostics, key=sort_key)]
    return json.dumps({"diagnostics": rows}, ensure_ascii=False, indent=2)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' if count > 1 else ''}"


def json_pointer(path: Iterable[str | int]) -> str:
    """RFC 6901 pointer of a path in a document (« ~ » and « / » escaped)."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in path)


def nearest(value: str, choices: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The known value closest to a probable typo, if one is close enough: the « vouliez-vous dire » of hints."""
    found = difflib.get_close_matches(value, list(choices), n=1, cutoff=cutoff)
    return found[0] if found else None
