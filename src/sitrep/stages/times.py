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
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_WEEKDAY = r"(?P<weekday>monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_MOD = r"(?:(?P<mod>last|this|next|past|coming)\s+)?"
_PART = r"(?:\s+(?P<part>morning|afternoon|evening|night))?"
_MONTHS_THAT_ARE_WORDS = frozenset({"may", "march", "mar"})
_FUTURE_CUE = re.compile(
    r"\b(will|would|shall|to be held|plans? to|planned (?:to|for)|planning to|scheduled|due to"
    r"|expected|expects?"
    r"|set (?:to|for)|as (?:early|soon) as|payable|expires?|effective|upcoming|next)\b[^.]{0,60}$"
    r"|\b(?:by|before)\s+(?:the\s+)?$",  # a deadline: "take the city by the ninth of May"
    re.I,
)
_FUTURE_WINDOW = 80


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
    raw = m["month"]
    word = raw.rstrip(".")
    mod = (m["mod"] or "").lower()
    marked = m["in"] is not None or mod in ("last", "next") or m["year"] or m["rel"]
    if not marked and (word in _MONTHS_THAT_ARE_WORDS or (raw == word and word.lower() not in FULL_MONTHS)):
        return None  # "they may", "troops march", "Jan Kavan": alone, these are not months
    month = MONTHS[word.lower()]
    rel = (m["rel"] or "").lower()
    if m["year"]:
        year = int(m["year"])
    elif rel:
        year = anchor.year + {"last": -1, "this": 0, "next": 1}[rel]
    elif mod == "next":
        year = anchor.year + (month <= anchor.month)
    elif future:
        year = anchor.year + (month < anchor.month)
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
        "next year": (date(anchor.year + 1, 1, 1), date(anchor.year + 1, 12, 31), Granularity.YEAR),
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
    _Rule(
        re.compile(rf"\b{_MOD}(?:{_WEEKDAY},?\s+)?{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?\b", re.I), _resolve_full
    ),
    _Rule(
        re.compile(rf"\b{_MOD}(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?\b", re.I), _resolve_full
    ),
    _Rule(re.compile(rf"\b{_MOD}{_WEEKDAY}{_PART}\b", re.I), _resolve_weekday),
    _Rule(
        re.compile(
            rf"\b(?:(?P<in>(?<=\bin\s))|{_MOD}){_MONTH}(?:\s+{_YEAR}|\s+(?P<rel>this|last|next)\s+year)?\b(?!\s+\d)",
            re.I,
        ),
        _resolve_month,
    ),
    _Rule(
        re.compile(
            r"\b(?:today|tonight|yesterday|tomorrow|overnight|last\s+night|this\s+(?:morning|afternoon|evening)|"
            r"(?:earlier\s+)?this\s+week|last\s+week|next\s+week|next\s+year|(?:in\s+)?the\s+past\s+(?:week|24\s+hours)|"
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
    # A year alone, unless it counts something ("2000 troops") or is a part of a number or an amount.
    _Rule(
        re.compile(r"(?<![\d$£€.,/-])\b(?P<year>(?:19|20)\d\d)\b(?![.,/-]?\d|\s*%|\s+[a-z]{3,}s\b)"),
        _resolve_year,
    ),
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
            future = bool(_FUTURE_CUE.search(text[max(0, m.start() - _FUTURE_WINDOW) : m.start()]))
            future = future and not text.startswith("'s", m.end())  # "Wednesday's ruling" is done
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


@dataclass(frozen=True, slots=True)
class Timex:
    """A time expression as TimeML types it: DATE, TIME, DURATION or SET, with its normalised `value`.

    Only the TimeML scorer uses this. The pipeline reads `find_times`, whose `TimeRef`s are all points or
    period ends on the calendar; durations ("three years"), sets ("daily") and vague references ("now",
    "recently") have no dates of their own and stay out of it, so that no event is ever dated by one.
    """

    span: Span
    text: str
    type: str
    value: str
    ref: TimeRef | None = None


def timeml_value(ref: TimeRef) -> str:
    """The TimeML value of a resolved reference: 2022-04-06, 2022-04, 2022 or 2022-W14."""
    if ref.granularity is Granularity.DAY:
        return ref.start.isoformat()
    if ref.granularity is Granularity.MONTH:
        return ref.start.strftime("%Y-%m")
    if ref.granularity is Granularity.WEEK:
        year, week, _ = ref.start.isocalendar()
        return f"{year}-W{week:02d}"
    return f"{ref.start.year:04d}"


_PARTS_OF_DAY = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "tonight": "NI"}
_NUMBER_WORDS = {
    **_SMALL_NUMBERS, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100,
}  # fmt: skip
_VAGUE_NUMBERS = ("several", "a few", "few", "many", "some", "numerous")
_NUMBER = (
    r"(?P<n>\d+(?:\.\d+)?|"
    + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))
    + r"|"
    + "|".join(_VAGUE_NUMBERS)
    + r")"
)
_UNITS = {
    "second": "TS", "minute": "TM", "hour": "TH", "day": "D", "week": "W", "month": "M",
    "quarter": "Q", "year": "Y", "decade": "DE", "century": "CE",
}  # fmt: skip
_UNIT = r"(?P<unit>seconds?|minutes?|hours?|days?|weeks?|months?|quarters?|years?|decades?|centur(?:y|ies))"
_QUARTER_NUMBERS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
_SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
_SETS = {
    "daily": "P1D",
    "weekly": "P1W",
    "monthly": "P1M",
    "quarterly": "P1Q",
    "annually": "P1Y",
    "yearly": "P1Y",
}


