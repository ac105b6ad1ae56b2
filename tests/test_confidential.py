"""A confidential address stays confidential whatever the other version said: `balises diff` (text and JSON),
the « Nouveautés » page of `build --previous`, and every file of that site (search index and PDFs included)."""

from __future__ import annotations

import gzip
import json
import re
import subprocess
from pathlib import Path

import pytest
from conftest import MINI, copy_dataset
from sitebuild import build_site

from generator.cli import main

ACTOR = "actors/bxl-nord/maison-test-jette.yaml"
PUBLIC = {"street": "Rue Zyxwvu 13", "postal_code": "1777", "confidential": "false"}
SECRET = {**PUBLIC, "confidential": "true"}
MOVED = {"street": "Rue Qwxyzk 7", "postal_code": "1778", "confidential": "true"}
TRACES = ("Zyxwvu", "Qwxyzk", "1777", "1778")  # the streets (as Pagefind folds them too) and postcodes


def with_address(target: Path, address: dict[str, str]) -> Path:
    """A copy of `mini` whose test actor has this address (in Jette)."""
    root = copy_dataset(MINI, target)
    path = root / ACTOR
    text = path.read_text(encoding="utf-8")
    block = (
        f'address:\n  street: "{address["street"]}"\n  postal_code: "{address["postal_code"]}"\n'
        f'  city: "Jette"\n  confidential: {address["confidential"]}\n'
        '  source: "https://example.org/maison-test"\n  checked: "2024-01-15"\n'
    )
    replaced, count = re.subn(r"address:\n(?:  .*\n)+", block, text)
    assert count == 1
    path.write_text(replaced, encoding="utf-8")
    return root


def traces(text: str) -> list[str]:
    return [t for t in TRACES if re.search(rf"(?<![0-9a-z]){t}(?![0-9a-z])", text, re.I)]


CASES = {  # old address, new address, what the diff says instead (before → after)
    "devenue confidentielle": (
        PUBLIC,
        SECRET,
        "masquée (confidentielle dans l'autre version) → confidentielle",
    ),
    "redevenue publique": (SECRET, PUBLIC, "confidentielle → masquée (confidentielle dans l'autre version)"),
    "modifiée en restant confidentielle": (SECRET, MOVED, "confidentielle → confidentielle (modifiée)"),
}


@pytest.mark.parametrize(("old", "new", "said"), CASES.values(), ids=CASES.keys())
def test_diff_never_prints_an_address_confidential_in_either_version(
    tmp_path: Path, capsys, old: dict, new: dict, said: str
) -> None:
    before, after = with_address(tmp_path / "old", old), with_address(tmp_path / "new", new)
    assert main(["diff", str(before), str(after)]) == 0
    text = capsys.readouterr().out
    assert f"      adresse : {said}\n" in text  # the coach still learns that the address changed
    assert traces(text) == []
    assert main(["diff", str(before), str(after), "--json"]) == 0
    printed = capsys.readouterr().out
    [actor] = json.loads(printed)["acteurs_modifies"]
    [change] = [c for c in actor["champs"] if c["champ"] == "address"]
    assert f"{change['avant']} → {change['apres']}" == said
    assert traces(printed) == []


def test_an_unchanged_confidential_address_is_not_reported(tmp_path: Path, capsys) -> None:
    before, after = with_address(tmp_path / "old", SECRET), with_address(tmp_path / "new", SECRET)
    assert main(["diff", str(before), str(after)]) == 0
    assert capsys.readouterr().out == "Aucune différence.\n"


def readable(path: Path) -> str:
    """A built file as text: PDFs through pdftotext, Pagefind's gzipped index and fragments decompressed."""
    data = path.read_bytes()
    if path.suffix == ".pdf":
        done = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True)
        return done.stdout.decode("utf-8")
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    # a fragment's anchors carry their word position (« "location":1777 »): a number of Pagefind's, not the data's
    return re.sub(r'"location":\d+', "", data.decode("utf-8", errors="replace"))


