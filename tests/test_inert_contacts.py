"""The contact block and « Comment orienter » (issue 16) are new places where data text is rendered: a phone's
label and hours, the opening hours, who may refer, what to send, the application process. Markup there shows as
text in the actor page, and stays data (never markup) in the assistant's JSON and in `route`'s output."""

from __future__ import annotations

import json
import re
from pathlib import Path

from conftest import MINI, copy_dataset
from sitebuild import build_site

from generator.cli import main

SCRIPT = "<script>alert(31)</script>"
IMAGE = "<img src=https://evil.example/c.png onerror=alert(32)>"
PAYLOAD = f"Lundi {SCRIPT} {IMAGE} ![p](https://evil.example/d.png)"
SOURCE = 'source: "https://www.aquarelle-bru.be/"\n    checked: "2026-11-24"'


def hostile_contacts(root: Path) -> None:
    path = root / "actors" / "bruxelles" / "aquarelle.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        '  - number: "0476 46 49 69"\n',
        f'  - number: "0476 46 49 69"\n    label: {json.dumps(PAYLOAD)}\n    hours: {json.dumps(PAYLOAD)}\n',
        1,
    )
    text += (
        f"hours:\n  text: {json.dumps(PAYLOAD)}\n  {SOURCE.replace(chr(10) + '    ', chr(10) + '  ')}\n"
        f"referral:\n  who_may_refer: {json.dumps(PAYLOAD)}\n  send_what: {json.dumps(PAYLOAD)}\n"
        f"  {SOURCE.replace(chr(10) + '    ', chr(10) + '  ')}\n"
        f"application_process:\n  text: {json.dumps(PAYLOAD)}\n  {SOURCE.replace(chr(10) + '    ', chr(10) + '  ')}\n"
    )
    path.write_text(text, encoding="utf-8")


def test_contact_and_referral_texts_are_inert_on_the_page_and_in_the_data(tmp_path: Path, capsys) -> None:
    root = copy_dataset(MINI, tmp_path / "data")
    hostile_contacts(root)
    assert main(["validate", "--root", str(root), "--today", "2026-11-24"]) == 0, capsys.readouterr().out
    assert build_site(root, tmp_path / "site") == 0
    page = (tmp_path / "site" / "acteurs" / "aquarelle" / "index.html").read_text(encoding="utf-8")
    assert page.count("&lt;script&gt;alert(31)&lt;/script&gt;") >= 4  # each text is shown, as text
    assert "<script>alert" not in page
    assert not re.search(r"<img[^>]*evil\.example", page) and 'src="https://evil.example' not in page
    data = json.loads((tmp_path / "site" / "data" / "bxl-nord.json").read_text(encoding="utf-8"))
    phone = data["acteurs"]["aquarelle"]["telephones"][0]
    assert phone["libelle"] == PAYLOAD  # data the page inserts with textContent, never pre-built markup
