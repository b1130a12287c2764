"""GRAPH_DIR layout: ``current`` → ``build-<id>/`` (``store/`` + ``manifest.json``), swapped atomically.

A build writes into a fresh ``build-<id>/`` and only a finished build is made current, by
replacing the ``current`` symlink with :func:`os.replace` (atomic on POSIX). A build that
dies (exception, SIGKILL) leaves a directory without a complete manifest; it is removed by
:func:`clean_stale_builds` at the start of a later build, once its process is gone.

>>> import tempfile, pathlib
>>> root = pathlib.Path(tempfile.mkdtemp())
>>> build = new_build_dir(root); (build / STORE).mkdir()
>>> write_manifest(build, {"documents": 0})
>>> swap_current(root, build)
>>> current_build(root) == build
True
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import time
from pathlib import Path

from omsgraph.errors import StoreError

CURRENT = "current"
MANIFEST = "manifest.json"
STORE = "store"
FORMAT = "omsgraph-graph"
FORMAT_VERSION = 1


def new_build_dir(graph_dir: Path) -> Path:
    """Create ``graph_dir/build-<time>-<pid>-<random>/`` (the pid lets cleanup spot live builds)."""
    try:
        graph_dir.mkdir(parents=True, exist_ok=True)
        now = time.time()
        stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime(now)) + f"{int(now * 1e6) % 1_000_000:06d}"
        build = graph_dir / f"build-{stamp}-{os.getpid()}-{secrets.token_hex(3)}"
        build.mkdir()
    except OSError as err:
        raise StoreError(f"cannot create a build folder: {err.strerror or err}", path=str(graph_dir)) from err
    return build


def read_manifest(build: Path) -> dict | None:
    """The manifest of a build, or None when it is missing or unreadable (an unfinished build)."""
    try:
        return json.loads((build / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def write_manifest(build: Path, facts: dict) -> None:
    """Write ``manifest.json`` atomically (temp file + replace) and mark the build complete."""
    manifest = {"format": FORMAT, "format_version": FORMAT_VERSION, **facts, "complete": True}
    tmp = build / (MANIFEST + ".tmp")
    with open(tmp, "w", encoding="utf-8") as handle:
        json.dump(manifest, handle, indent=2, sort_keys=True)
        handle.write("\n")
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, build / MANIFEST)


def current_build(graph_dir: Path) -> Path | None:
    """The build ``current`` points at, or None when there is no finished graph."""
    link = graph_dir / CURRENT
    if not link.is_symlink() and not link.is_dir():
        return None
    target = link.resolve()
    manifest = read_manifest(target)
    if manifest is None or not manifest.get("complete") or not (target / STORE).is_dir():
        return None
    return target


def swap_current(graph_dir: Path, build: Path) -> None:
    """Point ``current`` at ``build`` in one atomic step (relative link, so the folder can move)."""
    tmp = graph_dir / f".{CURRENT}-{build.name}"
    if tmp.is_symlink() or tmp.exists():
        tmp.unlink()
    os.symlink(build.name, tmp)
    os.replace(tmp, graph_dir / CURRENT)
    _fsync_dir(graph_dir)


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def pid_alive(pid: int) -> bool:
    """Whether process ``pid`` still runs (a folder it writes is not stale)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def clean_stale_builds(graph_dir: Path, *, keep: int = 1) -> list[Path]:
    """Remove dead unfinished builds and all but ``keep`` finished builds besides ``current``."""
    current = current_build(graph_dir)
    removed: list[Path] = []
    finished: list[Path] = []
    for build in sorted(graph_dir.glob("build-*")):
        if not build.is_dir() or build == current:
            continue
        manifest = read_manifest(build)
        if manifest and manifest.get("complete"):
            finished.append(build)
            continue
        parts = build.name.split("-")
        pid = int(parts[2]) if len(parts) > 2 and parts[2].isdigit() else 0
        if pid and pid != os.getpid() and pid_alive(pid):
            continue  # another process is still writing it
        if pid == os.getpid():
            continue
        shutil.rmtree(build, ignore_errors=True)
        removed.append(build)
    finished.sort(key=lambda b: ((b / MANIFEST).stat().st_mtime_ns, b.name))  # oldest first
    for build in finished[: max(len(finished) - keep, 0)]:
        shutil.rmtree(build, ignore_errors=True)
        removed.append(build)
    for tmp in graph_dir.glob(f".{CURRENT}-build-*"):
        if tmp.is_symlink():
            tmp.unlink(missing_ok=True)
    return removed
