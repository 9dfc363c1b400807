"""Read queries. Each returns the JSON contract of `sitrep.export` (decoded from the JSON columns) plus the
article it came from, so the CLI, the web pages and the exports all show the same shape.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from sitrep.errors import StoreError
from sitrep.store.filters import EventFilter, fold, speaker_match, where_clause

JSON = dict[str, Any]
MAX_LIMIT = 10_000
_MAX_OFFSET = 2**62

ARTICLE_SUMMARY = (
    "a.id AS a_id, a.title AS a_title, a.published AS a_published, a.source AS a_source, a.url AS a_url"
)
_EVENTS = f"SELECT e.json, {ARTICLE_SUMMARY} FROM events e JOIN articles a ON a.id = e.article_id"
_EVENT_ORDER = "ORDER BY e.occurred_start DESC, e.id"


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


def events(conn: sqlite3.Connection, flt: EventFilter, *, limit: int, offset: int) -> list[JSON]:
    check_page(limit, offset)
    where, params = where_clause(flt)
    sql = f"{_EVENTS} {where} {_EVENT_ORDER} LIMIT ? OFFSET ?"
    return [_with_article(row) for row in conn.execute(sql, [*params, limit, offset])]


_EXPORTED = (
    f"SELECT e.json, {ARTICLE_SUMMARY}, s.json AS story_json"
    " FROM events e JOIN articles a ON a.id = e.article_id"
    " LEFT JOIN story_events se ON se.event_id = e.id LEFT JOIN stories s ON s.id = se.story_id"
)


def iter_events(conn: sqlite3.Connection, flt: EventFilter) -> Iterator[JSON]:
    """All matching events, fetched in batches so an export of the whole store stays in small memory; each
    carries its `claim_records` and its `story` (or null before linking) for the exports."""
    where, params = where_clause(flt)
    cursor = conn.execute(f"{_EXPORTED} {where} {_EVENT_ORDER}", params)
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
    check_page(limit, offset)
    parts, params = [], []
    if speaker:
        parts.append(speaker_match("c"))
        params += [fold(speaker)] * 3
    if stance:
        parts.append("c.stance = ?")
        params.append(fold(stance.strip()))
    where = "WHERE " + " AND ".join(parts) if parts else ""
    sql = (
        f"SELECT c.json, {ARTICLE_SUMMARY} FROM claims c JOIN articles a ON a.id = c.article_id {where}"
        " ORDER BY c.said_start DESC, a.published DESC, c.article_id, c.ord LIMIT ? OFFSET ?"
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


def map_points(conn: sqlite3.Connection, flt: EventFilter, *, limit: int, offset: int) -> list[JSON]:
    """One point per located place of each matching event, newest first, without the event's JSON."""
    if not 0 <= limit <= MAX_MAP_POINTS:
        raise StoreError(f"limit must be between 0 and {MAX_MAP_POINTS}, got {limit}")
    check_page(0, offset)
    where, params = where_clause(flt)
    located = ("AND" if where else "WHERE") + " p.lat IS NOT NULL AND p.lon IS NOT NULL"
    sql = (
        "SELECT e.id, e.type, e.status, e.fatalities, e.occurred_start, p.name, p.lat, p.lon"
        f" FROM events e JOIN event_places p ON p.event_id = e.id {where} {located}"
        f" {_EVENT_ORDER}, p.idx LIMIT ? OFFSET ?"
    )
    return [dict(row) for row in conn.execute(sql, [*params, limit, offset])]


def events_per_day(conn: sqlite3.Connection, flt: EventFilter, *, limit: int) -> list[JSON]:
    """How many matching events started on each day, by type: [{day, type, count}], oldest day first.

    Filtered by type and an end date only, the counts come from `event_days`, kept by triggers; any other
    filter counts the matching events themselves.
    """
    check_page(limit, 0)
    if _only_type_and_until(flt):
        return _day_counts(conn, flt, limit=limit)
    where, params = where_clause(flt)
    dated = ("AND" if where else "WHERE") + " e.occurred_start IS NOT NULL"
    sql = (
        "SELECT substr(e.occurred_start, 1, 10) AS day, e.type, count(*) AS count"
        f" FROM events e {where} {dated} GROUP BY day, e.type ORDER BY day, e.type LIMIT ?"
    )
    return [dict(row) for row in conn.execute(sql, [*params, limit])]


def _only_type_and_until(flt: EventFilter) -> bool:
    return replace(flt, type=None, until=None) == EventFilter()


def _day_counts(conn: sqlite3.Connection, flt: EventFilter, *, limit: int) -> list[JSON]:
    parts: list[str] = []
    params: list[object] = []
    if flt.type:
        parts.append("(instr(sitrep_fold(d.type), ?) > 0 OR instr(sitrep_fold(d.sub_type), ?) > 0)")
        params += [fold(flt.type)] * 2
    if flt.until is not None:
        parts.append("d.day <= ?")
        params.append(flt.until.isoformat()[:10])
    where = "WHERE " + " AND ".join(parts) if parts else ""
    sql = (
        f"SELECT d.day, d.type, sum(d.count) AS count FROM event_days d {where}"
        " GROUP BY d.day, d.type ORDER BY d.day, d.type LIMIT ?"
    )
    return [dict(row) for row in conn.execute(sql, [*params, limit])]


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
