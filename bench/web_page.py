"""The events page in headless Chromium: first load, and how usable the map is with many events.

    python bench/web_page.py [--events 50000] [--db PATH] [--repeat 5] [--clusters-only]

Builds (or reuses, with --db) a store of synthetic events (as `bench/web.py` does), serves it with uvicorn
on a local port and opens `/` in Debian's chromium through Playwright, `--repeat` times after one warm-up
load, twice: with the default settings (past `max_map_points` the server sends clusters) and with
`max_map_points` raised to every event (all points sent, clustered in the browser by
Leaflet.markercluster). For each it reports, from the page's own clock: the HTML received, DOM ready, the
`load` event, the map drawn, the timeline drawn, the longest main-thread task while loading; then the time
from two clicks on the zoom button to the map drawn again. The last line is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import socket
import statistics
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import uvicorn
from playwright.sync_api import Page, sync_playwright
from web import build_store

from sitrep.settings import Settings
from sitrep.store import open_store
from sitrep.web import create_app

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]

# Injected before the page's own scripts: when the map and timeline say they are drawn, and long tasks.
PROBE = """
window.__marks = {map: [], timeline: null, long: []};
new PerformanceObserver(function (list) {
  list.getEntries().forEach(function (e) { window.__marks.long.push([e.startTime, e.duration]); });
}).observe({type: "longtask", buffered: true});
document.addEventListener("DOMContentLoaded", function () {
  new MutationObserver(function (changes) {
    var now = performance.now();
    changes.forEach(function (change) {
      var el = change.target;
      var drawn = el.id === "map" && change.attributeName === "data-drawn";
      if (drawn) window.__marks.map.push([now, el.dataset.loaded]);
      if (el.id === "timeline" && window.__marks.timeline === null) window.__marks.timeline = now;
    });
  }).observe(document.body, {attributes: true, subtree: true, attributeFilter: ["data-drawn", "data-loaded"]}
  );
});
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serving(path: Path, settings: Settings) -> Iterator[str]:
    port = _free_port()
    app = create_app(db_path=path, settings=settings)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def load_once(page: Page, url: str) -> dict[str, float]:
    page.goto(url)
    page.wait_for_function(
        "window.__marks.map.length > 0 && window.__marks.timeline !== null", timeout=120_000
    )
    page.wait_for_timeout(300)  # a map that fits its view asks again for the new view
    nav = page.evaluate("performance.getEntriesByType('navigation')[0].toJSON()")
    marks = page.evaluate("window.__marks")
    loading = [d for start, d in marks["long"] if start < marks["map"][-1][0]]
    return {
        "html_ms": nav["responseEnd"],
        "dom_ready_ms": nav["domContentLoadedEventEnd"],
        "load_event_ms": nav["loadEventEnd"],
        "map_drawn_ms": marks["map"][0][0],
        "map_settled_ms": marks["map"][-1][0],
        "timeline_drawn_ms": marks["timeline"],
        "longest_task_ms": max(loading, default=0.0),
        "on_map": float(marks["map"][-1][1]),
    }


def zoom_in(page: Page) -> dict[str, float | None]:
    """Two clicks on the zoom button: from the second, the time until the map is drawn again for the new
    view (if it asks the server: a map holding every point clusters them in the browser) and the longest
    task meanwhile."""
    page.click(".leaflet-control-zoom-in")
    page.wait_for_timeout(300)
    before = page.evaluate("window.__marks.map.length")
    started = float(page.evaluate("performance.now()"))
    page.click(".leaflet-control-zoom-in")
    page.wait_for_timeout(2000)
    marks = page.evaluate("window.__marks")
    redrawn = round(marks["map"][-1][0] - started, 1) if len(marks["map"]) > before else None
    tasks = [duration for start, duration in marks["long"] if start >= started]
    return {"redrawn_ms": redrawn, "longest_task_ms": max(tasks, default=0.0)}


def scenario(path: Path, settings: Settings, repeat: int) -> dict[str, Any]:
    with serving(path, settings) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        # the probe is evaluated code, which the page's policy rightly forbids; the bench lifts it
        context = browser.new_context(viewport={"width": 1280, "height": 1000}, bypass_csp=True)
        context.add_init_script(PROBE)
        page = context.new_page()
        load_once(page, url + "/")  # warm-up: the browser's and the server's first request
        loads = [load_once(page, url + "/") for _ in range(repeat)]
        zoom = zoom_in(page)
        browser.close()
    summary = {key: round(statistics.median(run[key] for run in loads), 1) for key in loads[0]}
    return summary | {f"zoom in: {key}": value for key, value in zoom.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=50_000)
    parser.add_argument("--db", type=Path, help="reuse (or create) this store instead of a temporary one")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--clusters-only", action="store_true", help="skip sending every point (a big store)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = args.db or Path(tmp) / "page.db"
        if not path.exists():
            build_store(path, events=args.events, per_article=20)
        with open_store(path, readonly=True) as store:
            stored = store.counts()["events"]
        results = {"server clusters (default)": scenario(path, Settings(), args.repeat)}
        if not args.clusters_only:
            every = Settings(max_map_points=100_000)
            results["every point sent, clustered in the browser"] = scenario(path, every, args.repeat)
    print(f"{stored:,} events; medians of {args.repeat} loads after a warm-up, measured by the page's clock")
    keys = list(next(iter(results.values())))
    print(f"{'':<20}" + "".join(f"{name[:26]:>28}" for name in results))
    for key in keys:
        print(f"{key:<20}" + "".join(f"{r[key]!s:>28}" for r in results.values()))
    print(json.dumps({"events": stored, "results": results}))


if __name__ == "__main__":
    main()
