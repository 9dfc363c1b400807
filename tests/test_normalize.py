"""clean_text: glued quotes and names, HTML, entities, and what must be left alone."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitrep.stages.normalize import clean_text


@pytest.mark.parametrize(
    ("raw", "cleaned"),
    [
        ("around Chernigov.”the source noted.", "around Chernigov.” the source noted."),
        ("this has not happened”said the US official.", "this has not happened” said the US official."),
        ("the adviser said“We are ready”.", "the adviser said “We are ready”."),
        ("the entire Chernigov area”,which until now", "the entire Chernigov area”, which until now"),
    ],
)
def test_quotes_glued_to_words_are_pulled_apart(raw: str, cleaned: str) -> None:
    assert clean_text(raw) == cleaned


@pytest.mark.parametrize(
    ("raw", "cleaned"),
    [
        ("Oleksiy Arestovychassured this Wednesday", "Oleksiy Arestovych assured this Wednesday"),
        ("Zelenskysaid on Tuesday", "Zelensky said on Tuesday"),
        (
            "the country. last february 24specified the adviser",
            "the country. last february 24 specified the adviser",
        ),
    ],
)
def test_words_glued_to_names_and_numbers_are_split(raw: str, cleaned: str) -> None:
    assert clean_text(raw) == cleaned


@pytest.mark.parametrize(
    "text",
    [
        "Unsaid things. Reading the report. Misreported figures.",
        "Devastated residents returned. Reinstated officials. Overstated claims.",
        "Understated losses. Underreported deaths. Foretold attacks. Gainsaid by no one.",
        "At least 1,480 civilians were killed and 2,195 wounded.",
        "Mariúpol, Чернігів and Kharkiv.",
        "It’s “quoted” text, with a comma; and a semicolon.",
        "A 45-year-old man, 3.5 million people, at 5 pm.",
    ],
)
def test_ordinary_text_is_unchanged(text: str) -> None:
    assert clean_text(text) == text


def test_diacritics_are_kept() -> None:
    assert clean_text("the besieged Mariúpol, in the south") == "the besieged Mariúpol, in the south"


@pytest.mark.parametrize(
    ("raw", "cleaned"),
    [
        ("Tom &amp; Jerry", "Tom & Jerry"),
        ("Ukraine&#8217;s army", "Ukraine’s army"),
        ("Ukraine&amp;#8217;s army", "Ukraine’s army"),
        ("&lt;p&gt;Escaped markup&lt;/p&gt;", "Escaped markup"),
        ("fewer &lt;5 people", "fewer <5 people"),
    ],
)
def test_html_entities_are_decoded_layer_by_layer(raw: str, cleaned: str) -> None:
    assert clean_text(raw) == cleaned


def test_html_soup_keeps_only_visible_text() -> None:
    soup = (
        "<html><head><title>Site menu</title><style>p { color: red }</style></head><body>"
        "<script>window.track('x');</script><div><p>Kyiv was quiet &amp; calm.</p>"
        "<p>Sirens <b>sounded</b> twice.<br>No one was hurt.</p></div></body></html>"
    )
    assert clean_text(soup) == "Kyiv was quiet & calm.\n\nSirens sounded twice.\n\nNo one was hurt."


def test_white_space_is_tidied() -> None:
    assert clean_text("  One\u00a0 two\t\tthree \r\n\r\n\r\n\r\nFour  \n") == "One two three\n\nFour"


# Text made of the pieces the rules react to, so examples hit them often.
GLUE = [
    "said", "assured", "Arestovych", "Aaaa", "specified", "24", "7", "a", "Z", ".", ",", ";", "”", "“",
    "’", '"', "&", "#", "&amp;", "&lt;", "&gt;", "&#8217;", "&#13;", "&nbsp;", "<p>", "</p>", "<br>",
    "<b>", "<script>", "</script>", " ", "\n", "\r", "\t", "\xa0", "\u2009", "\u2028", "\u3000", "\x0b",
    "\x0c", "\x85",
]  # fmt: skip
TEXTS = st.one_of(st.text(max_size=80), st.lists(st.sampled_from(GLUE), max_size=30).map("".join))


@settings(max_examples=1500, deadline=None)
@given(TEXTS)
def test_clean_text_never_raises_and_is_idempotent(text: str) -> None:
    once = clean_text(text)
    assert clean_text(once) == once
