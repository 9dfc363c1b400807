"""References counted from the last date the text named ("the next day", "that month"), as `find_times`
reads them for the pipeline and `find_timex` for the TimeML scorer."""

from __future__ import annotations

import calendar
from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitrep import export
from sitrep.models import Granularity, TimeRef
from sitrep.stages.times import find_times
from sitrep.stages.timex import find_timex

PUBLISHED = date(2022, 6, 1)
NAMED = date(2022, 3, 15)  # a Tuesday
OPENING = "Shells hit the grain depot at Dovzhanka on March 15. "


def counted(sentence: str, published: date = PUBLISHED) -> TimeRef:
    """The reference in `sentence`, read after a first sentence that names 15 March."""
    found = find_times(OPENING + sentence, anchor=published)
    assert [t.text for t in found[:1]] == ["March 15"], found
    assert len(found) == 2, found
    return found[1]


@pytest.mark.parametrize(
    ("sentence", "expression", "day"),
    [
        ("That day the mayor left.", "That day", NAMED),
        ("Later that day the mayor left.", "Later that day", NAMED),
        ("A clinic was hit the same day.", "the same day", NAMED),
        ("That night the lights went out.", "That night", NAMED),
        ("The next day a second strike hit the pump station.", "The next day", date(2022, 3, 16)),
        ("The following morning crews arrived.", "The following morning", date(2022, 3, 16)),
        ("The previous day, drones had circled.", "The previous day", date(2022, 3, 14)),
        ("The day before, drones had circled.", "The day before", date(2022, 3, 14)),
        ("The night before, drones had circled.", "The night before", date(2022, 3, 14)),
        ("A day later the fire was out.", "A day later", date(2022, 3, 16)),
        ("Two days earlier the road had been mined.", "Two days earlier", date(2022, 3, 13)),
        ("Three days after, the road reopened.", "Three days after", date(2022, 3, 18)),
        ("A week later the road reopened.", "A week later", date(2022, 3, 22)),
        ("Two weeks earlier the road had closed.", "Two weeks earlier", date(2022, 3, 1)),
        ("The previous Friday a convoy had passed.", "The previous Friday", date(2022, 3, 11)),
        ("The following Monday a convoy passed.", "The following Monday", date(2022, 3, 21)),
    ],
)
def test_a_day_counts_from_the_last_day_named(sentence: str, expression: str, day: date) -> None:
    ref = counted(sentence)
    assert (ref.text, ref.start, ref.end, ref.granularity) == (expression, day, day, Granularity.DAY)
    assert (ref.anchor, ref.confidence) == (NAMED, 1.0)


WEEK, MONTH, YEAR = Granularity.WEEK, Granularity.MONTH, Granularity.YEAR


@pytest.mark.parametrize(
    ("sentence", "expression", "start", "end", "granularity"),
    [
        ("Repairs began that week.", "that week", date(2022, 3, 14), date(2022, 3, 20), WEEK),
        (
            "The following week it was hit again.",
            "The following week",
            date(2022, 3, 21),
            date(2022, 3, 27),
            WEEK,
        ),
        ("Fuel ran short that month.", "that month", date(2022, 3, 1), date(2022, 3, 31), MONTH),
        (
            "The following month it reopened.",
            "The following month",
            date(2022, 4, 1),
            date(2022, 4, 30),
            MONTH,
        ),
        ("The previous month was calm.", "The previous month", date(2022, 2, 1), date(2022, 2, 28), MONTH),
        ("Two months later it reopened.", "Two months later", date(2022, 5, 1), date(2022, 5, 31), MONTH),
        ("Harvests failed that year.", "that year", date(2022, 1, 1), date(2022, 12, 31), YEAR),
        ("The previous year it was sold.", "The previous year", date(2021, 1, 1), date(2021, 12, 31), YEAR),
    ],
)
def test_a_week_month_or_year_counts_from_the_last_date_named(
    sentence: str, expression: str, start: date, end: date, granularity: Granularity
) -> None:
    ref = counted(sentence)
    assert (ref.text, ref.start, ref.end, ref.granularity) == (expression, start, end, granularity)
    assert (ref.anchor, ref.confidence) == (NAMED, 1.0)


def test_a_day_named_in_an_earlier_paragraph_still_counts() -> None:
    text = "Russian forces shelled Kamianka on March 3.\n\nThe next day a strike hit its station."
    assert [(t.text, t.start, t.anchor) for t in find_times(text, anchor=PUBLISHED)] == [
        ("March 3", date(2022, 3, 3), PUBLISHED),
        ("The next day", date(2022, 3, 4), date(2022, 3, 3)),
    ]


def test_the_last_day_named_is_the_one_counted_from() -> None:
    text = "The siege began on March 1. Talks failed on March 9. The next day the water ran out."
    assert counted_from_last(text) == (date(2022, 3, 10), date(2022, 3, 9))


def counted_from_last(text: str) -> tuple[date, date | None]:
    last = find_times(text, anchor=PUBLISHED)[-1]
    return last.start, last.anchor


def test_a_day_named_after_the_reference_is_not_counted_from() -> None:
    # "Two days earlier" precedes the only day named: it counts from the published day, as a guess.
    text = "Two days earlier the bridge had been mined. A convoy crossed it on May 12."
    first = find_times(text, anchor=PUBLISHED)[0]
    assert (first.text, first.start, first.anchor) == ("Two days earlier", date(2022, 5, 30), PUBLISHED)
    assert first.confidence < 1.0


