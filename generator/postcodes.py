"""Find the territory of a Belgian postcode: which territories, and which of their communes (or sections), cover it.

A postcode can be shared: Bruxelles-Ville's 1000 is split between bassins, 1040 and 1050 between Bruxelles-Ville and
Etterbeek or Ixelles. The lookup then lists every candidate and never picks one for the user."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .model import Commune, Guidance, Territory

_POSTCODE = re.compile(r"(?<![0-9])[1-9][0-9]{3}(?![0-9])")


class PostcodeError(ValueError):
    """A postcode that cannot be used as given; the message is French. `usage`: the input is malformed or ambiguous
    (the user must say more), not merely unknown."""

    def __init__(self, message: str, usage: bool = False) -> None:
        super().__init__(message)
        self.usage = usage


@dataclass(frozen=True)
class PostcodeMatch:
    code: str
    territory: Territory
    places: tuple[str, ...]  # « Commune » or « Commune — Section », in the territory's order
    notes: tuple[str, ...] = ()  # those communes' notes that speak of the code (« 1040 couvre aussi… »)

    def describe(self) -> str:
        return f"{self.territory.id} ({self.territory.name} : {', '.join(self.places)})"

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "territoire": self.territory.id,
            "lieux": list(self.places),
            "notes": list(self.notes),
        }

    def format_text(self) -> str:
        lines = [
            f"Code postal {self.code} : {', '.join(self.places)} ({self.territory.name}).",
            *(f"Attention : {n}" for n in self.notes),
        ]
        return "".join(line + "\n" for line in lines)


def _places(commune: Commune, code: str) -> tuple[str, ...]:
    sections = tuple(f"{commune.name} — {s.name}" for s in commune.sections if code in s.postcodes)
    return sections or ((commune.name,) if code in commune.all_postcodes() else ())


def territories_for_postcode(guidance: Guidance, code: str) -> tuple[PostcodeMatch, ...]:
    """Every territory covering the postcode, with the communes (or sections) that carry it."""
    found = []
    for territory in guidance.territories:
        communes = [c for c in territory.communes if _places(c, code)]
        if communes:
            places = tuple(p for c in communes for p in _places(c, code))
            notes = tuple(c.note for c in communes if c.note and code in c.note)
            found.append(PostcodeMatch(code, territory, places, notes))
    return tuple(found)


def normalise(text: str) -> str:
    """The 4-digit postcode in the user's text (« 7000 », « B-7000 » and « 7000 Mons » all give 7000)."""
    found = _POSTCODE.findall(text)
    if len(found) != 1:
        shown = text if len(text) <= 40 else text[:40] + "…"
        raise PostcodeError(
            f"« {shown} » n'est pas un code postal belge : donnez les 4 chiffres (ex. --postcode 7000).",
            usage=True,
        )
    return found[0]


def resolve(guidance: Guidance, text: str, territory_id: str | None) -> PostcodeMatch | None:
    """The one territory a postcode designates (checked against --territory when given), or a French refusal.
    None when --territory names no known territory: the route reports that, with its suggestion."""
    code = normalise(text)
    matches = territories_for_postcode(guidance, code)
    covered = " ; ".join(m.describe() for m in matches)
    if territory_id is not None:
        if territory_id not in {t.id for t in guidance.territories}:
            return None
        chosen = [m for m in matches if m.territory.id == territory_id]
        if not chosen:
            raise PostcodeError(
                f"le code postal {code} n'appartient pas au territoire « {territory_id} » : "
                + (f"il est couvert par {covered}." if matches else "aucun territoire publié ne le couvre.")
            )
        return chosen[0]
    if not matches:
        raise PostcodeError(
            f"aucun territoire publié ne couvre le code postal {code}. "
            f"Territoires connus : {', '.join(t.id for t in guidance.territories)} ; choisissez-en un avec --territory."
        )
    if len(matches) > 1:
        raise PostcodeError(
            f"le code postal {code} est partagé entre plusieurs territoires : {covered}. La rue décide : voyez les "
            "notes des communes sur la page du territoire, puis précisez-le avec --territory ID.",
            usage=True,
        )
    return matches[0]
