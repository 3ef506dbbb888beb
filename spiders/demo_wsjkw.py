"""Demo: a provincial health commission on a JCMS-style government CMS."""

from __future__ import annotations

import datetime as dt

from spiders.base import DemoSite, Listing, Selectors


class DemoWsjkw(DemoSite):
    """The column page's list items are HTML inside ``<script type="text/xml">``
    records; ``Listing(records=...)`` reads them with no browser."""

    name = "demo_wsjkw"
    start_urls = ["http://wsjkw.demo.test/col/col1229123/index.html"]  # noqa: RUF012 - Scrapy's type
    language = "zh"
    every = dt.timedelta(minutes=30)
    render = "never"
    listing = Listing(
        links="li a",
        records="recordset record",
        pattern=r"/art/\d{4}/\d{1,2}/\d{1,2}/art_\d+_\d+\.html$",
    )
    article = Selectors(title="div.article h2.title", body="#zoom", published="div.fbxx")
