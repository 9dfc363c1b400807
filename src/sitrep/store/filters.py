"""`EventFilter` and the SQL it becomes. User text only ever reaches SQL as a bound parameter.

Name matching folds case and diacritics in Python (`fold`, also registered as the SQL function
`sitrep_fold`), because SQLite's own `LIKE`/`lower` only fold ASCII and "Mariupol" must find "Mariúpol".
Each distinct name is folded once, when it is first stored, into a dictionary table (pairs: a place and its
region, actor 1 and 2, so that either name matching is one id, one index); a filter matches the dictionary
(hundreds or thousands of entries) and reaches the event rows by the ids it finds, through an index.
The clauses are over `event_points pt` (migration 0004): one row per event place, clustered by day.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Callable, Sequence
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


@dataclass(frozen=True, slots=True)
class MapView:
    """What a map shows: `bbox` (south, west, north, east; west > east crosses the antimeridian) and the
    side of the square cells, in degrees, that points are gathered in when there are too many to draw."""

    bbox: tuple[float, float, float, float]
    cell_degrees: float

    def __post_init__(self) -> None:
        south, west, north, east = self.bbox
        if not (-90 <= south <= north <= 90 and -180 <= west <= 180 and -180 <= east <= 180):
            raise StoreError(f"bbox must be south,west,north,east within ±90/±180, got {self.bbox}")
        if not (math.isfinite(self.cell_degrees) and self.cell_degrees > 0):
            raise StoreError(f"cell size must be a positive number of degrees, got {self.cell_degrees}")

    def clause(self) -> Clause:
        """Located points inside the box."""
        south, west, north, east = self.bbox
        lon = "pt.lon BETWEEN ? AND ?" if west <= east else "(pt.lon >= ? OR pt.lon <= ?)"
        return f"pt.lat BETWEEN ? AND ? AND {lon}", [south, north, west, east]

    def cell_clause(self) -> Clause:
        """Cells of the `event_cells` grid that touch the box."""
        south, west, north, east = self.bbox
        col = "pt.col BETWEEN ? AND ?" if west <= east else "(pt.col >= ? OR pt.col <= ?)"
        rows = [grid_row(south), grid_row(north)]
        return f"pt.row BETWEEN ? AND ? AND {col}", [*rows, grid_col(west), grid_col(east)]

    def cells_merged(self) -> int:
        """How many grid cells make one side of a cluster's cell."""
        return max(1, round(self.cell_degrees * GRID_CELLS_PER_DEGREE))


# `event_cells` (migration 0004) counts points per cell of this grid; clusters are its cells merged.
GRID_CELLS_PER_DEGREE = 20


def grid_row(lat: float) -> int:
    return int((lat + 90) * GRID_CELLS_PER_DEGREE)


def grid_col(lon: float) -> int:
    return int((lon + 180) * GRID_CELLS_PER_DEGREE)


WORLD = (-90.0, -180.0, 90.0, 180.0)


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


def _matching(dictionary: str, condition: str) -> str:
    """Ids of a dictionary table's names that match: a few hundred rows folded once, never the events."""
    return f"(SELECT id FROM {dictionary} WHERE {condition})"


_PLACE_IDS = _matching("place_names", "instr(folded_name, ?) > 0 OR instr(folded_admin1, ?) > 0")
_ACTOR_IDS = _matching("actor_pairs", "instr(folded1, ?) > 0 OR instr(folded2, ?) > 0")
_KIND_IDS = _matching("event_kinds", "instr(folded_type, ?) > 0 OR instr(folded_sub_type, ?) > 0")


def _near_clause(flt: EventFilter, key: str) -> Clause | None:
    if flt.near is None:
        return None
    lat, lon, km = _check_near(flt.near)
    min_lat, max_lat, lon_ranges = _bbox(lat, lon, km)
    lon_sql = " OR ".join("(r.max_lon >= ? AND r.min_lon <= ?)" for _ in lon_ranges)
    # the R*Tree finds the places in the box; the distance keeps those in the circle
    sql = (
        f"{key}pt.place_id IN (SELECT r.id FROM event_places_rtree r"
        f" WHERE r.max_lat >= ? AND r.min_lat <= ? AND ({lon_sql}))"
        " AND sitrep_distance_km(pt.lat, pt.lon, ?, ?) <= ?"
    )
    params: list[object] = [min_lat, max_lat]
    for lo, hi in lon_ranges:
        params += [lo, hi]
    return sql, [*params, lat, lon, km]


