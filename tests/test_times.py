"""find_times: news phrasing resolved against the dateline, never against the machine's clock."""

from __future__ import annotations

import calendar
import time
from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitrep import export
from sitrep.models import Granularity, TimeRef
from sitrep.stages.times import dateline_anchor, find_times, governing_time

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


# Which way a recurring name points: the governing verb's tense (THURSDAY is 2022-04-07)


@pytest.mark.parametrize(
    ("text", "expression", "day"),
    [
        # past tense looks back, to the most recent such day (the anchor itself included)
        ("Shelling hit the station on Friday.", "Friday", date(2022, 4, 1)),
        ("The mayor was detained on Thursday.", "Thursday", THURSDAY),
        # future tense looks ahead, to the next such day (the anchor itself included: "Thursday" in a
        # Thursday report that says "will" is today)
        ("The council will vote on Friday.", "Friday", date(2022, 4, 8)),
        ("Talks are expected to resume on Thursday.", "Thursday", THURSDAY),
        ("The convoy is set to leave on Saturday.", "Saturday", date(2022, 4, 9)),
        ("The talks, which began on Monday, will resume on Friday.", "Monday", date(2022, 4, 4)),
        ("The talks, which began on Monday, will resume on Friday.", "Friday", date(2022, 4, 8)),
        # present tense with a weekday is a schedule
        ("The parliament is meeting again on Tuesday.", "Tuesday", date(2022, 4, 12)),
        pytest.param(
            "The parliament meets again on Tuesday, officials say.",
            "Tuesday",
            date(2022, 4, 12),
            marks=pytest.mark.xfail(strict=True, reason="a simple present verb is not recognised from words"),
        ),
        # no verb that says: a bare weekday in news is the past one
        ("Figures for Monday, the ministry's count.", "Monday", date(2022, 4, 4)),
        # a day without a year: past tense looks back, future ahead, and neither takes the nearest
        ("The talks were held on April 20.", "April 20", date(2021, 4, 20)),
        ("The talks will be held on March 30.", "March 30", date(2023, 3, 30)),
        ("The deadline is May 9.", "May 9", date(2022, 5, 9)),
        ("The deadline is Dec. 28.", "Dec. 28", date(2021, 12, 28)),
        # a period's end may lie ahead of a past verb: the offer was extended into the future
        ("The offer was extended to April 30.", "April 30", date(2022, 4, 30)),
        ("The corridor stayed open until April 4.", "April 4", date(2022, 4, 4)),
        # "since" always looks back
        ("The town has had no water since April 20.", "April 20", date(2021, 4, 20)),
        # a weekday given with the date picks the year in which they agree
        ("It was signed on Friday, April 24.", "Friday, April 24", date(2020, 4, 24)),
        # a plan seen from the past lies on either side: the nearest such day
        ("Volunteers planned to reopen the school on Saturday.", "Saturday", date(2022, 4, 9)),
        ("The rally was scheduled for Monday.", "Monday", date(2022, 4, 4)),
        # a day named between a determiner and its noun is a known day, whatever the verb: the nearest
        ("He would rebuild the homes that the April 2 shelling destroyed.", "April 2", date(2022, 4, 2)),
        ("Officials gave no reason for the April 15 deadline.", "April 15", date(2022, 4, 15)),
        # a deadline set until a weekday, as for a day of the month
        ("The mayor has extended the curfew until Saturday.", "Saturday", date(2022, 4, 9)),
        ("The corridor stayed open until Tuesday.", "Tuesday", date(2022, 4, 5)),
        # a long phrase put first still takes the verb after it
        (
            "In January, two weeks after the first talks between the delegations of the two countries in "
            "the border town, a convoy of trucks carrying grain, medicine and fuel was hit.",
            "January",
            date(2022, 1, 1),
        ),
    ],
)
def test_the_verb_tense_says_which_way_a_name_points(text: str, expression: str, day: date) -> None:
    ref = next(r for r in find_times(text, anchor=THURSDAY) if r.text == expression)
    assert ref.start == day


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("It was hit in March.", date(2022, 3, 1), date(2022, 3, 31)),
        ("The harvest will start in June.", date(2022, 6, 1), date(2022, 6, 30)),
        ("Exports fell in June.", date(2021, 6, 1), date(2021, 6, 30)),
        ("The law, adopted in February, will take effect in May.", date(2022, 5, 1), date(2022, 5, 31)),
        ("The plan is due in mid-May.", date(2022, 5, 1), date(2022, 5, 31)),
        ("It has been closed since November.", date(2021, 11, 1), date(2021, 11, 30)),
        ("The elections of this September.", date(2022, 9, 1), date(2022, 9, 30)),
        # "last March" said in April is a year back: the month just ended would be "last month"
        ("The dam was built last March.", date(2021, 3, 1), date(2021, 3, 31)),
        ("The dam was built last January.", date(2022, 1, 1), date(2022, 1, 31)),
    ],
)
def test_months_follow_the_tense_too(text: str, start: date, end: date) -> None:
    ref = find_times(text, anchor=THURSDAY)[-1]
    assert (ref.start, ref.end) == (start, end)


