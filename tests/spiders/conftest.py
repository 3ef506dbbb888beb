"""Saved-page cases of the site spiders: ``tests/data/spiders/<name>/<case>/``.

Each case holds ``body.html`` (bytes exactly as saved: GBK stays GBK),
``meta.json`` (URL, headers, capture date, source) and ``expected.json``
(what the spider must read).  ``site_case(name, case)`` loads one; its
``check_*`` methods compare field by field, so a failure names the field.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import scrapy
from localsite import LocalSite

from spiders.base import ARTICLE, SiteSpider, page_response

FIXTURES = Path(__file__).resolve().parents[1] / "data" / "spiders"
FILL_IN = "FILL IN"


@dataclass(frozen=True)
class SiteCase:
    """One saved page of one site and what must be read from it."""

    folder: Path
    body: bytes
    meta: dict[str, Any]
    expected: dict[str, Any]

    @property
    def url(self) -> str:
        return str(self.meta["url"])

    @property
    def headers(self) -> dict[str, str]:
        return dict(self.meta.get("headers") or {})

    def check_listing(self, spider: type[SiteSpider]) -> None:
        """Links found on the saved listing, and its next page."""
        found = spider.read(self.body, self.url, self.headers)
        want = self.expected
        assert found.links, f"{spider.name}: the listing selector found no links in {self.folder}"
        assert len(found.links) == want["count"], "count"
        assert found.links[: len(want["first"])] == want["first"], "first"
        assert found.next_page == want.get("next_page"), "next_page"

    def check_article(self, spider: type[SiteSpider]) -> None:
        """Title, publication date and text read from the saved article."""
        article = spider.extract(self.body, self.url, self.headers)
        want = self.expected
        assert article.title == want["title"], "title"
        published = article.published.isoformat() if article.published else None
        assert published == want["published"], "published"
        for snippet in want["text_contains"]:
            assert snippet in article.text, f"text lacks {snippet!r}"
        for snippet in want.get("text_lacks", []):
            assert snippet not in article.text, f"text has {snippet!r}"

    def followed(self, spider: type[SiteSpider]) -> tuple[list[str], list[str]]:
        """What a crawl does with the saved listing (nothing stored yet): the
        article URLs it requests and the listing pages it follows."""
        instance = spider()
        response = page_response(self.body, self.url, self.headers)
        response = response.replace(request=scrapy.Request(self.url))
        articles, pages = [], []
        for request in instance.parse_listing(response, page=1):
            (articles if request.meta.get(ARTICLE) else pages).append(request.url)
        return articles, pages


def load_case(name: str, case: str) -> SiteCase:
    folder = FIXTURES / name / case
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    unfilled = [key for key, value in {**meta, **expected}.items() if FILL_IN in json.dumps(value)]
    if unfilled:
        pytest.fail(f"{folder}: fill in {', '.join(unfilled)} (meta.json / expected.json)")
    body_path = folder / "body.html"
    if not body_path.is_file():
        pytest.fail(f"{folder}: save the page as body.html (see {folder.parent}/README.md)")
    return SiteCase(folder, body_path.read_bytes(), meta, expected)


@pytest.fixture
def site_case():
    """``site_case(name, case)``: one saved page of a site spider."""
    return load_case


@pytest.fixture
def local_site():
    site = LocalSite()
    thread = threading.Thread(target=site.server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield site
    site.server.shutdown()
    site.server.server_close()
