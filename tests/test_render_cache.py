"""The render stage made fast without changing a byte: printable PDFs cached by content, logigrams drawn in
parallel, and the shortcuts (pypdf merge, QR code, JSON, percent-encoding, HSDS ids) checked against the plain way."""

from __future__ import annotations

import dataclasses
import io
import json
import random
import threading
import uuid
from datetime import date
from pathlib import Path
from urllib.parse import quote

import pytest
from conftest import MINI
from pypdf import PdfReader
from pypdf.generic import ContentStream

from generator import build, export, hsds, pdf_merge, render_graph, render_print
from generator.model import Guidance
from generator.pipeline import load_model
from generator.render_pages import md_links, percent_encoded
from generator.writer import write_file

TODAY = date(2026, 11, 24)
BASE_URL = "https://exemple.invalid/balises/"


@pytest.fixture(scope="module")
def mini() -> Guidance:
    guidance = load_model(MINI, today=TODAY).guidance
    assert guidance is not None
    return guidance


def with_copy(guidance: Guidance, name: str) -> Guidance:
    """`guidance` with a second territory, a copy of the first under another id and `name`."""
    first = guidance.territories[0]
    return dataclasses.replace(
        guidance, territories=(first, dataclasses.replace(first, id="copie", name=name))
    )


class Calls:
    """Counts the Graphviz layouts and the reportlab frames of this process."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.graphviz = self.frames = 0
        pipe, frame = render_graph.graphviz.Source.pipe, render_print._frame

        def counted_pipe(source, *args, **kwargs):
            self.graphviz += 1
            return pipe(source, *args, **kwargs)

        def counted_frame(*args, **kwargs):
            self.frames += 1
            return frame(*args, **kwargs)

        monkeypatch.setattr(render_graph.graphviz.Source, "pipe", counted_pipe)
        monkeypatch.setattr(render_print, "_frame", counted_frame)


def test_unchanged_build_comes_from_the_cache(mini, tmp_path, monkeypatch):
    first = build.build_outputs(mini, TODAY, BASE_URL, tmp_path, workers=1)
    calls = Calls(monkeypatch)
    second = build.build_outputs(mini, TODAY, BASE_URL, tmp_path, workers=1)
    assert (calls.graphviz, calls.frames) == (0, 0)
    assert list(second.files) == list(first.files)
    assert second.files == first.files and second.printed == first.printed
    assert build.build_outputs(mini, TODAY, BASE_URL, None, workers=1).files == first.files  # as if uncached


def test_renaming_a_territory_draws_its_pdfs_only(mini, tmp_path, monkeypatch):
    before = build.build_outputs(with_copy(mini, "Copie"), TODAY, None, tmp_path, workers=1)
    calls = Calls(monkeypatch)
    after = build.build_outputs(with_copy(mini, "Copie renommée"), TODAY, None, tmp_path, workers=1)
    pages = len(before.printed["copie/A3"])
    assert calls.frames == 2 * pages  # A3 and A4 of the renamed territory, nothing else
    kept = mini.territories[0].id
    for paper in ("a3", "a4"):
        assert (
            after.files[f"territoires/{kept}/logigramme-{paper}.pdf"]
            == (before.files[f"territoires/{kept}/logigramme-{paper}.pdf"])
        )
        assert (
            after.files[f"territoires/copie/logigramme-{paper}.pdf"]
            != (before.files[f"territoires/copie/logigramme-{paper}.pdf"])
        )
    text = PdfReader(io.BytesIO(after.files["territoires/copie/logigramme-a4.pdf"])).pages[0].extract_text()
    assert "Copie renommée" in text


def test_a_damaged_cache_entry_is_drawn_again(mini, tmp_path):
    first = build.build_outputs(mini, TODAY, None, tmp_path, workers=1)
    for path in tmp_path.glob("*.print.pdf"):
        path.write_bytes(b"%PDF-1.4 cut short")
    again = build.build_outputs(mini, TODAY, None, tmp_path, workers=1)
    assert again.files == first.files and again.printed == first.printed


def test_parallel_build_equals_serial(mini, tmp_path, monkeypatch):
    guidance = with_copy(mini, "Copie")
    serial = build.build_outputs(guidance, TODAY, BASE_URL, None, workers=1)
    pools = []
    workers = build.Workers

    def recorded(*args, **kwargs):
        pool = workers(*args, **kwargs)
        pools.append(pool.active)
        return pool

    monkeypatch.setattr(build, "Workers", recorded)
    monkeypatch.setattr(build, "LARGE", 0)  # the exports go to workers too, as for a large dataset
    monkeypatch.setattr(
        build, "_can_fork", lambda: True
    )  # even if a session fixture serves a site in a thread
    parallel = build.build_outputs(guidance, TODAY, BASE_URL, tmp_path, workers=2)
    assert pools == [True]
    assert list(parallel.files) == list(serial.files)
    for path, content in serial.files.items():
        assert parallel.files[path] == content, path
    assert parallel.printed == serial.printed
    cached = build.build_outputs(guidance, TODAY, BASE_URL, tmp_path, workers=2)  # all from the cache now
    assert cached.files == serial.files and pools == [True, True]


def test_small_builds_start_no_worker(mini, monkeypatch):
    monkeypatch.setattr(build, "_can_fork", lambda: True)
    assert build._worker_count(mini, [0], 8) == 0  # one territory to draw, a few actors
    assert build._worker_count(mini, [0, 1], 1) == 0  # one CPU
    assert build._worker_count(mini, [0, 1, 2], 2) == 2
    assert build._worker_count(mini, [], 8) == 0
    monkeypatch.setattr(build, "_can_fork", lambda: False)
    assert build._worker_count(mini, [0, 1, 2], 2) == 0


def test_no_fork_beside_other_threads():
    assert build._can_fork() == (threading.active_count() == 1)
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not build._can_fork()
    finally:
        stop.set()
        thread.join()


@pytest.mark.parametrize("qr", [False, True])
def test_fast_merge_writes_what_pypdf_writes(mini, tmp_path, qr):
    territory = mini.territories[0]
    pages = render_print.graph_pages(mini, territory)
    graphs = tuple(
        (title, pdf_merge.Graph(render_graph.render(dot, "pdf", tmp_path), None)) for title, dot in pages
    )
    for paper in ("A3", "A4"):
        drawing = render_print._Drawing(mini, territory, paper, BASE_URL, qr, graphs)
        fast = render_print._draw_pages(drawing, fast=True)
        plain = render_print._draw_pages(drawing, fast=False)
        assert fast == plain


def test_rewritten_content_is_pypdf_parsing_twice(mini, tmp_path):
    pdf_merge._REWRITTEN.clear()
    for _, dot in render_print.graph_pages(mini, mini.territories[0]):
        page = PdfReader(io.BytesIO(render_graph.render(dot, "pdf", tmp_path))).pages[0]
        once = page.get_contents()
        once.operations  # noqa: B018
        twice = ContentStream(once, None)
        twice.operations  # noqa: B018
        assert pdf_merge.rewritten(page) == twice.get_data()  # the memo filled…
        assert pdf_merge.rewritten(page) == twice.get_data()  # …and used


def test_replayed_qr_code_draws_the_same_frame(mini):
    territory = mini.territories[0]

    def frame(title: str, number: int) -> bytes:
        return render_print._frame("A4", mini, territory, title, number, 3, BASE_URL, True)

    render_print._QR_DRAWN.clear()
    first = frame("Orientation", 1)
    assert render_print._QR_DRAWN  # recorded
    replayed = frame("Complexe", 2)
    render_print._QR_DRAWN.clear()
    assert frame("Complexe", 2) == replayed
    assert frame("Orientation", 1) != replayed and frame("Orientation", 1) == first


def test_dumps_indented_is_json_dumps():
    samples = [
        {},
        [],
        {"actors": []},
        {"a": [1, 2.5, -3, True, False, None, 'é\n"\\', [], {}, [[]], {"b": {"c": ["x"]}}]},
        {"deep": [{"k": 1e300, "n": -0.0, "big": 2**70}], "tuple": ("x", 1)},
        {1: "non-string key"},
        {"nan": float("nan"), "inf": float("inf")},
        "plain",
    ]
    rng = random.Random(7)
    for _ in range(200):
        samples.append(_random_value(rng, 4))
    for value in samples:
        assert export.dumps_indented(value) == json.dumps(value, ensure_ascii=False, indent=2)
    with pytest.raises(TypeError):
        export.dumps_indented({"set": {1, 2}})  # what json.dumps does


def _random_value(rng: random.Random, depth: int):
    kinds = ["str", "int", "float", "bool", "none"] + (["list", "dict"] if depth else [])
    kind = rng.choice(kinds)
    if kind == "str":
        return "".join(rng.choice('aé"\\\n\t<>&€😀 ') for _ in range(rng.randint(0, 6)))
    if kind == "int":
        return rng.randint(-(10**6), 10**6)
    if kind == "float":
        return rng.uniform(-1e6, 1e6)
    if kind == "bool":
        return rng.random() < 0.5
    if kind == "none":
        return None
    if kind == "list":
        return [_random_value(rng, depth - 1) for _ in range(rng.randint(0, 4))]
    return {f"k{i}é": _random_value(rng, depth - 1) for i in range(rng.randint(0, 4))}


def test_percent_encoded_is_quote():
    rng = random.Random(3)
    alphabet = [chr(c) for c in range(0, 0x300)] + ["€", "😀", "\u2028", "\U0010ffff"]
    for _ in range(500):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        assert percent_encoded(text) == quote(text)
    with pytest.raises(UnicodeEncodeError):
        percent_encoded("\ud800")


def test_hsds_id_is_uuid5():
    for kind, parts in [("organization", ("a",)), ("language", ("b", "fr")), ("x", ()), ("é", ("😀", ""))]:
        assert hsds.hsds_id(kind, *parts) == str(uuid.uuid5(hsds.NAMESPACE, ":".join((kind, *parts))))


def test_md_links_escapes_like_the_templates():
    @dataclasses.dataclass
    class Item:
        id: str
        name: str
        strategy_id: str = "s&1"

    items = [Item("a<1>", 'Maison "<b>" & Cie'), Item("b", "l'autre")]
    assert md_links(items, "../x/{id}.md") == (
        "[Maison &#34;&lt;b&gt;&#34; &amp; Cie](../x/a&lt;1&gt;.md), [l'autre](../x/b.md)"
    )
    assert md_links(items[1:], "../s/{strategy_id}.md#{id}", " ; ") == "[l'autre](../s/s&amp;1.md#b)"
    assert md_links([], "{id}") == ""


def test_csv_rows_are_shared_but_equal(mini):
    actors = export.select_actors(mini)
    rows = export.CsvRows(mini)
    assert export.to_csv(actors, mini, rows) == export.to_csv(actors, mini)
    assert export.to_csv(actors, mini, rows) == export.to_csv(actors, mini, rows)  # from the rows kept


def test_store_leaves_no_temporary_file(tmp_path):
    write_file(tmp_path / "sous" / "f.bin", b"x")  # how the caches store their entries
    assert [p.name for p in (tmp_path / "sous").iterdir()] == ["f.bin"]


def test_pdf_key_follows_what_is_printed(mini):
    territory = mini.territories[0]
    pages = render_print.graph_pages(mini, territory)
    key = render_print.pdf_key(mini, territory, "A3", "x", False, pages)
    assert key == render_print.pdf_key(mini, territory, "A3", "x", False, list(pages))
    renamed = dataclasses.replace(territory, name="Autre")
    other_programme = dataclasses.replace(
        mini, programme=dataclasses.replace(mini.programme, data_version="9")
    )
    assert len({
        key,
        render_print.pdf_key(mini, territory, "A4", "x", False, pages),
        render_print.pdf_key(mini, territory, "A3", "y", False, pages),
        render_print.pdf_key(mini, territory, "A3", "x", True, pages),
        render_print.pdf_key(mini, renamed, "A3", "x", False, pages),
        render_print.pdf_key(other_programme, territory, "A3", "x", False, pages),
        render_print.pdf_key(mini, territory, "A3", "x", False, [*pages[:-1], (pages[-1][0], "digraph {}")]),
    }) == 7  # fmt: skip


def test_cache_files_are_named_by_content(mini, tmp_path):
    build.build_outputs(mini, TODAY, None, tmp_path, workers=1)
    names = sorted(p.name.split(".", 1)[1] for p in Path(tmp_path).iterdir())
    assert set(names) == {"svg", "pdf", "print.pdf", "print.json", "content.zlib"}
    assert not list(tmp_path.glob("*.tmp"))


def test_parallel_pages_equal_serial(mini, monkeypatch):
    from generator import render_pages

    serial = render_pages.render_pages(mini, TODAY, workers=1)
    monkeypatch.setattr(render_pages, "MANY_ACTORS", 0)
    monkeypatch.setattr(build, "_can_fork", lambda: True)
    started = []
    workers = render_pages.Workers

    def recorded(count, **shared):
        started.append(count)
        return workers(count, **shared)

    monkeypatch.setattr(render_pages, "Workers", recorded)
    parallel = render_pages.render_pages(mini, TODAY, workers=2)
    assert started == [1]
    assert list(parallel.items()) == list(serial.items())
