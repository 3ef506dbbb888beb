"""Who may read: one bearer token, or nobody needs one (loopback only).

With a token configured, every path but ``/static`` and ``/login`` wants
it, as ``Authorization: Bearer TOKEN``, or as the cookie the login form
sets (browsers), or, for feeds only, as ``?token=TOKEN`` (feed readers and
calendars that cannot send headers).  Tokens are compared in constant time.
"""

from __future__ import annotations

import hmac
import json
from http.cookies import SimpleCookie
from urllib.parse import parse_qs, quote

from starlette.types import ASGIApp, Receive, Scope, Send

COOKIE = "healthwatch_token"
OPEN_PREFIXES = ("/static/", "/login")
FEED_SUFFIXES = (".rss", ".atom", ".json", ".ics", ".csv", ".ndjson")


def same(given: str | None, token: str) -> bool:
    return given is not None and hmac.compare_digest(given.encode(), token.encode())


def presented(scope: Scope) -> list[str]:
    """Every token the request carries: header, cookie and (feeds) query."""
    found: list[str] = []
    headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
    scheme, _, value = headers.get("authorization", "").partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        found.append(value.strip())
    if "cookie" in headers:
        cookie: SimpleCookie = SimpleCookie()
        try:
            cookie.load(headers["cookie"])
        except Exception:  # noqa: S110 - a malformed cookie header is simply no token
            pass
        else:
            if COOKIE in cookie:
                found.append(cookie[COOKIE].value)
    path: str = scope["path"]
    if path.endswith(FEED_SUFFIXES):
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        found += query.get("token", [])[:1]
    return found


class TokenGate:
    """ASGI middleware: 401 without the token (when one is configured)."""

    def __init__(self, app: ASGIApp, token: str | None) -> None:
        self.app = app
        self.token = token

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not self.token:
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        if path.startswith(OPEN_PREFIXES) or any(same(t, self.token) for t in presented(scope)):
            await self.app(scope, receive, send)
            return
        await refuse(scope, send)


async def refuse(scope: Scope, send: Send) -> None:
    """401: JSON for the API and feeds, a page with the login form otherwise."""
    path: str = scope["path"]
    headers = [(b"www-authenticate", b'Bearer realm="healthwatch"')]
    if path.startswith("/api/") or path.endswith(FEED_SUFFIXES):
        body = json.dumps({"error": "a valid token is needed", "status": 401}).encode()
        headers.append((b"content-type", b"application/json"))
    else:
        target = path + (
            f"?{scope['query_string'].decode('latin-1')}" if scope.get("query_string") else ""
        )
        body = login_page(target, "").encode()
        headers.append((b"content-type", b"text/html; charset=utf-8"))
    headers.append((b"content-length", str(len(body)).encode()))
    await send({"type": "http.response.start", "status": 401, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def login_page(target: str, message: str) -> str:
    """The sign-in form (no template engine needed: nothing here comes from the database)."""
    from html import escape  # noqa: PLC0415

    note = f"<p class='error'>{escape(message)}</p>" if message else ""
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        "<title>healthwatch: sign in</title><link rel='stylesheet' href='/static/style.css'>"
        "</head><body><main class='narrow'><h1>healthwatch</h1>"
        f"<p>This server needs its token.</p>{note}"
        "<form method='post' action='/login'>"
        f"<input type='hidden' name='next' value='{escape(target)}'>"
        "<label>Token <input type='password' name='token' autocomplete='current-password' "
        "required></label> <button type='submit'>Sign in</button></form></main></body></html>"
    )


def safe_target(target: str) -> str:
    """Only a path on this server (no ``//host`` or scheme): no open redirect."""
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/events"
    return quote(target, safe="/?&=%:+,;-_.~")
