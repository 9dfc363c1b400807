"""Readers turn untrusted input (files, folders, stdin) into `Article`s, or `Rejected` with the reason.

Formats: dateline/plain text (`.txt` and anything unrecognised), JSONL (`.jsonl`, `.ndjson`), CSV (`.csv`)
with a column mapping, RSS/Atom feeds (`.rss`, `.atom`, `.xml`) and HTML pages (`.html`, `.htm`). A folder
is read recursively in name order; `-` is standard input (one text report); an `http://` or `https://` URL
is fetched and read as the feed, page or text it turns out to be.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sitrep.errors import InputError
from sitrep.models import Article, Rejected
from sitrep.readers.base import PlaceTest, check_bytes, reject
from sitrep.readers.records import Columns, read_csv, read_jsonl
from sitrep.readers.text import parse_text, read_text, split_dateline
from sitrep.readers.web import FEED_SUFFIXES, HTML_SUFFIXES, fetch, is_url, read_feed, read_html, sniff

__all__ = [
    "Columns",
    "ReadOptions",
    "parse_text",
    "read_bytes",
    "read_inputs",
    "read_url",
    "split_dateline",
    "suffix_for",
]


@dataclass(frozen=True, slots=True)
class ReadOptions:
    columns: Columns = field(default_factory=Columns)
    max_bytes: int = 2_000_000
    is_place: PlaceTest | None = None


def read_inputs(paths: Iterable[str], *, options: ReadOptions) -> Iterator[Article | Rejected]:
    for name in paths:
        if name == "-":
            yield from read_bytes(sys.stdin.buffer.read(), source="<stdin>", suffix=".txt", options=options)
            continue
        if is_url(name):
            yield from read_url(name, options=options)
            continue
        path = Path(name)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file() and not _hidden(p, path)):
                yield from _read_file(child, options=options)
        else:
            yield from _read_file(path, options=options)


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts) or path.name == "README.md"


ROW_SUFFIXES = (".csv", ".jsonl", ".ndjson")


def _read_file(path: Path, *, options: ReadOptions) -> Iterator[Article | Rejected]:
    if path.suffix.lower() in ROW_SUFFIXES:
        yield from _read_rows_file(path, options=options)
        return
    try:
        size = path.stat().st_size
        if size > options.max_bytes and path.suffix.lower() not in (".csv", ".jsonl", ".ndjson"):
            raise InputError(str(path), f"too large ({size:,} bytes; the limit is {options.max_bytes:,})")
        raw = path.read_bytes()
    except OSError as e:
        yield Rejected(str(path), f"cannot read: {e.strerror or e}")
        return
    except InputError as e:
        yield reject(e, b"")
        return
    yield from read_bytes(raw, source=str(path), suffix=path.suffix.lower(), options=options)


def _read_rows_file(path: Path, *, options: ReadOptions) -> Iterator[Article | Rejected]:
    """A CSV or JSONL file, read a row at a time so that a corpus of any size is never held in memory."""
    source, suffix = str(path), path.suffix.lower()
    try:
        handle = path.open("rb")
    except OSError as e:
        yield Rejected(source, f"cannot read: {e.strerror or e}")
        return
    with handle:
        head = handle.read(8192)
        handle.seek(0)
        try:
            if not head.strip() and not handle.read(2**20).strip():
                raise InputError(source, "empty input")
            handle.seek(0)
            check_bytes(head, source=source)
        except InputError as e:
            yield reject(e, head)
            return
        if suffix == ".csv":
            yield from read_csv(handle, source=source, columns=options.columns, max_bytes=options.max_bytes)
        else:
            yield from read_jsonl(handle, source=source, columns=options.columns, max_bytes=options.max_bytes)


def read_url(url: str, *, options: ReadOptions) -> Iterator[Article | Rejected]:
    """Fetch `url` and read it as what its Content-Type or first bytes say it is: feed, page or text."""
    try:
        raw, content_type = fetch(url, max_bytes=options.max_bytes)
    except InputError as e:
        yield reject(e, b"")
        return
    kind = sniff(raw, content_type=content_type)
    if kind == "html":
        yield from read_html(raw, source=url, max_bytes=options.max_bytes, url=url)
    else:
        yield from read_bytes(raw, source=url, suffix=".xml" if kind == "feed" else ".txt", options=options)


def suffix_for(raw: bytes, *, name_suffix: str) -> str:
    """The reader's suffix for an input: its name's, unless that says nothing and the bytes are a feed or
    a page (a URL without an extension, a quarantined input)."""
    if name_suffix in (*ROW_SUFFIXES, *FEED_SUFFIXES, *HTML_SUFFIXES):
        return name_suffix
    kind = sniff(raw)
    return {"feed": ".xml", "html": ".html"}.get(kind, name_suffix)


def read_bytes(raw: bytes, *, source: str, suffix: str, options: ReadOptions) -> Iterator[Article | Rejected]:
    """Read one input's bytes with the reader its (lower-case) file suffix picks; plain text otherwise."""
    if suffix in FEED_SUFFIXES:
        yield from read_feed(raw, source=source, max_bytes=options.max_bytes)
        return
    if suffix in HTML_SUFFIXES:
        yield from read_html(raw, source=source, max_bytes=options.max_bytes)
        return
    if suffix in (".jsonl", ".ndjson", ".csv"):
        try:
            check_bytes(raw, source=source)
        except InputError as e:
            yield reject(e, raw)
            return
    if suffix in (".jsonl", ".ndjson"):
        yield from read_jsonl(raw, source=source, columns=options.columns, max_bytes=options.max_bytes)
    elif suffix == ".csv":
        yield from read_csv(raw, source=source, columns=options.columns, max_bytes=options.max_bytes)
    else:
        try:
            yield read_text(raw, source=source, max_bytes=options.max_bytes, is_place=options.is_place)
        except InputError as e:
            yield reject(e, raw)
