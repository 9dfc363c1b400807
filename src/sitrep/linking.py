"""Stories: events from different articles that report the same real-world event, grouped as they arrive.

A new article's events are compared only with stored events found through the store's link index (the
same 0.5-degree map cells, nearby days, and the names of places as written, whole and by their first
letters), so linking one article costs the same in a store of a thousand events as in one of a million.
Two events may be one story when none of these sets them apart:

- their types (the same ACLED type, or both armed violence: one outlet's "shelling" is another's "missile
  strike" or "attack on civilians"; drones shot down and the strike of those that got through);
- their places: one within reach of the other (25 km for towns, 50 km near a town, 150 km for a region;
  ACLED's precision scale), or a name the gazetteer did not read that both place the event at ("in
  Depayin", "the Kafr Nabl market") or that one names unread where the other was read ("outside El
  Fasher", its event misread at "Abu"); two such names that neither report shares are two places, as
  are two towns each named as the event's place more than 10 km apart;
- their dates: overlapping, or a day apart (overnight, time zones, a report dated when it was said or its
  toll given), but not two days each named for a hit ("on Monday", "on Tuesday");
- what was hit (a school and a power station are two events; a military target is the attacker's account
  of what its victims name otherwise);

and then a score over type, place, date, actors and the words of their evidence (MinHash over content
words) decides; one day and one place (one town or closer, or a name both give) with violence of one
family are enough, whatever actors, words or kinds of violence the reports differ in. An event joins
the best-scoring story it is compatible with as a whole (nothing sets it apart from some member of each
article in it; at most one event per article; precise dates within two days of each other), else founds a
story of its own. Claims that tell an event by themselves join the same way (`sitrep.claim_members`).
Everything is ordered (candidates, ties, stories) so the same inputs in the same order give the same
stories. Corroboration and contradictions are then summed up again for each story that changed
(`sitrep.contradictions`).
"""

from __future__ import annotations

import logging
import math
import re
import zlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Protocol

from rapidfuzz import fuzz

from sitrep import contradictions as contra
from sitrep.claim_members import claim_features, claim_figures
from sitrep.gazetteer.words import demonym_country, is_common_word
from sitrep.geo import distance_km
from sitrep.models import Contradiction, Speaker, Story, record_id
from sitrep.story_features import (
    Features,
    Mention,
    Point,
    features_of,
    fold_name,
    named_alike,
    similarity,
)

log = logging.getLogger(__name__)

JSON = dict[str, Any]

CELL_DEGREES = 0.5
UNLOCATED_CELL = 0
MAX_DAYS_INDEXED = 8  # events dated more vaguely than this ("in March") are never linked
DAY_GAP = 1  # reports of one event may date it a day apart (overnight, time zones)
STORY_DAYS = 2  # precise dates within one story stay this close
REACH_KM = {1: 25.0, 2: 50.0, 3: 150.0}
THRESHOLD = 0.6
SAME_DAY = 0.7  # the date agreement of two reports whose days overlap
SAID_NEXT_DAY = 0.7  # a report dated by the day it was said, the day after another's
CLOSE_KM = 5.0  # two places this close are one place for an event
TOWNS_KM = 10.0  # two places each named as the event's town are one only this close (a town's districts)
MAX_STORY_EVENTS = 500  # a story this large stops growing: it would be many events, not one
_VIOLENCE = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians"})
# Who holds a place is reported as a battle by one outlet and as a transfer by another.
_TERRITORY = frozenset(
    {
        "Non-state actor overtakes territory",
        "Government regains territory",
        "Non-violent transfer of territory",
    }
)
# One outlet reports the drones shot down, another the strike of those that got through.
_INTERCEPTED = "Disrupted weapons use"
_VICTIMS = "Civilians"
# The attacker's account names a military target for the strike its victims' account names otherwise.
_MILITARY = "military"
NEAR_WEIGHT = 0.7  # a place named beside the event's own, in its sentence
NAMED_KIND = 0.6  # the type agreement of a kind read from one report that the other's words name
NAMED = 0.8  # a name the gazetteer did not read (or misread) that both reports place the event at
UNPLACED = 0.3  # the place agreement of members that say nothing about where
PREFIX_LETTERS = 5
MIN_KEY_LETTERS = 3  # "al", "el" and "de" of a name find nothing
NAME_LETTERS = 5  # a name of a sentence, read as no place, that may be a misread one's ("Fasher")
PREFIX_MARK = "^"  # keeps a name's first letters apart from a whole name of that length
_LETTERS = re.compile(r"[^\W\d_]+")
_MANY = re.compile(r"(?:dozens|scores|tens|hundreds|thousands|several|many|numerous)", re.I)
SAME_NAME = 80  # rapidfuzz ratio over which two place names are one place misread by the gazetteer

