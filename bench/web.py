"""Latency of the map and timeline JSON over a big store: p50/p95 per typical filter.

    python bench/web.py [--events 1000000] [--per-article 1000] [--repeat 30] [--db PATH]

Builds (or reuses, with --db) a store of synthetic events: `--events` events spread over three years,
six ACLED types, 400 places around Ukraine, written through `Store.save_reading` in articles of
`--per-article` events. Then asks `/map.json` and `/timeline.json` through the whole app in-process
(FastAPI's TestClient: routing, the view, the store query, JSON encoding) `--repeat` times per filter,
after one warm-up request. The last line is one JSON object with the numbers.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from fastapi.testclient import TestClient

from sitrep.models import (
    Article,
    Bound,
    Event,
    Granularity,
    Place,
    PlaceKind,
    Quantity,
    Reading,
    Span,
    Status,
    TimeRef,
)
from sitrep.settings import Settings
from sitrep.store import open_store
from sitrep.web import create_app

TYPES = (
    "Battles",
    "Explosions/Remote violence",
    "Violence against civilians",
    "Protests",
    "Riots",
    "Strategic developments",
)
FIRST_DAY = date(2022, 2, 24)
DAYS = 3 * 365
TEXT = "Shelling hit the town, killing 3 people."

FILTERS = {
    "one week": "since=2023-03-01&until=2023-03-07",
    "one week, one type": "since=2023-03-01&until=2023-03-07&type=battles",
    "50 km of Kharkiv, one month": "near=49.99,36.23,50&since=2023-03-01&until=2023-03-31",
    "place name, one month": "place=place%2017&since=2023-03-01&until=2023-03-31",
}


def synthetic_readings(total: int, per_article: int, seed: int = 7) -> list[Reading]:
    rng = random.Random(seed)
    places = [
        Place(
            f"Place {i}",
            "UA",
            44.5 + rng.random() * 8,
            22.5 + rng.random() * 17,
            PlaceKind.CITY,
            1,
            Span(0, 8),
        )
        for i in range(400)
    ]
    readings = []
    for a in range(0, total, per_article):
        article = Article(id=f"bench{a}", text=TEXT, title=f"bench {a}", source="bench")
        events = []
        for i in range(a, min(total, a + per_article)):
            day = FIRST_DAY + timedelta(days=rng.randrange(DAYS))
            killed = rng.choice((0, 0, 0, 1, 3, 12))
            events.append(
                Event(
                    id=f"ev{i}",
                    type=rng.choice(TYPES),
                    sub_type="",
                    status=Status.HAPPENED,
                    evidence=(Span(0, len(TEXT)),),
                    places=(rng.choice(places),),
                    occurred=TimeRef("", day, day, Granularity.DAY),
                    fatalities=Quantity(killed, Bound.EXACT, "killed", Span(30, 31)) if killed else None,
                )
            )
        readings.append(Reading(article=article, events=tuple(events)))
    return readings


def build_store(path: Path, *, events: int, per_article: int) -> float:
    started = time.perf_counter()
    with open_store(path) as store:
        run = store.start_run(["bench/web.py"])
        for reading in synthetic_readings(events, per_article):
            store.save_reading(reading, run_id=run)
    return time.perf_counter() - started


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def measure(client: TestClient, url: str, repeat: int) -> dict[str, float]:
    response = client.get(url)  # warm-up (page cache, first query plan)
    response.raise_for_status()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        response.raise_for_status()
    body = response.json()
    rows = len(body.get("points", body.get("days", [])))
    return {
        "p50_ms": statistics.median(times),
        "p95_ms": percentile(times, 0.95),
        "rows": rows,
        "bytes": len(response.content),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--per-article", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--db", type=Path, help="reuse (or create) this store instead of a temporary one")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = args.db or Path(tmp) / "bench.db"
        build_s = (
            0.0 if path.exists() else build_store(path, events=args.events, per_article=args.per_article)
        )
        started = time.perf_counter()
        open_store(path).close()  # a reused store may need this version's migrations
        migrate_s = time.perf_counter() - started
        with open_store(path, readonly=True) as store:
            stored = store.counts()["events"]
        client = TestClient(create_app(db_path=path, settings=Settings()))
        results = {}
        for label, query in FILTERS.items():
            for endpoint in ("map", "timeline"):
                # the page's timeline asks without since/until (it shows every date, the range highlighted)
                q = (
                    query
                    if endpoint == "map"
                    else "&".join(p for p in query.split("&") if not p.startswith(("since", "until")))
                )
                results[f"{endpoint}: {label}" if endpoint == "map" else f"timeline, all dates: {label}"] = (
                    measure(client, f"/{endpoint}.json?{q}", args.repeat)
                )
    print(f"{stored:,} events in the store (built in {build_s:.0f} s, migrated in {migrate_s:.1f} s)")
    print(f"{'request':<52} {'rows':>7} {'KB':>7} {'p50 ms':>8} {'p95 ms':>8}")
    for name, r in results.items():
        print(f"{name:<52} {r['rows']:>7} {r['bytes'] / 1024:>7.0f} {r['p50_ms']:>8.1f} {r['p95_ms']:>8.1f}")
    print(
        json.dumps(
            {
                "events": stored,
                "build_s": round(build_s, 1),
                "migrate_s": round(migrate_s, 1),
                "results": results,
            }
        )
    )


if __name__ == "__main__":
    main()
