"""Place mentions: found by a gazetteer scan (not by spaCy's labels alone), resolved to coordinates.

spaCy tags "Kyiv" as a PERSON and "Mariupol" as an ORG, and feeds write "kyiv" in lower case, so every
gazetteer name in the text is a candidate; cues then keep or drop it (`place_evidence`): capitalisation,
common English words, a following reporting verb ("Washington said"), persons' names and titles, a
saint's name, a group's members ("members of Svoboda"), a name spaCy calls a person or organisation that
is no place of the article's country ("Toyota"), and for weak names (small places abroad, old alternate
names) a sign that the text uses them as places. A following "region"/"oblast" makes a name the region's.
Names the index lacks are looked up among the small places abroad when spaCy calls them places, and by a
close spelling among a named region's places ("Verhnya Syrovatka, Sumy") or, in a monitoring report, the
places of the area it covers ("near Verkhnyotoretske"). "Douglas and Sarpy counties" are counties, and so
is "DeKalb" where the article names DeKalb County; "Beryslavskyi rayon" is Beryslav. Which candidate a
name means is scored in `place_scoring`. Relative phrases ("north of Kyiv", "in and around Kyiv", "Izium
district") are kept with ACLED's precision: 1 the town itself, 2 near it or a district, 3 a region.
Nationality words ("Russian") and regions' demonyms ("Ohioans") are reported as country and region
mentions after the place names (`is_nationality`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from sitrep.gazetteer import Entry, Gazetteer, NameMatch, demonym_country, is_common_word
from sitrep.gazetteer.translit import name_key as fold_key
from sitrep.geo import distance_km
from sitrep.models import Place, PlaceKind, Span
from sitrep.pipeline import Doc, DocStage
from sitrep.stages.place_evidence import (
    ARTICLE,
    COUNTIES_AFTER,
    TOWNS,
    People,
    actor_spans,
    is_toponym,
    located_spans,
    names_foreign_actor,
    with_evidence,
)
from sitrep.stages.place_scoring import (
    MAX_ANCHOR_CANDIDATES,
    Anchor,
    Context,
    article_context,
    best_candidate,
    country_focus,
    is_own_name,
)

_REGION_AFTER = re.compile(r"^\s*(?:and\s+\w+\s+)?(?:regions?|oblasts?|provinces?|areas?)\b", re.I)
_REGION_LIST_AFTER = re.compile(r"^\s*(?:,\s*\w+\s*)*(?:and\s+\w+\s+)?(?:regions|oblasts|provinces)\b", re.I)
_RELATION_BEFORE = re.compile(
    r"\b(?P<rel>in\s+and\s+around|(?:on\s+the\s+)?outskirts\s+of|(?:north|south|east|west|north-?east|"
    r"north-?west|south-?east|south-?west)(?:ern)?\s+of|near|nearby|around|outside|close\s+to|"
    r"suburbs?\s+of|(?:\d+\s*(?:km|kilometres|kilometers|miles)\s+\w+\s+of))\s+(?:the\s+(?:city|town|village)\s+of\s+)?$",
    re.I,
)
_DISTRICT_AFTER = re.compile(r"^\s+(?:district|raion|rayon)\b", re.I)
# A raion's adjective from its town: "Beryslavskyi" Beryslav, "Korostenska" Korosten, "Kakhovskyi" Kakhovka.
_RAION_ADJECTIVE = re.compile(
    r"\b([A-Z][\w'’-]+?)(?:ts|s)(?:kyi|kyy|kiy|ky|ka|ke|koho)\s+(?:district|raion|rayon)\b"
)
_NEAR_RELATIONS = ("near", "nearby", "around", "outside", "close", "outskirts", "suburb", "of")
_LIST_COMMA = re.compile(r"^\s*(?:(?:district|raion|rayon)\s*)?,\s*$", re.I)  # "Konotop district, Sumy"
# "Novomoskovsk, a town in eastern Ukraine", "Bakhmut, the city in Donetsk region": an apposition that says
# what holds the place before it.
_APPOSITION_IN = re.compile(
    r"^\s*,\s+(?:a|an|the)\s+(?:[a-z-]+\s+){0,2}(?:town|city|village|settlement|port|suburb|district)\s+"
    r"(?:in|of)\s+(?:the\s+)?(?:(?:north|south|east|west|central|northern|southern|eastern|western|"
    r"north-?eastern|north-?western|south-?eastern|south-?western)\s+)?$"
)
# "Riznia, Zhytomyr": after an unknown capitalised word and a comma, a region's name is its container.
_UNKNOWN_NAME_COMMA = re.compile(r"\b[A-Z][\w'’-]*[a-z][\w'’-]*,\s*$")
# One to three capitalised words and a comma, at the end of the text before a region's name.
_NAMES_COMMA = re.compile(r"\b((?:[A-Z][\w'’-]*\s+){0,2}[A-Z][\w'’-]*[a-z][\w'’-]*),\s*$")
BORDER_KM = 100.0
CLOSE_NAME_SCORE = 85  # rapidfuzz ratio of the folded names, 0-100
CUED_AREA_NAME_SCORE = 88  # for a name after "near" in a monitoring report, among the cued regions' places
# "near Verkhnyotoretske", "in Verhknya Krynka": one or two capitalised words after a preposition of place.
_NAME_AFTER_PREPOSITION = re.compile(
    r"\b(?:near|in|at|outside)\s+([A-Z][\w'’-]*[a-z](?:\s+[A-Z][\w'’-]*[a-z])?)\b"
)
FUZZY_SPAN_SCORE = 90  # for a name given from outside that no place bears ("Cherry County" is not Curry)
_CAPITALISED = re.compile(r"\b[A-Z][a-z]{3,}\b")
_REGION_DEMONYM = re.compile(r"\b[A-Z][a-z]{2,}ans?\b")
_NATIONALITY = re.compile(r"\b(?:(?:North|South|Sri|New)\s+)?[A-Z][a-z]{2,}\b")
# Phrases that place a report in an area it may not name. The OSCE Special Monitoring Mission (2014 to
# March 2022) reported ceasefire violations along the contact line between government- and separatist-held
# Donetsk and Luhansk oblasts: "near Vodiane" in such a report is the Vodiane there, not another one.
AREA_CUES: tuple[tuple[re.Pattern[str], str, tuple[str, ...]], ...] = (
    (
        re.compile(r"\bOSCE\b|\bSpecial Monitoring Mission\b|\bline of contact\b|\bcontact line\b", re.I),
        "UA",
        ("Donetsk", "Luhansk"),
    ),
)


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
        """The place names in text order, then the nationality words ("Russian forces": Russia).

        Nationality words come last so that a reader wanting "the first place named" gets a place name;
        `is_nationality` tells them apart, and event places never use them.
        """
        mentions = self._mentions(doc)
        context = self._context(doc, mentions)
        names = tuple(self._resolve(doc.text, m, context) for m in mentions)
        taken = [p.span for p in names]
        doc.places = names + self._nationalities(doc.text, taken) + self._region_demonyms(doc, taken)

    def _nationalities(self, text: str, taken: Sequence[Span]) -> tuple[Place, ...]:
        places = []
        for found in _NATIONALITY.finditer(text):
            span, code = Span(found.start(), found.end()), demonym_country(found.group())
            if not code and " " in found.group():  # "Eastern Ukrainian": the last word alone
                span = Span(found.end() - len(found.group().split()[-1]), found.end())
                code = demonym_country(span.text_of(text))
            country = self.gazetteer.country(code) if code else None
            if country is not None and not any(span.overlaps(t) for t in taken):
                places.append(_place(country, span, precision=3, relation="", confidence=0.5))
        return tuple(places)

    def _region_demonyms(self, doc: Doc, taken: Sequence[Span]) -> tuple[Place, ...]:
        """Words for a region's people ("Ohioans", "Minnesotans", "a Texan") as mentions of the region,
        found by undoing English demonym endings where spaCy calls the word a group (NORP: "Gunman" at
        the start of a sentence is no one from Gunma); reported like nationality words."""
        groups = _entity_spans(doc, "NORP")
        places = []
        for found in _REGION_DEMONYM.finditer(doc.text):
            span = Span(found.start(), found.end())
            if any(span.overlaps(t) for t in taken) or not any(g.contains(span) for g in groups):
                continue
            if demonym_country(found.group()):
                continue
            region = next(
                (r for stem in _demonym_stems(found.group()) if (r := self._region_named(stem))), None
            )
            if region is not None:
                places.append(_place(region, span, precision=3, relation="", confidence=0.5))
        return tuple(places)

    def _region_of_demonym(self, word: str) -> Entry | None:
        if not _REGION_DEMONYM.fullmatch(word):
            return None
        return next((r for stem in _demonym_stems(word) if (r := self._region_named(stem))), None)

    def _region_named(self, name: str) -> Entry | None:
        return next(
            (e for e in self.gazetteer.lookup(name) if e.kind is PlaceKind.REGION and e.name == name), None
        )

    def _context(self, doc: Doc, mentions: Sequence[_Mention]) -> Context:
        """The article's country and regions, and its places as first resolved (each mention's anchor)."""
        text = doc.text
        matches = [m.match for m in mentions]
        cues = [m.region_cue for m in mentions]
        context = article_context(
            matches,
            region_cues=cues,
            demonyms=_demonym_countries(text),
            published=doc.article.published_date,
            country=_cued_country(text),
        )
        context.admin1.update(self._cued_regions(text))
        anchors = [Anchor(_key(m.match), _anchor_candidates(m, self._pick(m, context))) for m in mentions]
        context = context.with_anchors(anchors)
        return context.with_home((_key(m.match), self._pick(m, context)) for m in mentions)

    def resolve_span(self, doc: Doc, span: Span) -> Place | None:
        """The place a toponym already found (by a person or another tagger) at `span` refers to.

        Resolved as the stage resolves its own mentions: the same candidates, cues and country focus
        (computed from the whole document). A name no gazetteer entry bears (a street, a park, a river, a
        building: "Squirrel Hill", "the Neches River") is placed in the town the article is about
        (`focus_town`), at precision 2 and low confidence; None if the article names no town either.
        """
        return self.resolve_spans(doc, [span])[0]

    def resolve_spans(self, doc: Doc, spans: Sequence[Span]) -> list[Place | None]:
        """`resolve_span` for several spans of one document, scanning the document once."""
        mentions = self._mentions(doc)
        context = self._context(doc, mentions)
        found = [self._span_mention(doc.text, span, mentions) for span in spans]
        focus = None
        if any(mention is None for mention in found):
            read = doc.places or tuple(self._resolve(doc.text, m, context) for m in mentions)
            focus = focus_town(read)
        resolved: list[Place | None] = []
        for span, mention in zip(spans, found, strict=True):
            if mention is None and focus is not None:
                resolved.append(_in_focus_town(focus, span))
                continue
            if mention is None:  # no town to put it in: perhaps a misspelt place's name
                mention = self._span_mention(doc.text, span, mentions, close_spellings=True)
            resolved.append(None if mention is None else self._resolve(doc.text, mention, context))
        return resolved

    def _span_mention(
        self, text: str, span: Span, mentions: Sequence[_Mention], *, close_spellings: bool = False
    ) -> _Mention | None:
        """The stage's own mention at exactly `span`, or one made from a lookup of the span's words (and,
        with `close_spellings`, of names spelt nearly so)."""
        for mention in mentions:
            if (mention.match.start, mention.match.end) == (span.start, span.end):
                return mention
        surface = span.text_of(text)
        candidates = self._lookup(surface, close_spellings=close_spellings)
        if not candidates:
            return None
        match = self._as_county(
            text, NameMatch(span.start, span.end, surface, candidates), [m.match for m in mentions]
        )
        following = next((m.match for m in mentions if m.match.start >= span.end), None)
        if following is not None and _LIST_COMMA.match(text[span.end : following.start]):
            match = _narrow(match, following)[0]
        return self._mention(text, match)

    def _lookup(self, surface: str, *, close_spellings: bool) -> tuple[Entry, ...]:
        """Candidates for a name given from outside: a nationality's country ("Canadian" is Canada's, not
        Canadian, Texas), the name as written or without "the", a region's demonym, among the small
        places abroad, or (`close_spellings`) fuzzily. A close spelling is the last resort: measured on
        LGL, a name no place bears is more often a street, park or river of the article's town than a
        misspelt place."""
        bare = ARTICLE.sub("", surface)
        country = demonym_country(surface)
        entry = self.gazetteer.country(country) if country else None
        if entry is not None:
            return (entry,)
        found = self.gazetteer.lookup(surface) or self.gazetteer.lookup(bare)
        if found:
            return self._with_own_name_abroad(NameMatch(0, len(bare), bare, found)).candidates
        entry = self._region_of_demonym(bare)
        if entry is not None:
            return (entry,)
        deep = self.gazetteer.lookup_deep(bare)
        if deep or not close_spellings:
            return deep
        hits = self.gazetteer.fuzzy(surface, limit=3, score_cutoff=FUZZY_SPAN_SCORE)
        return tuple(entry for entry, _score in hits)

    def _with_small_places_abroad(self, doc: Doc, matches: list[NameMatch]) -> list[NameMatch]:
        """Names spaCy calls a place (GPE, LOC) that the index lacks, found among the small places abroad
        ("Kidlington", "Wairoa"): spaCy's label is the evidence such a name needs."""
        if doc.spacy is None:
            return matches
        added = []
        for ent in doc.spacy.ents:
            span = Span(ent.start_char, ent.end_char)
            if ent.label_ not in ("GPE", "LOC") or any(span.overlaps(Span(m.start, m.end)) for m in matches):
                continue
            name = ARTICLE.sub("", ent.text)
            if name[:1].isupper() and not is_common_word(name):
                candidates = self.gazetteer.lookup_deep(name)
                if candidates:
                    start = span.end - len(name)
                    added.append(NameMatch(start, span.end, name, candidates))
        return sorted([*matches, *added], key=lambda m: m.start) if added else matches

    def _cued_regions(self, text: str) -> list[str]:
        """Regions an article points to without naming them (`AREA_CUES`)."""
        regions: list[str] = []
        for cue, country, names in AREA_CUES:
            if cue.search(text):
                found = (self.gazetteer.region(country, name) for name in names)
                regions.extend(region.admin1 for region in found if region is not None)
        return regions

    def _mention(self, text: str, match: NameMatch) -> _Mention:
        after = text[match.end : match.end + 40]
        region_cue = bool(_REGION_AFTER.match(after) or _REGION_LIST_AFTER.match(after))
        return _Mention(match, region_cue or self._is_container(text, match))

    def _is_container(self, text: str, match: NameMatch) -> bool:
        """ "Riznia, Zhytomyr" with Riznia unknown: Zhytomyr is the region Riznia lies in."""
        before = _UNKNOWN_NAME_COMMA.search(text[max(0, match.start - 40) : match.start])
        if before is None or not any(c.kind is PlaceKind.REGION for c in match.candidates):
            return False
        word = before.group().rstrip(", \t\n")
        return not self.gazetteer.is_place(word) and not is_common_word(word)

    def _with_names_before_regions(self, text: str, matches: list[NameMatch]) -> list[NameMatch]:
        """ "Verhnya Syrovatka, Sumy": a name the gazetteer lacks, written before its region, looked up
        by a close spelling among the places of that region (where a loose match is rarely wrong)."""
        for container in [m for m in matches if any(c.kind is PlaceKind.REGION for c in m.candidates)]:
            window = max(0, container.start - 60)
            before = _NAMES_COMMA.search(text[window : container.start])
            if before is None:
                continue
            start, end = window + before.start(1), window + before.end(1)
            parts = [m for m in matches if m.start < end and start < m.end]
            if any(m.start < start or m.end > end for m in parts) or is_common_word(text[start:end]):
                continue
            if any(m.end == end and m.start == start for m in parts):
                continue
            candidates = self._close_names_within(text[start:end], container.candidates)
            if candidates:
                matches = [m for m in matches if m not in parts]
                matches.append(NameMatch(start, end, text[start:end], candidates))
            else:  # "Mala Kostromka, Dnipropetrovsk" is no Mala in Peru: the region says where it is
                matches = [m for m in matches if m not in parts or _any_within(m, container.candidates)]
        return sorted(matches, key=lambda m: m.start)

    def _cued_area(self, text: str) -> list[Entry]:
        """The regions of the first of `AREA_CUES` the text matches, the one it names most first."""
        country, names = _cued_country(text), _cued_names(text)
        by_mentions = sorted(names, key=lambda name: -text.count(name))
        return [r for r in (self.gazetteer.region(country, n) for n in by_mentions) if r is not None]

    def _with_names_in_cued_area(self, text: str, matches: list[NameMatch]) -> list[NameMatch]:
        """ "near Verkhnyotoretske" in a monitoring report (`AREA_CUES`): a name the gazetteer lacks,
        after a preposition of place, looked up by a close spelling among the cued regions' places; a
        village's name whose namesakes all lie outside them ("near Oktiabr Mine", a mine in Donetsk, not
        the Oktyabr of Crimea), or an unknown name after "near" ("near Bohuslavske"), is read as the area's
        region the text names most, the best that can be said."""
        regions = self._cued_area(text)
        if not regions:
            return matches
        matches = [_in_area(m, regions) for m in matches]
        for found in _NAME_AFTER_PREPOSITION.finditer(text):
            start, end = found.span(1)
            if any(m.start < end and start < m.end for m in matches) or is_common_word(found[1]):
                continue
            candidates = self._close_names_within(found[1], regions, score_cutoff=CUED_AREA_NAME_SCORE)
            if not candidates and found[0].startswith("near"):
                candidates = (regions[0],)  # "near Bohuslavske": somewhere in the area, unknown where
            if candidates:
                matches = sorted(
                    [*matches, NameMatch(start, end, found[1], candidates)], key=lambda m: m.start
                )
        return matches

    def _close_names_within(
        self, name: str, containers: Sequence[Entry], *, score_cutoff: float = CLOSE_NAME_SCORE
    ) -> tuple[Entry, ...]:
        regions = [c for c in containers if c.kind is PlaceKind.REGION]
        hits = self.gazetteer.fuzzy(name, limit=40, score_cutoff=score_cutoff)
        return tuple(
            entry
            for entry, _score in hits
            if entry.kind in (PlaceKind.CITY, PlaceKind.VILLAGE) and any(_within(entry, r) for r in regions)
        )

    def _mentions(self, doc: Doc) -> list[_Mention]:
        text = doc.text
        people = People.of(doc)
        scanned = [part for m in self.gazetteer.scan(text) for part in self._split_at_comma(m)]
        matches = [m for m in scanned if is_toponym(text, m, people)]
        focus = _cued_country(text) or country_focus(matches, demonyms=_demonym_countries(text))
        named = _named_regions(matches)
        kept = [m for m in (_local(m, focus, named) for m in matches) if m is not None]
        actors = actor_spans(doc)
        kept = [m for m in kept if not names_foreign_actor(m, focus, actors)]
        kept = self._with_names_before_regions(text, self._with_names_in_cued_area(text, kept))
        kept = self._with_small_places_abroad(doc, kept)
        checked = {(m.start, m.end) for m in matches}  # names spaCy added pass the same filters
        kept = [m for m in kept if (m.start, m.end) in checked or is_toponym(text, m, people)]
        kept = [self._as_county(text, m, kept) for m in kept]
        kept = self._with_raion_towns(text, kept)
        contained = set()
        for i in range(len(kept) - 1):
            between = text[kept[i].end : kept[i + 1].start]
            if _LIST_COMMA.match(between) or _APPOSITION_IN.match(between):
                kept[i], kept[i + 1] = _narrow(kept[i], kept[i + 1])  # "Paris, Texas"
                contained.add(i)
        evident = with_evidence(text, kept, contained, located_spans(doc))
        return [self._mention(text, self._with_own_name_abroad(m)) for m in evident]

    def _with_raion_towns(self, text: str, matches: list[NameMatch]) -> list[NameMatch]:
        """ "Beryslavskyi rayon", "Korostenska district": a raion's adjective names its town."""
        added = []
        for found in _RAION_ADJECTIVE.finditer(text):
            start, end = found.start(), found.end(1) + len(found.group().split()[0]) - len(found.group(1))
            if any(m.start < end and start < m.end for m in matches):
                continue
            stem = found.group(1)
            towns = tuple(
                c
                for variant in (stem, stem + "a", stem + "ka", stem + "e", stem + "o")
                for c in self.gazetteer.lookup(variant)
                if c.kind in TOWNS
            )
            if towns:
                added.append(NameMatch(start, end, text[start:end], towns))
        return sorted([*matches, *added], key=lambda m: m.start) if added else matches

    def _with_own_name_abroad(self, match: NameMatch) -> NameMatch:
        """A name that the index's places bear only as an old alternate ("Twickenham", once Huntsville's)
        is also looked for among the small places abroad that bear it as their own."""
        key = _key(match)
        if any(is_own_name(c, key) for c in match.candidates):
            return match
        own = tuple(e for e in self.gazetteer.lookup_deep(match.surface) if is_own_name(e, key))
        return replace(match, candidates=match.candidates + own) if own else match

    def _split_at_comma(self, match: NameMatch) -> list[NameMatch]:
        """ "Washington, D.C." as two names, the town and its container, when each is a place's name
        (GeoNames lists the whole as an alternate name too); the stage then reads them together."""
        head, comma, tail = match.surface.partition(",")
        if not comma or not tail.strip():
            return [match]
        first, second = self.gazetteer.lookup(head), self.gazetteer.lookup(tail)
        if not first or not second:
            return [match]
        tail_start = match.end - len(tail.lstrip())
        return [
            NameMatch(match.start, match.start + len(head), head, first),
            NameMatch(tail_start, match.end, match.surface[tail_start - match.start :], second),
        ]

    def _as_county(self, text: str, match: NameMatch, matches: Sequence[NameMatch]) -> NameMatch:
        """ "Douglas, Sarpy and Lancaster counties", or "DeKalb" in an article that names DeKalb County:
        the bare name is the county's."""
        listed = bool(COUNTIES_AFTER.match(text[match.end : match.end + 60]))
        name = ARTICLE.sub("", match.surface)
        named = any(fold_key(m.surface) in _county_keys(name) for m in matches if m is not match)
        if not (listed or named):
            return match
        counties = tuple(c for suffix in _COUNTY_SUFFIXES for c in self.gazetteer.lookup(f"{name} {suffix}"))
        return replace(match, candidates=counties) if counties else match

    def _resolve(self, text: str, mention: _Mention, context: Context) -> Place:
        match = mention.match
        entry = self._pick(mention, context)
        relation = _relation(text, match.start) or _district_after(text, match)
        precision = 3 if entry.kind in (PlaceKind.COUNTRY, PlaceKind.REGION) else 2 if relation else 1
        ambiguity = len({c.country_code for c in match.candidates})
        span = Span(match.start, match.end)
        return _place(
            entry, span, precision=precision, relation=relation, confidence=round(ambiguity**-0.5, 2)
        )

    def _pick(self, mention: _Mention, context: Context) -> Entry:
        candidates = mention.match.candidates
        focus = context.country
        if mention.region_cue:
            for candidate in candidates:
                region = self.gazetteer.region(candidate.country_code, mention.match.surface)
                if region is not None and (candidate.country_code == focus or not focus):
                    return region
        return best_candidate(mention.match, context)


