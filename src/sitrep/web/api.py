"""`POST /api/articles`: the one write the web app allows, and only with the configured token.

The body is JSON, `{"text": ..., "title"?, "source"?, "url"?, "published"?: "YYYY-MM-DD"}`, at most
`max_article_bytes` plus room for the other fields. The text is read like a text file (dateline and all)
by `sitrep.readers`, run through the pipeline and saved; the answer lists what was read.
"""

from __future__ import annotations

import hmac
import json
import logging
import threading
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from fastapi import HTTPException, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from sitrep.errors import InputError, PipelineError
from sitrep.models import Article
from sitrep.pipeline import Pipeline
from sitrep.readers import parse_text
from sitrep.readers.base import check_text, make_article
from sitrep.settings import Settings
from sitrep.store import open_store

logger = logging.getLogger(__name__)

PipelineFactory = Callable[[Settings], Pipeline]
_FIELD_ROOM = 16_384  # bytes allowed beyond the article text for the JSON syntax and the other fields

ARTICLE_BODY_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["text"],
    "properties": {
        "text": {"type": "string", "description": "The report, with its dateline if it has one."},
        "title": {"type": "string"},
        "source": {"type": "string"},
        "url": {"type": "string"},
        "published": {"type": "string", "format": "date"},
    },
}


def _default_factory(settings: Settings) -> Pipeline:
    from sitrep.stages import build_pipeline

    return build_pipeline(settings)


class ArticleWriter:
    """Holds the pipeline (built on first use: it loads the language model) and serialises reads of it."""

    def __init__(self, *, db_path: str | Path, settings: Settings, factory: PipelineFactory | None) -> None:
        self.db_path = db_path
        self.settings = settings
        self._factory = factory or _default_factory
        self._pipeline: Pipeline | None = None
        self._lock = threading.Lock()

    def authorise(self, request: Request) -> None:
        token = self.settings.api_token
        if not token:
            raise HTTPException(status_code=403, detail="the API is read-only: no api_token is set")
        given = request.headers.get("authorization", "")
        scheme, _, value = given.partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(value.strip().encode(), token.encode()):
            raise HTTPException(
                status_code=401, detail="a valid token is needed", headers={"WWW-Authenticate": "Bearer"}
            )

    def save(self, article: Article) -> dict[str, Any]:
        with self._lock:
            if self._pipeline is None:
                self._pipeline = self._factory(self.settings)
            try:
                reading = self._pipeline.read(article)
            except PipelineError as e:
                raise HTTPException(status_code=422, detail=f"the article could not be read: {e}") from e
            with open_store(self.db_path) as store:
                run_id = store.start_run(["POST /api/articles"])
                store.save_reading(reading, run_id=run_id)
        logger.info("stored article %s from the API (%d events)", article.id, len(reading.events))
        return {
            "article": article.id,
            "events": [e.id for e in reading.events],
            "claims": [c.id for c in reading.claims],
            "tallies": [t.id for t in reading.tallies],
        }


async def read_body(request: Request, *, max_bytes: int) -> dict[str, Any]:
    """The JSON object in the body, refused (413) as soon as it grows past `max_bytes`."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise HTTPException(status_code=413, detail=f"the body is larger than {max_bytes} bytes")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > max_bytes:
            raise HTTPException(status_code=413, detail=f"the body is larger than {max_bytes} bytes")
        chunks.append(chunk)
    try:
        body = json.loads(b"".join(chunks))
    except (UnicodeDecodeError, ValueError) as e:
        raise HTTPException(status_code=400, detail="the body must be a JSON object") from e
    if not isinstance(body, dict):
        raise HTTPException(status_code=400, detail="the body must be a JSON object")
    return body


def article_from_body(body: dict[str, Any], *, max_bytes: int) -> Article:
    fields = {k: body.get(k, "") for k in ("text", "title", "source", "url", "published")}
    if not all(isinstance(v, str) for v in fields.values()):
        raise HTTPException(status_code=400, detail="text, title, source, url and published must be strings")
    try:
        published = date.fromisoformat(fields["published"]) if fields["published"] else None
    except ValueError as e:
        raise HTTPException(status_code=400, detail="published: expected a date as YYYY-MM-DD") from e
    source = fields["source"] or "api"
    try:
        text = check_text(fields["text"], source=source, max_bytes=max_bytes)
        article = parse_text(text, source=source)
    except InputError as e:
        raise HTTPException(status_code=422, detail=str(e)) from e
    return _with_fields(article, title=fields["title"], url=fields["url"], published=published)


def _with_fields(article: Article, *, title: str, url: str, published: date | None) -> Article:
    if not (title or url or published):
        return article
    rebuilt = make_article(
        article.text,
        source=article.source,
        published=published or article.published,
        title=title or article.title,
        url=url,
        dateline=article.dateline,
    )
    return replace(rebuilt, language=article.language)


def make_endpoint(writer: ArticleWriter) -> Callable[[Request], Any]:
    max_bytes = writer.settings.max_article_bytes

    async def post_article(request: Request) -> JSONResponse:
        writer.authorise(request)
        body = await read_body(request, max_bytes=max_bytes + _FIELD_ROOM)
        article = article_from_body(body, max_bytes=max_bytes)
        saved = await run_in_threadpool(writer.save, article)
        return JSONResponse(saved, status_code=201)

    return post_article
