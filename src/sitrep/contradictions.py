"""Where reports of one story disagree, and how many independent sources carry it.

Works on light views of stored events and claims (`Report`, `ClaimView`), so it runs the same over a
story read back from the store and over one article just read (`contradictions_in_reading`).

- **fatalities / injured**: two figures for the same event that cannot both hold ("18 killed" and "at
  least 21 killed"; but not "at least 16" and "18"). One contradiction per pair of conflicting figures,
  each side the earliest report that gives it, so a story reported fifty times does not yield a thousand.
- **status**: one report says the event happened, another that it did not (in its own or a speaker's
  words, without a denying verb; or that the attack was repelled and nothing hit: "air defences destroyed
  20 drones and no facilities were hit"), paired with the report that happened most like it (the same
  kind, then the most words in common); and a denial that a place fell ("denied that Walikale had
  fallen"): no one's act is denied, only who holds the place (a denial that troops entered a town stays a
  denial); and a report that a place is still held ("its troops still held positions in the village",
  "repelled the assault and remained in full control") against one that it was taken.
- **denial**: a claim denied or disputed by its speaker ("denied targeting the market", "we assess this
  has not happened"), paired with the claim it answers: in the same article where one is there (the one it
  contains, shares an event with, or repeats words of), else the claim of the story asserting it with the
  most words in common (the earliest of equals).

Sources: a report is carried by the organisations of the speakers it quotes as asserting it (a person
without an organisation counts by name), else by its outlet; two outlets quoting one ministry are one
source, and a denial carries nothing.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from sitrep.models import Contradiction, ContradictionKind, Reading, Side, Speaker, record_id

_DENYING = frozenset({"denied", "disputed"})
_ASSERTING = frozenset({"asserted", "reported", "assessed"})
_WORD = re.compile(r"[^\W\d_]+")
_STOP = frozenset(
    "a an the of in on at to for from by with and or but that this these those it its their his her was "
    "were is are be been has have had not no said says say told according also as into after before over "
    "than".split()
)
_POSITION = re.compile(r":(?:\d+|row \d+)$")
_TERRITORY = frozenset(
    {
        "Non-state actor overtakes territory",
        "Government regains territory",
        "Non-violent transfer of territory",
    }
)
_REPELLED = re.compile(
    r"\b(?:shot\s+down|intercepted|downed|repelled|destroyed\s+by\s+air\s+defen[cs]es?|"
    r"air\s+defen[cs]es?\s+(?:had\s+|have\s+)?(?:destroyed|downed|shot\s+down|intercepted))\b",
    re.I,
)
_UNHARMED = re.compile(
    r"\bno\s+(?:\w+\s+){0,2}(?:was|were|had\s+been|has\s+been|have\s+been)\s+(?:hit|damaged|struck)\b|"
    r"\b(?:was|were)\s+not\s+(?:hit|damaged|struck)\b|\bno\s+damage\b|\bwithout\s+causing\s+(?:any\s+)?damage\b",
    re.I,
)
# "its troops still held positions in the village", "remained in full control of the town".
_HELD = re.compile(
    r"\bstill\s+(?:holds?|held|holding|controls?|controlled|in\s+control)\b|"
    r"\bremain(?:s|ed)?\s+in\s+(?:full\s+|firm\s+)?control\b|\b(?:do|does|did)\s+not\s+control\b",
    re.I,
)
# "the village has not fallen": who holds a place, in words the event kinds do not use.
FALLEN = re.compile(r"\bfallen\b(?!\s+(?:on|onto|in|near|soldiers|troops|comrades|heroes|defenders))", re.I)


@dataclass(frozen=True, slots=True)
class Figure:
    """A casualty figure as an interval of the numbers it allows."""

    value: int
    bound: str
    high: int | None = None

    def interval(self) -> tuple[float, float]:
        if self.bound == "at_least":
            return float(self.value), float("inf")
        if self.bound == "at_most":
            return 0.0, float(self.value)
        if self.bound == "about":
            return self.value * 0.9, self.value * 1.1
        if self.bound == "range" and self.high is not None:
            return float(self.value), float(self.high)
        return float(self.value), float(self.value)

    def conflicts(self, other: Figure) -> bool:
        low, high = self.interval()
        other_low, other_high = other.interval()
        return high < other_low or other_high < low

    def label(self) -> str:
        words = {"at_least": "at least ", "at_most": "at most ", "about": "about "}
        if self.bound == "range" and self.high is not None:
            return f"{self.value}-{self.high}"
        return f"{words.get(self.bound, '')}{self.value}"


@dataclass(frozen=True, slots=True)
class ClaimView:
    id: str
    article: str
    speaker: Speaker
    stance: str
    text: str
    start: int
    end: int

    def contains(self, other: ClaimView) -> bool:
        return self.start <= other.start and other.end <= self.end and self.id != other.id


@dataclass(frozen=True, slots=True)
class Report:
    """One member event of a story: what contradiction finding needs of it."""

    event: str
    article: str
    outlet: str
    published: str
    status: str
    claims: tuple[str, ...] = ()
    fatalities: Figure | None = None
    injured: Figure | None = None
    kind: str = ""  # the ACLED sub-type it was read as
    held: bool = False  # it says the place is still held by those said to have lost it


def outlet_of(*, source: str, url: str) -> str:
    """Who published an article: the web host of its URL, else its source without a line or row number."""
    host = urlsplit(url).hostname if url else None
    if host:
        return host.removeprefix("www.")
    return _POSITION.sub("", source) or "unknown outlet"


# ---- sources ---------------------------------------------------------------------------------------------


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _stem(word: str) -> str:
    """Crude, but enough to make "Ukrainian"/"Ukraine's" and "defense"/"defence" one word."""
    word = word.replace("defense", "defence")
    for suffix in ("ian", "ia", "an", "ese", "ies", "es", "e", "s", "y"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def content_words(text: str) -> frozenset[str]:
    """Content words of a text, folded and stemmed, without function words and numbers."""
    return frozenset(_stem(w) for w in _WORD.findall(fold(text).replace("'s", "")) if w not in _STOP)


def source_key(speaker: Speaker, *, outlet: str) -> str:
    """One name per independent source: the organisation's words, else the person's surname, else the
    outlet."""
    if speaker.organisation:
        words = content_words(speaker.organisation)
        if words:
            return "org:" + " ".join(sorted(words))
    if speaker.name:
        return "person:" + fold(speaker.name).split()[-1]
    return "outlet:" + fold(outlet)


def speaker_key(speaker: Speaker) -> str:
    """Who a speaker is, for telling a denier from the one denied: as `source_key`, with the role when
    there is neither organisation nor name ("the regional governor" is not "local officials")."""
    if speaker.organisation or speaker.name:
        return source_key(speaker, outlet="")
    return "role:" + " ".join(sorted(content_words(speaker.role)))


def sources_of(reports: Sequence[Report], claims: dict[str, ClaimView]) -> tuple[str, ...]:
    """The independent sources that carry a story, each named as first seen, in a stable order. A speaker
    who denies the event in the story does not also count as carrying it."""
    found: dict[str, str] = {}
    for report in reports:
        for key, label in _report_sources(report, claims):
            found.setdefault(key, label)
    deniers = {source_key(c.speaker, outlet="") for r in reports for c in _linked(r, claims, _DENYING)}
    return tuple(sorted(label for key, label in found.items() if key not in deniers))


def _report_sources(report: Report, claims: dict[str, ClaimView]) -> list[tuple[str, str]]:
    if report.status == "not_happened":
        return []
    linked = [claims[c] for c in report.claims if c in claims]
    asserting = [c for c in linked if c.stance in _ASSERTING]
    if asserting:
        return [
            (source_key(c.speaker, outlet=report.outlet), _source_label(c.speaker, report)) for c in asserting
        ]
    if linked:  # quoted only to be denied
        return []
    return [(source_key(Speaker(), outlet=report.outlet), report.outlet)]


def _source_label(speaker: Speaker, report: Report) -> str:
    return speaker.organisation or speaker.name or report.outlet


# ---- contradictions --------------------------------------------------------------------------------------


def find_contradictions(
    story: str, reports: Sequence[Report], claims: dict[str, ClaimView]
) -> tuple[Contradiction, ...]:
    """Every contradiction within one story, in a stable order. `claims` holds the claims of every article
    of the story by id (not only those linked to its events)."""
    ordered = sorted(reports, key=lambda r: (r.published, r.article, r.event))
    found = [
        *_figure_conflicts(story, ordered, claims, kind=ContradictionKind.FATALITIES),
        *_figure_conflicts(story, ordered, claims, kind=ContradictionKind.INJURED),
        *_status_conflicts(story, ordered, claims),
        *_denials(story, ordered, claims),
    ]
    return tuple(_unique(found))


def _unique(found: Iterable[Contradiction]) -> Iterator[Contradiction]:
    seen: set[str] = set()
    for item in found:
        if item.id not in seen:
            seen.add(item.id)
            yield item


def _figure(report: Report, kind: ContradictionKind) -> Figure | None:
    return report.fatalities if kind is ContradictionKind.FATALITIES else report.injured


def _figure_conflicts(
    story: str, reports: Sequence[Report], claims: dict[str, ClaimView], *, kind: ContradictionKind
) -> Iterator[Contradiction]:
    first_with: dict[Figure, Report] = {}
    for report in reports:
        figure = _figure(report, kind)
        if figure is not None and report.status != "not_happened":
            first_with.setdefault(figure, report)
    figures = list(first_with.items())
    for i, (figure, report) in enumerate(figures):
        for other_figure, other in figures[i + 1 :]:
            if other.article != report.article and figure.conflicts(other_figure):
                first = _side(report, claims, value=figure.label())
                second = _side(other, claims, value=other_figure.label())
                yield _contradiction(story, kind, first, second)


def _status_conflicts(
    story: str, reports: Sequence[Report], claims: dict[str, ClaimView]
) -> Iterator[Contradiction]:
    happened = [r for r in reports if r.status in ("happened", "ongoing")]
    taken = [r for r in happened if r.kind in _TERRITORY]
    # each report that gainsays others, the reports it gainsays, and the two values
    gainsaying = [
        (report, happened, "happened", "did not happen")
        for report in reports
        if report.status == "not_happened" and not _linked(report, claims, _DENYING)
    ]  # a denying claim is reported as a denial instead
    gainsaying += [
        (report, taken, "taken", "still held")
        for report in reports
        if report.held and report.status != "not_happened"
    ]
    paired: set[tuple[str, str]] = set()  # sibling events of one article disagree with another once
    for report, against, said, gainsaid in gainsaying:
        other = _most_like(report, [r for r in against if r.article != report.article], claims)
        if other is not None and (other.article, report.article) not in paired:
            paired.add((other.article, report.article))
            first = _side(other, claims, value=said)
            second = _side(report, claims, value=gainsaid)
            yield _contradiction(story, ContradictionKind.STATUS, first, second)


def _most_like(report: Report, others: Sequence[Report], claims: dict[str, ClaimView]) -> Report | None:
    """Of reports in story order, the one of the same kind with the most words in common, else the first."""
    words = _words_of(report, claims)
    ranked = [(r.kind != report.kind, -len(words & _words_of(r, claims)), i) for i, r in enumerate(others)]
    return others[min(ranked)[2]] if ranked else None


def _words_of(report: Report, claims: dict[str, ClaimView]) -> frozenset[str]:
    return frozenset().union(*(content_words(claims[c].text) for c in report.claims if c in claims))


def repelled_unharmed(text: str) -> bool:
    """Whether a report says an attack was repelled and nothing was hit: that the strike did not happen."""
    return _REPELLED.search(text) is not None and _UNHARMED.search(text) is not None


def still_held(text: str) -> bool:
    """Whether a report says a place is still held ("remained in full control of the town")."""
    return _HELD.search(text) is not None


def place_fell(text: str) -> bool:
    """Whether a claim says a place fell ("Walikale had fallen"): no one's act, but who holds it."""
    return FALLEN.search(text) is not None


