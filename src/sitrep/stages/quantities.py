"""Counts of people: killed, wounded, missing, displaced, detained, with their bound and victim category.

"At least 1,480 Ukrainian civilians have died", "killing four civilians and wounding 11", "dozens were
injured" (ACLED's convention: tens = 10, dozens = 12, hundreds = 100). Whether a count belongs to one event
or to a running tally is decided later, by the events stage.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from sitrep.models import Bound, Quantity, Span
from sitrep.pipeline import Doc, DocStage

UNITS = {
    "one": 1, "a": 1, "an": 1, "single": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "dozen": 12, "dozens": 12, "tens": 10, "scores": 20, "hundred": 100, "hundreds": 100,
    "thousand": 1000, "thousands": 1000,
}  # fmt: skip
SCALES = {"dozen": 12, "hundred": 100, "thousand": 1000, "million": 1_000_000}
# "tens of thousands" (10,000), "hundreds of thousands" (100,000): ACLED's convention, scaled.
_VAGUE_SCALED = r"(?:tens|dozens|hundreds)\s+of\s+(?:thousands|millions)"
CATEGORIES = (
    (
        "killed",
        r"killed|dead|died|deaths?|lost\s+their\s+lives|perished|fatalities|bodies|were\s+slain|killing",
    ),
    ("wounded", r"wounded|injured|injuries|hurt|wounding|injuring"),
    ("missing", r"missing|unaccounted\s+for"),
    ("displaced", r"displaced|fled|evacuated|refugees|forced\s+from\s+their\s+homes"),
    ("detained", r"detained|arrested|captured|taken\s+prisoner|abducted|kidnapped|held\s+captive"),
)
_VERB_FIRST = {
    "killing": "killed", "killed": "killed", "wounding": "wounded", "injuring": "wounded",
    "wounded": "wounded", "injured": "wounded", "detaining": "detained", "arresting": "detained",
    "detained": "detained", "arrested": "detained", "evacuated": "displaced", "displacing": "displaced",
}  # fmt: skip
POPULATIONS = (
    ("children", r"child(?:ren)?|kids?|minors?|boys?|girls?|teenagers?|infants?|bab(?:y|ies)"),
    (
        "civilians",
        r"civilians?|residents?|people|persons?|villagers?|passengers?|wom[ae]n|m[ae]n|journalists?|"
        r"pensioners?|drivers?|volunteers?",
    ),
    (
        "soldiers",
        r"soldiers?|servicem[ae]n|troops|fighters?|militants?|personnel|marines?|conscripts?|officers?|guards?|"
        r"pilots?|rebels?",
    ),
)
_NUMBER_WORD = "|".join(sorted(UNITS, key=len, reverse=True))
NUMBER = (
    rf"(?:{_VAGUE_SCALED}|\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?(?:\s+(?:million|thousand))?"
    rf"|(?:{_NUMBER_WORD})(?:[\s-]+(?:{_NUMBER_WORD}))*)"
)
_BOUNDS = (
    (
        Bound.AT_LEAST,
        r"at\s+least|more\s+than|over|no\s+fewer\s+than|upwards\s+of|in\s+excess\s+of|a\s+minimum\s+of",
    ),
    (
        Bound.AT_MOST,
        r"up\s+to|as\s+many\s+as|at\s+most|no\s+more\s+than|fewer\s+than|less\s+than|a\s+maximum\s+of",
    ),
    (
        Bound.ABOUT,
        r"about|around|approximately|some|nearly|almost|roughly|an\s+estimated|close\s+to|estimated",
    ),
)
_BOUND_BEFORE = re.compile(rf"\b(?:{'|'.join(f'(?P<{b.name}>{p})' for b, p in _BOUNDS)})\s+$", re.I)
_COUNT = re.compile(
    rf"(?<![\w.,])(?:between\s+(?P<low>{NUMBER})\s+and\s+|(?P<low2>{NUMBER})(?:(?<=\d)\s*[-–]|\s+to)\s*)?(?P<num>{NUMBER})(?![\w.,]\d)",
    re.I,
)
_AFTER = re.compile(
    rf"^(?:\s+(?:(?!(?:and|or|but)\b)[\w-]+)){{0,4}}?(?:,\s*(?:including|among\s+them)\s[^,.;]{{1,60}},)?"
    r"\s+(?:(?:were|was|have\s+been|had\s+been|are|have|had|being)\s+)?"
    rf"(?:reportedly\s+)?(?P<cat>{'|'.join(f'(?:{p})' for _, p in CATEGORIES)})\b",
    re.I,
)
_BEFORE = re.compile(
    r"\b(?P<verb>killing|killed|wounding|wounded|injuring|injured|detaining|detained|arresting|arrested|evacuated|displacing)\s+(?:(?:at\s+least|more\s+than|some|about|around|up\s+to|nearly)\s+)?$",
    re.I,
)
# Counted things, not people: "2,000 tanks were captured", "4 villages were captured", "3 missiles killed".
_THINGS = re.compile(
    r"^\s+(?:[\w-]+\s+)?(?:tanks?|(?:armou?red\s+)?vehicles?|helicopters?|aircraft|planes?|jets?|drones?|missiles?"
    r"|rockets?|shells?|guns?|howitzers?|artillery|ships?|boats?|trucks?|weapons?|villages?|towns?|cities"
    r"|settlements?|buildings?|homes?|houses?|schools?|hospitals?|bridges?|positions?)\b",
    re.I,
)
_YEARS_OLD = re.compile(
    r"^\s*(?:-|\s)?(?:years?|year-old|km|kilometres|kilometers|miles|metres|meters|%|per\s*cent|percent|tonnes|tons|hours|days|weeks|months|am|pm|a\.m\.|p\.m\.)\b",
    re.I,
)


def parse_number(text: str) -> int | None:
    """ "1,480" -> 1480; "two" -> 2; "dozens" -> 12; "twenty-five" -> 25; "3.5 million" -> 3500000."""
    cleaned = text.lower().replace(",", "").strip()
    match = re.fullmatch(r"(\d+(?:\.\d+)?)(?:\s+(million|thousand))?", cleaned)
    if match:
        return int(float(match.group(1)) * SCALES.get(match.group(2) or "", 1))
    vague = re.fullmatch(r"(\w+)\s+of\s+(thousand|million)s", cleaned)
    if vague and vague.group(1) in UNITS:
        return UNITS[vague.group(1)] * SCALES[vague.group(2)]
    total = current = 0
    for word in re.split(r"[\s-]+", cleaned):
        if word in SCALES and current:
            current *= SCALES[word]
            if SCALES[word] >= 1000:
                total, current = total + current, 0
        elif word in UNITS:
            current += UNITS[word]
        else:
            return None
    return total + current or None


def _category(text: str) -> str:
    for name, pattern in CATEGORIES:
        if re.fullmatch(pattern, text, re.I):
            return name
    return ""


def _population(text: str) -> str:
    for name, pattern in POPULATIONS:
        if re.search(rf"\b(?:{pattern})\b", text, re.I):
            return name
    return ""


def _bound(text_before: str) -> Bound:
    match = _BOUND_BEFORE.search(text_before)
    if not match:
        return Bound.EXACT
    return next(b for b in Bound if match.groupdict().get(b.name))


def find_quantities(text: str) -> list[Quantity]:
    stated = [m.span() for m in _STATED.finditer(text)]
    tolls = list(_iter_tolls(text))
    found = [
        *(
            q
            for q in _iter_quantities(text)
            if not any(a <= q.span.start < b for a, b in stated) and not any(t.span == q.span for t in tolls)
        ),
        *_iter_none(text),
        *_iter_stated(text),
        *tolls,
    ]
    found.extend(q for q in _iter_single(text) if not any(q.span.overlaps(f.span) for f in found))
    return sorted(found, key=lambda q: q.span.start)


# One person named by a noun: "the driver was wounded", "killing a 14-year-old child", "shot dead an unarmed
# civilian". Numbers ("one person", "two children") are read by _iter_quantities.
_PERSON = (
    r"civilian|man|woman|boy|girl|child|teenager|student|pensioner|driver|journalist|priest|mayor|volunteer|"
    r"soldier|serviceman|officer|pilot|employee|resident|husband|wife|mother|father|son|daughter|policeman|"
    r"commander|chaplain|doctor|nurse|person|victim|headmaster|teacher|farmer|photographer|passenger|"
    r"paramedic|firefighter|guard|fighter|rebel|militant|infant|baby|girlfriend|boyfriend|brother|sister"
)
_SINGLE_SUBJECT = re.compile(
    rf"\b(?P<det>a|an|the|another)\s+(?:[\w'’-]+\s+){{0,4}}?(?P<who>{_PERSON})\s+"
    # "a civilian and three soldiers were killed"
    r"(?:and\s+(?P<also>[^.;,]{1,60}?)\s+(?=were|have|had|died))?"
    r"(?:(?:was|were|has\s+been|have\s+been|had\s+been)\s+)?"
    r"(?:(?:reportedly|also|later|allegedly|then|fatally)\s+)?(?P<cat>killed|died|shot\s+dead|wounded|injured)\b",
    re.I,
)
_SINGLE_OBJECT = re.compile(
    r"\b(?P<cat>killed|killing|shot\s+dead|shooting\s+dead|executed|wounding|wounded|injuring|injured)\s+"
    rf"(?P<det>a|an|the|her|his|their)\s+(?:[\w'’-]+\s+){{0,3}}?(?P<who>{_PERSON})\b",
    re.I,
)
_SINGLE_CATEGORY = {"killed": "killed", "died": "killed", "killing": "killed", "executed": "killed"}


# "a person", "a child": counted as one by _iter_quantities.
_COUNTED_AFTER_A = ("person", "civilian", "soldier", "child")
# "a tractor driver and his son died": the second person of a pair, named without a number.
_ONE_MORE = re.compile(rf"^(?:a|an|the|his|her|their|another)\s+(?:[\w'’-]+\s+){{0,2}}?(?:{_PERSON})$", re.I)


def _iter_single(text: str) -> Iterator[Quantity]:
    for pattern in (_SINGLE_SUBJECT, _SINGLE_OBJECT):
        for m in pattern.finditer(text):
            word = m["cat"].lower()
            category = "killed" if word.startswith("shot") or word.startswith("shooting") else ""
            category = category or _SINGLE_CATEGORY.get(word, "wounded")
            also = m.groupdict().get("also") or ""
            pair = bool(_ONE_MORE.match(also)) and not re.match(
                rf"an?\s+(?:{'|'.join(_COUNTED_AFTER_A)})", also
            )
            yield Quantity(
                value=2 if pair else 1,
                bound=Bound.EXACT,
                category=category,
                population=_population(m["who"]) or "civilians",
                span=Span(m.start("det"), m.end("det")),
            )


# A report that states the figure it counts: "Unspecified fatalities coded as 10", "[coded as 12]", and
# a figure shared out: "[300 fatalities split among 5 events]" is 60 for each.
_STATED = re.compile(
    r"\b(?:(?:fatalities|deaths|casualties)\s+(?:were\s+|are\s+)?)?coded\s+as\s+(?:additional\s+)?(?P<coded>\d+)"
    r"|(?P<total>\d+)\s+fatalities\s+(?:were\s+)?split\s+(?:among|between)\s+(?P<events>\d+)\s+events",
    re.I,
)


def _iter_stated(text: str) -> Iterator[Quantity]:
    for m in _STATED.finditer(text):
        if m["coded"]:
            value, where = int(m["coded"]), m.span("coded")
        else:
            value, where = max(1, round(int(m["total"]) / max(1, int(m["events"])))), m.span("total")
        yield Quantity(value=value, bound=Bound.EXACT, category="killed", span=Span(*where))


def is_stated(text: str, quantity: Quantity) -> bool:
    """Whether `quantity` is a figure the report states as its count ("fatalities coded as 10")."""
    return any(m.start() <= quantity.span.start < m.end() for m in _STATED.finditer(text))


# A toll named by its noun, the figure after it: "put the death toll at 15", "putting the number of dead at
# 11", "the toll from the strike rose to at least 45", "claimed 14 lives", "claimed the lives of nine
# civilians".
_TOLL_NOUN = (
    r"(?:(?:death|casualty|civilian)\s+)?toll|number\s+of\s+(?:the\s+)?(?:dead|deaths|fatalities|victims|"
    r"(?:people\s+|those\s+)?(?:killed|injured|wounded))"
)
_SETTING_VERB = (
    r"put|puts|putting|placed|places|placing|raised|raises|raising|brought|brings|bringing|pushed|pushing|"
    r"set|sets|estimated|estimates|estimating|gave|gives|giving|revised|revising|took|taking"
)
_CHANGING_VERB = (
    r"(?:has\s+|had\s+|have\s+|now\s+)?(?:rose|risen|rises|rising|climbed|climbs|climbing|jumped|increased|"
    r"grew|reached|reaches|stood|stands|was|is|hit|topped|passed|exceeded)"
)
_TOLL = re.compile(
    rf"\b(?:(?:{_SETTING_VERB})\s+(?:the|its|their|a)\s+(?:{_TOLL_NOUN})(?:\s+(?:from|in|of)\s+[^.;]{{1,60}}?)?"
    rf"\s+(?:at|to)|(?:{_TOLL_NOUN})(?:\s+(?:from|in|of)\s+[^.;]{{1,100}}?)?\s+{_CHANGING_VERB}(?:\s+(?:to|at))?)"
    rf"\s+(?P<bound>(?:at\s+least|more\s+than|over|about|around|nearly|almost|some|up\s+to)\s+)?(?P<num>{NUMBER})"
    rf"(?![\w.,]\d)|\b(?:claim(?:ed|ing|s)?|cost(?:ing|s)?)\s+(?:the\s+lives\s+of\s+(?P<bound2>"
    rf"(?:at\s+least|more\s+than|over|about|around|nearly|some|up\s+to)\s+)?(?P<num2>{NUMBER})|"
    rf"(?P<bound3>(?:at\s+least|more\s+than|over|about|around|nearly|some|up\s+to)\s+)?(?P<num3>{NUMBER})\s+lives)\b",
    re.I,
)


def _iter_tolls(text: str) -> Iterator[Quantity]:
    for m in _TOLL.finditer(text):
        group = next(g for g in ("num", "num2", "num3") if m[g])
        value = parse_number(m[group])
        if value is None or re.fullmatch(r"(?:19|20)\d\d", m[group]):
            continue
        named = m.group(0)[: m.start(group) - m.start()]
        category = (
            "wounded" if re.search(r"number\s+of\s+(?:\w+\s+)?(?:injured|wounded)", named, re.I) else "killed"
        )
        after = text[m.end(group) : m.end(group) + 40].split(".")[0]
        yield Quantity(
            value=value,
            bound=_bound(named),
            category=category,
            population=_population(after) if group == "num2" else "",
            span=Span(*m.span(group)),
        )


# "no one was killed or injured", "there were no casualties": a count of zero, which ACLED records too.
_NONE = re.compile(
    r"\b(?:no\s+one|nobody|no\s+people|none)\s+(?:was|were|has\s+been|had\s+been|have\s+been)\s+"
    r"(?:reported\s+)?(?P<cats>(?:killed|injured|wounded|hurt)(?:\s+or\s+(?:killed|injured|wounded|hurt))?)\b"
    r"|\bno\s+(?:(?P<what>casualties|deaths|fatalities|injuries|victims)\b)",
    re.I,
)
_NONE_CATEGORIES = {
    "casualties": ("killed", "wounded"),
    "victims": ("killed", "wounded"),
    "deaths": ("killed",),
    "fatalities": ("killed",),
    "injuries": ("wounded",),
}


def _iter_none(text: str) -> Iterator[Quantity]:
    for m in _NONE.finditer(text):
        if m["what"]:
            categories = _NONE_CATEGORIES[m["what"].lower()]
        else:
            categories = tuple(
                dict.fromkeys(_category(w) for w in re.findall(r"\w+", m["cats"]) if _category(w))
            )
        for category in categories:
            yield Quantity(value=0, bound=Bound.EXACT, category=category, span=Span(m.start(), m.end()))


def _iter_quantities(text: str) -> Iterator[Quantity]:
    for m in _COUNT.finditer(text):
        after = text[m.end() : m.end() + 90]
        if _YEARS_OLD.match(after) or _THINGS.match(after) or re.fullmatch(r"(?:19|20)\d\d", m["num"]):
            continue
        value = parse_number(m["num"])
        if re.search(r"\bno\s*$", text[max(0, m.start() - 4) : m.start()], re.I):
            continue  # "no one was killed" is a count of zero, read by _iter_none
        if value is None or (
            m["num"].lower() in ("a", "an", "single") and not after.lstrip().startswith(_COUNTED_AFTER_A)
        ):
            continue
        before = text[max(0, m.start() - 40) : m.start()]
        category, population = _classify(before, after)
        if not category:
            continue
        low = m["low"] or m["low2"]
        low_value = parse_number(low) if low else None
        bound = Bound.RANGE if low_value is not None else _bound(before)
        yield Quantity(
            value=low_value if low_value is not None else value,
            high=value if low_value is not None else None,
            bound=bound,
            category=category,
            population=population,
            span=Span(m.start(), m.end()),
        )


def _classify(before: str, after: str) -> tuple[str, str]:
    verb = _BEFORE.search(before)
    following = _AFTER.match(after)
    if following:
        words = re.split(r",\s*(?:including|among\s+them)\b", after[: following.start("cat")])[0]
        return _category(following["cat"]), _population(words)
    if verb:
        return _VERB_FIRST[verb["verb"].lower()], _population(after[:40].split(".")[0])
    return "", ""


class Quantities(DocStage):
    name = "quantities"
    requires = ("article",)
    assigns = ("quantities",)

    def process(self, doc: Doc) -> None:
        doc.quantities = tuple(find_quantities(doc.text))
