"""Text clean-up for what real feeds contain, before anything is read.

HTML tags and entities are removed, white space is tidied, and words glued to quotes (`”said`,
`Chernigov.”the source`) or to a following lower-case word after a name (`Arestovychassured`) are pulled
apart. Diacritics stay in the text (matching folds them); every later span points into the cleaned text.
"""

from __future__ import annotations

import html
import re
from dataclasses import replace
from html.parser import HTMLParser

from sitrep.pipeline import Doc, DocStage

_TAG_HINT = re.compile(r"<\s*(p|div|br|span|a|html|body|script|style|li|h[1-6])\b", re.I)
_SPACES = re.compile(r"[ \t\u00a0\u2009\u202f]+")
_BLANK_LINES = re.compile(r"\n\s*\n\s*(\n\s*)+")
# A closing quote directly followed by a word: “...Chernigov.”the source -> “...Chernigov.” the source
_QUOTE_THEN_WORD = re.compile(r"([”’\"](?=\w)(?<=[.,!?…][”’\"]))|(”(?=\w))")
# A word directly followed by an opening quote: said“We -> said “We
_WORD_THEN_QUOTE = re.compile(r"(?<=\w)(“)")
# Sentence end glued to the next sentence: "24specified" -> "24 specified"; "area”,which" -> "area”, which"
_DIGIT_THEN_WORD = re.compile(r"(?<=[a-z]\s\d)(?=[a-z]{3,})|(?<=\d\d)(?=[a-z]{4,}\b)")
_PUNCT_THEN_WORD = re.compile(r"(?:(?<=[a-z][,;])|(?<=[a-z][”’][,;]))(?=[A-Za-z]{2,})")
# A name glued to the reporting verb after it: "Oleksiy Arestovychassured" -> "Arestovych assured"
_REPORTING_VERBS = (
    "said|says|assured|stated|told|added|noted|claimed|specified|reported|warned|announced|insisted"
    "|confirmed|denied|explained|declared|stressed|wrote|tweeted"
)
_NAME_THEN_VERB = re.compile(rf"\b([A-Z][a-z]{{3,}}?)({_REPORTING_VERBS})\b")
# English words that look like a name of four letters or more glued to one of those verbs ("Unsaid" and
# "Restated" are safe already: their first part is too short to be taken for a name).
_WORDS_ENDING_IN_A_VERB = frozenset({
    "aforesaid", "foresaid", "gainsaid", "gainsays", "soothsays", "foretold", "forewarned", "footnoted",
    "devastated", "reinstated", "overstated", "understated", "overreported", "underreported",
    "overstressed", "overwrote", "underwrote", "ghostwrote", "overspecified", "underspecified",
    "overclaimed", "underclaimed",
})  # fmt: skip


class _TextOnly(HTMLParser):
    _BLOCK = frozenset({"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section"})
    _SKIP = frozenset({"script", "style", "head", "title"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self.skipping += 1
        elif tag in self._BLOCK:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self._BLOCK:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def strip_html(text: str) -> str:
    parser = _TextOnly()
    parser.feed(text)
    parser.close()
    return "".join(parser.parts)


def _split_name_verb(match: re.Match[str]) -> str:
    name, verb = match.groups()
    if match.group(0).lower() in _WORDS_ENDING_IN_A_VERB:
        return match.group(0)
    # The name part may itself end in a glued verb ("...saidsaid"); split it now, not on a second run.
    return f"{_NAME_THEN_VERB.sub(_split_name_verb, name)} {verb}"


def clean_text(text: str) -> str:
    """The cleaned text that every span refers to."""
    # Line ends after decoding: "&#13;" is a carriage return too.
    text = _decode_html(text).replace("\r\n", "\n").replace("\r", "\n")
    # White space is tidied first too, so the glue rules see what a second run would see (idempotence).
    text = _tidy_spaces(text)
    text = _QUOTE_THEN_WORD.sub(lambda m: m.group(0) + " ", text)
    text = _WORD_THEN_QUOTE.sub(r" \1", text)
    text = _DIGIT_THEN_WORD.sub(" ", text)
    text = _PUNCT_THEN_WORD.sub(" ", text)
    text = _NAME_THEN_VERB.sub(_split_name_verb, text)
    return _tidy_spaces(text)


def _decode_html(text: str) -> str:
    # Feeds escape HTML in layers ("&amp;#8217;", "&lt;p&gt;"): decode until nothing is left, so a second
    # clean-up finds nothing more to do. Every real decoding step shortens the text, which bounds the loop.
    while True:
        decoded = strip_html(text) if _TAG_HINT.search(text) else html.unescape(text)
        if len(decoded) >= len(text):
            return text
        text = decoded


def _tidy_spaces(text: str) -> str:
    text = _SPACES.sub(" ", text)
    text = "\n".join(line.strip() for line in text.split("\n"))
    return _BLANK_LINES.sub("\n\n", text).strip()


class Normalize(DocStage):
    name = "normalize"
    requires = ("article",)
    assigns = ("article",)

    def process(self, doc: Doc) -> None:
        doc.article = replace(doc.article, text=clean_text(doc.article.text))
