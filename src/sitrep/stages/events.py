"""Events and running tallies, per sentence, on ACLED's taxonomy.

A sentence carries an event when a trigger word names one (withdrawn, shelled, air strike, clashes,
besieged, protest...). Its status comes from the words around the trigger (not, still, will, wants to), its
places from the sentence (destinations after "to Belarus" are not event places, a country that contains a
named town is not one either), its date from the nearest time expression or the claim reporting it, its
casualties from the counts in the sentence. Counts with a period or a counting organisation ("since the
invasion began until April 4, according to OHCHR") are running tallies, not event casualties.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import TYPE_CHECKING

from sitrep.models import (
    Claim,
    Event,
    Granularity,
    Place,
    PlaceKind,
    Quantity,
    Span,
    Status,
    Tally,
    TimeRef,
    record_id,
)
from sitrep.pipeline import Doc, DocStage

if TYPE_CHECKING:
    from spacy.tokens import Token


@dataclass(frozen=True, slots=True)
class EventKind:
    type: str
    sub_type: str
    plover: str
    trigger: re.Pattern[str]
    near_place_only: bool = False  # the trigger qualifies one place ("the besieged Mariupol")


def _kind(type_: str, sub_type: str, plover: str, pattern: str, *, near: bool = False) -> EventKind:
    return EventKind(type_, sub_type, plover, re.compile(rf"\b(?:{pattern})\b", re.I), near)


SD, BATTLES, ERV, VAC = (
    "Strategic developments",
    "Battles",
    "Explosions/Remote violence",
    "Violence against civilians",
)
# Ordered: the first kind whose trigger matches a sentence wins for that trigger's words.
KINDS: tuple[EventKind, ...] = (
    _kind(
        BATTLES,
        "Government regains territory",
        "FIGHT",
        r"recaptured|retook|retaken|regained\s+control|liberated|took\s+back|pushed\s+back\s+russian",
    ),
    _kind(
        SD,
        "Non-violent transfer of territory",
        "RETREAT",
        r"withdr[ae]wn?|withdrawing|withdrawal|pulled\s+(?:out|back)|pulling\s+out|retreat(?:ed|ing)?",
    ),
    _kind(
        BATTLES,
        "Non-state actor overtakes territory",
        "FIGHT",
        r"(?:captured|seized|took|taken|occupied|overran)\s+(?:full\s+)?(?:control\s+of\s+)?"
        r"(?:the\s+(?:town|city|village|settlement|port|region)\b|(?=(?-i:[A-Z])))|seized\s+control|took\s+control|"
        r"taken\s+control|fell\s+to",
    ),
    _kind(
        SD,
        "Disrupted weapons use",
        "MOBILIZE",
        r"(?:drones?|missiles?|rockets?|projectiles?|aircraft|helicopters?|jets?)\s+(?:\w+\s+){0,2}?"
        r"(?:were|was|had\s+been|have\s+been|has\s+been|being)\s+"
        r"(?:shot\s+down|intercepted|downed|destroyed|neutrali[sz]ed)|(?:shot|shoots|shooting)\s+down|downed|"
        r"(?:intercepted|destroyed|neutrali[sz]ed)\s+(?:\w+\s+){0,3}?(?:drones?|missiles?|rockets?|projectiles?)|"
        r"defused",
    ),
    _kind(
        ERV,
        "Air/drone strike",
        "ASSAULT",
        r"air\s*strikes?|airstrikes?|air\s+raids?|bombed|bombing|warplanes?|drones?|kamikaze|"
        r"helicopter\s+gunships?|dropped\s+(?:\w+\s+)?bombs|jets?\s+(?:struck|hit|attacked)",
    ),
    _kind(
        ERV,
        "Remote explosive/landmine/IED",
        "ASSAULT",
        r"landmines?|mines?\s+exploded|improvised\s+explosive|IEDs?|explosive\s+device|car\s+bomb",
    ),
    _kind(
        ERV,
        "Shelling/artillery/missile attack",
        "ASSAULT",
        r"shell(?:ed|ing|s)|artillery|missiles?|rockets?|mortars?|struck|strikes?|grad|bombardment|"
        r"pounded|barrage",
    ),
    _kind(
        BATTLES,
        "Armed clash",
        "FIGHT",
        r"clash(?:ed|es)?|fighting|fought|battles?|firefights?|gunfights?|skirmish(?:es)?|exchanged\s+fire|"
        r"counter-?attack(?:ed)?|counter-?offensive|repelled|repulsed|ambush(?:ed)?",
    ),
    _kind(
        SD,
        "Other",
        "MOBILIZE",
        r"besieged|encircled|encirclement|surrounded|siege|isolated|blockaded|cut\s+off",
        near=True,
    ),
    _kind(
        "Protests",
        "Protest with intervention",
        "PROTEST",
        r"(?:protest\w*|rall\w+|demonstrat\w+)[^.]{0,160}(?:dispers\w+|tear\s+gas|stun\s+grenades|"
        r"broke\s+up|broken\s+up|detained|fired\s+(?:into\s+the\s+air|warning\s+shots|on))|"
        r"(?:dispers\w+|broke\s+up|broken\s+up|tear\s+gas|stun\s+grenades)[^.]{0,80}"
        r"(?:protest\w*|rall\w+|demonstrat\w+|crowd)",
    ),
    _kind(
        "Protests",
        "Peaceful protest",
        "PROTEST",
        r"protest(?:ed|ers|ing|s)?|rall(?:y|ied|ies)|demonstrat\w+|marched",
    ),
    _kind("Riots", "Violent demonstration", "PROTEST", r"riot(?:s|ed|ing|ers)?|looting\s+mob"),
    _kind(
        VAC,
        "Abduction/forced disappearance",
        "ASSAULT",
        r"abduct(?:ed|ion)|kidnapp?(?:ed|ing)|forcibly\s+disappeared",
    ),
    _kind(SD, "Arrests", "COERCE", r"arrest(?:ed|s)?|detain(?:ed|s)?|detention"),
    _kind(VAC, "Attack", "ASSAULT", r"executed|shot\s+dead|tortured|massacre"),
    _kind(SD, "Looting/property destruction", "COERCE", r"looted|looting|set\s+fire\s+to|torched"),
)
OVERTAKES = next(k for k in KINDS if k.sub_type == "Non-state actor overtakes territory")
_FORCE_NOUNS = (
    r"(?:troops|forces|soldiers|army|military|units|artillery|aircraft|jets|warplanes|planes|helicopters|"
    r"missiles?|rockets?|drones?|shelling|strikes?|navy|tanks|ships?|warships?|submarines?|bombers?|"
    r"paratroopers|marines|servicemen|gunners|battalions?|brigades?|air\s+defen[cs]es?|vehicles|columns?|"
    r"convoys?|positions|equipment|armou?r)"
)
ACTORS = (
    (
        "Military Forces of Russia (2000-)",
        rf"russian\s+(?:[\w-]+\s+){{0,2}}?{_FORCE_NOUNS}|the\s+russians|russia(?:'s|’s)?\s+(?:army|military|forces)|"
        r"the\s+enemy|occupiers|invaders|russian-backed\s+forces",
    ),
    (
        "Military Forces of Ukraine (2019-)",
        rf"ukrainian\s+(?:[\w-]+\s+){{0,2}}?(?:{_FORCE_NOUNS}|defenders)|"
        r"ukraine(?:'s|’s)\s+(?:armed\s+forces|army|military|forces|air\s+defen[cs]es?)|the\s+ukrainians|"
        r"azov|territorial\s+defen[cs]e",
    ),
    (
        "NAF: United Armed Forces of Novorossiya",
        r"separatists?|pro-russian\s+(?:forces|fighters|rebels)|"
        r"dpr|lpr|donetsk\s+people's\s+republic|luhansk\s+people's\s+republic",
    ),
    (
        "Police Forces of Ukraine (2019-)",
        r"security\s+service\s+of\s+ukraine|sbu|ukrainian\s+police|national\s+police(?:\s+of\s+ukraine)?",
    ),
    (
        "Police Forces of Russia (2000-)",
        r"fsb|federal\s+security\s+service|rosgvardia|russian\s+(?:national\s+)?guard|russian\s+police",
    ),
    ("Protesters (Ukraine)", r"protesters|demonstrators|residents\s+(?:rallied|protested|marched)"),
    ("Civilians (Ukraine)", r"civilians?|residents|children|villagers|journalists?|mayor|activists?"),
    ("Unidentified Armed Group (Ukraine)", r"unidentified\s+(?:armed\s+)?(?:men|gunmen|group)|masked\s+men"),
)
_ACTOR_PATTERNS = tuple((name, re.compile(rf"\b(?:{p})\b", re.I)) for name, p in ACTORS)
_NEGATION = re.compile(
    r"\b(?:not|no|never|n't|nor|without|denied|deny|denies|false|has\s+not|have\s+not)\b[^.;]{0,40}$", re.I
)
_ONGOING = re.compile(
    r"\b(?:still|remains?|continues?|continuing|ongoing|besieged|encircled|under\s+siege)\b", re.I
)
_PLANNED = re.compile(
    r"\b(?:will|would|plans?\s+to|intends?\s+to|wants?\s+to|aims?\s+to|seeks?\s+to|preparing\s+to|threatens?\s+to|"
    r"in\s+an\s+attempt\s+to|could|may)\b[^.;]{0,40}$",
    re.I,
)
_DESTINATION = re.compile(r"\b(?:to|towards?|into|for)\s+(?:go\s+to\s+)?(?:the\s+)?$", re.I)
_GENERIC_AFTER = re.compile(r"^\s+(?:the\s+)?(?:city|town|village|port|settlement|plant|area)\b", re.I)
_TALLY_CUE = re.compile(
    r"\b(?:since|so\s+far|in\s+total|total(?:\s+of)?|overall|toll|to\s+date|cumulative|recorded|verified|"
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
        for sentence in _sentences(doc):
            tally = _tally(doc, sentence)
            if tally is not None:
                tallies.append(tally)
            events.extend(_events_in(doc, sentence, counted=tally is not None))
        doc.events = tuple(e for e in _merge_repeats(_merge_placeless(events)) if _worth_keeping(e))
        doc.tallies = tuple(tallies)


def _sentences(doc: Doc) -> list[Span]:
    if doc.spacy is None:
        return [Span(0, len(doc.text))]
    return [Span(s.start_char, s.end_char) for s in doc.spacy.sents if s.text.strip()]


def _events_in(doc: Doc, sentence: Span, *, counted: bool) -> list[Event]:
    """One event per clause that names one, of the most specific kind (KINDS is ordered): "air strikes
    and missiles hit Kyiv" is one attack, "recaptured after fighting" one regained town, but "a missile
    struck Kyiv, and shelling hit Kharkiv" two attacks."""
    sentence_text = sentence.text_of(doc.text)
    by_clause: dict[int, tuple[EventKind, Span]] = {}
    for kind in KINDS:
        for m in kind.trigger.finditer(sentence_text):
            trigger = Span(sentence.start + m.start(), sentence.start + m.end())
            if _is_event_mention(doc, trigger):
                by_clause.setdefault(_clause_of(doc, trigger), (kind, trigger))
    clauses = set(by_clause)
    events: list[Event] = []
    for clause, (kind, trigger) in sorted(by_clause.items(), key=lambda item: item[1][1].start):
        events.extend(_build(doc, sentence, trigger, kind, counted=counted, other_clauses=clauses - {clause}))
    return _one_per_type(events)


