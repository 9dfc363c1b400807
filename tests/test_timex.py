"""find_timex: TimeML's kinds (DATE, TIME, DURATION, SET) and values, used by the TimeML scorer."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitrep.stages.times import find_times
from sitrep.stages.timex import find_timex

THURSDAY = date(2022, 4, 7)
AUTUMN_REPORT = date(1989, 10, 26)  # a results report in the fourth quarter


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
        ("The strike came yesterday morning.", "yesterday morning", "TIME", "2022-04-06TMO"),
        ("Fighting resumed mid-afternoon yesterday.", "mid-afternoon yesterday", "TIME", "2022-04-06TAF"),
        ("Shelling overnight hit the city.", "overnight", "TIME", "2022-04-06TNI"),
        ("The sirens sounded at 1500 GMT.", "1500 GMT", "TIME", "2022-04-07T15:00"),
        ("It was colder this winter.", "this winter", "DATE", "2022-WI"),
        ("The 6-year-old girl survived.", None, None, None),
        ("The ferry leaves each Thursday.", "each Thursday", "SET", "XXXX-WXX-4"),
        ("Curfews start on Friday nights.", "Friday nights", "SET", "XXXX-WXX-5TNI"),
        ("Markets open on Mondays.", "Mondays", "SET", "XXXX-WXX-1"),
        ("Floods come every April.", "every April", "SET", "XXXX-04"),
        ("The party daily Pravda said so.", None, None, None),  # a newspaper
        ("Sales for the year were flat.", "the year", "DATE", "2022"),
    ],
)
def test_timeml_kinds(text: str, expression: str | None, kind: str | None, value: str | None) -> None:
    found = find_timex(text, anchor=THURSDAY)
    assert [(t.text, t.type, t.value) for t in found] == ([(expression, kind, value)] if expression else [])


def test_a_clock_time_takes_the_day_its_sentence_names() -> None:
    text = "The talks on Monday began at 10 a.m. and ended at noon. At 9 p.m. the convoy left."
    assert [t.value for t in find_timex(text, anchor=THURSDAY)] == [
        "2022-04-04", "2022-04-04T10:00", "2022-04-04T12:00", "2022-04-07T21:00",
    ]  # fmt: skip


def test_durations_and_vague_references_stay_out_of_the_pipeline() -> None:
    text = "Shelling continued for three days and is now heavier; it was recently daily."
    assert find_times(text, anchor=THURSDAY) == []
    assert {t.type for t in find_timex(text, anchor=THURSDAY)} == {"DURATION", "DATE", "SET"}


def test_timeml_dates_agree_with_find_times() -> None:
    text = "Russia attacked on 24 February 2022; the mission reported it last week, in March."
    assert [t.ref for t in find_timex(text, anchor=THURSDAY)] == find_times(text, anchor=THURSDAY)
    assert [t.value for t in find_timex(text, anchor=THURSDAY)] == ["2022-02-24", "2022-W13", "2022-03"]


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("Profit rose in the third quarter. A year earlier it fell.", ["1989-Q3", "1988-Q3"]),
        # a shift counts from what the text named, never from another shift
        (
            "Profit rose in the third quarter, from a year earlier; a year earlier still, it fell.",
            ["1989-Q3", "1988-Q3", "1988-Q3"],
        ),
        # "a year-earlier loss": the shift, not "a year" of duration
        ("A third-quarter loss, against a year-earlier profit.", ["1989-Q3", "1988-Q3"]),
        # after "the nine months" (more than a quarter), a year earlier is the year
        (
            "Profit rose in the third quarter. For the nine months, net fell from a year earlier.",
            ["1989-Q3", "P9M", "1988"],
        ),
        ("Sales for this year's third quarter beat next year's first quarter plan.", ["1989-Q3", "1990-Q1"]),
        ("In the 1988 second quarter it lost money.", ["1988-Q2"]),
        # a quarter told by its end is the calendar quarter holding most of its three months
        ("In the quarter ended July 31, sales rose.", ["1989-Q2", "1989-07-31"]),
        ("In the quarter ended Sept. 30, sales rose.", ["1989-Q3", "1989-09-30"]),
        ("Its fourth quarter ended Sept. 30.", ["1989-Q4", "1989-09-30"]),  # numbered: the company's own
        # a quarter put a year back is one expression
        ("Net fell from the quarter a year ago, or the corresponding period last year.", ["1988-Q3"] * 2),
        ("Results for the current quarter are due.", ["1989-Q4"]),
        ("Growth slowed in the first half of 1990 and the second half of 1989.", ["1990-H1", "1989-H2"]),
        ("Sales for the full year rose.", ["1989"]),
        ("Factories were busy this fall and last spring.", ["1989-FA", "1988-SP"]),
        ("the winter of nineteen ninety-four", ["1994-WI"]),
        ("The yards closed over the weekend.", ["1989-W42-WE"]),
        ("Prices have risen in recent years.", ["PAST_REF"]),
        ("Rates will fall in the near future.", ["FUTURE_REF"]),
        ("Output doubled in the nineties, as in the '80s and the 1970s.", ["199", "198", "197"]),
        ("It was built in the 11th century.", ["10"]),
        ("The deal should close by year-end.", ["1989"]),
        # a day or month counted from the last one the text named, not from the published day
        (
            "Shares closed lower on Oct. 20, down from the previous Friday and up from the following Monday.",
            ["1989-10-20", "1989-10-13", "1989-10-23"],
        ),
        ("Talks failed in March 1987. The following month, the firm was sold.", ["1987-03", "1987-04"]),
        ("Trades made that month were void.", []),  # no month named: any month
        (
            "The plant opened in 1985 and closed the following year; that year, 300 lost jobs.",
            ["1985", "1986", "1985"],
        ),
    ],
)
def test_timeml_values(text: str, values: list[str]) -> None:
    assert [t.value for t in find_timex(text, anchor=AUTUMN_REPORT)] == values


TEXTS = st.one_of(
    st.text(max_size=120),
    st.lists(
        st.sampled_from(
            "the a year-ago year earlier quarter period first second half of 1988 this next last 's fiscal "
            "current full weekend winter fall nineteen ninety recent past years 10 p.m. noon Friday ,".split()
        ),
        max_size=14,
    ).map(" ".join),
)
ANCHORS = st.one_of(st.dates(), st.sampled_from([date.min, date.max]))


@settings(max_examples=600, deadline=None)
@given(TEXTS, ANCHORS)
def test_find_timex_never_raises(text: str, anchor: date) -> None:
    for timex in find_timex(text, anchor=anchor):
        assert timex.type in ("DATE", "TIME", "DURATION", "SET")
        assert text[timex.span.start : timex.span.end] == timex.text


@pytest.mark.parametrize(
    ("text", "expression"),
    [
        # TimeML's extent: a word that says which part of a date is meant, or bounds an amount, belongs to
        # the expression (its `mod`); a preposition before it does not
        ("The plant will reopen early next year.", "early next year"),
        ("The bridge was finished at the end of 2021.", "the end of 2021"),
        ("Earlier this month the port was mined.", "Earlier this month"),
        ("The siege lasted nearly two months.", "nearly two months"),
        ("Power was cut for more than four hours.", "more than four hours"),
        ("Crossings stay shut for at least 30 days.", "at least 30 days"),
        ("Losses in the nine months ended Sept. 30 grew.", "the nine months"),
        ("Third-quarter losses and the 10-day truce.", "10-day"),
        ("Shelling went on over the weekend.", "the weekend"),
        ("The town was quiet in the past.", "the past"),
        ("Fighting was heavy in the past year.", "the past year"),
    ],
)
def test_extent_follows_timeml(text: str, expression: str) -> None:
    assert expression in [t.text for t in find_timex(text, anchor=THURSDAY)]


def test_the_before_a_quarter_that_modifies_a_noun_is_the_nouns() -> None:
    found = find_timex("The company reported the third-quarter loss.", anchor=AUTUMN_REPORT)
    assert [(t.text, t.value) for t in found] == [("third-quarter", "1989-Q3")]


def test_a_modifier_does_not_reach_into_the_expression_before() -> None:
    found = find_timex("From 2020 early 2021 was quiet.", anchor=THURSDAY)
    assert [t.text for t in found] == ["2020", "early 2021"]


def test_the_year_told_by_its_end_is_a_duration() -> None:
    found = find_timex("Sales for the year ended March 31 fell.", anchor=THURSDAY)
    assert [(t.text, t.type, t.value) for t in found] == [
        ("the year", "DURATION", "P1Y"),
        ("March 31", "DATE", "2022-03-31"),
    ]


def test_that_day_is_the_last_day_the_text_named() -> None:
    text = "The convoy left on Monday. Later that day it was shelled, and the next morning it turned back."
    assert [(t.text, t.type, t.value) for t in find_timex(text, anchor=THURSDAY)] == [
        ("Monday", "DATE", "2022-04-04"),
        ("Later that day", "DATE", "2022-04-04"),
        ("the next morning", "TIME", "2022-04-05TMO"),
    ]


def test_that_day_without_a_day_before_it_is_any_day() -> None:
    assert find_timex("Traders can lose on deals made that day.", anchor=THURSDAY) == []
