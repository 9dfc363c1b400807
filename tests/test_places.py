from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from sitrep.gazetteer import Entry, Gazetteer
from sitrep.models import Article, Place, PlaceKind, Span
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


# ---------------------------------------------------------------------------------------------------
# Second round: the article's country and home region, names that are not places, counties, raions


def us_place(gid: int, name: str, admin1: str, lat: float, lon: float, kind: PlaceKind, pop: int) -> Entry:
    return Entry(gid, name, "US", "United States", admin1, "", lat, lon, kind, pop)


def read_places(
    places: Places, text: str, *, published: date | None = None, spacy: Any = None
) -> list[Place]:
    doc = Doc(Article(id="t", text=text, published=published))
    doc.spacy = spacy
    places.process(doc)
    return list(doc.places)


def with_entities(text: str, entities: list[tuple[str, str]]) -> Any:
    """A spaCy document of `text` (no model: a blank tokenizer) with the given (words, label) entities."""
    import spacy

    parsed = spacy.blank("en")(text)
    spans = []
    for words, label in entities:
        start = text.index(words)
        spans.append(parsed.char_span(start, start + len(words), label=label, alignment_mode="expand"))
    parsed.ents = spans
    return parsed


def test_a_name_that_fits_one_country_outvotes_a_famous_namesake() -> None:
    alexandria_eg = Entry(
        301, "Alexandria", "EG", "Egypt", "Alexandria", "", 31.2, 29.9, PlaceKind.CITY, 4_600_000
    )
    alexandria_la = us_place(302, "Alexandria", "Louisiana", 31.31, -92.45, PlaceKind.CITY, 47_000)
    parish = us_place(303, "Rapides Parish", "Louisiana", 31.2, -92.5, PlaceKind.DISTRICT, 130_000)
    places = Places(Gazetteer.from_entries([(alexandria_eg, []), (alexandria_la, []), (parish, [])]))
    found = read_places(places, "An Alexandria woman was charged; Rapides Parish deputies investigated.")
    assert [(p.name, p.country) for p in found] == [
        ("Alexandria", "United States"),
        ("Rapides Parish", "United States"),
    ]


def test_the_region_of_the_article_s_other_places_chooses_a_namesake() -> None:
    lexington_ky = us_place(311, "Lexington", "Kentucky", 38.05, -84.5, PlaceKind.CITY, 320_000)
    lexington_sc = us_place(312, "Lexington", "South Carolina", 33.98, -81.24, PlaceKind.CITY, 22_000)
    greenville = us_place(313, "Greenville", "South Carolina", 34.85, -82.4, PlaceKind.CITY, 70_000)
    charleston = us_place(314, "Charleston", "South Carolina", 32.78, -79.93, PlaceKind.CITY, 150_000)
    entries = [lexington_ky, lexington_sc, greenville, charleston]
    places = Places(Gazetteer.from_entries([(e, []) for e in entries]))
    text = "Lexington officials met colleagues from Greenville and Charleston."
    assert read_places(places, text)[0].admin1 == "South Carolina"
    assert read_places(places, "Lexington officials met on Monday.")[0].admin1 == "Kentucky"


def test_a_village_that_bears_a_state_s_name_as_an_alternate_is_not_the_state() -> None:
    minnesota = us_place(321, "Minnesota", "Minnesota", 46.3, -94.3, PlaceKind.REGION, 4_600_000)
    minneota = us_place(322, "Minneota", "Minnesota", 44.56, -95.98, PlaceKind.VILLAGE, 1_400)
    marshall = us_place(323, "Marshall", "Minnesota", 44.45, -95.79, PlaceKind.CITY, 13_000)
    places = Places(Gazetteer.from_entries([(minnesota, []), (minneota, ["Minnesota"]), (marshall, [])]))
    found = read_places(places, "In Marshall, farmers hope that Minnesota gets rain.")
    assert [p.kind for p in found] == [PlaceKind.CITY, PlaceKind.REGION]


def test_in_reports_from_the_donbas_war_the_village_near_the_contact_line_is_chosen() -> None:
    far = Entry(331, "Vodiane", "UA", "Ukraine", "Donetsk Oblast", "", 48.90, 37.00, PlaceKind.VILLAGE, 0)
    near = Entry(332, "Vodiane", "UA", "Ukraine", "Donetsk Oblast", "", 47.96, 37.55, PlaceKind.VILLAGE, 0)
    places = Places(Gazetteer.from_entries([(far, []), (near, [])]))
    text = "The monitors recorded 12 explosions near Vodiane."
    assert read_places(places, text, published=date(2022, 1, 15))[0].geonameid == 332
    assert read_places(places, text)[0].geonameid == 331  # no date: nothing says which war


