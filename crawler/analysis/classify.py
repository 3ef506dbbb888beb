"""What kind of event an article announces: weighted keyword evidence by zone.

An article is cut into zones (title, head, lead, body).  Each event class's
keywords are counted per zone and weighted by where they stand: the title and
the lead say what an article is about, so they count much but saturate; the
body counts little, with diminishing returns.  Before counting, each zone's
scan text has no-event phrases blanked (press conference, 家庭医生签约服务,
venues), organisations named like events (World Economic Forum) and, on a
web forum page, the website's own "论坛"; history sentences are blanked from
the text before (``event_context.history_spans``).  Keywords live in
``vocabulary/events.py``; context rules in ``event_context.py``.  Pure.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from crawler.analysis.event_context import blank_web_forum, side_events
from crawler.analysis.facts import Zone
from crawler.analysis.language import blank, lead_span, near_pattern, normalise, terms_pattern
from crawler.analysis.topics import is_not_event_title
from crawler.analysis.vocabulary import context as vocab_context
from crawler.analysis.vocabulary import events as vocab
from crawler.event_types import OTHER, event_names, kind_of
from crawler.items import EventType

STRONG, WEAK = 1.0, 0.5
ZONE_WEIGHTS = MappingProxyType({"title": 3.0, "lead": 2.0, "head": 1.0})  # head: above the lead
ZONE_CAP = 1.5  # a keyword repeated in the title or lead adds little
BODY_WEIGHT = 0.75  # body evidence grows with the square root of its amount
MAIN_MIN = 2.5  # a strong lead keyword needs one more mention; a title keyword is enough

Cue = tuple[re.Pattern[str], float]
_FORUM_TERMS = terms_pattern(vocab.FORUM_NOUNS_EN + vocab.FORUM_NOUNS_ZH)
# "on the sidelines of the World Health Summit", "峰会间隙": an aside, not the event.
ASIDE_RE = re.compile(
    rf"\b(?:{'|'.join(vocab_context.ASIDE_PREPOSITIONS_EN)})\s+(?:the\s+)?(?:[\w'’-]+\s+){{0,6}}?"
    rf"(?:{_FORUM_TERMS.pattern})"
    rf"|(?:{_FORUM_TERMS.pattern})(?:{'|'.join(vocab_context.ASIDE_AFTER_ZH)})",
    re.IGNORECASE,
)
# "醫療器材暨智慧醫院展": a trade-show name ending in 展 (not 展开, 展示, 展馆).
EXPO_NAME_ZH_RE = re.compile(
    rf"(?:{'|'.join(vocab.EXPO_NAME_PREFIXES_ZH)})展(?![{''.join(vocab.EXPO_NAME_NOT_AFTER_ZH)}])"
)
CLASS_CUES: Mapping[EventType, tuple[Cue, ...]] = MappingProxyType(
    {
        "forum": (
            # Asides and ceremony meetings are matched (leftmost, longest) to be dropped:
            # see CLASS_BLANKS.
            (
                re.compile(
                    rf"{ASIDE_RE.pattern}|"
                    + terms_pattern(
                        vocab.FORUM_NOUNS_EN
                        + vocab.FORUM_NOUNS_ZH
                        + vocab_context.CEREMONY_MEETINGS
                    ).pattern,
                    re.IGNORECASE,
                ),
                STRONG,
            ),
            (terms_pattern(vocab.FORUM_WEAK), WEAK),
            (
                re.compile(rf"\b[A-Z][\w&-]*\s+(?:{'|'.join(vocab.FORUM_NAME_ENDINGS_EN)})\b"),
                STRONG,
            ),
            (EXPO_NAME_ZH_RE, STRONG),
        ),
        "agreement": (
            (terms_pattern(vocab.SIGNING_STRONG), STRONG),
            (near_pattern(vocab.SIGN_VERBS_EN, vocab.SIGN_OBJECTS_EN, 40), STRONG),
            (near_pattern(vocab.SIGN_VERBS_ZH, vocab.SIGN_OBJECTS_ZH, 15), STRONG),
            (terms_pattern(vocab.SIGNING_WEAK), WEAK),
        ),
        "launch": (
            (terms_pattern(vocab.LAUNCH_STRONG), STRONG),
            (near_pattern(vocab.LAUNCH_VERBS_EN, vocab.LAUNCH_OBJECTS_EN, 50), STRONG),
            (near_pattern(vocab.LAUNCH_VERBS_ZH, vocab.LAUNCH_OBJECTS_ZH, 12), STRONG),
            (terms_pattern(vocab.LAUNCH_WEAK), WEAK),
        ),
    }
)
# "deals signed at the … Expo", "在进博会上签约": the forum as a headline's setting.
SETTING_RE = re.compile(
    rf"\b(?:{'|'.join(vocab_context.SIDE_EVENT_PREPOSITIONS_EN)})\s+(?:the\s+)?"
    rf"(?:[\w'’&-]+\s+){{0,6}}?(?:{_FORUM_TERMS.pattern})"
    rf"|(?:{_FORUM_TERMS.pattern})(?:{'|'.join(vocab_context.SETTING_AFTER_ZH)})",
    re.IGNORECASE,
)
# Phrases that hold a class's keyword but are no event of that class: "成立大会"
# is a founding (launch), "on the sidelines of the summit" an aside.  The
# class's cues match them whole, so that the keyword inside is not counted,
# and such hits are dropped.
CLASS_BLANKS: Mapping[EventType, re.Pattern[str]] = MappingProxyType(
    {
        "forum": re.compile(
            rf"{ASIDE_RE.pattern}|{terms_pattern(vocab_context.CEREMONY_MEETINGS).pattern}",
            re.IGNORECASE,
        )
    }
)
# No events (crawler.analysis.facts) and organisations named like events, blanked in one pass.
CLASSIFY_BLANK_RE = terms_pattern(
    vocab_context.NOT_EVENT_PHRASES + vocab_context.ORGANISATIONS_NAMED_LIKE_EVENTS
)


@dataclass(frozen=True)
class Hit:
    """One keyword match in a zone."""

    zone: Zone
    start: int
    end: int
    weight: float


@dataclass(frozen=True)
class PageContext:
    """What the zones' scan texts are cleaned of, besides no-event phrases."""

    web_forum: bool = False  # a BBS page: its "论坛" is the website


