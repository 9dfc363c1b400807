"""Score the pipeline against an ACLED export: each row's `notes` is read as an article published on the
row's `event_date`, and the main event read from it is compared with the row's gold columns.

**Split.** Rows whose `event_id_cnty` number is divisible by 5 (UKR50225, UKR50230...) are `test`: held
out, looked at only to report a final figure, never to tune on. All other rows are `dev`. The rule needs
nothing but the row itself, so it is the same for any ACLED export and any ordering of the file.

**Main event.** The first event whose status is `happened`, else the first event of any status. A row
with no event counts as wrong on type, sub-type and actors (its actors are empty, so an empty gold actor2
still matches) and as 0 fatalities.

**Location.** The main event's first place, else the first place read anywhere in the note (a note names
where its event was). Distances are great-circle; `admin1` names are compared loosely ("Donetsk Oblast"
= "Donetsk", "Odessa" = "Odesa", "Kiev" = "Kyiv", but "Kyiv City" is not "Kyiv").

**Date.** `event_date_exact` is the share of rows whose main event was read as happening on the row's
`event_date` exactly (a day, not a wider range that contains it).

**Macro-F1** of sub-event types is the mean F1 over the sub-types present in the gold rows scored, so a
sub-type the pipeline invents and ACLED never uses lowers precision elsewhere, not the average's size.
"""

from __future__ import annotations

import csv
import logging
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

from sitrep.errors import SitrepError
from sitrep.evaluate import Metrics
from sitrep.geo import distance_km
from sitrep.models import Article, Event, Place, Reading, Status, article_id
from sitrep.settings import Settings

log = logging.getLogger(__name__)

SPLITS = ("dev", "test", "all")
TEST_MODULUS = 5
WITHIN_KM = 25.0
REQUIRED_COLUMNS = (
    "event_id_cnty",
    "event_date",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "admin1",
    "latitude",
    "longitude",
    "geo_precision",
    "notes",
    "fatalities",
)
NO_EVENT = "(no event)"


class AcledFileError(SitrepError):
    """An ACLED file that cannot be scored: missing columns, or not a CSV."""


@dataclass(frozen=True, slots=True)
class AcledRow:
    """The gold columns of one ACLED row that the scorer compares."""

    event_id: str
    published: date
    event_type: str
    sub_event_type: str
    actor1: str
    actor2: str
    admin1: str
    lat: float | None
    lon: float | None
    geo_precision: str
    notes: str
    fatalities: int


@dataclass(frozen=True, slots=True)
class Prediction:
    """What the pipeline read from one row's notes, reduced to the columns ACLED has."""

    event_type: str = NO_EVENT
    sub_event_type: str = NO_EVENT
    actor1: str = ""
    actor2: str = ""
    fatalities: int = 0
    place: Place | None = None
    occurred: tuple[date, date] | None = None
    rejected: bool = False


def evaluate_acled(path: Path, *, settings: Settings, limit: int | None, split: str) -> dict[str, Any]:
    """Read every row of `split` (the first `limit` of them) through the pipeline and score it."""
    from sitrep.stages import build_pipeline

    rows = select_rows(read_acled(path), split=split, limit=limit)
    pipeline = build_pipeline(settings)
    readings = (r.reading for r in pipeline.run(row_article(row) for row in rows))
    predictions = [
        predict(reading) if reading is not None else Prediction(rejected=True) for reading in readings
    ]
    metrics = score(rows, predictions)
    metrics["split"] = split
    return metrics


def read_acled(path: Path) -> list[AcledRow]:
    """The rows of an ACLED CSV export; a row with an unreadable date or number is skipped and logged."""
    try:
        with path.open(newline="", encoding="utf-8-sig") as f:
            reader = csv.DictReader(f)
            missing = [c for c in REQUIRED_COLUMNS if c not in (reader.fieldnames or ())]
            if missing:
                raise AcledFileError(f"{path}: not an ACLED export, missing columns {missing}")
            return list(_parse_rows(path, reader))
    except (OSError, UnicodeDecodeError, csv.Error) as e:
        raise AcledFileError(f"{path}: cannot read: {e}") from e


def _parse_rows(path: Path, records: Iterable[dict[str, str]]) -> Iterator[AcledRow]:
    for n, record in enumerate(records, start=2):
        try:
            yield _parse_row(record)
        except ValueError as e:
            log.warning("%s line %d: skipped: %s", path, n, e)


def _parse_row(record: dict[str, str]) -> AcledRow:
    return AcledRow(
        event_id=record["event_id_cnty"].strip(),
        published=_parse_date(record["event_date"]),
        event_type=record["event_type"].strip(),
        sub_event_type=record["sub_event_type"].strip(),
        actor1=record["actor1"].strip(),
        actor2=record["actor2"].strip(),
        admin1=record["admin1"].strip(),
        lat=float(record["latitude"]) if record["latitude"].strip() else None,
        lon=float(record["longitude"]) if record["longitude"].strip() else None,
        geo_precision=record["geo_precision"].strip(),
        notes=record["notes"],
        fatalities=int(record["fatalities"] or 0),
    )


