"""The `sitrep` command line. Each command parses its options, calls one library function and prints."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from sitrep import export
from sitrep.errors import InputError, SitrepError
from sitrep.models import Article
from sitrep.readers import Columns, ReadOptions, parse_text, read_inputs
from sitrep.readers.base import parse_published
from sitrep.readers.web import is_url
from sitrep.settings import Settings

app = typer.Typer(
    help="sitrep: a sourced, geolocated, time-resolved situation picture from war and crisis reporting.",
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)
console = Console()
err = Console(stderr=True)


class Output(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


class ExportFormat(StrEnum):
    jsonl = "jsonl"
    geojson = "geojson"
    acled_csv = "acled-csv"


def _settings() -> Settings:
    return Settings.from_env()


DbOption = Annotated[
    Path | None, typer.Option("--db", help="SQLite database file [default: $SITREP_DB or sitrep.db].")
]
LimitOption = Annotated[
    int | None, typer.Option("--limit", help="Most rows to show [default: $SITREP_PAGE_SIZE].")
]

TextColumnOption = Annotated[str, typer.Option(help="CSV/JSONL field with the article text.")]
DateColumnOption = Annotated[str, typer.Option(help="CSV/JSONL field with the published date.")]
TitleColumnOption = Annotated[str, typer.Option(help="CSV/JSONL field with the title.")]
UrlColumnOption = Annotated[str, typer.Option(help="CSV/JSONL field with the URL.")]
WorkersOption = Annotated[int, typer.Option(help="Processes reading in parallel on a local Dask cluster.")]
SchedulerOption = Annotated[
    str | None, typer.Option(help="Address of an existing Dask scheduler, e.g. tcp://10.0.0.5:8786.")
]


def _db(path: Path | None) -> Path:
    return path if path is not None else Path(_settings().db)


def _open(path: Path | None, *, readonly: bool = True) -> Any:
    """The store, read-only unless asked; a store from an older sitrep is brought up to date first, as
    `sitrep serve` does (an error naming the file if it cannot be written)."""
    from sitrep.store import open_store, upgrade_store

    if readonly:
        applied = upgrade_store(_db(path))
        if applied:
            err.print(f"{escape(str(_db(path)))}: brought up to date (schema {applied[-1]})", soft_wrap=True)
    return open_store(_db(path), readonly=readonly)


def _pipeline() -> Any:
    from sitrep.stages import build_pipeline

    with console.status("loading the language model and the gazetteer..."):
        return build_pipeline(_settings())


def _is_place(pipeline: Any) -> Any:
    places = next(s for s in pipeline.stages if s.name == "places")
    return places.gazetteer.is_place


@app.command()
def read(
    file: Annotated[str | None, typer.Argument(help="A report file (dateline text), or - for stdin.")] = None,
    text: Annotated[str | None, typer.Option("--text", help="Read this text instead of a file.")] = None,
    published: Annotated[
        str | None, typer.Option(help="Published date (YYYY-MM-DD) if the text has none.")
    ] = None,
    format: Annotated[Output, typer.Option("--format", help="table or json.")] = Output.table,
) -> None:
    """Read one report and print what sitrep finds in it, without a database.

    Example: sitrep read ../shared/data/seed/000_5e680d9b4fe7175f.txt --format json
    """
    if (file is None) == (text is None):
        raise typer.BadParameter("give a FILE or --text, not both")
    pipeline = _pipeline()
    article = _one_article(file, text, published, is_place=_is_place(pipeline))
    reading = pipeline.read(article)
    if format is Output.json:
        print(export.dumps(export.reading_json(reading)))
    else:
        _print_reading(export.reading_json(reading))


def _one_article(file: str | None, text: str | None, published: str | None, *, is_place: Any) -> Article:
    if text is not None:
        source, raw = "<text>", text.encode("utf-8")
    elif file == "-":
        source, raw = "<stdin>", sys.stdin.buffer.read()
    else:
        path = Path(str(file))
        source = str(path)
        try:
            raw = path.read_bytes()
        except OSError as e:
            raise InputError(source, f"cannot read: {e.strerror or e}") from e
    from sitrep.readers.base import decode

    article = parse_text(
        decode(raw, source=source, max_bytes=_settings().max_article_bytes), source=source, is_place=is_place
    )
    if published and article.published is None:
        from dataclasses import replace

        article = replace(article, published=parse_published(published, source="--published"))
    return article


@app.command()
def ingest(
    paths: Annotated[
        list[str],
        typer.Argument(
            help="Files or folders (.txt, .jsonl, .csv, .rss/.atom/.xml feeds, .html pages), "
            "http(s) URLs, or - for stdin."
        ),
    ],
    db: DbOption = None,
    text_column: TextColumnOption = "text",
    date_column: DateColumnOption = "published",
    title_column: TitleColumnOption = "title",
    url_column: UrlColumnOption = "url",
    workers: WorkersOption = 1,
    scheduler: SchedulerOption = None,
) -> None:
    """Read reports into the database, with progress; bad inputs are quarantined, the rest goes on.

    Example: sitrep ingest ../shared/data/news/Guardians_Russia_Ukraine.csv --text-column articles
    --date-column published --title-column headlines
    """
    from contextlib import ExitStack

    from rich.progress import TaskProgressColumn, TimeRemainingColumn

    from sitrep.ingest import ingest as run_ingest

    settings = _settings()
    columns = Columns(text=text_column, published=date_column, title=title_column, url=url_column)
    with ExitStack() as stack:
        # The store first: a locked or unwritable database fails before any model is loaded.
        store = stack.enter_context(_open(db, readonly=False))
        runner, is_place = _runner(stack, settings, workers=workers, scheduler=scheduler)
        options = ReadOptions(columns=columns, max_bytes=settings.max_article_bytes, is_place=is_place)
        # A first pass counts the inputs (cheap next to reading them) so the bar can show an ETA.
        countable = "-" not in paths and not any(is_url(p) for p in paths)
        total = sum(1 for _ in read_inputs(paths, options=options)) if countable else None
        progress = stack.enter_context(
            Progress(
                SpinnerColumn(),
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TaskProgressColumn(show_speed=True),
                TextColumn("{task.fields[rate]}"),
                TimeElapsedColumn(),
                TimeRemainingColumn(),
                console=err,
            )
        )
        task = progress.add_task("reading", total=total, rate="")

        def advance(_: str) -> None:
            progress.advance(task)
            speed = progress.tasks[0].speed
            progress.update(task, rate=f"{speed:.1f} articles/s" if speed else "")

        summary = run_ingest(
            read_inputs(paths, options=options),
            pipeline=runner,
            store=store,
            inputs=list(paths),
            on_item=advance,
        )
    _print_summary(summary, db)


def _runner(stack: Any, settings: Settings, *, workers: int, scheduler: str | None) -> tuple[Any, Any]:
    """The pipeline here, or a Dask runner for `--workers` / `--scheduler`; and the dateline place test."""
    if workers > 1 or scheduler is not None:  # the workers load the model; here only the gazetteer
        from sitrep.distributed import dask_runner
        from sitrep.gazetteer import load_gazetteer

        with console.status("loading the gazetteer..."):
            gazetteer = load_gazetteer(cache_dir=Path(settings.cache_dir))
        logging.getLogger("distributed").setLevel(logging.WARNING)  # its INFO lines would bury the bar
        with console.status("starting the Dask workers..."):
            runner = stack.enter_context(dask_runner(settings, workers=workers, scheduler=scheduler))
        return runner, gazetteer.is_place
    pipeline = _pipeline()
    return pipeline, _is_place(pipeline)


def _print_summary(summary: Any, db: Path | None, *, prefix: str = "") -> None:
    console.print(
        f"{prefix}[bold]{summary.articles}[/] articles read, {summary.skipped} already stored, "
        f"[bold]{summary.events}[/] events, {summary.claims} claims, {summary.tallies} tallies, "
        f"[{'red' if summary.quarantined else 'green'}]{summary.quarantined} quarantined[/] "
        f"→ {escape(str(_db(db)))}"
    )
    if summary.quarantined:
        console.print("See them with: sitrep quarantine")


@app.command()
def watch(
    folder: Annotated[Path, typer.Argument(help="Folder to watch; files in its subfolders count too.")],
    db: DbOption = None,
    interval: Annotated[
        float, typer.Option(help="Seconds between looks; a file is read once unchanged for one look.")
    ] = 2.0,
    text_column: TextColumnOption = "text",
    date_column: DateColumnOption = "published",
    title_column: TitleColumnOption = "title",
    url_column: UrlColumnOption = "url",
    workers: WorkersOption = 1,
    scheduler: SchedulerOption = None,
) -> None:
    """Ingest the files in FOLDER, then each file that appears or changes, until Ctrl-C.

    A file is read once its size and time stay the same for one look, so files still being written wait;
    names such as *.part, *.tmp and hidden files are never read. Ctrl-C stops cleanly: what was stored stays,
    and the file being read is read again next time (nothing is stored twice).

    Example: sitrep watch incoming/ --db news.db --interval 5
    """
    from contextlib import ExitStack

    from sitrep.ingest import watch_folder

    if not folder.is_dir():
        raise InputError(str(folder), "not a folder")
    settings = _settings()
    columns = Columns(text=text_column, published=date_column, title=title_column, url=url_column)
    with ExitStack() as stack:
        store = stack.enter_context(_open(db, readonly=False))
        runner, is_place = _runner(stack, settings, workers=workers, scheduler=scheduler)
        options = ReadOptions(columns=columns, max_bytes=settings.max_article_bytes, is_place=is_place)
        err.print(f"watching {escape(str(folder))} (Ctrl-C stops)")

        def report(paths: list[str], summary: Any) -> None:
            _print_summary(summary, db, prefix=f"{escape(', '.join(paths))}: ")

        total = watch_folder(
            folder, pipeline=runner, store=store, options=options, interval_s=interval, on_batch=report
        )
    _print_summary(total, db, prefix="stopped; in all ")


@app.command()
def events(
    db: DbOption = None,
    place: Annotated[str | None, typer.Option(help="Place name (any spelling stored) or region.")] = None,
    type: Annotated[
        str | None, typer.Option("--type", help="Event type or sub-type, e.g. 'Shelling'.")
    ] = None,
    actor: Annotated[str | None, typer.Option(help="Actor name, e.g. 'Russia'.")] = None,
    status: Annotated[str | None, typer.Option(help="happened, ongoing, not_happened or planned.")] = None,
    since: Annotated[str | None, typer.Option(help="Earliest date, YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option(help="Latest date, YYYY-MM-DD.")] = None,
    search: Annotated[str | None, typer.Option(help="Full-text search in the articles.")] = None,
    limit: LimitOption = None,
    format: Annotated[Output, typer.Option("--format", help="table, json or csv.")] = Output.table,
) -> None:
    """List stored events, newest first.

    Example: sitrep events --place Kharkiv --type shelling --since 2022-03-01
    """
    from sitrep.store import EventFilter

    flt = EventFilter(
        place=place,
        type=type,
        actor=actor,
        status=status,
        since=_date(since, "--since"),
        until=_date(until, "--until"),
        search=search,
    )
    with _open(db) as store:
        rows = store.events(flt, limit=limit or _settings().page_size)
    if format is Output.json:
        print(export.dumps(rows))
    elif format is Output.csv:
        sys.stdout.write("".join(export.to_acled_csv(rows)))
    else:
        _print_events(rows)


def _date(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as e:
        raise typer.BadParameter(f"{option} must be a date like 2022-04-06, got {value!r}") from e


@app.command()
def show(
    event_id: Annotated[str, typer.Argument(help="An event id from `sitrep events`.")],
    db: DbOption = None,
    format: Annotated[Output, typer.Option("--format", help="table or json.")] = Output.table,
) -> None:
    """Show one event: every field, the evidence with the matched words highlighted, its claims, its article.

    Example: sitrep show event_3f2a9c1b7d4e
    """
    with _open(db) as store:
        event = store.event(event_id)
    if event is None:
        err.print(f"[red]no event {escape(event_id)!r}[/] in {escape(str(_db(db)))}")
        raise typer.Exit(1)
    if format is Output.json:
        print(export.dumps(event))
        return
    _print_event(event)


@app.command()
def claims(
    db: DbOption = None,
    speaker: Annotated[
        str | None, typer.Option(help="Part of the speaker's name, role or organisation.")
    ] = None,
    stance: Annotated[
        str | None, typer.Option(help="asserted, denied, disputed, assessed or reported.")
    ] = None,
    limit: LimitOption = None,
    format: Annotated[Output, typer.Option("--format", help="table or json.")] = Output.table,
) -> None:
    """List claims: who said what, with stance and modality.

    Example: sitrep claims --stance denied
    """
    with _open(db) as store:
        rows = store.claims(speaker=speaker, stance=stance, limit=limit or _settings().page_size)
    if format is Output.json:
        print(export.dumps(rows))
        return
    table = Table("said", "speaker", "stance", "modality", "claim", show_lines=False)
    for c in rows:
        said = (c.get("said") or {}).get("start") or ""
        speaker_text = ", ".join(v for v in c["speaker"].values() if v)
        table.add_row(said, escape(speaker_text), c["stance"], c["modality"], escape(_short(c["text"], 90)))
    console.print(table)


@app.command()
def stories(
    db: DbOption = None,
    story_id: Annotated[str | None, typer.Option("--id", help="Show this story with its events.")] = None,
    min_articles: Annotated[int, typer.Option(help="Only stories reported by this many articles.")] = 2,
    place: Annotated[str | None, typer.Option(help="Part of the story's place name.")] = None,
    since: Annotated[str | None, typer.Option(help="Stories on or after this day, YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option(help="Stories on or before this day, YYYY-MM-DD.")] = None,
    contradicted: Annotated[bool, typer.Option(help="Only stories whose reports disagree.")] = False,
    limit: LimitOption = None,
    format: Annotated[Output, typer.Option("--format", help="table or json.")] = Output.table,
) -> None:
    """List stories: one real-world event as several articles report it, with its independent sources.

    Example: sitrep stories --place kharkiv --contradicted
    """
    with _open(db) as store:
        if story_id is not None:
            rows = [r for r in [store.story(story_id)] if r is not None]
        else:
            rows = store.stories(
                min_articles=min_articles,
                place=place,
                since=since,
                until=until,
                contradicted=contradicted,
                limit=limit or _settings().page_size,
            )
    if format is Output.json:
        print(export.dumps(rows[0] if story_id is not None and rows else rows))
        return
    table = Table("id", "days", "type", "place", "articles", "sources", "contradictions")
    for s in rows:
        days = " .. ".join(dict.fromkeys(d for d in (s["first_day"], s["last_day"]) if d))
        where = (s.get("place") or {}).get("name") or ""
        sources = f"{s['corroboration']}: " + ", ".join(s["sources"])
        row = (
            s["id"],
            days,
            escape(s["type"]),
            escape(where),
            str(len(s["articles"])),
            escape(_short(sources, 60)),
        )
        table.add_row(*row, str(len(s["contradictions"])))
    console.print(table)
    for e in rows[0].get("event_records") or [] if story_id is not None and rows else []:
        title = e["article"].get("title") or e["article"].get("source") or ""
        console.print(f"  {e['id']} {e['status']} {escape(_places(e))} — {escape(_short(title, 70))}")


@app.command()
def contradictions(
    db: DbOption = None,
    kind: Annotated[str | None, typer.Option(help="fatalities, injured, status or denial.")] = None,
    story: Annotated[str | None, typer.Option(help="Only this story's contradictions.")] = None,
    event: Annotated[str | None, typer.Option(help="Only those this event takes part in.")] = None,
    limit: LimitOption = None,
    format: Annotated[Output, typer.Option("--format", help="table or json.")] = Output.table,
) -> None:
    """List contradictions side by side: who says what on each side, never reduced to one value.

    Example: sitrep contradictions --kind fatalities
    """
    with _open(db) as store:
        rows = store.contradictions(kind=kind, story=story, event=event, limit=limit or _settings().page_size)
    if format is Output.json:
        print(export.dumps(rows))
        return
    table = Table("kind", "story", "one side", "other side", show_lines=True)
    for c in rows:
        table.add_row(c["kind"], c["story"] or "", _side_text(c["first"]), _side_text(c["second"]))
    console.print(table)


def _side_text(side: dict[str, Any]) -> str:
    article = side.get("article_record") or {}
    outlet = article.get("source") or ""
    return f"[bold]{escape(side['speaker'])}[/] ({escape(outlet)}): {escape(_short(side['value'], 80))}"


@app.command()
def tallies(
    db: DbOption = None,
    limit: LimitOption = None,
    format: Annotated[Output, typer.Option("--format", help="table or json.")] = Output.table,
) -> None:
    """List running totals (casualty tallies over a period, by a counting organisation).

    Example: sitrep tallies --format json
    """
    with _open(db) as store:
        rows = store.tallies(limit=limit or _settings().page_size)
    if format is Output.json:
        print(export.dumps(rows))
        return
    table = Table("from", "to", "counts", "organisation")
    for t in rows:
        counts = "; ".join(_quantity(q) for q in t["counts"])
        table.add_row(
            t["period"]["start"] or "", t["period"]["end"] or "", escape(counts), escape(t["organisation"])
        )
    console.print(table)


@app.command()
def quarantine(
    db: DbOption = None,
    limit: LimitOption = None,
    format: Annotated[Output, typer.Option("--format", help="table or json.")] = Output.table,
    retry: Annotated[
        bool, typer.Option("--retry", help="Re-read every quarantined input from its raw bytes.")
    ] = False,
) -> None:
    """List inputs that could not be read, with the reason (their raw bytes are kept in the database).

    Example: sitrep quarantine --limit 20   (or: sitrep quarantine --retry)
    """
    if retry:
        from sitrep.ingest import retry_quarantined

        pipeline = _pipeline()
        options = ReadOptions(max_bytes=_settings().max_article_bytes, is_place=_is_place(pipeline))
        with _open(db, readonly=False) as store:
            outcome = retry_quarantined(pipeline=pipeline, store=store, options=options)
        console.print(
            f"[bold]{len(outcome.read)}[/] quarantined inputs now read ({outcome.articles} articles stored), "
            f"{len(outcome.still_rejected)} still rejected"
        )
        return
    with _open(db) as store:
        rows = store.quarantined(limit=limit or _settings().page_size)
    if format is Output.json:
        print(export.dumps(rows))
        return
    table = Table("run", "input", "reason", "bytes")
    for q in rows:
        table.add_row(str(q["run_id"]), escape(q["input"]), escape(q["reason"]), str(q["size"]))
    console.print(table)


@app.command("export")
def export_events(
    format: Annotated[ExportFormat, typer.Option("--format", help="jsonl, geojson or acled-csv.")],
    db: DbOption = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write [default: stdout].")
    ] = None,
) -> None:
    """Export every stored event.

    Example: sitrep export --format geojson -o events.geojson
    """
    with _open(db) as store:
        chunks = export.EXPORTERS[format.value](store.iter_events())
        _write(chunks, output)


def _write(chunks: Iterator[str], output: Path | None) -> None:
    if output is None:
        for chunk in chunks:
            sys.stdout.write(chunk)
        return
    with output.open("w", encoding="utf-8") as f:
        for chunk in chunks:
            f.write(chunk)


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[str | None, typer.Option(help="Address [default: 127.0.0.1].")] = None,
    port: Annotated[int | None, typer.Option(help="Port [default: 8000].")] = None,
) -> None:
    """Serve the web UI and JSON API over the database (read-only).

    Example: sitrep serve --db sitrep.db --port 8000
    """
    from sitrep.web import serve as run_server

    settings = _settings()
    host, port = host or settings.host, port or settings.port
    console.print(f"sitrep is serving {escape(str(_db(db)))} at [bold]http://{host}:{port}/[/]")
    run_server(db_path=_db(db), settings=settings, host=host, port=port)


gazetteer_app = typer.Typer(help="The offline gazetteer.", no_args_is_help=True)
app.add_typer(gazetteer_app, name="gazetteer")


@gazetteer_app.command("build")
def gazetteer_build() -> None:
    """Build (or rebuild) the cached gazetteer index.

    Example: sitrep gazetteer build
    """
    from sitrep.gazetteer import build_gazetteer

    with console.status("building the gazetteer..."):
        path = build_gazetteer(cache_dir=Path(_settings().cache_dir))
    console.print(f"gazetteer written to {escape(str(path))}")


eval_app = typer.Typer(help="Scores against reference data (any file of the format).", no_args_is_help=True)
app.add_typer(eval_app, name="eval")
JsonOption = Annotated[bool, typer.Option("--json", help="Print one JSON object instead of a table.")]


@eval_app.command("time")
def eval_time(
    dir: Annotated[Path, typer.Option("--dir", help="Folder of TimeML (.tml) files, searched recursively.")],
    part: Annotated[
        str | None,
        typer.Option(
            "--part",
            help="Only the files at even or odd positions of each folder's files sorted by name (even|odd).",
        ),
    ] = None,
    json_out: JsonOption = False,
) -> None:
    """TIMEX3 recognition (strict and relaxed), type and value accuracy given the creation time.

    Example: sitrep eval time --dir ../shared/data/time/TBAQ-cleaned/AQUAINT --part even --json
    """
    from sitrep.evaluate.timeml import PARTS, evaluate_time

    if part is not None and part not in PARTS:
        raise typer.BadParameter(f"--part must be one of {', '.join(PARTS)}, not {part!r}")
    _print_metrics("time expressions", evaluate_time(dir, part=part), json_out=json_out)


@eval_app.command("geoparse")
def eval_geoparse(
    file: Annotated[Path, typer.Option("--file", help="An LGL or GeoWebNews XML file.")],
    format: Annotated[
        str, typer.Option("--format", help="Input format: gritta (LGL / GeoWebNews XML).")
    ] = "gritta",
    limit: Annotated[int | None, typer.Option(help="Read only the first N documents.")] = None,
    json_out: JsonOption = False,
) -> None:
    """Toponym recognition P/R/F1 and resolution accuracy@161 km, median error and AUC.

    Example: sitrep eval geoparse --format gritta --file ../shared/data/geoparsing/lgl.xml
    """
    from sitrep.evaluate.geoparse import evaluate_geoparse

    metrics = evaluate_geoparse(file, format=format, settings=_settings(), limit=limit)
    _print_metrics("geoparsing", metrics, json_out=json_out)


@eval_app.command("acled")
def eval_acled(
    file: Annotated[Path, typer.Option("--file", help="An ACLED export (CSV with notes and gold columns).")],
    limit: Annotated[int | None, typer.Option(help="Read only the first N rows of the split.")] = None,
    split: Annotated[
        str, typer.Option(help="dev (rows kept for development), test (held out) or all.")
    ] = "dev",
    json_out: JsonOption = False,
) -> None:
    """Event type, sub-type, actors, fatalities and location read from each row's notes, against the row.

    Example: sitrep eval acled --file ../shared/data/acled/acled_ukraine_2022-01-01_to_2022-03-31.csv
    """
    from sitrep.evaluate.acled import evaluate_acled

    metrics = evaluate_acled(file, settings=_settings(), limit=limit, split=split)
    _print_metrics("ACLED notes", metrics, json_out=json_out)


@eval_app.command("plover")
def eval_plover(
    file: Annotated[Path, typer.Option("--file", help="PLOVER GSR records (one JSON object per line).")],
    limit: Annotated[int | None, typer.Option(help="Read only the first N records.")] = None,
    json_out: JsonOption = False,
) -> None:
    """PLOVER event type accuracy on sentences coded with PLOVER categories.

    Example: sitrep eval plover --file ../shared/data/events/PLOVER_GSR_CAMEO.txt
    """
    from sitrep.evaluate.plover import evaluate_plover

    _print_metrics("PLOVER", evaluate_plover(file, settings=_settings(), limit=limit), json_out=json_out)


@eval_app.command("cameo")
def eval_cameo(
    file: Annotated[Path, typer.Option("--file", help="sentence<TAB>label file, labels 0-4.")],
    limit: Annotated[int | None, typer.Option(help="Read only the first N sentences.")] = None,
    json_out: JsonOption = False,
) -> None:
    """Accuracy on the 0-4 cooperation-to-conflict scale (0 statement ... 4 material conflict).

    Example: sitrep eval cameo --file ../shared/data/events/conflibert_cameo/train.tsv
    """
    from sitrep.evaluate.cameo import evaluate_cameo

    _print_metrics("CAMEO scale", evaluate_cameo(file, settings=_settings(), limit=limit), json_out=json_out)


@eval_app.command("claims")
def eval_claims(
    dir: Annotated[
        Path, typer.Option("--dir", help="Folder of reports (.txt) with expected claims (.json).")
    ],
    json_out: JsonOption = False,
) -> None:
    """Attribution precision/recall and stance and modality accuracy against hand-coded claims.

    Example: sitrep eval claims --dir tests/claims
    """
    from sitrep.evaluate.claims import evaluate_claims

    _print_metrics("claims", evaluate_claims(dir, settings=_settings()), json_out=json_out)


@eval_app.command("stories")
def eval_stories(
    file: Annotated[Path, typer.Option("--file", help="A JSON file of story groups (see tests/stories/).")],
    json_out: JsonOption = False,
) -> None:
    """Story clustering (B-cubed precision/recall/F1) and contradiction recall against hand-grouped reports.

    Example: sitrep eval stories --file tests/stories/dev.json
    """
    from sitrep.evaluate.stories import evaluate_stories

    _print_metrics("stories", evaluate_stories(file, settings=_settings()), json_out=json_out)


def _print_metrics(title: str, metrics: dict[str, Any], *, json_out: bool) -> None:
    if json_out:
        print(export.dumps(metrics))
        return
    table = Table("metric", "value", title=title)
    for key, value in metrics.items():
        if isinstance(value, float):
            table.add_row(key, f"{value:.3f}")
        elif isinstance(value, int | str):
            table.add_row(key, str(value))
    console.print(table)


# ---- printing --------------------------------------------------------------------------------------------


def _short(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _quantity(q: dict[str, Any]) -> str:
    bound = {"at_least": "≥", "at_most": "≤", "about": "~", "range": ""}.get(q["bound"], "")
    value = f"{q['value']}-{q['high']}" if q.get("high") else str(q["value"])
    return f"{bound}{value} {q.get('population') or ''} {q['category']}".replace("  ", " ")


def _places(e: dict[str, Any]) -> str:
    return "; ".join(f"{p['name']} ({p['lat']:.2f},{p['lon']:.2f})" for p in e.get("places") or [])


def _print_events(rows: list[dict[str, Any]]) -> None:
    table = Table("id", "date", "type", "status", "places", "actors", "killed")
    for e in rows:
        occurred = (e.get("occurred") or {}).get("start") or ""
        killed = _quantity(e["fatalities"]) if e.get("fatalities") else ""
        actors = " → ".join(a for a in (e.get("actor1"), e.get("actor2")) if a)
        table.add_row(
            e["id"],
            occurred,
            escape(e["sub_type"]),
            e["status"],
            escape(_places(e)),
            escape(actors),
            escape(killed),
        )
    console.print(table)
    console.print(f"{len(rows)} events")


def _print_event(e: dict[str, Any]) -> None:
    console.print(f"[bold]{escape(e['type'])} / {escape(e['sub_type'])}[/]  {e['status']}  ({e['id']})")
    for label, value in (
        ("occurred", (e.get("occurred") or {}).get("start")),
        ("places", _places(e)),
        ("actors", " → ".join(a for a in (e.get("actor1"), e.get("actor2")) if a)),
        ("killed", _quantity(e["fatalities"]) if e.get("fatalities") else ""),
        ("injured", _quantity(e["injured"]) if e.get("injured") else ""),
        ("confidence", str(e.get("confidence"))),
    ):
        console.print(f"  {label:>10}: {escape(str(value or ''))}")
    article = e.get("article") or {}
    text = article.get("text", "")
    for ev in e.get("evidence") or []:
        console.print("  evidence: " + _highlight(text, ev["start"], ev["end"], e.get("trigger")))
    for c in e.get("claim_records") or []:
        speaker = ", ".join(v for v in c["speaker"].values() if v)
        console.print(f"  claim [{c['stance']}] {escape(speaker)}: “{escape(_short(c['text'], 120))}”")
    console.print(
        f"  article: {escape(article.get('title') or article.get('source') or '')} "
        f"({article.get('published') or 'undated'})"
    )


def _highlight(text: str, start: int, end: int, trigger: dict[str, Any] | None) -> str:
    if not trigger or not (start <= trigger["start"] < trigger["end"] <= end):
        return escape(text[start:end])
    return (
        escape(text[start : trigger["start"]])
        + "[bold yellow]"
        + escape(text[trigger["start"] : trigger["end"]])
        + "[/]"
        + escape(text[trigger["end"] : end])
    )


def _print_reading(data: dict[str, Any]) -> None:
    article = data["article"]
    console.print(
        f"[bold]{escape(article.get('title') or article['source'])}[/] "
        f"published {article['published']}, dateline {escape(str(article['dateline']))}"
    )
    _print_events(data["events"])
    for c in data["claims"]:
        speaker = ", ".join(v for v in c["speaker"].values() if v)
        console.print(
            f"claim [{c['stance']}/{c['modality']}] {escape(speaker)}: “{escape(_short(c['text'], 110))}”"
        )
    for t in data["tallies"]:
        period = f"{t['period']['start']} .. {t['period']['end']}"
        counts = "; ".join(_quantity(q) for q in t["counts"])
        console.print(f"tally {escape(counts)} ({period}) by {escape(t['organisation'])}")


def main() -> None:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        app()
    except SitrepError as e:
        err.print(f"[red]error:[/] {escape(str(e))}")
        sys.exit(2)


if __name__ == "__main__":
    main()
