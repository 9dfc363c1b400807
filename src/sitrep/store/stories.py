"""Stories and contradictions in SQL: the linking session (inside one write transaction) and the reads.

The reads return the JSON of `sitrep.export.story_json` / `contradiction_json` (decoded from the JSON
columns), with the records they point to added for display: `event_records` and `contradiction_records`
on a story, each side's `claim_record` and `article_record` on a contradiction.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from datetime import date
from typing import Any

from sitrep import export
from sitrep.linking import Material, Member
from sitrep.models import Contradiction, Story
from sitrep.store.filters import fold
from sitrep.store.reads import ARTICLE_SUMMARY as _ARTICLE
from sitrep.store.reads import article_summary as _article_summary
from sitrep.story_features import Features, Mention, Point

JSON = dict[str, Any]
_CHUNK = 500


# The columns of a member row, the same for events and for claims that joined by themselves.
def _columns(table: str, *, claim: bool) -> str:
    key = "claim_id" if claim else "event_id"
    return (
        f"{table}.{key} AS member_id, {table}.story_id AS story_id, {table}.article_id AS article_id,"
        f" {table}.features AS features, {int(claim)} AS is_claim"
    )


_MEMBER = _columns("story_events", claim=False)
_CLAIM_MEMBER = _columns("story_claims", claim=True)


def _dumps(data: object) -> str:
    return json.dumps(data, ensure_ascii=False)


class SqlLinkSession:
    """`sitrep.linking.LinkSession` over one connection that holds the write lock."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def queued(self, *, limit: int) -> list[str]:
        rows = self._conn.execute("SELECT article_id FROM link_queue ORDER BY seq LIMIT ?", (limit,))
        return [row[0] for row in rows]

    def dequeue(self, article_id: str) -> None:
        self._conn.execute("DELETE FROM link_queue WHERE article_id = ?", (article_id,))

    def material(self, article_id: str) -> Material | None:
        row = self._conn.execute(
            f"SELECT {_ARTICLE}, a.text FROM articles a WHERE a.id = ?", (article_id,)
        ).fetchone()
        if row is None:
            return None
        events = self._conn.execute(
            "SELECT json FROM events WHERE article_id = ? ORDER BY ord", (article_id,)
        )
        return Material(
            article=_article_summary(row),
            events=[json.loads(e[0]) for e in events],
            claims=self.claims_of([article_id]),
            places=self._mentions(article_id, row["text"]),
            text=row["text"],
            countries=self._countries(article_id, row["text"]),
        )

    def _mentions(self, article_id: str, text: str) -> list[Mention]:
        """Every place the article names but countries (no place to tell events apart by)."""
        rows = self._conn.execute(
            "SELECT name, geonameid, lat, lon, precision, start, end FROM places WHERE article_id = ?"
            " AND lat IS NOT NULL AND lon IS NOT NULL AND kind != 'country' ORDER BY ord",
            (article_id,),
        )
        return [_mention(row, text) for row in rows]

    def _countries(self, article_id: str, text: str) -> list[str]:
        rows = self._conn.execute(
            "SELECT start, end FROM places WHERE article_id = ? AND kind = 'country' ORDER BY ord",
            (article_id,),
        )
        return [text[row["start"] : row["end"]] for row in rows]

    def candidates(
        self, keys: Sequence[tuple[int, str, str]], *, article_id: str
    ) -> list[tuple[Features, str]]:
        found: set[str] = set()
        for cell, first, last in keys:
            rows = self._conn.execute(
                "SELECT member_id FROM link_keys WHERE cell = ? AND day BETWEEN ? AND ?", (cell, first, last)
            )
            found.update(row[0] for row in rows)
        result = []
        ids = sorted(found)
        for i in range(0, len(ids), _CHUNK):
            chunk = ids[i : i + _CHUNK]
            marks = ", ".join("?" for _ in chunk)
            rows = self._conn.execute(
                f"SELECT {_MEMBER} FROM story_events WHERE event_id IN ({marks}) AND article_id != ?"
                f" UNION ALL SELECT {_CLAIM_MEMBER} FROM story_claims"
                f" WHERE claim_id IN ({marks}) AND article_id != ? ORDER BY member_id",
                [*chunk, article_id, *chunk, article_id],
            )
            result += [(_features(row), row["story_id"]) for row in rows]
        return result

    def member_features(self, story_id: str) -> list[Features]:
        rows = self._conn.execute(
            f"SELECT {_MEMBER} FROM story_events WHERE story_id = ?"
            f" UNION ALL SELECT {_CLAIM_MEMBER} FROM story_claims WHERE story_id = ? ORDER BY member_id",
            (story_id, story_id),
        )
        return [_features(row) for row in rows]

    def add_member(self, f: Features, *, story_id: str, keys: Sequence[tuple[int, str]]) -> None:
        table, column = ("story_claims", "claim_id") if f.claim else ("story_events", "event_id")
        self._conn.execute(
            f"INSERT OR REPLACE INTO {table} ({column}, story_id, article_id, features) VALUES (?, ?, ?, ?)",
            (f.event, story_id, f.article, f.to_json()),
        )
        self._conn.execute("DELETE FROM link_keys WHERE member_id = ?", (f.event,))
        self._conn.executemany(
            "INSERT OR IGNORE INTO link_keys (cell, day, member_id) VALUES (?, ?, ?)",
            [(cell, day, f.event) for cell, day in keys],
        )

    def stale_stories(self) -> list[str]:
        return [row[0] for row in self._conn.execute("SELECT id FROM stories WHERE stale = 1 ORDER BY id")]

    def members(self, story_id: str) -> list[Member]:
        rows = self._conn.execute(
            f"SELECT {_MEMBER}, e.json AS json, {_ARTICLE} FROM story_events"
            " JOIN events e ON e.id = story_events.event_id JOIN articles a ON a.id = story_events.article_id"
            " WHERE story_events.story_id = ?"
            f" UNION ALL SELECT {_CLAIM_MEMBER}, c.json AS json, {_ARTICLE} FROM story_claims"
            " JOIN claims c ON c.id = story_claims.claim_id JOIN articles a ON a.id = story_claims.article_id"
            " WHERE story_claims.story_id = ? ORDER BY member_id",
            (story_id, story_id),
        )
        return [Member(_features(row), json.loads(row["json"]), _article_summary(row)) for row in rows]

    def claims_of(self, article_ids: Sequence[str]) -> list[JSON]:
        claims: list[JSON] = []
        for i in range(0, len(article_ids), _CHUNK):
            chunk = list(article_ids[i : i + _CHUNK])
            marks = ", ".join("?" for _ in chunk)
            rows = self._conn.execute(
                f"SELECT json, article_id FROM claims WHERE article_id IN ({marks}) ORDER BY article_id, ord",
                chunk,
            )
            claims += [json.loads(row["json"]) | {"article_id": row["article_id"]} for row in rows]
        return claims

    def save_story(self, story: Story) -> None:
        self._conn.execute(
            "INSERT OR REPLACE INTO stories (id, type, place, lat, lon, first_day, last_day, events,"
            " articles, corroboration, contradictions, stale, json)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?)",
            _story_row(story),
        )
        self._conn.execute("DELETE FROM contradictions WHERE story_id = ?", (story.id,))
        self._insert_contradictions(story.contradictions)

    def delete_story(self, story_id: str) -> None:
        self._conn.execute("DELETE FROM stories WHERE id = ?", (story_id,))
        self._conn.execute("DELETE FROM contradictions WHERE story_id = ?", (story_id,))

    def save_article_contradictions(self, article_id: str, found: Sequence[Contradiction]) -> None:
        self._conn.execute(
            "DELETE FROM contradictions WHERE story_id = '' AND article_a = ? AND article_b = ?",
            (article_id, article_id),
        )
        self._insert_contradictions(found)

    def _insert_contradictions(self, found: Sequence[Contradiction]) -> None:
        self._conn.executemany(
            "INSERT OR REPLACE INTO contradictions (id, story_id, kind, article_a, article_b, event_a,"
            " event_b, claim_a, claim_b, speaker_a, speaker_b, json)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [_contradiction_row(c) for c in found],
        )


