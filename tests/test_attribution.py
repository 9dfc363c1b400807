"""Claims on hand-written reports (more shapes in tests/cases/)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sitrep import export


def claims_of(read_report: Any, text: str) -> list[dict[str, Any]]:
    return list(export.reading_json(read_report(text, published=date(2022, 4, 7)))["claims"])


def test_a_surname_alone_is_a_name(read_report: Any) -> None:
    claims = claims_of(read_report, "The sanctions are working, Macron said on Tuesday.")
    assert [(c["speaker"]["name"], c["said"]["start"]) for c in claims] == [("Macron", "2022-04-05")]


def test_first_person_inside_a_quote_is_not_a_new_speaker(read_report: Any) -> None:
    text = "“I think we will hold the city,” the mayor said. “We have enough food,” he added."
    claims = claims_of(read_report, text)
    assert {c["speaker"]["role"] for c in claims} == {"mayor"}
    assert len(claims) == 2


def test_appositive_name_and_role_and_a_later_reference(read_report: Any) -> None:
    text = (
        "Two missiles hit a depot in Dnipro on Monday, Oksana Melnyk, a spokeswoman for the city council, "
        "said.\n\n“The fire is out,” the spokeswoman added."
    )
    claims = claims_of(read_report, text)
    assert [c["speaker"]["name"] for c in claims] == ["Oksana Melnyk", "Oksana Melnyk"]
    assert claims[0]["speaker"]["role"] == "spokeswoman for the city council"


def test_according_to_an_institution(read_report: Any) -> None:
    text = "At least 12 civilians were killed last week, according to the UN human rights monitoring mission."
    claim = claims_of(read_report, text)[0]
    assert claim["verb"] == "according to"
    assert "human rights monitoring mission" in claim["speaker"]["organisation"]


def test_reports_disputed_inside_a_statement(read_report: Any) -> None:
    text = (
        "“There are open source reports of Ukrainian troops leaving Izium, but we assess that this has not "
        "happened,” a senior US defense official said."
    )
    stances = sorted(c["stance"] for c in claims_of(read_report, text))
    assert stances == ["disputed", "reported"]


def test_a_denial(read_report: Any) -> None:
    claims = claims_of(read_report, "The ministry denied that its forces had shelled the hospital.")
    assert [(c["stance"], c["speaker"]["role"]) for c in claims] == [("denied", "ministry")]
