"""Printable logigram: A3 or A4 landscape PDF pages, each graph laid out by Graphviz at its natural size and placed,
still vector, on an exact page framed by a title, the data's version and date, a legend and a footer telling the
reader where to find the latest version (with a QR code when the site's address is known).

Pages: the orientation (start → stratum) cut in two, then one page per stratum with its functions and the
territory's actors, so that no text falls under 8 pt on A3 (`min_font_pt` reports what each page reached).
Finished PDFs are cached by content (`pdf_key`); each graph goes into its frame through `pdf_merge`.
"""

from __future__ import annotations

import hashlib
import io
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pypdf
import reportlab
from pypdf import PdfReader, PdfWriter, Transformation
from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing, Group
from reportlab.lib.colors import HexColor
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from . import render_dot
from .model import Guidance, Territory
from .pdf_merge import Graph, UnexpectedMerge, merge
from .render_graph import graphviz_version, render
from .writer import write_file

PAPER = {"A3": (1190.55, 841.89), "A4": (841.89, 595.28)}  # landscape, in points
MARGIN = 28.35  # 1 cm
HEADER = 54.0
FOOTER = 62.0
SMALLEST_GRAPH_FONT = 11.0  # edge labels; nodes are 12 pt (render_dot._header)
MAX_SCALE = 1.5
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FORMAT_VERSION = 1  # part of the cache key of printed PDFs: bump it whenever the drawing changes


@dataclass(frozen=True)
class PrintedPage:
    title: str
    scale: float

    @property
    def min_font_pt(self) -> float:
        return round(SMALLEST_GRAPH_FONT * self.scale, 1)


def _font_files() -> tuple[Path, Path]:
    return FONT_DIR / "DejaVuSans.ttf", FONT_DIR / "DejaVuSans-Bold.ttf"


def _fonts() -> tuple[str, str]:
    regular, bold = _font_files()
    if regular.is_file() and bold.is_file():
        if "DejaVuSans" not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont("DejaVuSans", str(regular)))
            pdfmetrics.registerFont(TTFont("DejaVuSans-Bold", str(bold)))
        return "DejaVuSans", "DejaVuSans-Bold"
    return "Helvetica", "Helvetica-Bold"  # pragma: no cover - Debian's fonts-dejavu-core is installed by make


def _font_identity() -> list[object]:
    """The fonts the frames embed, for the cache key: a font package upgrade draws the PDFs again."""
    found: list[object] = []
    for path in _font_files():
        try:
            stat = path.stat()
            found.append([str(path), stat.st_size, stat.st_mtime_ns])
        except OSError:
            found.append([str(path), None])
    return found


@lru_cache(maxsize=8)
def _qr_code(url: str) -> tuple[tuple[float, float, float, float], Group]:
    """The QR code's bounds and its drawn squares: the same for every page of a territory, on either paper.

    (`QrCodeWidget` encodes the address twice per use, for its bounds and for its drawing.)"""
    widget = QrCodeWidget(url)
    return widget.getBounds(), widget.draw()


_QR_DRAWN: dict[tuple[str, float, float, float], tuple[list[str], list[str]]] = {}


def _draw_qr_code(c: canvas.Canvas, url: str, x: float, y: float, size: float) -> None:
    """The QR code of `url`, `size` points wide at (x, y).

    Drawing its squares one by one is most of a frame's cost, and gives the same operators on every page of a
    territory: the first drawing is recorded (the operators, and the fonts the renderer made the document know),
    the next ones replay it. The renderer wraps its work in `q … Q` and restores the canvas, so the operators do not
    depend on what the page drew before."""
    key = (url, x, y, size)
    recorded = _QR_DRAWN.get(key)
    if recorded is not None:
        lines, fonts = recorded
        for font in fonts:
            c._doc.getInternalFontName(font)
        c._code.extend(lines)
        return
    known = set(c._doc.fontMapping)
    start = len(c._code)
    (x0, y0, x1, y1), squares = _qr_code(url)
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    drawing.add(squares)
    renderPDF.draw(drawing, c, x, y)
    if len(_QR_DRAWN) >= 64:
        _QR_DRAWN.clear()
    _QR_DRAWN[key] = (c._code[start:], [f for f in c._doc.fontMapping if f not in known])


def graph_pages(guidance: Guidance, territory: Territory) -> list[tuple[str, str]]:
    """(page title, DOT) for every printed page, in order."""
    parts = render_dot.orientation_pages(guidance, territory, 2)
    pages = [
        (
            f"Orientation ({i}/{len(parts)})",
            render_dot.orientation_dot(guidance, territory, part, i, len(parts)),
        )
        for i, part in enumerate(parts, start=1)
    ]
    for stratum in guidance.strata:
        pages.append((stratum.name, render_dot.stratum_dot(guidance, territory, stratum.id)))
    return pages


