"""How a site is watched from its URL alone: feeds, sitemaps, article links.

Pure functions of page text (no Scrapy, no network), shared by the generic
spider at crawl time and by ``healthwatch sites add`` for its dry run, so
both agree on what a site offers.  The vocabularies are data, composed in
one place, in the manner of trafilatura's ``xpaths.py``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit

import lxml.etree
import lxml.html
from courlan import is_navigation_page, is_not_crawlable
from lxml.etree import ParserError

from crawler.crawl.links import join

# <link rel="alternate" type=...> values that announce a feed.
FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/xml",
    "text/xml",
)
# Where feeds live when the page does not announce one (tried in this order).
COMMON_FEED_PATHS = ("/feed", "/rss", "/rss.xml", "/feed.xml", "/atom.xml", "/index.xml")
# Where sitemaps live when robots.txt names none; news sitemaps first.
COMMON_SITEMAP_PATHS = ("/news-sitemap.xml", "/sitemap-news.xml", "/sitemap.xml")
# A body that starts (after an XML declaration) like these is a feed / a sitemap.
FEED_ROOT = re.compile(rb"<(rss|feed|rdf:RDF)[\s>]", re.I)
SITEMAP_ROOT = re.compile(rb"<(urlset|sitemapindex)[\s>]", re.I)
# Article URLs carry a date: /2024/04/16/, /2024-04/16/, /202404/16/, t20240416_, 20240416.
DATE_IN_PATH = re.compile(
    r"(?<!\d)(19|20)\d{2}([-/_]?)(0[1-9]|1[0-2])(\2|/)?(0[1-9]|[12]\d|3[01])(?!\d)"
    r"|/(19|20)\d{2}[-/](0?[1-9]|1[0-2])/"
)
# ...or a numeric id of 4+ digits in the last path segment or the query.
NUMERIC_ID = re.compile(r"(?<![a-z])\d{4,}(?=\D*$)|[?&](id|aid|articleid|newsid)=\d+", re.I)
# ...and end like a page, not like a section ("/news/", "index.html").
PAGE_SUFFIX = re.compile(r"\.(s?html?|php|aspx?|jsp)$|/[^/.]+$", re.I)
SECTION_NAMES = re.compile(r"/(index|default|list|home)(_\d+)?\.(s?html?|php|aspx?|jsp)$", re.I)
# Files that are never articles.
NOT_PAGES = re.compile(r"\.(jpe?g|png|gif|svg|pdf|docx?|xlsx?|zip|rar|mp[34]|css|js)$", re.I)
# Link texts too short to be a headline (menus, "more", pagination).
MIN_HEADLINE_CHARS = 6
# A link needs this score to count as an article (date 2, id 1, depth 1, headline 1).
ARTICLE_SCORE = 3
_TAGS = re.compile(r"<[^>]+>")


def parse(html: str | bytes) -> lxml.html.HtmlElement | None:
    """Parse a page leniently; an empty or broken body is no page."""
    try:
        return lxml.html.document_fromstring(html)
    except (ParserError, ValueError):
        return None


def feed_links(html: str | bytes, base: str) -> list[str]:
    """Feeds a page announces with ``<link rel="alternate" type=...>``."""
    tree = parse(html)
    if tree is None:
        return []
    found = []
    for link in tree.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        kind = (link.get("type") or "").lower().split(";")[0].strip()
        href = (link.get("href") or "").strip()
        if "alternate" in rel and kind in FEED_TYPES and href and (url := join(base, href)):
            found.append(url)
    return list(dict.fromkeys(found))


def robots_sitemaps(robots_txt: str, base: str) -> list[str]:
    """The ``Sitemap:`` lines of a robots.txt."""
    found = []
    for line in robots_txt.splitlines():
        key, _, value = line.partition(":")
        if key.strip().lower() == "sitemap" and (url := join(base, value)):
            found.append(url)
    return list(dict.fromkeys(found))


def is_feed(body: bytes) -> bool:
    """An RSS or Atom document, whatever the server calls it."""
    return FEED_ROOT.search(body[:2048]) is not None


def is_sitemap(body: bytes) -> bool:
    """A sitemap urlset or sitemap index."""
    return SITEMAP_ROOT.search(body[:2048]) is not None


def same_site(url: str, base: str) -> bool:
    """Same host, or a subdomain of the base's host (www. ignored)."""
    host = (urlsplit(url).hostname or "").removeprefix("www.")
    home = (urlsplit(base).hostname or "").removeprefix("www.")
    return bool(host) and (host == home or host.endswith("." + home))


