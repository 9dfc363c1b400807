"""How the events one report tells are put together: clauses of one sentence that tell one event, a
battle and the shelling or change of territory within it, a placeless restatement, the same event told
twice. ACLED codes one event per place and day, by precedence: a change of territory over a clash over
the remote violence within it.
"""

from __future__ import annotations

from dataclasses import replace

from sitrep.models import Event, PlaceKind, Span, TimeRef
from sitrep.pipeline import Doc
from sitrep.stages.event_kinds import ARMED_CLASH, ERV, KINDS
from sitrep.stages.event_places import distinct_places


def answers(previous: Event, found: list[Event], sentence: Span) -> bool:
    """ "Ukrainian forces fired tanks at rebel positions. The rebels fired back.": a placeless fight in the
    next sentence is the other side answering, which makes the attack before it a battle."""
    follows = sentence.start - previous.evidence[-1].end <= 3
    placeless_fight = bool(found) and all(e.sub_type == ARMED_CLASH.sub_type and not e.places for e in found)
    return follows and placeless_fight and previous.type == ERV


def as_battle(event: Event) -> Event:
    if event.type != ERV:
        return event
    return replace(event, type=ARMED_CLASH.type, sub_type=ARMED_CLASH.sub_type, plover=ARMED_CLASH.plover)


def one_per_type(events: list[Event]) -> list[Event]:
    """Two clauses of one sentence telling one event ("fired tear gas to break up a rally in Nova
    Kakhovka"): events of the same ACLED type that share a place, or where one has none, are one event,
    of the more specific kind (the earlier in KINDS), in the places of both."""
    rank = {k.sub_type: i for i, k in enumerate(KINDS)}
    merged: list[Event] = []
    for event in events:
        twin = next((i for i, e in enumerate(merged) if _tell_the_same(e, event)), None)
        if twin is None:
            merged.append(event)
            continue
        first, second = sorted((merged[twin], event), key=lambda e: rank.get(e.sub_type, len(rank)))
        places = distinct_places([*first.places, *second.places])
        merged[twin] = replace(_with_evidence(first, second), places=tuple(places))
    return merged


def _tell_the_same(a: Event, b: Event) -> bool:
    if a.type != b.type or a.status != b.status:
        return False
    shared = {p.geonameid for p in a.places} & {p.geonameid for p in b.places}
    return bool(shared) or not a.places or not b.places


def one_battle(events: list[Event]) -> list[Event]:
    """Remote violence told with fighting at the same place in one sentence is part of that battle: one
    Armed clash event (ACLED codes the battle, not the shelling within it), where the first was told and
    with its actors (who fired first)."""
    clash = next((e for e in events if e.sub_type == ARMED_CLASH.sub_type), None)
    if clash is None:
        return events
    absorbed = [e for e in events if e.type == ERV and _tell_the_same(replace(e, type=clash.type), clash)]
    merged = _fight_told_first(clash, absorbed)
    for event in [clash, *absorbed]:
        places = distinct_places([*merged.places, *event.places])
        merged = replace(_with_evidence(merged, event), places=tuple(places))
    parts = {id(clash), *(id(e) for e in absorbed)}
    kept: list[Event] = []
    for event in events:
        if id(event) not in parts:
            kept.append(event)
        elif not any(k is merged for k in kept):
            kept.append(merged)
    return kept


def _fight_told_first(clash: Event, absorbed: list[Event]) -> Event:
    """The battle as first told, its sides filled in from the clash where the shelling named none."""
    first = min([clash, *absorbed], key=lambda e: e.trigger.start if e.trigger else 0)
    if not first.actor1:
        return _recoded(first, like=clash, actors=clash)
    other = clash.actor1 if clash.actor1 != first.actor1 else clash.actor2
    return replace(as_battle(first), actor2=first.actor2 or other)


def one_fight_per_place(doc: Doc, events: list[Event]) -> list[Event]:
    """One report telling shelling and fighting at the same place on the same day, or two sides shelling
    each other there, or fighting and the town changing hands, tells one battle. It is kept where it was
    first told, coded by ACLED's precedence: a change of territory over a clash over remote violence."""
    kept: list[Event] = []
    for event in events:
        partner = next((i for i, k in enumerate(kept) if _one_fight(doc, k, event)), None)
        if partner is None:
            kept.append(event)
        else:
            kept[partner] = _combined_fight(kept[partner], event)
    return kept


_TERRITORY = ("Government regains territory", "Non-state actor overtakes territory")


def _precedence(event: Event) -> int:
    if event.sub_type in _TERRITORY:
        return 2
    return {ARMED_CLASH.sub_type: 1, ERV: 0}.get(event.sub_type if event.type != ERV else ERV, -1)


