"""The learned layer's input: hashed words of the headline and lead, plus what the rules found.

Two kinds of features, one vector:

- **sparse**: words (Latin) and characters and character pairs (Chinese) of
  the normalised headline and lead, and single words of the start of the
  body, each hashed (CRC-32, stable across processes and machines) into
  ``BUCKETS`` slots, prefixed by their zone so "forum" in the headline and
  "forum" in the body are different features;
- **dense**: the rule engine's scores (per event type: score, main-event
  evidence, headline evidence; the title veto; web forum; health words by
  zone; the page's script), scaled by the statistics stored with the model.

Deterministic and pure: the same article gives the same vector everywhere.
"""

from __future__ import annotations

import itertools
import math
import re
import zlib
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from crawler.analysis.classify import ClassEvidence, Classification
from crawler.analysis.facts import Zone
from crawler.analysis.language import CJK_RE
from crawler.analysis.relevance import Relevance
from crawler.items import EventType

BUCKETS = 1 << 16
BODY_CHARS = 800  # the start of the body: enough to say what the page is about
WORD_RE = re.compile(rf"[a-z][a-z0-9'-]+|{CJK_RE.pattern}+")
EVENT_TYPES = ("forum", "agreement", "launch")  # the rule features' order (model format 1)


@dataclass(frozen=True)
class Features:
    """One article's features: sparse bucket indices (with the text that made
    each, for explanations) and the dense rule values, unscaled."""

    indices: np.ndarray  # int64, unique bucket indices of the sparse features present
    names: Mapping[int, str]  # bucket -> one feature text that hashed there
    dense: np.ndarray  # float64, DENSE_NAMES order


DENSE_NAMES = (
    *(
        f"rule:{kind}:{part}"
        for kind in EVENT_TYPES
        for part in ("score", "main", "title", "front")
    ),
    "rule:decided:other",
    "rule:vetoed",
    "health:score",
    "health:strong_front",
    "health:weak_front",
    "health:strong_body",
    "page:zh",
)


def _tokens(scan: str) -> list[str]:
    """Latin words and runs of Chinese characters (each run split into
    characters and character pairs), from a zone's normalised text, case-folded."""
    out: list[str] = []
    for match in WORD_RE.finditer(scan.casefold()):
        word = match.group()
        if CJK_RE.match(word):
            out += list(word)
            out += [word[i : i + 2] for i in range(len(word) - 1)]
        else:
            out.append(word)
    return out


def _grams(text: str, prefix: str, pairs: bool) -> list[str]:
    words = _tokens(text)
    grams = [f"{prefix}{word}" for word in words]
    if pairs:
        latin = [word for word in words if not CJK_RE.match(word)]
        grams += [f"{prefix}{a}_{b}" for a, b in itertools.pairwise(latin)]
    return grams


def sparse_features(zones: tuple[Zone, ...]) -> dict[int, str]:
    """Bucket -> feature text, for the headline, the lead and the start of the body."""
    parts = {zone.name: zone.scan for zone in zones}
    grams = _grams(parts.get("title", ""), "t:", pairs=True)
    grams += _grams(parts.get("lead", ""), "l:", pairs=True)
    grams += _grams(parts.get("body", "")[:BODY_CHARS], "b:", pairs=False)
    found: dict[int, str] = {}
    for gram in grams:
        found.setdefault(zlib.crc32(gram.encode("utf-8")) % BUCKETS, gram)
    return found


def _rule_values(evidence: ClassEvidence | None) -> list[float]:
    if evidence is None:
        return [0.0, 0.0, 0.0, 0.0]
    return [
        math.log1p(evidence.score),
        float(evidence.is_main()),
        float(evidence.in_title),
        math.log1p(evidence.front_strong),
    ]


def dense_features(rules: Classification, relevance: Relevance, zh: bool) -> np.ndarray:
    """The rule engine's findings as numbers, in DENSE_NAMES order."""
    values: list[float] = []
    weighed: Mapping[EventType, ClassEvidence] = rules.weighed
    for kind in EVENT_TYPES:
        values += _rule_values(weighed.get(kind))
    values += [float(rules.main == "other"), float(rules.vetoed)]
    values += [
        math.log1p(relevance.score),
        math.log1p(relevance.strong_front),
        math.log1p(relevance.weak_front),
        math.log1p(relevance.strong_body),
    ]
    values.append(float(zh))
    return np.asarray(values, dtype=np.float64)


def article_features(
    zones: tuple[Zone, ...], rules: Classification, relevance: Relevance, zh: bool
) -> Features:
    """The whole feature vector of one analysed article."""
    sparse = sparse_features(zones)
    indices = np.fromiter(sorted(sparse), dtype=np.int64, count=len(sparse))
    return Features(indices, sparse, dense_features(rules, relevance, zh))
