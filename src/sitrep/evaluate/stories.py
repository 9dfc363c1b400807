"""Stories and contradictions, scored against hand-grouped reports (`tests/stories/dev.json` is an example).

The file is one JSON object:

    {"describes": "...",
     "reports": [{"id": "d01a", "outlet": "Dnipro Daily", "published": "2022-09-30",
                  "dateline": "Zaporizhzhia", "text": "...",
                  "events": [{"story": "d01", "evidence": "hit a line of civilian cars"}]}, ...],
     "contradictions": [{"story": "d01", "kind": "fatalities", "between": [["d01a"], ["d01b"]]}, ...]}

Each report is read as an article from its outlet (`dateline` optional), in file order, into a new store
and linked as an ingest links it. A gold event is the first event read from its report whose evidence holds
the words of `evidence` in order; its story is the predicted story of that event (a gold event the pipeline
did not find is a story of its own). A contradiction's `between` names the reports each side may come from
(a denial and the claim it answers may share one report); `kind` is fatalities, injured, status or denial.

- `bcubed_precision`, `bcubed_recall`, `bcubed_f1`: B-cubed over the gold events (Bagga and Baldwin).
- `events_found`: gold events the pipeline read as events; `claims_found`: those it read only as a claim
  (a gold event whose words no event holds is looked for in the claims, as a claim that holds them or
  one of three words or more they hold: a report that tells an event only as a claim joins its story
  through the claim, or stays a story of its own); `stories` /
  `predicted_stories`: how many.
- `contradiction_recall`: gold contradictions some predicted one matches (same kind, one side from each
  named set); `contradiction_precision`: predicted contradictions that match a gold one.
- `errors`: stories split or merged, contradictions missed or extra, for reading.
"""

from __future__ import annotations

import json
import tempfile
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from sitrep.errors import InputError
from sitrep.evaluate import Metrics
from sitrep.evaluate.claims import contains_run, words_of
from sitrep.models import Reading
from sitrep.settings import Settings

MIN_CLAIM_WORDS = 3  # a claim found inside the gold words names the event by itself


@dataclass(frozen=True, slots=True)
class GoldEvent:
    report: str
    story: str
    evidence: str


@dataclass(frozen=True, slots=True)
class GoldReport:
    id: str
    outlet: str
    published: str
    dateline: str
    text: str
    events: tuple[GoldEvent, ...]


@dataclass(frozen=True, slots=True)
class GoldContradiction:
    story: str
    kind: str
    first: frozenset[str]
    second: frozenset[str]

    def matches(self, kind: str, report_a: str, report_b: str) -> bool:
        if kind != self.kind:
            return False
        forward = report_a in self.first and report_b in self.second
        return forward or (report_a in self.second and report_b in self.first)


@dataclass(frozen=True, slots=True)
class GoldStories:
    reports: tuple[GoldReport, ...]
    contradictions: tuple[GoldContradiction, ...]


