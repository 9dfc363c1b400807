"""Shared fixtures: the real language model and gazetteer (loaded once per session) and reference data."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from sitrep.models import Reading
from sitrep.pipeline import Pipeline
from sitrep.readers import parse_text
from sitrep.settings import Settings

SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def shared_file(relative: str) -> Path:
    """A file under ../shared/data, or a skip that names it."""
    path = SHARED_DATA / relative
    if not path.exists():
        pytest.skip(f"reference data not found: ../shared/data/{relative}")
    return path


@pytest.fixture(scope="session")
def gazetteer() -> Any:
    from sitrep.gazetteer import load_gazetteer

    return load_gazetteer(cache_dir=Path(Settings.from_env().cache_dir))


@pytest.fixture(scope="session")
def nlp() -> Any:
    from sitrep.stages.language import load_language_model

    return load_language_model(Settings().model)


@pytest.fixture(scope="session")
def pipeline(nlp: Any, gazetteer: Any) -> Pipeline:
    from sitrep.stages import build_pipeline

    return build_pipeline(Settings(), nlp=nlp, gazetteer=gazetteer)


ReadFn = Callable[..., Reading]


@pytest.fixture(scope="session")
def read_report(pipeline: Pipeline, gazetteer: Any) -> ReadFn:
    """Read a report written in the test: dateline text, or plain text with `published`."""

    def read(text: str, *, published: date | None = None, source: str = "test") -> Reading:
        article = parse_text(text, source=source, is_place=gazetteer.is_place)
        if published is not None:
            from dataclasses import replace

            article = replace(article, published=published)
        return pipeline.read(article)

    return read
