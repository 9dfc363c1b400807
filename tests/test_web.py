"""The web pages show what the store holds, agree with their JSON twins, and never let article text run."""

from __future__ import annotations

import re
import sqlite3
from datetime import date
from pathlib import Path

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error

from sitrep.errors import StoreError
from sitrep.models import (
    Article,
    Bound,
    Claim,
    Contradiction,
    ContradictionKind,
    Event,
    Granularity,
    Modality,
    Place,
    PlaceKind,
    Quantity,
    Reading,
    Rejected,
    Side,
    Span,
    Speaker,
    Stance,
    Status,
    Story,
    Tally,
    TimeRef,
)
from sitrep.settings import Settings
from sitrep.store import open_store, schema
from sitrep.story_features import Features
from sitrep.web import create_app
from sitrep.web.api import ArticleWriter
from sitrep.web.render import Mark, highlight

TEXT = "Russian forces withdrew from Kyiv on Wednesday, the official said. Shelling hit Kharkiv."
EVIL = '<script>alert(1)</script>" onmouseover="x'
HTML_PAGES = ("/", "/claims", "/tallies", "/quarantine", "/stories?min_articles=1", "/contradictions")


def at(words: str, text: str = TEXT) -> Span:
    start = text.index(words)
    return Span(start, start + len(words))


def city(name: str, written: str, lat: float, lon: float, text: str = TEXT) -> Place:
    return Place(
        name=name, country="UA", lat=lat, lon=lon, kind=PlaceKind.CITY, precision=1, span=at(written, text)
    )


def plain_reading() -> Reading:
    """Two events in one article: a withdrawal from Kyiv (with a claim) and shelling in Kharkiv."""
    claim = Claim(
        id="cl_official",
        speaker=Speaker(role="official", organisation="Pentagon"),
        verb="said",
        span=at("Russian forces withdrew from Kyiv on Wednesday"),
        stance=Stance.ASSERTED,
        modality=Modality.FACT,
    )
    wednesday = TimeRef(
        "Wednesday", date(2022, 4, 6), date(2022, 4, 6), Granularity.DAY, span=at("Wednesday")
    )
    withdrawal = Event(
        id="ev_withdrawal",
        type="Strategic developments",
        sub_type="Non-violent transfer of territory",
        status=Status.HAPPENED,
        evidence=(at("Russian forces withdrew from Kyiv on Wednesday"),),
        actor1="Russian forces",
        places=(city("Kyiv", "Kyiv", 50.45, 30.52),),
        occurred=wednesday,
        claims=(claim.id,),
        trigger=at("withdrew"),
    )
    shelling = Event(
        id="ev_shelling",
        type="Explosions/Remote violence",
        sub_type="Shelling/artillery/missile attack",
        status=Status.HAPPENED,
        evidence=(at("Shelling hit Kharkiv"),),
        places=(city("Kharkiv", "Kharkiv", 49.99, 36.23),),
        occurred=TimeRef("", date(2022, 4, 5), date(2022, 4, 5), Granularity.DAY),
        trigger=at("Shelling"),
    )
    article = Article(id="a_plain", text=TEXT, title="Withdrawal", published=date(2022, 4, 7), source="wire")
    return Reading(article=article, claims=(claim,), events=(withdrawal, shelling))


def evil_reading() -> Reading:
    """Markup and attribute-breaking quotes in every string a page shows, spans cutting through them."""
    text = f"{EVIL} forces hit {EVIL} town, said {EVIL}."
    first = text.index(EVIL)
    place_at = text.index(EVIL, first + 1)
    speaker_at = text.index(EVIL, place_at + 1)
    whole = Span(0, len(text))
    evil_place = Place(
        name=EVIL,
        country=EVIL,
        lat=48.0,
        lon=37.0,
        kind=PlaceKind.CITY,
        precision=1,
        span=Span(place_at, place_at + len(EVIL)),
        admin1=EVIL,
        relation=EVIL,
    )
    claim = Claim(
        id="cl_evil",
        speaker=Speaker(name=EVIL, role=EVIL, organisation=EVIL),
        verb=EVIL,
        span=Span(speaker_at, speaker_at + len(EVIL)),
        stance=Stance.DISPUTED,
        modality=Modality.FACT,
        hedge=EVIL,
    )
    event = Event(
        id="ev_evil",
        type=EVIL,
        sub_type=EVIL,
        status=Status.HAPPENED,
        evidence=(whole,),
        actor1=EVIL,
        actor2=EVIL,
        places=(evil_place,),
        occurred=TimeRef(EVIL, date(2022, 4, 1), date(2022, 4, 1), Granularity.DAY),
        claims=(claim.id,),
        plover=EVIL,
        trigger=Span(first + 3, first + 12),
    )
    tally = Tally(id="ta_evil", counts=(), span=whole, population=EVIL, organisation=EVIL)
    article = Article(
        id="a_evil",
        text=text,
        title=EVIL,
        source=EVIL,
        url="javascript:alert(1)",
        dateline=EVIL,
        published=date(2022, 4, 2),
    )
    return Reading(article=article, places=(evil_place,), claims=(claim,), events=(event,), tallies=(tally,))


