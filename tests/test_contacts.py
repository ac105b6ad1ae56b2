"""Sourced contacts (issue 16, point 1): every phone, e-mail and street says where it was read and when; short
emergency numbers validate; the actor page offers the number as a `tel:` link with « vérifié le »; the HSDS
export fills `phones.csv`."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest
import yaml

from generator import hsds, rules_contacts
from generator.cli import main
from generator.pipeline import load_model
from generator.render_pages import render_actor

MINI = Path(__file__).resolve().parent / "fixtures" / "mini"

BRUSANO = "actors/bruxelles/brusano.yaml"
HOSPICHILD = "https://www.hospichild.be/nl/umc-sint-pieter-iris/"


def with_contacts(root: Path, block: str, actor: str = BRUSANO) -> Path:
    """`mini` with `block` (YAML lines) added to an actor's file (Brusano's)."""
    path = root / actor
    path.write_text(
        path.read_text(encoding="utf-8").replace("website:", block + "website:", 1), encoding="utf-8"
    )
    return root


def phones_block(*numbers: str, source: bool = True, checked: bool = True) -> str:
    lines = ["phones:"]
    for number in numbers:
        lines.append(f'  - number: "{number}"')
        lines.append('    label: "Accueil <b>*gras*</b>"')
        if source:
            lines.append(f'    source: "{HOSPICHILD}"')
        if checked:
            lines.append('    checked: "2026-12-04"')
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    "number", ["112", "101", "103", "107", "1712", "116 000", "02 240 30 80", "+32 476 46 49 69"]
)
def test_short_and_normal_numbers_validate(mini, capsys, number):
    with_contacts(mini, phones_block(number))
    assert main(["validate", "--root", str(mini), "--today", "2026-12-04"]) == 0, capsys.readouterr().out


@pytest.mark.parametrize("number", ["02 CALL NOW", "12", "0800-ABC", "javascript:alert(1)"])
def test_a_number_with_letters_or_too_short_is_refused(mini, capsys, number):
    with_contacts(mini, phones_block(number))
    assert main(["validate", "--root", str(mini), "--today", "2026-12-04"]) == 1
    assert f"{BRUSANO}:" in capsys.readouterr().out


def test_a_phone_without_source_is_an_error_at_its_line(mini, capsys):
    with_contacts(mini, phones_block("0476 46 49 69", source=False))
    assert main(["validate", "--root", str(mini), "--today", "2026-12-04"]) == 1
    err = capsys.readouterr().out
    line = 1 + (mini / BRUSANO).read_text(encoding="utf-8").splitlines().index('  - number: "0476 46 49 69"')
    assert f"{BRUSANO}:{line}:" in err and "[contact-sans-source]" in err
    assert "le téléphone « 0476 46 49 69 » n'a pas de source" in err


def test_an_email_and_a_street_without_check_date_are_errors(mini, capsys):
    block = 'email:\n  address: "info@example.org"\n  source: "https://example.org/"\n'
    with_contacts(mini, block)
    assert main(["validate", "--root", str(mini), "--today", "2026-12-04"]) == 1
    err = capsys.readouterr().out
    assert "[contact-sans-date] l'adresse e-mail « info@example.org » n'a pas de date de vérification" in err


def test_actor_page_shows_the_phone_as_a_tel_link_and_when_it_was_checked(mini):
    with_contacts(mini, phones_block("0476 46 49 69"))
    guidance = load_model(mini).guidance
    actor = next(a for a in guidance.actors if a.id == "brusano")
    page = render_actor(guidance, actor, date(2026, 12, 4))
    assert "[0476 46 49 69](<tel:0476464969>)" in page
    assert f"*vérifié le 2026-12-04* ([source](<{HOSPICHILD}>))" in page
    assert "<b>" not in page and "&lt;b&gt;" in page  # the label is inert text
    assert page.index("## Contact") < page.index("## Ce que propose l'acteur")


def test_hsds_phones_csv_holds_each_number_with_its_source(mini):
    with_contacts(mini, phones_block("0476 46 49 69", "0479 40 92 10"))
    guidance = load_model(mini).guidance
    files = hsds.package(guidance.actors, guidance, "Test")
    rows = list(csv.DictReader(io.StringIO(files["phones.csv"].removeprefix("\ufeff"))))
    rows = [r for r in rows if r["organization_id"] == hsds.hsds_id("organization", "brusano")]
    assert [r["number"] for r in rows] == ["0476 46 49 69", "0479 40 92 10"]
    assert all(HOSPICHILD in r["description"] and "2026-12-04" in r["description"] for r in rows)


# --- the shipped data ------------------------------------------------------------------------------------------

ROOT = Path(__file__).resolve().parent.parent
RELEVES = ROOT / "docs" / "dev" / "contacts-releves.yaml"


def compact(value: object) -> str:
    """The value without spaces or commas, folded: « Rue Gabrielle Petit, 6 » is « Rue Gabrielle Petit 6 »."""
    return "".join(str(value).replace(",", " ").split()).casefold()


def shipped_details():
    """(file, what, value, source, checked) for every phone, e-mail and street of the shipped actors."""
    for path in sorted((ROOT / "actors").glob("*/*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if "id" not in data:
            continue  # types.yaml
        for _, _what, detail in rules_contacts.details(data):
            value = detail.get("number") or detail.get("address") or detail.get("street")
            yield (
                path.relative_to(ROOT).as_posix(),
                data["id"],
                value,
                detail.get("source"),
                detail.get("checked"),
            )


def test_every_shipped_phone_email_and_street_has_a_source_and_a_check_date():
    details = list(shipped_details())
    assert len(details) >= 20  # the relevé's phones, e-mails and streets are in the data
    missing = [(f, v) for f, _, v, source, checked in details if not source or not checked]
    assert missing == []


def test_every_shipped_detail_was_read_on_the_page_it_cites():
    """Each value is one the relevé read (code A or B, never a lead) for this actor, on the page it cites."""
    read = {
        (e["id"], d["url"], compact(d["value"]))
        for e in yaml.safe_load(RELEVES.read_text(encoding="utf-8"))
        for d in e.get("details") or ()
        if d.get("code") in ("A", "B")
    }
    unread = [
        (f, v, source)
        for f, actor_id, v, source, _ in shipped_details()
        # a national line is copied into each region's folder: the Walloon copy is the relevé's id + « -wal »
        if (actor_id.removesuffix("-wal"), source, compact(v)) not in read
    ]
    assert unread == []


# --- « Comment orienter » (issue 16, point 4) ------------------------------------------------------------------

ORIENT = """referral:
  who_may_refer: "les travailleurs sociaux (ONE, CPAS)"
  family_may_go_alone: true
  source: "https://example.org/orienter"
  checked: "2026-12-04"
