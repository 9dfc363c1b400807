"""Score sitrep on the five-point cooperation-to-conflict scale of CAMEO-coded sentences (ConfliBERT's
`sentence<TAB>label` files, labels 0..4).

The scale, from CAMEO's root codes: 0 public statement or appeal (01-02), 1 verbal cooperation (03-05:
intent to cooperate, consult, diplomatic cooperation), 2 material cooperation (06-08: cooperate, aid,
yield), 3 verbal conflict (09-13 and 16: investigate, demand, disapprove, reject, threaten, reduce
relations), 4 material conflict (14-15 and 17-20: protest, force posture, coerce, assault, fight).
Each sentence's PLOVER category (`event_scale.sentence_category`, the same reading as `evaluate.plover`)
is put on the scale; a sentence with no category is a statement (0).

**Split.** Lines whose number (1-based, counting every line of the file) is divisible by 5 are `test`:
held out, looked at only to report a final figure, never to tune on. The others are `dev`. The output has
the figures for both and for all lines together under `split`.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sitrep.evaluate import Metrics
from sitrep.evaluate.plover import EventFileError, read_sentences, score_categories
from sitrep.settings import Settings
from sitrep.stages.event_scale import APPEAL, NO_EVENT, STATEMENT

log = logging.getLogger(__name__)

TEST_MODULUS = 5
LABELS = ("0", "1", "2", "3", "4")
SCALE_OF: dict[str, str] = {
    NO_EVENT: "0",
    STATEMENT: "0",
    APPEAL: "0",
    "AGREE": "1",
    "CONSULT": "1",
    "SUPPORT": "1",
    "COOPERATE": "2",
    "AID": "2",
    "CONCEDE": "2",
    "RETREAT": "2",
    "INVESTIGATE": "3",
    "DEMAND": "3",
    "DISAPPROVE": "3",
    "REJECT": "3",
    "THREATEN": "3",
    "SANCTION": "3",
    "PROTEST": "4",
    "MOBILIZE": "4",
    "COERCE": "4",
    "ASSAULT": "4",
    "FIGHT": "4",
    "DISPLACE": "2",  # an ACLED evacuation: people moved to safety
}


@dataclass(frozen=True, slots=True)
class ScaleRow:
    line: int
    sentence: str
    label: str

    @property
    def split(self) -> str:
        return "test" if self.line % TEST_MODULUS == 0 else "dev"


def evaluate_cameo(path: Path, *, settings: Settings, limit: int | None) -> dict[str, Any]:
    """Accuracy, macro-F1 and a confusion matrix on the 0-4 scale, for all lines and per split."""
    rows = read_scale_rows(path)
    rows = rows[:limit] if limit is not None else rows
    readings = read_sentences([(r.sentence, None, f"{path.name}:{r.line}") for r in rows], settings=settings)
    predicted = [scale_of(s.category()) for s in readings]
    metrics: Metrics = _scored([r.label for r in rows], predicted)
    metrics["rejected"] = sum(s.reading is None for s in readings)
    metrics["split"] = {
        name: _scored(
            [r.label for r in rows if r.split == name],
            [p for r, p in zip(rows, predicted, strict=True) if r.split == name],
        )
        for name in ("dev", "test")
    }
    for name, part in metrics["split"].items():  # flat too, so the CLI's table shows them
        metrics[f"{name}_accuracy"] = part["accuracy"]
    return metrics


def scale_of(category: str) -> str:
    """The 0-4 scale point of a PLOVER (or CAMEO-only) category; unknown categories are statements."""
    return SCALE_OF.get(category, "0")


def _scored(gold: Sequence[str], predicted: Sequence[str]) -> Metrics:
    scored = score_categories(gold, predicted)
    return {
        "sentences": scored["sentences"],
        "accuracy": scored["accuracy"],
        "macro_f1": scored["macro_f1"],
        "per_class": scored["per_class"],
        "confusion": scored["confusion"],
    }


def read_scale_rows(path: Path) -> list[ScaleRow]:
    """`sentence<TAB>label` lines; a line without a 0-4 label is skipped and logged."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as e:
        raise EventFileError(f"{path}: cannot read: {e}") from e
    rows = []
    for n, line in enumerate(lines, start=1):
        sentence, _, label = line.rpartition("\t")
        if not sentence.strip() or label.strip() not in LABELS:
            if line.strip():
                log.warning("%s line %d: skipped: not sentence<TAB>label (0-4)", path, n)
            continue
        rows.append(ScaleRow(n, sentence.strip(), label.strip()))
    return rows