# ---- where to look -----------------------------------------------------------------------------------------


def cell_of(lat: float, lon: float) -> int:
    row = math.floor((lat + 90) / CELL_DEGREES)
    col = math.floor((lon + 180) / CELL_DEGREES)
    return 1 + row * 1000 + col


def name_key(written: str) -> int:
    """The index key of a place name as written (a negative cell): two reports writing one name are found
    by each other even where the gazetteer read the name as two places ("Lyman" as Lyman and as Liman)."""
    return -1 - (zlib.crc32(contra.fold(written).encode("utf-8")) & 0x7FFFFFFF)


def _name_keys(names: Iterable[str]) -> set[int]:
    """The keys of names as written: each whole, and each of its words whole and by its first letters,
    under which two spellings of one name meet ("Nabatieh", "Nabatiyeh"; "Deir al-Balah", "Deir el-Balah")."""
    keys = set()
    for name in names:
        words = [w for w in _LETTERS.findall(contra.fold(name)) if len(w) >= MIN_KEY_LETTERS]
        if words:
            keys.add(name_key(name))
        for word in words:
            plain = word.replace("y", "i")  # "Bohoyavlenka", "Bohoiavlenka": one name transliterated two ways
            keys |= {name_key(word), name_key(PREFIX_MARK + word[:PREFIX_LETTERS])}
            keys.add(name_key(PREFIX_MARK + plain[:PREFIX_LETTERS]))
    return keys


def _written(points: Sequence[Point]) -> list[str]:
    return [p.written for p in points if p.written]


def index_keys(f: Features) -> list[tuple[int, str]]:
    """(cell, day) rows a member is found under: its map cells and the names of its places as written;
    none for an undated or vaguely dated one."""
    if f.start is None or not 0 < f.days <= MAX_DAYS_INDEXED:
        return []
    cells = sorted(
        {cell_of(p.lat, p.lon) for p in f.points}
        | _name_keys([*_written(f.points), *f.place_words])
        | {name_key(word) for word in _unread_names(f)}
        | ({UNLOCATED_CELL} if not f.points else set())
    )
    days = [(f.start + timedelta(days=i)).isoformat() for i in range(f.days)]
    return [(cell, day) for cell in cells for day in days]


def search_keys(f: Features, *, around: Sequence[tuple[float, float]] = ()) -> list[tuple[int, str, str]]:
    """(cell, first day, last day) ranges to look for a member's candidates in: around its places and the
    places its sentences name, under their names as written, and among the unlocated. An unlocated member
    also looks around the places of its article (`around`), since the event is likely near what its
    article talks about, and under the capitalised words of its sentences."""
    if f.start is None or f.end is None or not 0 < f.days <= MAX_DAYS_INDEXED:
        return []
    first = (f.start - timedelta(days=DAY_GAP)).isoformat()
    last = (f.end + timedelta(days=DAY_GAP)).isoformat()
    points = (*f.points, *f.near) or tuple(Point(lat, lon, 3) for lat, lon in around)
    cells = {UNLOCATED_CELL, *(c for p in points for c in _cells_near(p))}
    cells |= _name_keys([*_written(points), *f.place_words])
    cells |= {
        name_key(w) for p in f.points for w in _LETTERS.findall(fold_name(p.name)) if len(w) >= NAME_LETTERS
    }
    if not f.points:  # a place its sentence names may be one the gazetteer reading did not keep
        cells |= _name_keys(f.names)
    return [(cell, first, last) for cell in sorted(cells)]


