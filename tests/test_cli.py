"""The command line end to end: read, ingest (with bad inputs), query, show, export."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sitrep.cli import app

REPORT = (
    " date 2022-03-14 Kharkiv Russian artillery shelled a residential district of Kharkiv overnight, killing "
    "four civilians and wounding 11, the regional governor said on Monday.\n\n"
    "“The shelling did not stop until dawn,” the governor said."
)
PROTEST = (
    " date 2022-03-06 Kherson Hundreds of residents of Kherson protested on Sunday against the occupation "
    "of the "
    "city, waving Ukrainian flags, witnesses said."
)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    (folder / "001_shelling.txt").write_text(REPORT, encoding="utf-8")
    (folder / "002_protest.txt").write_text(PROTEST, encoding="utf-8")
    (folder / "003_empty.txt").write_bytes(b"")
    (folder / "004_binary.txt").write_bytes(bytes(range(256)) * 4)
    (folder / "005_latin1.txt").write_bytes(" date 2022-03-01 Kyiv Caf\xe9 shelled".encode("latin-1"))
    (folder / "006_bad_date.txt").write_text(" date 2022-13-45 Kyiv Something happened.", encoding="utf-8")
    good = json.dumps(
        {
            "id": "a1",
            "published": "2022-03-02",
            "title": "Clash",
            "text": "Ukrainian forces "
            "clashed with Russian troops near Izium on Tuesday, the General Staff said.",
        }
    )
    (folder / "007_feed.jsonl").write_text(good + "\n{not json\n", encoding="utf-8")
    (folder / "008_feed.csv").write_text(
        'published,headlines,text\n2022-03-03,"No text",\n', encoding="utf-8"
    )
    (folder / "009_repeat.txt").write_text(REPORT, encoding="utf-8")  # the same report again: read once
    return folder


@pytest.fixture(scope="module")
def db(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("db") / "test.db"
    result = CliRunner().invoke(app, ["ingest", str(corpus), "--db", str(path)])
    assert result.exit_code == 0, result.output
    assert "3 articles read, 1 already stored" in result.output
    assert "6 quarantined" in result.output
    return path


def test_read_prints_the_json_reading(tmp_path: Path) -> None:
    report = tmp_path / "report.txt"
    report.write_text(REPORT, encoding="utf-8")
    result = CliRunner().invoke(app, ["read", str(report), "--format", "json"])
    assert result.exit_code == 0, result.output
    reading = json.loads(result.stdout)
    assert reading["article"]["dateline"] == "Kharkiv"
    shelling = [e for e in reading["events"] if e["sub_type"] == "Shelling/artillery/missile attack"]
    assert shelling and shelling[0]["fatalities"]["value"] == 4 and shelling[0]["injured"]["value"] == 11
    assert shelling[0]["places"][0]["name"] == "Kharkiv"


def test_read_text_option() -> None:
    result = CliRunner().invoke(
        app,
        [
            "read",
            "--text",
            "Russian troops withdrew from Bucha on Friday.",
            "--published",
            "2022-04-02",
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    event = json.loads(result.stdout)["events"][0]
    assert (event["occurred"]["start"], event["places"][0]["name"]) == ("2022-04-01", "Bucha")


def test_ingest_quarantines_each_bad_input_with_its_name(db: Path) -> None:
    result = CliRunner().invoke(app, ["quarantine", "--db", str(db), "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = {Path(q["input"]).name: q["reason"] for q in json.loads(result.stdout)}
    for name, reason in [
        ("003_empty.txt", "empty"),
        ("004_binary.txt", "binary"),
        ("005_latin1.txt", "UTF-8"),
        ("006_bad_date.txt", "2022-13-45"),
        ("007_feed.jsonl:2", "JSON"),
        ("008_feed.csv:row 2", "no text"),
    ]:
        assert reason in rows.get(name, ""), (name, rows)


def test_ingest_again_is_idempotent(db: Path, corpus: Path) -> None:
    result = CliRunner().invoke(app, ["ingest", str(corpus), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "0 articles read, 4 already stored" in result.output


def test_events_filters_and_formats(db: Path) -> None:
    runner = CliRunner()
    rows = json.loads(
        runner.invoke(app, ["events", "--db", str(db), "--place", "kharkiv", "--format", "json"]).stdout
    )
    # A place filter matches the place or its region: Izium (GeoNames: Izyum) is in Kharkiv Oblast.
    assert {p["name"] for e in rows for p in e["places"]} == {"Kharkiv", "Izyum"}
    assert all("Kharkiv" in p["name"] + p["admin1"] for e in rows for p in e["places"])
    protests = json.loads(
        runner.invoke(app, ["events", "--db", str(db), "--type", "protest", "--format", "json"]).stdout
    )
    assert [e["places"][0]["name"] for e in protests] == ["Kherson"]
    csv_out = runner.invoke(app, ["events", "--db", str(db), "--format", "csv"]).stdout
    assert csv_out.splitlines()[0].startswith("event_id_cnty,event_date,time_precision,event_type")
    bad = runner.invoke(app, ["events", "--db", str(db), "--since", "yesterday"])
    assert bad.exit_code != 0 and "--since" in bad.output


def test_show_prints_evidence_and_claims(db: Path) -> None:
    runner = CliRunner()
    rows = json.loads(
        runner.invoke(app, ["events", "--db", str(db), "--type", "shelling", "--format", "json"]).stdout
    )
    result = runner.invoke(app, ["show", rows[0]["id"], "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "killing" in result.output and "regional governor" in result.output
    missing = runner.invoke(app, ["show", "event_nope", "--db", str(db)])
    assert missing.exit_code == 1


@pytest.mark.parametrize("fmt", ["jsonl", "geojson", "acled-csv"])
def test_export(db: Path, fmt: str, tmp_path: Path) -> None:
    out = tmp_path / f"events.{fmt}"
    result = CliRunner().invoke(app, ["export", "--format", fmt, "--db", str(db), "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    if fmt == "geojson":
        assert json.loads(text)["features"]
    elif fmt == "jsonl":
        assert all(json.loads(line)["id"] for line in text.splitlines())
    else:
        assert "Shelling/artillery/missile attack" in text


def test_claims_and_tallies_commands(db: Path) -> None:
    runner = CliRunner()
    claims = json.loads(runner.invoke(app, ["claims", "--db", str(db), "--format", "json"]).stdout)
    assert any("governor" in c["speaker"]["role"] for c in claims)
    assert runner.invoke(app, ["tallies", "--db", str(db)]).exit_code == 0


def test_missing_database_is_a_clear_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["events", "--db", str(tmp_path / "none.db")])
    assert result.exit_code != 0
    assert "none.db" in str(result.exception) or "none.db" in result.output


def old_store(path: Path) -> str:
    """A store as an older sitrep left it (schemas 1 and 2 only), holding one hand-made event; its id."""
    from sitrep.models import Article, Event, Place, PlaceKind, Reading, Span, Status
    from sitrep.store import schema
    from sitrep.store.rows import insert_sql, reading_rows

    text = "Shelling hit Kharkiv overnight."
    kharkiv = Place("Kharkiv", "UA", 49.99, 36.23, PlaceKind.CITY, 1, Span(12, 19))
    event = Event(
        id="ev_old", type="Explosions/Remote violence", sub_type="", status=Status.HAPPENED,
        evidence=(Span(0, len(text)),), places=(kharkiv,),
    )  # fmt: skip
    reading = Reading(article=Article(id="a_old", text=text), events=(event,))
    with sqlite3.connect(path, isolation_level=None) as conn:
        conn.execute("CREATE TABLE migrations (id INTEGER PRIMARY KEY, name TEXT, applied_at TEXT)")
        for migration in schema.known_migrations()[:2]:
            for statement in schema.split_statements(migration.sql):
                conn.execute(statement)
            conn.execute("INSERT INTO migrations VALUES (?, ?, '')", (migration.number, migration.name))
        for table, rows in reading_rows(reading, run_id=None, ingested_at="2022-04-07"):
            conn.executemany(insert_sql(table), rows)
    conn.close()
    return event.id


@pytest.mark.parametrize(
    "command",
    [["events"], ["show", "ev_old"], ["claims"], ["stories", "--min-articles", "1"], ["contradictions"],
     ["tallies"], ["quarantine"], ["export", "--format", "jsonl"]],
)  # fmt: skip
def test_read_commands_bring_an_older_store_up_to_date(tmp_path: Path, command: list[str]) -> None:
    from sitrep.store import open_store, schema

    path = tmp_path / "old.db"
    old_store(path)
    result = CliRunner().invoke(app, [*command, "--db", str(path)])
    assert result.exit_code == 0, (result.output, result.exception)
    assert "brought up to date" in result.output
    with open_store(path, readonly=True) as store:
        assert len(store.migrations()) == len(schema.known_migrations())
    if command[0] == "events":
        assert "Kharkiv" in result.stdout


def test_an_older_store_that_cannot_be_brought_up_to_date_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sitrep.errors import StoreError
    from sitrep.store import db

    path = tmp_path / "old.db"
    old_store(path)

    def locked(*args: object, **kwargs: object) -> object:
        raise StoreError(f"{path}: the database is locked by another writer")

    monkeypatch.setattr(db, "open_store", locked)
    result = CliRunner().invoke(app, ["events", "--db", str(path)])
    assert isinstance(result.exception, StoreError)
    assert "old.db: store schema 2 is older than" in str(result.exception)
    assert "could not be brought up to date" in str(result.exception)
