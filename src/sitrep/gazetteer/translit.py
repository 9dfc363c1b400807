"""Name normalisation and spelling variants, so that Chernigov, Chernihiv and Чернігів meet in one key.

Three layers, each for a reason:

- `fold` makes matching case- and diacritic-insensitive while keeping offsets: each character of the
  input becomes exactly one character of the output, so a match in folded text is a match at the same
  offsets in the original.
- `name_key` / `key_text` turn names and texts into the keys the index stores: apostrophes and
  combining marks vanish, every other non-alphanumeric run becomes one space ("Ivano-Frankivsk",
  "Ivano Frankivsk" and "ivano–frankivsk" are one key).
- `translit_uk` (Ukrainian national system, 2010) and `translit_ru` (the forms English-language news
  uses, plain and BGN-style) romanise Cyrillic alternate names; `russian_style` / `ukrainian_style`
  rewrite Latin names between the two romanisation habits where GeoNames lists no Cyrillic form.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cache, lru_cache
from typing import Literal

APOSTROPHES = frozenset("'’ʼʹ‘`´′ꞌ")
# Letters that do not decompose under NFD but that writers routinely replace with a plain letter.
_PLAIN_LATIN = str.maketrans("łŁøØđĐħĦıŀĿ", "lLoOdDhHilL")
# Cyrillic letters whose diacritic makes a different letter (й is not и): folded case only.
_KEEP_CYRILLIC = frozenset("йЙ")


@cache
def _fold_char(ch: str) -> str:
    """One character in, one out: lower case, without diacritics; apostrophe-likes become "'"."""
    if ch in APOSTROPHES:
        return "'"
    if ch in _KEEP_CYRILLIC:
        return ch.lower()
    base = "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))
    base = base.translate(_PLAIN_LATIN)
    if not base:  # a lone combining mark: keep it, `key_text` drops it
        return ch
    for lowered in (base.casefold(), base.lower()):
        if len(lowered) == 1:
            return lowered
    return ch


def fold(text: str) -> str:
    """Case- and diacritic-folded `text` of the same length ("Mariúpol" -> "mariupol").

    Length is preserved so that offsets found in the folded text are offsets in the original.
    Apostrophe-like characters (’ ʼ ´ ...) become a plain "'"; `key_text` then drops them, which is
    where they are "removed" (removing them here would shift every later offset).
    """
    return "".join(map(_fold_char, text))


def key_text(text: str) -> tuple[str, list[int]]:
    """The scan form of `text` and, for each of its characters, the offset it came from in `text`.

    The form is folded, without combining marks, with every non-alphanumeric run collapsed to one
    space, and padded with a space at both ends so that index keys written as " name " only ever match
    whole words. Apostrophes are dropped (Kam'ianske -> kamianske, Mariupol' -> mariupol) except before
    a possessive "s", where they separate (Kyiv's -> kyiv s). Names and texts go through this same
    function, so they always agree. Pad and separator spaces map to the offset of the first character
    they stand for (the end pad to len(text)).
    """
    folded = fold(text)
    chars = [" "]
    offsets = [0]
    for i, ch in enumerate(folded):
        if ch.isalnum():
            chars.append(ch)
            offsets.append(i)
        elif unicodedata.combining(ch) or (ch == "'" and not _is_possessive(folded, i)):
            continue
        elif chars[-1] != " ":
            chars.append(" ")
            offsets.append(i)
    if chars[-1] != " ":
        chars.append(" ")
        offsets.append(len(text))
    return "".join(chars), offsets


def _is_possessive(folded: str, i: int) -> bool:
    """True for the apostrophe of "'s" at the end of a word (Kyiv's), not one inside a name."""
    return folded[i + 1 : i + 2] == "s" and not folded[i + 2 : i + 3].isalnum()


@lru_cache(maxsize=200_000)
def name_key(name: str) -> str:
    """The lookup key of a name: folded, apostrophes dropped, separators collapsed to single spaces."""
    return key_text(name)[0].strip()


# ---------------------------------------------------------------------------------------------------
# Cyrillic -> Latin

_UK_MAP = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "ж": "zh", "з": "z",
    "и": "y", "і": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch",
    "ь": "", "є": "ie", "ї": "i", "й": "i", "ю": "iu", "я": "ia",
    # Russian-only letters in a mixed name, so the output is still Latin
    "ё": "io", "ы": "y", "э": "e", "ъ": "",
}  # fmt: skip
_UK_INITIAL = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}

_RU_MAP = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch",
    "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
    # Ukrainian letters in a mixed name
    "і": "i", "ї": "yi", "є": "ye", "ґ": "g",
}  # fmt: skip
_RU_VOWELS = frozenset("аеёиоуыэюяіїєьъ")
_UK_ONLY = frozenset("іїєґ")
_RU_ONLY = frozenset("ёыэъ")
_CYRILLIC_RE = re.compile(r"[\u0400-\u04FF]")


