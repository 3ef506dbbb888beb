"""Does extraction stay linear in the size of the page?

    python bench/extraction_scaling.py [--sizes 50,100,200,400,800,1600,3200,6400] [--repeat 1]

Builds HTML pages of growing size (KB = 1,000 bytes of HTML) and times, in
CPU seconds (``time.process_time``), no network, what the crawl's extract
pipeline runs on one page: ``crawler.crawl.extract.extract_article``
(decoding, lxml, trafilatura with htmldate, the site selectors, the date
line near the title).  Pages:

- ``prose``: an article of many paragraphs;
- ``dates``: one paragraph packed with dates (the issue-15 page, scaled up);
- ``nested``: paragraphs in ``<div>``s nested 200 deep, then repeated;
- ``listing``: a page of links (a listing read as an article, then refused:
  the refusal must be linear too);
- ``gbk``: the prose page in GBK with no charset named (the decode path).

And ``read_listing`` (a spider's listing selector, links made absolute) on
listings of 1,000 to 100,000 links (``--links``): a listing is read whole,
then offered up to ``SiteSpider.max_links`` articles per poll.

Above 1 MB trafilatura runs without its fallbacks (``FAST_ABOVE_BYTES``):
the slope is given below and above that line.  Prints seconds per KB per
size, the ratio of s/KB at the largest size to s/KB at the smallest (1.0 is
linear, doubling per doubling is quadratic) and the log-log exponent.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import math
import time
from collections.abc import Callable

from crawler.crawl.extract import FAST_ABOVE_BYTES, PageError, extract_article
from crawler.crawl.listing import Listing, page_response, read_listing
from crawler.items import FetchedPage

KB = 1000
MONTHS = ("January", "February", "March", "April", "May", "June")
HEAD = (
    "<html><head><title>{t}</title></head><body><h1>{t}</h1>"
    "<div class='info'>Updated: 2024-05-06</div>"
)
TAIL = "</body></html>"


def _fill(part: Callable[[int], str], size: int) -> str:
    chunks, length = [], 0
    for n in itertools.count():
        if length >= size:
            break
        chunk = part(n)
        chunks.append(chunk)
        length += len(chunk.encode())
    return "".join(chunks)


def prose(size: int) -> str:
    para = (
        "<p>The health forum in Beijing gathered {n} hospital directors and biotech firms;"
        " session {n} covered devices, vaccines and elderly care.</p>"
    )
    body = _fill(lambda n: para.format(n=n), size)
    return HEAD.format(t="Health forum held in Beijing") + body + TAIL


def dates(size: int) -> str:
    days = itertools.cycle(itertools.product(range(6), range(1, 29)))

    def one(_n: int) -> str:
        month, day = next(days)
        return f"{MONTHS[month]} {day}, 2024, "

    paragraph = f"<p>The forum was held on {_fill(one, size)}.</p>"
    return HEAD.format(t="Health forum held in Beijing") + paragraph + TAIL


def nested(size: int) -> str:
    text = "<p>Hospital directors met in Shanghai on imaging and rehabilitation, round {n}.</p>"
    block = "<div>" * 200 + text + "</div>" * 200
    return HEAD.format(t="Nested health report") + _fill(lambda n: block.format(n=n), size) + TAIL


def listing(size: int) -> str:
    link = "<li><a href='/news/2024/05/{n}.html'>Health industry report number {n}</a></li>"
    return HEAD.format(t="News") + "<ul>" + _fill(lambda n: link.format(n=n), size) + "</ul>" + TAIL


PAGES: dict[str, tuple[Callable[[int], str], str]] = {
    "prose": (prose, "utf-8"),
    "dates": (dates, "utf-8"),
    "nested": (nested, "utf-8"),
    "listing": (listing, "utf-8"),
    "gbk": (lambda size: prose(size).replace("Beijing", "北京"), "gbk"),
}


def _cpu(page: FetchedPage, repeat: int) -> float:
    best = math.inf
    for _ in range(repeat):
        start = time.process_time()
        with contextlib.suppress(PageError):  # a refused page costs its time too
            extract_article(page)
        best = min(best, time.process_time() - start)
    return best


def _slope(rows: list[tuple[int, float]]) -> str:
    if len(rows) < 2 or rows[0][1] <= 0 or rows[-1][1] <= 0:
        return "n/a"
    (small, t_small), (big, t_big) = rows[0], rows[-1]
    ratio = (t_big / big) / (t_small / small)
    exponent = math.log(t_big / t_small) / math.log(big / small)
    return f"ratio {ratio:5.2f}, exponent {exponent:4.2f} ({small // KB}-{big // KB} KB)"


def run(sizes: list[int], repeat: int) -> None:
    print(f"CPU seconds (time.process_time), best of {repeat}; KB = {KB} bytes of HTML")
    for name, (build, encoding) in PAGES.items():
        rows: list[tuple[int, float]] = []
        print(f"\n{name}")
        for size in sizes:
            body = build(size * KB).encode(encoding, "replace")
            page = FetchedPage(url="http://bench.test/a.html", site="bench", body=body)
            seconds = _cpu(page, repeat)
            rows.append((len(body), seconds))
            per_kb = seconds / (len(body) / KB) * 1000
            print(f"    {len(body) // KB:>6} KB {seconds:8.3f} s {per_kb:7.3f} ms/KB")
        slow = [row for row in rows if row[0] <= FAST_ABOVE_BYTES]
        fast = [row for row in rows if row[0] > FAST_ABOVE_BYTES]
        print(f"  slope up to 1 MB: {_slope(slow)}; above (fast mode): {_slope(fast)}")


def run_listings(counts: list[int], repeat: int) -> None:
    rows: list[tuple[int, float]] = []
    print("\nread_listing (ul.news-list a), links per listing")
    for count in counts:
        links = "".join(
            f"<li><a href='/news/2024/05/{n}.html'>Health report {n}</a></li>" for n in range(count)
        )
        body = f"<html><body><ul class='news-list'>{links}</ul></body></html>".encode()
        listing = Listing(links="ul.news-list a", next_page="a.next")
        best = math.inf
        for _ in range(repeat):
            response = page_response(body, "http://bench.test/news/")
            start = time.process_time()
            read_listing(listing, response)
            best = min(best, time.process_time() - start)
        rows.append((count * KB, best))  # _slope reads "KB": 1 link = 1 unit here
        print(f"    {count:>7} links {best:8.3f} s {best / count * 1e6:7.2f} us/link")
    print(f"  slope: {_slope(rows).split(' (')[0]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--sizes", default="50,100,200,400,800,1600,3200,6400", help="KB, ascending"
    )
    parser.add_argument("--repeat", type=int, default=1, help="runs per size (best is kept)")
    parser.add_argument("--links", default="1000,10000,100000", help="links per listing")
    args = parser.parse_args()
    run([int(size) for size in args.sizes.split(",")], max(1, args.repeat))
    run_listings([int(count) for count in args.links.split(",")], max(1, args.repeat))


if __name__ == "__main__":
    main()
