"""Demo: CCTV news in Chinese, discovered through its RSS feed."""

from __future__ import annotations

import datetime as dt

from spiders.base import DemoSite, Selectors


class DemoCctv(DemoSite):
    """RSS feed; the article body lives in ``#content_area``."""

    name = "demo_cctv"
    feeds = ("http://news.cctv.demo.test/rss/health.xml",)
    language = "zh"
    every = dt.timedelta(minutes=15)
    article = Selectors(title="h1", body="#content_area", published="div.info")
