"""Renders the demo sites into static responses, once, when a server starts.

The sites never change while a server runs, so every response is rendered up
front: the request handler only looks bytes up, and its ETag / Last-Modified
answers are exact. Each site gets one small builder; the URL shapes, listing
markup and encodings copy the real sites the demo is modelled on.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Any, Final

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from crawler.demo.content import DEMO_SITES, ArticleData, Attachment, SiteData, load_site

PER_PAGE: Final = 3  # listing page size; small so that pagination is exercised
RELATED: Final = 3  # "related stories" links under an article

HTML_UTF8: Final = "text/html; charset=utf-8"
HTML_NO_CHARSET: Final = "text/html"  # the page's <meta> must tell the charset
ROBOTS_TYPE: Final = "text/plain; charset=utf-8"
RSS_TYPE: Final = "application/rss+xml; charset=utf-8"
JSON_TYPE: Final = "application/json; charset=utf-8"
JS_TYPE: Final = "application/javascript; charset=utf-8"
# demo_cctv_js's listing data, at the path shape of cctv.com's data interface.
CCTV_JS_DATA: Final = "/2019/07/gaiban/cmsdatainterface/page/health_1.json"

# Not a real document: just enough bytes to look like a PDF to a sniffer.
FAKE_PDF: Final = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
    b"trailer << /Root 1 0 R >>\n%%EOF\n"
)


@dataclass(frozen=True)
class Resource:
    """One ready response: body bytes plus the validators for conditional GET."""

    body: bytes
    content_type: str
    last_modified: datetime  # UTC, whole seconds
    etag: str


Routes = dict[str, Resource]  # "/path?query" -> resource, for one host


@dataclass(frozen=True)
class ListItem:
    """A listing entry: an article or an attachment, with the href as written on the page."""

    href: str
    title: str
    published: str
    moment: datetime


_env: Final = Environment(
    loader=PackageLoader("crawler.demo", "templates"),
    autoescape=select_autoescape(["html", "xml"]),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)


def build_all() -> dict[str, Routes]:
    """Every demo host's routes, keyed by host name."""
    return {DEMO_SITES[key]: build(load_site(key)) for key, build in _BUILDERS.items()}


def resource(body: bytes, content_type: str, moment: datetime) -> Resource:
    """Wrap a body; the ETag is a digest of it, so it changes exactly when the bytes do."""
    last_modified = moment.astimezone(UTC).replace(microsecond=0)
    etag = '"' + hashlib.sha1(body, usedforsecurity=False).hexdigest()[:16] + '"'
    return Resource(body, content_type, last_modified, etag)


def _render(template: str, encoding: str = "utf-8", **context: Any) -> bytes:
    """Render a template to bytes; strict encoding, so a non-GBK character fails loudly."""
    return _env.get_template(template).render(**context).encode(encoding)


def _newest(items: Sequence[ArticleData | Attachment]) -> datetime:
    return max(i.moment for i in items)


def _robots(site: SiteData, sitemap: str | None = None) -> Resource:
    body = _render("robots.txt", sitemap=sitemap)
    return resource(body, ROBOTS_TYPE, _newest(site.articles))


def _pages(items: Sequence[ListItem], href: Callable[[int], str]) -> Iterator[dict[str, Any]]:
    """Split a newest-first listing into pages; yields template context per page.

    ``href(n)`` is how page n (1-based) is linked from its siblings, which is
    also its route relative to the channel directory.
    """
    chunks = [items[i : i + PER_PAGE] for i in range(0, len(items), PER_PAGE)] or [[]]
    for n, chunk in enumerate(chunks, start=1):
        yield {
            "page": n,
            "pages": len(chunks),
            "total": len(items),
            "items": chunk,
            "href": href(n),
            "page_href": href,
            "prev": href(n - 1) if n > 1 else None,
            "next": href(n + 1) if n < len(chunks) else None,
        }


def _related(site: SiteData, article: ArticleData) -> list[ArticleData]:
    return [a for a in site.newest_first(article.channel) if a != article][:RELATED]


def _listing_items(site: SiteData, channel: str, href: Callable[[str], str]) -> list[ListItem]:
    """A channel's articles and attachments, newest first, hrefs written the site's way."""
    entries: list[ArticleData | Attachment] = [
        *site.newest_first(channel),
        *(a for a in site.attachments if a.channel == channel),
    ]
    entries.sort(key=lambda e: e.moment, reverse=True)
    return [ListItem(href(e.path), e.title, e.published.isoformat(), e.moment) for e in entries]