def read_stories(path: Path) -> GoldStories:
    """The gold file; any fault is an `InputError` naming the file and what is wrong."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        reports = tuple(_report(r) for r in data["reports"])
        contradictions = tuple(_contradiction(c) for c in data.get("contradictions", []))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError, ValueError) as e:
        raise InputError(str(path), f"cannot read the story groups: {e}") from e
    if not reports:
        raise InputError(str(path), "no reports")
    ids = Counter(r.id for r in reports)
    if duplicates := sorted(i for i, n in ids.items() if n > 1):
        raise InputError(str(path), f"report ids used twice: {', '.join(duplicates)}")
    return GoldStories(reports=reports, contradictions=contradictions)


def _report(record: dict[str, Any]) -> GoldReport:
    report_id = str(record["id"])
    events = tuple(GoldEvent(report_id, str(e["story"]), str(e["evidence"])) for e in record["events"])
    return GoldReport(
        id=report_id,
        outlet=str(record["outlet"]),
        published=str(record["published"]),
        dateline=str(record.get("dateline") or ""),
        text=str(record["text"]),
        events=events,
    )


def _contradiction(record: dict[str, Any]) -> GoldContradiction:
    first, second = record["between"]
    return GoldContradiction(
        story=str(record["story"]),
        kind=str(record["kind"]),
        first=frozenset(map(str, first)),
        second=frozenset(map(str, second)),
    )


@dataclass(frozen=True, slots=True)
class Predicted:
    """What the store holds after linking: each event's story, and the contradictions with the report
    ids of their two sides."""

    story_of: dict[str, str]
    contradictions: list[tuple[str, str, str, str]]  # kind, report of side one, report of side two, id


def evaluate_stories(path: Path, *, settings: Settings) -> Metrics:
    """Read every report of the file through the pipeline into a new store, link, and score."""
    from sitrep.gazetteer import load_gazetteer
    from sitrep.stages import build_pipeline

    gold = read_stories(path)
    gazetteer = load_gazetteer(cache_dir=Path(settings.cache_dir))
    pipeline = build_pipeline(settings, gazetteer=gazetteer)
    readings = [pipeline.read(_article(r, is_place=gazetteer.is_place)) for r in gold.reports]
    return score(gold, readings, link_readings(readings))


def _article(report: GoldReport, *, is_place: Any) -> Any:
    from sitrep.readers import parse_text

    header = (
        f" date {report.published} {report.dateline} " if report.dateline else f" date {report.published} "
    )
    article = parse_text(header + report.text, source=report.outlet, is_place=is_place)
    return replace(article, source=report.outlet)


def link_readings(readings: Sequence[Reading]) -> Predicted:
    """Store the readings in a new, temporary store, linking after each as an ingest does."""
    from sitrep.linking import link_pending
    from sitrep.store import open_store

    with (
        tempfile.TemporaryDirectory(prefix="sitrep-stories-") as folder,
        open_store(Path(folder) / "stories.db") as store,
    ):
        run = store.start_run(["eval stories"])
        for reading in readings:
            store.save_reading(reading, run_id=run)
            link_pending(store)
        story_of = {m: s["id"] for s in _all(store.stories) for m in (*s["events"], *s.get("claims", ()))}
        found = [
            (c["kind"], c["first"]["article"], c["second"]["article"], c["id"])
            for c in _all(store.contradictions)
        ]
    return Predicted(story_of=story_of, contradictions=found)


def _all(read: Any) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    while page := read(limit=1000, offset=len(rows)):
        rows += page
    return rows


def score(gold: GoldStories, readings: Sequence[Reading], predicted: Predicted) -> Metrics:
    """B-cubed over gold events and contradiction recall/precision; `readings` are in report order."""
    report_of = {r.article.id: g.id for g, r in zip(gold.reports, readings, strict=True)}
    items: list[tuple[GoldEvent, str]] = []
    by_claim = 0
    for report, reading in zip(gold.reports, readings, strict=True):
        for event in report.events:
            found = _find_event(event, reading)
            by_claim += found is not None and not found.startswith("event_")
            missed = f"missed:{event.report}:{event.evidence}"
            items.append((event, predicted.story_of.get(found, found) if found else missed))
    metrics = _bcubed(items)
    metrics["events_found"] -= by_claim
    metrics["claims_found"] = by_claim
    metrics.update(_contradiction_scores(gold, predicted, report_of))
    metrics["errors"] = _story_errors(items) + metrics.pop("contradiction_errors")
    return metrics


def _find_event(gold: GoldEvent, reading: Reading) -> str | None:
    """The first event whose evidence holds the gold words, else the first claim that does or that the
    gold words hold (a report that tells the event only as a claim joins its story through the claim, or
    stays a story of its own; a denial's claim leaves out its verb: "denied that [Walikale had fallen]")."""
    needle = words_of(gold.evidence)
    text = reading.article.text
    for event in reading.events:
        if any(contains_run(words_of(span.text_of(text)), needle) for span in event.evidence):
            return event.id
    for claim in reading.claims:
        words = words_of(claim.span.text_of(text))
        inside = len(words) >= MIN_CLAIM_WORDS and contains_run(needle, words)
        if inside or contains_run(words, needle):
            return claim.id
    return None


def _bcubed(items: Sequence[tuple[GoldEvent, str]]) -> Metrics:
    gold_size = Counter(g.story for g, _ in items)
    predicted_size = Counter(p for _, p in items)
    both = Counter((g.story, p) for g, p in items)
    precision = _mean([both[g.story, p] / predicted_size[p] for g, p in items])
    recall = _mean([both[g.story, p] / gold_size[g.story] for g, p in items])
    return {
        "bcubed_precision": precision,
        "bcubed_recall": recall,
        "bcubed_f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
        "gold_events": len(items),
        "events_found": sum(not p.startswith("missed:") for _, p in items),
        "stories": len(gold_size),
        "predicted_stories": len(predicted_size),
    }


def _contradiction_scores(gold: GoldStories, predicted: Predicted, report_of: dict[str, str]) -> Metrics:
    found = [
        (kind, report_of.get(a, a), report_of.get(b, b), cid) for kind, a, b, cid in predicted.contradictions
    ]
    recalled = [any(g.matches(k, a, b) for k, a, b, _ in found) for g in gold.contradictions]
    right = [any(g.matches(k, a, b) for g in gold.contradictions) for k, a, b, _ in found]
    errors = [
        {
            "kind": "missed contradiction",
            "story": g.story,
            "gold": f"{g.kind} {sorted(g.first)} {sorted(g.second)}",
        }
        for g, hit in zip(gold.contradictions, recalled, strict=True)
        if not hit
    ] + [
        {"kind": "extra contradiction", "story": "", "gold": "", "predicted": f"{k} {a} / {b}"}
        for (k, a, b, _), ok in zip(found, right, strict=True)
        if not ok
    ]
    return {
        "contradiction_recall": _mean([float(x) for x in recalled]),
        "contradiction_precision": _mean([float(x) for x in right]),
        "gold_contradictions": len(gold.contradictions),
        "predicted_contradictions": len(found),
        "contradiction_errors": errors,
    }


def _story_errors(items: Sequence[tuple[GoldEvent, str]]) -> list[dict[str, Any]]:
    by_gold: dict[str, set[str]] = defaultdict(set)
    by_predicted: dict[str, set[str]] = defaultdict(set)
    for g, p in items:
        by_gold[g.story].add(p)
        by_predicted[p].add(g.story)
    split = [
        {"kind": "split story", "story": s, "predicted": ", ".join(sorted(ps))}
        for s, ps in sorted(by_gold.items())
        if len(ps) > 1
    ]
    merged = [
        {"kind": "merged stories", "story": ", ".join(sorted(gs)), "predicted": p}
        for p, gs in sorted(by_predicted.items())
        if len(gs) > 1
    ]
    return split + merged


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else 0.0
