"""The short orchestrator: load → validate → model (→ render → publish, as those stages land)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .model import Guidance, build_model
from .validate import Validation, validate


@dataclass(frozen=True)
class Loaded:
    validation: Validation
    guidance: Guidance | None  # None when the data has errors


def load_model(root: Path, today: date | None = None) -> Loaded:
    validation = validate(root, today=today)
    guidance = build_model(validation.dataset) if validation.ok else None
    return Loaded(validation, guidance)
