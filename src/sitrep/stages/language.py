"""Tokens, sentences, entities and the dependency parse, from spaCy, in batches through `nlp.pipe`."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING

from sitrep.errors import PipelineError
from sitrep.pipeline import Doc

if TYPE_CHECKING:
    from spacy.language import Language

log = logging.getLogger(__name__)


def load_language_model(name: str) -> Language:
    """Load an installed spaCy pipeline package by name; never downloads."""
    import spacy

    try:
        return spacy.load(name)
    except OSError as e:
        package = name.replace("_", "-")
        raise PipelineError(
            f"spaCy pipeline {name!r} is not installed; `make demo` installs it (pip install {package})"
        ) from e


class SpacyParse:
    name = "language"
    requires = ("article",)
    assigns = ("spacy",)

    def __init__(self, nlp: Language, *, batch_size: int = 32) -> None:
        self.nlp = nlp
        self.batch_size = batch_size

    def __call__(self, docs: Sequence[Doc]) -> None:
        texts = [d.text for d in docs]
        for doc, parsed in zip(docs, self.nlp.pipe(texts, batch_size=self.batch_size), strict=True):
            doc.spacy = parsed
