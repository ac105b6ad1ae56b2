"""Shared fixtures: the shipped dataset, the small `mini` fixture, and copies of them to break."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.schemas import SchemaSet

ROOT = Path(__file__).resolve().parents[1]
MINI = Path(__file__).resolve().parent / "fixtures" / "mini"
DATA_DIRS = ("content", "actors", "logigrams")


def copy_dataset(source: Path, target: Path) -> Path:
    for folder in DATA_DIRS:
        if (source / folder).is_dir():
            shutil.copytree(source / folder, target / folder)
    if (source / "mkdocs.yml").is_file():
        shutil.copy(source / "mkdocs.yml", target / "mkdocs.yml")  # the site's settings (a link in `mini`)
    return target


@pytest.fixture(scope="session")
def schemas() -> SchemaSet:
    return SchemaSet()


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A writable copy of the small valid dataset."""
    return copy_dataset(MINI, tmp_path / "mini")


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built from `mini` with markup in an actor's name and description (see tests/sitebuild.py)."""
    from sitebuild import make_hostile

    return _built_mini(tmp_path_factory, "hostile", make_hostile)


def _built_mini(factory: pytest.TempPathFactory, name: str, change: Callable[[Path], None]) -> Path:
    """The site of a copy of `mini` changed by `change`, built into `<tmp>/<name>/site`."""
    from sitebuild import build_site

    root = copy_dataset(MINI, factory.mktemp(name) / "data")
    change(root)
    out = root.parent / "site"
    assert build_site(root, out) == 0
    return out


@pytest.fixture(scope="session")
def all_hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built from `mini` with markup in every kind of text field (`sitebuild.make_all_hostile`)."""
    from sitebuild import make_all_hostile

    return _built_mini(tmp_path_factory, "all-hostile", make_all_hostile)


@pytest.fixture(scope="session")
def all_hostile_url(all_hostile_site: Path):
    from browsing import serve

    yield from serve(all_hostile_site)


@pytest.fixture(scope="session")
def hostile_settings_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built from `mini` with markup in every text setting of its mkdocs.yml."""
    from sitebuild import make_hostile_settings

    return _built_mini(tmp_path_factory, "hostile-settings", make_hostile_settings)


@pytest.fixture(scope="session")
def shipped_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built from the shipped data."""
    from sitebuild import build_site

    out = tmp_path_factory.mktemp("shipped") / "site"
    assert build_site(ROOT, out) == 0
    return out


# Browser fixtures (tests/browser/): the built sites served locally, one Chromium per session, a fresh
# context per test. Playwright is imported only when a browser test runs.
@pytest.fixture(scope="session")
def shipped_url(shipped_site: Path):
    from browsing import serve

    yield from serve(shipped_site)


@pytest.fixture(scope="session")
def hostile_url(hostile_site: Path):
    from browsing import serve

    yield from serve(hostile_site)


@pytest.fixture(scope="session")
def browser():
    from browsing import launch

    yield from launch()


@pytest.fixture
def shipped(browser, shipped_url: str):
    from browsing import watched

    yield from watched(browser, shipped_url)


@pytest.fixture
def hostile(browser, hostile_url: str):
    from browsing import watched

    yield from watched(browser, hostile_url)
