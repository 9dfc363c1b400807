"""Events and running tallies, per sentence, on ACLED's taxonomy.

A sentence carries an event when a trigger word names one (withdrawn, shelled, air strike, clashes,
besieged, protest...; the kinds are in `event_kinds`, a topic heading such as "Looting:" names one too);
words in brackets are asides. ACLED's conventions then settle the kind from the rest of the clause
(`event_conventions`: fire at people is an attack, strikes from the air are air strikes). Its status comes
from the words around the trigger (not, refused, still, will, wants to), its places from the trigger's
clause (`event_places`), its actors from the parse and ACLED's naming (`event_actors`, `actor_names`; a
ceasefire monitor's report that names no side by `front_line`), its date from the nearest time
expression or the claim reporting it, its PLOVER category from `event_scale`.

The events of one report are then put together (`event_merging`: one battle per place and day, a
protest and what was done to it) and counted over the stretch of the report that tells each
(`event_casualties`). Counts with a period or a counting organisation ("since the invasion began until
April 4, according to OHCHR") are running tallies, not event casualties.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta

from sitrep.models import (
    Claim,
    Event,
    Granularity,
    Place,
    PlaceKind,
    Span,
    Status,
    Tally,
    TimeRef,
    record_id,
)
from sitrep.pipeline import Doc, DocStage
from sitrep.stages.actor_names import STATE_FORCES, UKRAINE, state_forces_of
from sitrep.stages.event_actors import find_actors, first_actor, remote_violence_target
from sitrep.stages.event_arguments import attached_places
from sitrep.stages.event_casualties import casualties, told_stretch
from sitrep.stages.event_context import is_speculative, tells_event
from sitrep.stages.event_conventions import protest_outcome, refine_kind, without_fighting
from sitrep.stages.event_kinds import (
    ARMED_CLASH,
    ERV,
    HEADING,
    KINDS,
    OVERTAKES,
    REGAINS,
    EventKind,
    heading_kind,
    kind_named,
)
from sitrep.stages.event_merging import (
    answers,
    as_battle,
    merge_placeless,
    merge_repeats,
    one_battle,
    one_fight_per_place,
    one_per_type,
)
from sitrep.stages.event_places import clause_of, event_places
from sitrep.stages.event_scale import event_category
from sitrep.stages.front_line import sides_by_front_line
from sitrep.stages.modality import INTENTION_CUES
from sitrep.stages.places import is_nationality
from sitrep.stages.quantities import POPULATIONS
from sitrep.stages.times import governing_time

_NEGATION = re.compile(
    r"\b(?:not|no|never|n't|nor|without|denied|deny|denies|false|has\s+not|have\s+not|refused|refuses|"
    r"refusing|failed|fails|unable|prevent\w*|avert\w*|thwart\w*|foil(?:ed|ing|s)?)\b[^.;]{0,40}$",
    re.I,
)


# "has not claimed responsibility for the explosion", "denied any role in the attack", "has not commented on
# the evacuation": what is denied is the speaker's part in the event, which the words take as having happened.
_PRESUPPOSED = re.compile(
    r"\b(?:(?:responsibility|involvement|role|part|hand|complicity|blame)\s+(?:\w+\s+){0,2}?(?:for|in)|"
    r"comment\w*\s+(?:\w+\s+){0,3}?(?:on|about)|details?\s+(?:of|on|about))\s+(?:[\w'’-]+\s+){0,4}$",
    re.I,
)


_ONGOING = re.compile(
    r"\b(?:still|remains?|continues?|continuing|ongoing|besieged|encircled|under\s+siege)\b", re.I
)


_PLANNED = re.compile(rf"\b(?:will|would|could|may|{INTENTION_CUES})\b[^.;]{{0,40}}$", re.I)


# A death toll alone ("the toll rose to 15") is the event's own count; a tally needs a period or these cues.
_TALLY_CUE = re.compile(
    r"\b(?:since|so\s+far|in\s+total|total(?:\s+of)?|overall|to\s+date|cumulative|recorded|verified|"
    r"counts?|documented|confirmed\s+(?:the\s+)?deaths)\b",
    re.I,
)


class Events(DocStage):
    name = "events"
    requires = ("article", "spacy", "places", "times", "quantities", "claims")
    assigns = ("events", "tallies")

    def process(self, doc: Doc) -> None:
        tallies: list[Tally] = []
        events: list[Event] = []
        sentences = _sentences(doc)
        for sentence in sentences:
            tally = _tally(doc, sentence)
            if tally is not None:
                tallies.append(tally)
            found = _events_in(doc, sentence)
            if events and answers(events[-1], found, sentence):
                told_last = events[-1].evidence[-1]
                events = [as_battle(e) if e.evidence[-1] == told_last else e for e in events]
                found = []
            events.extend(found)
        events = [_after_the_protest(doc, e, sentences) for e in events]
        merged = merge_repeats(one_fight_per_place(doc, merge_placeless(events)))
        counted = _with_casualties(doc, merged, tallies, sentences)
        targeted = _with_targets(doc, [e for e in counted if _worth_keeping(e)])
        abroad = not any(p.country == "Ukraine" for p in doc.places) and not _UKRAINE_WAR.search(doc.text)
        doc.events = tuple(_in_its_country(e) if abroad else e for e in targeted)
        doc.tallies = tuple(tallies)


def _with_casualties(
    doc: Doc, events: list[Event], tallies: list[Tally], sentences: list[Span]
) -> list[Event]:
    counted = []
    for event in events:
        killed, wounded = casualties(doc, event, events=events, tallies=tallies, sentences=sentences)
        counted.append(replace(event, fatalities=killed, injured=wounded))
    return counted


def _with_targets(doc: Doc, events: list[Event]) -> list[Event]:
    """Remote violence told without its target: read whom it hit from the whole stretch of the report that
    tells it ("... fired a shell at a bus. The driver was wounded.")."""
    kept = []
    for event in events:
        if event.type == ERV and (not event.actor2 or event.actor2.startswith("Civilians")):
            told = told_stretch(doc, event, events).text_of(doc.text)
            published = doc.article.published_date
            event = replace(
                event, actor2=remote_violence_target(told, event.actor1, event.actor2, published=published)
            )
        kept.append(event)
    return kept


def _after_the_protest(doc: Doc, event: Event, sentences: list[Span]) -> Event:
    """A protest and what happened to it in the next sentences ("Soldiers fired warning shots")."""
    if event.sub_type != "Peaceful protest":
        return event
    index = next((i for i, s in enumerate(sentences) if s.contains(event.evidence[0])), None)
    if index is None:
        return event
    after = doc.text[event.evidence[0].start : sentences[min(index + 3, len(sentences) - 1)].end]
    kind = protest_outcome(kind_named(event.sub_type), after)
    if kind.sub_type == event.sub_type:
        return event
    later = after[event.evidence[0].end - event.evidence[0].start :]
    intervener = first_actor(later, exclude="Protesters (Ukraine)") if kind.type == "Protests" else ""
    actor1 = "Rioters (Ukraine)" if kind.type == "Riots" else event.actor1
    return replace(
        event,
        type=kind.type,
        sub_type=kind.sub_type,
        plover=kind.plover,
        actor1=actor1,
        actor2=event.actor2 or (intervener if not intervener.startswith("Civilians") else ""),
    )


def _sentences(doc: Doc) -> list[Span]:
    """spaCy's sentences, cut at paragraph breaks: a heading ("Kherson and the south"), a photograph's credit
    or a live blog's time stamp on a line of its own belongs to no sentence of the story."""
    spans = (
        [Span(0, len(doc.text))]
        if doc.spacy is None
        else [Span(s.start_char, s.end_char) for s in doc.spacy.sents]
    )
    return [part for span in spans for part in _paragraph_parts(doc.text, span)]


