"""Who said what, scored against hand-coded reports (`tests/claims/` is the format's example).

Each report is a dateline text `NAME.txt` beside `NAME.json`:
`{"describes": "...", "claims": [{"speaker", "stance", "modality", "text", "said"?}]}`. A gold claim's
`text` is a run of words that must appear, in order, in the claimed content; its `speaker` holds words
that must all appear in the speaker's name, role or organisation; `said` (optional) is the day it was said.

Matching, per report: a predicted claim *attributes* a gold claim when both hold; it *covers* it when
the content holds whatever the speaker. Gold and predicted claims are paired one to one as far as
possible (a maximum matching); a gold claim left over may then share a predicted claim that also
attributes it (one that-clause holding two statements), and a predicted claim left over is a false
positive (a duplicate, or a claim nobody made).

- `attribution_precision`: predicted claims that attribute some gold claim / predicted claims.
- `attribution_recall`: gold claims attributed / gold claims; `attribution_f1` their harmonic mean.
  Right content with the wrong speaker is a miss, not a half-hit.
- `content_recall`: gold claims covered by any predicted claim (the speaker left aside).
- `stance_accuracy`, `modality_accuracy`: on attributed pairs; `said_accuracy`: on attributed pairs
  whose gold claim has `said`.

The whole folder is scored, and each subfolder holding reports (e.g. `heldout`) again under keys
prefixed `FOLDER/`. `errors` lists every miss and false positive, for reading.
"""

from __future__ import annotations

import json
import logging
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sitrep.errors import InputError
from sitrep.evaluate import Metrics
from sitrep.models import Claim, Reading
from sitrep.settings import Settings

log = logging.getLogger(__name__)

_WORD = re.compile(r"\w+")
ROOT = "."


@dataclass(frozen=True, slots=True)
class GoldClaim:
    speaker: str
    stance: str
    modality: str
    text: str
    said: date | None = None


@dataclass(frozen=True, slots=True)
class GoldReport:
    name: str  # path relative to the scored folder, without suffix
    folder: str  # the subfolder it sits in, ROOT for the folder itself
    text: str
    claims: tuple[GoldClaim, ...]


@dataclass(slots=True)
class _Tally:
    reports: int = 0
    gold: int = 0
    predicted: int = 0
    attributed: int = 0  # gold claims attributed
    correct_predictions: int = 0
    covered: int = 0
    stance_right: int = 0
    modality_right: int = 0
    said_gold: int = 0
    said_right: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)

    def metrics(self) -> Metrics:
        precision = _ratio(self.correct_predictions, self.predicted)
        recall = _ratio(self.attributed, self.gold)
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return {
            "attribution_precision": precision,
            "attribution_recall": recall,
            "attribution_f1": f1,
            "content_recall": _ratio(self.covered, self.gold),
            "stance_accuracy": _ratio(self.stance_right, self.attributed),
            "modality_accuracy": _ratio(self.modality_right, self.attributed),
            "said_accuracy": _ratio(self.said_right, self.said_gold),
            "reports": self.reports,
            "gold_claims": self.gold,
            "predicted_claims": self.predicted,
            "attributed_claims": self.attributed,
        }


def evaluate_claims(directory: Path, *, settings: Settings) -> dict[str, Any]:
    """Read every report under `directory` through the pipeline and score its claims."""
    from sitrep.gazetteer import load_gazetteer
    from sitrep.readers import parse_text
    from sitrep.stages import build_pipeline

    reports = read_gold(directory)
    gazetteer = load_gazetteer(cache_dir=Path(settings.cache_dir))
    pipeline = build_pipeline(settings, gazetteer=gazetteer)
    readings = [
        pipeline.read(parse_text(r.text, source=r.name, is_place=gazetteer.is_place)) for r in reports
    ]
    return score(reports, readings)


def read_gold(directory: Path) -> list[GoldReport]:
    """Every `.txt` report under `directory` (recursively) with its `.json` claims, in path order."""
    if not directory.is_dir():
        raise InputError(str(directory), "not a folder")
    reports = [_read_report(path, directory) for path in sorted(directory.rglob("*.txt"))]
    if not reports:
        raise InputError(str(directory), "no .txt reports found")
    return reports


def _read_report(path: Path, root: Path) -> GoldReport:
    expected = path.with_suffix(".json")
    try:
        text = path.read_text(encoding="utf-8")
        data = json.loads(expected.read_text(encoding="utf-8"))
        claims = tuple(_gold_claim(c) for c in data["claims"])
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError, ValueError) as e:
        raise InputError(str(expected), f"cannot read the expected claims: {e}") from e
    relative = path.relative_to(root)
    folder = relative.parent.as_posix()
    return GoldReport(name=relative.with_suffix("").as_posix(), folder=folder, text=text, claims=claims)


def _gold_claim(record: dict[str, Any]) -> GoldClaim:
    said = record.get("said")
    return GoldClaim(
        speaker=record["speaker"],
        stance=record["stance"],
        modality=record["modality"],
        text=record["text"],
        said=date.fromisoformat(said) if said else None,
    )


