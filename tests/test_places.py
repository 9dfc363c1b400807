from __future__ import annotations

import pytest

from sitrep.gazetteer import Entry, Gazetteer
from sitrep.models import Article, PlaceKind
from sitrep.pipeline import Doc
from sitrep.stages.places import Places, is_nationality


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


# ---------------------------------------------------------------------------------------------------
# Resolution in context, on a small gazetteer built here


def town(gid: int, name: str, code: str, admin1: str, lat: float, lon: float, pop: int) -> Entry:
    kind = PlaceKind.CITY if pop >= 15_000 else PlaceKind.VILLAGE
    country = {"US": "United States", "FR": "France", "UA": "Ukraine"}[code]
    return Entry(gid, name, code, country, admin1, "", lat, lon, kind, pop)


def region(gid: int, name: str, code: str, lat: float, lon: float, pop: int) -> Entry:
    country = {"US": "United States", "UA": "Ukraine"}[code]
    return Entry(gid, name, code, country, name, "", lat, lon, PlaceKind.REGION, pop)


PARIS_FR = town(101, "Paris", "FR", "Île-de-France", 48.85, 2.35, 2_100_000)
PARIS_TX = town(102, "Paris", "US", "Texas", 33.66, -95.56, 25_000)
PARIS_TN = town(103, "Paris", "US", "Tennessee", 36.30, -88.33, 10_000)
PURYEAR = town(104, "Puryear", "US", "Tennessee", 36.44, -88.33, 700)
HENRY_COUNTY = Entry(105, "Henry County", "US", "United States", "Tennessee", "", 36.33, -88.30,
                     PlaceKind.DISTRICT, 32_000)  # fmt: skip
TEXAS = region(106, "Texas", "US", 31.2, -100.1, 25_000_000)
SCOTT = town(107, "Scott", "US", "Louisiana", 30.24, -92.09, 8_000)
MELITOPOL = town(108, "Melitopol", "UA", "Zaporizhzhia Oblast", 46.85, 35.37, 150_000)
NOVO_LUHANSK = town(109, "Novooleksandrivka", "UA", "Luhansk Oblast", 48.26, 39.64, 1_600)
NOVO_DONETSK = town(110, "Novooleksandrivka", "UA", "Donetsk Oblast", 48.62, 38.43, 0)
DONETSK_OBLAST = region(111, "Donetsk Oblast", "UA", 48.02, 37.80, 4_100_000)
LUHANSK_OBLAST = region(112, "Luhansk Oblast", "UA", 48.57, 39.31, 2_100_000)
ZHYTOMYR_OBLAST = region(113, "Zhytomyr Oblast", "UA", 50.25, 28.66, 1_200_000)
SYROVATKA = town(114, "Verkhnia Syrovatka", "UA", "Sumy Oblast", 50.80, 34.95, 0)
SUMY_OBLAST = region(115, "Sumy Oblast", "UA", 50.91, 34.80, 1_000_000)
CHAIKA_CRIMEA = town(116, "Chaika", "UA", "Crimea", 45.4, 33.0, 0)
KYIV_REGION = region(117, "Kyiv Oblast", "UA", 50.45, 30.52, 1_700_000)
VERMONT = region(118, "Vermont", "US", 44.0, -72.7, 620_000)
BETHEL_VT = town(119, "Bethel", "US", "Vermont", 43.83, -72.63, 2_000)
GRAD = town(120, "Grad", "UA", "Donetsk Oblast", 48.0, 37.9, 600)


@pytest.fixture(scope="module")
def context_places() -> Places:
    return Places(
        Gazetteer.from_entries(
            [
                (PARIS_FR, []), (PARIS_TX, []), (PARIS_TN, []), (PURYEAR, []), (HENRY_COUNTY, []),
                (TEXAS, []), (SCOTT, []), (MELITOPOL, ["Novooleksandrivka"]), (NOVO_LUHANSK, []),
                (NOVO_DONETSK, []), (DONETSK_OBLAST, ["Donetsk"]), (LUHANSK_OBLAST, ["Luhansk"]),
                (ZHYTOMYR_OBLAST, ["Zhytomyr"]), (SYROVATKA, []), (SUMY_OBLAST, ["Sumy"]),
                (CHAIKA_CRIMEA, []), (KYIV_REGION, ["Kyiv"]), (UKRAINE, []), (VERMONT, ["Vt."]),
                (BETHEL_VT, []), (GRAD, []),
            ]
        )
    )  # fmt: skip


def test_nearby_names_choose_among_homonyms(context_places: Places) -> None:
    doc = Doc(Article(id="t", text="Residents of Paris and Puryear met at the Henry County courthouse."))
    context_places.process(doc)
    assert doc.places[0].admin1 == "Tennessee"


def test_without_context_the_larger_place_wins(context_places: Places) -> None:
    doc = Doc(Article(id="t", text="The exhibition opens in Paris next week."))
    context_places.process(doc)
    assert doc.places[0].country == "France"


