"""Shared fixtures: the shipped dataset, the small `mini` fixture, and copies of them to break."""

from __future__ import annotations

import shutil
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
    return target


@pytest.fixture(scope="session")
def schemas() -> SchemaSet:
    return SchemaSet()


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A writable copy of the small valid dataset."""
    return copy_dataset(MINI, tmp_path / "mini")
