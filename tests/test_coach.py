"""The coach's and the meso body's workflow: a new territory that validates at once and shows on the site,
editor settings, « where am I used », « Signaler une erreur », and the publishing recipes."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

import yaml
from conftest import ROOT
from sitebuild import build_site

from generator.cli import main
from generator.editor import vscode_settings
from generator.validate import validate


def test_new_territory_creates_files_that_validate_at_once_and_show_on_the_site(mini: Path, capsys) -> None:
    argv = ["new-territory", "wal-namur", "--name", "Namur", "--region", "wallonie", "--root", str(mini)]
    assert main([*argv, "--communes", "Namur=5000,5001", "Profondeville=5170"]) == 0
    out = capsys.readouterr().out
    assert "content/territories/wal-namur.yaml" in out and "0 erreur(s)" in out
    for rel in (
        "content/territories/wal-namur.yaml",
        "actors/wal-namur/wal-namur-medecin-generaliste.yaml",
        "logigrams/wal-namur.yaml",
    ):
        text = (mini / rel).read_text(encoding="utf-8")
        assert text.startswith("# yaml-language-server: $schema=")
    result = validate(mini)
    assert result.ok
    assert "choix-manquant" in {d.code for d in result.diagnostics if d.file.endswith("wal-namur.yaml")}
    territory = yaml.safe_load((mini / "content/territories/wal-namur.yaml").read_text(encoding="utf-8"))
    assert territory["communes"][0] == {"name": "Namur", "postcodes": ["5000", "5001"], "whole": True}
    assert build_site(mini, mini.parent / "site") == 0
    page = (mini.parent / "site/territoires/wal-namur/index.html").read_text(encoding="utf-8")
    assert "Namur" in page and "Profondeville" in page and "5170" in page
    assert (
        '<meta name="robots" content="noindex, nofollow">' in page
    )  # a draft until the coach says otherwise
    assert "Territoire en préparation" in page


def test_new_territory_refuses_to_overwrite_and_explains_bad_input(mini: Path, capsys) -> None:
    base = ["new-territory", "--name", "Nord", "--region", "bruxelles", "--root", str(mini)]
    assert main([*base[:1], "bxl-nord", *base[1:]]) == 1
    assert "existe déjà" in capsys.readouterr().err
    assert main([*base[:1], "Bxl Nord", *base[1:]]) == 2
    assert "identifiant invalide" in capsys.readouterr().err
    assert main([*base[:1], "bxl-ouest", *base[1:], "--communes", "Jette=109"]) == 2
    assert "code postal invalide pour « Jette » : 109" in capsys.readouterr().err
    assert not (mini / "content/territories/bxl-ouest.yaml").exists()


def test_the_editor_settings_map_every_data_folder_to_its_schema() -> None:
    committed = (ROOT / ".vscode/settings.json").read_text(encoding="utf-8")
    assert committed == vscode_settings(), (
        "régénérez .vscode/settings.json (generator.editor.vscode_settings)"
    )
    schemas = json.loads(committed)["yaml.schemas"]
    assert schemas["./schemas/actor.schema.json"] == ["actors/*/*.yaml"]
    assert all((ROOT / path).is_file() for path in schemas)


def test_an_actor_page_says_where_it_is_used(hostile_site: Path) -> None:
    page = (hostile_site / "acteurs/aquarelle/index.html").read_text(encoding="utf-8")
    used = page.split('<h2 id="ou-cette-fiche-est-utilisee"', 1)[1].split("</ul>", 1)[0]
    assert "Bassin Nord" in used and "rang 1" in used and "Fonction de coordination" in used
    assert "logigramme" in used


def test_report_an_error_opens_a_prefilled_mail_to_the_territory_contact(hostile_site: Path) -> None:
    page = (hostile_site / "territoires/bxl-nord/index.html").read_text(encoding="utf-8")
    links = [part.split('"', 1)[0].replace("&amp;", "&") for part in page.split('href="mailto:')[1:]]
    link = next(link for link in links if "?subject=" in link)  # not the territory's contact link
    url = urlparse("mailto:" + link)
    assert url.path == "bassin-nord@example.org"
    fields = parse_qs(url.query)
    assert "bxl-nord" in fields["subject"][0]
    body = unquote(fields["body"][0])
    assert "Page : territoires/bxl-nord/" in body and "Ce qu'il faudrait écrire" in body
    actor = (hostile_site / "acteurs/aquarelle/index.html").read_text(encoding="utf-8")
    assert "Signaler une erreur sur cette fiche" in actor and "aquarelle" in actor.split("mailto:", 1)[1]


def test_the_publishing_recipes_build_with_make_site_and_publish_the_site_folder() -> None:
    recipes = ROOT / "docs/publier"
    github = yaml.safe_load((recipes / "github-pages.yml").read_text(encoding="utf-8"))
    steps = github["jobs"]["construire"]["steps"]
    assert any("make site" in s.get("run", "") for s in steps)
    assert any(s.get("with", {}).get("path") == "site" for s in steps)
    gitlab = yaml.safe_load((recipes / "gitlab-ci.yml").read_text(encoding="utf-8"))
    assert "make site" in " ".join(gitlab["pages"]["script"])
    assert gitlab["pages"]["artifacts"]["paths"] == ["public"]
    nginx = (recipes / "nginx.conf").read_text(encoding="utf-8")
    assert "try_files $uri $uri/ =404;" in nginx and "Content-Security-Policy" in nginx


DIFF = ROOT / "tests/fixtures/diff"


def test_diff_prints_for_people_and_json_equal_to_the_library(capsys) -> None:
    from generator import diff
    from generator.pipeline import load_model

    assert main(["diff", str(DIFF / "old"), str(DIFF / "new")]) == 0
    text = capsys.readouterr().out
    assert "+ consultation-one-laeken" in text and "téléphones : (vide) → numéro : +32 2 000 00 02" in text
    assert main(["diff", str(DIFF / "old"), str(DIFF / "new"), "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    library = diff.diff(load_model(DIFF / "old").guidance, load_model(DIFF / "new").guidance).to_dict()
    assert printed == json.loads(json.dumps(library))


def test_diff_takes_git_revisions_and_says_when_one_is_unknown(capsys, monkeypatch) -> None:
    monkeypatch.chdir(ROOT)
    assert main(["diff", "HEAD", str(ROOT)]) == 0
    out = capsys.readouterr().out
    assert out  # the working tree against the last commit: a report, possibly « Aucune différence. »
    assert main(["diff", "revision-inexistante", "HEAD"]) == 1
    assert "ni un dossier ni une révision git" in capsys.readouterr().err


def test_build_with_the_previous_publication_adds_a_news_page(tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert build_site(DIFF / "new", out, "--previous", str(DIFF / "old")) == 0
    news = (out / "nouveautes/index.html").read_text(encoding="utf-8")
    assert "Consultation ONE de Laeken" in news and "Koekelberg" in news
    assert "depuis la version « old »" in news and str(DIFF) not in news  # the folder's name, not its path
    assert 'href="nouveautes/"' in (out / "index.html").read_text(encoding="utf-8")  # in the navigation


def test_new_territory_refuses_a_postcode_the_schema_would_reject(mini: Path, capsys) -> None:
    argv = ["new-territory", "wal-test", "--name", "Test", "--region", "wallonie", "--root", str(mini)]
    assert main([*argv, "--communes", "Nulle-part=0123"]) == 2
    assert "0123" in capsys.readouterr().err
    assert not (mini / "content/territories/wal-test.yaml").exists()
