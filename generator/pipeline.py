"""The short orchestrator: load → validate → model → render → publish."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from . import build, publish, render_site
from .load import Reads
from .model import Guidance, build_model
from .schemas import SchemaSet
from .validate import Validation, validate


@dataclass(frozen=True)
class Loaded:
    validation: Validation
    guidance: Guidance | None  # None when the data has errors


def load_model(
    root: Path, today: date | None = None, schemas: SchemaSet | None = None, reads: Reads | None = None
) -> Loaded:
    """The validated dataset and its model; `schemas` and `reads` let a caller that loads the same dataset
    again and again (the live preview) keep the compiled schemas and the files that did not change."""
    validation = validate(root, schemas=schemas, today=today, reads=reads)
    guidance = build_model(validation.dataset) if validation.ok else None
    return Loaded(validation, guidance)


def source_date_epoch(guidance: Guidance, environ: dict[str, str]) -> int:
    """SOURCE_DATE_EPOCH when set; else the data's own date, so that rebuilding the same data gives the same site."""
    value = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if value.isdigit():
        return int(value)
    day = date.fromisoformat(guidance.programme.data_date)
    return int(datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp())


@dataclass(frozen=True)
class Project:
    """The MkDocs project of a site (path → content), before the site engine runs."""

    files: dict[str, str | bytes]
    docs: int  # files in the docs tree
    pages: int  # of which Markdown pages
    outputs: build.BuildResult


Step = Callable[[str, float, str], None]  # (step name, seconds, detail)


def render_project(
    guidance: Guidance,
    config: dict,
    today: date,
    base_url: str | None = None,
    cache: Path | None = None,
    step: Step = lambda *_: None,
    news: str | None = None,
) -> Project:
    """Every page and asset of the site, and the engine's configuration: the MkDocs project, in memory."""
    started = time.perf_counter()
    outputs = build.build_outputs(guidance, today, base_url, cache)
    step("logigrammes et exports", time.perf_counter() - started, f"{len(outputs.files)} fichier(s)")
    started = time.perf_counter()
    tree = render_site.docs_tree(guidance, outputs, today, news)
    pages = sum(1 for path in tree.files if path.endswith(".md"))
    step("pages", time.perf_counter() - started, f"{pages} page(s)")
    files = publish.project_files(publish.project_config(config, tree), tree)
    return Project(files, len(tree.files), pages, outputs)


def build_site(
    guidance: Guidance,
    root: Path,
    out: Path,
    today: date,
    epoch: int,
    base_url: str | None = None,
    keep_docs: Path | None = None,
    cache: Path | None = None,
    step: Step = lambda *_: None,
    news: str | None = None,
) -> Project:
    """Render everything, build the site with the engine and swap it into `out`."""
    config = publish.read_config(root)  # before any work: a missing configuration fails fast
    project = render_project(guidance, config, today, base_url, cache, step, news)
    started = time.perf_counter()
    publish.publish(project.files, out, epoch, keep_docs)
    step("site (MkDocs et Pagefind)", time.perf_counter() - started, str(out))
    return project
