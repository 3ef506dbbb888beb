"""Render fallback: fetch a page again in a real Chromium, only when it needs it.

Most pages are plain HTML and a static fetch reads them at a fraction of a
browser's cost; some (CCTV's lists come from JSON loaded by script) are an
empty shell without JavaScript.  ``RenderMiddleware`` fetches statically
first and asks scrapy-playwright for a rendered copy only when the static
page of a listing holds no article links, or an article holds too little
text, *and* the page carries script markers (docs/render.md).  A listing
that needed the browser is remembered in ``PageState.needs_render``: later
polls of it go straight to the browser.

The browser itself (one per crawl child, shared by its spiders) lives in
``crawler.crawl.browser``.
"""

from __future__ import annotations

import re
from typing import Any, Final, Literal, Self, cast, get_args
from urllib.parse import urlsplit

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.http import Response, TextResponse
from scrapy_playwright.page import PageMethod  # type: ignore[import-untyped]
from sqlalchemy.orm import Session, sessionmaker

from crawler.crawl.browser import NO_BROWSER, browser_path
from crawler.crawl.budget import PAGE_BUDGET
from crawler.crawl.database import crawl_sessions
from crawler.crawl.extract import MIN_TEXT_CHARS, PageError, Selectors
from crawler.crawl.extract_once import ExtractOnce, extract_once
from crawler.crawl.fetched import response_page
from crawler.crawl.keys import ARTICLE, RENDERED, add_warning
from crawler.crawl.listing import Listing, read_listing
from crawler.items import RenderPolicy
from storage.db import transaction
from storage.pagestate import remember_render, render_pages

# Request meta: why this request is rendered (set on every rendered request).
RENDER_REASON: Final = "healthwatch_render_reason"
# Request meta: the static response a rendered request replaces (the fallback).
STATIC_RESPONSE: Final = "healthwatch_static_response"
# Request meta: rendering this page failed; keep the static copy, do not retry.
RENDER_FAILED: Final = "healthwatch_render_failed"
# Stat: rendered fetches that failed (timeout, crash) and fell back to static.
RENDER_FAILED_STAT: Final = "healthwatch/render_failed"
# An article whose static text is shorter than this (characters) may be a shell.
MIN_STATIC_TEXT: Final = 80
# How long a rendered page may take to show what it is waited for (ms);
# HEALTHWATCH_RENDER_WAIT_MS overrides it.
WAIT_TIMEOUT_MS: Final = 15_000
# Validators belong to the static shell, never to what a script loads.
VALIDATOR_HEADERS: Final = (b"If-None-Match", b"If-Modified-Since")

PageKind = Literal["listing", "article"]

# Links to files, not pages: a browser would only download them (and then
# wait in vain for text), so they are never rendered.
FILE_SUFFIXES: Final = (
    ".pdf", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".zip", ".rar",
    ".jpg", ".jpeg", ".png", ".gif", ".mp4", ".txt", ".csv", ".json", ".xml",
)  # fmt: skip

# Evidence that a page builds its content with JavaScript.  A page needs a
# <script> element *and* one of these before a thin static copy is taken
# for a script shell rather than an empty or changed page.
DATA_LOADERS: Final = (
    rb"\bfetch\s*\(",  # fetch('/list.json')
    rb"XMLHttpRequest",
    rb"\$\.(?:ajax|get|getJSON|post)\s*\(",  # jQuery
    rb"\baxios\b",
    rb"jsonp|callback=",  # CCTV's cmsdatainterface lists are JSONP
)
DOM_WRITERS: Final = (
    rb"\.innerHTML\s*=",
    rb"insertAdjacentHTML|appendChild|document\.write",
)
APP_SHELLS: Final = (
    rb"id=[\"'](?:app|root|__next|__nuxt)[\"']",
    rb"\bng-app\b|\bv-cloak\b|data-reactroot|__NEXT_DATA__|window\.__NUXT__",
)
PLACEHOLDERS: Final = (
    "正在加载".encode(),  # "loading", as the CCTV seed page shows it
    "加载中".encode(),
    rb"[Ll]oading\.\.\.",
    rb"enable JavaScript|requires JavaScript",
)
SCRIPT_TAG: Final = re.compile(rb"<script[\s>]", re.I)
SCRIPT_MARKERS: Final = re.compile(
    b"|".join((*DATA_LOADERS, *DOM_WRITERS, *APP_SHELLS, *PLACEHOLDERS))
)
# How much of a body is searched for markers (shells are small).
MARKER_SCAN_BYTES: Final = 262_144

# True once the element has at least N characters of text (wait_for_function).
TEXT_AT_LEAST: Final = (
    "([selector, n]) => { const e = document.querySelector(selector);"
    " return !!e && e.innerText.trim().length >= n; }"
)


def carries_script(body: bytes) -> bool:
    """True when the page has a script and some sign that it builds content."""
    head = body[:MARKER_SCAN_BYTES]
    return SCRIPT_TAG.search(head) is not None and SCRIPT_MARKERS.search(head) is not None


