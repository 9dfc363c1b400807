"""Numbered migrations: `migrations/NNNN_name.sql`, applied in order, each recorded in `migrations`.

A migration runs statement by statement inside one `BEGIN IMMEDIATE` transaction (not `executescript`,
which commits whatever is open), so a failed migration leaves the file as it was.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib import resources

from sitrep.errors import StoreError

_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")
_TRACKING = """
CREATE TABLE IF NOT EXISTS migrations (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
)
"""


@dataclass(frozen=True, slots=True)
class Migration:
    number: int
    name: str
    sql: str


def known_migrations() -> list[Migration]:
    """The migrations shipped with the package, in order; a gap in the numbering is a packaging bug."""
    folder = resources.files("sitrep.store").joinpath("migrations")
    found = []
    for entry in folder.iterdir():
        match = _NAME.match(entry.name)
        if match:
            found.append(Migration(int(match.group(1)), match.group(2), entry.read_text(encoding="utf-8")))
    found.sort(key=lambda m: m.number)
    if [m.number for m in found] != list(range(1, len(found) + 1)):
        raise StoreError(f"migrations are not numbered 1..n: {[m.number for m in found]}")
    return found


def split_statements(sql: str) -> Iterator[str]:
    """Complete statements of a script, trigger bodies kept whole (sqlite3 decides where each ends)."""
    pending = ""
    for line in sql.splitlines(keepends=True):
        if not pending and (not line.strip() or line.lstrip().startswith("--")):
            continue
        pending += line
        if sqlite3.complete_statement(pending):
            yield pending.strip()
            pending = ""
    if pending.strip():
        raise StoreError(f"incomplete SQL statement in a migration: {pending.strip()[:80]!r}")


def applied_numbers(conn: sqlite3.Connection) -> list[int]:
    """Migrations already in the file; empty for a new file. Raises sqlite3 errors to the caller."""
    exists = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'migrations'")
    if exists.fetchone() is None:
        return []
    return [row[0] for row in conn.execute("SELECT id FROM migrations ORDER BY id")]


def check_version(applied: list[int], known: list[Migration], *, where: str) -> None:
    """Refuse a file written by a newer sitrep: its tables may mean things this version does not know."""
    newest = len(known)
    if applied and max(applied) > newest:
        raise StoreError(
            f"{where}: database schema {max(applied)} is newer than this sitrep knows ({newest}); "
            "upgrade sitrep"
        )


def migrate(conn: sqlite3.Connection, *, now: Callable[[], str], where: str) -> list[int]:
    """Apply the migrations the file lacks; return the numbers applied now. `conn` is in autocommit."""
    known = known_migrations()
    conn.execute(_TRACKING)
    done: list[int] = []
    for migration in known:
        if _apply_one(conn, migration, now=now, where=where):
            done.append(migration.number)
    return done


def _apply_one(conn: sqlite3.Connection, migration: Migration, *, now: Callable[[], str], where: str) -> bool:
    conn.execute("BEGIN IMMEDIATE")
    try:
        # Re-checked inside the write lock: another process may have migrated while we waited.
        if migration.number in applied_numbers(conn):
            conn.execute("ROLLBACK")
            return False
        for statement in split_statements(migration.sql):
            conn.execute(statement)
        conn.execute(
            "INSERT INTO migrations (id, name, applied_at) VALUES (?, ?, ?)",
            (migration.number, migration.name, now()),
        )
        conn.execute(f"PRAGMA user_version = {migration.number:d}")
        conn.execute("COMMIT")
    except sqlite3.Error as e:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise StoreError(f"{where}: migration {migration.number:04d}_{migration.name} failed: {e}") from e
    return True
