"""The events stage on hand-written sentences (more shapes in tests/cases/)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from sitrep import export
from sitrep.stages.actor_names import CIVILIANS, NAF, RUSSIA, UKRAINE


def events_of(read_report: Any, text: str, published: date = date(2022, 4, 7)) -> list[dict[str, Any]]:
    reading = export.reading_json(read_report(text, published=published))
    return list(reading["events"])


def test_a_verbless_headline_does_not_hang_and_reads_nothing_odd(read_report: Any) -> None:
    # The clause walk must stop at the root of a fragment with no verb.
    events = events_of(read_report, "Mariupol siege, day 40.")
    assert [(e["sub_type"], e["status"], e["places"][0]["name"]) for e in events] == [
        ("Other", "ongoing", "Mariupol")
    ]


def test_one_sentence_two_clauses_two_attacks(read_report: Any) -> None:
    text = (
        "A Russian missile struck an apartment block in Kyiv on Monday, and shelling hit a market in Kharkiv."
    )
    events = events_of(read_report, text)
    assert sorted(p["name"] for e in events for p in e["places"]) == ["Kharkiv", "Kyiv"]
    assert all(len(e["places"]) == 1 for e in events)


def test_negated_capture_is_not_happened(read_report: Any) -> None:
    events = events_of(read_report, "Russian troops have not captured Huliaipole, the mayor said on Monday.")
    assert [(e["sub_type"], e["status"]) for e in events] == [
        ("Non-state actor overtakes territory", "not_happened")
    ]


def test_destination_and_dateline_are_not_event_places(read_report: Any) -> None:
    text = (
        " date 2022-04-07 Washington Russian forces withdrew from Bucha to Belarus, "
        "officials said on Tuesday."
    )
    events = events_of(read_report, text)
    assert [p["name"] for e in events for p in e["places"]] == ["Bucha"]
    assert events[0]["occurred"]["start"] == "2022-04-05"


def test_running_tally_is_not_event_casualties(read_report: Any) -> None:
    text = (
        "At least 1,480 civilians have been killed since the invasion began until April 4, according to "
        "the UN human rights office, which also counts 2,195 wounded."
    )
    reading = export.reading_json(read_report(text, published=date(2022, 4, 7)))
    assert not any(e["fatalities"] for e in reading["events"])
    tally = reading["tallies"][0]
    assert (tally["period"]["start"], tally["period"]["end"]) == ("2022-02-24", "2022-04-04")
    assert "human rights office" in tally["organisation"]


def test_small_arms_fire_is_a_clash_and_heavy_weapons_a_shelling(read_report: Any) -> None:
    clash = events_of(
        read_report, "On 3 May 2022, separatist fighters fired small arms at Ukrainian troops near Avdiivka."
    )
    shelling = events_of(
        read_report,
        "On 3 May 2022, Ukrainian forces fired grenade launchers at rebel positions near Horlivka.",
    )
    assert [(e["sub_type"], e["actor1"], e["actor2"]) for e in clash[:1]] == [("Armed clash", NAF, UKRAINE)]
    assert [(e["sub_type"], e["actor1"], e["actor2"]) for e in shelling[:1]] == [
        (
            "Shelling/artillery/missile attack",
            UKRAINE,
            NAF,
        )
    ]


def test_victims_counted_in_the_next_sentence_belong_to_the_event(read_report: Any) -> None:
    events = events_of(
        read_report, "On 4 May 2022, Russian forces shelled Vuhledar. Two civilians were killed."
    )
    assert [(e["actor2"], e["fatalities"]["value"]) for e in events] == [(CIVILIANS, 2)]


def test_a_protest_nobody_broke_up_has_no_second_actor(read_report: Any) -> None:
    events = events_of(
        read_report, "On 5 May 2022, local residents protested in Kherson against the Russian occupation."
    )
    assert [(e["sub_type"], e["actor1"], e["actor2"]) for e in events] == [
        ("Peaceful protest", "Protesters (Ukraine)", "")
    ]


def test_a_second_attack_on_another_day_is_not_merged_into_the_first(read_report: Any) -> None:
    text = (
        "Russian missiles hit a dormitory in Kharkiv overnight, killing five people, the governor said.\n\n"
        "The strike came days after a missile attack on a block in the city last Friday killed seven people."
    )
    events = events_of(read_report, text, published=date(2022, 8, 23))
    first = next(e for e in events if e["fatalities"] and e["fatalities"]["value"] == 5)
    assert len(first["evidence"]) == 1


def main_kind(read_report: Any, text: str, published: date = date(2022, 3, 10)) -> tuple[str, str, str]:
    events = events_of(read_report, text, published=published)
    happened = [e for e in events if e["status"] == "happened"] or events
    assert happened, f"no event read from {text!r}"
    return happened[0]["sub_type"], happened[0]["actor1"], happened[0]["actor2"]


@pytest.mark.parametrize(
    ("text", "sub_type"),
    [
        ("On 2 May 2022, a suicide bomber blew himself up at a checkpoint near Kherson.", "Suicide bomb"),
        ("On 2 May 2022, an unknown man threw a hand grenade into a cafe in Odesa.", "Grenade"),
        (
            "On 2 May 2022, a car hit an anti-tank mine near Izium, killing the driver.",
            "Remote explosive/landmine/IED",
        ),
        ("On 2 May 2022, Russian soldiers raped a woman in a village near Irpin.", "Sexual violence"),
        (
            "On 2 May 2022, Russian troops abducted the head of a village near Melitopol.",
            "Abduction/forced disappearance",
        ),
        (
            "On 2 May 2022, Russian soldiers looted houses in a village near Chernihiv.",
            "Looting/property destruction",
        ),
        (
            "On 2 May 2022, the SBU arrested two men in Dnipro for passing coordinates to the enemy.",
            "Arrests",
        ),
        ("On 2 May 2022, Russia and Ukraine exchanged 40 prisoners near Zaporizhzhia.", "Agreement"),
        (
            "On 2 May 2022, Russian forces set up a base in a school in Kupiansk.",
            "Headquarters or base established",
        ),
        ("On 2 May 2022, a column of Russian tanks was moving towards Kupiansk.", "Change to group/activity"),
        ("On 2 May 2022, Ukrainian air defence shot down two drones over Odesa.", "Disrupted weapons use"),
        ("On 2 May 2022, a mob beat a man accused of theft in Lviv.", "Mob violence"),
        ("On 2 May 2022, protesters threw stones at the police in Uzhhorod.", "Violent demonstration"),
        (
            "On 2 May 2022, about 300 people gathered in Kherson to protest against the occupation.",
            "Peaceful protest",
        ),
        ("On 2 May 2022, about 80 residents were evacuated from Sievierodonetsk.", "Other"),
        ("On 2 May 2022, Russian forces withdrew from Ruska Lozova.", "Non-violent transfer of territory"),
        (
            "On 2 May 2022, Ukrainian forces recaptured Ruska Lozova after heavy fighting.",
            "Government regains territory",
        ),
        (
            "On 2 May 2022, Russian forces captured the village of Novoselivka.",
            "Non-state actor overtakes territory",
        ),
    ],
)
def test_every_acled_sub_type_is_read_by_some_rule(read_report: Any, text: str, sub_type: str) -> None:
    assert main_kind(read_report, text, published=date(2022, 5, 3))[0] == sub_type


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # fire at the people in a car, no heavy weapon named: an attack on civilians
            "On 6 March 2022, Russian soldiers opened fire on a civilian car near Bucha. Two people died.",
            ("Attack", RUSSIA, CIVILIANS),
        ),
        (  # missiles from the air force: an air strike, the air force's
            "On 6 March 2022, the Russian air force fired missiles at Bila Tserkva. Casualties unknown.",
            ("Air/drone strike", f"{RUSSIA} Air Force", ""),
        ),
        (  # shelling and fighting at one place: one battle
            "On 6 March 2022, Russian forces shelled Irpin and fighting continued on the outskirts of "
            "the town.",
            ("Armed clash", RUSSIA, UKRAINE),
        ),
        (  # a town retaken with no fighting reported changed hands without violence
            "On 30 March 2022, Ukrainian forces retook Lukashivka. No information on whether fighting "
            "took place.",
            (
                "Non-violent transfer of territory",
                UKRAINE,
                RUSSIA,
            ),
        ),
        (  # the attacker is the one that was repelled
            "On 6 March 2022, Ukrainian troops repelled an attack by Russian forces near Mykolaiv.",
            ("Armed clash", RUSSIA, UKRAINE),
        ),
        (  # a town taken back from the enemy: whom it was taken from is the second actor
            "On 28 March 2022, Ukrainian forces clashed with Russian forces in Trostianets. As the result "
            "of the clash the town was liberated from Russian forces.",
            (
                "Government regains territory",
                UKRAINE,
                RUSSIA,
            ),
        ),
        (  # a topic heading names the kind
            "Looting: On 8 March 2022, Russian soldiers took cars and televisions from houses in Hostomel.",
            ("Looting/property destruction", RUSSIA, CIVILIANS),
        ),
    ],
)
def test_acled_conventions_decide_kind_and_actors(
    read_report: Any, text: str, expected: tuple[str, str, str]
) -> None:
    assert main_kind(read_report, text) == expected


def test_words_in_brackets_are_asides_not_events(read_report: Any) -> None:
    text = (
        "On 29 January 2022, activists held a march in Lutsk to mark the anniversary of the battle of Kruty "
        "[a battle of 1918 between Ukrainian students and Red Army troops]."
    )
    assert main_kind(read_report, text, published=date(2022, 1, 29))[0] == "Peaceful protest"


@pytest.mark.parametrize(
    ("follow_up", "sub_type", "actor2"),
    [
        (
            "Russian soldiers fired warning shots into the air.",
            "Protest with intervention",
            RUSSIA,
        ),
        (
            "Russian soldiers opened fire on the protesters, wounding three.",
            "Excessive force against protesters",
            RUSSIA,
        ),
        ("Some protesters attacked a Russian armoured vehicle.", "Violent demonstration", ""),
    ],
)
def test_what_became_of_a_protest_is_read_from_the_next_sentence(
    read_report: Any, follow_up: str, sub_type: str, actor2: str
) -> None:
    protest = "On 6 March 2022, hundreds of residents protested in Nova Kakhovka against the occupation."
    text = f"{protest} {follow_up}"
    kind, _, second = main_kind(read_report, text)
    assert kind == sub_type
    assert second == actor2 or not actor2


def test_shelling_answered_by_the_other_side_is_a_battle(read_report: Any) -> None:
    text = (
        "On 29 March 2022, Ukrainian forces fired tanks at LPR positions near Molochnyi. "
        "LPR forces fired back. Casualties unknown."
    )
    assert main_kind(read_report, text)[:2] == ("Armed clash", UKRAINE)


def test_a_monitors_report_names_who_fired_by_the_side_of_the_contact_line(read_report: Any) -> None:
    observed = "On 20 February 2022, the OSCE SMM observed a total of 12 explosions involving unknown weapons"
    near_avdiivka, near_horlivka = f"{observed} near Avdiivka.", f"{observed} near Horlivka."
    both = f"{observed} in both directions of the frontline near Avdiivka."
    published = date(2022, 2, 20)
    assert main_kind(read_report, near_avdiivka, published) == (
        "Shelling/artillery/missile attack",
        NAF,
        "",
    )
    assert main_kind(read_report, near_horlivka, published)[1] == UKRAINE
    assert main_kind(read_report, both, published) == (
        "Armed clash",
        NAF,
        UKRAINE,
    )


def test_after_the_invasion_the_contact_line_decides_nothing(read_report: Any) -> None:
    text = "On 20 March 2022, explosions were observed near Avdiivka."
    events = events_of(read_report, text, published=date(2022, 3, 20))
    assert all(e["actor1"] == "" for e in events)


def test_deaths_of_one_event_are_added_up_and_parts_are_not(read_report: Any) -> None:
    text = (
        "On 28 February 2022, Russian forces clashed with Ukrainian forces in Kharkiv. A civilian woman died "
        "and two children were wounded in the crossfire. At least 4 Russian soldiers were killed. "
        "Five people, including two children, were hurt in a nearby street."
    )
    events = events_of(read_report, text, date(2022, 2, 28))
    assert events[0]["fatalities"]["value"] == 5
    assert events[0]["injured"]["value"] == 7


def test_a_figure_the_report_states_is_taken_as_it_stands(read_report: Any) -> None:
    text = (
        "On 26 February 2022, Ukrainian forces destroyed a column of Russian forces near Oleshky. Dozens of "
        "Russian soldiers were killed. Unspecified fatalities coded as 12."
    )
    assert events_of(read_report, text, date(2022, 2, 26))[0]["fatalities"]["value"] == 12


def test_counts_for_a_whole_day_elsewhere_are_not_the_events(read_report: Any) -> None:
    text = (
        "On 19 February 2022, the NAF rebel forces fired mortars at the governmental positions near "
        "Svitlodarsk. During the day, two Ukrainian soldiers were killed at unspecified locations."
    )
    assert events_of(read_report, text, published=date(2022, 2, 19))[0]["fatalities"] is None


@pytest.mark.parametrize(
    ("text", "actors"),
    [
        (
            "On 10 May 2023, Sudanese army warplanes bombed a market in Nyala, killing 12 people.",
            ("Military Forces of Sudan Air Force", "Civilians (Sudan)"),
        ),
        (
            "On 10 May 2023, the army clashed with the Rapid Support Forces in Omdurman.",
            ("Military Forces of Sudan", "Rapid Support Forces"),
        ),
    ],
)
def test_actors_of_other_wars_are_named_by_their_country(
    read_report: Any, text: str, actors: tuple[str, str]
) -> None:
    assert main_kind(read_report, text, published=date(2023, 5, 11))[1:] == actors


def test_an_intended_strike_is_stored_as_a_threat(read_report: Any) -> None:
    events = events_of(read_report, "Russian forces will strike Kyiv again, the ministry said on Monday.")
    assert [(e["status"], e["plover"]) for e in events] == [("planned", "THREATEN")]


def test_a_refused_withdrawal_did_not_happen(read_report: Any) -> None:
    events = events_of(read_report, "Ukrainian troops refused to withdraw from Bakhmut on Monday.")
    assert [e["status"] for e in events] == ["not_happened"]


@pytest.mark.parametrize(
    ("text", "sub_type"),
    [
        (
            "A truck bomb caused the blast that damaged the bridge near Kerch on Saturday.",
            "Remote explosive/landmine/IED",
        ),
        (
            "Aviation ammunition detonated at the Saky airfield on Tuesday, the ministry said.",
            "Shelling/artillery/missile attack",
        ),
        (
            "The checkpoint near Kharkiv came under heavy fire on Tuesday.",
            "Shelling/artillery/missile attack",
        ),
    ],
)
def test_explosions_told_in_other_words(read_report: Any, text: str, sub_type: str) -> None:
    events = events_of(read_report, text, date(2022, 10, 9))
    assert [(e["sub_type"], e["status"]) for e in events] == [(sub_type, "happened")]


def test_not_claiming_responsibility_for_an_explosion_says_it_happened(read_report: Any) -> None:
    text = (
        "No group has claimed responsibility for the explosion that damaged the bridge near Kerch on Friday."
    )
    events = events_of(read_report, text, date(2022, 10, 9))
    assert [(e["type"], e["status"]) for e in events] == [("Explosions/Remote violence", "happened")]


def test_not_commenting_on_an_evacuation_says_it_happened(read_report: Any) -> None:
    text = "The ministry has not commented on the evacuation of the soldiers from Mariupol since Tuesday."
    events = events_of(read_report, text, date(2022, 5, 19))
    assert [e["status"] for e in events] == ["happened"]


def test_the_day_the_claimed_content_names_is_when_it_happened(read_report: Any) -> None:
    text = (
        "The defence ministry said on Thursday that its soldiers had not fired on civilians waiting for "
        "bread "
        "in Chernihiv on Wednesday."
    )
    (event,) = events_of(read_report, text, date(2022, 3, 17))
    assert (event["status"], event["occurred"]["start"]) == ("not_happened", "2022-03-16")


def test_a_day_named_past_the_trigger_s_clause_dates_another_event(read_report: Any) -> None:
    text = (
        "On Monday the army said it had destroyed a fuel depot in a drone strike near Melitopol, calling it "
        "payback for a deadly Christmas raid on its positions."
    )
    events = events_of(read_report, text, date(2023, 1, 10))
    assert [e["occurred"]["start"] for e in events if e["places"]] == ["2023-01-09"]


def test_fire_on_them_after_people_are_named_is_an_attack_on_civilians(read_report: Any) -> None:
    text = "Ten people queuing in Chernihiv were killed when soldiers opened fire on them on Wednesday."
    (event,) = events_of(read_report, text, date(2022, 3, 17))
    assert (event["type"], event["sub_type"]) == ("Violence against civilians", "Attack")


def test_a_death_toll_put_in_the_next_sentence_counts_for_the_event(read_report: Any) -> None:
    text = (
        "Rescuers searched the ruins of the government headquarters in Mykolaiv after a rocket strike on "
        "Tuesday. The emergency service put the death toll at 15."
    )
    reading = export.reading_json(read_report(text, published=date(2022, 3, 29)))
    assert [e["fatalities"]["value"] for e in reading["events"]] == [15]
    assert reading["tallies"] == []


@pytest.mark.parametrize(
    ("text", "places"),
    [
        # Another clause, joined by "though" or "as", says where something else happened.
        (
            "Ukraine has not claimed responsibility for the explosion near Kerch, though officials in Kyiv "
            "celebrated the damage.",
            ["Kerch"],
        ),
        (
            "Russian forces stormed the steelworks in the southern port city of Mariupol, as a convoy of "
            "refugees from the plant reached the city of Zaporizhzhia.",
            ["Mariupol"],
        ),
        # A country is a place of the event only when the words put the event there.
        ("Russia's shelling of Ukrainian positions intensified on Monday.", []),
        ("Missiles launched from the sea destroyed a warship and weapons delivered by the US.", []),
        ("Russian missiles struck targets across Ukraine on Monday.", ["Ukraine"]),
        (
            "After a grain deal on exports was signed, Russia targeted the port of Odesa with missiles.",
            ["Odesa"],
        ),
        # A place that says where a body comes from.
        ("Shelling hit the warehouse of a Kyiv-based charity in Izium on Monday.", ["Izyum"]),
        # What a speaker adds is a clause of its own; the place in the trigger's object phrase counts even
        # where the parse puts it elsewhere.
        (
            "It said its forces were defending the approach to Kharkiv from Izium, a town on the river, "
            "adding that Russian forces were also trying to take the frontline town of Rubizhne and heavy "
            "clashes were taking place around Popasna.",
            ["Rubizhne"],
        ),
    ],
)
def test_places_the_event_words_attach_to(read_report: Any, text: str, places: list[str]) -> None:
    events = events_of(read_report, text, date(2022, 7, 25))
    assert sorted(p["name"] for e in events for p in e["places"]) == places


def test_a_sentence_without_a_date_takes_the_last_one_named_before_it_in_its_paragraph(
    read_report: Any,
) -> None:
    text = (
        "On Monday, Russian forces shelled Kharkiv. In Izium, Ukrainian troops detained two saboteurs.\n\n"
        "Police in Lviv arrested a man accused of spying."
    )
    events = events_of(read_report, text, date(2022, 4, 7))
    occurred = {e["places"][0]["name"]: e["occurred"] for e in events if e["sub_type"] == "Arrests"}
    assert (occurred["Izyum"]["start"], occurred["Izyum"]["confidence"]) == ("2022-04-04", 0.6)
    assert (occurred["Lviv"]["start"], occurred["Lviv"]["end"]) == ("2022-04-01", "2022-04-07")


def test_a_tally_over_a_day_range_takes_both_ends_of_it(read_report: Any) -> None:
    text = (
        "From 1 to 5 March, at least 40 civilians were killed in Ukraine, according to the UN rights office."
    )
    (tally,) = export.reading_json(read_report(text, published=date(2022, 3, 7)))["tallies"]
    assert (tally["period"]["start"], tally["period"]["end"]) == ("2022-03-01", "2022-03-05")
    assert tally["area"]["name"] == "Ukraine"


def test_a_nationality_word_is_not_a_tallys_area(read_report: Any) -> None:
    text = "According to OHCHR, 30 Ukrainian civilians have been killed in total since 24 February."
    (tally,) = export.reading_json(read_report(text, published=date(2022, 3, 7)))["tallies"]
    assert tally["area"] is None
    assert tally["period"]["start"] == "2022-02-24"
