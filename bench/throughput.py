"""Throughput of the reading pipeline, per stage, on real reporting (or the bundled corpus).

    python bench/throughput.py [--input PATH] [--limit N] [--batch-size 32]

Default input: ../shared/data/news/Guardians_Russia_Ukraine.csv (188 articles) if present, else
examples/corpus. Prints articles/s overall and the seconds spent in each stage, and the peak memory.
One process, one core (spaCy's `nlp.pipe` without multiprocessing), the language model and gazetteer
loaded before timing starts.
"""

from __future__ import annotations

import argparse
import resource
import time
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

from sitrep.models import Article
from sitrep.pipeline import Doc, Pipeline, Stage
from sitrep.readers import Columns, ReadOptions, read_inputs
from sitrep.settings import Settings
from sitrep.stages import build_pipeline

ROOT = Path(__file__).resolve().parents[1]
GUARDIAN = ROOT.parent / "shared" / "data" / "news" / "Guardians_Russia_Ukraine.csv"


class Timed:
    """Wraps a stage and adds up the time it takes."""

    def __init__(self, stage: Stage, totals: dict[str, float]) -> None:
        self.stage = stage
        self.totals = totals
        self.name, self.requires, self.assigns = stage.name, stage.requires, stage.assigns

    def __call__(self, docs: Sequence[Doc]) -> None:
        start = time.perf_counter()
        self.stage(docs)
        self.totals[self.name] += time.perf_counter() - start


def articles(path: Path, limit: int | None) -> list[Article]:
    columns = Columns(text="articles", published="published", title="headlines")
    items = [
        a for a in read_inputs([str(path)], options=ReadOptions(columns=columns)) if isinstance(a, Article)
    ]
    return items[:limit] if limit else items


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--input", type=Path, default=GUARDIAN if GUARDIAN.exists() else ROOT / "examples/corpus"
    )
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--batch-size", type=int, default=32)
    args = parser.parse_args()

    load_start = time.perf_counter()
    pipeline = build_pipeline(Settings(batch_size=args.batch_size))
    load_seconds = time.perf_counter() - load_start
    docs = articles(args.input, args.limit)
    words = sum(len(a.text.split()) for a in docs)

    totals: dict[str, float] = defaultdict(float)
    timed = Pipeline([Timed(s, totals) for s in pipeline.stages], batch_size=args.batch_size)
    start = time.perf_counter()
    results = list(timed.run(docs))
    seconds = time.perf_counter() - start
    events = sum(len(r.reading.events) for r in results if r.reading)

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"input: {args.input} ({len(docs)} articles, {words / max(len(docs), 1):.0f} words each)")
    print(f"load (model + gazetteer): {load_seconds:.1f} s")
    print(f"pipeline: {seconds:.1f} s, {len(docs) / seconds:.1f} articles/s, {events} events")
    for name in pipeline.names:
        print(f"  {name:<12} {totals[name]:7.2f} s  {100 * totals[name] / seconds:5.1f} %")
    print(f"peak memory: {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
