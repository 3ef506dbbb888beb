"""Property: any event date or range, written in any supported form, parses back."""

from __future__ import annotations

import calendar
import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from crawler.analysis.dates import find_event_dates, find_published

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


# --------------------------------------------------------------------------
# The newer forms: numeric day first, glued month names, ranges across months,
# "及" for two days running, days counted from the day of writing, page date
# lines in the title and wire datelines.
# --------------------------------------------------------------------------

NUMERIC_DAY_FIRST = [
    lambda d: f"{d.day:02d}/{d.month:02d}/{d.year}",
    lambda d: f"{d.day}/{d.month}/{d.year}",
    lambda d: f"{d.day:02d}.{d.month:02d}.{d.year}",
    lambda d: f"{d.day:02d}{SHORT[d.month - 1]} {d.year}",
    lambda d: f"{SHORT[d.month - 1]},{d.day:02d}th,{d.year}",
]
CITIES = st.sampled_from(["BEIJING", "HONG KONG", "SAN DIEGO", "ABU DHABI"])


@given(date=dates, form=st.sampled_from(NUMERIC_DAY_FIRST))
def test_day_first_and_glued_dates_round_trip_as_page_dates(date, form):
    written = form(date)
    found = find_published(f"{written}\nThe forum opened in the city.")
    assert found is not None
    assert found[0] == date
    assert written in found[1]


@given(date=st.dates(min_value=dt.date(2000, 1, 13), max_value=dt.date(2039, 12, 31)))
def test_month_first_numeric_dates_round_trip_when_the_day_cannot_be_a_month(date):
    if date.day <= 12:
        return
    found = find_published(f"{date.month}/{date.day}/{date.year}\nThe forum opened.")
    assert found is not None and found[0] == date


@given(start=dates, length=st.integers(min_value=1, max_value=6))
def test_ranges_across_months_round_trip(start, length):
    end = start + dt.timedelta(days=length)
    a, b = start, end
    text = (
        f"The expo is held from {a.day} {MONTHS[a.month - 1]} to "
        f"{b.day} {MONTHS[b.month - 1]} {b.year} in the city."
    )
    found = find_event_dates(text, published=None)
    assert found is not None
    assert (found.start, found.end) == (start, end)


@given(start=dates)
def test_two_days_running_round_trip(start):
    end = start + dt.timedelta(days=1)
    if end.month != start.month:
        return
    text = f"研讨大会将于{start.year}年{start.month}月{start.day}日及{end.day}日在香港举行。"
    found = find_event_dates(text, published=None)
    assert found is not None
    assert (found.start, found.end) == (start, end)


@given(
    published=dates,
    word=st.sampled_from([("today", 0), ("yesterday", -1), ("昨天", -1), ("今天", 0)]),
)
def test_days_counted_from_the_day_of_writing(published, word):
    written, shift = word
    text = f"The health forum opened {written} in the city."
    if not written.isascii():
        text = f"{written}，健康论坛在北京开幕。"
    found = find_event_dates(text, published)
    assert found is not None
    assert found.start == published + dt.timedelta(days=shift)


@given(date=dates, label=st.sampled_from(["date ", "", "Posted on "]))
def test_a_date_opening_the_title_is_the_page_date(date, label):
    title = f"{label}{date.isoformat()} The health expo opened today at the centre."
    found = find_published("The expo runs for four days.", title=title)
    assert found is not None and found[0] == date


@given(date=dates, city=CITIES)
def test_a_wire_dateline_with_its_year_is_the_page_date(date, city):
    text = f"{city}, {MONTHS[date.month - 1]} {date.day}, {date.year} /PRNewswire/ -- A firm said."
    found = find_published(text)
    assert found is not None and found[0] == date


@given(text=st.text(max_size=400), title=st.text(max_size=60), published=st.none() | dates)
def test_any_text_gives_a_result_or_none(text, title, published):
    found = find_published(text, title=title)
    assert found is None or isinstance(found[0], dt.date)
    event = find_event_dates(text, published, title=title)
    assert event is None or event.end is None or event.end >= event.start