_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def _paragraph_parts(text: str, span: Span) -> list[Span]:
    parts, start = [], span.start
    for m in _PARAGRAPH_BREAK.finditer(text, span.start, span.end):
        parts.append(Span(start, m.start()))
        start = m.end()
    parts.append(Span(start, span.end))
    return [p for p in parts if p.text_of(text).strip()]


def _events_in(doc: Doc, sentence: Span) -> list[Event]:
    """One event per clause that names one, of the most specific kind (KINDS is ordered): "air strikes
    and missiles hit Kyiv" is one attack, "recaptured after fighting" one regained town, but "a missile
    struck Kyiv, and shelling hit Kharkiv" two attacks. Words in brackets are asides, not events; a topic
    heading ("Looting: ...") names the kind of the sentence's first event."""
    by_clause: dict[int, tuple[EventKind, Span]] = {}
    fighting: dict[
        int, set[Span]
    ] = {}  # the words of each clause that tell of fighting, whatever else it tells
    for kind, trigger in _triggers(doc, sentence):
        clause = clause_of(doc, trigger)
        by_clause.setdefault(clause, (kind, trigger))
        # "attacked the port with missiles" is a missile attack; "destroyed a column in a clash" a battle
        if kind.sub_type == ARMED_CLASH.sub_type and not trigger.text_of(doc.text).lower().startswith(
            "attack"
        ):
            fighting.setdefault(clause, set()).add(trigger)
    heading = heading_kind(sentence.text_of(doc.text))
    clauses = set(by_clause)
    events: list[Event] = []
    for n, (clause, (kind, trigger)) in enumerate(
        sorted(by_clause.items(), key=lambda item: item[1][1].start)
    ):
        kind = heading if heading is not None and n == 0 else _refined(doc, sentence, trigger, kind)
        if kind.type == ERV and fighting.get(clause, set()) - {
            trigger
        }:  # "destroyed a column during a clash"
            kind = ARMED_CLASH
        events.extend(_build(doc, sentence, trigger, kind, other_clauses=clauses - {clause}))
    if not events and heading is not None:
        label = HEADING.match(sentence.text_of(doc.text))
        trigger = (
            Span(sentence.start + label.start("label"), sentence.start + label.end("label"))
            if label
            else sentence
        )
        events = _build(doc, sentence, trigger, heading, other_clauses=set())
    return one_battle(one_per_type(events))


