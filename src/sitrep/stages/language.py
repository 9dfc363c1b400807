"""Tokens, sentences, entities and, where the later stages read it, the dependency parse, from spaCy.

The dependency parse (with the shared token vectors, tags and lemmas it needs) costs about three times the
entity recognizer, and the stages after this one read it only around an event word (`events`) or a
reporting verb (`attribution`). So every text gets the cheap layers (tokens, sentence boundaries from the
`senter` component, entities), a cheap pass over the text marks the sentences that carry one of those words,
and only those sentences are tagged, parsed and lemmatized; the result is written back into the article's
`Doc`. Tokens of the other sentences keep empty tags, lemmas and dependency labels, and are each their own
head. `parse="all"` runs the whole spaCy pipeline over every text instead (the parser then also draws the
sentence boundaries).
"""

from __future__ import annotations

import logging
import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from sitrep.errors import PipelineError, SettingsError
from sitrep.pipeline import Doc
from sitrep.stages.language_rules import PARSE_ATTRS, fast_components

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc as SpacyDoc

log = logging.getLogger(__name__)

ParseMode = Literal["marked", "all"]
PARSE_MODES: tuple[ParseMode, ...] = ("marked", "all")
MatrixLibrary = Literal["numpy", "blis"]
MATRIX_LIBRARIES: tuple[MatrixLibrary, ...] = ("numpy", "blis")

# Run on every text, in this order: sentence boundaries first, since entities never cross one.
CHEAP_COMPONENTS = ("senter", "ner")
# Run only on the marked sentences: the shared token vectors and everything that listens to them.
PARSE_COMPONENTS = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer")
_SENTENCES_PER_BATCH = 256


def parse_mode(value: str) -> ParseMode:
    """The parse mode named by a setting, or `SettingsError` naming the choices."""
    for mode in PARSE_MODES:
        if value == mode:
            return mode
    raise SettingsError(f"SITREP_PARSE must be one of {', '.join(PARSE_MODES)}, got {value!r}")


def matrix_library(value: str) -> MatrixLibrary:
    """The matrix library named by a setting, or `SettingsError` naming the choices."""
    for library in MATRIX_LIBRARIES:
        if value == library:
            return library
    raise SettingsError(f"SITREP_MATRICES must be one of {', '.join(MATRIX_LIBRARIES)}, got {value!r}")


def load_language_model(name: str, *, matrices: MatrixLibrary = "numpy") -> Language:
    """Load an installed spaCy pipeline package by name; never downloads.

    spaCy's layers multiply matrices with blis by default, and blis 0.7 falls back to its generic kernels on
    a CPU it does not know (an AMD EPYC with AVX-512 here: 32 GFLOPS per core against 54 for the OpenBLAS
    that numpy ships, and the entity recognizer 40 % slower). `matrices="numpy"` loads the model with
    thinc's numpy operations instead, which give the same annotations, and keeps numpy's BLAS to one thread:
    a reading process has one core (Dask runs one per core), and more threads would spin waiting on it.
    """
    import spacy
    from thinc.api import use_ops

    if matrices == "numpy":
        _one_blas_thread()
    try:
        with use_ops("numpy", use_blis=matrices == "blis"):
            return spacy.load(name)
    except OSError as e:
        package = name.replace("_", "-")
        raise PipelineError(
            f"spaCy pipeline {name!r} is not installed; `make demo` installs it (pip install {package})"
        ) from e


def _one_blas_thread() -> None:
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")


class ParseCues:
    """Which sentences the later stages read from the parse: those with a cue word (`words`, matched in
    lower case or all capitals; a capitalised one mid-sentence is a name, "United States") or a match of
    one of the `patterns` (case-insensitive regular expressions over the text, such as event triggers)."""

    def __init__(self, *, words: Iterable[str], patterns: Iterable[re.Pattern[str]]) -> None:
        self.words = frozenset(w.lower() for w in words)
        self.patterns = _fast_patterns(list(patterns))

    def sentences(self, doc: SpacyDoc) -> list[tuple[int, int]]:
        """(start, end) token offsets of the sentences of `doc` that contain a cue."""
        bounds = [(s.start, s.end, s.start_char) for s in doc.sents]
        starts = [b[2] for b in bounds]
        marked = {bisect_right(starts, offset) - 1 for offset in self.offsets(doc.text)}
        return [bounds[i][:2] for i in sorted(marked) if i >= 0]

    def offsets(self, text: str) -> Iterator[int]:
        """Where the cues start in `text`."""
        for m in _WORD.finditer(text):
            word = m.group()
            if (word.islower() or word.isupper()) and word.lower() in self.words:
                yield m.start()
        lowered = text.lower()
        for scan in self.patterns:
            if scan.lowered is not None and len(lowered) == len(text):
                yield from (m.start() for m in scan.lowered.finditer(lowered))
            else:
                yield from (m.start() for m in scan.as_written.finditer(text))


