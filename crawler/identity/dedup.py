"""Identity of pages: canonical URLs, exact content hashes and SimHash.

Pure functions; the store pipeline uses them as keys.  Canonical URLs are
for dedup only — requests always go to the URL the site gave us.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit, urlunsplit

import numpy as np
import numpy.typing as npt
from courlan import clean_url
from w3lib.url import canonicalize_url

from crawler.identity.tokens import cjk_count, token_ids, tokens
from crawler.identity.unicode_text import nfkc

_DEFAULT_PORTS = {"http": 80, "https": 443}
# Query parameters that track the reader, never identify the page.
TRACKING_PARAMS = re.compile(
    r"^(utm_\w+|spm|from|share|share_token|fbclid|gclid|yclid|mc_cid|mc_eid|_hsenc|_hsmi"
    r"|ref|isappinstalled|scene|srcid|sessionid|jsessionid|phpsessid|sid)$",
    re.IGNORECASE,
)
# Directory index files: /news/index.html is /news/.
INDEX_FILE = re.compile(r"/(index|default)\.(html?|shtml|php|aspx?|jsp)$", re.IGNORECASE)
# Beyond this many query parameters a URL is a trap or junk: keep it as is.
MAX_QUERY_PARAMS = 100


@dataclass(frozen=True)
class UrlRules:
    """Per-site canonical-URL rules a spider can declare.

    ``hosts`` maps alternate hosts to the main one (``m.site.cn`` ->
    ``www.site.cn``); ``rewrites`` are (regex, replacement) pairs applied to
    the whole URL (a print view ``/print/123.html`` -> ``/123.html``).
    """

    hosts: Mapping[str, str] = field(default_factory=dict)
    rewrites: tuple[tuple[str, str], ...] = ()

    def apply(self, url: str) -> str:
        if not self.hosts and not self.rewrites:  # most sites: skip the URL parse
            return url
        for pattern, replacement in self.rewrites:
            url = re.sub(pattern, replacement, url)
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        if host in self.hosts:
            port = f":{parts.port}" if parts.port else ""
            url = urlunsplit(parts._replace(netloc=self.hosts[host] + port))
        return url


NO_RULES = UrlRules()


# Passes of the canonical form over itself before a URL counts as unstable.
FIXED_POINT_PASSES = 3


def canonical_url(url: str, rules: UrlRules = NO_RULES) -> str:
    """The identity of a page URL: lower-case scheme/host, no default port,
    no fragment, no index file or trailing slash, sorted query without
    tracking parameters, then the site's own rules.

    courlan strips session and tracking parameters; w3lib resolves dot
    segments, fixes percent-encoding and sorts the query (LIBRARIES.md).

    Never raises, and ``canonical_url(canonical_url(u)) == canonical_url(u)``
    (tests/identity/test_url_properties.py): links are input from the
    world.  A URL no parser takes (a port of 99999, an unclosed IPv6
    bracket) is its own identity, made printable (``opaque_url``).
    """
    text = usable_url(url)
    opaque = opaque_url(text)
    # The first fixed point wins, reached in a few passes (courlan reads
    # "/&" as an empty query and drops it only on the second pass); the
    # opaque form is one by construction (usable and encoded already).
    for candidate in (text, opaque):
        try:
            canon = _canonical(candidate, rules)
            for _ in range(FIXED_POINT_PASSES):
                again = _canonical(canon, rules)
                if again == canon and usable_url(canon) == canon:
                    return canon
                canon = again
        except ValueError:  # UnicodeError included: IDNA labels that do not encode
            continue
    return opaque


def _canonical(url: str, rules: UrlRules) -> str:
    """canonical_url for a URL the parsers take; ValueError otherwise."""
    url = rules.apply(url)
    if url.count("&") < MAX_QUERY_PARAMS:
        url = clean_url(url) or url
    canon = canonicalize_url(url, keep_fragments=False)
    parts = urlsplit(canon)
    query = "&".join(
        pair
        for pair in parts.query.split("&")
        if pair and not TRACKING_PARAMS.match(pair.split("=")[0])
    )
    host = (parts.hostname or "").removeprefix("www.")
    netloc = f"[{host}]" if ":" in host else host  # IPv6 keeps its brackets
    if parts.port and parts.port != _DEFAULT_PORTS.get(parts.scheme):
        netloc = f"{netloc}:{parts.port}"
    path = INDEX_FILE.sub("/", parts.path)
    path = path.rstrip("/") or "/"
    return urlunsplit((parts.scheme, netloc, path, query, ""))


# What a browser drops from a link before reading it (WHATWG URL: tab and
# newline anywhere; C0 controls and spaces at either end).
_TAB_NEWLINE = re.compile(r"[\t\n\r]")
_C0_AND_SPACE = "".join(map(chr, range(0x21)))
# UTF-16 halves on their own: not characters, and no encoding takes them.
_LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")
# ASCII that may not appear raw in a URL: controls, space, and "<>\"`{|}\\^.
_UNSAFE_ASCII = re.compile(r'[\x00-\x20\x7f"<>`{|}\\^]')


def usable_url(url: str) -> str:
    """A link as a browser reads it: tabs and newlines dropped, controls and
    spaces stripped at the ends, lone surrogates replaced by U+FFFD (the
    WHATWG URL parser's input is a string of scalar values)."""
    url = _LONE_SURROGATE.sub("\ufffd", url)
    return _TAB_NEWLINE.sub("", url).strip(_C0_AND_SPACE)


def opaque_url(url: str) -> str:
    """The identity of a URL no parser takes: as written, with the scheme
    lower-cased and unsafe ASCII percent-encoded (``%`` itself is kept, so
    encoding twice changes nothing)."""
    scheme, sep, rest = url.partition(":")
    if sep and re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*", scheme):
        url = f"{scheme.lower()}:{rest}"
    return _UNSAFE_ASCII.sub(lambda m: f"%{ord(m.group(0)):02X}", url)


# Lines that sites add around the same story: bylines, editors, share and
# navigation widgets.  They must not make a republished copy look different.
BOILERPLATE_LINES = re.compile(
    r"^[ \t]*("
    r"(责任)?编辑|来源|作者|记者|通讯员|原标题|本文来源|转载|扫一扫|分享到|返回顶部|打印|关闭窗口"
    r"|\(?editor(s| in charge)?\b|source\s*:|author\s*:|reporter\s*:|share( to| this)?\b"
    r"|back to top|print\b|close window|\[photo/"
    r").*$",
    re.IGNORECASE | re.MULTILINE,
)


def normalise_text(text: str) -> str:
    """Text as a fingerprint sees it: boilerplate lines dropped, NFKC
    (full-width -> half-width), case-folded, whitespace runs collapsed."""
    kept = nfkc(BOILERPLATE_LINES.sub("", text))  # one pass over the text, not per line
    return " ".join(kept.casefold().split())


def content_hash(title: str, text: str) -> str:
    """sha256 of the normalised text: the same article republished elsewhere
    hashes the same whatever its page template, spacing or byline."""
    return _digest(normalise_text(text) or normalise_text(title))


def _digest(normalised: str) -> str:
    """The exact content key: sha256 of the normalised text."""
    return hashlib.sha256(normalised.encode("utf-8", "surrogatepass")).hexdigest()


# SimHash: 64 bits; English is shingled by 3 words, Chinese by 4 characters.
SIMHASH_BITS = 64
WORD_SHINGLE = 3
CJK_SHINGLE = 4
# Odd 64-bit multipliers that place each token of a shingle differently.
_POSITION_MULTIPLIERS = np.array(
    [0x9E3779B97F4A7C15, 0xBF58476D1CE4E5B9, 0x94D049BB133111EB, 0xD6E8FEB86659FD93],
    dtype=np.uint64,
)


def shingle_size(token_count: int, cjk_characters: int) -> int:
    """4-character shingles when most tokens are CJK characters, else 3-word."""
    return CJK_SHINGLE if cjk_characters * 2 > token_count else WORD_SHINGLE


def shingles(text: str) -> list[str]:
    """Overlapping token n-grams of a text; a CJK character is one token."""
    normalised = normalise_text(text)
    words = tokens(normalised)
    if not words:
        return []
    size = shingle_size(len(words), cjk_count(normalised))
    if len(words) <= size:
        return [" ".join(words)]
    return [" ".join(words[i : i + size]) for i in range(len(words) - size + 1)]


def resemblance(a: str, b: str) -> float:
    """Jaccard overlap of the two texts' shingle sets (Broder's resemblance).

    Exact where SimHash is coarse: an edited republication (new intro, a
    paragraph dropped) keeps ~0.6-0.9; independently written reports ~0.05.
    """
    set_a, set_b = set(shingles(a)), set(shingles(b))
    if not set_a or not set_b:
        return 0.0
    return len(set_a & set_b) / len(set_a | set_b)


_SPLITMIX = (
    (np.uint64(30), np.uint64(0xBF58476D1CE4E5B9)),
    (np.uint64(27), np.uint64(0x94D049BB133111EB)),
)
_SPLITMIX_LAST = np.uint64(31)


def _mix(values: npt.NDArray[np.uint64], scratch: npt.NDArray[np.uint64]) -> None:
    """splitmix64's finaliser, in place: spreads every input bit over the
    whole word.  In place, because fresh arrays for each of its eight steps
    cost more than the arithmetic on an article's ~1,400 shingles."""
    for shift, multiplier in _SPLITMIX:
        np.right_shift(values, shift, out=scratch)
        values ^= scratch
        values *= multiplier
    np.right_shift(values, _SPLITMIX_LAST, out=scratch)
    values ^= scratch


def shingle_hashes(ids: npt.NDArray[np.uint64], size: int) -> npt.NDArray[np.uint64]:
    """64-bit hashes of all token n-grams, from the token hashes by
    vectorised arithmetic (no Python step per shingle)."""
    size = min(size, len(ids))
    count = len(ids) - size + 1
    combined = np.zeros(count, dtype=np.uint64)
    part, scratch = np.empty(count, dtype=np.uint64), np.empty(count, dtype=np.uint64)
    for position in range(size):
        np.multiply(ids[position : position + count], _POSITION_MULTIPLIERS[position], out=part)
        _mix(part, scratch)
        combined ^= part
    _mix(combined, scratch)
    return combined


def simhash_of_normalised(normalised: str) -> int:
    """64-bit SimHash (Charikar) over token n-grams, weighted by their counts.

    Bit i is set when the shingles with bit i set outweigh those without;
    similar texts get hashes a few bits apart.  0 for no tokens.
    """
    ids, cjk = token_ids(normalised)
    if not ids.size:
        return 0
    with np.errstate(over="ignore"):
        hashes = shingle_hashes(ids, shingle_size(ids.size, cjk))
    # One row of 64 bits per shingle, most significant first; each
    # occurrence votes once, which weights a shingle by its count.
    bits = np.unpackbits(hashes.astype(">u8").view(np.uint8)).reshape(-1, SIMHASH_BITS)
    votes = bits.sum(axis=0, dtype=np.int64)
    return int.from_bytes(np.packbits(2 * votes > len(hashes)).tobytes(), "big")


def simhash(text: str) -> int:
    """SimHash of a text (see ``simhash_of_normalised``)."""
    return simhash_of_normalised(normalise_text(text))


@dataclass(frozen=True)
class Fingerprint:
    """An article's content identity: exact hash and SimHash."""

    content_hash: str
    simhash: int


def fingerprint(title: str, text: str) -> Fingerprint:
    """Both content keys from one normalisation pass (the store's hot path)."""
    normalised = normalise_text(text) or normalise_text(title)
    return Fingerprint(_digest(normalised), simhash_of_normalised(normalised))


def hamming(a: int, b: int) -> int:
    """Number of differing bits between two SimHashes."""
    return int(((a ^ b) & (2**SIMHASH_BITS - 1)).bit_count())


# The index: 4 bands of 16 bits.  Two hashes within 7 bits differ in at most
# one bit in at least one band (pigeonhole: 7 bits over 4 bands), so looking
# up each band's value and its 16 one-bit variants finds every such pair.
BANDS = 4
BAND_BITS = SIMHASH_BITS // BANDS
MAX_INDEXED_DISTANCE = 7


def bands(value: int) -> tuple[int, ...]:
    """The 16-bit bands of a SimHash, most significant first."""
    mask = (1 << BAND_BITS) - 1
    return tuple((value >> (BAND_BITS * (BANDS - 1 - i))) & mask for i in range(BANDS))


def band_probes(band: int) -> list[int]:
    """A band value and its one-bit variants: the values an index lookup asks for."""
    return [band] + [band ^ (1 << bit) for bit in range(BAND_BITS)]


def to_signed(value: int) -> int:
    """Store an unsigned 64-bit hash in a signed BIGINT column."""
    return value - 2**64 if value >= 2**63 else value


def from_signed(value: int) -> int:
    """Back from the signed BIGINT column to the unsigned hash."""
    return value + 2**64 if value < 0 else value
