"""Web sources: RSS/Atom feeds (`feedparser`), HTML pages (`trafilatura` finds the article text), and URLs.

A feed gives one article per entry, from the entry's content or summary (its HTML markup is left to the
`normalize` stage), with its title, link and date. A page gives one article, the main text without
navigation, comments and footers. A URL is fetched once, with a time limit and a size limit, and read by
what it turns out to be (its Content-Type, else its first bytes). Anything that yields no article is a
`Rejected` naming the input and the reason; nothing here raises on bad input.
"""

from __future__ import annotations

import calendar
import logging
import re
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from datetime import UTC, date, datetime
from typing import Any

from sitrep.errors import InputError
from sitrep.models import Article, Rejected
from sitrep.readers.base import check_bytes, check_text, make_article, reject

log = logging.getLogger(__name__)

FEED_SUFFIXES = (".rss", ".atom", ".xml")
HTML_SUFFIXES = (".html", ".htm")
URL_PREFIXES = ("http://", "https://")
FETCH_TIMEOUT_S = 20
USER_AGENT = "sitrep/0.1 (news reader)"

_FEED_START = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:rss|feed|rdf:RDF)\b", re.S | re.I)
_HTML_START = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.S | re.I)


def is_url(name: str) -> bool:
    return name.lower().startswith(URL_PREFIXES)


def read_feed(raw: bytes, *, source: str, max_bytes: int) -> Iterator[Article | Rejected]:
    """Each entry of an RSS or Atom feed is one article; a feed with no readable entry is rejected."""
    try:
        _check_size(raw, source=source, max_bytes=max_bytes)
        check_bytes(raw, source=source)
        parsed = _parse_feed(raw, source=source)
    except InputError as e:
        yield reject(e, raw)
        return
    for number, entry in enumerate(parsed.entries, start=1):
        where = f"{source}#entry {number}"
        try:
            yield _entry_article(entry, where=where, feed_source=source)
        except InputError as e:
            yield reject(e, _entry_text(entry).encode("utf-8", "replace"))


def _parse_feed(raw: bytes, *, source: str) -> Any:
    import feedparser

    try:
        parsed = feedparser.parse(raw)
    except Exception as e:  # feedparser is lenient, but a parser bug must not stop the batch
        raise InputError(source, f"not a readable feed: {type(e).__name__}: {e}") from e
    if not parsed.entries:
        problem = parsed.get("bozo_exception")
        why = f": {problem}" if problem else ""
        raise InputError(source, f"not an RSS or Atom feed, or a feed with no entries{why}")
    return parsed


def _entry_article(entry: Mapping[str, Any], *, where: str, feed_source: str) -> Article:
    text = _entry_text(entry)
    if not text.strip():
        raise InputError(where, "the feed entry has no text (no content or summary)")
    check_text(text, source=where)
    link = str(entry.get("link") or "")
    return make_article(
        text.strip(),
        source=link or where,
        published=_entry_date(entry),
        title=str(entry.get("title") or "").strip(),
        url=link,
    )


def _entry_text(entry: Mapping[str, Any]) -> str:
    contents = entry.get("content") or []
    values = [str(c.get("value") or "") for c in contents if isinstance(c, Mapping)]
    longest = max(values, key=len, default="")
    summary = str(entry.get("summary") or "")
    return longest if len(longest) >= len(summary) else summary


def _entry_date(entry: Mapping[str, Any]) -> datetime | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = dict.get(entry, key) if isinstance(entry, dict) else entry.get(key)  # no alias look-ups
        if value is None:
            continue
        try:
            return datetime.fromtimestamp(calendar.timegm(value), tz=UTC)
        except (TypeError, ValueError, OverflowError):
            continue
    return None


def read_html(raw: bytes, *, source: str, max_bytes: int, url: str = "") -> Iterator[Article | Rejected]:
    """The article text of one HTML page, with its title and date where the page gives them."""
    try:
        yield _html_article(raw, source=source, max_bytes=max_bytes, url=url)
    except InputError as e:
        yield reject(e, raw)


def _html_article(raw: bytes, *, source: str, max_bytes: int, url: str) -> Article:
    _check_size(raw, source=source, max_bytes=max_bytes)
    check_bytes(raw, source=source)
    document = _extract(raw, source=source, url=url)
    text = str(getattr(document, "text", "") or "")
    if len(text.split()) < 3:
        raise InputError(source, "no article text found in the HTML page")
    check_text(text, source=source)
    title = str(getattr(document, "title", "") or "").strip()
    if title and text.startswith(title):  # the headline repeated as the first line of the body
        text = text[len(title) :]
    text = re.sub(r"\n+", "\n\n", text.strip())  # one block per line: paragraphs, as in the other inputs
    return make_article(
        text or title,
        source=url or source,
        published=_page_date(getattr(document, "date", None)),
        title=title,
        url=url,
    )


def _extract(raw: bytes, *, source: str, url: str) -> Any:
    import trafilatura

    try:
        return trafilatura.bare_extraction(raw, url=url or None, with_metadata=True, include_comments=False)
    except (ValueError, TypeError, RecursionError, LookupError, UnicodeError) as e:
        raise InputError(source, f"not a readable HTML page: {type(e).__name__}: {e}") from e


def _page_date(value: object) -> date | None:
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _check_size(raw: bytes, *, source: str, max_bytes: int) -> None:
    if len(raw) > max_bytes:
        raise InputError(source, f"too large ({len(raw):,} bytes; the limit is {max_bytes:,})")


def sniff(raw: bytes, *, content_type: str = "") -> str:
    """What a fetched or unnamed input is: "feed", "html" or "text" (Content-Type first, then its bytes)."""
    kind = content_type.split(";")[0].strip().lower()
    if kind in ("application/rss+xml", "application/atom+xml", "application/rdf+xml"):
        return "feed"
    if kind in ("text/html", "application/xhtml+xml"):
        return "html"
    head = raw[:4096].lstrip(b"\xef\xbb\xbf")
    if _FEED_START.match(head):
        return "feed"
    if _HTML_START.match(head):
        return "html"
    return "text"


def fetch(url: str, *, max_bytes: int, timeout_s: float = FETCH_TIMEOUT_S) -> tuple[bytes, str]:
    """The body and Content-Type of `url`; `InputError` naming the URL for every way it can fail."""
    if not is_url(url):
        raise InputError(url, "only http:// and https:// URLs are fetched")
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout_s) as response:
            body = response.read(max_bytes + 1)
            content_type = str(response.headers.get("Content-Type") or "")
    except urllib.error.HTTPError as e:
        raise InputError(url, f"HTTP {e.code} {e.reason}") from e
    except urllib.error.URLError as e:
        raise InputError(url, f"cannot fetch: {e.reason}") from e
    except (OSError, ValueError) as e:  # timeouts, resets, malformed URLs
        raise InputError(url, f"cannot fetch: {type(e).__name__}: {e}") from e
    if len(body) > max_bytes:
        raise InputError(url, f"too large (more than {max_bytes:,} bytes)")
    return body, content_type
