"""Fuzzing the readers and the text clean-up: whatever comes in, no exception escapes, and every input
becomes an `Article` or a `Rejected` that names it.

Each Hypothesis example is a list of up to `BATCH` inputs, each read as generated and as four cheap
mutants (cut short, bytes flipped, halves swapped, doubled), so the fast profile (the default) reads well
over 10,000 inputs in a few seconds; `pytest -m slow tests/test_fuzz.py` runs ten times as many.
Kinds of malformed input tried (listed in the README): random bytes, bytes with NUL, invalid UTF-8, BOMs,
random unicode (surrogates excluded), control characters, HTML soup (unbalanced tags, script/style,
layered entities), broken JSONL (not JSON, JSON that is not an object, wrong field types, deeply nested
arrays, truncated lines), broken CSV (missing or extra columns, unbalanced quotes, NUL bytes deep in
the file, header only), dateline headers with impossible dates, huge single lines, broken RSS/Atom/RDF
feeds (unclosed elements, entries without text, impossible dates, undefined and external entities, HTML
soup in descriptions) and HTML pages (soup, no body, scripts only, random bytes).
"""

from __future__ import annotations

import json
import random
import tempfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitrep.models import Article, Rejected
from sitrep.readers import ReadOptions, read_bytes, read_inputs
from sitrep.stages.normalize import clean_text

BATCH = 20
SUFFIXES = (".txt", ".jsonl", ".ndjson", ".csv", ".rss", ".xml", ".html", "")
OPTIONS = ReadOptions(max_bytes=200_000, is_place=lambda name: name in {"Kyiv", "Washington", "New York"})
FUZZED: Counter[str] = Counter()

# ---- strategies --------------------------------------------------------------------------------------

texts = st.text(st.characters(exclude_categories=["Cs"]), max_size=300)
words = st.sampled_from(["Kyiv", "shelled", "said", "2022", "“", "”", "&amp;", "&#13;", "\r\n", " ", "\t"])
tags = st.sampled_from(["<p>", "</p>", "<div", "<br/>", "<script>", "</script>", "<style>", "<a href='", ">"])
html_soup = st.lists(st.one_of(texts, words, tags), max_size=30).map("".join)
escaped_html = html_soup.map(lambda s: s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | texts,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(texts, inner, max_size=4),
    max_leaves=10,
)
article_objects = st.fixed_dictionaries(
    {"text": st.one_of(texts, html_soup, st.integers(), st.none())},
    optional={"published": st.one_of(texts, st.sampled_from(["2022-02-30", "2022-04-07", "Z", "9999"])),
              "title": json_values, "url": json_values, "source": json_values},
)  # fmt: skip


def _jsonl_line(value: Any, cut: int, nest: int) -> bytes:
    line = json.dumps(value, ensure_ascii=False)
    line = "[" * nest + line + "]" * nest if nest else line
    return line[: max(1, len(line) - cut)].encode("utf-8", "surrogatepass")


jsonl_lines = st.builds(
    _jsonl_line,
    st.one_of(article_objects, json_values),
    st.integers(0, 5),
    st.sampled_from([0, 0, 2, 50_000]),
)
jsonl_files = st.lists(jsonl_lines, max_size=8).map(b"\n".join)

csv_cells = st.one_of(texts, html_soup, st.sampled_from(['"', '""', ",", "\n", "\x00", "2022-04-07", "\r"]))
csv_rows = st.lists(csv_cells, max_size=5).map(lambda cells: ",".join(cells))
csv_headers = st.sampled_from(["text,published,title", "text", "published,title", "", '"text', "text,text"])
csv_files = st.builds(
    lambda header, rows, pad: (header + "\n" + "\n".join(rows)).encode("utf-8") + pad,
    csv_headers,
    st.lists(csv_rows, max_size=6),
    st.sampled_from([b"", b"\x00", b"a" * 9000 + b"\x00,x\n"]),
)
datelines = st.builds(
    lambda day, place, story: f" date {day} {place} {story}".encode(),
    st.sampled_from(["2022-04-07", "2022-13-45", "2022-04-07T10:00", "yesterday", ""]),
    st.sampled_from(["Washington", "kyiv", "New York", "", "Atlantis"]),
    st.one_of(texts, html_soup),
)
huge_lines = st.builds(
    lambda unit, times, suffix: (unit * times, suffix),
    st.sampled_from([b"a", b"Kyiv shelled ", b"<p>", b"\xff", b'{"text": "', b"\x00"]),
    st.integers(10_000, 400_000),
    st.sampled_from(SUFFIXES),
)

