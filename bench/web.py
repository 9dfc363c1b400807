"""Latency of the map and timeline JSON (and the events page) over a big store: p50/p95 per typical filter.

    python bench/web.py [--events 1000000] [--per-article 20] [--repeat 20] [--db PATH]

Builds (or reuses, with --db) a store of synthetic events written through `Store.save_reading`,
`--per-article` events to an article: three years of dates, six ACLED types, 60 actors (a few common,
most rare), 600 places in 24 regions (one event in ten has two places, one in thirty none), four
statuses, article texts drawn from a 600-word vocabulary so that full-text search is selective. Then
asks the app in-process (FastAPI's TestClient: routing, the view, the store, JSON encoding) `--repeat`
times per request after one warm-up, the requests the events page makes: `/map.json` with the map's
zoom (clusters when the view holds more than a page of points), `/timeline.json` without the date range
(the timeline shows every date), and the page itself. The last line is one JSON object with every number.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from sitrep.models import (
    Article,
    Bound,
    Claim,
    Contradiction,
    ContradictionKind,
    Event,
    Granularity,
    Modality,
    Place,
    PlaceKind,
    Quantity,
    Reading,
    Side,
    Span,
    Speaker,
    Stance,
    Status,
    Story,
    TimeRef,
    article_id,
    record_id,
)
from sitrep.settings import Settings
from sitrep.store import Store, open_store
from sitrep.story_features import Features
from sitrep.web import create_app

TYPES = (
    ("Battles", "Armed clash", 30),
    ("Explosions/Remote violence", "Shelling/artillery/missile attack", 45),
    ("Violence against civilians", "Attack", 8),
    ("Protests", "Peaceful protest", 8),
    ("Riots", "Mob violence", 2),
    ("Strategic developments", "Non-violent transfer of territory", 7),
)
STATUSES = ((Status.HAPPENED, 85), (Status.ONGOING, 8), (Status.NOT_HAPPENED, 3), (Status.PLANNED, 4))
FIRST_DAY = date(2022, 2, 24)
DAYS = 3 * 365
STEMS = (
    "Bor", "Vyl", "Hor", "Dub", "Zel", "Kam", "Lys", "Myr", "Ozer", "Pol", "Rak", "Sos", "Tern", "Khut",
    "Chern", "Shyr", "Yab", "Bil", "Hlyb", "Kryv",
)  # fmt: skip
ENDINGS = ("ivka", "ove", "ske", "ne", "yn", "ychi", "any", "ivtsi", "ka", "ivske")
PREFIXES = ("", "Novo", "Staro", "Velyka ", "Mala ")
WORDS = 600


def _place_names(rng: random.Random, count: int) -> list[str]:
    names: set[str] = set()
    while len(names) < count:
        names.add(rng.choice(PREFIXES) + (rng.choice(STEMS) + rng.choice(ENDINGS)).lower().capitalize())
    return sorted(names)


def make_places(seed: int = 7) -> list[Place]:
    rng = random.Random(seed)
    places = []
    for i, name in enumerate(_place_names(rng, 600)):
        region = i % 24
        lat = 44.5 + (region // 6) * 2 + rng.random() * 2
        lon = 22.5 + (region % 6) * 2.9 + rng.random() * 2.9
        places.append(
            Place(name, "UA", lat, lon, PlaceKind.CITY, 1, Span(0, 1), admin1=f"Region {region + 1} oblast")
        )
    return places


ACTORS = [
    "Military Forces of Russia (2000-)",
    "Military Forces of Ukraine (2019-)",
    "Civilians (Ukraine)",
    "Protesters (Ukraine)",
    *(f"Volunteer Battalion {n}" for n in range(1, 57)),
]


def _actor(rng: random.Random) -> str:
    return ACTORS[min(len(ACTORS) - 1, int(rng.paretovariate(1.2)) - 1)]


def _text(rng: random.Random) -> str:
    """Thirty words with Zipf-like frequencies: the common ones in most articles, the rare in few."""
    return " ".join(f"w{min(WORDS, int(rng.paretovariate(0.9)))}" for _ in range(30)) + "."


def _event(rng: random.Random, places: list[Place], aid: str, i: int, text: str) -> Event:
    kind, sub, _ = rng.choices(TYPES, weights=[w for *_, w in TYPES])[0]
    status = rng.choices([s for s, _ in STATUSES], weights=[w for _, w in STATUSES])[0]
    roll = rng.random()
    at = () if roll < 1 / 30 else tuple(rng.sample(places, 2 if roll > 0.9 else 1))
    day = FIRST_DAY + timedelta(days=rng.randrange(DAYS))
    killed = rng.choice((0, 0, 0, 1, 3, 12))
    return Event(
        id=record_id("ev", aid, i),
        type=kind,
        sub_type=sub,
        status=status,
        evidence=(Span(0, len(text)),),
        actor1=_actor(rng),
        actor2=_actor(rng) if rng.random() < 0.4 else "",
        places=at,
        occurred=None if rng.random() < 0.01 else TimeRef("", day, day, Granularity.DAY),
        fatalities=Quantity(killed, Bound.EXACT, "killed", Span(0, 1)) if killed else None,
    )


# Who is quoted: a few bodies quoted in most articles, many officials quoted rarely (Zipf-like).
SPEAKERS = (
    Speaker(organisation="General Staff of the Armed Forces of Ukraine"),
    Speaker(role="spokesman", organisation="Ministry of Defence of Russia"),
    Speaker(role="regional governor"),
    Speaker(organisation="Office of the UN High Commissioner for Human Rights"),
    Speaker(role="mayor"),
    *(Speaker(name=f"Official {n}", role="spokesperson", organisation=f"Brigade {n}") for n in range(1, 196)),
)
STANCES = ((Stance.ASSERTED, 60), (Stance.REPORTED, 20), (Stance.ASSESSED, 10), (Stance.DENIED, 7))
CLAIMS_PER_ARTICLE = 6


def _claims(rng: random.Random, aid: str, text: str, said: date | None) -> tuple[Claim, ...]:
    """An article's claims, each quoting a span of its text; every second event links to one."""
    claims = []
    for i in range(CLAIMS_PER_ARTICLE):
        speaker = SPEAKERS[min(len(SPEAKERS) - 1, int(rng.paretovariate(1.0)) - 1)]
        stance = rng.choices([s for s, _ in STANCES], weights=[w for _, w in STANCES])[0]
        start = rng.randrange(len(text) // 2)
        claims.append(
            Claim(
                id=record_id("cl", aid, i),
                speaker=speaker,
                verb="said",
                span=Span(start, start + len(text) // 3),
                stance=stance,
                modality=Modality.FACT,
                said=TimeRef("", said, said, Granularity.DAY) if said else None,
            )
        )
    return tuple(claims)


def synthetic_readings(total: int, per_article: int, seed: int = 7) -> Iterator[Reading]:
    """Events as before any claims were added (the same random stream), claims from a stream of their own."""
    rng = random.Random(seed)
    claim_rng = random.Random(seed + 1)
    places = make_places(seed)
    for first in range(0, total, per_article):
        text = _text(rng)
        aid = article_id(text, title=f"bench {first}")
        count = min(per_article, total - first)
        events = [_event(rng, places, aid, i, text) for i in range(count)]
        days = [e.occurred.end for e in events if e.occurred and e.occurred.end]
        published = max(days) + timedelta(days=1) if days else None
        claims = _claims(claim_rng, aid, text, published)
        linked = tuple(
            e if i % 2 else replace(e, claims=(claims[i % len(claims)].id,)) for i, e in enumerate(events)
        )
        article = Article(id=aid, text=text, title=f"bench {first}", source="bench", published=published)
        yield Reading(article=article, events=linked, claims=claims)


def build_store(path: Path, *, events: int, per_article: int) -> float:
    started = time.perf_counter()
    with open_store(path) as store:
        run = store.start_run(["bench/web.py"])
        for reading in synthetic_readings(events, per_article):
            store.save_reading(reading, run_id=run)
    return time.perf_counter() - started


# ---- stories: the events of one place, day and type from different articles, as linking would group them --


_MEMBERS = """
SELECT pt.event_id, e.article_id, k.type, pt.status, pt.day, pt.place_name_id, pt.fatalities,
       (SELECT group_concat(c.speaker_org || c.speaker_name, ';') FROM event_claims ec
        JOIN claims c ON c.id = ec.claim_id WHERE ec.event_id = pt.event_id) AS speakers,
       n.name, pt.lat, pt.lon
FROM event_points pt JOIN events e ON e.id = pt.event_id JOIN event_kinds k ON k.id = pt.kind_id
LEFT JOIN place_names n ON n.id = pt.place_name_id
WHERE pt.idx = 0 ORDER BY pt.place_name_id, pt.day, pt.kind_id, pt.event_id
"""


def link_stories(path: Path, *, batch: int = 20_000) -> float:
    """Every event into a story, as `sitrep.linking` leaves a store: most stories of one event, the events
    of one place, day and type from different articles together, a death-toll contradiction where their
    figures differ. Written through the store's linking session; the link queue is emptied."""
    started = time.perf_counter()
    with open_store(path) as store:
        conn = sqlite3.connect(path)
        rows = conn.execute(_MEMBERS)
        group: list[tuple[object, ...]] = []
        pending: list[list[tuple[object, ...]]] = []
        for row in rows:
            if group and (row[5], row[4], row[2]) != (group[0][5], group[0][4], group[0][2]):
                pending.append(group)
                group = []
            group.append(row)
            if len(pending) >= batch:
                _save_stories(store, pending)
                pending = []
        _save_stories(store, [*pending, group] if group else pending)
        conn.execute("DELETE FROM link_queue")
        conn.commit()
        conn.close()
    return time.perf_counter() - started


def _save_stories(store: Store, groups: list[list[tuple[object, ...]]]) -> None:
    with store.linking() as session:
        for group in groups:
            story = _story(group)
            for event_id, article, kind, status, day, *_ in group:
                first = date.fromisoformat(str(day)) if day else None
                member = Features(
                    str(event_id), str(article), str(kind), "", str(status), (), first, first, "", ()
                )
                session.add_member(member, story_id=story.id, keys=())
            session.save_story(story)


def _story(group: list[tuple[object, ...]]) -> Story:
    story_id = record_id("story", str(group[0][0]))
    sources = sorted({s for row in group for s in str(row[7] or "bench").split(";")})
    days = [date.fromisoformat(str(row[4])) for row in group if row[4]]
    tolls = [row for row in group if row[6] is not None]
    contradictions: tuple[Contradiction, ...] = ()
    if len({row[6] for row in tolls}) > 1:
        first, second = tolls[0], next(row for row in tolls if row[6] != tolls[0][6])
        contradictions = (
            Contradiction(
                record_id("contra", story_id),
                ContradictionKind.FATALITIES,
                Side(str(first[1]), sources[0], str(first[6]), event=str(first[0])),
                Side(str(second[1]), sources[-1], str(second[6]), event=str(second[0])),
                story=story_id,
            ),
        )
    return Story(
        id=story_id,
        events=tuple(str(row[0]) for row in group),
        articles=tuple(dict.fromkeys(str(row[1]) for row in group)),
        sources=tuple(sources),
        type=str(group[0][2]),
        place=str(group[0][8] or ""),
        lat=float(str(group[0][9])) if group[0][9] is not None else None,
        lon=float(str(group[0][10])) if group[0][10] is not None else None,
        first_day=min(days, default=None),
        last_day=max(days, default=None),
        contradictions=contradictions,
    )


KHARKIV_BOX = "bbox=49.0,35.0,51.0,37.5&zoom=9"
WEEK, MONTH = "since=2023-03-01&until=2023-03-07", "since=2023-03-01&until=2023-03-31"


def filters(places: list[Place]) -> dict[str, str]:
    """The filters measured: each kind alone over every date, and narrowed to a week or a month."""
    town = places[17].name.replace(" ", "+")
    return {
        "no filter": "",
        "one week": WEEK,
        "one month": MONTH,
        "type": "type=battles",
        "type, one week": f"type=battles&{WEEK}",
        "actor (4% of events)": "actor=battalion+2",
        "actor, one month": f"actor=battalion+2&{MONTH}",
        "place name (0.2%)": f"place={town}",
        "place name, one month": f"place={town}&{MONTH}",
        "region (4%)": "place=region+7+oblast",
        "region, one month": f"place=region+7+oblast&{MONTH}",
        "50 km of a point": "near=49.99,36.23,50",
        "50 km, one month": f"near=49.99,36.23,50&{MONTH}",
        "status (8%)": "status=ongoing",
        "status, one week": f"status=ongoing&{WEEK}",
        "full text (1 word, 2%)": "q=w40",
        "full text, one month": f"q=w40&{MONTH}",
        "type + region + month": f"type=shelling&place=region+7+oblast&{MONTH}",
        "type + actor + status + week": f"type=battles&actor=russia&status=happened&{WEEK}",
        "full text + type + month": f"q=w40&type=battles&{MONTH}",
        "speaker (4%)": "speaker=governor",
        "speaker, one month": f"speaker=governor&{MONTH}",
        "speaker (25%)": "speaker=general+staff",
    }


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def measure(client: TestClient, url: str, repeat: int) -> dict[str, Any]:
    response = client.get(url)  # warm-up (page cache, first query plan)
    response.raise_for_status()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        response.raise_for_status()
    shape = _shape(response.json()) if url.split("?")[0].endswith(".json") else "page"
    return {
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(percentile(times, 0.95), 1),
        "shape": shape,
        "bytes": len(response.content),
    }


def _shape(body: dict[str, object]) -> str:
    for key in ("clusters", "points", "days", "claims", "stories", "contradictions"):
        rows = body.get(key)
        if isinstance(rows, list) and rows:
            return f"{len(rows)} {key}"
    return "empty"


def _without_dates(query: str) -> str:
    return "&".join(p for p in query.split("&") if p and not p.startswith(("since", "until")))


def requests(places: list[Place]) -> dict[str, str]:
    urls = {}
    for label, query in filters(places).items():
        urls[f"map: {label}"] = f"/map.json?{query}&zoom=6".replace("?&", "?")
        urls[f"timeline: {label}"] = f"/timeline.json?{_without_dates(query)}"
    urls["map: zoomed in on a city, one month"] = f"/map.json?{MONTH}&{KHARKIV_BOX}"
    urls["events page: no filter"] = "/"
    urls["events page: place name, one month"] = f"/?{filters(places)['place name, one month']}"
    urls["events page: speaker (4%)"] = "/?speaker=governor"
    return urls


def record_requests(path: Path, places: list[Place]) -> dict[str, str]:
    """The claims, stories and contradictions lists, and the pages of one story and one of its events."""
    town = places[17].name.replace(" ", "+")
    urls = {
        "claims: newest": "/claims.json",
        "claims: speaker (8% of claims)": "/claims.json?speaker=governor",
        "claims: speaker (0.1%)": "/claims.json?speaker=official+17",
        "claims: speaker and stance": "/claims.json?speaker=ministry&stance=denied",
        "claims: page 50": "/claims.json?offset=5000",
        "stories: two or more articles": "/stories.json",
        "stories: with contradictions": "/stories.json?contradicted=true",
        "stories: place name": f"/stories.json?place={town}",
        "contradictions: newest": "/contradictions.json",
        "contradictions: death tolls": "/contradictions.json?kind=fatalities",
        "claims page": "/claims",
        "stories page": "/stories",
        "contradictions page": "/contradictions",
    }
    with open_store(path, readonly=True) as store:
        [story] = store.stories(contradicted=True, limit=1) or [None]
    if story is not None:
        urls["story page (with a contradiction)"] = f"/stories/{story['id']}"
        urls["event page (its story, its contradiction)"] = f"/events/{story['events'][0]}"
        urls["event JSON (the same)"] = f"/events/{story['events'][0]}.json"
    return urls


PREPARE = {
    "none": (),
    "analyze": ("ANALYZE",),
    "analyze-limited": ("PRAGMA analysis_limit = 1000", "ANALYZE"),
    "vacuum": ("VACUUM", "ANALYZE"),
}


def prepare(path: Path, how: str) -> float:
    """Run `how`'s statements on the store (VACUUM rewrites it compactly; ANALYZE gives the planner the
    sizes of the indexes), returning how long they took."""
    started = time.perf_counter()
    conn = sqlite3.connect(path, isolation_level=None)
    for statement in PREPARE[how]:
        conn.execute(statement)
    conn.close()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--per-article", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--db", type=Path, help="reuse (or create) this store instead of a temporary one")
    parser.add_argument(
        "--prepare",
        choices=sorted(PREPARE),
        default="none",
        help="run ANALYZE, PRAGMA optimize or VACUUM first",
    )
    parser.add_argument("--only", default="", help="measure only the requests whose name this regex finds")
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
            linked = bool(store.stories(min_articles=1, limit=1))
        link_s = 0.0 if linked else link_stories(path)
        prepare_s = prepare(path, args.prepare)
        client = TestClient(create_app(db_path=path, settings=Settings()))
        urls = requests(make_places()) | record_requests(path, make_places())
        chosen = {name: url for name, url in urls.items() if re.search(args.only, name)}
        results = {name: measure(client, url, args.repeat) for name, url in chosen.items()}
    print(
        f"{stored:,} events in the store (built in {build_s:.0f} s, migrated in {migrate_s:.1f} s, stories"
        f" linked in {link_s:.0f} s; prepared with {args.prepare} in {prepare_s:.1f} s)"
    )
    print(f"{'request':<48} {'answer':>14} {'KB':>7} {'p50 ms':>8} {'p95 ms':>8}")
    for name, r in results.items():
        print(
            f"{name:<48} {r['shape']:>14} {r['bytes'] / 1024:>7.0f} {r['p50_ms']:>8.1f} {r['p95_ms']:>8.1f}"
        )
    slow = [name for name, r in results.items() if r["p95_ms"] >= 100]
    print(f"p95 at or above 100 ms: {', '.join(slow) if slow else 'none'}")
    summary = {
        "events": stored,
        "build_s": round(build_s, 1),
        "migrate_s": round(migrate_s, 1),
        "link_s": round(link_s, 1),
        "prepare": args.prepare,
        "prepare_s": round(prepare_s, 1),
    }
    print(json.dumps(summary | {"results": results}))


if __name__ == "__main__":
    main()
