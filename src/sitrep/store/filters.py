"""`EventFilter` and the SQL it becomes. User text only ever reaches SQL as a bound parameter.

Name matching folds case and diacritics in Python (`fold`, also registered as the SQL function
`sitrep_fold`), because SQLite's own `LIKE`/`lower` only fold ASCII and "Mariupol" must find "Mariúpol".
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sitrep import geo
from sitrep.errors import StoreError

Clause = tuple[str, list[object]]


@dataclass(frozen=True, slots=True)
class EventFilter:
    """Which events to return; every field is optional and the set ones must all hold.

    `place`, `type`, `actor` and `speaker` are case- and diacritic-insensitive substrings; `near` is
    (lat, lon, radius in km); `since`/`until` keep events whose occurred range overlaps them; `search` is
    free text matched against the article's title and text (every word must occur; `word*` is a prefix).
    """

    place: str | None = None
    near: tuple[float, float, float] | None = None
    type: str | None = None
    actor: str | None = None
    status: str | None = None
    since: date | None = None
    until: date | None = None
    search: str | None = None
    speaker: str | None = None


def fold(text: str | None) -> str | None:
    """Lower-case without accents: the form names are compared in."""
    if text is None:
        return None
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def distance_km(lat1: float | None, lon1: float | None, lat2: float, lon2: float) -> float | None:
    """Great-circle (haversine) distance; `None` for a place without coordinates."""
    if lat1 is None or lon1 is None:
        return None
    return geo.distance_km(lat1, lon1, lat2, lon2)


def fts_query(text: str) -> str | None:
    """User text as an FTS5 query that cannot be a syntax error: each word a quoted string, all required.

    Quotes are dropped and operators (`AND`, `NEAR`, `-`, `:`) become plain words; a trailing `*` keeps its
    meaning as a prefix search. Words with no letter or digit would match nothing and are dropped.
    """
    terms = []
    for raw in text.split():
        prefix = raw.endswith("*")
        word = raw.replace('"', "").replace("*", "").replace("\x00", "")
        if any(c.isalnum() for c in word):
            terms.append(f'"{word}"' + ("*" if prefix else ""))
    return " ".join(terms) or None


def _bbox(lat: float, lon: float, km: float) -> tuple[float, float, list[tuple[float, float]]]:
    """Latitude range and longitude ranges (two where the circle crosses ±180°) that hold the circle."""
    angle = km / geo.EARTH_RADIUS_KM
    dlat = math.degrees(angle)
    min_lat, max_lat = lat - dlat, lat + dlat
    if min_lat <= -90 or max_lat >= 90:
        return max(min_lat, -90.0), min(max_lat, 90.0), [(-180.0, 180.0)]
    ratio = math.sin(angle) / math.cos(math.radians(lat))
    if ratio >= 1:
        return min_lat, max_lat, [(-180.0, 180.0)]
    dlon = math.degrees(math.asin(ratio))
    lo, hi = lon - dlon, lon + dlon
    if lo < -180:
        return min_lat, max_lat, [(lo + 360, 180.0), (-180.0, hi)]
    if hi > 180:
        return min_lat, max_lat, [(lo, 180.0), (-180.0, hi - 360)]
    return min_lat, max_lat, [(lo, hi)]


def _check_near(near: tuple[float, float, float]) -> tuple[float, float, float]:
    try:
        lat, lon, km = (float(v) for v in near)
    except (TypeError, ValueError) as e:
        raise StoreError(f"near must be (lat, lon, radius_km), got {near!r}") from e
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise StoreError(f"near: latitude must be within ±90 and longitude within ±180, got {lat}, {lon}")
    if not (math.isfinite(km) and km > 0):
        raise StoreError(f"near: radius must be a positive number of km, got {km}")
    return lat, lon, km


def _near_clause(flt: EventFilter) -> Clause | None:
    if flt.near is None:
        return None
    lat, lon, km = _check_near(flt.near)
    min_lat, max_lat, lon_ranges = _bbox(lat, lon, km)
    lon_sql = " OR ".join("(r.max_lon >= ? AND r.min_lon <= ?)" for _ in lon_ranges)
    sql = (
        "e.id IN (SELECT p.event_id FROM event_places_rtree r JOIN event_places p ON p.id = r.id"
        f" WHERE r.max_lat >= ? AND r.min_lat <= ? AND ({lon_sql})"
        " AND sitrep_distance_km(p.lat, p.lon, ?, ?) <= ?)"
    )
    params: list[object] = [min_lat, max_lat]
    for lo, hi in lon_ranges:
        params += [lo, hi]
    return sql, [*params, lat, lon, km]


def _place_clause(flt: EventFilter) -> Clause | None:
    if not flt.place:
        return None
    sql = (
        "EXISTS (SELECT 1 FROM event_places p WHERE p.event_id = e.id"
        " AND (instr(sitrep_fold(p.name), ?) > 0 OR instr(sitrep_fold(p.admin1), ?) > 0))"
    )
    needle = fold(flt.place)
    return sql, [needle, needle]


def _type_clause(flt: EventFilter) -> Clause | None:
    if not flt.type:
        return None
    needle = fold(flt.type)
    return "(instr(sitrep_fold(e.type), ?) > 0 OR instr(sitrep_fold(e.sub_type), ?) > 0)", [needle, needle]


def _actor_clause(flt: EventFilter) -> Clause | None:
    if not flt.actor:
        return None
    needle = fold(flt.actor)
    return "(instr(sitrep_fold(e.actor1), ?) > 0 OR instr(sitrep_fold(e.actor2), ?) > 0)", [needle, needle]


def _status_clause(flt: EventFilter) -> Clause | None:
    if not flt.status:
        return None
    status = (fold(flt.status) or "").strip().replace(" ", "_").replace("-", "_")
    return "e.status = ?", [status]


_LONGEST = "(SELECT max(0, ifnull(max(julianday(occurred_end) - julianday(occurred_start)), 0)) FROM events)"


def _date_clauses(flt: EventFilter) -> Clause | None:
    parts: list[str] = []
    params: list[object] = []
    if flt.since is not None:
        # The second condition follows from the first (an event starts at most the longest event range
        # before it ends) and bounds the start-date range the index is searched over.
        parts.append(
            "e.occurred_end >= ? AND e.occurred_start >= date(?, printf('-%d days', " + _LONGEST + "))"
        )
        params += [flt.since.isoformat()[:10]] * 2
    if flt.until is not None:
        parts.append("e.occurred_start <= ?")
        params.append(flt.until.isoformat()[:10])
    return (" AND ".join(parts), params) if parts else None


def _search_clause(flt: EventFilter) -> Clause | None:
    query = fts_query(flt.search) if flt.search else None
    if query is None:
        return None
    sql = (
        "e.article_id IN (SELECT a.id FROM articles_fts JOIN articles a ON a.seq = articles_fts.rowid"
        " WHERE articles_fts MATCH ?)"
    )
    return sql, [query]


def _speaker_clause(flt: EventFilter) -> Clause | None:
    if not flt.speaker:
        return None
    sql = (
        "EXISTS (SELECT 1 FROM event_claims ec JOIN claims c ON c.id = ec.claim_id"
        f" WHERE ec.event_id = e.id AND {speaker_match('c')})"
    )
    return sql, [fold(flt.speaker)] * 3


def speaker_match(alias: str) -> str:
    """Speaker filter on a claims row: the name, role or organisation ("OHCHR", "Pentagon") may match."""
    return (
        f"(instr(sitrep_fold({alias}.speaker_name), ?) > 0 OR instr(sitrep_fold({alias}.speaker_role), ?) > 0"
        f" OR instr(sitrep_fold({alias}.speaker_org), ?) > 0)"
    )


_CLAUSES: tuple[Callable[[EventFilter], Clause | None], ...] = (
    _place_clause,
    _near_clause,
    _type_clause,
    _actor_clause,
    _status_clause,
    _date_clauses,
    _search_clause,
    _speaker_clause,
)


def where_clause(flt: EventFilter) -> Clause:
    """`WHERE ...` over `events e` (empty when nothing is set) and its parameters."""
    parts: list[str] = []
    params: list[object] = []
    for build in _CLAUSES:
        clause = build(flt)
        if clause is not None:
            parts.append(clause[0])
            params += clause[1]
    return ("WHERE " + " AND ".join(parts) if parts else ""), params