# --------------------------------------------------------------------------
# Zones.
# --------------------------------------------------------------------------


def _scan(norm: str, context: PageContext) -> str:
    """Normalised text with no-events and organisations (and a web forum's name) blanked."""
    scan = blank(norm, CLASSIFY_BLANK_RE)
    return blank_web_forum(scan) if context.web_forum else scan


def _zone(name: str, text: str, norm: str, context: PageContext, also_blank: str = "") -> Zone:
    """A zone whose scan text (from ``norm``, the normalised text) is cleaned,
    and ``also_blank`` (the title) blanked."""
    scan = _scan(norm, context)
    if also_blank.strip():
        scan = scan.replace(normalise(also_blank), " " * len(also_blank))
    return Zone(name, text, scan)


def split_zones(
    title: str, text: str, context: PageContext, full_title: str = "", norm: str = ""
) -> tuple[Zone, ...]:
    """Title (the headline), head (breadcrumbs, bylines), lead (two sentences) and body.

    ``full_title`` (with site names) is what the text may repeat above the
    lead; ``norm`` is ``normalise(text)`` when the caller has it already.
    """
    full_title = full_title or title
    norm = norm or normalise(text)
    start, end = lead_span(norm, full_title)
    return (
        _zone("title", title, normalise(title), context),
        _zone("head", text[:start], norm[:start], context, also_blank=full_title.strip()),
        _zone("lead", text[start:end], norm[start:end], context),
        _zone("body", text[end:], norm[end:], context),
    )


# --------------------------------------------------------------------------
# Evidence.
# --------------------------------------------------------------------------


def find_hits(zone: Zone, cues: Iterable[Cue], dropped: re.Pattern[str] | None = None) -> list[Hit]:
    """Non-overlapping keyword hits, strongest and longest first.

    A match that is one of the ``dropped`` phrases counts for nothing.
    """
    found = [
        Hit(zone, match.start(), match.end(), weight)
        for pattern, weight in cues
        for match in pattern.finditer(zone.scan)
        if dropped is None or not dropped.fullmatch(match.group())
    ]
    found.sort(key=lambda hit: (-hit.weight, hit.start - hit.end))
    kept: list[Hit] = []
    starts: list[int] = []  # kept hits never overlap: sorted by start, so are their ends
    for hit in found:
        at = bisect.bisect_left(starts, hit.start)
        clear_left = at == 0 or kept[at - 1].end <= hit.start
        clear_right = at == len(kept) or hit.end <= kept[at].start
        if clear_left and clear_right:
            starts.insert(at, hit.start)
            kept.insert(at, hit)
    return kept


def zone_score(zone: Zone, hits: list[Hit]) -> float:
    """Title and lead count much but saturate; the body counts little, with diminishing returns."""
    amount = sum(hit.weight for hit in hits)
    if zone.name == "body":
        return BODY_WEIGHT * math.sqrt(amount)
    return ZONE_WEIGHTS[zone.name] * min(amount, ZONE_CAP)


@dataclass(frozen=True)
class ClassEvidence:
    """How strongly an article speaks of one event class, and its most telling hit."""

    score: float
    front_strong: int  # strong keywords in the title, head and lead
    in_title: bool  # a strong keyword in the headline: the article reports this class
    best: Hit | None

    def is_main(self) -> bool:
        """Strong title, head or lead evidence, with support.

        An article that does not name its event up front is not its
        announcement, however often the body repeats the word: a forum mentioned
        in passing in a policy article, an essay on contracts (签约方, 签约人),
        a weekly round-up of meetings.
        """
        return self.front_strong > 0 and self.score >= MAIN_MIN


