"""Time expressions resolved against the article's own date, deterministically (never the machine's clock).

News dates things relative to the dateline: "Wednesday" in a story published on Thursday 7 April 2022 is
6 April; "last February 24" is the most recent 24 February before publication; "until April 4" ends a
period. Past is the default reading; a future cue just before a weekday ("will", "next") reads it forward.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from sitrep.models import Granularity, Span, TimeRef
from sitrep.pipeline import Doc, DocStage

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS |= {name.lower(): i for i, name in enumerate(calendar.month_abbr) if name}
MONTHS["sept"] = 9
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
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_WEEKDAY = r"(?P<weekday>monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_MOD = r"(?:(?P<mod>last|this|next|past|coming)\s+)?"
_PART = r"(?:\s+(?P<part>morning|afternoon|evening|night))?"
_MONTHS_THAT_ARE_WORDS = frozenset({"may", "march", "mar"})
_FUTURE_CUE = re.compile(
    r"\b(will|would|shall|to be held|plans? to|scheduled|due to|expected to|next)\b[^.]{0,40}$"
    r"|\b(?:by|before)\s+(?:the\s+)?$",  # a deadline: "take the city by the ninth of May"
    re.I,
)


@dataclass(frozen=True, slots=True)
class _Rule:
    pattern: re.Pattern[str]
    resolve: Callable[[re.Match[str], date, bool], tuple[date, date, Granularity] | None]


def _day_range(d: date) -> tuple[date, date, Granularity]:
    return d, d, Granularity.DAY


def _month_range(year: int, month: int) -> tuple[date, date, Granularity]:
    last = calendar.monthrange(year, month)[1]
    return date(year, month, 1), date(year, month, last), Granularity.MONTH


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _yearless(month: int, day: int, anchor: date, future: bool, mod: str | None) -> date | None:
    """A day without a year: the nearest such day on the side of the anchor the tense implies."""
    this_year = _safe_date(anchor.year, month, day)
    if this_year is None:
        return None
    if mod == "next":
        return this_year if this_year >= anchor else _safe_date(anchor.year + 1, month, day)
    if future:  # the coming such day, unless it passed recently ("by April 4" in a report of April 20)
        recent = anchor - this_year < timedelta(days=183)
        return this_year if this_year >= anchor or recent else _safe_date(anchor.year + 1, month, day)
    if mod == "last" and this_year >= anchor:
        return _safe_date(anchor.year - 1, month, day)
    # Unmarked: news mostly reports the recent past, but a date a few days ahead is an announcement.
    if this_year > anchor + timedelta(days=14):
        return _safe_date(anchor.year - 1, month, day)
    return this_year


def _resolve_iso(m: re.Match[str], anchor: date, future: bool) -> tuple[date, date, Granularity] | None:
    d = _safe_date(int(m["year"]), int(m["month"]), _day_number(m["day"]))
    return _day_range(d) if d else None


def _day_number(text: str) -> int:
    """ "24", "24th" or "twenty-fourth" -> 24."""
    word = text.lower()
    return ORDINAL_DAYS.get(word) or int(re.sub(r"(?:st|nd|rd|th)$", "", word))


def _resolve_full(m: re.Match[str], anchor: date, future: bool) -> tuple[date, date, Granularity] | None:
    month = MONTHS[m["month"].lower().rstrip(".")]
    if m["year"]:
        d = _safe_date(int(m["year"]), month, _day_number(m["day"]))
    else:
        d = _yearless(month, _day_number(m["day"]), anchor, future, (m["mod"] or "").lower() or None)
    return _day_range(d) if d else None


def _resolve_month(m: re.Match[str], anchor: date, future: bool) -> tuple[date, date, Granularity] | None:
    word = m["month"].rstrip(".")
    if (
        word in _MONTHS_THAT_ARE_WORDS
        and not m["year"]
        and not m.group(0).lower().startswith(("in", "last", "next"))
    ):
        return None  # "they may", "troops march": lower-case and alone, these are not months
    month = MONTHS[word.lower()]
    mod = (m["mod"] or "").lower()
    if m["year"]:
        year = int(m["year"])
    elif mod == "next" or (future and month > anchor.month):
        year = anchor.year + (month <= anchor.month)
    elif mod == "last":
        year = anchor.year - (month >= anchor.month)
    else:
        year = anchor.year - (month > anchor.month)
    return _month_range(year, month)


def _resolve_weekday(m: re.Match[str], anchor: date, future: bool) -> tuple[date, date, Granularity]:
    target = WEEKDAYS[m["weekday"].lower()]
    mod = (m["mod"] or "").lower()
    if mod in ("next", "coming") or (future and mod != "last"):
        ahead = (target - anchor.weekday()) % 7 or 7
        return _day_range(anchor + timedelta(days=ahead))
    back = (anchor.weekday() - target) % 7
    if mod == "last" and back == 0:
        back = 7
    return _day_range(anchor - timedelta(days=back))


def _resolve_relative(m: re.Match[str], anchor: date, future: bool) -> tuple[date, date, Granularity] | None:
    word = re.sub(r"\s+", " ", m.group(0).lower())
    week_start = anchor - timedelta(days=anchor.weekday())
    table: dict[str, tuple[date, date, Granularity]] = {
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
        "past 24 hours": (anchor - timedelta(days=1), anchor, Granularity.DAY),
        "weekend": (week_start - timedelta(days=2), week_start - timedelta(days=1), Granularity.DAY),
        "this month": _month_range(anchor.year, anchor.month),
        "last month": _month_range(*_shift_month(anchor, -1)),
        "next month": _month_range(*_shift_month(anchor, 1)),
        "this year": (date(anchor.year, 1, 1), date(anchor.year, 12, 31), Granularity.YEAR),
        "last year": (date(anchor.year - 1, 1, 1), date(anchor.year - 1, 12, 31), Granularity.YEAR),
    }
    for key, value in table.items():
        if word.endswith(key):
            return value
    return None


def _shift_month(anchor: date, by: int) -> tuple[int, int]:
    index = anchor.year * 12 + anchor.month - 1 + by
    return index // 12, index % 12 + 1


_SMALL_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}


def _resolve_ago(m: re.Match[str], anchor: date, future: bool) -> tuple[date, date, Granularity] | None:
    word = m["n"].lower()
    n = int(word) if word.isdigit() else _SMALL_NUMBERS[word]
    unit = m["unit"].lower().rstrip("s")
    d = anchor - timedelta(days={"day": 1, "week": 7, "month": 30, "year": 365}[unit] * n)
    return d, d, Granularity.DAY if unit == "day" else Granularity(unit)


def _resolve_year(m: re.Match[str], anchor: date, future: bool) -> tuple[date, date, Granularity]:
    year = int(m["year"])
    return date(year, 1, 1), date(year, 12, 31), Granularity.YEAR


RULES: tuple[_Rule, ...] = (
    _Rule(re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b"), _resolve_iso),
    _Rule(re.compile(rf"\b{_MOD}{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?\b", re.I), _resolve_full),
    _Rule(
        re.compile(rf"\b{_MOD}(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?\b", re.I), _resolve_full
    ),
    _Rule(re.compile(rf"\b{_MOD}{_WEEKDAY}{_PART}\b", re.I), _resolve_weekday),
    _Rule(re.compile(rf"\b(?:in\s+|{_MOD}){_MONTH}(?:\s+{_YEAR})?\b(?!\s+\d)", re.I), _resolve_month),
    _Rule(
        re.compile(
            r"\b(?:today|tonight|yesterday|tomorrow|overnight|last\s+night|this\s+(?:morning|afternoon|evening)|"
            r"(?:earlier\s+)?this\s+week|last\s+week|next\s+week|(?:in\s+)?the\s+past\s+(?:week|24\s+hours)|"
            r"(?:over\s+)?the\s+weekend|(?:this|last|next)\s+(?:month|year))\b",
            re.I,
        ),
        _resolve_relative,
    ),
    _Rule(
        re.compile(
            r"\b(?P<n>\d+|a|an|one|two|three|four|five|six)\s+(?P<unit>days?|weeks?|months?|years?)\s+ago\b",
            re.I,
        ),
        _resolve_ago,
    ),
    _Rule(re.compile(rf"\bin\s+{_YEAR}\b"), _resolve_year),
)
_PERIOD_CUE = re.compile(r"\b(since|until|till|from|to|through|between|and|by)\s+(?:the\s+)?$", re.I)
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


def find_times(text: str, *, anchor: date) -> list[TimeRef]:
    """Every time expression in `text`, resolved against `anchor`, leftmost-longest, no overlaps."""
    found: list[TimeRef] = []
    for span, (start, end, granularity) in _matches(text, anchor):
        cue = _PERIOD_CUE.search(text[max(0, span.start - 12) : span.start])
        relation = _RELATION.get(cue.group(1).lower(), "") if cue else ""
        if (
            relation == "until"
            and cue
            and cue.group(1).lower() in ("to", "and")
            and not _opens_period(found, span)
        ):
            relation = ""
        found.append(
            TimeRef(
                text=span.text_of(text),
                start=start,
                end=end,
                granularity=granularity,
                span=span,
                anchor=anchor,
                relation=relation,
            )
        )
    return found


def _opens_period(found: list[TimeRef], span: Span) -> bool:
    return (
        bool(found)
        and found[-1].relation == "since"
        and found[-1].span is not None
        and span.start - found[-1].span.end < 30
    )


def _matches(text: str, anchor: date) -> Iterator[tuple[Span, tuple[date, date, Granularity]]]:
    # An expression that names no real day ("the 31st of April") still holds its words, so that a shorter
    # rule cannot read a part of it ("April") as a date.
    candidates: list[tuple[Span, tuple[date, date, Granularity] | None]] = []
    for rule in RULES:
        for m in rule.pattern.finditer(text):
            future = bool(_FUTURE_CUE.search(text[max(0, m.start() - 60) : m.start()]))
            candidates.append((Span(m.start(), m.end()), _resolve(rule, m, anchor, future)))
    for pattern, day in KNOWN_DAYS:
        for m in pattern.finditer(text):
            if anchor >= day:
                candidates.append((Span(m.start(), m.end()), _day_range(day)))
    candidates.sort(key=lambda c: (c[0].start, -(c[0].end - c[0].start)))
    last_end = -1
    for span, resolved in candidates:
        if span.start >= last_end:
            last_end = span.end
            if resolved:
                yield span, resolved


def _resolve(
    rule: _Rule, m: re.Match[str], anchor: date, future: bool
) -> tuple[date, date, Granularity] | None:
    try:
        return rule.resolve(m, anchor, future)
    except (OverflowError, ValueError):  # past the calendar's ends: "99999999 days ago", anchor 0001-01-01
        return None


class Times(DocStage):
    name = "times"
    requires = ("article",)
    assigns = ("times",)

    def process(self, doc: Doc) -> None:
        anchor = doc.article.published_date
        doc.times = tuple(find_times(doc.text, anchor=anchor)) if anchor else ()
