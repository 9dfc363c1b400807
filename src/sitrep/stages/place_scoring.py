"""Which of a name's gazetteer candidates a mention means: a score from the place and the whole article.

A candidate scores by its size (log population), its kind, whether it lies in the article's country
(a vote of its names, each shared among its candidates' countries by size), in a region the article names
or in which its other names were first read, whether it carries the name as its own rather than as an old
alternate, and how many other places the article names lie near it (for a region: inside it). The last is
the strongest clue in local news: "Paris" among Henry County and Puryear is Paris, Tennessee, not Paris,
France or Paris, Texas. In reports from the Donbas war, villages near the 2015-2022 contact line are the
likelier of several of one name (`front_bonus`).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache

from sitrep.gazetteer import Entry, NameMatch
from sitrep.gazetteer.translit import name_key, russian_style, ukrainian_style
from sitrep.models import PlaceKind
from sitrep.stages.front_line import INVASION, held_by_separatists

FOCUS_BONUS = 4.0  # same country as the article: worth four orders of magnitude of population
ADMIN1_BONUS = 2.5  # in a region the article names, scaled by its mentions against the most named region
ALTERNATE_PENALTY = 3.0  # found only under an old alternate name that another place bears as its own
SUPPORT_BONUS = 3.0  # per other place of the article nearby (at most `MAX_SUPPORT` of them)
MAX_SUPPORT = 3
NEAR_KM = 80.0
HOME_BONUS = 1.0  # per other name of the article first read in the same region (at most `MAX_HOME`)
MAX_HOME = 3
DEMONYM_VOTE = 0.25
COUNTRY_SHARE_EXPONENT = 1.0
MIN_CONTEXT_SHARE = 0.25
REGION_SUPPORT_TOP = 1
NAMESAKE_SHARE = 0.05  # a city at least this share of its region's size is what the bare name means
# VIINA's villages come without a population; those GeoNames lists with one have 500 or more.
UNKNOWN_VILLAGE_POPULATION = 200
MAX_ANCHORS = 40  # the article's first names, enough to say where it is, cheap on long articles
MAX_ANCHOR_CANDIDATES = 10
_SETTLEMENTS = (PlaceKind.CITY, PlaceKind.VILLAGE)
DONBAS = frozenset({"Donetsk Oblast", "Luhansk Oblast"})
DONBAS_WAR = date(2014, 4, 6)
# (within km of the contact line, bonus): the nearest band a place falls in decides.
FRONT_BANDS = ((5.0, 5.0), (12.0, 3.0), (25.0, 1.5))
FRONT_BANDS_AFTER_INVASION = ((5.0, 1.5), (12.0, 0.75))
_PROBES = 12


@dataclass(frozen=True, slots=True)
class Anchor:
    """A name the article uses, with the places it may be: the other mentions measure themselves against it.

    A name of many candidates says little about where the article is, so it weighs 1/sqrt(candidates).
    """

    key: str
    candidates: tuple[Entry, ...]

    @property
    def weight(self) -> float:
        return 1.0 / math.sqrt(len(self.candidates))


@dataclass(frozen=True, slots=True)
class Context:
    """What the whole article says about where it is: its country, the regions it names, its places."""

    country: str
    admin1: Counter[str]
    anchors: tuple[Anchor, ...] = field(default=())
    # Each name's first reading, as (country code, region): where the article's other names lie.
    home: tuple[tuple[str, tuple[str, str]], ...] = field(default=())
    # The contact line's bands that apply (`FRONT_BANDS`, fewer once the front moved): villages near it are
    # the likelier ones in reporting on the Donbas war; empty for other reporting.
    front: tuple[tuple[float, float], ...] = ()
    # The focus country's share of the article's country votes: a report that names places of many
    # countries has no one country that every ambiguous name should be read in.
    focus_weight: float = 1.0
    # Each country's share of those votes: the article's other places support a candidate only in a
    # country it is substantially about (`MIN_CONTEXT_SHARE`).
    shares: Mapping[str, float] = field(default_factory=dict)

    def with_anchors(self, anchors: Iterable[Anchor]) -> Context:
        distinct: dict[str, Anchor] = {}
        for anchor in anchors:
            distinct.setdefault(anchor.key, anchor)
        return replace(self, anchors=tuple(distinct.values())[:MAX_ANCHORS])

    def with_home(self, picks: Iterable[tuple[str, Entry]]) -> Context:
        """The context with the regions the article's names were first read in (one per name)."""
        home: dict[str, tuple[str, str]] = {}
        for key, entry in picks:
            if entry.kind is not PlaceKind.COUNTRY and entry.admin1:
                home.setdefault(key, (entry.country_code, entry.admin1))
        return replace(self, home=tuple(home.items()))

    def home_support(self, entry: Entry, *, key: str) -> int:
        """How many of the article's other names were first read in the region of `entry`."""
        region = (entry.country_code, entry.admin1)
        return sum(1 for other, where in self.home if other != key and where == region)