def _parse_date(text: str) -> date:
    text = text.strip()
    for pattern in ("%d %B %Y", "%Y-%m-%d", "%d-%B-%Y", "%m/%d/%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(f"unreadable event_date {text!r}")


def split_of(row: AcledRow) -> str:
    """`test` for rows whose event id number is divisible by 5, `dev` for the rest."""
    digits = re.sub(r"\D", "", row.event_id)
    return "test" if digits and int(digits) % TEST_MODULUS == 0 else "dev"


def select_rows(rows: Sequence[AcledRow], *, split: str, limit: int | None) -> list[AcledRow]:
    if split not in SPLITS:
        raise AcledFileError(f"unknown split {split!r}: use one of {', '.join(SPLITS)}")
    chosen = [r for r in rows if split == "all" or split_of(r) == split]
    return chosen[:limit] if limit is not None else chosen


def row_article(row: AcledRow) -> Article:
    return Article(
        id=article_id(row.notes, published=row.published, title=row.event_id),
        text=row.notes,
        published=row.published,
        source=row.event_id,
    )


def main_event(events: Sequence[Event]) -> Event | None:
    return next((e for e in events if e.status is Status.HAPPENED), events[0] if events else None)


def predict(reading: Reading) -> Prediction:
    event = main_event(reading.events)
    place = event.places[0] if event is not None and event.places else None
    place = place or (reading.places[0] if reading.places else None)
    if event is None:
        return Prediction(place=place)
    return Prediction(
        event_type=event.type,
        sub_event_type=event.sub_type,
        actor1=event.actor1,
        actor2=event.actor2,
        fatalities=event.fatalities.value if event.fatalities is not None else 0,
        place=place,
        occurred=(event.occurred.start, event.occurred.end) if event.occurred is not None else None,
    )


def score(rows: Sequence[AcledRow], predictions: Sequence[Prediction]) -> Metrics:
    """Metrics over paired gold rows and predictions (see the module docstring for the rules)."""
    if len(rows) != len(predictions):
        raise ValueError(f"{len(rows)} rows but {len(predictions)} predictions")
    n = len(rows)
    pairs = list(zip(rows, predictions, strict=True))
    located = [(r, p) for r, p in pairs if r.lat is not None and r.lon is not None]
    metrics: Metrics = {
        "rows": n,
        "no_event": sum(p.event_type == NO_EVENT for p in predictions),
        "rejected": sum(p.rejected for p in predictions),
        "event_type_accuracy": _share(r.event_type == p.event_type for r, p in pairs),
        "sub_event_type_accuracy": _share(r.sub_event_type == p.sub_event_type for r, p in pairs),
        "sub_event_type_macro_f1": macro_f1(
            [r.sub_event_type for r in rows], [p.sub_event_type for p in predictions]
        ),
        "actor1_accuracy": _share(r.actor1 == p.actor1 for r, p in pairs),
        "actor2_accuracy": _share(r.actor2 == p.actor2 for r, p in pairs),
        "fatalities_exact": _share(r.fatalities == p.fatalities for r, p in pairs),
        "fatalities_mae": sum(abs(r.fatalities - p.fatalities) for r, p in pairs) / n if n else 0.0,
        "event_date_exact": _share(p.occurred == (r.published, r.published) for r, p in pairs),
        "location_within_25km": _share(_within(r, p) for r, p in located),
        "location_by_geo_precision": _within_by_precision(located),
        "admin1_accuracy": _share(
            p.place is not None and same_admin1(r.admin1, p.place.admin1) for r, p in pairs
        ),
        "event_type_confusion": confusion([r.event_type for r in rows], [p.event_type for p in predictions]),
        "sub_event_type_confusion": confusion(
            [r.sub_event_type for r in rows], [p.sub_event_type for p in predictions]
        ),
    }
    return metrics


def _share(outcomes: Iterable[bool]) -> float:
    values = list(outcomes)
    return sum(values) / len(values) if values else 0.0


def macro_f1(gold: Sequence[str], predicted: Sequence[str]) -> float:
    labels = sorted(set(gold))
    scores = []
    for label in labels:
        tp = sum(g == label and p == label for g, p in zip(gold, predicted, strict=True))
        fp = sum(g != label and p == label for g, p in zip(gold, predicted, strict=True))
        fn = sum(g == label and p != label for g, p in zip(gold, predicted, strict=True))
        scores.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(scores) / len(scores) if scores else 0.0


def confusion(gold: Sequence[str], predicted: Sequence[str]) -> dict[str, dict[str, int]]:
    """`{gold label: {predicted label: count}}`, labels sorted, counts largest first."""
    table: dict[str, Counter[str]] = defaultdict(Counter)
    for g, p in zip(gold, predicted, strict=True):
        table[g][p] += 1
    return {g: dict(table[g].most_common()) for g in sorted(table)}


def _within(row: AcledRow, prediction: Prediction) -> bool:
    place = prediction.place
    if place is None or row.lat is None or row.lon is None:
        return False
    return distance_km(row.lat, row.lon, place.lat, place.lon) <= WITHIN_KM


def _within_by_precision(pairs: Sequence[tuple[AcledRow, Prediction]]) -> dict[str, dict[str, float]]:
    groups: dict[str, list[bool]] = defaultdict(list)
    for row, prediction in pairs:
        groups[row.geo_precision].append(_within(row, prediction))
    return {k: {"rows": len(v), "within_25km": _share(v)} for k, v in sorted(groups.items())}


_REGION_WORDS = re.compile(
    r"\b(?:oblast|oblast'|region|province|raion|governorate|krai|republic\s+of)\b", re.I
)
# Names of the same region that no spelling rule links (exonym vs endonym).
_REGION_ALIASES = {"kiev": "kyiv", "transcarpathia": "zakarpattia", "kiev city": "kyiv city"}


def _region_key(name: str) -> str:
    key = " ".join(_REGION_WORDS.sub(" ", name.casefold()).replace("-", " ").split())
    return _REGION_ALIASES.get(key, key)


def same_admin1(gold: str, predicted: str) -> bool:
    """Loose match of region names: "Donetsk Oblast" = "Donetsk", "Zaporizhzhia" = "Zaporizhia"."""
    a, b = _region_key(gold), _region_key(predicted)
    if not a or not b:
        return False
    return a == b or SequenceMatcher(None, a, b).ratio() >= 0.85