_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True, slots=True)
class _Scan:
    as_written: re.Pattern[str]
    lowered: re.Pattern[str] | None = None  # the same, case-sensitive, for the lower-cased text


def _fast_patterns(patterns: list[re.Pattern[str]]) -> list[_Scan]:
    """Python's `re` is several times slower case-insensitively, so the patterns with no capital letter
    and no case-sensitive group are joined and run without IGNORECASE over the lower-cased text (when
    lower-casing keeps every offset); the others run as they are."""
    plain = [p for p in patterns if not _CASED.search(p.pattern.replace("\\\\", ""))]
    scans = [_Scan(p) for p in patterns if p not in plain]
    if plain:
        joined = "|".join(f"(?:{p.pattern})" for p in plain)
        scans.append(_Scan(re.compile(joined, re.I), lowered=re.compile(joined)))
    return scans


_CASED = re.compile(r"(?<!\\)[A-Z]|\(\?[a-zA-Z]*-")


def default_parse_cues(nlp: Language) -> ParseCues:
    """The cues of the standard stages: every event kind's trigger and every form of a reporting verb (the
    irregular ones from the model's own lemmatizer exceptions)."""
    from sitrep.stages.attribution import REPORTING_VERBS
    from sitrep.stages.event_kinds import KINDS

    irregular = _irregular_verb_forms(nlp)
    forms = {form for verb in REPORTING_VERBS for form in verb_forms(verb, irregular=irregular.get(verb, ()))}
    return ParseCues(words=forms, patterns=[kind.trigger for kind in KINDS])


def _irregular_verb_forms(nlp: Language) -> dict[str, list[str]]:
    """lemma -> irregular forms ("say" -> "said"), from the rule lemmatizer's exception table, if any."""
    forms: dict[str, list[str]] = {}
    if "lemmatizer" not in nlp.component_names:
        return forms
    lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
    if lookups is None or not lookups.has_table("lemma_exc"):
        return forms
    for form, lemmas in lookups.get_table("lemma_exc").get("verb", {}).items():
        for lemma in lemmas:
            forms.setdefault(lemma, []).append(form)
    return forms


def verb_forms(lemma: str, *, irregular: Iterable[str] = ()) -> set[str]:
    """The forms of an English verb (3rd person, past, participles) by the regular spelling rules, plus
    `irregular` ones; where the final consonant may double (admit -> admitted) both spellings."""
    forms = {lemma, *irregular}
    if re.search(r"(?:s|sh|ch|x|z|o)$", lemma):
        forms.add(lemma + "es")
    elif re.search(r"[^aeiou]y$", lemma):
        forms.add(lemma[:-1] + "ies")
    else:
        forms.add(lemma + "s")
    if lemma.endswith("e"):
        forms |= {lemma + "d", lemma[:-1] + "ing"}
    elif re.search(r"[^aeiou]y$", lemma):
        forms |= {lemma[:-1] + "ied", lemma + "ing"}
    else:
        forms |= {lemma + "ed", lemma + "ing"}
        if re.search(r"[^aeiou][aeiou][bdgklmnprt]$", lemma):
            forms |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}
    return forms


class SpacyParse:
    name = "language"
    requires = ("article",)
    assigns = ("spacy",)

    def __init__(
        self,
        nlp: Language,
        *,
        batch_size: int = 32,
        parse: ParseMode = "marked",
        cues: ParseCues | None = None,
        reload: Callable[[], Language] | None = None,
        reload_every: int = 0,
    ) -> None:
        self.nlp = nlp
        self.parser = SentenceParser(nlp)
        self.batch_size = batch_size
        self.cues = cues if cues is not None or parse == "all" else default_parse_cues(nlp)
        if parse == "marked":
            _check_components(nlp)
        self.reload, self.reload_every = reload, reload_every
        self.read_since_load = 0

    def __call__(self, docs: Sequence[Doc]) -> None:
        self._fresh_model_if_due()
        self.read_since_load += len(docs)
        texts = [d.text for d in docs]
        if self.cues is None:
            parsed = list(self.nlp.pipe(texts, batch_size=self.batch_size))
        else:
            parsed = self._marked(texts, self.cues)
        for doc, spacy_doc in zip(docs, parsed, strict=True):
            doc.spacy = spacy_doc

    def _fresh_model_if_due(self) -> None:
        """spaCy 3.7 keeps every string and lexeme it has seen in the model's vocabulary, so a process that
        reads for days grows; a fresh copy of the model every `reload_every` articles keeps it flat."""
        if self.reload is None or not self.reload_every or self.read_since_load < self.reload_every:
            return
        log.info("reloading the language model after %d articles", self.read_since_load)
        self.nlp = self.reload()
        self.parser = SentenceParser(self.nlp)
        self.read_since_load = 0

    def _marked(self, texts: list[str], cues: ParseCues) -> list[SpacyDoc]:
        docs: Iterable[SpacyDoc] = (self.nlp.make_doc(text) for text in texts)
        for name in CHEAP_COMPONENTS:
            docs = self.nlp.get_pipe(name).pipe(docs, batch_size=self.batch_size)  # type: ignore[attr-defined]
        done = list(docs)
        self.parser(done, [cues.sentences(doc) for doc in done])
        return done


