"""Inputs of ``healthwatch analyse``: HTML files, text files, stdin, URLs."""

from __future__ import annotations

import sys
import urllib.error
import urllib.request
from pathlib import Path

from crawler.crawl.extract import PageError, extract_article, looks_like_html
from crawler.items import Article, FetchedPage

HTML_SUFFIXES = (".html", ".htm", ".shtml", ".xhtml")
FETCH_TIMEOUT = 30.0
USER_AGENT = "healthwatch-analyse/0.1"


class InputError(Exception):
    """An input that cannot be read or understood; the message is one line."""


def read_input(source: str) -> Article:
    """Turn one ``analyse`` argument into an Article."""
    if source == "-":
        return from_bytes("<stdin>", sys.stdin.buffer.read(), html=None)
    if source.startswith(("http://", "https://")):
        return from_url(source)
    path = Path(source)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{source}: {exc.strerror or exc}") from None
    return from_bytes(source, data, html=path.suffix.lower() in HTML_SUFFIXES)


def from_bytes(
    source: str, data: bytes, html: bool | None, headers: dict[str, str] | None = None
) -> Article:
    """HTML goes through extraction; anything else is plain text."""
    if html is None:
        html = looks_like_html(data)
    if not html:
        return from_text(source, decode_text(data))
    try:
        return extract_article(FetchedPage(url=source, site="", body=data, headers=headers or {}))
    except PageError as exc:
        raise InputError(f"{source}: {exc.reason}") from None


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM), else GB18030, the superset of GBK."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("gb18030", errors="replace")


def from_text(source: str, text: str) -> Article:
    """Plain text: the first non-empty line is the title."""
    lines = [line.strip() for line in text.splitlines()]
    lines = [line for line in lines if line]
    if not lines:
        raise InputError(f"{source}: empty input")
    return Article(url=source, title=lines[0], text="\n".join(lines[1:]) or lines[0])


def from_url(url: str) -> Article:
    """Fetch a page the user named (the only network use of ``analyse``)."""
    request = urllib.request.Request(url, headers={"user-agent": USER_AGENT})  # noqa: S310 - http(s) checked by caller
    try:
        with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT) as response:  # noqa: S310
            data = response.read(10 * 1024 * 1024)
            headers = {k.lower(): v for k, v in response.headers.items()}
    except urllib.error.HTTPError as exc:
        raise InputError(f"{url}: HTTP {exc.code}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise InputError(f"{url}: cannot fetch ({getattr(exc, 'reason', exc)})") from None
    return from_bytes(url, data, html=True, headers=headers)