def _denials(story: str, reports: Sequence[Report], claims: dict[str, ClaimView]) -> Iterator[Contradiction]:
    for report in reports:
        for denial in _linked(report, claims, _DENYING):
            partner = _partner_in_article(denial, report, reports, claims) or _partner_in_story(
                denial, report, reports, claims
            )
            if partner is not None:
                yield _denial(story, partner, denial, event_of=_event_index(reports))


def _linked(report: Report, claims: dict[str, ClaimView], stances: frozenset[str]) -> list[ClaimView]:
    return [claims[c] for c in report.claims if c in claims and claims[c].stance in stances]


def _event_index(reports: Sequence[Report]) -> dict[str, str]:
    index: dict[str, str] = {}
    for report in reports:
        for claim in report.claims:
            index.setdefault(claim, report.event)
    return index


def _partner_in_article(
    denial: ClaimView, report: Report, reports: Sequence[Report], claims: dict[str, ClaimView]
) -> ClaimView | None:
    same_article = [c for c in claims.values() if c.article == denial.article]
    shared = {c for r in reports if denial.id in r.claims for c in r.claims}
    return answered_claim(denial, same_article, shared_event=shared)


def answered_claim(
    denial: ClaimView, candidates: Iterable[ClaimView], *, shared_event: set[str]
) -> ClaimView | None:
    """The claim of the same article a denial answers: one it contains, shares an event with, or repeats
    words of (nearest before it first); never the denier's own."""
    denier = speaker_key(denial.speaker)
    ranked: list[tuple[int, int, str, ClaimView]] = []
    for claim in candidates:
        if claim.stance not in _ASSERTING or speaker_key(claim.speaker) == denier:
            continue
        rank = _answer_rank(denial, claim, shared_event=shared_event)
        if rank is not None:
            ranked.append((rank, abs(denial.start - claim.start), claim.id, claim))
    return min(ranked)[3] if ranked else None


