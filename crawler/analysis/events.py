"""Event analysis: one Article in, one Analysis out, every fact with its evidence.

``analyse`` reads the publication date, decides what kind of event the
article announces (``crawler.analysis.classify``: keyword evidence weighted by zone,
with context rules from ``crawler.analysis.event_context``), then reads the event's
name, organisers and parties (``crawler.analysis.facts``), place (``crawler.analysis.places``),
dates (``crawler.analysis.event_dates``) and status (``crawler.analysis.status``).  Pure: no
I/O, no global mutable state.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from crawler.analysis.classify import Classification, PageContext, classify, side_kinds, split_zones
from crawler.analysis.dates import find_published
from crawler.analysis.event_context import article_year, blank_spans, history_spans, is_web_forum
from crawler.analysis.event_dates import find_event_dates
from crawler.analysis.facts import Zone, event_title, find_organisers, find_parties, snippet
from crawler.analysis.features import Features, article_features
from crawler.analysis.headline import find_headline, headline
from crawler.analysis.language import CJK_RE, LATIN_RE, detect_language, normalise
from crawler.analysis.model import shipped_model
from crawler.analysis.places import find_place
from crawler.analysis.relevance import Relevance, health_relevance
from crawler.analysis.status import event_status
from crawler.event_status import status_on
from crawler.event_types import OTHER, kind_of
from crawler.items import Analysis, Article, EventFacts, EventType, Evidence, Language

# An announcement says what it is up front; reading further into a huge page
# only costs time (a 5 MB page took seconds), so analysis stops here.
MAX_TEXT_CHARS = 60_000
MAX_TITLE_CHARS = 500
MIN_LETTERS_FOR_LANGUAGE = 20  # below this, trust the spider's language hint


# --------------------------------------------------------------------------
# Putting it together.
# --------------------------------------------------------------------------


def article_language(article: Article) -> Language:
    """Detected language, or the spider's hint when there is too little text to tell."""
    text = article.title + "\n" + article.text
    letters = len(CJK_RE.findall(text)) + len(LATIN_RE.findall(text))
    if letters < MIN_LETTERS_FOR_LANGUAGE and article.language_hint:
        return article.language_hint
    return detect_language(text)


def article_published(
    article: Article, web_forum: bool = False
) -> tuple[dt.date | None, str | None]:
    """The extractor's date when it has one, else the date printed in the text.

    On a web forum page only a labelled post date counts ("发表于 …"): the
    extractor's metadata date there is a thread's or the render time.
    """
    if article.published is not None and not web_forum:
        return article.published, article.published_text or article.published.isoformat()
    found = find_published(article.text, title=article.title)
    return (found[0], found[1]) if found else (None, None)


def current_text(text: str, year: int | None) -> tuple[str, str]:
    """``text`` and its normalised form with history sentences blanked.

    What happened years ago ("Since the 2019 agreement…") is neither the
    event, nor its date, nor its parties.
    """
    norm = normalise(text)
    spans = history_spans(norm, year)
    return blank_spans(text, spans), blank_spans(norm, spans)


def _evidence(pairs: Iterable[tuple[str, str | None]]) -> tuple[Evidence, ...]:
    return tuple(Evidence(name, text) for name, text in pairs if text)


def event_facts(
    article: Article,
    zones: tuple[Zone, ...],
    kinds: tuple[EventType, ...],
    published: dt.date | None,
) -> tuple[EventFacts, list[tuple[str, str | None]]]:
    """Title, dates, place, status, organisers and parties of the main event (``kinds[0]``).

    ``article.text`` is the current text (history blanked).  Parties are read
    when any of the article's event types is a signing.  Only a forum lasts
    several days: a signing or an opening at an expo takes its own day.
    """
    kind = kinds[0]
    dates = find_event_dates(
        article.text, published, multi_day=kind_of(kind).spans_days, title=article.title
    )
    place = find_place(zones)
    status, status_text = event_status(zones, dates, published)
    organisers, organisers_text = find_organisers(article.text)
    signed = any(kind_of(each).has_parties for each in kinds)
    parties, parties_text = find_parties(article.text) if signed else ((), None)
    facts = EventFacts(
        title=event_title(article, kind),
        type=kind,
        start=dates.start if dates else None,
        end=(dates.end or dates.start) if dates else None,  # one known day: end = start
        place=place[0] if place else None,
        status=status,
        organisers=organisers,
        parties=parties,
    )
    evidence = [
        ("start", dates.text if dates else None),
        ("place", place[1] if place else None),
        ("status", status_text),
        ("organisers", organisers_text),
        ("parties", parties_text),
    ]
    return facts, evidence