def test_after_the_invasion_the_contact_line_weighs_less_than_a_town_s_size() -> None:
    makariv = Entry(
        341, "Makariv", "UA", "Ukraine", "Kyiv Oblast", "", 50.46, 29.81, PlaceKind.VILLAGE, 9_600
    )
    makarov = Entry(342, "Makarov", "UA", "Ukraine", "Luhansk Oblast", "", 48.70, 39.49, PlaceKind.VILLAGE, 0)
    places = Places(Gazetteer.from_entries([(makariv, []), (makarov, ["Makariv"])]))
    found = read_places(places, "Troops recaptured Makariv.", published=date(2022, 3, 22))
    assert found[0].admin1 == "Kyiv Oblast"


def test_a_raion_named_after_its_town_gives_the_town_with_precision_two() -> None:
    beryslav = Entry(
        351, "Beryslav", "UA", "Ukraine", "Kherson Oblast", "", 46.84, 33.43, PlaceKind.CITY, 12_000
    )
    izium = Entry(352, "Izium", "UA", "Ukraine", "Kharkiv Oblast", "", 49.21, 37.26, PlaceKind.CITY, 45_000)
    places = Places(Gazetteer.from_entries([(beryslav, []), (izium, [])]))
    found = read_places(places, "Shelling in Beryslavskyi rayon and in Izium district.")
    assert [(p.name, p.precision, p.relation) for p in found] == [
        ("Beryslav", 2, "district"),
        ("Izium", 2, "district"),
    ]


def test_bare_names_before_counties_and_of_named_counties_are_the_counties() -> None:
    douglas = us_place(361, "Douglas County", "Nebraska", 41.3, -96.15, PlaceKind.DISTRICT, 500_000)
    lancaster_county = us_place(
        362, "Lancaster County", "Nebraska", 40.78, -96.69, PlaceKind.DISTRICT, 290_000
    )
    lancaster_pa = us_place(363, "Lancaster", "Pennsylvania", 40.04, -76.31, PlaceKind.CITY, 59_000)
    dekalb_county = us_place(364, "DeKalb County", "Georgia", 33.77, -84.23, PlaceKind.DISTRICT, 700_000)
    dekalb_il = us_place(365, "DeKalb", "Illinois", 41.93, -88.75, PlaceKind.CITY, 43_000)
    douglas_ga = us_place(366, "Douglas", "Georgia", 31.51, -82.85, PlaceKind.CITY, 11_000)
    entries = [douglas, lancaster_county, lancaster_pa, dekalb_county, dekalb_il, douglas_ga]
    places = Places(Gazetteer.from_entries([(e, []) for e in entries]))
    listed = read_places(places, "Roads closed in Douglas and Lancaster counties.")
    assert [p.name for p in listed] == ["Douglas County", "Lancaster County"]
    named = read_places(places, "DeKalb County schools reopened; DeKalb officials were relieved.")
    assert [p.geonameid for p in named] == [364, 364]


def test_a_name_of_common_words_capitalised_together_is_a_place() -> None:
    west_bank = Entry(
        371, "West Bank", "PS", "Palestine", "West Bank", "", 32.0, 35.25, PlaceKind.REGION, 2_900_000
    )
    places = Places(Gazetteer.from_entries([(west_bank, [])]))
    assert [p.name for p in read_places(places, "Settlements in the West Bank grew.")] == ["West Bank"]
    assert read_places(places, "The west bank of the river flooded.") == []


def test_a_lower_case_word_is_a_place_only_under_the_place_s_own_name() -> None:
    jining = Entry(381, "Jining", "CN", "China", "Shandong", "", 35.4, 116.6, PlaceKind.CITY, 1_200_000)
    places = Places(Gazetteer.from_entries([(jining, ["Dining"]), (KYIV, [])]))
    assert [p.name for p in read_places(places, "the dining hall in kyiv")] == ["Kyiv"]


def test_a_saint_and_a_title_before_a_surname_are_not_places() -> None:
    patrick = us_place(391, "Patrick", "Virginia", 36.68, -80.28, PlaceKind.CITY, 18_000)
    ripley = us_place(392, "Ripley", "West Virginia", 38.82, -81.71, PlaceKind.CITY, 15_000)
    places = Places(Gazetteer.from_entries([(patrick, []), (ripley, [])]))
    text = "The St. Patrick's Day parade was fun, said coach Ripley."
    assert read_places(places, text) == []


