"""Readers: dateline and plain text, folders, JSONL and CSV, and every kind of bad input."""

from __future__ import annotations

import http.server
import random
import threading
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import ClassVar

import pytest

from sitrep.models import Article, Rejected
from sitrep.readers import Columns, ReadOptions, parse_text, read_inputs, split_dateline
from sitrep.stages.normalize import clean_text

PLACES = {"Washington", "New York", "Kyiv"}
GUARDIAN = Path(__file__).parents[1].parent / "shared/data/news/Guardians_Russia_Ukraine.csv"
DEFAULT_COLUMNS = Columns()
GUARDIAN_COLUMNS = Columns(text="articles", published="published", title="headlines")


def is_place(name: str) -> bool:
    return name in PLACES


def read(
    *paths: Path, columns: Columns = DEFAULT_COLUMNS, max_bytes: int = 2_000_000
) -> list[Article | Rejected]:
    options = ReadOptions(columns=columns, max_bytes=max_bytes, is_place=is_place)
    return list(read_inputs([str(p) for p in paths], options=options))


def only(results: list[Article | Rejected]) -> Article | Rejected:
    assert len(results) == 1, results
    return results[0]


# Dateline and plain text


def test_dateline_gives_published_date_place_and_story() -> None:
    article = parse_text(
        " date 2022-04-07 Washington All remaining Russian troops around kyiv have withdrawn.",
        source="seed.txt",
        is_place=lambda name: name == "Washington",
    )
    assert article.published == date(2022, 4, 7)
    assert article.dateline == "Washington"
    assert article.text.startswith("All remaining")
    assert "Washington" not in article.text


def test_dateline_of_two_words_is_found_by_the_place_test() -> None:
    article = parse_text(
        " date 2022-03-01 New York Officials said on Tuesday.", source="x", is_place=is_place
    )
    assert (article.dateline, article.text) == ("New York", "Officials said on Tuesday.")


def test_dateline_without_a_known_place_keeps_the_whole_story() -> None:
    article = parse_text(" date 2022-04-07 All remaining troops left.", source="x", is_place=is_place)
    assert article.published == date(2022, 4, 7)
    assert article.dateline is None
    assert article.text == "All remaining troops left."


def test_split_dateline_stops_at_the_longest_place() -> None:
    assert split_dateline("Kyiv, Ukraine's capital was calm", is_place=is_place) == (
        "Kyiv",
        "Ukraine's capital was calm",
    )


