"""What linking compares of one event: its type, places, days, actor, targets and the words of its evidence.

Kept with each story member in the store (`Features.to_json`), so a candidate never has to be read again
from its article. Text similarity is a MinHash over content words: CRC-32 hashes under fixed permutations,
so signatures are the same in every process.
"""

from __future__ import annotations

import json
import math
import re
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from typing import Any

from rapidfuzz import fuzz

from sitrep import contradictions as contra
from sitrep.gazetteer.words import demonym_country, is_common_word
from sitrep.stages.event_kinds import KINDS

JSON = dict[str, Any]

_PERMUTATIONS = 64
REGION = 3  # the precision of a region (ACLED's scale: 1 a town, 2 near a town, 3 a region)
_PRIME = (1 << 61) - 1

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
            r"(?:administration|council|government|ministry)\s+(?:building|headquarters|offices?)|"
            r"city\s+hall|town\s+hall|parliament|police\s+station",
        ),
        (
            "culture",
            r"theat(?:re|er)s?|museums?|churche?s?|cathedrals?|monaster(?:y|ies)|mosques?|"
            r"librar(?:y|ies)|stadiums?",
        ),
        ("vehicles", r"convoy|cars?|buses|bus|vehicles?|trucks?|lorr(?:y|ies)|minibus(?:es)?"),
        (
            "aid",
            r"humanitarian\s+(?:aid|convoys?|hubs?|cent(?:re|er)s?|warehouses?|workers?)|"
            r"aid\s+(?:centre|center|point|distribution|convoys?)|shelters?|evacuation\s+point|"
            r"(?:displacement|displaced|refugee|idp)\s+camps?|camps?\s+for\s+(?:the\s+)?(?:displaced|refugees)",
        ),
    )
)


@dataclass(frozen=True, slots=True)
class Point:
    lat: float
    lon: float
    precision: int
    geonameid: int | None = None
    name: str = ""  # as the gazetteer names it
    written: str = ""  # as the article writes it

    def to_list(self) -> list[object]:
        return [self.lat, self.lon, self.precision, self.geonameid, self.name, self.written]

    @classmethod
    def from_list(cls, item: Sequence[Any]) -> Point:
        return cls(item[0], item[1], item[2], item[3], item[4], item[5] if len(item) > 5 else "")


@dataclass(frozen=True, slots=True)
class Mention:
    """A place an article names, and where."""

    point: Point
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Features:
    """One story member as linking sees it: an event, or a claim that joined by itself (`claim`; its id is
    then in `event`). Kept in the store beside its story membership."""

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
    claim: bool = False
    near: tuple[Point, ...] = ()  # other places its sentences name ("officials in Enerhodar said")
    names: tuple[str, ...] = ()  # capitalised words inside its sentences, any of which may be a place
    # Names its sentences place something at ("in Depayin", "near Boni") that no place reading covers: a
    # town the gazetteer does not know, which another report of the event may name too.
    place_words: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()  # the ACLED types the words of its evidence name, its own read or not
    said_day: bool = False  # its day is the day a speaker said it ("the ministry said on Monday ...")

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
            "points": [p.to_list() for p in self.points],
            "near": [p.to_list() for p in self.near],
            "names": list(self.names),
            "place_words": list(self.place_words),
            "kinds": list(self.kinds),
            "said_day": self.said_day,
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "actor": self.actor,
            "signature": list(self.signature),
            "targets": list(self.targets),
        }
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, raw: str, *, event: str, article: str, claim: bool = False) -> Features:
        data = json.loads(raw)
        return cls(
            event=event,
            article=article,
            type=data["type"],
            sub_type=data["sub_type"],
            status=data["status"],
            points=tuple(Point.from_list(p) for p in data["points"]),
            near=tuple(Point.from_list(p) for p in data.get("near", ())),
            names=tuple(data.get("names", ())),
            place_words=tuple(data.get("place_words", ())),
            kinds=tuple(data.get("kinds", ())),
            said_day=bool(data.get("said_day", False)),
            start=date.fromisoformat(data["start"]) if data["start"] else None,
            end=date.fromisoformat(data["end"]) if data["end"] else None,
            actor=data["actor"],
            signature=tuple(data["signature"]),
            targets=tuple(data.get("targets", ())),
            claim=claim,
        )