@dataclass(frozen=True, slots=True)
class _TimexRule:
    pattern: re.Pattern[str]
    resolve: Callable[[re.Match[str], date, list[Timex]], tuple[str, str] | None]


def _vague(m: re.Match[str], anchor: date, before: list[Timex]) -> tuple[str, str]:
    word = m.group(0).lower()
    if word in ("recently", "recent", "the past", "in the past", "previously", "formerly", "lately"):
        return "DATE", "PAST_REF"
    if word in ("the future", "future", "soon", "in the future", "the near future"):
        return "DATE", "FUTURE_REF"
    return "DATE", "PRESENT_REF"


def _duration(m: re.Match[str], anchor: date, before: list[Timex]) -> tuple[str, str]:
    number = m.groupdict().get("n")
    n = _amount(number) if number else "X"
    code = _UNITS[m["unit"].lower().rstrip("s").replace("ie", "y")]
    if code == "Q" and n.isdigit():
        n, code = str(int(n) * 3), "M"
    return "DURATION", f"PT{n}{code[1]}" if code.startswith("T") else f"P{n}{code}"


def _amount(word: str) -> str:
    word = word.lower()
    if word in _NUMBER_WORDS:
        return str(_NUMBER_WORDS[word])
    return "X" if word in _VAGUE_NUMBERS else word


def _shifted(m: re.Match[str], anchor: date, before: list[Timex]) -> tuple[str, str] | None:
    """ "a year earlier", "year-ago": from the last quarter or year the text named, else the anchor."""
    n = int(_amount(m["n"] or "a")) if (m["n"] or "a").lower() != "several" else 1
    unit = (m["unit"] or "year").lower().rstrip("s")
    sign = 1 if (m["dir"] or "").lower() in ("later", "after") else -1
    last = next((t.value for t in reversed(before) if re.fullmatch(r"\d{4}(?:-Q\d)?", t.value)), None)
    if unit == "year":
        base = last if last else str(anchor.year)
        return "DATE", f"{int(base[:4]) + sign * n:04d}{base[4:]}"
    if unit == "day":
        return "DATE", (anchor + timedelta(days=sign * n)).isoformat()
    return None


_YEAR_AGO = re.compile(r"\b(?:a|one)\s+year\s+ago$", re.I)


def _shifted_from_context(before: list[Timex], *, default: str, by: int) -> str:
    last = next((t.value for t in reversed(before[-3:]) if re.fullmatch(r"\d{4}-Q\d", t.value)), None)
    return f"{int(last[:4]) + by:04d}{last[4:]}" if last else default


def _quarter(m: re.Match[str], anchor: date, before: list[Timex]) -> tuple[str, str] | None:
    current = (anchor.month - 1) // 3 + 1
    if m["qn"]:
        q = _QUARTER_NUMBERS[m["qn"].lower()]
        year = int(m["year"]) if m["year"] else anchor.year - (q > current)
    elif m.group(0).lower().startswith("the"):
        year, q = (anchor.year, current - 1) if current > 1 else (anchor.year - 1, 4)
    else:
        return None
    if re.search(r"year[- ](?:earlier|ago)", m.group(0), re.I):
        year -= 1
    return "DATE", f"{year:04d}-Q{q}"


