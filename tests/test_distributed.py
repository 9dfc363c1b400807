"""The Dask runner: what the pipeline reads in this process, with a bounded number of batches out."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

import pytest
from distributed import Client, LocalCluster
from distributed.scheduler import KilledWorker

import sitrep.distributed
from sitrep.distributed import DaskRunner, dask_runner
from sitrep.errors import PipelineError
from sitrep.models import Article, article_id
from sitrep.pipeline import Pipeline
from sitrep.settings import Settings
from sitrep.store import open_store

TEXTS = [
    "Russian artillery shelled Kharkiv on Monday, killing two civilians, the governor said.",
    "Ukrainian forces recaptured the village of Moshchun on Tuesday, the General Staff said.",
    "Residents of Kherson protested against the occupation on Sunday, witnesses said.",
    "At least 12 people were wounded when a missile hit a shopping centre in Kremenchuk on Monday.",
    "Russian forces withdrew from the area around Chernihiv, a US defense official said on Wednesday.",
]


def articles(n: int) -> list[Article]:
    texts = [f"{TEXTS[i % len(TEXTS)]} (report {i})" for i in range(n)]
    return [
        Article(id=article_id(t), text=t, published=date(2022, 3, 15), source=f"r{i}")
        for i, t in enumerate(texts)
    ]


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    # Threads in this process: the worker builds its pipeline once, as a process worker would.
    with (
        LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=1, threads_per_worker=1, processes=False, dashboard_address=":0"
        ) as cluster,
        Client(cluster) as client,  # type: ignore[no-untyped-call]
    ):
        yield client


def test_the_dask_runner_reads_what_the_pipeline_reads(client: Client, pipeline: Pipeline) -> None:
    items = articles(7)
    runner = DaskRunner(client, settings=Settings(), batch_size=2)
    remote = list(runner.run(items))
    local = list(pipeline.run(items))
    assert [r.reading.article.id for r in remote if r.reading] == [a.id for a in items]
    assert remote == local


def test_the_dask_runner_keeps_a_bounded_number_of_batches_out(client: Client) -> None:
    pulled = 0

    def stream() -> Iterator[Article]:
        nonlocal pulled
        for article in articles(40):
            pulled += 1
            yield article

    runner = DaskRunner(client, settings=Settings(), batch_size=2, max_in_flight=3)
    results = runner.run(stream())
    next(results)
    assert pulled <= 2 * 3
    assert len(list(results)) == 39


def test_ingest_with_two_worker_processes(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    rows = [f'{{"text": "{a.text}", "published": "2022-03-15"}}' for a in articles(9)]
    feed.write_text("\n".join([*rows, "{not json"]) + "\n", encoding="utf-8")
    db = tmp_path / "two.db"
    command = [sys.executable, "-m", "sitrep.cli", "ingest", str(feed), "--db", str(db), "--workers", "2"]
    done = subprocess.run(
        command, capture_output=True, timeout=300, env={**os.environ, "SITREP_BATCH_SIZE": "2"}
    )
    assert done.returncode == 0, done.stderr.decode()
    assert "9 articles read" in done.stdout.decode()
    with open_store(db, readonly=True) as store:
        assert (store.counts()["articles"], store.counts()["quarantined"]) == (9, 1)


class DyingClient:
    """A stand-in for a cluster on which every batch kills the workers that try it."""

    class Future:
        def result(self) -> object:
            worker = SimpleNamespace(address="tcp://10.0.0.9:40000")
            raise KilledWorker("read_batch-1", worker, 3)  # type: ignore[arg-type]

        def cancel(self) -> None:
            pass

    def scheduler_info(self) -> dict[str, object]:
        return {"workers": {"a": {}}}

    def register_plugin(self, plugin: object, *, name: str) -> None:
        pass

    def submit(self, *args: object, **kwargs: object) -> DyingClient.Future:
        return DyingClient.Future()


def test_a_batch_that_kills_its_workers_is_rejected_not_lost() -> None:
    runner = DaskRunner(cast(Any, DyingClient()), settings=Settings(), batch_size=2)
    results = list(runner.run(articles(3)))
    assert [r.rejected.input for r in results if r.rejected] == ["r0", "r1", "r2"]
    assert all(r.rejected and "worker reading it died" in r.rejected.reason for r in results)


def test_an_unreachable_scheduler_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sitrep.distributed, "CONNECT_TIMEOUT_S", 1)
    with (
        pytest.raises(PipelineError, match=r"cannot reach the Dask scheduler at tcp://127\.0\.0\.1:1"),
        dask_runner(Settings(), scheduler="tcp://127.0.0.1:1"),
    ):
        pass