def test_an_office_after_a_name_makes_it_a_place_whatever_spacy_calls_it() -> None:
    huntsville = us_place(401, "Huntsville", "Texas", 30.72, -95.55, PlaceKind.CITY, 41_000)
    places = Places(Gazetteer.from_entries([(huntsville, [])]))
    text = "Huntsville Fire Chief Tom Grisham spoke."
    parsed = with_entities(text, [("Huntsville Fire Chief Tom Grisham", "PERSON")])
    assert [p.name for p in read_places(places, text, spacy=parsed)] == ["Huntsville"]


def test_a_person_or_organisation_named_like_a_small_town_abroad_is_that_actor() -> None:
    toyota = Entry(411, "Toyota", "JP", "Japan", "Aichi", "", 35.08, 137.16, PlaceKind.CITY, 420_000)
    dayton = us_place(412, "Dayton", "Ohio", 39.76, -84.19, PlaceKind.CITY, 140_000)
    ohio = us_place(413, "Ohio", "Ohio", 40.4, -82.7, PlaceKind.REGION, 11_000_000)
    places = Places(Gazetteer.from_entries([(toyota, []), (dayton, []), (ohio, [])]))
    text = "Toyota will hire 300 workers in Dayton, Ohio."
    parsed = with_entities(text, [("Toyota", "ORG"), ("Dayton", "GPE"), ("Ohio", "GPE")])
    assert [p.name for p in read_places(places, text, spacy=parsed)] == ["Dayton", "Ohio"]


def test_a_region_s_demonym_is_a_mention_of_the_region() -> None:
    ohio = us_place(421, "Ohio", "Ohio", 40.4, -82.7, PlaceKind.REGION, 11_000_000)
    places = Places(Gazetteer.from_entries([(ohio, [])]))
    text = "Ohioans voted on Tuesday."
    parsed = with_entities(text, [("Ohioans", "NORP")])
    assert [(p.name, p.precision) for p in read_places(places, text, spacy=parsed)] == [("Ohio", 3)]
    doc = Doc(Article(id="t", text=text))
    resolved = places.resolve_span(doc, Span(0, 7))
    assert resolved is not None and resolved.name == "Ohio"


def test_a_town_and_its_container_written_as_one_name_are_read_as_two() -> None:
    washington = us_place(431, "Washington", "Washington, D.C.", 38.9, -77.04, PlaceKind.CITY, 690_000)
    district = us_place(432, "Washington, D.C.", "Washington, D.C.", 38.9, -77.02, PlaceKind.REGION, 690_000)
    places = Places(Gazetteer.from_entries([(washington, ["Washington, D.C."]), (district, ["D.C."])]))
    found = read_places(places, "She works in Washington, D.C., for a charity.")
    assert [(p.span.text_of("She works in Washington, D.C., for a charity."), p.kind) for p in found] == [
        ("Washington", PlaceKind.CITY),
        ("D.C", PlaceKind.REGION),
    ]


def test_a_given_name_no_place_bears_is_put_in_the_town_the_article_names_most() -> None:
    dayton = us_place(441, "Dayton", "Ohio", 39.76, -84.19, PlaceKind.CITY, 140_000)
    xenia = us_place(442, "Xenia", "Ohio", 39.68, -83.93, PlaceKind.CITY, 26_000)
    places = Places(Gazetteer.from_entries([(dayton, []), (xenia, [])]))
    text = "A fire in Xenia. Crews from Dayton reached Maple Street; Dayton firefighters stayed."
    doc = Doc(Article(id="t", text=text))
    start = text.index("Maple Street")
    street = places.resolve_span(doc, Span(start, start + len("Maple Street")))
    assert street is not None
    assert (street.name, street.precision, street.span.text_of(text)) == ("Dayton", 2, "Maple Street")
    assert street.confidence < 0.5


def test_a_given_name_no_place_bears_stays_unresolved_when_the_article_names_no_town() -> None:
    places = Places(Gazetteer.from_entries([(UKRAINE, [])]))
    text = "Talks on Maple Street, Ukraine."
    doc = Doc(Article(id="t", text=text))
    assert places.resolve_span(doc, Span(9, 21)) is None


