"""The web pages show what the store holds, agree with their JSON twins, and never let article text run."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from sitrep.errors import StoreError
from sitrep.models import (
    Article,
    Claim,
    Event,
    Granularity,
    Modality,
    Place,
    PlaceKind,
    Reading,
    Rejected,
    Span,
    Speaker,
    Stance,
    Status,
    Tally,
    TimeRef,
)
from sitrep.settings import Settings
from sitrep.store import open_store
from sitrep.web import create_app
from sitrep.web.render import Mark, highlight

TEXT = "Russian forces withdrew from Kyiv on Wednesday, the official said. Shelling hit Kharkiv."
EVIL = '<script>alert(1)</script>" onmouseover="x'
HTML_PAGES = ("/", "/claims", "/tallies", "/quarantine")


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
    for path in (*HTML_PAGES, "/events/ev_evil"):
        body = client.get(path).text
        assert "<script" not in body, path
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


def test_unknown_ids_are_404(tmp_path: Path) -> None:
    client = client_for(tmp_path, plain_reading())
    page = client.get("/events/ev_nope")
    assert page.status_code == 404 and "text/html" in page.headers["content-type"]
    twin = client.get("/events/ev_nope.json")
    assert twin.status_code == 404 and twin.json() == {"detail": "no event 'ev_nope'"}
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
    assert "default-src 'none'" in client.get("/").headers["content-security-policy"]
    assert client.get("/static/style.css").status_code == 200


def test_the_app_refuses_a_missing_store_and_does_not_create_it(tmp_path: Path) -> None:
    path = tmp_path / "missing.db"
    with pytest.raises(StoreError, match=r"missing\.db"):
        create_app(db_path=path, settings=Settings())
    assert not path.exists()