def client_for(tmp_path: Path, *readings: Reading, settings: Settings | None = None) -> TestClient:
    path = tmp_path / "sitrep.db"
    with open_store(path) as store:
        run = store.start_run(["hand-built"])
        for reading in readings:
            store.save_reading(reading, run_id=run)
        store.quarantine(Rejected(input=EVIL, reason=EVIL, raw=EVIL.encode()), run_id=run)
    return TestClient(create_app(db_path=path, settings=settings or Settings()))


def save_story(path: Path, story: Story, members: list[tuple[str, str]]) -> None:
    """`story` with its member events (event id, article id) as linking would store it."""
    with open_store(path) as store, store.linking() as session:
        for event_id, article in members:
            member = Features(event_id, article, story.type, "", "happened", (), None, None, "", ())
            session.add_member(member, story_id=story.id, keys=())
        session.save_story(story)


TOLL_TEXT = "Fifteen people died when a missile hit the Kharkiv bus station, the emergency service said."


def toll_reading() -> Reading:
    """A second report of the Kharkiv shelling with another toll, told by another speaker."""
    claim = Claim(
        id="cl_service",
        speaker=Speaker(organisation="emergency service"),
        verb="said",
        span=at("Fifteen people died when a missile hit the Kharkiv bus station", TOLL_TEXT),
        stance=Stance.ASSERTED,
        modality=Modality.FACT,
    )
    event = Event(
        id="ev_toll",
        type="Explosions/Remote violence",
        sub_type="Shelling/artillery/missile attack",
        status=Status.HAPPENED,
        evidence=(Span(0, len(TOLL_TEXT)),),
        places=(city("Kharkiv", "Kharkiv", 49.99, 36.23, TOLL_TEXT),),
        occurred=TimeRef("", date(2022, 4, 5), date(2022, 4, 5), Granularity.DAY),
        fatalities=Quantity(15, Bound.EXACT, "killed", at("Fifteen", TOLL_TEXT)),
        claims=(claim.id,),
        trigger=at("hit", TOLL_TEXT),
    )
    article = Article(
        id="a_toll", text=TOLL_TEXT, title="Toll rises", published=date(2022, 4, 8), source="Eastern Wire"
    )
    return Reading(article=article, claims=(claim,), events=(event,))


TOLLS = Contradiction(
    id="contra_tolls",
    kind=ContradictionKind.FATALITIES,
    first=Side("a_plain", "official, Pentagon", "12", event="ev_shelling", claim="cl_official"),
    second=Side("a_toll", "emergency service", "15", event="ev_toll", claim="cl_service"),
    story="story_kharkiv",
)
KHARKIV_STORY = Story(
    id="story_kharkiv",
    events=("ev_shelling", "ev_toll"),
    articles=("a_plain", "a_toll"),
    sources=("Pentagon", "emergency service"),
    type="Explosions/Remote violence",
    place="Kharkiv",
    lat=49.99,
    lon=36.23,
    first_day=date(2022, 4, 5),
    last_day=date(2022, 4, 5),
    contradictions=(TOLLS,),
)


def story_client(tmp_path: Path) -> TestClient:
    """The plain reading and a second report of its shelling, one story with a contradiction."""
    client = client_for(tmp_path, plain_reading(), toll_reading())
    save_story(tmp_path / "sitrep.db", KHARKIV_STORY, [("ev_shelling", "a_plain"), ("ev_toll", "a_toll")])
    alone = Story(id="story_alone", events=("ev_withdrawal",), articles=("a_plain",), sources=("wire",))
    save_story(tmp_path / "sitrep.db", alone, [("ev_withdrawal", "a_plain")])
    return client


def evil_story(path: Path) -> None:
    """The evil event in a story with a contradiction whose every string is markup."""
    side = Side("a_evil", EVIL, EVIL, event="ev_evil", claim="cl_evil")
    contra = Contradiction("contra_evil", ContradictionKind.DENIAL, side, side, story="story_evil")
    story = Story(
        id="story_evil",
        events=("ev_evil",),
        articles=("a_evil",),
        sources=(EVIL,),
        type=EVIL,
        place=EVIL,
        lat=48.0,
        lon=37.0,
        contradictions=(contra,),
    )
    save_story(path, story, [("ev_evil", "a_evil")])


def linked_events(html: str) -> list[str]:
    return re.findall(r'href="/events/([^"./]+)"', html)


