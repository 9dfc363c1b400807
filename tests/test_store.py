"""The store keeps exactly what it is given, finds it by every filter, and fails with clear errors."""

from __future__ import annotations

import sqlite3
import tempfile
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitrep import export
from sitrep.errors import StoreError
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
    Rejected,
    Span,
    Speaker,
    Stance,
    Status,
    Story,
    Tally,
    TimeRef,
    article_id,
)
from sitrep.store import (
    MAX_LIMIT,
    EventFilter,
    RunSummary,
    Store,
    db,
    open_store,
    reads,
    schema,
    upgrade_store,
)
from sitrep.store.filters import fold, where_clause
from sitrep.store.rows import insert_sql, reading_rows

TEXT = (
    "Russian forces have withdrawn from around Kyiv and Chernigov, a senior US Department of Defense "
    'official said Wednesday. "We are not seeing Russian forces in Kyiv," the official said. '
    "Mariúpol is still besieged. At least 1,480 civilians have been killed since February 24, "
    "the UN Office of the High Commissioner for Human Rights said."
)
PUBLISHED = date(2022, 4, 7)


def span_of(words: str, text: str = TEXT, nth: int = 0) -> Span:
    start = -1
    for _ in range(nth + 1):
        start = text.index(words, start + 1)
    return Span(start, start + len(words))


def place(name: str, written: str, lat: float, lon: float, *, admin1: str = "", text: str = TEXT) -> Place:
    return Place(
        name=name,
        country="UA",
        lat=lat,
        lon=lon,
        kind=PlaceKind.CITY,
        precision=1,
        span=span_of(written, text),
        admin1=admin1,
    )


def day(text: str, when: date, *, source: str = TEXT) -> TimeRef:
    return TimeRef(text=text, start=when, end=when, granularity=Granularity.DAY, span=span_of(text, source))


def make_reading(*, text: str = TEXT, title: str = "Russians leave Kyiv", source: str = "wire") -> Reading:
    """The seed story in miniature: a withdrawal, a siege, a claim and a tally."""
    article = Article(
        id=article_id(text, published=PUBLISHED, title=title),
        text=text,
        published=PUBLISHED,
        source=source,
        url="https://example.org/kyiv",
        title=title,
        dateline="Washington",
    )
    kyiv = place("Kyiv", "Kyiv", 50.4501, 30.5234, admin1="Kyiv City")
    chernihiv = place("Chernihiv", "Chernigov", 51.4982, 31.2893, admin1="Chernihivska")
    mariupol = place("Mariúpol", "Mariúpol", 47.0951, 37.5413, admin1="Donetska")
    wednesday = day("Wednesday", date(2022, 4, 6))
    official = Speaker(role="senior official", organisation="US Department of Defense")
    claim = Claim(
        id=f"cl_{article.id}",
        speaker=official,
        verb="said",
        span=span_of("We are not seeing Russian forces in Kyiv"),
        stance=Stance.ASSERTED,
        modality=Modality.FACT,
        said=wednesday,
        cue=span_of("said", nth=1),
    )
    withdrawal = Event(
        id=f"ev_{article.id}_1",
        type="Strategic developments",
        sub_type="Non-violent transfer of territory",
        status=Status.HAPPENED,
        evidence=(span_of("Russian forces have withdrawn from around Kyiv and Chernigov"),),
        actor1="Russian forces",
        places=(kyiv, chernihiv),
        occurred=wednesday,
        claims=(claim.id,),
        plover="RETREAT",
        trigger=span_of("withdrawn"),
        confidence=0.8,
    )
    siege = Event(
        id=f"ev_{article.id}_2",
        type="Battles",
        sub_type="Siege",
        status=Status.ONGOING,
        evidence=(span_of("Mariúpol is still besieged"),),
        actor1="Russian forces",
        actor2="Ukrainian forces",
        places=(mariupol,),
        occurred=TimeRef("since March", date(2022, 3, 1), date(2022, 3, 31), Granularity.MONTH),
        trigger=span_of("besieged"),
    )
    killed = Quantity(
        1480, Bound.AT_LEAST, "killed", span_of("At least 1,480 civilians"), population="civilians"
    )
    tally = Tally(
        id=f"ta_{article.id}",
        counts=(killed,),
        span=span_of("At least 1,480 civilians have been killed since February 24"),
        population="civilians",
        period_start=day("February 24", date(2022, 2, 24)),
        period_end=TimeRef("", date(2022, 4, 4), date(2022, 4, 4), Granularity.DAY),
        organisation="UN Office of the High Commissioner for Human Rights",
    )
    return Reading(
        article=article,
        places=(kyiv, chernihiv, mariupol),
        times=(wednesday,),
        quantities=(killed,),
        claims=(claim,),
        events=(withdrawal, siege),
        tallies=(tally,),
    )


