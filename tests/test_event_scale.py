"""The predicate reader: which word decides a sentence's PLOVER category, and how negation, intent,
obligation and conditions change it; and how it combines with the ACLED kinds."""

from __future__ import annotations

from typing import Any

import pytest

from sitrep.models import Event, Span, Status
from sitrep.stages.event_scale import NO_EVENT, ScaleReading, event_category, read_scale, sentence_category

CASES = [
    ("The two presidents held talks in Vienna on Monday.", "CONSULT"),
    ("The ministers agreed to reopen the border crossing.", "AGREE"),
    ("The army said it would release the detained journalists.", "AGREE"),  # a promised concession
    ("The government did not agree to the ceasefire proposal.", "REJECT"),
    ("The two sides failed to reach an agreement on the prisoners.", "REJECT"),
    ("The rebels threatened to shell the airport.", "THREATEN"),
    ("The envoy said the militia will withdraw its fighters unless the talks resume.", "THREATEN"),
    ("The foreign minister said the militia must disarm.", "DEMAND"),
    ("The opposition accused the governor of fraud.", "DISAPPROVE"),
    ("The council urged both parties to show restraint.", "APPEAL"),
    ("The ministry declined to comment on the report.", "STATEMENT"),
    ("The union called off the strike on Friday.", "CONCEDE"),
    ("The mediators ended their mediation efforts after a week.", "SANCTION"),
    ("Police arrested twelve activists in the capital.", "COERCE"),
    ("Hundreds of farmers blocked the main road to the port.", "PROTEST"),
    ("The government sent food and medicine to the flooded province.", "AID"),
]


@pytest.mark.parametrize(("sentence", "category"), CASES)
def test_category_of_sentence(nlp: Any, sentence: str, category: str) -> None:
    reading = read_scale(nlp(sentence))
    assert reading is not None
    assert reading.category == category, reading


def test_a_sentence_naming_no_interaction_has_no_category(nlp: Any) -> None:
    assert read_scale(nlp("The weather was cold in the north.")) is None


def _event(plover: str, status: Status = Status.HAPPENED) -> Event:
    return Event(id="e", type="t", sub_type="s", status=status, evidence=(Span(0, 1),), plover=plover)


def test_acled_kind_decides_between_fight_and_assault() -> None:
    assert sentence_category(ScaleReading("ASSAULT", "killed"), [_event("FIGHT")]) == "FIGHT"
    assert sentence_category(ScaleReading("ASSAULT", "killed"), []) == "ASSAULT"


def test_predicate_decides_otherwise() -> None:
    threat = ScaleReading("THREATEN", "threatened")
    assert sentence_category(threat, [_event("FIGHT", Status.PLANNED)]) == "THREATEN"
    assert sentence_category(None, [_event("PROTEST")]) == "PROTEST"
    assert sentence_category(None, []) == NO_EVENT


@pytest.mark.parametrize(
    ("sentence", "trigger", "kind_category", "category"),
    [
        ("Russian forces will strike Kyiv again.", "strike", "FIGHT", "THREATEN"),
        ("Russian forces struck Kyiv on Monday.", "struck", "FIGHT", "FIGHT"),
        ("Police detained two men in Lviv.", "detained", "COERCE", "COERCE"),
        # the predicate reader decides on another word: the event keeps its kind's category
        ("Kyiv said Russian forces shelled Kharkiv.", "shelled", "FIGHT", "FIGHT"),
    ],
)
def test_event_category_reads_the_trigger_with_its_modifiers(
    nlp: Any, sentence: str, trigger: str, kind_category: str, category: str
) -> None:
    assert event_category(next(iter(nlp(sentence).sents)), trigger, kind_category) == category
