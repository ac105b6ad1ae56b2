"""Validation pass 3, contact details: every phone, e-mail address and street of an actor says the page it was
read on (`source`) and the day it was read there (`checked`). A number nobody can trace back is a number nobody
should call (issue 16: never a guessed number)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from .diagnostics import Diagnostic
from .load import LoadedDataset, SourceFile, located
from .rules_territories import future_date

_HINT_SOURCE = "ajoutez « source: https://… » : l'adresse de la page (de l'organisation ou d'un annuaire officiel) où vous l'avez lu"
_HINT_CHECKED = 'ajoutez « checked: "AAAA-MM-JJ" » : le jour où vous l\'avez lu sur cette page'


def details(data: dict) -> Iterator[tuple[tuple, str, dict]]:
    """(path, what, detail) for each phone, the e-mail address and the street of an actor's data."""
    for i, phone in enumerate(data.get("phones") or ()):
        if isinstance(phone, dict):
            yield ("phones", i), f"le téléphone « {phone.get('number')} »", phone
    email = data.get("email")
    if isinstance(email, dict):
        yield ("email",), f"l'adresse e-mail « {email.get('address')} »", email
    address = data.get("address")
    if isinstance(address, dict) and address.get("street"):
        what = "la rue de l'adresse" if address.get("confidential") else f"la rue « {address['street']} »"
        yield ("address",), what, address


def check(dataset: LoadedDataset, today: date) -> Iterator[Diagnostic]:
    for source in dataset.of_kind("actor"):
        yield from _sourced(source)
        yield from _checked_not_future(source, today)


def _sourced(source: SourceFile) -> Iterator[Diagnostic]:
    for path, what, detail in details(source.data):
        if not detail.get("source"):
            yield located(source, path, "contact-sans-source", f"{what} n'a pas de source", _HINT_SOURCE)
        if not detail.get("checked"):
            yield located(
                source, path, "contact-sans-date", f"{what} n'a pas de date de vérification", _HINT_CHECKED
            )


def _checked_not_future(source: SourceFile, today: date) -> Iterator[Diagnostic]:
    """Every `checked` of the actor (contacts, hours, contact page, « comment orienter ») is today or before."""
    for path, value in _checked_dates(source.data):
        when = date.fromisoformat(value)
        if when > today:
            yield future_date(source, (*path, "checked"), when, today)


def _checked_dates(data: dict) -> Iterator[tuple[tuple, str]]:
    for key, value in data.items():
        items = enumerate(value) if key == "phones" and isinstance(value, list) else [(None, value)]
        for i, item in items:
            if isinstance(item, dict) and isinstance(item.get("checked"), str):
                yield ((key,) if i is None else (key, i)), item["checked"]