def test_a_region_the_article_names_more_often_weighs_more_for_an_ambiguous_county() -> None:
    boone_ky = us_place(451, "Boone County", "Kentucky", 38.97, -84.73, PlaceKind.DISTRICT, 82_000)
    boone_in = us_place(452, "Boone County", "Indiana", 40.05, -86.47, PlaceKind.DISTRICT, 51_000)
    indiana = us_place(453, "Indiana", "Indiana", 40.0, -86.1, PlaceKind.REGION, 6_700_000)
    kentucky = us_place(454, "Kentucky", "Kentucky", 37.5, -85.3, PlaceKind.REGION, 4_500_000)
    places = Places(Gazetteer.from_entries([(boone_ky, []), (boone_in, []), (indiana, []), (kentucky, [])]))
    text = (
        "Boone County's jobless rate rose in February. Across Indiana rates rose; Indiana employers and "
        "Indiana schools expect more. In Kentucky they fell."
    )
    found = read_places(places, text)
    assert (found[0].name, found[0].admin1) == ("Boone County", "Indiana")


def test_monitoring_reports_are_about_ukraine_even_when_a_name_is_likelier_abroad() -> None:
    tambov = Entry(
        461, "Pervomayskiy", "RU", "Russia", "Tambov Oblast", "", 53.25, 40.29, PlaceKind.VILLAGE, 13_000
    )
    tula = Entry(
        462, "Pervomayskiy", "RU", "Russia", "Tula Oblast", "", 54.0, 37.5, PlaceKind.VILLAGE, 11_000
    )
    donbas = Entry(
        463, "Pervomaiskyi", "UA", "Ukraine", "Donetsk Oblast", "", 48.1, 37.9, PlaceKind.VILLAGE, 0
    )
    places = Places(
        Gazetteer.from_entries([(tambov, ["Pervomaiskyi"]), (tula, ["Pervomaiskyi"]), (donbas, [])])
    )
    found = read_places(places, "The OSCE SMM recorded 12 bursts of fire near Pervomaiskyi.")
    assert [(p.name, p.admin1) for p in found] == [("Pervomaiskyi", "Donetsk Oblast")]


def test_a_small_town_s_name_after_a_group_s_members_is_the_group() -> None:
    svoboda = Entry(471, "Svoboda", "UA", "Ukraine", "Sumy Oblast", "", 51.0, 34.0, PlaceKind.VILLAGE, 0)
    smila = Entry(472, "Smila", "UA", "Ukraine", "Cherkasy Oblast", "", 49.22, 31.87, PlaceKind.CITY, 68_000)
    places = Places(Gazetteer.from_entries([(svoboda, []), (smila, [])]))
    found = read_places(
        places, "Members of Svoboda marched with flags through Smila. Svoboda's mayor watched."
    )
    assert [p.name for p in found] == ["Smila", "Svoboda"]


def test_a_misspelt_name_in_a_monitoring_report_is_found_among_the_donbas_places() -> None:
    toretske = Entry(
        481, "Verkhnotoretske", "UA", "Ukraine", "Donetsk Oblast", "", 48.2, 37.9, PlaceKind.VILLAGE, 0
    )
    oblasts = [(DONETSK_OBLAST, ["Donetsk"]), (LUHANSK_OBLAST, ["Luhansk"])]
    places = Places(Gazetteer.from_entries([(toretske, []), *oblasts]))
    text = "Monitors of the OSCE heard 4 explosions near Verkhnyotoretske."
    found = read_places(places, text)
    assert [(p.name, p.span.text_of(text)) for p in found] == [("Verkhnotoretske", "Verkhnyotoretske")]
    assert read_places(places, "Wire services reported 4 explosions near Verkhnyotoretske.") == []


def test_a_village_just_across_the_border_of_the_named_region_is_still_the_village() -> None:
    sanzharivka = Entry(
        491, "Sanzharivka", "UA", "Ukraine", "Luhansk Oblast", "", 48.43, 38.36, PlaceKind.VILLAGE, 0
    )
    far = Entry(492, "Chaika", "UA", "Ukraine", "Crimea", "", 44.9, 34.1, PlaceKind.VILLAGE, 0)
    oblasts = [(DONETSK_OBLAST, ["Donetsk"]), (LUHANSK_OBLAST, ["Luhansk"])]
    places = Places(Gazetteer.from_entries([(sanzharivka, []), (far, []), *oblasts]))
    near = read_places(places, "Mortars were fired near Sanzharivka, Donetsk.")
    assert [(p.name, p.admin1) for p in near][:1] == [("Sanzharivka", "Luhansk Oblast")]
    away = read_places(places, "Mortars were fired near Chaika, Donetsk.")
    assert [p.name for p in away][:1] == ["Donetsk Oblast"]