def _unread_names(f: Features) -> set[str]:
    """The names of a member's sentences that no place reading of it covers, folded: one of them may be the
    place a misreading missed ("outside El Fasher" where "Abu Shouk" was read as another place)."""
    own = {fold_name(w) for p in (*f.points, *f.near) for w in _LETTERS.findall(p.written)}
    return {
        word
        for word in map(fold_name, f.names)
        if len(word) >= NAME_LETTERS
        and word not in own
        and not is_common_word(word)
        and not demonym_country(word)
    }


def _cells_near(p: Point) -> set[int]:
    reach = max(REACH_KM.values()) if p.precision >= 3 else REACH_KM[2]
    dlat = reach / 111.0
    dlon = reach / (111.0 * max(0.05, math.cos(math.radians(p.lat))))
    rows = range(
        math.floor((p.lat - dlat + 90) / CELL_DEGREES), math.floor((p.lat + dlat + 90) / CELL_DEGREES) + 1
    )
    cols = range(
        math.floor((p.lon - dlon + 180) / CELL_DEGREES), math.floor((p.lon + dlon + 180) / CELL_DEGREES) + 1
    )
    return {1 + r * 1000 + (c % 720) for r in rows for c in cols}


# ---- how alike two events are ----------------------------------------------------------------------------


def pair_score(a: Features, b: Features) -> float | None:
    """How likely two events are one, 0..1; None when they cannot be (types, places, dates or targets
    apart), or when one report placed it and the other did not and their words differ."""
    kind, where, when = _type_agreement(a, b), _place_agreement(a, b), _date_agreement(a, b)
    target = _target_agreement(a, b)
    if kind is None or where is None or when is None or target is None:
        return None
    text = min(1.0, similarity(a.signature, b.signature) / 0.4)
    if _placed_apart(a, b) and text < 0.5:
        return None  # one report placed it, the other did not: only their words can join them
    actor = _actor_agreement(a, b)
    score = 0.2 * kind + 0.2 * where + 0.15 * when + 0.05 * actor + 0.15 * text + 0.25 * target
    if when >= SAME_DAY and _one_time(a, b) and _same_place(a, b):
        return max(score, THRESHOLD)  # one day, one place, violence of one family: one event
    return score


def compatible(a: Features, b: Features) -> bool:
    """Whether nothing the two reports say sets their events apart: type, place, day and target."""
    return all(
        agreement(a, b) is not None
        for agreement in (_type_agreement, _place_agreement, _date_agreement, _target_agreement)
    )


def _type_agreement(a: Features, b: Features) -> float | None:
    """How well two members' kinds agree. Where one report's words also name the kind the other was read
    as ("shelling ... struck the camp" read as a clash), they agree a little better than two kinds of
    armed violence do."""
    if a.type == b.type:
        return 1.0 if a.sub_type == b.sub_type else 0.75
    if a.sub_type in _TERRITORY and b.sub_type in _TERRITORY:
        return 0.75
    if _territorial(a, b) or _territorial(b, a):
        return 0.5  # a base overrun by one account, an assault repelled by another
    violent = {a.type, b.type} <= _VIOLENCE
    if violent and (a.type in b.kinds or b.type in a.kinds):
        return NAMED_KIND
    if violent and (_no_kind(a) or _no_kind(b)):
        return 0.75  # a claim's "attack" or toll names violence of no kind: no other kind
    if violent or _intercepted_strike(a, b) or _intercepted_strike(b, a):
        return 0.5
    return None