def saved(tmp_path: Path, *readings: Reading) -> Store:
    store = open_store(tmp_path / "sitrep.db")
    run = store.start_run(["hand-built"])
    for reading in readings:
        store.save_reading(reading, run_id=run)
    return store


def ids(rows: list[dict[str, object]]) -> list[object]:
    return [row["id"] for row in rows]


# ---- round trip -------------------------------------------------------------------------------------


def test_events_give_back_the_json_contract_with_an_article_summary(tmp_path: Path) -> None:
    reading = make_reading()
    with saved(tmp_path, reading) as store:
        rows = store.events()
    expected = [export.event_json(e, TEXT) for e in reading.events]
    assert [{k: v for k, v in row.items() if k != "article"} for row in rows] == expected
    assert rows[0]["article"] == {
        "id": reading.article.id,
        "title": "Russians leave Kyiv",
        "published": "2022-04-07",
        "source": "wire",
        "url": "https://example.org/kyiv",
    }


def test_event_gives_the_full_article_and_the_linked_claims(tmp_path: Path) -> None:
    reading = make_reading()
    withdrawal, claim = reading.events[0], reading.claims[0]
    with saved(tmp_path, reading) as store:
        record = store.event(withdrawal.id)
    assert record is not None
    assert record["article"] == export.article_json(reading.article)
    assert record["evidence"][0]["text"] == "Russian forces have withdrawn from around Kyiv and Chernigov"
    assert [p["name"] for p in record["places"]] == ["Kyiv", "Chernihiv"]
    assert record["occurred"]["start"] == "2022-04-06"
    [linked] = record["claim_records"]
    assert {k: v for k, v in linked.items() if k != "article"} == export.claim_json(claim, TEXT)
    assert linked["speaker"]["organisation"] == "US Department of Defense"


def test_unknown_event_is_none(tmp_path: Path) -> None:
    with saved(tmp_path, make_reading()) as store:
        assert store.event("ev_nope") is None


def test_claims_and_tallies_round_trip(tmp_path: Path) -> None:
    reading = make_reading()
    with saved(tmp_path, reading) as store:
        [claim] = store.claims()
        [tally] = store.tallies()
        assert store.claims(speaker="defense", stance="asserted") == [claim]
        assert store.claims(stance="denied") == []
        assert store.tallies(organisation="high commissioner") == [tally]
        assert store.tallies(organisation="red cross") == []
    assert claim["text"] == "We are not seeing Russian forces in Kyiv"
    assert claim["article"]["id"] == reading.article.id
    assert {k: v for k, v in tally.items() if k != "article"} == export.tally_json(reading.tallies[0], TEXT)
    assert tally["counts"][0]["value"] == 1480
    assert tally["period"] == {
        "start": "2022-02-24",
        "end": "2022-04-04",
        "start_ref": tally["period"]["start_ref"],
        "end_ref": tally["period"]["end_ref"],
    }


def test_iter_events_streams_the_same_rows_with_the_source_claims_and_story(tmp_path: Path) -> None:
    with saved(tmp_path, make_reading()) as store:
        listed = store.events()
        streamed = list(store.iter_events())
    added = ("source", "claim_records", "story")
    assert [{k: v for k, v in row.items() if k not in added} for row in streamed] == listed
    assert all(row["story"] is None for row in streamed)  # stored but not linked yet
    assert {row["source"] for row in streamed} == {"wire"}
    assert export.acled_row(streamed[0])["source"] == "wire"


def test_saving_twice_leaves_one_copy(tmp_path: Path) -> None:
    reading = make_reading()
    with saved(tmp_path, reading, reading) as store:
        counts = store.counts()
        assert store.has_article(reading.article.id)
        assert not store.has_article("0" * 16)
        assert len(store.event(reading.events[0].id)["claim_records"]) == 1  # type: ignore[index]
    assert counts == {"articles": 1, "events": 2, "claims": 1, "tallies": 1, "quarantined": 0}


