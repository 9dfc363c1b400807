"""The web app: one route table, each entry an HTML page and its `.json` twin served by the same view.

The store is opened read-only, once per request, in the thread that serves the request: SQLite
connections are not shared across threads, and WAL lets these readers run while an ingest writes.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import uvicorn
from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from sitrep import __version__
from sitrep.errors import StoreError
from sitrep.settings import Settings
from sitrep.store import open_store, upgrade_store
from sitrep.web import views
from sitrep.web.api import ARTICLE_BODY_SCHEMA, ArticleWriter, PipelineFactory, make_endpoint
from sitrep.web.render import make_environment

logger = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).parent / "static"


# No inline script or style anywhere, so the policy can forbid them: a missed escape still cannot run.
# Scripts, fetches and images come from this server only (plus the tile server when one is configured).
def security_headers(settings: Settings) -> dict[str, str]:
    tiles = _origin(settings.online_tiles)
    return {
        "Content-Security-Policy": (
            "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
            f"img-src 'self' data:{' ' + tiles if tiles else ''}; form-action 'self'; "
            "base-uri 'none'; frame-ancestors 'none'"
        ),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
    }


def _origin(template: str) -> str | None:
    """`https://host` of a tile URL template (`{s}` sub-domains become a wildcard), if it is http(s)."""
    parts = urlsplit(template.replace("{s}", "*"))
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}"


@dataclass(frozen=True, slots=True)
class Page:
    """One entry of the route table: `html` renders `template` with what `view` returns, `json` returns it."""

    name: str
    html: str | None
    json: str
    template: str | None
    view: views.View
    params: tuple[str, ...] = ()


_PAGED = ("limit", "offset")
_EVENTS = (*views.EVENT_PARAMS, *_PAGED)

# The map and the timeline are parts of the events page; they have JSON only, which their scripts read.
ROUTES: tuple[Page, ...] = (
    Page("events", "/", "/events.json", "events.html", views.events_view, _EVENTS),
    Page("map", None, "/map.json", None, views.map_view, (*views.EVENT_PARAMS, *views.MAP_PARAMS, *_PAGED)),
    Page(
        "timeline", None, "/timeline.json", None, views.timeline_view, (*views.EVENT_PARAMS, "organisation")
    ),
    Page("event", "/events/{event_id}", "/events/{event_id}.json", "event.html", views.event_view),
    Page(
        "claims", "/claims", "/claims.json", "claims.html", views.claims_view, (*views.CLAIM_PARAMS, *_PAGED)
    ),
    Page(
        "contradictions",
        "/contradictions",
        "/contradictions.json",
        "contradictions.html",
        views.contradictions_view,
        (*views.CONTRADICTION_PARAMS, *_PAGED),
    ),
    Page(
        "stories",
        "/stories",
        "/stories.json",
        "stories.html",
        views.stories_view,
        (*views.STORY_PARAMS, *_PAGED),
    ),
    Page("story", "/stories/{story_id}", "/stories/{story_id}.json", "story.html", views.story_view),
    Page(
        "tallies",
        "/tallies",
        "/tallies.json",
        "tallies.html",
        views.tallies_view,
        (*views.TALLY_PARAMS, *_PAGED),
    ),
    Page("quarantine", "/quarantine", "/quarantine.json", "quarantine.html", views.quarantine_view, _PAGED),
)


def create_app(
    *, db_path: str | Path, settings: Settings, pipeline_factory: PipelineFactory | None = None
) -> FastAPI:
    """The app over the store at `db_path`; raises `StoreError` now, not per request, if it cannot be read.

    A store written by an older sitrep is migrated first (the one write the app makes on its own), so the
    read-only connections that serve requests find the schema they expect. `pipeline_factory` builds
    the pipeline `POST /api/articles` reads with (default: the standard one, built on the first post).
    """
    upgrade_store(db_path)
    open_store(db_path, readonly=True).close()
    env = make_environment()
    env.globals["online_tiles"] = settings.online_tiles
    templates = Jinja2Templates(env=env)
    app = FastAPI(title="sitrep", version=__version__, docs_url=None, redoc_url=None, description=API_HELP)
    # JSON twins first: "/events/{event_id}" would otherwise also match "/events/x.json".
    for page in ROUTES:
        endpoint = _endpoint(page, db_path=db_path, settings=settings, templates=None)
        extra = {"parameters": openapi_parameters(page)}
        app.add_api_route(
            page.json,
            endpoint,
            methods=["GET"],
            name=f"{page.name}_json",
            openapi_extra=extra,
            summary=(page.view.__doc__ or page.name).strip().split("\n")[0],
        )
    for page in ROUTES:
        if page.html is None:
            continue
        endpoint = _endpoint(page, db_path=db_path, settings=settings, templates=templates)
        app.add_api_route(page.html, endpoint, methods=["GET"], name=page.name, include_in_schema=False)
    writer = ArticleWriter(db_path=db_path, settings=settings, factory=pipeline_factory)
    app.add_api_route(
        "/api/articles",
        make_endpoint(writer),
        methods=["POST"],
        name="post_article",
        summary="Read an article and store it (needs `Authorization: Bearer <api_token>`)",
        status_code=201,
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": ARTICLE_BODY_SCHEMA}},
            },
            "security": [{"bearer": []}],
        },
    )
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    _add_error_pages(app, templates)
    headers = security_headers(settings)

    async def add_headers(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        response = await call_next(request)
        for name, value in headers.items():
            response.headers.setdefault(name, value)
        return response

    app.middleware("http")(add_headers)
    return app


API_HELP = "The situation picture as JSON: every HTML page's twin, plus the map and timeline data."

_PARAM_HELP: dict[str, tuple[str, dict[str, object]]] = {
    "place": ("Place name (any spelling, case and accents ignored), substring", {"type": "string"}),
    "near": ("lat,lon,radius_km: events with a place within the radius", {"type": "string"}),
    "type": ("Event type or sub-type, substring", {"type": "string"}),
    "actor": ("Actor 1 or 2, substring", {"type": "string"}),
    "status": ("happened, ongoing, not_happened or planned", {"type": "string"}),
    "since": ("Records whose date range ends on or after this day", {"type": "string", "format": "date"}),
    "until": ("Records whose date range starts on or before this day", {"type": "string", "format": "date"}),
    "q": ("Full-text search in the article (every word must occur; word* is a prefix)", {"type": "string"}),
    "speaker": ("Speaker name, role or organisation of a linked claim, substring", {"type": "string"}),
    "stance": ("How firmly the claim is made", {"type": "string", "enum": list(views.STANCES)}),
    "kind": ("What the two sides disagree on", {"type": "string", "enum": list(views.KINDS)}),
    "min_articles": (
        "Stories reported by at least this many articles (default 2)",
        {"type": "integer", "minimum": 1, "maximum": views.MAX_MIN_ARTICLES},
    ),
    "contradicted": ("Only stories whose reports disagree", {"type": "boolean"}),
    "organisation": ("Counting organisation of a tally, substring", {"type": "string"}),
    "bbox": ("Map view: south,west,north,east in degrees (west > east crosses 180°)", {"type": "string"}),
    "zoom": (
        "Map zoom (0-20); with it, a view holding more points than a page answers with clusters",
        {"type": "integer", "minimum": 0, "maximum": views.MAX_ZOOM},
    ),
    "limit": ("Rows per page (capped at the configured maximum)", {"type": "integer", "minimum": 1}),
    "offset": ("Rows to skip", {"type": "integer", "minimum": 0, "maximum": views.MAX_OFFSET}),
}


def openapi_parameters(page: Page) -> list[dict[str, object]]:
    """The query (and path) parameters of a JSON route, for the OpenAPI document."""
    params: list[dict[str, object]] = [
        {
            "name": name,
            "in": "query",
            "required": False,
            "description": _PARAM_HELP[name][0],
            "schema": _PARAM_HELP[name][1],
        }
        for name in page.params
    ]
    params += [
        {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
        for name in re.findall(r"\{(\w+)\}", page.json)
    ]
    return params


def _endpoint(
    page: Page, *, db_path: str | Path, settings: Settings, templates: Jinja2Templates | None
) -> Callable[[Request], Response]:
    """A sync endpoint (FastAPI runs it in a worker thread): open, query, close, then render."""

    def endpoint(request: Request) -> Response:
        with open_store(db_path, readonly=True) as store:
            req = views.ViewRequest(store, settings, request.query_params, request.path_params)
            data = page.view(req)
        if templates is None or page.template is None:
            return JSONResponse(data)
        return templates.TemplateResponse(request, page.template, {"page": page.name, "data": data})

    endpoint.__name__ = f"{page.name}_{'html' if templates else 'json'}"
    return endpoint


def _wants_json(request: Request) -> bool:
    return request.url.path.endswith(".json")


def _add_error_pages(app: FastAPI, templates: Jinja2Templates) -> None:
    """Errors answer in the format asked for: JSON for `.json` URLs, an HTML page otherwise."""

    def respond(request: Request, status: int, detail: str) -> Response:
        if _wants_json(request):
            return JSONResponse({"detail": detail}, status_code=status)
        context = {"page": "error", "status": status, "detail": detail}
        return templates.TemplateResponse(request, "error.html", context, status_code=status)

    async def http_error(request: Request, exc: Exception) -> Response:
        if isinstance(exc, StarletteHTTPException):
            return respond(request, exc.status_code, str(exc.detail))
        return respond(request, 500, "internal error")

    async def store_error(request: Request, exc: Exception) -> Response:
        logger.error("store error serving %s: %s", request.url.path, exc)
        return respond(request, 503, "the store could not be read; see the server log")

    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(StoreError, store_error)


def serve(*, db_path: str | Path, settings: Settings, host: str, port: int) -> None:
    """Run the app with uvicorn until interrupted (what `sitrep serve` calls)."""
    app = create_app(db_path=db_path, settings=settings)
    logger.info("serving %s on http://%s:%d", db_path, host, port)
    uvicorn.run(app, host=host, port=port, log_level="info")
