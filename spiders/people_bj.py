"""People's Daily Online, Beijing channel (bj.people.com.cn), in Chinese.

Seed 003 is a machine-translated page of this channel.  Article URLs are
``/n2/YYYY/MMDD/c<column>-<id>.html``; the column list is the
``div.ej_list_box`` block (as public crawler configs for this channel
select it), paginated with a ``下一页`` link.  Pages are GB2312/GBK.
Fixtures: the article is REAL stored HTML of People's Daily Online's
2020s article template (``div.rm_txt``, shared by its channels; from
flairNLP/fundus test data, see tests/data/README.md); the listing is
MODELLED on the known block and URL scheme.
"""

from __future__ import annotations

import datetime as dt

from spiders.base import Listing, Selectors, SiteSpider


class PeopleBj(SiteSpider):
    """People's Daily CMS: ``div.rm_txt`` articles, ``2024年04月24日23:52 | 来源：`` lines."""

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
        title="div.rm_txt h1", body="div.rm_txt_con", published="div.rm_txt div.col-1-1"
    )
