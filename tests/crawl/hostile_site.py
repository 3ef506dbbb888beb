"""A hostile web, served for real on 127.0.0.1: what sites send that breaks crawlers.

Small pages live in ``tests/data/hostile/`` (see its README); the large or
endless ones are generated here on request, never stored: a 60 MB body
(with and without a Content-Length), a gzip bomb, a truncated response,
redirect loops and redirects to other schemes, 10,000-deep nesting, a
paragraph of 3,000 dates, a listing of 100,000 links, an endless calendar
and a 9 MB page that outruns a small time budget.  Every answer carries an
ETag and honours ``If-None-Match``, like a CMS, so a re-poll can be
answered 304.  ``hits`` keeps (path, status) of every request.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import threading
import zlib
from collections import Counter
from collections.abc import Callable
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

DATA = Path(__file__).resolve().parents[1] / "data" / "hostile"
MB = 1024 * 1024
HUGE_BYTES = 60 * MB
BOMB_BYTES = 200 * MB  # what the gzip bomb inflates to (20x DOWNLOAD_MAXSIZE)
LONG_PATH = "/h/long/" + "x" * 10_000 + ".html"  # a 10 kB URL
BIG_LINKS = 100_000
WORDS = [
    "hospital",
    "clinic",
    "vaccine",
    "nursing",
    "pharmacy",
    "surgery",
    "imaging",
    "rehabilitation",
    "diagnostics",
    "telemedicine",
    "oncology",
    "pediatrics",
    "cardiology",
    "genomics",
    "biobank",
    "insurance",
    "elderly",
    "rural",
    "screening",
    "nutrition",
    "trial",
    "device",
    "implant",
    "enzyme",
    "antibody",
    "dialysis",
    "ward",
    "registry",
]

# Static pages of tests/data/hostile/ and the content type each is served with.
STATIC = {
    "/h/gbk-no-charset.html": ("gbk-no-charset.html", "text/html"),
    "/h/utf8-labelled-gbk.html": ("utf8-labelled-gbk.html", "text/html; charset=utf-8"),
    "/h/mojibake.html": ("mojibake.html", "text/html; charset=utf-8"),
    "/h/control-after-script.html": ("control-after-script.html", "text/html; charset=utf-8"),
    "/h/only-scripts.html": ("only-scripts.html", "text/html"),
    "/h/binary.html": ("binary.html", "text/html"),
}


def article(key: str, title: str, day: int = 5) -> bytes:
    """A good article page (distinct text per key), readable by every spider used here."""
    seed = int(hashlib.sha1(key.encode()).hexdigest(), 16)
    words = [WORDS[(seed >> (i % 120)) % len(WORDS)] for i in range(60)]
    sentences = " ".join(
        f"The {title} discussed {' and '.join(words[n : n + 3])} with {n + seed % 97} delegates."
        for n in range(0, 60, 4)
    )
    return (
        f"<html><head><title>{title}</title></head><body><h1>{title}</h1>"
        f"<div class='info'>Updated: 2024-05-{day:02d}</div>"
        f"<div class='article' id='content_area'><p>{sentences}</p></div></body></html>"
    ).encode()


def listing(links: list[tuple[str, str]], box: str = "<ul class='news-list'>{}</ul>") -> bytes:
    items = "".join(f'<li><a href="{href}">{text}</a></li>' for href, text in links)
    return f"<html><body>{box.format(items)}</body></html>".encode()


# The hostile listing: good links, odd-but-valid links, bad links, hostile pages.
GOOD = [f"/h/good-{n}.html" for n in range(1, 5)]
ODD_GOOD = [
    ("\t/h/good-5.html\n", "/h/good-5.html"),  # tabs and newlines, dropped as a browser does
    ("/h/good-6.html?q=%ED%A0%80", "/h/good-6.html?q=%ED%A0%80"),  # an escaped lone surrogate
    ("/h/ctl/a\x7fb.html", "/h/ctl/a%7Fb.html"),  # a control character, percent-encoded
    (LONG_PATH, LONG_PATH),  # 10 kB
]
BAD = [
    "http://127.0.0.1:99999/h/x.html",  # port out of range
    "http://127.0.0.1:80:80/h/x.html",  # two ports
    "http://[::1/h/x.html",  # unclosed IPv6 bracket
    "http://exa mple.org/h/x.html",  # a space in the host
    "javascript:void(0)",
]
HOSTILE = {  # path -> what must come of it (asserted in test_hostile.py)
    "/h/gbk-no-charset.html": "stored",
    "/h/utf8-labelled-gbk.html": "stored",
    "/h/mojibake.html": "stored",
    "/h/control-after-script.html": "stored",
    "/h/deep.html": "failed",  # libxml2 reads 255 levels: the text below is lost
    "/h/dates.html": "stored",
    "/h/only-scripts.html": "failed",
    "/h/binary.html": "failed",
    "/h/huge.html": "skipped",
    "/h/huge-stream.html": "skipped",
    "/h/bomb.html": "skipped",
    "/h/truncated.html": "skipped",
    "/h/loop.html": "skipped",
    "/h/to-ftp.html": "skipped",
    "/h/to-file.html": "skipped",
}


def hostile_listing(extra: list[str]) -> bytes:
    hrefs = [*GOOD, *(href for href, _ in ODD_GOOD), *BAD, *HOSTILE, *extra]
    return listing([(href, f"Health industry report {i}") for i, href in enumerate(hrefs)])


def deep_page(depth: int = 10_000) -> bytes:
    text = article("deep", "Deeply nested health forum page").decode()
    head, _, rest = text.partition("<div class='info'>")
    return (head + "<div>" * depth + "<div class='info'>" + rest + "</div>" * depth).encode()


def dates_page(count: int = 3000) -> bytes:
    months = ("January", "February", "March", "April", "May", "June")
    days = itertools.islice(itertools.cycle(itertools.product(range(6), range(1, 29))), count)
    packed = ", ".join(f"{months[m]} {d}, 2024" for m, d in days)
    title = "Health industry forum held in Beijing"
    return (
        f"<html><head><title>{title}</title></head><body><h1>{title}</h1>"
        "<div class='info'>Updated: 2024-05-06</div><div class='article'>"
        f"<p>The health forum was held on {packed}.</p></div></body></html>"
    ).encode()


def slow_page(paragraphs: int = 80_000) -> bytes:
    """~9 MB of paragraphs: seconds of extraction, over a small budget."""
    para = "<p>The health forum gathered hospital directors in Beijing, session {}.</p>"
    body = "".join(para.format(n) for n in range(paragraphs))
    return f"<html><body><h1>A very long forum report</h1><div>{body}</div></body></html>".encode()


@cache
def gzip_bomb() -> bytes:
    """BOMB_BYTES of zeros, gzip-compressed (about 200 kB), made once."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)  # 31: gzip container
    zeros = b"\0" * MB
    return b"".join(packer.compress(zeros) for _ in range(BOMB_BYTES // MB)) + packer.flush()


def calendar_month(month: dt.date) -> bytes:
    """One month of an endless calendar: a link per day, and the next month."""
    following = (month + dt.timedelta(days=32)).replace(day=1)
    days = [
        (f"/cal/{day:%Y-%m-%d}.html", f"Events on {day:%B %d, %Y}")
        for n in range(31)
        if (day := month + dt.timedelta(days=n)).month == month.month
    ]
    links = "".join(f"<a class='title' href='{href}'>{text}</a>" for href, text in days)
    return (
        f"<html><body><h2>{month:%B %Y}</h2><div class='list'>{links}</div>"
        f"<div class='pages'><a class='next' href='/cal/{following:%Y-%m}.html'>Next</a></div>"
        "</body></html>"
    ).encode()


class HostileSite:
    """The server; ``extra_links`` adds links to the hostile listing (a new article)."""

    def __init__(self) -> None:
        self.hits: list[tuple[str, int]] = []
        self.extra_links: list[str] = []
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler(self))
        self.server.daemon_threads = True
        self.server.request_queue_size = 128

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> HostileSite:
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def count(self, prefix: str = "", status: int | None = None) -> int:
        with self.lock:
            return sum(1 for p, s in self.hits if p.startswith(prefix) and status in (None, s))

    def statuses(self, path: str) -> Counter[int]:
        with self.lock:
            return Counter(s for p, s in self.hits if p == path)

    def page(self, path: str) -> tuple[bytes, str] | None:
        """Body and content type of a plain page, or None."""
        if path in STATIC:
            name, ctype = STATIC[path]
            return (DATA / name).read_bytes(), ctype
        html = "text/html; charset=utf-8"
        generated: dict[str, Callable[[], bytes]] = {
            "/robots.txt": lambda: b"User-agent: *\nDisallow:\n",
            "/h/index.html": lambda: hostile_listing(self.extra_links),
            "/h/deep.html": deep_page,
            "/h/dates.html": dates_page,
            "/slow/index.html": lambda: listing(
                [("/slow/big.html", "A very long forum report")]
                + [(f"/slow/{n}.html", f"Forum report {n}") for n in range(1, 4)]
                + [(href, "A new report") for href in self.extra_links]
            ),
            "/slow/big.html": slow_page,
            "/big/index.html": lambda: listing(
                [(f"/big/{n}.html", f"Big report {n}") for n in range(BIG_LINKS)],
                "<div id='newslist'>{}</div>",
            ),
            "/n/index.html": lambda: listing(
                [
                    (f"/n/2024/05/0{n}/story-{n}.html", f"Neighbour health story {n}")
                    for n in range(1, 7)
                ]
            ),
            "/feed/broken.xml": lambda: (
                b"<?xml version='1.0'?><rss><channel><item><link>/f/1.html</link></item>"
                b"<item><link>http://[::1/f/x</link></item><item><link>/f/2.html</link>"
                b"</item><item><link>\x01\x02 broken &bogus; <"
            ),
            "/sitemap/broken.xml": lambda: b"<?xml version='1.0'?>\x00<urlset><url><loc>",
        }
        if path in generated:
            ctype = "application/xml" if path.endswith(".xml") else html
            return generated[path](), ctype
        if path.startswith("/cal/") and path.endswith(".html"):
            stamp = path.removeprefix("/cal/").removesuffix(".html")
            if len(stamp) == 7:
                return calendar_month(dt.date.fromisoformat(stamp + "-01")), html
            return f"<html><body><h2>{stamp}</h2><p>No events.</p></body></html>".encode(), html
        decoded = unquote(path)
        if (
            decoded in GOOD
            or decoded.startswith(("/h/good-", "/h/ctl/", "/h/long/"))
            or (path.startswith(("/big/", "/n/", "/f/", "/slow/")) and path.endswith(".html"))
        ):
            return article(path, f"Health industry report {decoded[-40:]}"), html
        return None


def handler(site: HostileSite) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.0"  # each answer ends when the connection closes

        def do_GET(self) -> None:
            path = urlsplit(self.path).path + (
                "?" + urlsplit(self.path).query if "?" in self.path else ""
            )
            status = self.answer(path)
            with site.lock:
                site.hits.append((path, status))

        def answer(self, path: str) -> int:
            special = SPECIAL.get(urlsplit(path).path)
            if special is not None:
                return special(self)
            found = site.page(path)
            if found is None:
                return self.plain(404, b"not here", "text/plain")
            body, ctype = found
            etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
            if self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.send_header("ETag", etag)
                self.end_headers()
                return 304
            return self.plain(200, body, ctype, {"ETag": etag})

        def plain(
            self, status: int, body: bytes, ctype: str, extra: dict[str, str] | None = None
        ) -> int:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            for name, value in (extra or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.write(body)
            return status

        def write(self, data: bytes) -> bool:
            try:
                self.wfile.write(data)
                return True
            except OSError:  # the crawler hung up (a size limit): expected here
                return False

        def redirect(self, location: str) -> int:
            self.send_response(302)
            self.send_header("Location", location)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return 302

        def huge(self) -> int:
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(HUGE_BYTES))
            self.end_headers()
            self.stream(HUGE_BYTES)
            return 200

        def huge_stream(self) -> int:
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()  # no length: the body ends when the connection does
            self.stream(HUGE_BYTES)
            return 200

        def stream(self, size: int) -> None:
            chunk = b"<p>" + b"health " * 9000 + b"</p>\n"
            for _ in range(size // len(chunk)):
                if not self.write(chunk):
                    return

        def bomb(self) -> int:
            body = gzip_bomb()
            return self.plain(200, body, "text/html", {"Content-Encoding": "gzip"})

        def truncated(self) -> int:
            body = article("truncated", "Truncated health report")
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body) * 4))
            self.end_headers()
            self.write(body)
            self.close_connection = True
            return 200

        def log_message(self, format: str, *args: Any) -> None:
            return

    SPECIAL: dict[str, Callable[[Any], int]] = {
        "/h/huge.html": Handler.huge,
        "/h/huge-stream.html": Handler.huge_stream,
        "/h/bomb.html": Handler.bomb,
        "/bomb/index.html": Handler.bomb,
        "/h/truncated.html": Handler.truncated,
        "/h/loop.html": lambda h: h.redirect("/h/loop-2.html"),
        "/h/loop-2.html": lambda h: h.redirect("/h/loop.html"),
        "/loop/start.html": lambda h: h.redirect("/loop/again.html"),
        "/loop/again.html": lambda h: h.redirect("/loop/start.html"),
        "/h/to-ftp.html": lambda h: h.redirect("ftp://127.0.0.1/pub/report.html"),
        "/h/to-file.html": lambda h: h.redirect("file:///etc/passwd"),
    }
    return Handler