def score(reports: Sequence[GoldReport], readings: Sequence[Reading]) -> Metrics:
    """Metrics over all reports, then per subfolder (keys prefixed `FOLDER/`), and the errors."""
    tallies: dict[str, _Tally] = defaultdict(_Tally)
    errors: list[dict[str, Any]] = []
    for report, reading in zip(reports, readings, strict=True):
        folders = {ROOT, report.folder}
        report_tally = _Tally()
        _score_report(report, reading.claims, report_tally, text=reading.article.text)
        for folder in folders:
            _add(tallies[folder], report_tally)
        errors.extend(report_tally.errors)
    metrics = tallies[ROOT].metrics()
    for folder in sorted(f for f in tallies if f != ROOT):
        metrics.update({f"{folder}/{k}": v for k, v in tallies[folder].metrics().items()})
    metrics["errors"] = errors
    return metrics


def _add(total: _Tally, part: _Tally) -> None:
    for name in _Tally.__dataclass_fields__:
        if name != "errors":
            setattr(total, name, getattr(total, name) + getattr(part, name))


def _score_report(report: GoldReport, predicted: Sequence[Claim], tally: _Tally, *, text: str) -> None:
    tally.reports += 1
    tally.gold += len(report.claims)
    tally.predicted += len(predicted)
    covering = [[i for i, p in enumerate(predicted) if content_matches(g, p, text)] for g in report.claims]
    attributing = [
        [i for i in c if speaker_matches(g, predicted[i])]
        for g, c in zip(report.claims, covering, strict=True)
    ]
    pairs = _pair(attributing)
    for n, gold in enumerate(report.claims):
        tally.covered += bool(covering[n])
        if n in pairs:
            _score_pair(report, gold, predicted[pairs[n]], tally)
        else:
            tally.errors.append(_miss(report, gold, [predicted[i] for i in covering[n]]))
    used = set(pairs.values())
    tally.correct_predictions += len(used)
    tally.errors.extend(_extra(report, c, text) for i, c in enumerate(predicted) if i not in used)


def _pair(candidates: Sequence[Sequence[int]]) -> dict[int, int]:
    """Gold claim -> predicted claim: as many one-to-one pairs as possible (augmenting paths), then a gold
    claim left over takes a predicted claim already paired that also attributes it."""
    owner: dict[int, int] = {}  # predicted -> gold

    def assign(gold: int, seen: set[int]) -> bool:
        for p in candidates[gold]:
            if p not in seen:
                seen.add(p)
                if p not in owner or assign(owner[p], seen):
                    owner[p] = gold
                    return True
        return False

    for gold in range(len(candidates)):
        assign(gold, set())
    pairs = {gold: p for p, gold in owner.items()}
    for gold, options in enumerate(candidates):
        if gold not in pairs and options:
            pairs[gold] = options[0]
    return pairs


def _score_pair(report: GoldReport, gold: GoldClaim, claim: Claim, tally: _Tally) -> None:
    tally.attributed += 1
    tally.stance_right += claim.stance == gold.stance
    tally.modality_right += claim.modality == gold.modality
    if gold.stance != claim.stance or gold.modality != claim.modality:
        tally.errors.append(
            {
                "report": report.name,
                "kind": "label",
                "gold": f"{gold.stance}/{gold.modality}",
                "predicted": f"{claim.stance}/{claim.modality}",
                "text": gold.text,
            }
        )
    if gold.said is not None:
        tally.said_gold += 1
        right = claim.said is not None and claim.said.start == gold.said
        tally.said_right += right
        if not right:
            got = claim.said.start.isoformat() if claim.said is not None else "none"
            tally.errors.append(
                {"report": report.name, "kind": "said", "gold": gold.said.isoformat(), "predicted": got}
            )


def content_matches(gold: GoldClaim, claim: Claim, text: str) -> bool:
    """The gold text's words appear, in order and adjacent, in the predicted content."""
    return contains_run(words_of(text[claim.span.start : claim.span.end]), words_of(gold.text))


def speaker_matches(gold: GoldClaim, claim: Claim) -> bool:
    """Every word of the gold speaker appears in the predicted name, role or organisation."""
    s = claim.speaker
    found = set(words_of(" ".join((s.name, s.role, s.organisation))))
    return all(w in found for w in words_of(gold.speaker))


def words_of(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def contains_run(haystack: Sequence[str], needle: Sequence[str]) -> bool:
    n = len(needle)
    return n > 0 and any(list(haystack[i : i + n]) == list(needle) for i in range(len(haystack) - n + 1))


def _miss(report: GoldReport, gold: GoldClaim, covering: Iterable[Claim]) -> dict[str, Any]:
    speakers = [c.speaker.label() for c in covering]
    return {
        "report": report.name,
        "kind": "wrong speaker" if speakers else "missed",
        "gold": f"{gold.speaker}: {gold.text}",
        "predicted": "; ".join(speakers),
    }


def _extra(report: GoldReport, claim: Claim, text: str) -> dict[str, Any]:
    return {
        "report": report.name,
        "kind": "false positive",
        "gold": "",
        "predicted": f"{claim.speaker.label()}: {text[claim.span.start : claim.span.end]}",
    }


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 0.0
