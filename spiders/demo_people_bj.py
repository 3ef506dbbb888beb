"""Demo: People's Daily Online's Beijing channel, served in GBK."""

from __future__ import annotations

import datetime as dt

from spiders.base import DemoSite


class DemoPeopleBj(DemoSite):
    """Discovered through its sitemap; generic extraction handles the GBK pages."""

    name = "demo_people_bj"
    sitemaps = ("http://bj.people.demo.test/sitemap.xml",)
    language = "zh"
    every = dt.timedelta(minutes=15)
