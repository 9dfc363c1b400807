"""find_times: news phrasing resolved against the dateline, never against the machine's clock."""

from __future__ import annotations

import calendar
import time
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitrep.models import Granularity, TimeRef
from sitrep.stages.times import find_times

THURSDAY = date(2022, 4, 7)  # the seed's dateline


def resolved(text: str, anchor: date = THURSDAY) -> list[tuple[str, date, date, str]]:
    return [(t.text, t.start, t.end, t.relation) for t in find_times(text, anchor=anchor)]


def one(text: str, anchor: date = THURSDAY) -> TimeRef:
    found = find_times(text, anchor=anchor)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("text", "expression", "day"),
    [
        ("a senior US Department of Defense official said Wednesday.", "Wednesday", date(2022, 4, 6)),
        ("Oleksiy Arestovych assured this Wednesday that", "this Wednesday", date(2022, 4, 6)),
        ("the country. last february 24 specified the adviser", "last february 24", date(2022, 2, 24)),
        ("The minister spoke Thursday.", "Thursday", THURSDAY),
        ("They met last Thursday.", "last Thursday", date(2022, 3, 31)),
        ("The delegations will meet on Monday.", "Monday", date(2022, 4, 11)),
        ("It said it would hold talks on Friday.", "Friday", date(2022, 4, 8)),
        ("Yesterday a strike hit the depot.", "Yesterday", date(2022, 4, 6)),
        ("Russia attacked on 24 February 2022.", "24 February 2022", date(2022, 2, 24)),
        ("Filed 2022-03-01 by the mission.", "2022-03-01", date(2022, 3, 1)),
        ("on the 24th of February", "the 24th of February", date(2022, 2, 24)),
        ("The town fell three days ago.", "three days ago", date(2022, 4, 4)),
    ],
)
def test_day_expressions(text: str, expression: str, day: date) -> None:
    ref = one(text)
    assert (ref.text, ref.start, ref.end, ref.granularity) == (expression, day, day, Granularity.DAY)
    assert ref.anchor == THURSDAY
    assert ref.span is not None and text[ref.span.start : ref.span.end] == expression


@pytest.mark.parametrize(
    ("text", "start", "end", "granularity"),
    [
        ("Shelling overnight hit Kharkiv.", date(2022, 4, 6), THURSDAY, Granularity.DAY),
        ("Strikes resumed earlier this week.", date(2022, 4, 4), THURSDAY, Granularity.WEEK),
        ("Prices rose last month.", date(2022, 3, 1), date(2022, 3, 31), Granularity.MONTH),
        ("The city was encircled in March.", date(2022, 3, 1), date(2022, 3, 31), Granularity.MONTH),
        ("Figures for March 2022 were published.", date(2022, 3, 1), date(2022, 3, 31), Granularity.MONTH),
        ("Fighting was heavy in May.", date(2021, 5, 1), date(2021, 5, 31), Granularity.MONTH),
    ],
)
def test_period_expressions(text: str, start: date, end: date, granularity: Granularity) -> None:
    ref = one(text)
    assert (ref.start, ref.end, ref.granularity) == (start, end, granularity)


def test_since_the_invasion_until_april_4_is_a_period() -> None:
    assert resolved("1,480 civilians killed since the Russian invasion began until April 4") == [
        ("the Russian invasion began", date(2022, 2, 24), date(2022, 2, 24), "since"),
        ("April 4", date(2022, 4, 4), date(2022, 4, 4), "until"),
    ]


@pytest.mark.parametrize("text", ["from March 1 to March 5", "between March 1 and March 5"])
def test_two_ends_of_a_period(text: str) -> None:
    assert resolved(text) == [
        ("March 1", date(2022, 3, 1), date(2022, 3, 1), "since"),
        ("March 5", date(2022, 3, 5), date(2022, 3, 5), "until"),
    ]


def test_to_and_and_without_a_period_are_plain_dates() -> None:
    assert [r[3] for r in resolved("Talks on March 1 and March 5 failed.")] == ["", ""]


