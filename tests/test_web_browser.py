"""End to end in headless Chromium: the demo database read by the real pipeline, and a small hand-made store
with markup in every string.

Needs Debian's `chromium` (`.ci/run` installs it) and the Leaflet files `make` puts under
`web/static/vendor/` (npm); without either the tests skip and say which is missing, unless
`SITREP_REQUIRE_BROWSER` is set (as on CI), where they fail instead. Playwright drives the system
browser, never a download. Screenshots and page timings go to `build/test-output/browser/` (or
`$SITREP_TEST_OUTPUT/browser/`).
"""

from __future__ import annotations

import json
import os
import socket
import threading
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import uvicorn

from sitrep.ingest import ingest
from sitrep.models import (
    Article,
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
    Side,
    Span,
    Speaker,
    Stance,
    Status,
    Story,
    TimeRef,
)
from sitrep.models import Bound as QBound
from sitrep.pipeline import Pipeline
from sitrep.readers import ReadOptions, read_inputs
from sitrep.settings import Settings
from sitrep.store import Store, open_store
from sitrep.story_features import Features
from sitrep.web import create_app
from sitrep.web.app import STATIC_DIR

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[1]
DEMO_CORPUS = ROOT / "examples" / "corpus"
OUTPUT = Path(os.environ.get("SITREP_TEST_OUTPUT") or ROOT / "build" / "test-output") / "browser"
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


def _missing() -> str | None:
    if not CHROMIUM.exists():
        return f"no Chromium at {CHROMIUM} (`make chromium`, or apt-get install chromium)"
    if not (LEAFLET.exists() and CLUSTER.exists()):
        return f"no Leaflet under {STATIC_DIR / 'vendor'} (run `make test`, or `npm ci && npm run vendor`)"
    return None


MISSING = _missing()
if MISSING and os.environ.get("SITREP_REQUIRE_BROWSER"):
    # on CI a skipped browser test would hide that the end-to-end tests never ran
    raise RuntimeError(f"SITREP_REQUIRE_BROWSER is set but {MISSING}")
pytestmark = [pytest.mark.browser, pytest.mark.skipif(MISSING is not None, reason=MISSING or "")]
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
    """Kyiv, Kharkiv, Odesa (markup everywhere), and one event misplaced across the ocean."""
    kyiv = "Russian forces withdrew from Kyiv on Wednesday, the official said."
    washington = "Officials in Washington discussed the convoy."
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
        _reading(
            "a4",
            washington,
            [
                _event(
                    washington,
                    eid="ev_washington",
                    kind="Strategic developments",
                    trigger="discussed",
                    place=("Washington", 38.9, -77.04),
                    day=date(2022, 2, 10),
                )
            ],
            date(2022, 2, 11),
        ),
    ]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """The app over `path` on a free local port, in a thread, for as long as the `with` lasts."""

    def __init__(self, path: Path, settings: Settings) -> None:
        self.port = _free_port()
        config = uvicorn.Config(
            create_app(db_path=path, settings=settings), host="127.0.0.1", port=self.port, log_level="warning"
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> str:
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.05)
        return f"http://127.0.0.1:{self.port}"

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


def evil_story(store: Store) -> None:
    """The Odesa event in a story whose contradiction's every string is markup, its claim too."""
    odesa = next(r for r in readings() if r.article.id == "a3")
    claim = Claim("cl_evil", Speaker(EVIL, EVIL, EVIL), EVIL, Span(0, 10), Stance.DENIED, Modality.FACT)
    evil = Reading(article=odesa.article, claims=(claim,), events=odesa.events)
    store.save_reading(evil, run_id=store.start_run(["evil story"]))
    side = Side("a3", EVIL, EVIL, event="ev_odesa", claim="cl_evil")
    contra = Contradiction("contra_evil", ContradictionKind.DENIAL, side, side, story="story_evil")
    story = Story(
        "story_evil", ("ev_odesa",), ("a3",), (EVIL,), EVIL, EVIL, 46.48, 30.73, contradictions=(contra,)
    )
    with store.linking() as session:
        member = Features("ev_odesa", "a3", EVIL, "", "happened", (), None, None, "", ())
        session.add_member(member, story_id=story.id, keys=())
        session.save_story(story)


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    path = tmp_path_factory.mktemp("browser") / "sitrep.db"
    with open_store(path) as store:
        run = store.start_run(["hand-built"])
        for reading in readings():
            store.save_reading(reading, run_id=run)
        evil_story(store)
    with Server(path, Settings()) as url:
        yield url


