"""How a site is watched from its URL alone: feeds, sitemaps, article links.

Pure functions of page text (no Scrapy, no network), shared by the generic
spider at crawl time and by ``healthwatch sites add`` for its dry run, so
both agree on what a site offers.  The vocabularies are data, composed in
one place, in the manner of trafilatura's ``xpaths.py``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
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
# --- plain listings: a block of repeated items, each holding one headline link ---
# Elements that hold list items, and the item elements they repeat.
LIST_CONTAINERS = ("ul", "ol", "table", "tbody", "div", "dl", "section", "main", "td")
LIST_ITEMS = ("li", "tr", "div", "dd", "dt", "p", "article", "h3", "h4", "span")
# A list block has at least this many items with a headline link...
MIN_BLOCK_ITEMS = 4
# ...most of its repeated items hold one (menus and pagers do not)...
MIN_BLOCK_SHARE = 0.6
# ...and most of its links share one URL shape (directory and ending).
MIN_SHAPE_SHARE = 0.6
# A link in such a block counts with this URL score (page-like, not a section).
BLOCK_LINK_SCORE = 1
_DIGITS = re.compile(r"\d+")
_PLAIN = re.compile(r"^[A-Za-z_][\w-]*$")


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
        if "alternate" in rel and kind in FEED_TYPES and href and (url := web_url(base, href)):
            found.append(url)
    return list(dict.fromkeys(found))


def web_url(base: str, href: str) -> str | None:
    """``href`` resolved against ``base`` when that makes an http(s) URL
    (``h:``, ``mailto:``, ``javascript:`` are nothing to fetch)."""
    url = join(base, href)
    return url if url and urlsplit(url).scheme in ("http", "https") else None


def robots_sitemaps(robots_txt: str, base: str) -> list[str]:
    """The ``Sitemap:`` lines of a robots.txt."""
    found = []
    for line in robots_txt.splitlines():
        key, _, value = line.partition(":")
        if key.strip().lower() == "sitemap" and (url := web_url(base, value)):
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
    """The links of a listing page that look like articles, in page order:
    those whose URL looks like an article's, and those of the page's list
    of headlines (``listing_block``), whatever their URLs look like."""
    tree = parse(html)
    if tree is None:
        return []
    return links_of(tree, base)


def links_of(tree: lxml.html.HtmlElement, base: str) -> list[str]:
    """``article_links`` of a parsed page."""
    block = listing_block(tree, base)
    listed = set(block.links) if block else set()
    found = []
    for anchor in tree.iter("a"):
        url = anchor_url(anchor, base)
        if url and (url in listed or looks_like_article(url, anchor.text_content(), base)):
            found.append(url)
    return list(dict.fromkeys(found))


def url_only_links(html: str | bytes, base: str) -> list[str]:
    """The links whose URL alone looks like an article's (no block structure)."""
    tree = parse(html)
    if tree is None:
        return []
    found = [
        url
        for anchor in tree.iter("a")
        if (url := anchor_url(anchor, base))
        and looks_like_article(url, anchor.text_content(), base)
    ]
    return list(dict.fromkeys(found))


def anchor_url(anchor: lxml.html.HtmlElement, base: str) -> str | None:
    """The absolute URL an ``<a>`` points at, or None (fragments, scripts, mail)."""
    href = str(anchor.get("href") or "").strip()
    if not href or href.startswith(("#", "javascript:", "mailto:")):
        return None
    return (web_url(base, href) or "").split("#")[0] or None  # a malformed URL is skipped


@dataclass(frozen=True)
class ListingBlock:
    """The page's list of headlines: its links (in page order), the CSS
    selector that reads exactly them, and how many items the list has."""

    links: list[str]
    selector: str | None
    items: int


def listing_block(tree: lxml.html.HtmlElement, base: str) -> ListingBlock | None:
    """The page's main list of article links, judged by its structure: a
    container whose repeated items (same tag and class) mostly hold one
    same-site link with a headline-sized text, the links sharing one URL
    shape.  The biggest such list wins; None when the page has none."""
    best: tuple[int, lxml.html.HtmlElement, list[lxml.html.HtmlElement], list[str]] | None = None
    for container in tree.iter(*LIST_CONTAINERS):
        found = headline_items(container, base)
        if found is None:
            continue
        anchors, urls = found
        if best is None or len(urls) > best[0]:
            best = (len(urls), container, anchors, urls)
    if best is None:
        return None
    _, container, anchors, urls = best
    return ListingBlock(urls, block_selector(tree, container, anchors, base), len(anchors))


