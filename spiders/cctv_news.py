"""CCTV news (news.cctv.com), in Chinese.

Seed 004 is a CCTV (央视网) page.  The channel pages are filled in by a
script from a JSONP data file; that file names each article's URL
(``https://news.cctv.com/YYYY/MM/DD/ARTI<id>.shtml``), so the listing reads
the URLs straight out of it, with no browser.  The path and the
``data.list[].url`` shape are confirmed by many public scrapers; so is the
body's ``.content_area`` class.  Articles put the title in
``div.title_area h1``, the ``来源：央视网 | 2024年04月16日 13:07`` line in
``div.info1`` and the text in ``#content_area``.
Fixtures: MODELLED on that structure and seed 004's text (no stored real
HTML of news.cctv.com was found).
"""

from __future__ import annotations

import datetime as dt

from spiders.base import Listing, Selectors, SiteSpider


class CctvNews(SiteSpider):
    """JSONP listing, static article pages."""

    name = "cctv_news"
    start_urls = [  # noqa: RUF012 - Scrapy's type
        "https://news.cctv.com/2019/07/gaiban/cmsdatainterface/page/news_1.jsonp?cb=news"
    ]
    language = "zh"
    every = dt.timedelta(minutes=15)
    render = "never"
    # news({"data": {"list": [{"title", "url", "focus_date", ...}]}}): the
    # items' URLs; photo stories (PHOA...) are left out by the pattern.
    listing = Listing(
        links="",
        json_items="data.list",
        json_url="url",
        pattern=r"https?://news\.cctv\.com/\d{4}/\d{2}/\d{2}/ARTI\w+\.shtml",
        max_pages=1,
    )
    article = Selectors(
        title="div.title_area h1", body="div.content_area, #content_area", published="div.info1"
    )
