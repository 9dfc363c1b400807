"""Who did it and to whom: ACLED-style actor names read from the text's own words.

**Names.** "Russian troops", "the enemy", "the military forces of Russia" are "Military Forces of Russia
(2000-)"; "separatists", "DPR militia", "LPR forces" are "NAF: United Armed Forces of Novorossiya"; a branch
is named when the text names it ("Russian air force"). The lists are in `actor_names`.

**Who is first.** The initiator is the trigger's grammatical subject (or the speaker, for "it said it
had detained"), else a passive agent ("shelled by Russian forces"), else the first of a pair ("clashes
between Russian and Ukrainian forces"), else the last actor named before the trigger, else the first
after it. The target is the other side of a pair or a joint subject, else whom the act was done to
("fired at Ukrainian positions"), else, for a battle, an enemy named earlier in the sentence ("following
clashes with Ukrainian forces, Russian troops took..."). A town "liberated from Russian forces" names
whom it was taken from. Defending ("repelled an attack by...") makes the attacker the initiator.

**ACLED's conventions** decide the rest (`_acled_conventions`): a peaceful protest has no second actor;
violence against civilians has the civilians as its target; an air strike is the air force's; remote
violence that kills or wounds civilians has them as its target, and one that hits soldiers or a military
site has the other side.
"""

from __future__ import annotations

import re
from datetime import date

from sitrep.models import Span
from sitrep.pipeline import Doc
from sitrep.stages.actor_names import (
    CIVILIANS,
    COUNTRY_ACTORS,
    NAF,
    PROTESTERS,
    RUSSIA,
    UKRAINE,
    UNIDENTIFIED,
    actor_patterns,
    air_force,
    national_forces,
)
from sitrep.stages.event_kinds import ERV, VAC, EventKind

_PRONOUNS = ("it", "they", "we", "he", "she")
_BY_AGENT = re.compile(r"^[^,.;]{0,40}?\bby\s+", re.I)
_TAKEN_FROM = re.compile(
    r"^[^,.;]{0,60}?\bfrom\s+(?=(?:the\s+)?(?:\w+\s+){0,2}?(?:forces|troops|army|military))", re.I
)
_BETWEEN = re.compile(r"\bbetween\s+(?P<first>[^,.;]{3,80}?)\s+and\s+(?P<second>[^,.;]{3,80})", re.I)
_DEFENDING = re.compile(
    r"^(?:repelled|repulsed|deflected|fought\s+off|beat\s+back|defensive\s+operations?|defended|resisted)",
    re.I,
)


def find_actors(doc: Doc, sentence: Span, trigger: Span, kind: EventKind) -> tuple[str, str]:
    text = doc.text
    before, after = text[sentence.start : trigger.start], text[trigger.end : sentence.end]
    taken_from = _after_cue(_TAKEN_FROM, after)
    subject = _subject_text(doc, trigger)
    if subject.lower() in _PRONOUNS:
        subject = _speaker_of(doc, trigger)  # "the SBU said it had detained...": "it" is the speaker
    pair = _pair(sentence.text_of(text))
    actor1 = _first_found(
        first_actor(subject, countries=True),
        first_actor(_with_modifiers(doc, trigger)),
        _after_cue(_BY_AGENT, after),
        pair[0],
        _last_actor(before),
        first_actor(sentence.text_of(text), exclude=taken_from),  # "Russian fired a missile"
        first_actor(after, exclude=taken_from),
        exclude=taken_from,
    )
    joint = first_actor(subject, exclude=actor1, countries=True) if " and " in subject else ""
    actor2 = taken_from or joint or (pair[1] if pair[0] == actor1 else "")
    actor2 = actor2 or first_actor(after, exclude=actor1)
    if not actor2 and kind.type == "Battles":
        actor2 = _last_actor(before, exclude=actor1)  # "following clashes with Ukrainian forces, ..."
    if _DEFENDING.match(trigger.text_of(text)) and actor2:
        actor1, actor2 = actor2, actor1
    published = doc.article.published_date
    return _acled_conventions(kind, sentence.text_of(text), actor1, actor2, published=published)


def _first_found(*candidates: str, exclude: str) -> str:
    return next((c for c in candidates if c and c != exclude), "")


