"""Throughput of the reading pipeline: per stage, then at scale on 1 and 2 Dask workers, against the floor.

    python bench/throughput.py [--input PATH] [--limit N] [--batch-size 32] [--articles 10000]
    SITREP_PARSE=all python bench/throughput.py ...   # every sentence parsed, to compare

Default input: ../shared/data/news/Guardians_Russia_Ukraine.csv (188 articles) if present, else
examples/corpus.
1. Per stage: one process, one core (spaCy's `nlp.pipe` without multiprocessing), the input once; the
   language model and gazetteer loaded before timing starts.
2. At scale: the input repeated to `--articles` articles (each copy with its own suffix, so content hashes
   differ), streamed through `sitrep.distributed.DaskRunner` on a local cluster of 1, then 2 worker
   processes (models loaded on every worker before timing starts; no store). articles/s and words/s.
3. The floor, in the same run: spaCy's English pipeline with only its entity recognizer (tok2vec + ner)
   over the same texts in this process, and the ratio sitrep / floor (time per article).
Peak RSS is the most that this process and all its children held at once (sampled every 0.2 s). CPU
seconds (all processes) are reported too: other jobs sharing the cores stretch wall time far more.
The last line is one JSON object with the headline numbers.
"""

from __future__ import annotations

import argparse
import json
import resource
import threading
import time
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import replace
from itertools import cycle, islice
from pathlib import Path

import psutil

from sitrep.models import Article
from sitrep.pipeline import Doc, Pipeline, Stage
from sitrep.readers import Columns, ReadOptions, read_inputs
from sitrep.settings import Settings
from sitrep.stages import build_pipeline

ROOT = Path(__file__).resolve().parents[1]
GUARDIAN = ROOT.parent / "shared" / "data" / "news" / "Guardians_Russia_Ukraine.csv"


class Timed:
    """Wraps a stage and adds up the time (wall and CPU) it takes."""

    def __init__(self, stage: Stage, totals: dict[str, float], cpu: dict[str, float]) -> None:
        self.stage = stage
        self.totals, self.cpu = totals, cpu
        self.name, self.requires, self.assigns = stage.name, stage.requires, stage.assigns

    def __call__(self, docs: Sequence[Doc]) -> None:
        start, cpu_start = time.perf_counter(), time.process_time()
        self.stage(docs)
        self.totals[self.name] += time.perf_counter() - start
        self.cpu[self.name] += time.process_time() - cpu_start


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
    parser.add_argument("--articles", type=int, default=10_000, help="articles for the scale runs")
    args = parser.parse_args()
    peak = PeakRss()

    load_start = time.perf_counter()
    pipeline = build_pipeline(replace(Settings.from_env(), batch_size=args.batch_size))
    load_seconds = time.perf_counter() - load_start
    docs = articles(args.input, args.limit)
    words = sum(len(a.text.split()) for a in docs)

    totals: dict[str, float] = defaultdict(float)
    cpu: dict[str, float] = defaultdict(float)
    timed = Pipeline([Timed(s, totals, cpu) for s in pipeline.stages], batch_size=args.batch_size)
    start = time.perf_counter()
    results = list(timed.run(docs))
    seconds = time.perf_counter() - start
    events = sum(len(r.reading.events) for r in results if r.reading)

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"input: {args.input} ({len(docs)} articles, {words / max(len(docs), 1):.0f} words each)")
    print(f"load (model + gazetteer): {load_seconds:.1f} s")
    print(f"pipeline: {seconds:.1f} s, {len(docs) / seconds:.1f} articles/s, {events} events")
    print(f"  {'stage':<12} {'wall s':>7} {'share':>7} {'CPU s':>7}")
    for name in pipeline.names:
        print(f"  {name:<12} {totals[name]:7.2f} {100 * totals[name] / seconds:6.1f}% {cpu[name]:7.2f}")
    print(f"peak memory: {peak_mb:.0f} MB")

    scale(docs, args=args, peak=peak)


def repeated(docs: list[Article], n: int) -> Iterator[Article]:
    """`docs` over and over to `n` articles, each copy with its own suffix so content hashes differ."""
    for i, article in enumerate(islice(cycle(docs), n)):
        text = f"{article.text}\n\n(copy {i})"
        yield replace(article, id=f"{article.id[:8]}{i:08x}", text=text)


def words_in(docs: list[Article], n: int) -> int:
    return sum(len(a.text.split()) + 2 for a in repeated(docs, n))


