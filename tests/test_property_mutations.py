"""Property: whatever is done to a dataset — keys deleted, values of the wrong type, random text (control characters
included), files removed, cut or garbled, references broken, ids duplicated — `validate` and `build` answer with
diagnostics, never with an internal error (exit 3) or a traceback.

The examples mutate copies of `fixtures/mini`; Hypothesis is derandomized, so a run in CI sees the same examples.
`validate` runs in-process on many examples; the render stages (everything `build` does before MkDocs) on fewer,
with mutations of free texts that keep the data valid; the full `build` (MkDocs and Pagefind) on a handful.
"""

from __future__ import annotations

import contextlib
import io
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from conftest import MINI, copy_dataset
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from generator import layout, pipeline, publish
from generator.cli import main
from generator.yamlsource import read_yaml
from generator.yamltree import CONTROL

TODAY = date(2026, 11, 24)
FILES = layout.dataset_files(MINI)
ACTORS = [rel for rel in FILES if layout.kind_of(rel) is not None and layout.kind_of(rel).name == "actor"]
# Fields of free text: changing them keeps the data valid, so the render stages see what they hold.
TEXT_FIELDS = frozenset({"name", "label", "description", "note", "text", "title", "summary", "short_name"})
HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "[lien](javascript:alert(1))",
    "![](https://exemple.invalid/x.png)",
    "{: onclick=alert(1) }",
    "{{ page.title }} {% raw %}",
    "\\N \\G \\L",
    "&amp; &#0; &nbsp;",
    "*alias &ancre !etiquette %pourcent @arobase",
    "=1+1",
    "ligne\nsuivante\r\nfin\r",
    "\x00\x07\x1b[31m\x7f\x85\u2028\u202e",
    "\ud7ff\ue000\ufeff\U0001f600",
    "- liste\n- collée",
    "",
    " ",
    "a" * 3000,
]
TEXT = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=60))
# Texts validation lets through (no control character, not blank): the render stages get to see them.
RENDERABLE = st.one_of(
    st.sampled_from([t for t in HOSTILE if t.strip() and not CONTROL.search(t)]),
    st.text(st.characters(exclude_categories=("Cc", "Cs", "Cn")), min_size=1, max_size=60),
).filter(str.strip)
VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    TEXT,
    st.lists(st.one_of(st.none(), st.integers(), TEXT), max_size=3),
    st.dictionaries(TEXT, st.one_of(st.none(), st.integers(), TEXT), max_size=3),
)
SETTINGS = {"deadline": None, "derandomize": True, "suppress_health_check": [HealthCheck.too_slow]}


# --- walking and writing the data --------------------------------------------------------------------------------


def leaves(data: Any, path: tuple = ()) -> Iterator[tuple]:
    """Every path of `data` (containers and scalars), the root excepted."""
    items = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else ()
    for key, value in items:
        yield (*path, key)
        yield from leaves(value, (*path, key))


def get(data: Any, path: tuple) -> Any:
    for part in path:
        data = data[part]
    return data


def read(root: Path, rel: str) -> Any | None:
    path = root / rel
    if not path.is_file():
        return None
    document = read_yaml(path.read_bytes(), rel).document
    return None if document is None else document.data


def write(root: Path, rel: str, data: Any) -> None:
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)
    (root / rel).write_text(text, encoding="utf-8", newline="")


# --- the mutations -----------------------------------------------------------------------------------------------


def mutate(root: Path, draw: Any) -> str:
    """Apply one mutation drawn by `draw` to the dataset at `root`; returns what it did (for the report)."""
    rel = draw(st.sampled_from(FILES))
    kind = draw(st.sampled_from(["delete", "retype", "text", "remove", "cut", "garble", "duplicate"]))
    path = root / rel
    data = read(root, rel)
    if kind in ("delete", "retype", "text") and data is not None:
        paths = list(leaves(data))
        if paths:
            where = draw(st.sampled_from(paths))
            parent = get(data, where[:-1])
            if kind == "delete":
                del parent[where[-1]]
            else:
                parent[where[-1]] = draw(VALUES if kind == "retype" else TEXT)
            write(root, rel, data)
            return f"{kind} {rel} {where}"
    if kind == "remove" and path.is_file():
        path.unlink()
        return f"remove {rel}"
    if kind == "duplicate":
        source = draw(st.sampled_from(ACTORS))
        target = f"{source[:-5]}-copie.yaml"
        if (root / source).is_file():
            (root / target).write_bytes((root / source).read_bytes())
        return f"duplicate {source} → {target}"
    if path.is_file():
        raw = path.read_bytes()
        at = draw(st.integers(0, len(raw)))
        if kind == "cut":
            path.write_bytes(raw[:at])
            return f"cut {rel} at {at}"
        noise = draw(st.one_of(st.binary(max_size=8), TEXT.map(lambda t: t.encode("utf-8", "surrogatepass"))))
        path.write_bytes(raw[:at] + noise + raw[at:])
        return f"garble {rel} at {at} with {noise!r}"
    return "nothing"


