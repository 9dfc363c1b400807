"""Row formats: JSONL (one article object per line) and CSV with a column mapping.

A broken line or row is rejected with its line or row number and raw bytes; the rest of the file is read.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import BinaryIO, TextIO

from sitrep.errors import InputError
from sitrep.models import Article, Rejected
from sitrep.readers.base import check_text, make_article, parse_published, reject


@dataclass(frozen=True, slots=True)
class Columns:
    """Which CSV (or JSONL) field holds what. Only `text` is required in the data."""

    text: str = "text"
    published: str = "published"
    title: str = "title"
    url: str = "url"
    source: str = "source"


def article_from_fields(
    fields: Mapping[str, object], *, where: str, columns: Columns, max_bytes: int | None = None
) -> Article:
    text = fields.get(columns.text)
    if not isinstance(text, str) or not text.strip():
        raise InputError(where, f"no text in field {columns.text!r}")
    check_text(text, source=where, max_bytes=max_bytes)
    published_raw = fields.get(columns.published)
    published = None
    if published_raw not in (None, ""):
        published = parse_published(str(published_raw), source=where)
    return make_article(
        text.strip(),
        source=str(fields.get(columns.source) or where),
        published=published,
        title=str(fields.get(columns.title) or "").strip(),
        url=str(fields.get(columns.url) or ""),
    )


def read_jsonl(
    raw: bytes | Iterable[bytes],
    *,
    source: str,
    columns: Columns = Columns(),
    max_bytes: int | None = None,
) -> Iterator[Article | Rejected]:
    """Each line is one article; `max_bytes` limits each article's text, not the file.

    `raw` is the file's bytes or its lines (an open binary file): a file is read a line at a time."""
    lines = raw.splitlines() if isinstance(raw, bytes) else raw
    for number, line in enumerate(lines, start=1):
        line = line.rstrip(b"\r\n")
        if not line.strip():
            continue
        where = f"{source}:{number}"
        try:
            fields = _json_object(line, where=where)
            yield article_from_fields(fields, where=where, columns=columns, max_bytes=max_bytes)
        except InputError as e:
            yield reject(e, line)


def _json_object(line: bytes, *, where: str) -> Mapping[str, object]:
    try:
        value = json.loads(line.decode("utf-8"))
    except UnicodeDecodeError as e:
        raise InputError(where, f"invalid UTF-8 at byte {e.start}") from e
    except json.JSONDecodeError as e:
        raise InputError(where, f"not valid JSON: {e}") from e
    except RecursionError as e:  # `[[[[...` thousands deep
        raise InputError(where, "not valid JSON: nested too deeply") from e
    if not isinstance(value, dict):
        raise InputError(where, f"expected a JSON object, got {type(value).__name__}")
    return value


def read_csv(
    raw: bytes | BinaryIO,
    *,
    source: str,
    columns: Columns = Columns(),
    max_bytes: int | None = None,
) -> Iterator[Article | Rejected]:
    """Each row is one article; `max_bytes` limits each article's text, not the file.

    `raw` is the file's bytes or an open binary file, which is read a row at a time; a file's broken part
    is quarantined with its first bytes only (the file itself is still where it was)."""
    if isinstance(raw, bytes):
        try:
            text: TextIO = io.StringIO(raw.decode("utf-8-sig"), newline="")
        except UnicodeDecodeError as e:
            yield reject(InputError(source, f"invalid UTF-8 at byte {e.start}"), raw)
            return
        head = raw
    else:
        text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
        head = raw.read(4096)
        raw.seek(0)
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    yield from _csv_rows(text, head=head, source=source, columns=columns, max_bytes=max_bytes)


def _csv_rows(
    text: TextIO, *, head: bytes, source: str, columns: Columns, max_bytes: int | None
) -> Iterator[Article | Rejected]:
    reader = csv.DictReader(text)
    try:
        fieldnames = reader.fieldnames
    except (csv.Error, UnicodeDecodeError) as e:
        yield reject(InputError(source, f"broken CSV header: {e}"), head)
        return
    if fieldnames is None or columns.text not in fieldnames:
        found = ", ".join(fieldnames or []) or "none"
        yield reject(InputError(source, f"no column {columns.text!r} (columns: {found})"), head[:4096])
        return
    rows = 0
    try:
        for number, row in enumerate(reader, start=2):
            rows += 1
            where = f"{source}:row {number}"
            try:
                yield article_from_fields(row, where=where, columns=columns, max_bytes=max_bytes)
            except InputError as e:
                yield reject(e, _row_bytes(row))
    except (csv.Error, UnicodeDecodeError) as e:  # a NUL byte or bad UTF-8 deep in the file, say
        yield reject(
            InputError(f"{source}:line {reader.line_num}", f"broken CSV, the rest unread: {e}"), head
        )
        return
    if not rows:
        yield reject(InputError(source, "a CSV header but no rows"), head)


def _row_bytes(row: Mapping[str | None, object]) -> bytes:
    buf = io.StringIO()
    csv.writer(buf).writerow(["" if v is None else str(v) for v in row.values()])
    return buf.getvalue().encode("utf-8")