def _triggers(doc: Doc, sentence: Span) -> list[tuple[EventKind, Span]]:
    sentence_text = sentence.text_of(doc.text)
    asides = [m.span() for m in _ASIDE.finditer(sentence_text)]
    found = []
    for kind in KINDS:
        for m in kind.trigger.finditer(sentence_text):
            if any(start <= m.start() < end for start, end in asides):
                continue
            trigger = Span(sentence.start + m.start(), sentence.start + m.end())
            if tells_event(doc, sentence, trigger, state_kind=kind.near_place_only):
                found.append((kind, trigger))
    return found


_ASIDE = re.compile(r"\[[^\]]*\]?|\([^)]*\)?")
# Where the trigger's clause ends: what follows ("..., calling it revenge for the New Year's attack") tells
# of other things.
_CLAUSE_END = re.compile(r"[;.]\s|,\s+(?:and|but|while|as|killing|wounding|which|calling|saying)\b")


def _refined(doc: Doc, sentence: Span, trigger: Span, kind: EventKind) -> EventKind:
    text = doc.text
    after = text[trigger.end : sentence.end]
    clause_end = _CLAUSE_END.search(after)
    after = after[: clause_end.start()] if clause_end else after
    kind = refine_kind(kind, trigger=trigger.text_of(text), after=after, clause=sentence.text_of(text))
    # "No information on whether fighting took place": said in the sentence or the one after.
    return without_fighting(kind, text[sentence.start : min(len(text), sentence.end + 200)])


def _build(
    doc: Doc, sentence: Span, trigger: Span, kind: EventKind, *, other_clauses: set[int]
) -> list[Event]:
    narrow = event_places(doc, sentence, trigger, kind, other_clauses)
    broad = (
        event_places(doc, sentence, trigger, kind, set())
        if other_clauses and not kind.near_place_only
        else narrow
    )
    places = attached_places(doc, sentence, trigger, narrow=narrow, broad=broad)
    status = _status(doc, sentence, trigger, kind)
    actor1, actor2 = find_actors(doc, sentence, trigger, kind)
    country = places[0].country if places else ""
    actor1, actor2 = (_state_forces(a, country) for a in (actor1, actor2))
    kind = _taken_by(kind, actor1)
    if kind is REGAINS and not actor1 and any(p.country == "Ukraine" for p in places):
        actor1 = UKRAINE  # "the village was liberated": by the government's forces, in whose country it lies
    claims = tuple(
        c.id
        for c in doc.claims
        if c.span.contains(trigger) or (c.cue and c.cue.overlaps(sentence) and c.span.overlaps(sentence))
    )
    occurred = _occurred(doc, sentence, trigger, claims)
    if _is_history(doc.text, occurred, doc.article.published_date) or _siege_of_a_country(kind, places):
        return []
    # ACLED codes one event per location: a withdrawal from two towns is two events.
    groups: list[tuple[Place, ...]] = [(p,) for p in places] if len(places) > 1 else [tuple(places)]
    events = []
    for group in groups:
        sides = (actor1, actor2) if actor1 else _sides(kind, group, doc.article.published_date, actor2)
        events.append(
            Event(
                id=record_id("event", doc.article.id, trigger.start, group[0].name if group else ""),
                type=kind.type,
                sub_type=kind.sub_type,
                plover=_plover(doc, sentence, trigger, kind),
                status=status,
                evidence=(sentence,),
                trigger=trigger,
                actor1=sides[0],
                actor2=sides[1],
                places=group,
                occurred=occurred,
                claims=claims,
                confidence=_confidence(group, occurred, claims, status),
            )
        )
    return events


