"""Ingest: idempotent, resumable, and nothing lost when it is interrupted."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from sitrep.errors import StoreError
from sitrep.ingest import ingest, retry_quarantined, retry_suffix
from sitrep.models import Article, Rejected, article_id
from sitrep.pipeline import Pipeline
from sitrep.readers import ReadOptions
from sitrep.store import open_store

TEXTS = [
    "Russian artillery shelled Kharkiv on Monday, killing two civilians, the governor said.",
    "Ukrainian forces recaptured the village of Moshchun on Tuesday, the General Staff said.",
    "Residents of Kherson protested against the occupation on Sunday, witnesses said.",
]


def articles() -> list[Article]:
    return [
        Article(id=article_id(t), text=t, published=date(2022, 3, 15), source=f"report-{i}.txt")
        for i, t in enumerate(TEXTS)
    ]


def interrupted(items: list[Article], after: int) -> Iterator[Article | Rejected]:
    yield from items[:after]
    raise KeyboardInterrupt


def test_an_interrupted_ingest_keeps_its_work_and_resumes(pipeline: Pipeline, tmp_path: Path) -> None:
    db = tmp_path / "resume.db"
    with open_store(db) as store, pytest.raises(KeyboardInterrupt):
        # Batches of one so the first article is written before the interruption.
        ingest(
            interrupted(articles(), 2),
            pipeline=Pipeline(pipeline.stages, batch_size=1),
            store=store,
            inputs=["feed"],
        )
    with open_store(db) as store:
        assert store.runs()[0]["status"] == "interrupted"
        stored_before = store.counts()["articles"]
        assert stored_before >= 1
        summary = ingest(articles(), pipeline=pipeline, store=store, inputs=["feed"])
        assert summary.articles == 3 - stored_before and summary.skipped == stored_before
        assert store.counts()["articles"] == 3
        assert store.runs()[0]["status"] == "finished"


def test_rejects_are_quarantined_with_their_bytes(pipeline: Pipeline, tmp_path: Path) -> None:
    items: list[Article | Rejected] = [*articles()[:1], Rejected("bad.bin", "binary data", b"\x00\x01")]
    with open_store(tmp_path / "q.db") as store:
        summary = ingest(items, pipeline=pipeline, store=store, inputs=["mixed"])
        assert (summary.articles, summary.quarantined) == (1, 1)
        row = store.quarantined()[0]
        assert (row["input"], row["reason"]) == ("bad.bin", "binary data")
        assert store.quarantined_raw(row["id"]) == b"\x00\x01"


# ---- killed with SIGKILL half-way, then resumed --------------------------------------------------------

PLACES = ("Kharkiv", "Kherson", "Mariupol", "Chernihiv", "Sumy", "Izium", "Mykolaiv", "Odesa", "Lviv", "Kyiv")
TEMPLATES = (
    "{place} Russian artillery shelled a district of {place} on day {n}, killing {k} civilians, the "
    "governor said.",
    "{place} Ukrainian forces repelled an attack near {place} in operation {n}, the General Staff said "
    "on Monday.",
    "{place} Residents of {place} protested on Sunday against the occupation, meeting number {n}, "
    "witnesses said.",
)


def write_reports(folder: Path, count: int) -> list[str]:
    """`count` small dateline reports, each different, one per file; returns their file names."""
    names = []
    for n in range(count):
        place = PLACES[n % len(PLACES)]
        text = TEMPLATES[n % len(TEMPLATES)].format(place=place, n=n, k=n % 7 + 1)
        name = f"{n:04d}_report.txt"
        (folder / name).write_text(f" date 2022-03-{n % 28 + 1:02d} {text}", encoding="utf-8")
        names.append(str(folder / name))
    return names


def run_ingest(folder: Path, db: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "SITREP_BATCH_SIZE": "4"}  # small batches: readings are committed as it goes
    command = [sys.executable, "-m", "sitrep.cli", "ingest", str(folder), "--db", str(db)]
    return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def stored_articles(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        with open_store(db, readonly=True) as store:
            return store.counts()["articles"]
    except StoreError:  # not created or migrated yet
        return 0


def test_an_ingest_killed_with_sigkill_resumes_without_loss_or_duplicates(tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    names = write_reports(folder, 240)
    db = tmp_path / "killed.db"
    process = run_ingest(folder, db)
    deadline = time.monotonic() + 120
    while stored_articles(db) < 20 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait()
    before = stored_articles(db)
    assert 20 <= before < len(names), "the ingest must be killed half-way for this test to mean anything"

    resumed = run_ingest(folder, db)
    _, stderr = resumed.communicate(timeout=300)
    assert resumed.returncode == 0, stderr.decode()
    with open_store(db, readonly=True) as store:
        # Every report once: ids are content hashes, so a report stored twice would count twice here.
        assert store.counts()["articles"] == len(names)
        assert store.counts()["quarantined"] == 0
        resumed_run = store.runs()[0]
    assert resumed_run["status"] == "finished"
    assert (resumed_run["skipped"], resumed_run["articles"]) == (before, len(names) - before)


# ---- quarantine --retry ------------------------------------------------------------------------------


def test_retry_reads_the_quarantined_inputs_that_now_read(pipeline: Pipeline, tmp_path: Path) -> None:
    line = b'{"text": "Russian artillery shelled Kharkiv on Monday.", "published": "2022-03-14"}'
    report = b" date 2022-03-06 Kherson Residents of Kherson protested on Sunday, witnesses said."
    with open_store(tmp_path / "retry.db") as store:
        run = store.start_run(["earlier"])
        store.quarantine(Rejected("feed.jsonl:3", "a reader bug, since fixed", line), run_id=run)
        store.quarantine(Rejected("reports/kherson.TXT", "a reader bug, since fixed", report), run_id=run)
        store.quarantine(Rejected("blob.txt", "binary data", b"\x00\x01\x02"), run_id=run)
        store.quarantine(Rejected("empty.txt", "empty input", b""), run_id=run)
        options = ReadOptions(is_place=lambda name: name == "Kherson")
        outcome = retry_quarantined(pipeline=pipeline, store=store, options=options)
        assert (len(outcome.read), len(outcome.still_rejected), outcome.articles) == (2, 2, 2)
        assert store.counts()["articles"] == 2
        # What now reads leaves the quarantine; what still fails stays, with its bytes.
        assert {q["input"] for q in store.quarantined()} == {"blob.txt", "empty.txt"}
        again = retry_quarantined(pipeline=pipeline, store=store, options=options)
        assert (again.read, len(again.still_rejected), again.articles) == ((), 2, 0)
        assert store.counts()["articles"] == 2


@pytest.mark.parametrize(
    ("source", "suffix"),
    [
        ("feed.jsonl:12", ".jsonl"),
        ("data/news.CSV:row 7", ".csv"),
        ("reports/a.txt", ".txt"),
        ("C:/reports/b.ndjson", ".ndjson"),
        ("<stdin>", ".txt"),
        ("notes", ".txt"),
    ],
)
def test_retry_picks_the_reader_by_the_original_file_name(source: str, suffix: str) -> None:
    assert retry_suffix(source) == suffix


# ---- a store that cannot be written: a clear error naming it, nothing half-done -------------------------


def run_cli(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "sitrep.cli", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout)


def test_an_unwritable_database_path_is_a_clear_error(tmp_path: Path) -> None:
    report = tmp_path / "report.txt"
    report.write_text(" date 2022-03-14 Kharkiv Russian artillery shelled Kharkiv.", encoding="utf-8")
    db = tmp_path / "no such folder" / "sitrep.db"
    done = run_cli("ingest", str(report), "--db", str(db))
    assert done.returncode == 2
    assert f"error: {db}: cannot open the database" in " ".join(done.stderr.split())


def test_a_database_locked_by_another_writer_is_a_clear_error(tmp_path: Path) -> None:
    import sqlite3

    report = tmp_path / "report.txt"
    report.write_text(" date 2022-03-14 Kharkiv Russian artillery shelled Kharkiv.", encoding="utf-8")
    db = tmp_path / "locked.db"
    open_store(db).close()
    # Another program holds the write lock for longer than the store waits for it.
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        done = run_cli("ingest", str(report), "--db", str(db))
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert done.returncode == 2
    message = " ".join(done.stderr.split())
    assert f"error: {db}:" in message and "locked" in message
    with open_store(db, readonly=True) as store:
        assert store.counts()["articles"] == 0