@pytest.mark.parametrize(
    ("text", "anchor", "start", "end"),
    [
        ("Strikes hit the port over the weekend.", date(2022, 4, 11), date(2022, 4, 9), date(2022, 4, 10)),
        ("Talks will continue over the weekend.", THURSDAY, date(2022, 4, 9), date(2022, 4, 10)),
        ("Shelling went on over the weekend.", date(2022, 4, 10), date(2022, 4, 9), date(2022, 4, 10)),
        ("Prices doubled in the past year.", THURSDAY, date(2021, 4, 7), THURSDAY),
        ("Aid arrived five months ago.", THURSDAY, date(2021, 11, 7), date(2021, 11, 7)),
        ("The city fell in nineteen ninety-four.", THURSDAY, date(1994, 1, 1), date(1994, 12, 31)),
        ("in the year two thousand", THURSDAY, date(2000, 1, 1), date(2000, 12, 31)),
        ("It began in January nineteen ninety-seven.", THURSDAY, date(1997, 1, 1), date(1997, 1, 31)),
    ],
)
def test_weekends_past_periods_and_spelled_years(text: str, anchor: date, start: date, end: date) -> None:
    ref = find_times(text, anchor=anchor)[-1]
    assert (ref.start, ref.end) == (start, end)


@pytest.mark.parametrize(
    ("text", "expression", "start", "end"),
    [
        (
            "Strikes hit Lviv on the night of March 8 to 9.",
            "March 8 to 9",
            date(2022, 3, 8),
            date(2022, 3, 9),
        ),
        ("Fighting raged on 8-9 March 2022.", "8-9 March 2022", date(2022, 3, 8), date(2022, 3, 9)),
        ("The order dated 24.02.2022 was read out.", "24.02.2022", date(2022, 2, 24), date(2022, 2, 24)),
        ("Filed on 13/02/2022.", "13/02/2022", date(2022, 2, 13), date(2022, 2, 13)),
        ("Filed on 02/13/2022.", "02/13/2022", date(2022, 2, 13), date(2022, 2, 13)),
        ("Filed on 04/05/2022.", "04/05/2022", date(2022, 4, 5), date(2022, 4, 5)),  # the reading nearer
        ("Filed 2022/02/24.", "2022/02/24", date(2022, 2, 24), date(2022, 2, 24)),
        ("It happened on the 24th, officials said.", "the 24th", date(2022, 3, 24), date(2022, 3, 24)),
        ("Talks will resume on the 12th, officials said.", "the 12th", date(2022, 4, 12), date(2022, 4, 12)),
        ("It was due on the 5th of this month.", "the 5th of this month", date(2022, 4, 5), date(2022, 4, 5)),
        ("He left the day before yesterday.", "the day before yesterday", date(2022, 4, 5), date(2022, 4, 5)),
    ],
)
def test_day_ranges_numeric_dates_and_days_of_the_month(
    text: str, expression: str, start: date, end: date
) -> None:
    ref = one(text)
    assert (ref.text, ref.start, ref.end) == (expression, start, end)


@pytest.mark.parametrize(
    "text",
    [
        "The 24th Mechanized Brigade held.",
        "It lasted into the 20th century.",
        "Killed on April 4 to 12 soldiers.",
    ],
)
def test_ordinals_and_counts_that_are_not_days(text: str) -> None:
    assert [r.text for r in find_times(text, anchor=THURSDAY)] in ([], ["April 4"])


