"""Time per sentence of `find_times`, for sentences with and without a time expression.

    python bench/times.py [--corpus DIR] [--repeat 5]

Sentences come from the TimeML files under ../shared/data/time/TBAQ-cleaned (TimeBank and AQUAINT,
split on sentence-final punctuation); a sentence "has" a time expression when it holds a gold TIMEX3.
Each sentence is resolved against its document's creation time. Prints the mean and the 95th percentile
per sentence for `find_times` (the pipeline) and `find_timex` (the scorer's wider TimeML reading).
Targets (issue 4): < 0.1 ms per sentence without a time expression, < 1 ms with one.
"""

from __future__ import annotations

import argparse
import re
import statistics
import time
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from sitrep.evaluate.timeml import read_timeml
from sitrep.stages.times import find_times
from sitrep.stages.timex import find_timex

ROOT = Path(__file__).resolve().parents[1]
TBAQ = ROOT.parent / "shared" / "data" / "time" / "TBAQ-cleaned"
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'`])|\n\s*\n")


def sentences(corpus: Path) -> tuple[list[tuple[str, date]], list[tuple[str, date]]]:
    """(sentences with a gold time expression, sentences without), each with its creation date."""
    with_time: list[tuple[str, date]] = []
    without: list[tuple[str, date]] = []
    for path in sorted(corpus.rglob("*.tml")):
        document = read_timeml(path)
        starts = [0] + [m.end() for m in SENTENCE_END.finditer(document.text)]
        for start, end in zip(starts, [*starts[1:], len(document.text)], strict=True):
            text = document.text[start:end].strip()
            if not text:
                continue
            timed = any(start <= t.span.start < end for t in document.timexes)
            (with_time if timed else without).append((text, document.creation))
    return with_time, without


def per_sentence_ms(
    function: Callable[..., Sequence[Any]], items: list[tuple[str, date]], repeat: int
) -> tuple[float, float]:
    """Mean and 95th percentile, in milliseconds, of the best of `repeat` runs per sentence."""
    times = []
    for text, anchor in items:
        best = float("inf")
        for _ in range(repeat):
            start = time.perf_counter()
            function(text, anchor=anchor)
            best = min(best, time.perf_counter() - start)
        times.append(best * 1000)
    times.sort()
    return statistics.fmean(times), times[int(0.95 * (len(times) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=TBAQ)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with_time, without = sentences(args.corpus)
    print(f"{len(with_time)} sentences with a time expression, {len(without)} without ({args.corpus})")
    for name, function in (("find_times", find_times), ("find_timex", find_timex)):
        for label, items in (("without", without), ("with", with_time)):
            mean, p95 = per_sentence_ms(function, items, args.repeat)
            print(f"{name:11} {label:8} mean {mean:.3f} ms  p95 {p95:.3f} ms  per sentence")


if __name__ == "__main__":
    main()