def on_workers(docs: list[Article], n: int, *, workers: int, batch_size: int) -> tuple[float, float]:
    """Seconds to read `n` articles on a local cluster of `workers` processes (models already loaded), and
    the CPU seconds all processes (this one, the workers) spent on it."""
    from sitrep.distributed import dask_runner

    with dask_runner(replace(Settings.from_env(), batch_size=batch_size), workers=workers) as runner:
        runner.warm_up()
        cpu_start, start = cpu_seconds(), time.perf_counter()
        read = sum(1 for r in runner.run(repeated(docs, n)) if r.reading is not None)
        seconds, cpu = time.perf_counter() - start, cpu_seconds() - cpu_start
    print(f"  {workers} worker(s): {read} of {n} read in {seconds:.1f} s ({cpu:.1f} CPU s)")
    return seconds, cpu


def cpu_seconds() -> float:
    """CPU time (user + system) of this process and all its children alive now."""
    me = psutil.Process()
    total = 0.0
    for process in [me, *me.children(recursive=True)]:
        try:
            times = process.cpu_times()
        except psutil.Error:
            continue
        total += times.user + times.system
    return total


def floor(docs: list[Article], n: int, *, model: str, batch_size: int) -> tuple[float, float]:
    """Seconds (and CPU seconds) for spaCy's entity recognizer alone (tok2vec + ner) over the same texts,
    in this process."""
    import spacy

    names = spacy.load(model).pipe_names
    nlp = spacy.load(model, exclude=[name for name in names if name not in ("tok2vec", "ner")])
    cpu_start, start = time.process_time(), time.perf_counter()
    for _ in nlp.pipe((a.text for a in repeated(docs, n)), batch_size=batch_size):
        pass
    return time.perf_counter() - start, time.process_time() - cpu_start


def scale(docs: list[Article], *, args: argparse.Namespace, peak: PeakRss) -> None:
    n = args.articles
    words = words_in(docs, n)
    print(f"\nat scale: {n} articles ({words / n:.0f} words each), batch {args.batch_size}")
    one, one_cpu = on_workers(docs, n, workers=1, batch_size=args.batch_size)
    two, two_cpu = on_workers(docs, n, workers=2, batch_size=args.batch_size)
    floor_s, floor_cpu = floor(docs, n, model=Settings().model, batch_size=args.batch_size)
    peak.stop()
    result = {
        "articles": n,
        "articles_per_s": round(n / two, 2),
        "articles_per_s_1_worker": round(n / one, 2),
        "words_per_s": round(words / two, 1),
        "words_per_s_1_worker": round(words / one, 1),
        "floor_articles_per_s": round(n / floor_s, 2),
        "ratio_to_floor": round(one / floor_s, 2),
        "speedup_2_workers": round(one / two, 2),
        "peak_rss_mb": round(peak.most / 2**20),
        # CPU seconds are less distorted than wall time when other jobs share the cores
        "cpu_ms_per_article_1_worker": round(1000 * one_cpu / n, 1),
        "cpu_ms_per_article_2_workers": round(1000 * two_cpu / n, 1),
        "floor_cpu_ms_per_article": round(1000 * floor_cpu / n, 1),
        "cpu_ratio_to_floor": round(one_cpu / floor_cpu, 2),
        "parse": Settings.from_env().parse,
    }
    table = [
        ("", "articles/s", "words/s"),
        ("sitrep, 1 worker", f"{n / one:.1f}", f"{words / one:.0f}"),
        ("sitrep, 2 workers", f"{n / two:.1f}", f"{words / two:.0f}"),
        ("floor: spaCy ner, 1 process", f"{n / floor_s:.1f}", f"{words / floor_s:.0f}"),
    ]
    for row in table:
        print(f"  {row[0]:<30}{row[1]:>12}{row[2]:>12}")
    print(f"  ratio sitrep (1 worker) / floor: {one / floor_s:.2f}; 2 workers / 1: {one / two:.2f}x")
    print(f"  CPU per article: sitrep {1000 * one_cpu / n:.0f} ms, floor {1000 * floor_cpu / n:.0f} ms")
    print(f"  peak RSS (this process and its children): {peak.most / 2**20:.0f} MB")
    print(json.dumps(result))


class PeakRss:
    """Samples the RSS of this process and all its children in a thread; `most` is the highest sum."""

    def __init__(self, every_s: float = 0.2) -> None:
        self.most = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, args=(every_s,), daemon=True)
        self._thread.start()

    def _sample(self, every_s: float) -> None:
        me = psutil.Process()
        while not self._stop.wait(every_s):
            total = 0
            for process in [me, *me.children(recursive=True)]:
                try:
                    total += process.memory_info().rss
                except psutil.Error:
                    continue
            self.most = max(self.most, total)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


if __name__ == "__main__":
    main()
