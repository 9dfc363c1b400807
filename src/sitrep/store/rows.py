"""A `Reading` flattened into table rows: the columns queries filter on, plus the JSON contract.

The JSON columns hold exactly what `sitrep.export` builds, so reading a record back never re-derives it;
the flat columns exist only to be filtered and sorted on.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime

from sitrep import export
from sitrep.models import Article, Claim, Event, Place, Quantity, Reading, Span, Tally

Row = tuple[object, ...]

COLUMNS: dict[str, tuple[str, ...]] = {
    "articles": (
        "id",
        "source",
        "url",
        "title",
        "published",
        "dateline",
        "language",
        "text",
        "run_id",
        "ingested_at",
    ),
    "places": (
        "article_id",
        "ord",
        "name",
        "geonameid",
        "country",
        "admin1",
        "admin2",
        "lat",
        "lon",
        "kind",
        "precision",
        "start",
        "end",
        "json",
    ),
    "claims": (
        "id",
        "article_id",
        "ord",
        "speaker_name",
        "speaker_role",
        "speaker_org",
        "stance",
        "modality",
        "said_start",
        "text",
        "json",
    ),
    "events": (
        "id",
        "article_id",
        "ord",
        "type",
        "sub_type",
        "plover",
        "status",
        "actor1",
        "actor2",
        "occurred_start",
        "occurred_end",
        "granularity",
        "fatalities",
        "injured",
        "confidence",
        "json",
    ),
    "event_places": ("event_id", "idx", "name", "geonameid", "country", "admin1", "lat", "lon", "precision"),
    "event_claims": ("event_id", "claim_id", "ord"),
    "tallies": ("id", "article_id", "ord", "organisation", "period_start", "period_end", "json"),
    "evidence": ("article_id", "owner_id", "owner_kind", "start", "end", "text"),
}


def insert_sql(table: str) -> str:
    """`INSERT` for one of `COLUMNS`' tables; names come from the dict above, never from input."""
    columns = COLUMNS[table]
    quoted = ", ".join(f'"{c}"' for c in columns)
    marks = ", ".join("?" for _ in columns)
    return f"INSERT INTO {table} ({quoted}) VALUES ({marks})"


@dataclass(slots=True)
class ReadingRows:
    """Rows per table, in the order they must be inserted (parents before children)."""

    tables: dict[str, list[Row]] = field(default_factory=lambda: {name: [] for name in COLUMNS})

    def add(self, table: str, row: Row) -> None:
        self.tables[table].append(row)

    def __iter__(self) -> Iterator[tuple[str, list[Row]]]:
        return iter(self.tables.items())


def reading_rows(reading: Reading, *, run_id: int, ingested_at: str) -> ReadingRows:
    rows = ReadingRows()
    article = reading.article
    text = article.text
    rows.add("articles", article_row(article, run_id=run_id, ingested_at=ingested_at))
    for ord_, place in enumerate(reading.places):
        rows.add("places", place_row(article.id, ord_, place, text))
    for ord_, claim in enumerate(reading.claims):
        rows.add("claims", claim_row(article.id, ord_, claim, text))
        rows.add("evidence", evidence_row(article.id, claim.id, "claim", claim.span, text))
    for ord_, event in enumerate(reading.events):
        _add_event(rows, article.id, ord_, event, text)
    for ord_, tally in enumerate(reading.tallies):
        rows.add("tallies", tally_row(article.id, ord_, tally, text))
        rows.add("evidence", evidence_row(article.id, tally.id, "tally", tally.span, text))
    return rows


def _add_event(rows: ReadingRows, article_id: str, ord_: int, event: Event, text: str) -> None:
    rows.add("events", event_row(article_id, ord_, event, text))
    for idx, place in enumerate(event.places):
        rows.add("event_places", event_place_row(event.id, idx, place))
    for idx, claim_id in enumerate(dict.fromkeys(event.claims)):
        rows.add("event_claims", (event.id, claim_id, idx))
    for span in event.evidence:
        rows.add("evidence", evidence_row(article_id, event.id, "event", span, text))


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _day(value: date | None) -> str | None:
    """Dates compared as `YYYY-MM-DD` strings, so a datetime must not add a time part."""
    return value.isoformat()[:10] if value is not None else None


def _finite(value: float) -> float | None:
    """SQLite stores NaN as NULL anyway; infinities would poison the R*Tree, so they go the same way."""
    return value if math.isfinite(value) else None


def _count(q: Quantity | None) -> int | None:
    return q.value if q is not None else None


def _dumps(data: object) -> str:
    return json.dumps(data, ensure_ascii=False)


def article_row(article: Article, *, run_id: int, ingested_at: str) -> Row:
    return (
        article.id,
        article.source,
        article.url,
        article.title,
        _iso(article.published),
        article.dateline,
        article.language,
        article.text,
        run_id,
        ingested_at,
    )


def place_row(article_id: str, ord_: int, place: Place, text: str) -> Row:
    return (
        article_id,
        ord_,
        place.name,
        place.geonameid,
        place.country,
        place.admin1,
        place.admin2,
        _finite(place.lat),
        _finite(place.lon),
        str(place.kind),
        place.precision,
        place.span.start,
        place.span.end,
        _dumps(export.place_json(place, text)),
    )


def claim_row(article_id: str, ord_: int, claim: Claim, text: str) -> Row:
    return (
        claim.id,
        article_id,
        ord_,
        claim.speaker.name,
        claim.speaker.role,
        claim.speaker.organisation,
        str(claim.stance),
        str(claim.modality),
        _day(claim.said.start) if claim.said else None,
        claim.span.text_of(text),
        _dumps(export.claim_json(claim, text)),
    )


def event_row(article_id: str, ord_: int, event: Event, text: str) -> Row:
    occurred = event.occurred
    return (
        event.id,
        article_id,
        ord_,
        event.type,
        event.sub_type,
        event.plover,
        str(event.status),
        event.actor1,
        event.actor2,
        _day(occurred.start) if occurred else None,
        _day(occurred.end) if occurred else None,
        str(occurred.granularity) if occurred else None,
        _count(event.fatalities),
        _count(event.injured),
        event.confidence,
        _dumps(export.event_json(event, text)),
    )


def event_place_row(event_id: str, idx: int, place: Place) -> Row:
    return (
        event_id,
        idx,
        place.name,
        place.geonameid,
        place.country,
        place.admin1,
        _finite(place.lat),
        _finite(place.lon),
        place.precision,
    )


def tally_row(article_id: str, ord_: int, tally: Tally, text: str) -> Row:
    return (
        tally.id,
        article_id,
        ord_,
        tally.organisation,
        _day(tally.period_start.start) if tally.period_start else None,
        _day(tally.period_end.end) if tally.period_end else None,
        _dumps(export.tally_json(tally, text)),
    )


def evidence_row(article_id: str, owner_id: str, kind: str, span: Span, text: str) -> Row:
    return (article_id, owner_id, kind, span.start, span.end, span.text_of(text))