@pytest.fixture(scope="module")
def demo_url(
    tmp_path_factory: pytest.TempPathFactory, pipeline: Pipeline, gazetteer: object
) -> Iterator[str]:
    """The demo database (`make demo`): `examples/corpus` read by the real pipeline."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    options = ReadOptions(is_place=gazetteer.is_place)  # type: ignore[attr-defined]
    with open_store(path) as store:
        items = read_inputs([str(DEMO_CORPUS)], options=options)
        summary = ingest(items, pipeline=pipeline, store=store, inputs=[str(DEMO_CORPUS)])
    assert summary.articles == len(list(DEMO_CORPUS.glob("*.txt"))) and summary.events > 20
    with Server(path, Settings()) as url:
        yield url


def save(page: object, name: str, *, full_page: bool = True) -> Path:
    """A screenshot under the test output, kept after the run for people to look at."""
    OUTPUT.mkdir(parents=True, exist_ok=True)
    path = OUTPUT / name
    page.screenshot(path=str(path), full_page=full_page)  # type: ignore[attr-defined]
    assert path.stat().st_size > 10_000
    return path


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


def test_demo_database_filtered_by_place_and_date_opens_an_event_with_its_evidence(
    demo_url: str, page: object
) -> None:
    p = page  # type: ignore[assignment]
    started = time.perf_counter()
    p.goto(demo_url + "/")
    located = int(map_loaded(p))
    p.wait_for_selector("#timeline[data-loaded] svg rect.bar")
    first_load_ms = (time.perf_counter() - started) * 1000
    assert located > 20 and p.locator("#legend li").count() >= 3
    save(p, "demo-events.png", full_page=False)  # a hundred rows below the map

    p.fill("input[name=place]", "Kharkiv")
    p.fill("input[name=since]", "2022-02-27")
    p.fill("input[name=until]", "2022-03-01")
    p.click("form.filters button[type=submit]")
    p.wait_for_url("**place=Kharkiv**until=2022-03-01**")
    assert 1 <= int(map_loaded(p)) < located
    rows = p.locator("table.records tbody tr")
    assert rows.count() >= 2
    for text in rows.all_inner_texts():  # every event listed is in the range, at or near Kharkiv
        assert any(day in text for day in ("2022-02-27", "2022-02-28", "2022-03-01")), text
    save(p, "demo-filtered.png")

    p.locator("table.records tbody tr", has_text="2022-03-01").locator("a[href^='/events/']").first.click()
    p.wait_for_url("**/events/**")
    assert p.locator(".article-text mark.trigger").count() >= 1
    assert "Kharkov" in p.locator(".article-text mark.place").all_inner_texts()  # as the report spells it
    assert p.locator("ol.evidence mark").count() >= 1
    save(p, "demo-event.png")
    OUTPUT.mkdir(parents=True, exist_ok=True)
    (OUTPUT / "demo-timings.json").write_text(json.dumps({"first_load_ms": round(first_load_ms)}))


def test_demo_story_shows_its_reports_and_contradictions_side_by_side(demo_url: str, page: object) -> None:
    """The demo's story told by three reports (examples/corpus/032-034): two tolls and a denial."""
    p = page  # type: ignore[assignment]
    p.goto(demo_url + "/stories?contradicted=true")
    p.locator("table.records tbody tr", has_text="Sumy").locator("a[href^='/stories/']").click()
    p.wait_for_url("**/stories/story_**")
    assert p.locator("ol.reports li.report").count() >= 3
    assert p.locator("ol.reports mark.trigger").count() >= 2  # each report's words, highlighted
    toll = p.locator("article.contradiction", has_text="Death toll")
    assert sorted(toll.locator(".side .value").all_inner_texts()) == ["12", "15"]
    speakers = " ".join(toll.locator(".side .speaker").all_inner_texts())
    assert "governor" in speakers and "033_sumy_bus_station_toll" in speakers  # the outlet, in its own voice
    denial = p.locator("article.contradiction", has_text="denial")
    assert "denies" in denial.locator(".side .value").all_inner_texts()
    save(p, "demo-story.png")

    toll.locator(".side a.event-link").first.click()  # one side's report, on the event page
    p.wait_for_url("**/events/event_**")
    assert p.locator("section.story li.report.current").count() == 1
    assert p.locator("section.story li.report").count() >= 3
    assert p.locator("section.contradictions article.contradiction", has_text="Death toll").count() == 1
    assert p.locator(".article-text mark.trigger").count() >= 1
    save(p, "demo-event-story.png")

    p.goto(demo_url + "/contradictions")
    assert p.locator("article.contradiction").count() >= 2
    p.select_option("select[name=kind]", "fatalities")
    p.click("form.filters button[type=submit]")
    p.wait_for_url("**kind=fatalities**")
    assert p.locator("article.contradiction").count() >= 1
    assert p.locator("article.contradiction .side").count() == 2 * p.locator("article.contradiction").count()
    save(p, "demo-contradictions.png")