# Nouns that a weapon word can modify without an attack happening: "stocks of artillery ammunition".
_NON_EVENT_HEADS = frozenset(
    "stock stocks supply supplies shortage delivery deliveries shipment production ammunition system systems "
    "unit units battery range type number package aid maker makers manufacturer factory plant launcher "
    "launchers defence defense technology programme program expert experts analyst analysts".split()
)  # fmt: skip


def _is_event_mention(doc: Doc, trigger: Span) -> bool:
    tokens = doc.tokens(trigger)
    if tokens is None or len(tokens) > 1:
        return True
    word = tokens.root
    head = word.head
    if word.dep_ in ("compound", "amod", "nmod") and head.lemma_.lower() in _NON_EVENT_HEADS:
        return False
    # "stocks of artillery", "a shortage of missiles"
    return not (word.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in _NON_EVENT_HEADS)


def _one_per_type(events: list[Event]) -> list[Event]:
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
        places = _distinct([*first.places, *second.places])
        merged[twin] = replace(_with_evidence(first, second), places=tuple(places))
    return merged


def _tell_the_same(a: Event, b: Event) -> bool:
    if a.type != b.type or a.status != b.status:
        return False
    shared = {p.geonameid for p in a.places} & {p.geonameid for p in b.places}
    return bool(shared) or not a.places or not b.places


