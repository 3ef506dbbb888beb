"""Does page analysis stay linear in the size of the text?

    python bench/analysis_scaling.py [--sizes 5,10,20,40,80] [--repeat 1]

Builds synthetic pages of growing size (KB = 1,000 characters) and times,
in CPU seconds (``time.process_time``), no network:

- ``analyse``: ``crawler.analysis.analyse`` on an ``Article`` made from the
  text, the whole path (it reads at most ``MAX_TEXT_CHARS`` of a page, so
  sizes above that are cut and say so);
- ``dates``: the date layer alone on the whole text (``find_published`` and
  ``find_event_dates``), which has no cut.

Pages: one paragraph packed with English dates, one packed with Chinese
dates (both under a forum headline, so the event dates are read too), and
plain prose with a few dates.  Prints seconds per KB per size and the slope:
the ratio of s/KB at the largest size to s/KB at the smallest (1.0 is
linear, doubling per doubling is quadratic) and the log-log exponent (1.0
linear, 2.0 quadratic).
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import math
import time
from collections.abc import Callable, Iterator

from crawler.analysis import analyse
from crawler.analysis.dates import find_published
from crawler.analysis.event_dates import find_event_dates
from crawler.analysis.events import MAX_TEXT_CHARS
from crawler.items import Article

KB = 1000
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August")
PROSE = (
    "The hospital expanded its outpatient services after a review of waiting times. ",
    "Doctors in the district said the new clinic would ease pressure on the wards. ",
    "The committee published figures on vaccination and chronic disease care. ",
    "Researchers presented results on screening, nutrition and elderly care. ",
    "A spokesperson said the budget covers staff training and new equipment. ",
    "医院表示，新门诊楼投入使用后，候诊时间明显缩短，患者满意度有所提高。",
)


def _dates_en() -> Iterator[str]:
    days = itertools.product(range(2020, 2030), MONTHS, range(1, 29))
    for year, month, day in itertools.cycle(days):
        yield f"{month} {day}, {year}, "


def _dates_zh() -> Iterator[str]:
    days = itertools.product(range(2020, 2030), range(1, 13), range(1, 29))
    for year, month, day in itertools.cycle(days):
        yield f"{year}年{month}月{day}日、"


def _prose() -> Iterator[str]:
    for index, sentence in enumerate(itertools.cycle(PROSE)):
        yield sentence if index % 40 else "The forum was held on April 20, 2024 in Shanghai. "


def _fill(parts: Iterator[str], size: int) -> str:
    chunks, length = [], 0
    for part in parts:
        if length >= size:
            break
        chunks.append(part)
        length += len(part)
    return "".join(chunks)[:size]


PAGES: dict[str, tuple[str, Callable[[int], str]]] = {
    "dates-en": (
        "International Health Forum held in Shanghai",
        lambda size: "The forum was held on " + _fill(_dates_en(), size),
    ),
    "dates-zh": (
        "国际医疗健康论坛在上海举行",
        lambda size: "论坛在上海举行，会期为" + _fill(_dates_zh(), size),
    ),
    "prose": ("International Health Forum held in Shanghai", lambda size: _fill(_prose(), size)),
}


def _cpu(work: Callable[[], object], repeat: int) -> float:
    best = math.inf
    for _ in range(repeat):
        start = time.process_time()
        work()
        best = min(best, time.process_time() - start)
    return best


def _time_analyse(title: str, text: str) -> Callable[[], object]:
    article = Article(url="bench:scaling", title=title, text=text)
    return lambda: analyse(article)


def _time_dates(_title: str, text: str) -> Callable[[], object]:
    published = dt.date(2024, 4, 22)
    return lambda: (find_published(text), find_event_dates(text, published))


def run(sizes: list[int], repeat: int) -> None:
    steps = (("analyse", _time_analyse), ("dates", _time_dates))
    print(f"CPU seconds (time.process_time), best of {repeat}; KB = {KB} characters")
    print(f"analyse reads at most {MAX_TEXT_CHARS:,} characters of a page (cut sizes marked *)")
    for (page, (title, build)), (step, timer) in itertools.product(PAGES.items(), steps):
        per_kb: list[tuple[int, float, float]] = []
        cells = []
        for size in sizes:
            text = build(size * KB)
            seconds = _cpu(timer(title, text), repeat)
            read = min(len(text), MAX_TEXT_CHARS) if step == "analyse" else len(text)
            per_kb.append((read, seconds, seconds / (read / KB)))
            cut = f"* (reads {read // KB} KB)" if read < len(text) else ""
            cells.append(
                f"{size:>4} KB {seconds:8.3f} s {seconds / (read / KB) * 1000:8.2f} ms/KB{cut}"
            )
        (small, t_small, s_small), (big, t_big, s_big) = per_kb[0], per_kb[-1]
        ratio = s_big / s_small if s_small > 0 else math.nan
        exponent = (
            math.log(t_big / t_small) / math.log(big / small)
            if t_small > 0 and t_big > 0 and big > small
            else math.nan
        )
        print(f"\n{page:<9} {step:<8} slope ratio {ratio:5.2f}   log-log exponent {exponent:4.2f}")
        for cell in cells:
            print(f"    {cell}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", default="5,10,20,40,80", help="page sizes in KB, ascending")
    parser.add_argument("--repeat", type=int, default=1, help="runs per size (best is kept)")
    args = parser.parse_args()
    run([int(size) for size in args.sizes.split(",")], max(1, args.repeat))


if __name__ == "__main__":
    main()
