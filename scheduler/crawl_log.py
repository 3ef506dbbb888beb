"""The log events of a crawl: one line per site and one per child.

Kept apart from the daemon so its lines have one shape wherever they are
written; the field names are what docs/ops.md lists for ops to query.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from scheduler.logs import get_logger
from scheduler.metrics import CrawlReport
from scheduler.runner import CrawlOutcome

log = get_logger("healthwatch.daemon")


def log_progress(line: dict[str, Any]) -> None:
    """Relay the child's progress lines (site and run ids) as they come."""
    kind = line.get("kind")
    if kind == "start":
        log.info("crawl.site_started", site=line.get("site"), run=line.get("run"))
    elif kind == "fatal":
        log.error("crawl.child_fatal", error=line.get("error"))
    elif kind == "network":  # a site's own proxy, headers, robots.txt override (masked)
        log.warning("crawl.site_network", site=line.get("site"), notes=line.get("notes"))
    elif kind in ("page", "article", "dropped"):
        log.debug(f"crawl.{kind}", **{k: v for k, v in line.items() if k != "kind"})


def log_outcome(batch: list[str], outcome: CrawlOutcome, reports: list[CrawlReport]) -> None:
    """How each site's crawl ended, then how the child did."""
    for report in reports:
        log.info(
            "crawl.site_finished",
            site=report.site,
            run=report.run,
            status=report.status,
            seconds=round(report.seconds, 2),
            requests=report.requests,
            new_articles=report.new_articles,
            new_events=report.new_events,
            error=last_line(report.error),
        )
    startup = outcome.startup_seconds
    log.info(
        "crawl.finished",
        sites=batch,
        exit_code=outcome.exit_code,
        timed_out=outcome.timed_out,
        cancelled=outcome.cancelled,
        startup_seconds=None if startup is None else round(startup, 3),
        wall_seconds=round(outcome.wall_seconds, 2),
    )


def one_line(exc: BaseException) -> str:
    """An exception as one line of log text."""
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def last_line(text: str | None) -> str | None:
    """The last line of a run's error: the summary (the stderr tail comes first)."""
    return text.strip().splitlines()[-1] if text and text.strip() else None


def iso(value: dt.datetime | None) -> str | None:
    return None if value is None else value.isoformat(timespec="seconds")