def _clause_of(doc: Doc, span: Span) -> int:
    tokens = doc.tokens(span)
    return _clause_verb(tokens.root) if tokens is not None else -1


def _build(
    doc: Doc, sentence: Span, trigger: Span, kind: EventKind, *, counted: bool, other_clauses: set[int]
) -> list[Event]:
    places = _event_places(doc, sentence, trigger, kind, other_clauses)
    status = _status(doc.text, sentence, trigger, kind)
    actor1, actor2 = _actors(doc, sentence, trigger, kind)
    if kind.sub_type == "Government regains territory" and actor1.startswith("Military Forces of Russia"):
        kind = OVERTAKES  # Russian forces "liberating" a Ukrainian town take it; ACLED codes that so
    claims = tuple(
        c.id
        for c in doc.claims
        if c.span.contains(trigger) or (c.cue and c.cue.overlaps(sentence) and c.span.overlaps(sentence))
    )
    occurred = _occurred(doc, sentence, trigger, claims)
    fatalities, injured = (None, None) if counted else _casualties(doc.quantities, sentence)
    # ACLED codes one event per location: a withdrawal from two towns is two events.
    groups: list[tuple[Place, ...]] = [(p,) for p in places] if len(places) > 1 else [tuple(places)]
    return [
        Event(
            id=record_id("event", doc.article.id, trigger.start, group[0].name if group else ""),
            type=kind.type,
            sub_type=kind.sub_type,
            plover=kind.plover,
            status=status,
            evidence=(sentence,),
            trigger=trigger,
            actor1=actor1,
            actor2=actor2,
            places=group,
            occurred=occurred,
            fatalities=fatalities,
            injured=injured,
            claims=claims,
            confidence=_confidence(group, occurred, claims, status),
        )
        for group in groups
    ]


