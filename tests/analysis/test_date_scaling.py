"""Pages that pack thousands of dates, and input that is no page at all.

Nothing here measures speed (bench/analysis_scaling.py does): a packed page
must give a sensible result, and no input may raise.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random

import pytest

from crawler.analysis import analyse
from crawler.analysis.dates import find_event_dates, find_published
from crawler.items import Article

MONTHS = ("January", "February", "March", "April", "May", "June")
# 3,000 dates of one year (a page of old years is history, blanked before dates are read)
DAYS = list(
    itertools.islice(itertools.cycle(itertools.product([2024], range(1, 7), range(1, 29))), 3000)
)


def test_a_paragraph_of_3000_english_dates() -> None:
    packed = ", ".join(f"{MONTHS[m - 1]} {d}, {y}" for y, m, d in DAYS)
    text = "The health forum was held on " + packed + "."
    assert len(text) < 60_000  # analyse reads it whole
    result = analyse(Article(url="test://packed", title="Health forum held in Beijing", text=text))
    assert result.type == "forum"
    assert result.published is None  # dates in a sentence are no page date
    assert result.event.start == dt.date(2024, 1, 1)
    found = find_event_dates(text, dt.date(2024, 1, 5))
    assert found is not None and found.text == "January 1, 2024"


def test_a_paragraph_of_3000_chinese_dates() -> None:
    text = "论坛在北京举行，会期为" + "、".join(f"{y}年{m}月{d}日" for y, m, d in DAYS) + "。"
    found = find_event_dates(text, None)
    assert found is not None and found.start == dt.date(2024, 1, 1)
    assert find_published(text) is None


def test_3000_date_lines_give_the_first_as_the_page_date() -> None:
    text = "\n".join(f"{y}-{m:02d}-{d:02d}" for y, m, d in DAYS) + "\nBody."
    found = find_published(text)
    assert found is not None and found[0] == dt.date(2024, 1, 1)


RNG = random.Random(11)
BAD_TEXTS = [
    "",
    " \n\t\r\x0b\x0c",
    "\x00\x01\x02" * 50,
    "".join(chr(RNG.randrange(0, 0x2FFFF)) for _ in range(20_000)),  # binary-looking
    "\ud800\udfff lone surrogates 2024-05-06",
    "å\u008f\u0091å¸\u0083æ\u0097¶é\u0097´ï¼\u009a2024-05-06 è®ºå\u009d\u009b" * 200,  # mojibake
    "Die Konferenz findet am 3. Mai 2024 in Berlin statt. Aktualisiert: 02.05.2024",
    "Конференция пройдет 3 мая 2024 года в Москве.",
    "سيعقد المؤتمر في 3 مايو 2024",
    "9999-99-99 0000-00-00 31/02/2024 2024年13月45日 February 30, 2024 on the 99th",
    "时间：" * 5000 + "2024年",
    "today " * 5000,
    "The forum was held on Monday, " * 3000,
]


@pytest.mark.parametrize("text", BAD_TEXTS)
@pytest.mark.parametrize("published", [None, dt.date(2024, 5, 6), dt.date(9999, 12, 31)])
def test_bad_input_never_raises(text: str, published: dt.date | None) -> None:
    found = find_published(text, title=text[:200])
    assert found is None or isinstance(found[0], dt.date)
    event = find_event_dates(text, published, title=text[:200])
    assert event is None or isinstance(event.start, dt.date)


def test_a_5_mb_text_is_analysed() -> None:
    text = "论坛将于5月3日在北京举行。The forum opened on Monday, May 3, 2024. " * 100_000
    assert len(text) > 5_000_000
    result = analyse(Article(url="test://big", title="Health forum", text=text))
    assert result.event.start is None or isinstance(result.event.start, dt.date)
