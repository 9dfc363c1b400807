"""The event kinds sitrep codes: ACLED's types and sub-types, their PLOVER category and trigger words.

KINDS is ordered from the most specific to the most general: where two kinds name the same clause, the
first wins ("recaptured after fighting" is a regained town, not a clash; "police fired on protesters" is
force against a protest, not shelling). Every ACLED sub-type has triggers of its own, so each can be read.

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
PROTESTS, RIOTS = "Protests", "Riots"

_AIRCRAFT = (
    r"(?:aircraft|(?:air|war)?planes?|airplanes?|jets?|helicopters?|bombers?|fighters?|su-?\d+\w*|mi-?\d+\w*|"
    r"ka-?\d+\w*|tu-?\d+\w*)"
)
_PROJECTILES = r"(?:drones?|uavs?|missiles?|rockets?|projectiles?|shells?)"
_CROWD = r"(?:protest\w*|rall(?:y|ies)|demonstrat\w+|crowds?|marchers|picket\w*|activists)"
# Words that name people, or the vehicles they were in, as the target of fire.
PEOPLE = (
    r"civilians?|people|persons?|residents?|villagers|passengers|pedestrians|famil(?:y|ies)|children|child|"
    r"pensioners?|teenagers?|students?|"
    r"wom[ae]n|m[ae]n|boys?|girls?|couple|drivers?|volunteers|journalists?|priests?|doctors?|mayor|head\s+of|"
    r"cars?|buses|bus|vans?|ambulances?|minibus(?:es)?|vehicles?\s+(?:of|with|carrying)|evacuat\w+|"
    r"(?:civilian|passenger|medical|humanitarian|evacuation)\s+\w+|column\s+of\s+(?:civilians|cars|refugees)"
)

KINDS: tuple[EventKind, ...] = (
    _kind(
        ERV,
        "Suicide bomb",
        "ASSAULT",
        r"suicide\s+(?:bomb(?:er|ers|ing|ings|s)?|attack(?:er|ers|s)?|blast|vest|car\s+bomb)|"
        r"blew\s+(?:him|her|them)sel(?:f|ves)\s+up|self-detonat\w+",
    ),
    _kind(
        SD,
        "Agreement",
        "AGREE",
        r"signed\s+(?:an?\s+|the\s+)?(?:\w+\s+){0,3}?(?:agreement|deal|accord|memorandum|treaty|ceasefire)|"
        r"agreed\s+(?:to|on|upon)\s+(?:an?\s+|the\s+)?(?:\w+\s+){0,2}?(?:ceasefire|truce|exchange|corridors?|"
        r"deal|agreement)|prisoners?\s+(?:exchange|swap)|exchanged\s+(?:\w+\s+){0,2}?prisoners|"
        r"ceasefire\s+agreement|peace\s+(?:deal|agreement|accord)|(?:swap\w*|exchang(?:ed|ing))\s+(?:\w+\s+){0,4}?for\s+"
        r"(?:\w+\s+){0,3}?(?:prisoners|captives|conscripts|soldiers|servicemen|pows)",
    ),
    _kind(
        BATTLES,
        "Government regains territory",
        "FIGHT",
        r"recaptured|retook|retaken|reclaimed|regained\s+(?:full\s+)?control|liberated|took\s+back|"
        r"pushed\s+back\s+russian|(?:regained|restored)\s+control|regained\s+(?:back\s+)?(?:the\s+)?"
        r"(?:town|city|village|settlement|territory|positions|(?=(?-i:[A-Z])))",
    ),
    _kind(
        SD,
        "Non-violent transfer of territory",
        "RETREAT",
        # "nine people were pulled out alive", "pulled out of the rubble": a rescue, not a withdrawal
        r"withdr[ae]wn?|withdrawing|withdrawal|(?:pulled\s+(?:out|back)|pulling\s+out)(?!\s+(?:alive|dead|"
        r"(?:of|from)\s+(?:the\s+)?(?:rubble|debris|ruins|wreckage|water|river|sea|basement|building)))|retreat(?:ed|ing)?|"
        r"handed\s+over\s+control|surrendered\s+(?:the\s+)?(?:town|city|village)",
    ),
    _kind(
        BATTLES,
        "Non-state actor overtakes territory",
        "FIGHT",
        r"(?:captured|seized|took|taken|occupied|overran|took\s+over|entered|gain(?:ed)?\s+the\s+territory\s+of)\s+"
        r"(?:full\s+)?(?:control\s+of\s+)?(?:the\s+(?:town|city|village|settlement|port|region)\b|(?:the\s+)?"
        r"(?=(?-i:[A-Z])))|seized\s+control|took\s+control|taken\s+control|gained\s+control|"
        r"established\s+control|fell\s+to|(?:came|come|comes|coming|fell|fallen|falls|passed|brought|placed|went|"
        r"gone|put)\s+(?:\w+\s+){0,2}?under\s+(?:the\s+)?(?:full\s+)?control\s+of",
    ),
    # Downing a manned aircraft is an attack on it (ACLED: shelling/missile attack); intercepting a drone
    # or a missile disrupts a weapon.
    _kind(
        ERV,
        "Shelling/artillery/missile attack",
        "FIGHT",
        rf"(?:shot|shoots|shooting)\s+down\s+(?:\w+\s+){{0,4}}?{_AIRCRAFT}|"
        rf"{_AIRCRAFT}\s+(?:\w+\s+){{0,2}}?(?:was|were|had\s+been|has\s+been|have\s+been)\s+(?:shot\s+down|downed)",
    ),
    _kind(
        SD,
        "Disrupted weapons use",
        "FIGHT",
        rf"{_PROJECTILES}\s+(?:\w+\s+){{0,2}}?(?:were|was|had\s+been|have\s+been|has\s+been|being)\s+"
        r"(?:shot\s+down|intercepted|downed|destroyed|neutrali[sz]ed)|(?:shot|shoots|shooting)\s+down|downed|"
        rf"(?:intercepted|destroyed|neutrali[sz]ed)\s+(?:\w+\s+){{0,3}}?{_PROJECTILES}|"
        r"defused|weapons?\s+(?:seizure|cache)|cache\s+of\s+(?:weapons|arms|ammunition|explosives)|"
        r"(?:seized|confiscated|found)\s+(?:\w+\s+){0,3}?(?:weapons|firearms|ammunition|explosives|grenades)",
    ),
    _kind(
        ERV,
        "Air/drone strike",
        "FIGHT",
        r"air\s*strikes?|airstrikes?|air\s+raids?|bombed|bombing|warplanes?|drones?|kamikaze|uavs?|"
        r"unmanned\s+aerial\s+vehicles?|air\s+bombs?|aerial\s+bomb\w*|helicopter\s+fire|"
        r"(?:dropped|drops|dropping|drop)\s+(?:\w+\s+){0,2}?(?:bombs?|munitions?|ammunitions?)|"
        r"helicopter\s+gunships?|jets?\s+(?:struck|hit|attacked)|(?:from|by)\s+(?:the\s+)?(?:aviation|aircraft)",
    ),
    _kind(
        ERV,
        "Remote explosive/landmine/IED",
        "ASSAULT",
        r"land\s*mines?|mines?\s+(?:exploded|planted|detonated|went\s+off)|improvised\s+explosive|IEDs?|"
        r"explosive\s+devices?|(?:car|truck|lorry|vehicle)[\s-]+bombs?|(?:bomb|explosives?)-(?:laden|packed)\s+"
        r"(?:car|truck|lorry|vehicle)|(?:set|detonated)\s+(?:off\s+)?an?\s+explosi(?:on|ve)|blew\s+up|"
        r"blown\s+up|blew\s+(?:\w+\s+){1,3}up|anti-(?:personnel|tank)\s+mines?|(?:hit|ran\s+(?:into|over)|stepped\s+on|struck)\s+an?\s+"
        r"(?:\w+\s+){0,2}?mine|booby[- ]trap\w*|tripwire|roadside\s+bomb|"
        r"planted\s+(?:\w+\s+){0,2}?(?:mines?|bombs?)",
    ),
    _kind(
        ERV,
        "Grenade",
        "ASSAULT",
        r"(?:threw|thrown|throwing|tossed|hurled|lobbed|detonated)\s+(?:\w+\s+){0,3}?(?<!stun\s)(?<!smoke\s)"
        r"(?:hand\s+)?grenades?|(?<!stun\s)(?<!smoke\s)grenades?\s+(?:attack|explosion|blast|exploded|went\s+off|"
        r"was\s+thrown|were\s+thrown)|with\s+an?\s+(?:hand\s+)?grenade",
    ),
    _kind(
        PROTESTS,
        "Excessive force against protesters",
        "ASSAULT",
        rf"(?:opened\s+fire|fired\s+(?:live\s+(?:ammunition|rounds)\s+)?|shot|killed|beat\w*|ran\s+over)\s+"
        rf"(?:at\s+|on\s+|into\s+)?(?:\w+\s+){{0,3}}?(?:protesters|demonstrators|{_CROWD})",
    ),
    _kind(
        RIOTS,
        "Mob violence",
        "ASSAULT",
        r"mob\s+(?:violence|justice|attack\w*|beat\w*|lynch\w*)|(?:a|an\s+angry)\s+mob|lynch\w*|vigilantes?",
    ),
    _kind(
        RIOTS,
        "Violent demonstration",
        "PROTEST",
        r"riot(?:s|ed|ing|ers)?(?!\s+(?:police|control|gear|squad))|looting\s+mob|"
        r"clash(?:ed|es)\s+with\s+(?:the\s+)?(?:riot\s+)?police|(?:protesters|demonstrators|rioters)\s+(?:\w+\s+){0,3}?"
        r"(?:threw|hurled|attacked|clashed|smashed|stormed|vandali[sz]ed|pelted|torched|set\s+fire|"
        r"damaged|fought|beat)",
    ),
    _kind(
        PROTESTS,
        "Protest with intervention",
        "PROTEST",
        r"(?:protest\w*|rall\w+|demonstrat\w+|gather\w*|picket\w*)[^.]{0,160}(?:dispers\w+|tear\s+gas|stun\s+grenades|"
        r"broke\s+up|broken\s+up|detained|arrested|fired\s+(?:into\s+the\s+air|warning\s+shots|on))|"
        r"(?:dispers\w+|broke\s+up|broken\s+up|tear\s+gas|stun\s+grenades)[^.]{0,80}(?:protest\w*|rall\w+|"
        r"demonstrat\w+|crowd|gather\w*)",
    ),
    # Small-arms fire, or fire in both directions, is a fight even when heavier weapons are named too.
    _kind(
        BATTLES,
        "Armed clash",
        "FIGHT",
        r"small\s+arms|sniper(?:\s+rifles?)?|automatic\s+(?:weapons|rifles)|in\s+both\s+directions|"
        r"exchanged\s+fire|exchang\w+\s+(?:of\s+)?fire|fires?\s+(?:were\s+|was\s+)?exchanged|gun\s*shots|"
        r"unspecified\s+weapons|respond\w*\s+with\s+fire|returning\s+fire|"
        r"clash(?:ed|es|ing)?\s+(?:with|between)|armed\s+clash(?:es)?|fired\s+back|returned\s+fire|fought\s+back",
    ),
    _kind(
        ERV,
        "Shelling/artillery/missile attack",
        "FIGHT",
        r"shell(?:ed|ing|s)|(?-i:shell)|artiller\w*|artilery|missiles?|rockets?|mortars?|"
        r"(?<!agreements\s)(?<!agreement\s)(?<!deals\s)(?<!deal\s)struck|strikes?|grad|bombardment|"
        r"pounded|barrage|grenade\s+launchers?|heavy\s+(?:weapons?|weaponry|machine\s*-?guns?)|explosions?|blasts?|"
        r"detonat(?:ed|ions?)|"
        r"projectiles?|bursts?\s+of\s+fire|(?<!gun\s)shots|howitzers?|mlrs|multiple\s+rocket|"
        r"fired\s+(?:[\w-]+\s+){0,5}?(?:at|on|towards?|in|into|upon)|fir(?:ed|ing)\s+(?:[\w-]+\s+){0,4}?weapons|"
        r"targeted|targeting|vacuum\s+bombs?|thermobaric|cluster\s+(?:munitions?|ammunitions?|bombs?)|"
        r"(?:forces|artillery|troops|military)\s+hit|"
        r"firing\s+(?:at|on|towards?)|opened\s+fire|(?:shot|shooting)\s+at|"
        r"c[oa]m(?:e|es|ing)\s+under\s+(?:heavy\s+|intense\s+|artillery\s+|rocket\s+)?(?:fire|attack|shelling)|"
        r"destroyed\s+(?:\([^)]*\)\s+)?(?:[\w-]+\s+){0,4}?(?:column|convoy|tanks?|vehicles?|aircraft|helicopters?|"
        r"planes?|jets?|equipment|positions?|command\s+post|depot|warehouse|ships?|bases?|systems?|launchers?|"
        r"trucks?|guns?)",
    ),
    _kind(
        BATTLES,
        "Armed clash",
        "FIGHT",
        r"clash(?:ed|es)?|fighting|fought|battles?|firefights?|gunfights?|gunfire|skirmish(?:es)?|"
        r"counter-?attack(?:ed)?|counter-?offensive|repelled|repulsed|ambush(?:ed)?|offensive\s+operations?|"
        r"(?:launched|attempted|conducted|carried\s+out|mounted)\s+(?:an?\s+)?(?:[\w-]+\s+)?offensive|"
        r"stormed|attack(?:ed|ing)|(?:launched|conducted|carried\s+out)\s+(?:an?\s+)?attack|"
        r"(?:tried|attempted|attempting|trying|failed)\s+to\s+(?:break\s+through|advance|storm|enter|capture|"
        r"take|seize|encircle|cross)|neutrali[sz]ed|deflected|defensive\s+operations?|hostilities|"
        r"engaged\s+in\s+combat|combat\s+(?:operations?|actions?)|stopped\s+the\s+(?:movement|advance\w*)\s+of|"
        r"destroyed\s+(?:\w+\s+){0,4}?(?:regiment|battalion|group|paratroopers|unit|company)",
    ),
    _kind(
        SD,
        "Other",
        "MOBILIZE",
        r"besieged|encircled|encirclement|surrounded|siege|isolated|blockaded|cut\s+off",
        near=True,
    ),
    _kind(
        PROTESTS,
        "Peaceful protest",
        "PROTEST",
        r"protest(?:ed|ers|ing|s)?|rall(?:y|ied|ies)|demonstrat\w+|marched|(?-i:march(?:es)?)|torch\s+march|"
        r"picket(?:ed|s|ing)?|vigils?|flash\s+mob|"
        r"gathered(?=[^.]{0,200}\b(?:to\s+(?:mark|protest|demand|commemorate|honou?r|show|support|express|oppose|"
        r"condemn|call|celebrate|remember|pay\s+tribute)|demanding|in\s+support|against|calling\s+for|protesting|"
        r"on\s+the\s+occasion|commemorat\w+|slogans?|banners?|placards?|flags?))",
    ),
    _kind(
        VAC,
        "Abduction/forced disappearance",
        "ASSAULT",
        r"abduct(?:ed|ion|s)?|kidnapp?(?:ed|ing|s)?|forcibly\s+disappeared|deported|forcibly\s+(?:transferred|removed)|"
        r"(?:captured|seized|took\s+away)\s+(?:an?\s+|the\s+|two\s+|three\s+)?(?:[\w-]+\s+){0,3}?(?:journalists?|"
        r"volunteers?|activists?|mayor|head|deputy|priests?|civilians?|residents?|paramedics?|officials?|"
        r"businessm[ae]n|teachers?|doctors?|secretary|chair(?:man|woman|person)?|councill?ors?)|took\s+(?:\w+\s+){0,3}?hostage|"
        r"taken\s+hostage|held\s+hostage",
    ),
    _kind(SD, "Arrests", "COERCE", r"arrest(?:ed|s)?|detain(?:ed|s)?|detention"),
    _kind(
        VAC,
        "Sexual violence",
        "ASSAULT",
        r"raped|rapes?|sexual(?:ly)?\s+(?:assault\w*|violence|abused|harass\w*)",
    ),
    _kind(
        VAC,
        "Attack",
        "ASSAULT",
        r"executed|shot\s+dead|tortured|massacre|(?<=forces\s)(?:shot\s+and\s+)?killed|"
        r"(?<=troops\s)(?:shot\s+and\s+)?killed|(?<=soldiers\s)(?:shot\s+and\s+)?killed|beat(?:en)?\s+up|"
        r"(?:severely\s+)?beat(?:en|ing)?(?!\s+(?:back|off))|murder(?:ed)?|stabbed|assaulted|ran\s+over|"
        r"(?:killed|shot|executed|murdered)\s+by\s+(?:\w+\s+){0,2}?(?:forces|troops|soldiers|servicemen|militants|"
        r"gunmen|fighters)|"
        rf"shot\s+(?:an?\s+|the\s+|two\s+|three\s+)?(?:[\w-]+\s+){{0,2}}?(?:{PEOPLE})",
    ),
    _kind(SD, "Other", "DISPLACE", r"(?:were|was|been)\s+evacuated|evacuation\s+of|fled\s+from|displacement"),
    _kind(SD, "Other", "MOBILIZE", r"mass\s+graves?|martial\s+law|conscription"),
    _kind(
        SD,
        "Looting/property destruction",
        "COERCE",
        r"loot(?:ed|ing)|set\s+fire\s+to|torched|stole|stolen|robbed|plunder\w*|vandali[sz]\w+|arson|"
        r"burn(?:ed|t)\s+down|property\s+destruction",
    ),
    _kind(
        SD,
        "Headquarters or base established",
        "MOBILIZE",
        r"(?:set\s+up|established|setting\s+up|establishing|built)\s+(?:an?\s+|their\s+|its\s+|the\s+)?"
        r"(?:\w+\s+){0,2}?(?:base|headquarters|hq|camp|command\s+post|garrison|stronghold)",
    ),
    _kind(
        SD,
        "Change to group/activity",
        "MOBILIZE",
        r"(?:forces|troops|columns?|convoys?|units|vehicles|equipment|tanks|soldiers)\s+(?:\w+\s+){0,5}?"
        r"(?:moved|moving|approach(?:ed|ing)|arrived|bypassed|concentrated|regroup\w*|redeploy\w*|headed|"
        r"heading|advanced|advancing|massed|massing|spotted|seen)|(?:declared|imposed|introduced)\s+"
        r"(?:a\s+)?(?:martial\s+law|curfew|state\s+of\s+emergency)|mobili[sz]ation|redeploy(?:ed|ing|ment)",
    ),
)


def kind_named(sub_type: str) -> EventKind:
    """The most general kind of a sub-type (the last in KINDS)."""
    return next(k for k in reversed(KINDS) if k.sub_type == sub_type)


OVERTAKES = kind_named("Non-state actor overtakes territory")
REGAINS = kind_named("Government regains territory")
NON_VIOLENT_TRANSFER = kind_named("Non-violent transfer of territory")
ARMED_CLASH = kind_named("Armed clash")
SHELLING = kind_named("Shelling/artillery/missile attack")
AIR_STRIKE = kind_named("Air/drone strike")
ATTACK = kind_named("Attack")

# A report that opens with a topic heading ("Looting: ...", "Interception: ..."): the heading names the
# kind in the codebook's own words, and decides the kind of the event the sentence tells.
_DISPLACEMENT = next(k for k in KINDS if k.plover == "DISPLACE")
_OTHER = next(k for k in KINDS if k.sub_type == "Other" and not k.near_place_only and k.plover != "DISPLACE")
_HEADINGS: tuple[tuple[str, EventKind], ...] = (
    (r"interceptions?|weapons?\s+seizures?|disrupted\s+weapons\s+use", kind_named("Disrupted weapons use")),
    (
        r"movements?\s+of\s+(?:forces|troops)|troop\s+movements?|security\s+measures|deployment|"
        r"change\s+to\s+(?:armed\s+)?group(?:/activity)?",
        kind_named("Change to group/activity"),
    ),
    (
        r"looting|property\s+destruction|arson|vandalism|looting/property\s+destruction",
        kind_named("Looting/property destruction"),
    ),
    (r"displacement|evacuations?", _DISPLACEMENT),
    (r"mass\s+graves?|other", _OTHER),
    (r"arrests?|detentions?", kind_named("Arrests")),
    (r"agreements?|ceasefire|prisoner\s+exchange", kind_named("Agreement")),
    (
        r"headquarters\s+or\s+base\s+established|base\s+established",
        kind_named("Headquarters or base established"),
    ),
    (r"non-violent\s+transfer\s+of\s+territory", NON_VIOLENT_TRANSFER),
)
HEADING = re.compile(r"^\s*(?P<label>[A-Z][\w /-]{2,40}):\s")


def heading_kind(sentence: str) -> EventKind | None:
    """The kind a topic heading at the start of `sentence` names, if any."""
    m = HEADING.match(sentence)
    if m is None:
        return None
    return next((k for pattern, k in _HEADINGS if re.fullmatch(pattern, m["label"].strip(), re.I)), None)
