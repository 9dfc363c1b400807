"""event_context: event words that tell no event (conditions, other senses, frames, states, furniture), on
sentences written for the tests in the manner of feature writing and live blogs."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from sitrep import export

PUBLISHED = date(2022, 6, 15)


def events_of(read_report: Any, text: str, published: date = PUBLISHED) -> list[dict[str, Any]]:
    return list(export.reading_json(read_report(text, published=published))["events"])


@pytest.mark.parametrize(
    "text",
    [
        # conditions and suppositions
        "If a shell were to hit the reactor in Enerhodar, the damage would reach far beyond Ukraine.",
        "Should the defenders of the plant in Mariupol be taken prisoner, their fate is unclear.",
        "A prisoner exchange in Istanbul could be a solution, the minister said.",
        # other senses of the word
        "The new figures from Kharkiv demonstrate how the economy has shrunk.",
        "The mayor of Lviv attacked the minister for comparing the city to a fortress.",
        "The measures in Moscow are targeting the regime economically through sanctions on its banks.",
        "The battle for the east of Ukraine will decide the war, analysts in Kyiv say.",
        "Two volunteers from Denmark were fighting alongside the army near Kharkiv last year.",
        "The government in Kyiv aims to strike a deal with the lenders in London.",
        "The foreign minister toured Africa to rally support in Addis Ababa.",
        "The minister accused the alliance of fighting a proxy war in Ukraine.",
        "Moscow's goal may be to demonstrate to the west that it can win before the summit in Rome.",
        "The prime minister frequently clashes with Brussels over sanctions.",
        "Two men from Alabama had been fighting as part of the Ukrainian army near Kharkiv.",
        "The US announced new weapons for Ukraine's forces fighting Russia on Monday.",
        # frames around the event word
        "The president accused the allies of fuelling hostilities near Donetsk.",
        "Russia has started creating a military strike force aimed at the city of Kryvyi Rih.",
        "Officials in Moscow claim the missiles are capable of carrying nuclear warheads.",
        "The idea of a counteroffensive near Kherson is popular inside Ukraine.",
        "More than 350,000 people were rescued from the areas of hostilities near Kharkiv.",
        "Russia may seek land near Kherson as a buffer against the rocket artillery provided by the US.",
        "Officials in Kyiv warned of an escalation in hostilities near Kharkiv.",
        "Residents of Odesa live with the constant threat of air strikes.",
        "The country agreed to supply drones to the army in Kyiv.",
        "A shipment of missiles arrived in Rzeszow on Tuesday.",
        "The howitzers promised by its allies arrived in Lviv on Monday.",
        # states rather than acts
        "She spoke in a village in an area of Donetsk under the control of separatists east of Mariupol.",
        "Broadcasts now reach the whole of the occupied Kherson region.",
        "Teachers in Russia-occupied Melitopol were told to use the new curriculum.",
        "Visitors in Kyiv viewed an exhibition of destroyed tanks on Monday.",
        "A gunman carried out a targeted attack on a shop in the town, police said.",
        "Rifles and other equipment sent to the army in Kyiv will help, the minister said.",
        # page furniture
        "Smoke rises over Kharkiv after shelling on Monday.\n\nPhotograph: A Photographer/Agency",
        "Read more here: Missiles strike Odesa port on Saturday Read more",
    ],
)
def test_event_words_that_tell_no_event(read_report: Any, text: str) -> None:
    assert events_of(read_report, text) == []


@pytest.mark.parametrize(
    ("text", "sub_type"),
    [
        ("Russian artillery shelled Kharkiv on Monday.", "Shelling/artillery/missile attack"),
        (
            "Several dozen demonstrating residents blocked the road near Bakhmach on Monday.",
            "Peaceful protest",
        ),
        ("Russian air forces attacked Snihurivka on Monday.", "Air/drone strike"),
        (
            "On Monday, Ukrainian forces used multiple rocket launchers at positions near Donetsk.",
            "Shelling/artillery/missile attack",
        ),
        ("Russian forces captured the village of Dovhenke on Monday.", "Non-state actor overtakes territory"),
        ("About 2,000 people protested in Kherson on Monday against the occupation.", "Peaceful protest"),
    ],
)
def test_the_same_words_telling_events(read_report: Any, text: str, sub_type: str) -> None:
    assert [e["sub_type"] for e in events_of(read_report, text)] == [sub_type]


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("Russian missiles could hit Lviv within days, officials in Kyiv warned on Monday.", "planned"),
        ("A major counteroffensive near Kherson will require more artillery.", "planned"),
        ("Air defences near Kyiv prevented the detonation of two drones on Monday.", "not_happened"),
        ("The president made concessions in Kyiv to secure a peace agreement.", "planned"),
        ("Generals in Kyiv hope to launch a counteroffensive near Kherson.", "planned"),
        ("The governor said the troops in Severodonetsk had received the order to withdraw.", "planned"),
        (
            "There was no comment from Moscow about the prisoner swap in Zaporizhzhia on Wednesday.",
            "happened",
        ),
    ],
)
def test_speculation_prevention_and_what_was_not_commented_on(
    read_report: Any, text: str, status: str
) -> None:
    assert {e["status"] for e in events_of(read_report, text)} == {status}


def test_an_event_dated_well_before_the_report_is_background(read_report: Any) -> None:
    text = "Russia annexed Crimea in March 2014, and on Monday shelling hit Kharkiv."
    events = events_of(read_report, text)
    assert [(e["sub_type"], e["places"][0]["name"]) for e in events] == [
        ("Shelling/artillery/missile attack", "Kharkiv")
    ]


def test_a_heading_on_its_own_line_is_not_the_events_place(read_report: Any) -> None:
    text = "Kherson and the south\n\nRussian forces shelled Mykolaiv on Monday."
    assert [p["name"] for e in events_of(read_report, text) for p in e["places"]] == ["Mykolayiv"]


@pytest.mark.parametrize(
    "text",
    [
        "Kyiv and Moscow have traded blame over the strikes on the prison near Olenivka.",
        "Losses may be mounting under the bombardments that have marked Moscow's conduct of the war "
        "near Olenivka.",
    ],
)
def test_a_capital_named_for_its_government_is_not_the_events_place(read_report: Any, text: str) -> None:
    names = {p["name"] for e in events_of(read_report, text) for p in e["places"]}
    assert "Kyiv" not in names and "Moscow" not in names


@pytest.mark.parametrize(
    ("text", "places"),
    [
        # a place in brackets is an aside
        ("Russian forces shelled Mykolaiv [not Kherson] on Monday.", ["Mykolayiv"]),
        # the places of another clause, joined by "as", are where something else happened
        ("Russian forces shelled the outskirts overnight, as ministers gathered in Berlin for talks.", []),
        # a given name that is also a town's, in a person's name
        ("Russian jets bombed a school on Sunday, Volodymyr Zelenskiy said in Kyiv.", []),
        ("Russian jets bombed the Yavoriv Combat Training Center on Sunday.", ["Yavoriv"]),
        # the region that holds the town named next
        ("Last month the army withdrew from the Luhansk city of Sievierodonetsk.", ["Siverskodonetsk"]),
        # a detention centre is where prisoners were held, not an arrest; a speaker is not a place
        (
            "Strikes killed at least 40 prisoners held at a pre-trial detention centre in the village of "
            "Olenivka.",
            ["Olenivka"],
        ),
        (
            "There was no comment from Moscow about the prisoner swap in Zaporizhzhia on Wednesday.",
            ["Zaporizhzhya"],
        ),
        # whom someone sides with
        ("Russian and pro-Moscow forces shelled the steelworks in Mariupol on Sunday.", ["Mariupol"]),
    ],
)
def test_places_that_do_not_locate_the_event(read_report: Any, text: str, places: list[str]) -> None:
    assert [p["name"] for e in events_of(read_report, text) for p in e["places"]] == places