def headline_items(
    container: lxml.html.HtmlElement, base: str
) -> tuple[list[lxml.html.HtmlElement], list[str]] | None:
    """The repeated items of a container and their headline links, if the
    container is a list of headlines."""
    groups: dict[tuple[str, str], list[lxml.html.HtmlElement]] = {}
    for child in container:
        if isinstance(child.tag, str) and child.tag in LIST_ITEMS:
            groups.setdefault((child.tag, child.get("class") or ""), []).append(child)
    if not groups:
        return None
    items = max(groups.values(), key=len)
    if len(items) < MIN_BLOCK_ITEMS:
        return None
    anchors = [a for item in items if (a := headline_anchor(item, base)) is not None]
    if len(anchors) < MIN_BLOCK_ITEMS or len(anchors) < MIN_BLOCK_SHARE * len(items):
        return None
    urls = [url for a in anchors if (url := anchor_url(a, base))]
    shapes = [url_shape(url) for url in urls]
    common = max(shapes.count(shape) for shape in set(shapes))
    if common < MIN_SHAPE_SHARE * len(urls):
        return None
    return anchors, list(dict.fromkeys(urls))


def headline_anchor(item: lxml.html.HtmlElement, base: str) -> lxml.html.HtmlElement | None:
    """The item's first same-site link to a page, with a headline-sized text."""
    for anchor in item.iter("a"):
        url = anchor_url(anchor, base)
        if url is None or not same_site(url, base):
            continue
        text = (anchor.get("title") or "").strip() or anchor.text_content().strip()
        if len(text) >= MIN_HEADLINE_CHARS and article_score(url) >= BLOCK_LINK_SCORE:
            return anchor
    return None


def url_shape(url: str) -> str:
    """A URL's directory and ending with digits folded: ``/news/#/#.html``."""
    path = urlsplit(url).path
    folder, _, name = path.rpartition("/")
    ending = name.rsplit(".", 1)[1] if "." in name else ""
    return _DIGITS.sub("#", folder) + "/*." + ending


def block_selector(
    tree: lxml.html.HtmlElement,
    container: lxml.html.HtmlElement,
    anchors: list[lxml.html.HtmlElement],
    base: str,
) -> str | None:
    """A CSS selector (for ``Listing(links=...)``) that reads the block's
    links and nothing else on the page, or None when no simple one does."""
    wanted = {url for a in anchors if (url := anchor_url(a, base))}
    item = anchors[0].getparent()
    item_names = [n for n in (css_name(item), item.tag) if n] if item is not None else []
    candidates = [f"{name} a" for name in item_names[:1] if "." in name or "#" in name]
    for where in (css_name(container), ancestor_name(container), container.tag, path(container)):
        if where:
            candidates += [f"{where} {name} a" for name in item_names] + [f"{where} a"]
    for candidate in dict.fromkeys(candidates):
        chosen = {url for a in tree.cssselect(candidate) if (url := anchor_url(a, base))}
        if chosen == wanted:
            return candidate
    return None


def css_name(node: lxml.html.HtmlElement) -> str | None:
    """``#id`` or ``tag.class`` for an element that has one (plain names only)."""
    ident = (node.get("id") or "").strip()
    if ident and _PLAIN.match(ident):
        return f"#{ident}"
    classes = [c for c in (node.get("class") or "").split() if _PLAIN.match(c)]
    return f"{node.tag}.{classes[0]}" if classes else None


def path(node: lxml.html.HtmlElement) -> str:
    """``div.main > div > ul``: child steps up to a named ancestor or ``body``."""
    steps = [node.tag]
    for parent in node.iterancestors():
        name = css_name(parent) or (parent.tag if parent.tag == "body" else None)
        steps.append(name or parent.tag)
        if name:
            break
    return " > ".join(reversed(steps))


def ancestor_name(node: lxml.html.HtmlElement) -> str | None:
    """The nearest named ancestor, then the node's tag: ``div.main ul``."""
    for parent in node.iterancestors():
        if name := css_name(parent):
            return f"{name} {node.tag}"
    return None


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