def class_evidence(zones: tuple[Zone, ...], kind: EventType) -> ClassEvidence:
    """Weigh one event class's keywords over the article's zones.

    The body is read only when the title, head or lead holds a strong
    keyword: without one the class cannot be the main event (``is_main``),
    and most pages are no event at all.
    """
    cues = CLASS_CUES[kind]
    dropped = CLASS_BLANKS.get(kind)
    front = [zone for zone in zones if zone.name != "body"]
    per_zone = [find_hits(zone, cues, dropped) for zone in front]
    if any(hit.weight >= STRONG for hits in per_zone for hit in hits):
        body = [zone for zone in zones if zone.name == "body"]
        front, per_zone = front + body, per_zone + [find_hits(zone, cues, dropped) for zone in body]
    score = sum(zone_score(zone, hits) for zone, hits in zip(front, per_zone, strict=True))
    hits = [hit for zone_hits in per_zone for hit in zone_hits]
    strong = [hit for hit in hits if hit.weight >= STRONG]
    ordered = sorted(
        hits, key=lambda hit: (-ZONE_WEIGHTS.get(hit.zone.name, 0.0), -hit.weight, hit.start)
    )
    return ClassEvidence(
        score=score,
        front_strong=sum(hit.zone.name != "body" for hit in strong),
        in_title=any(hit.zone.name == "title" for hit in strong),
        best=ordered[0] if ordered else None,
    )


def class_order() -> tuple[EventType, ...]:
    """The event types the classifier weighs: the declared ones with cue words."""
    return tuple(kind for kind in event_names() if kind in CLASS_CUES)


def is_only_setting(kind: EventType, title: Zone) -> bool:
    """Every ``kind`` word of the headline names where something else happens:
    "Device makers sign deals at Xiamen health expo", "上海医药在进博会上集中签约"."""
    hits = find_hits(title, CLASS_CUES[kind], CLASS_BLANKS.get(kind))
    settings = [match.span() for match in SETTING_RE.finditer(title.scan)]
    inside = (any(a <= hit.start and hit.end <= b for a, b in settings) for hit in hits)
    return bool(hits) and all(inside)


def main_class(weighed: Mapping[EventType, ClassEvidence], title: Zone) -> EventType | None:
    """The best scoring class with main-event evidence; a signing or a launch the
    headline reports at an expo beats the expo (``is_only_setting``)."""
    ranked = sorted(weighed, key=lambda kind: -weighed[kind].score)
    mains = [kind for kind in ranked if weighed[kind].is_main()]
    top = mains[0] if mains else None
    if top is not None and kind_of(top).setting and is_only_setting(top, title):
        reported = [kind for kind in mains if kind != top and weighed[kind].in_title]
        return reported[0] if reported else top
    return mains[0] if mains else None


@dataclass(frozen=True)
class Classification:
    """What the rules say of an article's type, with everything they weighed.

    ``weighed`` (per event type) and ``vetoed`` (a title about something
    else) are also the rule features of the learned layer.
    """

    main: EventType
    also: tuple[EventType, ...]
    hit: Hit | None
    weighed: Mapping[EventType, ClassEvidence]
    vetoed: bool = False

    def evidence_for(self, kind: EventType) -> Hit | None:
        """The most telling hit of ``kind`` (the decided hit for the main type)."""
        if kind == self.main:
            return self.hit
        found = self.weighed.get(kind)
        return found.best if found is not None else None


def classify(zones: tuple[Zone, ...]) -> Classification:
    """Main event type, the other types present, and the hit that decided.

    ``zones[0]`` is the title.  A headline's forum that is only the setting of
    a signing or a launch it reports ("… sign deals at the expo") is not the
    main event but listed too.  The other types are those the headline names
    too ("Expo opens, incubator unveiled") and the side events of the text
    ("At the opening ceremony, 28 projects were signed": see
    ``crawler.analysis.event_context.side_events``).  A class merely mentioned, or
    planned ("will sign agreements later this year"), is not listed.
    """
    order = class_order()
    weighed = {kind: class_evidence(zones, kind) for kind in order}
    if is_not_event_title(zones[0].text):
        return Classification(OTHER, (), None, weighed, vetoed=True)
    main = main_class(weighed, zones[0])
    if main is None:
        return Classification(OTHER, (), None, weighed)
    return Classification(main, side_kinds(zones, weighed, main), weighed[main].best, weighed)


def side_kinds(
    zones: tuple[Zone, ...], weighed: Mapping[EventType, ClassEvidence], main: EventType
) -> tuple[EventType, ...]:
    """The other event types the headline names or the text holds as side events."""
    order = tuple(weighed)
    headlined = [kind for kind in order if kind != main and weighed[kind].in_title]
    side = side_events((zone.scan for zone in zones if zone.name != "title"), main)
    return tuple(kind for kind in order if kind in side or kind in headlined)
