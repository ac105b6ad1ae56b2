"""The render stage put together: every output file of a build, as a path → content mapping (DESIGN §7).

Nothing here writes to disk; `publish` (the writer) swaps the whole tree into place atomically.

The logigrams (Graphviz, then the printable PDFs) are most of the cost. Both are cached by content under `cache`,
so an unchanged territory costs a few file reads. The territories that must be drawn are drawn in worker processes,
one per CPU, as are the JSON and HSDS exports; meanwhile this process writes the CSV files and reads the territories
found in the cache. A small dataset with at most one territory to draw is done all here (starting workers would cost
more than it saves). Either way the result is the same, byte for byte, and in the same order.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from . import export, hsds, render_dot
from .model import Guidance, Territory
from .render_graph import graphviz_version, is_cached, render
from .render_print import PrintedPage, graph_pages, printable_pdfs
from .render_print import is_cached as pdf_is_cached
from .urls import territory_url

PAPERS = ("A3", "A4")
HSDS_TITLE = "Répertoire « 1000 premiers jours »"
LARGE = 2000  # actors: from there, the JSON and HSDS exports alone are worth worker processes


@dataclass
class BuildResult:
    files: dict[str, str | bytes] = field(default_factory=dict)
    printed: dict[str, list[PrintedPage]] = field(default_factory=dict)  # "<territory>/<paper>" → pages

    def add(self, path: str, content: str | bytes) -> None:
        if path in self.files:
            raise ValueError(f"deux sorties au même chemin : {path}")
        self.files[path] = content


@dataclass(frozen=True)
class _Plan:
    """What a territory's logigrams are made from (its DOT texts), decided once in the main process."""

    svg_dot: str
    graphs: list[tuple[str, str]]
    url: str
    qr: bool


Drawn = tuple[bytes, dict[str, tuple[bytes, list[PrintedPage]]]]  # the SVG, and each paper's PDF and pages


def build_outputs(
    guidance: Guidance,
    today: date,
    base_url: str | None = None,
    cache: Path | None = None,
    workers: int | None = None,
) -> BuildResult:
    """Every output file. `workers` caps the worker processes (default: one per CPU this process may use; 1 does
    everything in this process)."""
    plans = [_plan(guidance, territory, base_url) for territory in guidance.territories]
    todo = [
        i
        for i, (territory, plan) in enumerate(zip(guidance.territories, plans, strict=True))
        if not _is_drawn(guidance, territory, plan, cache)
    ]
    everyone = export.select_actors(guidance)
    count = _worker_count(guidance, todo, workers)
    if count:
        graphviz_version()  # asked once, here, rather than by every worker
    with Workers(count, guidance=guidance, cache=cache) as pool:
        json = pool.submit(_json_in_worker) if pool.active else None
        package = pool.submit(_hsds_in_worker) if pool.active else None
        drawings = {i: pool.submit(_draw_in_worker, i, plans[i]) for i in todo} if pool.active else {}
        # Meanwhile, here: the CSV files, and the territories found in the cache.
        rows = export.CsvRows(guidance)  # an actor's row: in its territories' files and in the whole export
        csvs = [
            export.to_csv(export.select_actors(guidance, t.id), guidance, rows) for t in guidance.territories
        ]
        exports = {
            "exports/acteurs.json": json.result() if json else export.to_json(everyone),
            "exports/acteurs.csv": export.to_csv(everyone, guidance, rows),
        }
        drawn = [
            drawings[i].result() if i in drawings else _draw(guidance, territory, plan, cache)
            for i, (territory, plan) in enumerate(zip(guidance.territories, plans, strict=True))
        ]
        hsds_files = package.result() if package else hsds.package(everyone, guidance, HSDS_TITLE)
    exports.update({f"exports/hsds/{path}": text for path, text in hsds_files.items()})

    result = BuildResult()
    for territory, (svg, pdfs), csv in zip(guidance.territories, drawn, csvs, strict=True):
        folder = f"territoires/{territory.id}"
        result.add(f"{folder}/logigramme.svg", svg)
        for paper in PAPERS:
            pdf, pages = pdfs[paper]
            result.add(f"{folder}/logigramme-{paper.lower()}.pdf", pdf)
            result.printed[f"{territory.id}/{paper}"] = pages
        result.add(f"{folder}/repertoire.csv", csv)
    for path, content in exports.items():
        result.add(path, content)
    return result


