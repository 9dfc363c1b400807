"""Ingest: read inputs, run the pipeline, write readings and rejects to the store, resumably.

Articles already in the store (same content hash) are skipped, so re-running an ingest, or resuming one
that was interrupted, neither duplicates nor loses anything.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import fields

from sitrep.models import Article, Rejected
from sitrep.pipeline import Pipeline, PipeResult
from sitrep.store import RunSummary, Store

log = logging.getLogger(__name__)


def ingest(
    items: Iterable[Article | Rejected],
    *,
    pipeline: Pipeline,
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