def features_of(
    event: JSON, *, article: str, text: str, mentions: Sequence[Mention] = (), countries: Sequence[str] = ()
) -> Features:
    """Features of a stored event (its JSON); `text` is its evidence, whose words are hashed; `mentions`
    are the places its article names, of which those inside its evidence are `near` it; `countries` the
    countries it names, as written."""
    occurred = event.get("occurred") or {}
    points = tuple(
        Point(
            p["lat"],
            p["lon"],
            int(p.get("precision") or 3),
            p.get("geonameid"),
            p.get("name", ""),
            (p.get("span") or {}).get("text", ""),
        )
        for p in event.get("places") or []
        if _finite(p.get("lat")) and _finite(p.get("lon")) and p.get("kind") != "country"
    )  # a country is no place to tell events apart by
    points = tuple(_as_region(p, text) for p in points)
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
        near=near_points(mentions, spans=_spans(event), besides=points),
        names=proper_names(text),
        place_words=unread_place_words(text, read=read_words(mentions, countries)),
        kinds=kinds_named(text),
        said_day=dated_by_saying(text, str(occurred.get("text") or "")),
    )


_REPORTING = r"(?:said|says|told|reported|announced|claimed|added|stated|confirmed|denied|rejected|dismissed)"
# A day named right after a reporting verb: "said on Monday", "told reporters on Monday"; right before one:
# "the ministry on Tuesday rejected"; or the day a toll was given: "the toll stood at six on Wednesday".
_SAID_BEFORE = rf"\b{_REPORTING}\s+(?:\w+\s+){{0,2}}?"
_SAID_AFTER = rf"\s+{_REPORTING}\b"
_TOLL_BEFORE = r"\btoll\b[^.;]{0,40}?\b(?:stood|rose|was|reached|climbed|risen)\b[^.;]{0,30}?"


# A part of a named place: "in central Gaza", "in eastern Congo" name a region around it, not a town.
_PART = r"\b(?:central|(?:north|south)?-?(?:northern|southern|eastern|western))\s+"


def _as_region(point: Point, text: str) -> Point:
    """A place written as a part of it ("central Gaza") at the precision of a region."""
    if point.precision >= REGION or not point.written:
        return point
    if re.search(_PART + re.escape(point.written) + r"\b", text, re.I) is None:
        return point
    return replace(point, precision=REGION)


def dated_by_saying(text: str, day_words: str) -> bool:
    """Whether the words that date an event are the day it was said (or its toll given), not done."""
    if not day_words:
        return False
    day = re.escape(day_words)
    return any(
        re.search(pattern, text) is not None
        for pattern in (_SAID_BEFORE + day + r"\b", r"\b" + day + _SAID_AFTER, _TOLL_BEFORE + day + r"\b")
    )


def _spans(event: JSON) -> list[tuple[int, int]]:
    return [(int(s["start"]), int(s["end"])) for s in event.get("evidence") or [] if s]


def near_points(
    mentions: Sequence[Mention], *, spans: Sequence[tuple[int, int]], besides: Sequence[Point]
) -> tuple[Point, ...]:
    """The places named inside `spans` that are not among `besides`, each once."""
    own = {(p.lat, p.lon) for p in besides}
    inside = [
        m.point
        for m in mentions
        if any(a <= m.start and m.end <= b for a, b in spans) and (m.point.lat, m.point.lon) not in own
    ]
    return tuple(dict.fromkeys(inside))


# A capitalised word not opening a sentence: a name, and perhaps a place no gazetteer reading kept.
_WORD = re.compile(r"[^\W\d_]+")
_POSSESSIVE = re.compile(r"['’]s$")
_ARTICLE = re.compile(r"^(?:al|el|ad|ar|as|ash|an|at|az|ed|ez)-")
_NAME = re.compile(r"(?<![.!?”\"]\s)(?<!^)\b[A-Z][\w'’-]*[a-z]\b")


def proper_names(text: str) -> tuple[str, ...]:
    """The capitalised words of a text that do not open a sentence, as written, each once."""
    return tuple(dict.fromkeys(m.group() for m in _NAME.finditer(text.strip())))