def test_resaving_replaces_the_old_reading(tmp_path: Path) -> None:
    reading = make_reading()
    fewer = Reading(article=reading.article, events=reading.events[:1])
    with saved(tmp_path, reading, fewer) as store:
        assert ids(store.events()) == [reading.events[0].id]
        assert store.claims() == []
        assert store.tallies() == []
        # the gone event's place must be gone from the R*Tree too
        assert store.events(EventFilter(near=(47.0951, 37.5413, 10))) == []


def test_a_clash_of_record_ids_is_a_store_error_and_leaves_nothing_half_written(tmp_path: Path) -> None:
    reading = make_reading()
    doubled = Reading(article=reading.article, events=(reading.events[0], reading.events[0]))
    with saved(tmp_path) as store:
        run = store.start_run([])
        with pytest.raises(StoreError, match=reading.article.id):
            store.save_reading(doubled, run_id=run)
        assert store.counts()["articles"] == 0


# ---- runs, quarantine, migrations -------------------------------------------------------------------


def test_runs_record_their_inputs_and_summary(tmp_path: Path) -> None:
    with open_store(tmp_path / "s.db") as store:
        run = store.start_run(["a.jsonl", "b.txt"])
        store.finish_run(run, RunSummary(articles=2, skipped=1, events=3, claims=4, tallies=5, quarantined=6))
        [row] = store.runs()
        with pytest.raises(StoreError, match="no such run"):
            store.finish_run(run + 1, RunSummary())
    assert row["inputs"] == ["a.jsonl", "b.txt"]
    assert row["status"] == "finished"
    assert row["finished_at"] is not None
    assert (row["articles"], row["skipped"], row["events"], row["quarantined"]) == (2, 1, 3, 6)


def test_quarantine_keeps_the_raw_bytes(tmp_path: Path) -> None:
    raw = b"\xff\xfe\x00binary\x00garbage"
    with open_store(tmp_path / "s.db") as store:
        run = store.start_run(["junk.bin"])
        store.quarantine(Rejected(input="junk.bin", reason="invalid UTF-8", raw=raw), run_id=run)
        [row] = store.quarantined()
        assert store.quarantined_raw(row["id"]) == raw
        assert store.quarantined_raw(row["id"] + 1) is None
        assert store.counts()["quarantined"] == 1
    assert row["input"] == "junk.bin"
    assert row["reason"] == "invalid UTF-8"
    assert row["size"] == len(raw)
    assert row["run_id"] == run
    assert "raw" not in row


def test_migrations_are_recorded_once(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    open_store(path).close()
    with open_store(path) as store:
        migrations = store.migrations()
    assert [(m["id"], m["name"]) for m in migrations] == [
        (1, "initial"),
        (2, "event_days"),
        (3, "stories"),
        (4, "event_points"),
        (5, "speakers"),
    ]
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone() == (5,)
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)


# ---- the index the filters read (event_points, kept by triggers) ----------------------------------------


