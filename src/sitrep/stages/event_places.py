"""Where it happened: of the places a sentence names, those that locate the event.

Not the dateline abroad, not a destination ("withdrew to Belarus") or an origin ("forces from Katerynivka
fired at"), not a locator ("Bucha, north-west of Kyiv") or a container ("Kremenchuk, in the Poltava
region"), not a place that names an actor ("Russia intends", "the Luhansk regional governor"), a thing
("the 'Saratov' ship"), a treaty or a building elsewhere ("the Geneva Convention", "Gagarin Stadium in
Chernihiv"), or sits in a reporting clause ("told a briefing in Moscow"), and with several clauses, the
places of the trigger's own clause.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING

from sitrep.geo import distance_km
from sitrep.models import Place, PlaceKind, Span
from sitrep.pipeline import Doc
from sitrep.stages.event_kinds import EventKind
from sitrep.stages.places import is_nationality

if TYPE_CHECKING:
    from spacy.tokens import Token

_DESTINATION = re.compile(
    r"\b(?:to|towards?|into|for)\s+(?:go\s+to\s+)?(?:the\s+)?(?:territory\s+of\s+(?:the\s+)?)?$", re.I
)


_ORIGIN = re.compile(r"\bfrom\s+(?:the\s+)?$", re.I)
# "withdrew from Lysychansk", "pulled its troops out from Donbas": the place left is the one given up.
_LEFT_BEFORE = re.compile(
    r"\b(?:withdr[ae]w\w*|withdrawn|retreat\w*|pull\w*\s+(?:back|out)|expell\w*|ousted|driven\s+out|"
    r"liberat\w*|fled|left)\b[^.;]{0,60}\bfrom\s+(?:the\s+)?$",
    re.I,
)
_GENERIC_AFTER = re.compile(r"^\s+(?:the\s+)?(?:city|town|village|port|settlement|plant|area)\b", re.I)


def clause_of(doc: Doc, span: Span) -> int:
    tokens = doc.tokens(span)
    return _clause_verb(tokens.root) if tokens is not None else -1


def event_places(
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
    return distinct_places(_without_containing_countries(candidates))


def _candidate_places(doc: Doc, sentence: Span) -> list[Place]:
    """The sentence's places that can be where something happened."""
    reporting = _reporting_clauses(doc, sentence)
    inside = [
        p
        for p in doc.places
        if sentence.contains(p.span)
        and not any(r.contains(p.span) for r in reporting)
        and not _names_actor(doc, p)
        and not is_nationality(doc.text, p)
        and not _is_dateline_abroad(doc, p)
        and not _in_wire_lead(doc.text, p.span)
        and not _is_quoted(doc.text, p.span)
    ]
    places = _not_destinations(doc.text, _not_parts_or_routes(doc.text, _not_eponyms(doc.text, inside)))
    return _not_origins(doc.text, _not_containers(_not_locators(doc.text, places)))


# "the 'Saratov' ship", "'Hurricane' launchers", "the 'Papa Carlo' factory": a quoted name is a thing's.
_OPENING_QUOTE = re.compile(r"(?:^|[\s/(])['‘\"“]$")
_CLOSING_QUOTE = re.compile(r"^[\w\s.-]{0,25}?['’\"”](?!\w)")
# "the Geneva Convention", "the Moscow Patriarchate", "the Minsk agreements": a place's name in the name of a
# treaty or an institution.
_INSTITUTION_AFTER = re.compile(
    r"^\s+(?:conventions?|patriarchate|agreements?|accords?|memorandum|pact|protocol|format)\b", re.I
)
# "Gagarin Stadium in Chernihiv", "the Kherson hydroelectric station near Nova Kakhovka": a building named
# after one place and said to be at another ("the Bilohorivka school" alone is in Bilohorivka).
_BUILDING_ELSEWHERE_AFTER = re.compile(
    r"^\s+(?:[A-Za-z-]+\s+){0,2}(?:hospital|stadium|ecopark|park|cathedral|monastery|theatre|theater|school|"
    r"university|station|plant|airport|airfield)\s+(?:in|near|at|outside)\s+(?:the\s+\w+\s+of\s+)?[A-Z]",
    re.I,
)


def _is_quoted(text: str, span: Span) -> bool:
    before = text[max(0, span.start - 2) : span.start]
    return bool(_OPENING_QUOTE.search(before) and _CLOSING_QUOTE.match(text[span.end : span.end + 30]))


def _is_eponym(after: str, following: Place | None) -> bool:
    """Whether the words `after` a place make it a treaty's or institution's, or a building's said to be
    in the `following` town ("the Bilohorivka school in Luhansk region" is still in Bilohorivka)."""
    if _INSTITUTION_AFTER.match(after):
        return True
    town = following is not None and following.kind in (PlaceKind.CITY, PlaceKind.VILLAGE, PlaceKind.DISTRICT)
    return town and bool(_BUILDING_ELSEWHERE_AFTER.match(after))


