"""Readers: dateline and plain text, folders, JSONL and CSV, and every kind of bad input."""

from __future__ import annotations

import random
from datetime import date, datetime
from pathlib import Path

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


def test_html_file_is_read_and_its_soup_left_to_normalize(tmp_path: Path) -> None:
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