def _one_fight(doc: Doc, first: Event, second: Event) -> bool:
    ranks = {_precedence(first), _precedence(second)}
    mutual = first.type == second.type == ERV and _opposed(first, second)
    if -1 in ranks or not (mutual or len(ranks) == 2) or first.status != second.status:
        return False
    if first.evidence[0] == second.evidence[0] or not _dates_agree(first, second):
        return False
    return bool(_named_places(doc, first) & _named_places(doc, second))


def _combined_fight(first: Event, second: Event) -> Event:
    merged = _with_evidence(first, second)
    senior = max((first, second), key=_precedence)
    if _precedence(senior) == 0:
        return as_battle(merged)
    return _recoded(merged, like=senior, actors=senior if senior.actor1 else first)


def _recoded(event: Event, *, like: Event, actors: Event) -> Event:
    """`event` coded as the kind of `like`, between the actors of `actors`."""
    return replace(
        event,
        type=like.type,
        sub_type=like.sub_type,
        plover=like.plover,
        actor1=actors.actor1,
        actor2=actors.actor2,
    )


def _opposed(a: Event, b: Event) -> bool:
    return bool(a.actor1 and a.actor2) and (a.actor1, a.actor2) == (b.actor2, b.actor1)


def _named_places(doc: Doc, event: Event) -> set[int]:
    """The towns an event's sentences name, whichever of them the event took as its own."""
    named = [p for p in doc.places if any(s.contains(p.span) for s in event.evidence)]
    return {
        p.geonameid
        for p in (*named, *event.places)
        if p.geonameid is not None and p.kind in (PlaceKind.CITY, PlaceKind.VILLAGE)
    }


# How far back a placeless sentence looks for the event it restates: the next few sentences, not the other
# end of a long article.
RESTATES_WITHIN = 500


def merge_placeless(events: list[Event]) -> list[Event]:
    """An event sentence with no place of its own ("have withdrawn to go to Belarus") restates the previous
    event of the same kind ("withdrawn from those areas") told shortly before: kept as more evidence, not as a
    new event. Remote violence with no place, told after a battle, is part of that battle ("the aviation
    attacked the column")."""
    merged: list[Event] = []
    for event in events:
        previous = next((e for e in reversed(merged) if _restated(e, event)), None)
        near = previous is not None and event.evidence[0].start - previous.evidence[-1].end <= RESTATES_WITHIN
        if event.places or previous is None or not near or not _dates_agree(previous, event):
            merged.append(event)
            continue
        for i, e in enumerate(merged):
            if _restated(e, event) and e.evidence[0] == previous.evidence[0]:
                merged[i] = _with_evidence(e, event)
    return merged


def _restated(earlier: Event, later: Event) -> bool:
    return earlier.sub_type == later.sub_type or (
        later.type == ERV and earlier.sub_type == ARMED_CLASH.sub_type
    )


def merge_repeats(events: list[Event]) -> list[Event]:
    """The same kind of event at the same place with the same status, told twice in one article, is one
    event with two pieces of evidence (the later sentence often restates the lead), unless the two
    sentences give it different dates."""
    merged: list[Event] = []
    for event in events:
        index = next((i for i, e in enumerate(merged) if _same_event(e, event)), None)
        if index is None:
            merged.append(event)
        else:
            merged[index] = _with_evidence(merged[index], event)
    return merged


def _same_event(a: Event, b: Event) -> bool:
    if len(a.places) != 1 or len(b.places) != 1:
        return False
    if (a.sub_type, a.places[0].geonameid, a.status) != (b.sub_type, b.places[0].geonameid, b.status):
        return False
    return _dates_agree(a, b)


def _dates_agree(a: Event, b: Event) -> bool:
    """Two tellings can be one event unless each gives a date of its own and the dates differ."""
    dated = [e.occurred for e in (a, b) if e.occurred is not None and e.occurred.confidence >= 1]
    return len(dated) < 2 or dated[0].start == dated[1].start


def _with_evidence(event: Event, extra: Event) -> Event:
    return replace(
        event,
        evidence=tuple(dict.fromkeys((*event.evidence, *extra.evidence))),
        claims=tuple(dict.fromkeys((*event.claims, *extra.claims))),
        occurred=_better_time(event.occurred, extra.occurred),
        fatalities=event.fatalities or extra.fatalities,
        injured=event.injured or extra.injured,
    )


def _better_time(a: TimeRef | None, b: TimeRef | None) -> TimeRef | None:
    if a is None or (b is not None and b.confidence > a.confidence):
        return b
    return a
