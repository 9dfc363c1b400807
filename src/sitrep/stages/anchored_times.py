"""Dates counted from the last date a text named: "that day", "the next day", "two days earlier", "the
previous Friday", "the following week", "that month", "the following year".

Reports date the later steps of a story from its first: "Russian forces shelled the town on March 3. The next
day a second strike hit the station." Such a reference counts from the last date named before it, in any
earlier sentence (never from one named after it, nor from another counted reference: "down from the previous
Friday and up from the following Monday" both count from the day named), and the date it counted from is its
anchor. A reference that only points back ("that day", "the same month") names nothing where no date was
named before it; one that moves ("the day before", "a week later", "the following month") then counts from
the published date, a guess that the caller marks as one.

`find_times` (the pipeline's reading, and through it the TimeML scorer's `find_timex`) is the one reader of
these references.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import Enum

from sitrep.models import Granularity, TimeRef

SMALL_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_COUNTS = {**SMALL_NUMBERS, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
_WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
_SHIFTS = {"next": 1, "following": 1, "previous": -1, "preceding": -1}


def shift_month(anchor: date, by: int) -> tuple[int, int]:
    """(year, month) `by` calendar months from `anchor`'s month."""
    index = anchor.year * 12 + anchor.month - 1 + by
    return index // 12, index % 12 + 1


class Unit(Enum):
    """What a reference counts in, and so which earlier dates it may count from."""

    DAY = "day"  # a single day: "March 3", "Monday", "yesterday"
    WEEK = "week"  # a day or a week
    MONTH = "month"  # a day or a month
    YEAR = "year"  # any date

    def counts_from(self, ref: TimeRef) -> bool:
        if self is Unit.DAY:
            return ref.granularity is Granularity.DAY and ref.start == ref.end
        if self is Unit.WEEK:
            return ref.granularity in (Granularity.DAY, Granularity.WEEK)
        if self is Unit.MONTH:
            return ref.granularity in (Granularity.DAY, Granularity.MONTH)
        return True


@dataclass(frozen=True, slots=True)
class Counted:
    """A reference resolved: its dates, and the date it counted from (`guessed`: the published date,
    for want of a date named before it)."""

    start: date
    end: date
    granularity: Granularity
    base: date
    guessed: bool = False


@dataclass(frozen=True, slots=True)
class AnchoredRule:
    """A pattern and how it counts from its base date; `moves` says whether it may count from the
    published date when no date was named before it (a shift, not a pointer back)."""

    pattern: re.Pattern[str]
    unit: Unit
    count: Callable[[re.Match[str], date], Counted | None]
    moves: Callable[[re.Match[str]], bool]

    def resolve(self, m: re.Match[str], *, named: Sequence[TimeRef], published: date) -> Counted | None:
        """`m` counted from the last of `named` (the dates found before it, in order) that fits its unit."""
        base = next((ref.start for ref in reversed(named) if self.unit.counts_from(ref)), None)
        if base is not None:
            return self.count(m, base)
        if not self.moves(m):
            return None
        counted = self.count(m, published)
        return Counted(counted.start, counted.end, counted.granularity, published, True) if counted else None


def _day(d: date, base: date) -> Counted:
    return Counted(d, d, Granularity.DAY, base)


def _day_of_story(m: re.Match[str], base: date) -> Counted:
    """ "that day", "the next morning", "the night before": the base day, or one on or back."""
    groups = m.groupdict()
    shift = _SHIFTS.get((groups.get("which") or "").lower(), 0)
    if groups.get("dir"):
        shift = 1 if groups["dir"].lower() == "after" else -1
    return _day(base + timedelta(days=shift), base)


def _counted_days(m: re.Match[str], base: date) -> Counted:
    """ "two days earlier", "a week later", "three days before,": whole days from the base day."""
    word = m["n"].lower()
    n = int(word) if word.isdigit() else _COUNTS[word]
    days = n * (7 if m["unit"].lower().startswith("week") else 1)
    sign = 1 if m["dir"].lower() in ("later", "after") else -1
    return _day(base + timedelta(days=sign * days), base)


def _counted_months(m: re.Match[str], base: date) -> Counted:
    """ "two months later": the month that many months from the base's."""
    word = m["n"].lower()
    n = int(word) if word.isdigit() else _COUNTS[word]
    sign = 1 if m["dir"].lower() in ("later", "after") else -1
    return _month(*shift_month(base, sign * n), base)


def _weekday_of_story(m: re.Match[str], base: date) -> Counted:
    """ "the previous Friday": that weekday before the base day; "the following Monday", the one after."""
    target = _WEEKDAYS[m["weekday"].lower()]
    if m["which"].lower() == "following":
        return _day(base + timedelta(days=(target - base.weekday() - 1) % 7 + 1), base)
    return _day(base - timedelta(days=(base.weekday() - target - 1) % 7 + 1), base)


