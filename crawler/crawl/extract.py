"""Page -> Article: decode the bytes, find title, text and publication date.

Pure (bytes + URL + headers in, an ``Article`` out), so a saved page is a
complete test case.  ``validate`` says early and with a typed exception why
a page is no article, instead of returning ``None``.

A site's selectors come first; where one reads nothing, generic extraction
(trafilatura) fills the field and ``Extraction.missed`` says so: the crawl
degrades instead of losing the page.  trafilatura runs only when a field
still needs it, so pages whose selectors match never pay for it.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Literal

import ftfy
import lxml.html
import trafilatura
from lxml.etree import ParserError
from w3lib.encoding import (
    html_body_declared_encoding,
    html_to_unicode,
    http_content_type_encoding,
    read_bom,
)

from crawler.analysis.dates import find_published
from crawler.items import Article, FetchedPage

# How much readable text an article must have; shorter is a shell or an index.
MIN_TEXT_CHARS = 40
# The date line sits near the title; look there first (chars after the title).
DATE_WINDOW = 600
# A page's own date line is in its first screens; never scan megabytes for it.
DATE_SCAN_CHARS = 20_000
# Above this size trafilatura skips its readability/jusText fallbacks.
FAST_ABOVE_BYTES = 1_000_000
# htmldate, as trafilatura runs it: the original (not updated) date from the
# page's metadata and markup, without guessing from arbitrary text.
META_DATE_PARAMS = {"extensive_search": False, "original_date": True}
_HTML_TYPES = ("text/html", "application/xhtml+xml")
# Bodies that start like these are files, whatever the server calls them.
BINARY_MAGIC = (
    b"%PDF",  # PDF
    b"\x89PNG",  # PNG
    b"GIF8",  # GIF
    b"PK\x03\x04",  # zip, docx, xlsx
    b"\xff\xd8\xff",  # JPEG
    b"\x1f\x8b",  # gzip
    b"\xd0\xcf\x11\xe0",  # old MS Office
)
# An HTML page has at least one common element in its first 64 KiB.
HTML_TAG = re.compile(
    rb"<(!doctype\s+html|html|head|body|div|p|title|meta|script|table|span|a|text)[\s>/]", re.I
)
# A lead byte of UTF-8 read as Latin-1 then a continuation byte read so: the
# mark of mojibake ("å\x8c»" for 医), rare in text written in Latin-1 itself.
_UTF8_AS_LATIN1 = re.compile("[\xc2-\xf4][\x80-\xbf]")
# Code points no repaired text should gain: the private-use areas and plane 14.
ODD = re.compile("[\ue000-\uf8ff\U000e0000-\U0010ffff]")
_SPACE = re.compile(r"[ \t\r\f\v\u3000\xa0]+")
# Characters XML (and so lxml, when a tree is edited) refuses: C0 controls
# but tab/newline/CR, lone surrogates, U+FFFE/U+FFFF; and DEL.  Never text; dropped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
# The fields whose selector missing means "degraded": the page was still read.
MISS_FIELDS = ("title", "body")


class PageError(Exception):
    """A fetched page that cannot become an article; ``reason`` says why."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason


class NotHtmlError(PageError):
    """The response is a PDF, an image, JSON...: not something we read."""


class NotAnArticleError(PageError):
    """HTML, but no readable article text (an index page, an empty shell)."""


@dataclass(frozen=True)
class Selectors:
    """Per-site CSS selectors that override the generic extraction.

    A selector matching a ``<meta>`` element reads its ``content``
    (``meta[name=ArticleTitle]``).  ``exclude`` lists blocks inside the body
    to drop before its text is read: share bars, editor lines, pagers.
    """

    title: str | None = None
    body: str | None = None
    published: str | None = None
    exclude: tuple[str, ...] = ()


Field = Literal["title", "body", "published"]


@dataclass(frozen=True)
class FieldRead:
    """What one declared selector found on a page: how many elements it
    matched and the text it read ("" when it read nothing)."""

    field: Field
    selector: str
    matches: int
    value: str

    @property
    def matched(self) -> bool:
        return bool(self.value)


@dataclass(frozen=True)
class Extraction:
    """An article and, per declared selector, what it read."""

    article: Article
    fields: tuple[FieldRead, ...] = ()

    @property
    def missed(self) -> tuple[FieldRead, ...]:
        """Title or body selectors that read nothing: generic extraction filled in."""
        return tuple(f for f in self.fields if f.field in MISS_FIELDS and not f.matched)


def validate(page: FetchedPage) -> None:
    """Refuse what is not an HTML page, before any parsing work."""
    ctype = page.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype and ctype not in _HTML_TYPES and not ctype.startswith("text/"):
        raise NotHtmlError(page.url, f"not an HTML page ({ctype})")
    if not looks_like_html(page.body):
        raise NotHtmlError(page.url, "the body does not look like HTML")


