"""The events stage on hand-written sentences (more shapes in tests/cases/)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sitrep import export


def events_of(read_report: Any, text: str, published: date = date(2022, 4, 7)) -> list[dict[str, Any]]:
    reading = export.reading_json(read_report(text, published=published))
    return list(reading["events"])


def test_a_verbless_headline_does_not_hang_and_reads_nothing_odd(read_report: Any) -> None:
    # The clause walk must stop at the root of a fragment with no verb.
    events = events_of(read_report, "Mariupol siege, day 40.")
    assert [(e["sub_type"], e["status"], e["places"][0]["name"]) for e in events] == [
        ("Other", "ongoing", "Mariupol")
    ]


def test_one_sentence_two_clauses_two_attacks(read_report: Any) -> None:
    text = (
        "A Russian missile struck an apartment block in Kyiv on Monday, and shelling hit a market in Kharkiv."
    )
    events = events_of(read_report, text)
    assert sorted(p["name"] for e in events for p in e["places"]) == ["Kharkiv", "Kyiv"]
    assert all(len(e["places"]) == 1 for e in events)


def test_negated_capture_is_not_happened(read_report: Any) -> None:
    events = events_of(read_report, "Russian troops have not captured Huliaipole, the mayor said on Monday.")
    assert [(e["sub_type"], e["status"]) for e in events] == [
        ("Non-state actor overtakes territory", "not_happened")
    ]


def test_destination_and_dateline_are_not_event_places(read_report: Any) -> None:
    text = (
        " date 2022-04-07 Washington Russian forces withdrew from Bucha to Belarus, "
        "officials said on Tuesday."
    )
    events = events_of(read_report, text)
    assert [p["name"] for e in events for p in e["places"]] == ["Bucha"]
    assert events[0]["occurred"]["start"] == "2022-04-05"


def test_running_tally_is_not_event_casualties(read_report: Any) -> None:
    text = (
        "At least 1,480 civilians have been killed since the invasion began until April 4, according to "
        "the UN human rights office, which also counts 2,195 wounded."
    )
    reading = export.reading_json(read_report(text, published=date(2022, 4, 7)))
    assert not any(e["fatalities"] for e in reading["events"])
    tally = reading["tallies"][0]
    assert (tally["period"]["start"], tally["period"]["end"]) == ("2022-02-24", "2022-04-04")
    assert "human rights office" in tally["organisation"]


def test_small_arms_fire_is_a_clash_and_heavy_weapons_a_shelling(read_report: Any) -> None:
    clash = events_of(
        read_report, "On 3 May 2022, separatist fighters fired small arms at Ukrainian troops near Avdiivka."
    )
    shelling = events_of(
        read_report,
        "On 3 May 2022, Ukrainian forces fired grenade launchers at rebel positions near Horlivka.",
    )
    assert [(e["sub_type"], e["actor1"], e["actor2"]) for e in clash[:1]] == [
        ("Armed clash", "NAF: United Armed Forces of Novorossiya", "Military Forces of Ukraine (2019-)")
    ]
    assert [(e["sub_type"], e["actor1"], e["actor2"]) for e in shelling[:1]] == [
        (
            "Shelling/artillery/missile attack",
            "Military Forces of Ukraine (2019-)",
            "NAF: United Armed Forces of Novorossiya",
        )
    ]


def test_victims_counted_in_the_next_sentence_belong_to_the_event(read_report: Any) -> None:
    events = events_of(
        read_report, "On 4 May 2022, Russian forces shelled Vuhledar. Two civilians were killed."
    )
    assert [(e["actor2"], e["fatalities"]["value"]) for e in events] == [("Civilians (Ukraine)", 2)]


def test_a_protest_nobody_broke_up_has_no_second_actor(read_report: Any) -> None:
    events = events_of(
        read_report, "On 5 May 2022, local residents protested in Kherson against the Russian occupation."
    )
    assert [(e["sub_type"], e["actor1"], e["actor2"]) for e in events] == [
        ("Peaceful protest", "Protesters (Ukraine)", "")
    ]


def test_a_second_attack_on_another_day_is_not_merged_into_the_first(read_report: Any) -> None:
    text = (
        "Russian missiles hit a dormitory in Kharkiv overnight, killing five people, the governor said.\n\n"
        "The strike came days after a missile attack on a block in the city last Friday killed seven people."
    )
    events = events_of(read_report, text, published=date(2022, 8, 23))
    first = next(e for e in events if e["fatalities"] and e["fatalities"]["value"] == 5)
    assert len(first["evidence"]) == 1
