"""Local news sites whose articles keep coming, and a database of their own:
what the multi-node and kill-loop tests and bench/nodes.py crawl (real HTTP,
real PostgreSQL, all on 127.0.0.1)."""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import psycopg
from psycopg import sql
from sqlalchemy.engine import make_url

CITIES = ["Wuhan", "Xiamen", "Chengdu", "Suzhou", "Hangzhou", "Nanjing", "Jinan", "Harbin"]
TOPICS = (
    "cardiac surgery robots", "vaccine cold chains", "rural telemedicine", "cancer screening",
    "hospital logistics", "rare disease drugs", "elderly care homes", "medical imaging AI",
    "blood plasma supply", "dental implants", "clinical trial data", "TCM herb quality",
    "antibiotic stewardship", "nursing staff training", "diagnostic reagents", "gene therapy",
)  # fmt: skip
SPEAKERS = (
    "hospital directors", "biotech founders", "health officials", "device makers",
    "university researchers", "insurers", "pharmacists", "investors",
)  # fmt: skip


def article(site: int, number: int) -> str:
    """An upcoming forum: its own name, date, city, topics and text per site and
    number (different enough that no two are near-duplicates of each other)."""
    rng = random.Random(site * 10_007 + number)  # noqa: S311 - varied text, not secrets
    city = CITIES[(site + number) % len(CITIES)]
    # Eight days apart from every other one: no two are candidates for one event.
    day = dt.date.today() + dt.timedelta(days=20 + 8 * (number * 64 + site))
    topics = rng.sample(TOPICS, 5)
    name = f"{city} Forum on {topics[0].title()} No. {site * 100 + number}"
    title = f"{name} opens on {day:%B %d}"
    sentences = [
        f"The {name} will be held on {day:%B %d, %Y} at the {city} International Convention Center."
    ]
    sentences += [
        f"{rng.choice(SPEAKERS).capitalize()} will discuss {topic} with "
        f"{rng.choice(SPEAKERS)} in session {rng.randint(2, 40)}."
        for topic in topics[1:]
    ]
    return (
        f"<html><head><title>{title}</title></head><body><h1>{title}</h1>"
        f"<div class='info'>Updated: {dt.date.today():%Y-%m-%d}</div>"
        f"<div class='article'><p>{' '.join(sentences)}</p></div></body></html>"
    )


def path_of(site: int, number: int) -> str:
    """An article's path, shaped as news sites shape them (a date, a numeric id)."""
    return f"/s{site}/{dt.date.today():%Y/%m/%d}/forum-{10_000 + site * 1000 + number}.html"


@contextmanager
def pg_database(admin_url: str) -> Iterator[str]:
    """A fresh database on the local server, dropped afterwards."""
    name = f"hw_nodes_{int(time.time() * 1000)}"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


class LocalSite:
    """A real HTTP server on 127.0.0.1 serving ``pages`` (path -> body), with
    an ETag per body and 304s to a client that has it, as news sites answer;
    ``hits`` counts the requests per (path, status)."""

    def __init__(self) -> None:
        self.pages: dict[str, bytes] = {}
        self.hits: Counter[tuple[str, int]] = Counter()
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                body = site.pages.get(self.path)
                etag = f'"{hashlib.blake2b(body, digest_size=8).hexdigest()}"' if body else None
                status = 200 if body is not None else 404
                if etag and self.headers.get("If-None-Match") == etag:
                    status = 304
                site.hits[(self.path, status)] += 1
                self.send_response(status)
                if etag:
                    self.send_header("ETag", etag)
                if status != 304:
                    self.send_header("Content-Type", "text/html; charset=utf-8")
                    self.send_header("Content-Length", str(len(body or b"")))
                self.end_headers()
                if status != 304:
                    self.wfile.write(body or b"")

            def log_message(self, format: str, *args: object) -> None:
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}"

    def add(self, path: str, body: str) -> None:
        self.pages[path] = body.encode()


class Sites:
    """News sites on one local server: /s<n>/ is site n's listing."""

    def __init__(self, count: int) -> None:
        self.local = LocalSite()
        self.counts = [0] * count

    def publish(self) -> None:
        """One new article on every site."""
        for site in range(len(self.counts)):
            self.counts[site] += 1
            number = self.counts[site]
            self.local.add(path_of(site, number), article(site, number))
            links = "".join(
                f'<li><a href="{path_of(site, n)}">Hospital innovation forum report '
                f"number {site}-{n}</a></li>"
                for n in range(number, 0, -1)
            )
            self.local.add(f"/s{site}/", f"<html><body><ul>{links}</ul></body></html>")

    def start(self) -> None:
        threading.Thread(target=self.local.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.local.server.shutdown()
        self.local.server.server_close()

    def site_tables(self, every: str, count: int | None = None) -> str:
        """The config's [sites.*] tables (the first ``count`` sites): generic
        sites watched from their listing."""
        return "".join(
            f'[sites.site{n:02d}]\nurl = "{self.local.url}/s{n}/"\nevery = "{every}"\n'
            for n in range(len(self.counts) if count is None else count)
        )
