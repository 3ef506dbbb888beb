"""China Daily, health news (www.chinadaily.com.cn), in English.

China Daily's channel lists are ``div.tw3_01_2`` blocks whose
``span.tw3_01_2_t h4 a`` is the headline and ``b`` the time, paged as
``page_2.html`` with a ``Next`` link; articles put the headline in
``div.main_art h1``, ``By ... | chinadaily.com.cn | Updated: 2024-04-16
09:12`` in ``span.info_l`` and the text in ``#Content`` (as several
public scrapers of China Daily read them).
The start URL is the channel public scrapers label "Health"
(``/china/59b8d010a3108c54ed7dfc27``, among the China sub-channels; one
scraper names it explicitly); ``/china/health`` appears in none.  UNCONFIRMED
by the site's own navigation.  The listing selector and the ``Next`` pager
read a real 2019 China Daily channel page correctly (seen as text only);
the article selectors agree with several public scrapers, unconfirmed on
real bytes.
Fixtures: MODELLED on that structure (no stored real HTML was found).
"""

from __future__ import annotations

import datetime as dt

from spiders.base import Listing, Selectors, SiteSpider


class ChinadailyHealth(SiteSpider):
    """China Daily CMS: ``/a/YYYYMM/DD/WS<id>.html`` articles."""

    name = "chinadaily_health"
    start_urls = ["https://www.chinadaily.com.cn/china/59b8d010a3108c54ed7dfc27"]  # noqa: RUF012 - Scrapy's type
    language = "en"
    every = dt.timedelta(hours=1)
    render = "never"
    listing = Listing(
        links="div.tw3_01_2 span.tw3_01_2_t h4 a", next_page="#div_currpage a:contains('Next')"
    )
    article = Selectors(title="div.main_art h1", body="#Content", published="span.info_l")
