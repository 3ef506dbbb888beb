"""People's Daily Online, Beijing channel (bj.people.com.cn), in Chinese.

Seed 003 is a machine-translated page of this channel.  Article URLs are
``/n2/YYYY/MMDD/c<column>-<id>.html``; the column list is the
``div.ej_list_box ul.list_16`` block (as public scrapers of this channel
select it: RSSHub's people route, and several others), paginated in
``div.page_n`` with a ``下一页`` link (the link text is unconfirmed).
People's Daily Online serves two article templates, and bj.people.com.cn
articles were still on the older one in 2021: the 2020s ``div.rm_txt``
(headline in ``h1``, ``2022年02月13日07:48 | 来源：`` in ``div.col-1-1``,
text in ``div.rm_txt_con``) and the older ``div.text_title`` /
``div.box01 div.fl`` / ``div.box_con#rwb_zw``.  The selectors are unions
over both; the share bar (``p.paper_num``: 分享让更多人看到), editor line,
original-title line, photo holders, pager and 推荐阅读 block inside the
body are dropped (RSSHub removes ``.paper_num, #rwb_tjyd`` the same way).
Pages declare GB2312 in a ``<meta>``; the ``gbk`` hint only applies where
a page declares nothing.
Fixtures: three REAL article pages (2024 and 2022 ``rm_txt``, 2019
``box_con``; docs/spiders.md names their sources); the listing is MODELLED
on the block and URL scheme.  Column 82840 is 北京·社会 according to two
public scrapers (unconfirmed as the channel with health news).
"""

from __future__ import annotations

import datetime as dt

from spiders.base import Listing, Selectors, SiteSpider


class PeopleBj(SiteSpider):
    """People's Daily CMS, ``rm_txt`` and ``box_con`` article templates."""

    name = "people_bj"
    start_urls = ["http://bj.people.com.cn/GB/82840/index.html"]  # noqa: RUF012 - Scrapy's type
    language = "zh"
    encoding = "gbk"
    every = dt.timedelta(minutes=30)
    render = "never"
    listing = Listing(
        links="div.ej_list_box ul li a",
        pattern=r"/n2/\d{4}/\d{4}/c\d+-\d+\.html$",
        next_page="div.page_n a:contains('下一页')",
    )
    article = Selectors(
        title="div.rm_txt h1, div.text_title h1",
        body="div.rm_txt_con, #rwb_zw",
        published="div.rm_txt div.col-1-1, div.box01 div.fl",
        exclude=(
            "p.paper_num",  # 分享让更多人看到: the share bar
            "div.edit",  # (责编：...)
            "div.otitle",  # 原标题：...
            "div.box_pic",  # empty photo holders
            "div.zdfy",  # the pager of multi-page articles
            "center",  # an empty table after the text
            "#rwb_tjyd",  # 推荐阅读 (older template)
        ),
    )
