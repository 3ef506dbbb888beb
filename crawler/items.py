"""The plain data that flows one way through healthwatch.

spider -> ``FetchedPage`` -> extract -> ``Article`` -> analyse -> ``Analysis``
-> dedup/store.  Every stage takes one of these and returns the next; none
reaches back.  They are frozen dataclasses so a stage cannot quietly edit
what an earlier stage produced.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

# A type name declared in ``crawler.event_types`` ("forum", "agreement", ... "other").
EventType = str
# How a spider's pages are fetched: never in a browser, always, or when needed.
RenderPolicy = Literal["never", "always", "auto"]
EventStatus = Literal["upcoming", "held", "postponed", "cancelled", "unknown"]
Language = Literal["en", "zh"]


@dataclass(frozen=True)
class FetchedPage:
    """One downloaded article page, exactly as the server sent it.

    ``body`` stays bytes: decoding belongs to extraction, which knows about
    GBK pages that lie about their charset.
    """

    url: str
    site: str
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)  # lower-cased names
    status: int = 200
    language_hint: Language | None = None


@dataclass(frozen=True)
class Article:
    """The readable content of one page: what analysis works on."""

    url: str
    title: str
    text: str
    site: str = ""
    published: dt.date | None = None
    published_text: str | None = None  # the span the date was read from
    language_hint: Language | None = None


@dataclass(frozen=True)
class Evidence:
    """The text span a fact was read from, so an analyst can see why."""

    field: str
    text: str


@dataclass(frozen=True)
class EventFacts:
    """What, when, where and who of one event announced by an article."""

    title: str
    type: EventType = "other"
    start: dt.date | None = None
    end: dt.date | None = None
    place: str | None = None
    status: EventStatus = "unknown"
    organisers: tuple[str, ...] = ()
    parties: tuple[str, ...] = ()


@dataclass(frozen=True)
class Analysis:
    """Result of ``crawler.analysis.events.analyse``: one article understood.

    ``type`` is the main event's type; ``also`` lists the other event types
    the same article reports (an incubator unveiled at a conference).
    """

    language: Language
    type: EventType
    event: EventFacts
    published: dt.date | None = None
    also: tuple[EventType, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    relevant: bool = True  # about the health industry (medicine, pharma, devices, care...)
    confidence: float = 1.0  # the model's probability of ``type``
    relevance_confidence: float = 1.0  # the model's probability of ``relevant``
    reasons: tuple[str, ...] = ()  # the features that weighed most for ``type``

    @property
    def alert(self) -> bool:
        """Only health-relevant event announcements alert; the rest is stored silently."""
        return self.type != "other" and self.relevant

    @property
    def reported_status(self) -> str:
        """The event's status as the page reported it, relative to its publication."""
        return self.event.status


@dataclass(frozen=True)
class AnalysedArticle:
    """An article with its analysis: what the dedup stage receives."""

    article: Article
    analysis: Analysis


@dataclass(frozen=True)
class FingerprintedArticle:
    """An analysed article with the keys dedup and storage need."""

    article: Article
    analysis: Analysis
    canonical_url: str
    content_hash: str
    simhash: int = 0  # unsigned 64-bit; 0 = no text to hash


@dataclass(frozen=True)
class StoredArticle:
    """What a crawl yields per stored page (``scrapy crawl -O items.jsonl``)."""

    url: str
    site: str
    title: str
    language: str
    published: str | None
    type: EventType
    article_id: int
    event_id: int | None
    new_event: bool
    duplicate_of: int | None
    alerts_queued: int
