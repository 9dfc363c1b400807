"""Who did it: ACLED-style actor names read from the trigger's subject, a passive agent or the words
around it, with ACLED's coding conventions (a peaceful protest has no second actor, an air strike is the
air force's, remote violence that harms civilians has them as the second actor)."""

from __future__ import annotations

import re

from sitrep.models import Span
from sitrep.pipeline import Doc
from sitrep.stages.event_kinds import ERV, EventKind

_FORCE_NOUNS = (
    r"(?:troops|forces|soldiers|army|military|units|artillery|aircraft|jets|warplanes|planes|helicopters|"
    r"missiles?|rockets?|drones?|shelling|strikes?|navy|tanks|ships?|warships?|submarines?|bombers?|"
    r"paratroopers|marines|servicemen|gunners|battalions?|brigades?|air\s+defen[cs]es?|vehicles|columns?|"
    r"convoys?|positions|equipment|armou?r)"
)


# Branches first: on a tie (same start) the earlier name wins, and ACLED names the branch when the text does.
ACTORS = (
    ("Military Forces of Russia (2000-) Air Force", r"russian\s+(?:military\s+)?(?:air\s*forces?|aviation)"),
    ("Military Forces of Russia (2000-) Navy", r"russian\s+(?:navy|black\s+sea\s+fleet|warships?)"),
    (
        "Military Forces of Ukraine (2019-) Air Force",
        r"ukrainian\s+(?:military\s+)?(?:air\s*forces?|aviation)|ukraine(?:'s|’s)\s+air\s*force",
    ),
    (
        "Military Forces of Ukraine (2019-) National Guard",
        r"(?:ukrainian\s+)?national\s+guard(?:\s+of\s+ukraine)?",
    ),
    (
        "Military Forces of Ukraine (2019-) Territorial Defense Forces",
        r"(?:ukrainian\s+)?territorial\s+defen[cs]e(?:\s+forces|\s+units)?",
    ),
    (
        "Military Forces of Russia (2000-)",
        rf"russian\s+(?:[\w-]+\s+){{0,2}}?{_FORCE_NOUNS}|the\s+russians|russia(?:'s|’s)?\s+(?:army|military|forces)|"
        r"the\s+enemy|occupiers|invaders|russian-backed\s+forces",
    ),
    (
        "Military Forces of Ukraine (2019-)",
        rf"ukrainian\s+(?:[\w-]+\s+){{0,2}}?(?:{_FORCE_NOUNS}|defenders)|"
        r"ukraine(?:'s|’s)\s+(?:armed\s+forces|army|military|forces|air\s+defen[cs]es?)|the\s+ukrainians|"
        r"azov|armed\s+forces\s+of\s+ukraine|government(?:al)?\s+(?:positions|forces|troops)",
    ),
    (
        "NAF: United Armed Forces of Novorossiya",
        r"separatists?|pro-russian\s+(?:forces|fighters|rebels)|naf|rebels?(?:\s+forces)?|"
        r"(?:donetsk|luhansk|lugansk|donbass?)\s+people(?:'s|’s)\s+(?:republic|militia)|dpr|lpr",
    ),
    (
        "Police Forces of Ukraine (2019-)",
        r"security\s+service\s+of\s+ukraine|sbu|ukrainian\s+police|national\s+police(?:\s+of\s+ukraine)?",
    ),
    (
        "Police Forces of Russia (2000-)",
        r"fsb|federal\s+security\s+service|rosgvardia|russian\s+(?:national\s+)?guard|russian\s+police",
    ),
    ("Protesters (Ukraine)", r"protesters|demonstrators|residents\s+(?:rallied|protested|marched)"),
    ("Civilians (Ukraine)", r"civilians?|residents|children|villagers|journalists?|mayor|activists?"),
    ("Unidentified Armed Group (Ukraine)", r"unidentified\s+(?:armed\s+)?(?:men|gunmen|group)|masked\s+men"),
)


_ACTOR_PATTERNS = tuple((name, re.compile(rf"\b(?:{p})\b", re.I)) for name, p in ACTORS)


def find_actors(doc: Doc, sentence: Span, trigger: Span, kind: EventKind) -> tuple[str, str]:
    text = doc.text
    before = text[sentence.start : trigger.start]
    after = text[trigger.end : sentence.end]
    by_agent = _BY_AGENT.search(after)  # passive: "Kharkiv was shelled by Russian forces"
    subject = _subject_text(doc, trigger)
    if subject.lower() in ("it", "they", "we", "he", "she"):
        subject = _speaker_of(doc, trigger)  # "the SBU said it had detained...": "it" is the speaker
    if subject:
        actor1 = first_actor(subject, countries=True)
    elif by_agent:
        actor1 = first_actor(after[by_agent.end() :], countries=True)
    else:
        actor1 = _last_actor(before) or first_actor(after)  # "there was a clash between A and B"
    joint = first_actor(subject, exclude=actor1, countries=True) if " and " in subject else ""
    actor2 = joint or first_actor(after, exclude=actor1)
    return _acled_conventions(kind, sentence.text_of(text), actor1, actor2)


