"""holidays: named days of the calendar, and find_times reading them against the dateline."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sitrep.models import Granularity
from sitrep.stages.holidays import holiday_in, orthodox_easter, western_easter
from sitrep.stages.times import find_times


@pytest.mark.parametrize(
    ("year", "western", "orthodox"),
    [
        (1998, date(1998, 4, 12), date(1998, 4, 19)),
        (2000, date(2000, 4, 23), date(2000, 4, 30)),
        (2022, date(2022, 4, 17), date(2022, 4, 24)),
        (2023, date(2023, 4, 9), date(2023, 4, 16)),
        (2024, date(2024, 3, 31), date(2024, 5, 5)),
        (2025, date(2025, 4, 20), date(2025, 4, 20)),  # the two computuses agree some years
    ],
)
def test_easter_by_both_computuses(year: int, western: date, orthodox: date) -> None:
    assert (western_easter(year), orthodox_easter(year)) == (western, orthodox)


@given(st.integers(1900, 2099))
def test_easter_is_a_sunday_in_spring(year: int) -> None:
    for easter in (western_easter(year), orthodox_easter(year)):
        assert easter.weekday() == 6
        assert date(year, 3, 22) <= easter <= date(year, 5, 8)


@pytest.mark.parametrize(
    ("name", "year", "day"),
    [
        ("Thanksgiving Day", 1999, date(1999, 11, 25)),
        ("thanksgiving", 2022, date(2022, 11, 24)),
        ("Memorial Day", 2022, date(2022, 5, 30)),
        ("Labor Day", 2022, date(2022, 9, 5)),
        ("Good Friday", 2022, date(2022, 4, 15)),
        ("Victory  Day", 2022, date(2022, 5, 9)),
        ("New Year’s Eve", 2021, date(2021, 12, 31)),
        ("Orthodox Christmas", 2023, date(2023, 1, 7)),
    ],
)
def test_named_days(name: str, year: int, day: date) -> None:
    assert holiday_in(name, year) == (day, day)


def test_holy_week_ends_on_easter_and_unknown_names_give_none() -> None:
    assert holiday_in("Holy Week", 2022) == (date(2022, 4, 11), date(2022, 4, 17))
    assert holiday_in("Independence Day", 2022) is None
    assert holiday_in("Christmas", 10000) is None


@pytest.mark.parametrize(
    ("text", "anchor", "expression", "day"),
    [
        (
            "The boy was rescued on Thanksgiving Day.",
            date(2022, 1, 10),
            "Thanksgiving Day",
            date(2021, 11, 25),
        ),
        ("The ceasefire will hold over Christmas.", date(2022, 4, 7), "Christmas", date(2022, 12, 25)),
        ("Shelling went on through Orthodox Easter.", date(2022, 5, 2), "Orthodox Easter", date(2022, 4, 24)),
        ("The parade is planned for Victory Day.", date(2022, 5, 2), "Victory Day", date(2022, 5, 9)),
        ("Families met last Christmas.", date(2022, 4, 7), "last Christmas", date(2021, 12, 25)),
        ("He left on Christmas Eve 2021.", date(2022, 4, 7), "Christmas Eve 2021", date(2021, 12, 24)),
    ],
)
def test_holidays_in_text(text: str, anchor: date, expression: str, day: date) -> None:
    (ref,) = find_times(text, anchor=anchor)
    assert (ref.text, ref.start, ref.end, ref.granularity) == (expression, day, day, Granularity.DAY)


def test_holy_week_is_a_week_and_common_words_are_not_holidays() -> None:
    (ref,) = find_times("Crowds gathered as Holy Week began.", anchor=date(2022, 4, 12))
    assert (ref.start, ref.end, ref.granularity) == (date(2022, 4, 11), date(2022, 4, 17), Granularity.WEEK)
    assert find_times("They held a memorial day for the victims.", anchor=date(2022, 4, 12)) == []
    assert find_times("Eastern regions were shelled.", anchor=date(2022, 4, 12)) == []