def _not_eponyms(text: str, places: list[Place]) -> list[Place]:
    """Without the places that only name a building, a treaty or an institution, if a town or region
    remains ("the Mariupol Drama Theater" is in Mariupol, whatever country the sentence names)."""
    kept = [
        p
        for i, p in enumerate(places)
        if not _is_eponym(text[p.span.end : p.span.end + 80], places[i + 1] if i + 1 < len(places) else None)
    ]
    return kept if any(p.kind is not PlaceKind.COUNTRY for p in kept) else places


def _nearest(places: list[Place], trigger: Span, *, within: int) -> list[Place]:
    def gap(p: Place) -> int:
        return min(abs(p.span.start - trigger.end), abs(trigger.start - p.span.end))

    nearest = min(places, key=gap, default=None)
    return [nearest] if nearest is not None and gap(nearest) < within else []


def _without_containing_countries(places: list[Place]) -> list[Place]:
    """ "the town of Chernigov in northern Ukraine": Ukraine only contains the town."""
    specific = {p.country for p in places if p.kind is not PlaceKind.COUNTRY}
    return [p for p in places if p.kind is not PlaceKind.COUNTRY or p.country not in specific]


def distinct_places(places: list[Place]) -> list[Place]:
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
        "militia",
        "republic",
        "battalion",
        "brigade",
        "regiment",
    ]
)
_STATE_FORCES = frozenset(
    [
        "forces",
        "military",
        "army",
        "troops",
        "government",
        "militia",
        "navy",
        "ministry",
        "citizens",
        "nationals",
    ]
)
# "the Luhansk People's Militia", "the Donetsk People's Republic": a place name inside an actor's name.
_ORGANISATION_AFTER = re.compile(r"^\s*(?:People['’]s|Peoples)\s+(?:Militia|Republic|Army)\b", re.I)


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
    if _ORGANISATION_AFTER.match(doc.text[place.span.end : place.span.end + 30]):
        return True
    span = doc.tokens(place.span)
    if span is None:
        return False
    root = span.root
    if root.dep_ == "nsubj":  # unless a misparse put the place of a claimed content under "said"
        verb = root.head.lemma_.lower()
        inside_claim = any(c.span.contains(place.span) and c.verb == verb for c in doc.claims)
        return (verb in _AGENT_VERBS or _attacks_something(root.head)) and not inside_claim
    possessive = root.dep_ == "poss" or (root.i + 1 < len(root.doc) and root.doc[root.i + 1].tag_ == "POS")
    if possessive:
        return root.head.lower_ in _AUTHORITY_HEADS
    if (
        root.dep_ == "pobj" and root.head.lower_ == "of"
    ):  # "the military forces of Russia", not "the mayor of"
        return root.head.head.lower_ in _STATE_FORCES
    head = root.head
    while head.dep_ in ("compound", "amod") and head.head.i != head.i:
        head = head.head
    return root.dep_ in ("compound", "amod", "nmod") and head.lower_ in _AUTHORITY_HEADS


# "Moscow fired rockets at two towns", "Kyiv struck a bridge": a place that attacks something is its state.
_ATTACK_VERBS = frozenset(["fire", "strike", "shell", "bomb", "attack", "target", "pound", "hit", "launch"])


def _attacks_something(verb: Token) -> bool:
    """An attack verb in the active voice with an object: "fired rockets", not "was hit" or "hit by"."""
    if verb.lemma_.lower() not in _ATTACK_VERBS:
        return False
    children = [c.dep_ for c in verb.children]
    return "dobj" in children and "agent" not in children and "auxpass" not in children


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


# The lead a wire story opens with, where it was filed: "KYIV (Wire) -", "KHARKIV, Ukraine, March 3 (AP) --",
# "Kyiv, April 6 (Agency) -". The place is the dateline, never itself where something happened.
_WIRE_LEAD = re.compile(
    r"\s*(?:[A-Z][A-Z.'’ -]{1,40}|[A-Z][A-Za-z.'’ -]{1,40}(?=[^(]{0,60}\())"
    r"(?:,\s+[A-Z][A-Za-z.'’ -]{1,30}?)?(?:,\s+[A-Z][a-z]{2,8}\.?\s+[0-3]?\d(?:,?\s+(?:19|20)\d\d)?)?"
    r"\s*(?:\([^()]{1,40}\)\s*)?(?:--|-|_|—|–)\s"
)


