"""The warm crawl worker: ``python -m crawler.worker.serve --parent PID``.

A fresh interpreter per crawl costs about 0.5 s of CPU in imports alone
(Scrapy, Twisted, trafilatura, SQLAlchemy, the analysis); a daemon polling
many sites paid it on every poll.  This worker pays it once: it imports
everything, starts one Twisted reactor, and then runs crawl after crawl as
the daemon asks, each in a fresh ``CrawlerRunner`` (several spiders side by
side, as in the one-shot child).

The protocol is JSON lines.  On stdin, one command per crawl::

    {"crawl": 7, "settings": {...CrawlSettings...}, "sites": ["nhc_en", ...]}

On stdout, the crawl's progress lines (``crawler.crawl.runs``) and then::

    {"kind": "finished", "crawl": 7, "exit": 0}      # 0: every site "ok"

The worker says ``{"kind": "ready"}`` once its imports are done and exits
when stdin closes.  It keeps what a child per crawl gave: the daemon cuts a
crawl that overruns its time by killing the worker (a new one serves the
next crawl), replaces a worker that crashed, grew past its memory limit or
ran its number of crawls (``scheduler.worker``), and the worker dies with
the daemon however the daemon dies.  The daemon never imports the reactor.
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
from typing import Any

from crawler.worker.process import die_with_parent

REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"


def emit(kind: str, **data: Any) -> None:
    sys.stdout.write(json.dumps({"kind": kind, **data}, ensure_ascii=False) + "\n")
    sys.stdout.flush()


class Worker:
    """Runs one crawl at a time in this process's reactor."""

    def __init__(self) -> None:
        from scrapy.utils.log import configure_logging  # noqa: PLC0415 - after the reactor

        configure_logging(install_root_handler=True)
        self.busy = False

    def run(self, command: dict[str, Any]) -> None:
        """Start one crawl (called in the reactor thread)."""
        from scrapy.crawler import CrawlerRunner  # noqa: PLC0415 - after the reactor
        from twisted.internet.defer import DeferredList  # noqa: PLC0415

        from crawler.config.crawl import CrawlSettings  # noqa: PLC0415
        from crawler.worker.process import scrapy_settings, start_crawls  # noqa: PLC0415

        crawl_id = command.get("crawl")
        try:
            settings = CrawlSettings.model_validate(command["settings"])
            sites = [str(site) for site in command["sites"]]
            runner = CrawlerRunner(scrapy_settings(settings))
            crawlers, deferreds = start_crawls(runner, settings, sites)
        except Exception as exc:  # a command it cannot start: say so, serve on
            emit("fatal", crawl=crawl_id, error=f"{type(exc).__name__}: {exc}")
            emit("finished", crawl=crawl_id, exit=2)
            return
        self.busy = True
        done = DeferredList(deferreds, consumeErrors=True)
        done.addBoth(lambda _: self.finished(crawl_id, crawlers))

    def finished(self, crawl_id: Any, crawlers: list[Any]) -> None:
        from crawler.worker.process import all_ok  # noqa: PLC0415

        self.busy = False
        forget_caches()
        emit("finished", crawl=crawl_id, exit=0 if all_ok(crawlers) else 1)


def forget_caches() -> None:
    """Between crawls: the caches that would grow over a long life
    (trafilatura's documented ones)."""
    try:
        from trafilatura.meta import reset_caches  # noqa: PLC0415
    except ImportError:
        return
    reset_caches()


def read_commands(reactor: Any, worker: Worker) -> None:
    """stdin -> the reactor, one command a line; EOF (the daemon is gone) stops it."""
    for line in sys.stdin:
        try:
            command = json.loads(line)
        except ValueError:
            emit("fatal", error=f"not a command: {line[:200]!r}")
            continue
        reactor.callFromThread(worker.run, command)
    reactor.callFromThread(reactor.stop)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m crawler.worker.serve")
    parser.add_argument("--parent", type=int, help="the daemon: die with it")
    args = parser.parse_args(argv)
    die_with_parent(args.parent)
    from scrapy.utils.reactor import install_reactor  # noqa: PLC0415 - before anything else

    install_reactor(REACTOR)
    from twisted.internet import reactor  # noqa: PLC0415

    import crawler.crawl.pipelines  # noqa: PLC0415 - the imports a crawl needs, once
    import crawler.worker.process  # noqa: F401, PLC0415
    import spiders.generic  # noqa: F401, PLC0415

    worker = Worker()
    threading.Thread(target=read_commands, args=(reactor, worker), daemon=True).start()
    emit("ready")
    reactor.run(installSignalHandlers=False)  # type: ignore[misc, call-arg]
    from crawler.crawl.browser import close_leftovers  # noqa: PLC0415

    close_leftovers()
    return 0


if __name__ == "__main__":
    sys.exit(main())
