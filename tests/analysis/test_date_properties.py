"""Property: any event date or range, written in any supported form, parses back."""

from __future__ import annotations

import calendar
import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from crawler.analysis.dates import find_event_dates

MONTHS = [calendar.month_name[m] for m in range(1, 13)]
SHORT = [calendar.month_abbr[m] for m in range(1, 13)]

SINGLE_FORMS = [
    lambda d: f"The forum will be held on {MONTHS[d.month - 1]} {d.day}, {d.year}.",
    lambda d: f"The summit opened on {SHORT[d.month - 1]} {d.day}, {d.year} in Beijing.",
    lambda d: f"The expo takes place on {d.day} {MONTHS[d.month - 1]} {d.year}.",
    lambda d: f"{d.year}年{d.month}月{d.day}日，健康产业论坛在北京举行。",
    lambda d: f"大会将于{d.year}年{d.month}月{d.day}日上午开幕。",
]
RANGE_FORMS = [
    lambda a, b: f"The forum runs from {MONTHS[a.month - 1]} {a.day} to {b.day}, {a.year}.",
    lambda a, b: f"The congress is held {MONTHS[a.month - 1]} {a.day}-{b.day}, {a.year}.",
    lambda a, b: f"The expo is held {a.day}-{b.day} {MONTHS[a.month - 1]} {a.year}.",
    lambda a, b: f"博览会将于{a.year}年{a.month}月{a.day}日至{b.day}日举办。",
    lambda a, b: f"{a.year}年{a.month}月{a.day}日—{b.day}日，论坛在上海举行。",
]
dates = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2039, 12, 31))


@given(date=dates, form=st.sampled_from(SINGLE_FORMS))
def test_single_event_day_round_trips(date, form):
    found = find_event_dates(form(date), published=None)
    assert found is not None
    assert (found.start, found.end or found.start) == (date, date)


@given(start=dates, length=st.integers(min_value=1, max_value=4), form=st.sampled_from(RANGE_FORMS))
def test_event_range_in_one_month_round_trips(start, length, form):
    end = start + dt.timedelta(days=length)
    if end.month != start.month:
        end = start.replace(day=calendar.monthrange(start.year, start.month)[1])
        if end == start:
            return
    found = find_event_dates(form(start, end), published=None)
    assert found is not None
    assert (found.start, found.end) == (start, end)