_AIRCRAFT = re.compile(
    r"\b(?:air\s*strikes?|airstrikes?|air\s+raids?|aircraft|aviation|warplanes?|jets?|planes?|helicopters?|bombers?)\b",
    re.I,
)


CIVILIAN_HARM = re.compile(
    r"\b(?:civilians?|residents?|people|persons?|villagers|children|child|wom[ae]n|(?:a|one|two|three)\s+m[ae]n|"
    r"residential|houses?|homes?|apartments?|hospitals?|schools?|kindergartens?)\b",
    re.I,
)


def _acled_conventions(kind: EventKind, sentence: str, actor1: str, actor2: str) -> tuple[str, str]:
    """ACLED's coding rules: a protest nobody broke up has no second actor; an evacuation is the
    civilians' own movement; an attack from the air is the air force's; remote violence that hits
    civilians or their homes has the civilians as its target."""
    if kind.sub_type == "Peaceful protest":
        return "Protesters (Ukraine)", ""
    if kind.type == "Protests":  # protesters act; whoever broke the protest up is the second actor
        other = actor1 if actor1 not in ("", "Protesters (Ukraine)", "Civilians (Ukraine)") else actor2
        return "Protesters (Ukraine)", "" if other in (
            "Protesters (Ukraine)",
            "Civilians (Ukraine)",
        ) else other
    if kind.plover == "DISPLACE":
        return "Civilians (Ukraine)", ""
    if kind.sub_type in ("Non-violent transfer of territory", "Other") and actor2.startswith("Civilians"):
        actor2 = ""
    if kind.sub_type == "Air/drone strike" and _AIRCRAFT.search(sentence):
        actor1 = _air_force(actor1)
    if kind.sub_type == "Disrupted weapons use" and _AIRCRAFT.search(sentence):
        actor2 = _air_force(actor2)
    if kind.type == ERV and not actor2 and CIVILIAN_HARM.search(sentence):
        actor2 = "Civilians (Ukraine)"
    return actor1, actor2


def _air_force(actor: str) -> str:
    is_military = actor in ("Military Forces of Russia (2000-)", "Military Forces of Ukraine (2019-)")
    return f"{actor} Air Force" if is_military else actor


def _subject_text(doc: Doc, trigger: Span) -> str:
    """The grammatical subject (or possessor, or passive agent) of the trigger word, from the parse."""
    tokens = doc.tokens(trigger)
    if tokens is None:
        return ""
    word = tokens.root
    if word.dep_ == "nsubj":  # the trigger names the attacker: "Russian artillery struck ..."
        return " ".join(t.text for t in word.subtree)
    verb = word if word.pos_ in ("VERB", "AUX") else word.head if word.dep_ in ("dobj", "nsubjpass") else word
    for child in [*word.children, *verb.children]:
        if child.dep_ in ("nsubj", "poss", "agent"):
            return " ".join(t.text for t in child.subtree)
    return ""


def _speaker_of(doc: Doc, trigger: Span) -> str:
    claim = next((c for c in doc.claims if c.span.contains(trigger)), None)
    return claim.speaker.label() if claim is not None else ""


_BY_AGENT = re.compile(r"^[^,.;]{0,40}?\bby\s+", re.I)


def _last_actor(text: str) -> str:
    best, best_end = "", -1
    for name, pattern in _ACTOR_PATTERNS:
        for m in pattern.finditer(text):
            if m.end() > best_end and not name.startswith(("Civilians", "Protesters")):
                best, best_end = name, m.end()
    return best


_COUNTRY_ACTORS = (
    ("Military Forces of Russia (2000-)", re.compile(r"\b(?:russia|moscow|the\s+kremlin)\b", re.I)),
    ("Military Forces of Ukraine (2019-)", re.compile(r"\b(?:ukraine|kyiv)\b", re.I)),
)


def first_actor(text: str, *, exclude: str = "", countries: bool = False) -> str:
    """The actor named first in `text`; with `countries`, a bare "Russia"/"Ukraine" counts (subjects only)."""
    patterns = (*_ACTOR_PATTERNS, *(_COUNTRY_ACTORS if countries else ()))
    best, best_start = "", len(text) + 1
    for name, pattern in patterns:
        if name == exclude:
            continue
        m = pattern.search(text)
        if m and m.start() < best_start:
            best, best_start = name, m.start()
    return best