def _territorial(a: Features, b: Features) -> bool:
    return a.sub_type in _TERRITORY and (b.type in _VIOLENCE or _no_kind(b))


def _no_kind(f: Features) -> bool:
    return f.claim and not f.sub_type


def _intercepted_strike(a: Features, b: Features) -> bool:
    return a.sub_type == _INTERCEPTED and b.type == "Explosions/Remote violence"


def _actor_agreement(a: Features, b: Features) -> float:
    """1 for one actor (or one and a unit of it: "... Air Force"), 0 for two, 0.5 where one is unknown: none
    read, civilians read as the actor (the victims of an attack), or a place changing hands (either side
    is told as its actor: "Russian forces captured", "Ukraine's army still holds")."""
    if not (a.actor and b.actor) or any(f.actor.startswith(_VICTIMS) for f in (a, b)):
        return 0.5
    if a.actor.startswith(b.actor) or b.actor.startswith(a.actor):
        return 1.0
    return 0.5 if a.sub_type in _TERRITORY or b.sub_type in _TERRITORY else 0.0


def _target_agreement(a: Features, b: Features) -> float | None:
    if not a.targets or not b.targets:
        return 0.5
    if set(a.targets) & set(b.targets):
        return 1.0
    return 0.5 if _MILITARY in (*a.targets, *b.targets) else None


def _place_agreement(a: Features, b: Features) -> float | None:
    """How well two members' places agree; where one report's event place is misread or only named in
    another clause of its sentence ("officials in Enerhodar said"), a place its sentence names stands in,
    for less, as does a name the gazetteer did not read that both name. Two reports that each place the
    event at a name the gazetteer did not read, neither naming the other's, are apart."""
    if a.points and b.points:
        direct = _best_agreement(a.points, b.points)
        if direct is not None:
            return direct
    if a.place_words and b.place_words and not _named_alike(a, b):
        return None  # "in Sarmin" and "in Ariha"
    if a.points and b.points:
        crossed = max(_best_agreement(a.points, b.near) or 0.0, _best_agreement(a.near, b.points) or 0.0)
        if crossed:
            return NEAR_WEIGHT * crossed
        return NAMED if _named_alike(a, b) or _misread(a, b) or _misread(b, a) else None
    placed, other = (a, b) if a.points else (b, a)
    beside = _best_agreement(placed.points or placed.near, other.near)
    if beside is not None:
        return NEAR_WEIGHT * beside
    return NAMED if _named_alike(a, b) else UNPLACED


def _one_time(a: Features, b: Features) -> bool:
    """Whether two overlapping dates are one time: both precise, or a place changing hands (taken once, and
    told loosely: "in recent days")."""
    return (a.precise and b.precise) or a.sub_type in _TERRITORY or b.sub_type in _TERRITORY


def _same_place(a: Features, b: Features) -> bool:
    """Whether two reports place the event at one town or closer: one place read, two within a few km, or
    a name the gazetteer did not read that both name."""
    close = any(
        p.precision <= 2
        and q.precision <= 2
        and (
            (p.geonameid is not None and p.geonameid == q.geonameid)
            or distance_km(p.lat, p.lon, q.lat, q.lon) <= CLOSE_KM
        )
        for p in a.points
        for q in b.points
    )
    return close or (bool(a.place_words or b.place_words) and _named_alike(a, b))


def _placed_apart(a: Features, b: Features) -> bool:
    """One report placed the event and the other names no place that agrees with it."""
    if bool(a.points) == bool(b.points):
        return False
    placed, other = (a, b) if a.points else (b, a)
    return _best_agreement(placed.points, other.near) is None and not _named_alike(a, b)


