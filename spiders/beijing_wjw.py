"""Beijing Municipal Health Commission (wjw.beijing.gov.cn), news of the
commission (委内新闻), in Chinese.

A TRS-CMS government site, like the other beijing.gov.cn portals:
articles at ``./YYYYMM/tYYYYMMDD_<id>.html``, dates on a ``发布日期：`` line,
and a ``<title>`` with the section and site names appended.
Its list pages are numbered by a script (``index_1.html`` ...), so only
the first page is read; it holds the newest twenty-odd items, plenty for
a poll every hour.
Fixtures: MODELLED on the TRS URL scheme (no stored real HTML was found);
the section path below is unverified.
"""

from __future__ import annotations

import datetime as dt

from spiders.base import Listing, Selectors, SiteSpider


class BeijingWjw(SiteSpider):
    """TRS CMS; links recognised by their ``t20240416_123.html`` shape."""

    name = "beijing_wjw"
    start_urls = ["http://wjw.beijing.gov.cn/xwzx_20031/wnxw/"]  # noqa: RUF012 - Scrapy's type
    language = "zh"
    every = dt.timedelta(hours=1)
    render = "never"
    listing = Listing(links="a", pattern=r"/\d{6}/t\d{8}_\d+\.html$", max_pages=1)
    # The <title> carries "_委内新闻_北京市卫生健康委员会": read the heading.
    article = Selectors(title="div.weinei_left_tit")
