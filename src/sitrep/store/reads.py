"""Read queries. Each returns the JSON contract of `sitrep.export` (decoded from the JSON columns) plus the
article it came from, so the CLI, the web pages and the exports all show the same shape.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import Any

from sitrep.errors import StoreError
from sitrep.store.filters import (
    GRID_CELLS_PER_DEGREE,
    SPEAKER_IDS,
    Clause,
    EventFilter,
    MapView,
    fold,
    speaker_text,
    where_clause,
)

JSON = dict[str, Any]
MAX_LIMIT = 10_000
_MAX_OFFSET = 2**62

ARTICLE_SUMMARY = (
    "a.id AS a_id, a.title AS a_title, a.published AS a_published, a.source AS a_source, a.url AS a_url"
)
_EVENTS_OF = f"SELECT e.json, {ARTICLE_SUMMARY} FROM"
_JOINED = "JOIN events e ON e.id = m.event_id JOIN articles a ON a.id = e.article_id"


def check_page(limit: int, offset: int) -> None:
    """Reject pages SQLite would misread (negative limit means "no limit") or that could exhaust memory."""
    if not 0 <= limit <= MAX_LIMIT:
        raise StoreError(f"limit must be between 0 and {MAX_LIMIT}, got {limit}")
    if not 0 <= offset <= _MAX_OFFSET:
        raise StoreError(f"offset must be 0 or more, got {offset}")


def article_summary(row: sqlite3.Row) -> JSON:
    """The article summary of a row that selected `ARTICLE_SUMMARY`."""
    return {
        "id": row["a_id"],
        "title": row["a_title"],
        "published": row["a_published"],
        "source": row["a_source"],
        "url": row["a_url"],
    }


def _with_article(row: sqlite3.Row) -> JSON:
    record: JSON = json.loads(row["json"])
    record["article"] = article_summary(row)
    return record


# A date range holding at most this many events is read whole rather than through a name's index.
SHORT_RANGE_EVENTS = 50_000


def _days_first(conn: sqlite3.Connection, flt: EventFilter) -> bool:
    """Whether the date range is short enough to read whole: counted from `event_counts`, in a few ms."""
    if flt.since is None and flt.until is None:
        return False
    low = flt.since.isoformat()[:10] if flt.since else ""
    high = flt.until.isoformat()[:10] if flt.until else "9999"
    sql = "SELECT ifnull(sum(count), 0) FROM event_counts WHERE day BETWEEN ? AND ?"
    return int(conn.execute(sql, (low, high)).fetchone()[0]) <= SHORT_RANGE_EVENTS


def _where(conn: sqlite3.Connection, flt: EventFilter, *extra: Clause) -> Clause:
    return where_clause(flt, extra=extra, days_first=_days_first(conn, flt))


def _matching_events(conn: sqlite3.Connection, flt: EventFilter) -> Clause:
    """Day and id of each matching event, newest first (undated last), once however many places match."""
    where, params = _where(conn, flt)
    return (
        f"SELECT DISTINCT pt.day, pt.event_id FROM event_points pt {where} ORDER BY pt.day DESC, pt.event_id",
        params,
    )


def events(conn: sqlite3.Connection, flt: EventFilter, *, limit: int, offset: int) -> list[JSON]:
    check_page(limit, offset)
    matching, params = _matching_events(conn, flt)
    sql = f"{_EVENTS_OF} ({matching} LIMIT ? OFFSET ?) m {_JOINED} ORDER BY m.day DESC, m.event_id"
    return [_with_article(row) for row in conn.execute(sql, [*params, limit, offset])]


_EXPORTED = f"SELECT e.json, {ARTICLE_SUMMARY}, s.json AS story_json FROM"
_STORY_JOINED = "LEFT JOIN story_events se ON se.event_id = e.id LEFT JOIN stories s ON s.id = se.story_id"


def iter_events(conn: sqlite3.Connection, flt: EventFilter) -> Iterator[JSON]:
    """All matching events, fetched in batches so an export of the whole store stays in small memory; each
    carries its `claim_records` and its `story` (or null before linking) for the exports."""
    matching, params = _matching_events(conn, flt)
    cursor = conn.execute(
        f"{_EXPORTED} ({matching}) m {_JOINED} {_STORY_JOINED} ORDER BY m.day DESC, m.event_id", params
    )
    try:
        while batch := cursor.fetchmany(500):
            for row in batch:
                record = _with_article(row)
                record["source"] = row["a_source"]
                record["claim_records"] = _linked_claims(conn, record["id"])
                record["story"] = json.loads(row["story_json"]) if row["story_json"] else None
                yield record
    finally:
        cursor.close()


def event(conn: sqlite3.Connection, event_id: str) -> JSON | None:
    row = conn.execute(
        "SELECT e.json, a.* FROM events e JOIN articles a ON a.id = e.article_id WHERE e.id = ?", (event_id,)
    ).fetchone()
    if row is None:
        return None
    record: JSON = json.loads(row["json"])
    record["article"] = _article(row)
    record["claim_records"] = _linked_claims(conn, event_id)
    return record


def _article(row: sqlite3.Row) -> JSON:
    """The article as `export.article_json` shapes it; the columns hold exactly those values."""
    keys = ("id", "source", "url", "title", "published", "dateline", "language", "text")
    return {key: row[key] for key in keys}


def _linked_claims(conn: sqlite3.Connection, event_id: str) -> list[JSON]:
    rows = conn.execute(
        f"SELECT c.json, {ARTICLE_SUMMARY} FROM event_claims ec JOIN claims c ON c.id = ec.claim_id"
        " JOIN articles a ON a.id = c.article_id WHERE ec.event_id = ? ORDER BY ec.ord",
        (event_id,),
    )
    return [_with_article(row) for row in rows]


def claims(
    conn: sqlite3.Connection, *, speaker: str | None, stance: str | None, limit: int, offset: int
) -> list[JSON]:
    """Claims newest first: by the day they were said, else the day their article was published."""
    check_page(limit, offset)
    parts: list[str] = []
    params: list[object] = []
    text = speaker_text(speaker)
    if speaker and text is None:
        return []
    if text is not None:
        parts.append(f"cp.speaker_id IN {SPEAKER_IDS}")
        params += [text] * 3
    if stance:
        parts.append("cp.stance = ?")
        params.append(fold(stance.strip()))
    where = "WHERE " + " AND ".join(parts) if parts else ""
    order = "ORDER BY m.day DESC, m.article_id, m.ord"
    page = (
        f"SELECT cp.day, cp.article_id, cp.ord, cp.claim_id FROM claim_points cp {where}"
        f" {order.replace('m.', 'cp.')} LIMIT ? OFFSET ?"
    )
    sql = (
        f"SELECT c.json, {ARTICLE_SUMMARY} FROM ({page}) m JOIN claims c ON c.id = m.claim_id"
        f" JOIN articles a ON a.id = m.article_id {order}"
    )
    return [_with_article(row) for row in conn.execute(sql, [*params, limit, offset])]


def tallies(conn: sqlite3.Connection, *, organisation: str | None, limit: int, offset: int) -> list[JSON]:
    check_page(limit, offset)
    where, params = "", []
    if organisation:
        where, params = "WHERE instr(sitrep_fold(t.organisation), ?) > 0", [fold(organisation)]
    sql = (
        f"SELECT t.json, {ARTICLE_SUMMARY} FROM tallies t JOIN articles a ON a.id = t.article_id {where}"
        " ORDER BY t.period_end DESC, t.article_id, t.ord LIMIT ? OFFSET ?"
    )
    return [_with_article(row) for row in conn.execute(sql, [*params, limit, offset])]


def quarantined(conn: sqlite3.Connection, *, limit: int, offset: int) -> list[JSON]:
    check_page(limit, offset)
    rows = conn.execute(
        "SELECT id, run_id, input, reason, size, created_at FROM quarantine"
        " ORDER BY id DESC LIMIT ? OFFSET ?",
        (limit, offset),
    )
    return [dict(row) for row in rows]


def quarantined_raw(conn: sqlite3.Connection, quarantine_id: int) -> bytes | None:
    row = conn.execute("SELECT raw FROM quarantine WHERE id = ?", (quarantine_id,)).fetchone()
    return bytes(row["raw"]) if row is not None else None


def runs(conn: sqlite3.Connection, *, limit: int) -> list[JSON]:
    check_page(limit, 0)
    rows = conn.execute("SELECT * FROM runs ORDER BY id DESC LIMIT ?", (limit,))
    return [dict(row) | {"inputs": json.loads(row["inputs"])} for row in rows]


def counts(conn: sqlite3.Connection) -> dict[str, int]:
    tables = ("articles", "events", "claims", "tallies", "quarantine")
    sql = "SELECT " + ", ".join(f"(SELECT count(*) FROM {t})" for t in tables)
    row = conn.execute(sql).fetchone()
    names = ("articles", "events", "claims", "tallies", "quarantined")
    return {name: int(row[i]) for i, name in enumerate(names)}


def migrations(conn: sqlite3.Connection) -> list[JSON]:
    return [dict(row) for row in conn.execute("SELECT id, name, applied_at FROM migrations ORDER BY id")]


MAX_MAP_POINTS = 100_000
_POINT = (
    "SELECT pt.event_id AS id, k.type, pt.status, pt.fatalities, nullif(pt.day, '') AS occurred_start,"
    " n.name, pt.lat, pt.lon FROM event_points pt JOIN event_kinds k ON k.id = pt.kind_id"
    " LEFT JOIN place_names n ON n.id = pt.place_name_id"
)


def map_points(
    conn: sqlite3.Connection, flt: EventFilter, *, view: MapView | None = None, limit: int, offset: int
) -> list[JSON]:
    """One point per located place of each matching event, newest first, without the event's JSON.

    A place or radius filter keeps the places that match (an event's other places are elsewhere).
    """
    if not 0 <= limit <= MAX_MAP_POINTS:
        raise StoreError(f"limit must be between 0 and {MAX_MAP_POINTS}, got {limit}")
    check_page(0, offset)
    where, params = _where(conn, flt, *_located(view))
    sql = f"{_POINT} {where} ORDER BY pt.day DESC, pt.event_id, pt.idx LIMIT ? OFFSET ?"
    return [dict(row) for row in conn.execute(sql, [*params, limit, offset])]


def _located(view: MapView | None) -> tuple[Clause, ...]:
    located: Clause = ("pt.lat IS NOT NULL AND pt.lon IS NOT NULL", [])
    return (located,) if view is None else (located, view.clause())


def count_map_points(conn: sqlite3.Connection, flt: EventFilter, *, view: MapView | None, most: int) -> int:
    """How many located points match, counted up to `most + 1` only: enough to decide points or clusters."""
    where, params = _where(conn, flt, *_located(view))
    sql = f"SELECT count(*) FROM (SELECT 1 FROM event_points pt {where} LIMIT ?)"
    return int(conn.execute(sql, [*params, most + 1]).fetchone()[0])


def map_clusters(conn: sqlite3.Connection, flt: EventFilter, *, view: MapView) -> list[JSON]:
    """Matching points gathered in square cells about `view.cell_degrees` wide: their centre, how many,
    of which types, how many killed.

    Filtered by type and status only (the zoomed-out map of every date), the cells are read from
    `event_cells`, kept by triggers; any other filter counts the matching points themselves.
    """
    if replace(flt, type=None, status=None) == EventFilter():
        where, params = where_clause(flt, extra=(view.cell_clause(),))
        source = (
            "pt.row AS row_, pt.col AS col_, pt.count AS n, pt.lat_sum, pt.lon_sum, pt.fatalities AS killed"
        )
        table = "event_cells"
    else:
        where, params = _where(conn, flt, *_located(view))
        source = (
            "CAST((pt.lat + 90) * ? AS INTEGER) AS row_, CAST((pt.lon + 180) * ? AS INTEGER) AS col_, 1 AS n,"
            " pt.lat AS lat_sum, pt.lon AS lon_sum, ifnull(pt.fatalities, 0) AS killed"
        )
        table = "event_points"
        params = [GRID_CELLS_PER_DEGREE] * 2 + params
    merged = view.cells_merged()
    sql = (
        "SELECT row_ / ? AS r, col_ / ? AS c, kind_id, sum(n) AS count, sum(lat_sum) AS lat,"
        " sum(lon_sum) AS lon, sum(killed) AS fatalities"
        f" FROM (SELECT pt.kind_id, {source} FROM {table} pt {where}) GROUP BY r, c, kind_id"
    )
    return _merge_cells(conn.execute(sql, [merged, merged, *params]), _kind_types(conn))


def _kind_types(conn: sqlite3.Connection) -> dict[int, str]:
    return {row["id"]: row["type"] for row in conn.execute("SELECT id, type FROM event_kinds")}


def _merge_cells(rows: Iterable[sqlite3.Row], types: dict[int, str]) -> list[JSON]:
    cells: dict[tuple[int, int], JSON] = {}
    for row in rows:
        found = cells.setdefault(
            (row["r"], row["c"]), {"count": 0, "lat": 0.0, "lon": 0.0, "fatalities": 0, "types": {}}
        )
        found["count"] += row["count"]
        found["lat"] += row["lat"]
        found["lon"] += row["lon"]
        found["fatalities"] += row["fatalities"]
        kind = types.get(row["kind_id"], "")
        found["types"][kind] = found["types"].get(kind, 0) + row["count"]
    return [_cluster(found) for found in cells.values() if found["count"] > 0]


def _cluster(cell: JSON) -> JSON:
    count = cell["count"]
    return cell | {"lat": round(cell["lat"] / count, 5), "lon": round(cell["lon"] / count, 5)}


def events_per_day(conn: sqlite3.Connection, flt: EventFilter, *, limit: int) -> list[JSON]:
    """How many matching events started on each day, by type: [{day, type, count}], oldest day first.

    Filtered by type, status and an end date only, the counts come from `event_counts`, kept by triggers;
    any other filter counts the matching events themselves, each once.
    """
    check_page(limit, 0)
    if replace(flt, type=None, status=None, until=None) == EventFilter():
        where, params = where_clause(flt)  # `event_counts` has the columns these clauses read
        sql = f"SELECT pt.day, pt.kind_id, sum(pt.count) AS count FROM event_counts pt {where} {_BY_DAY}"
        return _by_type(conn, conn.execute(sql, params), limit=limit)
    by_place = flt.place is not None or flt.near is not None
    # Without a place filter each event's row 0 stands for it.
    dated: Clause = ("pt.day > ''", [])
    where, params = _where(conn, flt, *((dated,) if by_place else (dated, ("pt.idx = 0", []))))
    counted = "count(DISTINCT pt.event_id)" if by_place else "count(*)"
    sql = f"SELECT pt.day, pt.kind_id, {counted} AS count FROM event_points pt {where} {_BY_DAY}"
    return _by_type(conn, conn.execute(sql, params), limit=limit)


_BY_DAY = "GROUP BY pt.day, pt.kind_id"


def _by_type(conn: sqlite3.Connection, rows: Iterable[sqlite3.Row], *, limit: int) -> list[JSON]:
    """Counts per day and kind (type and sub-type) summed per day and type, the first `limit` of them."""
    types = _kind_types(conn)
    counts: dict[tuple[str, str], int] = {}
    for row in rows:
        key = (row["day"], types.get(row["kind_id"], ""))
        counts[key] = counts.get(key, 0) + row["count"]
    ordered = sorted(counts.items())[:limit]
    return [{"day": day, "type": kind, "count": count} for (day, kind), count in ordered]


def tally_points(
    conn: sqlite3.Connection, *, since: str | None, until: str | None, organisation: str | None, limit: int
) -> list[JSON]:
    """Tallies as points in time (the end of their period), oldest first, each with its counts."""
    check_page(limit, 0)
    parts: list[str] = ["t.period_end IS NOT NULL"]
    params: list[object] = []
    if since:
        parts.append("t.period_end >= ?")
        params.append(since)
    if until:
        parts.append("t.period_end <= ?")
        params.append(until)
    if organisation:
        parts.append("instr(sitrep_fold(t.organisation), ?) > 0")
        params.append(fold(organisation))
    sql = (
        "SELECT t.id, t.organisation, t.period_start, t.period_end, t.json FROM tallies t"
        f" WHERE {' AND '.join(parts)} ORDER BY t.period_end, t.id LIMIT ?"
    )
    rows = conn.execute(sql, [*params, limit])
    return [
        {k: row[k] for k in ("id", "organisation", "period_start", "period_end")}
        | {"counts": json.loads(row["json"]).get("counts", [])}
        for row in rows
    ]