_UKRAINE_WAR = re.compile(r"\b(?:Ukrain\w*|Russia\w*|Kyiv|Kiev|Crimea\w*|Donbas+|Donetsk|Luhansk)\b", re.I)


def _in_its_country(event: Event) -> Event:
    """The actors of a report from another country's war are of that country ("Civilians (Sudan)")."""
    country = event.places[0].country if event.places else ""
    return replace(
        event, actor1=_named_state(event.actor1, country), actor2=_named_state(event.actor2, country)
    )


def _state_forces(actor: str, country: str) -> str:
    """ "The army" is the army of the country the event happened in."""
    if actor.startswith(STATE_FORCES):
        return state_forces_of(country) + actor[len(STATE_FORCES) :] if country else ""
    return actor


def _named_state(actor: str, country: str) -> str:
    """Civilians, protesters or an unidentified group are of the country the event happened in."""
    actor = _state_forces(actor, country)
    if actor.endswith(" (Ukraine)") and country and country != "Ukraine":
        return f"{actor.removesuffix(' (Ukraine)')} ({country})"
    return actor


def _plover(doc: Doc, sentence: Span, trigger: Span, kind: EventKind) -> str:
    tokens = doc.tokens(sentence)
    return kind.plover if tokens is None else event_category(tokens, trigger.text_of(doc.text), kind.plover)


def _sides(
    kind: EventKind, places: tuple[Place, ...], published: date | None, actor2: str
) -> tuple[str, str]:
    """Who fired, for a report that names no side (a ceasefire monitor's "explosions near X"): by where it
    happened (`front_line`)."""
    if kind.type not in (ERV, "Battles") or not places:
        return "", actor2
    sides = sides_by_front_line(battle=kind.type == "Battles", place=places[0], published=published)
    return sides if sides is not None else ("", actor2)


def _taken_by(kind: EventKind, actor1: str) -> EventKind:
    """Russian forces "liberating" a Ukrainian town take it; Ukrainian forces "taking" one regain it."""
    if kind.sub_type == REGAINS.sub_type and actor1.startswith(("Military Forces of Russia", "NAF")):
        return OVERTAKES
    if kind is OVERTAKES and actor1.startswith(("Military Forces of Ukraine", "Police Forces of Ukraine")):
        return REGAINS
    return kind


def _status(doc: Doc, sentence: Span, trigger: Span, kind: EventKind) -> Status:
    text = doc.text
    before = text[sentence.start : trigger.start]
    if kind.near_place_only:  # "the besieged Mariupol", "Mariupol is still isolated": a state, not an act
        return Status.NOT_HAPPENED if _NEGATION.search(before[-25:]) else Status.ONGOING
    clause_before = re.split(r"[,;:]\s", before)[-1]
    if _NEGATION.search(clause_before[-60:]) and not _PRESUPPOSED.search(clause_before):
        return Status.NOT_HAPPENED
    if _PLANNED.search(clause_before[-60:]) or is_speculative(doc, trigger):
        return Status.PLANNED
    window = text[max(sentence.start, trigger.start - 40) : min(sentence.end, trigger.end + 20)]
    if _ONGOING.search(window):
        return Status.ONGOING
    return Status.HAPPENED


# "around 2000 people protested": a number read as a year, followed by whom it counts.
_COUNT_AFTER = re.compile(
    rf"\s+(?:[\w-]+\s+)?(?:{'|'.join(p for _, p in POPULATIONS)}|protesters|demonstrators)\b", re.I
)


