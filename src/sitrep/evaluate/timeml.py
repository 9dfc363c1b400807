"""TIMEX3 recognition and normalisation scored on any folder of TimeML (`.tml`) files.

Each document's plain text is the character content of its `<TEXT>` element (tags removed, entities
decoded); gold TIMEX3 offsets are taken in that text. `find_timex` reads the text with the document creation
time (the TIMEX3 with `functionInDocument="CREATION_TIME"`) as its anchor, or the day of a wire dateline
that opens the text within two days of it, exactly as the pipeline's times stage reads an article (the
verb's tense from the words, no language model), and the two sets are compared:

- recognition precision/recall/F1, *strict* (identical character span) and *relaxed* (any overlap; each
  gold and each predicted expression is matched at most once, leftmost first);
- `type_accuracy`: share of relaxed matches whose TimeML type (DATE, TIME, DURATION, SET) agrees;
- `value_accuracy`: share of relaxed matches with a gold DATE or TIME whose value is the same string
  (case, surrounding space, a week number's leading zero and a clock time's zero minutes ignored:
  "2000-W8" is "2000-W08", "1989-11-06T17" is "1989-11-06T17:00"; the gold writes both ways);
- `value_accuracy_day`: the same, with both values cut before any time of day ("2013-03-22T10:00" and
  "2013-03-22TMO" count as "2013-03-22"), i.e. normalisation judged at the granularity of a day.

Folders with sub-folders also get the same metrics per first-level sub-folder under `by_folder`.

`part="even"` or `"odd"` scores only the files at even (0, 2, 4, ...) or odd positions of each folder's
files sorted by name: a fixed, reproducible split of a corpus into a part whose errors may be read and a
part kept for measuring.

How this compares with the TempEval-3 scorer (`evaluate_entities.py` of its toolkit), which matches
expressions by token overlap (relaxed) or identical text (strict) and compares values as exact strings:

- TempEval-3 scores `value` on every relaxed match (DURATION and SET too) and reports value F1 as
  value accuracy times relaxed F1. Those two are `value_accuracy_all` and `value_f1` here (exact strings,
  no allowance for the week number's zero or the zero minutes); `type_f1` likewise. The issue's
  `value_accuracy` counts only gold DATE and TIME, the kinds that date an event.
- Overlap is taken on characters, one to one; TempEval-3 aligns through token overlap, where one system
  expression spanning two gold ones can be counted twice. The one-to-one rule is the stricter of the two.
- Neither scorer gives credit for a value at another granularity ("2013" for "2013-03"); only
  `value_accuracy_day` forgives the time of day.
"""

from __future__ import annotations

import logging
import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sitrep.errors import InputError
from sitrep.evaluate import Metrics
from sitrep.models import Span
from sitrep.stages.times import dateline_anchor
from sitrep.stages.timex import Timex, find_timex

log = logging.getLogger(__name__)

DATE_LIKE = ("DATE", "TIME")


@dataclass(frozen=True, slots=True)
class GoldTimex:
    span: Span
    type: str
    value: str


@dataclass(frozen=True, slots=True)
class TimeMLDocument:
    path: Path
    creation: date
    text: str
    timexes: tuple[GoldTimex, ...]


class TimeMLError(ValueError):
    """A file that is not usable TimeML (not XML, no TEXT, no creation time)."""