def _frame(
    paper: str,
    guidance: Guidance,
    territory: Territory,
    title: str,
    number: int,
    total: int,
    url: str,
    qr: bool,
) -> bytes:
    width, height = PAPER[paper]
    regular, bold = _fonts()
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=(width, height), invariant=1)
    c.setTitle(f"Logigramme — {territory.name}")
    c.setAuthor("Balises")
    c.setFont(bold, 16)
    c.drawString(MARGIN, height - MARGIN - 12, f"Logigramme — {territory.name}")
    c.setFont(regular, 11)
    c.drawString(
        MARGIN, height - MARGIN - 30, f"{guidance.programme.short_title} · {title} · page {number}/{total}"
    )
    c.drawRightString(
        width - MARGIN,
        height - MARGIN - 12,
        f"Données version {guidance.programme.data_version} du {guidance.programme.data_date}",
    )
    _legend(c, guidance, MARGIN, MARGIN + FOOTER - 14, width - MARGIN - FOOTER - 6, regular)
    c.setFont(regular, 10)
    c.drawString(MARGIN, MARGIN - 4, f"Vérifiez la dernière version : {url}")
    if qr:
        size = FOOTER - 6
        _draw_qr_code(c, url, width - MARGIN - size, MARGIN - 4, size)
    c.showPage()
    c.save()
    return buffer.getvalue()


def _legend(c: canvas.Canvas, guidance: Guidance, x: float, top: float, right: float, font: str) -> None:
    """Shapes and colours, flowing on as many rows as the width between `x` and `right` needs."""
    c.setFont(font, 9)
    colours = render_dot.KIND_COLOURS
    kinds = [
        ("Départ / fin", colours["start"]),
        ("Étape", colours["question"]),
        ("Décision", colours["decision"]),
        ("Action", colours["action"]),
    ]
    strata = [(s.short_name, render_dot.stratum_colour(s.id)) for s in guidance.strata]
    c.drawString(x, top, "Légende :")
    cursor, y = x + 52, top
    for label, colour in [*kinds, *strata, ("Acteurs du territoire (tableau)", "#ffffff")]:
        step = 26 + c.stringWidth(label, font, 9)
        if cursor + step > right:
            cursor, y = x + 52, y - 13
        c.setFillColor(HexColor(colour))
        c.setStrokeColor(HexColor("#555555"))
        c.rect(cursor, y - 2, 14, 10, fill=1, stroke=1)
        c.setFillColor(HexColor("#000000"))
        c.drawString(cursor + 18, y, label)
        cursor += step
    c.drawString(
        x + 52, y - 13, "Flèche pointillée bleue : réévaluation à chaque moment clé (la strate peut changer)."
    )


def printable_pdf(
    guidance: Guidance,
    territory: Territory,
    paper: str,
    url: str,
    qr: bool,
    cache: Path | None = None,
    pages: list[tuple[str, str]] | None = None,
) -> tuple[bytes, list[PrintedPage]]:
    """The whole printable logigram of a territory on `paper` ("A3" or "A4"), and the scale of each page.

    `pages` are the (title, DOT) of `graph_pages`, when the caller prints several papers from the same graphs."""
    return printable_pdfs(guidance, territory, (paper,), url, qr, cache, pages)[paper]


def printable_pdfs(
    guidance: Guidance,
    territory: Territory,
    papers: tuple[str, ...],
    url: str,
    qr: bool,
    cache: Path | None = None,
    pages: list[tuple[str, str]] | None = None,
) -> dict[str, tuple[bytes, list[PrintedPage]]]:
    """`printable_pdf` for each of `papers`, the graphs laid out and prepared once for all of them.

    A finished PDF is kept under `cache` (with its page report beside it, as JSON), named by `pdf_key`: an unchanged
    territory costs two file reads on the next build."""
    pages = pages if pages is not None else graph_pages(guidance, territory)
    done: dict[str, tuple[bytes, list[PrintedPage]]] = {}
    graphs: tuple[tuple[str, Graph], ...] | None = None
    for paper in papers:
        key = pdf_key(guidance, territory, paper, url, qr, pages)
        found = _cached_pdf(cache, key)
        if found is None:
            if graphs is None:
                graphs = tuple((title, Graph(render(dot, "pdf", cache), cache)) for title, dot in pages)
            found = _draw(_Drawing(guidance, territory, paper, url, qr, graphs))
            _store_pdf(cache, key, *found)
        done[paper] = found
    return done