def _named_alike(a: Features, b: Features) -> bool:
    """Whether one report places the event at a name no place reading covered ("in Depayin", "near Boni")
    that the other names too, as a word or as a place read (perhaps misread: "Boni" as Bonn)."""
    return _names_one_of(a, b) or _names_one_of(b, a)


def _misread(a: Features, b: Features) -> bool:
    """Whether `a` names, without a place reading, the place `b` was read at ("outside El Fasher" where
    "Abu Shouk" was read as another place): `a`'s reading is likely wrong, not the place another."""
    unread = _unread_names(a)
    read = {
        fold_name(w)
        for p in b.points
        if p.precision <= 2
        for w in _LETTERS.findall(f"{p.name} {p.written}")
        if len(w) >= NAME_LETTERS
    }
    return any(named_alike(word, unread) for word in read)


def _names_one_of(a: Features, b: Features) -> bool:
    """Whether `b` names a place `a` is at: a name `a` places it at that no reading covered, or, where `b`
    was placed nowhere, a place read from `a` ("Kafr Nabl" read in one report and not in the other)."""
    written = [w for p in (*b.points, *b.near) for w in p.written.split()]
    others = {fold_name(n) for n in (*b.names, *written)}
    if any(named_alike(word, others) for word in a.place_words):
        return True
    if b.points:
        return False
    read = {fold_name(w) for p in a.points for w in p.written.split() if len(w) >= MIN_KEY_LETTERS}
    names = {fold_name(n) for n in b.names}
    return any(named_alike(word, names) for word in read)


def _best_agreement(points: Sequence[Point], others: Sequence[Point]) -> float | None:
    scores = [_point_agreement(p, q) for p in points for q in others]
    return max((s for s in scores if s is not None), default=None)


def _point_agreement(p: Point, q: Point) -> float | None:
    if p.geonameid is not None and p.geonameid == q.geonameid:
        return 1.0
    km = distance_km(p.lat, p.lon, q.lat, q.lon)
    reach = max(REACH_KM.get(p.precision, 150.0), REACH_KM.get(q.precision, 150.0))
    if p.precision <= 2 and q.precision <= 2:
        reach = REACH_KM[1]  # "near Tulkarm" and "near Jenin": two towns named, each near its own
    if p.precision == 1 and q.precision == 1 and p.geonameid != q.geonameid:
        reach = TOWNS_KM  # "in Kramatorsk" and "in Sloviansk": two towns, however near
    if km <= reach:
        return 1.0 - 0.6 * km / reach
    if p.name and q.name and fuzz.ratio(contra.fold(p.name), contra.fold(q.name)) >= SAME_NAME:
        return 0.6  # one name, two places: one report's gazetteer reading is likely wrong
    return None


def _date_agreement(a: Features, b: Features) -> float | None:
    if a.start is None or a.end is None or b.start is None or b.end is None:
        return None
    gap = (max(a.start, b.start) - min(a.end, b.end)).days
    if gap > DAY_GAP or (gap > 0 and _on_its_day(a) and _on_its_day(b)):
        return None  # "hit on Monday" and "hit on Tuesday" are two events
    if gap > 0:
        later = a if a.start > b.start else b
        return SAID_NEXT_DAY if later.said_day else 0.4
    return 1.0 if a.precise and b.precise else 0.7


def _on_its_day(f: Features) -> bool:
    """An event told as happening on one day; a denial, or an event dated by when it was said ("the
    ministry said on Monday its missiles had struck"), is often told the day after."""
    return f.days == 1 and f.status in ("happened", "ongoing") and not f.said_day


def fits(f: Features, members: Sequence[Features]) -> bool:
    """Whether a member may join a story: compatible with some member of each article in it (an article's
    siblings may differ in place; a report that did not place the event is no reason to keep apart one
    that did), keeping precise dates close together. An event joins only stories its article is not yet
    in; a claim may join its own article's events."""
    if len(members) >= MAX_STORY_EVENTS:
        return False
    if any(m.article == f.article and not (f.claim or m.claim) for m in members):
        return False
    by_article: dict[str, list[Features]] = {}
    for m in members:
        by_article.setdefault(m.article, []).append(m)
    if not all(any(compatible(f, m) for m in group) for group in by_article.values()):
        return False
    starts = [m.start for m in (*members, f) if m.precise and m.start is not None]
    return not starts or (max(starts) - min(starts)).days <= STORY_DAYS


