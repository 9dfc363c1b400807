"""Stories: events from different articles that report the same real-world event, grouped as they arrive.

A new article's events are compared only with stored events found through the store's link index (the
same 0.5-degree map cells, nearby days), so linking one article costs the same in a store of a thousand
events as in one of a million. Two events may be one story when all of these hold:

- their types agree (the same ACLED type, or both armed violence: one outlet's "shelling" is another's
  "missile strike" or "attack on civilians");
- a place of one lies within reach of a place of the other (25 km for towns, 50 km near a town, 150 km for
  a region; ACLED's precision scale), or neither has a place;
- their dates overlap, or are a day apart;

and then a score over type, place, date, actors and the words of their evidence (MinHash over content
words) decides. An event joins the best-scoring story it is compatible with as a whole (at most one event
per article in a story, precise dates within two days of each other), else founds a story of its own.
Everything is ordered (candidates, ties, stories) so the same inputs in the same order give the same
stories. Corroboration and contradictions are then summed up again for each story that changed
(`sitrep.contradictions`).
"""

from __future__ import annotations

import json
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
from sitrep.geo import distance_km
from sitrep.models import Contradiction, Speaker, Story, record_id

log = logging.getLogger(__name__)

JSON = dict[str, Any]

CELL_DEGREES = 0.5
UNLOCATED_CELL = 0
MAX_DAYS_INDEXED = 8  # events dated more vaguely than this ("in March") are never linked
DAY_GAP = 1  # reports of one event may date it a day apart (overnight, time zones)
STORY_DAYS = 2  # precise dates within one story stay this close
REACH_KM = {1: 25.0, 2: 50.0, 3: 150.0}
THRESHOLD = 0.6
MAX_STORY_EVENTS = 500  # a story this large stops growing: it would be many events, not one
_PERMUTATIONS = 64
_PRIME = (1 << 61) - 1
_VIOLENCE = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians"})
# Who holds a place is reported as a battle by one outlet and as a transfer by another.
_TERRITORY = frozenset(
    {
        "Non-state actor overtakes territory",
        "Government regains territory",
        "Non-violent transfer of territory",
    }
)
SAME_NAME = 80  # rapidfuzz ratio over which two place names are one place misread by the gazetteer

# What was hit tells apart two strikes on one town on one day: a school and a power station are two
# events. Kinds of target as news names them; "power station" is read before "station".
_TARGETS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(rf"\b(?:{words})\b", re.I))
    for kind, words in (
        (
            "energy",
            r"power\s+(?:station|plant|line|grid|supply)|energy|electricity|substations?|nuclear|"
            r"thermal\s+plant|heating\s+plant|hydroelectric|dam|grid",
        ),
        (
            "residential",
            r"apartments?|flats?|residential|houses?|homes?|housing|high-rise|dormitor(?:y|ies)|"
            r"gardens?|yards?|neighbourhood|villas?",
        ),
        ("medical", r"hospitals?|clinics?|maternity|ambulances?|medical\s+cent(?:re|er)s?"),
        ("education", r"schools?|kindergartens?|universit(?:y|ies)|colleges?|nurser(?:y|ies)"),
        (
            "commerce",
            r"markets?|malls?|shopping|supermarkets?|shops?|bazaars?|restaurants?|caf[eé]s?|hotels?",
        ),
        (
            "transport",
            r"(?<!power\s)stations?|railways?|trains?|bridges?|airports?|roads?|highways?|"
            r"bus\s+stops?|rail\s+hub|crossings?|checkpoints?",
        ),
        ("port", r"ports?|harbou?rs?|terminals?|docks?|ships?|vessels?"),
        ("agriculture", r"grain|farms?|farmers?|fields?|tractors?|harvest|crops?|silos?|livestock"),
        ("fuel", r"fuel|oil|petrol|gasoline|refiner(?:y|ies)|gas\s+(?:station|pipeline)s?"),
        (
            "military",
            r"bases?|airfields?|air\s+base|barracks|ammunition|arms\s+depot|weapons|"
            r"command\s+posts?|military\s+units?|positions?|trenches",
        ),
        (
            "government",
            r"administration|council|government|ministry\s+building|city\s+hall|town\s+hall|"
            r"parliament|police\s+station",
        ),
        (
            "culture",
            r"theat(?:re|er)s?|museums?|churche?s?|cathedrals?|monaster(?:y|ies)|mosques?|"
            r"librar(?:y|ies)|stadiums?",
        ),
        ("vehicles", r"convoy|cars?|buses|bus|vehicles?|trucks?|lorr(?:y|ies)|minibus(?:es)?"),
        ("aid", r"humanitarian|aid\s+(?:centre|center|point|distribution)|shelters?|evacuation\s+point"),
    )
)


