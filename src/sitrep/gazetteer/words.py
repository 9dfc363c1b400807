"""Ordinary English words that are also GeoNames place names ("Police", "Split", "Deal", "Media", "Hit").

The gazetteer reports them all; this list lets the places stage (and the build, for alternate names
only) tell a probable word from a probable place. Besides spaCy's stop words it holds calendar words,
demonyms, compass words, and the words found, in lower case, among the gazetteer's matches when it
scanned a sample of war reporting (the Guardian's 2022 coverage, used for evaluation only).
"""

from __future__ import annotations

from functools import cache

from sitrep.gazetteer.translit import name_key


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


CALENDAR = _wordset(
    """monday tuesday wednesday thursday friday saturday sunday january february march april may june
    july august september october november december spring summer autumn winter"""
)

DEMONYMS = _wordset(
    """russian russians ukrainian ukrainians american americans british briton britons english
    french german germans polish pole poles chinese belarusian belarusians european europeans soviet
    western turkish georgian georgians moldovan moldovans romanian hungarian slovak czech lithuanian
    latvian estonian finnish swedish norwegian danish dutch belgian italian spanish portuguese greek
    serbian croatian bulgarian syrian iranian iraqi israeli palestinian lebanese egyptian saudi
    african asian indian pakistani afghan japanese korean canadian australian mexican brazilian
    chechen crimean tatar jewish muslim christian orthodox catholic arab arabic"""
)

COMPASS = _wordset(
    """north south east west northern southern eastern western central northeast northwest southeast
    southwest northeastern northwestern southeastern southwestern north-east north-west south-east
    south-west middle upper lower inner outer"""
)

# Lower-case in running text, yet matched by the gazetteer in the evaluation sample; plus the brief's
# classic hazards (will, most, union, split, nice, mobile, reading, battle, bar, bath).
NEWS_WORDS = _wordset(
    """time hit media deal far set area major centre center port capital cut com come seen summit
    market police turn trip bank man ban worth opportunity rest level rise lot era chair fleet republic
    human marine record pre tank airport alliance modern best wave lack shut freedom deep unity son save
    buy star goes begun care mission progress shot big cars fate retreat independence young rapid
    manage officer date spoken store basic torn annex gold aim maritime federal drug born bid tell
    point mobile guns bridge bad marks earnest barrage wean opera rich leg tour sale ram split model
    veto panic vans union villages village hub golden pan pace barn reading defiance trap mile green
    keen superior monster river normal holiday pool surprise tongue dawn drag tsunami canal empire
    drama university bear gut karma orange fishers metro gross banning hat grim dual cage ate tune
    bar bore liberal dam shields tale spat sap visa agro gulf rivers soul lively forge lover luck bust
    lessen islands island possession desk gap forest common garden hull tender punch sue conception
    tall clay spike dire sad van bell bag boom singer solo tunes lab quarter bake barking risen
    imperial champion wary peer wedding grenade garrison junction city town region province district
    state county lake mount new old great little victory peace hope liberty battle will most nice
    bath split mobile reading union of aid army navy war front line border camp base station
    president minister power energy oil gas grain food water fire house home office court church
    school hospital plant factory mine field road street square park hill valley bay beach harbour
    sea ocean coast mountain nato territory overland un eu
    council college commissioner section commerce secretary congress justice academy christmas passover
    democrat junior trail ridge grove royal continental pacific olympic rodeo bond god ill mass male
    tape bone acre ive ill miss hall mart jones dodge"""
)

# Weapon systems named in war reporting that are also GeoNames places ("Grad missiles", "a Tochka-U").
WEAPONS = _wordset(
    """grad uragan smerch tochka iskander kalibr tornado bayraktar buk pantsir javelin stinger kinzhal
    msta gvozdika akatsiya hyacinth solntsepyok shahed geran kh onyx tor osa strela igla sukhoi tupolev
    ilyushin kamov"""
)

FOREIGN_FUNCTION_WORDS = _wordset("der des die das von van de la le les el al une ihren dom petit sic")


@cache
def common_words() -> frozenset[str]:
    """The full list, as folded keys. spaCy is imported here, on first use: it is slow to import."""
    from spacy.lang.en.stop_words import STOP_WORDS

    words = STOP_WORDS | CALENDAR | DEMONYMS | COMPASS | NEWS_WORDS | WEAPONS | FOREIGN_FUNCTION_WORDS
    return frozenset(name_key(w) for w in words)


def is_common_word(folded: str) -> bool:
    """True if `folded` is a frequent English word, or a phrase of them ("north east", "the bridge").

    Takes a surface as written or folded ("Police", "police"). Advice only: "Police" is a Polish town
    and "Nice" a French city, and in a headline both are capitalised; the places stage decides.
    """
    key = name_key(folded)
    words = common_words()
    return bool(key) and (key in words or all(part in words for part in key.split()))


# Nationality words and the country (ISO code) they name. The places stage does not report them as places
# ("Russian forces" is an actor); `demonym_country` serves callers that were told a word is a toponym.
_DEMONYM_TABLE = """
US american americans | RU russian russians | UA ukrainian ukrainians | GB british briton britons english
| FR french | DE german germans | PL polish pole poles | CN chinese | BY belarusian belarusians
| GE georgian georgians | MD moldovan moldovans | RO romanian romanians | HU hungarian hungarians
| SK slovak slovaks | CZ czech czechs | LT lithuanian lithuanians | LV latvian latvians
| EE estonian estonians | FI finnish finns | SE swedish swedes
| NO norwegian norwegians | DK danish danes | NL dutch | BE belgian | IT italian italians
| ES spanish | PT portuguese
| GR greek greeks | RS serbian serbs | HR croatian | BG bulgarian | SY syrian syrians | IR iranian iranians
| IQ iraqi iraqis | IL israeli israelis | PS palestinian palestinians | LB lebanese | EG egyptian egyptians
| SA saudi saudis | IN indian | PK pakistani pakistanis | AF afghan afghans | JP japanese | KR korean
| CA canadian canadians | AU australian australians | MX mexican mexicans | BR brazilian brazilians
| TR turkish turk turks | SD sudanese | LK lankan sinhalese | IE irish | CY cypriot cypriots
| NG nigerian nigerians
| KE kenyan kenyans | ET ethiopian ethiopians | SO somali somalis | YE yemeni yemenis | JO jordanian
| CU cuban cubans | VE venezuelan venezuelans | CO colombian colombians | PH filipino filipinos
| VN vietnamese | TH thai | ID indonesian | MY malaysian | NZ zealander zealanders | ZA african
| AE emirati | QA qatari | KW kuwaiti | LY libyan libyans
| TN tunisian | MA moroccan moroccans | DZ algerian | HT haitian haitians | CL chilean
| AR argentine argentinian
| PE peruvian | SI slovenian | BA bosnian | AL albanian | AM armenian armenians | AZ azerbaijani
| KZ kazakh | UZ uzbek | CH swiss | AT austrian | IS icelandic
"""


@cache
def _demonyms() -> dict[str, str]:
    table: dict[str, str] = {}
    for row in _DEMONYM_TABLE.split("|"):
        code, *words = row.split()
        for word in words:
            table[word] = code
    table.update({"north korean": "KP", "south korean": "KR", "sri lankan": "LK", "south african": "ZA"})
    table["south sudanese"] = "SS"
    return table


def demonym_country(word: str) -> str:
    """The ISO code of the country a nationality word names ("Russian" -> "RU"), or ""."""
    return _demonyms().get(name_key(word), "")
