"""National Health Commission of the PRC, English news (en.nhc.gov.cn).

The news page lists items as ``.section-list .list ul li`` with the link
and a ``.list-date`` (as two independent public scrapers of this page read
it); articles live at ``/YYYY-MM/DD/c_<n>.htm`` (URLs cited in public
files have that shape) with the date on an ``Updated:`` line.  The ``Next``
link is unconfirmed.
Fixtures: MODELLED on that structure (no stored real HTML was found).
"""

from __future__ import annotations

import datetime as dt

from spiders.base import Listing, SiteSpider


class NhcEn(SiteSpider):
    """One news list; generic extraction reads the articles."""

    name = "nhc_en"
    start_urls = ["http://en.nhc.gov.cn/news.html"]  # noqa: RUF012 - Scrapy's type
    language = "en"
    every = dt.timedelta(hours=1)
    render = "never"
    listing = Listing(
        links=".section-list .list ul li a",
        pattern=r"/\d{4}-\d{2}/\d{2}/c_\d+\.htm$",
        next_page=".section-list a:contains('Next')",
    )
