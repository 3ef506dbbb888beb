"""How often does URL canonicalisation raise, or change its own output?

    python bench/canonical_fuzz.py [--count 146000] [--seed 15]

Builds ``--count`` URLs from hostile parts (seeded, reproducible): bad
ports (99999, -1, ``80:80``, letters), unclosed or bogus IPv6 brackets,
lone surrogates, control characters, broken percent-escapes, IDNA labels
that do not encode, 10 kB paths, hundreds of query parameters, relative
and schemeless links, mixed with ordinary article URLs.  For each it calls
``crawler.identity.dedup.canonical_url`` and counts:

- ``raised``: the call raised (any exception), by exception type;
- ``not idempotent``: ``canonical_url(c) != c`` for its result ``c``.

Prints the counts and the failure rate; the property tests
(tests/identity/test_url_properties.py) assert both are zero.
"""

from __future__ import annotations

import argparse
import collections
import random
import time

from crawler.identity.dedup import canonical_url

SCHEMES = ("http", "https", "HTTP", "ftp", "javascript", "mailto", "", "h\ttp", "data")
HOSTS = (
    "example.org",
    "www.Example.ORG",
    "m.health.gov.cn",
    "[::1]",
    "[::1",
    "::1]",
    "[fe80::1%eth0]",
    "[v1.x]",
    "[::ffff:127.0.0.1]",
    "127.0.0.1",
    "0x7f.1",
    "例子.中国",
    "xn--fsq.com",
    "a" * 64 + ".org",
    "exa mple.org",
    "",
    "user:pa@ss@host.org",
    "host.org.",
    "-bad-.org",
    "\ud800.org",
    "ex\x00ample.org",
    "xn--.org",
    "%zz.org",
)
PORTS = ("", ":80", ":443", ":8080", ":99999", ":-1", ":80:80", ":abc", ":", ":0", ":65536", ": 80")
PATHS = (
    "",
    "/",
    "/news/2024/05/01/forum.html",
    "/index.html",
    "/a/../b/./c",
    "/%E4%B8%AD%E6%96%87.html",
    "/中文/页面.html",
    "/%zz%4",
    "/%",
    "/path with spaces",
    "/\ud800x",
    "/\udfff",
    "/tab\there",
    "/ctl\x01\x7f",
    "/line\nbreak",
    "//double//slashes//",
    "/" + "x" * 10_000,
    "/%00",
    "/\u202e",
)
QUERIES = (
    "",
    "?id=5",
    "?utm_source=x&id=7&b=2&a=1",
    "?a=%zz",
    "?=&&=",
    "?" + "&".join(f"p{i}={i}" for i in range(150)),
    "?q=\ud83d",
    "?q=é&x=中",
    "?a=1;b=2",
    "?%",
)
FRAGMENTS = ("", "#top", "#\ud800", "#a#b")


def hostile_url(rng: random.Random) -> str:
    """One URL, sometimes ordinary, often not."""
    if rng.random() < 0.05:  # raw noise
        return "".join(chr(rng.randrange(0, 0x10FFFF)) for _ in range(rng.randrange(0, 40)))
    scheme = rng.choice(SCHEMES)
    sep = rng.choice(("://", "://", "://", ":", ":/", ""))
    url = (
        scheme
        + sep
        + rng.choice(HOSTS)
        + rng.choice(PORTS)
        + rng.choice(PATHS)
        + rng.choice(QUERIES)
        + rng.choice(FRAGMENTS)
    )
    if rng.random() < 0.1:  # a stray character anywhere
        at = rng.randrange(len(url) + 1)
        url = url[:at] + chr(rng.randrange(0, 0xE000)) + url[at:]
    if rng.random() < 0.05:
        url = f"  {url}\n"
    return url


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=146_000)
    parser.add_argument("--seed", type=int, default=15)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    raised: collections.Counter[str] = collections.Counter()
    unstable = 0
    examples: dict[str, str] = {}
    began = time.perf_counter()
    for _ in range(args.count):
        url = hostile_url(rng)
        try:
            once = canonical_url(url)
        except Exception as exc:  # counting every failure is the point
            name = type(exc).__name__
            raised[name] += 1
            examples.setdefault(name, repr(url)[:120])
            continue
        try:
            twice = canonical_url(once)
        except Exception as exc:
            name = f"{type(exc).__name__} (second pass)"
            raised[name] += 1
            examples.setdefault(name, repr(once)[:120])
            continue
        if twice != once:
            unstable += 1
            examples.setdefault("not idempotent", f"{url!r:.80} -> {once!r:.80} -> {twice!r:.80}")
    spent = time.perf_counter() - began
    failures = sum(raised.values())
    print(f"{args.count} fuzzed URLs (seed {args.seed}) in {spent:.1f} s")
    print(f"raised: {failures} ({100 * failures / args.count:.2f} %)")
    for name, count in raised.most_common():
        print(f"  {name}: {count}   e.g. {examples[name]}")
    print(f"not idempotent: {unstable} ({100 * unstable / args.count:.2f} %)")
    if unstable:
        print(f"  e.g. {examples['not idempotent']}")


if __name__ == "__main__":
    main()
