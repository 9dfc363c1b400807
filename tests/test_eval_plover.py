"""The PLOVER scorer: reading the records, its arithmetic on hand-made labels, and the pipeline on the
real PLOVER gold-standard records."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from sitrep.evaluate.plover import EventFileError, as_plover, evaluate_plover, read_plover, score_categories
from sitrep.settings import Settings
from tests.conftest import shared_file

PLOVER_GSR = "events/PLOVER_GSR_CAMEO.txt"
RECORDS = [
    {"id": "DOC", "event": "DOCUMENT", "eventText": "a header, not a sentence"},
    {"id": "A1", "date": "2001-05-02", "event": "AGREE",
     "text": "The two governments agreed to cooperate on border security."},
    {"id": "T1", "event": "THREATEN", "text": "The rebels threatened to attack the capital."},
    {"id": "P1", "date": "not a date", "event": "PROTEST",
     "text": "Thousands of students demonstrated in the capital on Sunday."},
    {"id": "X1", "event": "FIGHT"},  # no sentence: skipped
]  # fmt: skip


@pytest.fixture
def tiny_file(tmp_path: Path) -> Path:
    path = tmp_path / "gsr.txt"
    path.write_text(json.dumps(RECORDS, indent=2), encoding="utf-8")
    return path


def test_reads_array_skipping_header_and_records_without_text(tiny_file: Path) -> None:
    records = read_plover(tiny_file)
    assert [r.id for r in records] == ["A1", "T1", "P1"]
    assert records[0].published == date(2001, 5, 2)
    assert records[2].published is None  # an unreadable date reads as none, not as a failure


def test_reads_one_record_per_line(tmp_path: Path) -> None:
    path = tmp_path / "gsr.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in RECORDS) + "\n", encoding="utf-8")
    assert [r.event for r in read_plover(path)] == ["AGREE", "THREATEN", "PROTEST"]


def test_bad_line_names_the_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps(RECORDS[1]) + "\n{not json\n", encoding="utf-8")
    with pytest.raises(EventFileError, match=r"bad\.jsonl line 2"):
        read_plover(path)


def test_score_arithmetic() -> None:
    gold = ["AGREE", "AGREE", "FIGHT", "DEMAND"]
    predicted = ["AGREE", "FIGHT", "FIGHT", "no event"]
    m = score_categories(gold, predicted)
    assert m["accuracy"] == 0.5
    assert m["no_event"] == 1
    assert m["confusion"] == {
        "AGREE": {"AGREE": 1, "FIGHT": 1},
        "DEMAND": {"no event": 1},
        "FIGHT": {"FIGHT": 1},
    }
    assert m["per_class"]["AGREE"] == {"precision": 1.0, "recall": 0.5, "f1": 2 / 3, "support": 2}
    assert m["per_class"]["FIGHT"] == {"precision": 0.5, "recall": 1.0, "f1": 2 / 3, "support": 1}
    assert m["per_class"]["DEMAND"]["f1"] == 0.0
    assert m["macro_f1"] == pytest.approx((2 / 3 + 2 / 3 + 0.0) / 3)
    assert "no event" not in m["per_class"]


def test_cameo_only_categories_count_as_their_plover_neighbours() -> None:
    assert as_plover("APPEAL") == "DEMAND"
    assert as_plover("STATEMENT") == "no event"
    assert as_plover("REJECT") == "REJECT"


def test_mismatched_lengths_are_an_error() -> None:
    with pytest.raises(ValueError, match="2 gold labels but 1 predictions"):
        score_categories(["AGREE", "FIGHT"], ["AGREE"])


def test_end_to_end_on_a_tiny_file(tiny_file: Path) -> None:
    m = evaluate_plover(tiny_file, settings=Settings(), limit=None)
    assert m["sentences"] == 3
    assert m["rejected"] == 0
    assert m["plover_accuracy"] == 1.0
    assert m["confusion"]["THREATEN"] == {"THREATEN": 1}


@pytest.mark.reference
def test_reference_records_limited() -> None:
    path = shared_file(PLOVER_GSR)
    m = evaluate_plover(path, settings=Settings(), limit=40)
    assert m["sentences"] == 40
    assert set(m) >= {"plover_accuracy", "events_only_accuracy", "confusion", "per_class", "no_event"}
    # The first 40 records are AGREE and CONSULT sentences: verbal cooperation the predicate reader knows.
    assert m["plover_accuracy"] >= 0.6
