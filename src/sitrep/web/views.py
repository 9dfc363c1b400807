"""View functions: query parameters in, JSON-ready data out. The HTML page and its `.json` twin are both
built from what a view returns, so they cannot disagree.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlencode

from fastapi import HTTPException

from sitrep.models import ContradictionKind, Stance
from sitrep.settings import Settings
from sitrep.store import MAX_LIMIT, MAX_MAP_POINTS, WORLD, EventFilter, MapView, Store

JSON = dict[str, Any]
MAX_OFFSET = 2**62  # what SQLite's OFFSET (a signed 64-bit integer) reads without wrapping

EVENT_PARAMS = ("place", "near", "type", "actor", "status", "since", "until", "q", "speaker")
MAP_PARAMS = ("bbox", "zoom")
MAX_ZOOM = 20
CLAIM_PARAMS = ("speaker", "stance")
TALLY_PARAMS = ("organisation",)
STORY_PARAMS = ("place", "since", "until", "min_articles", "contradicted")
CONTRADICTION_PARAMS = ("kind",)
STANCES = tuple(str(s) for s in Stance)
KINDS = tuple(str(k) for k in ContradictionKind)


@dataclass(frozen=True, slots=True)
class ViewRequest:
    """What a view may look at: the store (read-only), settings, query and path parameters."""

    store: Store
    settings: Settings
    query: Mapping[str, str]
    path: Mapping[str, str]


View = Callable[[ViewRequest], JSON]


# ---- parameters -------------------------------------------------------------------------------------


def _bad(name: str, reason: str) -> HTTPException:
    return HTTPException(status_code=400, detail=f"{name}: {reason}")


def _int_param(query: Mapping[str, str], name: str, default: int) -> int:
    raw = query.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError as e:
        raise _bad(name, f"expected a whole number, got {raw!r}") from e


def _date_param(query: Mapping[str, str], name: str) -> date | None:
    raw = query.get(name, "").strip()
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError as e:
        raise _bad(name, f"expected a date as YYYY-MM-DD, got {raw!r}") from e


def _near_param(query: Mapping[str, str]) -> tuple[float, float, float] | None:
    raw = query.get("near", "").strip()
    if not raw:
        return None
    try:
        lat, lon, km = (float(part) for part in raw.split(","))
    except ValueError as e:
        raise _bad("near", f"expected lat,lon,radius_km, got {raw!r}") from e
    if not (-90 <= lat <= 90 and -180 <= lon <= 180 and math.isfinite(km) and km > 0):
        raise _bad("near", "latitude within ±90, longitude within ±180, radius above 0 km")
    return lat, lon, km


def _text(query: Mapping[str, str], name: str) -> str | None:
    return query.get(name, "").strip() or None


def page_bounds(query: Mapping[str, str], settings: Settings) -> tuple[int, int]:
    """`limit` capped (not refused) at the configured maximum, so a greedy client still gets a page."""
    cap = max(1, min(settings.max_page_size, MAX_LIMIT))
    limit = min(max(1, _int_param(query, "limit", settings.page_size)), cap)
    offset = _int_param(query, "offset", 0)
    if not 0 <= offset <= MAX_OFFSET:
        raise _bad("offset", f"must be between 0 and {MAX_OFFSET}")
    return limit, offset


def _filters(query: Mapping[str, str], names: tuple[str, ...]) -> dict[str, str]:
    return {name: value for name in names if (value := query.get(name, "").strip())}


def _paged(rows: list[JSON], key: str, filters: dict[str, str], limit: int, offset: int) -> JSON:
    """A page of rows with the links to its neighbours (query strings, valid on the page and its twin)."""

    def link(to: int) -> str:
        return "?" + urlencode({**filters, "limit": limit, "offset": to})

    return {
        key: rows,
        "filters": filters,
        "limit": limit,
        "offset": offset,
        "count": len(rows),
        "next": link(offset + limit) if len(rows) == limit else None,
        "previous": link(max(0, offset - limit)) if offset > 0 else None,
    }


def event_filter(query: Mapping[str, str]) -> EventFilter:
    return EventFilter(
        place=_text(query, "place"),
        near=_near_param(query),
        type=_text(query, "type"),
        actor=_text(query, "actor"),
        status=_text(query, "status"),
        since=_date_param(query, "since"),
        until=_date_param(query, "until"),
        search=_text(query, "q"),
        speaker=_text(query, "speaker"),
    )


# ---- views ------------------------------------------------------------------------------------------


def events_view(req: ViewRequest) -> JSON:
    flt = event_filter(req.query)
    limit, offset = page_bounds(req.query, req.settings)
    rows = req.store.events(flt, limit=limit, offset=offset)
    return _paged(rows, "events", _filters(req.query, EVENT_PARAMS), limit, offset)


def event_view(req: ViewRequest) -> JSON:
    """One event with its evidence, its claims, the story it belongs to and the contradictions it is in.

    `story` is the story with its members (`event_records`, `claim_records`: the other reports of the
    same event); `contradictions` are the story's and those the event itself takes part in, each side
    with its claim and article.
    """
    event_id = req.path["event_id"]
    record = req.store.event(event_id)
    if record is None:
        raise HTTPException(status_code=404, detail=f"no event {event_id!r}")
    summary = req.store.event_story(event_id)
    story = req.store.story(summary["id"]) if summary else None
    found = story.pop("contradiction_records") if story else []
    own = req.store.contradictions(event=event_id, limit=MAX_LIMIT)
    return {"event": record, "story": story, "contradictions": _unique(found + own)}


def _unique(records: list[JSON]) -> list[JSON]:
    return list({record["id"]: record for record in records}.values())


def claims_view(req: ViewRequest) -> JSON:
    limit, offset = page_bounds(req.query, req.settings)
    rows = req.store.claims(
        speaker=_text(req.query, "speaker"),
        stance=_choice(req.query, "stance", STANCES),
        limit=limit,
        offset=offset,
    )
    return _paged(rows, "claims", _filters(req.query, CLAIM_PARAMS), limit, offset)


def contradictions_view(req: ViewRequest) -> JSON:
    """Contradictions, latest first: both sides, each with its speaker, claim, article and event."""
    limit, offset = page_bounds(req.query, req.settings)
    rows = req.store.contradictions(kind=_choice(req.query, "kind", KINDS), limit=limit, offset=offset)
    return _paged(rows, "contradictions", _filters(req.query, CONTRADICTION_PARAMS), limit, offset)


def stories_view(req: ViewRequest) -> JSON:
    """Stories, latest first: one real-world event across articles, with its independent sources."""
    limit, offset = page_bounds(req.query, req.settings)
    since, until = _date_param(req.query, "since"), _date_param(req.query, "until")
    rows = req.store.stories(
        min_articles=_min_articles(req.query),
        place=_text(req.query, "place"),
        since=since.isoformat() if since else None,
        until=until.isoformat() if until else None,
        contradicted=_flag(req.query, "contradicted"),
        limit=limit,
        offset=offset,
    )
    return _paged(rows, "stories", _filters(req.query, STORY_PARAMS), limit, offset)


def story_view(req: ViewRequest) -> JSON:
    """One story: its reports (`event_records`, `claim_records`) and `contradiction_records`."""
    story_id = req.path["story_id"]
    record = req.store.story(story_id)
    if record is None:
        raise HTTPException(status_code=404, detail=f"no story {story_id!r}")
    return {"story": record}


def _choice(query: Mapping[str, str], name: str, allowed: tuple[str, ...]) -> str | None:
    value = query.get(name, "").strip().lower()
    if value and value not in allowed:
        raise _bad(name, f"expected one of {', '.join(allowed)}, got {value!r}")
    return value or None


def _flag(query: Mapping[str, str], name: str) -> bool:
    raw = query.get(name, "").strip().lower()
    if raw not in ("", "0", "1", "true", "false", "yes", "no", "on", "off"):
        raise _bad(name, f"expected true or false, got {raw!r}")
    return raw in ("1", "true", "yes", "on")


DEFAULT_MIN_ARTICLES = 2  # a story of one article is one report: the events page lists those


def _min_articles(query: Mapping[str, str]) -> int:
    value = _int_param(query, "min_articles", DEFAULT_MIN_ARTICLES)
    if not 1 <= value <= MAX_MIN_ARTICLES:
        raise _bad("min_articles", f"must be between 1 and {MAX_MIN_ARTICLES}")
    return value


MAX_MIN_ARTICLES = 10_000


def tallies_view(req: ViewRequest) -> JSON:
    limit, offset = page_bounds(req.query, req.settings)
    rows = req.store.tallies(organisation=_text(req.query, "organisation"), limit=limit, offset=offset)
    data = _paged(rows, "tallies", _filters(req.query, TALLY_PARAMS), limit, offset)
    data["series"] = tally_series(rows)
    return data


def quarantine_view(req: ViewRequest) -> JSON:
    limit, offset = page_bounds(req.query, req.settings)
    rows = req.store.quarantined(limit=limit, offset=offset)
    return _paged(rows, "quarantined", {}, limit, offset)


def map_view(req: ViewRequest) -> JSON:
    """Points for the map: one per located place of each matching event, paged like every list.

    Given the map's `zoom`, a view that holds more points than a page answers with clusters instead:
    the points gathered in cells about 64 pixels wide at that zoom.
    """
    flt = event_filter(req.query)
    cap = max(1, min(req.settings.max_map_points, MAX_MAP_POINTS))
    limit = min(max(1, _int_param(req.query, "limit", cap)), cap)
    _, offset = page_bounds(req.query, req.settings)
    zoom = _zoom_param(req.query)
    view = _view_param(req.query, zoom)
    filters = _filters(req.query, (*EVENT_PARAMS, *MAP_PARAMS))
    if zoom is not None and offset == 0 and req.store.count_map_points(flt, view=view, most=limit) > limit:
        clusters = req.store.map_clusters(flt, view=view or MapView(WORLD, _cell_degrees(zoom)))
        data = _paged([], "points", filters, limit, offset) | {"clusters": clusters}
        data["total"] = sum(cluster["count"] for cluster in clusters)
    else:
        rows = req.store.map_points(flt, view=view, limit=limit, offset=offset)
        data = _paged(rows, "points", filters, limit, offset) | {"clusters": []}
        data["total"] = None if data["next"] else offset + len(rows)
    data["tiles"] = req.settings.online_tiles or None
    return data


def _cell_degrees(zoom: int) -> float:
    """A 64-pixel cell at `zoom`: the world is 256 pixels wide at zoom 0."""
    return 360.0 / float(2**zoom) * 64 / 256


def _zoom_param(query: Mapping[str, str]) -> int | None:
    if not query.get("zoom", "").strip():
        return None
    zoom = _int_param(query, "zoom", 0)
    if not 0 <= zoom <= MAX_ZOOM:
        raise _bad("zoom", f"must be between 0 and {MAX_ZOOM}")
    return zoom


def _view_param(query: Mapping[str, str], zoom: int | None) -> MapView | None:
    """The map's `bbox` (south,west,north,east in degrees), with the cell size of its zoom."""
    raw = query.get("bbox", "").strip()
    if not raw:
        return None
    try:
        south, west, north, east = (float(part) for part in raw.split(","))
    except ValueError as e:
        raise _bad("bbox", f"expected south,west,north,east, got {raw!r}") from e
    if not (-90 <= south <= north <= 90 and -180 <= west <= 180 and -180 <= east <= 180):
        raise _bad("bbox", "latitudes within ±90 (south first), longitudes within ±180")
    return MapView((south, west, north, east), _cell_degrees(zoom if zoom is not None else 0))


