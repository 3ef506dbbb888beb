"""A local site of real corpus pages for bench/peers.py, with one way to publish.

Serves the first ``pages`` saved pages of the shared corpus on 127.0.0.1 as
``/news/<file name>`` behind four listing pages of 25 links
(``/news/index_N.html``, newest first), as a CMS does, with ``ETag`` and
``Last-Modified`` and 304 answers to ``If-None-Match`` / ``If-Modified-Since``:
every watcher gets the same conditional-GET chance.  ``publish()`` puts one
new article on top of listing 0: a real health-event announcement (a corpus
forum report, gne-021, rewritten as an upcoming biomedicine forum with a new
edition, topic and date each time) so that healthwatch's analysis alerts on it
and a near-duplicate check cannot fold it into the previous one.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared/corpus/pages"
LISTINGS = 4  # the generic spider reads a listing's 30 newest links: 4 x 25 covers 100
ROBOTS = b"User-agent: *\nDisallow:\n"
EPOCH = datetime(2026, 1, 1, tzinfo=UTC)
FORUM_SOURCE = "gne-021.html"  # a forum report (a security forum) in the corpus
TOPICS = ("生物医药创新", "医疗器械产业", "中医药发展", "数字医疗健康", "疫苗研发合作", "医院管理")


def listing_path(number: int) -> str:
    return f"/news/index_{number}.html"


def announcement(number: int, today: date) -> bytes:
    """The corpus forum report turned into an upcoming health forum, one per ``number``."""
    topic = TOPICS[number % len(TOPICS)]
    day = today + timedelta(days=20 + number)
    text = (CORPUS / FORUM_SOURCE).read_text(encoding="utf-8")
    for old, new in (
        ("第三届知道安全论坛", f"第{number + 3}届{topic}论坛"),
        ("知道安全论坛", f"{topic}论坛"),
        ("2014-08-24", today.isoformat()),
        ("2014年8月22日", f"{day.year}年{day.month}月{day.day}日"),
        ("知道创宇发布新版ZoomEye", "医疗器械企业发布创新药械成果"),
        ("ZoomEye", "创新药"),
        ("知道创宇", "生物医药产业联盟"),
        ("网络安全", "医药创新"),
        ("安全", "医药"),
    ):
        text = text.replace(old, new)
    return text.encode("utf-8")


class PeerSite:
    """Pages by path, their validators, and a count of answers per (path, status)."""

    def __init__(self, pages: list[Path]) -> None:
        self.articles: list[tuple[str, str]] = [
            (f"/news/{page.name}", f"Health industry news report: {page.stem}") for page in pages
        ]
        self.bodies: dict[str, bytes] = {
            path: page.read_bytes() for (path, _), page in zip(self.articles, pages, strict=True)
        }
        self.modified: dict[str, datetime] = dict.fromkeys(self.bodies, EPOCH)
        self.published: list[float] = []  # time.time() of each publish()
        self.hits: Counter[tuple[str, int]] = Counter()
        self.lock = threading.Lock()
        self._relist()

    def _relist(self) -> None:
        share = -(-len(self.articles) // LISTINGS)
        now = datetime.now(UTC).replace(microsecond=0)
        for n in range(LISTINGS):
            chunk = self.articles[n * share : (n + 1) * share]
            items = "".join(
                f'<li><a href="{path}">{escape(title)}</a></li>' for path, title in chunk
            )
            body = (
                "<html><head><title>News</title></head><body><h1>News</h1>"
                f'<ul class="news">{items}</ul></body></html>'
            ).encode()
            if self.bodies.get(listing_path(n)) != body:
                self.bodies[listing_path(n)] = body
                self.modified[listing_path(n)] = now if self.published else EPOCH
        self.bodies["/robots.txt"] = ROBOTS
        self.modified["/robots.txt"] = EPOCH

    def publish(self) -> str:
        """One new announcement on top of listing 0 (the oldest of it moves to listing 1)."""
        with self.lock:
            number = len(self.published)
            path = f"/news/forum-{number}.html"
            self.bodies[path] = announcement(number, datetime.now(UTC).date())
            self.modified[path] = datetime.now(UTC).replace(microsecond=0)
            self.articles.insert(
                0, (path, f"第{number + 3}届{TOPICS[number % len(TOPICS)]}论坛将举办")
            )
            self.published.append(time.time())
            self._relist()
            return path

    def answer(self, path: str, headers: Any) -> tuple[int, bytes, dict[str, str]]:
        path = path.split("?", 1)[0]  # sites of the daemon bench differ by a query only
        with self.lock:
            body = self.bodies.get(path)
            if body is None:
                self.hits[(path, 404)] += 1
                return 404, b"not found", {}
            modified = self.modified[path]
            etag = f'"{hashlib.blake2b(body, digest_size=8).hexdigest()}"'
            sent = {"ETag": etag, "Last-Modified": format_datetime(modified, usegmt=True)}
            status = 304 if unchanged(headers, etag, modified) else 200
            self.hits[(path, status)] += 1
        return status, b"" if status == 304 else body, sent

    def count(self) -> Counter[str]:
        """Answers so far by status, e.g. {'200': 104, '304': 100}."""
        with self.lock:
            total: Counter[str] = Counter()
            for (_, status), n in self.hits.items():
                total[str(status)] += n
            return total


def unchanged(headers: Any, etag: str, modified: datetime) -> bool:
    """If-None-Match wins over If-Modified-Since (RFC 9110)."""
    if (tags := headers.get("If-None-Match")) is not None:
        return etag in {tag.strip() for tag in tags.split(",")}
    if (since := headers.get("If-Modified-Since")) is not None:
        try:
            return modified <= parsedate_to_datetime(since)
        except (TypeError, ValueError):
            return False
    return False


class Server(ThreadingHTTPServer):
    request_queue_size = 511  # http.server's 5 drops SYNs under a crawler's bursts
    daemon_threads = True


@contextmanager
def serving(site: PeerSite) -> Iterator[str]:
    """The site on a free 127.0.0.1 port; yields its base URL."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # no 40 ms delayed-ACK stall per answer

        def do_GET(self) -> None:
            status, body, headers = site.answer(self.path, self.headers)
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            """Quiet: the site counts its own answers."""

    server = Server(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def corpus_pages(count: int = 100, corpus: Path = CORPUS) -> list[Path]:
    return sorted(corpus.glob("*.html"))[:count]
