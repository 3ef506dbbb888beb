"""Demo: CCTV's health channel, built by JavaScript (needs the browser)."""

from __future__ import annotations

import datetime as dt

from spiders.base import DemoSite, Listing, Selectors


class DemoCctvJs(DemoSite):
    """The listing is filled from a JSON endpoint by script, and one article's
    body is inserted by script: render policy ``auto`` finds both shells and
    renders just those two pages (docs/render.md)."""

    name = "demo_cctv_js"
    start_urls = ["http://health.cctv.demo.test/health/index.shtml"]  # noqa: RUF012 - Scrapy's type
    language = "zh"
    every = dt.timedelta(minutes=15)
    listing = Listing(links="#newslist a")
    article = Selectors(title="h1", body="#content_area", published="div.info")
