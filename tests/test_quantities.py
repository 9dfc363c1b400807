"""find_quantities and parse_number: counts of people, their bound and category; other numbers ignored."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitrep.models import Bound, Quantity
from sitrep.stages.quantities import find_quantities, is_stated, parse_number


def counts(text: str) -> list[tuple[int, int | None, Bound, str, str, str]]:
    return [
        (q.value, q.high, q.bound, q.category, q.population, _words(text, q)) for q in find_quantities(text)
    ]


def _words(text: str, q: Quantity) -> str:
    return text[q.span.start : q.span.end]


KILLED, WOUNDED, DISPLACED = "killed", "wounded", "displaced"


@pytest.mark.parametrize(
    ("text", "words", "expected"),
    [
        (
            "At least 1,480 Ukrainian civilians have died",
            "1,480",
            (1480, None, Bound.AT_LEAST, KILLED, "civilians"),
        ),
        ("which also counts 2,195 wounded", "2,195", (2195, None, Bound.EXACT, WOUNDED, "")),
        ("dozens were injured", "dozens", (12, None, Bound.EXACT, WOUNDED, "")),
        ("hundreds of people fled", "hundreds", (100, None, Bound.EXACT, DISPLACED, "civilians")),
        (
            "between 10 and 15 soldiers were killed",
            "between 10 and 15",
            (10, 15, Bound.RANGE, KILLED, "soldiers"),
        ),
        ("10-15 soldiers were killed", "10-15", (10, 15, Bound.RANGE, KILLED, "soldiers")),
        ("up to 300 people were killed", "300", (300, None, Bound.AT_MOST, KILLED, "civilians")),
        ("up to 300 people fled the town", "300", (300, None, Bound.AT_MOST, DISPLACED, "civilians")),
        ("about 40 people were detained", "40", (40, None, Bound.ABOUT, "detained", "civilians")),
        ("nearly 100 children have been killed", "100", (100, None, Bound.ABOUT, KILLED, "children")),
        (
            "over 3.5 million people have fled",
            "3.5 million",
            (3_500_000, None, Bound.AT_LEAST, DISPLACED, "civilians"),
        ),
        ("twenty-five civilians were killed", "twenty-five", (25, None, Bound.EXACT, KILLED, "civilians")),
        ("a dozen people were killed", "a dozen", (12, None, Bound.EXACT, KILLED, "civilians")),
        (
            "hundreds of thousands of people fled",
            "hundreds of thousands",
            (100_000, None, Bound.EXACT, DISPLACED, "civilians"),
        ),
        ("tens of thousands have fled", "tens of thousands", (10_000, None, Bound.EXACT, DISPLACED, "")),
    ],
)
def test_counts_of_people(text: str, words: str, expected: tuple[int, int | None, Bound, str, str]) -> None:
    (quantity,) = find_quantities(text)
    assert (quantity.value, quantity.high, quantity.bound, quantity.category, quantity.population) == expected
    assert text[quantity.span.start : quantity.span.end] == words


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("killing four civilians and wounding 11", [(4, Bound.EXACT, KILLED), (11, Bound.EXACT, WOUNDED)]),
        (
            "killing at least six civilians and wounding 14",
            [(6, Bound.AT_LEAST, KILLED), (14, Bound.EXACT, WOUNDED)],
        ),
        ("Five people died and 12 were wounded", [(5, Bound.EXACT, KILLED), (12, Bound.EXACT, WOUNDED)]),
    ],
)
def test_two_counts_in_one_clause(text: str, expected: list[tuple[int, Bound, str]]) -> None:
    assert [(q.value, q.bound, q.category) for q in find_quantities(text)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "A 45-year-old man was arrested.",
        "The front moved 3 km overnight, where fighting killed many.",
        "In 2022 the war killed many.",
        "At 5 pm the sirens sounded and a school was hit, killing many.",
        "Russia has lost 2,000 tanks.",
        "2,000 tanks were captured.",
        "4 villages were captured.",
        "at least 30 armoured vehicles were destroyed or captured",
        "He was 45 years old when he was killed.",
    ],
)
def test_numbers_that_are_not_counts_of_people_are_ignored(text: str) -> None:
    assert find_quantities(text) == []


def test_counts_of_people_beside_other_numbers() -> None:
    text = "Three missiles killed 20 people and 2,000 tanks were lost, 3 km away 4 soldiers were captured."
    assert counts(text) == [
        (20, None, Bound.EXACT, "killed", "civilians", "20"),
        (4, None, Bound.EXACT, "detained", "soldiers", "4"),
    ]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("0", 0),
        ("1480", 1480),
        ("1,480", 1480),
        ("1,000,000", 1_000_000),
        ("twenty-five", 25),
        ("twenty five", 25),
        ("3.5 million", 3_500_000),
        ("a dozen", 12),
        ("two dozen", 24),
        ("dozens", 12),
        ("hundreds", 100),
        ("two thousand three hundred", 2300),
        ("five hundred thousand", 500_000),
        ("tens of thousands", 10_000),
    ],
)
def test_parse_number(text: str, value: int) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["", "many", "several", "1,2,3 go"])
def test_parse_number_refuses_what_is_no_number(text: str) -> None:
    assert parse_number(text) is None


@settings(max_examples=1000, deadline=None)
@given(st.integers(min_value=0, max_value=10**7))
def test_parse_number_round_trips_digits(n: int) -> None:
    assert parse_number(str(n)) == n
    assert parse_number(f"{n:,}") == n


PIECES = [
    "killed", "killing", "wounded", "at least", "up to", "between", "and", "to", "-", "1,480", "twenty",
    "five", "dozens", "of", "thousands", "people", "civilians", "tanks", "were", "3.5", "million", "a",
    ",", ".", "10", "45-year-old", "km", "2022",
]  # fmt: skip
TEXTS = st.one_of(st.text(max_size=120), st.lists(st.sampled_from(PIECES), max_size=18).map(" ".join))


@settings(max_examples=800, deadline=None)
@given(TEXTS)
def test_find_quantities_never_raises(text: str) -> None:
    for q in find_quantities(text):
        assert 0 <= q.span.start < q.span.end <= len(text)
        assert q.value >= 0
        assert q.high is None or q.bound is Bound.RANGE


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The driver was wounded.", [(1, WOUNDED, "civilians")]),
        ("Russian soldiers shot dead an unarmed civilian.", [(1, KILLED, "civilians")]),
        ("A Ukrainian soldier was killed near Popasna.", [(1, KILLED, "soldiers")]),
        ("killing a 14-year-old child and wounding 3", [(1, KILLED, "children"), (3, WOUNDED, "")]),
        ("One person was killed and another one was wounded.", [(1, KILLED, "civilians"), (1, WOUNDED, "")]),
        ("Five people, including two children, were hurt.", [(5, WOUNDED, "civilians")]),
    ],
)
def test_one_person_named_by_a_noun_is_a_count_of_one(
    text: str, expected: list[tuple[int, str, str]]
) -> None:
    assert [(q.value, q.category, q.population) for q in find_quantities(text)] == expected


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Unspecified fatalities coded as 10.", 10),
        ("Dozens of soldiers were killed [coded as 12].", 12),
        ("Around 300 soldiers were killed in the region [300 fatalities split among 5 events].", 60),
        ("Two people died in the region [5 fatalities split among 6 events].", 1),
    ],
)
def test_a_figure_the_report_states_is_read_as_stated(text: str, value: int) -> None:
    stated = [q for q in find_quantities(text) if is_stated(text, q)]
    assert [q.value for q in stated] == [value]
    assert all(q.category == KILLED for q in stated)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The emergency service put the death toll at 15.", (15, Bound.EXACT, KILLED, "", "15")),
        (
            "a monitor said, putting the number of dead at 11, among them four children",
            (11, Bound.EXACT, KILLED, "", "11"),
        ),
        ("The toll rose to 23 overnight.", (23, Bound.EXACT, KILLED, "", "23")),
        (
            "The death toll from the strike on the station has risen to at least 45.",
            (45, Bound.AT_LEAST, KILLED, "", "45"),
        ),
        ("bringing the death toll to forty-one", (41, Bound.EXACT, KILLED, "", "forty-one")),
        ("The number of injured rose to 12 by the evening.", (12, Bound.EXACT, WOUNDED, "", "12")),
        ("The blast claimed 14 lives.", (14, Bound.EXACT, KILLED, "", "14")),
        ("The shelling claimed the lives of nine civilians.", (9, Bound.EXACT, KILLED, "civilians", "nine")),
    ],
)
def test_a_toll_named_by_its_noun(text: str, expected: tuple[int, Bound, str, str, str]) -> None:
    (quantity,) = find_quantities(text)
    assert (
        quantity.value,
        quantity.bound,
        quantity.category,
        quantity.population,
        _words(text, quantity),
    ) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The toll on the economy rose in 2022.",
        "The number of refugees reached a peak.",
        "The war took its toll.",
    ],
)
def test_a_toll_without_a_figure_of_people_is_no_count(text: str) -> None:
    assert find_quantities(text) == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("A tractor driver and his son died on Friday.", 2),
        ("A volunteer and a woman were killed.", 2),
        ("A civilian and a soldier were killed.", 2),  # "a soldier" is read as a number, not counted twice
    ],
)
def test_two_people_named_by_nouns_are_two(text: str, value: int) -> None:
    assert sum(q.value for q in find_quantities(text) if q.category == KILLED) == value
