"""The records that flow between sitrep's stages: frozen, typed, and tied to the text they came from.

Every extracted value carries the `Span` (character offsets into `Article.text`) it was read from, so a
reader can always go back to the words.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum


class PlaceKind(StrEnum):
    COUNTRY = "country"
    REGION = "region"
    DISTRICT = "district"
    CITY = "city"
    VILLAGE = "village"


class Granularity(StrEnum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"


class Bound(StrEnum):
    EXACT = "exact"
    AT_LEAST = "at_least"
    AT_MOST = "at_most"
    ABOUT = "about"
    RANGE = "range"


class Stance(StrEnum):
    ASSERTED = "asserted"
    DENIED = "denied"
    DISPUTED = "disputed"
    ASSESSED = "assessed"
    REPORTED = "reported"


class Modality(StrEnum):
    FACT = "fact"
    INTENTION = "intention"
    ASSESSMENT = "assessment"
    FORECAST = "forecast"


class Status(StrEnum):
    HAPPENED = "happened"
    ONGOING = "ongoing"
    NOT_HAPPENED = "not_happened"
    PLANNED = "planned"


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """Half-open character offsets `[start, end)` into an article's text."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"invalid span {self.start}..{self.end}")

    def text_of(self, text: str) -> str:
        return text[self.start : self.end]

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end


@dataclass(frozen=True, slots=True)
class Article:
    """One report as read, before any analysis. `id` is a hash of source and text (see `article_id`)."""

    id: str
    text: str
    published: date | datetime | None = None
    source: str = ""
    url: str = ""
    title: str = ""
    dateline: str | None = None
    language: str = "en"

    @property
    def published_date(self) -> date | None:
        if isinstance(self.published, datetime):
            return self.published.date()
        return self.published


def article_id(text: str, *, published: date | datetime | None = None, title: str = "") -> str:
    """Content hash: the same report read twice gets the same id, whatever file it came from."""
    key = "\x1f".join((str(published or ""), title.strip(), text.strip()))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def record_id(prefix: str, article: str, *parts: object) -> str:
    """A stable id for a record derived from an article: same input, same id, across runs."""
    key = "\x1f".join([article, *map(str, parts)])
    return f"{prefix}_{hashlib.sha256(key.encode('utf-8')).hexdigest()[:12]}"


@dataclass(frozen=True, slots=True)
class Place:
    """A resolved place mention. `precision` follows ACLED: 1 the town itself, 2 near/district, 3 region."""

    name: str
    country: str
    lat: float
    lon: float
    kind: PlaceKind
    precision: int
    span: Span
    geonameid: int | None = None
    admin1: str = ""
    admin2: str = ""
    relation: str = ""  # "north of", "in and around", "outskirts of"... as written
    confidence: float = 1.0


@dataclass(frozen=True, slots=True)
class TimeRef:
    """A time expression resolved to a date range against an anchor (usually the published date)."""

    text: str
    start: date
    end: date
    granularity: Granularity
    span: Span | None = None
    anchor: date | None = None
    relation: str = ""  # "since", "until", "from", "to" for the ends of a period, "" for a point
    confidence: float = 1.0


@dataclass(frozen=True, slots=True)
class Quantity:
    """A counted number of people. `high` is set only for ranges."""

    value: int
    bound: Bound
    category: str  # killed, wounded, missing, displaced, detained
    span: Span
    population: str = ""  # civilians, children, soldiers...
    high: int | None = None


@dataclass(frozen=True, slots=True)
class Speaker:
    name: str = ""
    role: str = ""
    organisation: str = ""

    def label(self) -> str:
        parts = [p for p in (self.name, self.role, self.organisation) if p]
        return ", ".join(parts) or "unknown"


@dataclass(frozen=True, slots=True)
class Claim:
    """Who said what, when, and how firmly. `span` covers the claimed content, `cue` the reporting words."""

    id: str
    speaker: Speaker
    verb: str
    span: Span
    stance: Stance
    modality: Modality
    said: TimeRef | None = None
    cue: Span | None = None
    hedge: str = ""


@dataclass(frozen=True, slots=True)
class Event:
    """Something that happened (or is said not to have), typed on ACLED's taxonomy."""

    id: str
    type: str
    sub_type: str
    status: Status
    evidence: tuple[Span, ...]
    actor1: str = ""
    actor2: str = ""
    places: tuple[Place, ...] = ()
    occurred: TimeRef | None = None
    fatalities: Quantity | None = None
    injured: Quantity | None = None
    claims: tuple[str, ...] = ()
    plover: str = ""
    trigger: Span | None = None
    confidence: float = 0.5


@dataclass(frozen=True, slots=True)
class Tally:
    """A running total over a period ("at least 1,480 civilians killed since 24 February, until 4 April")."""

    id: str
    counts: tuple[Quantity, ...]
    span: Span
    population: str = ""
    area: Place | None = None
    period_start: TimeRef | None = None
    period_end: TimeRef | None = None
    organisation: str = ""
    claim: str = ""


class ContradictionKind(StrEnum):
    FATALITIES = "fatalities"  # different death tolls for the same event
    INJURED = "injured"
    STATUS = "status"  # one report says it happened, another that it did not
    DENIAL = "denial"  # a claim and a denial (or dispute) of it


@dataclass(frozen=True, slots=True)
class Side:
    """One side of a contradiction: what was said, by whom, where. `claim` is empty when the article says it
    in its own voice; `speaker` is then the outlet."""

    article: str
    speaker: str
    value: str
    event: str = ""
    claim: str = ""


@dataclass(frozen=True, slots=True)
class Contradiction:
    """Two reports that cannot both be right, kept side by side (never reduced to one figure)."""

    id: str
    kind: ContradictionKind
    first: Side
    second: Side
    story: str = ""  # empty when both sides are claims of one article that belong to no story


@dataclass(frozen=True, slots=True)
class Story:
    """One real-world event as several articles report it. `sources` are the independent sources that
    carry it (a speaker's organisation, else the outlet): two outlets quoting one ministry are one source.
    `claims` are claims that joined the story by themselves, from reports that tell the event only as a
    claim (most often a denial) and yield no event of it."""

    id: str
    events: tuple[str, ...]
    articles: tuple[str, ...]
    sources: tuple[str, ...]
    type: str = ""
    place: str = ""
    lat: float | None = None
    lon: float | None = None
    first_day: date | None = None
    last_day: date | None = None
    contradictions: tuple[Contradiction, ...] = ()
    claims: tuple[str, ...] = ()

    @property
    def corroboration(self) -> int:
        return len(self.sources)


@dataclass(frozen=True, slots=True)
class Reading:
    """Everything sitrep read from one article: the unit stored, exported and shown."""

    article: Article
    places: tuple[Place, ...] = ()
    times: tuple[TimeRef, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    claims: tuple[Claim, ...] = ()
    events: tuple[Event, ...] = ()
    tallies: tuple[Tally, ...] = ()


@dataclass(frozen=True, slots=True)
class Rejected:
    """An input that could not be read: kept with its raw bytes so nothing is lost."""

    input: str  # file name, with line or row where it applies
    reason: str
    raw: bytes = field(repr=False, default=b"")