def test_the_invasion_is_not_dated_before_it_happened() -> None:
    assert resolved("the invasion", anchor=date(2022, 1, 10)) == []


@pytest.mark.parametrize(
    "text",
    [
        "It happened on February 30.",
        "February 30, 2022",
        "2022-02-30",
        "the 31st of April",
        "They may withdraw.",
        "Troops march on Kyiv.",
        "This may be the last convoy.",
        "99999999999 days ago",
    ],
)
def test_impossible_dates_and_words_that_are_not_dates_give_nothing(text: str) -> None:
    assert find_times(text, anchor=THURSDAY) == []


@pytest.mark.parametrize("anchor", [date.min, date.max])
def test_anchor_at_the_ends_of_the_calendar_gives_no_error(anchor: date) -> None:
    found = find_times("yesterday, last year, next Monday, in March, february 24, 3 days ago", anchor=anchor)
    assert all(date.min <= ref.start <= ref.end <= date.max for ref in found)


# Property tests

ANCHORS = st.dates(min_value=date(1950, 1, 1), max_value=date(2100, 12, 31))
WEEKDAYS = [d.capitalize() for d in calendar.day_name]
MONTHS = list(calendar.month_name)[1:]
PAST_TENSE = st.one_of(
    st.builds("The market was shelled on {}.".format, st.sampled_from(WEEKDAYS)),
    st.builds("It was hit last {}.".format, st.sampled_from(WEEKDAYS)),
    st.builds("Two were killed last {} {}.".format, st.sampled_from(MONTHS), st.integers(1, 28)),
    st.builds("Hundreds died in {}.".format, st.sampled_from(MONTHS)),
    st.builds("The bridge was destroyed {} days ago.".format, st.integers(0, 4000)),
)
PIECES = [
    "since", "until", "from", "to", "and", "between", "last", "next", "this", "the", "of", "in", "will",
    "Monday", "may", "February", "feb.", "30", "29", "24th", "2022", "1999", "-", "days ago", "weekend",
    "overnight", "yesterday", "week", "month", "invasion began", ",", ".", "99999999999",
]  # fmt: skip
TEXTS = st.one_of(st.text(max_size=120), st.lists(st.sampled_from(PIECES), max_size=16).map(" ".join))


@settings(max_examples=600, deadline=None)
@given(TEXTS, st.one_of(ANCHORS, st.dates(), st.sampled_from([date.min, date.max])))
def test_find_times_never_raises(text: str, anchor: date) -> None:
    for ref in find_times(text, anchor=anchor):
        assert ref.start <= ref.end
        assert ref.span is not None and text[ref.span.start : ref.span.end] == ref.text


@settings(max_examples=600, deadline=None)
@given(PAST_TENSE, ANCHORS)
def test_past_tense_is_never_resolved_after_the_anchor(text: str, anchor: date) -> None:
    (ref,) = find_times(text, anchor=anchor)
    assert ref.start <= anchor, (text, anchor, ref)


def _in_time_zone(zone: str, text: str, anchor: date) -> list[TimeRef]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("TZ", zone)
        time.tzset()
        found = find_times(text, anchor=anchor)
    time.tzset()
    return found


@settings(max_examples=150, deadline=None)
@given(st.one_of(TEXTS, PAST_TENSE), ANCHORS)
def test_results_do_not_depend_on_the_machine_time_zone(text: str, anchor: date) -> None:
    # UTC+14 and UTC-12 are always on different calendar days, so any use of the clock's "today" shows.
    assert _in_time_zone("AAA-14", text, anchor) == _in_time_zone("BBB+12", text, anchor)


def test_time_zones_used_above_really_differ() -> None:
    assert _local_day("AAA-14") != _local_day("BBB+12")


def _local_day(zone: str) -> int:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("TZ", zone)
        time.tzset()
        day = time.localtime().tm_yday
    time.tzset()
    return day