# ---- the store, as linking uses it -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Material:
    """What linking reads of one article: its summary, text, events and claims (JSON as stored), and every
    place it names."""

    article: JSON
    events: list[JSON]
    claims: list[JSON]
    places: list[Mention] = field(default_factory=list)
    text: str = ""
    countries: list[str] = field(default_factory=list)  # the countries it names, as written

    @property
    def published(self) -> date | None:
        value = self.article.get("published") or ""
        try:
            return date.fromisoformat(value[:10]) if len(value) >= 10 else None
        except ValueError:
            return None


@dataclass(frozen=True, slots=True)
class Member:
    """A story's member with its features, its JSON (the event's, or the claim's for a claim that joined
    by itself) and its article's summary."""

    features: Features
    event: JSON
    article: JSON


class LinkSession(Protocol):
    """One write transaction of the store (`Store.linking()`), with the reads and writes linking needs."""

    def queued(self, *, limit: int) -> list[str]: ...
    def material(self, article_id: str) -> Material | None: ...
    def candidates(
        self, keys: Sequence[tuple[int, str, str]], *, article_id: str
    ) -> list[tuple[Features, str]]: ...
    def member_features(self, story_id: str) -> list[Features]: ...
    def add_member(self, f: Features, *, story_id: str, keys: Sequence[tuple[int, str]]) -> None: ...
    def stale_stories(self) -> list[str]: ...
    def members(self, story_id: str) -> list[Member]: ...
    def claims_of(self, article_ids: Sequence[str]) -> list[JSON]: ...
    def save_story(self, story: Story) -> None: ...
    def delete_story(self, story_id: str) -> None: ...
    def save_article_contradictions(self, article_id: str, found: Sequence[Contradiction]) -> None: ...
    def dequeue(self, article_id: str) -> None: ...


@dataclass(frozen=True, slots=True)
class LinkSummary:
    articles: int = 0
    events: int = 0
    joined: int = 0  # events that joined a story of another article


def link_article(session: LinkSession, article_id: str) -> LinkSummary:
    """Link one queued article's events, and the claims that tell an event by themselves, into stories and
    sum up every story that changed."""
    material = session.material(article_id)
    session.dequeue(article_id)
    if material is None:
        return LinkSummary()
    touched = set(session.stale_stories())
    taken: set[str] = set()
    joined = 0
    around = [(m.point.lat, m.point.lon) for m in material.places]
    features = [
        features_of(
            e,
            article=article_id,
            text=_evidence_text(e),
            mentions=material.places,
            countries=material.countries,
        )
        for e in material.events
    ]
    groups = sibling_groups(features, material.events)
    claimed = claim_members(material)
    for group in [*groups, *([f] for f in claimed)]:
        story = choose_story(session, group, taken=taken, around=around)
        joined += len(group) if story is not None else 0
        story = story or record_id("story", group[0].event)
        for f in group:
            session.add_member(f, story_id=story, keys=index_keys(f))
        if not group[0].claim:
            taken.add(story)
        touched.add(story)
    for story_id in sorted(touched):
        refresh_story(session, story_id)
    _article_denials(session, material, members={f.event for f in claimed})
    return LinkSummary(articles=1, events=len(material.events), joined=joined)


def claim_members(material: Material) -> list[Features]:
    """The claims of an article that tell an event by themselves: no event of the article carries them."""
    carried = {c for e in material.events for c in e.get("claims") or ()}
    found = (
        claim_features(
            c,
            article=str(material.article["id"]),
            text=material.text,
            published=material.published,
            places=material.places,
            countries=material.countries,
            alone=not material.events,
        )
        for c in material.claims
        if c["id"] not in carried
    )
    return [f for f in found if f is not None]