def _place_clause(flt: EventFilter, key: str) -> Clause | None:
    if not flt.place:
        return None
    return f"{key}pt.place_name_id IN {_PLACE_IDS}", [fold(flt.place)] * 2


def _type_clause(flt: EventFilter, key: str) -> Clause | None:
    if not flt.type:
        return None
    return f"pt.kind_id IN {_KIND_IDS}", [fold(flt.type)] * 2


def _actor_clause(flt: EventFilter, key: str) -> Clause | None:
    if not flt.actor:
        return None
    return f"{key}pt.actors_id IN {_ACTOR_IDS}", [fold(flt.actor)] * 2


def status_value(text: str) -> str:
    """ "Not happened", "not-happened" and "NOT_HAPPENED" are all the stored `not_happened`."""
    return (fold(text) or "").strip().replace(" ", "_").replace("-", "_")


def _status_clause(flt: EventFilter, key: str) -> Clause | None:
    if not flt.status:
        return None
    return "pt.status = ?", [status_value(flt.status)]


_LONGEST = "(SELECT max(0, ifnull(max(julianday(occurred_end) - julianday(occurred_start)), 0)) FROM events)"


def _date_clauses(flt: EventFilter, key: str) -> Clause | None:
    parts: list[str] = []
    params: list[object] = []
    if flt.since is not None:
        # The second condition follows from the first (an event starts at most the longest event range
        # before it ends) and bounds the range of start days read.
        parts.append("pt.end_day >= ? AND pt.day >= date(?, printf('-%d days', " + _LONGEST + "))")
        params += [flt.since.isoformat()[:10]] * 2
    if flt.until is not None:
        parts.append("pt.day > '' AND pt.day <= ?")  # '' is an undated event
        params.append(flt.until.isoformat()[:10])
    return (" AND ".join(parts), params) if parts else None


def _search_clause(flt: EventFilter, key: str) -> Clause | None:
    query = fts_query(flt.search) if flt.search else None
    if query is None:
        return None
    return f"{key}pt.article_seq IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)", [query]


def speaker_text(text: str | None) -> str | None:
    """A speaker filter as it is matched: folded, without the control characters that separate the names
    of a speaker set (so no filter matches across two of them)."""
    folded = "".join(c for c in fold(text) or "" if c.isprintable()).strip()
    return folded or None


_SPEAKER_SETS = _matching("speaker_sets", "instr(folded, ?) > 0")
SPEAKER_IDS = _matching(
    "speakers", "instr(folded_name, ?) > 0 OR instr(folded_role, ?) > 0 OR instr(folded_org, ?) > 0"
)


def _speaker_clause(flt: EventFilter, key: str) -> Clause | None:
    """Events with a linked claim whose speaker's name, role or organisation holds the text ("OHCHR")."""
    text = speaker_text(flt.speaker)
    if text is None:
        return None
    return f"{key}pt.speakers_id IN {_SPEAKER_SETS}", [text]


_CLAUSES: tuple[Callable[[EventFilter, str], Clause | None], ...] = (
    _date_clauses,
    _type_clause,
    _status_clause,
    _actor_clause,
    _place_clause,
    _near_clause,
    _search_clause,
    _speaker_clause,
)


def where_clause(flt: EventFilter, *, extra: Sequence[Clause] = (), days_first: bool = False) -> Clause:
    """`WHERE ...` over `event_points pt` (empty when nothing is set) and its parameters.

    Every column but the place's is the same on each of an event's rows, so an event matches when one of
    its rows does; `extra` clauses are added as they are. With `days_first` the name, actor, text and
    radius conditions are written so that SQLite does not look them up in their indexes (a unary `+`)
    and reads the date range instead: the right plan for a short range, which SQLite cannot tell from a
    long one.
    """
    key = "+" if days_first else ""
    parts: list[str] = [sql for sql, _ in extra]
    params: list[object] = [value for _, values in extra for value in values]
    for build in _CLAUSES:
        clause = build(flt, key)
        if clause is not None:
            parts.append(clause[0])
            params += clause[1]
    return ("WHERE " + " AND ".join(parts) if parts else ""), params
