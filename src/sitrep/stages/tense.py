"""Which way a time expression points: the tense of the verb that governs it.

A bare "Friday" or "Nov. 16" names a day on either side of the dateline; English says which by the verb:
"the king met Monday" (past), "the monarch will meet Bush on Thursday" (future), "the dividend is payable
Dec. 15" (a plan: ahead). `LexicalTense` reads the words of the expression's sentence, nearest verb group
first (auxiliaries, modals, past forms; an infinitive defers to the verb that governs it), so it needs
nothing but the text and `find_times` can run on any string. `group_tense` classifies one verb group.

Reading the tense from the spaCy parse instead (the governing verb and its auxiliaries) was measured on
TimeBank and resolved slightly fewer values (0.887 against 0.892), at the cost of parsing; so the words
are read, the same way in the pipeline and in the TimeML scorer. Simple present verbs ("the council meets
Tuesday") are not recognised without a tagger; such a weekday is read as the past one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from enum import StrEnum
from itertools import pairwise
from typing import Protocol

from sitrep.models import Span


class Tense(StrEnum):
    PAST = "past"
    PRESENT = "present"
    FUTURE = "future"
    PLANNED = "planned"  # a plan seen from the past ("was scheduled to", "planned to"): on either side
    UNKNOWN = "unknown"  # no verb, or an infinitive under a past verb ("agreed to buy it in February")


class TenseReader(Protocol):
    def tense_at(self, span: Span) -> Tense: ...


FUTURE_AUX = frozenset({"will", "'ll", "’ll", "shall", "wo"})
MODALS = frozenset({"would", "could", "can", "may", "might", "must", "should", "ought"})
PAST_AUX = frozenset({"was", "were", "had", "did", "'d", "’d"})
PRESENT_AUX = frozenset({"is", "are", "am", "'s", "’s", "'re", "’re", "'m", "’m", "does", "do", "says"})
PERFECT_AUX = frozenset({"has", "have", "'ve", "’ve"})
NEGATIONS = frozenset({"not", "n't", "n’t", "never", "neither", "nor", "nobody", "none"})
OTHER_AUX = frozenset({"be", "been", "being", "not", "n't", "n’t", "going", "to", "get", "got"})
_FINITE_AUX = FUTURE_AUX | MODALS | PAST_AUX | PRESENT_AUX | PERFECT_AUX
# Words that put the verb group's event ahead of its own time: "is expected to", "are due", "set to".
PROSPECTIVE = frozenset(
    {
        "expected", "scheduled", "due", "planned", "planning", "plans", "plan", "slated", "poised",
        "intends", "intend", "aims", "upcoming", "payable", "going", "preparing",
    }
)  # fmt: skip
PAST_PLANS = frozenset({"planned", "scheduled", "expected", "slated", "poised"})
# Adverbs that sit inside a verb group ("will also meet", "has already left", "was reportedly hit").
GROUP_ADVERBS = frozenset(
    {
        "also", "already", "still", "just", "now", "then", "not", "never", "reportedly", "allegedly",
        "again", "further", "finally", "only", "even", "first", "later", "soon", "formally", "officially",
    }
)  # fmt: skip
# Common irregular past forms (the regular ones end in -ed). Forms shared with the present ("hit", "cut",
# "put") are read as past: in a news sentence that dates them, they almost always are.
IRREGULAR_PAST = frozenset(
    """arose ate awoke bore beat became began bent bet bit bled blew broke brought broadcast built burnt
    burst bought cast caught chose clung came cost crept cut dealt dug dove drew dreamt drank drove dwelt
    fell fed felt fought found fled flung flew forbade forecast forgot forgave froze got gave went ground
    grew hung heard hid hit held hurt kept knelt knew laid led leapt learnt left lent let lay lit lost made
    meant met mistook overcame overran overtook oversaw paid proved put quit ran rang rode rose said saw
    sought sold sent set shook shed shone shot showed shut sang sank sat slew slept slid slung slit spoke
    sped spent spilt spun split spread sprang stood stole stuck stung stank strode struck strove swore
    swept swam swung took taught tore told thought threw thrust trod underwent understood undertook upheld
    upset woke wore wove wept won withdrew withheld wrung wrote""".split()
)
_NOT_PAST_ED = frozenset(
    {"bed", "red", "shed", "sled", "wed", "fed", "led", "hundred", "kindred", "sacred", "naked", "wicked"}
)
_FUNCTION_WORDS = frozenset(
    """a an the this that these those his her its their our my your some any no every each all both
    and or but of in on at by for from with as than about into over under after before since until
    he she it they we i you who which what whom whose there here be""".split()
)


def is_past_form(word: str) -> bool:
    """A simple past or past participle: "withdrew", "shelled" (not "hundred", "need")."""
    if word in IRREGULAR_PAST:
        return True
    if len(word) < 4 or not word.endswith("ed") or word in _NOT_PAST_ED:
        return False
    return not word.endswith("eed") or word in ("agreed", "freed", "decreed", "guaranteed", "disagreed")


def group_tense(words: Sequence[str], *, main_past: bool | None = None, planned: bool = False) -> Tense:
    """The tense of a verb group given as words in text order: ["will", "be", "named"] -> FUTURE.

    The first auxiliary carries the tense; a group without one is past if its verb is a past form
    (`main_past`, when a tagger has said so, else the word's shape), and a planned thing ("payable",
    "expected", or `planned`: "set to") lies ahead.
    """
    ws = [w.lower() for w in words]
    prospective = planned or any(w in PROSPECTIVE for w in ws)
    finite = next((w for w in ws if w in _FINITE_AUX), None)
    if finite is None:
        past = main_past if main_past is not None else any(is_past_form(w) for w in ws)
        if prospective:
            # "protesters planned a rally on Saturday" was a plan then; "dividends payable Dec. 15" lie ahead.
            return Tense.PLANNED if any(w in PAST_PLANS for w in ws) else Tense.FUTURE
        return Tense.PAST if past else Tense.UNKNOWN
    if finite in FUTURE_AUX or _has_pair(ws, "going", "to"):
        return Tense.FUTURE
    if finite in MODALS:
        if finite == "could" and any(w in NEGATIONS for w in ws):
            return Tense.PAST  # "could not be reached Wednesday": an attempt that failed, not a forecast
        return Tense.PAST if "have" in ws else Tense.FUTURE  # "would have met" is done
    if finite in PAST_AUX:
        # "was scheduled to expire Friday": planned from a past viewpoint, on either side of today.
        return Tense.PLANNED if prospective else Tense.PAST
    if finite in PERFECT_AUX:
        return Tense.PAST
    return Tense.FUTURE if prospective else Tense.PRESENT


def _has_pair(words: Sequence[str], first: str, second: str) -> bool:
    return any(a == first and b == second for a, b in pairwise(words))


def seen_from(governor: Tense) -> Tense:
    """The tense of an infinitive ("to meet on Monday") seen from the verb that governs it."""
    if governor in (Tense.PRESENT, Tense.FUTURE):
        return Tense.FUTURE
    return Tense.UNKNOWN


# Lexical reading ---------------------------------------------------------------------------------------

_TOKEN = re.compile(
    r"[A-Za-z]+(?:['’][A-Za-z]+)?|['’](?:ll|d|s|re|ve|m)\b|\d+(?:[.,:]\d+)*|[;:!?]|\n\s*\n"
    r"|\.(?=[\"'’”`]*\s)"
)
_ABBREVIATIONS = frozenset(
    """mr mrs ms dr gen col lt sgt st gov sen rep rev prof capt maj adm no vs inc corp co ltd jr sr jan feb
    mar apr jun jul aug sep sept oct nov dec mt ft""".split()
)
_POSSESSIVES = frozenset({"his", "her", "its", "their", "our", "my", "your", "whose"})
_DETERMINERS = frozenset(
    """a an the its their his her our my your this that these those some any no each every all both other
    such several many few""".split()
)
# Before a past form, "that" is a relative pronoun or a conjunction ("the bullet that tore", "said that
# troops withdrew"), not a determiner: the past form is a verb.
_NOUN_MARKERS = _DETERMINERS - {"that"}
_NEUTRAL = frozenset({"effective"})  # "effective Feb. 1": a date set, not a tense
_PLANNED_BEFORE_TO = frozenset({"set", "likely", "about", "ready", "plan", "plans"})
_LEFT_WINDOW = 200
_RIGHT_WINDOW = 200


class LexicalTense:
    """Tense from the words of the clause around an expression (no parse needed)."""

    def __init__(self, text: str) -> None:
        self.text = text

    def tense_at(self, span: Span) -> Tense:
        left = self._sentence_words(max(0, span.start - _LEFT_WINDOW), span.start, last=True)
        found = _scan_left(left)
        if found is not None:
            return found
        right = self._sentence_words(span.end, min(len(self.text), span.end + _RIGHT_WINDOW), last=False)
        return _scan_right(right) or Tense.UNKNOWN

    def _sentence_words(self, start: int, end: int, *, last: bool) -> list[str]:
        """The words between `start` and `end` in the expression's own sentence (or part after a ";")."""
        pieces: list[list[str]] = [[]]
        for m in _TOKEN.finditer(self.text, start, end):
            token = m.group(0)
            if _is_boundary(token, pieces[-1]):
                if not last:
                    break
                pieces.append([])
            else:
                pieces[-1].append(token)
        return pieces[-1]