def _place(entry: Entry, span: Span, *, precision: int, relation: str, confidence: float) -> Place:
    return Place(
        name=entry.name,
        country=entry.country,
        lat=entry.lat,
        lon=entry.lon,
        kind=entry.kind,
        precision=precision,
        span=span,
        geonameid=entry.geonameid,
        admin1=entry.admin1,
        admin2=entry.admin2,
        relation=relation,
        confidence=confidence,
    )


def focus_town(places: Sequence[Place]) -> Place | None:
    """The town (or county) an article names most often, the first named of equals: where its streets,
    parks and buildings most likely are. Of LGL's toponyms that no gazetteer entry bears, it is within
    161 km of half; the town named nearest to each in the text is within 161 km of fewer (46 %)."""
    towns = [p for p in places if p.kind in (*TOWNS, PlaceKind.DISTRICT)]
    counts = Counter(p.geonameid for p in towns)
    return max(towns, key=lambda p: counts[p.geonameid], default=None)


def _in_focus_town(town: Place, span: Span) -> Place:
    return replace(town, span=span, precision=2, relation="", confidence=0.25)


def _cued_country(text: str) -> str:
    """The country of the first of `AREA_CUES` the text matches ("" if none): where the report is."""
    return next((country for cue, country, _names in AREA_CUES if cue.search(text)), "")


