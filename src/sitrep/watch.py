"""Watching a folder: files that appear (or change) in it are handed over once they are complete.

A file is complete when its size and modification time have not changed between two looks `interval_s`
apart, so a file still being written (copied, downloaded, appended to) waits for the next look. Names that
writers use while writing (hidden files, `*.part`, `*.tmp`, `*.crdownload`, `~` backups) are never read: a
writer that renames a finished file into the folder is never read half-written. Polling needs no platform
file-event API and works on network file systems too.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

IN_PROGRESS_SUFFIXES = (".part", ".partial", ".tmp", ".temp", ".crdownload", ".download", ".swp")

Signature = tuple[int, int]  # size in bytes, modification time in nanoseconds


@dataclass(slots=True)
class FolderWatch:
    """Remembers what it has seen in `folder`; `ready()` gives the files complete since the last call."""

    folder: Path
    _last: dict[Path, Signature]
    _done: dict[Path, Signature]

    @classmethod
    def of(cls, folder: Path) -> FolderWatch:
        return cls(folder, {}, {})

    def ready(self) -> list[Path]:
        """Files whose size and time are unchanged since the previous look and that were not handed over
        with that size and time before, in name order."""
        current = {path: sig for path in _candidates(self.folder) if (sig := _signature(path)) is not None}
        settled = (path for path, sig in current.items() if self._last.get(path) == sig)
        ready = sorted(path for path in settled if self._done.get(path) != current[path])
        self._last = current
        for path in ready:
            self._done[path] = current[path]
        for gone in set(self._done) - set(current):
            del self._done[gone]
        return ready


def watch(
    folder: Path,
    *,
    on_ready: Callable[[list[Path]], None],
    interval_s: float = 2.0,
    stop: threading.Event | None = None,
) -> None:
    """Look at `folder` every `interval_s` seconds and call `on_ready` with the files that are complete, until
    `stop` is set (or the caller is interrupted: Ctrl-C raises `KeyboardInterrupt` out of the wait)."""
    stop = stop or threading.Event()
    state = FolderWatch.of(folder)
    while not stop.is_set():
        files = state.ready()
        if files:
            log.info("%d new or changed file(s) in %s", len(files), folder)
            on_ready(files)
        stop.wait(interval_s)


def _candidates(folder: Path) -> list[Path]:
    try:
        paths = [p for p in folder.rglob("*") if not _in_progress(p, folder)]
    except OSError as e:  # the folder vanished or cannot be listed: look again next time
        log.warning("cannot list %s: %s", folder, e)
        return []
    return [p for p in paths if p.is_file()]


def _in_progress(path: Path, root: Path) -> bool:
    name = path.name
    hidden = any(part.startswith((".", "~")) for part in path.relative_to(root).parts)
    return hidden or name.endswith("~") or name.lower().endswith(IN_PROGRESS_SUFFIXES) or name == "README.md"


def _signature(path: Path) -> Signature | None:
    try:
        stat = path.stat()
    except OSError:  # deleted or renamed between the listing and now
        return None
    return stat.st_size, stat.st_mtime_ns
