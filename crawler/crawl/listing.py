"""How a listing page is read: its article links and its next page (pure).

Declared by spiders (``Listing(...)``) and read by the spiders and the
render fallback alike, from the bytes of one page.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from scrapy.http import HtmlResponse, TextResponse


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
    """A saved page as the response a crawl would have handed the spider."""
    return HtmlResponse(url=url, body=body, headers=dict(headers or {}), encoding=encoding)


def read_listing(listing: Listing, response: TextResponse) -> ListingPage:
    """Article links and the next page of one listing page (pure)."""
    if listing.links:
        hrefs = response.css(listing.links).xpath("@href").getall()
        urls = [url for href in hrefs if (url := absolute(response, href))]
        if listing.pattern:
            urls = [url for url in urls if re.search(listing.pattern, url)]
    else:
        text = response.text.replace("\\/", "/")  # JSON escapes slashes
        found = re.finditer(listing.pattern, text) if listing.pattern else ()
        urls = [url for match in found if (url := absolute(response, match.group(0)))]
    next_page = None
    if listing.next_page:
        next_page = absolute(response, response.css(listing.next_page).xpath("@href").get() or "")
    return ListingPage(list(dict.fromkeys(urls)), next_page)


def absolute(response: TextResponse, href: str) -> str | None:
    """An href made absolute (None when empty).  One that cannot be resolved
    (an unclosed ``[`` makes urljoin raise) is kept as written: the spider
    skips it with the reason (crawler/crawl/links.py), never the page."""
    if not href.strip():
        return None
    try:
        return response.urljoin(href.strip())
    except ValueError:
        return href.strip()
