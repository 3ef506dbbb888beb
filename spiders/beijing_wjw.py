"""Beijing Municipal Health Commission (wjw.beijing.gov.cn), news of the
commission (委内新闻), in Chinese.

A TRS-CMS government site, like the other beijing.gov.cn portals:
articles at ``./YYYYMM/tYYYYMMDD_<id>.html``, dates on a ``发布日期：`` line,
and a ``<title>`` with the section and site names appended.  The section
path ``/xwzx_20031/wnxw/`` is confirmed by RSSHub's route for this site.
Its list pages are numbered by a script (``createPageHTML(...)``, giving
``index_1.html`` ...), so only the first page is read; it holds the newest
twenty-odd items, plenty for a poll every hour.
What public scrapers of this site read (docs/spiders.md names them): list
items ``div.weinei_left_con_line`` with the link in
``div.weinei_left_con_line_text a``; article text in
``div.view.TRS_UEDITOR`` (``#zoom`` on /qt/ pages); the title and date in
``<meta name="ArticleTitle">`` / ``<meta name="PubDate">``, and on /qt/
pages in ``div.weinei_left_tit_sanji`` / ``div.weinei_left_tit_sanji2``.
UNCONFIRMED: which title element news (wnxw) articles use: the metas come
first, ``div.weinei_left_tit_sanji`` after them.  A tutorial reports
HTTP 403 for some User-Agents: set ``headers``/``user_agent`` in the
site's config if `healthwatch sites check beijing_wjw` says 403.
Fixtures: MODELLED on that markup (no stored real HTML was found).
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
    listing = Listing(
        links="div.weinei_left_con_line_text a", pattern=r"/\d{6}/t\d{8}_\d+\.html$", max_pages=1
    )
    # The <title> carries "_委内新闻_北京市卫生健康委员会": read the metas, else the heading.
    article = Selectors(
        title="meta[name=ArticleTitle], div.weinei_left_tit_sanji",
        body="div.view.TRS_UEDITOR, #zoom",
        published="meta[name=PubDate], div.weinei_left_tit_sanji2",
    )
