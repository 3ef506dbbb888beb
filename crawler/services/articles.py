"""Storing one analysed article: dedup lookups, event merge, outbox rows.

Everything here runs inside the caller's single transaction (the store
pipeline's), so an article, its event, the event's recorded changes and the
alert outbox rows are written together or not at all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from alerts.queue import event_view, queue_alerts, queue_updates
from crawler.event_types import OTHER
from crawler.identity.dedup import band_probes, bands, from_signed, hamming, resemblance, to_signed
from crawler.identity.sameevent import EventSketch, event_key, same_event
from crawler.items import FingerprintedArticle
from crawler.text.normal import search_form
from storage.articles import band_candidates, same_content
from storage.events import event_with_key, events_keyed, events_near, first_reports
from storage.models import Article, Event, EventChange, utcnow

# How many near-duplicate candidates (band matches) to check at most: about
# 70 probes x ~15 rows each at a million articles.
MAX_CANDIDATES = 5000
# Events compared with a new report: its dates +- this, most recent first.
EVENT_WINDOW = dt.timedelta(days=7)
RESCHEDULE_WINDOW = dt.timedelta(days=400)
MAX_EVENTS = 200
RESCHEDULING = ("postponed", "cancelled")
# Shingle resemblance above which a report of a known event is a copy of one
# of its reports (independently written reports share ~5 %).
COPY_RESEMBLANCE = 0.5
MAX_COPY_CHECKS = 20


@dataclass(frozen=True)
class StoreResult:
    """What storing one article did."""

    article: Article
    new_event: Event | None
    alerts: int  # outbox rows queued to send (first alerts or updates)
    merged_into: Event | None = None  # an existing event this report joined
    changes: tuple[str, ...] = ()  # event fields this report changed


def find_near_duplicate(session: Session, simhash: int, max_distance: int) -> Article | None:
    """The closest stored article within ``max_distance`` bits, via the band index.

    Candidates have, in at least one 16-bit band, the same value or a value
    one bit away (indexed ``IN`` lookups on each band column); the Hamming
    distance is then checked in Python.  Complete up to 7 bits, as long as
    fewer than MAX_CANDIDATES rows come back (about 1,000 per million
    articles with random hashes).
    """
    if not simhash or max_distance < 0:
        return None
    probes = [band_probes(band) for band in bands(simhash)]
    best: tuple[int, int] | None = None
    for article_id, stored in band_candidates(session, probes, MAX_CANDIDATES):
        distance = hamming(simhash, from_signed(stored)) if stored is not None else 99
        if distance <= max_distance and (best is None or (distance, article_id) < best):
            best = (distance, article_id)
    return session.get(Article, best[1]) if best else None


def facts_agree(stored: Article, item: FingerprintedArticle) -> bool:
    """A near-duplicate text is a copy only if it announces the same thing:
    two notices from one template with different events or dates are not."""
    if stored.type != item.analysis.type:
        return False
    event, start = stored.event, item.analysis.event.start
    return event is None or event.start_date is None or start is None or event.start_date == start


def closest_copy(event: Event, item: FingerprintedArticle) -> Article | None:
    """Among an event's reports, the one this article is an edited copy of.

    SimHash finds near-identical copies at any scale; an edited republication
    (new intro, a paragraph dropped) is too far for it, but within one event
    there are few reports, so their shingle sets are compared exactly.
    """
    scored = [
        (resemblance(report.text, item.article.text), report)
        for report in event.articles[:MAX_COPY_CHECKS]
        if report.duplicate_of is None
    ]
    best = max(scored, key=lambda pair: pair[0], default=(0.0, None))
    return best[1] if best[0] >= COPY_RESEMBLANCE else None


def sketch_of(item: FingerprintedArticle) -> EventSketch:
    facts, analysis = item.analysis.event, item.analysis
    return EventSketch(
        type=analysis.type,
        start=facts.start,
        end=facts.end,
        title=facts.title or item.article.title,
        place=facts.place,
        organisers=facts.organisers,
        language=analysis.language,
        status=facts.status,
    )


def event_sketch(event: Event, language: str) -> EventSketch:
    return EventSketch(
        type=event.type,
        start=event.start_date,
        end=event.end_date,
        title=event.title,
        place=event.place,
        organisers=tuple(event.organisers),
        language=language,
        status=event.status,
    )


def candidate_events(session: Session, report: EventSketch) -> Sequence[tuple[Event, str]]:
    """Known events of the same type near the report's dates, with the
    language of their first article (one query for all of them)."""
    if report.start is not None:
        slack = RESCHEDULE_WINDOW if report.status in RESCHEDULING else EVENT_WINDOW
        end = report.end or report.start
        window = (report.start - slack, end + slack)
        events = events_near(session, report.type, *window, limit=MAX_EVENTS)
    else:
        key = event_key(report.type, None, report.title)
        events = events_keyed(session, report.type, key, limit=MAX_EVENTS)
    first = first_reports(session, [event.id for event in events])
    return [(event, first[event.id].language if event.id in first else "en") for event in events]


def matching_event(session: Session, item: FingerprintedArticle) -> Event | None:
    """The known event this report describes, by key first, then by the rules."""
    report = sketch_of(item)
    if found := event_with_key(session, event_key(report.type, report.start, report.title)):
        return found
    for event, language in candidate_events(session, report):
        if same_event(event_sketch(event, language), report):
            return event
    return None


def store_article(
    session: Session, item: FingerprintedArticle, max_distance: int = 7
) -> StoreResult:
    """Write the article and what follows from it, in the caller's transaction.

    An exact or near duplicate joins the first copy's event and alerts no one;
    a new report of a known event joins it and may update its facts, which
    queues one short update alert for those already told of it when a date
    or the status changed; a new event is stored with one outbox row per
    matching subscription.
    """
    original = same_content(session, item.content_hash)
    if original is None:
        near = find_near_duplicate(session, item.simhash, max_distance)
        original = near if near is not None and facts_agree(near, item) else None
    row = article_row(item)  # added after the lookups, so they never find it
    session.add(row)
    if original is not None:
        row.duplicate_of, row.event_id = original.id, original.event_id
        session.flush()
        return StoreResult(row, None, 0)
    if item.analysis.type == OTHER:  # no event; events not about health are stored, unalerted
        session.flush()
        return StoreResult(row, None, 0)
    if (known := matching_event(session, item)) is not None:
        copy = closest_copy(known, item)
        row.event, row.duplicate_of = known, copy.id if copy else None
        session.flush()
        changes = record_changes(session, known, row, item)
        updates = queue_updates(
            session, known, [c for c in known.changes if c.article_id == row.id]
        )
        return StoreResult(row, None, updates, merged_into=known, changes=changes)
    event = new_event(item)
    row.event = event
    session.flush()
    return StoreResult(row, event, queue_alerts(session, event, event_view(session, event, item)))


def article_row(item: FingerprintedArticle) -> Article:
    """The Article row, SimHash bands included."""
    article, analysis = item.article, item.analysis
    b0, b1, b2, b3 = bands(item.simhash) if item.simhash else (None, None, None, None)
    return Article(
        canonical_url=item.canonical_url,
        url=article.url,
        site=article.site,
        title=article.title,
        text=article.text,
        search_text=search_form(f"{article.title}\n{article.text}"),
        language=analysis.language,
        published=analysis.published,
        type=analysis.type,
        relevant=analysis.relevant,
        content_hash=item.content_hash,
        simhash=to_signed(item.simhash) if item.simhash else None,
        sim_band0=b0,
        sim_band1=b1,
        sim_band2=b2,
        sim_band3=b3,
    )


def new_event(item: FingerprintedArticle) -> Event:
    """An Event row from an article's analysis, evidence included."""
    facts = item.analysis.event
    title = facts.title or item.article.title
    return Event(
        key=event_key(item.analysis.type, facts.start, title),
        type=item.analysis.type,
        title=title,
        start_date=facts.start,
        end_date=facts.end,
        place=facts.place,
        status=facts.status,
        relevant=item.analysis.relevant,
        organisers=list(facts.organisers),
        parties=list(facts.parties),
        also=list(item.analysis.also),
        evidence=[{"field": e.field, "text": e.text} for e in item.analysis.evidence],
    )


