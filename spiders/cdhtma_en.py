"""Chengdu High-tech Zone Medical Association, English site (en.gxyxh.org).

Seed 001 is one of its machine-translated news pages (``Author:...
Addtime:2020-11-05``).  Article URLs are ``/News_read_id_<n>.shtml``
(real ones are cited in stored public pages); the news list's markup and
path were not found anywhere stored, so the listing takes every link with
that URL shape and pages on with its ``Next`` link.
Fixtures: MODELLED on that URL scheme and seed 001's text; the list path
below is unverified.
"""

from __future__ import annotations

import datetime as dt

from spiders.base import Listing, SiteSpider


class CdhtmaEn(SiteSpider):
    """ASP-era CMS; dates as ``Addtime:2020-11-05``."""

    name = "cdhtma_en"
    start_urls = ["http://en.gxyxh.org/News_list.shtml"]  # noqa: RUF012 - Scrapy's type
    language = "en"
    every = dt.timedelta(hours=2)
    render = "never"
    listing = Listing(
        links="a", pattern=r"/News_read_id_\d+\.shtml$", next_page="a:contains('Next')"
    )