def test_events_page_and_its_json_twin_agree(tmp_path: Path) -> None:
    client = client_for(tmp_path, plain_reading())
    for query in (
        "",
        "?place=kyiv",
        "?type=shelling",
        "?since=2022-04-06",
        "?q=withdrew",
        "?speaker=pentagon",
    ):
        page = client.get("/" + query)
        twin = client.get("/events.json" + query)
        assert page.status_code == twin.status_code == 200
        assert linked_events(page.text) == [e["id"] for e in twin.json()["events"]], query
    assert [e["id"] for e in client.get("/events.json").json()["events"]] == ["ev_withdrawal", "ev_shelling"]
    assert [e["id"] for e in client.get("/events.json?place=KYIV").json()["events"]] == ["ev_withdrawal"]


def test_list_pages_show_their_records(tmp_path: Path) -> None:
    client = client_for(tmp_path, plain_reading())
    events = client.get("/").text
    assert "2022-04-06" in events and "Non-violent transfer of territory" in events and "Kyiv" in events
    assert "official, Pentagon" in client.get("/claims").text
    assert client.get("/claims.json?stance=asserted").json()["claims"][0]["id"] == "cl_official"
    assert client.get("/claims.json?stance=denied").json()["claims"] == []
    assert client.get("/quarantine.json").json()["quarantined"][0]["size"] == len(EVIL.encode())


def test_event_page_highlights_the_evidence_in_the_article(tmp_path: Path) -> None:
    client = client_for(tmp_path, plain_reading())
    page = client.get("/events/ev_withdrawal")
    assert page.status_code == 200
    # the evidence sentence on its own, the matched words marked inside it
    assert '<mark class="trigger">withdrew</mark> from <mark class="place">Kyiv</mark>' in page.text
    # the article text, evidence and matched words marked where they stand
    # (the linked claim covers the same words as the evidence, so both classes apply)
    marked = (
        '<mark class="claim evidence">Russian forces </mark>'
        '<mark class="claim evidence trigger">withdrew</mark>'
    )
    assert marked in page.text
    assert "official, Pentagon" in page.text and "asserted" in page.text
    twin = client.get("/events/ev_withdrawal.json").json()
    assert twin["event"]["claim_records"][0]["id"] == "cl_official"
    assert twin["event"]["article"]["text"] == TEXT


def test_untrusted_text_is_escaped_on_every_page(tmp_path: Path) -> None:
    client = client_for(tmp_path, evil_reading())
    evil_story(tmp_path / "sitrep.db")
    for path in (*HTML_PAGES, "/events/ev_evil", "/stories/story_evil"):
        body = client.get(path).text
        assert "<script>" not in body and all("src=" in tag for tag in re.findall("<script[^>]*>", body)), (
            path
        )
        assert 'onmouseover="' not in body, path
        assert 'href="javascript:' not in body, path
        assert "&lt;script&gt;alert(1)&lt;/script&gt;&#34; onmouseover=&#34;x" in body, path  # shown, escaped
    page = client.get("/events/ev_evil").text
    # the trigger cuts "<script>" in two: each piece is escaped on its own
    assert '<mark class="evidence">&lt;sc</mark><mark class="evidence trigger">ript&gt;aler</mark>' in page


def test_highlight_escapes_each_piece_and_survives_overlaps() -> None:
    html = highlight("a<b>&c", [Mark(1, 4, "evidence"), Mark(2, 6, "place"), Mark(-3, 99, "x")])
    assert str(html) == (
        '<mark class="x">a</mark><mark class="evidence x">&lt;</mark>'
        '<mark class="evidence place x">b&gt;</mark><mark class="place x">&amp;c</mark>'
    )
    assert str(highlight("<i>", [])) == "&lt;i&gt;"


def test_event_page_shows_the_story_reports_and_contradictions_side_by_side(tmp_path: Path) -> None:
    client = story_client(tmp_path)
    page = client.get("/events/ev_shelling").text
    # the other report: its outlet, date, its evidence with the matched words marked, a link to it
    assert "Eastern Wire" in page and "2022-04-08" in page and 'href="/events/ev_toll"' in page
    assert '<mark class="quantity">Fifteen</mark>' in page and "15 killed" in page
    assert "<strong>2</strong> independent sources: Pentagon; emergency service" in page
    # the contradiction: both figures, both speakers, both claims, both reports
    [sides] = re.findall(r'<div class="sides">(.*?)</article>', page, re.S)
    first, second = sides.split('<div class="versus"')
    assert '<p class="value">12</p>' in first and "official, Pentagon" in first and "Withdrawal" in first
    assert '<p class="value">15</p>' in second and "emergency service" in second and "Toll rises" in second
    twin = client.get("/events/ev_shelling.json").json()
    assert twin["story"]["id"] == "story_kharkiv"
    assert [e["id"] for e in twin["story"]["event_records"]] == ["ev_shelling", "ev_toll"]
    assert [c["id"] for c in twin["contradictions"]] == ["contra_tolls"]
    sides_json = twin["contradictions"][0]
    assert sides_json["second"]["claim_record"]["speaker"]["organisation"] == "emergency service"
    assert sides_json["second"]["article_record"]["source"] == "Eastern Wire"
    alone = client.get("/events/ev_withdrawal")
    assert "No other report of this event." in alone.text and "No report contradicts this one." in alone.text
    assert client.get("/events/ev_withdrawal.json").json()["contradictions"] == []


