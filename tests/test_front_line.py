"""front_line: which side of the 2015-2022 contact line a place lay on, and who fired by that convention."""

from __future__ import annotations

from datetime import date

import pytest

from sitrep.models import Place, PlaceKind, Span
from sitrep.stages.actor_names import NAF, UKRAINE
from sitrep.stages.front_line import held_by_separatists, sides_by_front_line


@pytest.mark.parametrize(
    ("town", "lat", "lon", "separatist"),
    [
        ("Donetsk", 48.00, 37.80, True),
        ("Makiivka", 48.05, 37.96, True),
        ("Horlivka", 48.30, 38.02, True),
        ("Debaltseve", 48.34, 38.40, True),
        ("Luhansk", 48.57, 39.31, True),
        ("Novoazovsk", 47.11, 38.09, True),
        ("Mariupol", 47.10, 37.54, False),
        ("Avdiivka", 48.14, 37.75, False),
        ("Toretsk", 48.40, 37.85, False),
        ("Popasna", 48.63, 38.37, False),
        ("Shchastia", 48.74, 39.23, False),
        ("Kramatorsk", 48.72, 37.55, False),
        ("Kyiv", 50.45, 30.52, False),
    ],
)
def test_towns_of_known_side(town: str, lat: float, lon: float, separatist: bool) -> None:
    assert held_by_separatists(lat, lon) is separatist, town


def place(lat: float, lon: float, admin1: str = "Donetsk Oblast") -> Place:
    return Place("X", "Ukraine", lat, lon, PlaceKind.VILLAGE, 2, Span(0, 1), admin1=admin1)


def test_fire_near_a_place_is_the_other_sides() -> None:
    before = date(2022, 2, 1)
    assert sides_by_front_line(battle=False, place=place(48.14, 37.75), published=before) == (NAF, "")
    assert sides_by_front_line(battle=True, place=place(48.30, 38.02), published=before) == (UKRAINE, NAF)


@pytest.mark.parametrize(
    ("where", "published"),
    [
        (place(48.14, 37.75), date(2022, 3, 1)),  # after the invasion the line moved
        (place(50.45, 30.52, "Kyiv City"), date(2022, 2, 1)),  # not in Donbas
        (None, date(2022, 2, 1)),
    ],
)
def test_the_convention_applies_only_in_donbas_before_the_invasion(
    where: Place | None, published: date
) -> None:
    assert sides_by_front_line(battle=False, place=where, published=published) is None
