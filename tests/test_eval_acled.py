"""The ACLED scorer: its arithmetic on a hand-made file, and the pipeline on the real Q1 2022 export."""

from __future__ import annotations

import csv
from datetime import timedelta
from pathlib import Path

import pytest

from sitrep.evaluate.acled import (
    AcledRow,
    Prediction,
    evaluate_acled,
    read_acled,
    same_admin1,
    score,
    select_rows,
    split_of,
)
from sitrep.models import Place, PlaceKind, Span
from sitrep.settings import Settings
from tests.conftest import shared_file

ACLED_Q1 = "acled/acled_ukraine_2022-01-01_to_2022-03-31.csv"
COLUMNS = (
    "event_id_cnty event_date event_type sub_event_type actor1 actor2 admin1 location latitude longitude "
    "geo_precision notes fatalities"
).split()
ROWS = [
    # A shelling with no target named, near a town.
    ("XYZ101", "02 March 2022", "Explosions/Remote violence", "Shelling/artillery/missile attack",
     "Military Forces of Russia (2000-)", "", "Kharkiv", "Kharkiv", "49.9935", "36.2304", "1",
     "On 2 March 2022, Russian forces shelled Kharkiv. Two civilians were killed.", "2"),
    ("XYZ102", "03 March 2022", "Battles", "Armed clash", "Military Forces of Ukraine (2019-)",
     "Military Forces of Russia (2000-)", "Sumy", "Sumy", "50.9077", "34.7981", "2",
     "On 3 March 2022, Ukrainian forces clashed with Russian forces near Sumy.", "0"),
    ("XYZ103", "04 March 2022", "Protests", "Peaceful protest", "Protesters (Ukraine)", "", "Lviv",
     "Lviv", "49.8397", "24.0297", "1", "On 4 March 2022, residents protested in Lviv.", "0"),
    ("XYZ105", "05 March 2022", "Protests", "Peaceful protest", "Protesters (Ukraine)", "", "Lviv",
     "Lviv", "49.8397", "24.0297", "1", "On 5 March 2022, residents protested in Lviv.", "0"),
]  # fmt: skip


def _place(name: str, admin1: str, lat: float, lon: float) -> Place:
    return Place(name, "UA", lat, lon, PlaceKind.CITY, 1, Span(0, 1), admin1=admin1)


@pytest.fixture
def tiny_file(tmp_path: Path) -> Path:
    path = tmp_path / "acled.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(COLUMNS)
        writer.writerows(ROWS)
    return path


def test_split_holds_out_ids_divisible_by_five(tiny_file: Path) -> None:
    rows = read_acled(tiny_file)
    assert [split_of(r) for r in rows] == ["dev", "dev", "dev", "test"]
    assert [r.event_id for r in select_rows(rows, split="dev", limit=2)] == ["XYZ101", "XYZ102"]
    assert len(select_rows(rows, split="all", limit=None)) == 4


def test_scorer_arithmetic(tiny_file: Path) -> None:
    rows: list[AcledRow] = select_rows(read_acled(tiny_file), split="dev", limit=None)
    predictions = [
        # right type, sub-type and actors; 1 killed instead of 2; the place 10 km off, region spelt long
        Prediction(
            "Explosions/Remote violence",
            "Shelling/artillery/missile attack",
            "Military Forces of Russia (2000-)",
            "",
            1,
            _place("Kharkiv", "Kharkiv Oblast", 50.08, 36.23),
            occurred=(rows[0].published, rows[0].published),
        ),
        # shelling instead of a clash, actors swapped, Kyiv instead of Sumy
        Prediction(
            "Explosions/Remote violence",
            "Shelling/artillery/missile attack",
            "Military Forces of Russia (2000-)",
            "Military Forces of Ukraine (2019-)",
            0,
            _place("Kyiv", "Kyiv City", 50.45, 30.52),
            occurred=(rows[1].published - timedelta(days=6), rows[1].published),  # a week: not the day
        ),
        Prediction(),  # nothing read: wrong type, right (empty) actor2, 0 fatalities, no place
    ]
    m = score(rows, predictions)
    assert m["rows"] == 3 and m["no_event"] == 1
    assert m["event_type_accuracy"] == pytest.approx(1 / 3)
    assert m["sub_event_type_accuracy"] == pytest.approx(1 / 3)
    # Shelling F1 = 2*1/(2*1+1+0) = 2/3; clash and protest 0: mean over the three gold labels.
    assert m["sub_event_type_macro_f1"] == pytest.approx((2 / 3) / 3)
    assert m["actor1_accuracy"] == pytest.approx(1 / 3)
    assert m["actor2_accuracy"] == pytest.approx(2 / 3)
    assert m["fatalities_exact"] == pytest.approx(2 / 3)
    assert m["fatalities_mae"] == pytest.approx(1 / 3)
    assert m["event_date_exact"] == pytest.approx(1 / 3)
    assert m["location_within_25km"] == pytest.approx(1 / 3)
    assert m["location_by_geo_precision"]["1"] == {"rows": 2, "within_25km": 0.5}
    assert m["admin1_accuracy"] == pytest.approx(1 / 3)
    assert m["sub_event_type_confusion"]["Armed clash"] == {"Shelling/artillery/missile attack": 1}
    assert m["event_type_confusion"]["Protests"] == {"(no event)": 1}


def test_region_names_match_loosely() -> None:
    assert same_admin1("Donetsk", "Donetsk Oblast")
    assert same_admin1("Odesa", "Odessa")
    assert same_admin1("Kyiv", "Kiev")
    assert same_admin1("Zaporizhia", "Zaporizhzhia")
    assert not same_admin1("Kyiv City", "Kyiv")
    assert not same_admin1("Lviv", "Kyiv")
    assert not same_admin1("Donetsk", "")


@pytest.mark.reference
def test_reads_forty_dev_rows_of_acled_q1() -> None:
    path = shared_file(ACLED_Q1)
    m = evaluate_acled(path, settings=Settings.from_env(), limit=40, split="dev")
    assert m["rows"] == 40 and m["rejected"] == 0
    # Floors well under the measured figures, so that a broken stage fails and noise does not.
    assert m["event_type_accuracy"] >= 0.8
    assert m["actor1_accuracy"] >= 0.4
    assert m["fatalities_exact"] >= 0.85


@pytest.mark.slow
@pytest.mark.reference
def test_whole_dev_split_of_acled_q1() -> None:
    path = shared_file(ACLED_Q1)
    m = evaluate_acled(path, settings=Settings.from_env(), limit=None, split="dev")
    assert m["rows"] > 3000 and m["rejected"] == 0
    assert m["event_type_accuracy"] >= 0.93
    assert m["sub_event_type_accuracy"] >= 0.9
    assert m["sub_event_type_macro_f1"] >= 0.8
    assert m["actor1_accuracy"] >= 0.8
    assert m["actor2_accuracy"] >= 0.8
    assert m["fatalities_exact"] >= 0.95
