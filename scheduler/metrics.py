"""Prometheus metrics of the daemon, on its own registry.

The crawl runs in a child process, so the child writes its counts to the
database (CrawlRun) and the daemon turns each crawl outcome into counter
and histogram updates here (LIBRARIES.md: no multiprocess mode).  Gauges
that describe stored state (alerts, backlog, site health, last success) are
read from the database by a periodic job into a snapshot, so a scrape never
waits on the database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from sqlalchemy.orm import Session

from scheduler.breakage import selector_misses
from scheduler.runner import CrawlOutcome
from storage.models import utcnow
from storage.runs import last_runs, last_successes, runs_by_id
from storage.sites import enabled_sites
from storage.stats import alert_backlog, alert_states

# Crawl wall times: from a 304-only re-poll (seconds) to a long first crawl.
DURATION_BUCKETS = (1, 2, 5, 10, 30, 60, 120, 300, 600, 1800)
STARTUP_BUCKETS = (0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0, 5.0, 10.0)


@dataclass(frozen=True)
class CrawlReport:
    """One site's crawl as the metrics see it (from its CrawlRun row)."""

    site: str
    run: int | None
    status: str
    seconds: float
    requests: int
    new_articles: int
    new_events: int
    error: str | None
    rendered: int = 0  # pages fetched again in the browser
    warnings: tuple[str, ...] = ()  # "layout-changed: ...", one line each


def warning_kind(text: str) -> str:
    """The label of a warning: its text before the first colon."""
    return text.split(":", 1)[0].strip() or "warning"


@dataclass(frozen=True)
class StoredState:
    """Gauge values read from the database in one pass."""

    alerts: dict[str, int] = field(default_factory=dict)  # status -> rows
    backlog: int = 0  # pending alerts due now
    last_success: dict[str, float] = field(default_factory=dict)  # site -> unix time
    healthy: dict[str, bool] = field(default_factory=dict)  # enabled site -> healthy
    failures: dict[str, int] = field(default_factory=dict)  # site -> failures in a row
    degraded: dict[str, bool] = field(default_factory=dict)  # enabled site -> selectors missed


def read_state(session: Session, now: dt.datetime | None = None) -> StoredState:
    """The stored state the gauges show."""
    now = now or utcnow()
    sites = enabled_sites(session)
    last = last_runs(session, [site.key for site in sites])
    return StoredState(
        alerts=alert_states(session),
        backlog=alert_backlog(session, now),
        last_success=last_successes(session),
        healthy={site.key: site.healthy for site in sites},
        failures={site.key: site.consecutive_failures for site in sites},
        degraded={
            site.key: site.key in last and bool(selector_misses(last[site.key])) for site in sites
        },
    )


class StateCollector(Collector):
    """Yields the gauges of the latest StoredState snapshot at scrape time."""

    def __init__(self) -> None:
        self.state = StoredState()

    def collect(self) -> Iterator[Metric]:
        state = self.state  # one consistent snapshot (swapped whole by the refresher)
        yield _gauge(
            "healthwatch_alerts", "Alerts in the outbox by state.", "state", state.alerts.items()
        )
        backlog = GaugeMetricFamily(
            "healthwatch_outbox_backlog", "Pending alerts whose send time has come."
        )
        backlog.add_metric([], state.backlog)
        yield backlog
        yield _gauge(
            "healthwatch_last_success_timestamp_seconds",
            "Unix time the site's last successful crawl finished.",
            "site",
            state.last_success.items(),
        )
        yield _gauge(
            "healthwatch_site_healthy",
            "1 if the site is healthy, 0 if marked broken.",
            "site",
            ((site, 1 if ok else 0) for site, ok in state.healthy.items()),
        )
        yield _gauge(
            "healthwatch_site_degraded",
            "1 if the site's last crawl read pages whose selectors missed (generic extraction).",
            "site",
            ((site, 1 if bad else 0) for site, bad in state.degraded.items()),
        )
        yield _gauge(
            "healthwatch_site_consecutive_failures",
            "Crawls of the site that failed in a row.",
            "site",
            state.failures.items(),
        )