def _decade(m: re.Match[str], anchor: date, before: list[Timex]) -> tuple[str, str]:
    return "DATE", m["decade"][:3]


def _season(m: re.Match[str], anchor: date, before: list[Timex]) -> tuple[str, str] | None:
    mod = (m["smod"] or "").lower()
    if m["season"].lower() == "fall" and not (mod or m["year"]):
        return None  # "prices fall"
    year = int(m["year"]) if m["year"] else anchor.year + {"last": -1, "next": 1}.get(mod, 0)
    return "DATE", f"{year:04d}-{_SEASONS[m['season'].lower()]}"


def _the_year(m: re.Match[str], anchor: date, before: list[Timex]) -> tuple[str, str]:
    return "DATE", f"{anchor.year:04d}"


def _set(m: re.Match[str], anchor: date, before: list[Timex]) -> tuple[str, str]:
    word = m.group(0).lower()
    if word in _SETS:
        return "SET", _SETS[word]
    return "SET", "P1" + _UNITS[word.split()[-1]].lstrip("T")


def _clock(m: re.Match[str], anchor: date, before: list[Timex]) -> tuple[str, str]:
    return "TIME", f"{anchor.isoformat()}T{_clock_value(m)}"


def _clock_value(m: re.Match[str]) -> str:
    word = m["clock"].lower()
    if word in ("noon", "midday"):
        return "12:00"
    if word == "midnight":
        return "24:00"
    hour, minute = int(m["hour"]), int(m["minute"] or 0)
    if m["ampm"] and m["ampm"].lower().startswith("p") and hour < 12:
        hour += 12
    if m["ampm"] and m["ampm"].lower().startswith("a") and hour == 12:
        hour = 0
    return f"{hour:02d}:{minute:02d}"


_ORDINAL_PREFIX = r"(?:(?:the\s+)?(?:first|past|last|next|previous|coming|recent|same|latest|following)\s+)?"
TIMEX_RULES: tuple[_TimexRule, ...] = (
    _TimexRule(
        re.compile(
            r"\b(?:now|currently|current|at present|nowadays|these days|at the moment|recently|lately|"
            r"(?:in\s+)?the\s+past|(?:in\s+)?the\s+(?:near\s+)?future)\b(?![-'])",
            re.I,
        ),
        _vague,
    ),
    _TimexRule(
        re.compile(
            r"\b(?:(?P<n>a|an|one|two|three|four|five|six|several|\d+)\s+(?P<unit>days?|weeks?|months?|years?)\s+"
            r"|(?=year))(?:(?P<dir>earlier|later|before|after)\b"
            r"|(?:year[- ](?:earlier|ago))\b(?!\s+(?:quarter|period)))",
            re.I,
        ),
        _shifted,
    ),
    _TimexRule(
        re.compile(
            r"\b(?:the\s+)?"
            r"(?:(?:latest|last|past|previous|current|recent|same|fiscal|year[- ](?:earlier|ago))\s+)*"
            r"(?:(?P<qn>first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+)?(?:fiscal[\s-]+)?(?:quarter|period)\b"
            rf"(?:(?:\s+of|,)?\s+{_YEAR})?",
            re.I,
        ),
        _quarter,
    ),
    _TimexRule(
        re.compile(
            rf"\b{_ORDINAL_PREFIX}{_NUMBER}[\s-]+{_UNIT}(?:-long)?\b(?!\s+(?:ago|earlier|later)|[\s-]+old)",
            re.I,
        ),
        _duration,
    ),
    _TimexRule(
        re.compile(rf"\b(?:the\s+)?(?:past|last|next|coming|recent)\s+{_UNIT}\b(?<=s)", re.I), _duration
    ),
    _TimexRule(
        re.compile(r"\b(?:the\s+)?(?:(?:early|mid|late)[\s-]+)?(?P<decade>(?:1[89]|20)\d0)s\b", re.I), _decade
    ),
    _TimexRule(
        re.compile(
            rf"\b(?:(?:the|this|last|next)\s+)?(?:(?P<smod>this|last|next|past|early|late)\s+)?"
            rf"(?P<season>spring|summer|fall|autumn|winter)\b(?:\s+(?:of\s+)?{_YEAR})?",
            re.I,
        ),
        _season,
    ),
    _TimexRule(
        re.compile(r"\b(?:daily|weekly|monthly|(?:every|each)\s+(?:day|week|month|year))\b", re.I),
        _set,
    ),
    _TimexRule(
        re.compile(
            r"\b(?P<clock>(?P<hour>[01]?\d)(?::(?P<minute>[0-5]\d))?\s*(?P<ampm>[ap]\.?m\b\.?)"
            r"(?:\s+(?:[ECMP][SD]T|GMT))?|noon|midday|midnight)",
            re.I,
        ),
        _clock,
    ),
    _TimexRule(
        re.compile(r"\bthe\s+year\b(?!\s+(?:before|after|earlier|ago))", re.I),
        _the_year,
    ),
)


