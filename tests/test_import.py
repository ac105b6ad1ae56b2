"""`balises import`: spreadsheets (CSV, XLSX), an HSDS package (ours round-trips) and a directory-style JSON into a
copy of the fixture dataset; the result validates; re-importing changes nothing; hand-edited files are kept;
hostile values stay text; malformed input is a French diagnostic with its row, never a traceback."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

from generator import export
from generator.cli import main
from generator.pipeline import load_model
from generator.validate import validate

IMPORTS = ROOT / "tests" / "fixtures" / "import"
HEADER = "Nom;Téléphone;E-mail;Adresse;Code postal;Commune;Site web;Type;Source\n"
PAGE = "https://www.example.org/contact"
ROW = f"Maison fictive de Laeken;02 555 02 02;contact@example.org;Rue Fictive 1;1020;Bruxelles;www.example.org;MG;{PAGE}\n"
TODAY = date.today().isoformat()


def run(*args: str | Path) -> int:
    return main(["import", *map(str, args)])


def write_csv(path: Path, text: str, bom: bool = True) -> Path:
    path.write_bytes(("\ufeff" if bom else "").encode() + text.encode("utf-8"))
    return path


def actor_file(root: Path, territory: str, actor_id: str) -> dict:
    return yaml.safe_load((root / "actors" / territory / f"{actor_id}.yaml").read_text(encoding="utf-8"))


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted((root / "actors").rglob("*.yaml"))}


def test_a_csv_becomes_valid_actor_files_with_their_provenance(mini: Path, tmp_path: Path, capsys):
    table = write_csv(tmp_path / "repertoire.csv", HEADER + ROW)
    assert run("--format", "csv", table, "--territory", "bxl-nord", "--root", mini) == 0
    actor = actor_file(mini, "bxl-nord", "maison-fictive-de-laeken")
    assert actor["name"] == "Maison fictive de Laeken"
    assert actor["types"] == ["medecin-generaliste"]  # « MG » is an alias in actors/types.yaml
    # every contact detail says the page it was read on and the day (the import's, as the row has no date)
    assert actor["phones"] == [{"number": "02 555 02 02", "source": PAGE, "checked": TODAY}]
    assert actor["email"] == {"address": "contact@example.org", "source": PAGE, "checked": TODAY}
    assert actor["address"] == {"street": "Rue Fictive 1", "postal_code": "1020", "city": "Bruxelles",
                                "source": PAGE, "checked": TODAY}  # fmt: skip
    assert actor["website"] == "https://www.example.org"
    assert actor["source"] == ["Import : repertoire.csv, ligne 2"]
    assert validate(mini).ok
    assert "1 créée(s)" in capsys.readouterr().out


def test_a_comma_csv_without_bom_and_a_column_mapping(mini: Path, tmp_path: Path):
    table = write_csv(
        tmp_path / "t.csv", "Dénomination,Tél,Rôle\nCentre fictif,02 555 03 03,Sage-femme\n", bom=False
    )
    mapping = tmp_path / "colonnes.yaml"
    mapping.write_text("Dénomination: name\nRôle: types\n", encoding="utf-8")
    page = "https://annuaire.example.org/centre"
    options = ("--mapping", mapping, "--root", mini, "--source", page)
    assert run("--format", "csv", table, "--territory", "bruxelles", *options) == 0
    actor = actor_file(mini, "bruxelles", "centre-fictif")
    assert actor["types"] == ["sage-femme"]
    assert actor["phones"] == [{"number": "02 555 03 03", "source": page, "checked": TODAY}]


def test_an_xlsx_sheet(mini: Path, tmp_path: Path):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Nom", "Téléphone", "Code postal", "Commune", "Type", "Dernière vérification"])
    sheet.append(["Antenne fictive", "02 555 04 04", 1090, "Jette", "MG", "15/03/2026"])
    sheet.append(
        ["Calcul", "=1+1", None, None, "MG", None]
    )  # a formula: its saved value (none here), never run
    book.save(tmp_path / "r.xlsx")
    assert (
        run(
            "--format",
            "xlsx",
            tmp_path / "r.xlsx",
            "--territory",
            "bxl-nord",
            "--root",
            mini,
            "--source",
            PAGE,
        )
        == 0
    )
    actor = actor_file(mini, "bxl-nord", "antenne-fictive")
    assert actor["address"] == {"postal_code": "1090", "city": "Jette"}
    assert actor["last_verified"] == "2026-03-15"
    assert actor["phones"] == [{"number": "02 555 04 04", "source": PAGE, "checked": "2026-03-15"}]
    assert "phones" not in actor_file(mini, "bxl-nord", "calcul")  # « =1+1 » is no phone number: dropped
    assert validate(mini).ok


def test_our_hsds_package_round_trips(mini: Path, tmp_path: Path, capsys):
    before = {a.id: a for a in load_model(mini).guidance.actors}
    assert main(["export", "--format", "hsds", "--root", str(mini), "--out", str(tmp_path / "hsds")]) == 0
    # the fixture's actors were written by hand: the import replaces them only with --force
    assert run("--format", "hsds", tmp_path / "hsds", "--territory", "bruxelles", "--root", mini) == 1
    assert "import-fiche-modifiee" in capsys.readouterr().err
    assert (
        run("--format", "hsds", tmp_path / "hsds", "--territory", "bruxelles", "--root", mini, "--force") == 0
    )
    out = capsys.readouterr()
    assert "maison-test-jette" in out.err and "existe déjà dans actors/bxl-nord" in out.err  # not duplicated
    after = {a.id: a for a in load_model(mini).guidance.actors}
    assert after.keys() == before.keys()
    for actor_id in ("aquarelle", "brusano"):
        old, new = before[actor_id], after[actor_id]
        assert (new.name, new.website, new.email, new.phones, new.languages) == (
            old.name,
            old.website,
            old.email,
            old.phones,
            old.languages,
        )  # fmt: skip  (phones with their source and check date, read back from phones.csv)
        assert new.types == old.types and new.functions == old.functions  # kept from the file it updates
    # and once imported, the same package changes nothing
    files = snapshot(mini)
    assert run("--format", "hsds", tmp_path / "hsds", "--territory", "bruxelles", "--root", mini) == 0
    assert snapshot(mini) == files


def test_a_directory_export_with_its_dates_and_sources(mini: Path, capsys):
    source = IMPORTS / "annuaire-synthetique.json"
    assert (
        run("--format", "annuaire", source, "--territory", "bxl-nord", "--type", "sage-femme", "--root", mini)
        == 0
    )
    actor = actor_file(mini, "bxl-nord", "service-fictif-d-accompagnement-perinatal-de-laeken")
    assert actor["name_nl"] == "Fictieve perinatale begeleidingsdienst Laken"
    assert actor["last_verified"] == "2025-06-12"  # the record's own lastUpdate
    assert actor["languages"] == ["fr", "nl"]
    directory = {"source": "https://social.brussels/", "checked": "2025-06-12"}
    assert actor["application_process"] == {"text": "Par téléphone, Par e-mail", **directory}
    assert actor["eligibility_description"] == {"text": "Femmes enceintes et jeunes parents", **directory}
    assert actor["interpreting"] == {"text": "Interprétariat possible (d'après l'annuaire).", **directory}
    assert "access" not in actor
    # a detail read in the directory: source = the directory, checked = the record's lastUpdate
    assert actor["phones"] == [{"number": "02 555 01 01", **directory}]
    assert actor["email"] == {"address": "accueil@example.org", **directory}
    assert actor["hours"] == {"text": "Lundi au vendredi de 9 h à 16 h", **directory}
    assert actor["address"]["source"] == "https://social.brussels/"
    assert actor["address"]["note"] == "Annuaire : quartier Laeken, secteur statistique 21004C51-."
    assert "fiche 90001" in actor["source"][0] and "social.brussels" in actor["source"][0]
    assert actor_file(mini, "bxl-nord", "consultation-fictive-de-jette")["last_verified"] == "2024-11-03"
    assert validate(mini).ok


def test_reimporting_the_same_file_changes_nothing(mini: Path, tmp_path: Path, capsys):
    table = write_csv(tmp_path / "r.csv", HEADER + ROW)
    assert run("--format", "csv", table, "--territory", "bxl-nord", "--root", mini) == 0
    files = snapshot(mini)
    capsys.readouterr()
    assert run("--format", "csv", table, "--territory", "bxl-nord", "--root", mini) == 0
    assert snapshot(mini) == files
    assert "0 créée(s), 0 modifiée(s), 1 inchangée(s)" in capsys.readouterr().out


def test_a_hand_edited_file_is_kept_unless_forced(mini: Path, tmp_path: Path, capsys):
    table = write_csv(tmp_path / "r.csv", HEADER + ROW)
    assert run("--format", "csv", table, "--territory", "bxl-nord", "--root", mini) == 0
    path = mini / "actors" / "bxl-nord" / "maison-fictive-de-laeken.yaml"
    edited = path.read_text(encoding="utf-8").replace("Fiche importée", "Fiche relue")
    path.write_text(edited, encoding="utf-8")
    write_csv(table, HEADER + ROW.replace("02 555 02 02", "02 555 09 09"))
    assert run("--format", "csv", table, "--territory", "bxl-nord", "--root", mini) == 1
    err = capsys.readouterr().err
    assert f"{table}:2:1: erreur [import-fiche-modifiee]" in err and "modifié à la main" in err
    assert path.read_text(encoding="utf-8") == edited
    assert run("--format", "csv", table, "--territory", "bxl-nord", "--root", mini, "--force") == 0
    assert actor_file(mini, "bxl-nord", "maison-fictive-de-laeken")["phones"][0]["number"] == "02 555 09 09"


def test_dry_run_shows_the_diff_and_writes_nothing(mini: Path, tmp_path: Path, capsys):
    table = write_csv(tmp_path / "r.csv", HEADER + ROW)
    files = snapshot(mini)
    assert run("--format", "csv", table, "--territory", "bxl-nord", "--root", mini, "--dry-run") == 0
    out = capsys.readouterr().out
    assert (
        "+++ b/actors/bxl-nord/maison-fictive-de-laeken.yaml" in out
        and "+name: Maison fictive de Laeken" in out
    )
    assert "rien n'a été écrit" in out
    assert snapshot(mini) == files


def test_near_duplicates_of_existing_actors_are_reported(mini: Path, tmp_path: Path, capsys):
    rows = (
        "Nom;Site web;Téléphone;Type;Source\nAQUARELLE !;;;MG;\nAutre nom;https://www.brusano.brussels;;MG;\n"
        f"Aquarelles;;;MG;\nNom sans rapport;;0476 464 969;MG;{PAGE}\n"
    )
    assert (
        run("--format", "csv", write_csv(tmp_path / "r.csv", rows), "--territory", "bxl-nord", "--root", mini)
        == 0
    )
    err = capsys.readouterr().err
    assert "r.csv:2:1: avertissement [import-doublon]" in err and "ressemble à « aquarelle »" in err
    assert "même site web" in err and "ressemble à « brusano »" in err
    assert "nom très proche" in err
    assert "r.csv:5:1: avertissement [import-doublon]" in err and "même téléphone" in err


HOSTILE = [
    ("Nom: injecté\ntypes: [x]\n- liste", None),
    ("&ancre *ref !!python/object:os.system {a: b} [c] # commentaire", None),
    ('=HYPERLINK("https://evil.example";"clic")', None),
    ("Nom ordinaire", "../../../etc/passwd"),
]


def test_hostile_values_stay_text_and_ids_stay_inside_the_folder(mini: Path, tmp_path: Path):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(["Identifiant", "Nom", "Type", "Description"])
    for name, wanted in HOSTILE:
        writer.writerow([wanted or "", name, "MG", name])
    table = write_csv(tmp_path / "h.csv", buffer.getvalue())
    assert run("--format", "csv", table, "--territory", "bxl-nord", "--root", mini) == 0
    written = sorted(p.name for p in (mini / "actors" / "bxl-nord").iterdir())
    assert "etc-passwd.yaml" in written and not (tmp_path / "etc").exists()
    names = {}
    for path in (mini / "actors" / "bxl-nord").glob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert set(data) <= {"id", "name", "types", "description", "last_verified", "source", "address", "note",
                             "service_area", "languages", "functions", "strata"}  # fmt: skip
        names[data["name"]] = data
    for name, _ in HOSTILE:
        assert names[name]["description"] == name  # exactly the input, not a key, an alias or an object
        assert names[name]["types"] == ["medecin-generaliste"]
    assert validate(mini).ok
    guidance = load_model(mini).guidance
    text = export.to_csv(export.select_actors(guidance), guidance)
    cells = [row["Nom"] for row in csv.DictReader(io.StringIO(text.lstrip("\ufeff")), delimiter=";")]
    assert '\'=HYPERLINK("https://evil.example";"clic")' in cells  # the CSV export still neutralises it


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        (
            "latin1.csv",
            "Nom;Type\nCrèche;MG\n".encode("latin-1"),
            ": erreur [import-illisible] le fichier n'est pas en UTF-8",
        ),
        ("vide.csv", b"", "[import-illisible] le tableau est vide"),
        (
            "sans-nom.csv",
            "Téléphone;Type\n02 555 01 01;MG\n".encode(),
            "sans-nom.csv:1:1: erreur [import-colonne-manquante]",
        ),
        (
            "ligne.csv",
            b"Nom;Type\n;MG\nBon;Inconnu\n",
            "ligne.csv:2:1: erreur [import-fiche-invalide]",
        ),
        ("type.csv", b"Nom;Type\nBon;Inconnu\n", "type.csv:2:1: erreur [import-type-inconnu]"),
        ("faux.xlsx", b"PK\x03\x04 not a workbook", "[import-illisible] classeur XLSX illisible"),
        ("casse.json", b'[{"nameFr": "A"},\n{"nameFr": ', "casse.json:2:"),
        ("objet.json", b'{"a": 1}', "[import-illisible] le fichier n'est pas une liste de fiches"),
    ],
)
def test_malformed_input_is_a_french_diagnostic_never_a_traceback(
    mini, tmp_path, capsys, name, content, expected
):
    path = tmp_path / name
    path.write_bytes(content)
    kind = {"csv": "csv", "xlsx": "xlsx", "json": "annuaire"}[name.rsplit(".", 1)[1]]
    files = snapshot(mini)
    assert run("--format", kind, path, "--territory", "bxl-nord", "--type", "sage-femme", "--root", mini) == 1
    err = capsys.readouterr().err
    assert expected in err and "Traceback" not in err and "rien n'a été écrit" in err
    assert snapshot(mini) == files


def test_an_unknown_territory_or_a_missing_file_is_a_usage_error(mini: Path, tmp_path: Path, capsys):
    table = write_csv(tmp_path / "r.csv", HEADER + ROW)
    assert run("--format", "csv", table, "--territory", "../etc", "--root", mini) == 2
    assert "territoire inconnu « ../etc »" in capsys.readouterr().err
    assert run("--format", "csv", tmp_path / "absent.csv", "--territory", "bxl-nord", "--root", mini) == 2


def test_the_imported_dataset_builds(mini: Path, tmp_path: Path):
    from sitebuild import build_site

    assert (
        run(
            "--format",
            "csv",
            write_csv(tmp_path / "r.csv", HEADER + ROW),
            "--territory",
            "bxl-nord",
            "--root",
            mini,
        )
        == 0
    )
    assert run("--format", "annuaire", IMPORTS / "annuaire-synthetique.json", "--territory", "bruxelles",
               "--type", "sage-femme", "--root", mini) == 0  # fmt: skip
    assert build_site(mini, tmp_path / "site") == 0
    page = next((tmp_path / "site").rglob("maison-fictive-de-laeken*/index.html"), None) or next(
        (tmp_path / "site").rglob("maison-fictive-de-laeken*.html")
    )
    assert "02 555 02 02" in page.read_text(encoding="utf-8")


def test_a_territory_folder_that_links_elsewhere_is_refused(mini: Path, tmp_path: Path, capsys):
    elsewhere = tmp_path / "ailleurs"
    elsewhere.mkdir()
    (mini / "actors" / "wallonie").symlink_to(elsewhere, target_is_directory=True)
    table = write_csv(tmp_path / "r.csv", HEADER + ROW)
    assert run("--format", "csv", table, "--territory", "wallonie", "--root", mini) == 2
    assert "chemin refusé" in capsys.readouterr().err
    assert not any(elsewhere.iterdir())


def test_a_folder_given_as_the_spreadsheet_is_a_usage_error(mini: Path, tmp_path: Path, capsys):
    for kind in ("csv", "xlsx", "annuaire"):
        assert run("--format", kind, tmp_path, "--territory", "bxl-nord", "--root", mini) == 2
        assert "n'est pas un fichier" in capsys.readouterr().err
    assert run("--format", "hsds", tmp_path, "--territory", "bxl-nord", "--root", mini) == 1
    assert "datapackage.json: erreur [import-illisible]" in capsys.readouterr().err


def test_a_value_the_schema_refuses_is_told_at_its_row(mini: Path, tmp_path: Path, capsys):
    table = write_csv(tmp_path / "r.csv", f"Nom;Téléphone;Type;Source\nBon;appelez-nous;MG;{PAGE}\n")
    files = snapshot(mini)
    assert run("--format", "csv", table, "--territory", "bxl-nord", "--root", mini) == 1
    err = capsys.readouterr().err
    assert (
        f"{table}:2:1: erreur [schema-pattern] r.csv, ligne 2 (champ /phones/0/number) : « appelez-nous »"
        in err
    )
    assert snapshot(mini) == files


def test_a_contact_detail_without_a_source_is_refused(mini: Path, tmp_path: Path, capsys):
    table = write_csv(tmp_path / "r.csv", "Nom;Téléphone;E-mail;Type\nBon;02 555 05 05;a@example.org;MG\n")
    files = snapshot(mini)
    assert run("--format", "csv", table, "--territory", "bxl-nord", "--root", mini) == 1
    err = capsys.readouterr().err
    assert f"{table}:2:1: erreur [import-contact-sans-source]" in err
    assert "téléphone « 02 555 05 05 », e-mail « a@example.org »" in err and "--source" in err
    assert snapshot(mini) == files
    with pytest.raises(SystemExit) as refused:  # a source must be an https address
        run("--format", "csv", table, "--territory", "bxl-nord", "--root", mini, "--source", "http://x.org")
    assert refused.value.code == 2 and "n'est pas une adresse https://" in capsys.readouterr().err


def test_a_forced_import_never_publishes_a_confidential_address(mini: Path, tmp_path: Path):
    rows = f"Identifiant;Nom;Adresse;Code postal;Commune;Type;Source\nmaison-test-jette;Maison;Rue Neuve 2;1090;Jette;MG;{PAGE}\n"
    table = write_csv(tmp_path / "r.csv", rows)
    assert run("--format", "csv", table, "--territory", "bxl-nord", "--root", mini, "--force") == 0
    address = actor_file(mini, "bxl-nord", "maison-test-jette")["address"]
    assert address["street"] == "Rue Neuve 2" and address["confidential"] is True


def test_the_shipped_repertoire_round_trips_through_hsds(tmp_path: Path):
    from conftest import copy_dataset

    root = copy_dataset(ROOT, tmp_path / "data")
    files = sorted((root / "actors").glob("*/*.yaml"))
    before = {p: yaml.safe_load(p.read_text(encoding="utf-8")) for p in files if p.name != "types.yaml"}
    assert main(["export", "--format", "hsds", "--root", str(root), "--out", str(tmp_path / "hsds")]) == 0
    for folder in sorted({p.parent.name for p in before}):  # each actor comes back into its own folder
        assert (
            run("--format", "hsds", tmp_path / "hsds", "--territory", folder, "--root", root, "--force") == 0
        )
    for path, old in before.items():
        new = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert {k: v for k, v in new.items() if k != "source"} == {
            k: v for k, v in old.items() if k != "source"
        }, path
        assert new["source"][-1].startswith("Import : paquet HSDS, organisation ") or old.get("generic")
    assert validate(root).ok


def test_a_value_met_twice_is_written_twice_never_as_a_yaml_alias():
    from generator.importer.actor_files import file_text

    detail = {"number": "02 555 01 01", "source": PAGE, "checked": TODAY}
    text = file_text({"id": "x", "phones": [detail, detail]})
    assert "&" not in text and "*" not in text
    assert yaml.safe_load(text)["phones"] == [detail, detail]