def _recase(latin: str, cyrillic_char: str, *, next_upper: bool) -> str:
    """Give romanised letters the case of the Cyrillic letter they came from (Щ -> Shch, ЩУКА -> SHCHUKA)."""
    if not cyrillic_char.isupper() or not latin:
        return latin
    return latin.upper() if next_upper else latin[0].upper() + latin[1:]


def _is_initial(text: str, i: int) -> bool:
    """Start of a word for the Ukrainian rules: after a non-letter that is not an apostrophe."""
    return i == 0 or not (text[i - 1].isalpha() or text[i - 1] in APOSTROPHES)


def translit_uk(text: str) -> str:
    """Romanise Ukrainian Cyrillic by the national system of 2010 (Київ -> Kyiv, Запоріжжя -> Zaporizhzhia).

    This is the system of Ukraine's official English place names, hence of most current reporting.
    """
    out: list[str] = []
    for i, ch in enumerate(text):
        low = ch.lower()
        if ch in APOSTROPHES:
            continue
        if low == "г" and i > 0 and text[i - 1].lower() == "з":
            latin = "gh"  # зг -> zgh, so that it is not read as the digraph zh
        elif low in _UK_INITIAL and _is_initial(text, i):
            latin = _UK_INITIAL[low]
        else:
            latin = _UK_MAP.get(low, low)  # not Cyrillic: kept, and `_recase` restores its case
        out.append(_recase(latin, ch, next_upper=_next_is_upper(text, i)))
    return "".join(out)


def _next_is_upper(text: str, i: int) -> bool:
    """Whether the letter at `i` is inside an all-capital word (so Щ becomes SHCH, not Shch)."""
    if i + 1 < len(text) and text[i + 1].isalpha():
        return text[i + 1].isupper()
    return i > 0 and text[i - 1].isupper()


RussianStyle = Literal["plain", "bgn"]


def translit_ru(text: str, *, style: RussianStyle = "plain") -> str:
    """Romanise Russian Cyrillic the way English news does (Харьков -> Kharkov, Николаев -> Nikolaev).

    `style="bgn"` writes е as "ye" after a vowel or soft sign and at the start of a word, ё as "yo",
    and -ий/-ый as -iy/-yy (Nikolayev, Zaporozhye, Khmelnitskiy); "plain" writes e, e and -y
    (Nikolaev, Zaporozhe, Khmelnitsky). Both occur in reporting, so the index carries both.
    """
    out: list[str] = []
    for i, ch in enumerate(text):
        low = ch.lower()
        latin = _ru_letter(text, i, low, style)
        out.append(_recase(latin, ch, next_upper=_next_is_upper(text, i)))
    return "".join(out)


def _ru_letter(text: str, i: int, low: str, style: RussianStyle) -> str:
    """The romanisation of the Russian letter at `i` (given in lower case as `low`)."""
    prev = text[i - 1].lower() if i > 0 else " "
    at_end = i + 1 == len(text) or not text[i + 1].isalpha()
    if low == "й" and at_end and prev in "иы":
        return "" if style == "plain" else "y"  # Хмельницкий -> Khmelnitsky / Khmelnitskiy
    if low in "иы" and _ends_word_with_short_i(text, i):
        return "y" if style == "plain" or low == "ы" else "i"
    if style == "bgn" and low == "е" and (prev in _RU_VOWELS or not prev.isalpha()):
        return "ye"
    if style == "bgn" and low == "ё":
        return "yo"
    if low in APOSTROPHES:
        return ""
    return _RU_MAP.get(low, low)


def _ends_word_with_short_i(text: str, i: int) -> bool:
    """True when text[i] is the и/ы of a word-final -ий/-ый."""
    after = text[i + 2 : i + 3]
    return text[i + 1 : i + 2].lower() == "й" and not after.isalpha()


def has_cyrillic(text: str) -> bool:
    return _CYRILLIC_RE.search(text) is not None


def cyrillic_variants(name: str) -> set[str]:
    """Latin forms of a Cyrillic name: Ukrainian-system for Ukrainian spelling, news forms for Russian.

    A name with і/ї/є/ґ is Ukrainian, one with ё/ы/э/ъ is Russian; one with neither gets both
    treatments (Луганськ is Ukrainian, Луганск could be either).
    """
    if not has_cyrillic(name) or "ў" in name.lower():  # Belarusian: no system here, skip
        return set()
    letters = set(name.lower())
    out: set[str] = set()
    if not letters & _RU_ONLY:
        out.add(translit_uk(name))
    if not letters & _UK_ONLY:
        out.update(translit_ru(name, style=s) for s in ("plain", "bgn"))
    return {v for v in out if v and not has_cyrillic(v)}


# ---------------------------------------------------------------------------------------------------
# Latin <-> Latin: Ukrainian-style and Russian-style romanisations of the same place