def _after_cue(cue: re.Pattern[str], after: str) -> str:
    m = cue.search(after)
    return first_actor(after[m.end() :], countries=True) if m else ""


def _pair(sentence: str) -> tuple[str, str]:
    """ "between Russian and Ukrainian forces", "between the Russian military and the Ukrainian army"."""
    m = _BETWEEN.search(sentence)
    if m is None:
        return "", ""
    first = first_actor(m["first"] + " forces")  # "between Russian and Ukrainian forces": "Russian" alone
    return first, first_actor(m["second"], exclude=first)


_SOLDIERS_HARMED = re.compile(
    r"\b(?:soldiers?|servicem[ae]n|troops|military\s+personnel|fighters|militants|rebels?|marines|"
    r"paratroopers|border\s+guards|defenders)\b[^.;]{0,60}\b(?:killed|wounded|injured|died|dead|hurt)\b|"
    r"\b(?:killed|wounded|killing|wounding|injuring)\b[^.;]{0,40}\b(?:soldiers?|servicem[ae]n|troops)\b",
    re.I,
)
_MILITARY_TARGET = re.compile(
    r"\b(?:military\s+(?:units?|bases?|facilit\w+|infrastructure|airfields?|positions?|equipment|targets?|"
    r"objects?|depots?|warehouses?|barracks|training|academy|command|hospital|column|convoy|vehicles?)|"
    r"positions|airfields?|air\s*bases?|barracks|(?:training|combat)\s+(?:center|centre|grounds?)|"
    r"command\s+posts?|block\s*posts?|air\s+defen[cs]e)\b",
    re.I,
)
_PEOPLE = re.compile(
    r"\b(?:civilians?|residents?|people|persons?|person|villagers|children|child|boys?|girls?|wom[ae]n|"
    r"m[ae]n|pensioners?|famil(?:y|ies)|volunteers?|drivers?|passengers|workers|employees?|doctors?|"
    r"journalists?|victims?|teenagers?|infants?|babies|baby|couple|inhabitants)\b",
    re.I,
)
_HARM = re.compile(
    r"\b(?:killed|wounded|injured|died|dead|hurt|killing|wounding|injuring|fatalities|deaths?|bodies|"
    r"casualties(?!\s+(?:are\s+|were\s+)?unknown)|hospitali[sz]ed)\b",
    re.I,
)
_NOBODY_HURT = re.compile(r"\b(?:no\s+one|nobody|no\s+(?:casualties|injuries|fatalities|victims))\b", re.I)


def harms_civilians(text: str) -> bool:
    """People who are not soldiers were killed or hurt ("three people were wounded", "killing a child")."""
    if _NOBODY_HURT.search(text) or not _HARM.search(text):
        return False
    people = [m for m in _PEOPLE.finditer(text)]
    return bool(people) and not (_SOLDIERS_HARMED.search(text) and not re.search(r"civilian", text, re.I))


def _acled_conventions(
    kind: EventKind, sentence: str, actor1: str, actor2: str, *, published: date | None
) -> tuple[str, str]:
    """ACLED's coding rules (see the module docstring)."""
    if kind.sub_type == "Peaceful protest":
        return PROTESTERS, ""
    if kind.type == "Protests":  # protesters act; whoever broke the protest up is the second actor
        other = actor1 if actor1 not in ("", PROTESTERS, CIVILIANS) else actor2
        return PROTESTERS, "" if other in (PROTESTERS, CIVILIANS) else other
    if kind.plover == "DISPLACE":
        return CIVILIANS, ""
    if kind.type == VAC:  # violence against civilians: by someone, if the text does not say whom
        return actor1 or UNIDENTIFIED, actor2 if actor2.startswith("Civilians") else CIVILIANS
    if kind.sub_type == "Looting/property destruction":  # what was taken or burnt was the civilians'
        return actor1 or UNIDENTIFIED, actor2 or CIVILIANS
    if kind.sub_type in ("Non-violent transfer of territory", "Other") and actor2.startswith("Civilians"):
        actor2 = ""
    if kind.sub_type == "Air/drone strike":
        actor1 = air_force(actor1)
    if kind.sub_type == "Disrupted weapons use" and re.search(
        r"\b(?:aircraft|planes?|jets?)\b", sentence, re.I
    ):
        actor2 = air_force(actor2)
    if kind.type == ERV:
        actor2 = remote_violence_target(sentence, actor1, actor2, published=published)
    elif not actor2 and (kind.type == "Battles" or kind.sub_type in _TWO_SIDED):
        actor2 = enemy_of(actor1, sentence, published=published)  # a fight, or a town, has two sides
    return actor1, actor2


