from __future__ import annotations

from collections.abc import Sequence

import pytest

from sitrep.errors import PipelineError
from sitrep.models import Article
from sitrep.pipeline import Doc, DocStage, Pipeline, check_order


class Upper(DocStage):
    name = "upper"
    requires = ("article",)
    assigns = ("times",)

    def process(self, doc: Doc) -> None:
        if "boom" in doc.text:
            raise ValueError("cannot read this one")
        doc.times = ()


class NeedsPlaces(DocStage):
    name = "needs-places"
    requires = ("places",)
    assigns = ("events",)

    def process(self, doc: Doc) -> None:
        doc.events = ()


class Batch:
    name = "batch"
    requires = ("article",)
    assigns = ("places",)

    def __init__(self) -> None:
        self.batches: list[int] = []

    def __call__(self, docs: Sequence[Doc]) -> None:
        self.batches.append(len(docs))


def article(text: str) -> Article:
    return Article(id=text[:8], text=text, source=f"{text}.txt")


def test_order_is_checked_and_names_the_stage() -> None:
    with pytest.raises(PipelineError, match=r"needs-places.*places"):
        check_order([Upper(), NeedsPlaces()])


def test_unknown_field_is_refused() -> None:
    class Bad(DocStage):
        name = "bad"
        assigns = ("nonsense",)

    with pytest.raises(PipelineError, match="unknown document fields"):
        Pipeline([Bad()])


def test_documents_go_through_in_batches() -> None:
    batch = Batch()
    results = list(Pipeline([batch], batch_size=2).run(article(f"text {i}") for i in range(5)))
    assert batch.batches == [2, 2, 1]
    assert all(r.reading is not None for r in results)


def test_a_failing_document_is_rejected_and_the_rest_go_on() -> None:
    texts = ["fine one", "boom here", "fine two"]
    results = list(Pipeline([Upper()], batch_size=8).run(article(t) for t in texts))
    assert [r.reading is not None for r in results] == [True, False, True]
    rejected = results[1].rejected
    assert rejected is not None
    assert rejected.input == "boom here.txt"
    assert "upper" in rejected.reason and "cannot read this one" in rejected.reason
    assert rejected.raw == b"boom here"


def test_read_raises_with_stage_and_article() -> None:
    with pytest.raises(PipelineError, match=r"stage 'upper' failed on boom.txt"):
        Pipeline([Upper()]).read(Article(id="x", text="boom", source="boom.txt"))