def article_context(
    matches: Sequence[NameMatch],
    *,
    region_cues: Sequence[bool],
    demonyms: Iterable[str] = (),
    published: date | None = None,
    country: str = "",
) -> Context:
    """The country most mentions point to (or `country`, when something else in the text says where the
    report is), the regions of that country named in the article, and whether it was written while
    Donbas was a front (from April 2014)."""
    votes = country_votes(matches, demonyms=demonyms)
    total = sum(votes.values())
    shares = {code: vote / total for code, vote in votes.items()}
    if country:
        focus, weight = country, 1.0
        shares[country] = 1.0
    else:
        focus = max(votes, key=lambda code: votes[code]) if votes else ""
        weight = shares[focus] if focus else 1.0
    admin1: Counter[str] = Counter()
    for match, cue in zip(matches, region_cues, strict=True):
        regions = [c for c in match.candidates if c.kind is PlaceKind.REGION and c.country_code == focus]
        top = match.candidates[0]
        if regions and (cue or top.kind is PlaceKind.REGION):
            admin1[regions[0].admin1] += 1
    return Context(focus, admin1, front=front_bands(published), focus_weight=weight, shares=shares)


def front_bands(published: date | None) -> tuple[tuple[float, float], ...]:
    """The contact-line bands for a report of that date: all from April 2014 to the invasion, the
    nearest ones after it (the front moved, in Luhansk tens of kilometres north by May 2022)."""
    if published is None or published < DONBAS_WAR:
        return ()
    return FRONT_BANDS if published < INVASION else FRONT_BANDS_AFTER_INVASION


def country_focus(matches: Sequence[NameMatch], *, demonyms: Iterable[str] = ()) -> str:
    """The country the article is about (see `country_votes`)."""
    votes = country_votes(matches, demonyms=demonyms)
    return max(votes, key=lambda code: votes[code]) if votes else ""


def country_votes(matches: Sequence[NameMatch], *, demonyms: Iterable[str] = ()) -> dict[str, float]:
    """How strongly the article's place names point to each country.

    Each distinct name has one vote, shared among the countries of its likeliest candidates by their
    size (`COUNTRY_SHARE_EXPONENT`): "Rapides Parish" is all for the United States; "Alexandria" goes
    mostly to Egypt, a little to the United States. A name whose top candidate is a country votes
    twice. Nationality words say more about who acts than where ("Russian artillery struck Vuhledar"),
    so together they add at most one vote per country.
    """
    votes: dict[str, float] = {}
    distinct = {name_key(m.surface): m for m in matches}  # "Dublin" fourteen times is still one name
    for match in distinct.values():
        weight = 2.0 if match.candidates[0].kind is PlaceKind.COUNTRY else 1.0
        for code, share in _country_shares(match.candidates[:MAX_ANCHOR_CANDIDATES]).items():
            votes[code] = votes.get(code, 0.0) + weight * share
    for code, count in Counter(demonyms).items():
        votes[code] = votes.get(code, 0.0) + min(count * DEMONYM_VOTE, 1.0)
    votes.pop("", None)
    return votes


def _country_shares(candidates: Sequence[Entry]) -> dict[str, float]:
    sizes: dict[str, float] = {}
    for c in candidates:
        size = (max(c.population, UNKNOWN_VILLAGE_POPULATION) + 1) ** COUNTRY_SHARE_EXPONENT
        sizes[c.country_code] = sizes.get(c.country_code, 0.0) + size
    total = sum(sizes.values())
    return {code: size / total for code, size in sizes.items()}


def best_candidate(match: NameMatch, context: Context) -> Entry:
    """The candidate of `match` with the highest score (ties: the gazetteer's order, most populous first)."""
    candidates = match.candidates
    if len(candidates) == 1:
        return candidates[0]
    key = name_key(match.surface)
    own = frozenset(c.geonameid for c in candidates if is_own_name(c, key))
    return max(candidates, key=lambda c: score(c, candidates, context, key=key, own_names=own))


def score(
    entry: Entry, candidates: Sequence[Entry], context: Context, *, key: str, own_names: frozenset[int]
) -> float:
    """Higher is likelier; `own_names` holds the candidates that bear the name as their own."""
    population = entry.population or (UNKNOWN_VILLAGE_POPULATION if entry.kind is PlaceKind.VILLAGE else 0)
    value = math.log10(population + 10) + _kind_bonus(entry, candidates, own_names)
    if own_names and entry.kind in _SETTLEMENTS and entry.geonameid not in own_names:
        value -= ALTERNATE_PENALTY
    if entry.country_code and entry.country_code == context.country:
        value += FOCUS_BONUS * context.focus_weight
        if entry.kind is not PlaceKind.REGION and entry.admin1 and context.admin1[entry.admin1]:
            value += ADMIN1_BONUS * context.admin1[entry.admin1] / max(context.admin1.values())
    if context.front and entry.kind in _SETTLEMENTS and entry.admin1 in DONBAS:
        value += front_bonus(entry.lat, entry.lon, bands=context.front)
    if context.shares.get(entry.country_code, 0.0) < MIN_CONTEXT_SHARE:
        return value  # "Athens", "Rome" and "Georgia" near one another in Georgia: not in world news
    if entry.admin1:
        value += HOME_BONUS * min(context.home_support(entry, key=key), MAX_HOME)
    return value + SUPPORT_BONUS * min(support(entry, context, key=key), MAX_SUPPORT)