def test_map_filters_by_place_and_date_and_opens_an_event(base_url: str, page: object) -> None:
    p = page  # type: ignore[assignment]
    p.goto(base_url + "/")
    assert map_loaded(p) == "4"
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
    save(p, "event.png")


def test_one_misplaced_event_does_not_zoom_the_map_out_to_the_world(base_url: str, page: object) -> None:
    p = page  # type: ignore[assignment]
    p.goto(base_url + "/")
    assert map_loaded(p) == "4"  # Kyiv, Kharkiv, Odesa, and Washington
    p.wait_for_selector("#map[data-zoom]")
    assert int(p.get_attribute("#map", "data-zoom")) >= 5  # Ukraine fills the map
    centre = json.loads(p.get_attribute("#map", "data-centre"))
    assert 44 < centre[0] < 53 and 22 < centre[1] < 41, centre
    save(p, "bulk-fit.png")


def test_brushing_the_timeline_puts_the_dates_in_the_url(base_url: str, page: object) -> None:
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
    save(p, "brushed.png")


def test_no_script_from_article_text_runs_or_renders_as_markup(base_url: str, page: object) -> None:
    p = page  # type: ignore[assignment]
    p.goto(base_url + "/?place=odesa")
    assert map_loaded(p) == "1"
    p.wait_for_selector("#timeline svg")
    assert EVIL in p.locator("table.records").inner_text()  # the type, shown as text
    p.locator("path.leaflet-interactive").first.click()
    assert EVIL in p.locator(".leaflet-popup .popup a").inner_text()
    assert p.locator("#legend").inner_text().count("<script>") == 1
    p.goto(base_url + "/events/ev_odesa")
    p.wait_for_selector(".article-text mark.trigger")
    assert EVIL in p.locator(".article-text").inner_text()
    assert EVIL in p.locator("h1").inner_text()
    # nothing from the text became an element: no image, no script outside the page's own
    assert p.locator("main img, main script, .article-text *:not(mark)").count() == 0
    assert p.locator("script:not([src])").count() == 0
    p.wait_for_timeout(300)  # an onerror handler would have run by now
    assert p.evaluate("window.__pwned") is None
    save(p, "escaped.png")
    for path in ("/stories/story_evil", "/contradictions", "/stories?min_articles=1", "/claims"):
        p.goto(base_url + path)
        assert EVIL in p.locator("main").inner_text(), path
        assert p.locator("main img, main script").count() == 0, path
        p.wait_for_timeout(200)
        assert p.evaluate("window.__pwned") is None, path
    save(p, "escaped-story.png")
