"""Golden files: compare rendered text with tests/golden/<name>; `make golden` (REGENERATE_GOLDEN=1) rewrites them."""

from __future__ import annotations

import os
from pathlib import Path

GOLDEN = Path(__file__).resolve().parent / "golden"


def assert_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("REGENERATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="")
        return
    assert path.is_file(), f"golden file missing: {path} (run `make golden`)"
    with path.open(encoding="utf-8", newline="") as handle:
        assert text == handle.read(), f"output differs from {path} (run `make golden`)"