def pdf_key(
    guidance: Guidance, territory: Territory, paper: str, url: str, qr: bool, pages: list[tuple[str, str]]
) -> str:
    """SHA-256 of everything that makes the bytes of a printable PDF (bump FORMAT_VERSION with the drawing code)."""
    programme = guidance.programme
    inputs = {
        "format": FORMAT_VERSION,
        "libraries": [reportlab.Version, pypdf.__version__, graphviz_version(), _font_identity()],
        "paper": paper,
        "territory": territory.name,
        "programme": [programme.short_title, programme.data_version, programme.data_date],
        "legend": [[s.short_name, render_dot.stratum_colour(s.id)] for s in guidance.strata],
        "url": url,
        "qr": qr,
        "pages": pages,
    }
    return hashlib.sha256(json.dumps(inputs, ensure_ascii=False).encode("utf-8")).hexdigest()


def is_cached(
    guidance: Guidance,
    territory: Territory,
    paper: str,
    url: str,
    qr: bool,
    cache: Path | None,
    pages: list[tuple[str, str]],
) -> bool:
    if cache is None:
        return False
    return all(path.is_file() for path in _entry(cache, pdf_key(guidance, territory, paper, url, qr, pages)))


def _entry(cache: Path, key: str) -> tuple[Path, Path]:
    """A printed PDF's files in the cache: the PDF, and its page report."""
    return cache / f"{key}.print.pdf", cache / f"{key}.print.json"


def _cached_pdf(cache: Path | None, key: str) -> tuple[bytes, list[PrintedPage]] | None:
    if cache is None:
        return None
    pdf_path, report_path = _entry(cache, key)
    try:
        report = json.loads(report_path.read_text(encoding="utf-8"))
        pdf = pdf_path.read_bytes()
        if hashlib.sha256(pdf).hexdigest() != report["sha256"]:
            return None  # a PDF not from the same build as its report: drawn again
        return pdf, [PrintedPage(title, scale) for title, scale in report["pages"]]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _store_pdf(cache: Path | None, key: str, pdf: bytes, report: list[PrintedPage]) -> None:
    if cache is None:
        return
    pdf_path, report_path = _entry(cache, key)
    write_file(pdf_path, pdf)
    text = json.dumps(
        {"sha256": hashlib.sha256(pdf).hexdigest(), "pages": [[p.title, p.scale] for p in report]},
        ensure_ascii=False,
    )
    write_file(report_path, text.encode("utf-8"))


@dataclass(frozen=True)
class _Drawing:
    """What one printable PDF is drawn from: its territory on `paper`, and each page's title and graph."""

    guidance: Guidance
    territory: Territory
    paper: str
    url: str
    qr: bool
    graphs: tuple[tuple[str, Graph], ...]


def _draw(drawing: _Drawing) -> tuple[bytes, list[PrintedPage]]:
    try:
        return _draw_pages(drawing, fast=True)
    except UnexpectedMerge:  # pragma: no cover - see pdf_merge.merge
        return _draw_pages(drawing, fast=False)


def _draw_pages(drawing: _Drawing, fast: bool) -> tuple[bytes, list[PrintedPage]]:
    paper, territory = drawing.paper, drawing.territory
    width, height = PAPER[paper]
    box_w, box_h = width - 2 * MARGIN, height - 2 * MARGIN - HEADER - FOOTER
    writer = PdfWriter()
    report: list[PrintedPage] = []
    total = len(drawing.graphs)
    for number, (title, graph) in enumerate(drawing.graphs, start=1):
        frame = _frame(paper, drawing.guidance, territory, title, number, total, drawing.url, drawing.qr)
        page = PdfReader(io.BytesIO(frame)).pages[0]
        graph_page = graph.page()
        box = graph_page.mediabox
        gw, gh = float(box.width), float(box.height)
        scale = min(box_w / gw, box_h / gh, MAX_SCALE)
        tx = MARGIN + (box_w - gw * scale) / 2 - float(box.left) * scale
        ty = MARGIN + FOOTER + (box_h - gh * scale) / 2 - float(box.bottom) * scale
        page = writer.add_page(page)  # pypdf ≥ 7 merges only into pages attached to a writer
        merge(page, graph_page, graph, Transformation().scale(scale, scale).translate(tx, ty), fast)
        report.append(PrintedPage(title, round(scale, 3)))
    writer.add_metadata({"/Title": f"Logigramme — {territory.name} ({paper})", "/Author": "Balises"})
    writer._ID = None  # no random file id: two builds of the same data give the same bytes
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue(), report