def test_an_old_alternate_name_yields_to_the_places_that_bear_it(context_places: Places) -> None:
    doc = Doc(Article(id="t", text="Shelling was reported near Novooleksandrivka on Tuesday."))
    context_places.process(doc)
    assert doc.places[0].name == "Novooleksandrivka"


def test_the_oblast_after_a_comma_chooses_the_village(context_places: Places) -> None:
    doc = Doc(Article(id="t", text="Mortars were fired near Novooleksandrivka, Donetsk."))
    context_places.process(doc)
    assert [(p.name, p.admin1) for p in doc.places] == [
        ("Novooleksandrivka", "Donetsk Oblast"),
        ("Donetsk Oblast", "Donetsk Oblast"),
    ]


def test_monitoring_reports_point_to_the_donbas(context_places: Places) -> None:
    doc = Doc(Article(id="t", text="The OSCE SMM recorded 12 explosions near Novooleksandrivka."))
    context_places.process(doc)
    assert doc.places[0].admin1 in ("Donetsk Oblast", "Luhansk Oblast")  # not Zaporizhzhia's namesake


def test_an_unknown_name_before_a_region_makes_the_region_its_container(context_places: Places) -> None:
    doc = Doc(Article(id="t", text="A missile hit Riznia, Zhytomyr, damaging houses."))
    context_places.process(doc)
    assert [(p.name, p.precision) for p in doc.places] == [("Zhytomyr Oblast", 3)]


def test_a_misspelt_name_before_its_region_is_found_there(context_places: Places) -> None:
    doc = Doc(Article(id="t", text="Russian forces shelled Verhnya Syrovatka, Sumy. Nobody was hurt."))
    context_places.process(doc)
    assert doc.places[0].name == "Verkhnia Syrovatka"
    assert doc.places[0].span.text_of(doc.text) == "Verhnya Syrovatka"


def test_a_village_known_only_elsewhere_gives_way_to_the_named_region(context_places: Places) -> None:
    doc = Doc(Article(id="t", text="A fire broke out in Chaika, Kyiv oblast, after shelling."))
    context_places.process(doc)
    assert [p.name for p in doc.places] == ["Kyiv Oblast", "Kyiv Oblast"]


def test_a_small_place_abroad_needs_a_sign_that_it_is_a_place(context_places: Places) -> None:
    said = Doc(Article(id="t", text="Coach Scott praised the team after the game."))
    context_places.process(said)
    assert said.places == ()
    lived = Doc(Article(id="t", text="She grew up in Scott before moving away."))
    context_places.process(lived)
    assert [p.name for p in lived.places] == ["Scott"]


def test_state_abbreviations_are_read(context_places: Places) -> None:
    doc = Doc(Article(id="t", text="Jane Roe of Bethel, Vt., declined to comment."))
    context_places.process(doc)
    assert [(p.name, p.span.text_of(doc.text)) for p in doc.places] == [
        ("Bethel", "Bethel"),
        ("Vermont", "Vt"),
    ]


def test_weapon_names_are_not_places(context_places: Places) -> None:
    doc = Doc(Article(id="t", text="Grad rockets hit the outskirts of Donetsk overnight."))
    context_places.process(doc)
    assert [p.name for p in doc.places] == ["Donetsk Oblast"]


def test_nationality_words_come_after_the_place_names(context_places: Places) -> None:
    text = "Ukrainian troops held Melitopol, and Ukrainians were proud of it."
    doc = Doc(Article(id="t", text=text))
    context_places.process(doc)
    assert [p.span.text_of(text) for p in doc.places] == ["Melitopol", "Ukrainian", "Ukrainians"]
    assert not is_nationality(text, doc.places[0])
    assert all(is_nationality(text, p) for p in doc.places[1:])


def test_a_repeated_name_does_not_decide_the_country_alone() -> None:
    dublin_ie = Entry(201, "Dublin", "IE", "Ireland", "Leinster", "", 53.33, -6.25, PlaceKind.CITY, 1_000_000)
    dublin_oh = Entry(202, "Dublin", "US", "United States", "Ohio", "", 40.10, -83.11, PlaceKind.CITY, 41_000)
    columbus = Entry(
        203, "Columbus", "US", "United States", "Ohio", "", 39.96, -83.0, PlaceKind.CITY, 900_000
    )
    ohio = Entry(204, "Ohio", "US", "United States", "Ohio", "", 40.4, -82.7, PlaceKind.REGION, 11_000_000)
    places = Places(Gazetteer.from_entries([(dublin_ie, []), (dublin_oh, []), (columbus, []), (ohio, [])]))
    text = "Dublin council met. Dublin police and Dublin schools joined officials from Columbus, Ohio."
    doc = Doc(Article(id="t", text=text))
    places.process(doc)
    assert {p.country for p in doc.places} == {"United States"}
