"""Time expressions resolved against the article's own date, deterministically (never the machine's clock).

News dates things relative to the dateline: "Wednesday" in a story published on Thursday 7 April 2022 is
6 April; "last February 24" is the most recent 24 February before publication; "until April 4" ends a
period. A name that recurs (a weekday, a month, a day without a year) is read on the side of the dateline
that the governing verb's tense says (`tense.py`): past tense looks back, future tense ahead, and where the
verb says neither, the nearest such day is taken (a bare weekday, in news, is the past one). A date counted
from another ("the next day", "that month") counts from the last date the text named (`anchored_times.py`).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from enum import Enum

from sitrep.models import Granularity, Span, TimeRef
from sitrep.pipeline import Doc, DocStage
from sitrep.stages.anchored_times import (
    ANCHORED_CUES,
    ANCHORED_RULES,
    ANCHORED_UNITS,
    SMALL_NUMBERS,
    AnchoredRule,
    shift_month,
)
from sitrep.stages.holidays import HOLIDAY_PATTERN, HOLIDAY_WORDS, holiday_in
from sitrep.stages.tense import LexicalTense, Tense, TenseReader

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS |= {name.lower(): i for i, name in enumerate(calendar.month_abbr) if name}
MONTHS["sept"] = 9
FULL_MONTHS = frozenset(name.lower() for name in calendar.month_name if name)
WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
# Named anchors of this domain: the day a war began is how reports date running totals.
KNOWN_DAYS = (
    (
        re.compile(
            r"(?:the\s+)?(?:start\s+of\s+the\s+(?:full[- ]scale\s+)?(?:russian\s+)?(?:invasion|war)|"
            r"(?:full[- ]scale\s+)?(?:russian\s+)?invasion(?:\s+(?:began|started|of\s+ukraine))?)",
            re.I,
        ),
        date(2022, 2, 24),
    ),
)

_MONTH = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_ORDINALS = (
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
    "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth",
    "eighteenth", "nineteenth", "twentieth",
)  # fmt: skip
ORDINAL_DAYS = {word: i for i, word in enumerate(_ORDINALS, start=1)}
ORDINAL_DAYS |= {f"twenty-{w}": 20 + i for w, i in list(ORDINAL_DAYS.items())[:9]}
ORDINAL_DAYS |= {"thirtieth": 30, "thirty-first": 31}
_ORDINAL_WORD = "|".join(sorted(ORDINAL_DAYS, key=len, reverse=True))
_DAY = rf"(?P<day>[0-3]?\d(?:st|nd|rd|th)?|{_ORDINAL_WORD})"
YEAR = r"(?P<year>(?:19|20)\d\d)"
_WEEKDAY = r"(?P<weekday>monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_MOD = r"(?:(?P<mod>last|this|next|past|coming)\s+)?"
_PART = r"(?:\s+(?P<part>morning|afternoon|evening|night))?"
_MONTHS_THAT_ARE_WORDS = frozenset({"may", "march", "mar"})
_MONTH_MARKS = ("year", "syear", "rel", "part")  # groups that make "May" a month: "May 2022", "mid-May"

Resolved = tuple[date, date, Granularity]


class Direction(Enum):
    BACK = "back"  # the most recent such day on or before the anchor
    AHEAD = "ahead"  # the first such day on or after the anchor
    NEAREST = "nearest"


# The word just before an expression that makes it one end of a period ("since", "until 5 p.m. EST Nov. 9").
_PERIOD_CUE = re.compile(
    r"\b(since|until|till|from|to|through|between|and|by)\s+(?:the\s+)?"
    r"(?:(?:\d\d?(?::\d\d)?\s*[ap]\.?m\.?|noon|midnight)(?:\s+[A-Z]{2,4})?,?\s+(?:on\s+)?)?$",
    re.I,
)
_CUE_WINDOW = 32
_DETERMINER_BEFORE = re.compile(r"\b(?:the|a|an|its|their|his|her|our)\s+$", re.I)
_NOUN_AFTER = re.compile(
    r"\s+(?!(?:and|or|but|of|in|on|at|by|to|for|from|with|as|than|that|which|when|after|before|until|since"
    r"|is|was|are|were|will|would|has|had|have|be)\b)[a-z]{3,}\b"
)
_PERIOD_ENDS = frozenset({"until", "till", "to", "through", "by"})


@dataclass(slots=True)
class _Where:
    """Where a match stands: what its words and its verb say about which way it points (read on demand)."""

    text: str
    span: Span
    tenses: TenseReader
    _tense: Tense | None = field(default=None)

    @property
    def cue(self) -> str:
        found = _PERIOD_CUE.search(self.text, max(0, self.span.start - _CUE_WINDOW), self.span.start)
        return found.group(1).lower() if found else ""

    @property
    def tense(self) -> Tense:
        if self._tense is None:
            self._tense = self.tenses.tense_at(self.span)
        return self._tense

    @property
    def attributive(self) -> bool:
        """Between a determiner and its noun ("the Jan. 14 deadline"): a name for a day the reader knows."""
        before = _DETERMINER_BEFORE.search(self.text, max(0, self.span.start - 8), self.span.start)
        return before is not None and _NOUN_AFTER.match(self.text, self.span.end) is not None

    def direction(self, *, weekday: bool) -> Direction:
        cue = self.cue
        if cue == "since" or self.text.startswith(("'s", "’s"), self.span.end):
            return Direction.BACK  # "since May 9"; "Wednesday's ruling" is a done thing
        if self.attributive:  # "the Aug. 7 blasts", "the Jan. 14 deadline": a known day, not the verb's
            return Direction.NEAREST
        tense = self.tense
        if tense is Tense.PLANNED:
            return Direction.NEAREST
        if tense is Tense.FUTURE:
            return Direction.AHEAD
        if tense is Tense.PAST:
            # A period's end may lie ahead of a past verb: "the offer was extended to Nov. 20".
            return Direction.NEAREST if cue in _PERIOD_ENDS else Direction.BACK
        if tense is Tense.PRESENT:
            return Direction.AHEAD if weekday else Direction.NEAREST  # "the council meets Tuesday"
        return Direction.BACK if weekday else Direction.NEAREST


@dataclass(frozen=True, slots=True)
class _Rule:
    """A pattern and its resolver; `digits` and `words` say what a text must hold for the pattern to match
    (a digit, or one of the lower-case `words`), so that it is not run where it cannot."""

    pattern: re.Pattern[str]
    resolve: Callable[[re.Match[str], date, _Where], Resolved | None]
    digits: bool = False
    words: tuple[str, ...] = ()

    def may_match(self, lowered: str, *, has_digit: bool) -> bool:
        if not (self.digits or self.words):
            return True
        return (self.digits and has_digit) or any(word in lowered for word in self.words)


def _day_range(d: date) -> Resolved:
    return d, d, Granularity.DAY


def _month_range(year: int, month: int) -> Resolved:
    last = calendar.monthrange(year, month)[1]
    return date(year, month, 1), date(year, month, last), Granularity.MONTH


def safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def pick(candidates: list[date], anchor: date, direction: Direction, *, strict: bool = False) -> date | None:
    """The candidate on the side of `anchor` that `direction` names (the anchor itself unless `strict`)."""
    if direction is Direction.BACK:
        back = [c for c in candidates if c < anchor or (c == anchor and not strict)]
        return max(back, default=None)
    if direction is Direction.AHEAD:
        ahead = [c for c in candidates if c > anchor or (c == anchor and not strict)]
        return min(ahead, default=None)
    return min(candidates, key=lambda c: (abs((c - anchor).days), c), default=None)


def _yearless(
    month: int, day: int, anchor: date, direction: Direction, mod: str, weekday: int | None = None
) -> date | None:
    """A day without a year ("Nov. 16", "last February 24"): that day in the year the words point to.

    A weekday given with it ("Saturday, April 25") picks the year in which the two agree.
    """
    if mod == "this":
        return safe_date(anchor.year, month, day)
    years = range(anchor.year - 6, anchor.year + 7)  # a 29 February, a weekday: some years on each side
    candidates = [d for year in years if (d := safe_date(year, month, day))]
    if weekday is not None and any(d.weekday() == weekday for d in candidates):
        agreeing = [d for d in candidates if d.weekday() == weekday]
        return pick(agreeing, anchor, Direction.NEAREST)
    if mod in ("last", "past"):
        return pick(candidates, anchor, Direction.BACK, strict=True)
    if mod in ("next", "coming"):
        return pick(candidates, anchor, Direction.AHEAD, strict=True)
    return pick(candidates, anchor, direction)


def _resolve_iso(m: re.Match[str], anchor: date, where: _Where) -> Resolved | None:
    d = safe_date(int(m["year"]), int(m["month"]), _day_number(m["day"]))
    return _day_range(d) if d else None


def _day_number(text: str) -> int:
    """ "24", "24th" or "twenty-fourth" -> 24."""
    word = text.lower()
    return ORDINAL_DAYS.get(word) or int(re.sub(r"(?:st|nd|rd|th)$", "", word))


def _resolve_full(m: re.Match[str], anchor: date, where: _Where) -> Resolved | None:
    month = MONTHS[m["month"].lower().rstrip(".")]
    if m["year"]:
        d = safe_date(int(m["year"]), month, _day_number(m["day"]))
    else:
        groups = m.groupdict()
        mod = (groups.get("mod") or "").lower()
        direction = where.direction(weekday=False) if not mod else Direction.NEAREST
        weekday = WEEKDAYS[groups["weekday"].lower()] if groups.get("weekday") else None
        d = _yearless(month, _day_number(m["day"]), anchor, direction, mod, weekday)
    return _day_range(d) if d else None


def _resolve_day_range(m: re.Match[str], anchor: date, where: _Where) -> Resolved | None:
    """ "March 8-9", "8 to 9 March 2022": the two days of one month."""
    first = _resolve_full(m, anchor, where)
    if first is None:
        return None
    last = safe_date(first[0].year, first[0].month, _day_number(m["day2"]))
    return (first[0], last, Granularity.DAY) if last and last > first[0] else None


def _resolve_numeric(m: re.Match[str], anchor: date, where: _Where) -> Resolved | None:
    """ "24.02.2022" (day first), "02/24/2022" or "24/02/2022" (whichever reading is a date; if both are,
    the one nearer the anchor: reports date things near their own day)."""
    a, b, year = int(m["a"]), int(m["b"]), int(m["year"])
    day_first, month_first = safe_date(year, b, a), safe_date(year, a, b)
    if m["sep"] == "." and day_first:
        return _day_range(day_first)
    readings = [d for d in (day_first, month_first) if d]
    chosen = pick(readings, anchor, Direction.NEAREST)
    return _day_range(chosen) if chosen else None


def _resolve_day_of_month(m: re.Match[str], anchor: date, where: _Where) -> Resolved | None:
    """ "on the 24th": that day of this month, or of the month before or after, as the tense says."""
    day = _day_number(m["day"])
    rel = (m["rel"] or "").lower()
    if rel:
        year, month = shift_month(anchor, {"last": -1, "this": 0, "next": 1}[rel])
        return _day_range_or_none(safe_date(year, month, day))
    candidates = [d for by in (-1, 0, 1) if (d := safe_date(*shift_month(anchor, by), day))]
    return _day_range_or_none(pick(candidates, anchor, where.direction(weekday=False)))


def _resolve_month(m: re.Match[str], anchor: date, where: _Where) -> Resolved | None:
    raw = m["month"]
    word = raw.rstrip(".")
    mod = (m["mod"] or "").lower()
    marked = m["in"] is not None or mod in ("last", "next") or any(m[g] for g in _MONTH_MARKS)
    marked = marked or (mod == "this" and word.lower() not in _MONTHS_THAT_ARE_WORDS)  # not "this may be"
    if not marked and (word in _MONTHS_THAT_ARE_WORDS or (raw == word and word.lower() not in FULL_MONTHS)):
        return None  # "they may", "troops march", "Jan Kavan": alone, these are not months
    month = MONTHS[word.lower()]
    rel = (m["rel"] or "").lower()
    if m["year"] or m["syear"]:
        return _month_range(int(m["year"]) if m["year"] else spelled_year(m["syear"]), month)
    if rel:
        return _month_range(anchor.year + {"last": -1, "this": 0, "next": 1}[rel], month)
    if mod == "this":
        return _month_range(anchor.year, month)
    first = anchor.replace(day=1)
    candidates = [date(y, month, 1) for y in range(max(1, anchor.year - 1), min(9999, anchor.year + 1) + 1)]
    if mod in ("last", "past", "next", "coming"):
        chosen = _last_or_next_month(candidates, first, ahead=mod in ("next", "coming"))
    else:
        chosen = pick(candidates, first, where.direction(weekday=False))
    return _month_range(chosen.year, month) if chosen else None


def _last_or_next_month(candidates: list[date], first: date, *, ahead: bool) -> date | None:
    """ "last February": the one before the current, and a year back when February has just ended,
    since the month just ended would be "last month"."""
    chosen = pick(candidates, first, Direction.AHEAD if ahead else Direction.BACK, strict=True)
    if chosen is None or abs((chosen.year - first.year) * 12 + chosen.month - first.month) != 1:
        return chosen
    return safe_date(chosen.year + (1 if ahead else -1), chosen.month, 1)


def _resolve_weekday(m: re.Match[str], anchor: date, where: _Where) -> Resolved | None:
    target = WEEKDAYS[m["weekday"].lower()]
    mod = (m["mod"] or "").lower()
    offset = (target - anchor.weekday()) % 7
    candidates = [anchor + timedelta(days=offset - 7), anchor + timedelta(days=offset)]
    if offset == 0:
        candidates.append(anchor + timedelta(days=7))
    if mod in ("last", "past"):
        return _day_range_or_none(pick(candidates, anchor, Direction.BACK, strict=True))
    if mod in ("next", "coming"):
        return _day_range_or_none(pick(candidates, anchor, Direction.AHEAD, strict=True))
    return _day_range_or_none(pick(candidates, anchor, where.direction(weekday=True)))


def _resolve_holiday(m: re.Match[str], anchor: date, where: _Where) -> Resolved | None:
    """ "Christmas", "last Orthodox Easter", "Thanksgiving Day 1999": that day in the year the words say."""
    name = m["holiday"]
    if name[0].islower() and not any(word in name.lower() for word in _PLAIN_HOLIDAYS):
        return None  # "a memorial day for the victims" names no holiday
    mod = (m["mod"] or "").lower()
    if m["year"] or mod == "this":
        return _holiday_range(holiday_in(name, int(m["year"]) if m["year"] else anchor.year))
    spans = {
        span[0]: span for year in range(anchor.year - 1, anchor.year + 2) if (span := holiday_in(name, year))
    }
    if mod in ("last", "past"):
        first = pick(list(spans), anchor, Direction.BACK, strict=True)
    elif mod in ("next", "coming"):
        first = pick(list(spans), anchor, Direction.AHEAD, strict=True)
    else:
        first = pick(list(spans), anchor, where.direction(weekday=False))
    return _holiday_range(spans[first]) if first else None


def _holiday_range(span: tuple[date, date] | None) -> Resolved | None:
    if span is None:
        return None
    return span[0], span[1], Granularity.DAY if span[0] == span[1] else Granularity.WEEK


_PLAIN_HOLIDAYS = ("christmas", "easter", "halloween")


def _day_range_or_none(d: date | None) -> Resolved | None:
    return _day_range(d) if d else None


def _resolve_weekend(anchor: date, where: _Where) -> Resolved:
    saturday = anchor - timedelta(days=(anchor.weekday() - 5) % 7)
    if where.direction(weekday=True) is Direction.AHEAD and anchor.weekday() < 5:
        saturday += timedelta(days=7)
    return saturday, saturday + timedelta(days=1), Granularity.DAY


def _resolve_relative(m: re.Match[str], anchor: date, where: _Where) -> Resolved | None:
    word = re.sub(r"\s+", " ", m.group(0).lower())
    if word.endswith("weekend"):
        return _resolve_weekend(anchor, where)
    days = [offset for name, offset in _NAMED_DAYS.items() if name in word.split()]
    if days and "day" not in word.split():  # "yesterday morning", "afternoon today"; not "the day before ..."
        return _day_range(anchor + timedelta(days=days[0]))
    week_start = anchor - timedelta(days=anchor.weekday())
    table: dict[str, Resolved] = {  # longer keys first: they are matched as endings
        "day before yesterday": _day_range(anchor - timedelta(days=2)),
        "day after tomorrow": _day_range(anchor + timedelta(days=2)),
        "today": _day_range(anchor),
        "tonight": _day_range(anchor),
        "this morning": _day_range(anchor),
        "this afternoon": _day_range(anchor),
        "this evening": _day_range(anchor),
        "yesterday": _day_range(anchor - timedelta(days=1)),
        "last night": _day_range(anchor - timedelta(days=1)),
        "overnight": (anchor - timedelta(days=1), anchor, Granularity.DAY),
        "tomorrow": _day_range(anchor + timedelta(days=1)),
        "earlier this week": (week_start, anchor, Granularity.WEEK),
        "this week": (week_start, week_start + timedelta(days=6), Granularity.WEEK),
        "last week": (week_start - timedelta(days=7), week_start - timedelta(days=1), Granularity.WEEK),
        "next week": (week_start + timedelta(days=7), week_start + timedelta(days=13), Granularity.WEEK),
        "past week": (anchor - timedelta(days=7), anchor, Granularity.WEEK),
        "past month": (_months_before(anchor, 1), anchor, Granularity.MONTH),
        "past year": (_months_before(anchor, 12), anchor, Granularity.YEAR),
        "past 24 hours": (anchor - timedelta(days=1), anchor, Granularity.DAY),
        "this month": _month_range(anchor.year, anchor.month),
        "last month": _month_range(*shift_month(anchor, -1)),
        "next month": _month_range(*shift_month(anchor, 1)),
        "this year": (date(anchor.year, 1, 1), date(anchor.year, 12, 31), Granularity.YEAR),
        "last year": (date(anchor.year - 1, 1, 1), date(anchor.year - 1, 12, 31), Granularity.YEAR),
        "next year": (date(anchor.year + 1, 1, 1), date(anchor.year + 1, 12, 31), Granularity.YEAR),
    }
    for key, value in table.items():
        if word.endswith(key):
            return value
    return None


_NAMED_DAYS = {"yesterday": -1, "today": 0, "tomorrow": 1}


def _months_before(anchor: date, n: int) -> date:
    """The same day `n` calendar months earlier (the month's last day where it is shorter)."""
    year, month = shift_month(anchor, -n)
    return date(year, month, min(anchor.day, calendar.monthrange(year, month)[1]))


def _resolve_ago(m: re.Match[str], anchor: date, where: _Where) -> Resolved | None:
    word = m["n"].lower()
    n = int(word) if word.isdigit() else SMALL_NUMBERS[word]
    unit = m["unit"].lower().rstrip("s")
    if unit in ("day", "week"):
        d = anchor - timedelta(days=n * (7 if unit == "week" else 1))
        return d, d, Granularity.DAY if unit == "day" else Granularity.WEEK
    d = _months_before(anchor, n * (12 if unit == "year" else 1))
    return d, d, Granularity(unit)


def _resolve_year(m: re.Match[str], anchor: date, where: _Where) -> Resolved:
    year = int(m["year"])
    return date(year, 1, 1), date(year, 12, 31), Granularity.YEAR


_UNIT_WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_TEEN_WORDS = (
    "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen",
)  # fmt: skip
_TENS_WORDS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
NUMBER_VALUES = {w: i for i, w in enumerate(_UNIT_WORDS, start=1)}
NUMBER_VALUES |= {w: i for i, w in enumerate(_TEEN_WORDS, start=10)}
NUMBER_VALUES |= {w: i for i, w in enumerate(_TENS_WORDS, start=2)}
_U, _T, _X = ("|".join(words) for words in (_UNIT_WORDS, _TEEN_WORDS, _TENS_WORDS))
# Years as broadcast transcripts spell them: "nineteen ninety-six", "nineteen oh five", "two thousand one".
SPELLED_YEAR = (
    rf"(?:(?:nineteen|twenty)[\s-]+(?:oh[\s-]+(?:{_U})|(?:{_T})|(?:{_X})(?:[\s-]+(?:{_U}))?)"
    rf"|(?:(?<=\bin\s)|(?<=year\s)|(?<=since\s))two\s+thousand(?:\s+(?:and\s+)?(?:{_U}|{_T}))?)\b"
    r"(?![\s-]+(?:year|percent))"
)


def spelled_year(text: str) -> int:
    """ "nineteen ninety-six" -> 1996, "nineteen oh five" -> 1905, "the year two thousand one" -> 2001."""
    words = [w for w in re.findall(r"[a-z]+", text.lower()) if w not in ("the", "year", "oh", "and")]
    if words[:2] == ["two", "thousand"]:
        return 2000 + sum(NUMBER_VALUES.get(w, 0) for w in words[2:])
    low = sum(NUMBER_VALUES.get(w, 0) * (10 if w in _TENS_WORDS else 1) for w in words[1:])
    return (1900 if words[0] == "nineteen" else 2000) + low


def _resolve_spelled_year(m: re.Match[str], anchor: date, where: _Where) -> Resolved:
    year = spelled_year(m.group(0))
    return date(year, 1, 1), date(year, 12, 31), Granularity.YEAR


_DAY2 = r"(?P<day2>[0-3]?\d(?:st|nd|rd|th)?)"
_NOT_COUNTED = r"(?!\s+(?:[a-z]{3,}s|people|men|women|children)\b)"  # "April 4 to 12 soldiers" counts
_TO = r"\s*(?:-|–|to|through|until|till)\s*"
_ON_THE = r"(?:(?<=\bon\s)|(?<=\bby\s)|(?<=since\s)|(?<=until\s)|(?<=\bfrom\s)|(?<=till\s))"

_MONTH_STEMS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_RELATIVE_WORDS = (
    "day",
    "night",
    "week",
    "month",
    "year",
    "hours",
    "morning",
    "afternoon",
    "evening",
    "tomorrow",
)
_ON_THE_WORDS = ("on the", "by the", "since the", "until the", "from the", "till the")
_DIGIT = re.compile(r"\d")

RULES: tuple[_Rule, ...] = (
    _Rule(
        re.compile(r"\b(?P<year>(?:19|20)\d\d)([-/.])(?P<month>[01]?\d)\2(?P<day>[0-3]?\d)\b"),
        _resolve_iso,
        digits=True,
    ),
    _Rule(
        re.compile(
            r"(?<![\d.,/])\b(?P<a>[0-3]?\d)(?P<sep>[./])(?P<b>[0-3]?\d)(?P=sep)(?P<year>(?:19|20)\d\d)\b(?![./]\d)"
        ),
        _resolve_numeric,
        digits=True,
    ),
    _Rule(
        re.compile(rf"\b{_MONTH}\s+{_DAY}{_TO}{_DAY2}(?:,?\s+{YEAR})?\b(?![.:,]\d|\s*%){_NOT_COUNTED}", re.I),
        _resolve_day_range,
        digits=True,
    ),
    _Rule(
        re.compile(rf"\b(?:the\s+)?{_DAY}{_TO}{_DAY2}\s+(?:of\s+)?{_MONTH}(?:,?\s+{YEAR})?\b", re.I),
        _resolve_day_range,
        digits=True,
    ),
    _Rule(
        re.compile(
            rf"{_ON_THE}the\s+(?P<day>[0-3]?\d(?:st|nd|rd|th)|{_ORDINAL_WORD})"
            r"(?:\s+of\s+(?P<rel>this|last|next)\s+month)?\b"
            r"(?=\s*(?:[,.;:!?)]|$)|\s+(?:and|or|at|when|in|to|until|through)\b)",
            re.I,
        ),
        _resolve_day_of_month,
        words=_ON_THE_WORDS,
    ),
    _Rule(
        re.compile(rf"\b{_MOD}(?:{_WEEKDAY},?\s+)?{_MONTH}\s+{_DAY}(?:,?\s+{YEAR})?\b", re.I),
        _resolve_full,
        words=_MONTH_STEMS,
    ),
    _Rule(
        re.compile(rf"\b{_MOD}(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+{YEAR})?\b", re.I),
        _resolve_full,
        words=_MONTH_STEMS,
    ),
    _Rule(
        re.compile(rf"\b{_MOD}(?P<holiday>{HOLIDAY_PATTERN})(?:,?\s+{YEAR})?\b", re.I),
        _resolve_holiday,
        words=HOLIDAY_WORDS,
    ),
    _Rule(re.compile(rf"\b{_MOD}{_WEEKDAY}{_PART}\b", re.I), _resolve_weekday, words=("day",)),
    _Rule(
        re.compile(
            rf"\b(?:(?P<in>(?<=\bin\s))|{_MOD})(?P<part>(?:early|mid|late)[\s-]+)?{_MONTH}"
            rf"(?:,?\s+{YEAR}|\s+(?P<syear>{SPELLED_YEAR})|\s+(?P<rel>this|last|next)\s+year)?\b(?!\s+\d)",
            re.I,
        ),
        _resolve_month,
        words=_MONTH_STEMS,
    ),
    _Rule(
        re.compile(
            r"\b(?:(?:the\s+)?day\s+(?:before\s+yesterday|after\s+tomorrow)|"
            r"(?:(?:early|mid|late)[\s-]*)?(?:morning|afternoon|evening|night)\s+(?:yesterday|today|tomorrow)|"
            r"(?:yesterday|today|tomorrow)\s+(?:morning|afternoon|evening|night)|"
            r"today|tonight|yesterday|tomorrow|overnight|last\s+night|this\s+(?:morning|afternoon|evening)|"
            r"(?:earlier\s+)?this\s+week|last\s+week|next\s+week|next\s+year|"
            r"the\s+past\s+(?:week|month|year|24\s+hours)|"
            r"(?:the|this|last|next)\s+weekend|(?:this|last|next)\s+(?:month|year))\b",
            re.I,
        ),
        _resolve_relative,
        words=_RELATIVE_WORDS,
    ),
    _Rule(
        re.compile(
            r"\b(?P<n>\d+|a|an|one|two|three|four|five|six)\s+(?P<unit>days?|weeks?|months?|years?)\s+ago\b",
            re.I,
        ),
        _resolve_ago,
        words=("ago",),
    ),
    # A year alone, unless it counts something ("2000 troops") or is a part of a number or an amount.
    _Rule(
        re.compile(
            r"(?<![\d$£€.,/-])\b(?:the\s+year\s+|fiscal\s+|(?:early|mid|late)-)?(?P<year>(?:19|20)\d\d)\b"
            r"(?![.,/-]?\d|\s*%|\s+[a-z]{3,}s\b)",
            re.I,
        ),
        _resolve_year,
        digits=True,
    ),
    _Rule(
        re.compile(rf"\b(?:the\s+year\s+)?{SPELLED_YEAR}", re.I),
        _resolve_spelled_year,
        words=("nineteen", "twenty", "thousand"),
    ),
)
_RELATION = {
    "since": "since",
    "from": "since",
    "between": "since",
    "until": "until",
    "till": "until",
    "to": "until",
    "and": "until",
    "through": "until",
    "by": "until",
}


def find_times(text: str, *, anchor: date, tenses: TenseReader | None = None) -> list[TimeRef]:
    """Every time expression in `text`, resolved against `anchor`, leftmost-longest, no overlaps.

    `tenses` says which way a governing verb points (default: `LexicalTense`, read from the words). A
    reference such as "the next day" counts from the last date named before it (`anchored_times.py`): one
    that was itself counted ("down from the previous Friday and up from the following Monday") names none.
    """
    reader = tenses if tenses is not None else LexicalTense(text)
    found: list[TimeRef] = []
    named: list[TimeRef] = []
    for matched, how, match in _winners(text, anchor):
        where = _Where(text, matched, reader)
        resolved = _resolve(how, match, anchor, where, named)
        if resolved is None:
            continue
        (start, end, granularity), counted_from, confidence = resolved
        floor = found[-1].span.end if found and found[-1].span is not None else 0
        span = with_modifier(text, matched, floor=floor)
        found.append(
            TimeRef(
                text=span.text_of(text),
                start=start,
                end=end,
                granularity=granularity,
                span=span,
                anchor=counted_from,
                relation=_relation(text, span, found),
                confidence=confidence,
            )
        )
        if isinstance(how, _Rule):  # not a war's first day, read from "Russia's invasion of Ukraine"
            named.append(found[-1])
    return found


# Words before a date that say which part of it is meant; TimeML counts them as part of the expression
# ("early next year", "the end of 1990", "Earlier this month", "late yesterday").
DATE_MODIFIER = re.compile(
    r"(?:\b(?:early|late|mid|earlier|later|sometime|around|the\s+(?:end|beginning|start|middle)\s+of)[\s-]+"
    r"|\bmid-)$",
    re.I,
)


def with_modifier(
    text: str, span: Span, *, floor: int = 0, modifier: re.Pattern[str] = DATE_MODIFIER
) -> Span:
    """`span` widened to the left over a `modifier` that ends where it starts, not below `floor`."""
    found = modifier.search(text, max(floor, span.start - 24), span.start)
    return Span(found.start(), span.end) if found else span


def _relation(text: str, span: Span, found: list[TimeRef]) -> str:
    cue = _PERIOD_CUE.search(text, max(0, span.start - _CUE_WINDOW), span.start)
    word = cue.group(1).lower() if cue else ""
    relation = _RELATION.get(word, "")
    if word in ("to", "and") and not _opens_period(found, span):
        return ""  # "on March 1 and March 5" are two days, not a period
    return relation


def _opens_period(found: list[TimeRef], span: Span) -> bool:
    return (
        bool(found)
        and found[-1].relation == "since"
        and found[-1].span is not None
        and span.start - found[-1].span.end < 30
    )


def _winners(
    text: str, anchor: date
) -> Iterator[tuple[Span, _Rule | AnchoredRule | date, re.Match[str] | None]]:
    """The matches of all rules, leftmost-longest, no overlaps, in the order of the text.

    An expression that names no real day ("the 31st of April") still holds its words, so that a shorter
    rule cannot read a part of it ("April") as a date: matches are resolved only once they win their place.
    """
    candidates: list[tuple[Span, _Rule | AnchoredRule | date, re.Match[str] | None]] = []
    lowered, has_digit = text.lower(), bool(_DIGIT.search(text))
    for rule in RULES:
        if rule.may_match(lowered, has_digit=has_digit):
            candidates.extend((Span(m.start(), m.end()), rule, m) for m in rule.pattern.finditer(text))
    if may_hold_anchored(lowered):
        for anchored in ANCHORED_RULES:
            candidates.extend(
                (Span(m.start(), m.end()), anchored, m) for m in anchored.pattern.finditer(text)
            )
    if "invasion" in lowered or "war" in lowered:
        for pattern, day in KNOWN_DAYS:
            if anchor >= day:
                candidates.extend((Span(m.start(), m.end()), day, None) for m in pattern.finditer(text))
    candidates.sort(key=lambda c: (c[0].start, -(c[0].end - c[0].start)))
    last_end = -1
    for span, how, match in candidates:
        if span.start >= last_end:
            last_end = span.end
            yield span, how, match


def may_hold_anchored(lowered: str) -> bool:
    return any(unit in lowered for unit in ANCHORED_UNITS) and any(cue in lowered for cue in ANCHORED_CUES)


def _resolve(
    how: _Rule | AnchoredRule | date,
    m: re.Match[str] | None,
    anchor: date,
    where: _Where,
    named: Sequence[TimeRef],
) -> tuple[Resolved, date, float] | None:
    """A winning match's dates, the date they were counted from and how sure they are."""
    if isinstance(how, date):
        return _day_range(how), anchor, 1.0
    if m is None:
        return None
    try:
        if isinstance(how, AnchoredRule):
            return _counted(how, m, anchor, where, named)
        resolved = how.resolve(m, anchor, where)
    except (OverflowError, ValueError):  # past the calendar's ends: "99999999 days ago", anchor 0001-01-01
        return None
    return (resolved, anchor, 1.0) if resolved else None


def _counted(
    rule: AnchoredRule, m: re.Match[str], anchor: date, where: _Where, named: Sequence[TimeRef]
) -> tuple[Resolved, date, float] | None:
    """ "The next day" from the last date named before it, else from `anchor` as a guess; never after
    `anchor` where the verb is past ("the next day a strike hit the station" in a story that named no day)."""
    counted = rule.resolve(m, named=named, published=anchor)
    if counted is None or (counted.start > anchor and where.tense is Tense.PAST):
        return None
    confidence = INFERRED_CONFIDENCE if counted.guessed else 1.0
    return (counted.start, counted.end, counted.granularity), counted.base, confidence


INFERRED_CONFIDENCE = 0.6


def governing_time(times: Sequence[TimeRef], text: str, *, at: int) -> TimeRef | None:
    """The date a sentence without one inherits: the last point in time named before `at` in its paragraph.

    "On Monday, shells hit the depot. A school nearby was also damaged.": the school was damaged on Monday.
    The result says it was inferred (its confidence is `INFERRED_CONFIDENCE`); None when the paragraph names
    no earlier point in time, so that the caller falls back to the published date, and says so.
    """
    paragraph_start = text.rfind("\n\n", 0, at)
    earlier = [
        (t.span.start, t)
        for t in times
        if t.span is not None
        and paragraph_start < t.span.start
        and t.span.end <= at
        and t.relation != "until"
    ]
    if not earlier:
        return None
    last = max(earlier, key=lambda item: item[0])[1]
    return replace(last, confidence=min(last.confidence, INFERRED_CONFIDENCE))


# A wire dateline that opens the story: "WASHINGTON, March 12 (Xinhua) --", "KYIV, Ukraine, April 6 (AP) _".
_DATELINE = re.compile(
    rf"\s*[A-Z][A-Z.'’ -]{{1,40}},(?:\s+[A-Z][A-Za-z.'’ -]{{1,30}},)?\s+(?i:{_MONTH})\s+(?P<day>[0-3]?\d)\b"
    r"(?:,?\s+(?:19|20)\d\d)?\s*(?:\(|--|_|—|–)"
)
_DATELINE_SLACK = 2  # days between the filing and the time a feed stamps on the story


def dateline_anchor(text: str, published: date) -> date:
    """The day a story's own dateline names, where it is within two days of `published`, else `published`.

    A wire story filed in Washington on the evening of 12 March reaches a feed in Beijing on the 13th; its
    "today" is the 12th, the day its dateline says.
    """
    found = _DATELINE.match(text)
    if found is None:
        return published
    month = MONTHS[found["month"].lower().rstrip(".")]
    candidates = [d for by in (-1, 0, 1) if (d := safe_date(published.year + by, month, int(found["day"])))]
    nearest = pick(candidates, published, Direction.NEAREST)
    if nearest is None or abs((nearest - published).days) > _DATELINE_SLACK:
        return published
    return nearest


class Times(DocStage):
    name = "times"
    requires = ("article",)
    assigns = ("times",)

    def process(self, doc: Doc) -> None:
        published = doc.article.published_date
        if published is None:
            doc.times = ()
            return
        doc.times = tuple(find_times(doc.text, anchor=dateline_anchor(doc.text, published)))