@pytest.mark.parametrize(
    ("old", "new"), [(PUBLIC, SECRET), (SECRET, MOVED)], ids=["devenue confidentielle", "modifiée"]
)
def test_build_with_the_previous_version_leaves_no_trace_of_the_address(
    tmp_path: Path, capsys, old: dict, new: dict
) -> None:
    before, after = with_address(tmp_path / "old", old), with_address(tmp_path / "new", new)
    out = tmp_path / "site"
    assert main(["build", "--root", str(after), "--out", str(out), "--previous", str(before)]) == 0
    printed = "".join(capsys.readouterr())
    assert "Site construit" in printed and traces(printed) == []  # nor in what the build printed
    news = readable(out / "nouveautes/index.html")
    assert (
        "Maison médicale" in news and "<li>Adresse : " in news
    )  # the change is on the page, the address is not
    files = [p for p in sorted(out.rglob("*")) if p.is_file() and p.parts[len(out.parts)] != "assets"]
    # (assets/ is the theme's and Balises' code, the same for every dataset: Material's lunr holds « 1777 »)
    indexed = [readable(p) for p in files if p.suffix in (".pf_fragment", ".pf_index")]
    assert any("Nouveautés" in text for text in indexed)  # the news page is in the search index…
    assert any("Adresse : " in text for text in indexed)  # …with what the diff says of the address
    leaks = {str(p.relative_to(out)): found for p in files if (found := traces(readable(p)))}
    assert leaks == {}


def test_an_address_made_public_is_on_the_actor_page_but_not_in_the_news(tmp_path: Path) -> None:
    before, after = with_address(tmp_path / "old", SECRET), with_address(tmp_path / "new", PUBLIC)
    out = tmp_path / "site"
    assert build_site(after, out, "--previous", str(before)) == 0
    assert "Rue Zyxwvu 13" in (out / "acteurs/maison-test-jette/index.html").read_text(encoding="utf-8")
    assert traces((out / "nouveautes/index.html").read_text(encoding="utf-8")) == []


COMMANDS = {
    "validate": ["validate", "--json"],
    "export csv": ["export", "--format", "csv"],
    "export json": ["export", "--format", "json"],
    "route": ["route", "--territory", "bxl-nord", "--stratum", "complexe", "--json"],
    "route (texte)": ["route", "--territory", "bxl-nord", "--stratum", "complexe"],
    "report": ["report", "--json"],
    "report (texte)": ["report"],
}


@pytest.mark.parametrize("argv", COMMANDS.values(), ids=COMMANDS.keys())
def test_no_command_prints_a_confidential_address(tmp_path: Path, capsys, argv: list[str]) -> None:
    root = with_address(tmp_path / "data", SECRET)
    assert main([*argv, "--root", str(root)]) in (0, 1)
    printed = "".join(capsys.readouterr())
    assert "maison-test-jette" in printed or "Maison" in printed or argv[0] == "validate"
    assert traces(printed) == []


def test_the_hsds_export_holds_no_confidential_address(tmp_path: Path) -> None:
    root = with_address(tmp_path / "data", SECRET)
    assert main(["export", "--format", "hsds", "--root", str(root), "--out", str(tmp_path / "hsds")]) == 0
    written = {p.name: traces(p.read_text(encoding="utf-8")) for p in (tmp_path / "hsds").iterdir()}
    assert len(written) > 3 and set(map(tuple, written.values())) == {()}


def test_validate_names_the_place_of_an_error_in_a_confidential_address_not_its_value(
    tmp_path: Path, capsys
) -> None:
    root = with_address(tmp_path / "data", {**SECRET, "postal_code": "17770"})
    text = (root / ACTOR).read_text(encoding="utf-8").replace('street: "Rue Zyxwvu 13"', "street: 1777")
    (root / ACTOR).write_text(text, encoding="utf-8")
    assert main(["validate", "--root", str(root)]) == 1
    printed = capsys.readouterr().out
    assert f"{ACTOR}:8:11: erreur [type-invalide]" in printed  # where, and what is wrong
    assert f"{ACTOR}:9:16: erreur [schema-pattern] « (valeur confidentielle) » n'a pas la forme" in printed
    assert "17770" not in printed and traces(printed) == []
