"""Score sitrep's event categories against sentences coded with PLOVER (the PLOVER gold-standard records).

Each record's `text` is read as an article (published on the record's `date`, if it has one) by the
standard pipeline, and the same sentence by the predicate reader (`stages.event_scale`); the sentence's
category is `event_scale.sentence_category` of the two, or "no event". The file is a JSON array of
records or one JSON record per line; records without `text` or `event` (the "DOCUMENT" header) are
skipped.

Besides `plover_accuracy`, `events_only_accuracy` scores the pipeline's main event alone (the first
`happened` event, else the first event), to show what the ACLED kinds give without the predicate reader.
CAMEO's APPEAL, which PLOVER dropped, is counted as DEMAND, and STATEMENT as no event.
"""

from __future__ import annotations

import json
import logging
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sitrep.errors import SitrepError
from sitrep.evaluate import Metrics
from sitrep.models import Article, Reading, Status, article_id
from sitrep.settings import Settings
from sitrep.stages.event_scale import APPEAL, NO_EVENT, STATEMENT, ScaleReading, read_scale, sentence_category

log = logging.getLogger(__name__)

_AS_PLOVER = {APPEAL: "DEMAND", STATEMENT: NO_EVENT}


class EventFileError(SitrepError):
    """An event-coded file that cannot be scored: unreadable, or not in the expected format."""


@dataclass(frozen=True, slots=True)
class SentenceReading:
    """What sitrep read from one sentence: the pipeline's reading (None when it rejected the sentence)
    and the predicate reader's category."""

    reading: Reading | None
    scale: ScaleReading | None

    def category(self) -> str:
        return sentence_category(self.scale, self.reading.events if self.reading is not None else ())

    def events_only(self) -> str:
        events = self.reading.events if self.reading is not None else ()
        event = next((e for e in events if e.status is Status.HAPPENED), events[0] if events else None)
        return event.plover if event is not None and event.plover else NO_EVENT


@dataclass(frozen=True, slots=True)
class PloverRecord:
    id: str
    text: str
    event: str
    published: date | None


def evaluate_plover(path: Path, *, settings: Settings, limit: int | None) -> dict[str, Any]:
    """Accuracy, per-class precision/recall/F1 and a confusion matrix of PLOVER categories."""
    records = read_plover(path)[:limit] if limit is not None else read_plover(path)
    readings = read_sentences([(r.text, r.published, r.id) for r in records], settings=settings)
    gold = [r.event for r in records]
    scored = score_categories(gold, [as_plover(s.category()) for s in readings])
    metrics: Metrics = {"plover_accuracy": scored.pop("accuracy"), **scored}
    metrics["events_only_accuracy"] = _share(
        g == s.events_only() for g, s in zip(gold, readings, strict=True)
    )
    metrics["rejected"] = sum(s.reading is None for s in readings)
    return metrics


def as_plover(category: str) -> str:
    return _AS_PLOVER.get(category, category)


def read_plover(path: Path) -> list[PloverRecord]:
    """The records with a sentence and an event category, in file order."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise EventFileError(f"{path}: cannot read: {e}") from e
    return [r for r in map(_record, _json_records(path, text)) if r is not None]


def _json_records(path: Path, text: str) -> list[dict[str, Any]]:
    try:
        loaded = json.loads(text)
    except json.JSONDecodeError:
        loaded = None
    if isinstance(loaded, list):
        return [r for r in loaded if isinstance(r, dict)]
    if isinstance(loaded, dict):
        return [loaded]
    records = []
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as e:
            raise EventFileError(f"{path} line {n}: not JSON: {e.msg}") from e
        if isinstance(record, dict):
            records.append(record)
    return records


def _record(raw: dict[str, Any]) -> PloverRecord | None:
    text, event = raw.get("text"), raw.get("event")
    if not isinstance(text, str) or not text.strip() or not isinstance(event, str) or event == "DOCUMENT":
        return None
    return PloverRecord(str(raw.get("id", "")), text, event, _date(raw.get("date")))


def _date(value: object) -> date | None:
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        log.warning("unreadable record date %r: read without one", value)
        return None


def read_sentences(
    sentences: Sequence[tuple[str, date | None, str]], *, settings: Settings
) -> list[SentenceReading]:
    """Each (text, published, label) through the standard pipeline and through the predicate reader,
    with one language model loaded for both."""
    from sitrep.stages import build_pipeline
    from sitrep.stages.language import load_language_model

    nlp = load_language_model(settings.model)
    pipeline = build_pipeline(settings, nlp=nlp)
    articles = (
        Article(id=article_id(t, published=d, title=label), text=t, published=d, source=label)
        for t, d, label in sentences
    )
    readings = [r.reading for r in pipeline.run(articles)]
    parsed = nlp.pipe((t for t, _, _ in sentences), batch_size=settings.batch_size)
    return [SentenceReading(r, read_scale(p)) for r, p in zip(readings, parsed, strict=True)]


def score_categories(gold: Sequence[str], predicted: Sequence[str]) -> Metrics:
    """Accuracy, macro-F1 over the gold labels, per-label P/R/F1 and `{gold: {predicted: n}}`."""
    if len(gold) != len(predicted):
        raise ValueError(f"{len(gold)} gold labels but {len(predicted)} predictions")
    pairs = list(zip(gold, predicted, strict=True))
    per_class = {label: _prf(pairs, label) for label in sorted(set(gold) | set(predicted) - {NO_EVENT})}
    return {
        "sentences": len(pairs),
        "accuracy": _share(g == p for g, p in pairs),
        "macro_f1": _macro_f1(per_class, set(gold)),
        "no_event": sum(p == NO_EVENT for p in predicted),
        "per_class": per_class,
        "confusion": confusion(pairs),
    }


def _prf(pairs: Sequence[tuple[str, str]], label: str) -> dict[str, float]:
    tp = sum(g == label and p == label for g, p in pairs)
    fp = sum(g != label and p == label for g, p in pairs)
    fn = sum(g == label and p != label for g, p in pairs)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "support": tp + fn}


def _macro_f1(per_class: dict[str, dict[str, float]], gold_labels: set[str]) -> float:
    scores = [per_class[label]["f1"] for label in gold_labels]
    return sum(scores) / len(scores) if scores else 0.0


def confusion(pairs: Sequence[tuple[str, str]]) -> dict[str, dict[str, int]]:
    """`{gold label: {predicted label: count}}`, labels sorted, counts largest first."""
    table: dict[str, Counter[str]] = defaultdict(Counter)
    for g, p in pairs:
        table[g][p] += 1
    return {g: dict(table[g].most_common()) for g in sorted(table)}


def _share(outcomes: Iterator[bool] | Sequence[bool]) -> float:
    values = list(outcomes)
    return sum(values) / len(values) if values else 0.0
