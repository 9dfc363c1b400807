"""Which of a sentence's places an event word's own words attach to, in the long sentences of feature
writing.

`event_places` offers the places of the trigger's clause. A long sentence still often names several: "Russian
forces stormed the plant in Mariupol, as a convoy of refugees reached Zaporizhzhia" (Mariupol only); "no
one has claimed responsibility for the explosion near Kerch, though officials in Kyiv celebrated" (Kerch
only). Two cues, in this order, each used only when it leaves some place:
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
    r"[;–—]\s|,\s+(?:as|while|though|although|whereas|but|even\s+as|and\s+as)\s|"
    r"\s(?:while|though|although|whereas|even\s+as)\s|"
    r",\s+(?:adding|saying|noting|claiming|stating|insisting)\s+(?:that\s+)?",
    re.I,
)
# Words of an organisation's or a building's name after a place: "Kharkiv Regional Administration".
_NAME_WORDS = frozenset(
    "regional city district oblast region state national central municipal council administration "
    "government university hospital airport station railway port plant factory works school academy "
    "institute court police military army battalion brigade regiment television radio news post times "
    "independent metro bridge square street avenue cathedral church theatre theater stadium oblenergo "
    "combat training center centre base airbase airfield camp depot range ground grounds museum park "
    "market mall hotel tower building barracks prison colony filtration pumping power nuclear thermal "
    "hydroelectric mine reservoir dam canal".split()
)  # fmt: skip
# "the Luhansk city of Sievierodonetsk": the region that holds the town named next.
_CONTAINER_OF = re.compile(r"\s+(?:city|town|village|port|settlement)\s+of\s+[A-Z]")
_THE_TOWN = re.compile(r"\bthe\s+(?:city|town|village|port|settlement)\b", re.I)
# Words in brackets are asides ("counteroffensive [in the south]"): not where the event was told to be.
_ASIDE = re.compile(r"\[[^\]]*\]?|\([^)]*\)?")
# "London-based", "Iranian-made", "Moscow-backed": the place names where someone or something comes from.
_COMPOUND_AFTER = re.compile(
    r"-(?:based|made|built|backed|installed|appointed|funded|supplied|led|born|bound)\b", re.I
)
# Clauses of their own under a predicate: what they name is not where the predicate's event happened.
_OTHER_CLAUSES = frozenset(["advcl", "conj", "parataxis", "ccomp", "csubj"])
_LOCATIVE = frozenset(
    ["in", "inside", "across", "throughout", "within", "on", "against", "over", "into", "at"]
)
# "Ukraine's east", "Russia's border regions": a part of the country, not its people.
_PARTS = frozenset(
    "east west north south northeast northwest southeast southwest north-east north-west south-east "
    "south-west border borders territory soil regions region airspace coast interior frontline front "
    "capital".split()
)  # fmt: skip


def attached_places(
    doc: Doc, sentence: Span, trigger: Span, *, narrow: list[Place], broad: list[Place]
) -> list[Place]:
    """Of the sentence's candidate places, those the trigger's words attach to. `narrow` holds the places of
    the trigger's clause as `event_places` sees it, `broad` those of the sentence: a place inside the
    trigger's argument phrases counts even where a misparse put it in another clause."""
    acting = _trigger_verbs(doc, trigger)
    asides = [m.span() for m in _ASIDE.finditer(doc.text, sentence.start, sentence.end)]
    narrow, broad = (
        [
            p
            for p in places
            if _may_locate(doc, p, acting) and not any(a <= p.span.start < b for a, b in asides)
        ]
        for places in (narrow, broad)
    )
    segment = _segment(doc.text, sentence, trigger)
    scope = _argument_scope(doc, trigger)
    attached = [p for p in broad if segment.contains(p.span) and _root_index(doc, p) in scope]
    if attached:
        return attached
    # With clause connectors, the places of the other clauses are where other things happened.
    # ("have not seized the city": the town named before, wherever it was named)
    anaphoric = _THE_TOWN.search(doc.text, trigger.start, min(sentence.end, trigger.end + 30))
    inside = [p for p in narrow if anaphoric or segment.contains(p.span) or not sentence.contains(p.span)]
    if len(inside) < 2:
        return inside
    return [p for p in inside if _root_index(doc, p) in scope] or inside


def _may_locate(doc: Doc, place: Place, acting: set[int]) -> bool:
    return not (
        _country_named_otherwise(doc, place, acting)
        or _names_an_actor(doc, place)
        or _COMPOUND_AFTER.match(doc.text, place.span.end)
        or doc.text[max(0, place.span.start - 5) : place.span.start].lower().endswith(("pro-", "anti-"))
        or _CONTAINER_OF.match(doc.text, place.span.end)
        or _part_of_a_persons_name(doc, place)
    )


