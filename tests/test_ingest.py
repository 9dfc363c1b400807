"""Ingest: idempotent, resumable, and nothing lost when it is interrupted."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from sitrep.ingest import ingest
from sitrep.models import Article, Rejected, article_id
from sitrep.pipeline import Pipeline
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