def _week_of_story(m: re.Match[str], base: date) -> Counted:
    """ "that week", "the following week": the base's week (Monday to Sunday), or the one after or before."""
    monday = (
        base - timedelta(days=base.weekday()) + timedelta(weeks=_SHIFTS.get((m["which"] or "").lower(), 0))
    )
    return Counted(monday, monday + timedelta(days=6), Granularity.WEEK, base)


def _month(year: int, month: int, base: date) -> Counted:
    last = calendar.monthrange(year, month)[1]
    return Counted(date(year, month, 1), date(year, month, last), Granularity.MONTH, base)


def _month_of_story(m: re.Match[str], base: date) -> Counted:
    """ "that month", "the following month": the base's month, or the one after or before."""
    return _month(*shift_month(base, _SHIFTS.get((m["which"] or "").lower(), 0)), base)


def _year_of_story(m: re.Match[str], base: date) -> Counted:
    """ "that year", "the following year": the base's year, or the one after or before."""
    year = base.year + _SHIFTS.get((m["which"] or "").lower(), 0)
    return Counted(date(year, 1, 1), date(year, 12, 31), Granularity.YEAR, base)


def _shifts(m: re.Match[str]) -> bool:
    groups = m.groupdict()
    return bool(groups.get("which") or groups.get("dir"))


def _always(m: re.Match[str]) -> bool:
    return True


# "the day before" and "two days after" count from the story only where nothing follows them: "the day
# before the vote" counts from the vote.
_NOTHING_AFTER = r"(?=\s*(?:[,.;:!?)]|$|\s+(?:and|but|when|while)\b))"
_PART = r"(?P<part>day|morning|afternoon|evening|night)"
_COUNT = r"(?P<n>\d{1,3}|" + "|".join(sorted(_COUNTS, key=len, reverse=True)) + ")"
_WHICH = r"the\s+(?P<which>following|previous|preceding)"  # "the next month" is as often "the coming one"

ANCHORED_RULES: tuple[AnchoredRule, ...] = (
    AnchoredRule(
        re.compile(
            # not "on the same day Biden signed ...", where the clause after names the day
            rf"\b(?!(?<=\bon\s)the\s+same\s+\w+\s+(?-i:[A-Z]))"
            rf"(?:that|the\s+same|the\s+(?P<which>next|following|previous|preceding))\s+{_PART}\b"
            r"(?!-\w)(?!\s+(?:before|after|as)\b)",
            re.I,
        ),
        Unit.DAY,
        _day_of_story,
        _shifts,
    ),
    AnchoredRule(
        re.compile(rf"\bthe\s+(?P<part>day|night)\s+(?P<dir>before|after){_NOTHING_AFTER}", re.I),
        Unit.DAY,
        _day_of_story,
        _shifts,
    ),
    AnchoredRule(
        re.compile(
            rf"\b{_COUNT}\s+(?P<unit>days?|weeks?)\s+(?P<dir>earlier|later|(?:before|after){_NOTHING_AFTER})\b",
            re.I,
        ),
        Unit.DAY,
        _counted_days,
        _always,
    ),
    AnchoredRule(
        re.compile(rf"\b{_COUNT}\s+months?\s+(?P<dir>earlier|later)\b", re.I),
        Unit.MONTH,
        _counted_months,
        _always,
    ),
    AnchoredRule(
        re.compile(
            rf"\b{_WHICH}\s+(?P<weekday>monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.I
        ),
        Unit.DAY,
        _weekday_of_story,
        _always,
    ),
    AnchoredRule(
        re.compile(rf"\b(?:that|the\s+same|{_WHICH})\s+week\b(?!-\w)", re.I),
        Unit.WEEK,
        _week_of_story,
        _shifts,
    ),
    AnchoredRule(
        re.compile(rf"\b(?:that|the\s+same|{_WHICH})\s+month\b(?!-\w)", re.I),
        Unit.MONTH,
        _month_of_story,
        _shifts,
    ),
    AnchoredRule(
        re.compile(rf"\b(?:that|the\s+same|{_WHICH})\s+year\b(?!-\w)", re.I),
        Unit.YEAR,
        _year_of_story,
        _shifts,
    ),
)
# A text holds one word of each wherever a rule above may match ("day" is in every weekday's name).
ANCHORED_UNITS = ("day", "night", "morning", "afternoon", "evening", "week", "month", "year")
ANCHORED_CUES = (
    "that",
    "same",
    "next",
    "following",
    "previous",
    "preceding",
    "earlier",
    "later",
    "before",
    "after",
)
