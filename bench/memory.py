"""Memory over a long ingest: RSS must stay flat after warm-up, whatever the number of articles.

    python bench/memory.py [--articles 100000] [--workers 1] [--samples 20]

Writes `--articles` synthetic reports (short, each different) to a JSONL file, one line at a time, then
ingests that file into a fresh store with `sitrep.ingest.ingest` exactly as `sitrep ingest` does (the file
streamed a row at a time, a bounded number of batches in flight, one writer). RSS of this process and all
its children (the Dask workers) is sampled while it runs and printed as it goes; then one JSON line with the
RSS after warm-up (first 10 % of the articles), at the end, the growth between the two, and the peak.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import threading
import time
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import Any

import psutil

from sitrep.ingest import ingest
from sitrep.readers import ReadOptions, read_inputs
from sitrep.settings import Settings
from sitrep.stages import build_pipeline
from sitrep.store import open_store

PLACES = ("Kharkiv", "Kherson", "Mariupol", "Chernihiv", "Sumy", "Izium", "Mykolaiv", "Odesa", "Lviv", "Kyiv")
SENTENCES = (
    "Russian artillery shelled a district of {place} overnight, killing {k} civilians and wounding {w}, "
    "the regional governor said on {day}.",
    "Ukrainian forces said they had repelled an attack near {place}, fighting for {k} days.",
    "“The shelling did not stop until dawn,” a resident of {place} told reporters.",
    "At least {w} people were evacuated from {place} on {day}, the UN said in report {n}.",
)
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def synthetic_line(n: int) -> str:
    values = {"place": PLACES[n % 10], "k": n % 9 + 1, "w": n % 23 + 2, "day": DAYS[n % 7], "n": n}
    text = " ".join(SENTENCES[(n + i) % len(SENTENCES)].format(**values) for i in range(3))
    text += f" (bulletin {n})"  # every report different, so none is skipped as already stored
    return json.dumps({"text": text, "published": f"2022-{n % 12 + 1:02d}-{n % 28 + 1:02d}"})


def rss_mb() -> tuple[float, float]:
    """RSS of this process (reader and writer) and of all its children (the Dask workers), in MB."""
    me = psutil.Process()
    children = 0
    for process in me.children(recursive=True):
        try:
            children += process.memory_info().rss
        except psutil.Error:
            continue
    return me.memory_info().rss / 2**20, children / 2**20


class Sampler:
    """RSS every `every_s` seconds in a thread, with the number of articles done at that moment."""

    def __init__(self, every_s: float) -> None:
        self.done = 0
        self.samples: list[tuple[float, int, float, float]] = []
        self._start = time.perf_counter()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(every_s,), daemon=True)
        self._thread.start()

    def _run(self, every_s: float) -> None:
        print(f"{'seconds':>8} {'articles':>9} {'RSS MB':>8} {'main':>8} {'workers':>8}", flush=True)
        while not self._stop.wait(every_s):
            main, workers = rss_mb()
            sample = (time.perf_counter() - self._start, self.done, main, workers)
            self.samples.append(sample)
            row = f"{sample[0]:8.0f} {sample[1]:9d} {main + workers:8.0f} {main:8.0f} {workers:8.0f}"
            print(row, flush=True)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--every", type=float, default=2.0, help="seconds between RSS samples")
    args = parser.parse_args()
    settings = Settings()
    with tempfile.TemporaryDirectory() as folder:
        feed = Path(folder) / "synthetic.jsonl"
        with feed.open("w", encoding="utf-8") as out:
            for n in range(args.articles):
                out.write(synthetic_line(n) + "\n")
        run(feed, Path(folder) / "memory.db", settings=settings, args=args)


def run(feed: Path, db: Path, *, settings: Settings, args: argparse.Namespace) -> None:
    runner: AbstractContextManager[Any]
    if args.workers > 1:
        from sitrep.distributed import dask_runner

        runner = dask_runner(settings, workers=args.workers)
    else:
        runner = nullcontext(build_pipeline(settings))
    with runner as reader, open_store(db) as store:
        sampler = Sampler(args.every)

        def advance(_: str) -> None:
            sampler.done += 1

        summary = ingest(
            read_inputs([str(feed)], options=ReadOptions()),
            pipeline=reader,
            store=store,
            inputs=[str(feed)],
            on_item=advance,
        )
        sampler.stop()
    report(sampler.samples, articles=summary.articles, total=args.articles, workers=args.workers)


def report(
    samples: list[tuple[float, int, float, float]], *, articles: int, total: int, workers: int
) -> None:
    warm = [main + work for _, done, main, work in samples if done >= total // 10] or [0.0]
    result = {
        "articles": articles,
        "workers": workers,
        "rss_after_warmup_mb": round(warm[0]),
        "rss_at_end_mb": round(warm[-1]),
        "growth_after_warmup_mb": round(warm[-1] - warm[0]),
        "peak_rss_mb": round(max((main + work for *_, main, work in samples), default=0.0)),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
