"""Repertoire and actor pages (Markdown from Jinja2 templates): golden files and escaping of data text."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import MINI
from golden import assert_golden

from generator.pipeline import load_model
from generator.render_pages import render_pages

TODAY = date(2026, 11, 24)


@pytest.fixture(scope="module")
def pages():
    return render_pages(load_model(MINI, today=TODAY).guidance, TODAY)


@pytest.mark.parametrize(
    "path",
    [
        "territoires/bxl-nord/repertoire.md",
        "territoires/bxl-nord/logigramme.md",
        "acteurs/maison-test-jette.md",
        "acteurs/aquarelle.md",
    ],
)
def test_golden(pages, path):
    assert_golden(f"pages/{path}", pages[path])


def test_one_page_per_actor_and_per_territory(pages):
    assert sorted(pages) == [
        "acteurs/aquarelle.md",
        "acteurs/brusano.md",
        "acteurs/bxl-sage-femme.md",
        "acteurs/maison-test-jette.md",
        "territoires/bxl-nord/logigramme.md",
        "territoires/bxl-nord/repertoire.md",
    ]


def test_logigram_text_numbers_every_step_and_lists_actors(pages):
    page = pages["territoires/bxl-nord/logigramme.md"]
    assert "6. **Un danger est-il identifié pour la vie de l'enfant ?**" in page
    assert "    - Si oui : étape 7 (« Strate : danger identifié pour la vie de l'enfant »)" in page
    assert "1. [Aquarelle](../../acteurs/aquarelle.md)" in page
    assert "Maison médicale « Test » &lt;Jette&gt; &amp; Cie" in page  # escaped
    assert "retour à l'étape 6" in page  # re-evaluation at every key moment


def test_data_text_is_escaped(pages):
    page = pages["acteurs/maison-test-jette.md"]
    assert "&lt;Jette&gt; &amp; Cie" in page and "<Jette>" not in page


def test_stale_actor_shows_a_warning(pages):
    assert '!!! warning "Fiche à revérifier"' in pages["acteurs/maison-test-jette.md"]
    assert "Fiche à revérifier" not in pages["acteurs/aquarelle.md"]


def test_confidential_address_is_not_published(pages):
    page = pages["acteurs/maison-test-jette.md"]
    assert "Rue de l" not in page and "confidentielle" in page


def test_repertoire_views(pages):
    page = pages["territoires/bxl-nord/repertoire.md"]
    for heading in ("## Par stratégie et par strate", "## Par fonction", "## Par commune", "## Par langue"):
        assert heading in page
    assert "1. [Aquarelle](../../acteurs/aquarelle.md)<br>2. [Maison médicale" in page
    assert "- **Jette** (1090) : [Maison médicale" in page
