"""ACLED's coding conventions for choosing an event's kind from everything a sentence says about it.

The trigger words (`event_kinds`) say what was done; these rules settle the cases where the words around
them change the code:
- fire aimed at people or the cars and buses they ride in, with no heavy weapon named, is an attack on
  civilians, not shelling ("opened fire on a civilian car");
- a missile, bomb or strike delivered from the air is an air strike ("the air force fired missiles");
- a town taken or retaken with no fighting reported is a non-violent transfer of territory;
- an attack with heavy weapons told together with fighting at the same place is one battle (a battle
  takes precedence over the remote violence that is part of it), and so is shelling the other side
  answered ("... fired back").
"""

from __future__ import annotations

import re

from sitrep.stages.event_kinds import (
    AIR_STRIKE,
    ARMED_CLASH,
    ATTACK,
    NON_VIOLENT_TRANSFER,
    PEOPLE,
    SHELLING,
    EventKind,
    kind_named,
)

_FIRE_VERB = re.compile(
    r"^(?:fired|firing|opened\s+fire|shot|shooting|attack|small\s+arms|automatic\s+(?:weapons|rifles)|sniper)",
    re.I,
)
_PEOPLE_TARGET = re.compile(
    rf"^\W*(?:(?:at|on|upon|into|towards?|the|an?|two|three|four|\d+|several|some|local|unarmed|"
    rf"ukrainian|russian|fleeing|evacuating|elderly|retired|civilian|private|passenger|of)\s+)*(?:{PEOPLE})\b",
    re.I,
)
_HEAVY_WEAPON = re.compile(
    r"\b(?:artillery|mortars?|tanks?|rockets?|missiles?|mlrs|grads?|smerch|uragan|howitzers?|shells?|ifvs?|"
    r"heavy\s+weapon\w*|multiple\s+rocket|grenade\s+launchers?|cannons?)\b",
    re.I,
)
_FROM_THE_AIR = re.compile(
    r"\b(?:air\s*forces?|aviation|aircraft|warplanes?|war\s+planes?|jets?|bombers?|helicopters?|"
    r"su-?\d+\w*|tu-?\d+\w*|(?<!car\s)(?<!mortar\s)(?<!cluster\s)bombs?)\b"
    # "aviation ammunition detonated at the airfield": stores of the air force, not a strike from the air
    r"(?!\s+(?:ammunition|munitions|fuel|depots?|warehouses?|stores?|stockpiles?)\b)",
    re.I,
)
_NO_FIGHTING = re.compile(
    r"\b(?:no\s+(?:information\s+(?:on|about|as\s+to)\s+whether\s+(?:any\s+)?|reports?\s+of\s+)?"
    r"(?:fighting|clashes|resistance|battle)|without\s+(?:a\s+|any\s+)?(?:fight(?:ing)?|resistance|"
    r"shot|clashes|battle))\b",
    re.I,
)
_TERRITORY = ("Government regains territory", "Non-state actor overtakes territory")


def refine_kind(kind: EventKind, *, trigger: str, after: str, clause: str) -> EventKind:
    """The kind of one trigger once the words of its clause are read: `after` runs from the trigger to
    the end of its clause, `clause` is the whole clause."""
    if _FIRE_VERB.match(trigger) and kind.sub_type in (SHELLING.sub_type, ARMED_CLASH.sub_type):
        heavy = _HEAVY_WEAPON.search(trigger) or _HEAVY_WEAPON.search(clause)
        if not heavy and (
            _PEOPLE_TARGET.match(after) or _people_pronoun(after, clause.partition(trigger)[0])
        ):
            return ATTACK
    if kind.sub_type == SHELLING.sub_type and "down" not in trigger.lower() and _from_the_air(clause):
        return AIR_STRIKE
    if kind.sub_type == ARMED_CLASH.sub_type and trigger.lower().startswith("attack"):
        # "the air force attacked Snihurivka": the attacker named before the verb flies
        return AIR_STRIKE if _from_the_air(clause.partition(trigger)[0]) else kind
    return kind


_PRONOUN_TARGET = re.compile(r"^\W*(?:at|on|upon|into|towards?)\s+(?:them|him|her)\b", re.I)
_PEOPLE_WORD = re.compile(rf"\b(?:{PEOPLE})\b", re.I)


def _people_pronoun(after: str, before: str) -> bool:
    """ "Ten people queuing for bread were killed when soldiers opened fire on them": the pronoun stands for
    the people named before it."""
    return bool(_PRONOUN_TARGET.match(after)) and bool(_PEOPLE_WORD.search(before))


# "fired missiles at a Russian helicopter", "anti-aircraft guns": the aircraft is the target, not the weapon.
_AIRCRAFT_TARGETED = re.compile(
    r"(?:\b(?:at|on|down|destroyed|downed|towards|against)\s+(?:[\w-]+\s+){0,4}|anti-)$", re.I
)


def _from_the_air(clause: str) -> bool:
    return any(not _AIRCRAFT_TARGETED.search(clause[: m.start()]) for m in _FROM_THE_AIR.finditer(clause))


def without_fighting(kind: EventKind, text: str) -> EventKind:
    """A town taken with no fighting reported (in `text`, the sentence and the one after) changed hands
    without violence."""
    if kind.sub_type in _TERRITORY and _NO_FIGHTING.search(text):
        return NON_VIOLENT_TRANSFER
    return kind


_PROTESTERS = r"(?:protesters|demonstrators|crowd|people|locals|residents|participants|activists|rally)"
_PROTEST_VIOLENCE = re.compile(
    rf"\b(?:rioters|{_PROTESTERS}\s+(?:\w+\s+){{0,4}}?(?:attacked|threw|hurled|smashed|clashed|set\s+fire|"
    r"torched|vandali[sz]ed|pelted|beat))\b",
    re.I,
)
_EXCESSIVE_FORCE = re.compile(
    rf"\b(?:(?:opened\s+fire\s+|fired\s+(?:\w+\s+){{0,3}}?)(?:on|at|into)\s+(?:the\s+)?(?:\w+\s+)?{_PROTESTERS}|"
    rf"{_PROTESTERS}\s+(?:\w+\s+){{0,3}}?(?:were|was)\s+(?:injured|wounded|killed|shot)|"
    r"(?:injured|wounded|killed)\s+by\s+(?:\w+\s+){0,2}?(?:shots|soldiers|police|gunfire|bullets)|"
    r"(?:shot|killed|wounded|injured)\s+(?:\w+\s+){0,2}?(?:protesters|demonstrators))\b",
    re.I,
)
_INTERVENTION = re.compile(
    r"\b(?:dispers\w+|tear\s+gas|stun\s+grenades?|smoke\s+grenades?|warning\s+shots|(?:shots?|fire)\s+in(?:to)?\s+"
    r"the\s+air|detained|arrested|restrained|pushed\s+(?:\w+\s+)?(?:away|back)|beat\w*\s+(?:\w+\s+){0,2}?up|"
    r"broke\s+up|broken\s+up|water\s+cannons?|rubber\s+bullets|kettled)\b",
    re.I,
)


def protest_outcome(kind: EventKind, told: str) -> EventKind:
    """What became of a protest, from `told` (its sentence and the next ones): protesters turning violent
    make it a riot; force that hurts them, excessive force; any breaking up, a protest with intervention."""
    if kind.sub_type != "Peaceful protest":
        return kind
    if _PROTEST_VIOLENCE.search(told):
        return kind_named("Violent demonstration")
    if _EXCESSIVE_FORCE.search(told):
        return kind_named("Excessive force against protesters")
    if _INTERVENTION.search(told):
        return kind_named("Protest with intervention")
    return kind
