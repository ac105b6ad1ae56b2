"""MkDocs hook: build the pages of a large site in several processes, one per CPU (Balises).

MkDocs builds in one process, page after page: on a site of 10,000 pages one CPU works and the others wait. This
hook splits the two costly loops of `mkdocs build` (Markdown → HTML, then HTML page → theme template → file) between
forked processes. Each child takes every n-th page; the Markdown results (HTML, table of contents, anchors, title)
come back to the main process, which then holds every page as a serial build would: navigation, link and anchor
checks and the sitemap are done there, once. Warnings logged in a child are logged again in the main process, so
`--strict` counts them. The pages written are the same, byte for byte, as a serial build's.

The hook steps aside (the build stays serial) for `--dirty` builds and `mkdocs serve`, on a single CPU, where fork
is missing, and below `MINIMUM` pages. `BALISES_MKDOCS_PROCESSUS=n` sets the number of processes (1: serial).

It relies on two functions of `mkdocs.commands.build` (MkDocs 1.6): `_populate_page` and `_build_page`. If they
are missing, the build is serial.
"""

from __future__ import annotations

import logging
import os
import pickle
import sys
import traceback
from typing import Any

from mkdocs.commands import build as mkdocs_build
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import InclusionLevel
from mkdocs.structure.pages import Page

MINIMUM = 500  # pages: below, a serial build takes a few seconds and forking is not worth it
_PAGE_EVENTS = ("pre_page", "page_read_source", "page_markdown", "page_content", "page_context", "post_page")
_FIELDS = ("markdown", "meta", "content", "toc", "_title_from_render", "present_anchor_ids", "title")

_state: dict[str, Any] = {}  # this build's split (set by on_nav, cleared when the build ends)


def _processes(pages: int) -> int:
    forced = os.environ.get("BALISES_MKDOCS_PROCESSUS")
    if forced:
        return max(1, int(forced))
    if pages < MINIMUM or "--dirty" in sys.argv or "serve" in sys.argv[1:2]:
        return 1
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        cpus = os.cpu_count() or 1
    return min(cpus, 4)


def _usable(config: Any) -> bool:
    """Fork exists, MkDocs has the two loops this hook splits, and no plugin follows pages one by one (a plugin
    such as MkDocs' own search collects what it sees of each page: it would miss those built in a child)."""
    events = getattr(config.plugins, "events", {})
    return (
        hasattr(os, "fork")
        and all(callable(getattr(mkdocs_build, name, None)) for name in ("_populate_page", "_build_page"))
        and not any(events.get(name) for name in _PAGE_EVENTS)
    )


def on_nav(nav: Any, config: Any, files: Any) -> Any:
    """Convert the Markdown of every page now, in parallel, before MkDocs' own loop (which then skips them)."""
    pages = []
    for file in files.documentation_pages(inclusion=InclusionLevel.is_included):
        if file.page is None and file.inclusion.is_not_in_nav():
            Page(None, file, config)  # as MkDocs' loop does for pages outside the navigation
        pages.append(file.page)
    count = _processes(len(pages)) if _usable(config) else 1
    if count < 2:
        return nav
    populate = mkdocs_build._populate_page
    shares = [pages[i::count] for i in range(count)]

    def convert(share: list[Page]) -> list[tuple[str, dict[str, Any]]]:
        results = []
        for page in share:
            populate(page, config, files)
            fields = {name: page.__dict__[name] for name in _FIELDS if name in page.__dict__}
            links = page.links_to_anchors or {}
            fields["links_to_anchors"] = {target.src_uri: anchors for target, anchors in links.items()}
            results.append((page.file.src_uri, fields))
        return results

    children = [_fork(convert, share) for share in shares[1:]]
    try:
        for page in shares[0]:
            populate(page, config, files)
    finally:
        answers = _collect_all(children)
    for answer in answers:
        for src_uri, fields in answer:
            page = files.get_file_from_path(src_uri).page
            links = fields.pop("links_to_anchors")
            page.__dict__.update(fields)
            page.links_to_anchors = {files.get_file_from_path(uri): a for uri, a in links.items()}
    done = {id(page) for page in pages}
    _patch(
        "_populate_page",
        lambda page, *args, **kwargs: None if id(page) in done else populate(page, *args, **kwargs),
    )
    _state.update(nav=nav, shares=shares)
    return nav


