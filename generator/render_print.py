"""Printable logigram: A3 or A4 landscape PDF pages, each graph laid out by Graphviz at its natural size and placed,
still vector, on an exact page framed by a title, the data's version and date, a legend and a footer telling the
reader where to find the latest version (with a QR code when the site's address is known).

Pages: the orientation (start → stratum) cut in two, then one page per stratum with its functions and the
territory's actors, so that no text falls under 8 pt on A3 (`min_font_pt` reports what each page reached).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader, PdfWriter, Transformation
from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.colors import HexColor
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from . import render_dot
from .model import Guidance, Territory
from .render_graph import render

PAPER = {"A3": (1190.55, 841.89), "A4": (841.89, 595.28)}  # landscape, in points
MARGIN = 28.35  # 1 cm
HEADER = 54.0
FOOTER = 62.0
SMALLEST_GRAPH_FONT = 11.0  # edge labels; nodes are 12 pt (render_dot._header)
MAX_SCALE = 1.5
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")


@dataclass(frozen=True)
class PrintedPage:
    title: str
    scale: float

    @property
    def min_font_pt(self) -> float:
        return round(SMALLEST_GRAPH_FONT * self.scale, 1)


def _fonts() -> tuple[str, str]:
    regular, bold = FONT_DIR / "DejaVuSans.ttf", FONT_DIR / "DejaVuSans-Bold.ttf"
    if regular.is_file() and bold.is_file():
        if "DejaVuSans" not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont("DejaVuSans", str(regular)))
            pdfmetrics.registerFont(TTFont("DejaVuSans-Bold", str(bold)))
        return "DejaVuSans", "DejaVuSans-Bold"
    return "Helvetica", "Helvetica-Bold"  # pragma: no cover - Debian's fonts-dejavu-core is installed by make


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
        widget = QrCodeWidget(url)
        x0, y0, x1, y1 = widget.getBounds()
        size = FOOTER - 6
        drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
        drawing.add(widget)
        renderPDF.draw(drawing, c, width - MARGIN - size, MARGIN - 4)
    c.showPage()
    c.save()
    return buffer.getvalue()


def _legend(c: canvas.Canvas, guidance: Guidance, x: float, top: float, right: float, font: str) -> None:
    """Shapes and colours, flowing on as many rows as the width between `x` and `right` needs."""
    c.setFont(font, 9)
    kinds = [
        ("Départ / fin", "#e8eef7"),
        ("Étape", "#f2f2f2"),
        ("Décision", "#fff7e0"),
        ("Action", "#ffffff"),
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
    width, height = PAPER[paper]
    box_w, box_h = width - 2 * MARGIN, height - 2 * MARGIN - HEADER - FOOTER
    writer = PdfWriter()
    report: list[PrintedPage] = []
    pages = pages if pages is not None else graph_pages(guidance, territory)
    for number, (title, dot) in enumerate(pages, start=1):
        page = PdfReader(
            io.BytesIO(_frame(paper, guidance, territory, title, number, len(pages), url, qr))
        ).pages[0]
        graph = PdfReader(io.BytesIO(render(dot, "pdf", cache))).pages[0]
        gw, gh = float(graph.mediabox.width), float(graph.mediabox.height)
        scale = min(box_w / gw, box_h / gh, MAX_SCALE)
        tx = MARGIN + (box_w - gw * scale) / 2 - float(graph.mediabox.left) * scale
        ty = MARGIN + FOOTER + (box_h - gh * scale) / 2 - float(graph.mediabox.bottom) * scale
        page = writer.add_page(page)  # pypdf ≥ 7 merges only into pages attached to a writer
        page.merge_transformed_page(graph, Transformation().scale(scale, scale).translate(tx, ty))
        report.append(PrintedPage(title, round(scale, 3)))
    writer.add_metadata({"/Title": f"Logigramme — {territory.name} ({paper})", "/Author": "Balises"})
    writer._ID = None  # no random file id: two builds of the same data give the same bytes
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue(), report
