"""The site built with markup in every text setting of its mkdocs.yml (`sitebuild.make_hostile_settings`), opened
in headless Chromium as GitHub or GitLab Pages serve it: no header, the policy only in the page's <meta>. No
dialog opens, no policy violation is reported, the policy is in force in <head>, and the name shows as typed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from browsing import Watched, record_violations, serve, violations, watched
from sitebuild import HOSTILE_SETTINGS

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def settings_url(hostile_settings_site: Path) -> Iterator[str]:
    yield from serve(hostile_settings_site)


@pytest.fixture
def visitor(browser, settings_url: str) -> Iterator[Watched]:
    for w in watched(browser, settings_url):
        record_violations(w.page)
        yield w


@pytest.mark.parametrize("path", ["", "strates/", "territoires/bxl-nord/", "404.html"])
def test_hostile_settings_open_no_dialog_and_break_no_policy(visitor: Watched, settings_url: str, path: str):
    visitor.page.goto(settings_url + path, wait_until="networkidle")
    visitor.page.wait_for_timeout(300)  # an onerror fires once the image failed to load
    assert visitor.dialogs == []
    assert violations(visitor.page) == []
    assert visitor.foreign() == []
    assert visitor.page.evaluate(
        "document.head.querySelector('meta[http-equiv=Content-Security-Policy]') !== null"
    )
    assert visitor.page.evaluate("document.querySelectorAll('[onerror], b, i').length") == 0


def test_the_site_name_shows_as_typed_in_the_title_and_header(visitor: Watched, settings_url: str):
    visitor.page.goto(settings_url + "strates/")
    name = HOSTILE_SETTINGS["site_name"]
    assert visitor.page.title().endswith(f" - {name}")
    assert visitor.page.locator(".md-header__topic").first.inner_text().strip() == name
