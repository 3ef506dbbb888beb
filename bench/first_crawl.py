"""CPU of a first crawl of 100 real pages, against bare trafilatura (issue 18).

    python -m bench.first_crawl [--corpus ../shared/corpus/pages] [--pages 100]
                                [--repeat 3] [--profile first.prof]

Serves ``--pages`` real saved pages of the shared corpus (``bench/peer_site.py``; EN/ZH, many GBK,
sent as saved with ``Content-Type: text/html`` and no charset, like many
government CMSs) on 127.0.0.1 behind four listing pages of 25 links, and watches each
listing as a generic site (``url = ...``: the spider users get from
``healthwatch sites add``, which reads a listing's 30 newest links), all
four in one crawl child.  Alternating, ``--repeat`` times:

- **healthwatch**: one crawl child (``scheduler.runner.run_crawl``) on a
  fresh SQLite database: fetch, render check, extraction, analysis, dedup,
  storage of every page;
- **bare trafilatura**: a child that imports trafilatura and runs
  ``bare_extraction`` (with metadata) once over the same bodies.

Both are CPU seconds (user + system) of a child process, imports included;
the issue's target is healthwatch per page within 2x of bare trafilatura.
``--profile FILE`` runs one more crawl child under cProfile and prints the
top functions by cumulative and by own time (the figures of
docs/benchmarks.md).
"""

from __future__ import annotations

import argparse
import pstats
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.local_server import answering, child_cpu, serving
from bench.peer_site import PeerSite, corpus_pages, site_settings
from crawler.config.settings import Settings
from scheduler.runner import run_crawl, settings_file
from storage.db import upgrade

ROOT = Path(__file__).resolve().parents[1]

BARE = """
import sys, time, trafilatura
paths = sys.argv[1:]
for path in paths:
    with open(path, "rb") as f:
        trafilatura.bare_extraction(f.read(), with_metadata=True)
"""


def settings_for(base: str, folder: Path) -> Settings:
    url = f"sqlite:///{folder / 'first.db'}"
    upgrade(url)
    return site_settings(url, base, "first_crawl")


def healthwatch(site: PeerSite, base: str) -> tuple[float, int]:
    """CPU seconds of one first crawl, and the article pages it fetched."""
    with tempfile.TemporaryDirectory(prefix="hw-first-") as tmp:
        settings = settings_for(base, Path(tmp))
        served, cpu = site.articles_served(), child_cpu()
        outcome = run_crawl(settings, list(settings.sites))
        cpu = child_cpu() - cpu
        if any(outcome.sites.get(name, {}).get("status") != "ok" for name in settings.sites):
            raise SystemExit(f"crawl failed: {outcome.sites}\n{outcome.stderr_tail}")
        return cpu, site.articles_served() - served


def bare(pages: list[Path]) -> float:
    """CPU seconds of a child that runs bare trafilatura over the same pages."""
    cpu = child_cpu()
    subprocess.run([sys.executable, "-c", BARE, *map(str, pages)], check=True)
    return child_cpu() - cpu


def profile(base: str, out: Path) -> None:
    """One crawl child under cProfile; prints its top functions."""
    with tempfile.TemporaryDirectory(prefix="hw-first-prof-") as tmp:
        folder = Path(tmp)
        settings = settings_for(base, folder)
        argv = [sys.executable, "-m", "cProfile", "-o", str(out), "-m", "crawler.worker.process"]
        argv += ["--settings", str(settings_file(settings, folder)), *settings.sites]
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
    stats = pstats.Stats(str(out))
    stats.sort_stats("cumulative").print_stats(40)
    stats.sort_stats("tottime").print_stats(25)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared/corpus/pages")
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", type=Path, help="also profile one crawl into this file")
    args = parser.parse_args()
    pages = corpus_pages(args.pages, args.corpus)
    site = PeerSite(pages)
    megabytes = sum(len(body) for body in site.bodies.values()) / 1e6
    print(f"{len(pages)} corpus pages, {megabytes:.1f} MB, from {args.corpus}")
    ours: list[float] = []
    theirs: list[float] = []
    with serving(answering(site.answer)) as base:
        for run in range(args.repeat):
            cpu, fetched = healthwatch(site, base)
            ours.append(cpu)
            theirs.append(bare(pages))
            print(
                f"  run {run + 1}: healthwatch {cpu:.2f} s ({fetched} articles fetched), "
                f"bare trafilatura {theirs[-1]:.2f} s"
            )
        if args.profile:
            profile(base, args.profile)
    mine, base_cpu = statistics.median(ours), statistics.median(theirs)
    print(
        f"healthwatch first crawl: {mine:.2f} s CPU median = {mine / len(pages) * 1000:.0f} ms/page"
    )
    print(
        f"bare trafilatura:        {base_cpu:.2f} s CPU median = "
        f"{base_cpu / len(pages) * 1000:.0f} ms/page"
    )
    print(f"ratio healthwatch / bare trafilatura: {mine / base_cpu:.2f}x (target <= 2x)")


if __name__ == "__main__":
    main()
