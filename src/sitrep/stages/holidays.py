"""Named days of the calendar ("Christmas", "Orthodox Easter", "Thanksgiving Day"), as dates of a given year.

Reports date things by feast days and commemorations; each name here stands for one day a year, fixed
("Christmas Eve", "Victory Day" on 9 May as it is kept in Ukraine and Russia) or moving ("Easter", by the
Gregorian computus; "Orthodox Easter", by the Julian one; "Thanksgiving", the fourth Thursday of November
as in the United States); "Holy Week" is the week that ends on Easter Sunday. Names whose day depends on
the country ("Independence Day", "Election Day") are left out: the words alone do not say which day.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from datetime import date, timedelta


def western_easter(year: int) -> date:
    """Easter Sunday by the Gregorian computus (the anonymous algorithm of 1876)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 19 * l_) // 433
    month = (h + l_ - 7 * m + 90) // 25
    return date(year, month, (h + l_ - 7 * m + 33 * month + 19) % 32)


def orthodox_easter(year: int) -> date:
    """Easter Sunday by the Julian computus, given as a Gregorian date (Meeus' algorithm)."""
    a, b, c = year % 4, year % 7, year % 19
    d = (19 * c + 15) % 30
    e = (2 * a + 4 * b - d + 34) % 7
    month, day = divmod(d + e + 114, 31)
    julian_gap = year // 100 - year // 400 - 2  # 13 days from 1900 to 2099
    return date(year, month, day + 1) + timedelta(days=julian_gap)


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    """The `n`th `weekday` (0 is Monday) of a month; the last one when `n` is -1."""
    days = [d for d in calendar.Calendar().itermonthdates(year, month) if d.month == month]
    matching = [d for d in days if d.weekday() == weekday]
    return matching[n if n < 0 else n - 1]


def _fixed(month: int, day: int) -> Callable[[int], date]:
    return lambda year: date(year, month, day)


# Longer names first where one holds another ("Christmas Eve" before "Christmas").
HOLIDAYS: dict[str, Callable[[int], date]] = {
    "orthodox christmas": _fixed(1, 7),
    "christmas eve": _fixed(12, 24),
    "christmas day": _fixed(12, 25),
    "christmas": _fixed(12, 25),
    "boxing day": _fixed(12, 26),
    "new year's eve": _fixed(12, 31),
    "new year's day": _fixed(1, 1),
    "new year's": _fixed(1, 1),
    "valentine's day": _fixed(2, 14),
    "international women's day": _fixed(3, 8),
    "victory day": _fixed(5, 9),
    "halloween": _fixed(10, 31),
    "orthodox easter": orthodox_easter,
    "good friday": lambda year: western_easter(year) - timedelta(days=2),
    "easter sunday": western_easter,
    "easter monday": lambda year: western_easter(year) + timedelta(days=1),
    "easter": western_easter,
    "holy week": western_easter,
    "easter week": western_easter,
    "thanksgiving day": lambda year: _nth_weekday(year, 11, 3, 4),
    "thanksgiving": lambda year: _nth_weekday(year, 11, 3, 4),
    "memorial day": lambda year: _nth_weekday(year, 5, 0, -1),
    "labor day": lambda year: _nth_weekday(year, 9, 0, 1),
}
HOLIDAY_PATTERN = "|".join(
    re.escape(name).replace("'", "['’]").replace(r"\ ", r"\s+")
    for name in sorted(HOLIDAYS, key=len, reverse=True)
)
# What a text must hold for any name above to be in it (lower case), so that the pattern runs only there.
HOLIDAY_WORDS = (
    "christmas", "boxing day", "new year", "valentine", "women", "victory day", "halloween", "easter",
    "good friday", "holy week", "thanksgiving", "memorial day", "labor day",
)  # fmt: skip


# Names of a week, by the Sunday that ends it: the week before Easter.
_WEEKS = frozenset({"holy week", "easter week"})


def holiday_in(name: str, year: int) -> tuple[date, date] | None:
    """The first and last day of `name` (as written, any case and spacing) in `year`: one day, or the
    week of a named week; None if it names none."""
    key = re.sub(r"\s+", " ", name.lower().replace("’", "'"))
    rule = HOLIDAYS.get(key)
    if rule is None:
        return None
    try:
        day = rule(year)
        return (day - timedelta(days=6), day) if key in _WEEKS else (day, day)
    except (ValueError, OverflowError):
        return None