def page_kind(request: Request) -> PageKind | None:
    """Listings and articles may be rendered; feeds, sitemaps, robots.txt and
    links to files never."""
    if urlsplit(request.url).path.lower().endswith(FILE_SUFFIXES):
        return None
    if request.meta.get(ARTICLE):
        return "article"
    if getattr(request.callback, "__name__", "") == "parse_listing":
        return "listing"
    return None


def policy_of(spider: Spider, enabled: bool) -> RenderPolicy:
    """The spider's render policy (``render = ...`` or ``-a render=...``);
    ``never`` for every spider when rendering is switched off."""
    value = getattr(spider, "render", "auto")
    if not enabled:
        return "never"
    if value not in get_args(RenderPolicy):
        spider.logger.warning("unknown render policy %r: using 'auto'", value)
        return "auto"
    return cast(RenderPolicy, value)


def article_text(
    response: TextResponse, spider: Spider, memo: ExtractOnce, budget: float
) -> int | None:
    """Characters of article text the extract pipeline will find (0 if the
    page is no article; None if reading it failed: the pipeline records
    that, and a browser would not mend it).  The reading is kept in
    ``memo`` for the pipeline, which then does not extract the page again."""
    page = response_page(
        response, spider.name, getattr(spider, "language", None), getattr(spider, "encoding", None)
    )
    selectors = getattr(spider, "article", None)  # a SiteSpider reads with its selectors
    outcome = memo.check(page, selectors if isinstance(selectors, Selectors) else None, budget)
    if isinstance(outcome.error, PageError):
        return 0
    return None if outcome.extraction is None else len(outcome.extraction.article.text)


def listing_links(spider: Spider, response: TextResponse) -> int | None:
    """How many article links the spider reads on a listing (None: no listing)."""
    listing: Listing | None = getattr(spider, "listing", None)
    return None if listing is None else len(read_listing(listing, response).links)


def static_shortfall(
    kind: PageKind, response: TextResponse, spider: Spider, memo: ExtractOnce, budget: float
) -> str | None:
    """Why the static copy of a listing or article looks empty, or None."""
    if kind == "listing":
        if listing_links(spider, response) == 0:
            return "listing: no article links in the static HTML"
        return None
    chars = article_text(response, spider, memo, budget)
    if chars is not None and chars < MIN_STATIC_TEXT:
        return f"article: {chars} characters of text in the static HTML (< {MIN_STATIC_TEXT})"
    return None


def wait_for(kind: PageKind, spider: Spider, wait_ms: int) -> list[Any]:
    """What a rendered page must show before its DOM is taken: the listing's
    links, else the article body's text, else a quiet network; at most
    ``wait_ms``, so a page whose script never settles ends in a timeout."""
    listing: Listing | None = getattr(spider, "listing", None)
    selectors = getattr(spider, "article", None)
    timeout = {"timeout": wait_ms}
    if kind == "listing" and listing is not None and listing.links:
        return [PageMethod("wait_for_selector", listing.links, state="attached", **timeout)]
    if kind == "article" and isinstance(selectors, Selectors) and selectors.body:
        target = [selectors.body, MIN_TEXT_CHARS]
        return [PageMethod("wait_for_function", TEXT_AT_LEAST, arg=target, **timeout)]
    return [PageMethod("wait_for_load_state", "networkidle", **timeout)]


def rendered_request(
    request: Request, kind: PageKind, spider: Spider, reason: str, wait_ms: int = WAIT_TIMEOUT_MS
) -> Request:
    """The same request, for the browser, without the static shell's validators."""
    meta = {
        **request.meta,
        "playwright": True,
        "playwright_page_methods": wait_for(kind, spider, wait_ms),
        RENDER_REASON: reason,
    }
    again = request.replace(meta=meta, dont_filter=True)
    for name in VALIDATOR_HEADERS:
        again.headers.pop(name, None)
    return again


def static_request(request: Request) -> Request:
    """The same request without the browser: the fallback after a failed render."""
    meta = {k: v for k, v in request.meta.items() if not k.startswith("playwright")}
    meta.pop(STATIC_RESPONSE, None)
    return request.replace(meta={**meta, RENDER_FAILED: True}, dont_filter=True)


