"""The store: one SQLite file in WAL mode, one writer connection, every write in `BEGIN IMMEDIATE`.

WAL lets the web server read while an ingest writes; `BEGIN IMMEDIATE` takes the write lock up front so
two writers queue on the busy timeout instead of failing half-way through a transaction.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import astuple, dataclass, fields
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from sitrep.errors import StoreError
from sitrep.models import Reading, Rejected
from sitrep.store import reads, schema, stories
from sitrep.store.filters import EventFilter, MapView, distance_km, fold
from sitrep.store.rows import insert_sql, reading_rows
from sitrep.store.stories import SqlLinkSession

logger = logging.getLogger(__name__)

JSON = dict[str, Any]
BUSY_TIMEOUT_S = 10.0
Clock = Callable[[], datetime]


def _utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class RunSummary:
    """What one ingest did, recorded on its `runs` row."""

    articles: int = 0
    skipped: int = 0
    events: int = 0
    claims: int = 0
    tallies: int = 0
    quarantined: int = 0


_NO_FILTER = EventFilter()


class Store:
    """Reads and writes sitrep records. Not for concurrent use from several threads: open one per thread."""

    def __init__(
        self, conn: sqlite3.Connection, *, path: str, readonly: bool, clock: Clock = _utc_now
    ) -> None:
        self._conn = conn
        self._clock = clock
        self.path = path
        self.readonly = readonly

    # ---- lifecycle ---------------------------------------------------------------------------------

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def _now(self) -> str:
        return self._clock().isoformat(timespec="seconds")

    def _rollback(self) -> None:
        if self._conn.in_transaction:
            self._conn.execute("ROLLBACK")

    @contextmanager
    def _transaction(self, what: str) -> Iterator[sqlite3.Connection]:
        """One write transaction; any SQLite failure becomes a `StoreError` naming the file and the task."""
        if self.readonly:
            raise StoreError(f"{self.path}: cannot {what}: the store was opened read-only")
        try:
            self._conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as e:
            raise StoreError(f"{self.path}: cannot {what}: {e}") from e
        try:
            yield self._conn
            self._conn.execute("COMMIT")
        except sqlite3.Error as e:
            self._rollback()
            raise StoreError(f"{self.path}: cannot {what}: {e}") from e
        except BaseException:
            self._rollback()
            raise

    @contextmanager
    def _reading(self, what: str) -> Iterator[sqlite3.Connection]:
        try:
            yield self._conn
        except sqlite3.Error as e:
            raise StoreError(f"{self.path}: cannot {what}: {e}") from e

    # ---- writes ------------------------------------------------------------------------------------

    def start_run(self, inputs: Sequence[str]) -> int:
        with self._transaction("start a run") as conn:
            cursor = conn.execute(
                "INSERT INTO runs (started_at, inputs, status) VALUES (?, ?, 'running')",
                (self._now(), json.dumps(list(inputs), ensure_ascii=False)),
            )
        if cursor.lastrowid is None:
            raise StoreError(f"{self.path}: cannot start a run: no id was assigned")
        return cursor.lastrowid

    def finish_run(self, run_id: int, summary: RunSummary, *, status: str = "finished") -> None:
        """Record the run's counts; `status` may say how it ended ("finished", "interrupted", "failed")."""
        counts = ", ".join(f"{f.name} = ?" for f in fields(RunSummary))
        with self._transaction(f"finish run {run_id}") as conn:
            cursor = conn.execute(
                f"UPDATE runs SET finished_at = ?, status = ?, {counts} WHERE id = ?",
                (self._now(), status, *astuple(summary), run_id),
            )
            if cursor.rowcount == 0:
                raise StoreError(f"{self.path}: cannot finish run {run_id}: no such run")

    def has_article(self, article_id: str) -> bool:
        with self._reading("look up an article") as conn:
            return conn.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() is not None

    def save_reading(self, reading: Reading, *, run_id: int) -> None:
        """Store one article's reading, replacing any earlier reading of the same article (same id).

        The article row is deleted and everything hanging off it goes with it (foreign keys cascade), then
        the new rows go in, all in one transaction: a crash leaves the old reading or the new, never both.
        """
        article_id = reading.article.id
        rows = reading_rows(reading, run_id=run_id, ingested_at=self._now())
        with self._transaction(f"save article {article_id}") as conn:
            conn.execute("DELETE FROM articles WHERE id = ?", (article_id,))
            for table, table_rows in rows:
                if table_rows:
                    conn.executemany(insert_sql(table), table_rows)
        logger.debug("saved article %s (%d events)", article_id, len(reading.events))

    def quarantine(self, rejected: Rejected, *, run_id: int) -> None:
        with self._transaction(f"quarantine {rejected.input}") as conn:
            conn.execute(
                "INSERT INTO quarantine (run_id, input, reason, raw, size, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (run_id, rejected.input, rejected.reason, rejected.raw, len(rejected.raw), self._now()),
            )

    def release_quarantined(self, quarantine_id: int) -> None:
        """Take an input out of quarantine once it has been read after all (`sitrep quarantine --retry`)."""
        with self._transaction(f"release quarantined input {quarantine_id}") as conn:
            conn.execute("DELETE FROM quarantine WHERE id = ?", (quarantine_id,))

    @contextmanager
    def linking(self) -> Iterator[SqlLinkSession]:
        """One write transaction for `sitrep.linking`: its reads see the store as it writes."""
        with self._transaction("link stories") as conn:
            yield SqlLinkSession(conn)

    # ---- reads -------------------------------------------------------------------------------------

    def events(self, flt: EventFilter = _NO_FILTER, *, limit: int = 100, offset: int = 0) -> list[JSON]:
        """Events newest first, each its JSON plus `article`: {id, title, published, source, url}."""
        with self._reading("list events") as conn:
            return reads.events(conn, flt, limit=limit, offset=offset)

    def iter_events(self, flt: EventFilter = _NO_FILTER) -> Iterator[JSON]:
        """Like `events` without paging, streamed, each with `source` for the ACLED-style export."""
        with self._reading("read events"):
            yield from reads.iter_events(self._conn, flt)

    def event(self, event_id: str) -> JSON | None:
        """One event with its full `article` (text included) and the `claim_records` it links to."""
        with self._reading(f"read event {event_id}") as conn:
            return reads.event(conn, event_id)

    def map_points(
        self,
        flt: EventFilter = _NO_FILTER,
        *,
        view: MapView | None = None,
        limit: int = 10_000,
        offset: int = 0,
    ) -> list[JSON]:
        """Located places of matching events (inside `view.bbox`, if given), newest first:
        id, type, status, fatalities, occurred_start, name, lat, lon."""
        with self._reading("list map points") as conn:
            return reads.map_points(conn, flt, view=view, limit=limit, offset=offset)

    def count_map_points(self, flt: EventFilter = _NO_FILTER, *, view: MapView | None, most: int) -> int:
        """The number of points `map_points` would give without a limit, or `most + 1` if it is larger."""
        with self._reading("count map points") as conn:
            return reads.count_map_points(conn, flt, view=view, most=most)

    def map_clusters(self, flt: EventFilter = _NO_FILTER, *, view: MapView) -> list[JSON]:
        """Matching points in `view.bbox` gathered in cells: lat, lon (their mean), count, fatalities,
        types ({type: count})."""
        with self._reading("cluster map points") as conn:
            return reads.map_clusters(conn, flt, view=view)

    def events_per_day(self, flt: EventFilter = _NO_FILTER, *, limit: int = 10_000) -> list[JSON]:
        """Matching events counted per start day and type: [{day, type, count}], oldest first."""
        with self._reading("count events per day") as conn:
            return reads.events_per_day(conn, flt, limit=limit)

    def tally_points(
        self,
        *,
        since: str | None = None,
        until: str | None = None,
        organisation: str | None = None,
        limit: int = 1000,
    ) -> list[JSON]:
        """Tallies by the end of their period (within since..until), oldest first, with their counts."""
        with self._reading("list tally points") as conn:
            return reads.tally_points(conn, since=since, until=until, organisation=organisation, limit=limit)

    def claims(
        self, *, speaker: str | None = None, stance: str | None = None, limit: int = 100, offset: int = 0
    ) -> list[JSON]:
        with self._reading("list claims") as conn:
            return reads.claims(conn, speaker=speaker, stance=stance, limit=limit, offset=offset)

    def tallies(self, *, organisation: str | None = None, limit: int = 100, offset: int = 0) -> list[JSON]:
        with self._reading("list tallies") as conn:
            return reads.tallies(conn, organisation=organisation, limit=limit, offset=offset)

    def stories(
        self,
        *,
        min_articles: int = 1,
        place: str | None = None,
        since: str | None = None,
        until: str | None = None,
        contradicted: bool = False,
        limit: int = 100,
        offset: int = 0,
    ) -> list[JSON]:
        """Stories (the same event across articles), latest first: `export.story_json` objects. Filters:
        at least `min_articles` articles, place name, days overlapping since..until, with contradictions."""
        reads.check_page(limit, offset)
        with self._reading("list stories") as conn:
            return stories.stories(
                conn,
                min_articles=min_articles,
                place=place,
                since=since,
                until=until,
                contradicted=contradicted,
                limit=limit,
                offset=offset,
            )

    def story(self, story_id: str) -> JSON | None:
        """One story with its `event_records` (events with their article summary) and
        `contradiction_records`."""
        with self._reading(f"read story {story_id}") as conn:
            return stories.story(conn, story_id)

    def event_story(self, event_id: str) -> JSON | None:
        """The story an event belongs to (None before it has been linked)."""
        with self._reading(f"read the story of event {event_id}") as conn:
            return stories.event_story(conn, event_id)

    def contradictions(
        self,
        *,
        kind: str | None = None,
        story: str | None = None,
        event: str | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> list[JSON]:
        """Contradictions, latest first: `export.contradiction_json` objects whose sides carry their
        `claim_record` and `article_record`. `story=""` gives those within one article; `event` those
        one event takes part in."""
        reads.check_page(limit, offset)
        with self._reading("list contradictions") as conn:
            return stories.contradictions(
                conn, kind=kind, story=story, event=event, limit=limit, offset=offset
            )

    def quarantined(self, *, limit: int = 100, offset: int = 0) -> list[JSON]:
        """Quarantined inputs, newest first, without their raw bytes (see `quarantined_raw`)."""
        with self._reading("list quarantined inputs") as conn:
            return reads.quarantined(conn, limit=limit, offset=offset)

    def quarantined_raw(self, quarantine_id: int) -> bytes | None:
        with self._reading(f"read quarantined input {quarantine_id}") as conn:
            return reads.quarantined_raw(conn, quarantine_id)

    def runs(self, *, limit: int = 20) -> list[JSON]:
        with self._reading("list runs") as conn:
            return reads.runs(conn, limit=limit)

    def counts(self) -> dict[str, int]:
        with self._reading("count records") as conn:
            return reads.counts(conn)

    def migrations(self) -> list[JSON]:
        """Applied migrations: id, name, applied_at."""
        with self._reading("list migrations") as conn:
            return reads.migrations(conn)


# ---- opening -----------------------------------------------------------------------------------------


def open_store(path: str | Path, *, readonly: bool = False) -> Store:
    """Open (and unless `readonly`, create and migrate) the store at `path`.

    Raises `StoreError` naming the path when the file is not a SQLite database, is locked, was written by
    a newer sitrep, or (read-only) does not exist or has not been created by sitrep yet.
    """
    where = str(path)
    conn = _connect(Path(path), readonly=readonly, where=where)
    try:
        _prepare(conn, readonly=readonly, where=where)
    except BaseException:
        conn.close()
        raise
    return Store(conn, path=where, readonly=readonly)


def upgrade_store(path: str | Path) -> list[int]:
    """Apply the migrations an existing store lacks (a store written by an older sitrep), so that it can
    then be opened read-only; the numbers applied, none when it was current.

    Only a file that already is a sitrep store is touched. Raises `StoreError` naming the path when it is
    missing, or is older than this version and cannot be written to bring it up to date.
    """
    where = str(path)
    conn = _connect(Path(path), readonly=True, where=where)
    try:
        applied = schema.applied_numbers(conn)
    except sqlite3.Error as e:
        raise StoreError(_explain(e, where)) from e
    finally:
        conn.close()
    known = len(schema.known_migrations())
    if not applied or max(applied) >= known:
        return []  # not ours, or current, or newer: opening it read-only says which
    logger.warning("%s: store schema %d is older than %d; bringing it up to date", where, max(applied), known)
    try:
        open_store(path).close()
    except StoreError as e:
        raise StoreError(
            f"{where}: store schema {max(applied)} is older than {known} and could not be brought up to"
            f" date ({e}); open it once with write access, e.g. `sitrep ingest` of new reports"
        ) from e
    return list(range(max(applied) + 1, known + 1))


def _connect(path: Path, *, readonly: bool, where: str) -> sqlite3.Connection:
    try:
        if readonly:
            conn = sqlite3.connect(
                f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_S, isolation_level=None
            )
        else:
            conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
    except sqlite3.Error as e:
        raise StoreError(f"{where}: cannot open the database: {e}") from e
    conn.row_factory = sqlite3.Row
    conn.create_function("sitrep_fold", 1, fold, deterministic=True)
    conn.create_function("sitrep_distance_km", 4, distance_km, deterministic=True)
    return conn


def _prepare(conn: sqlite3.Connection, *, readonly: bool, where: str) -> None:
    try:
        if readonly:
            conn.execute("PRAGMA query_only = ON")
            _check_current(conn, where=where)
        else:
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            schema.check_version(schema.applied_numbers(conn), schema.known_migrations(), where=where)
            _migrate(conn, where=where)
    except sqlite3.Error as e:
        raise StoreError(_explain(e, where)) from e


def _migrate(conn: sqlite3.Connection, *, where: str) -> None:
    applied = schema.migrate(conn, now=lambda: _utc_now().isoformat(timespec="seconds"), where=where)
    if applied:
        logger.info("%s: applied migrations %s", where, applied)


def _check_current(conn: sqlite3.Connection, *, where: str) -> None:
    """A read-only store cannot migrate, so it must already be exactly this version's schema."""
    known = schema.known_migrations()
    applied = schema.applied_numbers(conn)
    schema.check_version(applied, known, where=where)
    if not applied:
        raise StoreError(f"{where}: not a sitrep store (no migrations recorded); create it with an ingest")
    if len(applied) < len(known):
        raise StoreError(
            f"{where}: store schema {max(applied)} is older than {len(known)}; open it for writing once"
        )


def _explain(error: sqlite3.Error, where: str) -> str:
    message = str(error)
    if "not a database" in message:
        return f"{where}: not a SQLite database"
    if "locked" in message or "busy" in message:
        return f"{where}: the database is locked by another writer; try again when it has finished"
    return f"{where}: cannot open the database: {message}"
