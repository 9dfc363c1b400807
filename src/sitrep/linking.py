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
import zlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Protocol

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
        )


def features_of(event: JSON, *, article: str, text: str) -> Features:
    """Features of a stored event (its JSON); `text` is its evidence, whose words are hashed."""
    occurred = event.get("occurred") or {}
    points = tuple(
        Point(p["lat"], p["lon"], int(p.get("precision") or 3), p.get("geonameid"), p.get("name", ""))
        for p in event.get("places") or []
        if _finite(p.get("lat")) and _finite(p.get("lon"))
    )
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
    )


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


def search_keys(f: Features) -> list[tuple[int, str, str]]:
    """(cell, first day, last day) ranges to look for an event's candidates in."""
    if f.start is None or f.end is None or not 0 < f.days <= MAX_DAYS_INDEXED:
        return []
    first = (f.start - timedelta(days=DAY_GAP)).isoformat()
    last = (f.end + timedelta(days=DAY_GAP)).isoformat()
    cells = sorted({c for p in f.points for c in _cells_near(p)}) or [UNLOCATED_CELL]
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
    """How likely two events are one, 0..1; None when they cannot be (types, places or dates apart)."""
    kind, where, when = _type_agreement(a, b), _place_agreement(a, b), _date_agreement(a, b)
    if kind is None or where is None or when is None:
        return None
    text = min(1.0, similarity(a.signature, b.signature) / 0.4)
    actor = 0.5 if not (a.actor and b.actor) else float(a.actor == b.actor)
    return 0.25 * kind + 0.25 * where + 0.15 * when + 0.1 * actor + 0.25 * text


def _type_agreement(a: Features, b: Features) -> float | None:
    if a.type == b.type:
        return 1.0 if a.sub_type == b.sub_type else 0.75
    if a.type in _VIOLENCE and b.type in _VIOLENCE:
        return 0.5
    return None


def _place_agreement(a: Features, b: Features) -> float | None:
    if not a.points and not b.points:
        return 0.3
    best: float | None = None
    for p in a.points:
        for q in b.points:
            score = _point_agreement(p, q)
            if score is not None and (best is None or score > best):
                best = score
    return best


def _point_agreement(p: Point, q: Point) -> float | None:
    if p.geonameid is not None and p.geonameid == q.geonameid:
        return 1.0
    km = distance_km(p.lat, p.lon, q.lat, q.lon)
    reach = max(REACH_KM.get(p.precision, 150.0), REACH_KM.get(q.precision, 150.0))
    if km > reach:
        return None
    return 1.0 - 0.6 * km / reach


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
    """Whether an event may join a story: compatible with every member, from an article not yet in it, and
    keeping the story's precise dates close together."""
    if len(members) >= MAX_STORY_EVENTS or any(m.article == f.article for m in members):
        return False
    if any(pair_score(f, m) is None for m in members):
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
    for event in material.events:
        f = features_of(event, article=article_id, text=_evidence_text(event))
        story = choose_story(session, f, taken=taken)
        joined += story is not None
        story = story or record_id("story", f.event)
        session.add_member(f, story_id=story, keys=index_keys(f))
        taken.add(story)
        touched.add(story)
    for story_id in sorted(touched):
        refresh_story(session, story_id)
    _article_denials(session, material)
    return LinkSummary(articles=1, events=len(material.events), joined=joined)


def _evidence_text(event: JSON) -> str:
    return " ".join(s["text"] for s in event.get("evidence") or [] if s)


def choose_story(session: LinkSession, f: Features, *, taken: set[str]) -> str | None:
    """The story an event belongs to among the stored ones, or None for a story of its own."""
    keys = search_keys(f)
    if not keys:
        return None
    best: dict[str, float] = {}
    for candidate, story in session.candidates(keys, article_id=f.article):
        score = pair_score(f, candidate)
        if score is not None and score >= THRESHOLD and score > best.get(story, 0.0):
            best[story] = score
    for story, _ in sorted(best.items(), key=lambda item: (-item[1], item[0])):
        if story not in taken and fits(f, session.member_features(story)):
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
