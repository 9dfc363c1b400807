"""The embedded SQLite store: the only package in sitrep that speaks SQL.

with open_store("sitrep.db") as store:
    run = store.start_run(["articles.jsonl"])
    store.save_reading(reading, run_id=run)
    store.finish_run(run, RunSummary(articles=1, events=len(reading.events)))
    store.events(EventFilter(place="Chernihiv", since=date(2022, 4, 1)))
"""

from sitrep.store.db import RunSummary, Store, open_store, upgrade_store
from sitrep.store.filters import WORLD, EventFilter, MapView
from sitrep.store.reads import MAX_LIMIT, MAX_MAP_POINTS

__all__ = [
    "MAX_LIMIT",
    "MAX_MAP_POINTS",
    "WORLD",
    "EventFilter",
    "MapView",
    "RunSummary",
    "Store",
    "open_store",
    "upgrade_store",
]
