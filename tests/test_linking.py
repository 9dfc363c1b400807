"""Stories across articles: the linker's rules on hand-made events, and the store it writes."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from sitrep import claim_members, contradictions, linking, story_features
from sitrep.contradictions import Figure, source_key
from sitrep.export import claim_json, event_json, reading_json
from sitrep.models import (
    Article,
    Bound,
    Claim,
    Event,
    Granularity,
    Modality,
    Place,
    PlaceKind,
    Quantity,
    Reading,
    Span,
    Speaker,
    Stance,
    Status,
    TimeRef,
)
from sitrep.store import Store, open_store

KHARKIV = (49.9935, 36.2304)
IZIUM = (49.2128, 37.2567)
SHELLING = ("Explosions/Remote violence", "Shelling/artillery/missile attack")


def _report(
    article_id: str,
    text: str,
    *,
    day: date,
    where: tuple[float, float] = KHARKIV,
    name: str = "Kharkiv",
    killed: int | None = None,
    bound: Bound = Bound.EXACT,
    status: Status = Status.HAPPENED,
    speaker: Speaker | None = None,
    stance: Stance = Stance.ASSERTED,
    outlet: str = "",
    kind: tuple[str, str] = SHELLING,
    written: str = "",
) -> Reading:
    """One article with one event in its first sentence, said by `speaker` if given; its place is `name`
    in the gazetteer, written as `written` (else `name`) in the text."""
    whole = Span(0, len(text))
    at = text.find(written or name)
    span = Span(at, at + len(written or name)) if at >= 0 else Span(0, 1)
    place = Place(name, "Ukraine", where[0], where[1], PlaceKind.CITY, 1, span, geonameid=sum(map(ord, name)))
    when = TimeRef(text="", start=day, end=day, granularity=Granularity.DAY)
    claims = ()
    if speaker is not None:
        claims = (Claim(f"claim_{article_id}", speaker, "say", whole, stance, Modality.FACT),)
    fatalities = Quantity(killed, bound, "killed", whole) if killed is not None else None
    event = Event(
        id=f"event_{article_id}",
        type=kind[0],
        sub_type=kind[1],
        status=status,
        evidence=(whole,),
        places=(place,),
        occurred=when,
        fatalities=fatalities,
        claims=tuple(c.id for c in claims),
    )
    article = Article(id=article_id, text=text, published=day, source=outlet or f"outlet {article_id}")
    return Reading(article=article, claims=claims, events=(event,))


def _linked(tmp_path: Path, *readings: Reading) -> Store:
    store = open_store(tmp_path / "s.db")
    run = store.start_run(["test"])
    for reading in readings:
        store.save_reading(reading, run_id=run)
        linking.link_pending(store)
    return store


def _story_of(store: Store, event_id: str) -> str:
    story = store.event_story(event_id)
    assert story is not None
    return str(story["id"])


MINISTRY = Speaker(organisation="Ukraine's defence ministry")
DAY = date(2022, 5, 10)


def test_two_wordings_of_one_strike_are_one_story_and_another_town_is_not(tmp_path: Path) -> None:
    with _linked(
        tmp_path,
        _report("a1", "Russian shelling hit an apartment block in Kharkiv, killing two.", day=DAY),
        _report("a2", "Artillery fire struck a residential building in Kharkiv on Tuesday.", day=DAY),
        _report("a3", "Shelling hit a residential area of Izium.", day=DAY, where=IZIUM, name="Izium"),
    ) as store:
        assert _story_of(store, "event_a1") == _story_of(store, "event_a2")
        assert _story_of(store, "event_a3") != _story_of(store, "event_a1")
        assert [len(s["articles"]) for s in store.stories(min_articles=2)] == [2]


def test_another_day_or_another_target_is_another_story(tmp_path: Path) -> None:
    with _linked(
        tmp_path,
        _report("b1", "Shelling hit an apartment block in Kharkiv.", day=DAY),
        _report("b2", "Shelling hit an apartment block in Kharkiv.", day=date(2022, 5, 13)),
        _report("b3", "Shelling damaged a hospital in Kharkiv.", day=DAY),
    ) as store:
        stories = {_story_of(store, f"event_b{i}") for i in (1, 2, 3)}
        assert len(stories) == 3


def test_two_outlets_quoting_one_ministry_are_one_source(tmp_path: Path) -> None:
    same = Speaker(organisation="the Ukrainian Defence Ministry")
    with _linked(
        tmp_path,
        _report("c1", "Shelling hit a school in Kharkiv.", day=DAY, speaker=MINISTRY, outlet="Wire A"),
        _report("c2", "A school in Kharkiv was shelled.", day=DAY, speaker=same, outlet="Wire B"),
        _report("c3", "Shelling hit a school in Kharkiv.", day=DAY, outlet="Wire C"),
    ) as store:
        story = store.story(_story_of(store, "event_c1"))
        assert story is not None
        assert story["corroboration"] == 2
        assert story["sources"] == ["Ukraine's defence ministry", "Wire C"]
        assert [e["id"] for e in story["event_records"]] == ["event_c1", "event_c2", "event_c3"]


def test_conflicting_figures_are_kept_side_by_side_with_their_speakers(tmp_path: Path) -> None:
    governor = Speaker(role="regional governor", name="Ivan Petrenko")
    with _linked(
        tmp_path,
        _report("d1", "Shelling hit a market in Kharkiv, killing 12.", day=DAY, killed=12, speaker=governor),
        _report("d2", "Fifteen died as shells hit a Kharkiv market.", day=DAY, killed=15, speaker=MINISTRY),
        _report("d3", "At least 10 died in the market shelling.", day=DAY, killed=10, bound=Bound.AT_LEAST),
    ) as store:
        found = store.contradictions(kind="fatalities")
        assert len(found) == 1  # "at least 10" agrees with both
        first, second = found[0]["first"], found[0]["second"]
        assert (first["value"], second["value"]) == ("12", "15")
        assert first["speaker"].startswith("Ivan Petrenko")
        assert second["claim_record"]["speaker"]["organisation"] == "Ukraine's defence ministry"
        assert store.contradictions(event="event_d2") == found


def test_happened_and_not_happened_and_a_denial(tmp_path: Path) -> None:
    russia = Speaker(organisation="Russian Defence Ministry")
    with _linked(
        tmp_path,
        _report("e1", "Missiles hit a railway station in Kharkiv.", day=DAY, speaker=MINISTRY),
        _report("e2", "No strike hit the station in Kharkiv.", day=DAY, status=Status.NOT_HAPPENED),
        _report(
            "e3", "Moscow denied striking the Kharkiv station.", day=DAY, speaker=russia, stance=Stance.DENIED
        ),
    ) as store:
        kinds = sorted(c["kind"] for c in store.contradictions())
        assert kinds == ["denial", "status"]
        denial = store.contradictions(kind="denial")[0]
        assert (denial["first"]["article"], denial["second"]["article"]) == ("e1", "e3")
        story = store.event_story("event_e1")
        assert story is not None and story["corroboration"] == 1


def test_reading_an_article_again_relinks_it_and_keeps_the_story(tmp_path: Path) -> None:
    first = _report("f1", "Shelling hit a school in Kharkiv.", day=DAY)
    second = _report("f2", "A school in Kharkiv was shelled.", day=DAY)
    with _linked(tmp_path, first, second) as store:
        story = _story_of(store, "event_f1")
        run = store.start_run(["again"])
        store.save_reading(first, run_id=run)
        linking.link_pending(store)
        assert _story_of(store, "event_f1") == _story_of(store, "event_f2") == story
        assert [len(s["events"]) for s in store.stories(min_articles=1)] == [2]


def test_linking_is_deterministic(tmp_path: Path) -> None:
    readings = [
        _report(f"g{i}", f"Shelling hit a school in Kharkiv ({i}).", day=DAY, killed=i) for i in range(1, 5)
    ]
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    with _linked(tmp_path / "one", *readings) as one, _linked(tmp_path / "two", *readings) as two:
        assert one.stories() == two.stories()
        assert one.contradictions() == two.contradictions()


def test_an_unread_article_queue_is_linked_by_the_next_call(tmp_path: Path) -> None:
    with open_store(tmp_path / "s.db") as store:
        run = store.start_run(["test"])
        store.save_reading(_report("h1", "Shelling hit a school in Kharkiv.", day=DAY), run_id=run)
        store.save_reading(_report("h2", "A school in Kharkiv was shelled.", day=DAY), run_id=run)
        assert store.stories() == []
        summary = linking.link_pending(store)
        assert (summary.articles, summary.events, summary.joined) == (2, 2, 1)
        assert len(store.stories(min_articles=2)) == 1


def test_minhash_estimates_overlap_and_is_stable() -> None:
    a = story_features.minhash(["shell", "school", "kharkiv", "kill"])
    assert a == story_features.minhash(["kill", "kharkiv", "school", "shell"])
    assert story_features.similarity(a, a) == 1.0
    assert story_features.similarity(a, story_features.minhash(["protest", "lviv", "square", "crowd"])) < 0.3
    assert story_features.minhash([]) == ()


def test_figures_conflict_only_when_no_number_fits_both() -> None:
    assert Figure(12, "exact").conflicts(Figure(15, "exact"))
    assert not Figure(10, "at_least").conflicts(Figure(15, "exact"))
    assert Figure(20, "at_least").conflicts(Figure(15, "exact"))
    assert not Figure(10, "range", high=20).conflicts(Figure(15, "about"))


def test_source_keys_fold_spellings_of_one_organisation() -> None:
    keys = {
        source_key(Speaker(organisation=o), outlet="x")
        for o in (
            "Ukraine's defence ministry",
            "the Ukrainian Defense Ministry",
            "Ministry of Defence of Ukraine",
        )
    }
    assert len(keys) == 1
    assert source_key(Speaker(name="Oleh Synehubov"), outlet="x") == source_key(
        Speaker(name="Synehubov"), outlet="y"
    )
    assert source_key(Speaker(role="officials"), outlet="Wire A") != source_key(Speaker(), outlet="Wire B")


def test_targets_are_read_from_the_evidence() -> None:
    assert story_features.targets_in("Drones hit a power station and an apartment block") == (
        "energy",
        "residential",
    )
    assert story_features.targets_in("Drones hit a power station near an apartment block") == ("energy",)
    assert story_features.targets_in("Fighting continued") == ()


def test_one_article_holds_a_claim_and_its_denial(read_report: linking.Any) -> None:
    reading = read_report(
        " date 2022-04-07 Kyiv Local officials said Russian troops had entered the village of Lukashivka on"
        " Tuesday. The regional governor denied that the troops had entered Lukashivka."
    )
    found = reading_json(reading)["contradictions"]
    assert [c["kind"] for c in found] == ["denial"]
    assert "officials" in found[0]["first"]["speaker"]
    assert "governor" in found[0]["second"]["speaker"]


@pytest.mark.reference
def test_the_seeds_disputed_handover_is_one_contradiction(read_report: linking.Any) -> None:
    from tests.conftest import shared_file

    text = shared_file("seed/000_5e680d9b4fe7175f.txt").read_text(encoding="utf-8")
    found = reading_json(read_report(text))["contradictions"]
    assert len(found) == 1
    assert found[0]["kind"] == "denial"
    assert "handing over" in found[0]["first"]["value"]
    assert "Defense" in found[0]["second"]["speaker"]


def _claim_only(
    article_id: str, text: str, content: str, *, stance: Stance, place: str, where: tuple[float, float]
) -> Reading:
    """One article with no event: a claim whose content (a part of `text`) names `place`."""
    start = text.index(content)
    at = text.index(place)
    said = TimeRef(text="", start=DAY, end=DAY, granularity=Granularity.DAY)
    speaker = Speaker(organisation="Russia's defence ministry")
    span = Span(start, start + len(content))
    claim = Claim(f"claim_{article_id}", speaker, "deny", span, stance, Modality.FACT, said=said)
    mention = Place(place, "Ukraine", where[0], where[1], PlaceKind.CITY, 1, Span(at, at + len(place)))
    article = Article(id=article_id, text=text, published=DAY, source=f"outlet {article_id}")
    return Reading(article=article, places=(mention,), claims=(claim,))


def test_a_report_that_only_denies_joins_the_story_through_its_claim(tmp_path: Path) -> None:
    denial = _claim_only(
        "i2",
        "The ministry denied that its forces had attacked a fuel depot in Kharkiv.",
        "its forces had attacked a fuel depot in Kharkiv",
        stance=Stance.DENIED,
        place="Kharkiv",
        where=KHARKIV,
    )
    with _linked(
        tmp_path,
        _report("i1", "Missiles struck a fuel depot in Kharkiv.", day=DAY, speaker=MINISTRY),
        denial,
    ) as store:
        story = store.event_story("event_i1")
        assert story is not None and story["claims"] == ["claim_i2"]
        assert story["corroboration"] == 1  # the denier carries nothing
        found = store.contradictions(kind="denial")
        assert [(c["first"]["article"], c["second"]["article"]) for c in found] == [("i1", "i2")]


def test_a_speaker_saying_it_did_not_happen_contradicts_the_report_that_it_did(tmp_path: Path) -> None:
    not_done = _claim_only(
        "j2",
        "The ministry said its soldiers had not fired on civilians in Kharkiv.",
        "its soldiers had not fired on civilians in Kharkiv",
        stance=Stance.ASSERTED,
        place="Kharkiv",
        where=KHARKIV,
    )
    said_so = _report("j3", "The ministry said its soldiers fired on civilians in Kharkiv.", day=DAY)
    with _linked(tmp_path, _report("j1", "Shelling hit civilians in Kharkiv.", day=DAY), not_done) as store:
        assert [c["kind"] for c in store.contradictions()] == ["status"]
        assert store.contradictions()[0]["second"]["claim"] == "claim_j2"
    assert linking.claim_members(_material(said_so)) == []


def _material(reading: Reading) -> linking.Material:
    text = reading.article.text
    return linking.Material(
        article={"id": reading.article.id, "published": DAY.isoformat()},
        events=[event_json(e, text) for e in reading.events],
        claims=[claim_json(c, text) for c in reading.claims],
        text=text,
    )


def test_claims_that_name_no_event_or_a_plan_do_not_join_stories() -> None:
    assert claim_members.event_words("the reports were a provocation") is None
    plan = {"id": "c", "stance": "denied", "modality": "intention", "text": "planning to attack Kyiv"}
    assert not claim_members.linkable(plan, claim_members.event_words(plan["text"]))


@pytest.mark.parametrize(
    ("content", "negated"),
    [
        ("its troops had never shelled the town", True),
        ("no missile hit the station", True),
        ("they didn't attack the convoy", True),
        ("it was not responsible for the attack", False),  # the attack happened
        ("the plant need not be stormed", False),  # no report of what happened
        ("Russian troops had shelled the plant", False),
    ],
)
def test_a_negation_counts_where_it_governs_the_event_word(content: str, negated: bool) -> None:
    words = claim_members.event_words(content)
    assert words is not None and words.negated is negated


def test_a_denied_attack_of_no_kind_place_day_or_target_is_no_member() -> None:
    vague = {"id": "c", "stance": "denied", "modality": "fact", "text": "targeting civilians", "span": {}}
    anchored = vague | {"text": "targeting the market on Friday", "span": {"start": 0, "end": 30}}
    kwargs = {"article": "a", "text": "", "published": DAY, "places": ()}
    assert claim_members.claim_features(vague, **kwargs) is None
    found = claim_members.claim_features(anchored, **kwargs)
    assert found is not None and found.targets == ("commerce",) and found.start == date(2022, 5, 6)


def test_one_name_read_as_two_places_is_one_story(tmp_path: Path) -> None:
    elsewhere = (46.2, 48.0)  # the gazetteer's other town of the name, far away
    with _linked(
        tmp_path,
        _report("k1", "Shelling hit an apartment block in Lyman.", day=DAY, name="Lyman"),
        _report(
            "k2",
            "Shelling hit a residential block in Lyman.",
            day=DAY,
            name="Liman",
            written="Lyman",
            where=elsewhere,
        ),
    ) as store:
        assert _story_of(store, "event_k1") == _story_of(store, "event_k2")


def test_a_place_named_beside_a_misread_event_place_stands_in_for_it(tmp_path: Path) -> None:
    text = "Shelling hit a residential block in Izium, not far from Kharkiv."
    beside = _report("l2", text, day=DAY, where=IZIUM, name="Izium")
    kharkiv = Place(
        "Kharkiv", "Ukraine", *KHARKIV, PlaceKind.CITY, 1, Span(text.index("Kharkiv"), len(text) - 1)
    )
    with _linked(
        tmp_path,
        _report("l1", "Shelling hit a residential block in Kharkiv.", day=DAY),
        replace(beside, places=(kharkiv,)),
        _report("l3", "Shelling hit a residential block in Izium.", day=DAY, where=IZIUM, name="Izium"),
    ) as store:
        assert _story_of(store, "event_l1") == _story_of(store, "event_l2")
        assert _story_of(store, "event_l3") != _story_of(store, "event_l1")


def _unplaced(reading: Reading) -> Reading:
    return replace(reading, events=tuple(replace(e, places=()) for e in reading.events))


def test_a_town_the_gazetteer_does_not_know_links_the_reports_that_name_it(tmp_path: Path) -> None:
    idlib = (35.93, 36.63)
    with _linked(
        tmp_path,
        _report(
            "m1", "Air strikes hit a market in the town of Sarmin in Idlib province.", day=DAY, where=idlib
        ),
        _unplaced(_report("m2", "Warplanes bombed Sarmin on Tuesday, a monitor said.", day=DAY)),
        _unplaced(_report("m3", "Warplanes bombed a bakery in Ariha on Tuesday.", day=DAY)),
    ) as store:
        assert _story_of(store, "event_m1") == _story_of(store, "event_m2")
        assert _story_of(store, "event_m3") != _story_of(store, "event_m1")


def test_unread_place_words_follow_a_place_word_and_skip_days_owners_and_read_names() -> None:
    text = (
        "Jets bombed a monastery in Sagaing's Depayin on Friday, near Kani, in the town of Sarmin in Idlib."
    )
    read = story_features.read_words([], ["Idlib"])
    assert story_features.unread_place_words(text, read=read) == ("depayin", "kani", "sarmin")
    owner = "Troops massed near Zelenskiy's home town, aimed at Volodymyr."
    assert story_features.unread_place_words(owner, read=read) == ()


def test_drones_shot_down_and_the_strike_of_those_that_got_through_are_one_story(tmp_path: Path) -> None:
    saratov = (51.54, 46.01)
    with _linked(
        tmp_path,
        _report(
            "n1",
            "Drones struck an oil refinery in Saratov overnight.",
            day=DAY,
            where=saratov,
            name="Saratov",
        ),
        _report(
            "n2",
            "Air defences destroyed 20 drones over Saratov overnight.",
            day=DAY,
            where=saratov,
            name="Saratov",
            kind=("Strategic developments", "Disrupted weapons use"),
        ),
    ) as store:
        assert _story_of(store, "event_n1") == _story_of(store, "event_n2")


def test_a_kind_the_words_name_agrees_with_the_kind_another_report_was_read_as() -> None:
    assert story_features.kinds_named("Shelling by the paramilitary struck the camp") == (
        "Explosions/Remote violence",
    )


def test_a_toll_told_only_as_a_claim_joins_its_story_and_contradicts_another(tmp_path: Path) -> None:
    toll = _claim_only(
        "p2",
        "Rescuers said 26 bodies had been recovered from the bombed school in Kharkiv.",
        "26 bodies had been recovered from the bombed school in Kharkiv",
        stance=Stance.ASSERTED,
        place="Kharkiv",
        where=KHARKIV,
    )
    with _linked(
        tmp_path, _report("p1", "Missiles struck a school in Kharkiv, killing 18.", day=DAY, killed=18), toll
    ) as store:
        story = store.event_story("event_p1")
        assert story is not None and story["claims"] == ["claim_p2"]
        found = store.contradictions(kind="fatalities")
        assert [(c["first"]["value"], c["second"]["value"]) for c in found] == [("18", "26")]


def test_a_denial_that_a_place_fell_is_a_status_contradiction(tmp_path: Path) -> None:
    lyman = (48.99, 37.81)
    denial = _claim_only(
        "q2",
        "The general staff denied that Lyman had fallen.",
        "Lyman had fallen",
        stance=Stance.DENIED,
        place="Lyman",
        where=lyman,
    )
    taken = _report(
        "q1",
        "Russian troops captured Lyman, the ministry said.",
        day=DAY,
        where=lyman,
        name="Lyman",
        kind=("Battles", "Non-state actor overtakes territory"),
        speaker=MINISTRY,
    )
    with _linked(tmp_path, taken, denial) as store:
        assert [c["kind"] for c in store.contradictions()] == ["status"]


def test_an_asserted_event_joins_by_its_claim_only_from_a_report_of_no_event() -> None:
    text = "The governor said 26 bodies had been recovered from the bombed school in Kharkiv."
    content = "26 bodies had been recovered from the bombed school in Kharkiv"
    alone = _claim_only("r1", text, content, stance=Stance.ASSERTED, place="Kharkiv", where=KHARKIV)
    with_event = replace(alone, events=_report("r1", text, day=DAY).events)
    assert [f.status for f in linking.claim_members(_material(alone))] == ["happened"]
    assert linking.claim_members(_material(with_event)) == []
    comment = "The minister said the increase would hit households hard in the winter."
    talk = _claim_only(
        "r2",
        comment,
        "the increase would hit households",
        stance=Stance.ASSERTED,
        place="minister",
        where=KHARKIV,
    )
    assert linking.claim_members(_material(talk)) == []  # no place of its own


def test_an_attack_repelled_with_nothing_hit_contradicts_the_report_of_a_hit(tmp_path: Path) -> None:
    saratov = (51.54, 46.01)
    repelled = (
        "Air defences destroyed 20 drones over Saratov overnight and no industrial facilities were hit."
    )
    with _linked(
        tmp_path,
        _report(
            "s1",
            "Drones struck an oil refinery in Saratov overnight.",
            day=DAY,
            where=saratov,
            name="Saratov",
        ),
        _report("s2", repelled, day=DAY, where=saratov, name="Saratov"),
    ) as store:
        assert _story_of(store, "event_s1") == _story_of(store, "event_s2")
        found = store.contradictions()
        assert [(c["kind"], c["first"]["article"], c["second"]["article"]) for c in found] == [
            ("status", "s1", "s2")
        ]
    assert not contradictions.repelled_unharmed("Air defences shot down 20 drones; debris hit a house.")


def test_a_toll_its_claim_states_stands_for_an_event_read_without_one() -> None:
    text = "The death toll from Thursday's missile strike on Vinnytsia rose to 25, the ministry said."
    reading = _report("t1", text, day=DAY, speaker=MINISTRY)
    claim = claim_json(reading.claims[0], text)
    member = linking.Member(
        features=story_features.features_of(event_json(reading.events[0], text), article="t1", text=text),
        event=event_json(reading.events[0], text),
        article={"id": "t1"},
    )
    report = linking.report_of(member, claims={claim["id"]: linking.claim_view(claim | {"article_id": "t1"})})
    assert report.fatalities == Figure(25, "exact")


def test_dozens_is_a_lower_bound_that_more_than_sixty_does_not_contradict() -> None:
    dozens = {"value": 12, "bound": "exact", "span": {"text": "dozens"}}
    assert linking._figure(dozens) == Figure(12, "at_least")
    assert not Figure(12, "at_least").conflicts(Figure(60, "at_least"))


def test_a_name_before_a_place_noun_places_the_event() -> None:
    words = story_features.unread_place_words(
        "An air raid on the crowded Kafr Nabl market left seven dead.", read=frozenset()
    )
    assert words == ("kafr", "nabl")


def test_a_toll_alone_names_violence_in_a_claim() -> None:
    words = claim_members.event_words("21 bodies had been recovered from the ruins of the building")
    assert words is not None and words.type == "Explosions/Remote violence" and words.sub_type == ""


def test_an_administration_is_a_target_only_as_a_building() -> None:
    assert story_features.targets_in("Drones were shot down, the city administration said.") == ()
    assert story_features.targets_in("A missile hit the regional administration building.") == ("government",)


def test_a_place_read_in_one_report_and_named_unread_in_another_links_them(tmp_path: Path) -> None:
    idlib = (35.58, 36.56)
    with _linked(
        tmp_path,
        _report(
            "u1",
            "Warplanes struck a vegetable market in Kafr Nabl.",
            day=DAY,
            where=idlib,
            name="Kafranbel",
            written="Kafr Nabl",
        ),
        _unplaced(_report("u2", "An air raid on the crowded Kafr Nabl market left seven dead.", day=DAY)),
        _unplaced(_report("u3", "Warplanes struck a market in Maarat Misrin, wounding four.", day=DAY)),
    ) as store:
        assert _story_of(store, "event_u1") == _story_of(store, "event_u2")
        assert _story_of(store, "event_u3") != _story_of(store, "event_u2")


def test_reports_of_a_hit_on_two_named_days_are_two_events_but_a_denial_a_day_later_is_not(
    tmp_path: Path,
) -> None:
    nextday = date(2022, 5, 11)
    with _linked(
        tmp_path,
        _report("w1", "Artillery fire hit a bakery in Kharkiv on Tuesday.", day=DAY),
        _report("w2", "Artillery fire hit a bakery in Kharkiv on Wednesday.", day=nextday),
        _report(
            "w3", "The ministry denied shelling a bakery in Kharkiv.", day=nextday, status=Status.NOT_HAPPENED
        ),
    ) as store:
        assert _story_of(store, "event_w1") != _story_of(store, "event_w2")
        assert _story_of(store, "event_w3") in {_story_of(store, "event_w1"), _story_of(store, "event_w2")}


def test_two_towns_named_near_each_other_are_two_places_past_a_town_reach() -> None:
    tulkarm = story_features.Point(32.31, 35.03, 2, 1, "Tulkarm")
    jenin = story_features.Point(32.46, 35.30, 2, 2, "Jenin")
    region = story_features.Point(32.46, 35.30, 3, 3, "Jenin Governorate")
    assert linking._point_agreement(tulkarm, jenin) is None
    assert linking._point_agreement(tulkarm, region) is not None


def test_a_day_named_after_the_reporting_verb_dates_the_saying() -> None:
    said = "Russia's defence ministry said on Monday its missiles had struck a meeting in Sumy."
    done = "Missiles struck the centre of Sumy on Monday, officials said."
    assert story_features.dated_by_saying(said, "on Monday")
    assert not story_features.dated_by_saying(done, "on Monday")


def test_an_arabic_article_is_no_hyphenated_word_and_an_attack_on_places_a_name() -> None:
    read = frozenset[str]()
    assert story_features.unread_place_words("fighters attacked the village of Al-Sireha", read=read) == (
        "sireha",
    )
    assert story_features.unread_place_words("killed in the attack on Barsalogho.", read=read) == (
        "barsalogho",
    )
    assert story_features.unread_place_words("in Russian-occupied Melitopol", read=read) == ("melitopol",)


def test_a_day_named_before_a_reporting_verb_or_with_a_toll_dates_the_saying() -> None:
    rejected = "The ministry on Tuesday rejected claims that it had attacked a bus near Bilopillia."
    toll = "after a missile destroyed a cafe in the city, where the toll stood at six on Wednesday."
    assert story_features.dated_by_saying(rejected, "on Tuesday")
    assert story_features.dated_by_saying(toll, "on Wednesday")
    done = "A missile hit a cafe on Wednesday, police said."
    assert not story_features.dated_by_saying(done, "on Wednesday")


def _member(article: str, **changes: linking.Any) -> story_features.Features:
    base = story_features.Features(
        event=f"event_{article}",
        article=article,
        type=SHELLING[0],
        sub_type=SHELLING[1],
        status="happened",
        points=(story_features.Point(*KHARKIV, 1, 1, "Kharkiv", "Kharkiv"),),
        start=date(2026, 3, 2),
        end=date(2026, 3, 2),
        actor="",
        signature=story_features.minhash(["shelling"]),
    )
    return replace(base, **changes)


def test_a_place_taken_by_one_account_and_an_assault_repelled_by_another_may_be_one_event() -> None:
    seized = _member("t1", type="Strategic developments", sub_type="Non-violent transfer of territory")
    repelled = _member("t2", type="Battles", sub_type="Armed clash", actor="Military Forces of Ukraine")
    taken = replace(seized, actor="Military Forces of Russia", sub_type="Non-state actor overtakes territory")
    assert linking._type_agreement(seized, repelled) == 0.5
    assert linking._actor_agreement(taken, repelled) == 0.5  # either side is told as the actor
    protest = _member("t3", type="Protests", sub_type="Peaceful protest")
    assert linking._type_agreement(seized, protest) is None


def test_civilians_read_as_the_actor_and_a_military_target_claimed_by_the_attacker_veto_nothing() -> None:
    victims = _member("c1", actor="Civilians (Sudan)")
    shelling = _member("c2", actor="Rapid Support Forces")
    assert linking._actor_agreement(victims, shelling) == 0.5
    homes = _member("c3", targets=("residential",))
    plants = _member("c4", targets=("military",))
    school = _member("c5", targets=("education",))
    assert linking._target_agreement(homes, plants) == 0.5
    assert linking._target_agreement(homes, school) is None


def test_one_day_one_town_and_violence_of_one_family_are_enough_whatever_else_differs() -> None:
    strike = _member("s1", actor="Military Forces of Russia", signature=story_features.minhash(["missile"]))
    clash = replace(
        _member("s2", type="Violence against civilians", sub_type="Attack"),
        actor="Wagner Group",
        signature=story_features.minhash(["raid", "gunmen"]),
    )
    assert linking.pair_score(strike, clash) == linking.THRESHOLD
    nearby = replace(clash, points=(story_features.Point(IZIUM[0], IZIUM[1], 1, 2, "Izium", "Izium"),))
    assert linking.pair_score(strike, nearby) is None
    next_day = replace(clash, start=date(2026, 3, 3), end=date(2026, 3, 3))
    assert (linking.pair_score(strike, next_day) or 0.0) < linking.THRESHOLD


def test_two_towns_each_named_as_the_events_place_are_two_places_however_near() -> None:
    kramatorsk = story_features.Point(48.72, 37.56, 1, 1, "Kramatorsk", "Kramatorsk")
    sloviansk = story_features.Point(48.85, 37.60, 1, 2, "Sloviansk", "Sloviansk")
    district = story_features.Point(48.74, 37.58, 1, 3, "Sotsmisto", "Sotsmisto")
    assert linking._point_agreement(kramatorsk, sloviansk) is None
    assert linking._point_agreement(kramatorsk, district) is not None


def test_a_place_written_as_a_part_of_it_is_a_region() -> None:
    gaza = story_features.Point(31.50, 34.47, 1, 1, "Gaza", "Gaza")
    assert story_features._as_region(gaza, "the bombing of a school in central Gaza").precision == 3
    assert story_features._as_region(gaza, "the bombing of a school in Gaza").precision == 1


def test_a_place_still_held_contradicts_the_report_that_it_was_taken() -> None:
    assert contradictions.still_held("its troops still held positions in the village")
    assert contradictions.still_held("the army repelled the assault and remained in full control of the town")
    assert not contradictions.still_held("Russian forces took control of the village")
    taken = contradictions.Report(
        event="e1", article="a1", outlet="o1", published="2026-02-26", status="happened",
        kind="Non-state actor overtakes territory",
    )  # fmt: skip
    held = contradictions.Report(
        event="e2", article="a2", outlet="o2", published="2026-02-26", status="happened",
        kind="Armed clash", held=True,
    )  # fmt: skip
    found = contradictions.find_contradictions("s", [taken, held], {})
    assert [(c.kind, c.first.value, c.second.value) for c in found] == [("status", "taken", "still held")]
    assert not contradictions.find_contradictions("s", [replace(taken, kind="Armed clash"), held], {})


def test_what_a_strike_fell_near_was_not_hit_and_a_camp_for_the_displaced_is_aid() -> None:
    assert story_features.targets_in("artillery rounds landed near a water point and a market") == ()
    assert story_features.targets_in("a missile hit the market near the hospital") == ("commerce",)
    assert story_features.targets_in("shells fell on a camp for displaced people") == ("aid",)
    assert story_features.targets_in("fighters overran the military camp") == ()


def test_a_place_one_report_names_and_misread_is_the_place_another_read() -> None:
    misread = _member(
        "m1",
        points=(story_features.Point(30.1, 75.2, 1, 9, "Abu", "Abu"),),
        names=("Abu", "Shouk", "El", "Fasher"),
    )
    read = _member("m2", points=(story_features.Point(13.63, 25.35, 2, 7, "El Fasher", "Al-Fashir"),))
    elsewhere = _member("m3", points=(story_features.Point(15.6, 32.5, 1, 8, "Khartoum", "Khartoum"),))
    assert linking._place_agreement(misread, read) == linking.NAMED
    assert linking._place_agreement(misread, elsewhere) is None
    keys = {cell for cell, _ in linking.index_keys(misread)}
    assert {cell for cell, _, _ in linking.search_keys(read)} & keys  # the one finds the other


def test_a_report_dated_by_its_saying_fits_an_event_of_the_day_before() -> None:
    done = _member("d1")
    said = _member("d2", start=date(2026, 3, 3), end=date(2026, 3, 3), said_day=True)
    assert linking._date_agreement(done, said) == linking.SAID_NEXT_DAY
    assert linking._date_agreement(done, replace(said, said_day=False)) is None


def test_a_name_transliterated_two_ways_is_found_under_one_key() -> None:
    assert linking._name_keys(["Bohoyavlenka"]) & linking._name_keys(["Bohoiavlenka"])
    assert not linking._name_keys(["Bohoyavlenka"]) & linking._name_keys(["Vuhledar"])


def test_a_toll_its_own_sentence_states_stands_for_an_event_read_without_one() -> None:
    text = "Two people died after a drone dropped explosives on a car in Kharkiv, the city's mayor said."
    reading = _report("t2", text, day=DAY)
    event = event_json(reading.events[0], text)
    member = linking.Member(
        features=story_features.features_of(event, article="t2", text=text), event=event, article={"id": "t2"}
    )
    assert linking.report_of(member).fatalities == Figure(2, "exact")
    denied = replace(member, features=replace(member.features, status="not_happened"))
    assert linking.report_of(denied).fatalities is None


def test_one_place_and_overlapping_days_are_enough_only_for_precise_days_or_a_place_taken() -> None:
    strike = _member("o1", signature=story_features.minhash(["missile"]))
    week = replace(
        _member("o2", type="Violence against civilians", sub_type="Attack"),
        start=date(2026, 2, 26),
        end=date(2026, 3, 4),
        signature=story_features.minhash(["raid", "gunmen"]),
    )
    assert (linking.pair_score(strike, week) or 0.0) < linking.THRESHOLD
    taken = replace(week, type="Battles", sub_type="Non-state actor overtakes territory")
    assert linking.pair_score(strike, taken) == linking.THRESHOLD
