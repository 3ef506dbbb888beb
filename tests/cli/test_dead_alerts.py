"""`healthwatch crawl` says which alerts went dead or wait for a retry, exits
non-zero when any died, and ops hear of the dead ones once.

The real CLI crawls a demo site (routed to a live DemoServer) into a fresh
SQLite file; one subscription's receiver refuses every alert (HTTP 400:
dead at once), another is down for now (HTTP 503: retried later), and an
ops webhook receives the notices.
"""

from __future__ import annotations

import pytest
from test_cli import healthwatch

from crawler.demo.receivers import WebhookReceiver
from crawler.demo.server import DemoServer

pytestmark = pytest.mark.slow
SECRET = "whsec_ZGVhZC1hbGVydHMtdGVzdC1zZWNyZXQ="


def test_dead_alerts_are_reported_fail_the_command_and_are_told_once(tmp_path, scripted_server):
    refusing, down = scripted_server(400), scripted_server(503)
    with DemoServer() as sites, WebhookReceiver() as ops:
        path = tmp_path / "healthwatch.toml"
        path.write_text(
            f'database_url = "sqlite:///{tmp_path}/hw.db"\ndemo_server = "{sites.url}"\n'
            f'webhook_secret = "{SECRET}"\nallow_private_targets = true\nrender = false\n'
            'download_delay = 0\nalert_backfill = true\nalert_max_age = "off"\n'
            f'ops_channels = ["{ops.url}"]\n[sites.demo_etown]\n'
            f'[[subscriptions]]\nname = "refused"\nchannels = ["{refusing.url}"]\n'
            f'[[subscriptions]]\nname = "down"\nchannels = ["{down.url}"]\n',
            encoding="utf-8",
        )
        first = healthwatch("--config", str(path), "crawl", "demo_etown", cwd=tmp_path)
        out, err = first.stdout.decode(), first.stderr.decode()
        assert first.returncode == 1, err
        assert "Traceback" not in err
        events = len(refusing.requests)
        # the receiver that is down was asked once: its queue waits behind
        # the alert that failed (sent in order when it is back)
        assert events > 0 and len(down.requests) == 1
        waiting = f"{events - 1} more waiting behind them"
        assert f"sent 0 alerts, 1 retrying later ({waiting}), {events} dead" in out
        [line] = [line for line in err.splitlines() if "alerts died" in line]
        assert line.startswith(f"healthwatch: error: {events} alerts died (first: refused: ")
        assert "webhook answered HTTP 400" in line
        [notice] = [hook.json() for hook in ops.received]
        assert notice["kind"] == "alerts.dead" and len(notice["alerts"]) == events
        assert {a["subscription"] for a in notice["alerts"]} == {"refused"}

        again = healthwatch("--config", str(path), "crawl", "demo_etown", cwd=tmp_path)
        assert again.returncode == 0, again.stderr.decode()
        assert len(ops.received) == 1  # the dead alerts were told once