def _relative_to(directory: str, dot: str = "./") -> Callable[[str], str]:
    """Link paths under ``directory`` relatively, as CMS listings do; others stay absolute."""

    def href(path: str) -> str:
        return dot + path.removeprefix(directory) if path.startswith(directory) else path

    return href


def _etown(site: SiteData) -> Routes:
    """TRS-style government portal: /<channel>/index.html, index_1.html, ...; relative links."""
    channels = [
        {"key": key, "name": name, "latest": site.newest_first(key)[:PER_PAGE]}
        for key, name in site.channels.items()
    ]
    routes = {
        "/": resource(
            _render("etown/home.html", channels=channels), HTML_UTF8, _newest(site.articles)
        ),
        "/robots.txt": _robots(site),
    }
    for key, name in site.channels.items():
        prefix = f"/{key}/"
        items = _listing_items(site, key, _relative_to(prefix))
        newest = max(i.moment for i in items)
        for page in _pages(items, lambda n: "index.html" if n == 1 else f"index_{n - 1}.html"):
            body = _render("etown/list.html", channel_name=name, **page)
            routes[prefix + page["href"]] = resource(body, HTML_UTF8, newest)
    for a in site.articles:
        name = site.channels[a.channel]
        body = _render("etown/article.html", a=a, channel_name=name, related=_related(site, a))
        routes[a.path] = resource(body, HTML_UTF8, a.moment)
    return routes


def _cdhtma(site: SiteData) -> Routes:
    """Old ASP site: /news/list.asp?page=N, /news/show.asp?id=N, plus a PDF in the listing."""
    routes = {
        "/": resource(
            _render("cdhtma/home.html", latest=site.newest_first()[:6]),
            HTML_NO_CHARSET,
            _newest(site.articles),
        ),
        "/robots.txt": _robots(site),
    }
    name = site.channels["news"]
    items = _listing_items(site, "news", _relative_to("/news/", dot=""))
    newest = max(i.moment for i in items)
    for page in _pages(items, lambda n: f"list.asp?page={n}"):
        body = _render("cdhtma/list.html", channel_name=name, **page)
        routes["/news/" + page["href"]] = resource(body, HTML_NO_CHARSET, newest)
        if page["page"] == 1:
            routes["/news/list.asp"] = routes["/news/" + page["href"]]
    ordered = site.newest_first("news")
    for i, a in enumerate(ordered):
        body = _render(
            "cdhtma/article.html",
            a=a,
            channel_name=name,
            previous=ordered[i + 1] if i + 1 < len(ordered) else None,
            following=ordered[i - 1] if i > 0 else None,
        )
        routes[a.path] = resource(body, HTML_NO_CHARSET, a.moment)
    for att in site.attachments:
        routes[att.path] = resource(FAKE_PDF, "application/pdf", att.moment)
    return routes


def _people_dateline(a: ArticleData) -> str:
    """'2022年10月27日13:01 | 来源：人民网－北京频道', unless the data gives its own line."""
    if a.dateline:
        return a.dateline
    day = f"{a.published.year}年{a.published.month:02d}月{a.published.day:02d}日"
    return f"{day}{a.time:%H:%M} | 来源：{a.source or '人民网－北京频道'}"


def _people_bj(site: SiteData) -> Routes:
    """People's Daily channel, GBK with no charset in the header; sitemap + /GB/<id>/indexN.html."""
    encoding = "gbk"
    sitemap = f"http://{site.host}/sitemap.xml"
    latest = site.newest_first()
    routes = {
        "/": resource(
            _render("people_bj/home.html", encoding, latest=latest[: PER_PAGE * 2]),
            HTML_NO_CHARSET,
            _newest(site.articles),
        ),
        "/robots.txt": _robots(site, sitemap),
        "/sitemap.xml": resource(
            _render("sitemap.xml", articles=latest), "application/xml", _newest(site.articles)
        ),
    }
    for key, name in site.channels.items():
        items = _listing_items(site, key, lambda path: path)
        newest = max(i.moment for i in items)
        for page in _pages(items, lambda n: "index.html" if n == 1 else f"index{n}.html"):
            body = _render("people_bj/list.html", encoding, channel_name=name, **page)
            routes[f"/GB/{key}/{page['href']}"] = resource(body, HTML_NO_CHARSET, newest)
    for a in site.articles:
        body = _render(
            "people_bj/article.html",
            encoding,
            a=a,
            channel_name=site.channels[a.channel],
            dateline=_people_dateline(a),
            related=_related(site, a),
        )
        routes[a.path] = resource(body, HTML_NO_CHARSET, a.moment)
    return routes