def _plan(guidance: Guidance, territory: Territory, base_url: str | None) -> _Plan:
    url = (
        territory_url(territory.id, base_url) if base_url else f"la page « {territory.name} » du site Balises"
    )
    graphs = graph_pages(guidance, territory)  # the same DOT pages for both papers
    return _Plan(render_dot.territory_dot(guidance, territory), graphs, url, bool(base_url))


def _draw(guidance: Guidance, territory: Territory, plan: _Plan, cache: Path | None) -> Drawn:
    svg = render(plan.svg_dot, "svg", cache)
    return svg, printable_pdfs(guidance, territory, PAPERS, plan.url, plan.qr, cache, plan.graphs)


def _is_drawn(guidance: Guidance, territory: Territory, plan: _Plan, cache: Path | None) -> bool:
    """Whether everything of the territory is in the cache already (then drawing it costs only file reads)."""
    return is_cached(plan.svg_dot, "svg", cache) and all(
        pdf_is_cached(guidance, territory, paper, plan.url, plan.qr, cache, plan.graphs) for paper in PAPERS
    )


def _worker_count(guidance: Guidance, todo: list[int], workers: int | None) -> int:
    """Worker processes for this build: none (0) for one territory to draw in a small dataset, where starting
    them would cost more than it saves; else one per job (territories to draw, the JSON and HSDS exports), up to
    the CPUs."""
    if len(todo) < 2 and len(guidance.actors) < LARGE:
        return 0
    return min(worker_limit(workers), len(todo) + 2)  # the limit is 0 where workers cannot run


def worker_limit(workers: int | None = None) -> int:
    """How many worker processes may run: `workers` or one per CPU this process may use, 0 where they cannot be
    forked safely."""
    limit = workers if workers is not None else _cpus()
    return limit if limit > 1 and _can_fork() else 0


def _can_fork() -> bool:
    """Workers are forked (they inherit the model, nothing to pickle): not where fork is missing, and not from a
    process running other threads (the live preview's server), whose locks a forked child could inherit taken."""
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


class Workers:
    """A pool of `count` forked worker processes (inactive when `count` is 0), `shared` given to each (see `shared`).

    Forked workers inherit the model as it is in memory: nothing is pickled but the jobs' arguments and results."""

    def __init__(self, count: int, **shared: Any) -> None:
        self.pool: ProcessPoolExecutor | None = None
        if count > 0:
            self.pool = ProcessPoolExecutor(
                count, multiprocessing.get_context("fork"), initializer=_init_worker, initargs=(shared,)
            )

    @property
    def active(self) -> bool:
        return self.pool is not None

    def submit(self, function: Any, *args: Any) -> Future[Any]:
        assert self.pool is not None
        return self.pool.submit(function, *args)

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)


_SHARED: dict[str, Any] = {}


def _init_worker(values: dict[str, Any]) -> None:
    _SHARED.update(values)


def shared(name: str) -> Any:
    """In a worker process, what its pool was given under `name`."""
    return _SHARED[name]


def _draw_in_worker(index: int, plan: _Plan) -> Drawn:
    guidance: Guidance = shared("guidance")
    return _draw(guidance, guidance.territories[index], plan, shared("cache"))


def _json_in_worker() -> str:
    return export.to_json(export.select_actors(shared("guidance")))


def _hsds_in_worker() -> dict[str, str]:
    guidance: Guidance = shared("guidance")
    return hsds.package(export.select_actors(guidance), guidance, HSDS_TITLE)
