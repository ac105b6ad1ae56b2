"""Loading, made fast, finds what the plain implementations found: files, kinds, and positions of values."""

from __future__ import annotations

import os
import random
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import MINI, ROOT

from generator import layout
from generator.yamlsource import _ComposeOnlyLoader, read_yaml

# --- Positions: `YamlDocument.locate` against a walk of PyYAML's node tree ------------------------------------


def _child(node: Any, part: Any) -> tuple[Any, Any] | None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == part:
                return key_node, value_node
        return None
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
        item = node.value[part]
        return item, item
    return None


def reference_locate(root: Any, path: tuple, key: bool = False) -> tuple[int, int]:
    """`locate` as first written, on the node tree."""
    node, key_node = root, None
    for part in path:
        child = _child(node, part)
        if child is None:
            break
        key_node, node = child
    target = key_node if key and key_node is not None else node
    return (target.start_mark.line + 1, target.start_mark.column + 1)


def paths(value: Any, path: tuple = ()) -> list[tuple]:
    found = [path]
    if isinstance(value, dict):
        for key, sub in value.items():
            found += paths(sub, (*path, key))
    elif isinstance(value, list):
        for index, sub in enumerate(value):
            found += paths(sub, (*path, index))
    return found


ODD_STEPS = ["missing", "", 0, 1, 99, -1, True, False, 1.0, None, "0", ("a",)]


def assert_same_positions(text: str) -> int:
    document = read_yaml(text.encode("utf-8"), "f.yaml").document
    loader = _ComposeOnlyLoader(text)
    try:
        root = loader.get_single_node()
    finally:
        loader.dispose()
    checked = 0
    for path in paths(document.data):
        for candidate in [path, *((*path, step) for step in ODD_STEPS)]:
            for key in (False, True):
                assert document.locate(candidate, key=key) == reference_locate(root, candidate, key), (
                    candidate
                )
                checked += 1
    return checked


@pytest.mark.parametrize("root", [ROOT, MINI], ids=["shipped", "mini"])
def test_positions_in_the_datasets(root: Path):
    rels = layout.dataset_files(root)
    assert len(rels) > 20
    for rel in rels:
        assert_same_positions((root / rel).read_text(encoding="utf-8"))


ODD_FILES = {
    "duplicate keys": "a: 1\nb:\n  c: 2\na:\n  d: 3\n",
    "complex key": "? [x, y]\n: 1\nz: 2\n",
    "tags": "a: !!str 12\nb: !custom x\nc: !!map {d: 1}\n",
    "flow": "{a: [1, {b: c}], 'd e': \"f\"}\n",
    "keys that look like steps": "'0': a\n'k3:abc': b\n'i0;': c\n'': d\n'a;i0;': e\n",
    "unicode": "clé: « valeur »\nnœud:\n  - ü\n  - 日本\n",
    "top-level list": "- a\n- [b, c]\n- d: e\n",
    "scalar": "just text\n",
    "blocks": "a: |\n  line\n  line\nb: >\n  folded\nc: 'q'\n",
    "deep": "a:\n" + "".join("  " * i + f"  k{i}:\n" for i in range(1, 30)) + "  " * 30 + "  v\n",
}


@pytest.mark.parametrize("text", ODD_FILES.values(), ids=ODD_FILES.keys())
def test_positions_in_odd_files(text: str):
    assert assert_same_positions(text) > 0


def test_positions_of_a_missing_field_fall_back_to_the_parent():
    document = read_yaml(b"top:\n  items:\n    - id: x\n", "f.yaml").document
    assert document.locate(("top", "items", 0, "name")) == (3, 7)
    assert document.locate(("top", "items", 0, "name"), key=True) == (3, 7)  # an item is its own key
    assert document.locate(("top", "items"), key=True) == (2, 3)
    assert document.locate(()) == (1, 1)


# --- Files and kinds: against `Path.rglob` and `FileKind.matches` -----------------------------------------------


def reference_dataset_files(root: Path) -> list[str]:
    found = []
    for folder in layout.DATA_DIRS:
        base = root / folder
        if base.is_dir():
            found.extend(
                p.relative_to(root).as_posix()
                for p in base.rglob("*")
                if p.is_file() and not p.name.startswith(".")
            )
    return sorted(found)


def _odd_tree(root: Path) -> Path:
    for rel in [
        "content/programme.yaml",
        "content/.hidden.yaml",
        "content/.git/config",
        "content/.drafts/x.yaml",
        "content/strategies/a.yaml",
        "content/strategies/deep/er/b.yaml",
        "content/x.yaml/inside.yaml",
        "actors/bruxelles/a.yaml",
        "actors/bruxelles/notes.txt",
        "actors/types.yaml",
        "logigrams/parcours.yaml",
        "elsewhere/ignored.yaml",
    ]:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text("a: 1\n", encoding="utf-8")
    os.symlink(root / "actors" / "types.yaml", root / "actors" / "linked.yaml")
    os.symlink(root / "content" / "strategies", root / "actors" / "linked-folder")
    os.symlink(root / "elsewhere", root / "logigrams" / "outside")
    os.symlink(root / "nowhere.yaml", root / "content" / "broken.yaml")
    os.symlink(root / "content" / "loop.yaml", root / "content" / "loop.yaml")
    (root / "content" / "empty-folder").mkdir()
    return root


def test_dataset_files_like_rglob(tmp_path: Path):
    root = _odd_tree(tmp_path / "data")
    found = layout.dataset_files(root)
    assert found == reference_dataset_files(root)
    assert "actors/linked.yaml" in found and "content/.drafts/x.yaml" in found
    assert not any("linked-folder" in rel or "outside" in rel for rel in found)
    for real in (ROOT, MINI, Path("does-not-exist")):
        assert layout.dataset_files(real) == reference_dataset_files(real)


def _candidate_paths() -> list[str]:
    odd = [
        "logigrams/parcours.yaml",
        "logigrams/bxl.yaml",
        "logigrams/sub/x.yaml",
        "actors/types.yaml",
        "actors/a/b.yaml",
        "actors/a/b/c.yaml",
        "content/strategies/x.yaml",
        "content/strategies/x.yml",
        "content/strategies/sub/x.yaml",
        "content/programme.yml",
        "content/[programme].yaml",
        "content/programme.yaml/",
        "content/territories/.yaml",
        "",
        "x",
    ]
    return layout.dataset_files(ROOT) + layout.dataset_files(MINI) + odd


def test_kind_of_like_matches():
    for rel in _candidate_paths():
        assert layout.kind_of(rel) == next((k for k in layout.KINDS if k.matches(rel)), None), rel


def test_missing_required_like_matches():
    candidates = _candidate_paths()
    rng = random.Random(1)
    samples = [[], candidates, layout.dataset_files(MINI)]
    samples += [rng.sample(candidates, rng.randrange(len(candidates))) for _ in range(50)]
    for present in samples:
        expected = [k for k in layout.KINDS if k.required and not any(k.matches(rel) for rel in present)]
        assert layout.missing_required(present) == expected
