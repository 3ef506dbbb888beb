"""A local site of static and script-built pages, and a crawl runner for it.

The browser tests run a real crawl (``crawl_once.py``) in a child process
against this server, in Debian's chromium; they skip, saying so, only when
no chromium is installed (CI installs it: .ci/run).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from scrapy.settings import Settings as ScrapySettings

from crawler.crawl.browser import browser_path
from storage.db import upgrade

HERE = Path(__file__).resolve().parent
ARTICLE_TEXT = (
    "The regional health commission opened a new medical innovation centre on Monday. "
    "It will host forty start-ups working on devices and diagnostics, and offers clinical "
    "trial support, shared laboratories and help with registration."
)
SCRIPTS = "<script>document.body.appendChild(document.createElement('span'));</script>"

PAGES: dict[str, tuple[str, str]] = {
    # A plain listing that also carries scripts: under `auto` it is never rendered.
    "/static.html": (
        "text/html",
        f"<html><body><ul class='list'><li><a href='/a1.html'>A1</a></li></ul>{SCRIPTS}</body></html>",
    ),
    "/a1.html": (
        "text/html",
        f"<html><body><h1>A1</h1><div class='body'><p>{ARTICLE_TEXT}</p></div>{SCRIPTS}</body></html>",
    ),
    # A JS-only listing: links come from JSON, loaded by script; images must be blocked.
    "/js.html": (
        "text/html",
        "<html><body><img src='/pixel.png'><ul class='list'></ul><script>"
        "fetch('/list.json').then(r => r.json()).then(d => { const ul = document.querySelector('ul.list');"
        " d.forEach(u => { const a = document.createElement('a'); a.href = u; a.textContent = u;"
        " ul.appendChild(a); }); });</script></body></html>",
    ),
    "/list.json": ("application/json", json.dumps(["/a2.html"])),
    # An article whose body a script inserts.
    "/a2.html": (
        "text/html",
        "<html><body><h1>A2</h1><div class='body'>Loading...</div><script>"
        f"setTimeout(() => {{ document.querySelector('div.body').innerHTML = '<p>{ARTICLE_TEXT}</p>'; }}, 50);"
        "</script></body></html>",
    ),
    # A script that never settles: it polls forever and never shows a link.
    "/never.html": (
        "text/html",
        "<html><body><ul class='list'></ul><script>"
        "setInterval(() => fetch('/poll?' + Date.now()), 100);</script></body></html>",
    ),
    "/poll": ("application/json", "{}"),
    "/pixel.png": ("image/png", "not really a png"),
}


@dataclass
class TestSite:
    """The running server and what it was asked for, per path."""

    url: str
    hits: Counter[str] = field(default_factory=Counter)


class _Handler(BaseHTTPRequestHandler):
    site: TestSite

    def do_GET(self) -> None:
        path = self.path.split("?")[0]
        self.site.hits[path] += 1
        ctype, body = PAGES.get(path, ("text/html", "<html><body>not found</body></html>"))
        data = body.encode()
        self.send_response(200 if path in PAGES else 404)
        self.send_header("Content-Type", f"{ctype}; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def site() -> Iterator[TestSite]:
    test_site = TestSite(url="")
    handler = type("Handler", (_Handler,), {"site": test_site})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    test_site.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield test_site
    server.shutdown()
    server.server_close()


@pytest.fixture
def chromium() -> str:
    """Debian's chromium, or a skip that says how to get it."""
    path = browser_path(ScrapySettings())
    if path is None:
        pytest.skip("chromium is not installed (apt-get install -y chromium; CI installs it)")
    return path


@pytest.fixture
def db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path}/render.db"
    upgrade(url)
    return url


def crawl_argv(urls: list[str], db: str, *options: str) -> list[str]:
    argv = [sys.executable, str(HERE / "crawl_once.py"), "--db", db, *options]
    for url in urls:
        argv += ["--url", url]
    return argv


def crawl(urls: list[str], db: str, *options: str, timeout: float = 120) -> dict[str, Any]:
    """One crawl in a child process; its stats, from the JSON line it prints."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("HEALTHWATCH_")}
    done = subprocess.run(
        crawl_argv(urls, db, *options), capture_output=True, timeout=timeout, env=env, check=False
    )
    assert done.returncode == 0, done.stderr.decode()[-3000:]
    lines = [line for line in done.stdout.decode().splitlines() if line.startswith("{")]
    assert lines, done.stderr.decode()[-3000:]
    stats: dict[str, Any] = json.loads(lines[-1])
    stats["log"] = done.stderr.decode()
    return stats
