"""Whether a name the gazetteer scan found is used as a place in this text: the cues the places stage
keeps or drops it by.

Its form (capitalised, not a common English word unless capitalised together as a name: "West Bank"),
the words around it (a following reporting verb: "Washington said"; a title before it: "coach Ripley"; a
saint's "St."; "members of Svoboda"), spaCy's persons and organisations ("Toyota" abroad is the company),
and for weak names (small places abroad, old alternate names) a sign that the text uses them as places:
a preposition of place, spaCy's GPE/LOC/FAC, "X, Region", local-news forms such as "a Crafton man".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from sitrep.gazetteer import NameMatch, is_common_word
from sitrep.gazetteer.translit import name_key as fold_key
from sitrep.models import PlaceKind, Span
from sitrep.pipeline import Doc
from sitrep.stages.place_scoring import is_own_name

ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.I)
_SPACED_DASH = re.compile(r"\s[-–]\s")
_LISTED = re.compile(r"^\s*(?:,|and|or|,\s*and|,\s*or)\s*$")
_TIME_ZONE_AFTER = re.compile(r"^\s+time\b")
_SPEECH_AFTER = re.compile(
    r"^\s*(?:said|says|told|announced|stated|has\s+said|insisted|argued|warned|called|claimed|denied|accused|"
    r"responded|replied|urged|demanded|condemned)\b",
    re.I,
)
_SAINT_BEFORE = re.compile(r"\b(?:St\.?|Saint|Ste\.?)\s+$")
# Titles before a surname: "coach Ripley", "Judge Manning", "Lt. Brent".
_PERSON_BEFORE = re.compile(
    r"\b(?:mr|mrs|ms|dr|president|minister|general|gen|col|senator|sen|rep|gov|governor|coach|judge|"
    r"officer|sgt|sergeant|lt|lieutenant|capt|captain|det|detective|deputy|trooper|pastor|rev|"
    r"prof|professor|principal|superintendent|commissioner|councilman|councilwoman)\.?\s+$",
    re.I,
)
MIN_LOWERCASE_POPULATION = 100_000
ACTOR_LABELS = frozenset({"PERSON", "ORG"})
MIN_ACTOR_NAMESAKE_POPULATION = 1_000_000
WAR_REGION = frozenset({"UA", "RU", "BY", "MD"})
# A city this large is still known by its old names ("Kiev", "Bombay"); a smaller town rarely is.
MIN_ALTERNATE_ONLY_POPULATION = 100_000
TOWNS = (PlaceKind.CITY, PlaceKind.VILLAGE)
# Local-news conventions that name a place: "a Crafton man", "Grand Ledge Police Chief", "Baker and
# Cherokee counties", "Sen. Tom Bakk, DFL-Cook", and the dateline "MOUNT GILEAD (AP) --".
_PLACE_NOUN_AFTER = re.compile(
    r"^\s+(?:man|woman|men|women|boy|girl|teen|couple|family|residents?|natives?|police|mayor|city|town|"
    r"village|township|borough|schools?|board|council|fire|area|county|municipal|downtown)\b",
    re.I,
)
# Words after a name inside what spaCy calls a person that make the name a place's: "Anderson County
# Sheriff Greg Taylor", "Huntsville Fire Chief Tom Grisham", "Alexandria Police Spokeswoman".
_OFFICE_AFTER = re.compile(
    r"^\s+(?:sheriff|police|fire|mayor|mayoral|city|county|parish|borough|township|council|commissioners?|"
    r"school|high|district|superintendent|commonwealth|state|chief|officials?|judge|prosecutor|"
    r"attorney|spokes(?:man|woman|person))\b",
    re.I,
)
COUNTIES_AFTER = re.compile(
    r"^(?:\s*(?:,|and|,\s*and)\s+[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’-]*)?)*\s+(?:counties|parishes)\b"
)
_PARTY_DISTRICT_BEFORE = re.compile(r"\b(?:R|D|I|DFL)-$")
_DATELINE_AFTER = re.compile(r"^\s*(?:,\s*[A-Z][\w.]*\s*)?(?:\((?:AP|Reuters|AFP)\)\s*)?(?:--|—|–)")
_PLACE_PREPOSITION_BEFORE = re.compile(
    r"\b(?:in|near|at|outside|from|to|into|towards?|around|of)\s+(?:the\s+)?$", re.I
)
# "members of Svoboda", "leaders of Hope": after a group's people, a small place's name is the group's.
_GROUP_OF_BEFORE = re.compile(
    r"\b(?:members?|leaders?|leadership|supporters?|representatives?|activists?|followers|militants|"
    r"fighters|deputies|founders?)\s+of\s+(?:the\s+)?$",
    re.I,
)


def is_toponym(text: str, match: NameMatch, people: People) -> bool:
    """Whether a scanned name is used as a place here, by its form and the words around it: not a
    person (a title or a full name), an English word, a speaker ("Washington said"), a saint or a
    group ("members of Svoboda"); a lower-case name only for a large place."""
    surface = match.surface
    top = match.candidates[0]
    if _is_state_abbreviation(text, match):
        return True  # "Bethel, Vt.", "D-S.C.", "Missing Ill. man"
    if top.kind is not PlaceKind.COUNTRY and people.names(match, after=text[match.end : match.end + 20]):
        return False  # "Taras Horbenko" is a man, not Taraz; "Obama signs" is the president
    if (
        is_common_word(ARTICLE.sub("", surface.lower()))
        and (top.kind is not PlaceKind.COUNTRY or surface.islower())
        and not _is_proper_compound(surface)
    ):
        return False  # "Reading", "Most", and "The Settlement" at the start of a sentence
    if ARTICLE.sub("", surface)[:1].islower():  # "kyiv", but also "The settlement": lower-case at heart
        if len(surface) < 4 or "." in surface:
            return False  # "30mm cal.": abbreviations ("Cal.", "Ga.") are written with a capital
        # and by its own name ("kyiv"), not by an alternate that is an English word ("dining": Jining)
        large = top.kind is PlaceKind.COUNTRY or top.population >= MIN_LOWERCASE_POPULATION
        return large and (top.country_code in WAR_REGION or is_own_name(top, fold_key(match.surface)))
    bare = ARTICLE.sub("", surface)
    if top.kind is not PlaceKind.COUNTRY and (len(bare) < 3 or (surface.isupper() and len(surface) < 4)):
        return False  # "a Mi-24" is a helicopter
    if _SPEECH_AFTER.match(text[match.end : match.end + 20]) and top.kind is not PlaceKind.REGION:
        return False
    if _TIME_ZONE_AFTER.match(text[match.end : match.end + 8]):
        return False  # "from 2pm Moscow time": a clock, not a place
    if _SAINT_BEFORE.search(text[max(0, match.start - 8) : match.start]):
        return False  # "St. Patrick's Day", "St. Mary's": a saint, where no place bears the whole
    if _is_group_name(text, match):
        return False  # "members of Svoboda": a party, though villages bear its name
    return not _PERSON_BEFORE.search(text[max(0, match.start - 15) : match.start])


def _is_group_name(text: str, match: NameMatch) -> bool:
    """ "members of Svoboda", "supporters of Hope": a town's name after a group's people names the group
    (but "members of Bucha's council" are the town's)."""
    small = all(c.kind in TOWNS and c.population < MIN_ALTERNATE_ONLY_POPULATION for c in match.candidates)
    possessive = text[match.end : match.end + 2] in ("'s", "’s")
    return (
        small
        and not possessive
        and bool(_GROUP_OF_BEFORE.search(text[max(0, match.start - 30) : match.start]))
    )


def with_evidence(
    text: str, matches: Sequence[NameMatch], contained: set[int], located: Sequence[Span]
) -> list[NameMatch]:
    """The matches used as places: with evidence, inside a named region, or listed after a kept place
    ("in Paris and Puryear")."""
    kept: list[NameMatch] = []
    for i, match in enumerate(matches):
        listed = bool(kept) and kept[-1] is matches[i - 1] and _LISTED.match(text[kept[-1].end : match.start])
        if listed or i in contained or _has_evidence(text, match, located):
            kept.append(match)
    return kept


def _has_evidence(text: str, match: NameMatch, located: Sequence[Span]) -> bool:
    """Whether a weak name is used as a place here (see `_has_village_evidence`).

    Weak: it can only be a small place outside the war's region, or it is no place's own name, only an
    old alternate of towns ("Svoboda", Soviet-era name of several villages, is a party). An alternate
    that one town of the war's region alone bears is its usual spelling there ("Sievierodonetsk").
    """
    key = fold_key(match.surface)
    candidates = match.candidates
    by_alternate = all(c.kind in TOWNS and not is_own_name(c, key) for c in candidates)
    spelling = len(candidates) == 1 and candidates[0].country_code in WAR_REGION
    if (
        by_alternate
        and not spelling
        and all(c.population < MIN_ALTERNATE_ONLY_POPULATION for c in candidates)
    ):
        return _has_village_evidence(text, match, located, everywhere=True)
    return _has_village_evidence(text, match, located)


def _has_village_evidence(
    text: str, match: NameMatch, located: Sequence[Span], *, everywhere: bool = False
) -> bool:
    """Whether a name that can only be a small place abroad is used as one here.

    Small places outside the war's region are mostly surnames and words ("Scott", "Morgan", "Reserve"),
    so they are kept only when something says they are places: a preposition of place before them,
    spaCy's GPE/LOC/FAC label, or their region after a comma (checked by the caller). In the war's region
    small places are the news and are kept as found.
    """
    if not everywhere and not all(
        c.kind is PlaceKind.VILLAGE and c.country_code not in WAR_REGION for c in match.candidates
    ):
        return True
    span = Span(match.start, match.end)
    if any(span.overlaps(s) for s in located):
        return True
    before, after = text[max(0, match.start - 12) : match.start], text[match.end : match.end + 60]
    return bool(
        _PLACE_PREPOSITION_BEFORE.search(before)
        or _PARTY_DISTRICT_BEFORE.search(before)
        or _PLACE_NOUN_AFTER.match(after)
        or COUNTIES_AFTER.match(after)
        or (match.surface.isupper() and _DATELINE_AFTER.match(after))
    )


def actor_spans(doc: Doc) -> frozenset[tuple[int, int]]:
    """Spans spaCy calls a person or an organisation."""
    if doc.spacy is None:
        return frozenset()
    return frozenset((e.start_char, e.end_char) for e in doc.spacy.ents if e.label_ in ACTOR_LABELS)


def names_foreign_actor(match: NameMatch, focus: str, actors: frozenset[tuple[int, int]]) -> bool:
    """ "Obama", "Hamas", "Toyota": a name spaCy calls a person or an organisation, that is no place of
    the article's country and no country, region or large city, is the person or organisation. (In the
    article's country spaCy's label is often wrong: it calls "Gainesville" and "Kyiv" persons.)"""
    if (match.start, match.end) not in actors:
        return False
    return all(
        c.country_code != focus
        and c.country_code not in WAR_REGION
        and c.kind in TOWNS
        and c.population < MIN_ACTOR_NAMESAKE_POPULATION
        for c in match.candidates
    )


def located_spans(doc: Doc) -> list[Span]:
    if doc.spacy is None:
        return []
    return [Span(e.start_char, e.end_char) for e in doc.spacy.ents if e.label_ in ("GPE", "LOC", "FAC")]


def _is_proper_compound(surface: str) -> bool:
    """ "West Bank", "Hall County", "Dodge City": words each common, together capitalised as a name."""
    words = ARTICLE.sub("", surface).split()
    return len(words) > 1 and all(w[:1].isupper() and not w.isupper() for w in words)


def _is_state_abbreviation(text: str, match: NameMatch) -> bool:
    """An AP-style region abbreviation ("Vt.", "S.C.", "Ill."): capitalised and followed by its full stop."""
    top = match.candidates[0]
    short = len(match.surface.replace(".", "")) <= 4
    return (
        top.kind is PlaceKind.REGION
        and short
        and match.surface[:1].isupper()
        and text[match.end : match.end + 1] == "."
    )


@dataclass(frozen=True, slots=True)
class People:
    """The persons spaCy found: their names of two words or more, and the last words of those."""

    full_names: tuple[Span, ...]
    surnames: frozenset[str]

    @classmethod
    def of(cls, doc: Doc) -> People:
        if doc.spacy is None:
            return cls((), frozenset())
        # "Donetsk - Kirovskyi" (a city and its district, as ACLED writes them) is no one's name: a
        # person's double name is joined without spaces ("Jean-Pierre").
        full = [
            e
            for e in doc.spacy.ents
            if e.label_ == "PERSON" and len(e) > 1 and not _SPACED_DASH.search(e.text)
        ]
        return cls(tuple(Span(e.start_char, e.end_char) for e in full), frozenset(e[-1].text for e in full))

    def names(self, match: NameMatch, *, after: str = "") -> bool:
        """Whether the match is (part of) a person's name rather than a place.

        A two-word PERSON ("Oleksiy Arestovych") is a person, unless the match is the whole of it and
        itself of several words: spaCy takes "Velyka Dymerka" and "Kryvyi Rih" for people. "Obama" after
        "Barack Obama" is him. A one-word PERSON is often a misread town ("Kyiv", "Gainesville"), so it
        is left to the other cues. A name followed by an office ("Anderson County Sheriff Greg Taylor")
        is a place's, whatever spaCy took the whole for.
        """
        if _OFFICE_AFTER.match(after) or match.candidates[0].kind is PlaceKind.DISTRICT:
            return False
        span = Span(match.start, match.end)
        whole_name = " " in match.surface.strip()
        if any(span.overlaps(s) and not (whole_name and span.contains(s)) for s in self.full_names):
            return True
        return match.surface in self.surnames