def on_env(env: Any, config: Any, files: Any) -> Any:
    """Start the children that write their share of the pages; this process writes the first share."""
    if "shares" not in _state:
        return env
    build_page = mkdocs_build._build_page
    nav, shares = _state["nav"], _state["shares"]
    doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)

    def write(share: list[Page]) -> list[Any]:
        for page in share:
            build_page(page, config, doc_files, nav, env, False, excluded=page.file.inclusion.is_excluded())
        return []

    _state["children"] = [_fork(write, share) for share in shares[1:]]
    elsewhere = {id(page) for share in shares[1:] for page in share}
    _patch(
        "_build_page",
        lambda page, *args, **kwargs: None if id(page) in elsewhere else build_page(page, *args, **kwargs),
    )
    return env


def on_post_build(config: Any) -> None:
    try:
        _collect_all(_state.pop("children", []))
    finally:
        _restore()
        _state.clear()


def on_build_error(error: Exception) -> None:
    """The build failed here: still wait for the children (their own failure adds nothing to this one)."""
    try:
        _collect_all(_state.pop("children", []))
    except PluginError:
        pass
    finally:
        _restore()
        _state.clear()


# --- processes -------------------------------------------------------------------------------------------------

_originals: dict[str, Any] = {}


def _patch(name: str, replacement: Any) -> None:
    _originals.setdefault(name, getattr(mkdocs_build, name))
    setattr(mkdocs_build, name, replacement)


def _restore() -> None:
    for name, original in _originals.items():
        setattr(mkdocs_build, name, original)
    _originals.clear()


class _Records(logging.Handler):
    """A child's log: kept to be sent to the main process, which logs it (and counts its warnings)."""

    def __init__(self) -> None:
        super().__init__()
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.name, record.levelno, record.getMessage()))


def _fork(work: Any, share: list[Page]) -> tuple[int, Any]:
    """Run `work(share)` in a forked child; returns its pid and the read end of the pipe bringing its answer."""
    read, write = os.pipe()
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid:
        os.close(write)
        return pid, os.fdopen(read, "rb")
    os.close(read)
    status = 0
    records = _Records()
    logger = logging.getLogger("mkdocs")
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
    logger.addHandler(records)
    try:
        answer: Any = ("ok", work(share), records.records)
    except BaseException:
        answer = ("erreur", traceback.format_exc(), records.records)
        status = 1
    try:
        with os.fdopen(write, "wb") as out:
            pickle.dump(answer, out, protocol=pickle.HIGHEST_PROTOCOL)
    finally:
        os._exit(status)


def _collect_all(children: list[tuple[int, Any]]) -> list[Any]:
    """Every child's result; all are waited for, even after one failed, then the first failure is raised."""
    answers, failure = [], None
    for child in children:
        try:
            answers.append(_collect(child))
        except PluginError as error:
            failure = failure or error
    if failure:
        raise failure
    return answers


def _collect(child: tuple[int, Any]) -> Any:
    """The child's result, once it is done; its log is logged here. A child that failed fails the build."""
    pid, reader = child
    try:
        with reader:
            kind, value, records = pickle.load(reader)
    except EOFError:
        kind, value, records = "erreur", "le processus s'est arrêté sans répondre", []
    finally:
        code = _wait(pid)
    for name, level, message in records:
        logging.getLogger(name).log(level, message)
    if kind != "ok" or code != 0:
        raise PluginError(f"Construction parallèle des pages : un processus a échoué.\n{value}")
    return value


def _wait(pid: int) -> int:
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)
