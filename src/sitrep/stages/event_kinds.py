"""The event kinds sitrep codes: ACLED's types and sub-types, their PLOVER category and trigger words.

KINDS is ordered from the most specific to the most general: where two kinds name the same clause, the
first wins ("recaptured after fighting" is a regained town, not a clash).

PLOVER (manual 0.8) codes conventional military force, artillery and air power included, as FIGHT, and
unconventional violence (bombs and IEDs, abduction, torture, sexual violence, attacks on civilians) as
ASSAULT; downing a missile is military force too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class EventKind:
    type: str
    sub_type: str
    plover: str
    trigger: re.Pattern[str]
    near_place_only: bool = False  # the trigger qualifies one place ("the besieged Mariupol")


def _kind(type_: str, sub_type: str, plover: str, pattern: str, *, near: bool = False) -> EventKind:
    return EventKind(type_, sub_type, plover, re.compile(rf"\b(?:{pattern})\b", re.I), near)


SD, BATTLES, ERV, VAC = (
    "Strategic developments",
    "Battles",
    "Explosions/Remote violence",
    "Violence against civilians",
)

# Ordered: the first kind whose trigger matches a sentence wins for that trigger's words.


KINDS: tuple[EventKind, ...] = (
    _kind(
        BATTLES,
        "Government regains territory",
        "FIGHT",
        r"recaptured|retook|retaken|regained\s+control|liberated|took\s+back|pushed\s+back\s+russian",
    ),
    _kind(
        SD,
        "Non-violent transfer of territory",
        "RETREAT",
        r"withdr[ae]wn?|withdrawing|withdrawal|pulled\s+(?:out|back)|pulling\s+out|retreat(?:ed|ing)?",
    ),
    _kind(
        BATTLES,
        "Non-state actor overtakes territory",
        "FIGHT",
        r"(?:captured|seized|took|taken|occupied|overran)\s+(?:full\s+)?(?:control\s+of\s+)?"
        r"(?:the\s+(?:town|city|village|settlement|port|region)\b|(?=(?-i:[A-Z])))|seized\s+control|took\s+control|"
        r"taken\s+control|fell\s+to",
    ),
    _kind(
        SD,
        "Disrupted weapons use",
        "FIGHT",
        r"(?:drones?|missiles?|rockets?|projectiles?|aircraft|helicopters?|jets?)\s+(?:\w+\s+){0,2}?"
        r"(?:were|was|had\s+been|have\s+been|has\s+been|being)\s+"
        r"(?:shot\s+down|intercepted|downed|destroyed|neutrali[sz]ed)|(?:shot|shoots|shooting)\s+down|downed|"
        r"(?:intercepted|destroyed|neutrali[sz]ed)\s+(?:\w+\s+){0,3}?(?:drones?|missiles?|rockets?|projectiles?)|"
        r"defused",
    ),
    _kind(
        ERV,
        "Air/drone strike",
        "FIGHT",
        r"air\s*strikes?|airstrikes?|air\s+raids?|bombed|bombing|warplanes?|drones?|kamikaze|uavs?|"
        r"unmanned\s+aerial\s+vehicles?|"
        r"helicopter\s+gunships?|dropped\s+(?:\w+\s+)?bombs|jets?\s+(?:struck|hit|attacked)",
    ),
    _kind(
        ERV,
        "Remote explosive/landmine/IED",
        "ASSAULT",
        r"land\s*mines?|mines?\s+exploded|improvised\s+explosive|IEDs?|explosive\s+device|car\s+bomb|"
        r"(?:set|detonated)\s+(?:off\s+)?an?\s+explosi(?:on|ve)",
    ),
    # Small-arms fire, or fire in both directions, is a fight even when heavier weapons are named too.
    _kind(
        BATTLES,
        "Armed clash",
        "FIGHT",
        r"small\s+arms|sniper(?:\s+rifles?)?|automatic\s+(?:weapons|rifles)|in\s+both\s+directions|"
        r"exchanged\s+fire|exchanges?\s+of\s+fire|(?<!warning\s)(?:gun\s*)?shots\b(?!\s+down)|"
        r"unspecified\s+weapons|clash(?:ed|es)?\s+(?:with|between)",
    ),
    _kind(
        ERV,
        "Shelling/artillery/missile attack",
        "FIGHT",
        r"shell(?:ed|ing|s)|artillery|missiles?|rockets?|mortars?|struck|strikes?|grad|bombardment|"
        r"pounded|barrage|grenade\s+launchers?|heavy\s+(?:weapons|machine\s*-?guns?)|explosions?|"
        r"projectiles?|bursts?\s+of\s+fire|fired\s+(?:\w+\s+){0,2}?weapons|howitzers?|mlrs|multiple\s+rocket",
    ),
    _kind(
        BATTLES,
        "Armed clash",
        "FIGHT",
        r"clash(?:ed|es)?|fighting|fought|battles?|firefights?|gunfights?|skirmish(?:es)?|exchanged\s+fire|"
        r"counter-?attack(?:ed)?|counter-?offensive|repelled|repulsed|ambush(?:ed)?|offensive\s+operations?|"
        r"(?:launched|attempted|conducted|carried\s+out|mounted)\s+(?:an?\s+)?(?:[\w-]+\s+)?offensive|"
        r"stormed|opened\s+fire",
    ),
    _kind(
        SD,
        "Other",
        "MOBILIZE",
        r"besieged|encircled|encirclement|surrounded|siege|isolated|blockaded|cut\s+off",
        near=True,
    ),
    _kind(
        "Protests",
        "Protest with intervention",
        "PROTEST",
        r"(?:protest\w*|rall\w+|demonstrat\w+)[^.]{0,160}(?:dispers\w+|tear\s+gas|stun\s+grenades|"
        r"broke\s+up|broken\s+up|detained|fired\s+(?:into\s+the\s+air|warning\s+shots|on))|"
        r"(?:dispers\w+|broke\s+up|broken\s+up|tear\s+gas|stun\s+grenades)[^.]{0,80}"
        r"(?:protest\w*|rall\w+|demonstrat\w+|crowd)",
    ),
    _kind(
        "Protests",
        "Peaceful protest",
        "PROTEST",
        r"protest(?:ed|ers|ing|s)?|rall(?:y|ied|ies)|demonstrat\w+|marched|(?-i:march(?:es)?)|"
        r"picket(?:ed|s|ing)?|vigils?|flash\s+mob",
    ),
    _kind("Riots", "Violent demonstration", "PROTEST", r"riot(?:s|ed|ing|ers)?|looting\s+mob"),
    _kind(
        VAC,
        "Abduction/forced disappearance",
        "ASSAULT",
        r"abduct(?:ed|ion)|kidnapp?(?:ed|ing)|forcibly\s+disappeared",
    ),
    _kind(SD, "Arrests", "COERCE", r"arrest(?:ed|s)?|detain(?:ed|s)?|detention"),
    _kind(VAC, "Sexual violence", "ASSAULT", r"raped|rapes?|sexual(?:ly)?\s+(?:assault\w*|violence|abused)"),
    _kind(
        VAC,
        "Attack",
        "ASSAULT",
        r"executed|shot\s+dead|tortured|massacre|(?<=forces\s)(?:shot\s+and\s+)?killed|"
        r"(?<=troops\s)(?:shot\s+and\s+)?killed|(?<=soldiers\s)(?:shot\s+and\s+)?killed|beat(?:en)?\s+up",
    ),
    _kind(SD, "Other", "DISPLACE", r"(?:were|was|been)\s+evacuated|evacuation\s+of|fled\s+from"),
    _kind(SD, "Looting/property destruction", "COERCE", r"looted|looting|set\s+fire\s+to|torched"),
)


OVERTAKES = next(k for k in KINDS if k.sub_type == "Non-state actor overtakes territory")