def record_changes(
    session: Session, event: Event, article: Article, item: FingerprintedArticle
) -> tuple[str, ...]:
    """Update an event from a later report and record each change, so the
    update alert can say what changed and which report said so."""
    wanted = changed_facts(event, item)
    for field, new in wanted.items():
        old = _text(getattr(event, field))
        session.add(
            EventChange(event=event, article_id=article.id, field=field, old=old, new=_text(new))
        )
        setattr(event, field, new)
    if wanted:
        event.updated_at = utcnow()
    return tuple(wanted)


def changed_facts(event: Event, item: FingerprintedArticle) -> dict[str, object]:
    """The event fields a later report changes.

    Status and dates change only on an authoritative report: one saying
    postponed/cancelled, or one published after the event's first report.
    A missing place or organisers are filled in from any report.
    """
    facts, published = item.analysis.event, item.analysis.published
    first = event.articles[0].published if event.articles else None
    newer = published is not None and (first is None or published > first)
    authoritative = newer or facts.status in RESCHEDULING
    wanted: dict[str, object] = {}
    if authoritative and facts.status in (*RESCHEDULING, "held") and facts.status != event.status:
        wanted["status"] = facts.status
    if authoritative and facts.start and facts.start != event.start_date:
        wanted["start_date"] = facts.start
    if authoritative and facts.end and facts.end != event.end_date:
        wanted["end_date"] = facts.end
    if not event.place and facts.place:
        wanted["place"] = facts.place
    if not event.organisers and facts.organisers:
        wanted["organisers"] = list(facts.organisers)
    return wanted


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return str(value)
