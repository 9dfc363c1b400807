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
