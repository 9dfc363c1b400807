"""Claims that join stories by themselves.

A report that only denies an event ("the ministry denied that its forces had attacked an oil depot in
Belgorod") or says it did not happen ("its soldiers had not fired on civilians in Chernihiv") often yields
no event: the event is not the report's own statement, only the content of a speaker's. Such a claim still
names what it is about, and is linked to stories as an event would be:

- its kind, from the event words of its content (`event_kinds`), or armed violence of no known kind for
  the general words of denials ("attacked", "fired on", "came under fire", "targeted");
- its places: those named inside the claim, else in its sentence (the speaker's title: "officials in
  Enerhodar said"), else the few the article names; those few also stand beside it (`near`);
- its days: a date named inside the claim, else the day it was said and the day before (a denial answers
  what was reported), else the days up to publication;
- its targets and words, as for an event.

A report of which no event was read, only claims ("it had captured Walikale", "26 bodies were recovered
from the bombed school"), has its claims that assert an event linked the same way, as events that
happened, when they name where, when, what was hit or how many were killed: the report still corroborates
its story, and its figures can contradict another report's. (Where an article has events, its asserted
claims are told by them: a long article's other asserted claims are mostly comment, aims and capabilities.)
Claims are linked this way only when no event of their article carries them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sitrep import contradictions as contra
from sitrep.stages.event_kinds import ERV, KINDS, OVERTAKES
from sitrep.stages.quantities import find_quantities
from sitrep.stages.times import find_times
from sitrep.story_features import (
    Features,
    Mention,
    Point,
    minhash,
    proper_names,
    read_words,
    targets_in,
    unread_place_words,
)

JSON = dict[str, Any]

NOT_HAPPENED = "not_happened"
HAPPENED = "happened"
MAX_ARTICLE_PLACES = 3  # an article naming more places than this does not say which one a claim means
_DENYING = frozenset({"denied", "disputed"})
_STATED = frozenset({"asserted", "reported", "assessed"})
_FACTUAL = frozenset({"fact", "assessment", ""})
_VIOLENCE = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians"})
_TERRITORY = frozenset(
    {
        "Non-state actor overtakes territory",
        "Government regains territory",
        "Non-violent transfer of territory",
    }
)
# The general words of a denial: armed violence of no stated kind.
_ATTACK = re.compile(
    r"\b(?:attack(?:ed|ing|s)?|fired\s+(?:on|at|upon)|fir(?:e|ing)\s+(?:on|at|upon)|"
    r"(?:came|come|coming)\s+under\s+(?:fire|attack)|target(?:ed|ing)|hit|bomb(?:s|ed|ing)?|bombardment|"
    r"assaults?|ambush(?:ed|es)?|raids?|(?:air\s*)?strikes?|shelling|blasts?|explosions?)\b",
    re.I,
)

# A negation governing the event word itself: "had not fired", "has never shelled", "no missile hit"; not one
# of another word ("was not responsible for the attack") nor a modal ("need not be stormed": no report that
# it did not happen).
_NEGATED = re.compile(
    r"(?<!\bneed\s)(?<!\bmust\s)(?<!\bshould\s)(?<!\bwill\s)(?<!\bwould\s)(?<!\bcould\s)(?<!\bmay\s)"
    r"(?<!\bmight\s)\b(?:not|never|no|neither|nor)\s+(?:(?:have|has|had|been|be|ever|yet|even|once|a|an|the|"
    r"single|any)\s+){0,3}$|\b(?:did|does|do|had|has|have|was|were)n't\s+(?:(?:have|been|ever)\s+){0,2}$",
    re.I,
)
_NEGATION = re.compile(r"\b(?:not|never|no|neither|nor)\b|n't\b", re.I)
_SENTENCE_END = re.compile(r"[.!?][”\"]?\s+(?=[A-Z“\"])")
_MAX_DAYS = 8


@dataclass(frozen=True, slots=True)
class EventWords:
    """What a claim's content names: a kind of event, and whether its speaker says it did not happen."""

    type: str
    sub_type: str
    at: int
    negated: bool


def event_words(content: str) -> EventWords | None:
    """The first event a claim's content names, by the most specific kind that names one.

    A kind named only by a general word of attack ("targeting", "hit"), or by a toll alone, is armed
    violence of no stated kind.
    """
    for kind in KINDS:
        m = kind.trigger.search(content)
        if m is not None and _ATTACK.fullmatch(m.group()) is None:
            return EventWords(kind.type, kind.sub_type, m.start(), _negated(content, m.start()))
    m = contra.FALLEN.search(content)
    if m is not None:
        return EventWords(OVERTAKES.type, OVERTAKES.sub_type, m.start(), _negated(content, m.start()))
    m = _ATTACK.search(content)
    if m is not None:
        return EventWords(ERV, "", m.start(), _negated(content, m.start()))
    # A toll of its own ("21 bodies had been recovered from the ruins") tells violence of no stated kind.
    toll = next((q for q in find_quantities(content) if q.category in ("killed", "wounded")), None)
    if toll is None:
        return None
    return EventWords(ERV, "", toll.span.start, _negated(content, toll.span.start))


def _negated(content: str, at: int) -> bool:
    return _NEGATED.search(content[:at]) is not None