def _cued_names(text: str) -> tuple[str, ...]:
    """The region names of the first of `AREA_CUES` the text matches."""
    return next((names for cue, _country, names in AREA_CUES if cue.search(text)), ())


def _in_area(match: NameMatch, regions: Sequence[Entry]) -> NameMatch:
    """The match, or the first of the cued `regions` for a name that only villages outside them bear."""
    if _any_within(match, regions) or any(c.kind is not PlaceKind.VILLAGE for c in match.candidates):
        return match
    return replace(match, candidates=(regions[0],))


def _demonym_stems(word: str) -> list[str]:
    """Region names a demonym in -an may come from: "Iowans" Iowa, "Ohioans" Ohio, "Texan" Texas,
    "Ontarians" Ontario, "Floridians" Florida."""
    base = word[:-1] if word.endswith("s") else word
    stems = [base[:-1], base[:-2], base[:-1] + "s"]
    if base.endswith("ian"):
        stems += [base[:-2] + "o", base[:-3] + "a"]
    return stems


def _entity_spans(doc: Doc, label: str) -> list[Span]:
    if doc.spacy is None:
        return []
    return [Span(e.start_char, e.end_char) for e in doc.spacy.ents if e.label_ == label]


def is_nationality(text: str, place: Place) -> bool:
    """Whether `place` was read from a nationality word ("Russian", "Georgians"), not a place name."""
    return place.kind is PlaceKind.COUNTRY and bool(demonym_country(place.span.text_of(text)))


