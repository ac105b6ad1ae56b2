"""git and the terminal (DESIGN §10): a revision from the command line is never read by git as an option, and
text from the data never drives the terminal (escape sequences, carriage returns, bells are shown escaped)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from conftest import MINI, copy_dataset

from generator.cli import main
from generator.terminal import inert

ESCAPES = "\x1b[2J\x1b]0;pwned\x07\rEffacé"  # clear the screen, retitle the window, bell, back to the start
# What valid data can hold (validate refuses the other controls, even written as escapes): back to the start of
# the line, a tab, and a bidirectional override that shows what follows reversed.
DATA_ESCAPES = "\rEffacé\t\u202eesiaM"


def _git(folder: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(folder), *args], check=True, capture_output=True)


@pytest.fixture
def repository(tmp_path: Path, monkeypatch) -> Path:
    """A git repository holding `mini`, one commit, as the current folder."""
    folder = copy_dataset(MINI, tmp_path / "depot")
    _git(folder, "init", "-q")
    _git(folder, "add", ".")
    _git(folder, "-c", "user.name=Test", "-c", "user.email=t@example.org", "commit", "-q", "-m", "v1")
    monkeypatch.chdir(folder)
    return folder


@pytest.mark.parametrize("revision", ("--output=pris", "-o", "--remote=ext::sh -c touch% pris"))
def test_a_revision_that_looks_like_an_option_is_refused_and_writes_nothing(repository, revision, capsys):
    before = sorted(p.name for p in repository.iterdir())
    assert main(["diff", "--", revision, "HEAD"]) == 2
    assert main(["build", "--out", "site", f"--previous={revision}", "-q"]) == 2
    assert sorted(p.name for p in repository.iterdir()) == before  # no file « pris », no site
    err = capsys.readouterr().err
    assert "ne peut ni commencer par « - »" in err


def test_a_revision_with_control_characters_is_refused(repository, capsys):
    assert main(["diff", "HEAD\x1b[2J", "HEAD"]) == 2
    err = capsys.readouterr().err
    assert "\x1b" not in err and "HEAD\\x1b[2J" in err


def test_real_revisions_still_work(repository, capsys):
    assert main(["diff", "HEAD", "HEAD"]) == 0
    assert main(["diff", "HEAD~5", "HEAD"]) == 1
    assert "ni un dossier ni une révision git" in capsys.readouterr().err


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    """`mini` with escape sequences in the name of an actor that the route, the report and the diff print."""
    root = copy_dataset(MINI, tmp_path / "hostile")
    path = root / "actors" / "bxl-nord" / "maison-test-jette.yaml"
    text = path.read_text(encoding="utf-8")
    escaped = DATA_ESCAPES.replace("\r", "\\r").replace("\t", "\\t").replace("\u202e", "\\u202e")
    path.write_text(text.replace('name: "Maison', f'name: "{escaped} Maison'), encoding="utf-8")
    return root


@pytest.mark.parametrize(
    "command",
    (
        ["route", "--territory", "bxl-nord", "--stratum", "complexe"],
        ["report", "--today", "2026-11-24"],
        ["diff", str(MINI)],
    ),
    ids=("route", "report", "diff"),
)
def test_data_text_reaches_the_terminal_escaped(hostile, command, capsys):
    args = [*command, str(hostile)] if command[0] == "diff" else [*command, "--root", str(hostile)]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "Maison" in out and "\\x0dEffacé\\x09\\u202eesiaM" in out
    assert not any(char in out for char in "\r\t\u202e")


def test_validation_messages_quote_the_data_escaped(hostile, capsys):
    path = hostile / "actors" / "bxl-nord" / "maison-test-jette.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("types: [asi]", 'types: ["asi\\e[2J"]'), "utf-8")
    assert main(["validate", "--root", str(hostile)]) == 1
    out = capsys.readouterr().out
    assert "asi\\x1b[2J" in out and "\x1b" not in out


def test_inert_keeps_line_feeds_and_shows_every_other_control():
    assert inert("a\nb") == "a\nb"
    assert inert("\x1b[31m\x00\x7f\x9b\u202e") == "\\x1b[31m\\x00\\x7f\\x9b\\u202e"
    assert inert("« Maison médicale »") == "« Maison médicale »"


def test_error_messages_that_quote_the_data_are_escaped(monkeypatch, capsys):
    from generator import route

    def refuse(guidance, situation):
        raise route.RouteError(f"nœud « {ESCAPES} » sans issue")

    monkeypatch.setattr(route, "walk", refuse)
    assert main(["route", "--root", str(MINI), "--territory", "bxl-nord"]) == 1
    err = capsys.readouterr().err
    assert "\\x1b[2J" in err and not any(char in err for char in "\x1b\x07\r")


@pytest.mark.parametrize(
    ("link", "said"),
    (("/tmp/ailleurs/outside.yaml", "chemin absolu"), ("../../../outside.yaml", "sort du jeu de données")),
    ids=("absolute", "relative"),
)
def test_a_revision_holding_a_link_out_of_the_dataset_is_refused_not_a_crash(repository, link, said, capsys):
    (repository / "actors" / "bxl-nord" / "leak.yaml").symlink_to(link)
    _git(repository, "add", ".")
    _git(repository, "-c", "user.name=Test", "-c", "user.email=t@example.org", "commit", "-q", "-m", "v2")
    assert main(["diff", "HEAD~1", "HEAD"]) == 1
    (
        repository / "actors" / "bxl-nord" / "leak.yaml"
    ).unlink()  # the working tree is valid, the revision is not
    assert main(["build", "--out", "site", "--previous=HEAD", "-q"]) == 1
    err = capsys.readouterr().err
    assert "erreur interne" not in err and "invalides" not in err
    assert err.count("« HEAD » : cette révision contient « actors/bxl-nord/leak.yaml »") == 2 and said in err
    assert not (repository / "site").exists()


FAKE = (
    "OK : 26 fichier(s) valide(s), aucune erreur."  # what a line feed in the data would print as Balises' own
)


@pytest.fixture
def multiline(tmp_path: Path) -> Path:
    """`mini` with a line feed, then a fake summary line, in the name of an actor the reports print."""
    root = copy_dataset(MINI, tmp_path / "lignes")
    path = root / "actors" / "bxl-nord" / "maison-test-jette.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('name: "Maison', f'name: "Faux\\n{FAKE}\\r\\nMaison'), encoding="utf-8")
    return root


@pytest.mark.parametrize(
    "command",
    (
        ["validate"],
        ["route", "--territory", "bxl-nord", "--stratum", "complexe"],
        ["report", "--today", "2026-11-24"],
        ["diff", str(MINI)],
    ),
    ids=("validate", "route", "report", "diff"),
)
def test_a_line_feed_in_the_data_does_not_start_a_line(multiline, command, capsys):
    args = [*command, str(multiline)] if command[0] == "diff" else [*command, "--root", str(multiline)]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert (
        f"Faux\\n{FAKE}\\x0d\\nMaison" in out or f"Faux {FAKE} Maison" in out
    )  # the diff's field values: spaces
    assert "Faux\\n" in out and not any(line.startswith(FAKE) for line in out.splitlines())


def test_validate_keeps_each_diagnostic_on_one_line(tmp_path, capsys):
    root = copy_dataset(MINI, tmp_path / "lignes")
    path = root / "actors" / "bxl-nord" / "maison-test-jette.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "types: [asi]", f'types: [asi]\nbib_role: "none\\n\\n{FAKE}"'
    )
    path.unlink()
    (path.parent / "nouvelle\nligne.yaml").write_text(text, encoding="utf-8")
    assert main(["validate", "--root", str(root)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert not any(line.startswith(FAKE) for line in out[:-1])  # only the real summary, last, may say OK…
    assert not out[-1].startswith("OK")
    located = [line for line in out if line.startswith("actors/bxl-nord/nouvelle")]
    assert located and all(line.startswith("actors/bxl-nord/nouvelle\\nligne.yaml:") for line in located)
    assert any(f"none\\n\\n{FAKE}" in line for line in located)
