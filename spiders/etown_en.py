"""Beijing E-Town (Beijing Economic-Technological Development Area) English
portal: the Industries and the Notices and Announcements channels.

Seeds 000 and 002 are pages of this site (``Home> Industries``,
``Updated: 2023-12-21``).  Articles live at ``/YYYY-MM/DD/c_NNNNNN.htm``
(real URLs such as ``http://www.beijingetown.com.cn/2024-05/28/c_990954.htm``
are cited in stored public pages); the channel pages' markup is not stored
anywhere we could search, so the listing reads every link with that URL
shape, and the article is left to trafilatura plus the ``Updated:`` line.
Fixtures: MODELLED on that URL scheme and the seeds' text; the channel
paths below are unverified: check them with ``scrapy shell`` before
relying on this spider.
"""

from __future__ import annotations

import datetime as dt

from spiders.base import Listing, SiteSpider


class EtownEn(SiteSpider):
    """China Daily subsite CMS; English, with Chinese names inside."""

    name = "etown_en"
    start_urls = [  # noqa: RUF012 - Scrapy's type
        "http://www.beijingetown.com.cn/industries.html",
        "http://www.beijingetown.com.cn/notices.html",
    ]
    language = "en"
    every = dt.timedelta(minutes=30)
    render = "never"
    listing = Listing(
        links="a",
        pattern=r"/\d{4}-\d{2}/\d{2}/c_\d+\.htm$",
        next_page="a:contains('Next')",
    )
