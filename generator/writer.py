"""Writing files, atomically: a file appears whole or not at all; a folder is swapped in only when complete."""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path


def write_file(path: Path, content: str | bytes) -> None:
    """Write `path` through a unique temporary file and a rename: readers (and builds running in parallel)
    never see a half-written file, and a failure leaves none behind."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def fill(folder: Path, files: dict[str, str] | dict[str, bytes] | dict[str, str | bytes]) -> None:
    """Write `files` (relative path → text or bytes) under `folder` (which need not be empty)."""
    for rel, content in files.items():
        target = folder / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8", newline="")


def staging_folder(folder: Path) -> Path:
    """A fresh empty folder beside `folder`, on the same file system (so that a rename can swap it in)."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".{folder.name}."))


def swap_in(staging: Path, folder: Path) -> None:
    """Make the complete `staging` folder become `folder`, removing the previous one only once replaced."""
    old = None
    if folder.exists():
        old = folder.with_name(f".{folder.name}.old")
        shutil.rmtree(old, ignore_errors=True)
        folder.rename(old)
    staging.rename(folder)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def write_tree(folder: Path, files: dict[str, str] | dict[str, bytes] | dict[str, str | bytes]) -> None:
    """Write `files` as the whole content of `folder`, replacing it atomically:
    a failure midway leaves the previous folder untouched."""
    staging = staging_folder(folder)
    try:
        fill(staging, files)
        swap_in(staging, folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


@dataclass(frozen=True)
class Synced:
    written: tuple[str, ...]  # created or changed
    removed: tuple[str, ...]


def sync(
    folder: Path, files: dict[str, str] | dict[str, bytes] | dict[str, str | bytes], keep: str = ""
) -> Synced:
    """Make `folder` hold exactly `files`, touching only what differs: unchanged files keep their modification
    time, so that a `mkdocs build --dirty` skips them. The top-level folder named `keep` is left alone."""
    wanted = {
        rel: content.encode("utf-8") if isinstance(content, str) else content
        for rel, content in files.items()
    }
    written = []
    for rel, data in wanted.items():
        target = folder / rel
        try:
            same = target.stat().st_size == len(data) and target.read_bytes() == data
        except OSError:
            same = False
        if not same:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            written.append(rel)
    removed = []
    for current, dirs, names in os.walk(folder):
        here = Path(current)
        if here == folder and keep in dirs:
            dirs.remove(keep)
        for name in names:
            rel = (here / name).relative_to(folder).as_posix()
            if rel not in wanted:
                (here / name).unlink()
                removed.append(rel)
    return Synced(tuple(written), tuple(sorted(removed)))
