"""One daemon per SQLite database: a second is refused with one line, and a
killed daemon never blocks the next one (the kernel drops its lock)."""

from __future__ import annotations

import signal

import pytest

pytestmark = pytest.mark.slow

CONFIG = '[sites.demo_cctv]\nevery = "1h"\n'


def test_a_second_daemon_on_one_sqlite_database_is_refused(start_daemon):
    first = start_daemon(CONFIG)
    first.wait_healthy()
    second = start_daemon(CONFIG)
    assert second.wait_exit(timeout=60) == 2
    [line] = second.log_text().strip().splitlines()
    assert line.startswith(
        f"healthwatch: error: another healthwatch daemon (pid {first.proc.pid}) is running on "
    )
    assert "one daemon per database" in line
    assert first.get("/healthz")[0] == 200  # the first one carries on

    first.signal(signal.SIGKILL)
    first.wait_exit(timeout=10)
    third = start_daemon(CONFIG)
    third.wait_healthy()
    third.signal(signal.SIGTERM)
    assert third.wait_exit(timeout=30) == 0