def linkable(claim: JSON, words: EventWords | None) -> bool:
    """Whether a claim tells an event by itself: denied, disputed, asserted as done or as not done."""
    if words is None or claim.get("modality", "") not in _FACTUAL:
        return False
    return claim.get("stance", "") in _DENYING | _STATED


def claim_features(
    claim: JSON,
    *,
    article: str,
    text: str,
    published: date | None,
    places: Sequence[Mention],
    countries: Sequence[str] = (),
    alone: bool = False,
) -> Features | None:
    """A claim as linking sees it, or None when it is no claim to link by itself. An asserted event is
    linked only from an article of which no event was read (`alone`)."""
    content = claim.get("text", "")
    if not (alone or claim.get("stance", "") in _DENYING or _NEGATION.search(content)):
        return None  # neither denied nor said not to have happened: told by its article's events
    words = event_words(content)
    if not linkable(claim, words) or words is None:
        return None
    denied = claim.get("stance", "") in _DENYING or words.negated
    if not denied and not (alone and _telling(words)):
        return None
    span = claim.get("span") or {}
    start, end = int(span.get("start", 0)), int(span.get("end", 0))
    unread = unread_place_words(content, read=read_words(places, countries))
    if not denied and not _placed(start, end, places, unread):
        return None  # an asserted event says where it happened ("it had captured Walikale")
    if not words.sub_type and not _anchored(content, start, end, places, published, unread):
        return None  # "denied targeting civilians": an attack of no kind, place or day is no one event
    first, last = _days(content, said=claim.get("said"), published=published)
    points = _points(text, start, end, places)
    sentence_start, sentence_end = sentence_around(text, start, end)
    sentence_text = text[sentence_start:sentence_end]
    return Features(
        event=claim["id"],
        article=article,
        type=words.type,
        sub_type=words.sub_type,
        status=NOT_HAPPENED if denied else HAPPENED,
        points=points,
        near=tuple(p for p in _article_points(places) if p not in points),
        start=first,
        end=last,
        actor="",
        signature=minhash(contra.content_words(content)),
        targets=targets_in(content),
        claim=True,
        names=proper_names(sentence_text),
        place_words=unread,
    )


def _telling(words: EventWords) -> bool:
    """Whether a claim's event is one a report tells by a claim alone: armed violence or a place taken
    ("it had captured Walikale"), not a plan, a movement or a talk."""
    return words.type in _VIOLENCE or words.sub_type in _TERRITORY


def _placed(start: int, end: int, places: Sequence[Mention], unread: Sequence[str]) -> bool:
    return bool(unread) or any(start <= m.start and m.end <= end for m in places)


def _anchored(
    content: str,
    start: int,
    end: int,
    places: Sequence[Mention],
    published: date | None,
    unread: Sequence[str],
) -> bool:
    """Whether a claim names a place, a day, a target or a toll of its own ("the base had come under
    fire", "30 soldiers were killed")."""
    if targets_in(content) or unread or any(start <= m.start and m.end <= end for m in places):
        return True
    if claim_figures(content) != (None, None):
        return True
    return published is not None and bool(find_times(content, anchor=published))


def claim_figures(content: str) -> tuple[JSON | None, JSON | None]:
    """The first killed and the first wounded figure a claim states, as an event's JSON holds them."""
    found: dict[str, JSON] = {}
    for q in find_quantities(content):
        if q.category in ("killed", "wounded") and q.category not in found:
            found[q.category] = {"value": q.value, "bound": q.bound.value, "high": q.high}
    return found.get("killed"), found.get("wounded")


def _points(text: str, start: int, end: int, places: Sequence[Mention]) -> tuple[Point, ...]:
    inside = [m.point for m in places if start <= m.start and m.end <= end]
    if inside:
        return _distinct(inside)
    first, last = sentence_around(text, start, end)
    in_sentence = [m.point for m in places if first <= m.start and m.end <= last]
    if in_sentence:
        return _distinct(in_sentence)
    return _article_points(places)


def _article_points(places: Sequence[Mention]) -> tuple[Point, ...]:
    """The places of an article that names few: what its claims are likely about ("the village has not
    fallen, whatever Moscow says" is about the village the article names)."""
    named = _distinct([m.point for m in places])
    return named if len(named) <= MAX_ARTICLE_PLACES else ()


def _distinct(points: Sequence[Point]) -> tuple[Point, ...]:
    return tuple(dict.fromkeys(points))


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The bounds of the sentence (or sentences) holding text[start:end]."""
    first = max((m.end() for m in _SENTENCE_END.finditer(text, 0, start)), default=0)
    after = _SENTENCE_END.search(text, end)
    return first, after.start() + 1 if after is not None else len(text)


def _days(content: str, *, said: JSON | None, published: date | None) -> tuple[date | None, date | None]:
    if published is not None:
        for ref in find_times(content, anchor=published):
            if ref.relation != "until" and 0 <= (ref.end - ref.start).days < _MAX_DAYS:
                return ref.start, ref.end
    said_on = _date(said.get("start")) if said else None
    if said_on is not None:
        return said_on - timedelta(days=1), said_on
    if published is not None:
        return published - timedelta(days=1), published
    return None, None


def _date(value: object) -> date | None:
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None