def _occurred(doc: Doc, sentence: Span, trigger: Span, claims: tuple[str, ...]) -> TimeRef | None:
    asides = [
        Span(sentence.start + m.start(), sentence.start + m.end())
        for m in _ASIDE.finditer(sentence.text_of(doc.text))
    ]
    inside = [
        t
        for t in doc.times
        if t.span is not None
        and sentence.contains(t.span)
        and t.relation != "until"
        and not any(a.contains(t.span) for a in asides)
        and not _COUNT_AFTER.match(doc.text, t.span.end)
        and not _SINCE_BEFORE.search(doc.text[max(0, t.span.start - 60) : t.span.start])
    ]
    # "The ministry said on Thursday that its soldiers had not fired on Wednesday": the day the claimed
    # content names, not the day it was said.
    content = next((c.span for c in doc.claims if c.span.contains(trigger) and c.span != sentence), None)
    clause_end = _CLAUSE_END.search(doc.text, trigger.end, sentence.end)
    if clause_end is not None:
        inside = [t for t in inside if t.span is None or t.span.start < clause_end.start()] or inside
    told = [t for t in inside if content is not None and t.span is not None and content.contains(t.span)]
    if told or inside:
        return min(told or inside, key=lambda t: abs(t.span.start - trigger.start) if t.span else 0)
    governing = governing_time(doc.times, doc.text, at=sentence.start)
    if governing is not None:
        return governing
    said = next((c.said for c in doc.claims if c.id in claims and c.said is not None), None)
    if said is not None:
        return said
    published = doc.article.published_date
    if published is None:
        return None
    # No date in the sentence: it happened on or shortly before publication; say so, coarsely.
    return TimeRef(
        text="",
        start=published - timedelta(days=6),
        end=published,
        granularity=Granularity.WEEK,
        anchor=published,
        confidence=0.3,
    )


# How far back a dated event is still news rather than background ("the Munich agreement in 1938", "the
# annexation of Crimea in 2014"): a month, so that "last month" is still told as news.
HISTORY_AFTER = timedelta(days=31)


def _is_history(text: str, occurred: TimeRef | None, published: date | None) -> bool:
    """An event the sentence dates well before the report ("since 2014", "since the start of the invasion"
    date a period, not the event)."""
    if occurred is None or published is None or occurred.confidence < 1 or occurred.relation == "since":
        return False
    if occurred.span is not None and _SINCE_BEFORE.search(
        text[max(0, occurred.span.start - 60) : occurred.span.start]
    ):
        return False
    return occurred.end < published - HISTORY_AFTER


_SINCE_BEFORE = re.compile(
    r"\bsince\s+(?:the\s+(?:start|beginning|outbreak|first\s+days?)\s+of\s+)?(?:[\w’']+\s+){0,3}$", re.I
)


def _siege_of_a_country(kind: EventKind, places: Sequence[Place]) -> bool:
    """ "Russia is isolated", "cut Russia off from the world economy": a country is not besieged."""
    return kind.near_place_only and bool(places) and all(p.kind is PlaceKind.COUNTRY for p in places)


def _confidence(
    places: Sequence[Place], occurred: TimeRef | None, claims: Sequence[str], status: Status
) -> float:
    score = 0.4 + (0.2 if places else 0) + (0.2 if occurred and occurred.confidence >= 1 else 0.05)
    score += 0.1 if claims else 0
    return round(min(score, 0.95) - (0.1 if status is Status.NOT_HAPPENED else 0), 2)


def _worth_keeping(event: Event) -> bool:
    """An event with no place, no date of its own and no casualties is usually background or commentary
    ("stocks of artillery ammunition"); it cannot be mapped or checked, so it is not kept."""
    dated = event.occurred is not None and event.occurred.confidence >= 1
    return bool(event.places) or dated or event.fatalities is not None or event.injured is not None


def _tally(doc: Doc, sentence: Span) -> Tally | None:
    counts = tuple(q for q in doc.quantities if sentence.contains(q.span))
    if not counts:
        return None
    times = [t for t in doc.times if t.span is not None and sentence.contains(t.span)]
    start = next((t for t in times if t.relation == "since"), None)
    end = next((t for t in times if t.relation == "until"), None)
    if end is None and start is not None and start.end > start.start:
        end = start  # "from 1 to 5 March": one expression names both ends
    claim = _claim_in(doc.claims, sentence)
    organisation = _organisation(claim)
    text = sentence.text_of(doc.text)
    if not (start or end or (organisation and _TALLY_CUE.search(text))):
        return None
    area = next(
        (
            p
            for p in doc.places
            if sentence.contains(p.span) and p.kind is PlaceKind.COUNTRY and not is_nationality(doc.text, p)
        ),
        None,
    )
    return Tally(
        id=record_id("tally", doc.article.id, sentence.start),
        counts=counts,
        span=sentence,
        population=next((q.population for q in counts if q.population), ""),
        area=area,
        period_start=start,
        period_end=end,
        organisation=organisation,
        claim=claim.id if claim else "",
    )


def _claim_in(claims: Sequence[Claim], sentence: Span) -> Claim | None:
    return next((c for c in claims if c.cue is not None and sentence.contains(c.cue)), None)


def _organisation(claim: Claim | None) -> str:
    if claim is None:
        return ""
    return claim.speaker.organisation or claim.speaker.name or claim.speaker.role