# ---- what linking compares -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Point:
    lat: float
    lon: float
    precision: int
    geonameid: int | None = None
    name: str = ""


@dataclass(frozen=True, slots=True)
class Features:
    """One event as linking sees it: kept in the store beside its story membership."""

    event: str
    article: str
    type: str
    sub_type: str
    status: str
    points: tuple[Point, ...]
    start: date | None
    end: date | None
    actor: str
    signature: tuple[int, ...]
    targets: tuple[str, ...] = ()

    @property
    def days(self) -> int:
        if self.start is None or self.end is None:
            return 0
        return (self.end - self.start).days + 1

    @property
    def precise(self) -> bool:
        return 0 < self.days <= 2

    def to_json(self) -> str:
        data = {
            "type": self.type,
            "sub_type": self.sub_type,
            "status": self.status,
            "points": [[p.lat, p.lon, p.precision, p.geonameid, p.name] for p in self.points],
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "actor": self.actor,
            "signature": list(self.signature),
            "targets": list(self.targets),
        }
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, raw: str, *, event: str, article: str) -> Features:
        data = json.loads(raw)
        return cls(
            event=event,
            article=article,
            type=data["type"],
            sub_type=data["sub_type"],
            status=data["status"],
            points=tuple(Point(p[0], p[1], p[2], p[3], p[4]) for p in data["points"]),
            start=date.fromisoformat(data["start"]) if data["start"] else None,
            end=date.fromisoformat(data["end"]) if data["end"] else None,
            actor=data["actor"],
            signature=tuple(data["signature"]),
            targets=tuple(data.get("targets", ())),
        )


def features_of(event: JSON, *, article: str, text: str) -> Features:
    """Features of a stored event (its JSON); `text` is its evidence, whose words are hashed."""
    occurred = event.get("occurred") or {}
    points = tuple(
        Point(p["lat"], p["lon"], int(p.get("precision") or 3), p.get("geonameid"), p.get("name", ""))
        for p in event.get("places") or []
        if _finite(p.get("lat")) and _finite(p.get("lon")) and p.get("kind") != "country"
    )  # a country is no place to tell events apart by
    return Features(
        event=event["id"],
        article=article,
        type=event.get("type", ""),
        sub_type=event.get("sub_type", ""),
        status=event.get("status", ""),
        points=points,
        start=_day(occurred.get("start")),
        end=_day(occurred.get("end")),
        actor=event.get("actor1", ""),
        signature=minhash(contra.content_words(text)),
        targets=targets_in(text),
    )


def targets_in(text: str) -> tuple[str, ...]:
    """The kinds of target a text names ("residential", "energy", ...), in a fixed order."""
    return tuple(kind for kind, pattern in _TARGETS if pattern.search(text))


def _finite(value: object) -> bool:
    return isinstance(value, int | float) and math.isfinite(value)


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value[:10]) if value else None


def minhash(words: Iterable[str]) -> tuple[int, ...]:
    """A MinHash signature of a word set: the share of equal slots estimates the sets' Jaccard similarity.

    Hashes are CRC-32 under fixed affine permutations, so signatures are the same in every process."""
    hashes = [zlib.crc32(w.encode("utf-8")) for w in sorted(set(words))]
    if not hashes:
        return ()
    return tuple(min((a * h + b) % _PRIME for h in hashes) & 0xFFFFFFFF for a, b in _coefficients())


def _coefficients() -> list[tuple[int, int]]:
    return [((i * 2654435761 + 97) % _PRIME | 1, (i * 40503 + 7919) % _PRIME) for i in range(_PERMUTATIONS)]


def similarity(a: Sequence[int], b: Sequence[int]) -> float:
    if not a or not b:
        return 0.0
    return sum(x == y for x, y in zip(a, b, strict=False)) / min(len(a), len(b))


# ---- where to look -----------------------------------------------------------------------------------------