def _in_wire_lead(text: str, span: Span) -> bool:
    found = _WIRE_LEAD.match(text)
    return found is not None and span.end <= found.end()


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
    clause = clause_of(doc, trigger)
    where = {id(p): clause_of(doc, p.span) for p in places}
    same = [p for p in places if where[id(p)] == clause]
    return same or [p for p in places if where[id(p)] not in other_clauses]


def _clause_verb(token: Token) -> int:
    """Index of the verb heading the clause a token is in (the root's index for verbless fragments)."""
    while token.pos_ not in ("VERB", "AUX") and token.head.i != token.i:  # spaCy makes a new Token each time
        token = token.head
    return int(token.i)


def _not_locators(text: str, places: list[Place]) -> list[Place]:
    """ "Bucha, north-west of Kyiv": Kyiv only says where Bucha is ("in Kharkiv region near Nova Vodolaha"
    says where in the region it was)."""
    kept = []
    for i, place in enumerate(places):
        previous = places[i - 1] if i else None
        if (
            place.relation
            and previous is not None
            and previous.kind not in (PlaceKind.REGION, PlaceKind.COUNTRY)
            and place.span.start - previous.span.end < 40
        ):
            continue
        kept.append(place)
    return kept


# "the Kirov and Levoberezhny neighbourhoods of Mariupol": a part of the city named after it.
_PART_OF_AFTER = re.compile(
    r"^\s*(?:and\s+\w+\s+)?(?:neighbou?rhoods?|districts?|microdistricts?|quarters?)\s+of\b", re.I
)
# "the Izium-Kharkiv highway", "a Shepetivka-Kyiv train": the ends of a route, not where it happened.
CITY_PART_KM = 15.0
_ROUTE_JOIN = re.compile(r"^\s*[-–]\s*$")


def _is_route(text: str, first: Place, second: Place) -> bool:
    """Two places joined by a dash, far enough apart to be the ends of a route ("Donetsk - Kirovskyi", a
    city and its district, is where it happened)."""
    joined = bool(_ROUTE_JOIN.match(text[first.span.end : second.span.start]))
    return joined and distance_km(first.lat, first.lon, second.lat, second.lon) > CITY_PART_KM


def _not_parts_or_routes(text: str, places: list[Place]) -> list[Place]:
    kept = []
    for i, place in enumerate(places):
        after = text[place.span.end : place.span.end + 40]
        joined_before = i > 0 and _is_route(text, places[i - 1], place)
        joined_after = i + 1 < len(places) and _is_route(text, place, places[i + 1])
        part_of = _PART_OF_AFTER.match(after) and not _raion_of_region(place, places[i + 1 :])
        if not (part_of or joined_before or joined_after):
            kept.append(place)
    return kept


def _raion_of_region(place: Place, following: list[Place]) -> bool:
    """ "Izium district of Kharkiv region": a district of a region is a raion, named after its town, and
    that town is where it happened (a district of a city, "the Kirov district of Mariupol", is not)."""
    return place.relation == "district" and bool(following) and following[0].kind is PlaceKind.REGION


def _not_containers(places: list[Place]) -> list[Place]:
    """ "Kremenchuk, in the Poltava region": the region only locates the town."""
    towns = [p for p in places if p.kind not in (PlaceKind.COUNTRY, PlaceKind.REGION)]
    return [
        p for p in places if p.kind is not PlaceKind.REGION or not any(t.admin1 == p.admin1 for t in towns)
    ]


def _not_destinations(text: str, places: list[Place], *, cue: re.Pattern[str] = _DESTINATION) -> list[Place]:
    """Drop "to Belarus and Russia": where forces went is not where the event happened."""
    kept: list[Place] = []
    previous_was_destination = False
    for i, place in enumerate(places):
        before = text[max(0, place.span.start - 25) : place.span.start]
        joined = i > 0 and re.fullmatch(
            r"\s*(?:,|and|or|,\s*and)\s*", text[places[i - 1].span.end : place.span.start]
        )
        is_destination = bool(cue.search(before)) or bool(joined and previous_was_destination)
        if not is_destination:
            kept.append(place)
        previous_was_destination = is_destination
    return kept


def _not_origins(text: str, places: list[Place]) -> list[Place]:
    """ "Forces from Katerynivka fired at Pervomaisk", "moving from Pryazovske to the airport in
    Berdiansk": where they came from is not where it happened, if a town or region is left; but the
    place a force withdrew from is the one it gave up (`_LEFT_BEFORE`)."""
    not_origins = _not_destinations(text, places, cue=_ORIGIN)
    left = [p for p in places if _LEFT_BEFORE.search(text[max(0, p.span.start - 90) : p.span.start])]
    kept = [p for p in places if p in left or p in not_origins]
    return kept if any(p.kind is not PlaceKind.COUNTRY for p in kept) else places
