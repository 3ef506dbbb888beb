"""The headline part of a page title, without the site name around it.

``<title>`` is often "Headline - Site", "Headline_Section_Site" or
"Headline | Site - Powered by Discuz!": the site's name ("…论坛", "…Forum")
must not make a page a forum announcement.  Subtitles stay: a trailing part
is cut only when it looks like a site or section name.  Pure.
"""

from __future__ import annotations

import re

from crawler.analysis.language import CJK_RE, terms_pattern
from crawler.analysis.vocabulary import context as vocab

# " - ", " | ", "_", "::", "--", " – " separate a headline from site and
# section names; "——" and "――" also join a title to its subtitle, so a part
# after them is cut only when it names a site.
SITE_SEPARATOR_RE = re.compile(r"\s+[-|–]\s+|\s*(?:_|\||::|--)\s*")
SUBTITLE_SEPARATOR_RE = re.compile(r"\s*(?:——|――)\s*")
SITE_NAME_RE = re.compile(
    rf"(?:{terms_pattern(vocab.SITE_NAME_WORDS).pattern})|\.(?:com|cn|net|org|gov)\b",
    re.IGNORECASE,
)
SITE_NAME_END_RE = re.compile(rf"(?:{'|'.join(vocab.SITE_NAME_ENDINGS_ZH)})$")
SECTION_MAX_CJK = 12  # a trailing part this short after " - " or "_" is a section or site
SECTION_MAX_WORDS = 4


def _is_site_name(part: str, by_site_separator: bool) -> bool:
    """A site, channel or section name, as printed after a headline."""
    part = part.strip()
    if not part or SITE_NAME_RE.search(part):
        return True
    if not by_site_separator:
        return False
    if SITE_NAME_END_RE.search(part):
        return True
    short_cjk = CJK_RE.search(part) is not None and len(part) <= SECTION_MAX_CJK
    short_latin = CJK_RE.search(part) is None and len(part.split()) <= SECTION_MAX_WORDS
    return short_cjk or short_latin


def _cut_points(title: str) -> list[tuple[int, int, bool]]:
    """(start, end, is a site separator) of each separator, in order."""
    found = [(m.start(), m.end(), True) for m in SITE_SEPARATOR_RE.finditer(title)]
    found += [(m.start(), m.end(), False) for m in SUBTITLE_SEPARATOR_RE.finditer(title)]
    return sorted(found)


def headline(title: str) -> str:
    """``title`` without trailing site and section names ("Expo opens - China Daily")."""
    title = title.strip()
    cuts = [cut for cut in _cut_points(title) if cut[0] > 0]
    end = len(title)
    while cuts:
        start, stop, by_site = cuts.pop()
        if not _is_site_name(title[stop:end], by_site):
            break
        end = start
    return title[:end].strip() or title
