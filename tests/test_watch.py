"""Watching a folder: complete files only, each once, partial files wait, Ctrl-C stops cleanly."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from sitrep.ingest import watch_folder
from sitrep.pipeline import Pipeline
from sitrep.readers import ReadOptions
from sitrep.store import RunSummary, open_store
from sitrep.watch import FolderWatch

REPORT = "Russian artillery shelled Kharkiv on Monday, killing two civilians, the governor said.\n"


def test_a_file_is_ready_once_it_stops_changing(tmp_path: Path) -> None:
    state = FolderWatch.of(tmp_path)
    path = tmp_path / "a.txt"
    path.write_text("Shelling hit Kharkiv")
    assert state.ready() == []  # first seen: might still be written
    with path.open("a") as f:
        f.write(" overnight, the governor said.")
    assert state.ready() == []  # it grew since the last look
    assert state.ready() == [path]
    assert state.ready() == []  # handed over once


def test_a_changed_file_is_handed_over_again(tmp_path: Path) -> None:
    state = FolderWatch.of(tmp_path)
    path = tmp_path / "a.jsonl"
    path.write_text('{"text": "one"}\n')
    state.ready()
    assert state.ready() == [path]
    with path.open("a") as f:
        f.write('{"text": "two"}\n')
    assert state.ready() == []
    assert state.ready() == [path]


def test_names_in_progress_and_hidden_files_are_never_read(tmp_path: Path) -> None:
    for name in ("story.txt.part", "story.tmp", ".hidden.txt", "story.txt~", "dl.crdownload"):
        (tmp_path / name).write_text(REPORT)
    (tmp_path / ".cache").mkdir()
    (tmp_path / ".cache" / "x.txt").write_text(REPORT)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "ok.txt").write_text(REPORT)
    state = FolderWatch.of(tmp_path)
    state.ready()
    assert state.ready() == [tmp_path / "sub" / "ok.txt"]


def test_a_vanished_folder_is_looked_at_again_later(tmp_path: Path) -> None:
    state = FolderWatch.of(tmp_path / "not-yet")
    assert state.ready() == []
    (tmp_path / "not-yet").mkdir()
    (tmp_path / "not-yet" / "a.txt").write_text(REPORT)
    state.ready()
    assert state.ready() == [tmp_path / "not-yet" / "a.txt"]


def test_watch_folder_ingests_new_files_until_stopped(pipeline: Pipeline, tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "first.txt").write_text(REPORT)
    stop = threading.Event()
    batches: list[list[str]] = []

    def on_batch(names: list[str], summary: RunSummary) -> None:
        batches.append(names)
        if len(batches) == 1:
            (inbox / "second.txt").write_text(REPORT.replace("Monday", "Tuesday"))
            (inbox / "empty.txt").write_text("")
        else:
            stop.set()

    safety = threading.Timer(120, stop.set)  # the test fails rather than hangs
    safety.start()
    with open_store(tmp_path / "w.db") as store:
        summary = watch_folder(
            inbox,
            pipeline=pipeline,
            store=store,
            options=ReadOptions(),
            interval_s=0.05,
            on_batch=on_batch,
            stop=stop,
        )
        assert store.counts()["articles"] == 2
    safety.cancel()
    assert batches == [[str(inbox / "first.txt")], [str(inbox / "empty.txt"), str(inbox / "second.txt")]]
    assert (summary.articles, summary.quarantined) == (2, 1)


def test_sitrep_watch_stops_cleanly_on_ctrl_c(tmp_path: Path) -> None:
    inbox, db = tmp_path / "inbox", tmp_path / "watch.db"
    inbox.mkdir()
    command = [sys.executable, "-m", "sitrep.cli", "watch", str(inbox), "--db", str(db), "--interval", "0.2"]
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, preexec_fn=_as_from_a_terminal
    )
    try:
        (inbox / "report.txt.part").write_text(REPORT)
        (inbox / "report.txt.part").rename(inbox / "report.txt")  # how a writer hands over a finished file
        assert _wait_for_articles(db, 1, timeout_s=120), process.stderr.read() if process.poll() else ""
        os.kill(process.pid, signal.SIGINT)
        out, errors = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, errors
    assert "stopped; in all 1 articles read" in " ".join(out.split())


def _as_from_a_terminal() -> None:
    """Ctrl-C reaches the command as it would started from a shell: what the test process inherited or set
    up (SIGINT ignored or blocked, by the libraries of earlier tests) is not passed on to it."""
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _wait_for_articles(db: Path, n: int, *, timeout_s: float) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if db.exists():
            with open_store(db) as store:
                if store.counts()["articles"] >= n:
                    return True
        time.sleep(0.3)
    return False