def test_plain_text_without_dateline(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text("Shelling hit Kharkiv overnight.\n\nTwo people were wounded.\n", encoding="utf-8")
    article = only(read(path))
    assert isinstance(article, Article)
    assert article.published is None
    assert article.dateline is None
    assert article.text == "Shelling hit Kharkiv overnight.\n\nTwo people were wounded."
    assert article.source == str(path)


def test_same_report_read_twice_gets_the_same_id(tmp_path: Path) -> None:
    first, second = tmp_path / "one.txt", tmp_path / "two.txt"
    for path in (first, second):
        path.write_text(" date 2022-04-07 Kyiv Sirens sounded at dawn.", encoding="utf-8")
    a, b = read(first, second)
    assert isinstance(a, Article) and isinstance(b, Article)
    assert a.id == b.id
    assert a.source != b.source


def test_folder_is_read_in_name_order(tmp_path: Path) -> None:
    # Written in reverse, so directory order and name order disagree.
    for name, text in (("c.txt", "Third"), ("b.txt", "Second"), ("a.txt", "First")):
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("Hidden", encoding="utf-8")
    texts = [r.text for r in read(tmp_path) if isinstance(r, Article)]
    assert texts == ["First", "Second", "Third"]


# JSONL


def test_jsonl_keeps_good_lines_and_rejects_a_broken_one(tmp_path: Path) -> None:
    broken = b'{"text": "Shelling in Kharkiv", "published": '
    path = tmp_path / "feed.jsonl"
    path.write_bytes(
        b'{"text": "Strikes on Kyiv", "published": "2022-04-06", "title": "Kyiv"}\n'
        + broken
        + b"\n"
        + b'{"text": "Mariupol besieged", "published": "2022-08-01T16:23:25Z"}\n'
    )
    first, bad, third = read(path)
    assert isinstance(first, Article) and isinstance(third, Article)
    assert (first.text, first.published, first.title) == ("Strikes on Kyiv", date(2022, 4, 6), "Kyiv")
    assert isinstance(third.published, datetime) and third.published.date() == date(2022, 8, 1)
    assert isinstance(bad, Rejected)
    assert bad.input == f"{path}:2"
    assert "JSON" in bad.reason
    assert bad.raw == broken


def test_jsonl_line_that_is_not_an_object_or_has_no_text(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_bytes(b'["a list"]\n{"title": "no text"}\n{"text": "Kept"}\n')
    results = read(path)
    assert [r.input for r in results if isinstance(r, Rejected)] == [f"{path}:1", f"{path}:2"]
    assert [r.text for r in results if isinstance(r, Article)] == ["Kept"]


def test_jsonl_line_with_invalid_utf8_is_rejected_alone(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_bytes(b'{"text": "caf\xe9"}\n{"text": "fine"}\n')
    bad, good = read(path)
    assert isinstance(bad, Rejected) and bad.input == f"{path}:1"
    assert "UTF-8" in bad.reason
    assert isinstance(good, Article) and good.text == "fine"


# CSV


def test_csv_with_column_mapping_and_multiline_fields(tmp_path: Path) -> None:
    path = tmp_path / "news.csv"
    path.write_text(
        "published,headlines,articles\n"
        '2022-04-07,"Troops leave, Kyiv says","First paragraph.\n\nSecond, with ""quotes""."\n'
        "2022-04-08,No text here,\n"
        "2022-04-09T10:00:00Z,Third,Plain body\n",
        encoding="utf-8",
    )
    first, missing, third = read(
        path, columns=Columns(text="articles", published="published", title="headlines")
    )
    assert isinstance(first, Article)
    assert first.title == "Troops leave, Kyiv says"
    assert first.published == date(2022, 4, 7)
    assert first.text == 'First paragraph.\n\nSecond, with "quotes".'
    # Rows count records (the header is row 1), whatever lines a quoted field spans.
    assert isinstance(missing, Rejected)
    assert missing.input == f"{path}:row 3"
    assert "articles" in missing.reason
    assert b"No text here" in missing.raw
    assert isinstance(third, Article) and third.title == "Third"


def test_csv_without_the_text_column_is_rejected_whole(tmp_path: Path) -> None:
    path = tmp_path / "news.csv"
    path.write_text("headline,body\nA,B\n", encoding="utf-8")
    rejected = only(read(path))
    assert isinstance(rejected, Rejected)
    assert rejected.input == str(path)
    assert "'text'" in rejected.reason and "headline, body" in rejected.reason


# Bad inputs: each rejected with a reason, naming the input


def _binary() -> bytes:
    rnd = random.Random(7)
    return bytes(rnd.randrange(256) for _ in range(512)) + b"\x00\x00" + bytes(range(64))


BAD_INPUTS = [
    ("empty.txt", b"", "", "empty"),
    ("blank.txt", b"  \n\t \n", "", "empty"),
    ("empty.jsonl", b"", "", "empty"),
    ("empty.csv", b"", "", "empty"),
    ("noise.txt", _binary(), "", "binary"),
    ("noise.jsonl", _binary(), "", "binary"),
    ("noise.csv", b"text\nhello\x00world\n", "", "binary"),
    ("latin1.txt", "Kharkiv café".encode("latin-1"), "", "UTF-8"),
    ("latin1.csv", "text\nKharkiv café\n".encode("latin-1"), "", "UTF-8"),
    ("dateline.txt", b" date 2022-13-45 Washington Troops left.", "", "2022-13-45"),
    ("feed.jsonl", b'{"text": "Troops left.", "published": "2022-13-45"}\n', ":1", "2022-13-45"),
    ("news.csv", b"text,published\nTroops left.,2022-13-45\n", ":row 2", "2022-13-45"),
    ("controls.txt", b"\x01\x02\x03\x04\x05\x06\x07\x08" * 20, "", "binary"),
]


@pytest.mark.parametrize(("name", "raw", "where", "reason"), BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS])
def test_bad_input_is_rejected_with_its_name_and_reason(
    tmp_path: Path, name: str, raw: bytes, where: str, reason: str
) -> None:
    path = tmp_path / name
    path.write_bytes(raw)
    rejected = only(read(path))
    assert isinstance(rejected, Rejected)
    assert rejected.input == f"{path}{where}"
    assert reason.lower() in rejected.reason.lower()


def test_text_file_larger_than_max_bytes_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    path.write_bytes(b"word " * 400)
    rejected = only(read(path, max_bytes=1000))
    assert isinstance(rejected, Rejected)
    assert rejected.input == str(path)
    assert "too large" in rejected.reason and "2,000" in rejected.reason and "1,000" in rejected.reason
    assert isinstance(only(read(path, max_bytes=5000)), Article)


@pytest.mark.parametrize("suffix", [".jsonl", ".csv"])
def test_article_larger_than_max_bytes_inside_a_feed_is_rejected_alone(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"feed{suffix}"
    if suffix == ".jsonl":
        path.write_text('{"text": "' + "a" * 3000 + '"}\n{"text": "short"}\n', encoding="utf-8")
        where = f"{path}:1"
    else:
        path.write_text("text\n" + "a" * 3000 + "\nshort\n", encoding="utf-8")
        where = f"{path}:row 2"
    big, small = read(path, max_bytes=1000)
    assert isinstance(big, Rejected) and big.input == where and "too large" in big.reason
    assert isinstance(small, Article) and small.text == "short"


def test_bad_files_do_not_stop_the_batch(tmp_path: Path) -> None:
    (tmp_path / "a_empty.txt").write_bytes(b"")
    (tmp_path / "b_good.txt").write_text("Kept.", encoding="utf-8")
    (tmp_path / "c_binary.txt").write_bytes(_binary())
    (tmp_path / "d_good.txt").write_text("Also kept.", encoding="utf-8")
    results = read(tmp_path)
    assert [type(r).__name__ for r in results] == ["Rejected", "Article", "Rejected", "Article"]


def test_missing_file_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "absent.txt"
    rejected = only(read(path))
    assert isinstance(rejected, Rejected) and rejected.input == str(path)
    assert "cannot read" in rejected.reason


def test_html_file_gives_its_paragraphs_without_script_or_title(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(
        "<html><head><title>Menu</title><script>var tracker = 1;</script></head>"
        "<body><p>Shelling hit Kharkiv &amp; Izium.</p><p>Two people were wounded.</p></body></html>",
        encoding="utf-8",
    )
    article = only(read(path))
    assert isinstance(article, Article)
    assert "Kharkiv" in article.text
    cleaned = clean_text(article.text)
    assert cleaned == "Shelling hit Kharkiv & Izium.\n\nTwo people were wounded."


@pytest.mark.reference
def test_guardian_reference_csv_reads_every_article() -> None:
    if not GUARDIAN.exists():
        pytest.skip(f"reference data absent: {GUARDIAN}")
    results = list(read_inputs([str(GUARDIAN)], options=ReadOptions(columns=GUARDIAN_COLUMNS)))
    rejected = [r for r in results if isinstance(r, Rejected)]
    articles = [r for r in results if isinstance(r, Article)]
    assert rejected == []
    assert len(articles) == 188
    assert all(a.published is not None and a.title and a.text for a in articles)
    # Ten rows repeat an earlier one word for word: the content-hash ids say so.
    assert len({a.id for a in articles}) == 178


# Feeds, HTML pages and URLs (served from 127.0.0.1 only)

FEED = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Test wire</title>
<item><title>Shelling in Kharkiv</title><link>http://127.0.0.1/a/1</link>
<pubDate>Wed, 02 Mar 2022 10:00:00 GMT</pubDate>
<description>&lt;p&gt;Russian artillery shelled Kharkiv overnight, the governor said.&lt;/p&gt;
</description></item>
<item><title>No text here</title><link>http://127.0.0.1/a/2</link></item>
<item><title>Protest in Kherson</title>
<description>Residents of Kherson protested on Sunday.</description></item>
</channel></rss>"""
ATOM = b"""<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
<entry><title>Withdrawal</title><updated>2022-04-06T12:00:00Z</updated>
<content type="html">&lt;p&gt;Russian troops withdrew from Bucha, officials said.&lt;/p&gt;</content>
</entry></feed>"""
PAGE = b"""<!doctype html><html><head><title>Shelling in Kharkiv</title>
<meta property="article:published_time" content="2022-03-02T10:00:00Z"></head>
<body><nav>Home | World | Sport</nav><article><h1>Shelling in Kharkiv</h1>
<p>Russian artillery shelled a district of Kharkiv overnight, killing three civilians, the regional governor
said on Tuesday.</p><p>Ukrainian forces said they had repelled an attack near Izium.</p></article>
<footer>Copyright and cookie notices</footer></body></html>"""


def test_each_feed_entry_is_an_article_and_an_entry_without_text_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "wire.rss"
    path.write_bytes(FEED)
    first, empty, third = read(path)
    assert isinstance(first, Article) and isinstance(third, Article)
    assert first.title == "Shelling in Kharkiv" and first.url == "http://127.0.0.1/a/1"
    assert first.published == datetime(2022, 3, 2, 10, 0, tzinfo=UTC)
    assert "shelled Kharkiv" in clean_text(first.text) and "<p>" not in clean_text(first.text)
    assert isinstance(empty, Rejected)
    assert empty.input == f"{path}#entry 2" and "no text" in empty.reason


def test_an_atom_feed_reads_its_content(tmp_path: Path) -> None:
    path = tmp_path / "wire.atom"
    path.write_bytes(ATOM)
    article = only(read(path))
    assert isinstance(article, Article) and "withdrew from Bucha" in article.text
    assert article.published == datetime(2022, 4, 6, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    "raw", [b"<rss><channel></channel></rss>", b"not a feed at all", b"<rss><item><title>x</ti"]
)
def test_a_feed_without_readable_entries_is_rejected_with_the_reason(tmp_path: Path, raw: bytes) -> None:
    path = tmp_path / "broken.xml"
    path.write_bytes(raw)
    rejected = only(read(path))
    assert isinstance(rejected, Rejected) and rejected.input.startswith(str(path))
    assert "feed" in rejected.reason


def test_an_html_page_gives_its_article_text_without_the_furniture(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_bytes(PAGE)
    article = only(read(path))
    assert isinstance(article, Article)
    assert article.title == "Shelling in Kharkiv" and article.published == date(2022, 3, 2)
    assert article.text.startswith("Russian artillery shelled") and "repelled an attack" in article.text
    assert "Copyright" not in article.text and "Sport" not in article.text


@pytest.mark.parametrize("raw", [b"<html><body><script>var x = 1;</script></body></html>", b"<html></html>"])
def test_an_html_page_without_article_text_is_rejected(tmp_path: Path, raw: bytes) -> None:
    path = tmp_path / "empty.html"
    path.write_bytes(raw)
    rejected = only(read(path))
    assert isinstance(rejected, Rejected) and "no article text" in rejected.reason


class _Handler(http.server.BaseHTTPRequestHandler):
    routes: ClassVar[dict[str, tuple[int, str, bytes]]] = {
        "/feed": (200, "application/rss+xml", FEED),
        "/page": (200, "text/html; charset=utf-8", PAGE),
        "/plain": (200, "text/plain", b"Shelling hit Kharkiv overnight, the governor said."),
        "/feed-as-octets": (200, "application/octet-stream", ATOM),
        "/big": (200, "text/plain", b"Kyiv " * 100_000),
    }

    def do_GET(self) -> None:
        status, content_type, body = self.routes.get(self.path, (404, "text/plain", b"not here"))
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def read_urls(*urls: str, max_bytes: int = 200_000) -> list[Article | Rejected]:
    return list(read_inputs(list(urls), options=ReadOptions(max_bytes=max_bytes, is_place=is_place)))


def test_urls_are_read_as_what_they_serve(server: str) -> None:
    feed = read_urls(f"{server}/feed")
    assert [type(item) for item in feed] == [Article, Rejected, Article]
    page = only(read_urls(f"{server}/page"))
    assert isinstance(page, Article) and page.url == f"{server}/page" and page.title == "Shelling in Kharkiv"
    plain = only(read_urls(f"{server}/plain"))
    assert isinstance(plain, Article) and plain.text.startswith("Shelling hit Kharkiv")
    sniffed = only(read_urls(f"{server}/feed-as-octets"))
    assert isinstance(sniffed, Article) and "withdrew from Bucha" in sniffed.text


def test_a_url_that_fails_is_rejected_with_the_reason(server: str) -> None:
    missing = only(read_urls(f"{server}/nothing"))
    assert (
        isinstance(missing, Rejected)
        and missing.input == f"{server}/nothing"
        and "HTTP 404" in missing.reason
    )
    big = only(read_urls(f"{server}/big", max_bytes=10_000))
    assert isinstance(big, Rejected) and "too large" in big.reason
    closed = only(read_urls("http://127.0.0.1:9/nothing-listens-here"))
    assert isinstance(closed, Rejected) and "cannot fetch" in closed.reason
