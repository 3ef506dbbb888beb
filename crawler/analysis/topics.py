"""Titles about something else than an event, whatever event words they hold.

A legislature's session, a call for papers, a refund of conference fees, a
bid award, an appointment made at a congress, a hospital's free clinic and
a look back at past congresses are never event announcements: the title says
what the article is about.  Vocabularies live in ``crawler.analysis.vocabulary.context``
and ``crawler.analysis.vocabulary.topics``.  Pure.
"""

from __future__ import annotations

from crawler.analysis.language import CJK_RE, blank, near_pattern, normalise, terms_pattern
from crawler.analysis.vocabulary import context as vocab_context
from crawler.analysis.vocabulary import topics as vocab

FREE_SERVICE_GAP = 20  # "free hearing screening", "免费测血压和血糖筛查"

NOT_EVENT_TITLE_RES = (
    terms_pattern(
        vocab_context.NOT_EVENT_TITLES
        + vocab_context.CALL_FOR_PAPERS_TITLES
        + vocab.NOT_EVENT_TOPIC_TITLES
    ),
    near_pattern(
        vocab_context.CALL_FOR_PAPERS_VERBS_ZH, vocab_context.CALL_FOR_PAPERS_OBJECTS_ZH, 30
    ),
    near_pattern(vocab.FREE_WORDS, vocab.FREE_SERVICES, FREE_SERVICE_GAP),
)
RETROSPECTIVE_RE = terms_pattern(vocab.RETROSPECTIVE_TITLES)
CURRENT_EVENT_RE = terms_pattern(vocab.CURRENT_EVENT_VERBS)


def is_retrospective(scan: str) -> bool:
    """An anniversary look back ("历届学术大会回眸", "… looks back"), not a current event."""
    return bool(RETROSPECTIVE_RE.search(scan)) and not CURRENT_EVENT_RE.search(scan)


MEMBERS_RE = terms_pattern(vocab_context.MEMBERS_OF_BODIES)
HEADLINE_MAX_CJK = 60  # longer "titles" are a lead sentence: judge its opening only
HEADLINE_MAX_CHARS = 160


def is_not_event_title(title: str) -> bool:
    """A title about a session, a submission, fees, a purchase, a person, patients or history.

    A "title" that is a whole lead sentence is judged on its opening: the
    officials it names further on are not its subject.
    """
    scan = blank(normalise(title), MEMBERS_RE)
    if len(CJK_RE.findall(scan)) > HEADLINE_MAX_CJK or len(scan) > HEADLINE_MAX_CHARS:
        scan = scan[: HEADLINE_MAX_CJK if CJK_RE.search(scan) else HEADLINE_MAX_CHARS // 2]
    return is_retrospective(scan) or any(pattern.search(scan) for pattern in NOT_EVENT_TITLE_RES)