@dataclass
class _Counts:
    files: int = 0
    files_skipped: int = 0
    gold: int = 0
    predicted: int = 0
    matched_strict: int = 0
    matched_relaxed: int = 0
    type_correct: int = 0
    valued: int = 0
    value_correct: int = 0
    value_correct_day: int = 0
    value_correct_all: int = 0
    gold_types: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def add(self, other: _Counts) -> None:
        for name in ("files", "files_skipped", "gold", "predicted", "matched_strict", "matched_relaxed"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for name in ("type_correct", "valued", "value_correct", "value_correct_day", "value_correct_all"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for key, n in other.gold_types.items():
            self.gold_types[key] += n


PARTS = ("even", "odd")


def evaluate_time(directory: Path, *, part: str | None = None) -> Metrics:
    """Score `find_timex` on every `.tml` file under `directory` (searched recursively), or on the even or
    odd `part` of each folder's files sorted by name."""
    directory = Path(directory)
    if not directory.is_dir():
        raise InputError(str(directory), "not a folder")
    paths = timeml_files(directory, part=part)
    if not paths:
        raise InputError(str(directory), "no .tml files found")
    per_folder: dict[str, _Counts] = defaultdict(_Counts)
    for path in paths:
        relative = path.relative_to(directory)
        folder = relative.parts[0] if len(relative.parts) > 1 else "."
        counts = per_folder[folder]
        try:
            document = read_timeml(path)
        except TimeMLError as e:
            log.warning("skipped %s: %s", path, e)
            counts.files_skipped += 1
            continue
        counts.add(score_document(document))
    total = _Counts()
    for counts in per_folder.values():
        total.add(counts)
    metrics = _metrics(total)
    if any(folder != "." for folder in per_folder):
        metrics["by_folder"] = {folder: _metrics(c) for folder, c in sorted(per_folder.items())}
    return metrics


def timeml_files(directory: Path, *, part: str | None = None) -> list[Path]:
    """The `.tml` files under `directory`, sorted; with `part`, only those at even or odd positions among
    the files of their own folder sorted by name."""
    if part is not None and part not in PARTS:
        raise ValueError(f"part must be one of {', '.join(PARTS)}, not {part!r}")
    paths = sorted(Path(directory).rglob("*.tml"))
    if part is None:
        return paths
    by_folder: dict[Path, list[Path]] = defaultdict(list)
    for path in paths:
        by_folder[path.parent].append(path)
    keep = 0 if part == "even" else 1
    chosen = {
        p for files in by_folder.values() for i, p in enumerate(sorted(files, key=_name)) if i % 2 == keep
    }
    return [p for p in paths if p in chosen]


def _name(path: Path) -> str:
    return path.name


def read_timeml(path: Path) -> TimeMLDocument:
    """The plain text of a TimeML file's `<TEXT>`, its gold TIMEX3s and its creation date."""
    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, OSError, UnicodeDecodeError) as e:
        raise TimeMLError(f"not readable as XML: {e}") from e
    creation = _creation_date(root)
    body = root.find(".//TEXT")
    if body is None:
        raise TimeMLError("no <TEXT> element")
    pieces: list[str] = []
    timexes: list[GoldTimex] = []
    _flatten(body, pieces, timexes, offset=0)
    return TimeMLDocument(path, creation, "".join(pieces), tuple(timexes))


def _creation_date(root: ET.Element) -> date:
    for timex in root.iter("TIMEX3"):
        if timex.get("functionInDocument") == "CREATION_TIME":
            value = timex.get("value", "")
            try:
                return date.fromisoformat(value[:10])
            except ValueError as e:
                raise TimeMLError(f"creation time {value!r} is not a date") from e
    raise TimeMLError('no TIMEX3 with functionInDocument="CREATION_TIME"')


def _flatten(element: ET.Element, pieces: list[str], timexes: list[GoldTimex], *, offset: int) -> int:
    """Append `element`'s text (children included, its own tail excluded) to `pieces`; return the end."""
    start = offset
    if element.text:
        pieces.append(element.text)
        offset += len(element.text)
    for child in element:
        offset = _flatten(child, pieces, timexes, offset=offset)
        if child.tail:
            pieces.append(child.tail)
            offset += len(child.tail)
    if element.tag == "TIMEX3" and element.get("functionInDocument") != "CREATION_TIME":
        timexes.append(GoldTimex(Span(start, offset), element.get("type", ""), element.get("value", "")))
    return offset


def score_document(document: TimeMLDocument) -> _Counts:
    predicted = find_timex(document.text, anchor=dateline_anchor(document.text, document.creation))
    counts = _Counts(files=1, gold=len(document.timexes), predicted=len(predicted))
    for gold in document.timexes:
        counts.gold_types[gold.type] += 1
    strict = {g.span for g in document.timexes} & {p.span for p in predicted}
    counts.matched_strict = len(strict)
    for gold, guess in _relaxed_pairs(document.timexes, predicted):
        counts.matched_relaxed += 1
        counts.type_correct += gold.type == guess.type
        counts.value_correct_all += gold.value == guess.value
        if gold.type in DATE_LIKE:
            counts.valued += 1
            counts.value_correct += _same_value(gold.value, guess.value)
            counts.value_correct_day += _same_value(gold.value, guess.value, day=True)
    return counts


def _relaxed_pairs(gold: tuple[GoldTimex, ...], predicted: list[Timex]) -> list[tuple[GoldTimex, Timex]]:
    """One-to-one overlap matching: each gold expression takes the first unused prediction it overlaps."""
    pairs: list[tuple[GoldTimex, Timex]] = []
    ordered = sorted(gold, key=lambda g: g.span.start)
    used: set[int] = set()
    for g in ordered:
        for i, p in enumerate(predicted):
            if i not in used and p.span.overlaps(g.span):
                pairs.append((g, p))
                used.add(i)
                break
    return pairs


_WEEK_NUMBER = re.compile(r"-W0(\d)\b")
_ZERO_MINUTES = re.compile(r"(T\d\d):00$")


def _canonical(value: str) -> str:
    """One spelling of a value: "2000-W08" and "2000-W8" alike, "T17:00" and "T17" (five o'clock) alike."""
    return _ZERO_MINUTES.sub(r"\1", _WEEK_NUMBER.sub(r"-W\1", value.strip().upper()))


def _same_value(gold: str, guess: str, *, day: bool = False) -> bool:
    gold, guess = _canonical(gold), _canonical(guess)
    if day:
        gold, guess = gold.split("T", 1)[0], guess.split("T", 1)[0]
    return gold == guess


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _metrics(c: _Counts) -> Metrics:
    metrics: Metrics = {}
    for kind, matched in (("strict", c.matched_strict), ("relaxed", c.matched_relaxed)):
        precision, recall = _ratio(matched, c.predicted), _ratio(matched, c.gold)
        metrics[f"recognition_precision_{kind}"] = precision
        metrics[f"recognition_recall_{kind}"] = recall
        metrics[f"recognition_f1_{kind}"] = _f1(precision, recall)
    metrics["type_accuracy"] = _ratio(c.type_correct, c.matched_relaxed)
    metrics["value_accuracy"] = _ratio(c.value_correct, c.valued)
    metrics["value_accuracy_day"] = _ratio(c.value_correct_day, c.valued)
    metrics["value_accuracy_all"] = _ratio(c.value_correct_all, c.matched_relaxed)
    metrics["type_f1"] = metrics["type_accuracy"] * metrics["recognition_f1_relaxed"]
    metrics["value_f1"] = metrics["value_accuracy_all"] * metrics["recognition_f1_relaxed"]
    metrics |= {
        "files": c.files,
        "files_skipped": c.files_skipped,
        "gold": c.gold,
        "predicted": c.predicted,
        "matched_strict": c.matched_strict,
        "matched_relaxed": c.matched_relaxed,
        "valued": c.valued,
        "gold_by_type": dict(sorted(c.gold_types.items())),
    }
    return metrics
