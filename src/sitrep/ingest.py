"""Ingest: read inputs, run the pipeline, write readings and rejects to the store, resumably.

Articles already in the store (same content hash) are skipped, so re-running an ingest, or resuming one
that was interrupted, neither duplicates nor loses anything.
"""

from __future__ import annotations

import logging
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, fields
from pathlib import Path, PurePath
from typing import Any, Protocol

from sitrep.linking import link_pending
from sitrep.models import Article, Rejected
from sitrep.pipeline import PipeResult
from sitrep.readers import ReadOptions, read_bytes, read_inputs, suffix_for
from sitrep.store import RunSummary, Store
from sitrep.watch import watch

log = logging.getLogger(__name__)

_PAGE = 500


class Runner(Protocol):
    """What reads articles: a `Pipeline` in this process, or a `sitrep.distributed.DaskRunner`."""

    def run(self, articles: Iterable[Article]) -> Iterator[PipeResult]: ...


def ingest(
    items: Iterable[Article | Rejected],
    *,
    pipeline: Runner,
    store: Store,
    inputs: list[str],
    on_item: Callable[[str], None] | None = None,
) -> RunSummary:
    """Read every article into the store; each reject is quarantined with its reason and raw bytes.

    Each reading is committed as it is written, so an interrupted ingest keeps what it has read; its run
    is recorded as interrupted, and running the same ingest again picks up where it stopped."""
    run_id = store.start_run(inputs)
    count: Counter[str] = Counter()
    notify = on_item or (lambda _: None)
    fresh = _fresh_articles(items, store=store, run_id=run_id, count=count, notify=notify)
    try:
        for result in pipeline.run(fresh):
            _store_result(result, store=store, run_id=run_id, count=count)
            notify("read")
    except BaseException:
        store.finish_run(run_id, _summary(count), status="interrupted")
        raise
    summary = _summary(count)
    store.finish_run(run_id, summary)
    return summary


def _store_result(result: PipeResult, *, store: Store, run_id: int, count: Counter[str]) -> None:
    if result.rejected is not None:
        store.quarantine(result.rejected, run_id=run_id)
        count["quarantined"] += 1
    elif result.reading is not None:
        store.save_reading(result.reading, run_id=run_id)
        link_pending(store)
        count["articles"] += 1
        count["events"] += len(result.reading.events)
        count["claims"] += len(result.reading.claims)
        count["tallies"] += len(result.reading.tallies)


def _summary(count: Counter[str]) -> RunSummary:
    return RunSummary(**{f.name: count[f.name] for f in fields(RunSummary)})


def _fresh_articles(
    items: Iterable[Article | Rejected],
    *,
    store: Store,
    run_id: int,
    count: Counter[str],
    notify: Callable[[str], None],
) -> Iterator[Article]:
    seen: set[str] = set()  # the same report twice in one input (feeds repeat stories) is read once
    for item in items:
        if isinstance(item, Rejected):
            log.warning("quarantined %s: %s", item.input, item.reason)
            store.quarantine(item, run_id=run_id)
            count["quarantined"] += 1
            notify("rejected")
        elif item.id in seen or store.has_article(item.id):
            count["skipped"] += 1
            notify("skipped")
        else:
            seen.add(item.id)
            yield item


def watch_folder(
    folder: Path,
    *,
    pipeline: Runner,
    store: Store,
    options: ReadOptions,
    interval_s: float = 2.0,
    on_batch: Callable[[list[str], RunSummary], None] | None = None,
    stop: threading.Event | None = None,
) -> RunSummary:
    """Ingest the files of `folder` as they become complete (`sitrep.watch`), one run per batch of files,
    until `stop` is set or Ctrl-C; returns the totals. An interrupted batch is recorded as interrupted and
    its files are read again by the next watch or ingest, without duplicates."""
    total: Counter[str] = Counter()

    def read_files(paths: list[Path]) -> None:
        names = [str(p) for p in paths]
        summary = ingest(read_inputs(names, options=options), pipeline=pipeline, store=store, inputs=names)
        total.update({f.name: getattr(summary, f.name) for f in fields(RunSummary)})
        if on_batch is not None:
            on_batch(names, summary)

    try:
        watch(folder, on_ready=read_files, interval_s=interval_s, stop=stop)
    except KeyboardInterrupt:
        log.info("watch of %s stopped", folder)
    return _summary(total)


@dataclass(frozen=True, slots=True)
class RetryOutcome:
    """What `retry_quarantined` found: the quarantine ids whose input now reads, and those that do not."""

    read: tuple[int, ...] = ()
    still_rejected: tuple[int, ...] = ()
    articles: int = 0


def retry_quarantined(*, pipeline: Runner, store: Store, options: ReadOptions) -> RetryOutcome:
    """Re-read every quarantined input from its raw bytes, through the reader its file name's suffix picks,
    and store the articles that now read; those inputs leave the quarantine. Nothing is quarantined twice."""
    run_id = store.start_run(["quarantine --retry"])
    read: list[int] = []
    failed: list[int] = []
    count: Counter[str] = Counter()
    for row in _all_quarantined(store):
        raw = store.quarantined_raw(row["id"]) or b""
        stored = _retry_one(row["input"], raw, pipeline=pipeline, store=store, options=options, run_id=run_id)
        if stored is None:
            failed.append(row["id"])
        else:
            read.append(row["id"])
            count["articles"] += stored
            store.release_quarantined(row["id"])
    store.finish_run(run_id, _summary(count))
    return RetryOutcome(read=tuple(read), still_rejected=tuple(failed), articles=count["articles"])


def _all_quarantined(store: Store) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    while page := store.quarantined(limit=_PAGE, offset=len(rows)):
        rows.extend(page)
    return rows


def _retry_one(
    source: str, raw: bytes, *, pipeline: Runner, store: Store, options: ReadOptions, run_id: int
) -> int | None:
    """How many new articles the input gave (all of it must read), or None if it still does not read."""
    suffix = suffix_for(raw, name_suffix=retry_suffix(source))
    items = list(read_bytes(raw, source=source, suffix=suffix, options=options))
    articles = [i for i in items if isinstance(i, Article)]
    if not articles or len(articles) != len(items):
        return None
    results = list(pipeline.run(a for a in articles if not store.has_article(a.id)))
    readings = [r.reading for r in results if r.reading is not None]
    if len(readings) != len(results):
        return None
    for reading in readings:
        store.save_reading(reading, run_id=run_id)
    return len(readings)


def retry_suffix(source: str) -> str:
    """The reader to use for a quarantined input: its file name's suffix, with any `:line` or `#entry N`
    cut off.

    A JSONL line (`feed.jsonl:12`) is read as JSONL; a CSV row was kept without its header, so it goes
    through the CSV reader too and is only read if it carries the header itself. A feed entry
    (`news.rss#entry 3`) was kept as its text, so it is read as text."""
    if "#entry " in source:
        return ".txt"
    name = source.rsplit(":", 1)[0] if _has_position(source) else source
    return PurePath(name).suffix.lower() or ".txt"


def _has_position(source: str) -> bool:
    head, sep, tail = source.rpartition(":")
    return bool(sep and head) and (tail.isdigit() or tail.startswith("row "))
