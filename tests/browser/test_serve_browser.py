"""`balises serve` as a coach meets it, in headless Chromium: edit an actor's YAML and the open page shows the
change; break the YAML and the page shows the error with its file and line; fix it and the error goes away."""

from __future__ import annotations

import queue
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from browsing import record_violations, violations, watched
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

ACTOR = "actors/bruxelles/aquarelle.yaml"


@pytest.fixture
def served(mini: Path, tmp_path: Path) -> Iterator[str]:
    """`balises serve` on a copy of `mini`, on a free port; yields its address once the first build is done."""
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "generator",
            "serve",
            "--root",
            str(mini),
            "--port",
            "0",
            "--dossier",
            str(tmp_path / "apercu"),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in process.stdout], daemon=True).start()
    try:
        while True:
            line = lines.get(timeout=60)
            if line.startswith("Aperçu prêt : "):
                yield line.split(" : ", 1)[1].split()[0]
                break
    finally:
        process.terminate()
        process.wait(timeout=10)


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_preview_follows_edits_and_shows_errors_until_they_are_fixed(
    browser, served: str, mini: Path
) -> None:
    for w in watched(browser, served):
        page = w.page
        record_violations(page)  # the preview sends the site's CSP: its own error frame must obey it too
        page.goto(f"{served}acteurs/aquarelle/", wait_until="networkidle")
        expect(page.locator("h1")).to_have_text(re.compile(r"^Aquarelle\W*$"))

        _replace(mini / ACTOR, 'name: "Aquarelle"', 'name: "Aquarelle — permanence du mardi"')
        expect(page.locator("h1")).to_contain_text("Aquarelle — permanence du mardi", timeout=30000)

        _replace(mini / ACTOR, "languages: [fr]", "languages: [fr\n")
        errors = page.locator("#balises-apercu-erreurs")
        expect(errors).to_be_visible(timeout=30000)
        expect(errors).to_contain_text("1 erreur")
        place = errors.locator(".balises-erreur-lieu").first
        expect(place).to_have_text(f"{ACTOR}, ligne 5, colonne 12")
        expect(errors).to_contain_text("crochet")  # what to do: close the bracket
        expect(page.locator("h1")).to_contain_text("Aquarelle — permanence du mardi")  # the last valid page
        expect(errors).to_have_css("position", "fixed")  # styled by the preview's stylesheet
        assert violations(page) == []

        _replace(mini / ACTOR, "languages: [fr\n", "languages: [fr, nl]\n")
        expect(errors).to_be_hidden(timeout=30000)
        expect(page.locator("h1")).to_contain_text("Aquarelle — permanence du mardi")
        expect(page.locator("article")).to_contain_text("néerlandais", timeout=10000)
        assert w.errors == []
        assert w.foreign() == []
