"""Turning stored records into HTML safely: the Jinja environment, its filters, and evidence highlighting.

Article text is untrusted. Highlighted text is built by escaping every piece of it with
`markupsafe.escape` and wrapping the escaped pieces in `<mark>`; raw text is never marked safe.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any
from urllib.parse import quote, urlsplit

import jinja2
from markupsafe import Markup, escape

JSON = Mapping[str, Any]

_BOUNDS = {"at_least": "at least", "at_most": "at most", "about": "about", "exact": "", "range": ""}


@dataclass(frozen=True, slots=True)
class Mark:
    """A run of text to highlight; `kind` becomes its CSS class (evidence, trigger, place, time...)."""

    start: int
    end: int
    kind: str


def highlight(text: str, marks: Iterable[Mark]) -> Markup:
    """`text` escaped, with every marked run wrapped in `<mark class="kinds...">`.

    Marks may overlap: the text is cut at every mark boundary and each piece carries the kinds of all
    marks covering it, so the HTML never needs crossing tags.
    """
    marks = [m for m in (_clip(m, len(text)) for m in marks) if m is not None]
    cuts = sorted({0, len(text), *(m.start for m in marks), *(m.end for m in marks)})
    pieces = []
    for start, end in pairwise(cuts):
        kinds = sorted({m.kind for m in marks if m.start <= start and end <= m.end})
        piece = escape(text[start:end])
        pieces.append(Markup('<mark class="{}">{}</mark>').format(" ".join(kinds), piece) if kinds else piece)
    return Markup("").join(pieces)


def _clip(mark: Mark, length: int) -> Mark | None:
    start, end = max(0, mark.start), min(length, mark.end)
    return Mark(start, end, mark.kind) if start < end else None


def _span_mark(span: JSON | None, kind: str) -> list[Mark]:
    if not span:
        return []
    return [Mark(int(span["start"]), int(span["end"]), kind)]


def event_marks(event: JSON) -> list[Mark]:
    """Every span the event was read from, in article offsets, tagged with what was read there."""
    marks = [m for span in event.get("evidence") or [] for m in _span_mark(span, "evidence")]
    marks += _span_mark(event.get("trigger"), "trigger")
    marks += [m for place in event.get("places") or [] for m in _span_mark(place.get("span"), "place")]
    marks += _span_mark((event.get("occurred") or {}).get("span"), "time")
    for key in ("fatalities", "injured"):
        marks += _span_mark((event.get(key) or {}).get("span"), "quantity")
    article_id = (event.get("article") or {}).get("id")
    for claim in event.get("claim_records") or []:
        # a linked claim from another article has offsets into that article's text, not this one
        if (claim.get("article") or {}).get("id") == article_id:
            marks += _span_mark(claim.get("span"), "claim")
    return marks


def evidence_snippets(event: JSON) -> list[Markup]:
    """Each evidence sentence on its own, with the words matched inside it highlighted.

    The sentence comes from the article's text when the event carries it (its own page), else from the
    span's own `text` (a report of the same story shown beside it, read without its article).
    """
    text: str | None = (event.get("article") or {}).get("text")
    inner = [m for m in event_marks(event) if m.kind not in ("evidence", "claim")]
    snippets = []
    for span in event.get("evidence") or []:
        if not span:
            continue
        start, end = int(span["start"]), int(span["end"])
        words = text[start:end] if text is not None else str(span.get("text") or "")
        shifted = (Mark(m.start - start, m.end - start, m.kind) for m in inner)
        snippets.append(highlight(words, shifted))
    return snippets


_KINDS = {
    "fatalities": "Death toll",
    "injured": "Number injured",
    "status": "Happened or not",
    "denial": "A claim and its denial",
}
_STANCE_VERBS = {
    "asserted": "says",
    "denied": "denies",
    "disputed": "disputes",
    "assessed": "assesses",
    "reported": "reports",
}


def contradiction_label(kind: str) -> str:
    """What the two sides of a contradiction disagree on, in words."""
    return _KINDS.get(kind, kind)


def stance_verb(stance: str) -> str:
    """A claim's stance as the verb a side of a denial is headed with."""
    return _STANCE_VERBS.get(stance, stance)


def article_html(event: JSON) -> Markup:
    """The whole article text with the evidence and matched words highlighted in place."""
    return highlight(event["article"]["text"], event_marks(event))


def safe_href(url: str | None) -> str | None:
    """A link target only for http(s) URLs: escaping does not stop a `javascript:` URL from running."""
    if not url:
        return None
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return None
    return url if scheme in ("http", "https") else None


def path_segment(value: object) -> str:
    """An id made safe to put in a URL path (ids are hashes, but they arrive from the database)."""
    return quote(str(value), safe="")


def quantity_label(q: JSON | None) -> str:
    if not q:
        return ""
    bound = _BOUNDS.get(str(q.get("bound")), "")
    value = f"{q['value']:,}" if q.get("high") is None else f"{q['value']:,}–{q['high']:,}"
    words = [bound, value, q.get("category") or "", q.get("population") or ""]
    return " ".join(w for w in words if w)


def speaker_label(speaker: JSON | None) -> str:
    if not speaker:
        return "unknown"
    parts = [speaker.get(k) or "" for k in ("name", "role", "organisation")]
    return ", ".join(p for p in parts if p) or "unknown"


def date_range(ref: JSON | None) -> str:
    if not ref:
        return "—"
    start, end = ref.get("start"), ref.get("end")
    return str(start) if start == end or not end else f"{start} – {end}"


def place_names(places: Sequence[JSON] | None) -> str:
    return ", ".join(str(p.get("name", "")) for p in places or [])


def actors(event: JSON) -> str:
    return " → ".join(a for a in (event.get("actor1"), event.get("actor2")) if a)


def make_environment() -> jinja2.Environment:
    """Templates from the package, autoescaped (all of them, whatever the extension), strict about typos."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("sitrep.web", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        safe_href=safe_href,
        segment=path_segment,
        quantity=quantity_label,
        speaker=speaker_label,
        date_range=date_range,
        place_names=place_names,
        actors=actors,
        contradiction=contradiction_label,
        stance_verb=stance_verb,
    )
    env.globals.update(evidence_snippets=evidence_snippets, article_html=article_html)
    return env