def _check_components(nlp: Language) -> None:
    missing = [n for n in (*CHEAP_COMPONENTS, *PARSE_COMPONENTS) if n not in nlp.component_names]
    if missing:
        raise PipelineError(
            f"the spaCy pipeline lacks {', '.join(missing)}, which parsing only marked sentences needs; "
            "set SITREP_PARSE=all"
        )


class SentenceParser:
    """Tags, parses and lemmatizes token ranges of docs as sentences of their own, and writes the
    annotations back; every other token keeps no tag, lemma or head, and the sentence boundaries stay.
    The attribute ruler and lemmatizer run over arrays (`language_rules`) where the model's own allow it."""

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp
        ruler, lemmatizer = fast_components(nlp)
        self.fast = (ruler, lemmatizer) if ruler is not None and lemmatizer is not None else None
        done_here = ("attribute_ruler", "lemmatizer") if self.fast else ()
        self.components = tuple(name for name in PARSE_COMPONENTS if name not in done_here)

    def __call__(self, docs: Sequence[SpacyDoc], spans: Sequence[list[tuple[int, int]]]) -> None:
        from spacy.tokens import Doc as SpacyDoc

        pieces = [
            SpacyDoc(doc.vocab, words=words[start:end], spaces=spaces[start:end])
            for doc, ranges in zip(docs, spans, strict=True)
            for words, spaces in [_words_and_spaces(doc)]
            for start, end in ranges
        ]
        parsed = self._run_components(pieces)
        rows = self.fast[0].apply(parsed) if self.fast else _rows_of(parsed)
        offset = 0
        for doc, ranges in zip(docs, spans, strict=True):
            size = sum(end - start for start, end in ranges)
            _write_back(doc, ranges, rows[offset : offset + size])
            offset += size
            if self.fast:
                self.fast[1].apply(doc, ranges)

    def _run_components(self, docs: list[SpacyDoc]) -> list[SpacyDoc]:
        stream: Iterable[SpacyDoc] = docs
        for name in self.components:
            stream = self.nlp.get_pipe(name).pipe(stream, batch_size=_SENTENCES_PER_BATCH)  # type: ignore[attr-defined]
        return list(stream)


def _words_and_spaces(doc: SpacyDoc) -> tuple[list[str], list[bool]]:
    return [t.text for t in doc], [bool(t.whitespace_) for t in doc]


def _rows_of(sentences: Sequence[SpacyDoc]) -> Any:
    import numpy

    if not sentences:
        return numpy.zeros((0, len(PARSE_ATTRS)), dtype=numpy.uint64)
    return numpy.concatenate([s.to_array(list(PARSE_ATTRS)) for s in sentences])


def _write_back(doc: SpacyDoc, ranges: list[tuple[int, int]], rows: Any) -> None:
    """Put the parsed sentences' `rows` (PARSE_ATTRS, the ranges' tokens in order) into `doc`."""
    if not ranges:
        return
    sentence_starts: Any = doc.to_array(["SENT_START"])
    values: Any = doc.to_array(list(PARSE_ATTRS))
    offset = 0
    for start, end in ranges:
        values[start:end] = rows[offset : offset + end - start]
        offset += end - start
    doc.from_array(list(PARSE_ATTRS), values)
    # Setting heads re-derives every sentence start from the trees, and tokens without a head start none:
    # keep the parser's boundaries inside the parsed sentences and the senter's everywhere else.
    derived: Any = doc.to_array(["SENT_START"])
    for start, end in ranges:
        sentence_starts[start:end] = derived[start:end]
    doc.from_array(["SENT_START"], sentence_starts)
