"""End to end in headless Chromium: the map, the timeline and the filters over a small hand-made store.

Needs Debian's `chromium` and the Leaflet files `make` puts under `web/static/vendor/` (npm); without
either the tests skip and say which is missing. Playwright drives the system browser, never a download.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import uvicorn

from sitrep.models import (
    Article,
    Event,
    Granularity,
    Place,
    PlaceKind,
    Quantity,
    Reading,
    Span,
    Status,
    TimeRef,
)
from sitrep.models import Bound as QBound
from sitrep.settings import Settings
from sitrep.store import open_store
from sitrep.web import create_app
from sitrep.web.app import STATIC_DIR

CHROMIUM = Path("/usr/bin/chromium")
LEAFLET = STATIC_DIR / "vendor" / "leaflet" / "leaflet.js"
CLUSTER = STATIC_DIR / "vendor" / "markercluster" / "leaflet.markercluster.js"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
EVIL = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>'

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"no Chromium at {CHROMIUM} (apt-get install chromium)"),
    pytest.mark.skipif(
        not (LEAFLET.exists() and CLUSTER.exists()),
        reason=f"no Leaflet under {STATIC_DIR / 'vendor'} (run `make test`, or `npm ci && npm run vendor`)",
    ),
]
sync_api = pytest.importorskip(
    "playwright.sync_api", reason="playwright is not installed (pip install -e .[test])"
)


def _event(
    text: str, *, eid: str, kind: str, trigger: str, place: tuple[str, float, float], day: date
) -> Event:
    name, lat, lon = place
    start = text.index(trigger)
    where = text.index(name)
    killed = text.find("three")
    return Event(
        id=eid,
        type=kind,
        sub_type="",
        status=Status.HAPPENED,
        evidence=(Span(0, len(text)),),
        places=(Place(name, "UA", lat, lon, PlaceKind.CITY, 1, Span(where, where + len(name))),),
        occurred=TimeRef("", day, day, Granularity.DAY),
        trigger=Span(start, start + len(trigger)),
        fatalities=Quantity(3, QBound.EXACT, "killed", Span(killed, killed + 5)) if killed >= 0 else None,
    )


def _reading(aid: str, text: str, events: list[Event], published: date) -> Reading:
    article = Article(id=aid, text=text, title=text[:40], published=published, source="wire")
    return Reading(article=article, events=tuple(events))


def readings() -> list[Reading]:
    kyiv = "Russian forces withdrew from Kyiv on Wednesday, the official said."
    kharkiv = "Shelling hit Kharkiv overnight, killing three people."
    odesa = f"Missiles struck Odesa port. {EVIL}"
    return [
        _reading(
            "a1",
            kyiv,
            [
                _event(
                    kyiv,
                    eid="ev_kyiv",
                    kind="Strategic developments",
                    trigger="withdrew",
                    place=("Kyiv", 50.45, 30.52),
                    day=date(2022, 4, 6),
                )
            ],
            date(2022, 4, 7),
        ),
        _reading(
            "a2",
            kharkiv,
            [
                _event(
                    kharkiv,
                    eid="ev_kharkiv",
                    kind="Explosions/Remote violence",
                    trigger="Shelling",
                    place=("Kharkiv", 49.99, 36.23),
                    day=date(2022, 3, 20),
                )
            ],
            date(2022, 3, 21),
        ),
        _reading(
            "a3",
            odesa,
            [
                _event(
                    odesa,
                    eid="ev_odesa",
                    kind=EVIL,
                    trigger="struck",
                    place=("Odesa", 46.48, 30.73),
                    day=date(2022, 3, 1),
                )
            ],
            date(2022, 3, 2),
        ),
    ]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    path = tmp_path_factory.mktemp("browser") / "sitrep.db"
    with open_store(path) as store:
        run = store.start_run(["hand-built"])
        for reading in readings():
            store.save_reading(reading, run_id=run)
    port = _free_port()
    config = uvicorn.Config(
        create_app(db_path=path, settings=Settings()), host="127.0.0.1", port=port, log_level="warning"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1280, "height": 1000})  # type: ignore[attr-defined]
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield page
    context.close()
    assert errors == [], errors


def map_loaded(page: object) -> str:
    page.wait_for_selector("#map[data-loaded]")  # type: ignore[attr-defined]
    return str(page.get_attribute("#map", "data-loaded"))  # type: ignore[attr-defined]


def test_map_filters_by_place_and_date_and_opens_an_event(
    base_url: str, page: object, tmp_path: Path
) -> None:
    p = page  # type: ignore[assignment]
    p.goto(base_url + "/")
    assert map_loaded(p) == "3"
    p.wait_for_selector("#timeline[data-loaded] svg rect.bar")
    assert p.locator("#legend li").count() == 3

    p.fill("input[name=place]", "Kharkiv")
    p.click("form.filters button[type=submit]")
    p.wait_for_url("**place=Kharkiv**")
    assert map_loaded(p) == "1"
    assert p.locator("table.records tbody tr").count() == 1

    p.fill("input[name=since]", "2022-04-01")
    p.click("form.filters button[type=submit]")
    p.wait_for_url("**since=2022-04-01**")
    assert map_loaded(p) == "0" and p.locator("table.records").count() == 0

    p.goto(base_url + "/?since=2022-03-15&until=2022-03-31")
    assert map_loaded(p) == "1"
    p.locator("path.leaflet-interactive").first.click()  # the one marker: its popup links to the event
    p.locator(".leaflet-popup .popup a").click()
    p.wait_for_url("**/events/ev_kharkiv")
    assert p.locator("mark.trigger").first.inner_text() == "Shelling"
    assert p.locator("mark.place").first.inner_text() == "Kharkiv"
    p.screenshot(path=str(tmp_path / "event.png"), full_page=True)
    assert (tmp_path / "event.png").stat().st_size > 0


def test_brushing_the_timeline_puts_the_dates_in_the_url(base_url: str, page: object, tmp_path: Path) -> None:
    p = page  # type: ignore[assignment]
    p.goto(base_url + "/?type=Explosions")
    map_loaded(p)
    chart = p.locator("#timeline svg").bounding_box()
    y = chart["y"] + 60
    p.mouse.move(chart["x"] + 5, y)
    p.mouse.down()
    p.mouse.move(chart["x"] + chart["width"] - 5, y, steps=5)
    p.mouse.up()
    p.wait_for_url("**until=**")
    assert "type=Explosions" in p.url and "since=" in p.url
    assert map_loaded(p) == "1"
    p.screenshot(path=str(tmp_path / "brushed.png"), full_page=True)


def test_no_script_from_article_text_runs(base_url: str, page: object) -> None:
    p = page  # type: ignore[assignment]
    p.goto(base_url + "/?place=odesa")
    assert map_loaded(p) == "1"
    p.locator("path.leaflet-interactive").first.click()
    assert EVIL in p.locator(".leaflet-popup .popup a").inner_text()  # shown as text
    p.wait_for_selector("#timeline svg")
    p.goto(base_url + "/events/ev_odesa")
    p.wait_for_timeout(300)
    assert p.evaluate("window.__pwned") is None
    assert EVIL in p.locator(".article-text").inner_text()
