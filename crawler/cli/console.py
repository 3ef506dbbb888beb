"""What the CLI shows people: progress while crawling, tables afterwards.

Progress goes to stderr and is live only on a terminal; elsewhere (CI,
logs) each site gets one plain line when it finishes.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from typing import Any

from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from alerts.dispatcher import DispatchReport
from storage.models import Event

# On a terminal (or with COLUMNS set) tables fit its width; piped, 140 columns.
out = Console(
    highlight=False,
    soft_wrap=False,
    width=None if sys.stdout.isatty() or os.environ.get("COLUMNS") else 140,
)
err = Console(stderr=True, highlight=False, soft_wrap=not sys.stderr.isatty())


class CrawlProgress:
    """Per-site counters fed by the crawl child's progress lines."""

    def __init__(self, sites: Iterable[str]) -> None:
        self.live = err.is_terminal
        self.progress = Progress(
            SpinnerColumn(),
            TextColumn("{task.description:<16}"),
            TextColumn(
                "{task.fields[pages]:>3} pages  {task.fields[articles]:>3} new articles  "
                "{task.fields[events]:>3} events  {task.fields[status]}"
            ),
            TimeElapsedColumn(),
            console=err,
            disable=not self.live,
        )
        self.tasks: dict[str, TaskID] = {
            site: self.progress.add_task(site, total=None, pages=0, articles=0, events=0, status="")
            for site in sites
        }
        self.counts = {site: {"pages": 0, "articles": 0, "events": 0} for site in self.tasks}

    def __enter__(self) -> CrawlProgress:
        self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.stop()

    def update(self, line: dict[str, Any]) -> None:
        """Apply one progress line from the child."""
        site = str(line.get("site"))
        if site not in self.tasks:
            return
        counts, kind = self.counts[site], line.get("kind")
        if kind == "page":
            counts["pages"] += 1
        elif kind == "article":
            counts["articles"] += 1
            counts["events"] += int(bool(line.get("new_event")))
        status = str(line.get("status", "")) if kind == "done" else ""
        self.progress.update(
            self.tasks[site],
            pages=counts["pages"],
            articles=counts["articles"],
            events=counts["events"],
            status=status,
        )
        if kind == "done":
            self.progress.update(self.tasks[site], total=1, completed=1)
            if not self.live:
                error = f" ({line['error']})" if line.get("error") else ""
                err.print(
                    f"crawled {site}: {counts['pages']} pages, {counts['articles']} new articles, "
                    f"{counts['events']} new events, {status}{error}"
                )


def events_table(events: Iterable[tuple[Event, str]], title: str) -> Table:
    """Type, date, title and site of each event."""
    table = Table(title=title, title_justify="left")
    for name in ("type", "date", "title", "site"):
        table.add_column(name, overflow="fold")
    for event, site in events:
        when = event.start_date.isoformat() if event.start_date else "-"
        if event.end_date and event.end_date != event.start_date:
            when += f"..{event.end_date.isoformat()}"
        table.add_row(event.type, when, event.title, site)
    return table


def event_records_table(records: Iterable[dict[str, Any]], title: str) -> Table:
    """Date, type and status, then title with the site and source address
    under it: fits 80 columns (long titles and addresses fold)."""
    table = Table(title=title, title_justify="left")
    table.add_column("date", no_wrap=True)
    table.add_column("type", no_wrap=True)
    table.add_column("event (site, source)", overflow="fold")
    for record in records:
        when = record["start"] or "-"
        if record["end"] and record["end"] != record["start"]:
            when += f"\n..{record['end']}"
        source = f"{record['site'] or '-'} {record['source_url'] or ''}".strip()
        table.add_row(
            when,
            f"{record['type']}\n{record['status']}",
            Text(record["title"]) + Text(f"\n{source}", style="dim"),
        )
    return table


def alerts_table(report: DispatchReport) -> Table:
    """Each alert dispatched in this pass and how it went."""
    table = Table(title="Alerts", title_justify="left")
    for name in ("result", "subscription", "channel", "event"):
        table.add_column(name, overflow="fold")
    for message in report.sent:
        table.add_row("sent", message.subscription, scheme(message.channel_url), message.title)
    for message, error in report.retrying:
        table.add_row(
            "retry", message.subscription, scheme(message.channel_url), f"{message.title}: {error}"
        )
    for message, error in report.dead:
        table.add_row(
            "dead", message.subscription, scheme(message.channel_url), f"{message.title}: {error}"
        )
    return table


def sent_line(report: DispatchReport) -> str:
    """``sent 3 alerts``, with ``, 2 retrying later, 1 dead`` when some were
    not (and how many wait behind a receiver that failed: they go out after
    the failed one, in order)."""
    parts = [f"sent {len(report.sent)} alerts"]
    if report.retrying:
        waiting = f" ({report.held} more waiting behind them)" if report.held else ""
        parts.append(f"{len(report.retrying)} retrying later{waiting}")
    if report.dead:
        parts.append(f"{len(report.dead)} dead")
    return ", ".join(parts)


def dead_line(report: DispatchReport) -> str | None:
    """One line when alerts died in this pass (the first one's reason), else None."""
    if not report.dead:
        return None
    message, error = report.dead[0]
    return (
        f"{len(report.dead)} alerts died (first: {message.subscription}: {error}); "
        "`healthwatch alerts retry --dead` sends them again"
    )


def scheme(url: str) -> str:
    """``webhook`` or ``email``: the kind of channel, without its secrets."""
    kind = url.split(":", 1)[0].lower()
    return {"http": "webhook", "https": "webhook", "smtp": "email", "smtps": "email"}.get(
        kind, kind
    )


def render_lines(done: dict[str, dict[str, Any]]) -> list[str]:
    """What the crawl rendered in the browser, per site, and any site whose
    script-built pages went unrendered (no browser): one line each."""
    rendered = {site: int(line.get("rendered") or 0) for site, line in done.items()}
    lines = []
    if total := sum(rendered.values()):
        per_site = ", ".join(f"{site} {n}" for site, n in sorted(rendered.items()) if n)
        pages = "page" if total == 1 else "pages"
        lines.append(f"rendered {total} script-built {pages} in chromium ({per_site})")
    for site, line in sorted(done.items()):
        for warning in line.get("warnings") or []:
            if str(warning).startswith(("render-unavailable", "render-failed")):
                lines.append(f"site {site}: {warning}")
    return lines
