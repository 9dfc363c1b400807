"""What every reader shares: decoding untrusted bytes, checking them, and parsing published dates."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime

from sitrep.errors import InputError
from sitrep.models import Article, Rejected, article_id

# Given a candidate dateline ("Washington", "New York"), says whether it names a place.
PlaceTest = Callable[[str], bool]

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def decode(raw: bytes, *, source: str, max_bytes: int) -> str:
    """Bytes to text, refusing what is not a readable article (with the reason)."""
    if len(raw) > max_bytes:
        raise InputError(source, f"too large ({len(raw):,} bytes; the limit is {max_bytes:,})")
    check_bytes(raw, source=source)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise InputError(source, f"invalid UTF-8 at byte {e.start}") from e
    return check_text(text, source=source)


def check_bytes(raw: bytes, *, source: str) -> None:
    """Refuses an empty or binary input before it is decoded or split into rows."""
    if not raw.strip():
        raise InputError(source, "empty input")
    if b"\x00" in raw[:8192]:
        raise InputError(source, "binary data (NUL bytes), not text")


def check_text(text: str, *, source: str, max_bytes: int | None = None) -> str:
    if not text.strip():
        raise InputError(source, "no text")
    if max_bytes is not None and (size := len(text.encode("utf-8"))) > max_bytes:
        raise InputError(source, f"too large ({size:,} bytes; the limit is {max_bytes:,})")
    controls = len(_CONTROL.findall(text[:8192]))
    if controls > max(8, len(text[:8192]) // 100):
        raise InputError(source, f"looks binary ({controls} control characters in the first 8 KB)")
    return text


def parse_published(value: str, *, source: str) -> date | datetime:
    """An ISO date or date-time ("2022-04-07", "2022-08-01T16:23:25Z"); impossible dates are refused."""
    value = value.strip()
    try:
        if len(value) == 10:
            return date.fromisoformat(value)
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as e:
        raise InputError(source, f"invalid published date {value!r}: {e}") from e


def make_article(
    text: str,
    *,
    source: str,
    published: date | datetime | None = None,
    title: str = "",
    url: str = "",
    dateline: str | None = None,
    given_id: str = "",
) -> Article:
    return Article(
        id=given_id or article_id(text, published=published, title=title),
        text=text,
        published=published,
        source=source,
        url=url,
        title=title,
        dateline=dateline,
    )


def reject(error: InputError, raw: bytes) -> Rejected:
    return Rejected(input=error.source, reason=error.reason, raw=raw)
