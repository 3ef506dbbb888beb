"""A real forward HTTP proxy on 127.0.0.1 for the network-settings tests.

It asks for Basic credentials on every request (407 without them), keeps
each request it relayed (URL and headers), and relays to the target over
plain HTTP.  Hosts ending in ``.proxied.test`` never resolve: the proxy
sends them to ``upstream`` (a local site), so a crawl of such a URL can
only have succeeded through this proxy.
"""

from __future__ import annotations

import base64
import http.client
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

PROXIED = ".proxied.test"


class ForwardProxy:
    def __init__(self, user: str, password: str, upstream: tuple[str, int]) -> None:
        self.expected = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()
        self.upstream = upstream
        self.relayed: list[tuple[str, dict[str, str]]] = []
        self.refused = 0
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self.handler())
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)

    @property
    def address(self) -> str:
        host, port = self.server.server_address[:2]
        return f"{host!s}:{port}"

    def __enter__(self) -> ForwardProxy:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def handler(self) -> type[BaseHTTPRequestHandler]:
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                if self.headers.get("Proxy-Authorization") != proxy.expected:
                    proxy.refused += 1
                    self.send_response(407)
                    self.send_header("Proxy-Authenticate", 'Basic realm="test"')
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                target = urlsplit(self.path)
                headers = {
                    k: v for k, v in self.headers.items() if k.lower() != "proxy-authorization"
                }
                proxy.relayed.append((self.path, headers))
                host, port = target.hostname or "", target.port or 80
                if host.endswith(PROXIED):
                    host, port = proxy.upstream
                conn = http.client.HTTPConnection(host, port, timeout=10)
                path = target.path + (f"?{target.query}" if target.query else "")
                conn.request("GET", path or "/", headers=headers)
                answer = conn.getresponse()
                body = answer.read()
                self.send_response(answer.status)
                for name, value in answer.getheaders():
                    if name.lower() not in ("transfer-encoding", "connection", "content-length"):
                        self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                conn.close()

            def log_message(self, format: str, *args: Any) -> None:
                return

        return Handler
