"""Every stage, registered in one place and in pipeline order. Nothing is loaded at import time."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from sitrep.pipeline import Pipeline, Stage
from sitrep.settings import Settings
from sitrep.stages.attribution import Attribution
from sitrep.stages.events import Events
from sitrep.stages.language import (
    ParseMode,
    SpacyParse,
    load_language_model,
    matrix_library,
    parse_mode,
)
from sitrep.stages.normalize import Normalize
from sitrep.stages.places import Places
from sitrep.stages.quantities import Quantities
from sitrep.stages.times import Times

if TYPE_CHECKING:
    from spacy.language import Language

    from sitrep.gazetteer import Gazetteer

STAGE_NAMES = ("normalize", "language", "places", "times", "quantities", "attribution", "events")


def default_stages(
    *,
    nlp: Language,
    gazetteer: Gazetteer,
    batch_size: int = 32,
    parse: ParseMode = "marked",
    reload_model: Callable[[], Language] | None = None,
    reload_every: int = 0,
) -> list[Stage]:
    return [
        Normalize(),
        SpacyParse(nlp, batch_size=batch_size, parse=parse, reload=reload_model, reload_every=reload_every),
        Places(gazetteer),
        Times(),
        Quantities(),
        Attribution(),
        Events(),
    ]


def build_pipeline(
    settings: Settings, *, nlp: Language | None = None, gazetteer: Gazetteer | None = None
) -> Pipeline:
    """The standard pipeline; the language model and gazetteer are loaded unless passed in."""
    from sitrep.gazetteer import load_gazetteer

    # A model loaded here is reloaded now and then (`fresh_model_every`); one passed in is the caller's.
    load_model = partial(load_language_model, settings.model, matrices=matrix_library(settings.matrices))
    reload_model = None if nlp is not None else load_model
    nlp = nlp if nlp is not None else load_model()
    gazetteer = gazetteer if gazetteer is not None else load_gazetteer(cache_dir=Path(settings.cache_dir))
    stages = default_stages(
        nlp=nlp,
        gazetteer=gazetteer,
        batch_size=settings.batch_size,
        parse=parse_mode(settings.parse),
        reload_model=reload_model,
        reload_every=settings.fresh_model_every,
    )
    return Pipeline(stages, batch_size=settings.batch_size)
