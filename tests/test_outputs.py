"""Output paths (DESIGN §10): Balises replaces a folder only when it is absent, empty or its own, never the dataset,
a folder holding it, the current folder, the home folder or `/`; file outputs write through symlinks and refuse
special files. Every refusal is exit 2, in French, and leaves the folder byte-identical."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sitebuild import build_site

from generator import outputs, serve
from generator.cli import main


def tree_digest(folder: Path) -> dict[str, str]:
    """Every file and folder under `folder` with a hash of its content: what a user would find there."""
    found = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        found[rel] = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "dossier"
    return found


def thesis_folder(folder: Path) -> Path:
    """A folder of the user's own: a thesis and a subfolder, the kind of thing a wrong --out would wipe."""
    (folder / "chapitres").mkdir(parents=True)
    (folder / "these.docx").write_bytes(b"PK\x03\x04 ma these")
    (folder / "chapitres" / "intro.md").write_text("Introduction", encoding="utf-8")
    return folder


def commands(mini: Path, folder: Path) -> dict[str, list[str]]:
    """Each command that writes a whole folder, aimed at `folder`."""
    return {
        "build --out": ["build", "--root", str(mini), "--out", str(folder), "-q"],
        "build --keep-docs": [
            *("build", "--root", str(mini), "--out", str(mini.parent / "site"), "-q"),
            *("--keep-docs", str(folder)),
        ],
        "export hsds": ["export", "--format", "hsds", "--root", str(mini), "--out", str(folder)],
        "serve --dossier": ["serve", "--root", str(mini), "--port", "0", "-q", "--dossier", str(folder)],
    }


COMMANDS = ("build --out", "build --keep-docs", "export hsds", "serve --dossier")


@pytest.fixture
def no_watching(monkeypatch):
    """`serve` returns once its first build is done instead of watching the data for ever."""
    monkeypatch.setattr(serve, "watch", lambda preview: None)


@pytest.mark.parametrize("command", COMMANDS)
def test_a_folder_of_the_users_is_refused_and_left_byte_identical(
    command, mini, tmp_path, capsys, no_watching
):
    folder = thesis_folder(tmp_path / "mes-documents")
    (folder / "projet").mkdir()  # where the preview keeps its MkDocs project
    (folder / "projet" / "notes.txt").write_text("mes notes", encoding="utf-8")
    before = tree_digest(folder)
    assert main(commands(mini, folder)[command]) == 2
    assert tree_digest(folder) == before
    err = capsys.readouterr().err
    assert str(folder) in err and "ne viennent pas de Balises" in err and "« chapitres »" in err
    assert "supprimez-le vous-même" in err


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("place", ("dataset", "its parent", "current folder", "home"))
def test_protected_folders_are_refused_whatever_the_marker(
    command, place, mini, tmp_path, monkeypatch, capsys, no_watching
):
    home = tmp_path / "maison"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    here = tmp_path / "ici"
    here.mkdir()
    monkeypatch.chdir(here)
    folder = {"dataset": mini, "its parent": mini.parent, "current folder": here, "home": home}[place]
    outputs.mark(folder, "balises build")  # even a folder that says Balises made it
    before = tree_digest(tmp_path)
    assert main(commands(mini, folder)[command]) == 2
    assert tree_digest(tmp_path) == before
    err = capsys.readouterr().err
    assert "Balises ne remplace jamais ce dossier" in err and "Choisissez un autre dossier" in err


def test_nothing_is_written_inside_the_dataset_folders(mini, tmp_path, capsys):
    before = tree_digest(mini)
    assert main(["build", "--root", str(mini), "--out", str(mini / "content" / "site"), "-q"]) == 2
    assert (
        main(["export", "--format", "csv", "--root", str(mini), "--out", str(mini / "actors" / "a.csv")]) == 2
    )
    strata = mini / "content" / "strata.yaml"
    assert main(["export", "--format", "json", "--root", str(mini), "--out", str(strata)]) == 2
    assert tree_digest(mini) == before
    assert "dossiers de données du jeu" in capsys.readouterr().err
    assert main(["export", "--format", "csv", "--root", str(mini), "--out", str(mini / "acteurs.csv")]) == 0


def test_the_root_folder_is_refused(mini, capsys):
    assert main(["export", "--format", "hsds", "--root", str(mini), "--out", "/"]) == 2
    assert "racine du système" in capsys.readouterr().err


def test_a_marked_folder_is_replaced_and_keeps_its_marker(mini, tmp_path):
    folder = tmp_path / "hsds"
    assert main(["export", "--format", "hsds", "--root", str(mini), "--out", str(folder)]) == 0
    assert outputs.is_marked(folder)
    (folder / "ancien.csv").write_text("périmé", encoding="utf-8")
    assert main(["export", "--format", "hsds", "--root", str(mini), "--out", str(folder)]) == 0
    assert not (folder / "ancien.csv").exists() and (folder / "datapackage.json").is_file()
    assert "balises export --format hsds" in (folder / ".balises").read_text(encoding="utf-8")


