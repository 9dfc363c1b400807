"""Toponym recognition and resolution scored on LGL / GeoWebNews XML (Gritta et al.'s "gritta" format).

Two files share the format's outline (`<article>` with `<text>` and `<toponyms>`, each toponym with
`<start>`/`<end>` character offsets into the text) but differ inside a toponym:

- LGL (Lieberman et al. 2010, local news): `<phrase>` and a `<gaztag>` with `<lat>`/`<lon>` (absent for
  the 626 of 5,088 toponyms GeoNames could not place). Every annotation is a toponym.
- GeoWebNews (Gritta et al. 2019, "A Pragmatic Guide to Geoparsing Evaluation"): `<extractedName>`,
  `<type>`, `<modifierType>`, `<latitude>`/`<longitude>`. Annotations include non-toponyms.

Which GeoWebNews annotations count (`COUNTED_TYPES`): the toponym types of the pragmatic taxonomy that
carry coordinates, literal and associative: Literal, Mixed, Coercion, Metonymic, Literal_Modifier,
Non_Literal_Modifier, Embedded_Literal, Embedded_Non_Lit, *except* adjectival modifiers ("French
cuisine", "Syrian rebels"; `modifierType` Adjective): sitrep reads demonyms and adjectives as
nationalities, not places, by design. Not counted: Demonym, Language, Homonym, Non_Toponym and the
two Expression types (common nouns such as "church", "residents"). A predicted span that overlaps an
annotation that is not counted is ignored (neither right nor wrong).

Measures:
- Recognition (end to end): a prediction matches a gold toponym when their spans overlap (one to one,
  in text order); precision, recall and F1 over the counted toponyms.
- `acc161_e2e`: of matched toponyms with gold coordinates, the share resolved within 161 km (100 miles).
- Given gold spans (`Places.resolve_span`): `acc161_gold`, `median_km_gold` and `auc_gold` over every
  counted toponym with gold coordinates (a name no gazetteer entry bears is placed in the article's
  `focus_town`); a toponym left unresolved counts as the largest possible error
  (20,039 km, half the Earth's circumference); `resolved_gold` is the share that got a place at all.
- `auc_gold`: Gritta et al.'s area under the curve of the sorted errors on a log scale: errors sorted
  ascending, each mapped to log(1 + km) / log(20039), then the trapezoid area over the x axis normalised
  to [0, 1]. 0 is perfect, 1 is every toponym at the antipode; lower is better.

Normalize is not run: gold offsets point into the raw text.
"""

from __future__ import annotations

import logging
import math
import statistics
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import islice, pairwise
from pathlib import Path
from typing import Any

from sitrep.errors import InputError
from sitrep.evaluate import Metrics
from sitrep.geo import distance_km
from sitrep.models import Article, Place, Span, article_id
from sitrep.pipeline import Doc
from sitrep.settings import Settings

log = logging.getLogger(__name__)

FORMATS = ("gritta",)
ACC_KM = 161.0
MAX_KM = 20039.0
COUNTED_TYPES = frozenset(
    {
        "Literal",
        "Mixed",
        "Coercion",
        "Metonymic",
        "Literal_Modifier",
        "Non_Literal_Modifier",
        "Embedded_Literal",
        "Embedded_Non_Lit",
    }
)


@dataclass(frozen=True, slots=True)
class GoldToponym:
    span: Span
    name: str
    lat: float | None
    lon: float | None
    counted: bool = True  # False: an annotation the scores leave out (see the module docstring)

    @property
    def located(self) -> bool:
        return self.lat is not None and self.lon is not None


@dataclass(frozen=True, slots=True)
class GoldDocument:
    docid: str
    text: str
    toponyms: tuple[GoldToponym, ...]

    @property
    def counted(self) -> list[GoldToponym]:
        return [t for t in self.toponyms if t.counted]


def read_gritta(path: Path, *, limit: int | None = None) -> list[GoldDocument]:
    """The documents of an LGL or GeoWebNews XML file, in file order (the first `limit` of them)."""
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as e:
        raise InputError(str(path), f"cannot read as gritta XML: {e}") from e
    articles = islice(root.iter("article"), limit)
    return [_document(path, i, element) for i, element in enumerate(articles)]


def _document(path: Path, index: int, element: ET.Element) -> GoldDocument:
    text = element.findtext("text")
    if text is None:
        raise InputError(f"{path}: article {index}", "no <text>")
    docid = element.get("docid") or element.get("file") or str(index)
    toponyms = []
    for t in element.iter("toponym"):
        toponym = _toponym(t, len(text))
        if toponym is None:
            log.warning("%s: article %s: toponym %r has impossible offsets; left out", path, docid, _name(t))
        else:
            toponyms.append(toponym)
    return GoldDocument(docid, text, tuple(sorted(toponyms, key=lambda t: t.span)))


def _name(element: ET.Element) -> str:
    return element.findtext("extractedName") or element.findtext("phrase") or ""


def _toponym(element: ET.Element, text_length: int) -> GoldToponym | None:
    start, end = int(element.findtext("start") or -1), int(element.findtext("end") or -1)
    if not 0 <= start < end <= text_length:
        return None  # GeoWebNews has one at -139..-131
    span = Span(start, end)
    if element.find("extractedName") is not None:  # GeoWebNews
        counted = (element.findtext("type") or "") in COUNTED_TYPES and (
            element.findtext("modifierType") or ""
        ) != "Adjective"
        lat, lon = _coordinate(element, "latitude"), _coordinate(element, "longitude")
        return GoldToponym(span, _name(element), lat, lon, counted)
    gaztag = element.find("gaztag")  # LGL
    lat = None if gaztag is None else _coordinate(gaztag, "lat")
    lon = None if gaztag is None else _coordinate(gaztag, "lon")
    return GoldToponym(span, _name(element), lat, lon)