def looks_like_html(body: bytes) -> bool:
    """Sniff HTML: no binary signature, no NUL bytes, a common tag early on.

    Real pages start with BOMs, comments, scripts or corpus wrappers, so a
    strict "starts with <html" test refuses too much.
    """
    head = body.lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(BINARY_MAGIC) or b"\x00" in head[:1024]:
        return False
    return HTML_TAG.search(head[:65536]) is not None


def decode_html(body: bytes, content_type: str | None = None) -> str:
    """Decode page bytes, trusting UTF-8 validity over a stale GB2312 label.

    Many sites were re-encoded to UTF-8 and kept their old ``<meta
    charset=gb2312>``; strict UTF-8 decoding of real GBK text almost never
    succeeds, so a body that is valid UTF-8 is UTF-8 (with mojibake undone,
    ``unmangle``).  Otherwise w3lib follows header, then meta, mapping
    gb2312/gbk to gb18030.
    """
    try:
        return unmangle(_NOT_XML.sub("", body.decode("utf-8")))
    except UnicodeDecodeError:
        pass
    declared = declared_encoding(body, content_type)
    if declared == "utf-8" and read_bom(body)[0] is None:
        # Strict UTF-8 failed above, so the label lies (GBK pages a CMS
        # labelled UTF-8): read the default, not a page of U+FFFD.
        return _NOT_XML.sub("", body.decode("gb18030", "replace"))
    _encoding, text = html_to_unicode(content_type, body, default_encoding=declared or "gb18030")
    return _NOT_XML.sub("", text)


def declared_encoding(body: bytes, content_type: str | None) -> str | None:
    """The charset the page declares: the HTTP header's, else its ``<meta>``'s."""
    return http_content_type_encoding(content_type) or html_body_declared_encoding(body)


def extract_article(page: FetchedPage, selectors: Selectors | None = None) -> Article:
    """Read title, body text and publication date from one page."""
    return extract_page(page, selectors).article


def extract_page(page: FetchedPage, selectors: Selectors | None = None) -> Extraction:
    """The article, and what each of the site's selectors read on the way."""
    validate(page)
    html = decode_html(page.body, page.headers.get("content-type"))
    tree = parse_html(page.url, html)
    selectors = selectors or Selectors()
    doc = _generic(html, page.url, fast=len(page.body) > FAST_ABOVE_BYTES)
    reads: list[FieldRead] = []
    title_read = _read(reads, "title", selectors.title, tree, select_text)
    title = title_read or _doc_field(doc(), "title") or heading(tree)
    body_read = _read(
        reads, "body", selectors.body, tree, lambda t, s: select_paragraphs(t, s, selectors.exclude)
    )
    text = body_read or table_rows(_doc_field(doc(), "text"))
    if len(text) < MIN_TEXT_CHARS:
        raise NotAnArticleError(page.url, f"only {len(text)} characters of readable text")
    dateline = _read(reads, "published", selectors.published, tree, select_text)
    published, span = published_date(tree, title, dateline, lambda: _doc_field(doc(), "date"))
    article = Article(
        url=page.url,
        title=title.strip(),
        text=text.strip(),
        site=page.site,
        published=published,
        published_text=span,
        language_hint=page.language_hint,
    )
    return Extraction(article, tuple(reads))


def _generic(html: str, url: str, *, fast: bool) -> Callable[[], object]:
    """trafilatura's reading of the page, computed once and only if asked for.

    Tables are left out first (layout tables carry menus and thread lists);
    a page that then has too little text is read again with its tables, for
    old government sites lay whole articles out in them.
    """

    def read(tables: bool) -> object:
        # trafilatura prunes the tree it is given: let it parse its own copy.
        try:
            return trafilatura.bare_extraction(
                html,
                url=url,
                with_metadata=True,
                include_tables=tables,
                fast=fast,
                date_extraction_params=META_DATE_PARAMS,
            )
        except (AssertionError, ValueError, TypeError, RecursionError) as exc:
            # trafilatura/htmldate on hostile markup (htmldate drops the root
            # of a fragment and trips lxml's assert): this page, not the crawl.
            raise NotAnArticleError(url, f"the extractor failed: {type(exc).__name__}") from None

    @cache
    def doc() -> object:
        first = read(tables=False)
        if len(_doc_field(first, "text")) >= MIN_TEXT_CHARS:
            return first
        with_tables = read(tables=True)
        return with_tables if _doc_field(with_tables, "text") else first

    return doc