def _mention(row: sqlite3.Row, text: str) -> Mention:
    start, end = row["start"], row["end"]
    point = Point(row["lat"], row["lon"], row["precision"], row["geonameid"], row["name"], text[start:end])
    return Mention(point, start, end)


def _features(row: sqlite3.Row) -> Features:
    return Features.from_json(
        row["features"], event=row["member_id"], article=row["article_id"], claim=bool(row["is_claim"])
    )


def _day(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _story_row(story: Story) -> tuple[object, ...]:
    return (
        story.id,
        story.type,
        story.place,
        story.lat,
        story.lon,
        _day(story.first_day),
        _day(story.last_day),
        len(story.events),
        len(story.articles),
        story.corroboration,
        len(story.contradictions),
        _dumps(export.story_json(story)),
    )


def _contradiction_row(item: Contradiction) -> tuple[object, ...]:
    first, second = item.first, item.second
    return (
        item.id,
        item.story,
        str(item.kind),
        first.article,
        second.article,
        first.event,
        second.event,
        first.claim,
        second.claim,
        first.speaker,
        second.speaker,
        _dumps(export.contradiction_json(item)),
    )


# ---- reads ---------------------------------------------------------------------------------------------


def stories(
    conn: sqlite3.Connection,
    *,
    min_articles: int,
    place: str | None,
    since: str | None,
    until: str | None,
    contradicted: bool,
    limit: int,
    offset: int,
) -> list[JSON]:
    """Stories, latest first, with at least `min_articles` articles."""
    parts: list[str] = ["s.articles >= ?"]
    params: list[object] = [min_articles]
    if place:
        # the place names of stories are folded once, into `story_places` (migration 0005)
        parts.append("s.place IN (SELECT place FROM story_places WHERE instr(folded, ?) > 0)")
        params.append(fold(place))
    if since:
        parts.append("s.last_day >= ?")
        params.append(since)
    if until:
        parts.append("s.first_day <= ?")
        params.append(until)
    if contradicted:
        parts.append("s.contradictions > 0")
    sql = (
        f"SELECT s.json FROM stories s WHERE {' AND '.join(parts)}"
        " ORDER BY s.last_day DESC, s.id LIMIT ? OFFSET ?"
    )
    return [json.loads(row[0]) for row in conn.execute(sql, [*params, limit, offset])]


def story(conn: sqlite3.Connection, story_id: str) -> JSON | None:
    """One story with `event_records` (each event's JSON and its article summary) and
    `contradiction_records`."""
    row = conn.execute("SELECT json FROM stories WHERE id = ?", (story_id,)).fetchone()
    if row is None:
        return None
    record: JSON = json.loads(row[0])
    events = conn.execute(
        f"SELECT e.json, {_ARTICLE} FROM story_events se JOIN events e ON e.id = se.event_id"
        " JOIN articles a ON a.id = se.article_id WHERE se.story_id = ? ORDER BY a.published, e.id",
        (story_id,),
    )
    record["event_records"] = [json.loads(r["json"]) | {"article": _article_summary(r)} for r in events]
    claims = conn.execute(
        f"SELECT c.json, {_ARTICLE} FROM story_claims sc JOIN claims c ON c.id = sc.claim_id"
        " JOIN articles a ON a.id = sc.article_id WHERE sc.story_id = ? ORDER BY a.published, c.id",
        (story_id,),
    )
    record["claim_records"] = [json.loads(r["json"]) | {"article": _article_summary(r)} for r in claims]
    record["contradiction_records"] = contradictions(conn, story=story_id, limit=10_000, offset=0)
    return record


def event_story(conn: sqlite3.Connection, event_id: str) -> JSON | None:
    row = conn.execute(
        "SELECT s.json FROM story_events se JOIN stories s ON s.id = se.story_id WHERE se.event_id = ?",
        (event_id,),
    ).fetchone()
    return json.loads(row[0]) if row is not None else None


def contradictions(
    conn: sqlite3.Connection,
    *,
    kind: str | None = None,
    story: str | None = None,
    event: str | None = None,
    limit: int,
    offset: int,
) -> list[JSON]:
    """Contradictions, latest article first; each side with its `claim_record` (or null) and
    `article_record` (the article summary)."""
    parts: list[str] = []
    params: list[object] = []
    if kind:
        parts.append("x.kind = ?")
        params.append(kind.strip().lower())
    if story is not None:
        parts.append("x.story_id = ?")
        params.append(story)
    if event:
        parts.append("(x.event_a = ? OR x.event_b = ?)")
        params += [event, event]
    where = "WHERE " + " AND ".join(parts) if parts else ""
    sql = (
        "SELECT x.json FROM contradictions x JOIN articles b ON b.id = x.article_b"
        f" {where} ORDER BY b.published DESC, x.id LIMIT ? OFFSET ?"
    )
    return [_with_sides(conn, json.loads(row[0])) for row in conn.execute(sql, [*params, limit, offset])]


def _with_sides(conn: sqlite3.Connection, record: JSON) -> JSON:
    for key in ("first", "second"):
        side = record[key]
        side["claim_record"] = _claim(conn, side.get("claim"))
        side["article_record"] = _article(conn, side["article"])
    return record


def _claim(conn: sqlite3.Connection, claim_id: str | None) -> JSON | None:
    if not claim_id:
        return None
    row = conn.execute("SELECT json FROM claims WHERE id = ?", (claim_id,)).fetchone()
    return json.loads(row[0]) if row is not None else None


def _article(conn: sqlite3.Connection, article_id: str) -> JSON | None:
    row = conn.execute(f"SELECT {_ARTICLE} FROM articles a WHERE a.id = ?", (article_id,)).fetchone()
    return _article_summary(row) if row is not None else None
