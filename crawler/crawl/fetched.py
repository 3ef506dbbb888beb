"""Response -> FetchedPage: the one way a crawl turns an answer into a page.

The spider's ``parse_article`` and the render check build the page for the
same response; built here, both read exactly the same page (headers,
charset hint, language hint), so the render check's extraction can stand
in for the pipeline's (``crawler.crawl.extract_once``).
"""

from __future__ import annotations

from collections.abc import Mapping

from scrapy.http import Response

from crawler.crawl.extract import declared_encoding
from crawler.items import FetchedPage, Language


def with_headers(
    page: FetchedPage, headers: Mapping[str, str], encoding: str | None
) -> FetchedPage:
    """The page with its headers, lower-cased, and the site's charset hint
    where neither the server nor the page names a charset."""
    merged = {key.lower(): value for key, value in headers.items()}
    ctype = merged.get("content-type", "")
    if encoding and not declared_encoding(page.body, ctype):
        merged["content-type"] = f"{ctype or 'text/html'}; charset={encoding}"
    return FetchedPage(
        url=page.url,
        site=page.site,
        body=page.body,
        headers=merged,
        status=page.status,
        language_hint=page.language_hint,
    )


def response_page(
    response: Response, site: str, language: Language | None, encoding: str | None
) -> FetchedPage:
    """The page a site's spider hands to the pipelines for this response."""
    headers = {
        key.decode("latin-1"): b", ".join(values).decode("latin-1")
        for key, values in response.headers.items()
    }
    page = FetchedPage(
        url=response.url,
        site=site,
        body=response.body,
        status=response.status,
        language_hint=language,
    )
    return with_headers(page, headers, encoding)