def test_a_deadline_after_an_order_lies_ahead() -> None:
    text = "Commanders have been ordered to take the city by the ninth of May, intelligence said."
    assert one(text, anchor=date(2022, 4, 20)).start == date(2022, 5, 9)


# Property tests

ANCHORS = st.dates(min_value=date(1950, 1, 1), max_value=date(2100, 12, 31))
WEEKDAYS = [d.capitalize() for d in calendar.day_name]
MONTHS = list(calendar.month_name)[1:]
PAST_VERBS = [
    "was shelled",
    "was hit",
    "fell",
    "were killed",
    "had been struck",
    "has been damaged",
    "burned",
]
FUTURE_VERBS = ["will be shelled", "will reopen", "is expected to reopen", "is set to reopen", "would reopen"]
PAST_TENSE = st.one_of(
    st.builds("The market {} on {}.".format, st.sampled_from(PAST_VERBS), st.sampled_from(WEEKDAYS)),
    st.builds("It {} last {}.".format, st.sampled_from(PAST_VERBS), st.sampled_from(WEEKDAYS)),
    st.builds("The depot {} {}.".format, st.sampled_from(PAST_VERBS), st.sampled_from(WEEKDAYS)),
    st.builds(
        "Two {} on {} {}.".format, st.sampled_from(PAST_VERBS), st.sampled_from(MONTHS), st.integers(1, 28)
    ),
    st.builds(
        "Two {} last {} {}.".format, st.sampled_from(PAST_VERBS), st.sampled_from(MONTHS), st.integers(1, 28)
    ),
    st.builds("Hundreds {} in {}.".format, st.sampled_from(PAST_VERBS), st.sampled_from(MONTHS)),
    st.builds("Since {}, the town {}.".format, st.sampled_from(MONTHS), st.sampled_from(PAST_VERBS)),
    st.builds("The bridge was destroyed {} days ago.".format, st.integers(0, 4000)),
)
FUTURE_TENSE = st.one_of(
    st.builds("The market {} on {}.".format, st.sampled_from(FUTURE_VERBS), st.sampled_from(WEEKDAYS)),
    st.builds(
        "The port {} on {} {}.".format,
        st.sampled_from(FUTURE_VERBS),
        st.sampled_from(MONTHS),
        st.integers(1, 28),
    ),
    st.builds("The port {} in {}.".format, st.sampled_from(FUTURE_VERBS), st.sampled_from(MONTHS)),
)
PIECES = [
    "since", "until", "from", "to", "and", "between", "last", "next", "this", "the", "of", "in", "will",
    "Monday", "may", "February", "feb.", "30", "29", "24th", "2022", "1999", "-", "days ago", "weekend",
    "overnight", "yesterday", "week", "month", "invasion began", ",", ".", "99999999999", "was", "had",
    "to", "is", "expected", "nineteen", "ninety-six", "two thousand", "year", "mid-", "quarter", "half",
    "first", "two", "quarters", "year-ago", "earlier", "a", "past", "recent", "years", "winter", "'s", "24",
    "hours", "that", "day", "next", "following", "previous", "later", "before", "Friday", "days",
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


@settings(max_examples=400, deadline=None)
@given(FUTURE_TENSE, ANCHORS)
def test_future_tense_is_never_resolved_before_the_anchor(text: str, anchor: date) -> None:
    (ref,) = find_times(text, anchor=anchor)
    assert ref.end >= anchor, (text, anchor, ref)


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


def test_no_clock_is_read() -> None:
    # The resolvers take their "now" only from the anchor: no call that reads the machine's clock.
    import inspect

    from sitrep.stages import tense, times, timex

    for module in (times, tense, timex):
        source = inspect.getsource(module)
        for call in ("today()", "now()", "time.time", "localtime", "utcnow"):
            assert call not in source, (module.__name__, call)


# Years, months and named days


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


# The stage, and the three dates kept apart through the whole pipeline


def test_the_stage_dates_against_the_published_day_and_skips_an_undated_article() -> None:
    from sitrep.models import Article
    from sitrep.pipeline import Doc
    from sitrep.stages.times import Times

    text = "Shells hit the depot on Wednesday."
    dated, undated = Doc(Article(id="a", text=text, published=THURSDAY)), Doc(Article(id="b", text=text))
    Times()([dated, undated])
    assert [(t.text, t.start) for t in dated.times] == [("Wednesday", date(2022, 4, 6))]
    assert undated.times == ()


@pytest.mark.parametrize(
    ("text", "published", "anchor"),
    [
        ("KYIV, April 6 (Reuters) -- Shelling resumed today.", THURSDAY, date(2022, 4, 6)),
        ("LVIV, Ukraine, Dec. 31 (AP) _ Sirens sounded.", date(2022, 1, 1), date(2021, 12, 31)),
        ("KYIV, April 1 (Reuters) -- Too far from the published day.", THURSDAY, THURSDAY),
        ("The talks, April 6 (Monday), failed.", THURSDAY, THURSDAY),  # no upper-case place: no dateline
        ("Shelling resumed today.", THURSDAY, THURSDAY),
    ],
)
def test_a_wire_dateline_near_the_published_day_is_the_anchor(
    text: str, published: date, anchor: date
) -> None:
    assert dateline_anchor(text, published) == anchor


def test_the_stage_reads_today_as_the_datelines_day() -> None:
    from sitrep.models import Article
    from sitrep.pipeline import Doc
    from sitrep.stages.times import Times

    doc = Doc(Article(id="a", text="KYIV, April 6 (Reuters) -- Shelling resumed today.", published=THURSDAY))
    Times()([doc])
    assert [(t.text, t.start, t.anchor) for t in doc.times] == [
        ("April 6", date(2022, 4, 6), date(2022, 4, 6)),
        ("today", date(2022, 4, 6), date(2022, 4, 6)),
    ]


def test_a_sentence_without_a_date_inherits_the_last_one_of_its_paragraph_as_inferred() -> None:
    text = "On Monday, shells hit the depot. A school nearby was damaged.\n\nA bridge was also hit."
    times = find_times(text, anchor=THURSDAY)
    school = governing_time(times, text, at=text.index("A school"))
    assert school is not None and (school.text, school.start) == ("Monday", date(2022, 4, 4))
    assert school.confidence < 1.0
    assert governing_time(times, text, at=text.index("A bridge")) is None  # another paragraph


def test_a_period_end_does_not_govern_what_follows() -> None:
    text = "Aid flowed until April 4. A convoy was hit."
    assert governing_time(find_times(text, anchor=THURSDAY), text, at=text.index("A convoy")) is None


def test_occurred_said_and_published_are_three_dates(read_report: Any) -> None:
    text = "Russian forces shelled a market in Kharkiv on Monday, the regional governor said on Wednesday."
    reading = export.reading_json(read_report(text, published=THURSDAY))
    (event,) = reading["events"]
    (claim,) = reading["claims"]
    assert (event["occurred"]["start"], event["occurred"]["text"]) == ("2022-04-04", "Monday")
    assert (claim["said"]["start"], claim["said"]["text"]) == ("2022-04-06", "Wednesday")
    assert reading["article"]["published"] == "2022-04-07"


def test_an_undated_event_gets_the_published_day_coarsely_and_with_low_confidence(read_report: Any) -> None:
    reading = export.reading_json(
        read_report("Russian forces shelled a market in Kharkiv, the governor said.", published=THURSDAY)
    )
    (event,) = reading["events"]
    occurred = event["occurred"]
    assert occurred["granularity"] != "day" and occurred["confidence"] < 1.0 and occurred["text"] == ""
    assert occurred["start"] <= "2022-04-07" == occurred["end"]


@settings(max_examples=400, deadline=None)
@given(st.one_of(TEXTS, PAST_TENSE, FUTURE_TENSE), ANCHORS)
def test_skipping_rules_that_cannot_match_changes_nothing(text: str, anchor: date) -> None:
    # Each rule runs only where the text holds a digit or one of its words; running all must agree.
    from sitrep.stages import times

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(times._Rule, "may_match", lambda self, lowered, *, has_digit: True)
        mp.setattr(times, "may_hold_anchored", lambda lowered: True)
        everything = find_times(text, anchor=anchor)
    assert find_times(text, anchor=anchor) == everything
