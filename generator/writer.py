"""Writing files, atomically: a file appears whole or not at all; a folder is swapped in only when complete."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from . import outputs


def write_file(path: Path, content: str | bytes) -> None:
    """Write `path` through a unique temporary file and a rename: readers (and builds running in parallel)
    never see a half-written file, and a failure leaves none behind. The file keeps the permissions it had (a
    new one is readable by all, as files usually are: not the temporary file's owner-only mode)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode = path.stat().st_mode & 0o7777
    except OSError:
        mode = 0o644
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, mode)
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


def staging_folder(folder: Path, command: str = "") -> Path:
    """A fresh folder beside `folder`, on the same file system (so that a rename can swap it in), carrying the
    marker of `command` when given. Its name holds this process's id: the staging folders of a build that was
    killed are removed here, by the next one."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(folder)
    staging = _beside(folder, "construction")
    if command:
        outputs.mark(staging, command)
    return staging


def _beside(folder: Path, what: str) -> Path:
    return Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".{folder.name}.{os.getpid()}.{what}."))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process: alive
        return True
    return True


def remove_leftovers(folder: Path) -> list[Path]:
    """Remove the staging and old folders that a killed process left beside `folder`: only those named after a
    process that no longer runs and that are empty or carry Balises' marker."""
    pattern = re.compile(rf"\.{re.escape(folder.name)}\.(\d+)\.(?:construction|ancien)\.[^/]+")
    removed = []
    for entry in folder.parent.iterdir():
        found = pattern.fullmatch(entry.name)
        if found is None or _alive(int(found[1])) or entry.is_symlink() or not entry.is_dir():
            continue
        if outputs.is_marked(entry) or not any(entry.iterdir()):
            shutil.rmtree(entry, ignore_errors=True)
            removed.append(entry)
    return removed


def swap_in(staging: Path, folder: Path) -> None:
    """Make the complete `staging` folder become `folder`, removing the previous one only once replaced."""
    old = None
    if os.path.lexists(folder):
        old = _beside(folder, "ancien")
        folder.rename(old)  # onto the empty folder just made: a name no one else uses
    staging.rename(folder)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def write_tree(
    folder: Path, files: dict[str, str] | dict[str, bytes] | dict[str, str | bytes], command: str
) -> None:
    """Write `files`, with the marker of `command`, as the whole content of `folder`, replacing it atomically:
    a failure midway leaves the previous folder untouched. `folder` must have been claimed (outputs)."""
    staging = staging_folder(folder, command)
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
