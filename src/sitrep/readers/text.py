"""Plain-text reports, including the dateline format of wire feeds.

A dateline report opens with `date YYYY-MM-DD`, then the place it was filed from, and the story runs on in
the same line: ` date 2022-04-07 Washington All remaining Russian troops around kyiv ...`. Where the place
ends and the story begins is found with a place test (the gazetteer): the longest run of up to three
capitalised words that names a place.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from itertools import pairwise

from sitrep.errors import InputError
from sitrep.models import Article
from sitrep.readers.base import PlaceTest, decode, make_article, parse_published

_DATELINE = re.compile(r"^\s*date\s+(\S+)\s+")
_WORD = re.compile(r"[^\W\d_][\w.'’-]*")
_MAX_DATELINE_WORDS = 3


def read_text(raw: bytes, *, source: str, max_bytes: int, is_place: PlaceTest | None = None) -> Article:
    text = decode(raw, source=source, max_bytes=max_bytes)
    return parse_text(text, source=source, is_place=is_place)


def parse_text(text: str, *, source: str, is_place: PlaceTest | None = None) -> Article:
    match = _DATELINE.match(text)
    if not match:
        return replace(make_article(text.strip(), source=source), title=headline(text))
    published = parse_published(match.group(1), source=source)
    if not isinstance(published, date):
        raise InputError(source, f"dateline date {match.group(1)!r} is not a day")
    body = text[match.end() :]
    dateline, story = split_dateline(body, is_place=is_place)
    if not story.strip():
        raise InputError(source, "the report has a dateline but no story")
    article = make_article(text.strip(), source=source, published=published)
    return _with_story(article, story.strip(), dateline)


def _with_story(article: Article, story: str, dateline: str | None) -> Article:
    # The id stays the hash of the whole input, so re-reading the same file is recognised.
    return Article(
        id=article.id,
        text=story,
        published=article.published,
        source=article.source,
        dateline=dateline,
        title=headline(story),
    )


def headline(story: str, *, max_chars: int = 100) -> str:
    """A wire report has no title line: its first sentence, shortened, serves as one."""
    first = re.split(r"(?<=[.!?])\s", story.strip(), maxsplit=1)[0].split("\n")[0]
    return first if len(first) <= max_chars else first[: max_chars - 1].rsplit(" ", 1)[0] + "…"


def split_dateline(body: str, *, is_place: PlaceTest | None) -> tuple[str | None, str]:
    """`"Washington All remaining..."` -> `("Washington", "All remaining...")`."""
    words = list(_WORD.finditer(body[:200]))[:_MAX_DATELINE_WORDS]
    if not words or words[0].start() != 0 or not words[0].group()[0].isupper():
        return None, body
    for n in range(len(words), 0, -1):
        candidate = body[: words[n - 1].end()]
        if not _contiguous(body, words[:n]):
            continue
        if is_place is not None and is_place(candidate.rstrip(",.:;-—– ")):
            return candidate.rstrip(",.:;-—– "), body[words[n - 1].end() :].lstrip(" ,:;-—–")
    if is_place is None:
        first = words[0]
        return first.group().rstrip(",."), body[first.end() :].lstrip(" ,:;-—–")
    return None, body


def _contiguous(body: str, words: list[re.Match[str]]) -> bool:
    return all(body[a.end() : b.start()] in (" ", ", ") for a, b in pairwise(words))