def _evidence_text(event: JSON) -> str:
    return " ".join(s["text"] for s in event.get("evidence") or [] if s)


def sibling_groups(features: Sequence[Features], events: Sequence[JSON]) -> list[list[Features]]:
    """Events of one article read from the same sentence with agreeing types (one per place, as ACLED
    codes them: "shelling hit Saltivka in Kharkiv") are linked together, in the order they were read."""
    groups: list[tuple[list[Features], set[tuple[int, int]]]] = []
    for f, event in zip(features, events, strict=True):
        spans = {(s["start"], s["end"]) for s in event.get("evidence") or [] if s}
        home = next((g for g in groups if g[1] & spans and _type_agreement(g[0][0], f) is not None), None)
        if home is None:
            groups.append(([f], spans))
        else:
            home[0].append(f)
            home[1].update(spans)
    return [members for members, _ in groups]


def choose_story(
    session: LinkSession,
    group: Sequence[Features],
    *,
    taken: set[str],
    around: Sequence[tuple[float, float]] = (),
) -> str | None:
    """The stored story a group of sibling events belongs to, or None for a story of their own. A story
    another event of their article joined (`taken`) is closed to them, not to a claim, which may tell the
    same event as its article's event does."""
    best: dict[str, float] = {}
    for f in group:
        keys = search_keys(f, around=around)
        for candidate, story in session.candidates(keys, article_id=f.article) if keys else ():
            score = pair_score(f, candidate)
            if score is not None and score >= THRESHOLD and score > best.get(story, 0.0):
                best[story] = score
    for story, _ in sorted(best.items(), key=lambda item: (-item[1], item[0])):
        members = session.member_features(story)
        if (story not in taken or group[0].claim) and any(fits(f, members) for f in group):
            return story
    return None


def refresh_story(session: LinkSession, story_id: str) -> None:
    members = session.members(story_id)
    if not members:
        session.delete_story(story_id)
        return
    claims = session.claims_of(sorted({m.features.article for m in members}))
    session.save_story(summarise(story_id, members, claims))


def summarise(story_id: str, members: Sequence[Member], claims: Sequence[JSON]) -> Story:
    """A story's summary: its type and most precise place, its days, sources and contradictions."""
    ordered = sorted(members, key=_member_order)
    views = {c["id"]: claim_view(c) for c in claims}
    reports = [report_of(m, claims=views) for m in ordered]
    events = [m for m in ordered if not m.features.claim]
    place = _best_place(events) or _best_place(ordered)
    starts = [m.features.start for m in ordered if m.features.start is not None]
    ends = [m.features.end for m in ordered if m.features.end is not None]
    return Story(
        id=story_id,
        events=tuple(m.features.event for m in events),
        claims=tuple(m.features.event for m in ordered if m.features.claim),
        articles=tuple(dict.fromkeys(m.features.article for m in ordered)),
        sources=contra.sources_of(reports, views),
        type=Counter(m.features.type for m in events or ordered).most_common(1)[0][0],
        place=place.name if place else "",
        lat=place.lat if place else None,
        lon=place.lon if place else None,
        first_day=min(starts, default=None),
        last_day=max(ends, default=None),
        contradictions=contra.find_contradictions(story_id, reports, views),
    )


def _best_place(members: Sequence[Member]) -> Point | None:
    return min((p for m in members for p in m.features.points), key=lambda p: p.precision, default=None)


def _member_order(member: Member) -> tuple[str, str, str]:
    return (member.article.get("published") or "", member.features.article, member.features.event)