_TWO_SIDED = ("Non-violent transfer of territory", "Disrupted weapons use")


def remote_violence_target(sentence: str, actor1: str, actor2: str, *, published: date | None) -> str:
    """Whom a shelling or strike hit: the side named, else civilians killed or hurt, else the other side
    when soldiers or a military site were hit; houses and buildings alone name no target."""
    if actor2 and not actor2.startswith("Civilians"):
        return actor2
    if _MILITARY_TARGET.search(sentence) and not harms_civilians(sentence):
        return enemy_of(actor1, sentence, published=published)
    return target_of_harm(sentence, actor1, published=published)


def target_of_harm(text: str, actor1: str, *, published: date | None) -> str:
    """Whom the killed and wounded `text` counts belong to: civilians, or the other side's soldiers."""
    if harms_civilians(text):
        return CIVILIANS
    if _SOLDIERS_HARMED.search(text):
        return enemy_of(actor1, text, published=published)
    return ""


_INVASION = date(2022, 2, 24)


def enemy_of(actor: str, context: str, *, published: date | None) -> str:
    """The other side of the war in Ukraine: Ukraine's enemy is the one the text names, else the
    separatist forces before the invasion of 24 February 2022 and Russia's forces after it."""
    if actor.startswith((RUSSIA, NAF)):
        return UKRAINE
    if not actor.startswith(UKRAINE):
        return ""
    named = first_actor(context, exclude=UKRAINE)
    if named.startswith((RUSSIA, NAF)):
        return RUSSIA if named.startswith(RUSSIA) else NAF
    return NAF if published is not None and published < _INVASION else RUSSIA


def _subject_text(doc: Doc, trigger: Span) -> str:
    """The grammatical subject (or possessor, or passive agent) of the trigger word, from the parse."""
    tokens = doc.tokens(trigger)
    if tokens is None:
        return ""
    word = tokens.root
    if word.dep_ == "nsubj" and first_actor(" ".join(t.text for t in word.subtree)):
        return " ".join(t.text for t in word.subtree)  # the trigger names the attacker: "Russian artillery"
    verb = word if word.pos_ in ("VERB", "AUX") else word.head if word.dep_ in ("dobj", "nsubjpass") else word
    for child in [*word.children, *verb.children]:
        if child.dep_ in ("nsubj", "poss", "agent"):
            return " ".join(t.text for t in child.subtree)
    return ""


def _with_modifiers(doc: Doc, trigger: Span) -> str:
    """The trigger with the words that qualify it: "Russian 'strikes'", "a Ukrainian drone strike"."""
    tokens = doc.tokens(trigger)
    if tokens is None:
        return ""
    words = [t.text for t in tokens.root.lefts if t.dep_ in ("amod", "compound", "poss", "nmod")]
    return " ".join([*words, tokens.text]).replace("'", "").replace("‘", "").replace("’", "")


def _speaker_of(doc: Doc, trigger: Span) -> str:
    claim = next((c for c in doc.claims if c.span.contains(trigger)), None)
    return claim.speaker.label() if claim is not None else ""


def _last_actor(text: str, *, exclude: str = "") -> str:
    best, best_end = "", -1
    for name, pattern in actor_patterns():
        for m in pattern.finditer(text):
            if m.end() > best_end and name != exclude and not name.startswith(("Civilians", "Protesters")):
                best, best_end = name, m.end()
    return best


def first_actor(text: str, *, exclude: str = "", countries: bool = False) -> str:
    """The actor named first in `text`; with `countries`, a bare "Russia"/"Ukraine" counts (subjects only)."""
    patterns = (*actor_patterns(), *(COUNTRY_ACTORS if countries else ()))
    best, best_start = "", len(text) + 1
    for name, pattern in patterns:
        if name == exclude:
            continue
        m = pattern.search(text)
        if m and m.start() < best_start:
            best, best_start = name, m.start()
    national = national_forces(text)
    if national is not None and national[0] < best_start and national[1] != exclude:
        return national[1]
    return best
