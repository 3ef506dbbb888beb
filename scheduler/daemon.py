"""The daemon: per-site schedules feeding one crawl runner, plus the dispatcher.

One APScheduler 3 ``BackgroundScheduler`` holds a job per enabled site (it
only queues the site), the alert dispatcher and a metrics refresher.  One
runner thread takes due sites from the queue in batches and crawls each
batch in one child process (``scheduler.runner``): the daemon itself never
imports the Twisted reactor, and a crawl that hangs or crashes only ends
its own child.  The last and next run of each site live in the ``site``
table, so a restart resumes the schedule instead of re-crawling everything.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable

from apscheduler.executors.pool import ThreadPoolExecutor  # type: ignore[import-untyped]
from apscheduler.schedulers.background import BackgroundScheduler  # type: ignore[import-untyped]
from apscheduler.schedulers.base import STATE_RUNNING  # type: ignore[import-untyped]
from apscheduler.triggers.date import DateTrigger  # type: ignore[import-untyped]
from apscheduler.triggers.interval import IntervalTrigger  # type: ignore[import-untyped]
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from alerts.channels import ChannelOptions
from alerts.dispatcher import dispatch_digests, dispatch_due
from crawler.config.settings import Settings
from scheduler.batches import CrawlQueue
from scheduler.breakage import HealthChange, notify_ops, update_health
from scheduler.crawl_log import iso, log_outcome, log_progress, one_line
from scheduler.cycle import record_unfinished, tell_dead_alerts
from scheduler.logs import get_logger
from scheduler.metrics import CrawlReport, Metrics, crawl_reports, outcome_reports
from scheduler.runner import KILL_GRACE, CrawlOutcome, run_crawl
from scheduler.schedules import SiteSchedule, first_run
from scheduler.state import record_schedule, schedule_state
from storage.db import first_line, transaction
from storage.models import utcnow

# Gauges read from the database (alerts, backlog, site health) are this fresh.
METRICS_REFRESH = 15.0
# Seconds between looks for due digests: a digest goes out at most this late.
DIGEST_EVERY = 60.0

log = get_logger("healthwatch.daemon")


class Daemon:
    """Schedules, the crawl runner thread and the jobs; started and stopped once."""

    def __init__(
        self,
        settings: Settings,
        engine: Engine,
        factory: sessionmaker[Session],
        schedules: dict[str, SiteSchedule],
    ) -> None:
        self.settings = settings
        self.engine = engine
        self.factory = factory
        self.schedules = schedules
        self.queue = CrawlQueue(settings.batch_window, settings.batch_size)
        self.metrics = Metrics(self.queue.sizes)
        self.scheduler = BackgroundScheduler(
            timezone=dt.UTC, executors={"default": ThreadPoolExecutor(max_workers=4)}
        )
        self.stopping = threading.Event()  # set by the first SIGTERM/SIGINT
        self.cancel = threading.Event()  # ends the running crawl child
        self.dispatching = threading.Lock()  # held while a dispatch pass runs
        self.child: subprocess.Popen[bytes] | None = None
        self.stop_signal: int | None = None
        # A daemon thread: if the main thread dies, the process must not hang on it.
        self.runner = threading.Thread(
            target=self._run_batches, name="healthwatch-runner", daemon=True
        )
        self.options = ChannelOptions(
            secret=settings.webhook_secret.get_secret_value(),
            sender=settings.smtp_from,
            allow_private=settings.allow_private_targets,
        )

    # ------------------------------------------------------------------ start

    def start(self) -> None:
        """Resume each site's schedule from the database, then start working."""
        now = utcnow()
        with transaction(self.factory) as session:
            stored, busy = schedule_state(session, list(self.schedules), self.settings, now)
        self.scheduler.start(paused=True)
        for site, schedule in self.schedules.items():
            stored_next = stored.get(site)
            start = first_run(schedule, self.settings, stored_next, busy.get(site), now)
            missed = stored_next is None or stored_next <= now
            self._add_site_job(schedule, start, catch_up=missed)
        self._add_job(
            "dispatch", self.dispatch, IntervalTrigger(seconds=self.settings.dispatch_every), now
        )
        self._add_job("digest", self.digest, IntervalTrigger(seconds=DIGEST_EVERY), now)
        self._add_job(
            "metrics", self.refresh_metrics, IntervalTrigger(seconds=METRICS_REFRESH), now
        )
        with transaction(self.factory) as session:
            self._record_next_runs(session, list(self.schedules))
        self.runner.start()
        self.scheduler.resume()
        for site in self.schedules:
            log.info(
                "site.scheduled",
                site=site,
                schedule=self.schedules[site].describe(),
                next_run=iso(self.next_run(site)),
            )

    def _add_site_job(self, schedule: SiteSchedule, start: dt.datetime, catch_up: bool) -> None:
        """One job per site: it only queues the site, so it never overlaps a crawl.

        An interval job's first run is ``start`` exactly (the trigger alone
        would skip a whole interval when ``start`` is a moment in the past).
        """
        first = {"next_run_time": start} if schedule.cron is None else {}
        self.scheduler.add_job(
            self.enqueue,
            schedule.trigger(self.settings, start),
            args=[schedule.site],
            id=f"site:{schedule.site}",
            name=f"poll {schedule.site}",
            max_instances=1,
            coalesce=True,
            misfire_grace_time=schedule.misfire_grace(),
            **first,
        )
        if schedule.cron is not None and catch_up:
            # A cron site that missed its slot (or never ran) catches up once, soon.
            self.scheduler.add_job(
                self.enqueue,
                DateTrigger(start),
                args=[schedule.site],
                id=f"catchup:{schedule.site}",
            )

    def _add_job(
        self, name: str, func: Callable[[], None], trigger: IntervalTrigger, now: dt.datetime
    ) -> None:
        """A periodic job that runs once at start, then on its interval."""
        self.scheduler.add_job(
            self._guarded(name, func),
            trigger,
            id=name,
            name=name,
            next_run_time=now,
            max_instances=1,
            coalesce=True,
            misfire_grace_time=int(trigger.interval.total_seconds()) or 1,
        )

    def _guarded(self, name: str, func: Callable[[], None]) -> Callable[[], None]:
        """Log a job's failure as one event and count it; the next run retries."""

        def run() -> None:
            try:
                func()
            except Exception as exc:  # a job must never take the scheduler down
                self.metrics.job_errors.labels(name).inc()
                # A database outage is expected and says enough in one line;
                # anything else is a bug and keeps its traceback.
                trace = not isinstance(exc, SQLAlchemyError)
                log.error("job.failed", job=name, error=one_line(exc), exc_info=trace)

        return run

    # ------------------------------------------------------------------ jobs

    def enqueue(self, site: str) -> None:
        """A site's slot came: queue it, unless it is already queued or running."""
        if self.stopping.is_set():
            return
        if self.queue.offer(site):
            log.debug("crawl.queued", site=site)
        else:
            log.info("crawl.skipped", site=site, reason="already queued or running")

    def dispatch(self) -> None:
        """Send the alerts that are due (the outbox survives anything else)."""
        if self.stopping.is_set():
            return
        with self.dispatching:
            report = dispatch_due(
                self.factory,
                self.options,
                self.settings.max_attempts,
                batch=10,
                workers=self.settings.dispatch_workers,
            )
        if report.sent or report.retrying or report.dead:
            log.info(
                "alerts.dispatched",
                sent=len(report.sent),
                retrying=len(report.retrying),
                dead=len(report.dead),
            )
        for error in tell_dead_alerts(report, self.settings.ops_channels, self.options):
            log.error("ops.notice_failed", error=error)
        self.refresh_metrics()

    def digest(self) -> None:
        """Send the daily digests whose local time has come (one per subscriber).

        Each digest row is due at its subscriber's next digest moment, so
        this pass only has to look often; an empty period claims nothing.
        """
        if self.stopping.is_set():
            return
        with self.dispatching:
            report = dispatch_digests(self.factory, self.options, self.settings.max_attempts)
        if report.sent or report.retrying or report.dead:
            log.info(
                "alerts.digests",
                sent=len(report.sent),
                alerts=sum(len(getattr(m, "items", ())) for m in report.sent),
                retrying=len(report.retrying),
                dead=len(report.dead),
            )
            for error in tell_dead_alerts(report, self.settings.ops_channels, self.options):
                log.error("ops.notice_failed", error=error)
            self.refresh_metrics()

    def refresh_metrics(self) -> None:
        """Re-read the stored-state gauges (alerts, backlog, health, last success)."""
        with transaction(self.factory) as session:
            self.metrics.refresh(session)

    # ---------------------------------------------------------------- crawling

    def _run_batches(self) -> None:
        """The runner thread: one batch, one child, until the queue closes."""
        while (batch := self.queue.take()) is not None:
            try:
                self.crawl(batch)
            except Exception as exc:  # keep the runner alive whatever one batch did
                self.metrics.job_errors.labels("crawl").inc()
                log.error("crawl.error", sites=batch, error=one_line(exc), exc_info=True)
            finally:
                self.queue.done(batch)

    def crawl(self, batch: list[str]) -> None:
        """Crawl one batch in a child, record how it ended, update the metrics."""
        problem = self.database_problem()
        if problem is not None:
            self._retry_later(batch, problem)
            return
        started = utcnow()
        log.info("crawl.started", sites=batch)
        outcome = run_crawl(
            self.settings, batch, log_progress, stop=self.cancel, on_spawn=self._spawned
        )
        self.child = None
        if outcome.startup_seconds is not None:
            self.metrics.startup.observe(outcome.startup_seconds)
        changes: list[HealthChange] = []
        try:
            with transaction(self.factory) as session:
                record_unfinished(session, batch, outcome)
                reports, changes = self.after_crawl(session, batch, outcome, started)
        except SQLAlchemyError as exc:
            log.error("crawl.not_recorded", sites=batch, error=first_line(exc))
            reports = outcome_reports(batch, outcome)
        self.metrics.record_crawls(reports)
        log_outcome(batch, outcome, reports)
        self.announce(changes)
        if any(report.new_events for report in reports):
            self._wake("dispatch")

    def after_crawl(
        self, session: Session, sites: list[str], outcome: CrawlOutcome, started: dt.datetime
    ) -> tuple[list[CrawlReport], list[HealthChange]]:
        """Everything that follows one crawl outcome, in the transaction that
        records it: the sites' schedule state, the runs as metric reports,
        the sites' health judged anew, then fresh gauges that show it all."""
        self._record_next_runs(session, sites, last_run=started)
        reports = crawl_reports(session, outcome.runs)
        changes = update_health(session, sites, self.settings.failure_threshold)
        session.flush()
        self.metrics.refresh(session)
        return reports, changes

    def announce(self, changes: list[HealthChange]) -> None:
        """Log each health transition and tell ops, once per transition.

        Sent after the transaction that recorded it: a slow channel never
        holds a database lock, and a failed send is logged, not retried (the
        site's state stays visible in `status` and /metrics either way).
        """
        for change in changes:
            if change.healthy:
                log.info("site.recovered", site=change.site)
            else:
                log.warning("site.unhealthy", site=change.site, reason=change.reason)
        for error in notify_ops(changes, self.settings.ops_channels, self.options):
            log.error("ops.notice_failed", error=error)

    def _record_next_runs(
        self, session: Session, sites: list[str], last_run: dt.datetime | None = None
    ) -> None:
        """Persist when each site runs next (and last ran): a restart reads it."""
        record_schedule(session, {site: self.next_run(site) for site in sites}, last_run)

    def next_run(self, site: str) -> dt.datetime | None:
        """The site's next slot (its job's, or an earlier catch-up run)."""
        times = []
        for job_id in (f"site:{site}", f"catchup:{site}", f"retry:{site}"):
            with contextlib.suppress(Exception):  # a removed or finished job has none
                job = self.scheduler.get_job(job_id)
                if job is not None and job.next_run_time is not None:
                    times.append(job.next_run_time)
        return min(times, default=None)

    def _spawned(self, child: subprocess.Popen[bytes]) -> None:
        self.child = child
        log.debug("crawl.child_spawned", pid=child.pid)

    def _retry_later(self, batch: list[str], problem: str) -> None:
        """The database does not answer: no child is started; try again soon."""
        when = utcnow() + dt.timedelta(seconds=self.settings.database_retry)
        log.warning("crawl.deferred", sites=batch, reason=problem, retry_at=iso(when))
        self.metrics.job_errors.labels("crawl").inc()
        for site in batch:
            with contextlib.suppress(Exception):  # shutting down: nothing to retry
                self.scheduler.add_job(
                    self.enqueue,
                    DateTrigger(when),
                    args=[site],
                    id=f"retry:{site}",
                    replace_existing=True,
                )

    def _wake(self, job_id: str) -> None:
        """Run a periodic job now (new events: send their alerts without waiting)."""
        with contextlib.suppress(Exception):
            self.scheduler.modify_job(job_id, next_run_time=utcnow())

    # ---------------------------------------------------------------- health

    def health_problem(self) -> str | None:
        """None when healthy, else why not: the /healthz answer."""
        if self.stopping.is_set():
            return "shutting down"
        if self.scheduler.state != STATE_RUNNING:
            return "scheduler not running"
        if not self.runner.is_alive():
            return "crawl runner thread stopped"
        return self.database_problem()

    def database_problem(self) -> str | None:
        """None when the database answers a trivial query, else the error."""
        try:
            conn = self.engine.raw_connection()  # no BEGIN IMMEDIATE: never waits on writers
            try:
                cursor = conn.cursor()
                cursor.execute("SELECT 1")
                cursor.fetchall()
                cursor.close()
            finally:
                conn.close()
        except Exception as exc:  # any driver error means "not answering"
            return f"database: {one_line(exc)}"
        return None

    # --------------------------------------------------------------- shutdown

    def request_stop(self, signum: int) -> None:
        """First signal: stop gracefully (the main thread does the work).
        Second signal: kill the crawl child's group and exit at once."""
        if self.stopping.is_set():
            self.force_exit(signum)
        self.stop_signal = signum
        self.stopping.set()

    def force_exit(self, signum: int) -> None:
        """Exit now with 128 + signal number, leaving no crawl child behind."""
        child = self.child
        if child is not None and child.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(child.pid, signal.SIGKILL)
        code = 128 + signum
        log.warning("daemon.forced_exit", signal=signal.Signals(signum).name, exit_code=code)
        _flush()
        os._exit(code)

    def wait(self) -> int:
        """Block the main thread until a signal asks to stop, then shut down."""
        while not self.stopping.wait(1.0):
            pass
        return self.shutdown()

    def shutdown(self) -> int:
        """Stop scheduling, let a running crawl finish within the grace period,
        then end it; wait for a dispatch pass as long as grace remains."""
        grace = self.settings.shutdown_grace
        name = signal.Signals(self.stop_signal).name if self.stop_signal else None
        log.info("daemon.stopping", signal=name, grace_seconds=grace)
        deadline = time.monotonic() + grace
        # Paused, not shut down: shutdown empties the job store, and the
        # crawl that is finishing still records its site's next slot from it.
        self.scheduler.pause()
        dropped = self.queue.close()
        if dropped:
            log.info("crawl.dropped", sites=dropped, reason="shutting down")
        self.runner.join(timeout=max(0.0, deadline - time.monotonic()))
        if self.runner.is_alive():
            log.warning("crawl.cancelling", reason="shutdown grace period over")
            self.cancel.set()
            self.runner.join(timeout=KILL_GRACE + 30)
        abandoned = not self.dispatching.acquire(timeout=max(0.0, deadline - time.monotonic()))
        if abandoned:
            # Claimed alerts are re-sent later with the same idempotency key.
            log.warning("alerts.dispatch_abandoned", reason="shutdown grace period over")
        with contextlib.suppress(Exception):
            self.scheduler.shutdown(wait=False)
        self.engine.dispose()
        log.info("daemon.stopped")
        _flush()
        if abandoned:
            os._exit(0)  # do not wait for the dispatch thread at interpreter exit
        return 0


def _flush() -> None:
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
