"""The headline of a page: its title without site names, or the text's own
headline when the title is page furniture.

``<title>`` is often "Headline - Site", "Headline_Section_Site" or
"Headline | Site - Powered by Discuz!": the site's name ("…论坛", "…Forum")
must not make a page a forum announcement.  Subtitles stay: a trailing part
is cut only when it looks like a site or section name.

Text copied from a page often starts with furniture where the headline
should be (a site name, a breadcrumb, a login bar, a date stamp, "各科室:"):
``find_headline`` then takes the first line of the text above the story
that reads like a headline.  Pure.
"""

from __future__ import annotations

import re

from crawler.analysis.language import CJK_RE, LATIN_RE, is_paragraph, normalise, terms_pattern
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


HEADLINE_LABEL_RE = re.compile(
    rf"^\s*(?:{'|'.join(vocab.HEADLINE_LABELS)})\s*[:：]\s*", re.IGNORECASE
)
NAVIGATION_RE = terms_pattern(vocab.NAVIGATION_WORDS)
MASTHEAD_END_RE = re.compile(
    rf"(?:{terms_pattern(vocab.MASTHEAD_ENDINGS).pattern})\W*$", re.IGNORECASE
)
# A stored page's date stamp before the text: " date 2023-04-24 ...".
DATE_STAMP_RE = re.compile(r"^\s*date\s+\d{4}-\d{2}-\d{2}\s*")
NOT_WORDS_RE = re.compile(r"[\d\s\W_]+")  # digits, spaces, punctuation: a date or a time
MIN_HEADLINE_CJK, MAX_HEADLINE_CJK = 5, 60
MIN_HEADLINE_WORDS, MAX_HEADLINE_WORDS = 3, 30
LINES_LOOKED_AT = 12  # a headline stands near the top


def _size(line: str) -> tuple[int, int]:
    """(CJK characters, Latin words) of a line."""
    return len(CJK_RE.findall(line)), len(LATIN_RE.findall(line) and line.split())


def is_furniture(line: str) -> bool:
    """A line that is no headline: empty, a date or time, navigation, a
    breadcrumb, a masthead, a salutation ("各科室:"), or too short to say anything."""
    line = normalise(line).strip()
    if not line or NOT_WORDS_RE.fullmatch(line):
        return True
    cjk, words = _size(line)
    short = cjk < MIN_HEADLINE_CJK and words < MIN_HEADLINE_WORDS
    if short or line.endswith((":", "：")):
        return True
    if sum(line.count(mark) for mark in vocab.BREADCRUMB_MARKS) >= 1 and len(line) < 80:
        return True
    if len(NAVIGATION_RE.findall(line)) >= 2:  # a login bar: "登录 / 注册", "Home | Login"
        return True
    if not cjk and line[0].islower():  # a fragment of a sentence, not a headline
        return True
    compact = cjk <= 12 if cjk else words <= 5
    return compact and bool(NAVIGATION_RE.search(line) or MASTHEAD_END_RE.search(line))


def _headline_like(line: str) -> bool:
    cjk, words = _size(line)
    if cjk:
        fits = MIN_HEADLINE_CJK <= cjk <= MAX_HEADLINE_CJK
    else:
        fits = MIN_HEADLINE_WORDS <= words <= MAX_HEADLINE_WORDS
    return fits and not is_furniture(line) and not is_paragraph(line)


def find_headline(title: str, text: str) -> str:
    """The page's headline: the title (labels like "原标题:" and a stored
    page's date stamp removed) unless it is furniture, else the first
    headline-like line near the top of the text, else the title as it is."""
    cleaned = HEADLINE_LABEL_RE.sub("", DATE_STAMP_RE.sub("", title)).strip()
    if cleaned and not is_furniture(cleaned):
        return cleaned
    for raw in [line.strip() for line in text.splitlines() if line.strip()][:LINES_LOOKED_AT]:
        line = HEADLINE_LABEL_RE.sub("", DATE_STAMP_RE.sub("", raw)).strip()
        if _headline_like(line):
            return line
        if is_paragraph(line):  # the story began: no headline above it
            break
    return cleaned or title