def _demonym_countries(text: str) -> list[str]:
    """The country of each capitalised nationality word ("Georgian", "Russians") in the text."""
    return [code for word in _CAPITALISED.findall(text) if (code := demonym_country(word))]


def _anchor_candidates(mention: _Mention, pick: Entry) -> tuple[Entry, ...]:
    """What a mention may stand for, as an anchor: the region a cue named, else its likeliest candidates."""
    if mention.region_cue or len(mention.match.candidates) == 1:
        return (pick,)
    return mention.match.candidates[:MAX_ANCHOR_CANDIDATES]


_COUNTY_SUFFIXES = ("County", "Parish")


def _county_keys(name: str) -> frozenset[str]:
    return frozenset(fold_key(f"{name} {suffix}") for suffix in _COUNTY_SUFFIXES)


def _key(match: NameMatch) -> str:
    return fold_key(match.surface)


def _local(match: NameMatch, focus: str, regions: frozenset[tuple[str, str]]) -> NameMatch | None:
    """The match without small places abroad (a village is news only in the article's own country, or
    in a region the article names: "Russian forces shelled Zelenodolsk, Dnipropetrovsk" may tip the
    country vote to Russia, whose Zelenodolsk is a city)."""
    kept = tuple(
        c
        for c in match.candidates
        if c.kind is not PlaceKind.VILLAGE or c.country_code == focus or (c.country_code, c.admin1) in regions
    )
    if len(kept) == len(match.candidates):
        return match
    return replace(match, candidates=kept) if kept else None