def find_timex(text: str, *, anchor: date) -> list[Timex]:
    """Every time expression in `text` typed and valued as TimeML does, resolved against `anchor`.

    The dated references of `find_times` first, then TimeML's other kinds (durations, sets, quarters, "now",
    clock times); where two overlap the leftmost-longest wins, `find_times` on a tie.
    """
    candidates: list[tuple[int, int, int, Timex | TimeRef | tuple[_TimexRule, re.Match[str]]]] = []
    for ref in find_times(text, anchor=anchor):
        if ref.span is not None:
            candidates.append((ref.span.start, -(ref.span.end - ref.span.start), 0, ref))
    for rule in TIMEX_RULES:
        for m in rule.pattern.finditer(text):
            candidates.append((m.start(), -(m.end() - m.start()), 1, (rule, m)))
    candidates.sort(key=lambda c: c[:3])
    found: list[Timex] = []
    last_end = -1
    for start, length, _, item in candidates:
        if start < last_end:
            continue
        timex = _timex_of(item, text, anchor, found)
        if timex is not None:
            found.append(timex)
            last_end = start - length
    return _join_clock_and_day(found, text)


def _timex_of(
    item: Timex | TimeRef | tuple[_TimexRule, re.Match[str]], text: str, anchor: date, before: list[Timex]
) -> Timex | None:
    if isinstance(item, Timex):
        return item
    if isinstance(item, TimeRef):
        if item.span is None:
            return None
        value, kind = timeml_value(item), "DATE"
        if _YEAR_AGO.search(item.text):  # in an earnings report, "a year ago" is the named quarter's
            value = _shifted_from_context(before, default=value, by=-1)
        last_word = item.text.lower().rsplit(maxsplit=1)[-1]
        if last_word in _PARTS_OF_DAY and item.granularity is Granularity.DAY:
            value, kind = f"{value}T{_PARTS_OF_DAY[last_word]}", "TIME"
        return Timex(item.span, item.text, kind, value, item)
    rule, m = item
    try:
        typed = rule.resolve(m, anchor, before)
    except (OverflowError, ValueError):
        return None
    if typed is None:
        return None
    return Timex(Span(m.start(), m.end()), m.group(0), typed[0], typed[1])


_CLOCK_DAY_GAP = re.compile(r"\s*(?:,|on|at)?\s*", re.I)


def _join_clock_and_day(found: list[Timex], text: str) -> list[Timex]:
    """ "10 p.m. Wednesday", "Tuesday at 9 a.m.": one TIME on that day."""
    joined: list[Timex] = []
    for timex in found:
        previous = joined[-1] if joined else None
        if previous is not None and _CLOCK_DAY_GAP.fullmatch(text[previous.span.end : timex.span.start]):
            clock, day = (
                (previous, timex) if previous.type == "TIME" and "T" in previous.value else (timex, previous)
            )
            if clock.type == "TIME" and ":" in clock.value and re.fullmatch(r"\d{4}-\d\d-\d\d", day.value):
                span = Span(previous.span.start, timex.span.end)
                value = f"{day.value}T{clock.value.split('T', 1)[1]}"
                joined[-1] = Timex(span, span.text_of(text), "TIME", value, day.ref)
                continue
        joined.append(timex)
    return joined
