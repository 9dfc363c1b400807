"""The JSON reading (the contract documented in docs/json.md) and the export formats built on it.

Everything that leaves sitrep as data (CLI `--format json`, the store's JSON columns, the web API, JSONL,
GeoJSON and ACLED-style CSV exports) is built here from the records, so there is one shape everywhere.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from typing import Any

from sitrep.models import (
    Article,
    Claim,
    Contradiction,
    Event,
    Place,
    Quantity,
    Reading,
    Side,
    Span,
    Story,
    Tally,
    TimeRef,
)

JSON = dict[str, Any]
SCHEMA_VERSION = 1


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def span_json(span: Span | None, text: str) -> JSON | None:
    if span is None:
        return None
    return {"start": span.start, "end": span.end, "text": span.text_of(text)}


def article_json(article: Article) -> JSON:
    return {
        "id": article.id,
        "source": article.source,
        "url": article.url,
        "title": article.title,
        "published": _iso(article.published),
        "dateline": article.dateline,
        "language": article.language,
        "text": article.text,
    }


def place_json(place: Place, text: str) -> JSON:
    return {
        "name": place.name,
        "geonameid": place.geonameid,
        "country": place.country,
        "admin1": place.admin1,
        "admin2": place.admin2,
        "lat": place.lat,
        "lon": place.lon,
        "kind": str(place.kind),
        "precision": place.precision,
        "relation": place.relation,
        "confidence": place.confidence,
        "span": span_json(place.span, text),
    }


def time_json(ref: TimeRef | None, text: str) -> JSON | None:
    if ref is None:
        return None
    return {
        "text": ref.text,
        "start": ref.start.isoformat(),
        "end": ref.end.isoformat(),
        "granularity": str(ref.granularity),
        "anchor": _iso(ref.anchor),
        "relation": ref.relation,
        "confidence": ref.confidence,
        "span": span_json(ref.span, text),
    }


def quantity_json(q: Quantity | None, text: str) -> JSON | None:
    if q is None:
        return None
    return {
        "value": q.value,
        "high": q.high,
        "bound": str(q.bound),
        "category": q.category,
        "population": q.population,
        "span": span_json(q.span, text),
    }


def claim_json(claim: Claim, text: str) -> JSON:
    return {
        "id": claim.id,
        "speaker": {
            "name": claim.speaker.name,
            "role": claim.speaker.role,
            "organisation": claim.speaker.organisation,
        },
        "verb": claim.verb,
        "stance": str(claim.stance),
        "modality": str(claim.modality),
        "hedge": claim.hedge,
        "said": time_json(claim.said, text),
        "text": claim.span.text_of(text),
        "span": span_json(claim.span, text),
        "cue": span_json(claim.cue, text),
    }


def event_json(event: Event, text: str) -> JSON:
    return {
        "id": event.id,
        "type": event.type,
        "sub_type": event.sub_type,
        "plover": event.plover,
        "status": str(event.status),
        "actor1": event.actor1,
        "actor2": event.actor2,
        "places": [place_json(p, text) for p in event.places],
        "occurred": time_json(event.occurred, text),
        "fatalities": quantity_json(event.fatalities, text),
        "injured": quantity_json(event.injured, text),
        "claims": list(event.claims),
        "evidence": [span_json(s, text) for s in event.evidence],
        "trigger": span_json(event.trigger, text),
        "confidence": event.confidence,
    }


def tally_json(tally: Tally, text: str) -> JSON:
    return {
        "id": tally.id,
        "counts": [quantity_json(q, text) for q in tally.counts],
        "population": tally.population,
        "area": place_json(tally.area, text) if tally.area else None,
        "period": {
            "start": tally.period_start.start.isoformat() if tally.period_start else None,
            "end": tally.period_end.end.isoformat() if tally.period_end else None,
            "start_ref": time_json(tally.period_start, text),
            "end_ref": time_json(tally.period_end, text),
        },
        "organisation": tally.organisation,
        "claim": tally.claim or None,
        "evidence": span_json(tally.span, text),
    }


def side_json(side: Side) -> JSON:
    return {
        "article": side.article,
        "event": side.event or None,
        "claim": side.claim or None,
        "speaker": side.speaker,
        "value": side.value,
    }


def contradiction_json(item: Contradiction) -> JSON:
    return {
        "id": item.id,
        "kind": str(item.kind),
        "story": item.story or None,
        "first": side_json(item.first),
        "second": side_json(item.second),
    }


def story_json(story: Story) -> JSON:
    return {
        "id": story.id,
        "type": story.type,
        "place": {"name": story.place, "lat": story.lat, "lon": story.lon} if story.place else None,
        "first_day": _iso(story.first_day),
        "last_day": _iso(story.last_day),
        "events": list(story.events),
        "claims": list(story.claims),
        "articles": list(story.articles),
        "sources": list(story.sources),
        "corroboration": story.corroboration,
        "contradictions": [c.id for c in story.contradictions],
    }


def reading_json(reading: Reading) -> JSON:
    """The whole reading of one article, as documented in docs/json.md. Stories need other articles, so
    only a stored article has them; the contradictions here are those the article holds by itself."""
    from sitrep.contradictions import contradictions_in_reading

    text = reading.article.text
    return {
        "schema": SCHEMA_VERSION,
        "article": article_json(reading.article),
        "events": [event_json(e, text) for e in reading.events],
        "claims": [claim_json(c, text) for c in reading.claims],
        "tallies": [tally_json(t, text) for t in reading.tallies],
        "places": [place_json(p, text) for p in reading.places],
        "times": [time_json(t, text) for t in reading.times],
        "contradictions": [contradiction_json(c) for c in contradictions_in_reading(reading)],
    }


def dumps(data: object, *, indent: int | None = 2) -> str:
    return json.dumps(data, ensure_ascii=False, indent=indent)


# ---- exports over stored events (each a JSON event plus its article's id, title and date) -------------

ACLED_COLUMNS = (
    "event_id_cnty",
    "event_date",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "country",
    "admin1",
    "admin2",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "notes",
    "fatalities",
)
_TIME_PRECISION = {"day": 1, "week": 2, "month": 3, "year": 3}


def acled_row(event: JSON) -> dict[str, object]:
    """One ACLED-style row; fields ACLED has no column for are left out, missing values are empty."""
    place = event["places"][0] if event.get("places") else {}
    occurred = event.get("occurred") or {}
    fatalities = event.get("fatalities") or {}
    notes = " ".join(s["text"] for s in event.get("evidence") or [] if s)
    return {
        "event_id_cnty": event["id"],
        "event_date": occurred.get("start", ""),
        "time_precision": _TIME_PRECISION.get(occurred.get("granularity", ""), ""),
        "event_type": event["type"],
        "sub_event_type": event["sub_type"],
        "actor1": event.get("actor1", ""),
        "actor2": event.get("actor2", ""),
        "country": place.get("country", ""),
        "admin1": place.get("admin1", ""),
        "admin2": place.get("admin2", ""),
        "location": place.get("name", ""),
        "latitude": place.get("lat", ""),
        "longitude": place.get("lon", ""),
        "geo_precision": place.get("precision", ""),
        "source": event.get("source", ""),
        "notes": notes,
        "fatalities": fatalities.get("value", 0) if fatalities else 0,
    }


def to_acled_csv(events: Iterable[JSON]) -> Iterator[str]:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=ACLED_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for event in events:
        writer.writerow(acled_row(event))
        yield buf.getvalue()
        buf.seek(0)
        buf.truncate()
    yield buf.getvalue()


def to_jsonl(events: Iterable[JSON]) -> Iterator[str]:
    for event in events:
        yield json.dumps(event, ensure_ascii=False) + "\n"


def to_geojson(events: Iterable[JSON]) -> Iterator[str]:
    """A FeatureCollection with one Point feature per event place, streamed."""
    yield '{"type": "FeatureCollection", "features": [\n'
    first = True
    for event in events:
        for place in event.get("places") or []:
            feature = {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [place["lon"], place["lat"]]},
                "properties": {k: v for k, v in event.items() if k != "places"} | {"place": place},
            }
            yield ("" if first else ",\n") + json.dumps(feature, ensure_ascii=False)
            first = False
    yield "\n]}\n"


EXPORTERS = {"jsonl": to_jsonl, "geojson": to_geojson, "acled-csv": to_acled_csv}