def _part_of_a_persons_name(doc: Doc, place: Place) -> bool:
    """ "Volodymyr Zelenskiy", "Marina Ovsyannikova": a given name that is also a town's, first in a name the
    language model reads as one entity and followed by a capitalised word that is neither a place nor a word
    of an organisation's or a building's name ("Kharkiv Regional Administration", "Kramatorsk Station")."""
    tokens = doc.tokens(place.span)
    if tokens is None or tokens.end >= len(tokens.doc):
        return False
    entity = next((e for e in tokens.doc.ents if e.start == tokens.start and tokens.end < e.end), None)
    following = tokens.doc[tokens.end]
    return (
        entity is not None
        and entity.label_ in ("PERSON", "ORG")
        and following.is_title
        and following.is_alpha
        and following.lower_ not in _NAME_WORDS
        and not any(p.span.start == following.idx for p in doc.places)
    )


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


def _trigger_verbs(doc: Doc, trigger: Span) -> set[int]:
    """The trigger's own tokens and the verb it is an argument of."""
    tokens = doc.tokens(trigger)
    if tokens is None:
        return set()
    predicate = _predicate_of(tokens.root)
    return {t.i for t in tokens} | ({predicate.i} if predicate is not None else set())


def _country_named_otherwise(doc: Doc, place: Place, acting: set[int]) -> bool:
    """A country named as an actor, a modifier or a source rather than as where something happened."""
    if place.kind is not PlaceKind.COUNTRY:
        return False
    tokens = doc.tokens(place.span)
    return tokens is not None and not _located(tokens.root, acting)


def _located(token: Token, acting: set[int]) -> bool:
    """ "in Russia", "strikes on Ukraine", "Ukraine's east", "shelled Ukraine", "in Russia and Belarus"."""
    if token.dep_ == "pobj":
        return token.head.lower_ in _LOCATIVE
    if token.dep_ == "poss" or (token.i + 1 < len(token.doc) and token.doc[token.i + 1].tag_ == "POS"):
        return token.head.lower_ in _PARTS
    if token.dep_ == "conj" and token.head.i != token.i:
        return _located(token.head, acting)
    # the object of a fight is the enemy ("forces fighting Russia"), of an attack the place it hit
    opposed = token.head.lemma_.lower() in (
        "fight",
        "battle",
        "clash",
        "confront",
        "resist",
        "engage",
        "defeat",
    )
    return token.dep_ in ("dobj", "nsubjpass") and token.head.i in acting and not opposed


# Verbs whose subject is a government or its people: "the two capitals traded blame", "Kyiv accused".
_ACTING_VERBS = frozenset(
    "say tell claim announce deny accuse blame trade call want intend plan seek aim threaten demand send "
    "deploy respond decide agree refuse try insist warn urge condemn order vow promise pledge supply "
    "provide deliver sign negotiate reject recognise recognize sanction impose ban expel summon host buy "
    "sell pay offer support back help mark celebrate hope expect believe need acknowledge admit confirm "
    "report estimate welcome praise criticise criticize".split()
)  # fmt: skip
# Nouns a place's name can own without being where anything happened: "the capital's conduct of the war".
_AGENT_HEADS = frozenset(
    "conduct war invasion aggression campaign strategy policy policies decision response position forces "
    "army military troops government leadership president officials official envoy ambassador diplomats "
    "minister ministry spokesperson spokesman allies partners economy budget demands proposal offer plan "
    "plans intentions goals aims objectives claims narrative propaganda media ability capacity "
    "capabilities efforts attempts".split()
)  # fmt: skip
# Verbs whose object is a government or a people rather than a place: "supply Kyiv with artillery".
_RECEIVING_VERBS = frozenset(
    "supply provide arm help support sanction accuse blame urge warn pressure persuade convince".split()
)


def _names_an_actor(doc: Doc, place: Place) -> bool:
    """A place's name used for its government or people (see the word lists above)."""
    tokens = doc.tokens(place.span)
    if tokens is None:
        return False
    root = tokens.root
    while root.dep_ == "conj" and root.head.i != root.i:  # "Kyiv and Moscow traded blame"
        root = root.head
    head = root.head.lemma_.lower()
    if root.dep_ == "nsubj":  # unless a misparse put a place of the claimed content under "said"
        misparsed = any(c.span.contains(place.span) and c.verb == head for c in doc.claims)
        return head in _ACTING_VERBS and not misparsed
    if root.dep_ == "poss" or (root.i + 1 < len(root.doc) and root.doc[root.i + 1].tag_ == "POS"):
        return head in _AGENT_HEADS
    if root.dep_ == "pobj" and root.head.lower_ in ("from", "by"):  # "no comment from Moscow"
        return root.head.head.lemma_.lower() in _SPEECH_NOUNS
    return root.dep_ == "dobj" and head in _RECEIVING_VERBS


_SPEECH_NOUNS = frozenset(
    "comment statement word response reaction reply confirmation denial message announcement claim".split()
)  # fmt: skip
