"""The daemon: per-site schedules feeding one crawl runner, plus the dispatcher.

One APScheduler 3 ``BackgroundScheduler`` holds a job per enabled site (it
only queues the site), the alert dispatcher and a metrics refresher.  One
runner thread takes due sites from the queue in batches and crawls each
batch in one child process (``scheduler.runner``): the daemon itself never
imports the Twisted reactor, and a crawl that hangs or crashes only ends
its own child.

Several daemons may share one PostgreSQL database (docs/scaling.md): every
site's schedule is cut into slots that all nodes compute alike
(``scheduler.slots``); the node that takes a (site, slot) row crawls it, the
preferred node first and any other after ``takeover_after``, and it holds
the site's advisory lock while it crawls (``storage.nodes``).  The last and
next run of each site live in the ``site`` table, and the slots taken in
``crawl_slot``, so a restart resumes the schedule instead of re-crawling.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import datetime as dt
import os
import random
import signal
import socket
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

from alerts.agenda import dispatch_agendas
from alerts.channels import ChannelOptions
from alerts.dispatcher import dispatch_digests, dispatch_due
from crawler.config.network import describe
from crawler.config.settings import Settings
from scheduler.batches import CrawlQueue
from scheduler.breakage import (
    DegradedChange,
    HealthChange,
    degraded_changes,
    notify_ops,
    update_health,
)
from scheduler.crawl_log import iso, log_outcome, log_progress, one_line
from scheduler.cycle import record_unchanged, record_unfinished, retry_policy, tell_dead_alerts
from scheduler.logs import get_logger
from scheduler.metrics import CrawlReport, Metrics, crawl_reports, outcome_reports
from scheduler.precheck import Prechecker, SiteCheck, site_entries
from scheduler.runner import KILL_GRACE, CrawlOutcome, run_crawl
from scheduler.schedules import SiteSchedule
from scheduler.slots import current_slot, next_slot, preferred_node
from scheduler.state import record_schedule, schedule_state
from scheduler.worker import WarmWorker
from storage.db import first_line, transaction
from storage.models import utcnow
from storage.nodes import Presence
from storage.runs import close_abandoned, forget_old_runs, newest_run_ids
from storage.slots import forget_old_slots, record_slot_runs, slot_taker, take_slot

# Gauges read from the database (alerts, backlog, site health) are this fresh.
METRICS_REFRESH = 15.0
# Seconds between looks for due digests: a digest goes out at most this late.
DIGEST_EVERY = 60.0
# How often old runs and slot claims are deleted, and how many runs per transaction.
PRUNE_EVERY = 3600.0
PRUNE_BATCH = 5000
# A database that has not answered "SELECT 1" within this is reported down.
DATABASE_CHECK_TIMEOUT = 5.0

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
        self.queue = CrawlQueue(settings.batch_window, settings.batch_size, self._jitter)
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
        self.worker = (
            WarmWorker(
                settings.worker_max_crawls,
                settings.worker_max_rss_mb,
                settings.worker_kill_rss_mb,
            )
            if settings.warm_worker
            else None
        )
        self.prechecker = Prechecker(settings) if settings.precheck else None
        self.presence = Presence(engine)
        # The database health check runs here, with a deadline (database_problem).
        self._checker = concurrent.futures.ThreadPoolExecutor(1, "healthwatch-dbcheck")
        self._check: concurrent.futures.Future[str | None] | None = None
        self._check_lock = threading.Lock()
        self.node = settings.node_name or f"{socket.gethostname()}-{os.getpid()}"
        self.slots: dict[str, dt.datetime] = {}  # site -> the slot it is queued for

    # ------------------------------------------------------------------ start

    def start(self) -> None:
        """Join the nodes, resume each site's schedule from the database, start working.

        A site whose current slot no node has taken yet is polled soon (a
        missed slot, or a new site); the others wait for their next slot.
        """
        number = self.presence.join()
        log.info("node.joined", node=self.node, number=number, shared=self.presence.shared)
        now = utcnow()
        with transaction(self.factory) as session:
            _stored, busy = schedule_state(session, list(self.schedules), self.settings, now)
            taken = {
                site: slot_taker(session, site, current_slot(schedule, now))
                for site, schedule in self.schedules.items()
            }
        self.scheduler.start(paused=True)
        for site, schedule in self.schedules.items():
            catch_up = taken[site] is None
            start = now + self._spread(schedule) if catch_up else next_slot(schedule, now)
            if busy.get(site) is not None and busy[site] > start:
                start = busy[site]
            self._add_site_job(schedule, start, next_slot(schedule, now), catch_up=catch_up)
        self._add_job(
            "dispatch", self.dispatch, IntervalTrigger(seconds=self.settings.dispatch_every), now
        )
        self._add_job("digest", self.digest, IntervalTrigger(seconds=DIGEST_EVERY), now)
        self._add_job(
            "metrics", self.refresh_metrics, IntervalTrigger(seconds=METRICS_REFRESH), now
        )
        self._add_job("prune", self.prune, IntervalTrigger(seconds=PRUNE_EVERY), now)
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
            cfg = self.settings.sites.get(site)
            if cfg is not None and (notes := describe(cfg.proxy, cfg.obey_robots, cfg.headers)):
                log.warning("site.network", site=site, notes=notes)

    def _jitter(self, site: str) -> float:
        """The most a batch led by ``site`` waits (its schedule's jitter)."""
        schedule = self.schedules.get(site)
        return schedule.jitter(self.settings) if schedule is not None else 0.0

    def _spread(self, schedule: SiteSchedule) -> dt.timedelta:
        """A catch-up poll's small random delay, so a restart does not poll every site at once."""
        return dt.timedelta(seconds=random.uniform(0, min(schedule.jitter(self.settings), 30.0)))  # noqa: S311 - spreading load

    def _add_site_job(
        self, schedule: SiteSchedule, start: dt.datetime, aligned: dt.datetime, catch_up: bool
    ) -> None:
        """One job per site: it only queues the site, so it never overlaps a crawl.

        The job fires at every slot boundary from ``aligned`` on (jitter is
        the batch's, in the queue): every node's boundaries are the same.  A site whose
        current slot nobody took catches up once, at ``start``.
        """
        first = {"next_run_time": aligned} if schedule.cron is None else {}
        self.scheduler.add_job(
            self.enqueue,
            schedule.trigger(aligned),
            args=[schedule.site],
            id=f"site:{schedule.site}",
            name=f"poll {schedule.site}",
            max_instances=1,
            coalesce=True,
            misfire_grace_time=schedule.misfire_grace(),
            **first,
        )
        if catch_up:
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
        """A site's slot came: queue it (this node is preferred for the slot),
        or come back after ``takeover_after`` in case the preferred node does not."""
        if self.stopping.is_set():
            return
        slot = current_slot(self.schedules[site], utcnow())
        number = self.presence.number
        live = self.presence.live_nodes() if number is not None else []
        if live and number in live and preferred_node(site, slot, live) != number:
            wait = self.schedules[site].jitter(self.settings) + self.settings.takeover_after
            when = utcnow() + dt.timedelta(seconds=wait)
            with contextlib.suppress(Exception):  # shutting down: nothing to take over
                self.scheduler.add_job(
                    self.take_over,
                    DateTrigger(when),
                    args=[site, slot],
                    id=f"takeover:{site}",
                    replace_existing=True,
                )
            return
        self._offer(site, slot)

    def take_over(self, site: str, slot: dt.datetime) -> None:
        """The preferred node had its chance: crawl the slot if nobody took it."""
        if self.stopping.is_set() or current_slot(self.schedules[site], utcnow()) != slot:
            return
        try:
            with transaction(self.factory) as session:
                taken = slot_taker(session, site, slot)
        except SQLAlchemyError:  # no answer: queue it; the crawl waits for the database
            taken = None
        if taken is None:
            log.info("crawl.taking_over", site=site, slot=iso(slot))
            self._offer(site, slot)

    def _offer(self, site: str, slot: dt.datetime) -> None:
        self.slots[site] = slot
        if self.queue.offer(site):
            log.debug("crawl.queued", site=site, slot=iso(slot))
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
                retry_policy(self.settings),
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
        """Send the daily digests whose local time has come (one per subscriber),
        and the agendas whose day and time have come.

        Each digest row is due at its subscriber's next digest moment, so
        this pass only has to look often; an empty period claims nothing.
        """
        if self.stopping.is_set():
            return
        with self.dispatching:
            policy = retry_policy(self.settings)
            report = dispatch_digests(self.factory, self.options, policy)
            report.extend(dispatch_agendas(self.factory, self.options, policy))
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
        """Re-read the stored-state gauges (alerts, backlog, health, last success);
        rejoin the nodes if the database dropped this node's presence."""
        if not self.presence.check():
            log.warning("node.presence_lost", node=self.node)
        with transaction(self.factory) as session:
            self.metrics.refresh(session)

    def prune(self) -> None:
        """Forget slot claims past their use and runs past ``keep_runs_days``,
        a batch per transaction, so a first pass over a large history never
        holds a long lock (every node may prune: the deletes are idempotent)."""
        with transaction(self.factory) as session:
            forget_old_slots(session)
        if not self.settings.keep_runs_days:
            return
        before = utcnow() - dt.timedelta(days=self.settings.keep_runs_days)
        with self.factory() as session:
            keep = newest_run_ids(session)
        total, batch = 0, PRUNE_BATCH
        while batch == PRUNE_BATCH and not self.stopping.is_set():
            with transaction(self.factory) as session:
                batch = forget_old_runs(session, before, keep, PRUNE_BATCH)
            total += batch
        if total:
            log.info("runs.pruned", runs=total, finished_before=iso(before))

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
        taken = self.take_slots(batch)
        batch = list(taken)
        if not batch:
            return
        started = utcnow()
        unchanged = self.unchanged(batch)
        rest = [site for site in batch if site not in unchanged]
        try:
            outcome = self.run_crawl(rest) if rest else CrawlOutcome(exit_code=0)
        finally:
            for site in batch:
                self.presence.unlock_site(site)
        self.child = None
        if outcome.startup_seconds is not None:
            self.metrics.startup.observe(outcome.startup_seconds)
        changes: list[HealthChange | DegradedChange] = []
        try:
            with transaction(self.factory) as session:
                record_unfinished(session, rest, outcome)
                for check in unchanged.values():
                    record_unchanged(session, check, self.node, outcome)
                record_slot_runs(session, taken, outcome.runs)
                reports, changes = self.after_crawl(session, batch, outcome, started)
        except SQLAlchemyError as exc:
            log.error("crawl.not_recorded", sites=batch, error=first_line(exc))
            reports = outcome_reports(batch, outcome)
        self.metrics.record_crawls(reports)
        log_outcome(batch, outcome, reports)
        self.announce(changes)
        if any(report.new_events for report in reports):
            self._wake("dispatch")

    def run_crawl(self, sites: list[str]) -> CrawlOutcome:
        """Crawl ``sites`` in the warm worker (or a child per crawl)."""
        log.info("crawl.started", sites=sites, node=self.node)
        crawl = self.worker.crawl if self.worker is not None else run_crawl
        return crawl(
            self.settings.model_copy(update={"node": self.node}),
            sites,
            log_progress,
            stop=self.cancel,
            on_spawn=self._spawned,
        )

    def unchanged(self, batch: list[str]) -> dict[str, SiteCheck]:
        """The sites of ``batch`` whose entry pages all answered 304 to the
        daemon's own conditional GETs (``scheduler.precheck``): no crawl for
        them.  Any trouble here only means "crawl them all"."""
        if self.prechecker is None:
            return {}
        try:
            with self.factory() as session:
                entries = {
                    site: site_entries(session, site, self.settings.sites.get(site))
                    for site in batch
                }
            checks = self.prechecker.check(entries, self.settings.sites)
        except Exception as exc:  # the crawl still runs: never lose a poll to the check
            log.warning("crawl.precheck_failed", sites=batch, error=one_line(exc))
            return {}
        for check in checks.values():
            if not check.unchanged:
                log.debug("crawl.precheck_changed", site=check.site, why=check.why)
        unchanged = {site: check for site, check in checks.items() if check.unchanged}
        if unchanged:
            requests = sum(check.requests for check in unchanged.values())
            log.info("crawl.unchanged", sites=sorted(unchanged), requests=requests)
        return unchanged

    def take_slots(self, batch: list[str]) -> dict[str, dt.datetime]:
        """The sites of ``batch`` this node crawls now, with their slots: it
        took the slot, and no other node is crawling them (their advisory
        lock was free)."""
        mine: dict[str, dt.datetime] = {}
        for site in batch:
            slot = self.slots.pop(site, None) or current_slot(self.schedules[site], utcnow())
            with transaction(self.factory) as session:
                took = take_slot(session, site, slot, self.node)
            if not took:
                log.info("crawl.skipped", site=site, reason="another node took the slot")
            elif not self.presence.lock_site(site):
                log.info("crawl.skipped", site=site, reason="another node is crawling it")
            else:
                with transaction(self.factory) as session:  # we hold its lock: none is alive
                    close_abandoned(session, site, "abandoned: its daemon or node stopped")
                mine[site] = slot
        return mine

    def after_crawl(
        self, session: Session, sites: list[str], outcome: CrawlOutcome, started: dt.datetime
    ) -> tuple[list[CrawlReport], list[HealthChange | DegradedChange]]:
        """Everything that follows one crawl outcome, in the transaction that
        records it: the sites' schedule state, the runs as metric reports,
        the sites' health judged anew (broken, degraded), then fresh gauges
        that show it all."""
        self._record_next_runs(session, sites, last_run=started)
        reports = crawl_reports(session, outcome.runs)
        changes: list[HealthChange | DegradedChange] = []
        changes += update_health(session, sites, self.settings.failure_threshold)
        changes += degraded_changes(session, sites)
        session.flush()
        self.metrics.refresh(session)
        return reports, changes

    def announce(self, changes: list[HealthChange | DegradedChange]) -> None:
        """Log each health transition and tell ops, once per transition.

        Sent after the transaction that recorded it: a slow channel never
        holds a database lock, and a failed send is logged, not retried (the
        site's state stays visible in `status` and /metrics either way).
        """
        for change in changes:
            if isinstance(change, DegradedChange):
                if change.degraded:
                    log.warning("site.degraded", site=change.site, reason=change.reason)
                else:
                    log.info("site.selectors_ok", site=change.site)
            elif change.healthy:
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
        """None when the database answers a trivial query in time, else why not.

        The query runs in a thread of its own with a deadline: a database
        that stalls (a network that swallows packets, a frozen server) makes
        the answer "no answer within N s", never a /healthz that hangs.  At
        most one check waits at a time; while it does, the answer is that.
        """
        with self._check_lock:
            if self._check is None or self._check.done():
                self._check = self._checker.submit(self._query_database)
            check = self._check
        try:
            return check.result(timeout=DATABASE_CHECK_TIMEOUT)
        except concurrent.futures.TimeoutError:
            return f"database: no answer within {DATABASE_CHECK_TIMEOUT:g} s"

    def _query_database(self) -> str | None:
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
        if self.worker is not None:
            self.worker.retire()
        if self.prechecker is not None:
            self.prechecker.close()
        self.presence.leave()
        self._checker.shutdown(wait=False, cancel_futures=True)
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
