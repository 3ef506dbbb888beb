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
import re
import threading
import time
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from email.message import Message
from email.utils import format_datetime
from html import escape
from pathlib import Path

from bench.local_server import not_modified
from crawler.config.settings import Settings, SiteConfig

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared/corpus/pages"
LISTINGS = 4  # the generic spider reads a listing's 30 newest links: 4 x 25 covers 100
ROBOTS = b"User-agent: *\nDisallow:\n"
EPOCH = datetime(2026, 1, 1, tzinfo=UTC)
FORUM_SOURCE = "gne-021.html"  # a forum report (a security forum) in the corpus
TOPICS = ("生物医药创新", "医疗器械产业", "中医药发展", "数字医疗健康", "疫苗研发合作", "医院管理")
VENUES = (
    "国家会议中心",
    "上海国际会议中心",
    "广州白云国际会议中心",
    "深圳会展中心",
    "杭州国际博览中心",
)


def listing_path(number: int) -> str:
    return f"/news/index_{number}.html"


def announcement(number: int, today: date) -> bytes:
    """The corpus forum report turned into an upcoming health forum, one per ``number``:
    its own edition, topic, venue and date, so that event matching keeps them apart."""
    topic = TOPICS[number % len(TOPICS)]
    day = today + timedelta(days=20 + 9 * number)
    venue = VENUES[number % len(VENUES)]
    text = (CORPUS / FORUM_SOURCE).read_text(encoding="utf-8")
    for old, new in (
        ("第三届知道安全论坛", f"第{number + 3}届{topic}论坛"),
        ("知道安全论坛", f"{topic}论坛"),
        ("Kcon V3", f"HMF {number + 3}"),
        ("北京鸟巢·国家体育场", venue),
        ("鸟巢", venue),
        ("2014-08-24", today.isoformat()),
        ("2014年8月22日", f"{day.year}年{day.month}月{day.day}日"),
        ("知道创宇发布新版ZoomEye", "医疗器械企业发布创新药械成果"),
        ("ZoomEye", "创新药"),
        ("知道创宇", "生物医药产业联盟"),
        ("网络安全", "医药创新"),
        ("安全", "医药"),
    ):
        text = text.replace(old, new)
    return distinct_body(text, number).encode("utf-8")


def distinct_body(text: str, number: int) -> str:
    """The report with about half of its paragraphs after the lead left out, a
    different half for each ``number``: two announcements then share about a
    third of their text, as two editions' reports do, and a near-duplicate
    check rightly keeps them apart (with every paragraph kept, the edition,
    topic and date alone differ, and the second report folds into the first)."""
    paragraphs = list(re.finditer(r"<p[ >].*?</p>", text, flags=re.S))
    for index, found in reversed(list(enumerate(paragraphs))):
        seed = hashlib.blake2b(f"{number}:{index}".encode(), digest_size=1).digest()[0]
        if index > 0 and seed % 2:
            text = text[: found.start()] + text[found.end() :]
    return text


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

    def answer(self, path: str, headers: Message) -> tuple[int, bytes, dict[str, str]]:
        path = path.split("?", 1)[0]  # sites of the daemon bench differ by a query only
        with self.lock:
            body = self.bodies.get(path)
            if body is None:
                self.hits[(path, 404)] += 1
                return 404, b"not found", {}
            modified = self.modified[path]
            etag = f'"{hashlib.blake2b(body, digest_size=8).hexdigest()}"'
            sent = {"ETag": etag, "Last-Modified": format_datetime(modified, usegmt=True)}
            status = 304 if not_modified(headers, etag, modified) else 200
            self.hits[(path, status)] += 1
        return status, b"" if status == 304 else body, sent

    def articles_served(self) -> int:
        """Article pages answered with a body so far (not listings, not 304s)."""
        with self.lock:
            return sum(
                n
                for (path, status), n in self.hits.items()
                if status == 200 and path.startswith("/news/") and "index_" not in path
            )

    def count(self) -> Counter[str]:
        """Answers so far by status, e.g. {'200': 104, '304': 100}."""
        with self.lock:
            total: Counter[str] = Counter()
            for (_, status), n in self.hits.items():
                total[str(status)] += n
            return total


def site_settings(url: str, base: str, prefix: str) -> Settings:
    """The 4 listings as 4 generic sites (``<prefix>_<n>``) on database ``url``,
    crawled as fast as the local site answers."""
    sites = {f"{prefix}_{n}": SiteConfig(url=base + listing_path(n)) for n in range(LISTINGS)}
    return Settings(
        database_url=url, download_delay=0, spider_timeout=1800, crawl_timeout=3600, sites=sites
    )


def corpus_pages(count: int = 100, corpus: Path = CORPUS) -> list[Path]:
    return sorted(corpus.glob("*.html"))[:count]