def article_score(url: str) -> int:
    """How much ``url`` looks like an article: a date in the path (2), a
    numeric id (1), two or more path segments (1), a page-like ending (1)."""
    parts = urlsplit(url)
    path = parts.path
    if NOT_PAGES.search(path) or SECTION_NAMES.search(path) or path.endswith("/"):
        return 0
    score = 2 if DATE_IN_PATH.search(path) else 0
    score += 1 if NUMERIC_ID.search(path + ("?" + parts.query if parts.query else "")) else 0
    score += 1 if len([seg for seg in path.split("/") if seg]) >= 2 else 0
    score += 1 if PAGE_SUFFIX.search(path) else 0
    return score


def looks_like_article(url: str, text: str, base: str) -> bool:
    """An article link: on the site, no navigation or login page, scored
    high enough, and with a headline-sized link text."""
    if not same_site(url, base) or urlsplit(url).scheme not in ("http", "https"):
        return False
    if is_navigation_page(url) or is_not_crawlable(url):
        return False
    headline = len(text.strip()) >= MIN_HEADLINE_CHARS
    return article_score(url) + int(headline) >= ARTICLE_SCORE + 1


def article_links(html: str | bytes, base: str) -> list[str]:
    """The links of a listing page that look like articles, in page order."""
    tree = parse(html)
    if tree is None:
        return []
    found = []
    for anchor in tree.iter("a"):
        href = (anchor.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:")):
            continue
        url = (join(base, href) or "").split("#")[0]
        if url and looks_like_article(url, anchor.text_content(), base):
            found.append(url)
    return list(dict.fromkeys(found))


def xml_root(body: bytes) -> lxml.etree._Element | None:
    """Parse an XML document leniently (feeds and sitemaps are often sloppy)."""
    parser = lxml.etree.XMLParser(recover=True, resolve_entities=False, no_network=True)
    try:
        return lxml.etree.fromstring(body.strip(), parser=parser)
    except lxml.etree.XMLSyntaxError:
        return None


def feed_entries(body: bytes, base: str) -> list[str]:
    """Item links of an RSS 2.0, RSS 1.0 or Atom feed, in feed order."""
    root = xml_root(body)
    if root is None:
        return []
    rss = root.xpath("//*[local-name()='item']/*[local-name()='link']/text()")
    atom = root.xpath(
        "//*[local-name()='entry']/*[local-name()='link'][not(@rel) or @rel='alternate']/@href"
    )
    urls = [url for link in [*rss, *atom] if (url := join(base, str(link)))]
    return list(dict.fromkeys(urls))


def sitemap_entries(body: bytes) -> tuple[str, list[tuple[str, str | None]]]:
    """A sitemap's kind (``urlset`` or ``sitemapindex``) and its
    ``(loc, lastmod)`` pairs; news sitemaps' publication date counts as lastmod."""
    root = xml_root(body)
    if root is None:
        return "", []
    entries = []
    for node in root.xpath("/*/*[local-name()='url' or local-name()='sitemap']"):
        loc = node.xpath("string(*[local-name()='loc'])").strip()
        when = node.xpath(
            "string(*[local-name()='lastmod'] | .//*[local-name()='publication_date'])"
        ).strip()
        if loc:
            entries.append((loc, when or None))
    return lxml.etree.QName(root).localname, entries


def newest_first(entries: Iterable[tuple[str, str | None]], limit: int) -> list[str]:
    """Sitemap ``(loc, lastmod)`` pairs, newest first (undated last), at most
    ``limit``: a big sitemap must not turn a first poll into a site dump."""
    listed = list(entries)
    dated = sorted((e for e in listed if e[1]), key=lambda e: e[1] or "", reverse=True)
    undated = [e for e in listed if not e[1]]
    return [loc for loc, _ in (dated + undated)[:limit]]


def plain_text(html: str) -> str:
    """Markup-free text of a snippet (feed titles in the dry run)."""
    return " ".join(_TAGS.sub(" ", html).split())