def test_a_reference_counted_from_another_is_not_a_base() -> None:
    # Both count from the day named, not one from the other.
    text = (
        "Shelling on May 20 was heavier than on the previous Friday and lighter than on the following Monday."
    )
    assert [t.start for t in find_times(text, anchor=PUBLISHED)] == [
        date(2022, 5, 20),
        date(2022, 5, 13),
        date(2022, 5, 23),
    ]


def test_a_war_named_by_its_invasion_is_no_day_to_count_from() -> None:
    text = "A convoy drove by last Sunday to back Russia's invasion of Ukraine. Rallies were held that day."
    last = find_times(text, anchor=PUBLISHED)[-1]
    assert (last.text, last.start) == ("that day", date(2022, 5, 29))


def test_a_month_or_year_counts_from_a_day_or_month_named() -> None:
    text = "The port was mined in February 2015. The following month a ship sank; that year trade halved."
    assert [(t.text, t.start, t.granularity) for t in find_times(text, anchor=PUBLISHED)] == [
        ("February 2015", date(2015, 2, 1), Granularity.MONTH),
        ("The following month", date(2015, 3, 1), Granularity.MONTH),
        ("that year", date(2015, 1, 1), Granularity.YEAR),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Villagers fled that day.",  # points back, and nothing was named: any day
        "Fuel ran short that month.",
        "The depot was hit the next day.",  # past, and the day after publication is not yet
        "Shells hit the depot on March 15. Crews came the day before the vote.",  # from the vote's day
        "Shells hit the depot on March 15. Aid came on the same day Kyiv signed the deal.",
        "Shells hit the depot on March 15. Officials said that day-to-day repairs go on.",
    ],
)
def test_no_date_where_none_can_be_counted(text: str) -> None:
    assert [t.text for t in find_times(text, anchor=PUBLISHED)] in ([], ["March 15"])


def test_a_reference_with_no_day_named_counts_from_the_published_day_as_a_guess() -> None:
    (ahead,) = find_times("Talks will resume the next day.", anchor=PUBLISHED)
    assert (ahead.start, ahead.anchor, ahead.confidence) == (date(2022, 6, 2), PUBLISHED, 0.6)
    (back,) = find_times("The day before, drones circled the plant.", anchor=PUBLISHED)
    assert (back.start, back.anchor, back.confidence) == (date(2022, 5, 31), PUBLISHED, 0.6)


def test_the_scorer_reads_the_same_references() -> None:
    text = OPENING + "The next morning crews came; the following week the road reopened."
    assert [(t.text, t.type, t.value) for t in find_timex(text, anchor=PUBLISHED)] == [
        ("March 15", "DATE", "2022-03-15"),
        ("The next morning", "TIME", "2022-03-16TMO"),
        ("the following week", "DATE", "2022-W12"),
    ]


def test_the_scorer_types_days_counted_from_a_date_as_their_amount() -> None:
    # TimeML: "three days later" is the duration "three days", "later" its signal.
    text = OPENING + "Three days later the road reopened; two weeks earlier it had closed."
    assert [(t.text, t.type, t.value) for t in find_timex(text, anchor=PUBLISHED)][1:] == [
        ("Three days", "DURATION", "P3D"),
        ("two weeks", "DURATION", "P2W"),
    ]


def test_an_event_is_dated_by_the_day_counted(read_report: Any) -> None:
    text = (
        "Russian forces shelled a market in Kharkiv on March 3, the regional governor said. "
        "The next day a missile strike hit the railway station in Kharkiv."
    )
    reading = export.reading_json(read_report(text, published=date(2022, 3, 7)))
    occurred = [
        (e["occurred"]["start"], e["occurred"]["text"], e["occurred"]["anchor"]) for e in reading["events"]
    ]
    assert ("2022-03-04", "The next day", "2022-03-03") in occurred, reading["events"]


# Property tests

ANCHORS = st.dates(min_value=date(1950, 1, 1), max_value=date(2100, 12, 31))
WEEKDAYS = [d.capitalize() for d in calendar.day_name]
PAST_VERBS = ["was shelled", "was hit", "burned", "had been struck", "fell"]
REFERENCES = [
    "the next day", "the following day", "that day", "the day after,", "a day later", "two days later",
    "a week later", "the following week", "the following month", "two months later", "the following year",
    "that night", "the following Monday", "the previous Friday", "the day before,", "three days earlier",
]  # fmt: skip
PAST_TENSE = st.one_of(
    st.builds("The depot {} {}.".format, st.sampled_from(PAST_VERBS), st.sampled_from(REFERENCES)),
    st.builds(
        "The market {} on {}. The depot {} {}.".format,
        st.sampled_from(PAST_VERBS),
        st.sampled_from(WEEKDAYS),
        st.sampled_from(PAST_VERBS),
        st.sampled_from(REFERENCES),
    ),
    st.builds(
        "The market {} last {}. {} the depot {}.".format,
        st.sampled_from(PAST_VERBS),
        st.sampled_from(WEEKDAYS),
        st.sampled_from([r.capitalize() for r in REFERENCES]),
        st.sampled_from(PAST_VERBS),
    ),
)


@settings(max_examples=600, deadline=None)
@given(PAST_TENSE, ANCHORS)
def test_a_past_reference_is_never_resolved_after_the_published_day(text: str, anchor: date) -> None:
    for ref in find_times(text, anchor=anchor):
        assert ref.start <= anchor, (text, anchor, ref)