def _gauge(
    name: str, doc: str, label: str, values: Iterable[tuple[str, float | int]]
) -> GaugeMetricFamily:
    family = GaugeMetricFamily(name, doc, labels=[label])
    for key, value in values:
        family.add_metric([key], value)
    return family


class Metrics:
    """Every metric the daemon exports; one instance per daemon."""

    def __init__(self, queue_sizes: Callable[[], tuple[int, int]]) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        reg = self.registry
        self.crawls = Counter(
            "healthwatch_crawls",
            "Crawls by site and final status.",
            ["site", "status"],
            registry=reg,
        )
        self.duration = Histogram(
            "healthwatch_crawl_duration_seconds",
            "Wall time of one site's crawl.",
            ["site"],
            buckets=DURATION_BUCKETS,
            registry=reg,
        )
        self.articles = Counter(
            "healthwatch_articles_found", "New articles stored.", ["site"], registry=reg
        )
        self.events = Counter(
            "healthwatch_events_found", "New events found.", ["site"], registry=reg
        )
        self.rendered = Counter(
            "healthwatch_pages_rendered",
            "Pages fetched again in the browser (render policy).",
            ["site"],
            registry=reg,
        )
        self.warnings = Counter(
            "healthwatch_crawl_warnings",
            "Warnings crawls recorded without failing, by kind (e.g. layout-changed).",
            ["site", "kind"],
            registry=reg,
        )
        self.startup = Histogram(
            "healthwatch_crawl_child_startup_seconds",
            "Spawn of a crawl child to its first progress line.",
            buckets=STARTUP_BUCKETS,
            registry=reg,
        )
        self.job_errors = Counter(
            "healthwatch_job_errors", "Scheduled jobs that raised, by job.", ["job"], registry=reg
        )
        queue = Gauge(
            "healthwatch_crawl_queue_sites",
            "Sites waiting for a crawl child or being crawled.",
            ["state"],
            registry=reg,
        )
        queue.labels("waiting").set_function(lambda: queue_sizes()[0])
        queue.labels("crawling").set_function(lambda: queue_sizes()[1])
        self.stored = StateCollector()
        reg.register(self.stored)

    def record_crawls(self, reports: Iterable[CrawlReport]) -> None:
        """Count the sites of one finished crawl child."""
        for report in reports:
            self.crawls.labels(report.site, report.status).inc()
            self.duration.labels(report.site).observe(report.seconds)
            self.articles.labels(report.site).inc(report.new_articles)
            self.events.labels(report.site).inc(report.new_events)
            self.rendered.labels(report.site).inc(report.rendered)
            for text in report.warnings:
                self.warnings.labels(report.site, warning_kind(text)).inc()

    def refresh(self, session: Session) -> None:
        """Re-read the stored state the gauges show."""
        self.stored.state = read_state(session)

    def render(self) -> bytes:
        """The Prometheus text exposition of everything."""
        return generate_latest(self.registry)


def crawl_reports(session: Session, runs: dict[str, int]) -> list[CrawlReport]:
    """The CrawlRun rows of one crawl child, as metric reports."""
    rows = runs_by_id(session, runs.values())
    return [
        CrawlReport(
            site=row.site,
            run=row.id,
            status=row.status,
            seconds=((row.finished_at or utcnow()) - row.started_at).total_seconds(),
            requests=row.requests,
            new_articles=row.new_articles,
            new_events=row.new_events,
            error=row.error,
            rendered=row.rendered,
            warnings=tuple(row.warnings or ()),
        )
        for row in rows
    ]


def outcome_reports(sites: list[str], outcome: CrawlOutcome) -> list[CrawlReport]:
    """The same reports from the child's progress lines alone, for when the
    database could not be read after the crawl (it still happened)."""
    reports = []
    for site in sites:
        line = outcome.sites.get(site, {})
        run = outcome.runs.get(site)
        reports.append(
            CrawlReport(
                site=site,
                run=run,
                status=str(line.get("status") or outcome.unfinished_status),
                seconds=outcome.wall_seconds,
                requests=int(line.get("requests", 0)),
                new_articles=int(line.get("new_articles", 0)),
                new_events=int(line.get("new_events", 0)),
                error=line.get("error") or None,
                rendered=int(line.get("rendered", 0)),
                warnings=tuple(line.get("warnings") or ()),
            )
        )
    return reports