def test_an_empty_folder_is_used(mini, tmp_path):
    folder = tmp_path / "vide"
    folder.mkdir()
    assert main(["export", "--format", "hsds", "--root", str(mini), "--out", str(folder)]) == 0
    assert (folder / "organizations.csv").is_file()


def test_a_path_that_is_a_file_is_refused_as_a_folder(mini, tmp_path, capsys):
    file = tmp_path / "rapport.pdf"
    file.write_bytes(b"%PDF")
    assert main(["export", "--format", "hsds", "--root", str(mini), "--out", str(file)]) == 2
    assert file.read_bytes() == b"%PDF"
    assert "n'est pas un dossier" in capsys.readouterr().err


def test_overlapping_out_and_keep_docs_are_refused(mini, tmp_path, capsys):
    site = tmp_path / "site"
    assert main(["build", "--root", str(mini), "--out", str(site), "--keep-docs", str(site / "docs")]) == 2
    assert "se recouvrent" in capsys.readouterr().err
    assert not site.exists()


def test_a_site_of_the_previous_version_without_marker_is_adopted(mini, tmp_path):
    """`make site` twice on an existing checkout: the site an earlier Balises built has no marker but its shape."""
    site = tmp_path / "site"
    for rel in ("index.html", "pagefind/pagefind.js", "assets/balises.css", "acteurs/ancien/index.html"):
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text("ancien", encoding="utf-8")
    assert build_site(mini, site) == 0
    assert not (site / "acteurs" / "ancien").exists()
    assert (site / "index.html").read_text(encoding="utf-8") != "ancien"
    assert outputs.is_marked(site)
    assert build_site(mini, site) == 0  # and again, now that it carries the marker


# What an earlier Balises, without markers, left in each kind of folder (files to create, « / » ending a folder).
LEGACY_SHAPES = {
    "build --out": ("index.html", "pagefind/", "assets/balises.css", "acteurs/ancien/index.html", "404.html"),
    "build --keep-docs": ("mkdocs.yml", "docs/index.md", "hooks/balises_parallele.py", "overrides/main.html"),
    "export hsds": ("datapackage.json", "organizations.csv", "services.csv"),
    "serve --dossier": ("projet/mkdocs.yml", "projet/hooks/balises_parallele.py", "projet/site/index.html"),
}


def legacy_folder(folder: Path, command: str) -> Path:
    for rel in LEGACY_SHAPES[command]:
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        if not rel.endswith("/"):
            (folder / rel).write_text("ancien", encoding="utf-8")
    return folder


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("extra", (".git/HEAD", "CNAME", "memoire.docx", ".nojekyll", ".ancien.csv"))
def test_a_folder_shaped_like_an_old_output_but_holding_more_is_refused(
    command, extra, mini, tmp_path, capsys, no_watching
):
    """A cloned gh-pages checkout has a site's files, and its `.git`, its CNAME: it is not Balises' to delete."""
    folder = legacy_folder(tmp_path / "ancien", command)
    (folder / extra).parent.mkdir(parents=True, exist_ok=True)
    (folder / extra).write_text("à garder", encoding="utf-8")
    before = tree_digest(folder)
    assert main(commands(mini, folder)[command]) == 2
    assert tree_digest(folder) == before
    err = capsys.readouterr().err
    assert "ne viennent pas de Balises" in err and f"« {extra.split('/')[0]} »" in err


@pytest.mark.parametrize("command", ("build --keep-docs", "export hsds"))
def test_other_outputs_of_the_previous_version_without_marker_are_adopted(command, mini, tmp_path):
    folder = legacy_folder(tmp_path / "ancien", command)
    assert main(commands(mini, folder)[command]) == 0
    assert outputs.is_marked(folder)


def _dead_pid() -> int:
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True)
    return int(done.stdout)


def test_staging_folders_left_by_a_killed_build_are_removed_by_the_next(mini, tmp_path):
    pid = _dead_pid()
    ours = tmp_path / f".hsds.{pid}.construction.k1ll3d"
    ours.mkdir()
    outputs.mark(ours, "balises export --format hsds")
    (ours / "organizations.csv").write_text("moitié", encoding="utf-8")
    theirs = tmp_path / f".hsds.{pid}.construction.autre"  # the same name, but not Balises' folder
    theirs.mkdir()
    (theirs / "garder.txt").write_text("à garder", encoding="utf-8")
    assert main(["export", "--format", "hsds", "--root", str(mini), "--out", str(tmp_path / "hsds")]) == 0
    assert not ours.exists()
    assert (theirs / "garder.txt").read_text(encoding="utf-8") == "à garder"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".hsds")) == [theirs.name]