feed_dates = st.sampled_from(["Wed, 02 Mar 2022 10:00:00 GMT", "2022-02-30T25:00:00Z", "yesterday", "", "-1"])
feed_texts = st.one_of(texts, html_soup, escaped_html, st.just("<![CDATA[Kyiv <b>shelled</b>]]>"))
rss_items = st.builds(
    lambda title, body, day, link: f"<item><title>{title}</title><description>{body}</description>"
    f"<pubDate>{day}</pubDate><link>{link}</link></item>",
    texts, feed_texts, feed_dates, st.sampled_from(["http://example.com/1", "", "javascript:x", "<"]),
)  # fmt: skip
atom_entries = st.builds(
    lambda title, body, day: f'<entry><title>{title}</title><content type="html">{body}</content>'
    f"<updated>{day}</updated></entry>",
    texts, feed_texts, feed_dates,
)  # fmt: skip
feed_heads = st.sampled_from(
    [
        '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>',
        '<feed xmlns="http://www.w3.org/2005/Atom">',
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">',
        '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><rss><channel>&x;',
        "<rss><channel>&undefined;",
        "",
    ]
)
feeds = st.builds(
    lambda head, entries, tail: (head + "".join(entries) + tail).encode("utf-8", "surrogatepass"),
    feed_heads,
    st.lists(st.one_of(rss_items, atom_entries), max_size=5),
    st.sampled_from(["</channel></rss>", "</feed>", "</rdf:RDF>", "", "<item>"]),
)
pages = st.builds(
    lambda title, body: f"<!doctype html><html><head><title>{title}</title></head><body>{body}</body></html>",
    texts,
    st.one_of(
        html_soup, st.lists(st.one_of(texts, html_soup).map(lambda t: f"<p>{t}</p>"), max_size=6).map("".join)
    ),
).map(lambda t: t.encode("utf-8"))
feed_inputs = st.tuples(feeds, st.sampled_from([".rss", ".atom", ".xml"]))
page_inputs = st.tuples(st.one_of(pages, html_soup.map(str.encode)), st.sampled_from([".html", ".htm"]))

any_bytes = st.tuples(st.binary(max_size=400), st.sampled_from(SUFFIXES))
unicode_inputs = st.tuples(texts.map(lambda t: t.encode("utf-8")), st.sampled_from(SUFFIXES))
html_inputs = st.tuples(
    st.one_of(html_soup, escaped_html).map(lambda t: b"\xef\xbb\xbf" + t.encode("utf-8")), st.just(".txt")
)
jsonl_inputs = st.tuples(jsonl_files, st.sampled_from([".jsonl", ".ndjson"]))
csv_inputs = st.tuples(csv_files, st.just(".csv"))
dateline_inputs = st.tuples(datelines, st.just(".txt"))

# ---- checks ------------------------------------------------------------------------------------------


def check_read(raw: bytes, suffix: str) -> None:
    source = f"fuzz{suffix}"
    items = list(read_bytes(raw, source=source, suffix=suffix, options=OPTIONS))
    assert items, "every input gives at least one Article or Rejected"
    for item in items:
        assert isinstance(item, Article | Rejected)
        if isinstance(item, Rejected):
            assert item.input.startswith(source) and item.reason
        else:
            assert item.id and item.text.strip()
            clean_text(item.text)


def check_clean(text: str) -> None:
    cleaned = clean_text(text)
    assert clean_text(cleaned) == cleaned


