"""Is the page about the health industry?  Weighted sector words, by zone.

A cybersecurity forum, a chip expo or a tourism signing are events, but not
ours.  The evidence is the sector vocabulary (``vocabulary/health.py``):
strong terms name the sector by themselves, weak ones ("health", "健康")
lean towards it.  Words in the headline and the lead count most; the body
adds little and saturates, so a passing mention of a hospital in a long
article about a car plant does not make it a health page.  The learned
layer (``crawler.analysis.model``) reads these scores among its features.
Pure.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from crawler.analysis.facts import Zone, snippet
from crawler.analysis.language import blank, terms_pattern
from crawler.analysis.vocabulary import health as vocab

STRONG_RE = terms_pattern(vocab.STRONG_EN + vocab.STRONG_ZH)
WEAK_RE = terms_pattern(vocab.WEAK_EN + vocab.WEAK_ZH)
NOT_HEALTH_RE = terms_pattern(vocab.NOT_HEALTH)
# Acronyms are matched in their written case only ("WHO", not "who").
CASE_SENSITIVE = re.compile(r"\b(?:WHO|CDC|TCM|IVD|CRO|CDMO|API)\b")
ZONE_WEIGHTS = {"title": 3.0, "head": 1.0, "lead": 2.0}
ZONE_CAP = 2.0  # repeated words in one zone add little
BODY_WEIGHT = 0.5
WEAK = 0.4
RELEVANT_MIN = 2.0  # e.g. one strong word in the headline, or strong words in the lead


@dataclass(frozen=True)
class Relevance:
    """How strongly a page speaks of the health industry, and the words that say so."""

    score: float
    strong_front: int  # strong words in the headline, head and lead
    weak_front: int
    strong_body: int
    evidence: str | None

    @property
    def relevant(self) -> bool:
        return self.score >= RELEVANT_MIN


def _hits(normal: str) -> tuple[list[re.Match[str]], list[re.Match[str]]]:
    scan = blank(normal, NOT_HEALTH_RE)
    strong = [m for m in STRONG_RE.finditer(scan) if _cased(m)]
    taken = {m.start() for m in strong}
    weak = [m for m in WEAK_RE.finditer(scan) if m.start() not in taken and _cased(m)]
    return strong, weak


def _cased(match: re.Match[str]) -> bool:
    """An all-caps acronym entry counts only when the page writes it in capitals."""
    word = match.group()
    if word.upper() in ("WHO", "CDC", "TCM", "IVD", "CRO", "CDMO", "API"):
        return CASE_SENSITIVE.fullmatch(word) is not None
    return True


def health_relevance(zones: tuple[Zone, ...]) -> Relevance:
    """Score the zones (title, head, lead, body) for health-industry words."""
    score = 0.0
    strong_front = weak_front = strong_body = 0
    best: tuple[float, Zone, int, int] | None = None
    for zone in zones:
        strong, weak = _hits(zone.scan)  # the zone's normal form (offsets = the text's)
        amount = len(strong) + WEAK * len(weak)
        if zone.name == "body":
            strong_body = len(strong)
            score += BODY_WEIGHT * math.sqrt(amount)
        else:
            strong_front += len(strong)
            weak_front += len(weak)
            score += ZONE_WEIGHTS.get(zone.name, 1.0) * min(amount, ZONE_CAP)
        weight = ZONE_WEIGHTS.get(zone.name, BODY_WEIGHT)
        for match in strong[:1] or weak[:1]:
            rank = weight * (1.0 if strong else WEAK)
            if best is None or rank > best[0]:
                best = (rank, zone, match.start(), match.end())
    evidence = snippet(best[1].text, best[2], best[3]) if best else None
    return Relevance(score, strong_front, weak_front, strong_body, evidence)
