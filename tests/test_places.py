from __future__ import annotations

import pytest

from sitrep.gazetteer import Entry, Gazetteer
from sitrep.models import Article, PlaceKind
from sitrep.pipeline import Doc
from sitrep.stages.places import Places


def entry(
    gid: int, name: str, code: str, country: str, lat: float, lon: float, kind: PlaceKind, pop: int
) -> Entry:
    admin1 = name if kind is PlaceKind.REGION else ""
    return Entry(gid, name, code, country, admin1, "", lat, lon, kind, pop)


UKRAINE = entry(1, "Ukraine", "UA", "Ukraine", 49.0, 32.0, PlaceKind.COUNTRY, 41_000_000)
KYIV = entry(2, "Kyiv", "UA", "Ukraine", 50.45, 30.52, PlaceKind.CITY, 2_900_000)
KYIV_OBLAST = entry(3, "Kyiv Oblast", "UA", "Ukraine", 50.3, 30.6, PlaceKind.REGION, 4_500_000)
KHARKIV = entry(4, "Kharkiv", "UA", "Ukraine", 49.99, 36.23, PlaceKind.CITY, 1_400_000)
KHARKIV_OBLAST = entry(5, "Kharkiv Oblast", "UA", "Ukraine", 49.6, 36.5, PlaceKind.REGION, 2_600_000)
WASHINGTON = entry(6, "Washington", "US", "United States", 38.9, -77.04, PlaceKind.CITY, 690_000)
ODESA_US = entry(7, "Odessa", "US", "United States", 31.85, -102.37, PlaceKind.CITY, 100_000)
ODESA = entry(8, "Odesa", "UA", "Ukraine", 46.48, 30.72, PlaceKind.CITY, 1_000_000)
SMALL = entry(9, "Bar", "UA", "Ukraine", 49.08, 27.68, PlaceKind.CITY, 16_000)


@pytest.fixture(scope="module")
def places() -> Places:
    gazetteer = Gazetteer.from_entries(
        [
            (UKRAINE, []),
            (KYIV, ["Kiev", "Київ"]),
            (KYIV_OBLAST, ["Kyiv", "Kiev"]),
            (KHARKIV, ["Kharkov"]),
            (KHARKIV_OBLAST, ["Kharkiv", "Kharkov"]),
            (WASHINGTON, []),
            (ODESA_US, []),
            (ODESA, ["Odessa"]),
            (SMALL, []),
        ]
    )
    return Places(gazetteer)


def read(places: Places, text: str) -> list[tuple[str, str, int, str]]:
    doc = Doc(Article(id="t", text=text))
    places.process(doc)
    return [(p.span.text_of(text), p.name, p.precision, p.relation) for p in doc.places]


def test_lower_case_and_spelling_variants_resolve_to_the_city(places: Places) -> None:
    found = read(places, "Troops left kyiv and Kharkov, and Київ was calm.")
    assert found == [("kyiv", "Kyiv", 1, ""), ("Kharkov", "Kharkiv", 1, ""), ("Київ", "Kyiv", 1, "")]


def test_region_word_after_a_name_means_the_region(places: Places) -> None:
    found = read(places, "Shelling in the Kharkov region and the Kyiv oblast.")
    assert [(name, precision) for _, name, precision, _ in found] == [
        ("Kharkiv Oblast", 3),
        ("Kyiv Oblast", 3),
    ]


def test_relative_phrases_are_kept_with_precision_two(places: Places) -> None:
    found = read(places, "Fighting north of Kyiv and on the outskirts of Kharkiv.")
    assert found == [("Kyiv", "Kyiv", 2, "north of"), ("Kharkiv", "Kharkiv", 2, "on the outskirts of")]


def test_ambiguous_names_follow_the_article_country(places: Places) -> None:
    found = read(places, "Missiles hit Odessa, in southern Ukraine, near Kyiv's port partner.")
    assert found[0][1] == "Odesa"


def test_a_place_name_followed_by_a_reporting_verb_is_not_a_place(places: Places) -> None:
    found = read(places, "Washington said it would send more aid to Ukraine.")
    assert [name for _, name, _, _ in found] == ["Ukraine"]


def test_small_places_are_not_read_from_common_words(places: Places) -> None:
    assert read(places, "They met at a bar in Kyiv.") == [("Kyiv", "Kyiv", 1, "")]
