"""Demo: a machine-translated association site (Chengdu High-tech Medical Association)."""

from __future__ import annotations

import datetime as dt

from spiders.base import DemoSite, Listing, Selectors


class DemoCdhtma(DemoSite):
    """ASP-style paginated news list; ``Addtime:`` dates."""

    name = "demo_cdhtma"
    start_urls = ["http://cdhtma.demo.test/news/list.asp?page=1"]  # noqa: RUF012 - Scrapy's type
    language = "en"
    every = dt.timedelta(hours=1)
    listing = Listing(links="div.list a.title", next_page="div.pages a.next")
    article = Selectors(
        title="div.content h2", body="div.content div.text", published="div.content div.info"
    )