def _cctv(site: SiteData) -> Routes:
    """CCTV news: no listing pages, an RSS 2.0 feed announced by the home page."""
    latest = site.newest_first()
    feed_items = [
        {
            "title": a.title,
            "url": a.url,
            "pub_date": format_datetime(a.moment),
            "description": a.body[0].text,
        }
        for a in latest
    ]
    feed = _render(
        "rss.xml",
        title="央视网新闻-健康",
        link=f"http://{site.host}/",
        description="央视网健康频道最新资讯",
        built=format_datetime(latest[0].moment),
        items=feed_items,
    )
    routes = {
        "/": resource(_render("cctv/home.html", latest=latest), HTML_UTF8, _newest(site.articles)),
        "/robots.txt": _robots(site),
        "/rss/health.xml": resource(feed, RSS_TYPE, _newest(site.articles)),
    }
    for a in site.articles:
        body = _render("cctv/article.html", a=a, related=_related(site, a))
        routes[a.path] = resource(body, HTML_UTF8, a.moment)
    return routes


def _cctv_js(site: SiteData) -> Routes:
    """CCTV's health channel as it really is: a listing shell filled from a
    JSON data interface by script, and an article whose body a script inserts."""
    latest = site.newest_first()
    listing = {
        "data": {
            "total": len(latest),
            "list": [
                {"title": a.title, "url": a.url, "focus_date": f"{a.published} {a.time}"}
                for a in latest
            ],
        }
    }
    newest = _newest(site.articles)
    routes = {
        "/robots.txt": _robots(site),
        "/js/stat.js": resource(b"/* page-view counter */\n", JS_TYPE, newest),
        CCTV_JS_DATA: resource(_json(listing), JSON_TYPE, newest),
        "/health/index.shtml": resource(
            _render("cctv_js/list.html", channel_name="健康", data_url=CCTV_JS_DATA),
            HTML_UTF8,
            newest,
        ),
    }
    routes["/"] = routes["/health/index.shtml"]
    for a in site.articles:
        body_url = f"/cmsdatainterface/article/{a.path.rsplit('/', 1)[1].split('.')[0]}.json"
        routes[a.path] = resource(
            _render("cctv_js/article.html", a=a, body_url=body_url), HTML_UTF8, a.moment
        )
        if a.script_body:
            content = {"title": a.title, "content": [p.text for p in a.body]}
            routes[body_url] = resource(_json(content), JSON_TYPE, a.moment)
    return routes


def _wsjkw(site: SiteData) -> Routes:
    """A JCMS-style government portal: each column page holds its list items
    as HTML inside ``<script type="text/xml">`` records (a script pages
    through them in the browser); articles at /art/YYYY/M/D/art_<col>_<id>.html."""
    newest = _newest(site.articles)
    routes = {
        "/": resource(_render("wsjkw/home.html"), HTML_UTF8, newest),
        "/robots.txt": _robots(site),
    }
    for key, name in site.channels.items():
        items = _listing_items(site, key, lambda path: path)
        body = _render(
            "wsjkw/list.html", channel=key, channel_name=name, items=items, total=len(items)
        )
        routes[f"/col/col{key}/index.html"] = resource(body, HTML_UTF8, newest)
    for a in site.articles:
        body = _render("wsjkw/article.html", a=a, channel_name=site.channels[a.channel])
        routes[a.path] = resource(body, HTML_UTF8, a.moment)
    return routes


def _json(data: object) -> bytes:
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


_BUILDERS: Final[dict[str, Callable[[SiteData], Routes]]] = {
    "demo_etown": _etown,
    "demo_cdhtma": _cdhtma,
    "demo_people_bj": _people_bj,
    "demo_cctv": _cctv,
    "demo_cctv_js": _cctv_js,
    "demo_wsjkw": _wsjkw,
}