def _event_places(
    doc: Doc, sentence: Span, trigger: Span, kind: EventKind, other_clauses: set[int]
) -> list[Place]:
    candidates = _in_trigger_clause(doc, trigger, _candidate_places(doc, sentence), other_clauses)
    generic = bool(
        _GENERIC_AFTER.match(doc.text[trigger.end : trigger.end + 30])
        or re.search(r"\bthe\s+(?:city|town|village)$", trigger.text_of(doc.text))
    )
    if kind.near_place_only:
        # "the besieged Mariupol", "Mariupol is still isolated"; "the besieged city" says which city elsewhere
        return [] if generic else _nearest(candidates, trigger, within=60)
    if not candidates and generic:
        # "have not seized the city": the town last named before, in this sentence or the one before
        earlier = [p for p in doc.places if trigger.start - 300 < p.span.end <= trigger.start]
        towns = [
            p for p in earlier if p.kind in (PlaceKind.CITY, PlaceKind.VILLAGE) and not _names_actor(doc, p)
        ]
        return towns[-1:]
    return _distinct(_without_containing_countries(candidates))


def _candidate_places(doc: Doc, sentence: Span) -> list[Place]:
    """The sentence's places that can be where something happened."""
    reporting = _reporting_clauses(doc, sentence)
    inside = [
        p
        for p in doc.places
        if sentence.contains(p.span)
        and not any(r.contains(p.span) for r in reporting)
        and not _names_actor(doc, p)
        and not _is_dateline_abroad(doc, p)
    ]
    return _not_containers(_not_locators(doc.text, _not_destinations(doc.text, inside)))


def _nearest(places: list[Place], trigger: Span, *, within: int) -> list[Place]:
    def gap(p: Place) -> int:
        return min(abs(p.span.start - trigger.end), abs(trigger.start - p.span.end))

    nearest = min(places, key=gap, default=None)
    return [nearest] if nearest is not None and gap(nearest) < within else []


def _without_containing_countries(places: list[Place]) -> list[Place]:
    """ "the town of Chernigov in northern Ukraine": Ukraine only contains the town."""
    specific = {p.country for p in places if p.kind is not PlaceKind.COUNTRY}
    return [p for p in places if p.kind is not PlaceKind.COUNTRY or p.country not in specific]