def report_of(member: Member, *, claims: dict[str, contra.ClaimView] | None = None) -> contra.Report:
    """A member as contradiction finding sees it. An event read without a figure takes one its claims
    state within its evidence ("the death toll from Thursday's strike rose to 25, the ministry said"), else
    one its evidence states ("two people died after a drone dropped explosives"), unless it did not happen."""
    article = member.article
    f = member.features
    status = f.status
    text = member.event.get("text", "") if f.claim else _evidence_text(member.event)
    if f.claim:
        killed, wounded = claim_figures(text)
    else:
        killed, wounded = member.event.get("fatalities"), member.event.get("injured")
        if not (killed or wounded):
            killed, wounded = _figures_of_claims(member.event, claims or {})
        if not (killed or wounded) and status != "not_happened":
            killed, wounded = claim_figures(text)  # "Two people died after a drone dropped explosives"
        if status == "happened" and contra.repelled_unharmed(text):
            status = "not_happened"
    return contra.Report(
        event="" if f.claim else f.event,
        article=f.article,
        outlet=contra.outlet_of(source=article.get("source") or "", url=article.get("url") or ""),
        published=article.get("published") or "",
        status=status,
        claims=(f.event,) if f.claim else tuple(member.event.get("claims") or ()),
        fatalities=_figure(killed),
        injured=_figure(wounded),
        kind=f.sub_type,
        held=contra.still_held(text),
    )


def _figures_of_claims(event: JSON, claims: dict[str, contra.ClaimView]) -> tuple[JSON | None, JSON | None]:
    spans = [(int(s["start"]), int(s["end"])) for s in event.get("evidence") or [] if s]
    for claim_id in event.get("claims") or ():
        claim = claims.get(claim_id)
        if claim is None or claim.stance not in ("asserted", "reported", "assessed"):
            continue
        if any(a <= claim.start and claim.end <= b for a, b in spans):
            killed, wounded = claim_figures(claim.text)
            if killed or wounded:
                return killed, wounded
    return None, None


def _figure(quantity: JSON | None) -> contra.Figure | None:
    """A figure as an interval; a word of many ("dozens", coded 12 as ACLED codes it) is a lower bound, not
    a count that "more than 60" contradicts."""
    if not quantity:
        return None
    written = str((quantity.get("span") or {}).get("text", ""))
    bound = "at_least" if _MANY.fullmatch(written.strip()) else quantity.get("bound") or "exact"
    return contra.Figure(value=int(quantity["value"]), bound=bound, high=quantity.get("high"))


def claim_view(claim: JSON) -> contra.ClaimView:
    speaker = claim.get("speaker") or {}
    span = claim.get("span") or {}
    return contra.ClaimView(
        id=claim["id"],
        article=claim["article_id"],
        speaker=Speaker(
            name=speaker.get("name", ""),
            role=speaker.get("role", ""),
            organisation=speaker.get("organisation", ""),
        ),
        stance=claim.get("stance", ""),
        text=claim.get("text", ""),
        start=int(span.get("start", 0)),
        end=int(span.get("end", 0)),
    )


def _article_denials(session: LinkSession, material: Material, *, members: set[str]) -> None:
    """Denials no story holds (no event carries them and they joined no story by themselves), paired with
    the claim of their own article they answer."""
    in_stories = members | {c for e in material.events for c in e.get("claims") or ()}
    views = [claim_view(c) for c in material.claims]
    found = [c for c in contra.denials_in_article(views, linked={}) if c.second.claim not in in_stories]
    session.save_article_contradictions(str(material.article["id"]), found)


def link_pending(store: Any) -> LinkSummary:
    """Link every queued article, oldest first, each in one transaction of `store.linking()`."""
    total = LinkSummary()
    while True:
        with store.linking() as session:
            queued = session.queued(limit=1)
            if not queued:
                return total
            done = link_article(session, queued[0])
        total = LinkSummary(
            articles=total.articles + done.articles,
            events=total.events + done.events,
            joined=total.joined + done.joined,
        )
