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
from sitrep.stages.timex import find_timex

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


# Newer phrasing, and TimeML's kinds (find_timex, used by the scorer only)


@pytest.mark.parametrize(
    ("text", "expression", "start", "end"),
    [
        ("The ferry was built in 1990.", "1990", date(1990, 1, 1), date(1990, 12, 31)),
        ("on Tuesday, Oct. 26, officials said", "Tuesday, Oct. 26", date(2021, 10, 26), date(2021, 10, 26)),
        ("It opened in July last year.", "July last year", date(2021, 7, 1), date(2021, 7, 31)),
        ("Elections are expected in December.", "December", date(2022, 12, 1), date(2022, 12, 31)),
        ("The summit is expected in January.", "January", date(2023, 1, 1), date(2023, 1, 31)),
        ("Talks resume next year.", "next year", date(2023, 1, 1), date(2023, 12, 31)),
    ],
)
def test_years_months_and_named_days(text: str, expression: str, start: date, end: date) -> None:
    ref = one(text)
    assert (ref.text, ref.start, ref.end) == (expression, start, end)


@pytest.mark.parametrize(
    "text", ["2000 troops crossed the border.", "It cost $1998.", "Jan Kavan said so.", "a 1,999 vote margin"]
)
def test_counts_names_and_amounts_are_not_dates(text: str) -> None:
    assert find_times(text, anchor=THURSDAY) == []


def test_a_weekday_that_names_a_done_thing_is_past() -> None:
    assert one("They will appeal Wednesday's ruling.").start == date(2022, 4, 6)


@pytest.mark.parametrize(
    ("text", "expression", "kind", "value"),
    [
        ("Shelling continued for three days.", "three days", "DURATION", "P3D"),
        ("a 10-hour curfew", "10-hour", "DURATION", "PT10H"),
        ("over the past two months", "the past two months", "DURATION", "P2M"),
        ("The city is now encircled.", "now", "DATE", "PRESENT_REF"),
        ("Aid was recently cut.", "recently", "DATE", "PAST_REF"),
        ("Convoys run daily.", "daily", "SET", "P1D"),
        ("Profit fell in the third quarter.", "the third quarter", "DATE", "2021-Q3"),
        ("Output doubled in the 1990s.", "the 1990s", "DATE", "199"),
        ("Strikes resumed at 10 p.m. Wednesday.", "10 p.m. Wednesday", "TIME", "2022-04-06T22:00"),
        ("Strikes resumed Wednesday night.", "Wednesday night", "TIME", "2022-04-06TNI"),
        ("It was colder this winter.", "this winter", "DATE", "2022-WI"),
        ("The 6-year-old girl survived.", None, None, None),
    ],
)
def test_timeml_kinds(text: str, expression: str | None, kind: str | None, value: str | None) -> None:
    found = find_timex(text, anchor=THURSDAY)
    assert [(t.text, t.type, t.value) for t in found] == ([(expression, kind, value)] if expression else [])


def test_durations_and_vague_references_stay_out_of_the_pipeline() -> None:
    text = "Shelling continued for three days and is now heavier; it was recently daily."
    assert find_times(text, anchor=THURSDAY) == []
    assert {t.type for t in find_timex(text, anchor=THURSDAY)} == {"DURATION", "DATE", "SET"}


def test_timeml_dates_agree_with_find_times() -> None:
    text = "Russia attacked on 24 February 2022; the mission reported it last week, in March."
    assert [t.ref for t in find_timex(text, anchor=THURSDAY)] == find_times(text, anchor=THURSDAY)
    assert [t.value for t in find_timex(text, anchor=THURSDAY)] == ["2022-02-24", "2022-W13", "2022-03"]


@settings(max_examples=400, deadline=None)
@given(TEXTS, st.one_of(ANCHORS, st.dates(), st.sampled_from([date.min, date.max])))
def test_find_timex_never_raises(text: str, anchor: date) -> None:
    for timex in find_timex(text, anchor=anchor):
        assert timex.type in ("DATE", "TIME", "DURATION", "SET")
        assert text[timex.span.start : timex.span.end] == timex.text
