"""A small local news site for the generic spider and ``sites add`` tests:
a real HTTP server on 127.0.0.1, its pages edited by each test."""

from __future__ import annotations

from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class LocalSite:
    """A real HTTP server on 127.0.0.1 serving ``pages`` (path -> (content
    type, body)); anything else is a 404.  Tests edit ``pages`` freely."""

    def __init__(self) -> None:
        self.pages: dict[str, tuple[str, bytes]] = {}
        self.statuses: dict[str, int] = {}  # path -> status other than 200
        self.hits: list[str] = []
        self.headers: list[dict[str, str]] = []  # the request headers, per hit
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self.handler())
        self.server.daemon_threads = True

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}"

    def add(
        self,
        path: str,
        body: str | bytes,
        ctype: str = "text/html; charset=utf-8",
        status: int = 200,
    ) -> None:
        self.pages[path] = (ctype, body.encode() if isinstance(body, str) else body)
        if status != 200:
            self.statuses[path] = status

    def handler(self) -> type[BaseHTTPRequestHandler]:
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                site.hits.append(self.path)
                site.headers.append(dict(self.headers.items()))
                found = site.pages.get(self.path)
                status, (ctype, body) = (200, found) if found else (404, ("text/plain", b"no"))
                status = site.statuses.get(self.path, status)
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                return

        return Handler


def news_article(title: str, day: int) -> str:
    """An article page of the local site: enough text for extraction."""
    text = " ".join(
        f"The {title} gathered hospital directors and biotech firms in Beijing, session {n}."
        for n in range(1, 7)
    )
    return (
        f"<html><head><title>{title}</title></head><body><h1>{title}</h1>"
        f"<div class='info'>Updated: 2024-05-{day:02d}</div><div class='article'><p>{text}</p></div>"
        "</body></html>"
    )


def news_listing(paths: list[str], nav: bool = True) -> str:
    """A section page: article links among menu links."""
    menu = '<a href="/">Home</a> <a href="/news/">News</a> <a href="/about.html">About us</a>'
    items = "".join(
        f'<li><a href="{path}">Health industry forum report number {i}</a></li>'
        for i, path in enumerate(paths, 1)
    )
    return f"<html><body><div>{menu if nav else ''}</div><ul>{items}</ul></body></html>"