def _kind_bonus(entry: Entry, candidates: Sequence[Entry], own_names: frozenset[int]) -> float:
    if entry.kind is PlaceKind.COUNTRY:
        return 4.0
    if entry.kind is PlaceKind.REGION and any(
        c.kind in _SETTLEMENTS
        and c.country_code == entry.country_code
        and c.geonameid in own_names
        and c.population >= NAMESAKE_SHARE * entry.population
        for c in candidates
    ):
        # A region shares its name with a city of its own weight ("Donetsk", "Washington"); without
        # "region"/"oblast" after it, the name means the city. A village called "California" does not
        # make California a village.
        return -2.0
    return 0.0


@lru_cache(maxsize=16_384)
def front_bonus(lat: float, lon: float, *, bands: tuple[tuple[float, float], ...] = ()) -> float:
    """Bonus for a Donbas place by its distance to the 2015-2022 contact line (`front_line`).

    From 2014 the fighting in Donetsk and Luhansk oblasts was along that line: of ACLED's events there
    before the invasion, 95 % lie within 15 km of it, and in its first weeks still three in four within
    about 25 km. Among several villages of one name in an oblast, the one near the line is the likelier.
    The distance is found by probing points around the place for a change of side.
    """
    for km, bonus in bands or FRONT_BANDS:
        if _near_contact_line(lat, lon, km):
            return bonus
    return 0.0


def _near_contact_line(lat: float, lon: float, km: float) -> bool:
    side = held_by_separatists(lat, lon)
    dlat = km / 111.0
    dlon = km / (111.0 * math.cos(math.radians(lat)))
    for step in range(_PROBES):
        angle = 2 * math.pi * step / _PROBES
        if held_by_separatists(lat + dlat * math.sin(angle), lon + dlon * math.cos(angle)) != side:
            return True
    return False


def support(entry: Entry, context: Context, *, key: str) -> float:
    """How strongly the article's other names (anchors under another key) point near `entry`: each
    adds its weight if one of its candidates lies within `NEAR_KM` of it or is a region containing it
    (for a region: a place inside it)."""
    if entry.kind is PlaceKind.REGION:
        return sum(
            a.weight
            for a in context.anchors
            if a.key != key and any(_inside(c, entry) for c in a.candidates[:REGION_SUPPORT_TOP])
        )
    if entry.kind is PlaceKind.COUNTRY or not entry.country_code:
        return 0.0
    return sum(
        a.weight for a in context.anchors if a.key != key and any(_near(entry, c) for c in a.candidates)
    )


def _inside(place: Entry, region: Entry) -> bool:
    return (
        place.kind not in (PlaceKind.COUNTRY, PlaceKind.REGION)
        and place.country_code == region.country_code
        and place.admin1 == region.admin1
    )


def _near(entry: Entry, anchor: Entry) -> bool:
    if anchor.kind is PlaceKind.COUNTRY or not anchor.country_code:
        return False
    if anchor.kind is PlaceKind.REGION:
        return anchor.country_code == entry.country_code and anchor.admin1 == entry.admin1
    if abs(anchor.lat - entry.lat) > NEAR_KM / 111.0:
        return False
    return _km(entry.lat, entry.lon, anchor.lat, anchor.lon) <= NEAR_KM


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Equirectangular distance: within a few hundred km it differs from the great circle by under 1 %."""
    x = math.radians(lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    return 6371.0 * math.hypot(x, math.radians(lat2 - lat1))


def is_own_name(entry: Entry, key: str) -> bool:
    """Whether `key` is the entry's own name (or, in Ukraine, a restyling of it), not only an alternate.

    Compared in a loose form that forgets how y/i, ya/ia, double letters and apostrophes were written
    ("Kostiantynivka" is the town GeoNames spells "Kostyantynivka").
    """
    return loose_key(key) in _own_keys(entry.name, entry.country_code)


@lru_cache(maxsize=65_536)
def _own_keys(name: str, country_code: str) -> frozenset[str]:
    keys = {name_key(name)}
    if country_code == "UA":
        keys |= russian_style(name) | ukrainian_style(name)
    return frozenset(loose_key(k) for k in keys)


_LOOSE = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"[iy]([aeu])", r"\1"),  # ya/ia, yu/iu, ye/ie: я, ю, є written two ways
        (r"[iy]+", "i"),  # y/i, yi/iy/yy
        (r"(\w)\1", r"\1"),  # doubled letters
        (r"zhzh", "zh"),
    )
)


def loose_key(key: str) -> str:
    """A skeleton of a folded name that two romanisations of one Slavic name usually share."""
    for pattern, replacement in _LOOSE:
        key = pattern.sub(replacement, key)
    return key