def mutants(raw: bytes, rnd: random.Random) -> list[bytes]:
    """Cheap variants of one input: cut at a random byte (mid-character, mid-row), a few bytes flipped,
    its halves swapped, and doubled."""
    cut = rnd.randrange(len(raw) + 1)
    flipped = bytearray(raw)
    for _ in range(min(3, len(flipped))):
        flipped[rnd.randrange(len(flipped))] = rnd.randrange(256)
    return [raw[:cut], bytes(flipped), raw[cut:] + raw[:cut], raw + raw]


def fuzz(name: str, inputs: st.SearchStrategy[Any], check: Callable[..., None], *, examples: int) -> Any:
    @settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.large_base_example,
        ],
    )
    @given(st.lists(inputs, min_size=1, max_size=BATCH), st.randoms(use_true_random=False))
    def run(batch: list[Any], rnd: random.Random) -> None:
        count = 0
        for item in batch:
            if not isinstance(item, tuple):
                check(item)
                count += 1
                continue
            raw, suffix = item
            for variant in [raw, *mutants(raw, rnd)]:
                check(variant, suffix)
                count += 1
        FUZZED[name] += count

    return run


FAST: dict[str, tuple[st.SearchStrategy[Any], Callable[..., None], int]] = {
    "bytes": (any_bytes, check_read, 120),
    "unicode": (unicode_inputs, check_read, 120),
    "html": (html_inputs, check_read, 80),
    "jsonl": (jsonl_inputs, check_read, 80),
    "csv": (csv_inputs, check_read, 80),
    "dateline": (dateline_inputs, check_read, 80),
    "feed": (feed_inputs, check_read, 60),
    "page": (page_inputs, check_read, 25),
    "clean_text": (st.one_of(texts, html_soup, escaped_html), check_clean, 200),
}

test_fuzz_random_bytes = fuzz("bytes", *FAST["bytes"][:2], examples=FAST["bytes"][2])
test_fuzz_random_unicode = fuzz("unicode", *FAST["unicode"][:2], examples=FAST["unicode"][2])
test_fuzz_html_soup = fuzz("html", *FAST["html"][:2], examples=FAST["html"][2])
test_fuzz_broken_jsonl = fuzz("jsonl", *FAST["jsonl"][:2], examples=FAST["jsonl"][2])
test_fuzz_broken_csv = fuzz("csv", *FAST["csv"][:2], examples=FAST["csv"][2])
test_fuzz_datelines = fuzz("dateline", *FAST["dateline"][:2], examples=FAST["dateline"][2])
test_fuzz_feeds = fuzz("feed", *FAST["feed"][:2], examples=FAST["feed"][2])
test_fuzz_html_pages = fuzz("page", *FAST["page"][:2], examples=FAST["page"][2])
test_fuzz_clean_text = fuzz("clean_text", *FAST["clean_text"][:2], examples=FAST["clean_text"][2])


@settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck))
@given(huge_lines)
def test_fuzz_huge_lines(line: tuple[bytes, str]) -> None:
    check_read(*line)
    FUZZED["huge"] += 1


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.one_of(csv_inputs, jsonl_inputs, any_bytes))
def test_fuzz_row_files_read_from_disk(item: tuple[bytes, str]) -> None:
    # CSV and JSONL files are streamed from disk, a row at a time: a second path to the same readers.
    raw, suffix = item
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"fuzz{suffix}"
        path.write_bytes(raw)
        items = list(read_inputs([str(path)], options=OPTIONS))
    assert items
    for read in items:
        assert isinstance(read, Article) or read.input.startswith(str(path))
    FUZZED["files"] += 1


@pytest.mark.slow
@pytest.mark.parametrize("kind", sorted(FAST))
def test_fuzz_slow(kind: str) -> None:
    inputs, check, examples = FAST[kind]
    fuzz(f"slow {kind}", inputs, check, examples=10 * examples)()


def test_at_least_ten_thousand_inputs_were_fuzzed() -> None:
    fast = {name for name in FAST}
    if not fast <= set(FUZZED):
        pytest.skip("only some fuzz tests ran in this session")
    total = sum(FUZZED[name] for name in fast)
    assert total >= 10_000, f"{total} fuzzed inputs: {dict(FUZZED)}"