def edit_text(root: Path, draw: Any) -> str:
    """Replace one free text of one file by hostile or random text that keeps the data valid (mostly)."""
    rel = draw(st.sampled_from(FILES))
    data = read(root, rel)
    paths = [p for p in leaves(data) if p[-1] in TEXT_FIELDS and isinstance(get(data, p), str)]
    if not paths:
        return "nothing"
    where = draw(st.sampled_from(paths))
    get(data, where[:-1])[where[-1]] = draw(RENDERABLE)
    write(root, rel, data)
    return f"text {rel} {where}"


# --- running the commands ----------------------------------------------------------------------------------------


def run_main(argv: list[str]) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["--traceback", *argv])
    return code, out.getvalue() + err.getvalue()


def assert_no_crash(code: int, output: str, done: list[str]) -> None:
    report = "mutations: " + "; ".join(done) + "\n" + output[-3000:]
    assert code in (0, 1), report
    assert "Traceback" not in output and "erreur interne" not in output, report


@contextlib.contextmanager
def mutated(draw: Any, change: Any, count: st.SearchStrategy[int]) -> Iterator[tuple[Path, list[str]]]:
    with tempfile.TemporaryDirectory() as tmp:
        root = copy_dataset(MINI, Path(tmp) / "data")
        done = [change(root, draw) for _ in range(draw(count))]
        yield root, done


@settings(max_examples=60, **SETTINGS)
@given(st.data())
def test_validate_never_crashes_on_a_mutated_dataset(data: st.DataObject):
    with mutated(data.draw, mutate, st.integers(1, 3)) as (root, done):
        code, output = run_main(["validate", "--root", str(root), "--today", TODAY.isoformat()])
        assert_no_crash(code, output, done)
        for what in done:
            event(what.split()[0])
        event(f"exit {code}")
        code, output = run_main(["validate", "--root", str(root), "--json", "--strict"])
        assert_no_crash(code, output, done)


@settings(max_examples=10, **SETTINGS)
@given(st.data())
def test_the_render_stages_never_crash_on_hostile_texts(data: st.DataObject):
    with mutated(data.draw, edit_text, st.integers(1, 4)) as (root, done):
        loaded = pipeline.load_model(root, today=TODAY)
        errors = [d for d in loaded.validation.diagnostics if d.is_error]
        if loaded.guidance is None:  # a text the schema refuses: the diagnostic is the answer
            assert errors, done
            event("refused: " + ", ".join(sorted({d.code for d in errors})))
            return
        event("rendered")
        project = pipeline.render_project(
            loaded.guidance, publish.read_config(root), TODAY, "https://exemple.invalid/", root / "cache"
        )
        assert project.pages > 10, done


@settings(max_examples=4, **SETTINGS)
@given(st.data())
def test_a_full_build_never_crashes_on_a_mutated_dataset(data: st.DataObject):
    change = data.draw(st.sampled_from([mutate, edit_text]))
    with mutated(data.draw, change, st.integers(1, 2)) as (root, done):
        command = ["build", "--root", str(root), "-q", "--out", str(root.parent / "site")]
        run = subprocess.run(
            [sys.executable, "-m", "generator", "--traceback", *command, "--today", TODAY.isoformat()],
            capture_output=True,
            text=True,
            cwd=root.parent,
        )
        assert_no_crash(run.returncode, run.stdout + run.stderr, done)
        event(f"{change.__name__}: exit {run.returncode}")