# What places a name: "in", "near", "between Douentza and", "the town of", "north of", "in Sagaing's",
# "in central", "captured", "bombed".
_LOCATIVE = re.compile(
    r"(?:\b(?:in|near|outside|around|into|towards?|between)|\bbetween\s+[A-Z][\w'’-]*\s+and|"
    r"\b(?:town|city|village|port|region|district|province|township|county|outskirts|suburbs?|centre|center|"
    r"edge|north|south|east|west|northeast|northwest|southeast|southwest)\s+of|"
    r"\b(?:captured|captures|seized|entered|took|taken|overran|overrun|stormed|shelled|bombed|struck|hit|"
    r"besieged|encircled|liberated|recaptured|retook|holding|held)|"
    r"\b(?:attacks?|strikes?|raids?|assaults?|shelling|bombing|offensive)\s+on)\s+(?:the\s+)?"
    r"(?:(?:central|northern|southern|eastern|western|occupied|besieged|frontline|front-line|"
    r"[\w]+-(?:occupied|held|controlled))\s+)?"
    r"(?:[A-Z][\w'’-]*(?:'s|’s)\s+)?$"
)


# ... or is followed by what names a place: "the Kafr Nabl market", "the Boulkessi garrison".
_PLACE_NOUN_AFTER = re.compile(
    r"(?:\s+[A-Z][\w'’-]*)*\s+(?:market|bazaar|camp|district|neighbou?rhood|village|town|city|township|"
    r"province|region|garrison|base|airfield|airport|refinery|port|harbou?r|terminal|hospital|school|square|"
    r"bridge|station|plant|checkpoint|crossing|outskirts)\b"
)


def read_words(mentions: Sequence[Mention], countries: Sequence[str]) -> frozenset[str]:
    """The words of every place name the gazetteer reading covered, folded."""
    written = [m.point.written for m in mentions] + list(countries)
    return frozenset(w for name in written for w in _WORD.findall(contra.fold(name)))


def unread_place_words(text: str, *, read: frozenset[str]) -> tuple[str, ...]:
    """The names a text places something at that no place reading covers, folded, each once."""
    text = text.strip()
    found = []
    for m in _NAME.finditer(text):
        if _POSSESSIVE.search(m.group()):
            continue  # "in Zelenskiy's hometown": an owner more often than a place
        word = _ARTICLE.sub("", fold_name(m.group()))  # "Al-Sireha": "sireha"
        if word in read or "-" in word or is_common_word(word) or demonym_country(word):
            continue  # "Russian-occupied", "Kurdish-led": no place
        if _LOCATIVE.search(text[max(0, m.start() - 60) : m.start()]) or _PLACE_NOUN_AFTER.match(
            text, m.end()
        ):
            found.append(word)
    return tuple(dict.fromkeys(found))


@lru_cache(maxsize=1 << 16)
def fold_name(name: str) -> str:
    """A name folded, without a possessive ("Sagaing's": "sagaing")."""
    return _POSSESSIVE.sub("", contra.fold(name))


def named_alike(word: str, others: Iterable[str]) -> bool:
    """Whether a folded name is one of `others` in another spelling ("Nabatieh", "Nabatiyeh")."""
    return any(word == o or (len(word) >= 5 and fuzz.ratio(word, o) >= 85) for o in others)


def kinds_named(text: str) -> tuple[str, ...]:
    """The ACLED types whose trigger words a text holds, in a fixed order."""
    return tuple(dict.fromkeys(k.type for k in KINDS if k.trigger.search(text)))


# What a place is near was not hit: "rounds landed near a water point and a market".
_BESIDE = re.compile(r"\b(?:near|outside|close\s+to|next\s+to|beside)\s+(?:[\w'’-]+\s+){0,5}$", re.I)
_CLAUSE = re.compile(r"[,;:.!?]")


def targets_in(text: str) -> tuple[str, ...]:
    """The kinds of target a text names as hit ("residential", "energy", ...), in a fixed order; not those
    it names only as near where something fell."""
    return tuple(
        kind
        for kind, pattern in _TARGETS
        if any(not _beside(text, m.start()) for m in pattern.finditer(text))
    )


def _beside(text: str, at: int) -> bool:
    before = text[max(0, at - 80) : at]
    return _BESIDE.search(_CLAUSE.split(before)[-1]) is not None


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
