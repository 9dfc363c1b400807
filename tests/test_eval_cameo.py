"""The 0-4 cooperation-to-conflict scorer: reading the file, its split, the scale, and the pipeline on the
real ConfliBERT CAMEO sentences."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitrep.evaluate.cameo import evaluate_cameo, read_scale_rows, scale_of
from sitrep.settings import Settings
from tests.conftest import shared_file

CONFLIBERT = "events/conflibert_cameo/train.tsv"
LINES = [
    "The foreign ministers held talks in Geneva on Tuesday.\t1",
    "The government released forty prisoners on Friday.\t2",
    "The opposition leader condemned the new election law.\t3",
    "Rebels shelled the town overnight, killing three soldiers.\t4",
    "The spokesman declined to comment on the report.\t0",
    "a line without a label",
    "The minister said the talks went well.\t7",
]


@pytest.fixture
def tiny_file(tmp_path: Path) -> Path:
    path = tmp_path / "scale.tsv"
    path.write_text("\n".join(LINES) + "\n", encoding="utf-8")
    return path


def test_reads_rows_skipping_malformed_lines(tiny_file: Path) -> None:
    rows = read_scale_rows(tiny_file)
    assert [r.label for r in rows] == ["1", "2", "3", "4", "0"]
    assert rows[0].sentence == "The foreign ministers held talks in Geneva on Tuesday."


def test_every_fifth_line_is_held_out(tiny_file: Path) -> None:
    assert [r.split for r in read_scale_rows(tiny_file)] == ["dev", "dev", "dev", "dev", "test"]


def test_scale_of_categories() -> None:
    assert [scale_of(c) for c in ("STATEMENT", "APPEAL", "no event")] == ["0", "0", "0"]
    assert [scale_of(c) for c in ("AGREE", "CONSULT", "SUPPORT")] == ["1", "1", "1"]
    assert [scale_of(c) for c in ("AID", "RETREAT", "CONCEDE", "COOPERATE")] == ["2", "2", "2", "2"]
    assert [scale_of(c) for c in ("DEMAND", "REJECT", "THREATEN", "SANCTION")] == ["3", "3", "3", "3"]
    assert [scale_of(c) for c in ("PROTEST", "COERCE", "ASSAULT", "FIGHT")] == ["4", "4", "4", "4"]
    assert scale_of("SOMETHING NEW") == "0"


def test_end_to_end_on_a_tiny_file(tiny_file: Path) -> None:
    m = evaluate_cameo(tiny_file, settings=Settings(), limit=None)
    assert m["sentences"] == 5
    assert m["split"]["dev"]["sentences"] == 4
    assert m["split"]["test"]["sentences"] == 1
    assert m["dev_accuracy"] == m["split"]["dev"]["accuracy"]
    assert m["accuracy"] == 1.0
    assert m["confusion"]["4"] == {"4": 1}


def test_limit_reads_the_first_lines(tiny_file: Path) -> None:
    m = evaluate_cameo(tiny_file, settings=Settings(), limit=2)
    assert m["sentences"] == 2
    assert m["split"]["test"]["sentences"] == 0


@pytest.mark.reference
def test_reference_sentences_limited() -> None:
    path = shared_file(CONFLIBERT)
    m = evaluate_cameo(path, settings=Settings(), limit=40)
    assert m["sentences"] == 40
    assert set(m["split"]) == {"dev", "test"}
    assert m["split"]["dev"]["sentences"] + m["split"]["test"]["sentences"] == 40
    assert m["accuracy"] >= 0.5
