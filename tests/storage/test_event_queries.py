"""The event list queries: the status rule in SQL agrees with status_on, and
the upcoming rule with the subscriptions' is_upcoming, on every case."""

from __future__ import annotations

import datetime as dt
import itertools

from sqlalchemy import select

from alerts.rules import EventView, is_upcoming
from crawler.event_status import status_on
from storage.db import transaction
from storage.events import EventFilter, list_events, not_over, shown_status
from storage.models import EVENT_STATUSES, Event

TODAY = dt.date(2026, 6, 15)
DAY = dt.timedelta(days=1)
# (start, end) around TODAY: past, ending yesterday/today/tomorrow, future, undated.
DATES = [
    (None, None),
    (TODAY - 10 * DAY, None),
    (TODAY - 1 * DAY, TODAY - 1 * DAY),
    (TODAY - 2 * DAY, TODAY),
    (TODAY, None),
    (TODAY - 3 * DAY, TODAY + DAY),
    (TODAY + 5 * DAY, TODAY + 6 * DAY),
]


def test_sql_status_and_upcoming_agree_with_the_python_rules(factory):
    cases = list(itertools.product(EVENT_STATUSES, DATES))
    with transaction(factory) as session:
        rows = [
            Event(type="forum", title=f"e{i}", status=status, start_date=start, end_date=end)
            for i, (status, (start, end)) in enumerate(cases)
        ]
        session.add_all(rows)
        session.flush()
        ids = [row.id for row in rows]
    with factory() as session:
        shown = dict(session.execute(select(Event.id, shown_status(TODAY))).all())
        coming = set(session.scalars(select(Event.id).where(not_over(TODAY))))
    for event_id, (status, (start, end)) in zip(ids, cases, strict=True):
        assert shown[event_id] == status_on(status, start, end, TODAY), (status, start, end)
        view = EventView(
            "forum", "s", "en", "t", "", start, end, status_on(status, start, end, TODAY)
        )
        assert (event_id in coming) == is_upcoming(view, TODAY), (status, start, end)


def test_filtering_by_shown_status_matches_status_on(factory):
    with transaction(factory) as session:
        session.add_all(
            Event(type="forum", title=f"e{i}", status=status, start_date=start, end_date=end)
            for i, (status, (start, end)) in enumerate(itertools.product(EVENT_STATUSES, DATES))
        )
    with factory() as session:
        for status in EVENT_STATUSES:
            page = list_events(session, EventFilter(statuses=(status,), today=TODAY), limit=500)
            assert page.events, status
            for event in page.events:
                assert status_on(event.status, event.start_date, event.end_date, TODAY) == status
