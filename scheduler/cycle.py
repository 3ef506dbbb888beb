"""One monitoring cycle: prepare the database, crawl, dispatch alerts.

``healthwatch demo`` and ``healthwatch crawl`` run it once; the daemon runs
its parts on schedules.  It never imports Scrapy: crawling happens in the
child that ``scheduler.runner`` starts.
"""

from __future__ import annotations

import datetime as dt
import signal
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from alerts.channels import ChannelOptions
from alerts.dispatcher import DispatchReport, dispatch_due
from alerts.notice import dead_alerts_notice, tell_ops
from alerts.rules import subscription_rules
from crawler.config.settings import ConfigError, Settings
from crawler.services.search import fill_search_texts
from scheduler.runner import CrawlOutcome, ProgressCallback, run_crawl
from spiders import spider_names
from storage.db import (
    DatabaseError,
    first_line,
    make_engine,
    safe_url,
    session_factory,
    transaction,
    upgrade,
)
from storage.events import event_sites, events_since
from storage.models import Event, utcnow
from storage.outbox import RetryPolicy
from storage.pagestate import save_checks
from storage.runs import finish_run, start_run
from storage.sites import SiteRow, sync_sites
from storage.subscriptions import SubscriptionRow, sync_subscriptions

if TYPE_CHECKING:
    from scheduler.precheck import SiteCheck


@dataclass
class CycleResult:
    """What one cycle found and sent."""

    started: dt.datetime
    sites: list[str]
    outcome: CrawlOutcome
    events: list[tuple[Event, str]] = field(default_factory=list)  # (event, site)
    dispatch: DispatchReport = field(default_factory=DispatchReport)
    ops_errors: list[str] = field(default_factory=list)  # ops notices that failed

    @property
    def failed_sites(self) -> list[str]:
        done = self.outcome.sites
        return [site for site in self.sites if done.get(site, {}).get("status") != "ok"]


def check_sites(settings: Settings, wanted: list[str]) -> list[str]:
    """The enabled sites to crawl; unknown names are a config error."""
    known = set(spider_names())
    for site in wanted:
        if site not in settings.sites:
            raise ConfigError(
                f"unknown site {site!r} (configured: {', '.join(sorted(settings.sites)) or 'none'})"
            )
    missing = [site for site, cfg in settings.sites.items() if site not in known and not cfg.url]
    if missing:
        raise ConfigError(f"sites without a spider in spiders/ or a `url`: {', '.join(missing)}")
    return [site for site in wanted if settings.sites[site].enabled]


def open_database(settings: Settings) -> tuple[Engine, sessionmaker[Session]]:
    """Migrate the database and mirror sites and subscriptions into it."""
    upgrade(settings.database_url)
    engine = make_engine(settings.database_url)
    factory = session_factory(engine)
    try:
        fill_search_texts(factory)
        with transaction(factory) as session:
            sync_sites(session, site_rows(settings))
            sync_subscriptions(session, subscription_rows(settings))
    except SQLAlchemyError as exc:
        raise DatabaseError(
            f"cannot write to {safe_url(settings.database_url)}: {first_line(exc)}"
        ) from exc
    return engine, factory


def site_rows(settings: Settings) -> list[SiteRow]:
    return [
        SiteRow(
            key=key,
            name=key,
            start_urls=list(cfg.start_urls),
            language=None,
            schedule=cfg.cron or cfg.every,
            enabled=cfg.enabled,
        )
        for key, cfg in settings.sites.items()
    ]


def subscription_rows(settings: Settings) -> list[SubscriptionRow]:
    rows: list[SubscriptionRow] = []
    for sub in settings.subscriptions:
        filters = subscription_rules(sub, settings)
        rows.extend(
            SubscriptionRow(sub.name, channel, filters, sub.mode) for channel in sub.channels
        )
    return rows


def record_unfinished(session: Session, sites: list[str], outcome: CrawlOutcome) -> None:
    """Close the runs a dead, killed or overrun child left open.

    A child that died before a site's spider opened left no row at all: one
    is written for it, so every crawl of every site is on record.  The new
    ids join ``outcome.runs``, which then covers each site of the batch.
    """
    status = outcome.unfinished_status
    error = "\n".join(filter(None, [outcome.stderr_tail[-2000:], why_unfinished(outcome)]))
    for site, run_id in outcome.unfinished().items():
        finish_run(session, run_id, status=status, error=error)
        outcome.sites.setdefault(site, {"status": status, "run": run_id, "error": error})
    for site in sites:
        if site not in outcome.runs:
            run_id = start_run(session, site)
            finish_run(session, run_id, status=status, error=error)
            outcome.runs[site] = run_id
            outcome.sites[site] = {"status": status, "run": run_id, "error": error}


def record_unchanged(
    session: Session, check: SiteCheck, node: str | None, outcome: CrawlOutcome
) -> None:
    """The run of a site whose entry pages all answered 304 to the daemon's
    conditional GETs: what a crawl would have written (``ok``, its requests,
    every page not modified), and the pages' checks.  Joins ``outcome``."""
    run_id = start_run(session, check.site, node)
    counts = {"requests": check.requests, "not_modified": len(check.checks)}
    finish_run(session, run_id, status="ok", **counts)
    save_checks(session, check.checks)
    outcome.runs[check.site] = run_id
    outcome.sites[check.site] = {"status": "ok", "run": run_id, **counts}


def why_unfinished(outcome: CrawlOutcome) -> str:
    """One line on how the child ended, kept as the last line of the run's error."""
    if outcome.cancelled:
        return "the crawl was ended by a daemon shutdown"
    if outcome.timed_out:
        return "the crawl child overran crawl_timeout and was stopped"
    if outcome.exit_code < 0:
        return f"the crawl child was killed by {signal_name(-outcome.exit_code)}"
    return f"the crawl child exited with code {outcome.exit_code} before finishing"


def signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


def retry_policy(settings: Settings) -> RetryPolicy:
    """The outbox's retry policy: ``retry_for`` and ``max_attempts`` of the config."""
    return RetryPolicy(
        budget=settings.retry_budget(),
        max_attempts=settings.max_attempts,
        claim_for=dt.timedelta(seconds=settings.claim_for),
    )


def run_cycle(
    settings: Settings,
    factory: sessionmaker[Session],
    sites: list[str],
    on_progress: ProgressCallback | None = None,
) -> CycleResult:
    """Crawl ``sites`` in one child, then send every alert that is due."""
    started = utcnow()
    outcome = run_crawl(settings, sites, on_progress)
    with transaction(factory) as session:
        record_unfinished(session, sites, outcome)
        found = events_since(session, started)
        sites_of = event_sites(session, [event.id for event in found])
        events = [(event, sites_of.get(event.id, "")) for event in found]
    options = ChannelOptions(
        secret=settings.webhook_secret.get_secret_value(),
        sender=settings.smtp_from,
        allow_private=settings.allow_private_targets,
    )
    report = dispatch_due(factory, options, retry_policy(settings))
    errors = tell_dead_alerts(report, settings.ops_channels, options)
    return CycleResult(started, sites, outcome, events, report, errors)


def tell_dead_alerts(
    report: DispatchReport, channels: list[str], options: ChannelOptions
) -> list[str]:
    """Tell ops of the alerts this pass gave up on: each alert dies once, so
    it is told once (one notice per pass, not one per alert)."""
    if not report.dead or not channels:
        return []
    return tell_ops(dead_alerts_notice(report.dead), channels, options)