def _distinct(places: list[Place]) -> list[Place]:
    kept: list[Place] = []
    for place in places:
        if place.geonameid is None or all(k.geonameid != place.geonameid for k in kept):
            kept.append(place)
    return kept


# Nouns a place name can modify without being where something happened: "the Luhansk regional governor".
_AUTHORITY_HEADS = frozenset(
    [
        "governor",
        "administration",
        "official",
        "officials",
        "mayor",
        "ministry",
        "council",
        "authorities",
        "spokesperson",
        "spokesman",
        "spokeswoman",
        "government",
        "military",
        "army",
        "forces",
        "president",
        "prosecutor",
        "police",
        "service",
        "office",
        "company",
        "delegation",
        "embassy",
        "media",
    ]
)


_AGENT_VERBS = frozenset(
    [
        "say",
        "tell",
        "claim",
        "announce",
        "deny",
        "accuse",
        "call",
        "want",
        "intend",
        "plan",
        "seek",
        "aim",
        "threaten",
        "demand",
        "launch",
        "send",
        "deploy",
        "respond",
        "decide",
        "agree",
        "refuse",
        "try",
        "insist",
        "warn",
        "urge",
        "condemn",
        "blame",
        "order",
        "vow",
        "promise",
        "pledge",
    ]
)


def _names_actor(doc: Doc, place: Place) -> bool:
    """A place name used for the people of a place: "Russia intends", "Moscow called", "Ukraine's army",
    "the Poltava regional governor". Such a mention is not an event location; "Sumy remains surrounded"
    and "Kyiv's suburbs" are."""
    span = doc.tokens(place.span)
    if span is None:
        return False
    root = span.root
    if root.dep_ == "nsubj":  # unless a misparse put the place of a claimed content under "said"
        verb = root.head.lemma_.lower()
        inside_claim = any(c.span.contains(place.span) and c.verb == verb for c in doc.claims)
        return verb in _AGENT_VERBS and not inside_claim
    possessive = root.dep_ == "poss" or (root.i + 1 < len(root.doc) and root.doc[root.i + 1].tag_ == "POS")
    if possessive:
        return root.head.lower_ in _AUTHORITY_HEADS
    head = root.head
    while head.dep_ in ("compound", "amod") and head.head.i != head.i:
        head = head.head
    return root.dep_ in ("compound", "amod", "nmod") and head.lower_ in _AUTHORITY_HEADS


def _reporting_clauses(doc: Doc, sentence: Span) -> list[Span]:
    """The words that say who is speaking ("told a briefing in Moscow"), up to the end of their clause."""
    clauses = []
    for claim in doc.claims:
        if claim.cue is None or not sentence.contains(claim.cue) or claim.cue.start < claim.span.start:
            continue
        end = claim.cue.end
        while end < sentence.end and doc.text[end] not in '.;,“"':
            end += 1
        clauses.append(Span(claim.cue.start, end))
    return clauses


def _is_dateline_abroad(doc: Doc, place: Place) -> bool:
    """The place a report was filed from ("published in London") is not where a war event happened,
    unless the story is about that country."""
    dateline = doc.article.dateline
    if not dateline or place.name.casefold() != dateline.casefold():
        return False
    countries = Counter(p.country for p in doc.places)
    return bool(countries) and countries.most_common(1)[0][0] != place.country


def _in_trigger_clause(doc: Doc, trigger: Span, places: list[Place], other_clauses: set[int]) -> list[Place]:
    """Keep the places in the trigger's own clause ("a rocket hit Mykolaiv as a convoy arrived in
    Zaporizhzhia": Mykolaiv only). If it names none, take those of clauses without an event of their own."""
    if len(places) < 2 and not other_clauses:
        return places
    clause = _clause_of(doc, trigger)
    where = {id(p): _clause_of(doc, p.span) for p in places}
    same = [p for p in places if where[id(p)] == clause]
    return same or [p for p in places if where[id(p)] not in other_clauses]


def _clause_verb(token: Token) -> int:
    """Index of the verb heading the clause a token is in (the root's index for verbless fragments)."""
    while token.pos_ not in ("VERB", "AUX") and token.head.i != token.i:  # spaCy makes a new Token each time
        token = token.head
    return int(token.i)


