"""The stories scorer: its arithmetic on a hand-made file, its errors, and a run over tests/stories."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sitrep.errors import InputError
from sitrep.evaluate.stories import Predicted, evaluate_stories, read_stories, score
from sitrep.models import Article, Event, Reading, Span, Status

STORIES_DIR = Path(__file__).parent / "stories"


def _gold_file(folder: Path) -> Path:
    reports = [
        {
            "id": r,
            "outlet": f"Wire {r}",
            "published": "2022-05-10",
            "text": f"Shelling hit {r}.",
            "events": [{"story": story, "evidence": f"hit {r}"}],
        }
        for r, story in (("r1", "s1"), ("r2", "s1"), ("r3", "s2"), ("r4", "s2"))
    ]
    contradictions = [
        {"story": "s1", "kind": "fatalities", "between": [["r1"], ["r2"]]},
        {"story": "s2", "kind": "denial", "between": [["r3"], ["r4"]]},
    ]
    path = folder / "gold.json"
    path.write_text(json.dumps({"reports": reports, "contradictions": contradictions}), encoding="utf-8")
    return path


def _reading(report: str) -> Reading:
    text = f"Shelling hit {report}."
    event = Event(
        f"event_{report}", "Explosions/Remote violence", "Shelling", Status.HAPPENED, (Span(0, len(text)),)
    )
    return Reading(article=Article(id=report, text=text), events=(event,))


def test_bcubed_and_contradictions_on_a_hand_made_file(tmp_path: Path) -> None:
    gold = read_stories(_gold_file(tmp_path))
    readings = [_reading(r.id) for r in gold.reports]
    # r1 and r2 rightly together; r3 split from r4, and merged with nothing; one extra contradiction
    predicted = Predicted(
        story_of={"event_r1": "A", "event_r2": "A", "event_r3": "B", "event_r4": "C"},
        contradictions=[("fatalities", "r2", "r1", "x1"), ("status", "r3", "r4", "x2")],
    )
    metrics = score(gold, readings, predicted)
    assert metrics["bcubed_precision"] == pytest.approx(1.0)
    assert metrics["bcubed_recall"] == pytest.approx((1 + 1 + 0.5 + 0.5) / 4)
    assert metrics["contradiction_recall"] == pytest.approx(0.5)
    assert metrics["contradiction_precision"] == pytest.approx(0.5)
    kinds = sorted(e["kind"] for e in metrics["errors"])
    assert kinds == ["extra contradiction", "missed contradiction", "split story"]


def test_an_event_the_pipeline_missed_is_a_story_of_its_own(tmp_path: Path) -> None:
    gold = read_stories(_gold_file(tmp_path))
    readings = [_reading(r.id) for r in gold.reports]
    readings[1] = Reading(article=Article(id="r2", text="Nothing here."))
    predicted = Predicted(story_of={"event_r1": "A", "event_r3": "B", "event_r4": "B"}, contradictions=[])
    metrics = score(gold, readings, predicted)
    assert metrics["events_found"] == 3
    assert metrics["bcubed_recall"] == pytest.approx((0.5 + 0.5 + 1 + 1) / 4)


def test_a_broken_file_is_an_input_error_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"reports": [{"id": "r1"}]}', encoding="utf-8")
    with pytest.raises(InputError, match=r"broken\.json"):
        read_stories(path)
    path.write_text("not json", encoding="utf-8")
    with pytest.raises(InputError, match=r"broken\.json"):
        read_stories(path)


def test_the_scorer_runs_on_the_gold_set() -> None:
    from sitrep.settings import Settings

    metrics = evaluate_stories(STORIES_DIR / "dev.json", settings=Settings.from_env())
    assert metrics["stories"] >= 20
    assert metrics["gold_contradictions"] >= 10
    assert 0.0 <= metrics["bcubed_f1"] <= 1.0


def test_a_denials_claim_inside_the_gold_words_is_the_gold_event() -> None:
    from sitrep.evaluate.stories import GoldEvent, _find_event
    from sitrep.models import Claim, Modality, Speaker, Stance

    text = "A spokesman denied that Walikale had fallen."
    at = text.index("Walikale")
    claim = Claim(
        "claim_k", Speaker(role="spokesman"), "deny", Span(at, len(text) - 1), Stance.DENIED, Modality.FACT
    )
    reading = Reading(article=Article(id="k", text=text), claims=(claim,))
    assert _find_event(GoldEvent("k", "s", "denied that Walikale had fallen"), reading) == "claim_k"
    assert _find_event(GoldEvent("k", "s", "a spokesman denied"), reading) is None
