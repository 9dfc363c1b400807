"""Place mentions: found by a gazetteer scan (not by spaCy's labels alone), resolved to coordinates.

spaCy tags "Kyiv" as a PERSON and "Mariupol" as an ORG, and feeds write "kyiv" in lower case, so every
gazetteer name in the text is a candidate; cues then keep or drop it: capitalisation, common English words,
a following reporting verb ("Washington said"), a following "region"/"oblast". Ambiguous names go to the
country the article is about. Relative phrases ("north of Kyiv", "in and around Kyiv") are kept with
ACLED's precision: 1 the town itself, 2 near it or a district, 3 a region.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from sitrep.gazetteer import Entry, Gazetteer, NameMatch, is_common_word
from sitrep.models import Place, PlaceKind, Span
from sitrep.pipeline import Doc, DocStage

_REGION_AFTER = re.compile(r"^\s*(?:and\s+\w+\s+)?(?:regions?|oblasts?|provinces?|areas?)\b", re.I)
_REGION_LIST_AFTER = re.compile(r"^\s*(?:,\s*\w+\s*)*(?:and\s+\w+\s+)?(?:regions|oblasts|provinces)\b", re.I)
_SPEECH_AFTER = re.compile(
    r"^\s*(?:said|says|told|announced|stated|has\s+said|insisted|argued|warned|called|claimed|denied|accused|"
    r"responded|replied|urged|demanded|condemned)\b",
    re.I,
)
_ARTICLE = re.compile(r"^(?:the|a|an)\s+")
_PERSON_BEFORE = re.compile(r"\b(?:mr|mrs|ms|dr|president|minister|general|gen|col|senator)\.?\s+$", re.I)
_RELATION_BEFORE = re.compile(
    r"\b(?P<rel>in\s+and\s+around|(?:on\s+the\s+)?outskirts\s+of|(?:north|south|east|west|north-?east|"
    r"north-?west|south-?east|south-?west)(?:ern)?\s+of|near|nearby|around|outside|close\s+to|"
    r"suburbs?\s+of|(?:\d+\s*(?:km|kilometres|kilometers|miles)\s+\w+\s+of))\s+(?:the\s+(?:city|town|village)\s+of\s+)?$",
    re.I,
)
_NEAR_RELATIONS = ("near", "nearby", "around", "outside", "close", "outskirts", "suburb", "of")
MIN_LOWERCASE_POPULATION = 100_000


@dataclass(frozen=True, slots=True)
class _Mention:
    match: NameMatch
    region_cue: bool


class Places(DocStage):
    name = "places"
    requires = ("article", "spacy")
    assigns = ("places",)

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer

    def process(self, doc: Doc) -> None:
        mentions = self._mentions(doc)
        focus = _country_focus(mentions)
        doc.places = tuple(self._resolve(doc.text, m, focus) for m in mentions)

    def _mentions(self, doc: Doc) -> list[_Mention]:
        text = doc.text
        person_spans = _person_spans(doc)
        found = []
        for match in self.gazetteer.scan(text):
            if not self._is_toponym(text, match, person_spans):
                continue
            after = text[match.end : match.end + 40]
            found.append(_Mention(match, bool(_REGION_AFTER.match(after) or _REGION_LIST_AFTER.match(after))))
        return found

    def _is_toponym(self, text: str, match: NameMatch, person_spans: Sequence[Span]) -> bool:
        surface = match.surface
        top = match.candidates[0]
        if top.kind is not PlaceKind.COUNTRY and any(
            Span(match.start, match.end).overlaps(s) for s in person_spans
        ):
            return False  # "Taras Horbenko" is a man, not Taraz
        if is_common_word(_ARTICLE.sub("", surface.lower())) and top.kind is not PlaceKind.COUNTRY:
            return False  # "Reading", "Most", and "The Settlement" at the start of a sentence
        if _ARTICLE.sub("", surface)[:1].islower():  # "kyiv", but also "The settlement": lower-case at heart
            return top.kind is PlaceKind.COUNTRY or top.population >= MIN_LOWERCASE_POPULATION
        if len(surface) < 3 or (surface.isupper() and len(surface) < 4 and top.kind is not PlaceKind.COUNTRY):
            return False
        if _SPEECH_AFTER.match(text[match.end : match.end + 20]) and top.kind is not PlaceKind.REGION:
            return False
        return not _PERSON_BEFORE.search(text[max(0, match.start - 15) : match.start])

    def _resolve(self, text: str, mention: _Mention, focus: str) -> Place:
        match = mention.match
        entry = self._pick(mention, focus)
        relation = _relation(text, match.start)
        precision = 3 if entry.kind in (PlaceKind.COUNTRY, PlaceKind.REGION) else 2 if relation else 1
        ambiguity = len({c.country_code for c in match.candidates})
        return Place(
            name=entry.name,
            country=entry.country,
            lat=entry.lat,
            lon=entry.lon,
            kind=entry.kind,
            precision=precision,
            span=Span(match.start, match.end),
            geonameid=entry.geonameid,
            admin1=entry.admin1,
            admin2=entry.admin2,
            relation=relation,
            confidence=round(1.0 / ambiguity**0.5, 2),
        )

    def _pick(self, mention: _Mention, focus: str) -> Entry:
        candidates = mention.match.candidates
        if mention.region_cue:
            for candidate in candidates:
                region = self.gazetteer.region(candidate.country_code, mention.match.surface)
                if region is not None and (candidate.country_code == focus or not focus):
                    return region
        return max(candidates, key=lambda c: _score(c, focus))


def _score(entry: Entry, focus: str) -> float:
    # A region shares its name with its capital; without "region"/"oblast" after it, the name means the city.
    kind_bonus = {PlaceKind.COUNTRY: 4.0, PlaceKind.REGION: -2.0}.get(entry.kind, 0.0)
    return math.log10(entry.population + 10) + kind_bonus + (3.0 if entry.country_code == focus else 0.0)


def _country_focus(mentions: Sequence[_Mention]) -> str:
    """The country most of the article's confident mentions are in (its top candidates, weighted)."""
    votes: Counter[str] = Counter()
    for mention in mentions:
        top = mention.match.candidates[0]
        weight = 2 if top.kind is PlaceKind.COUNTRY else 1
        votes[top.country_code] += weight
    return votes.most_common(1)[0][0] if votes else ""


def _relation(text: str, start: int) -> str:
    match = _RELATION_BEFORE.search(text[max(0, start - 45) : start])
    if not match:
        return ""
    return re.sub(r"\s+", " ", match["rel"].lower())


def _person_spans(doc: Doc) -> list[Span]:
    if doc.spacy is None:
        return []
    spans = []
    for ent in doc.spacy.ents:
        # A two-word PERSON ("Oleksiy Arestovych") is a person; a one-word one is often a misread town.
        if ent.label_ == "PERSON" and len(ent) > 1:
            spans.append(Span(ent.start_char, ent.end_char))
    return spans