def point_rows(path: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(path) as conn:
        rows = conn.execute("SELECT event_id, idx, day, end_day, place_name_id IS NOT NULL FROM event_points")
        return sorted(rows)


def cells_agree(path: Path) -> bool:
    """`event_cells`, kept by triggers, holds what counting the located points now gives."""
    recount = (
        "SELECT CAST((lat + 90) * 20 AS INTEGER), CAST((lon + 180) * 20 AS INTEGER), kind_id, status,"
        " count(*), round(sum(lat), 6), round(sum(lon), 6), sum(ifnull(fatalities, 0)) FROM event_points"
        " WHERE lat IS NOT NULL AND lon IS NOT NULL GROUP BY 1, 2, 3, 4"
    )
    kept = (
        "SELECT row, col, kind_id, status, count, round(lat_sum, 6), round(lon_sum, 6), fatalities"
        " FROM event_cells"
    )
    with sqlite3.connect(path) as conn:
        return sorted(conn.execute(recount)) == sorted(conn.execute(kept))


def counted_days(path: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(path) as conn:
        return sorted(conn.execute("SELECT day, kind_id, status, count FROM event_counts"))


def with_placeless(reading: Reading) -> Reading:
    placeless = Event(
        id="ev_placeless", type="Riots", sub_type="Mob violence", status=Status.HAPPENED, evidence=()
    )
    return Reading(article=reading.article, claims=reading.claims, events=(*reading.events, placeless))


def test_event_points_follow_saves_resaves_and_deletes(tmp_path: Path) -> None:
    reading = with_placeless(make_reading())
    withdrawal, siege, _ = (e.id for e in reading.events)
    path = tmp_path / "sitrep.db"
    with saved(tmp_path, reading) as store:
        expected = [
            ("ev_placeless", 0, "", None, 0),  # an event without a place still has a row
            (withdrawal, 0, "2022-04-06", "2022-04-06", 1),
            (withdrawal, 1, "2022-04-06", "2022-04-06", 1),
            (siege, 0, "2022-03-01", "2022-03-31", 1),
        ]
        assert point_rows(path) == sorted(expected)
        counts = counted_days(path)
        assert sum(row[3] for row in counts) == 2  # the undated event is not on the timeline
        store.save_reading(reading, run_id=store.start_run(["again"]))
        assert point_rows(path) == sorted(expected) and counted_days(path) == counts and cells_agree(path)
        assert ids(store.events(EventFilter(type="riots"))) == ["ev_placeless"]
        assert ids(store.events(EventFilter(place="kyiv"))) == [withdrawal]  # once, not once per place
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.create_function("sitrep_fold", 1, fold, deterministic=True)  # the triggers fold new names
        conn.execute("DELETE FROM event_places WHERE event_id = ?", (siege,))  # its last place goes
        conn.commit()
        assert (siege, 0, "2022-03-01", "2022-03-31", 0) in point_rows(path) and cells_agree(path)
        conn.execute(
            "UPDATE events SET type = 'Riots', sub_type = 'Mob violence' WHERE id = ?", (withdrawal,)
        )
        conn.commit()
    with open_store(path, readonly=True) as store:
        assert set(ids(store.events(EventFilter(type="riots")))) == {"ev_placeless", withdrawal}
        assert store.events_per_day(EventFilter(type="riots")) == [
            {"day": "2022-04-06", "type": "Riots", "count": 1}
        ]
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("DELETE FROM articles")
        conn.commit()
    assert point_rows(path) == [] and counted_days(path) == [] and cells_agree(path)


def test_a_date_range_read_whole_or_through_the_indexes_gives_the_same_events(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A short date range is read whole (the name, actor, text and radius indexes unused), a long one
    through those indexes: a small store only ever has short ranges, so the long path is forced here."""
    april, march = date(2022, 4, 1), date(2022, 3, 15)
    filters = [
        EventFilter(since=april, place="kyiv"),
        EventFilter(until=april, actor="ukrainian"),
        EventFilter(since=march, near=(50.45, 30.52, 100)),
        EventFilter(since=march, until=april, search="besieged"),
        EventFilter(since=march, speaker="defense"),
    ]
    assert "+pt.place_name_id" in where_clause(filters[0], days_first=True)[0]
    with saved(tmp_path, make_reading(), with_placeless(make_reading(title="Again"))) as store:

        def answers() -> list[object]:
            return [(ids(store.events(f)), store.events_per_day(f), store.map_points(f)) for f in filters]

        short = answers()
        monkeypatch.setattr(reads, "SHORT_RANGE_EVENTS", -1)
        assert answers() == short
        assert [len(events) for events, _, _ in short] == [2, 2, 2, 2, 2]


def test_a_store_from_before_the_point_index_is_filled_when_migrated(tmp_path: Path) -> None:
    """A schema-2 store with data, migrated, answers every filter as a store made now does."""
    reading = with_placeless(make_reading())
    old = tmp_path / "old.db"
    with sqlite3.connect(old, isolation_level=None) as conn:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute(
            "CREATE TABLE migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
        )
        for migration in schema.known_migrations()[:2]:
            for statement in schema.split_statements(migration.sql):
                conn.execute(statement)
            conn.execute(
                "INSERT INTO migrations VALUES (?, ?, '2022-04-07')", (migration.number, migration.name)
            )
        for table, rows in reading_rows(reading, run_id=None, ingested_at="2022-04-07"):
            conn.executemany(insert_sql(table), rows)
    conn.close()
    assert upgrade_store(old) == list(range(3, len(schema.known_migrations()) + 1))
    assert upgrade_store(old) == []
    filters = [
        EventFilter(),
        EventFilter(place="mariupol"),
        EventFilter(type="riots"),
        EventFilter(actor="ukrainian"),
        EventFilter(since=date(2022, 4, 1)),
        EventFilter(near=(50.45, 30.52, 50)),
        EventFilter(search="besieged"),
        EventFilter(speaker="defense"),
    ]
    with open_store(old, readonly=True) as migrated, saved(tmp_path, reading) as fresh:
        assert migrated.claims(speaker="defense") == fresh.claims(speaker="defense") != []
        for flt in filters:
            assert ids(migrated.events(flt)) == ids(fresh.events(flt)), flt
            assert migrated.events_per_day(flt) == fresh.events_per_day(flt), flt
            assert migrated.map_points(flt) == fresh.map_points(flt), flt
    assert cells_agree(old)


def test_an_old_store_that_cannot_be_written_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "old.db"
    open_store(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("DELETE FROM migrations WHERE id = (SELECT max(id) FROM migrations)")

    def locked(*args: object, **kwargs: object) -> Store:
        raise StoreError(f"{path}: the database is locked by another writer")

    monkeypatch.setattr(db, "open_store", locked)
    with pytest.raises(StoreError, match=r"old\.db: store schema \d+ is older than \d+ and could not be"):
        upgrade_store(path)
    with pytest.raises(StoreError, match=r"missing\.db"):
        upgrade_store(tmp_path / "missing.db")
    assert not (tmp_path / "missing.db").exists()


# ---- bad files and bad input ------------------------------------------------------------------------


def test_a_file_that_is_not_sqlite_is_a_store_error_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes(b"this is not a database, just some text " * 50)
    with pytest.raises(StoreError, match=r"notes\.txt: not a SQLite database"):
        open_store(path)
    with pytest.raises(StoreError, match=r"notes\.txt"):
        open_store(path, readonly=True)


def test_read_only_needs_an_existing_store_and_refuses_writes(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match=r"missing\.db"):
        open_store(tmp_path / "missing.db", readonly=True)
    sqlite3.connect(tmp_path / "plain.db").execute("CREATE TABLE t (x)").connection.close()
    with pytest.raises(StoreError, match="not a sitrep store"):
        open_store(tmp_path / "plain.db", readonly=True)
    open_store(tmp_path / "s.db").close()
    with open_store(tmp_path / "s.db", readonly=True) as store, pytest.raises(StoreError, match="read-only"):
        store.start_run([])


def test_a_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    open_store(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("INSERT INTO migrations VALUES (99, 'future', '2030-01-01')")
    with pytest.raises(StoreError, match="newer"):
        open_store(path)


def test_bad_pages_are_store_errors(tmp_path: Path) -> None:
    with saved(tmp_path, make_reading()) as store:
        with pytest.raises(StoreError, match="limit"):
            store.events(limit=MAX_LIMIT + 1)
        with pytest.raises(StoreError, match="limit"):
            store.claims(limit=-1)
        with pytest.raises(StoreError, match="offset"):
            store.tallies(offset=-5)
        with pytest.raises(StoreError, match="radius"):
            store.events(EventFilter(near=(50.0, 30.0, -1.0)))
        with pytest.raises(StoreError, match="latitude"):
            store.events(EventFilter(near=(91.0, 30.0, 10.0)))


def test_a_closed_store_raises_store_error(tmp_path: Path) -> None:
    store = saved(tmp_path, make_reading())
    store.close()
    with pytest.raises(StoreError):
        store.counts()


# ---- filters ----------------------------------------------------------------------------------------


def test_place_filter_ignores_case_and_diacritics_and_matches_admin1(tmp_path: Path) -> None:
    reading = make_reading()
    withdrawal, siege = (e.id for e in reading.events)
    with saved(tmp_path, reading) as store:
        assert ids(store.events(EventFilter(place="CHERNIHIV"))) == [withdrawal]
        assert ids(store.events(EventFilter(place="mariupol"))) == [siege]
        assert ids(store.events(EventFilter(place="MARIÚP"))) == [siege]
        assert ids(store.events(EventFilter(place="donetska"))) == [siege]
        assert store.events(EventFilter(place="Odesa")) == []


def test_type_actor_status_and_speaker_filters(tmp_path: Path) -> None:
    reading = make_reading()
    withdrawal, siege = (e.id for e in reading.events)
    with saved(tmp_path, reading) as store:
        assert ids(store.events(EventFilter(type="strategic"))) == [withdrawal]
        assert ids(store.events(EventFilter(type="siege"))) == [siege]
        assert ids(store.events(EventFilter(actor="ukrainian"))) == [siege]
        assert ids(store.events(EventFilter(actor="russian"))) == [withdrawal, siege]
        assert ids(store.events(EventFilter(status="ongoing"))) == [siege]
        assert ids(store.events(EventFilter(status="Not happened"))) == []
        assert ids(store.events(EventFilter(speaker="department of defense"))) == [withdrawal]
        assert ids(store.events(EventFilter(speaker="Arestovych"))) == []


def test_since_and_until_keep_events_whose_dates_overlap(tmp_path: Path) -> None:
    reading = make_reading()
    withdrawal, siege = (e.id for e in reading.events)
    with saved(tmp_path, reading) as store:
        assert ids(store.events(EventFilter(since=date(2022, 4, 1)))) == [withdrawal]
        assert ids(store.events(EventFilter(until=date(2022, 3, 15)))) == [siege]
        assert ids(store.events(EventFilter(since=date(2022, 3, 31), until=date(2022, 4, 6)))) == [
            withdrawal,
            siege,
        ]
        assert store.events(EventFilter(since=date(2022, 4, 7))) == []


def test_search_is_full_text_and_survives_stray_syntax(tmp_path: Path) -> None:
    other = make_reading(text=TEXT.replace("Chernigov", "Sumy"), title="Another story")
    reading = make_reading()
    with saved(tmp_path, reading, other) as store:
        assert {e["article"]["id"] for e in store.events(EventFilter(search="chernigov"))} == {
            reading.article.id
        }
        assert len(store.events(EventFilter(search='Chernigov"'))) == 2
        assert len(store.events(EventFilter(search="mariupol"))) == 4  # diacritics folded
        assert len(store.events(EventFilter(search="withdr*"))) == 4
        assert len(store.events(EventFilter(search="another"))) == 2  # title is indexed
        for nasty in ['"', '"Kyiv', "AND OR NOT", "Kyiv NEAR(", "title:", "(*)", "-Kyiv", "\x00"]:
            store.events(EventFilter(search=nasty))


def test_near_uses_the_exact_distance_after_the_box(tmp_path: Path) -> None:
    reading = make_reading()
    withdrawal, siege = (e.id for e in reading.events)
    corner_text = "Fighting near Cornerville and Taveuni."
    corner = Reading(
        article=Article(id="corner", text=corner_text, title="Corner"),
        events=(
            Event(
                id="ev_corner",
                type="Battles",
                sub_type="Armed clash",
                status=Status.HAPPENED,
                evidence=(Span(0, len(corner_text)),),
                # inside the 100 km box around Kyiv, but about 122 km from it
                places=(place("Cornerville", "Cornerville", 51.2501, 31.7234, text=corner_text),),
            ),
            Event(
                id="ev_dateline",
                type="Battles",
                sub_type="Armed clash",
                status=Status.HAPPENED,
                evidence=(Span(0, len(corner_text)),),
                places=(place("Taveuni", "Taveuni", -16.85, 179.95, text=corner_text),),
            ),
        ),
    )
    with saved(tmp_path, reading, corner) as store:
        assert ids(store.events(EventFilter(near=(50.45, 30.52, 50)))) == [withdrawal]
        assert ids(store.events(EventFilter(near=(50.45, 30.52, 100)))) == [withdrawal]
        assert set(ids(store.events(EventFilter(near=(50.45, 30.52, 130))))) == {withdrawal, "ev_corner"}
        assert ids(store.events(EventFilter(near=(47.1, 37.5, 20)))) == [siege]
        assert ids(store.events(EventFilter(near=(-16.85, -179.95, 30)))) == ["ev_dateline"]
        assert ids(store.events(EventFilter(near=(50.45, 30.52, 50), type="battles"))) == []


def test_events_come_newest_first(tmp_path: Path) -> None:
    reading = make_reading()
    undated = Event(
        id="ev_undated", type="Riots", sub_type="Mob violence", status=Status.HAPPENED, evidence=()
    )
    with saved(tmp_path, Reading(article=reading.article, events=(*reading.events, undated))) as store:
        assert ids(store.events()) == [reading.events[0].id, reading.events[1].id, "ev_undated"]
        assert ids(store.events(limit=1, offset=1)) == [reading.events[1].id]


# ---- speakers: folded once, kept by triggers (migration 0005) ---------------------------------------------


def said_by(
    claim_id: str, speaker: Speaker, *, said: date | None = None, stance: Stance = Stance.ASSERTED
) -> Claim:
    when = TimeRef("", said, said, Granularity.DAY) if said else None
    return Claim(claim_id, speaker, "said", Span(0, 5), stance, Modality.FACT, said=when)


def linking(reading: Reading, *claim_ids: str) -> Reading:
    """The reading with its first event linked to these claims (of any article)."""
    first, *rest = reading.events
    return Reading(
        article=reading.article,
        claims=reading.claims,
        events=(replace(first, claims=claim_ids), *rest),
    )


GOVERNOR = Speaker(name="Oleh Synyehubov", role="regional governor")
MINISTRY = Speaker(organisation="Ministry of Defence")


def test_the_speaker_filter_follows_claims_links_and_resaves(tmp_path: Path) -> None:
    reading = make_reading()
    withdrawal = reading.events[0].id
    two = Reading(
        article=reading.article,
        claims=(said_by("cl_gov", GOVERNOR), said_by("cl_mod", MINISTRY)),
        events=reading.events,
    )
    other_text = "The ministry said later that its forces had left."
    other = Reading(
        article=Article(id="a_later", text=other_text, published=date(2022, 4, 9)),
        claims=(said_by("cl_later", Speaker(name="Ivan Petrenko", role="spokesman")),),
    )

    def found(store: Store, text: str) -> list[object]:
        return ids(store.events(EventFilter(speaker=text)))

    with saved(tmp_path, linking(two, "cl_gov", "cl_mod")) as store:
        assert found(store, "synyehubov") == found(store, "DEFENCE") == [withdrawal]
        assert found(store, "governor ministry") == found(store, "synyehubov\x1fregional") == []
        store.save_reading(linking(two, "cl_mod"), run_id=store.start_run(["again"]))  # the link is gone
        assert found(store, "governor") == [] and found(store, "ministry") == [withdrawal]
        # a link to a claim another article will bring: found once that article is stored
        store.save_reading(linking(two, "cl_mod", "cl_later"), run_id=store.start_run(["soft"]))
        assert found(store, "petrenko") == []
        store.save_reading(other, run_id=store.start_run(["later"]))
        assert found(store, "petrenko") == [withdrawal]
        assert store.events_per_day(EventFilter(speaker="petrenko")) == [
            {"day": "2022-04-06", "type": "Strategic developments", "count": 1}
        ]
        assert len(store.map_points(EventFilter(speaker="petrenko"))) == 2  # both of its places
    path = tmp_path / "sitrep.db"
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.create_function("sitrep_fold", 1, fold, deterministic=True)
        conn.execute("UPDATE claims SET speaker_name = 'Olena Koval' WHERE id = 'cl_later'")
        conn.commit()
    with open_store(path, readonly=True) as store:
        assert found(store, "petrenko") == [] and found(store, "koval") == [withdrawal]
        assert [c["id"] for c in store.claims(speaker="koval")] == ["cl_later"]
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("DELETE FROM articles WHERE id = 'a_later'")
        conn.commit()
        assert conn.execute("SELECT count(*) FROM claim_points WHERE claim_id = 'cl_later'").fetchone() == (
            0,
        )
    with open_store(path, readonly=True) as store:
        assert found(store, "koval") == [] and found(store, "ministry") == [withdrawal]


def test_claims_come_newest_first_by_the_day_said_else_published(tmp_path: Path) -> None:
    first = Reading(
        article=Article(id="a_1", text="First report.", published=date(2022, 4, 1)),
        claims=(
            said_by("cl_undated", MINISTRY, stance=Stance.DENIED),
            said_by("cl_said", GOVERNOR, said=date(2022, 4, 5)),
        ),
    )
    second = Reading(
        article=Article(id="a_2", text="Second report.", published=date(2022, 4, 3)),
        claims=(said_by("cl_second", MINISTRY),),
    )
    with saved(tmp_path, first, second) as store:
        assert ids(store.claims()) == ["cl_said", "cl_second", "cl_undated"]
        assert ids(store.claims(speaker="ministry")) == ["cl_second", "cl_undated"]
        assert ids(store.claims(speaker="ministry", stance="denied")) == ["cl_undated"]
        assert ids(store.claims(limit=1, offset=1)) == ["cl_second"]
        assert store.claims(speaker="\x1f") == []


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    links=st.lists(st.lists(st.integers(0, 5), max_size=3), min_size=1, max_size=6),
    query=st.sampled_from(["ann", "bo", "press", "army", "x", "o"]),
)
def test_the_speaker_filter_finds_what_folding_every_claim_finds(links: list[list[int]], query: str) -> None:
    """Events found through the speaker dictionaries are those whose linked claims' speakers hold the text."""
    speakers = [
        Speaker(name="Ann"), Speaker(name="Bó", role="press officer"), Speaker(organisation="Army"),
        Speaker(name="Anne", organisation="Press Office"), Speaker(), Speaker(role="boxer"),
    ]  # fmt: skip
    text = "Something was said."
    article = Article(id="a_p", text=text, published=PUBLISHED)
    claims = tuple(said_by(f"cl_{i}", s) for i, s in enumerate(speakers))
    events = tuple(
        Event(
            f"ev_{n}", "Battles", "Armed clash", Status.HAPPENED, (), claims=tuple(f"cl_{i}" for i in linked)
        )
        for n, linked in enumerate(links)
    )
    expected = [
        e.id
        for e in events
        if any(
            query in (fold(getattr(speakers[int(c[3:])], f)) or "")
            for c in e.claims
            for f in Speaker.__slots__
        )
    ]
    with tempfile.TemporaryDirectory() as folder, open_store(Path(folder) / "p.db") as store:
        store.save_reading(Reading(article=article, claims=claims, events=events), run_id=store.start_run([]))
        assert sorted(ids(store.events(EventFilter(speaker=query)))) == sorted(expected)


def test_stories_are_found_by_place_in_any_case_and_spelling_as_linking_replaces_them(tmp_path: Path) -> None:
    reading = make_reading()
    story = Story(id="story_m", events=(), articles=(reading.article.id,), sources=(), place="Mariúpol")
    with saved(tmp_path, reading) as store:
        with store.linking() as session:
            session.save_story(story)
        assert ids(store.stories(place="MARIUPOL")) == ["story_m"] and store.stories(place="kyiv") == []
        with store.linking() as session:  # linking sums a story up again: the row is replaced
            session.save_story(replace(story, place="Kyiv"))
        assert store.stories(place="mariupol") == [] and ids(store.stories(place="kyi")) == ["story_m"]


# ---- property: whatever the text, it comes back exactly ---------------------------------------------


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(min_size=1), title=st.text(), query=st.text())
def test_any_text_round_trips_exactly(text: str, title: str, query: str) -> None:
    article = Article(id=article_id(text, title=title), text=text, title=title, published=PUBLISHED)
    whole = Span(0, len(text))
    claim = Claim(
        id="cl_1",
        speaker=Speaker(name=title),
        verb="said",
        span=whole,
        stance=Stance.REPORTED,
        modality=Modality.FACT,
    )
    event = Event(
        id="ev_1",
        type="Battles",
        sub_type="Armed clash",
        status=Status.HAPPENED,
        evidence=(whole,),
        claims=("cl_1",),
    )
    reading = Reading(article=article, claims=(claim,), events=(event,))
    with tempfile.TemporaryDirectory() as folder, open_store(Path(folder) / "p.db") as store:
        store.save_reading(reading, run_id=store.start_run([]))
        record = store.event("ev_1")
        store.events(EventFilter(search=query, place=query, speaker=query))
    assert record is not None
    assert record["article"]["text"] == text
    assert record["article"]["title"] == title
    assert record["evidence"][0]["text"] == text
    assert record["claim_records"][0]["speaker"]["name"] == title