def timeline_view(req: ViewRequest) -> JSON:
    """Events per day by type under the filters, and the tallies whose period ends in the date range."""
    flt = event_filter(req.query)
    limit = MAX_LIMIT
    days = req.store.events_per_day(flt, limit=limit)
    since, until = flt.since, flt.until
    tallies = req.store.tally_points(
        since=since.isoformat() if since else None,
        until=until.isoformat() if until else None,
        organisation=_text(req.query, "organisation"),
        limit=req.settings.max_page_size,
    )
    return {
        "filters": _filters(req.query, (*EVENT_PARAMS, "organisation")),
        "days": days,
        "types": sorted({row["type"] for row in days}),
        "tallies": tallies,
        "limit": limit,
        "truncated": len(days) == limit,
    }


def tally_series(tallies: list[JSON]) -> list[JSON]:
    """Per counting organisation and category, the counts by the end of their period (for a chart)."""
    series: dict[tuple[str, str], list[JSON]] = {}
    for tally in tallies:
        end = (tally.get("period") or {}).get("end")
        if not end:
            continue
        for count in tally.get("counts") or []:
            key = (tally.get("organisation") or "unknown", count.get("category") or "")
            series.setdefault(key, []).append({"date": end, "value": count.get("value")})
    return [
        {"organisation": org, "category": cat, "points": sorted(points, key=lambda p: str(p["date"]))}
        for (org, cat), points in sorted(series.items())
    ]
