"""Which of a sentence's places an event word's own words attach to, in the long sentences of feature
writing.

`event_places` offers the places of the trigger's clause. A long sentence still often names several: "Russian
forces stormed the steelworks in Mariupol, as a convoy of refugees reached Zaporizhzhia" (Mariupol only);
"Ukraine has not claimed responsibility for the explosion near Kerch, though officials in Kyiv celebrated"
(Kerch only). Two cues, in this order, each used only when it leaves some place:
- the stretch of the sentence between clause connectors ("as", "while", "though", a semicolon or dash) that
  holds the trigger;
- the places inside the trigger's own phrase or its predicate's arguments (subject, objects and their
  modifiers), not inside another clause (an adverbial clause, a coordinated clause, reported speech).

A country is where an event happened only when the words say it is ("in Russia", "across Ukraine", "strikes
on Ukraine", "Ukraine's east"); "Russia's shelling", "Russia-occupied Kherson", "weapons from the US" name an
actor, a modifier or a source.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from sitrep.models import Place, PlaceKind, Span
from sitrep.pipeline import Doc

if TYPE_CHECKING:
    from spacy.tokens import Token

_CONNECTOR = re.compile(
    r"[;:–—]\s|,\s+(?:as|while|though|although|whereas|but|even\s+as|and\s+as)\s|"
    r"\s(?:while|though|although|whereas|even\s+as)\s",
    re.I,
)
# Clauses of their own under a predicate: what they name is not where the predicate's event happened.
_OTHER_CLAUSES = frozenset(["advcl", "conj", "parataxis", "ccomp", "csubj"])
_LOCATIVE = frozenset(
    ["in", "inside", "across", "throughout", "within", "on", "against", "over", "into", "at"]
)
# "Ukraine's east", "Russia's border regions": a part of the country, not its people.
_PARTS = frozenset(
    "east west north south northeast northwest southeast southwest north-east north-west south-east south-west "
    "border borders territory soil regions region airspace coast interior frontline front capital".split()
)  # fmt: skip


def attached_places(doc: Doc, sentence: Span, trigger: Span, places: list[Place]) -> list[Place]:
    """Of `places` (the candidates of the trigger's clause), those its words attach to."""
    places = [p for p in places if not _country_named_otherwise(doc, p)]
    if len(places) < 2:
        return places
    segment = _segment(doc.text, sentence, trigger)
    inside = [p for p in places if segment.contains(p.span)] or places
    scope = _argument_scope(doc, trigger)
    attached = [p for p in inside if _root_index(doc, p) in scope]
    return attached or inside


def _segment(text: str, sentence: Span, trigger: Span) -> Span:
    """The stretch of the sentence between the clause connectors around the trigger."""
    start, end = sentence.start, sentence.end
    for m in _CONNECTOR.finditer(text, sentence.start, sentence.end):
        if m.end() <= trigger.start:
            start = m.end()
        elif m.start() >= trigger.end:
            end = m.start()
            break
    return Span(start, end)


def _root_index(doc: Doc, place: Place) -> int:
    tokens = doc.tokens(place.span)
    return -1 if tokens is None else int(tokens.root.i)


def _argument_scope(doc: Doc, trigger: Span) -> set[int]:
    """Token indices of the trigger's phrase and of its predicate's arguments, other clauses left out."""
    tokens = doc.tokens(trigger)
    if tokens is None:
        return set()
    word = tokens.root
    scope = {t.i for t in word.subtree}
    predicate = _predicate_of(word)
    if predicate is not None:
        scope |= _own_clause(predicate)
    return scope


def _predicate_of(word: Token) -> Token | None:
    """The verb the trigger's phrase is an argument of ("shelling struck X", "killed in a strike on X"),
    or the trigger itself when it is the verb."""
    token = word
    for _ in range(6):
        if token.pos_ in ("VERB", "AUX"):
            return token
        if token.head.i == token.i or token.dep_ in _OTHER_CLAUSES:
            return None
        token = token.head
    return None


def _own_clause(predicate: Token) -> set[int]:
    found = {predicate.i}
    for child in predicate.children:
        if child.dep_ in _OTHER_CLAUSES and child.pos_ in ("VERB", "AUX"):
            continue
        found |= {t.i for t in child.subtree}
    return found


def _country_named_otherwise(doc: Doc, place: Place) -> bool:
    """A country named as an actor, a modifier or a source rather than as where something happened."""
    if place.kind is not PlaceKind.COUNTRY:
        return False
    tokens = doc.tokens(place.span)
    return tokens is not None and not _located(tokens.root)


def _located(token: Token) -> bool:
    """ "in Russia", "strikes on Ukraine", "Ukraine's east", "Ukraine was shelled", "in Russia and Belarus"."""
    if token.dep_ == "pobj":
        return token.head.lower_ in _LOCATIVE
    if token.dep_ == "poss" or (token.i + 1 < len(token.doc) and token.doc[token.i + 1].tag_ == "POS"):
        return token.head.lower_ in _PARTS
    if token.dep_ == "conj" and token.head.i != token.i:
        return _located(token.head)
    return token.dep_ in ("dobj", "nsubjpass")
