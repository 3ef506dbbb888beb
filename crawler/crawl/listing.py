"""How a listing page is read: its article links and its next page (pure).

Declared by spiders (``Listing(...)``) and read by the spiders and the
render fallback alike, from the bytes of one page.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TypeVar

from scrapy.http import HtmlResponse, TextResponse

from crawler.crawl.extract import declared_encoding

R = TypeVar("R", bound=TextResponse)


@dataclass(frozen=True)
class Listing:
    """How to read a listing page: article links and the next page.

    ``pattern`` narrows ``links`` to URLs that look like this site's
    articles (a regex searched in the absolute URL).  With ``links=""`` the
    pattern is searched in the page's raw text instead: listings served as
    JSON or JSONP, or built by a script, still name their article URLs.
    """

    links: str  # CSS selector of <a> elements pointing at articles
    next_page: str | None = None  # CSS selector of the "next page" <a>
    max_pages: int = 5  # pagination depth per poll: a crawler-trap bound
    pattern: str | None = None  # regex an article URL must match


@dataclass(frozen=True)
class ListingPage:
    """What one listing page offers: article URLs (absolute, in page order,
    once each) and the next page's URL, if any."""

    links: list[str]
    next_page: str | None = None


def page_response(
    body: bytes,
    url: str,
    headers: Mapping[str, str] | None = None,
    encoding: str | None = None,
) -> HtmlResponse:
    """A saved page as the response a crawl would have handed the spider
    (``encoding``: the spider's hint, used where the page declares none)."""
    response = HtmlResponse(url=url, body=body, headers=dict(headers or {}))
    return with_hint(response, encoding)


def with_hint(response: R, encoding: str | None) -> R:
    """The response decoded with the spider's charset hint, unless its
    header or its ``<meta>`` declares a charset (docs/spiders.md)."""
    ctype = response.headers.get("Content-Type", b"").decode("latin-1")
    if encoding and not declared_encoding(response.body, ctype):
        return response.replace(encoding=encoding)
    return response


def read_listing(listing: Listing, response: TextResponse) -> ListingPage:
    """Article links and the next page of one listing page (pure)."""
    if listing.links:
        hrefs = response.css(listing.links).xpath("@href").getall()
        urls = [response.urljoin(href.strip()) for href in hrefs if href.strip()]
        if listing.pattern:
            urls = [url for url in urls if re.search(listing.pattern, url)]
    else:
        text = response.text.replace("\\/", "/")  # JSON escapes slashes
        found = re.finditer(listing.pattern, text) if listing.pattern else ()
        urls = [response.urljoin(match.group(0)) for match in found]
    next_page = None
    if listing.next_page:
        href = response.css(listing.next_page).xpath("@href").get()
        next_page = response.urljoin(href.strip()) if href and href.strip() else None
    return ListingPage(list(dict.fromkeys(urls)), next_page)