def _named_regions(matches: Sequence[NameMatch]) -> frozenset[tuple[str, str]]:
    """(country, region) of each name whose likeliest reading is a region."""
    return frozenset(
        (m.candidates[0].country_code, m.candidates[0].admin1)
        for m in matches
        if m.candidates[0].kind is PlaceKind.REGION
    )


def _narrow(place: NameMatch, container: NameMatch) -> tuple[NameMatch, NameMatch]:
    """ "Paris, Texas": keep the candidates of `place` inside one of `container`'s, and that container.

    "Chaika, Kyiv" with no Chaika known in Kyiv Oblast, only one in Crimea: the village is not in the
    gazetteer, and the region the text names is the best that can be said of where it is, unless a
    village of that name lies just across its border (`_borders`). (Only for names without a town among
    their candidates: "Kyiv, Kharkiv and Odesa" is a list.)
    """
    for outer in container.candidates:
        if outer.kind not in (PlaceKind.REGION, PlaceKind.COUNTRY):
            continue
        inside = tuple(c for c in place.candidates if c is not outer and _within(c, outer))
        if inside:
            return replace(place, candidates=inside), replace(container, candidates=(outer,))
    villages_only = all(c.kind is PlaceKind.VILLAGE for c in place.candidates)
    countries = {c.country_code for c in place.candidates}
    region = next(
        (c for c in container.candidates if c.kind is PlaceKind.REGION and c.country_code in countries), None
    )
    if villages_only and region is not None:
        bordering = tuple(c for c in place.candidates if _borders(c, region))
        return replace(place, candidates=bordering or (region,)), replace(container, candidates=(region,))
    return place, container


