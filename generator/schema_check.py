"""Validation pass 1 — each file against its JSON Schema, with errors translated into French diagnostics."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from jsonschema import ValidationError
from jsonschema.exceptions import best_match

from .diagnostics import Diagnostic, nearest
from .load import SourceFile, located
from .schemas import SchemaSet

_TYPE_NAMES = {
    "string": "un texte",
    "integer": "un nombre entier",
    "number": "un nombre",
    "boolean": "true ou false",
    "array": "une liste (éléments « - … »)",
    "object": "un ensemble de champs (« champ: valeur »)",
    "null": "une valeur vide",
}
_ID_PATTERN = "^[a-z0-9]+(-[a-z0-9]+)*$"


def check_file(schemas: SchemaSet, source: SourceFile) -> list[Diagnostic]:
    if schemas.conforms(source.kind.name, source.data):
        return []  # the fast verdict; only files it rejects need `jsonschema` to explain what is wrong
    validator = schemas.validator(source.kind.name)
    base = schemas.file_name(source.kind.name)
    diagnostics: dict[tuple, Diagnostic] = {}
    for error in validator.iter_errors(source.data):
        for d in _translate(schemas, base, source, error):
            # one message per place and code (a date can break both its pattern and its format)
            diagnostics.setdefault((d.line, d.column, d.code, d.pointer), d)
    return list(diagnostics.values())


def _translate(
    schemas: SchemaSet, base: str, source: SourceFile, error: ValidationError
) -> Iterator[Diagnostic]:
    if error.validator in ("anyOf", "oneOf") and error.context:
        error = best_match(error.context)
    base = schemas.home(error.schema, base)  # where the failed subschema is written: its `$ref`s start there
    path = tuple(error.absolute_path)
    keyword = error.validator

    def at(path_: tuple, message: str, hint: str = "", code: str = "", key: bool = False) -> Diagnostic:
        return located(source, path_, code or f"schema-{keyword}", message, hint, key=key)

    if keyword == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        for name in sorted(set(error.instance) - set(allowed)):
            yield at(
                (*path, name), f"champ inconnu « {name} »", _choice_hint(name, allowed), "champ-inconnu", True
            )
    elif keyword == "required":
        for name in error.validator_value:
            if isinstance(error.instance, dict) and name not in error.instance:
                found = schemas.property_schema(error.schema, base, name)
                described = schemas.description(*found) if found else ""
                hint = f"ajoutez « {name}: … »" + (f" — {described}" if described else "")
                yield at(path, f"champ obligatoire « {name} » manquant", hint, "champ-manquant")
    elif keyword == "type":
        yield at(path, _type_message(error), _type_hint(error), "type-invalide")
    elif keyword == "enum":
        allowed = [str(v) for v in error.validator_value]
        yield at(
            path,
            f"valeur « {error.instance} » non permise",
            _choice_hint(str(error.instance), allowed),
            "valeur-non-permise",
        )
    elif keyword == "pattern" and error.validator_value == _ID_PATTERN:
        suggestion = slugify(str(error.instance))
        yield at(
            path,
            f"identifiant « {error.instance} » invalide : minuscules sans accents, chiffres et tirets seulement",
            f"écrivez par exemple « {suggestion} »" if suggestion else "",
            "identifiant-invalide",
        )
    elif keyword in ("format", "pattern") and "date" in str(error.schema.get("format", "")):
        yield at(
            path,
            f"date « {error.instance} » invalide",
            "écrivez une date réelle au format AAAA-MM-JJ, entre guillemets",
            "date-invalide",
        )
    else:
        yield at(path, _generic_message(error), schemas.description(error.schema, base), f"schema-{keyword}")


def _type_message(error: ValidationError) -> str:
    expected = error.validator_value
    names = [expected] if isinstance(expected, str) else list(expected)
    wanted = " ou ".join(_TYPE_NAMES.get(n, n) for n in names)
    return f"type invalide : {wanted} attendu, trouvé {_describe(error.instance)}"


def _type_hint(error: ValidationError) -> str:
    if error.validator_value == "string" and isinstance(error.instance, bool | int | float):
        return f'mettez la valeur entre guillemets : "{_yaml_repr(error.instance)}"'
    if error.validator_value == "string" and error.instance is None:
        return "écrivez une valeur après « : », ou supprimez la ligne si le champ est facultatif"
    if error.validator_value == "boolean":
        return "écrivez true (oui) ou false (non), sans guillemets"
    if error.validator_value in ("integer", "number") and isinstance(error.instance, str):
        return "écrivez un nombre en chiffres, sans guillemets (ex. 3 ou 22.55)"
    if error.validator_value == "array" and isinstance(error.instance, str):
        return f"écrivez une liste : [{error.instance}] ou un élément par ligne commençant par « - »"
    return ""


def _generic_message(error: ValidationError) -> str:
    keyword, value, instance = error.validator, error.validator_value, error.instance
    messages = {
        "minItems": f"liste trop courte : au moins {value} élément(s) attendu(s)",
        "maxItems": f"liste trop longue : au plus {value} élément(s)",
        "minLength": "texte vide ou trop court",
        "uniqueItems": "la liste contient deux fois le même élément",
        "minimum": f"valeur trop petite : au moins {value}",
        "maximum": f"valeur trop grande : au plus {value}",
        "exclusiveMinimum": f"valeur trop petite : strictement plus de {value}",
        "pattern": f"« {instance} » n'a pas la forme attendue",
        "const": f"valeur attendue : {value}",
        "propertyNames": "nom de champ non permis",
        "format": f"« {instance} » n'a pas le format attendu ({value})",
        "minProperties": "au moins un champ attendu",
    }
    return messages.get(keyword, f"valeur invalide ({keyword})")


def _describe(value: Any) -> str:
    if value is None:
        return "une valeur vide"
    if isinstance(value, bool):
        return f"le booléen {_yaml_repr(value)}"
    if isinstance(value, int | float):
        return f"le nombre {value}"
    if isinstance(value, str):
        return f"le texte « {value[:40]} »"
    if isinstance(value, list):
        return "une liste"
    return "un ensemble de champs"


def _yaml_repr(value: Any) -> str:
    return "true" if value is True else "false" if value is False else str(value)


def _choice_hint(value: str, allowed: list[str]) -> str:
    near = nearest(value, allowed)
    listing = ", ".join(allowed) if len(allowed) <= 15 else ", ".join(allowed[:15]) + ", …"
    if near:
        return f"vouliez-vous dire « {near} » ? (permis : {listing})"
    return f"permis : {listing}"


_ACCENTS = str.maketrans("àâäáãåçéèêëíìîïñóòôöõúùûüýÿœæ", "aaaaaaceeeeiiiinooooouuuuyyoa")


def slugify(text: str) -> str:
    """The kebab-case id a human would write for `text` (« Sage-femme » → sage-femme)."""
    lowered = text.lower().replace("œ", "oe").replace("æ", "ae").translate(_ACCENTS)
    return re.sub(r"[^a-z0-9]+", "-", lowered).strip("-")
