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


def test_a_quotation_continued_in_the_next_sentence_keeps_its_speaker(read_report: Any) -> None:
    text = "“Talks are going on,” Mykhailo Podolyak said. “They are hard, but there is hope for a truce.”"
    claims = claims_of(read_report, text)
    assert [(c["speaker"]["name"], c["text"][:9]) for c in claims] == [
        ("Mykhailo Podolyak", "Talks are"),
        ("Mykhailo Podolyak", "They are "),
    ]


def test_according_to_a_role_then_the_name_in_apposition(read_report: Any) -> None:
    text = "According to the regional governor, Oleh Synegubov, four civilians were killed at a market."
    claim = claims_of(read_report, text)[0]
    assert claim["speaker"]["name"] == "Oleh Synegubov"
    assert claim["text"].startswith("four civilians")


def test_a_participle_or_second_verb_shares_the_subject(read_report: Any) -> None:
    text = (
        "The General Staff dismissed reports that its troops had left Rubizhne, saying fighting was going on "
        "in the streets."
    )
    claims = claims_of(read_report, text)
    assert [(c["stance"], "General Staff" in c["speaker"]["organisation"]) for c in claims] == [
        ("denied", True),
        ("asserted", True),
    ]
    assert claims[0]["text"] == "its troops had left Rubizhne"


def test_a_pronoun_takes_the_person_named_since_the_last_claim(read_report: Any) -> None:
    text = (
        "The ministry said the port was open. Last week Angela Merkel defended her record on energy.\n\n"
        "“I do not blame myself for trying,” she said."
    )
    claims = claims_of(read_report, text)
    assert claims[-1]["speaker"]["name"] == "Angela Merkel"


def test_a_caption_before_the_speaker_is_not_part_of_it(read_report: Any) -> None:
    text = (
        "Photograph: Rex/Shutterstock\n\nResidents of three towns reported hearing loud explosions at night."
    )
    claims = claims_of(read_report, text)
    assert all("Photograph" not in " ".join(c["speaker"].values()) for c in claims)


def test_an_order_and_a_promise_are_intentions_a_process_is_a_forecast(read_report: Any) -> None:
    text = (
        "Moscow would drastically reduce its activity near Kyiv, the deputy minister said. The evacuation of "
        "the city will continue, the governor said."
    )
    assert [c["modality"] for c in claims_of(read_report, text)] == ["intention", "forecast"]


def test_a_closing_speaker_is_cut_from_the_content_before_it(read_report: Any) -> None:
    text = (
        "A missile hit a supermarket in Dnipro on Saturday, killing at least 18 people, regional governor "
        "Petro Lysenko said. Rockets struck the station in Kramatorsk on Friday, killing at least 30 people, "
        "the head of the regional military administration said."
    )
    claims = claims_of(read_report, text)
    assert [(c["speaker"]["name"], c["speaker"]["role"]) for c in claims] == [
        ("Petro Lysenko", "regional governor"),
        ("", "head of the regional military administration"),
    ]
    assert claims[0]["text"].endswith("killing at least 18 people")


def test_a_name_and_its_role_in_apposition_stay_one_speaker(read_report: Any) -> None:
    text = "The mayor of Kharkiv, Ihor Kovalenko, said the shelling had stopped overnight."
    claims = claims_of(read_report, text)
    assert [(c["speaker"]["name"], c["text"]) for c in claims] == [
        ("Ihor Kovalenko", "the shelling had stopped overnight")
    ]


def test_an_aim_named_inside_a_reported_fact_is_no_intention_of_the_claim(read_report: Any) -> None:
    text = (
        "The Russians have lost part of their offensive potential and are redeploying their troops in an "
        "attempt to continue the offensive in the east, the adviser said. After weeks of losses, Russia "
        "plans to encircle the city, the governor said."
    )
    assert [c["modality"] for c in claims_of(read_report, text)] == ["fact", "intention"]


def test_a_second_statement_joined_by_and_is_a_claim_of_its_own(read_report: Any) -> None:
    text = (
        "The army said on Tuesday that its forces had repelled an attack on a police base in Khartoum and"
        " denied that the paramilitary had seized the compound."
    )
    found = [(c["stance"], c["text"]) for c in claims_of(read_report, text)]
    assert found == [
        ("asserted", "its forces had repelled an attack on a police base in Khartoum"),
        ("denied", "the paramilitary had seized the compound"),
    ]


def test_a_clause_of_circumstance_after_the_speaker_still_closes_the_report(read_report: Any) -> None:
    text = (
        "At least 25 people were wounded in the attack on the factories, hospital officials said on Friday,"
        " as the city observed a day of mourning. Energy prices have surged, but the war has added a layer"
        " of difficulty, as the sanctions bite."
    )
    found = [(c["speaker"]["role"], c["text"]) for c in claims_of(read_report, text)]
    assert found == [("hospital officials", "At least 25 people were wounded in the attack on the factories")]
