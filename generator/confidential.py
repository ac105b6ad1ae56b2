"""Confidential addresses in the messages of `validate` (and so of the preview's error frame and its log): a
diagnostic about an address marked confidential names the file, line and column, never the value.

The site, the exports and the diff never see a confidential address (`Actor.public_address`,
`diff_compare.shown_addresses`); diagnostics are made from the raw YAML, before the model, hence this pass.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Any

from .diagnostics import Diagnostic
from .load import SourceFile

HIDDEN_VALUE = "(valeur confidentielle)"
_FIELDS = ("street", "postal_code")  # the commune is public: the area served names it


def _secrets(data: Any) -> tuple[str, ...]:
    """The values of an address marked confidential (anything but false counts), longest first."""
    address = data.get("address") if isinstance(data, Mapping) else None
    if not isinstance(address, Mapping) or address.get("confidential") in (None, False):
        return ()
    values = {str(address[k]).strip() for k in _FIELDS if address.get(k) not in (None, "")}
    return tuple(sorted((v for v in values if v), key=len, reverse=True))


def _masked(text: str, secrets: tuple[str, ...]) -> str:
    for secret in secrets:
        text = text.replace(secret, HIDDEN_VALUE)
    return text


def mask_diagnostics(diagnostics: Iterable[Diagnostic], files: Iterable[SourceFile]) -> list[Diagnostic]:
    """The diagnostics with every value of a confidential address replaced in their message and hint."""
    secrets = {f.rel: found for f in files if (found := _secrets(f.data))}
    return [
        replace(d, message=_masked(d.message, secrets[d.file]), hint=_masked(d.hint, secrets[d.file]))
        if d.file in secrets
        else d
        for d in diagnostics
    ]
