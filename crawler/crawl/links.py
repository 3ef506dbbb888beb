"""Which links a crawl follows: one bad link skips that link, never the page.

Links are input from the world: a listing may hold ``http://[::1/x`` (an
unclosed bracket), a port of 99999, ``host:80:80``, a lone surrogate or a
``javascript:`` pseudo-link.  Each is skipped with a reason here, before it
becomes a request (Scrapy's ``Request`` raises on several of them, which
would end the whole callback and lose the page's good links too).
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from crawler.identity.dedup import usable_url

# Longest URL a crawl requests (Scrapy's URLLENGTH_LIMIT is set to the same
# in crawler/crawl/settings.py).  Stored URLs have no limit; a link longer
# than this is a trap or junk (servers refuse far shorter request lines).
MAX_URL_CHARS = 32_768
# A host name as DNS takes it, once IDNA-encoded.
_LABEL = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)", re.IGNORECASE)
_SCHEMES = ("http", "https")


def join(base: str, href: str) -> str | None:
    """``href`` resolved against ``base``; None when it is empty or cannot
    be resolved (an unclosed IPv6 bracket makes ``urljoin`` raise)."""
    if not href.strip():
        return None
    try:
        return urljoin(base, href.strip())
    except ValueError:
        return None


def host_problem(host: str) -> str | None:
    """Why ``host`` is no host a crawl can reach, or None."""
    if not host:
        return "no host"
    if ":" in host:  # an IPv6 literal (urlsplit checked the brackets)
        try:
            ipaddress.IPv6Address(host.split("%", 1)[0])
        except ValueError:
            return f"bad IPv6 address {host!r}"
        return None
    try:
        ascii_host = host.encode("idna").decode("ascii")
    except UnicodeError:
        return f"bad host name {host!r}"
    labels = ascii_host.rstrip(".").split(".")
    if len(ascii_host) > 253 or not all(_LABEL.fullmatch(label) for label in labels):
        return f"bad host name {host!r}"
    return None


def link_problem(url: str) -> str | None:
    """Why a crawl cannot follow ``url`` (as ``usable_link`` gives it), or None."""
    if len(url) > MAX_URL_CHARS:
        return f"longer than {MAX_URL_CHARS} characters"
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:  # an unclosed bracket, a port of 99999 or "80:80"
        return str(exc)
    if parts.scheme.lower() not in _SCHEMES:
        return f"not an http(s) link ({parts.scheme or 'no scheme'})"
    if port == 0:
        return "port 0"
    return host_problem(parts.hostname or "")


def usable_link(url: str) -> str:
    """A link as a browser reads it (tabs and newlines dropped, ends
    stripped, lone surrogates replaced): what is requested."""
    return usable_url(url)


@dataclass
class Links:
    """The links of one page a crawl will follow, and those it skipped (with why)."""

    good: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (link, reason)

    def summary(self, page: str) -> str | None:
        """One warning line for the page's skipped links, or None."""
        if not self.skipped:
            return None
        link, reason = self.skipped[0]
        count = len(self.skipped)
        return (
            f"bad-links: {page}: skipped {count} link{'s' * (count > 1)} "
            f"(first: {reason}: {link[:120]!r})"
        )


def followable(urls: Iterable[str]) -> Links:
    """Sort links into those a crawl follows (made usable, once each, in
    order) and those it skips, with the reason."""
    found = Links()
    seen: set[str] = set()
    for raw in urls:
        url = usable_link(raw)
        problem = link_problem(url)
        if problem is not None:
            found.skipped.append((raw, problem))
        elif url not in seen:
            seen.add(url)
            found.good.append(url)
    return found