# Each rule is one habit of the Russian-style spelling; applied to folded, lower-case names.
_TO_RUSSIAN_STYLE: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"(?:(?<![kzcsh])|(?<=zh))h", "g"),  # Luhansk -> Lugansk, Uzhhorod -> Uzhgorod; kh zh ch sh stay
        (r"(?<=[^aeiouy])iv(?=\b|sk)", "ov"),  # Kharkiv -> Kharkov, Ivano-Frankivsk -> Ivano-Frankovsk
        (r"(?<=[^aeiouy])ivka\b", "ovka"),  # Horlivka -> Gorlovka
        (r"\b(\w)yiv\b", r"\1iev"),  # Kyiv -> Kiev
        (r"aiv\b", "aev"),  # Mykolaiv -> Mykolaev
        (r"\bmykola", "nikola"),  # Mykolaiv -> Nikolaev
        (r"iiv", "eev"),  # Makiivka -> Makeevka, Avdiivka -> Avdeevka
        (r"yi\b", "y"),  # Khmelnytskyi -> Khmelnytsky
        (r"y(?=[^aeiouy\W])", "i"),  # Zhytomyr -> Zhitomir, Lysychansk -> Lisichansk
        (r"(?<=[^aeiouy])i([au])", r"y\1"),  # Berdiansk -> Berdyansk, Izium -> Izyum
        (r"zhzhia\b", "zhye"),  # Zaporizhzhia -> Zaporizhye
        (r"zhzh", "zh"),
        (r"tsia\b", "tsa"),  # Vinnytsia -> Vinnytsa
        (r"tsi\b", "tsy"),  # Chernivtsi -> Chernivtsy
        (r"pil\b", "pol"),  # Ternopil -> Ternopol, Boryspil -> Boryspol
        (r"(?<=[aeiou])s(?=[aeiouy]\b)", "ss"),  # Odesa -> Odessa, Cherkasy -> Cherkassy
        (r"(?<=[^aeiouy ])ie\b", "ye"),  # Nyzhnie -> Nyzhnye, Verkhnie -> Verkhnye
        (r"(?<=[aeiou])i(?![aeu])", "y"),  # й after a vowel: Maiorsk -> Mayorsk, Zaitseve -> Zaytseve
        (r"(?<=[oe]v)e\b", "o"),  # nouns: Lohvynove -> Logvinovo, Zhabycheve -> Zhabichevo
        (r"(?<=[^aeiouy ])e\b", "oye"),  # adjectives: Bohuslavske -> Boguslavskoye, Vodiane -> Vodyanoye
        (r"(?<=[^aeiouy ])e\b", "oe"),  # Opytne -> Opytnoe
    )
)

_TO_UKRAINIAN_STYLE: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"(?<!n)g", "h"),  # Lugansk -> Luhansk (ng stays: not a Slavic г)
        (r"(?<=[^aeiouy])ov\b", "iv"),  # Kharkov -> Kharkiv
        (r"(?<=[^aeiouy])ovka\b", "ivka"),  # Gorlovka -> Horlivka
        (r"\bnikola", "mykola"),
        (r"aev\b", "aiv"),  # Nikolaev -> Mykolaiv
        (r"ssa\b", "sa"),  # Odessa -> Odesa
        (r"(?<=[^aeiouy ])(?:oye|oe)\b", "e"),  # Petrovskoye -> Petrovske, Vodyanoye -> Vodyane
        (r"(?<=[oe]v)o\b", "e"),  # Logvinovo -> Logvinove
        (r"(?<=[^aeiouy ])ye\b", "ie"),  # Nyzhnye -> Nyzhnie
        (r"(?<=[aeiou])y", "i"),  # Mayorsk -> Maiorsk, Zaytsevo -> Zaitsevo
    )
)


def _apply_rules(name: str, rules: Iterable[tuple[re.Pattern[str], str]]) -> set[str]:
    """Each rule alone, and all rules in turn: the habits occur singly and together in real spellings."""
    key = name_key(name)
    variants: set[str] = set()
    combined = key
    for pattern, replacement in rules:
        single = pattern.sub(replacement, key)
        if single != key:
            variants.add(single)
        combined = pattern.sub(replacement, combined)
    variants.add(combined)
    variants.discard(key)
    return {v for v in variants if len(v) >= 4}


def russian_style(name: str) -> set[str]:
    """Russian-style Latin keys for a Ukrainian-style name (Chernihiv -> chernigov, chernigiv, ...).

    Returns folded keys, not display names; meant for Ukrainian places only.
    """
    return _apply_rules(name, _TO_RUSSIAN_STYLE)


def ukrainian_style(name: str) -> set[str]:
    """Ukrainian-style Latin keys for a Russian-style name (Lugansk -> luhansk); Ukrainian places only."""
    return _apply_rules(name, _TO_UKRAINIAN_STYLE)


def spelling_variants(name: str) -> set[str]:
    """Every extra key for a Ukrainian place name: romanised Cyrillic, or Latin restyled both ways."""
    if has_cyrillic(name):
        return {name_key(v) for v in cyrillic_variants(name)}
    return russian_style(name) | ukrainian_style(name)