application_process: {text: "sur rendez-vous", source: "https://example.org/orienter", checked: "2026-12-04"}
fees_description: {text: "gratuit, sans mutuelle", source: "https://example.org/orienter", checked: "2026-12-04"}
"""


def test_actor_page_says_how_to_refer_right_after_the_contact_block(mini):
    with_contacts(mini, ORIENT)
    guidance = load_model(mini).guidance
    brusano = next(a for a in guidance.actors if a.id == "brusano")
    page = render_actor(guidance, brusano, date(2026, 12, 4))
    block = page[page.index("## Comment orienter") : page.index("## Ce que propose l'acteur")]
    assert page.index("## Contact") < page.index("## Comment orienter")
    assert "- Qui peut orienter : les travailleurs sociaux (ONE, CPAS) — *vérifié le 2026-12-04*" in block
    assert "- La famille peut s'y adresser seule : oui\n" in block
    assert "- Démarche : sur rendez-vous" in block and "- Coût : gratuit, sans mutuelle" in block
    assert "Délai d'attente" not in block  # nothing known: no line
    aquarelle = next(a for a in guidance.actors if a.id == "aquarelle")
    assert "## Comment orienter" not in render_actor(guidance, aquarelle, date(2026, 12, 4))


def test_how_to_refer_reaches_the_hsds_services_and_the_assistant(mini):
    from generator.assistant_data import territory_data

    with_contacts(mini, ORIENT, "actors/bruxelles/aquarelle.yaml")
    guidance = load_model(mini).guidance
    files = hsds.package(guidance.actors, guidance, "Test")
    services = {r["id"]: r for r in csv.DictReader(io.StringIO(files["services.csv"].removeprefix("\ufeff")))}
    service = services[hsds.hsds_id("service", "aquarelle")]
    assert service["application_process"] == (
        "Qui peut orienter : les travailleurs sociaux (ONE, CPAS) ; la famille peut s'y adresser seule ; sur rendez-vous"
    )
    assert (
        service["fees_description"] == "sans mutuelle ; gratuit, sans mutuelle"
    )  # our access, then the page's
    data = territory_data(guidance, guidance.territory("bxl-nord"))
    assert "Démarche : sur rendez-vous" in data["acteurs"]["aquarelle"]["orienter"]


# --- freshness (issue 16, point 5) -----------------------------------------------------------------------------


def test_a_check_date_in_the_future_is_an_error_at_its_line(mini, capsys):
    with_contacts(mini, phones_block("0476 46 49 69").replace("2026-12-04", "2062-12-04"))
    assert main(["validate", "--root", str(mini), "--today", "2026-12-04"]) == 1
    out = capsys.readouterr().out
    line = 1 + (mini / BRUSANO).read_text(encoding="utf-8").splitlines().index('    checked: "2062-12-04"')
    assert f"{BRUSANO}:{line}:" in out and "[date-future] la date 2062-12-04 est dans le futur" in out


def test_strict_validation_makes_an_overdue_record_fatal(mini, capsys):
    """`mini`'s maison-test-jette was last verified on 2024-01-15: a warning, fatal with --strict."""
    assert main(["validate", "--root", str(mini), "--today", "2026-12-04"]) == 0
    assert "[fiche-ancienne]" in capsys.readouterr().out
    assert main(["validate", "--root", str(mini), "--today", "2026-12-04", "--strict"]) == 1


def test_report_counts_reachable_actors_generic_only_cells_and_overdue_records(capsys):
    """In `mini`: Aquarelle has a sourced phone (1 of 3 named actors); referent × low risk is left to a generic
    sage-femme and any general practitioner; maison-test-jette was last verified in January 2024."""
    assert main(["report", "--root", str(MINI), "--today", "2026-12-04"]) == 0
    out = capsys.readouterr().out
    assert "Acteurs nommés joignables (téléphone ou e-mail sourcé) : 1 sur 3\n" in out
    assert "couvertes seulement par un rôle générique ou un acteur sans contact sourcé : 1 sur 2\n" in out
    assert "  - Fonction de référent — Bas risque\n" in out
    assert "Fiches en retard de vérification (plus de 12 mois) : 1\n" in out
    assert main(["report", "--root", str(MINI), "--today", "2026-12-04", "--json"]) == 0
    [territory] = json.loads(capsys.readouterr().out)["territoires"]
    assert territory["acteurs_nommes"] == 3 and territory["acteurs_nommes_joignables"] == ["aquarelle"]
    assert territory["cases_sans_acteur_joignable"] == [{"fonction": "referent", "strate": "bas-risque"}]
    assert territory["fiches_en_retard"] == 1