def cell_of(lat: float, lon: float) -> int:
    row = math.floor((lat + 90) / CELL_DEGREES)
    col = math.floor((lon + 180) / CELL_DEGREES)
    return 1 + row * 1000 + col


def index_keys(f: Features) -> list[tuple[int, str]]:
    """(cell, day) rows an event is found under; none for an undated or vaguely dated one."""
    if f.start is None or not 0 < f.days <= MAX_DAYS_INDEXED:
        return []
    cells = sorted({cell_of(p.lat, p.lon) for p in f.points}) or [UNLOCATED_CELL]
    days = [(f.start + timedelta(days=i)).isoformat() for i in range(f.days)]
    return [(cell, day) for cell in cells for day in days]


def search_keys(f: Features, *, around: Sequence[tuple[float, float]] = ()) -> list[tuple[int, str, str]]:
    """(cell, first day, last day) ranges to look for an event's candidates in. Unlocated events are
    looked for by everyone; an unlocated event looks among them and around the places of its article
    (`around`), since the event is likely near what its article talks about."""
    if f.start is None or f.end is None or not 0 < f.days <= MAX_DAYS_INDEXED:
        return []
    first = (f.start - timedelta(days=DAY_GAP)).isoformat()
    last = (f.end + timedelta(days=DAY_GAP)).isoformat()
    points = f.points or tuple(Point(lat, lon, 3) for lat, lon in around)
    cells = sorted({UNLOCATED_CELL, *(c for p in points for c in _cells_near(p))})
    return [(cell, first, last) for cell in cells]


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
    apart)."""
    kind, where, when = _type_agreement(a, b), _place_agreement(a, b), _date_agreement(a, b)
    target = _target_agreement(a, b)
    if kind is None or where is None or when is None or target is None:
        return None
    text = min(1.0, similarity(a.signature, b.signature) / 0.4)
    if bool(a.points) != bool(b.points) and text < 0.5:
        return None  # one report placed it, the other did not: only their words can join them
    actor = 0.5 if not (a.actor and b.actor) else float(a.actor == b.actor)
    return 0.2 * kind + 0.2 * where + 0.15 * when + 0.05 * actor + 0.15 * text + 0.25 * target


def _type_agreement(a: Features, b: Features) -> float | None:
    if a.type == b.type:
        return 1.0 if a.sub_type == b.sub_type else 0.75
    if a.sub_type in _TERRITORY and b.sub_type in _TERRITORY:
        return 0.75
    if a.type in _VIOLENCE and b.type in _VIOLENCE:
        return 0.5
    return None


def _target_agreement(a: Features, b: Features) -> float | None:
    if not a.targets or not b.targets:
        return 0.5
    return 1.0 if set(a.targets) & set(b.targets) else None


def _place_agreement(a: Features, b: Features) -> float | None:
    if not a.points and not b.points:
        return 0.3
    if not a.points or not b.points:
        return 0.3
    scores = [_point_agreement(p, q) for p in a.points for q in b.points]
    return max((s for s in scores if s is not None), default=None)


def _point_agreement(p: Point, q: Point) -> float | None:
    if p.geonameid is not None and p.geonameid == q.geonameid:
        return 1.0
    km = distance_km(p.lat, p.lon, q.lat, q.lon)
    reach = max(REACH_KM.get(p.precision, 150.0), REACH_KM.get(q.precision, 150.0))
    if km <= reach:
        return 1.0 - 0.6 * km / reach
    if p.name and q.name and fuzz.ratio(contra.fold(p.name), contra.fold(q.name)) >= SAME_NAME:
        return 0.6  # one name, two places: one report's gazetteer reading is likely wrong
    return None


def _date_agreement(a: Features, b: Features) -> float | None:
    if a.start is None or a.end is None or b.start is None or b.end is None:
        return None
    gap = (max(a.start, b.start) - min(a.end, b.end)).days
    if gap > DAY_GAP:
        return None
    if gap > 0:
        return 0.4
    return 1.0 if a.precise and b.precise else 0.7


def fits(f: Features, members: Sequence[Features]) -> bool:
    """Whether an event may join a story: compatible with some event of each article in it (an article's
    siblings may differ in place), from an article not yet in it, keeping precise dates close together."""
    if len(members) >= MAX_STORY_EVENTS or any(m.article == f.article for m in members):
        return False
    by_article: dict[str, list[Features]] = {}
    for m in members:
        by_article.setdefault(m.article, []).append(m)
    if not all(any(pair_score(f, m) is not None for m in group) for group in by_article.values()):
        return False
    starts = [m.start for m in (*members, f) if m.precise and m.start is not None]
    return not starts or (max(starts) - min(starts)).days <= STORY_DAYS


# ---- the store, as linking uses it -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Material:
    """What linking reads of one article: its summary, events and claims (JSON as stored)."""

    article: JSON
    events: list[JSON]
    claims: list[JSON]
    places: list[tuple[float, float]] = field(default_factory=list)  # every place the article names


@dataclass(frozen=True, slots=True)
class Member:
    """A story's event with its features, its JSON and its article's summary."""

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
    """Link one queued article's events into stories and sum up every story that changed."""
    material = session.material(article_id)
    session.dequeue(article_id)
    if material is None:
        return LinkSummary()
    touched = set(session.stale_stories())
    taken: set[str] = set()
    joined = 0
    features = [features_of(e, article=article_id, text=_evidence_text(e)) for e in material.events]
    for group in sibling_groups(features, material.events):
        story = choose_story(session, group, taken=taken, around=material.places)
        joined += len(group) if story is not None else 0
        story = story or record_id("story", group[0].event)
        for f in group:
            session.add_member(f, story_id=story, keys=index_keys(f))
        taken.add(story)
        touched.add(story)
    for story_id in sorted(touched):
        refresh_story(session, story_id)
    _article_denials(session, material)
    return LinkSummary(articles=1, events=len(material.events), joined=joined)


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
    """The stored story a group of sibling events belongs to, or None for a story of their own."""
    best: dict[str, float] = {}
    for f in group:
        keys = search_keys(f, around=around)
        for candidate, story in session.candidates(keys, article_id=f.article) if keys else ():
            score = pair_score(f, candidate)
            if score is not None and score >= THRESHOLD and score > best.get(story, 0.0):
                best[story] = score
    for story, _ in sorted(best.items(), key=lambda item: (-item[1], item[0])):
        members = session.member_features(story)
        if story not in taken and any(fits(f, members) for f in group):
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
    ordered = sorted(
        members, key=lambda m: (m.article.get("published") or "", m.features.article, m.features.event)
    )
    views = {c["id"]: claim_view(c) for c in claims}
    reports = [report_of(m) for m in ordered]
    place = min((p for m in ordered for p in m.features.points), key=lambda p: p.precision, default=None)
    starts = [m.features.start for m in ordered if m.features.start is not None]
    ends = [m.features.end for m in ordered if m.features.end is not None]
    return Story(
        id=story_id,
        events=tuple(m.features.event for m in ordered),
        articles=tuple(dict.fromkeys(m.features.article for m in ordered)),
        sources=contra.sources_of(reports, views),
        type=Counter(m.features.type for m in ordered).most_common(1)[0][0],
        place=place.name if place else "",
        lat=place.lat if place else None,
        lon=place.lon if place else None,
        first_day=min(starts, default=None),
        last_day=max(ends, default=None),
        contradictions=contra.find_contradictions(story_id, reports, views),
    )


def _member_order(member: Member) -> tuple[str, str, str]:
    return (member.article.get("published") or "", member.features.article, member.features.event)


def report_of(member: Member) -> contra.Report:
    article = member.article
    return contra.Report(
        event=member.features.event,
        article=member.features.article,
        outlet=contra.outlet_of(source=article.get("source") or "", url=article.get("url") or ""),
        published=article.get("published") or "",
        status=member.features.status,
        claims=tuple(member.event.get("claims") or ()),
        fatalities=_figure(member.event.get("fatalities")),
        injured=_figure(member.event.get("injured")),
    )


def _figure(quantity: JSON | None) -> contra.Figure | None:
    if not quantity:
        return None
    return contra.Figure(
        value=int(quantity["value"]), bound=quantity.get("bound") or "exact", high=quantity.get("high")
    )


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


def _article_denials(session: LinkSession, material: Material) -> None:
    """Denials no event carries, paired with the claim of their own article they answer (in no story)."""
    in_events = {c for e in material.events for c in e.get("claims") or ()}
    views = [claim_view(c) for c in material.claims]
    found = [c for c in contra.denials_in_article(views, linked={}) if c.second.claim not in in_events]
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
