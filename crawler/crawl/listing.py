"""How a listing page is read: its article links and its next page (pure).

Declared by spiders (``Listing(...)``) and read by the spiders, the render
fallback and ``healthwatch sites check`` alike, from the bytes of one page.
Three shapes of listing are read declaratively:

- HTML: ``links`` is a CSS selector of the article ``<a>`` elements;
- list items hidden in ``<script type="text/xml">`` records (the
  "datastore" of Hanweb-style government CMSs): ``records`` selects the
  record elements, whose text is HTML that ``links`` reads;
- JSON or JSONP data files: ``json_items`` is the dotted path to the list
  of items and ``json_url`` the item key holding the article URL.

With ``links=""`` and no data settings, ``pattern`` is searched in the raw
page text (listings built by a script still name their article URLs).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from parsel import Selector
from scrapy.http import HtmlResponse, TextResponse

from crawler.crawl.extract import declared_encoding

R = TypeVar("R", bound=TextResponse)
# The script blocks that carry XML list records.
SCRIPT_XML = 'script[type="text/xml"]'
# ``callback({...});``: a JSONP body around its JSON.
_JSONP = re.compile(r"^\s*[\w$.]+\s*\(")
_JSONP_END = re.compile(r"\)\s*;?\s*$")


@dataclass(frozen=True)
class Listing:
    """How to read a listing page: article links and the next page.

    ``pattern`` narrows the links to URLs that look like this site's
    articles (a regex searched in the absolute URL).  A page offering more
    than ``max_links`` links is read up to that many, with a warning: a
    selector that wide probably matches the menus too.
    """

    links: str  # CSS selector of <a> elements pointing at articles
    next_page: str | None = None  # CSS selector of the "next page" <a>
    max_pages: int = 5  # pagination depth per poll: a crawler-trap bound
    pattern: str | None = None  # regex an article URL must match
    records: str | None = None  # CSS selector of records in <script type="text/xml"> blocks
    json_items: str | None = None  # dotted path to the items of a JSON/JSONP listing
    json_url: str = "url"  # the item key that holds an article's URL
    max_links: int = 200  # links read per page at most

    @property
    def what(self) -> str:
        """How the links are found, for messages: the selector, path or pattern."""
        if self.json_items:
            return f"data {self.json_items}[].{self.json_url}"
        if self.records:
            return f"script records {self.records!r} {self.links!r}"
        return f"selector {self.links!r}" if self.links else f"pattern {self.pattern!r}"


@dataclass(frozen=True)
class ListingPage:
    """What one listing page offers: article URLs (absolute, in page order,
    once each), the next page's URL, and what went wrong reading it."""

    links: list[str]
    next_page: str | None = None
    problem: str | None = None  # one line: malformed data, a selector far too wide
    matched: int = 0  # links the selector (or data) gave before the pattern and the cap
    offered: int = 0  # distinct links after the pattern, before the cap (links_found)


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
    ctype = (response.headers.get("Content-Type") or b"").decode("latin-1")
    if encoding and not declared_encoding(response.body, ctype):
        return response.replace(encoding=encoding)
    return response


class ListingDataError(Exception):
    """The listing's data (script records, JSON) cannot be read."""


def read_listing(listing: Listing, response: TextResponse) -> ListingPage:
    """Article links and the next page of one listing page (pure)."""
    problem = None
    try:
        hrefs = listed_hrefs(listing, response)
    except ListingDataError as exc:
        problem = f"listing data malformed: {exc}"
        hrefs = raw_matches(listing, response) if listing.pattern else []
    urls = [url for href in hrefs if href and (url := absolute(response, href))]
    matched = len(urls)
    if listing.pattern:
        urls = [url for url in urls if re.search(listing.pattern, url)]
    urls = list(dict.fromkeys(urls))
    offered = len(urls)
    if len(urls) > listing.max_links:
        problem = problem or (
            f"{listing.what} matched {len(urls)} links; read the first {listing.max_links}"
        )
        urls = urls[: listing.max_links]
    next_page = None
    if listing.next_page:
        next_page = absolute(response, response.css(listing.next_page).xpath("@href").get() or "")
    return ListingPage(urls, next_page, problem, matched, offered)


def listed_hrefs(listing: Listing, response: TextResponse) -> list[str]:
    """The raw link targets the listing declares, in page order."""
    if listing.json_items:
        return json_hrefs(listing, response.text)
    if listing.records:
        return record_hrefs(listing, response)
    if listing.links:
        return response.css(listing.links).xpath("@href").getall()
    return raw_matches(listing, response)


def raw_matches(listing: Listing, response: TextResponse) -> list[str]:
    """The pattern searched in the raw page text (JSON escapes slashes)."""
    text = response.text.replace("\\/", "/")
    return [m.group(0) for m in re.finditer(listing.pattern, text)] if listing.pattern else []


def record_hrefs(listing: Listing, response: TextResponse) -> list[str]:
    """Links inside the HTML of ``<script type="text/xml">`` records."""
    blocks = response.css(f"{SCRIPT_XML}::text").getall()
    if not blocks:
        raise ListingDataError('no <script type="text/xml"> block on the page')
    hrefs: list[str] = []
    records = 0
    for block in blocks:
        try:
            data = Selector(text=block, type="xml")
        except ValueError as exc:
            raise ListingDataError(f"script data is not XML ({exc})") from None
        for record in data.css(listing.records or "record"):
            records += 1
            markup = record.xpath("string(.)").get() or ""
            hrefs += (
                Selector(text=markup or "<p></p>").css(listing.links or "a").xpath("@href").getall()
            )
    if not records:
        raise ListingDataError(f"the page's script data holds no {listing.records!r} record")
    if not hrefs:
        raise ListingDataError(f"{records} script records, none holding a {listing.links!r} link")
    return hrefs


def json_hrefs(listing: Listing, text: str) -> list[str]:
    """Article URLs of a JSON or JSONP listing: ``json_items`` then ``json_url``."""
    body = text.strip()
    if not body.startswith(("{", "[")):
        wrapped = _JSONP.match(body)
        if wrapped is None:
            raise ListingDataError("the listing is neither JSON nor JSONP (callback(...))")
        body = _JSONP_END.sub("", body[wrapped.end() :])
    try:
        data: Any = json.loads(body)
    except ValueError as exc:
        raise ListingDataError(f"the listing's JSON does not parse ({exc})") from None
    for key in (listing.json_items or "").split("."):
        if key and isinstance(data, dict):
            if key not in data:
                raise ListingDataError(f"the listing's JSON has no {listing.json_items!r}")
            data = data[key]
    if not isinstance(data, list):
        raise ListingDataError(f"{listing.json_items!r} in the listing's JSON is not a list")
    return [
        str(item[listing.json_url])
        for item in data
        if isinstance(item, dict) and isinstance(item.get(listing.json_url), str)
    ]


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
