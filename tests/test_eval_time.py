"""The TimeML scorer: its arithmetic on a hand-written document, and a run over TimeBank + AQUAINT."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from sitrep.errors import InputError
from sitrep.evaluate.timeml import _same_value, evaluate_time, read_timeml, timeml_files

TBAQ = Path(__file__).resolve().parents[1].parent / "shared/data/time/TBAQ-cleaned"

# Gold: "Tuesday" (2021-03-02, exact), "2020" (ours is "late 2020", as TimeML's guidelines have it: relaxed),
# "a decade" (a DURATION, read as one), "this afternoon" (a TIME valued by hour in gold, by part of day
# by us) and "usual hour" (missed). "1990" is ours only.
DOCUMENT = """<?xml version="1.0" ?>
<TimeML>
<DOCID>hand-1</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2021-03-04" functionInDocument="CREATION_TIME">2021-03-04</TIMEX3>
</DCT>
<TEXT>
The ferry sank on <TIMEX3 tid="t1" type="DATE" value="2021-03-02">Tuesday</TIMEX3>, the coastguard said. \
Repairs began in late <TIMEX3 tid="t2" type="DATE" value="2020">2020</TIMEX3> after <TIMEX3 tid="t3" \
type="DURATION" value="P10Y">a decade</TIMEX3> of neglect. The harbour <EVENT eid="e1">reopens</EVENT> \
<TIMEX3 tid="t4" type="TIME" value="2021-03-04T15:00">this afternoon</TIMEX3>, at the
<TIMEX3 tid="t5" type="DATE" value="XXXX-XX-XX">usual hour</TIMEX3>. The ferry was built in 1990.
</TEXT>
</TimeML>
"""


def _write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_plain_text_and_gold_offsets(tmp_path: Path) -> None:
    document = read_timeml(_write(tmp_path, "a.tml", DOCUMENT))
    assert str(document.creation) == "2021-03-04"
    assert [document.text[t.span.start : t.span.end] for t in document.timexes] == [
        "Tuesday", "2020", "a decade", "this afternoon", "usual hour",
    ]  # fmt: skip
    assert "2021-03-04" not in document.text  # the creation time is not part of the text


def test_scorer_arithmetic(tmp_path: Path) -> None:
    _write(tmp_path, "a.tml", DOCUMENT)
    m = evaluate_time(tmp_path)
    # Predicted: Tuesday, late 2020, a decade, this afternoon, 1990 (5); gold 5; "usual hour" missed and
    # "1990" is not gold. Strict: Tuesday, a decade, this afternoon. Relaxed: those and "late 2020".
    assert {"recognition_f1_strict", "recognition_f1_relaxed", "type_accuracy", "value_accuracy"} <= set(m)
    assert (m["gold"], m["predicted"], m["matched_strict"], m["matched_relaxed"]) == (5, 5, 3, 4)
    assert m["recognition_precision_strict"] == pytest.approx(3 / 5)
    assert m["recognition_recall_relaxed"] == pytest.approx(4 / 5)
    assert m["recognition_f1_relaxed"] == pytest.approx(0.8)
    assert m["type_accuracy"] == 1.0
    # DATE/TIME pairs: Tuesday right, 2020 right, this afternoon 2021-03-04TAF vs 2021-03-04T15:00:
    # wrong as a value, right at the level of a day.
    assert m["valued"] == 3
    assert m["value_accuracy"] == pytest.approx(2 / 3)
    assert m["value_accuracy_day"] == 1.0
    # TempEval-3's view: every relaxed match, exact strings ("a decade" is P1DE here, P10Y in gold), and
    # value F1 as that accuracy times relaxed F1.
    assert m["value_accuracy_all"] == pytest.approx(2 / 4)
    assert m["value_f1"] == pytest.approx(0.5 * 0.8)
    assert m["type_f1"] == pytest.approx(1.0 * 0.8)
    assert "by_folder" not in m


def test_values_are_compared_in_one_spelling() -> None:
    assert _same_value("2000-W8", "2000-W08")
    assert _same_value("1989-11-06T17", "1989-11-06T17:00")  # five o'clock, written two ways
    assert _same_value("1989-10-27T24", "1989-10-27T24:00", day=True)
    assert not _same_value("1989-11-06T17", "1989-11-06T17:30")
    assert not _same_value("1989-11-06T17", "1989-11-06")
    assert not _same_value("1989", "1989-Q3")


def test_even_and_odd_parts_split_each_folder_by_name(tmp_path: Path) -> None:
    for name in ("c.tml", "a.tml", "b.tml"):
        _write(tmp_path / "one", name, DOCUMENT)
    for name in ("y.tml", "x.tml"):
        _write(tmp_path / "two", name, DOCUMENT)
    even = [p.relative_to(tmp_path).as_posix() for p in timeml_files(tmp_path, part="even")]
    odd = [p.relative_to(tmp_path).as_posix() for p in timeml_files(tmp_path, part="odd")]
    assert even == ["one/a.tml", "one/c.tml", "two/x.tml"]
    assert odd == ["one/b.tml", "two/y.tml"]
    assert evaluate_time(tmp_path, part="odd")["files"] == 2
    with pytest.raises(ValueError, match="part"):
        timeml_files(tmp_path, part="third")


def test_a_missing_or_empty_folder_is_named(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not a folder"):
        evaluate_time(tmp_path / "absent")
    with pytest.raises(InputError, match=r"no \.tml files"):
        evaluate_time(tmp_path)


def test_malformed_files_are_skipped_and_counted(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    _write(tmp_path / "good", "a.tml", DOCUMENT)
    _write(tmp_path / "bad", "broken.tml", "<TimeML><TEXT>never closed")
    _write(tmp_path / "bad", "no_dct.tml", "<TimeML><TEXT>On Monday.</TEXT></TimeML>")
    with caplog.at_level(logging.WARNING):
        m = evaluate_time(tmp_path)
    assert (m["files"], m["files_skipped"]) == (1, 2)
    assert m["by_folder"]["bad"]["files_skipped"] == 2
    assert m["by_folder"]["good"]["gold"] == 5
    assert "broken.tml" in caplog.text


@pytest.mark.reference
def test_timebank_and_aquaint() -> None:
    if not TBAQ.is_dir():
        pytest.skip(f"reference data absent: {TBAQ}")
    m = evaluate_time(TBAQ)
    assert m["files"] >= 250 and m["files_skipped"] == 0
    assert set(m["by_folder"]) == {"AQUAINT", "TimeBank"}
    assert m["gold"] > 1500
    assert 0.5 < m["recognition_f1_relaxed"] <= 1.0
    assert 0.5 < m["value_accuracy"] <= 1.0
    assert m["recognition_f1_strict"] <= m["recognition_f1_relaxed"]
