"""Xinhua English, health news (english.news.cn/health/).

Xinhua's English pages list headlines as ``.tit a`` and keep articles at
``/YYYYMMDD/<hex id>/c.html`` with the headline in ``div.conTop h1``, the
time in ``.time`` and the text in ``#detailContent`` (as public scrapers
of english.news.cn read them).
Fixtures: MODELLED on that structure (no stored real HTML was found).
"""

from __future__ import annotations

import datetime as dt

from spiders.base import Listing, Selectors, SiteSpider


class XinhuaEnHealth(SiteSpider):
    """Static list, static articles."""

    name = "xinhua_en_health"
    start_urls = ["https://english.news.cn/health/index.htm"]  # noqa: RUF012 - Scrapy's type
    language = "en"
    every = dt.timedelta(hours=1)
    render = "never"
    listing = Listing(links=".tit a", pattern=r"/\d{8}/[0-9a-f]+/c\.html$")
    article = Selectors(title="div.conTop h1", body="#detailContent", published="div.conTop .time")
