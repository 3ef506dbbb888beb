"""A live ``healthwatch serve`` app (uvicorn on 127.0.0.1) over a test database."""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
import uvicorn

from crawler.demo.receivers import free_port
from crawler.web.app import create_app
from crawler.web.common import WebConfig
from tests.web.webdata import Stored, populate

TOKEN = "test-token-0123456789abcdef"


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class LiveApp:
    """The running app and a tiny client for it."""

    url: str
    stored: Stored | None = None
    token: str | None = None
    server: uvicorn.Server | None = field(default=None, repr=False)

    def get(self, path: str, headers: dict[str, str] | None = None, *, auth: bool = True,
            method: str = "GET", data: bytes | None = None) -> Answer:  # fmt: skip
        sent = dict(headers or {})
        if auth and self.token and "Authorization" not in sent:
            sent["Authorization"] = f"Bearer {self.token}"
        request = urllib.request.Request(self.url + path, headers=sent, method=method, data=data)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return Answer(response.status, dict(response.headers.items()), response.read())
        except urllib.error.HTTPError as exc:
            return Answer(exc.code, dict(exc.headers.items()), exc.read())


def start(config: WebConfig) -> tuple[uvicorn.Server, threading.Thread, str]:
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(config), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the web app did not start")
        time.sleep(0.02)
    return server, thread, f"http://127.0.0.1:{port}"


@pytest.fixture
def serve_app() -> Iterator[Callable[..., LiveApp]]:
    """Start the app on a database: ``serve_app(db_url, token=None)``."""
    running: list[tuple[uvicorn.Server, threading.Thread]] = []

    def run(db_url: str, token: str | None = None) -> LiveApp:
        server, thread, url = start(WebConfig(db_url, token))
        running.append((server, thread))
        return LiveApp(url, token=token, server=server)

    yield run
    for server, thread in running:
        server.should_exit = True
        thread.join(10)
        server.config.app.state.engine.dispose()


@pytest.fixture
def live(factory, db_url, serve_app) -> LiveApp:
    """The app over the known test data (each backend), no token."""
    stored = populate(factory)
    app = serve_app(db_url)
    app.stored = stored
    return app