def test_stories_page_and_its_twin_list_stories_with_their_sources(tmp_path: Path) -> None:
    client = story_client(tmp_path)
    for query, expected in (
        ("", ["story_kharkiv"]),  # stories of one article are left out unless asked for
        ("?min_articles=1", ["story_kharkiv", "story_alone"]),
        ("?contradicted=true", ["story_kharkiv"]),
        ("?place=KHARKIV&since=2022-04-05&until=2022-04-05", ["story_kharkiv"]),
        ("?since=2022-04-06", []),
    ):
        twin = client.get("/stories.json" + query).json()
        assert [s["id"] for s in twin["stories"]] == expected, query
        assert re.findall(r'href="/stories/([^"]+)"', client.get("/stories" + query).text) == expected, query
    row = client.get("/stories").text
    assert "Pentagon; emergency service" in row and "Kharkiv" in row
    story = client.get("/stories/story_kharkiv")
    assert story.status_code == 200
    assert 'href="/events/ev_toll"' in story.text and 'href="/events/ev_shelling"' in story.text
    assert '<p class="value">15</p>' in story.text
    twin = client.get("/stories/story_kharkiv.json").json()["story"]
    assert [c["id"] for c in twin["contradiction_records"]] == ["contra_tolls"]
    for bad in ("?min_articles=0", "?min_articles=x", "?contradicted=maybe", "?since=soon"):
        assert client.get("/stories.json" + bad).status_code == 400, bad


def test_contradictions_page_and_its_twin_show_both_sides(tmp_path: Path) -> None:
    client = story_client(tmp_path)
    twin = client.get("/contradictions.json").json()
    assert [c["id"] for c in twin["contradictions"]] == ["contra_tolls"]
    assert twin["contradictions"][0]["first"]["claim_record"]["id"] == "cl_official"
    page = client.get("/contradictions").text
    assert page.count('<article class="contradiction"') == 1
    assert "Death toll" in page and 'href="/stories/story_kharkiv"' in page
    assert client.get("/contradictions.json?kind=denial").json()["contradictions"] == []
    assert client.get("/contradictions.json?kind=FATALITIES").json()["count"] == 1
    assert client.get("/contradictions.json?kind=rumour").status_code == 400
    assert client.get("/claims.json?stance=shouted").status_code == 400


def test_unknown_ids_are_404(tmp_path: Path) -> None:
    client = client_for(tmp_path, plain_reading())
    page = client.get("/events/ev_nope")
    assert page.status_code == 404 and "text/html" in page.headers["content-type"]
    twin = client.get("/events/ev_nope.json")
    assert twin.status_code == 404 and twin.json() == {"detail": "no event 'ev_nope'"}
    assert client.get("/stories/story_nope").status_code == 404
    assert client.get("/stories/story_nope.json").json() == {"detail": "no story 'story_nope'"}
    assert client.get("/no/such/page").status_code == 404


def test_limit_above_the_maximum_is_capped(tmp_path: Path) -> None:
    client = client_for(tmp_path, plain_reading(), settings=Settings(page_size=1, max_page_size=1))
    twin = client.get("/events.json?limit=500").json()
    assert (twin["limit"], twin["count"], [e["id"] for e in twin["events"]]) == (1, 1, ["ev_withdrawal"])
    assert twin["next"] == "?limit=1&offset=1"
    second = client.get("/events.json" + twin["next"]).json()
    assert [e["id"] for e in second["events"]] == ["ev_shelling"]
    assert linked_events(client.get("/?limit=500").text) == ["ev_withdrawal"]


def test_bad_parameters_are_400_not_500(tmp_path: Path) -> None:
    client = client_for(tmp_path, plain_reading())
    for query in ("?since=yesterday", "?limit=many", "?offset=-1", "?near=1,2", "?near=95,0,10", '?q="'):
        status = client.get("/events.json" + query).status_code
        assert status == (200 if query == '?q="' else 400), query
    assert client.get("/?until=04/04/2022").status_code == 400