@dataclass(frozen=True)
class Reading:
    """What the rules read of one article, before any decision is final."""

    article: Article  # capped in size
    current: str  # the text with history sentences blanked
    published: dt.date | None
    published_text: str | None
    zones: tuple[Zone, ...]
    rules: Classification
    relevance: Relevance
    language: Language


def read_article(article: Article) -> Reading:
    """Run the rules over one article: dates, zones, type evidence, health words."""
    if len(article.text) > MAX_TEXT_CHARS or len(article.title) > MAX_TITLE_CHARS:
        article = replace(
            article, title=article.title[:MAX_TITLE_CHARS], text=article.text[:MAX_TEXT_CHARS]
        )
    web_forum = is_web_forum(article.title, article.text)
    published, published_text = article_published(article, web_forum)
    current, norm = current_text(article.text, article_year(published, article.text))
    context = PageContext(web_forum=web_forum)
    title = headline(find_headline(article.title, current))
    zones = split_zones(title, current, context, article.title, norm)
    rules = classify(zones)
    relevance = health_relevance(zones)
    language = article_language(article)
    return Reading(article, current, published, published_text, zones, rules, relevance, language)


def reading_features(reading: Reading) -> Features:
    """The learned layer's input for one reading (also what training reads)."""
    return article_features(
        reading.zones, reading.rules, reading.relevance, zh=reading.language == "zh"
    )


def analyse(article: Article) -> Analysis:
    """Understand one article: what event it announces, when, where, who, and why we think so.

    The rules read the page and find the evidence.  The learned layer
    (``crawler.analysis.model``) reads the rules' findings and the headline's
    and lead's words: it decides health relevance, and overrules the rules'
    type only where it is confident (the rules explain; the model takes over
    where they run out).  ``confidence`` is the model's probability of the
    type given.
    """
    reading = read_article(article)
    model = shipped_model()
    features = reading_features(reading)
    kind_decision = model.decide_type(features)
    relevance_decision = model.decide_relevance(features)
    rules = reading.rules
    kind = model.final_type(rules.main, kind_decision)
    hit = rules.evidence_for(kind)
    also = rules.also if kind == rules.main else side_kinds(reading.zones, rules.weighed, kind)
    also = tuple(other for other in also if other != kind) if kind != OTHER else ()
    type_text = snippet(hit.zone.text, hit.start, hit.end) if hit else None
    relevant = relevance_decision.label == "relevant"
    evidence: list[tuple[str, str | None]] = [
        ("type", type_text),
        ("relevant", reading.relevance.evidence if relevant else None),
        ("published", reading.published_text),
    ]
    facts = EventFacts(title=reading.zones[0].text)
    if kind != OTHER:
        current = replace(reading.article, text=reading.current)
        facts, found = event_facts(current, reading.zones, (kind, *also), reading.published)
        evidence += found
    return Analysis(
        language=reading.language,
        type=kind,
        event=facts,
        published=reading.published,
        also=also,
        evidence=_evidence(evidence),
        relevant=relevant,
        confidence=round(kind_decision.probabilities.get(kind, 0.0), 3),
        relevance_confidence=round(relevance_decision.confidence, 3),
        reasons=tuple(name for name, _ in kind_decision.top),
    )


def _iso(date: dt.date | None) -> str | None:
    return date.isoformat() if date else None


def analysis_to_json(
    source: str, title: str, analysis: Analysis, today: dt.date | None = None
) -> dict[str, Any]:
    """The ``healthwatch analyse --json`` object of DESIGN.md, for one input.

    ``event.status`` is true on ``today`` (``crawler.event_status``);
    ``event.reported_status`` is what the page said when it was published.
    """
    event = analysis.event
    today = today or dt.date.today()
    return {
        "source": source,
        "title": title,
        "language": analysis.language,
        "published": _iso(analysis.published),
        "type": analysis.type,
        "confidence": analysis.confidence,
        "relevant": analysis.relevant,
        "relevance_confidence": analysis.relevance_confidence,
        "alert": analysis.alert,
        "event": {
            "title": event.title,
            "start": _iso(event.start),
            "end": _iso(event.end),
            "place": event.place,
            "status": status_on(event.status, event.start, event.end, today),
            "reported_status": event.status,
            "organisers": list(event.organisers),
            "parties": list(event.parties),
            "also": list(analysis.also),
        },
        "evidence": [{"field": item.field, "text": item.text} for item in analysis.evidence],
        "model": {"reasons": list(analysis.reasons)},
    }
