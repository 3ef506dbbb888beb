"""``healthwatch demo``: the whole path on bundled sites, with nothing to set up.

Starts the demo sites, a webhook receiver and an SMTP sink on 127.0.0.1,
crawls every demo site in one child process, stores into SQLite, sends the
alerts to the local receivers, and prints what it found.
"""

from __future__ import annotations

import time

from crawler.cli import console
from crawler.config.settings import load_demo_settings, with_demo_channels
from crawler.demo.receivers import SmtpSink, WebhookReceiver
from crawler.demo.server import DemoServer
from scheduler.cycle import CycleResult, check_sites, open_database, run_cycle
from storage.db import safe_url


def run_demo(keep_serving: bool = False) -> int:
    """One demo cycle; returns the exit code (1 when a site failed)."""
    with DemoServer() as sites, WebhookReceiver() as hook, SmtpSink() as smtp:
        settings = with_demo_channels(load_demo_settings(), hook.url, smtp.url)
        settings = settings.model_copy(update={"demo_server": sites.url})
        wanted = check_sites(settings, list(settings.sites))
        console.err.print(
            f"demo sites served on {sites.url}; database {safe_url(settings.database_url)}"
        )
        engine, factory = open_database(settings)
        with console.CrawlProgress(wanted) as progress:
            result = run_cycle(settings, factory, wanted, progress.update)
        engine.dispose()
        show(result, len(hook.received), len(smtp.messages))
        if keep_serving:
            console.err.print(f"demo sites stay up on {sites.url} (proxy); Ctrl-C to stop")
            wait_forever()
    return 1 if result.failed_sites or result.dispatch.dead else 0


def show(result: CycleResult, webhooks: int, emails: int) -> None:
    """The events table, the alerts table and a one-line summary."""
    if result.events:
        console.out.print(console.events_table(result.events, "New events"))
    if result.dispatch.sent or result.dispatch.retrying or result.dispatch.dead:
        console.out.print(console.alerts_table(result.dispatch))
    stored = result.outcome.totals()
    if stored["new_articles"]:
        console.out.print(
            f"stored {stored['new_articles']} new articles: {stored['duplicates']} copies of "
            f"stored articles, {stored['merged_reports']} more reports of known events"
        )
    for rendered in console.render_lines(result.outcome.sites):
        console.out.print(rendered, markup=False, soft_wrap=True)
    for site in result.failed_sites:
        line = result.outcome.sites.get(site, {})
        console.err.print(
            f"site {site} failed: {line.get('error') or result.outcome.stderr_tail[-300:]}"
        )
    for error in result.ops_errors:
        console.err.print(error, markup=False)
    if (dead := console.dead_line(result.dispatch)) is not None:
        console.err.print(dead, markup=False)
    console.out.print(
        f"found {len(result.events)} new events, {console.sent_line(result.dispatch)} "
        f"({webhooks} webhooks received, {emails} e-mails received)"
    )
    console.out.print(
        "browse them, with calendar, feeds and API: healthwatch serve  "
        "(then open http://127.0.0.1:8000/)",
        markup=False,
        soft_wrap=True,
    )


def wait_forever() -> None:
    """Block until Ctrl-C (KeyboardInterrupt ends the demo cleanly)."""
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        return
