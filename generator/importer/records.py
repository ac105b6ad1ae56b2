"""The common shape every reader produces, and the small helpers they share."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from ..diagnostics import Diagnostic
from ..schema_check import slugify


@dataclass(frozen=True)
class Record:
    """One imported actor: its YAML fields (`id` may be absent), raw type labels to resolve, and provenance."""

    file: str  # the input file as the user named it, for messages
    line: int  # row or line of the record in the input (0 when unknown)
    ref: str  # provenance in words: « repertoire.csv, ligne 3 », « annuaire.json, fiche 1234 »
    fields: dict[str, Any]
    types: tuple[str, ...] = ()
    last_update: str = ""  # the record's own date (AAAA-MM-JJ), when the input has one
    directory: str = ""  # the page or directory (https URL) the contact details were read on: their `source`


def problem(
    file: str, line: int, code: str, message: str, hint: str = "", warning: bool = False
) -> Diagnostic:
    from ..diagnostics import Severity

    severity = Severity.WARNING if warning else Severity.ERROR
    return Diagnostic(file, line, 1 if line > 0 else 0, code, message, severity, "", hint)


def unreadable(file: str, exc: OSError, hint: str) -> Diagnostic:
    """The input file could not be read at all (`import-illisible`), with the reason in French."""
    return problem(file, 0, "import-illisible", f"fichier illisible ({os_reason(exc)})", hint)


def os_reason(exc: OSError) -> str:
    """Why a file could not be read, in French."""
    if isinstance(exc, PermissionError):
        return "lecture non autorisée"
    if isinstance(exc, IsADirectoryError):
        return "c'est un dossier, pas un fichier"
    if isinstance(exc, FileNotFoundError):
        return "fichier introuvable"
    return exc.strerror or type(exc).__name__


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u2028\u2029]")


def clean(value: Any) -> str:
    """A cell as text: stripped, control characters removed (they have no place in a name or a phone), a
    leading `'` that a spreadsheet export put before a formula character removed."""
    if value is None:
        return ""
    text = _CONTROL.sub("", str(value).replace("\r\n", "\n").replace("\r", "\n")).strip()
    if text.startswith("'") and len(text) > 1 and text[1] in "=+-@\t\uff1d\uff0b\uff0d\uff20":
        text = text[1:]
    return text


def actor_id(text: str) -> str:
    """An id safe as a file name: kebab-case ASCII, never empty, never `..` (« ../x » → « x »)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return slugify(ascii_text)[:80].strip("-")


def normalised_name(text: str) -> str:
    """A name for comparison: accents, case, punctuation and spacing removed."""
    return " ".join(actor_id(text).split("-"))


_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_FRENCH_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def iso_date(value: Any) -> str:
    """AAAA-MM-JJ from an ISO date or timestamp, a JJ/MM/AAAA date or a spreadsheet date; "" when not a date."""
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]
    text = clean(value)
    found = _DATE.match(text)
    if found:
        return found.group(0)
    found = _FRENCH_DATE.match(text)
    if found:
        day, month, year = found.groups()
        return f"{year}-{int(month):02d}-{int(day):02d}"
    return ""


def web_address(value: str) -> str:
    """https:// before a bare « www.… » (what spreadsheets hold); other values as they are (the schema judges)."""
    if value and not re.match(r"^[a-z][a-z0-9+.-]*:", value, re.IGNORECASE):
        return "https://" + value
    return value


def contacts(phone: str = "", email: str = "", hours: str = "") -> dict[str, Any]:
    """The contact fields of an actor file, without `source` and `checked` (`actor_files` adds them)."""
    found: dict[str, Any] = {}
    if phone:
        found["phones"] = [{"number": phone}]
    if email:
        found["email"] = {"address": email}
    if hours:
        found["hours"] = {"text": hours}
    return found


def https_url(value: str) -> str:
    """`value` when it is an https address (a contact detail's source must be one), else ""."""
    return value if re.match(r"^https://[^\s/]+\.[^\s]+$", value) else ""
