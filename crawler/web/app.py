"""The ASGI app of ``healthwatch serve``: pages, calendar, feeds and ``/api/v1``.

``create_app(WebConfig(...))`` builds it; ``crawler.web.server`` runs it
on uvicorn.  Every error a client can cause is one clear message (JSON for
the API and feeds, a page otherwise), never a stack trace; the database is
opened read-only.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlsplit

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, PackageLoader, select_autoescape
from sqlalchemy.exc import SQLAlchemyError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.templating import Jinja2Templates

from crawler.web import api, feeds, pages
from crawler.web.access import TokenGate
from crawler.web.common import WebConfig, WebError
from storage.db import make_engine, session_factory

logger = logging.getLogger("healthwatch.web")

# Paths answered in JSON: the API and the machine-read feeds.
FEED_SUFFIXES = (".rss", ".atom", ".json", ".ics", ".csv", ".ndjson")
SECURITY_HEADERS = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "content-security-policy": (
        "default-src 'self'; script-src 'none'; style-src 'self'; img-src 'self' data:; "
        "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
    ),
}


def machine_read(path: str) -> bool:
    """True for the API and the feeds (errors in JSON), False for pages."""
    return path.startswith("/api/") or path.endswith(FEED_SUFFIXES)


def templates_env() -> Environment:
    env = Environment(
        loader=PackageLoader("crawler.web", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["href"] = href
    return env


def href(url: str | None) -> str:
    """A link to a stored URL only if it is http(s): no ``javascript:`` from a page."""
    return url if url and urlsplit(url).scheme in ("http", "https") else "#"


def create_app(config: WebConfig) -> FastAPI:
    """The app over ``config.database_url``: pages, feeds and API."""
    engine = make_engine(config.database_url, read_only=True)
    app = FastAPI(
        title="healthwatch",
        summary="Health-industry events found by healthwatch: read-only API.",
        version="1",
        openapi_url="/api/v1/openapi.json",
        docs_url=None,  # Swagger UI loads scripts from a CDN; the schema is enough offline
        redoc_url=None,
    )
    app.state.config = config
    app.state.engine = engine
    app.state.sessions = session_factory(engine)
    app.state.templates = Jinja2Templates(env=templates_env())
    app.mount("/static", StaticFiles(packages=[("crawler.web", "static")]), name="static")
    app.include_router(feeds.router)
    app.include_router(pages.router)
    app.include_router(api.router)
    install_errors(app)
    app.add_middleware(TokenGate, token=config.token)

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Response:
        response: Response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    return app


def problem(request: Request, status: int, message: str) -> Response:
    """The error answer: ``{"error": ...}`` for machines, a short page for people."""
    if machine_read(request.url.path):
        return JSONResponse({"error": message, "status": status}, status_code=status)
    templates: Jinja2Templates = request.app.state.templates
    return templates.TemplateResponse(
        request, "error.html", {"status": status, "message": message}, status_code=status
    )


def validation_message(exc: RequestValidationError) -> str:
    """The first problem of a request, as ``name: what is wrong``."""
    errors = exc.errors()
    if not errors:
        return "invalid request"
    first = errors[0]
    where = [
        str(p)
        for p in first.get("loc", ())
        if p not in ("query", "path", "body") and not isinstance(p, int)
    ]
    name = where[-1] if where else ""
    if name == "from_":
        name = "from"
    if first.get("type") == "extra_forbidden":
        return f"unknown parameter {name!r}"
    message = str(first.get("msg", "invalid")).removeprefix("Value error, ")
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    return f"{name}: {message}{more}" if name else f"{message}{more}"


def install_errors(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        return problem(request, 422, validation_message(exc))

    @app.exception_handler(WebError)
    async def _refused(request: Request, exc: WebError) -> Response:
        return problem(request, exc.status, exc.message)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        messages = {404: "not found", 405: "method not allowed"}
        return problem(request, exc.status_code, messages.get(exc.status_code, str(exc.detail)))

    @app.exception_handler(SQLAlchemyError)
    async def _database(request: Request, exc: SQLAlchemyError) -> Response:
        logger.error("database error on %s: %s", request.url.path, exc)
        return problem(request, 503, "the database is not available; try again later")

    @app.exception_handler(Exception)
    async def _bug(request: Request, exc: Exception) -> Response:
        logger.exception("error on %s", request.url.path)
        return problem(request, 500, "internal error (the server log has the details)")