def _coordinate(element: ET.Element, tag: str) -> float | None:
    raw = (element.findtext(tag) or "").strip()
    return float(raw) if raw else None


def error_km(gold: GoldToponym, place: Place | None) -> float:
    """Distance from the gold point to the resolved place; `MAX_KM` if unresolved."""
    if place is None or gold.lat is None or gold.lon is None:
        return MAX_KM
    return distance_km(gold.lat, gold.lon, place.lat, place.lon)


def auc(errors: Sequence[float]) -> float:
    """Gritta et al.'s AUC of the log error curve, in [0, 1]; lower is better (module docstring)."""
    if not errors:
        return float("nan")
    ys = [math.log1p(min(e, MAX_KM)) / math.log1p(MAX_KM) for e in sorted(errors)]
    if len(ys) == 1:
        return ys[0]
    area = sum((a + b) / 2 for a, b in pairwise(ys))
    return area / (len(ys) - 1)


def match_spans(predicted: Sequence[Span], gold: Sequence[Span]) -> list[tuple[int, int]]:
    """One-to-one pairs (predicted index, gold index) of overlapping spans, greedily in text order."""
    pairs: list[tuple[int, int]] = []
    used: set[int] = set()
    for i, p in enumerate(predicted):
        for j, g in enumerate(gold):
            if j not in used and p.overlaps(g):
                pairs.append((i, j))
                used.add(j)
                break
    return pairs


@dataclass(slots=True)
class _Tally:
    predicted: int = 0
    gold: int = 0
    matched: int = 0
    e2e_located: int = 0
    e2e_within: int = 0

    def add_recognition(self, doc: GoldDocument, places: Sequence[Place]) -> None:
        ignored = [t.span for t in doc.toponyms if not t.counted]
        kept = [p for p in places if not any(p.span.overlaps(s) for s in ignored)]
        counted = doc.counted
        pairs = match_spans([p.span for p in kept], [t.span for t in counted])
        self.predicted += len(kept)
        self.gold += len(counted)
        self.matched += len(pairs)
        for i, j in pairs:
            if counted[j].located:
                self.e2e_located += 1
                self.e2e_within += error_km(counted[j], kept[i]) <= ACC_KM


def evaluate_geoparse(path: Path, *, format: str, settings: Settings, limit: int | None) -> dict[str, Any]:
    """Score the places stage on a gritta-format file: end to end and given the gold spans."""
    if format not in FORMATS:
        raise InputError(str(path), f"unknown geoparse format {format!r} (known: {', '.join(FORMATS)})")
    from sitrep.gazetteer import load_gazetteer
    from sitrep.stages.language import SpacyParse, load_language_model
    from sitrep.stages.places import Places

    documents = read_gritta(path, limit=limit)
    nlp = load_language_model(settings.model)
    places = Places(load_gazetteer(cache_dir=Path(settings.cache_dir)))
    started = time.perf_counter()
    docs = [Doc(Article(id=article_id(d.text, title=d.docid), text=d.text)) for d in documents]
    SpacyParse(nlp, batch_size=settings.batch_size)(docs)
    parsed = time.perf_counter()
    places(docs)
    metrics = score(documents, docs, places)
    metrics["seconds_language"] = round(parsed - started, 2)
    metrics["seconds_places"] = round(time.perf_counter() - parsed, 2)
    return metrics


def score(documents: Sequence[GoldDocument], docs: Sequence[Doc], places: Any) -> Metrics:
    """Metrics for documents whose `Doc`s have been through the places stage; `places` resolves spans."""
    tally = _Tally()
    errors: list[float] = []
    resolved = 0
    for gold, doc in zip(documents, docs, strict=True):
        tally.add_recognition(gold, doc.places)
        located = [t for t in gold.counted if t.located]
        for toponym, place in zip(located, places.resolve_spans(doc, [t.span for t in located]), strict=True):
            errors.append(error_km(toponym, place))
            resolved += place is not None
    precision = tally.matched / tally.predicted if tally.predicted else 0.0
    recall = tally.matched / tally.gold if tally.gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "documents": len(documents),
        "toponyms_gold": tally.gold,
        "toponyms_predicted": tally.predicted,
        "toponyms_matched": tally.matched,
        "toponym_precision": round(precision, 4),
        "toponym_recall": round(recall, 4),
        "toponym_f1": round(f1, 4),
        "located_gold": len(errors),
        "resolved_gold": round(resolved / len(errors), 4) if errors else 0.0,
        "acc161_gold": round(sum(e <= ACC_KM for e in errors) / len(errors), 4) if errors else 0.0,
        "median_km_gold": round(statistics.median(errors), 1) if errors else 0.0,
        "auc_gold": round(auc(errors), 4) if errors else 0.0,
        "located_matched_e2e": tally.e2e_located,
        "acc161_e2e": round(tally.e2e_within / tally.e2e_located, 4) if tally.e2e_located else 0.0,
    }


def iter_errors(documents: Sequence[GoldDocument], docs: Sequence[Doc], places: Any) -> Iterator[Any]:
    """(document, gold toponym, resolved place, error km) per located gold toponym, for error analysis."""
    for gold, doc in zip(documents, docs, strict=True):
        located = [t for t in gold.counted if t.located]
        for toponym, place in zip(located, places.resolve_spans(doc, [t.span for t in located]), strict=True):
            yield gold, toponym, place, error_km(toponym, place)