def test_a_village_name_of_a_monitoring_report_with_namesakes_only_elsewhere_is_the_area() -> None:
    crimea = Entry(501, "Oktyabr", "UA", "Ukraine", "Crimea", "", 45.3, 34.0, PlaceKind.VILLAGE, 900)
    oblasts = [(DONETSK_OBLAST, ["Donetsk"]), (LUHANSK_OBLAST, ["Luhansk"])]
    places = Places(Gazetteer.from_entries([(crimea, []), *oblasts]))
    found = read_places(places, "The OSCE SMM recorded 6 explosions near Oktyabr Mine.")
    assert [
        (p.name, p.span.text_of("The OSCE SMM recorded 6 explosions near Oktyabr Mine.")) for p in found
    ] == [("Donetsk Oblast", "Oktyabr")]
    found = read_places(places, "The OSCE SMM heard shots near Oktyabr, Luhansk region.")
    assert [p.name for p in found][:1] == ["Luhansk Oblast"]
    assert [p.name for p in read_places(places, "A fire broke out near Oktyabr.")] == ["Oktyabr"]


def test_a_village_in_a_region_the_article_names_is_kept_whatever_country_the_article_votes_for() -> None:
    tatarstan = Entry(
        511, "Zelenodolsk", "RU", "Russia", "Tatarstan", "", 55.85, 48.5, PlaceKind.CITY, 99_000
    )
    ukraine = Entry(
        512,
        "Zelenodolsk",
        "UA",
        "Ukraine",
        "Dnipropetrovsk Oblast",
        "",
        47.57,
        33.65,
        PlaceKind.VILLAGE,
        12_000,
    )
    oblast = region(513, "Dnipropetrovsk Oblast", "UA", 48.45, 34.98, 3_200_000)
    places = Places(Gazetteer.from_entries([(tatarstan, []), (ukraine, []), (oblast, ["Dnipropetrovsk"])]))
    found = read_places(
        places, "Russian artillery struck Zelenodolsk, Dnipropetrovsk, overnight. Russian troops advanced."
    )
    assert (found[0].name, found[0].country) == ("Zelenodolsk", "Ukraine")


def test_an_unknown_name_near_which_monitors_heard_fire_is_somewhere_in_their_area() -> None:
    oblasts = [(DONETSK_OBLAST, ["Donetsk"]), (LUHANSK_OBLAST, ["Luhansk"])]
    places = Places(Gazetteer.from_entries(oblasts))
    found = read_places(places, "The OSCE SMM heard 3 shots near Zhabichevo, in Luhansk region.")
    assert [(p.name, p.precision) for p in found][:1] == [("Luhansk Oblast", 3)]
    assert read_places(places, "Reporters heard 3 shots near Zhabichevo.") == []


def test_a_region_after_a_district_and_a_comma_is_the_district_s_container() -> None:
    konotop = town(521, "Konotop", "UA", "Sumy Oblast", 51.24, 33.2, 85_000)
    sumy = town(522, "Sumy", "UA", "Sumy Oblast", 50.91, 34.8, 260_000)
    places = Places(Gazetteer.from_entries([(konotop, []), (sumy, []), (SUMY_OBLAST, ["Sumy"])]))
    found = read_places(places, "A mine exploded in Konotop district, Sumy, on Thursday.")
    assert [(p.name, p.precision) for p in found] == [("Konotop", 2), ("Sumy Oblast", 3)]


def test_a_given_name_spelt_close_to_a_place_is_that_place_only_when_the_article_names_no_town() -> None:
    dayton = us_place(531, "Dayton", "Ohio", 39.76, -84.19, PlaceKind.CITY, 140_000)
    cincinnati = us_place(532, "Cincinnati", "Ohio", 39.1, -84.5, PlaceKind.CITY, 300_000)
    places = Places(Gazetteer.from_entries([(dayton, []), (cincinnati, [])]))
    text = "Students in Dayton walked to Cincinatti Hall."
    doc = Doc(Article(id="t", text=text))
    start = text.index("Cincinatti")
    assert places.resolve_span(doc, Span(start, start + 10)).name == "Dayton"  # type: ignore[union-attr]
    alone = "Students walked to Cincinatti."
    doc = Doc(Article(id="t", text=alone))
    start = alone.index("Cincinatti")
    assert places.resolve_span(doc, Span(start, start + 10)).name == "Cincinnati"  # type: ignore[union-attr]