def _is_boundary(token: str, before: list[str]) -> bool:
    if token in (";", ":", "!", "?") or token.startswith("\n"):
        return True
    if token != ".":
        return False
    previous = before[-1].lower() if before else ""
    return previous not in _ABBREVIATIONS and (len(previous) != 1 or previous.isdigit())


def _scan_left(words: list[str]) -> Tense | None:
    """The tense of the nearest verb group before the expression; an infinitive asks its governor."""
    for j in range(len(words) - 1, -1, -1):
        to = _infinitive_marker(words, j)
        if to is not None:
            return _infinitive_tense(words, to)
        tense = _tense_of_cue(words, j)
        if tense is not None:
            return tense
    return None


def _infinitive_marker(words: list[str], j: int) -> int | None:
    """Where the "to" is that makes `words[j]` an infinitive ("to acquire", "to be published"), if any."""
    k = j - 1
    while k >= 0 and words[k].lower() in ("be", "been", "have", "not"):
        k -= 1
    if k < 0 or words[k].lower() != "to":
        return None
    if k == j - 1 and not _is_bare_verb(words[j]):
        return None
    return k if words[j].islower() else None


def _infinitive_tense(words: list[str], to: int) -> Tense:
    """ "set to resume Monday" lies ahead; "agreed to buy it in February" may lie on either side."""
    governor = words[to - 1].lower() if to > 0 else ""
    if governor in PROSPECTIVE or governor in _PLANNED_BEFORE_TO:
        return group_tense([*_aux_before(words, to - 1), governor], planned=True)
    return seen_from(_scan_left(words[:to]) or Tense.UNKNOWN)


