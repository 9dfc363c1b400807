"""How many an event killed and wounded, counted over the stretch of the report that tells it.

An event's stretch runs from its first sentence to the next sentence that tells another event: "Russian
forces shelled Manhush. One person was wounded." counts the wounded for the shelling. ACLED counts every
death of the event, so the counts in the stretch are added up ("a civilian woman died ... at least 4
Russian soldiers were killed" is 5), except a count that is part of another ("including two children"),
counts a report gives for a wider area or a whole day ("during the day, two soldiers were wounded at
unspecified locations"), running tallies, and where the report states the figure it counts ("Unspecified
fatalities coded as 10"), which is taken as it stands.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from sitrep.models import Bound, Event, Quantity, Span, Tally
from sitrep.pipeline import Doc
from sitrep.stages.quantities import is_stated

_ELSEWHERE = re.compile(
    r"\bunspecified\s+locations?\b|\bduring\s+the\s+day\b|\blocations\s+were\s+targeted\b|"
    r"\bthroughout\s+the\s+(?:region|oblast|country)\b|\bcoded\s+to\s+[\w\s'-]{2,40}?\s+event\b",
    re.I,
)
_PART_OF = re.compile(
    r"\b(?:including|among\s+them|of\s+whom|of\s+them|among\s+whom)\s+(?:at\s+least\s+)?$", re.I
)


def told_stretch(doc: Doc, event: Event, events: Sequence[Event]) -> Span:
    """From the event's first sentence to the first sentence of the next event told after its last one."""
    starts = (e.evidence[0].start for e in events if e.evidence[0].start >= event.evidence[-1].end)
    return Span(event.evidence[0].start, min(starts, default=len(doc.text)))


def casualties(
    doc: Doc, event: Event, *, events: Sequence[Event], tallies: Sequence[Tally], sentences: Sequence[Span]
) -> tuple[Quantity | None, Quantity | None]:
    """(killed, wounded) for `event`, from the counts in its stretch."""
    stretch = told_stretch(doc, event, events)
    others = [s for e in events for s in e.evidence if s not in event.evidence]
    counts = [
        q
        for q in doc.quantities
        if stretch.contains(q.span)
        and not any(s.contains(q.span) for s in others)
        and not any(t.span.contains(q.span) for t in tallies)
        and not _elsewhere(doc.text, q, sentences)
        and not _PART_OF.search(doc.text[max(0, q.span.start - 25) : q.span.start])
    ]
    return _count(doc.text, counts, "killed"), _count(doc.text, counts, "wounded")


def _elsewhere(text: str, quantity: Quantity, sentences: Sequence[Span]) -> bool:
    sentence = next((s for s in sentences if s.contains(quantity.span)), None)
    return sentence is not None and bool(_ELSEWHERE.search(sentence.text_of(text)))


def _count(text: str, counts: Sequence[Quantity], category: str) -> Quantity | None:
    chosen = [q for q in counts if q.category == category]
    stated = [q for q in chosen if is_stated(text, q)]
    if stated:
        return stated[-1]
    return total(chosen)


def total(counts: Sequence[Quantity]) -> Quantity | None:
    """The sum of several counts of one category, spanning from the first to the last."""
    if len(counts) < 2:
        return counts[0] if counts else None
    bounds = {q.bound for q in counts}
    populations = {q.population for q in counts}
    return Quantity(
        value=sum(q.value for q in counts),
        bound=Bound.EXACT if bounds == {Bound.EXACT} else Bound.AT_LEAST,
        category=counts[0].category,
        span=Span(counts[0].span.start, counts[-1].span.end),
        population=populations.pop() if len(populations) == 1 else "",
    )