def _borders(village: Entry, region: Entry) -> bool:
    """ "near Sanzharivka, Donetsk", with the only Sanzharivka just over the line in Luhansk oblast: a
    village that reports place in a neighbouring region lies near the one named (within `BORDER_KM` of
    the region's point, for Ukraine its administrative centre), and it is still the best reading."""
    return distance_km(village.lat, village.lon, region.lat, region.lon) <= BORDER_KM


def _any_within(match: NameMatch, containers: Sequence[Entry]) -> bool:
    regions = [c for c in containers if c.kind is PlaceKind.REGION]
    return any(_within(c, r) for c in match.candidates for r in regions)


def _within(entry: Entry, outer: Entry) -> bool:
    if entry.country_code != outer.country_code:
        return False
    return outer.kind is PlaceKind.COUNTRY or (
        entry.admin1 == outer.admin1 and entry.kind is not PlaceKind.REGION
    )


def _district_after(text: str, match: NameMatch) -> str:
    """ "Izium district", "Beryslavskyi raion": the district named after a town (precision 2)."""
    if match.candidates[0].kind not in TOWNS or not _DISTRICT_AFTER.match(text[match.end : match.end + 12]):
        return ""
    return "district"


def _relation(text: str, start: int) -> str:
    match = _RELATION_BEFORE.search(text[max(0, start - 45) : start])
    if not match:
        return ""
    return re.sub(r"\s+", " ", match["rel"].lower())
