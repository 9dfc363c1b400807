"""The pipeline: an ordered list of stages over `Doc`s, checked for order and run in batches.

A stage declares what it `requires` and what it `assigns` (names of `Doc` fields). The runner refuses an
order in which a stage needs something no earlier stage assigns, and when a stage fails on one document it
names the stage and the article, sets that document aside as rejected and carries on with the rest.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, fields
from itertools import islice
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

from sitrep.errors import PipelineError
from sitrep.models import Article, Claim, Event, Place, Quantity, Reading, Rejected, Span, Tally, TimeRef

if TYPE_CHECKING:
    from spacy.tokens import Doc as SpacyDoc
    from spacy.tokens import Span as SpacySpan

log = logging.getLogger(__name__)


@dataclass(slots=True)
class Doc:
    """One article and the annotations the stages have assigned to it so far.

    The only mutable object in the pipeline: each stage fills in its own fields with frozen records.
    """

    article: Article
    spacy: SpacyDoc | None = None
    places: tuple[Place, ...] = ()
    times: tuple[TimeRef, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    claims: tuple[Claim, ...] = ()
    events: tuple[Event, ...] = ()
    tallies: tuple[Tally, ...] = ()
    dateline_place: Place | None = None

    @property
    def text(self) -> str:
        return self.article.text

    def tokens(self, span: Span) -> SpacySpan | None:
        """The parsed tokens covering `span` (widened to token boundaries), if the text was parsed."""
        if self.spacy is None:
            return None
        return self.spacy.char_span(span.start, span.end, alignment_mode="expand")

    def reading(self) -> Reading:
        return Reading(
            article=self.article,
            places=self.places,
            times=self.times,
            quantities=self.quantities,
            claims=self.claims,
            events=self.events,
            tallies=self.tallies,
        )


DOC_FIELDS = frozenset(f.name for f in fields(Doc))


class Stage(Protocol):
    """A pipeline step. `__call__` annotates a batch of documents in place."""

    @property
    def name(self) -> str: ...

    @property
    def requires(self) -> tuple[str, ...]: ...

    @property
    def assigns(self) -> tuple[str, ...]: ...

    def __call__(self, docs: Sequence[Doc]) -> None: ...


class DocStage:
    """Base for stages that handle one document at a time."""

    name: ClassVar[str] = ""
    requires: ClassVar[tuple[str, ...]] = ()
    assigns: ClassVar[tuple[str, ...]] = ()

    def __call__(self, docs: Sequence[Doc]) -> None:
        for doc in docs:
            self.process(doc)

    def process(self, doc: Doc) -> None:
        raise NotImplementedError


def check_order(stages: Sequence[Stage]) -> None:
    """Raise `PipelineError` if a stage requires a field that no earlier stage assigns."""
    available = {"article"}
    for stage in stages:
        unknown = (set(stage.requires) | set(stage.assigns)) - DOC_FIELDS
        if unknown:
            raise PipelineError(f"stage {stage.name!r} names unknown document fields: {sorted(unknown)}")
        missing = set(stage.requires) - available
        if missing:
            raise PipelineError(
                f"stage {stage.name!r} requires {sorted(missing)}, which no earlier stage assigns"
            )
        available |= set(stage.assigns)


@dataclass(frozen=True, slots=True)
class PipeResult:
    """What came out for one input article: a reading, or the reason it was rejected."""

    reading: Reading | None = None
    rejected: Rejected | None = None


ProgressHook = Callable[[int], Any]


class Pipeline:
    def __init__(self, stages: Sequence[Stage], *, batch_size: int = 32) -> None:
        check_order(stages)
        self.stages = tuple(stages)
        self.batch_size = batch_size

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(s.name for s in self.stages)

    def read(self, article: Article) -> Reading:
        """Read one article; a failing stage raises `PipelineError` naming it."""
        doc = Doc(article)
        for stage in self.stages:
            _run_stage(stage, [doc])
        return doc.reading()

    def run(self, articles: Iterable[Article]) -> Iterator[PipeResult]:
        """Read articles in batches; a document that breaks a stage is rejected, the others go on."""
        iterator = iter(articles)
        while batch := list(islice(iterator, self.batch_size)):
            yield from self._run_batch([Doc(a) for a in batch])

    def _run_batch(self, docs: list[Doc]) -> Iterator[PipeResult]:
        rejected: dict[int, Rejected] = {}
        for stage in self.stages:
            live = [d for i, d in enumerate(docs) if i not in rejected]
            try:
                _run_stage(stage, live)
            except PipelineError:
                # Find the culprit(s) one by one so one bad document does not sink its batch.
                for i, doc in enumerate(docs):
                    if i in rejected:
                        continue
                    try:
                        _run_stage(stage, [doc])
                    except PipelineError as e:
                        log.warning("%s", e)
                        rejected[i] = Rejected(_label(doc.article), str(e), doc.article.text.encode())
        for i, doc in enumerate(docs):
            yield PipeResult(rejected=rejected[i]) if i in rejected else PipeResult(reading=doc.reading())


def _label(article: Article) -> str:
    return article.source or article.title or article.id


def _run_stage(stage: Stage, docs: Sequence[Doc]) -> None:
    if not docs:
        return
    try:
        stage(docs)
    except PipelineError:
        raise
    except Exception as e:  # a stage bug must name the stage and the article, not kill the run
        names = ", ".join(_label(d.article) for d in docs[:3])
        raise PipelineError(f"stage {stage.name!r} failed on {names}: {type(e).__name__}: {e}") from e