def _not_locators(text: str, places: list[Place]) -> list[Place]:
    """ "Bucha, north-west of Kyiv": Kyiv only says where Bucha is."""
    kept = []
    for i, place in enumerate(places):
        previous = places[i - 1] if i else None
        if place.relation and previous is not None and place.span.start - previous.span.end < 40:
            continue
        kept.append(place)
    return kept


def _not_containers(places: list[Place]) -> list[Place]:
    """ "Kremenchuk, in the Poltava region": the region only locates the town."""
    towns = [p for p in places if p.kind not in (PlaceKind.COUNTRY, PlaceKind.REGION)]
    return [
        p for p in places if p.kind is not PlaceKind.REGION or not any(t.admin1 == p.admin1 for t in towns)
    ]


def _not_destinations(text: str, places: list[Place]) -> list[Place]:
    """Drop "to Belarus and Russia": where forces went is not where the event happened."""
    kept: list[Place] = []
    previous_was_destination = False
    for i, place in enumerate(places):
        before = text[max(0, place.span.start - 25) : place.span.start]
        joined = i > 0 and re.fullmatch(
            r"\s*(?:,|and|or|,\s*and)\s*", text[places[i - 1].span.end : place.span.start]
        )
        is_destination = bool(_DESTINATION.search(before)) or bool(joined and previous_was_destination)
        if not is_destination:
            kept.append(place)
        previous_was_destination = is_destination
    return kept


def _status(text: str, sentence: Span, trigger: Span, kind: EventKind) -> Status:
    before = text[sentence.start : trigger.start]
    if kind.near_place_only:  # "the besieged Mariupol", "Mariupol is still isolated": a state, not an act
        return Status.NOT_HAPPENED if _NEGATION.search(before[-25:]) else Status.ONGOING
    clause_before = re.split(r"[,;:]\s", before)[-1]
    if _NEGATION.search(clause_before[-60:]):
        return Status.NOT_HAPPENED
    if _PLANNED.search(clause_before[-60:]):
        return Status.PLANNED
    window = text[max(sentence.start, trigger.start - 40) : min(sentence.end, trigger.end + 20)]
    if _ONGOING.search(window):
        return Status.ONGOING
    return Status.HAPPENED


def _actors(doc: Doc, sentence: Span, trigger: Span, kind: EventKind) -> tuple[str, str]:
    text = doc.text
    before = text[sentence.start : trigger.start]
    after = text[trigger.end : sentence.end]
    by_agent = _BY_AGENT.search(after)  # passive: "Kharkiv was shelled by Russian forces"
    subject = _subject_text(doc, trigger)
    if subject.lower() in ("it", "they", "we", "he", "she"):
        subject = _speaker_of(doc, trigger)  # "the SBU said it had detained...": "it" is the speaker
    if subject:
        actor1 = _first_actor(subject, countries=True)
    elif by_agent:
        actor1 = _first_actor(after[by_agent.end() :], countries=True)
    else:
        actor1 = _last_actor(before)
    joint = _first_actor(subject, exclude=actor1, countries=True) if " and " in subject else ""
    actor2 = joint or _first_actor(after, exclude=actor1)
    if kind.type == "Protests":  # protesters act; whoever broke the protest up is the second actor
        other = actor1 if actor1 not in ("", "Protesters (Ukraine)", "Civilians (Ukraine)") else actor2
        return "Protesters (Ukraine)", other if other not in (
            "Protesters (Ukraine)",
            "Civilians (Ukraine)",
        ) else ""
    if kind.sub_type in ("Non-violent transfer of territory", "Other") and actor2.startswith("Civilians"):
        actor2 = ""
    return actor1, actor2


def _subject_text(doc: Doc, trigger: Span) -> str:
    """The grammatical subject (or possessor, or passive agent) of the trigger word, from the parse."""
    tokens = doc.tokens(trigger)
    if tokens is None:
        return ""
    word = tokens.root
    if word.dep_ == "nsubj":  # the trigger names the attacker: "Russian artillery struck ..."
        return " ".join(t.text for t in word.subtree)
    verb = word if word.pos_ in ("VERB", "AUX") else word.head if word.dep_ in ("dobj", "nsubjpass") else word
    for child in [*word.children, *verb.children]:
        if child.dep_ in ("nsubj", "poss", "agent"):
            return " ".join(t.text for t in child.subtree)
    return ""


