"""Which side held a place in Donbas between the 2015 ceasefire line and the invasion of 24 February 2022,
and who fired, by ACLED's convention, when a report names no side.

Ceasefire monitors (the OSCE Special Monitoring Mission) report explosions and shots "near" a place and do
not say who fired. ACLED codes such an event to the side that does not hold the place (fire lands where
the enemy is): near a place the government held, the separatist forces fired; near a place the
separatists held, the Ukrainian military did. Fire "in both directions" is a clash between the two, the
side that does not hold the place first.

The areas the separatists held are drawn here as one polygon: the contact line, south to north, from the
Sea of Azov between Shyrokyne and Sakhanka, past Pavlopil, Dokuchaievsk, Marinka, Avdiivka and Yasynuvata,
Horlivka, Debaltseve, Popasna and Pervomaisk, Zolote, along the Siverskyi Donets past Shchastia and
Stanytsia Luhanska to the Russian border, closed through Russia and the sea. The vertices were placed by
hand between towns whose side is a matter of public record, to about two kilometres; places closer to the
line than that can fall on the wrong side.
"""

from __future__ import annotations

from datetime import date

from sitrep.models import Place
from sitrep.stages.actor_names import NAF, UKRAINE

INVASION = date(2022, 2, 24)
_DONBAS = ("Donetsk Oblast", "Luhansk Oblast")

# (lat, lon): the contact line south to north, then around the separatist-held side.
_HELD_BY_SEPARATISTS: tuple[tuple[float, float], ...] = (
    (47.085, 37.845),  # the coast between Shyrokyne and Sakhanka
    (47.15, 37.83),
    (47.21, 37.80),  # east of Hnutove
    (47.27, 37.82),  # east of Pavlopil
    (47.33, 37.83),  # east of Chermalyk
    (47.40, 37.72),
    (47.45, 37.66),  # the Kalmius at Hranitne
    (47.52, 37.63),
    (47.60, 37.62),
    (47.68, 37.63),  # between Novotroitske and Dokuchaievsk
    (47.76, 37.61),
    (47.83, 37.61),  # west of Olenivka
    (47.90, 37.57),
    (47.95, 37.55),  # between Marinka and Donetsk
    (48.01, 37.57),  # between Krasnohorivka and Staromykhailivka
    (48.06, 37.68),  # between Pisky and the airport
    (48.10, 37.74),
    (48.14, 37.79),  # between Avdiivka and Yasynuvata
    (48.19, 37.83),
    (48.24, 37.90),
    (48.28, 37.93),
    (48.32, 37.98),  # south of Niu-York and Pivdenne, north of Horlivka
    (48.35, 38.05),
    (48.38, 38.14),
    (48.40, 38.24),  # south of Svitlodarsk and Luhanske, north of Debaltseve
    (48.42, 38.32),
    (48.50, 38.37),
    (48.58, 38.42),
    (48.63, 38.46),  # between Popasna and Pervomaisk
    (48.67, 38.54),
    (48.69, 38.62),  # south of Zolote and Novotoshkivske
    (48.71, 38.72),
    (48.74, 38.85),  # the Siverskyi Donets south of Krymske
    (48.73, 39.00),
    (48.72, 39.15),
    (48.71, 39.25),  # south of Shchastia
    (48.69, 39.36),
    (48.65, 39.48),  # south of Stanytsia Luhanska
    (48.64, 39.62),
    (48.58, 39.82),
    (48.52, 40.10),  # the Russian border
    (48.00, 40.50),
    (47.20, 39.50),
    (47.00, 38.30),  # the Sea of Azov
    (47.00, 37.85),
)


def held_by_separatists(lat: float, lon: float) -> bool:
    """Whether a point lay on the separatist side of the contact line (ray casting over the polygon)."""
    inside = False
    vertices = _HELD_BY_SEPARATISTS
    for (lat1, lon1), (lat2, lon2) in zip(vertices, (*vertices[1:], vertices[0]), strict=True):
        if (lat1 > lat) != (lat2 > lat):
            crossing = lon1 + (lat - lat1) * (lon2 - lon1) / (lat2 - lat1)
            if lon < crossing:
                inside = not inside
    return inside


def sides_by_front_line(
    *, battle: bool, place: Place | None, published: date | None
) -> tuple[str, str] | None:
    """Who fired and at whom, by where it happened, for a Donbas event before the invasion that names
    no side: `(attacker, target)`, the target only for a battle. None where the convention does not
    apply (another region or country, or after 24 February 2022, when the line began to move)."""
    if place is None or published is None or published >= INVASION or place.admin1 not in _DONBAS:
        return None
    separatist_side = held_by_separatists(place.lat, place.lon)
    attacker, holder = (UKRAINE, NAF) if separatist_side else (NAF, UKRAINE)
    return attacker, holder if battle else ""
