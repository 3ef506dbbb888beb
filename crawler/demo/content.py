"""The demo sites' articles, loaded from the TOML files in ``data/``.

The same data drives two things: the pages the demo server renders, and
``demo_articles()``, the oracle other tests compare the crawler against
("which events must be alerted"). Keeping both in one place means the oracle
cannot drift from what is served.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from functools import cache
from importlib.resources import files
from typing import Any, Final

from crawler.event_types import type_names

DEMO_SITES: Final[dict[str, str]] = {
    "demo_etown": "etown.demo.test",
    "demo_cdhtma": "cdhtma.demo.test",
    "demo_people_bj": "bj.people.demo.test",
    "demo_cctv": "news.cctv.demo.test",
    "demo_cctv_js": "health.cctv.demo.test",  # JS-only: needs the browser
    "demo_wsjkw": "wsjkw.demo.test",  # list items in <script type="text/xml"> records
}

PARAGRAPH_KINDS: Final = ("caption", "heading")  # besides plain text
BEIJING: Final = timezone(timedelta(hours=8), "CST")

_ARTICLE_KEYS: Final = frozenset(
    {
        "path",
        "channel",
        "title",
        "published",
        "time",
        "expected_type",
        "duplicate_of",
        "same_event_as",
        "body",
        "author",
        "source",
        "pretitle",
        "editor",
        "dateline",
        "script_body",
    }
)


@dataclass(frozen=True)
class DemoArticle:
    """What the crawler should find on one demo page (the test oracle).

    ``duplicate_of`` is the URL of the article this page copies (verbatim or
    lightly edited): the copy belongs to the original's event. ``same_event_as``
    is the URL of the first report of the same event by an article that is
    *not* a copy (other wording, maybe another language). At most one is set;
    either way the page must not raise an alert of its own.
    """

    site: str
    url: str
    title: str
    published: str
    expected_type: str
    duplicate_of: str | None
    same_event_as: str | None = None


@dataclass(frozen=True)
class Paragraph:
    """One block of an article body: plain text, a photo caption or a subheading."""

    text: str
    kind: str = "text"


@dataclass(frozen=True)
class ArticleData:
    """Everything needed to render one article page.

    ``author``, ``source``, ``pretitle``, ``editor`` and ``dateline`` are
    optional page furniture; each site's template decides what it shows.
    ``script_body``: the page is served without its body, which a script
    loads (demo_cctv_js).
    ``duplicate_of`` / ``same_event_as``: see ``DemoArticle``.
    """

    site: str
    path: str
    channel: str
    title: str
    published: date
    time: time
    expected_type: str
    duplicate_of: str | None
    body: tuple[Paragraph, ...]
    author: str = ""
    source: str = ""
    pretitle: str = ""
    editor: str = ""
    dateline: str = ""
    same_event_as: str | None = None
    script_body: bool = False  # the page's body is inserted by script

    @property
    def url(self) -> str:
        return f"http://{DEMO_SITES[self.site]}{self.path}"

    @property
    def moment(self) -> datetime:
        """Publication time, Beijing time (the sites' own clock)."""
        return datetime.combine(self.published, self.time, BEIJING)

    def oracle(self) -> DemoArticle:
        return DemoArticle(
            site=self.site,
            url=self.url,
            title=self.title,
            published=self.published.isoformat(),
            expected_type=self.expected_type,
            duplicate_of=self.duplicate_of,
            same_event_as=self.same_event_as,
        )


@dataclass(frozen=True)
class Attachment:
    """A non-HTML file a listing links to as if it were news (kept out of the oracle)."""

    path: str
    channel: str
    title: str
    published: date

    @property
    def moment(self) -> datetime:
        return datetime.combine(self.published, time(9), BEIJING)


@dataclass(frozen=True)
class SiteData:
    """One demo site: its name, channels (key -> display name) and items."""

    key: str
    host: str
    name: str
    channels: dict[str, str]
    articles: tuple[ArticleData, ...]
    attachments: tuple[Attachment, ...]

    def newest_first(self, channel: str | None = None) -> list[ArticleData]:
        chosen = [a for a in self.articles if channel is None or a.channel == channel]
        return sorted(chosen, key=lambda a: a.moment, reverse=True)


def demo_articles() -> list[DemoArticle]:
    """All demo articles of all sites, in site order, newest first within a site."""
    return [a.oracle() for key in DEMO_SITES for a in load_site(key).newest_first()]


@cache
def load_site(key: str) -> SiteData:
    """Read ``data/<key without demo_>.toml``; raises ValueError on malformed data."""
    resource = files("crawler.demo") / "data" / f"{key.removeprefix('demo_')}.toml"
    raw = tomllib.loads(resource.read_text(encoding="utf-8"))
    site = raw["site"]
    channels = {str(k): str(v) for k, v in site["channels"].items()}
    articles = tuple(_article(key, a) for a in raw.get("article", []))
    attachments = tuple(
        Attachment(a["path"], a["channel"], a["title"], date.fromisoformat(a["published"]))
        for a in raw.get("attachment", [])
    )
    items: tuple[ArticleData | Attachment, ...] = (*articles, *attachments)
    for item in items:
        if item.channel not in channels:
            raise ValueError(f"{key}: {item.path}: unknown channel {item.channel!r}")
    return SiteData(key, DEMO_SITES[key], str(site["name"]), channels, articles, attachments)


def _article(site: str, raw: dict[str, Any]) -> ArticleData:
    """Build one article, refusing unknown keys and event types (typos in data files)."""
    where = f"{site}: {raw.get('path')}"
    if unknown := set(raw) - _ARTICLE_KEYS:
        raise ValueError(f"{where}: unknown keys {sorted(unknown)}")
    if raw["expected_type"] not in type_names():
        raise ValueError(f"{where}: expected_type must be one of {type_names()}")
    if raw.get("duplicate_of") and raw.get("same_event_as"):
        raise ValueError(f"{where}: a copy (duplicate_of) needs no same_event_as")
    return ArticleData(
        site=site,
        path=raw["path"],
        channel=str(raw["channel"]),
        title=raw["title"],
        published=date.fromisoformat(raw["published"]),
        time=time.fromisoformat(raw.get("time", "09:00:00")),
        expected_type=raw["expected_type"],
        duplicate_of=raw.get("duplicate_of"),
        body=tuple(_paragraph(where, p) for p in raw["body"]),
        author=raw.get("author", ""),
        source=raw.get("source", ""),
        pretitle=raw.get("pretitle", ""),
        editor=raw.get("editor", ""),
        dateline=raw.get("dateline", ""),
        same_event_as=raw.get("same_event_as"),
        script_body=bool(raw.get("script_body", False)),
    )


def _paragraph(where: str, raw: str | dict[str, str]) -> Paragraph:
    """A plain string is a paragraph; ``{caption = "..."}`` / ``{heading = "..."}`` are not."""
    if isinstance(raw, str):
        return Paragraph(raw)
    if len(raw) == 1 and (kind := next(iter(raw))) in PARAGRAPH_KINDS:
        return Paragraph(raw[kind], kind)
    raise ValueError(f"{where}: bad body item {raw!r}")