class RenderMiddleware:
    """Downloader middleware: decide per page whether the browser fetches it.

    ``never``: static only.  ``always``: listings and articles go to the
    browser.  ``auto``: static first, rendered when the static copy is a
    script shell (``static_shortfall`` and ``carries_script``), and straight
    to the browser for listings remembered as needing it.  A render that
    fails (timeout, crash) falls back to the static copy with a warning.
    """

    def __init__(self, crawler: Crawler, factory: sessionmaker[Session]) -> None:
        self.crawler = crawler
        self.factory = factory
        self.enabled = crawler.settings.getbool("HEALTHWATCH_RENDER", True)
        self.browser = browser_path(crawler.settings)
        self.wait_ms = crawler.settings.getint("HEALTHWATCH_RENDER_WAIT_MS", WAIT_TIMEOUT_MS)
        self.policy: RenderPolicy = "never"
        self.site = ""
        self.remembered: set[str] = set()  # listings stored as needing the browser
        self.learned: set[str] = set()  # listings this crawl found needing it
        self.told = False  # "no browser" is said once per crawl
        self.memo = extract_once(crawler)  # the check's readings, for the pipeline
        self.budget = crawler.settings.getfloat("HEALTHWATCH_PAGE_BUDGET", PAGE_BUDGET)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        mw = cls(crawler, crawl_sessions(crawler.settings))
        crawler.signals.connect(mw.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(mw.spider_closed, signal=signals.spider_closed)
        return mw

    def spider_opened(self, spider: Spider) -> None:
        self.site = spider.name
        self.policy = policy_of(spider, self.enabled)
        if self.policy == "auto":
            with self.factory() as session:
                self.remembered = render_pages(session, spider.name)

    def spider_closed(self, spider: Spider) -> None:
        """Remember the listings that proved script-built, in one statement."""
        if self.learned - self.remembered:
            with transaction(self.factory) as session:
                remember_render(session, self.site, sorted(self.learned - self.remembered))

    def process_request(self, request: Request) -> Request | None:
        if request.meta.get("playwright") or request.meta.get(RENDER_FAILED):
            return None
        kind = page_kind(request)
        if kind is None or self.policy == "never":
            return None
        if self.policy == "always":
            reason = "render policy 'always'"
        elif kind == "listing" and request.url in self.remembered:
            reason = "remembered: its static HTML was a script shell"
        else:
            return None
        if self.browser is None:
            self.unavailable(request.url)
            return None
        return rendered_request(request, kind, self.spider(), reason, self.wait_ms)

    def process_response(self, request: Request, response: Response) -> Request | Response:
        if "playwright" in response.flags:
            self.rendered(request, response)
            return response
        kind = page_kind(request)
        reason = self.shortfall(request, response) if kind is not None else None
        if kind is None or reason is None:
            return response
        if self.browser is None:
            self.unavailable(request.url)
            return response
        again = rendered_request(request, kind, self.spider(), reason, self.wait_ms)
        again.meta[STATIC_RESPONSE] = response
        return again

    def shortfall(self, request: Request, response: Response) -> str | None:
        """Under ``auto``: why this static listing or article needs the browser."""
        kind = page_kind(request)
        if self.policy != "auto" or kind is None or request.meta.get(RENDER_FAILED):
            return None
        if response.status != 200 or not isinstance(response, TextResponse):
            return None
        if not carries_script(response.body):
            return None
        return static_shortfall(kind, response, self.spider(), self.memo, self.budget)

    def process_exception(
        self, request: Request, exception: Exception
    ) -> Request | Response | None:
        """A failed render (timeout, browser crash) keeps the static copy:
        the one already fetched, else a static fetch now."""
        if not request.meta.get("playwright") or request.meta.get(RENDER_FAILED):
            return None
        self.failed(request.url, exception)
        request.meta[RENDER_FAILED] = True  # the answer below passes process_response
        static = request.meta.pop(STATIC_RESPONSE, None)
        if isinstance(static, Response):
            return static
        return static_request(request)

    def rendered(self, request: Request, response: Response) -> None:
        """Count and log a page the browser fetched; remember a listing it helped."""
        reason = request.meta.get(RENDER_REASON, "")
        self.stats().inc_value(RENDERED)
        self.spider().logger.info("rendered %s in the browser (%s)", response.url, reason)
        if page_kind(request) == "listing" and self.policy == "auto" and self.helped(response):
            self.learned.add(request.url)

    def helped(self, response: Response) -> bool:
        """The rendered listing shows the links its static copy lacked."""
        return isinstance(response, TextResponse) and bool(listing_links(self.spider(), response))

    def failed(self, url: str, exception: Exception) -> None:
        self.stats().inc_value(RENDER_FAILED_STAT)
        first_line = (str(exception).strip().splitlines() or [type(exception).__name__])[0]
        self.warn(f"render-failed: {url}: {type(exception).__name__}: {first_line[:200]}")

    def unavailable(self, url: str) -> None:
        """Say once per crawl that pages went unrendered, and why."""
        if not self.told:
            self.told = True
            self.warn(f"render-unavailable: {url} needs rendering, but {NO_BROWSER}")

    def warn(self, text: str) -> None:
        """One line in the crawl run's warnings (``status`` shows them) and the log."""
        self.spider().logger.warning(text)
        add_warning(self.stats().get_stats(), text)

    def spider(self) -> Spider:
        assert self.crawler.spider is not None
        return self.crawler.spider

    def stats(self) -> Any:
        assert self.crawler.stats is not None
        return self.crawler.stats