def _answer_rank(denial: ClaimView, claim: ClaimView, *, shared_event: set[str]) -> int | None:
    if denial.contains(claim):
        return 0
    if claim.id in shared_event:
        return 1
    words, other = content_words(denial.text), content_words(claim.text)
    if words and other and len(words & other) / min(len(words), len(other)) >= 0.5:
        return 2
    return None


def _partner_in_story(
    denial: ClaimView, report: Report, reports: Sequence[Report], claims: dict[str, ClaimView]
) -> ClaimView | None:
    denier = speaker_key(denial.speaker)
    words = content_words(denial.text)
    asserted = [
        claim
        for other in reports
        if other.article != report.article
        for claim in _linked(other, claims, _ASSERTING)
        if speaker_key(claim.speaker) != denier
    ]
    ranked = [(-len(words & content_words(c.text)), i) for i, c in enumerate(asserted)]
    return asserted[min(ranked)[1]] if ranked else None


def _side(report: Report, claims: dict[str, ClaimView], *, value: str) -> Side:
    linked = _linked(report, claims, _ASSERTING) or _linked(report, claims, _DENYING)
    if not linked:
        return Side(article=report.article, speaker=report.outlet, value=value, event=report.event)
    claim = linked[0]
    speaker = claim.speaker.label() if claim.speaker.label() != "unknown" else report.outlet
    return Side(article=report.article, speaker=speaker, value=value, event=report.event, claim=claim.id)


