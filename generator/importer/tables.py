"""Spreadsheets: a CSV (`;` or `,`, UTF-8 with or without BOM) or an XLSX sheet, with a column mapping."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from ..diagnostics import Diagnostic
from ..export import LANGUAGE_NAMES
from .records import (
    Record,
    clean,
    contacts,
    https_url,
    iso_date,
    normalised_name,
    os_reason,
    problem,
    unreadable,
    web_address,
)

FIELDS = {
    "id": "identifiant",
    "name": "nom",
    "name_nl": "nom en néerlandais",
    "alternate_name": "autre nom",
    "types": "types d'acteurs",
    "phone": "téléphone",
    "email": "e-mail",
    "website": "site web",
    "street": "rue et numéro",
    "postal_code": "code postal",
    "city": "commune",
    "languages": "langues",
    "description": "description",
    "last_verified": "date de vérification",
    "hours": "horaires",
    "conditions": "conditions d'accès",
    "source": "page où les coordonnées ont été lues (https://…)",
    "application_process": "démarche (sur rendez-vous, permanence…)",
    "eligibility_description": "public (pour qui)",
}
# Headers a French spreadsheet uses, normalised (no accents, case or punctuation) → field.
DEFAULT_MAPPING = {
    **{h: "id" for h in ("id", "identifiant")},
    **{h: "name" for h in ("nom", "name", "denomination", "organisation", "nom fr", "nom du service")},
    **{h: "name_nl" for h in ("nom nl", "nom neerlandais", "naam")},
    **{h: "alternate_name" for h in ("sigle", "autre nom", "acronyme")},
    **{h: "types" for h in ("type", "types", "type d acteur", "types d acteurs", "categorie")},
    **{h: "phone" for h in ("telephone", "tel", "phone", "numero de telephone")},
    **{h: "email" for h in ("e mail", "email", "courriel", "mail", "adresse e mail")},
    **{h: "website" for h in ("site web", "site", "website", "url", "site internet")},
    **{h: "street" for h in ("adresse", "rue", "address", "rue et numero")},
    **{h: "postal_code" for h in ("code postal", "cp", "postal code", "code")},
    **{h: "city" for h in ("commune", "localite", "ville", "city")},
    **{h: "languages" for h in ("langues", "langue", "languages")},
    **{h: "description" for h in ("description", "offre", "missions")},
    **{h: "last_verified" for h in ("derniere verification", "mise a jour", "date", "verifie le")},
    **{h: "hours" for h in ("horaires", "heures d ouverture", "permanences")},
    **{h: "conditions" for h in ("conditions", "conditions d acces", "acces")},
    **{h: "source" for h in ("source", "sources", "lien", "page source")},
    **{h: "application_process" for h in ("demarche", "modalites", "modalites d acces")},
    **{h: "eligibility_description" for h in ("public", "public cible", "pour qui")},
}
_LANGUAGE_CODES = {normalised_name(name): code for code, name in LANGUAGE_NAMES.items()} | {
    code: code for code in LANGUAGE_NAMES
}
MAX_ROWS = 50_000


def read_mapping(path: Path) -> tuple[dict[str, str], list[Diagnostic]]:
    """The mapping file (« Colonne du tableur: champ »), normalised; diagnostics when it is not one."""
    name = str(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except OSError as exc:
        return {}, [problem(name, 0, "import-correspondance-invalide", f"fichier de correspondance illisible ({os_reason(exc)})",
                            "indiquez à --mapping un fichier YAML")]  # fmt: skip
    except (UnicodeDecodeError, yaml.YAMLError) as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", -1) + 1
        return {}, [problem(name, line, "import-correspondance-invalide", f"fichier de correspondance illisible ({type(exc).__name__})",
                            "écrivez une ligne « Colonne du tableur: champ » par colonne, en YAML (UTF-8)")]  # fmt: skip
    if not isinstance(data, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in data.items()
    ):
        return {}, [problem(name, 0, "import-correspondance-invalide", "le fichier de correspondance doit associer chaque colonne (texte) à un champ (texte)",
                            "exemple : « Dénomination: name »")]  # fmt: skip
    found, diagnostics = {}, []
    for column, target in data.items():
        if target not in FIELDS:
            diagnostics.append(problem(name, 0, "import-correspondance-invalide", f"champ inconnu « {target} » pour la colonne « {column} »",
                                       "champs possibles : " + ", ".join(FIELDS)))  # fmt: skip
        found[normalised_name(column)] = target
    return found, diagnostics


def _csv_rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    text = path.read_bytes().decode("utf-8-sig")
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    start = 1
    for row in reader:
        yield start, row  # the line the row starts on (a quoted cell may hold line breaks)
        start = reader.line_num + 1


def _xlsx_rows(path: Path) -> Iterator[tuple[int, list[Any]]]:
    from openpyxl import load_workbook

    book = load_workbook(
        path, read_only=True, data_only=True
    )  # a formula gives its computed value, never runs
    try:
        sheet = book.worksheets[0]
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, list(row)
    finally:
        book.close()


def read_table(
    path: Path, kind: str, mapping: dict[str, str] | None
) -> tuple[list[Record], list[Diagnostic]]:
    """Records of a spreadsheet; `kind` is « csv » or « xlsx »; `mapping` adds to (and overrides) the default."""
    name = str(path)
    columns = {**DEFAULT_MAPPING, **(mapping or {})}
    try:
        rows = list(_csv_rows(path) if kind == "csv" else _xlsx_rows(path))
    except UnicodeDecodeError as exc:
        return [], [problem(name, 0, "import-illisible", f"le fichier n'est pas en UTF-8 (octet {exc.start})",
                            "enregistrez-le en « CSV UTF-8 » depuis le tableur")]  # fmt: skip
    except OSError as exc:
        return [], [unreadable(name, exc, "indiquez le fichier du tableau")]
    except csv.Error:
        return [], [problem(name, 0, "import-illisible", "CSV mal formé (guillemet non fermé, ou cellule de plus de 131 072 caractères)",
                            "vérifiez les guillemets, ou enregistrez à nouveau le tableau en « CSV UTF-8 »")]  # fmt: skip
    except Exception as exc:  # openpyxl raises many kinds on a file that is not a workbook
        return [], [problem(name, 0, "import-illisible", f"classeur XLSX illisible ({type(exc).__name__})",
                            "enregistrez le classeur au format .xlsx, ou exportez-le en CSV UTF-8")]  # fmt: skip
    rows = [(n, row) for n, row in rows if any(clean(cell) for cell in row)]
    if not rows:
        return [], [
            problem(
                name,
                0,
                "import-illisible",
                "le tableau est vide",
                "la première ligne doit nommer les colonnes",
            )
        ]
    if len(rows) > MAX_ROWS:
        return [], [problem(name, 0, "import-illisible", f"plus de {MAX_ROWS} lignes", "découpez le tableau")]
    header_line, header = rows[0]
    targets = [columns.get(normalised_name(clean(cell))) for cell in header]
    if "name" not in targets:
        return [], [problem(name, header_line, "import-colonne-manquante", "aucune colonne ne donne le nom de l'acteur",
                            "nommez une colonne « Nom », ou associez-la à « name » dans le fichier de correspondance (--mapping)")]  # fmt: skip
    records, diagnostics = [], []
    for line, row in rows[1:]:
        values: dict[str, Any] = {}
        for target, cell in zip(targets, row, strict=False):
            if target and target not in values:
                values[target] = cell if target == "last_verified" else clean(cell)
        record = _record(name, path.name, line, values)
        if record.fields.get("name"):
            records.append(record)
        else:
            diagnostics.append(
                problem(
                    name,
                    line,
                    "import-fiche-invalide",
                    "ligne sans nom d'acteur",
                    "remplissez la colonne du nom ou supprimez la ligne",
                )
            )
    return records, diagnostics


def languages(text: str) -> list[str]:
    """ISO codes from « fr, nl » or « français ; néerlandais » (unknown words are dropped)."""
    words = [normalised_name(w) for w in text.replace(";", ",").replace("/", ",").split(",")]
    return sorted({_LANGUAGE_CODES[w] for w in words if w in _LANGUAGE_CODES})


def _record(name: str, base: str, line: int, values: dict[str, Any]) -> Record:
    fields: dict[str, Any] = {}
    for key in ("id", "name", "name_nl", "alternate_name", "description"):
        if values.get(key):
            fields[key] = values[key]
    fields.update(contacts(values.get("phone", ""), values.get("email", ""), values.get("hours", "")))
    if values.get("website"):
        fields["website"] = web_address(values["website"])
    address = {k: values[k] for k in ("street", "postal_code", "city") if values.get(k)}
    if address:
        fields["address"] = address
    if values.get("languages"):
        fields["languages"] = languages(values["languages"])
    if values.get("conditions"):
        fields["access"] = {"conditions": values["conditions"]}
    for fact in ("application_process", "eligibility_description"):
        if values.get(fact):
            fields[fact] = {"text": values[fact]}
    types = tuple(t.strip() for t in values.get("types", "").replace(";", ",").split(",") if t.strip())
    date, page = iso_date(values.get("last_verified")), https_url(values.get("source", ""))
    return Record(name, line, f"{base}, ligne {line}", fields, types, date, page)
