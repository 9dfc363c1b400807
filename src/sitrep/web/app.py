"""The web app: one route table, each entry an HTML page and its `.json` twin served by the same view.

The store is opened read-only, once per request, in the thread that serves the request: SQLite
connections are not shared across threads, and WAL lets these readers run while an ingest writes.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

import uvicorn
from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from sitrep.errors import StoreError
from sitrep.settings import Settings
from sitrep.store import open_store
from sitrep.web import views
from sitrep.web.render import make_environment

logger = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).parent / "static"

# No inline script or style anywhere, so the policy can forbid them: a missed escape still cannot run.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
        "base-uri 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


@dataclass(frozen=True, slots=True)
class Page:
    """One entry of the route table: `html` renders `template` with what `view` returns, `json` returns it."""

    name: str
    html: str
    json: str
    template: str
    view: views.View


ROUTES: tuple[Page, ...] = (
    Page("events", "/", "/events.json", "events.html", views.events_view),
    Page("event", "/events/{event_id}", "/events/{event_id}.json", "event.html", views.event_view),
    Page("claims", "/claims", "/claims.json", "claims.html", views.claims_view),
    Page("tallies", "/tallies", "/tallies.json", "tallies.html", views.tallies_view),
    Page("quarantine", "/quarantine", "/quarantine.json", "quarantine.html", views.quarantine_view),
)


def create_app(*, db_path: str | Path, settings: Settings) -> FastAPI:
    """The app over the store at `db_path`; raises `StoreError` now, not per request, if it cannot be read."""
    open_store(db_path, readonly=True).close()
    templates = Jinja2Templates(env=make_environment())
    app = FastAPI(title="sitrep", docs_url=None, redoc_url=None)
    # JSON twins first: "/events/{event_id}" would otherwise also match "/events/x.json".
    for page in ROUTES:
        endpoint = _endpoint(page, db_path=db_path, settings=settings, templates=None)
        app.add_api_route(page.json, endpoint, methods=["GET"], name=f"{page.name}_json")
    for page in ROUTES:
        endpoint = _endpoint(page, db_path=db_path, settings=settings, templates=templates)
        app.add_api_route(page.html, endpoint, methods=["GET"], name=page.name, include_in_schema=False)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    _add_error_pages(app, templates)
    app.middleware("http")(_security_headers)
    return app


def _endpoint(
    page: Page, *, db_path: str | Path, settings: Settings, templates: Jinja2Templates | None
) -> Callable[[Request], Response]:
    """A sync endpoint (FastAPI runs it in a worker thread): open, query, close, then render."""

    def endpoint(request: Request) -> Response:
        with open_store(db_path, readonly=True) as store:
            req = views.ViewRequest(store, settings, request.query_params, request.path_params)
            data = page.view(req)
        if templates is None:
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


async def _security_headers(
    request: Request, call_next: Callable[[Request], Awaitable[Response]]
) -> Response:
    response = await call_next(request)
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def serve(*, db_path: str | Path, settings: Settings, host: str, port: int) -> None:
    """Run the app with uvicorn until interrupted (what `sitrep serve` calls)."""
    app = create_app(db_path=db_path, settings=settings)
    logger.info("serving %s on http://%s:%d", db_path, host, port)
    uvicorn.run(app, host=host, port=port, log_level="info")