def test_pages_carry_a_content_security_policy(tmp_path: Path) -> None:
    client = client_for(tmp_path, plain_reading())
    policy = client.get("/").headers["content-security-policy"]
    assert "default-src 'none'" in policy and "script-src 'self';" in policy and "unsafe" not in policy
    assert client.get("/static/style.css").status_code == 200


def test_the_app_refuses_a_missing_store_and_does_not_create_it(tmp_path: Path) -> None:
    path = tmp_path / "missing.db"
    with pytest.raises(StoreError, match=r"missing\.db"):
        create_app(db_path=path, settings=Settings())
    assert not path.exists()


def test_the_app_brings_a_store_from_an_older_sitrep_up_to_date(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with sqlite3.connect(path, isolation_level=None) as conn:  # what an older sitrep left: schemas 1 and 2
        conn.execute("CREATE TABLE migrations (id INTEGER PRIMARY KEY, name TEXT, applied_at TEXT)")
        for migration in schema.known_migrations()[:2]:
            for statement in schema.split_statements(migration.sql):
                conn.execute(statement)
            conn.execute("INSERT INTO migrations VALUES (?, ?, '')", (migration.number, migration.name))
    conn.close()
    with pytest.raises(StoreError, match="older"):
        open_store(path, readonly=True)
    client = TestClient(create_app(db_path=path, settings=Settings()))
    assert client.get("/map.json?zoom=3").json()["total"] == 0
    with open_store(path, readonly=True) as store:
        assert len(store.migrations()) == len(schema.known_migrations())


# ---- map, timeline, tallies over time ---------------------------------------------------------------

TALLY_TEXT = "At least 1,480 civilians were killed and 2,195 wounded, the UN said."


def tally_reading(end: date = date(2022, 4, 4), killed: int = 1480, article_id: str = "a_tally") -> Reading:
    text = TALLY_TEXT
    counts = (
        Quantity(killed, Bound.AT_LEAST, "killed", at("1,480", text), population="civilians"),
        Quantity(2195, Bound.AT_LEAST, "wounded", at("2,195", text), population="civilians"),
    )
    period = TimeRef("", date(2022, 2, 24), end, Granularity.DAY)
    tally = Tally(
        id=f"ta_{article_id}",
        counts=counts,
        span=Span(0, len(text)),
        period_start=TimeRef("", date(2022, 2, 24), date(2022, 2, 24), Granularity.DAY),
        period_end=period,
        organisation="OHCHR",
    )
    article = Article(id=article_id, text=text, title="UN toll", published=end, source="un")
    return Reading(article=article, tallies=(tally,))


def test_map_json_has_a_point_per_located_place_under_the_filters(tmp_path: Path) -> None:
    client = client_for(tmp_path, plain_reading())
    points = client.get("/map.json").json()["points"]
    assert [(p["id"], p["name"], p["lat"], p["lon"]) for p in points] == [
        ("ev_withdrawal", "Kyiv", 50.45, 30.52),
        ("ev_shelling", "Kharkiv", 49.99, 36.23),
    ]
    assert points[0]["type"] == "Strategic developments" and points[0]["occurred_start"] == "2022-04-06"
    for query, expected in (
        ("?place=kyiv", ["ev_withdrawal"]),
        ("?near=50.0,36.2,50", ["ev_shelling"]),
        ("?near=50.0,36.2,50&since=2022-04-06", []),
        ("?since=2022-04-06&until=2022-04-06", ["ev_withdrawal"]),
        ("?q=shelling&status=happened", ["ev_withdrawal", "ev_shelling"]),  # one article holds both
        ("?speaker=pentagon", ["ev_withdrawal"]),
    ):
        assert [p["id"] for p in client.get("/map.json" + query).json()["points"]] == expected, query


def test_map_json_pages_and_caps_its_points(tmp_path: Path) -> None:
    client = client_for(tmp_path, plain_reading(), settings=Settings(max_map_points=1))
    first = client.get("/map.json?limit=99").json()
    assert (first["limit"], first["count"], first["next"]) == (1, 1, "?limit=1&offset=1")
    second = client.get("/map.json" + first["next"]).json()
    assert [p["id"] for p in second["points"]] == ["ev_shelling"]
    assert client.get("/map.json" + second["next"]).json()["points"] == []
    assert client.get("/map.json?offset=-1").status_code == 400


def test_timeline_counts_events_per_day_by_type_and_lists_tallies(tmp_path: Path) -> None:
    client = client_for(
        tmp_path, plain_reading(), tally_reading(), tally_reading(date(2022, 4, 20), 1900, "a_t2")
    )
    data = client.get("/timeline.json").json()
    assert data["days"] == [
        {"day": "2022-04-05", "type": "Explosions/Remote violence", "count": 1},
        {"day": "2022-04-06", "type": "Strategic developments", "count": 1},
    ]
    assert data["types"] == ["Explosions/Remote violence", "Strategic developments"]
    assert [(t["period_end"], t["counts"][0]["value"]) for t in data["tallies"]] == [
        ("2022-04-04", 1480),
        ("2022-04-20", 1900),
    ]
    narrowed = client.get("/timeline.json?since=2022-04-06&until=2022-04-10").json()
    assert [d["day"] for d in narrowed["days"]] == ["2022-04-06"] and narrowed["tallies"] == []
    assert client.get("/timeline.json?type=shelling").json()["types"] == ["Explosions/Remote violence"]
    assert client.get("/timeline.json?since=soon").status_code == 400


def test_timeline_counts_kept_by_triggers_agree_with_counting_the_events(tmp_path: Path) -> None:
    client = client_for(tmp_path, plain_reading(), evil_reading())
    for kind, days in (("", 3), ("transfer", 1), ("EXPLOSIONS", 1)):  # "transfer" is in a sub-type
        kept = client.get(f"/timeline.json?type={kind}&status=happened").json()["days"]  # from event_counts
        counted = client.get(f"/timeline.json?type={kind}&since=2000-01-01").json()["days"]  # counted
        assert kept == counted and len(kept) == days, kind
    with open_store(tmp_path / "sitrep.db") as store:  # re-saving an article replaces its counts
        run = store.start_run(["again"])
        store.save_reading(plain_reading(), run_id=run)
        store.save_reading(Reading(article=evil_reading().article), run_id=run)
    assert [d["day"] for d in client.get("/timeline.json").json()["days"]] == ["2022-04-05", "2022-04-06"]
    assert client.get("/timeline.json?until=2022-04-05").json()["days"] == kept


def test_tallies_json_has_a_series_per_organisation_and_category(tmp_path: Path) -> None:
    client = client_for(tmp_path, tally_reading(), tally_reading(date(2022, 4, 20), 1900, "a_t2"))
    series = client.get("/tallies.json").json()["series"]
    assert [(s["organisation"], s["category"]) for s in series] == [("OHCHR", "killed"), ("OHCHR", "wounded")]
    assert series[0]["points"] == [
        {"date": "2022-04-04", "value": 1480},
        {"date": "2022-04-20", "value": 1900},
    ]
    assert 'id="tally-charts"' in client.get("/tallies").text


def test_pages_load_their_scripts_from_files_only(tmp_path: Path) -> None:
    client = client_for(tmp_path, evil_reading())
    page = client.get("/").text
    scripts = re.findall(r"<script([^>]*)>", page)
    assert scripts and all('src="/static/' in attrs for attrs in scripts)
    for name in ("map.js", "timeline.js", "tallies.js", "colours.js"):
        source = client.get(f"/static/{name}").text
        assert "innerHTML" not in source and "eval(" not in source, name  # text goes in as textContent
    assert client.get("/static/world.geojson").json()["type"] == "FeatureCollection"


def test_online_tiles_are_off_unless_set_and_then_allowed_by_the_policy(tmp_path: Path) -> None:
    offline = client_for(tmp_path, plain_reading())
    assert 'data-tiles=""' in offline.get("/").text
    assert "img-src 'self' data:;" in offline.get("/").headers["content-security-policy"]
    tiles = "https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png"
    online = TestClient(create_app(db_path=tmp_path / "sitrep.db", settings=Settings(online_tiles=tiles)))
    page = online.get("/")
    assert f'data-tiles="{tiles}"' in page.text
    assert "img-src 'self' data: https://*.tile.openstreetmap.org;" in page.headers["content-security-policy"]


def test_openapi_lists_every_json_route_with_its_parameters(tmp_path: Path) -> None:
    client = client_for(tmp_path, plain_reading())
    schema = client.get("/openapi.json").json()
    paths = schema["paths"]
    for path in ("/events.json", "/map.json", "/timeline.json", "/claims.json", "/tallies.json"):
        names = {p["name"] for p in paths[path]["get"]["parameters"]}
        assert {"since", "limit"} <= names or path in ("/timeline.json", "/claims.json", "/tallies.json")
    assert {p["name"] for p in paths["/events.json"]["get"]["parameters"]} >= {"place", "near", "q", "offset"}
    assert paths["/events/{event_id}.json"]["get"]["parameters"][0]["in"] == "path"
    assert paths["/stories/{story_id}.json"]["get"]["parameters"][0]["name"] == "story_id"
    stories = {p["name"] for p in paths["/stories.json"]["get"]["parameters"]}
    assert stories >= {"place", "since", "until", "min_articles", "contradicted", "limit", "offset"}
    assert {p["name"] for p in paths["/contradictions.json"]["get"]["parameters"]} >= {"kind", "limit"}
    assert "post" in paths["/api/articles"]
    html_pages = ("/", "/claims", "/tallies", "/stories", "/contradictions")
    assert not any(path in paths for path in html_pages)  # HTML pages are not the API


def test_map_json_answers_a_crowded_view_with_clusters(tmp_path: Path) -> None:
    client = client_for(tmp_path, plain_reading(), evil_reading(), settings=Settings(max_map_points=2))
    # at zoom 2 the cells are 22.5 degrees wide: Kyiv and Kharkiv share one, the evil town (48, 37) too
    data = client.get("/map.json?zoom=2").json()
    assert data["points"] == [] and data["total"] == 3 and data["next"] is None
    [cluster] = data["clusters"]
    assert cluster["count"] == 3 and cluster["types"]["Strategic developments"] == 1
    assert cluster["lat"] == pytest.approx((50.45 + 49.99 + 48.0) / 3)
    # read from the cells kept by triggers (every date) or counted from the points (a date range): the same
    counted = client.get("/map.json?zoom=2&since=2000-01-01").json()["clusters"]
    assert counted == [cluster | {"lat": pytest.approx(cluster["lat"]), "lon": pytest.approx(cluster["lon"])}]
    for zoom in range(1, 12):  # the two ways agree at every zoom
        kept = client.get(f"/map.json?zoom={zoom}").json()
        assert kept["clusters"] == client.get(f"/map.json?zoom={zoom}&until=2030-01-01").json()["clusters"]
    # zoomed in on Kharkiv, the view holds one point: points again, within the box only
    near = client.get("/map.json?zoom=9&bbox=49.5,35.5,50.5,37").json()
    assert ([p["id"] for p in near["points"]], near["clusters"], near["total"]) == (["ev_shelling"], [], 1)
    assert near["filters"] == {"zoom": "9", "bbox": "49.5,35.5,50.5,37"}
    # without a zoom (an API client paging through points) there are no clusters
    paged = client.get("/map.json").json()
    assert (paged["count"], paged["clusters"], paged["total"]) == (2, [], None)
    # the filters hold for clusters too
    assert client.get("/map.json?zoom=2&type=shelling").json()["clusters"] == []
    # a box across the antimeridian, and views that are wrong
    assert client.get("/map.json?zoom=3&bbox=-20,170,-10,-170").json()["points"] == []
    for bad in ("zoom=99", "zoom=near", "bbox=1,2,3", "bbox=10,0,5,1", "bbox=0,0,1,200", "bbox=a,b,c,d"):
        assert client.get(f"/map.json?{bad}").status_code == 400, bad


# ---- POST /api/articles ------------------------------------------------------------------------------

POSTED = "Shelling hit Kharkiv <script>alert(1)</script> on Tuesday."


class FakePipeline:
    """Stands in for the language pipeline: one shelling event at Kharkiv, evidence the whole text."""

    def read(self, article: Article) -> Reading:
        event = Event(
            id=f"ev_{article.id}",
            type="Explosions/Remote violence",
            sub_type="Shelling/artillery/missile attack",
            status=Status.HAPPENED,
            evidence=(Span(0, len(article.text)),),
            places=(Place("Kharkiv", "UA", 49.99, 36.23, PlaceKind.CITY, 1, Span(0, len(article.text))),),
            occurred=TimeRef("", date(2022, 4, 5), date(2022, 4, 5), Granularity.DAY),
        )
        return Reading(article=article, events=(event,))


def api_client(tmp_path: Path, token: str = "s3cret", **overrides: int) -> TestClient:
    client_for(tmp_path, plain_reading())
    settings = Settings(api_token=token, **overrides)  # type: ignore[arg-type]
    app = create_app(
        db_path=tmp_path / "sitrep.db", settings=settings, pipeline_factory=lambda s: FakePipeline()
    )
    return TestClient(app)


def test_posting_an_article_needs_the_token(tmp_path: Path) -> None:
    body = {"text": POSTED, "title": "Kharkiv", "published": "2022-04-06"}
    read_only = api_client(tmp_path, token="")
    assert read_only.post("/api/articles", json=body, headers={"Authorization": "Bearer "}).status_code == 403
    client = api_client(tmp_path)
    assert client.post("/api/articles", json=body).status_code == 401
    assert (
        client.post("/api/articles", json=body, headers={"Authorization": "Bearer wrong"}).status_code == 401
    )
    assert client.post("/api/articles", json=body, headers={"Authorization": "s3cret"}).status_code == 401
    assert len(client.get("/events.json").json()["events"]) == 2  # nothing was written


def test_a_posted_article_is_read_stored_and_shown_escaped(tmp_path: Path) -> None:
    client = api_client(tmp_path)
    auth = {"Authorization": "Bearer s3cret"}
    answer = client.post("/api/articles", json={"text": POSTED, "title": "<b>K</b>"}, headers=auth)
    assert answer.status_code == 201
    saved = answer.json()
    assert len(saved["events"]) == 1
    event = client.get(f"/events/{saved['events'][0]}.json").json()["event"]
    assert event["article"]["text"] == POSTED and event["article"]["title"] == "<b>K</b>"
    page = client.get(f"/events/{saved['events'][0]}").text
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<b>K</b>" not in client.get("/").text
    again = client.post("/api/articles", json={"text": POSTED, "title": "<b>K</b>"}, headers=auth)
    assert again.json()["article"] == saved["article"]  # same content, same id: replaced, not duplicated
    assert len(client.get("/events.json?place=kharkiv").json()["events"]) == 2


def test_posted_bodies_are_checked_and_limited(tmp_path: Path) -> None:
    client = api_client(tmp_path, max_article_bytes=100)
    auth = {"Authorization": "Bearer s3cret", "Content-Type": "application/json"}
    post = client.post
    assert post("/api/articles", content=b"{not json", headers=auth).status_code == 400
    assert post("/api/articles", content=b"[1, 2]", headers=auth).status_code == 400
    assert post("/api/articles", json={"text": 5}, headers=auth).status_code == 400
    assert post("/api/articles", json={"text": "x", "published": "soon"}, headers=auth).status_code == 400
    assert post("/api/articles", json={"text": "   "}, headers=auth).status_code == 422
    assert post("/api/articles", json={"text": "x" * 101}, headers=auth).status_code == 422
    assert post("/api/articles", content=b" " * 20_000, headers=auth).status_code == 413
    assert client.get("/api/articles").status_code == 405


def test_a_posted_report_goes_through_the_real_pipeline(tmp_path: Path, pipeline: object) -> None:
    client_for(tmp_path, plain_reading())
    settings = Settings(api_token="t")
    app = create_app(db_path=tmp_path / "sitrep.db", settings=settings, pipeline_factory=lambda s: pipeline)  # type: ignore[arg-type,return-value]
    text = (
        "2022-04-07 Washington Russian forces have withdrawn from Chernigov, a senior US defense "
        "official said on Wednesday."
    )
    answer = TestClient(app).post("/api/articles", json={"text": text}, headers={"Authorization": "Bearer t"})
    assert answer.status_code == 201, answer.text
    with open_store(tmp_path / "sitrep.db", readonly=True) as store:
        assert store.counts()["articles"] == 2
        assert store.events(limit=10)  # at least the two hand-made ones, and whatever was read


def test_article_writer_builds_its_pipeline_once(tmp_path: Path) -> None:
    client_for(tmp_path, plain_reading())
    built: list[Settings] = []

    def factory(settings: Settings) -> FakePipeline:
        built.append(settings)
        return FakePipeline()

    writer = ArticleWriter(db_path=tmp_path / "sitrep.db", settings=Settings(), factory=factory)  # type: ignore[arg-type]
    for text in ("Shelling hit Kharkiv.", "Shelling hit Kharkiv again."):
        writer.save(Article(id=text, text=text))
    assert len(built) == 1


# ---- the OpenAPI schema, fuzzed ------------------------------------------------------------------------


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_no_request_crashes_the_server(tmp_path: Path, mode: GenerationMode) -> None:
    """Every operation of the OpenAPI document, fuzzed in-process (schemathesis' pytest plugin does not
    load under this pytest, so the operations are walked here); the store holds markup everywhere."""
    path = tmp_path / "sitrep.db"
    with open_store(path) as store:
        run = store.start_run(["hand-built"])
        for reading in (plain_reading(), evil_reading(), tally_reading(), toll_reading()):
            store.save_reading(reading, run_id=run)
    save_story(path, KHARKIV_STORY, [("ev_shelling", "a_plain"), ("ev_toll", "a_toll")])
    evil_story(path)
    settings_ = Settings(api_token="t")
    app = create_app(db_path=path, settings=settings_, pipeline_factory=lambda s: FakePipeline())  # type: ignore[arg-type,return-value]
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 11
    fuzzed: list[str] = []
    for operation in operations:

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(max_examples=15, deadline=None, database=None, suppress_health_check=list(HealthCheck))
        def fuzz(case: schemathesis.Case) -> None:
            case.call_and_validate(headers={"Authorization": "Bearer t"}, checks=[not_a_server_error])

        try:
            fuzz()
        except Unsatisfiable:
            # all-string parameters have no invalid values to send; other operations still get some
            assert mode is GenerationMode.NEGATIVE, operation.label
            continue
        fuzzed.append(operation.label)
    assert len(fuzzed) >= 3, fuzzed
