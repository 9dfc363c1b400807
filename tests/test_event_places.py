"""Which of a sentence's places locate its event (stages/event_places.py), through the whole pipeline."""

from __future__ import annotations

from datetime import date
from typing import Any

from sitrep import export


def event_places(read_report: Any, text: str) -> list[list[str]]:
    reading = export.reading_json(read_report(text, published=date(2022, 3, 10)))
    return [[p["name"] for p in e["places"]] for e in reading["events"]]


def test_a_place_inside_an_armed_group_name_is_not_the_event_place(read_report: Any) -> None:
    text = "Ukrainian forces fired mortars at the Luhansk People's Militia near Zhovte, Luhansk."
    places = event_places(read_report, text)
    assert places and all("Luhansk" not in names for names in places)
    assert any("Zhovte" in names for names in places)


def test_the_ends_of_a_route_are_not_the_event_place(read_report: Any) -> None:
    text = "Russian forces shelled a bus on the Izium-Kharkiv highway near Volokhiv Yar, Kharkiv, on Sunday."
    assert event_places(read_report, text)[0] == ["Volokhiv Yar"]


def test_a_city_and_its_district_joined_by_a_dash_are_no_route(read_report: Any) -> None:
    text = "Artillery hit Donetsk - Kirovskyi on Tuesday, damaging a school."
    assert event_places(read_report, text)[0] == ["Donetsk"]


def test_a_named_part_of_a_city_gives_the_city(read_report: Any) -> None:
    text = "Russian artillery shelled the Kirov and Levoberezhny neighbourhoods of Mariupol on Tuesday."
    assert event_places(read_report, text)[0] == ["Mariupol"]


def test_the_forces_of_a_country_are_not_where_they_attacked(read_report: Any) -> None:
    text = "The military forces of Russia launched a rocket attack on Boryspil, Kyiv, on Thursday."
    assert event_places(read_report, text)[0] == ["Boryspil"]


def test_nationality_words_are_never_event_places(read_report: Any) -> None:
    text = "Russian artillery struck a hospital in Vuhledar on Wednesday, wounding five people."
    assert event_places(read_report, text)[0] == ["Vuhledar"]


def test_a_raion_of_a_region_gives_its_town(read_report: Any) -> None:
    text = "Russian forces opened fire on a civilian car in Izium district of Kharkiv region on Sunday."
    assert event_places(read_report, text)[0] == ["Izyum"]


def test_a_quoted_name_is_a_thing_not_the_event_place(read_report: Any) -> None:
    text = "On Friday 'Hurricane' rockets hit a school in Vorzel, Kyiv."
    assert event_places(read_report, text) == [["Vorzel"]]


def test_a_place_in_the_name_of_a_building_or_treaty_is_not_the_event_place(read_report: Any) -> None:
    text = "Russian artillery shelled the Gagarin Stadium in Chernihiv on Friday."
    assert event_places(read_report, text)[0] == ["Chernihiv"]
    text = "Russian forces shelled the Mariupol Drama Theater, the Security Service of Ukraine said."
    assert event_places(read_report, text)[0] == ["Mariupol"]


def test_a_plant_named_after_a_city_is_where_the_text_places_it(read_report: Any) -> None:
    text = "Russian forces shelled the Kherson hydroelectric station near Nova Kakhovka, Kherson, on Monday."
    assert event_places(read_report, text)[0] == ["Nova Kakhovka"]


def test_a_town_near_which_it_happened_after_its_region_is_the_event_place(read_report: Any) -> None:
    text = "Two drones were shot down in Kharkiv region near Nova Vodolaha on Tuesday."
    assert event_places(read_report, text)[0] == ["Nova Vodolaha"]


def test_where_the_attackers_came_from_is_not_the_event_place(read_report: Any) -> None:
    text = "Russian forces from Kozacha Lopan fired mortars at Derhachi, Kharkiv, on Monday."
    assert event_places(read_report, text)[0] == ["Derhachi"]
    text = "Russian forces withdrew from Hostomel, Kyiv, on Monday."
    assert event_places(read_report, text)[0] == ["Hostomel"]


def test_a_building_named_after_its_own_town_is_in_that_town(read_report: Any) -> None:
    text = "The Bilohorivka school in Luhansk region was bombed on Sunday, officials said."
    assert event_places(read_report, text)[0] == ["Bilohorivka"]


def test_the_place_of_a_wire_lead_is_not_where_it_happened(read_report: Any) -> None:
    for lead in ("KYIV (Wire) - ", "KHARKIV, Ukraine, March 9 (Wire) -- ", "Kyiv, March 9 (Wire) - "):
        text = lead + "Russian shelling killed two people in Enerhodar on Tuesday, officials said."
        assert event_places(read_report, text) == [["Enerhodar"]], lead


def test_a_place_opening_a_sentence_is_not_a_wire_lead(read_report: Any) -> None:
    text = "Kyiv - the capital - was shelled overnight, killing two people, officials said."
    assert event_places(read_report, text) == [["Kyiv"]]


def test_an_apposition_naming_the_country_picks_the_namesake_in_it(read_report: Any) -> None:
    text = "Russian missiles hit a fuel depot in Novomoskovsk, a town in eastern Ukraine, officials said."
    reading = export.reading_json(read_report(text, published=date(2022, 6, 12)))
    assert [p["country"] for e in reading["events"] for p in e["places"]] == ["Ukraine"]
    assert [p["country"] for p in reading["places"] if p["span"]["text"] == "Novomoskovsk"] == ["Ukraine"]


def test_a_capital_that_fires_at_something_is_the_attacker_not_the_place(read_report: Any) -> None:
    assert event_places(read_report, "Moscow fired rockets at two towns in Vinnytsia region overnight.") == [
        ["Vinnytsia Oblast"]
    ]
    assert event_places(read_report, "Kharkiv was hit by missiles on Monday, killing two.") == [["Kharkiv"]]


def test_a_city_naming_a_time_zone_is_no_place(read_report: Any) -> None:
    text = "Russian forces shelled Kharkiv from 2pm Moscow time on Monday."
    reading = export.reading_json(read_report(text, published=date(2022, 4, 26)))
    assert "Moscow" not in [p["name"] for p in reading["places"]]
