"""Time expressions as TimeML types them (DATE, TIME, DURATION, SET), for the TimeML scorer.

The pipeline reads `find_times`, whose `TimeRef`s are all points or period ends on the calendar. TimeML also
counts durations ("three years"), sets ("daily"), quarters and vague references ("now", "recently"), which
have no dates of their own; they are read here, so that no event is ever dated by one. Dates counted from
an earlier one ("the next day", "the following month") come from `find_times` like any other date.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta

from sitrep.models import Granularity, Span, TimeRef
from sitrep.stages.anchored_times import SMALL_NUMBERS
from sitrep.stages.tense import TenseReader
from sitrep.stages.times import (
    DATE_MODIFIER,
    FULL_MONTHS,
    MONTHS,
    SPELLED_YEAR,
    WEEKDAYS,
    YEAR,
    find_times,
    safe_date,
    spelled_year,
    with_modifier,
)


@dataclass(frozen=True, slots=True)
class Timex:
    """A time expression as TimeML types it: DATE, TIME, DURATION or SET, with its normalised `value`."""

    span: Span
    text: str
    type: str
    value: str
    ref: TimeRef | None = None
    derived: bool = False  # valued from an earlier expression ("a year earlier"), so never a base for one


def timeml_value(ref: TimeRef) -> str:
    """The TimeML value of a resolved reference: 2022-04-06, 2022-04, 2022, 2022-W14 or 2022-W14-WE."""
    if ref.granularity is Granularity.DAY:
        if ref.start.weekday() == 5 and ref.end == ref.start + timedelta(days=1):
            year, week, _ = ref.start.isocalendar()
            return f"{year}-W{week:02d}-WE"
        return ref.start.isoformat()
    if ref.granularity is Granularity.MONTH:
        return ref.start.strftime("%Y-%m")
    if ref.granularity is Granularity.WEEK:
        year, week, _ = ref.start.isocalendar()
        return f"{year}-W{week:02d}"
    return f"{ref.start.year:04d}"


_PARTS_OF_DAY = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "tonight": "NI"}
_PARTS_OF_DAY |= {"overnight": "NI"}
_NUMBER_WORDS = {
    **SMALL_NUMBERS, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
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


_WEEKDAY_NAMES = "monday|tuesday|wednesday|thursday|friday|saturday|sunday"
_MONTH_NAMES = "|".join(sorted(FULL_MONTHS, key=len, reverse=True))
_MONTH_ABBREVIATIONS = "|".join(sorted(set(MONTHS) - FULL_MONTHS, key=len, reverse=True))


@dataclass(frozen=True, slots=True)
class _TimexRule:
    pattern: re.Pattern[str]
    resolve: Callable[[re.Match[str], date, list[Timex]], tuple[str, str] | None]
    derived: bool = False


def _vague(m: re.Match[str], anchor: date, before: list[Timex]) -> tuple[str, str]:
    words = m.group(0).lower().split()
    if words[-1] in ("recently", "recent", "past", "previously", "formerly", "lately"):
        return "DATE", "PAST_REF"
    if words[-1] in ("future", "soon"):
        return "DATE", "FUTURE_REF"
    return "DATE", "PRESENT_REF"


def _duration(m: re.Match[str], anchor: date, before: list[Timex]) -> tuple[str, str]:
    vague = (m.groupdict().get("vague") or "").lower()
    if vague == "recent" or (vague == "past" and not m.group(0).lower().startswith("the")):
        return "DATE", "PAST_REF"  # "in recent years", "in past years": some time before, not a length
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


def _shifted(m: re.Match[str], anchor: date, before: list[Timex]) -> tuple[str, str]:
    """ "a year earlier", "year-ago": from the last quarter or year the text named, else the anchor.

    (Days, weeks and months earlier or later count from the last day named: `anchored_times.py`.)"""
    n = int(_amount(m["n"] or "a")) if (m["n"] or "a").lower() != "several" else 1
    sign = 1 if (m["dir"] or "").lower() in ("later", "after") else -1
    bases = _bases(before)
    if m["dir"] is None:  # "the year-ago quarter" is a year before the period being reported
        bases = [t for t in bases if t.value.startswith(f"{anchor.year:04d}") or _is_long_part(t)]
    last = _compared_period(bases, year=anchor.year)
    base = last if last else str(anchor.year)
    return "DATE", f"{int(base[:4]) + sign * n:04d}{base[4:]}"


_YEAR_AGO = re.compile(r"\b(?:a|one)\s+year\s+ago$", re.I)


def _shifted_from_context(before: list[Timex], *, default: str, by: int) -> str:
    last = _compared_period(_bases(before[-3:]), year=int(default[:4]) - by)
    if last is None or not last[4:]:
        return default
    return f"{int(last[:4]) + by:04d}{last[4:]}"


_PERIOD_VALUE = re.compile(r"\d{4}(?:-Q\d)?")
_QUARTER_VALUE = re.compile(r"\d{4}-Q\d")
_LONG_PART = re.compile(r"P(?:[6-9]|1[01])M")


def _compared_period(bases: list[Timex], *, year: int) -> str | None:
    """The period a "year earlier" compares with: the last year or quarter named (latest first in `bases`),
    or a year alone where "the first nine months" or "six months" were named since: those are parts of a
    year longer than a quarter (of the last quarter's year, else of `year`), and TimeML values their
    year-ago counterpart as the year."""
    for i, timex in enumerate(bases):
        if _PERIOD_VALUE.fullmatch(timex.value):
            return timex.value
        if _is_long_part(timex):
            quarter = next((t.value for t in bases[i + 1 :] if _QUARTER_VALUE.fullmatch(t.value)), None)
            return quarter[:4] if quarter else f"{year:04d}"
    return None


def _is_long_part(timex: Timex) -> bool:
    return timex.type == "DURATION" and _LONG_PART.fullmatch(timex.value) is not None


def _bases(before: list[Timex]) -> list[Timex]:
    """The expressions a shift may count from, latest first: not those that are shifts themselves."""
    return [t for t in reversed(before) if not t.derived]


def _quarter(m: re.Match[str], anchor: date, before: list[Timex]) -> tuple[str, str] | None:
    """ "the third quarter", "this year's first quarter", "the 1988 period", "the current quarter".

    A quarter without a number is, in a results report, the one just reported (the last one completed),
    or the one under way when it is "current".
    """
    current = (anchor.month - 1) // 3 + 1
    words = m.group(0).lower()
    named_year = _named_year(m, anchor)
    if m["qn"]:
        q = _QUARTER_NUMBERS[m["qn"].lower()]
        year = named_year if named_year is not None else anchor.year - (q > current)
    elif (ended := _quarter_end(m, anchor)) is not None:
        middle = ended - timedelta(days=45)  # "the quarter ended July 31" ran May to July: mostly Q2
        year, q = middle.year, (middle.month - 1) // 3 + 1
    elif "current" in words:
        year, q = anchor.year, current
    elif words.startswith("the") or named_year is not None:
        year, q = (anchor.year, current - 1) if current > 1 else (anchor.year - 1, 4)
        year = named_year if named_year is not None else year
    else:
        return None
    if re.search(r"year[- ](?:earlier|ago)|last\s+year$", words):  # "the period a year ago", "... last year"
        year -= 1
    return "DATE", f"{year:04d}-Q{q}"


_ENDED_ON = re.compile(
    rf"\s+end(?:ed|ing)\s+(?P<month>{_MONTH_NAMES}|{_MONTH_ABBREVIATIONS})\.?\s+(?P<day>[0-3]?\d)\b(?:,\s+{YEAR})?",
    re.I,
)


def _quarter_end(m: re.Match[str], anchor: date) -> date | None:
    """The day an unnumbered quarter is said to end ("the quarter ended Sept. 30"): a company's own quarter,
    told by its end; the year is the one given, else the last such day on or before the anchor."""
    found = _ENDED_ON.match(m.string, m.end())
    if found is None:
        return None
    month, day = MONTHS[found["month"].lower()], int(found["day"])
    years = [int(found["year"])] if found["year"] else [anchor.year, anchor.year - 1]
    days = [d for year in years if (d := safe_date(year, month, day)) and (found["year"] or d <= anchor)]
    return days[0] if days else None


def _named_year(m: re.Match[str], anchor: date) -> int | None:
    if m["year"] or m["qyear"]:
        return int(m["year"] or m["qyear"])
    if m["yrel"]:
        return anchor.year + {"last": -1, "this": 0, "next": 1}[m["yrel"].lower()]
    return None


def _half(m: re.Match[str], anchor: date, before: list[Timex]) -> tuple[str, str]:
    year = int(m["year"]) if m["year"] else anchor.year
    first = (m["half"] or "first").lower() == "first"  # "the first two quarters of 1990" is a half too
    return "DATE", f"{year:04d}-H{1 if first else 2}"


def _decade(m: re.Match[str], anchor: date, before: list[Timex]) -> tuple[str, str]:
    if m["decade"]:
        return "DATE", m["decade"][:3]
    if m["short"]:  # "the '80s": of the twentieth century
        return "DATE", f"19{m['short'][0]}"
    return "DATE", f"19{_DECADE_WORDS[m['word'].lower()]}"


_DECADE_WORDS = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7}
_DECADE_WORDS |= {"eighties": 8, "nineties": 9}


def _century(m: re.Match[str], anchor: date, before: list[Timex]) -> tuple[str, str]:
    return "DATE", f"{int(m['century']) - 1:02d}"


def _year_end(m: re.Match[str], anchor: date, before: list[Timex]) -> tuple[str, str]:
    since = re.search(r"\bsince\s+$", m.string[max(0, m.start() - 6) : m.start()], re.I)
    return "DATE", f"{anchor.year - (1 if since else 0):04d}"


def _season(m: re.Match[str], anchor: date, before: list[Timex]) -> tuple[str, str] | None:
    mod = (m["smod"] or "").lower()
    if m["season"].lower() == "fall" and not (mod or m["year"] or m["syear"]):
        return None  # "prices fall"
    if m["year"] or m["syear"]:
        year = int(m["year"]) if m["year"] else spelled_year(m["syear"])
    else:
        year = anchor.year + {"last": -1, "next": 1}.get(mod, 0)
    return "DATE", f"{year:04d}-{_SEASONS[m['season'].lower()]}"


def _the_year(m: re.Match[str], anchor: date, before: list[Timex]) -> tuple[str, str]:
    if _ENDED.match(m.string, m.end()):
        return "DURATION", "P1Y"  # "the year ended March 31": twelve months told by where they end
    return "DATE", f"{anchor.year:04d}"


_ENDED = re.compile(r"\s+end(?:ed|ing)\b", re.I)


def _set(m: re.Match[str], anchor: date, before: list[Timex]) -> tuple[str, str]:
    word = m.group(0).lower()
    if word in _SETS:
        return "SET", _SETS[word]
    return "SET", "P1" + _UNITS[word.split()[-1]].lstrip("T")


def _recurring_day(m: re.Match[str], anchor: date, before: list[Timex]) -> tuple[str, str]:
    """ "every Thursday" XXXX-WXX-4, "Tuesday nights" XXXX-WXX-2TNI, "each July" XXXX-07."""
    if m["month"]:
        return "SET", f"XXXX-{MONTHS[m['month'].lower()]:02d}"
    day = m["day"] or m["days"] or m["day2"]
    part = (m["part"] or m["parts"] or m["parts2"] or "").strip().lower().rstrip("s")
    suffix = f"T{_PARTS_OF_DAY[part]}" if part else ""
    return "SET", f"XXXX-WXX-{WEEKDAYS[day.lower()] + 1}{suffix}"


def _clock(m: re.Match[str], anchor: date, before: list[Timex]) -> tuple[str, str]:
    return "TIME", f"{anchor.isoformat()}T{_clock_value(m)}"


def _clock_value(m: re.Match[str]) -> str:
    if m["h24"]:  # "1500 GMT", "0200 local time"
        return f"{m['h24']}:{m['m24']}"
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


_ORDINAL_PREFIX = (
    r"(?:(?:the\s+)?(?:first|past|last|next|previous|coming|recent|same|latest|following)\s+"
    r"|the\s+(?=[^\s-]+\s))?"  # "the nine months ended Sept. 30"; not "the 10-year bonds"
)
TIMEX_RULES: tuple[_TimexRule, ...] = (
    _TimexRule(
        re.compile(
            r"\b(?:now|currently|current|at present|nowadays|these days|at the moment|recently|lately|"
            r"the\s+past(?!\s+(?:\w+\s+)?(?:days?|weeks?|months?|years?|quarters?|decades?|century)\b)|"
            r"the\s+(?:near\s+)?future)\b(?![-'])",
            re.I,
        ),
        _vague,
    ),
    _TimexRule(
        re.compile(
            r"\b(?:(?P<n>a|an|one|two|three|four|five|six|several|\d+)\s+years?\s+"
            r"|(?=year))(?:(?P<dir>earlier|later|before|after)\b"
            r"|(?:year[- ](?:earlier|ago))\b(?!\s+(?:period|nine|six|three)))",
            re.I,
        ),
        _shifted,
        derived=True,
    ),
    _TimexRule(
        re.compile(
            # "the" before "third-quarter profit" is the noun's
            r"\b(?:the\s+(?!(?:fiscal[\s-]+)?(?:first|second|third|fourth|1st|2nd|3rd|4th)-quarter\b))?"
            r"(?:(?P<yrel>this|last|next)\s+year['’]s\s+|(?P<qyear>(?:19|20)\d\d)\s+)?"
            r"(?:(?:latest|last|past|previous|current|recent|same|fiscal|comparable|corresponding"
            r"|year[- ](?:earlier|ago))\s+)*"
            r"(?:(?P<qn>first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+)?(?:fiscal[\s-]+)?(?:quarter|period)\b"
            rf"(?:(?:\s+of|,)?\s+{YEAR})?"
            r"(?:\s+(?P<back>(?:a|one)\s+year\s+(?:ago|earlier)|last\s+year)\b)?",
            re.I,
        ),
        _quarter,
    ),
    _TimexRule(
        re.compile(
            rf"\b{_ORDINAL_PREFIX}{_NUMBER}[\s-]+{_UNIT}(?:-long)?\b(?![\s-]+(?:ago|earlier|later|old)\b)",
            re.I,
        ),
        _duration,
    ),
    _TimexRule(
        re.compile(rf"\b(?:the\s+)?(?P<vague>past|last|next|coming|recent)\s+{_UNIT}\b(?<=s)", re.I),
        _duration,
    ),
    _TimexRule(
        re.compile(
            r"\b(?:the\s+)?(?:(?P<half>first|second|last|latter)\s+half|first\s+two\s+quarters)"
            rf"(?:\s+of\s+(?:{YEAR}|(?:the|this)\s+year))",
            re.I,
        ),
        _half,
    ),
    _TimexRule(
        re.compile(
            r"\b(?:the\s+)?(?:(?:early|mid|late)[\s-]+)?(?:(?P<decade>(?:1[89]|20)\d0)s\b|'(?P<short>\d0)s\b"
            r"|(?:nineteen[\s-]+)?(?P<word>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)\b)",
            re.I,
        ),
        _decade,
    ),
    _TimexRule(re.compile(r"\b(?:the\s+)?(?P<century>[12]?\d)(?:st|nd|rd|th)\s+century\b", re.I), _century),
    _TimexRule(
        re.compile(r"\b(?:year[- ]end|year['’]s\s+end|the\s+end\s+of\s+(?:the|this)\s+year)\b", re.I),
        _year_end,
    ),
    _TimexRule(
        re.compile(
            rf"\b(?:the\s+)?(?:(?P<smod>this\s+past|this|last|next|past|early|late)\s+)?"
            rf"(?P<season>spring|summer|fall|autumn|winter)\b(?:,?\s+(?:of\s+)?(?:{YEAR}|(?P<syear>{SPELLED_YEAR})))?",
            re.I,
        ),
        _season,
    ),
    _TimexRule(
        # not "the Communist Party daily Granma": a newspaper
        re.compile(
            r"\b(?:daily|weekly|monthly|(?:every|each)\s+(?:day|week|month|year))\b(?!\s+(?-i:[A-Z]))", re.I
        ),
        _set,
    ),
    _TimexRule(
        re.compile(
            rf"\b(?:(?:every|each)\s+(?P<day>{_WEEKDAY_NAMES})(?P<part>\s+(?:morning|afternoon|evening|night))?"
            rf"|(?P<days>{_WEEKDAY_NAMES})s(?P<parts>\s+(?:mornings|afternoons|evenings|nights))?"
            rf"|(?P<day2>{_WEEKDAY_NAMES})\s+(?P<parts2>mornings|afternoons|evenings|nights)"
            rf"|(?:every|each)\s+(?P<month>{_MONTH_NAMES}))\b",
            re.I,
        ),
        _recurring_day,
    ),
    _TimexRule(
        re.compile(
            r"\b(?P<clock>(?P<hour>[01]?\d)(?::(?P<minute>[0-5]\d))?\s*(?P<ampm>[ap]\.?m\b\.?)"
            r"(?:\s+(?:[ECMP][SD]T|GMT))?|noon|midday|midnight"
            r"|(?P<h24>[01]\d|2[0-3])(?P<m24>[0-5]\d)\s*(?:GMT|UTC|local\s+time)\b)",
            re.I,
        ),
        _clock,
    ),
    _TimexRule(
        re.compile(
            r"\bthe\s+(?:(?:current|full)\s+(?:fiscal\s+)?)?year\b(?![-\s]+(?:before|after|earlier|ago))",
            re.I,
        ),
        _the_year,
    ),
)


def find_timex(text: str, *, anchor: date, tenses: TenseReader | None = None) -> list[Timex]:
    """Every time expression in `text` typed and valued as TimeML does, resolved against `anchor`.

    The dated references of `find_times` first, then TimeML's other kinds (durations, sets, quarters, "now",
    clock times); where two overlap the leftmost-longest wins, `find_times` on a tie.
    """
    candidates: list[tuple[int, int, int, Timex | TimeRef | tuple[_TimexRule, re.Match[str]]]] = []
    for ref in find_times(text, anchor=anchor, tenses=tenses):
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
    joined = _date_lone_clocks(_join_clock_and_day(found, text), text)
    return [_widened(timex, text, floor=joined[i - 1].span.end if i else 0) for i, timex in enumerate(joined)]


# Words before an amount of time that bound it; TimeML counts them as part of the expression.
_QUANTITY_MODIFIER = re.compile(
    r"\b(?:nearly|almost|about|approximately|roughly|some|within|up\s+to|at\s+least|at\s+most"
    r"|(?:more|less|fewer)\s+than|over)\s+$",
    re.I,
)
_AMOUNT = re.compile(r"(?:an?|one|two|three|four|five|six|seven|eight|nine|ten|\d+)\b", re.I)


def _widened(timex: Timex, text: str, *, floor: int) -> Timex:
    """ "nearly two years", "about two years ago", "later that day": a bound or a part is in the extent.

    (`find_times` has already widened its own dates.)"""
    if timex.type == "DURATION" or timex.text.lower().endswith("ago"):
        if not _AMOUNT.match(timex.text):
            return timex
        modifier = _QUANTITY_MODIFIER
    elif timex.ref is None and timex.type in ("DATE", "TIME") and not timex.value.endswith("_REF"):
        modifier = DATE_MODIFIER
    else:
        return timex
    span = with_modifier(text, timex.span, floor=floor, modifier=modifier)
    return timex if span == timex.span else replace(timex, span=span, text=span.text_of(text))


def _timex_of(
    item: Timex | TimeRef | tuple[_TimexRule, re.Match[str]], text: str, anchor: date, before: list[Timex]
) -> Timex | None:
    if isinstance(item, Timex):
        return item
    if isinstance(item, TimeRef):
        if item.span is None:
            return None
        if counted := _COUNTED_AMOUNT.search(item.text):  # "three days later": TimeML's extent is the amount
            span = Span(item.span.start + counted.start(), item.span.start + counted.end("amount"))
            code = _UNITS[counted["unit"].lower().rstrip("s")]
            return Timex(
                span, span.text_of(text), "DURATION", f"P{_amount(counted['n'])}{code}", derived=True
            )
        value, kind = timeml_value(item), "DATE"
        year_ago = bool(_YEAR_AGO.search(item.text))
        if year_ago:  # in an earnings report, "a year ago" is the named quarter's
            value = _shifted_from_context(before, default=value, by=-1)
        derived = year_ago or item.anchor != anchor  # "the following year": counted from an earlier date
        part = next((w for w in re.findall(r"[a-z]+", item.text.lower()) if w in _PARTS_OF_DAY), None)
        if part and item.granularity is Granularity.DAY:  # "Tuesday night", "yesterday morning", "overnight"
            value, kind = f"{item.start.isoformat()}T{_PARTS_OF_DAY[part]}", "TIME"
        return Timex(item.span, item.text, kind, value, item, derived=derived)
    rule, m = item
    try:
        typed = rule.resolve(m, anchor, before)
    except (OverflowError, ValueError):
        return None
    if typed is None:
        return None
    return Timex(Span(m.start(), m.end()), m.group(0), typed[0], typed[1], derived=rule.derived)


# A date counted in days, weeks or months from another ("three days later"), which TimeML types as the
# amount of time, the direction word being its signal.
_COUNTED_AMOUNT = re.compile(
    r"(?P<amount>(?P<n>\S+)\s+(?P<unit>days?|weeks?|months?))\s+(?:earlier|later|before|after)$", re.I
)


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


_SENTENCE_END = re.compile(r"(?<![ap]\.m)(?<!\b[A-Z])[.!?][\"”’']?\s+[\"“‘']?[A-Z]|\n\s*\n")
_DAY_VALUE = re.compile(r"\d{4}-\d\d-\d\d")
_CLOCK_VALUE = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d")


def _date_lone_clocks(found: list[Timex], text: str) -> list[Timex]:
    """ "On Monday the talks began at 10 a.m.": a clock time takes the day its sentence names."""
    days = [t for t in found if t.ref is not None and _DAY_VALUE.fullmatch(t.value)]
    dated: list[Timex] = []
    for timex in found:
        if timex.ref is None and timex.type == "TIME" and _CLOCK_VALUE.fullmatch(timex.value):
            day = _day_of_sentence(timex, days, text)
            if day is not None:
                timex = replace(timex, value=f"{day.value}T{timex.value.split('T', 1)[1]}")
        dated.append(timex)
    return dated


def _day_of_sentence(clock: Timex, days: list[Timex], text: str) -> Timex | None:
    def distance(day: Timex) -> int:
        return max(day.span.start - clock.span.end, clock.span.start - day.span.end)

    same = [
        d
        for d in days
        if not _SENTENCE_END.search(
            text, min(d.span.end, clock.span.end), max(d.span.start, clock.span.start)
        )
    ]
    return min(same, key=distance, default=None)
