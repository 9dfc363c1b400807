"""tense: which way the verb governing a time expression points, read from the words of its clause."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitrep.models import Span
from sitrep.stages.tense import LexicalTense, Tense, group_tense, is_past_form


def tense_of(text: str, expression: str) -> Tense:
    start = text.index(expression)
    return LexicalTense(text).tense_at(Span(start, start + len(expression)))


@pytest.mark.parametrize(
    ("text", "expression", "tense"),
    [
        ("Russian forces withdrew from Bucha on Wednesday.", "Wednesday", Tense.PAST),
        ("The delegations will meet in Istanbul on Monday.", "Monday", Tense.FUTURE),
        ("The governor said he would visit the town on Friday.", "Friday", Tense.FUTURE),
        ("The mayor said on Tuesday that he would stay.", "Tuesday", Tense.PAST),
        ("The ceasefire is to take effect on March 5.", "March 5", Tense.FUTURE),
        ("The bridge, which was shelled on Sunday, is closed.", "Sunday", Tense.PAST),
        ("Talks are expected to resume on Thursday.", "Thursday", Tense.FUTURE),
        ("The convoy is set to leave on Saturday.", "Saturday", Tense.FUTURE),
        ("The evacuation had been due to start on Friday.", "Friday", Tense.PLANNED),
        ("Volunteers planned to reopen the school on Monday.", "Monday", Tense.PLANNED),
        ("On Monday, the council plans to vote on the budget.", "Monday", Tense.FUTURE),
        ("The shell that struck the ward on Sunday was Russian.", "Sunday", Tense.PAST),
        ("Kyiv agreed to hand over the prisoners in May.", "May", Tense.UNKNOWN),
        ("The aid is payable Dec. 15 to registered families.", "Dec. 15", Tense.FUTURE),
        ("The ruling, effective Feb. 1, covers all ports.", "Feb. 1", Tense.UNKNOWN),
        ("On Tuesday, the two sides exchanged prisoners.", "Tuesday", Tense.PAST),
        ("Since Monday the town has had no power.", "Monday", Tense.PAST),
        ("The market is open on Sunday.", "Sunday", Tense.PRESENT),
        # a negated "could" is a failed attempt, done; a plain one a possibility ahead
        ("The governor could not be reached on Friday.", "Friday", Tense.PAST),
        ("Neither the mayor nor his deputy could be found Monday.", "Monday", Tense.PAST),
        ("The vote could come on Tuesday.", "Tuesday", Tense.FUTURE),
        ("Figures for the third week of April.", "April", Tense.UNKNOWN),
    ],
)
def test_the_governing_verb_group_gives_the_tense(text: str, expression: str, tense: Tense) -> None:
    assert tense_of(text, expression) is tense


def test_the_nearest_verb_group_wins() -> None:
    text = "The minister said the talks, which began on Monday, will resume on Friday."
    assert (tense_of(text, "Monday"), tense_of(text, "Friday")) == (Tense.PAST, Tense.FUTURE)


def test_a_sentence_boundary_stops_the_search() -> None:
    text = "The bridge will reopen. On Monday a shell hit the depot."
    assert tense_of(text, "Monday") is Tense.PAST
    assert tense_of("Officials will meet Jan. 3. Monday is a holiday.", "Monday") is Tense.PRESENT


@pytest.mark.parametrize(
    ("text", "expression"),
    [
        ("The wounded soldiers arrived on Monday.", "Monday"),  # "arrived", not the adjective "wounded"
        ("A proposed truce was signed on Monday.", "Monday"),
        ("Russia's army entered the town on Monday.", "Monday"),  # a possessive 's is not "is"
        ("On Monday, its plans to rebuild were dropped.", "Monday"),  # "its plans to" is a noun
    ],
)
def test_adjectives_and_possessives_are_not_verb_groups(text: str, expression: str) -> None:
    assert tense_of(text, expression) is Tense.PAST


@pytest.mark.parametrize(
    ("words", "tense"),
    [
        (["will", "be", "named"], Tense.FUTURE),
        (["would", "have", "met"], Tense.PAST),
        (["could", "not", "be", "reached"], Tense.PAST),
        (["could", "be", "delayed"], Tense.FUTURE),
        (["had", "been", "shelled"], Tense.PAST),
        (["has", "withdrawn"], Tense.PAST),
        (["is", "expected"], Tense.FUTURE),
        (["was", "scheduled"], Tense.PLANNED),
        (["planned"], Tense.PLANNED),
        (["are", "meeting"], Tense.PRESENT),
        (["fled"], Tense.PAST),
        (["payable"], Tense.FUTURE),
        (["meet"], Tense.UNKNOWN),
    ],
)
def test_group_tense(words: list[str], tense: Tense) -> None:
    assert group_tense(words) is tense


@pytest.mark.parametrize("word", ["shelled", "agreed", "died", "fled", "struck", "hit"])
def test_past_forms(word: str) -> None:
    assert is_past_form(word)


@pytest.mark.parametrize("word", ["hundred", "need", "red", "speed", "breed", "naked"])
def test_words_that_only_look_past(word: str) -> None:
    assert not is_past_form(word)


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=200), st.integers(0, 200), st.integers(0, 50))
def test_any_text_and_any_span_give_a_tense(text: str, start: int, length: int) -> None:
    assert LexicalTense(text).tense_at(Span(start, start + length)) in set(Tense)