def _scan_right(words: list[str]) -> Tense | None:
    for j in range(len(words)):
        tense = _tense_of_cue(words, j)
        if tense is not None:
            return tense
    return None


def _tense_of_cue(words: list[str], j: int) -> Tense | None:
    """The tense of the verb group at `words[j]`, or None if that word is not a verb cue."""
    lower = words[j].lower()
    if lower in _NEUTRAL:
        return Tense.UNKNOWN
    if lower in _FINITE_AUX:
        if lower in ("'s", "’s") and not _follows_pronoun(words, j):
            return None  # "Russia's army" is a possessive
        return group_tense(_negated(_aux_group(words, j), words, j))
    if lower in PROSPECTIVE - _PLAN_NOUNS or _is_verb_form(words, j) or _is_plan_verb(words, j):
        return group_tense(_negated([*_aux_before(words, j), lower], words, j))
    return None


def _negated(group: list[str], words: list[str], j: int) -> list[str]:
    """ "Neither he nor his wife could be found": the subject negates the group; say so with a "not"."""
    if "could" in group and any(w.lower() in ("neither", "nor", "nobody") for w in words[max(0, j - 10) : j]):
        return [*group, "not"]
    return group


_PLAN_NOUNS = frozenset({"plan", "plans"})


def _is_plan_verb(words: list[str], j: int) -> bool:
    """ "the league plans to hold" is a verb; "its plans to hold", "peace plans" are nouns."""
    if words[j].lower() not in _PLAN_NOUNS or j + 1 >= len(words) or words[j + 1].lower() != "to":
        return False
    before = words[j - 1].lower() if j > 0 else ""
    possessive = before in _POSSESSIVES or before.endswith(("'s", "’s"))
    return bool(before) and before not in _DETERMINERS and not possessive


def _follows_pronoun(words: list[str], j: int) -> bool:
    return j > 0 and words[j - 1].lower() in ("it", "he", "she", "that", "there", "what", "who", "here")


def _is_verb_form(words: list[str], j: int) -> bool:
    """A past form used as a verb: not a name ("Ahmed") nor an adjective ("the wounded", "a planned vote")."""
    word = words[j]
    if not is_past_form(word.lower()) or (word[0].isupper() and j > 0):
        return False
    before = [w.lower() for w in words[max(0, j - 2) : j]]
    if before and (before[-1] in _NOUN_MARKERS or before[-1][0].isdigit()):
        return False
    adverb = bool(before) and (before[-1].endswith("ly") or before[-1] in ("still", "newly", "now"))
    return not (adverb and len(before) == 2 and before[0] in _DETERMINERS)


def _is_bare_verb(word: str) -> bool:
    """After "to", a verb ("to acquire"), not a place or a noun phrase ("to Iraq", "to the")."""
    lower = word.lower()
    return (
        word.islower()
        and lower not in _FUNCTION_WORDS
        and lower not in _DETERMINERS
        and not is_past_form(lower)
    )


def _aux_before(words: list[str], j: int) -> list[str]:
    start = j
    while start > 0 and _joins_group(words[start - 1]) and j - start < 4:
        start -= 1
    return [w.lower() for w in words[start:j]]


def _aux_group(words: list[str], j: int) -> list[str]:
    """An auxiliary with the auxiliaries and adverbs around it and the verb it leads: "will not be named"."""
    end = j + 1
    while end < len(words) and _joins_group(words[end]) and end - j < 4:
        end += 1
    if end < len(words) and words[end].islower():
        end += 1
    return _aux_before(words, j) + [w.lower() for w in words[j:end]]


def _joins_group(word: str) -> bool:
    lower = word.lower()
    return lower in _FINITE_AUX or lower in OTHER_AUX or lower in GROUP_ADVERBS