def test_an_export_through_a_symlink_writes_its_target_and_keeps_the_link(mini, tmp_path):
    target = tmp_path / "partage" / "acteurs.csv"
    target.parent.mkdir()
    target.write_text("ancien", encoding="utf-8")
    link = tmp_path / "acteurs.csv"
    link.symlink_to(target)
    assert main(["export", "--format", "csv", "--root", str(mini), "--out", str(link)]) == 0
    assert link.is_symlink() and link.readlink() == target
    assert target.read_text(encoding="utf-8-sig").startswith("Identifiant;Nom;")


def test_an_export_to_a_fifo_is_refused_without_hanging(mini, tmp_path):
    fifo = tmp_path / "tube"
    os.mkfifo(fifo)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "generator",
            "export",
            "--format",
            "json",
            "--root",
            str(mini),
            "--out",
            str(fifo),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert "fichier spécial" in done.stderr and str(fifo) in done.stderr
    assert fifo.is_fifo()


def test_an_export_to_a_folder_is_refused(mini, tmp_path, capsys):
    folder = thesis_folder(tmp_path / "docs")
    before = tree_digest(folder)
    assert main(["export", "--format", "csv", "--root", str(mini), "--out", str(folder)]) == 2
    assert tree_digest(folder) == before
    assert "c'est un dossier" in capsys.readouterr().err


@pytest.mark.parametrize("format_", ("csv", "hsds"))
def test_a_symlink_loop_is_refused_not_a_crash(format_, mini, tmp_path, capsys):
    loop = tmp_path / "boucle"
    loop.symlink_to(loop)
    assert main(["export", "--format", format_, "--root", str(mini), "--out", str(loop)]) == 2
    assert "chemin impossible à suivre" in capsys.readouterr().err


def test_an_export_file_keeps_its_permissions_and_a_new_one_is_readable(mini, tmp_path):
    shared = tmp_path / "partage.csv"
    shared.write_text("ancien", encoding="utf-8")
    shared.chmod(0o640)
    fresh = tmp_path / "nouveau.json"
    assert main(["export", "--format", "csv", "--root", str(mini), "--out", str(shared)]) == 0
    assert main(["export", "--format", "json", "--root", str(mini), "--out", str(fresh)]) == 0
    assert shared.stat().st_mode & 0o777 == 0o640
    assert fresh.stat().st_mode & 0o777 == 0o644  # not the owner-only mode of a temporary file


@pytest.mark.parametrize("stdout", ("/dev/stdout", "/dev/fd/1"))
def test_an_export_to_stdout_through_a_pipe_is_refused_not_a_crash(stdout, mini):
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "generator",
            "export",
            "--format",
            "csv",
            "--root",
            str(mini),
            "--out",
            stdout,
        ],
        capture_output=True,  # stdout is a pipe
        text=True,
        timeout=60,
    )
    assert done.returncode == 2, done.stderr
    assert "fichier spécial" in done.stderr and "omettez --out" in done.stderr and done.stdout == ""


def test_an_export_through_a_link_to_a_pseudo_file_or_under_a_file_is_refused(mini, tmp_path, capsys):
    link = tmp_path / "tube"
    link.symlink_to("/proc/self/fd/pipe:[4242]")
    plain = tmp_path / "notes.txt"
    plain.write_text("mes notes", encoding="utf-8")
    assert main(["export", "--format", "csv", "--root", str(mini), "--out", str(link)]) == 2
    assert main(["export", "--format", "csv", "--root", str(mini), "--out", str(plain / "acteurs.csv")]) == 2
    err = capsys.readouterr().err
    assert "pas un fichier ordinaire" in err and f"{plain} n'est pas un dossier" in err and "Errno" not in err
    assert plain.read_text(encoding="utf-8") == "mes notes"
    assert main(["export", "--format", "csv", "--root", str(mini), "--out", str(tmp_path / "a/b/c.csv")]) == 0


def test_an_export_never_replaces_the_site_settings_git_files_or_yaml(mini, tmp_path, capsys):
    (mini / ".git").mkdir()
    (mini / ".git" / "config").write_text("[core]\n", encoding="utf-8")
    (tmp_path / "notes.yml").write_text("a: 1\n", encoding="utf-8")
    victims = [mini / "mkdocs.yml", mini / ".git" / "config", tmp_path / "notes.yml"]
    before = {path: path.read_bytes() for path in victims}
    for path in [*victims, mini / ".git" / "nouveau.csv"]:
        assert main(["export", "--format", "csv", "--root", str(mini), "--out", str(path)]) == 2, path
    err = capsys.readouterr().err
    assert "réglages du site" in err and "dossier .git" in err and "fichier YAML existant" in err
    assert {path: path.read_bytes() for path in victims} == before
    assert not (mini / ".git" / "nouveau.csv").exists()