def _claim_side(claim: ClaimView, *, event: str) -> Side:
    return Side(
        article=claim.article, speaker=claim.speaker.label(), value=claim.text, event=event, claim=claim.id
    )


def _denial(story: str, asserted: ClaimView, denial: ClaimView, *, event_of: dict[str, str]) -> Contradiction:
    first = _claim_side(asserted, event=event_of.get(asserted.id, ""))
    second = _claim_side(denial, event=event_of.get(denial.id, ""))
    kind = ContradictionKind.STATUS if place_fell(denial.text) else ContradictionKind.DENIAL
    return _contradiction(story, kind, first, second)


def _contradiction(story: str, kind: ContradictionKind, first: Side, second: Side) -> Contradiction:
    key = (kind, first.article, first.event, first.claim, second.article, second.event, second.claim)
    return Contradiction(
        id=record_id("contra", story, *key), kind=kind, first=first, second=second, story=story
    )


# ---- one article on its own ------------------------------------------------------------------------------


def claim_views(reading: Reading) -> list[ClaimView]:
    text = reading.article.text
    return [
        ClaimView(
            id=c.id,
            article=reading.article.id,
            speaker=c.speaker,
            stance=str(c.stance),
            text=c.span.text_of(text),
            start=c.span.start,
            end=c.span.end,
        )
        for c in reading.claims
    ]


def denials_in_article(
    claims: Sequence[ClaimView], *, linked: dict[str, set[str]], story: str = ""
) -> tuple[Contradiction, ...]:
    """Each denial of an article paired with the claim of the same article it answers. `linked` maps a claim
    id to the ids of the claims that share an event with it."""
    found = []
    for denial in claims:
        if denial.stance in _DENYING:
            partner = answered_claim(denial, claims, shared_event=linked.get(denial.id, set()))
            if partner is not None:
                found.append(_denial(story, partner, denial, event_of={}))
    return tuple(found)


def contradictions_in_reading(reading: Reading) -> tuple[Contradiction, ...]:
    """The contradictions one article holds by itself: a claim and its denial (no store needed)."""
    linked: dict[str, set[str]] = {}
    for event in reading.events:
        for claim in event.claims:
            linked.setdefault(claim, set()).update(event.claims)
    return denials_in_article(claim_views(reading), linked=linked)
