"""Demo: an English government portal modelled on Beijing E-Town's site."""

from __future__ import annotations

import datetime as dt

from spiders.base import DemoSite, Listing, Selectors


class DemoEtown(DemoSite):
    """Two paginated channels: industries and notices."""

    name = "demo_etown"
    start_urls = [  # noqa: RUF012 - Scrapy's type
        "http://etown.demo.test/industries/index.html",
        "http://etown.demo.test/notices/index.html",
    ]
    language = "en"
    every = dt.timedelta(minutes=30)
    listing = Listing(links="ul.news-list a", next_page="a.next")
    article = Selectors(title="h1", body="div.article", published="div.info")