def _speaker_of(doc: Doc, trigger: Span) -> str:
    claim = next((c for c in doc.claims if c.span.contains(trigger)), None)
    return claim.speaker.label() if claim is not None else ""


_BY_AGENT = re.compile(r"^[^,.;]{0,40}?\bby\s+", re.I)


def _last_actor(text: str) -> str:
    best, best_end = "", -1
    for name, pattern in _ACTOR_PATTERNS:
        for m in pattern.finditer(text):
            if m.end() > best_end and not name.startswith(("Civilians", "Protesters")):
                best, best_end = name, m.end()
    return best


_COUNTRY_ACTORS = (
    ("Military Forces of Russia (2000-)", re.compile(r"\b(?:russia|moscow|the\s+kremlin)\b", re.I)),
    ("Military Forces of Ukraine (2019-)", re.compile(r"\b(?:ukraine|kyiv)\b", re.I)),
)


def _first_actor(text: str, *, exclude: str = "", countries: bool = False) -> str:
    """The actor named first in `text`; with `countries`, a bare "Russia"/"Ukraine" counts (subjects only)."""
    patterns = (*_ACTOR_PATTERNS, *(_COUNTRY_ACTORS if countries else ()))
    best, best_start = "", len(text) + 1
    for name, pattern in patterns:
        if name == exclude:
            continue
        m = pattern.search(text)
        if m and m.start() < best_start:
            best, best_start = name, m.start()
    return best


def _occurred(doc: Doc, sentence: Span, trigger: Span, claims: tuple[str, ...]) -> TimeRef | None:
    inside = [
        t for t in doc.times if t.span is not None and sentence.contains(t.span) and t.relation != "until"
    ]
    if inside:
        return min(inside, key=lambda t: abs(t.span.start - trigger.start) if t.span else 0)
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


def _casualties(quantities: Sequence[Quantity], sentence: Span) -> tuple[Quantity | None, Quantity | None]:
    inside = [q for q in quantities if sentence.contains(q.span)]
    killed = next((q for q in inside if q.category == "killed"), None)
    wounded = next((q for q in inside if q.category == "wounded"), None)
    return killed, wounded


def _confidence(
    places: Sequence[Place], occurred: TimeRef | None, claims: Sequence[str], status: Status
) -> float:
    score = 0.4 + (0.2 if places else 0) + (0.2 if occurred and occurred.confidence >= 1 else 0.05)
    score += 0.1 if claims else 0
    return round(min(score, 0.95) - (0.1 if status is Status.NOT_HAPPENED else 0), 2)


def _merge_placeless(events: list[Event]) -> list[Event]:
    """An event sentence with no place of its own ("have withdrawn to go to Belarus") restates the previous
    event of the same kind ("withdrawn from those areas"): kept as more evidence, not as a new event."""
    merged: list[Event] = []
    for event in events:
        previous = next((e for e in reversed(merged) if e.sub_type == event.sub_type), None)
        if event.places or previous is None:
            merged.append(event)
            continue
        for i, e in enumerate(merged):
            if e.sub_type == event.sub_type and e.evidence[0] == previous.evidence[0]:
                merged[i] = _with_evidence(e, event)
    return merged


def _worth_keeping(event: Event) -> bool:
    """An event with no place, no date of its own and no casualties is usually background or commentary
    ("stocks of artillery ammunition"); it cannot be mapped or checked, so it is not kept."""
    dated = event.occurred is not None and event.occurred.confidence >= 1
    return bool(event.places) or dated or event.fatalities is not None or event.injured is not None


def _merge_repeats(events: list[Event]) -> list[Event]:
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


def _tally(doc: Doc, sentence: Span) -> Tally | None:
    counts = tuple(q for q in doc.quantities if sentence.contains(q.span))
    if not counts:
        return None
    times = [t for t in doc.times if t.span is not None and sentence.contains(t.span)]
    start = next((t for t in times if t.relation == "since"), None)
    end = next((t for t in times if t.relation == "until"), None)
    claim = _claim_in(doc.claims, sentence)
    organisation = _organisation(claim)
    text = sentence.text_of(doc.text)
    if not (start or end or (organisation and _TALLY_CUE.search(text))):
        return None
    area = next((p for p in doc.places if sentence.contains(p.span) and p.kind is PlaceKind.COUNTRY), None)
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
