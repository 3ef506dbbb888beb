"""What the routers share: the config, the request's session, refusals."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from fastapi import Request
from fastapi.responses import RedirectResponse
from sqlalchemy.orm import Session, sessionmaker


@dataclass(frozen=True)
class WebConfig:
    """What the app needs: where the data is, who may read it, page size."""

    database_url: str
    token: str | None = None
    page_size: int = 50


class WebError(Exception):
    """A request the app refuses, with its status and one-line message."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def sessions(request: Request) -> Iterator[Session]:
    """A read-only session for one request."""
    factory: sessionmaker[Session] = request.app.state.sessions
    with factory() as session:
        yield session


def redirect(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)
