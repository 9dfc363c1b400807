"""The claims scorer: its arithmetic on hand-made reports, and a run over the gold set in tests/claims."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from sitrep.evaluate.claims import evaluate_claims, read_gold, score
from sitrep.models import Article, Claim, Granularity, Modality, Reading, Span, Speaker, Stance, TimeRef

CLAIMS_DIR = Path(__file__).parent / "claims"

FIRST = "Two bridges were destroyed near Izium, the governor said. The mayor denied that the dam was hit."
SECOND = "Shelling hit a school in Kharkiv, police said."


def _write(folder: Path, name: str, text: str, claims: list[dict[str, str]]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.txt").write_text(f" date 2022-05-10 Kyiv {text}\n", encoding="utf-8")
    spec = {"describes": "made by hand for the scorer test", "claims": claims}
    (folder / f"{name}.json").write_text(json.dumps(spec), encoding="utf-8")


def _gold(speaker: str, stance: str, text: str, **extra: str) -> dict[str, str]:
    return {"speaker": speaker, "stance": stance, "modality": "fact", "text": text, **extra}


def _claim(text: str, content: str, speaker: Speaker, stance: Stance, said: date | None = None) -> Claim:
    start = text.index(content)
    when = TimeRef(text="Monday", start=said, end=said, granularity=Granularity.DAY) if said else None
    return Claim(
        id=f"claim_{start}",
        speaker=speaker,
        verb="say",
        span=Span(start, start + len(content)),
        stance=stance,
        modality=Modality.FACT,
        said=when,
    )


def _reading(text: str, claims: list[Claim]) -> Reading:
    return Reading(article=Article(id="a", text=text), claims=tuple(claims))


@pytest.fixture
def two_reports(tmp_path: Path) -> Path:
    _write(
        tmp_path,
        "001_governor",
        FIRST,
        [
            _gold("governor", "asserted", "Two bridges were destroyed", said="2022-05-09"),
            _gold("mayor", "denied", "the dam was hit"),
        ],
    )
    _write(tmp_path / "heldout", "002_police", SECOND, [_gold("police", "asserted", "hit a school")])
    return tmp_path


def test_the_arithmetic_on_two_reports(two_reports: Path) -> None:
    reports = read_gold(two_reports)
    assert [r.name for r in reports] == ["001_governor", "heldout/002_police"]
    first = [
        # right speaker and content, right stance, right day
        _claim(
            FIRST,
            "Two bridges were destroyed near Izium",
            Speaker(role="governor"),
            Stance.ASSERTED,
            date(2022, 5, 9),
        ),
        # right content, wrong speaker: content recall only
        _claim(FIRST, "the dam was hit", Speaker(role="governor"), Stance.DENIED),
    ]
    second = [
        # right speaker and content, wrong stance
        _claim(SECOND, "Shelling hit a school in Kharkiv", Speaker(organisation="police"), Stance.REPORTED),
        # content nobody in the gold set said: a false positive
        _claim(SECOND, "police said", Speaker(role="police"), Stance.ASSERTED),
    ]
    texts = [FIRST, SECOND]
    metrics = score(reports, [_reading(t, c) for t, c in zip(texts, (first, second), strict=True)])

    assert (metrics["reports"], metrics["gold_claims"], metrics["predicted_claims"]) == (2, 3, 4)
    assert metrics["attribution_precision"] == pytest.approx(2 / 4)
    assert metrics["attribution_recall"] == pytest.approx(2 / 3)
    assert metrics["attribution_f1"] == pytest.approx(2 * 0.5 * (2 / 3) / (0.5 + 2 / 3))
    assert metrics["content_recall"] == pytest.approx(1.0)
    assert metrics["stance_accuracy"] == pytest.approx(1 / 2)
    assert metrics["modality_accuracy"] == pytest.approx(1.0)
    assert metrics["said_accuracy"] == pytest.approx(1.0)
    assert metrics["heldout/gold_claims"] == 1
    assert metrics["heldout/attribution_precision"] == pytest.approx(1 / 2)
    assert metrics["heldout/stance_accuracy"] == pytest.approx(0.0)
    kinds = sorted(e["kind"] for e in metrics["errors"])
    assert kinds == ["false positive", "false positive", "label", "wrong speaker"]


def test_one_claim_may_cover_two_statements_but_a_duplicate_is_a_false_positive(two_reports: Path) -> None:
    reports = read_gold(two_reports)
    whole = "Two bridges were destroyed near Izium, the governor said. The mayor denied that the dam was hit"
    both = _claim(FIRST, whole, Speaker(role="governor and mayor"), Stance.ASSERTED)
    again = _claim(FIRST, "Two bridges were destroyed", Speaker(role="governor"), Stance.ASSERTED)
    metrics = score(reports[:1], [_reading(FIRST, [both, again])])
    assert metrics["attribution_recall"] == pytest.approx(1.0)
    assert metrics["attribution_precision"] == pytest.approx(1.0)

    duplicate = _claim(FIRST, "Two bridges were destroyed", Speaker(role="governor"), Stance.ASSERTED)
    metrics = score(reports[:1], [_reading(FIRST, [both, duplicate, again])])
    assert metrics["attribution_precision"] == pytest.approx(2 / 3)


def test_a_report_without_its_claims_file_is_an_input_error(tmp_path: Path) -> None:
    from sitrep.errors import InputError

    (tmp_path / "001_alone.txt").write_text(" date 2022-05-10 Kyiv Text.\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"001_alone\.json"):
        read_gold(tmp_path)


def test_the_scorer_runs_on_the_gold_set() -> None:
    from sitrep.settings import Settings

    metrics = evaluate_claims(CLAIMS_DIR, settings=Settings.from_env())
    assert metrics["reports"] >= 80
    assert metrics["heldout/reports"] >= 20
    assert metrics["gold_claims"] >= metrics["reports"]
    assert 0.0 <= metrics["attribution_f1"] <= 1.0