def _read(
    reads: list[FieldRead],
    field: Field,
    selector: str | None,
    tree: lxml.html.HtmlElement,
    select: Callable[[lxml.html.HtmlElement, str], str],
) -> str:
    """Apply one declared selector and note what it read."""
    if not selector:
        return ""
    value = select(tree, selector)
    reads.append(FieldRead(field, selector, count(tree, selector), value))
    return value


def count(tree: lxml.html.HtmlElement, selector: str) -> int:
    """How many elements a CSS selector matches."""
    return len(tree.cssselect(selector))


def parse_html(url: str, html: str) -> lxml.html.HtmlElement:
    """Parse decoded HTML; an empty or unparseable document is no article."""
    try:
        return lxml.html.document_fromstring(html)
    except (ParserError, ValueError) as exc:
        raise NotAnArticleError(url, f"unparseable HTML ({exc})") from None


def _doc_field(doc: object, name: str) -> str:
    value = getattr(doc, name, None) if doc is not None else None
    return value if isinstance(value, str) else ""


def select_text(tree: lxml.html.HtmlElement, selector: str | None) -> str:
    """Text of the first element matching a CSS selector, whitespace-tidied
    (a ``<meta>`` element's ``content``)."""
    if not selector:
        return ""
    found = tree.cssselect(selector)
    if not found:
        return ""
    first = found[0]
    if first.tag == "meta":
        return tidy(first.get("content") or "")
    return tidy(first.text_content())


def select_paragraphs(
    tree: lxml.html.HtmlElement, selector: str | None, exclude: tuple[str, ...] = ()
) -> str:
    """Body text under a selector, one line per block, captions kept apart;
    the blocks ``exclude`` names (share bars, editor lines) are left out."""
    if not selector:
        return ""
    found = tree.cssselect(selector)
    if not found:
        return ""
    body = found[0]
    if exclude:
        body = copy.deepcopy(body)
        for unwanted in exclude:
            for node in body.cssselect(unwanted):
                if node is not body:
                    node.drop_tree()
    blocks = body.cssselect("p, li, h2, h3, h4") or [body]
    return "\n".join(line for line in (tidy(b.text_content()) for b in blocks) if line)


def heading(tree: lxml.html.HtmlElement) -> str:
    """Fallback title: the first <h1>, else <title>."""
    for selector in ("h1", "title"):
        text = select_text(tree, selector)
        if text:
            return text
    return ""


def visible_text(tree: lxml.html.HtmlElement) -> str:
    """The page's text without scripts and styles, for date patterns."""
    texts = tree.xpath("//text()[not(ancestor::script or ancestor::style or ancestor::noscript)]")
    return tidy("".join(str(text) for text in texts))


def published_date(
    tree: lxml.html.HtmlElement, title: str, dateline: str, meta: Callable[[], str]
) -> tuple[dt.date | None, str | None]:
    """Publication date: what the site's selector read (``dateline``), then a
    date line printed near the title (``Updated: 2023-12-21``), then the page
    metadata date that trafilatura's htmldate found (``meta()``, ISO)."""
    if dateline and (chosen := find_published(dateline)):
        return chosen
    page_text = visible_text(tree)
    start = page_text.find(title[:30]) if title else -1
    if start >= 0 and (near := find_published(page_text[start : start + DATE_WINDOW])):
        return near
    if found := find_published(page_text[:DATE_SCAN_CHARS]):
        return found
    date = meta()
    try:
        return dt.date.fromisoformat(date[:10]), f"page metadata {date}"
    except ValueError:
        return None, None


def table_rows(text: str) -> str:
    """trafilatura writes table rows as ``| cell | cell |``: keep the cells'
    text, without the outer bars (old sites lay whole articles out in tables)."""
    if "|" not in text:
        return text
    return "\n".join(
        line[1:-1].strip() if len(line) > 1 and line[0] == "|" and line[-1] == "|" else line
        for line in (raw.strip() for raw in text.splitlines())
    )


def unmangle(text: str) -> str:
    """Undo mojibake in a decoded page: UTF-8 that a server or CMS once read
    as Latin-1 or Windows-1252 and saved again ("è\x8b\x8få·\x9e" for 苏州),
    which no charset label can fix because the bytes are valid UTF-8 of the
    wrong characters.  It runs on the whole page, before extraction drops
    the C1 controls such text holds (without them the repair is lost).
    ftfy's repair is refused when it adds private-use or plane-14 code
    points: text garbled some other way (GBK read as Cyrillic) is left as it
    came."""
    if _UTF8_AS_LATIN1.search(text) is None:  # the common case, in microseconds
        return text
    fixed = ftfy.fix_encoding(text)
    if fixed == text or len(ODD.findall(fixed)) > len(ODD.findall(text)):
        return text
    return fixed


def tidy(text: str) -> str:
    """Collapse runs of spaces (incl. ideographic and no-break) per line."""
    lines = (_SPACE.sub(" ", line).strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)
