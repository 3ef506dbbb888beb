"""`healthwatch alerts list|retry|test|enable` and `healthwatch subscriptions`,
run as the user runs them, on a real database and real receivers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from alert_helpers import (
    OPTIONS,
    SECRET,
    alerts_of,
    crawled_before,
    receiver,
    report,
    store,
    subscribe,
)
from click.testing import CliRunner
from sqlalchemy import update
from sqlalchemy.orm import Session, sessionmaker

from alerts.dispatcher import dispatch_due
from crawler.cli.app import main
from storage.db import transaction
from storage.models import Alert, Subscription

SMTP_WITH_PASSWORD = "smtp://alice:Pa55-w0rd-XYZ@127.0.0.1:1?to=a@example.org"


def config(tmp_path: Path, db_url: str, extra: str = "") -> Path:
    path = tmp_path / "healthwatch.toml"
    path.write_text(
        f'database_url = "{db_url}"\nallow_private_targets = true\nwebhook_secret = "{SECRET}"\n'
        + extra,
        encoding="utf-8",
    )
    return path


def run(path: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["--config", str(path), *args])
    return result.exit_code, result.stdout, result.stderr


def dead_and_pending(factory: sessionmaker[Session]) -> list[Alert]:
    subscribe(
        factory,
        ("mail", SMTP_WITH_PASSWORD, {}, "instant"),
        ("hook", "https://hooks.example.org/x?token=T0KEN-abc", {}, "instant"),
    )
    crawled_before(factory, "gov")
    store(factory, report("http://gov.test/1.html", title="Biomedicine forum", site="gov"))
    with transaction(factory) as session:
        mail_sub = session.query(Subscription).filter_by(name="mail").one()
        session.execute(
            update(Alert)
            .where(Alert.subscription_id == mail_sub.id)
            .values(
                status="dead",
                attempts=6,
                last_error="smtp 127.0.0.1:1: auth failed for alice:Pa55-w0rd-XYZ",
            )
        )
    return [alert for _, alert in alerts_of(factory)]


def test_alerts_list_shows_states_and_masks_credentials(
    factory: sessionmaker[Session], db_url: str, tmp_path: Path
) -> None:
    dead_and_pending(factory)
    path = config(tmp_path, db_url)
    code, out, _ = run(path, "alerts", "list")
    assert code == 0
    assert "Pa55-w0rd-XYZ" not in out and "T0KEN-abc" not in out
    assert "alice:***@" in out and "Biomedicine forum" in out
    assert "1 pending, 0 digest, 0 sending, 0 sent, 1 dead" in out

    code, out, _ = run(path, "alerts", "list", "--state", "dead", "--json")
    [record] = [json.loads(line) for line in out.splitlines()]
    assert (record["state"], record["subscription"], record["attempts"]) == ("dead", "mail", 6)
    assert "Pa55-w0rd-XYZ" not in json.dumps(record)
    assert record["last_error"].endswith("alice:***")


def test_alerts_retry_requeues_dead_ones_with_the_same_key(
    factory: sessionmaker[Session], db_url: str, tmp_path: Path
) -> None:
    before = {a.id: a for a in dead_and_pending(factory)}
    path = config(tmp_path, db_url)
    code, out, _ = run(path, "alerts", "retry", "--dead")
    assert code == 0 and out.startswith("requeued 1 alerts")
    after = {a.id: a for _, a in alerts_of(factory)}
    assert {a.status for a in after.values()} == {"pending"}
    assert all(after[i].idempotency_key == before[i].idempotency_key for i in before)
    assert all(a.attempts == 0 for a in after.values())

    code, _, err = run(path, "alerts", "retry", "999")
    assert code == 1 and err.count("\n") == 1 and "999" in err
    code, _, err = run(path, "alerts", "retry")
    assert code == 2 and "give alert ids or --dead" in err


def test_alerts_test_reports_in_one_line(tmp_path: Path, db_url: str, closed_port: int) -> None:
    path = config(tmp_path, db_url)
    with receiver() as hook:
        code, out, _ = run(path, "alerts", "test", hook.url)
    assert code == 0 and out == f"test alert sent to {hook.url}\n"
    [payload] = hook.received  # signed: the receiver verified it
    assert payload["event"]["title"].startswith("healthwatch test alert")

    code, out, err = run(
        path, "alerts", "test", f"smtp://bob:S3cret!@127.0.0.1:{closed_port}?to=a@example.org"
    )
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and "S3cret!" not in err and "failed" in err


def test_alerts_test_refuses_private_targets_unless_allowed(tmp_path: Path, db_url: str) -> None:
    path = tmp_path / "strict.toml"
    path.write_text(f'database_url = "{db_url}"\n', encoding="utf-8")
    with receiver() as hook:
        code, _, err = run(path, "alerts", "test", hook.url)
    assert code == 1 and "non-public address" in err and hook.ids == []


def test_alerts_enable_clears_a_gone_subscription(
    factory: sessionmaker[Session], db_url: str, tmp_path: Path
) -> None:
    with receiver(410) as hook:
        subscribe(factory, ("hook", hook.url, {}, "instant"))
        crawled_before(factory, "gov")
        store(factory, report("http://gov.test/1.html", site="gov"))
        dispatch_due(factory, OPTIONS, retry=3)
    with factory() as session:
        sub = session.query(Subscription).one()
        assert sub.gone_at is not None and "410" in (sub.gone_reason or "")
    # A config sync (every cycle) does not bring a gone endpoint back...
    subscribe(factory, ("hook", hook.url, {}, "instant"))
    with factory() as session:
        assert session.query(Subscription).one().gone_at is not None
    code, out, _ = run(config(tmp_path, db_url), "alerts", "enable", "hook")
    assert code == 0 and "enabled" in out
    with factory() as session:
        sub = session.query(Subscription).one()
        assert (sub.gone_at, sub.enabled) == (None, True)


def test_subscriptions_lists_filters_and_modes_masked(tmp_path: Path) -> None:
    path = config(
        tmp_path,
        "sqlite:///unused.db",
        """
[[subscriptions]]
name = "zh-daily"
channels = ["smtp://carol:Hidden-Pw1@mail.example.org:587?to=c@example.org&starttls=1", "tgram://123456789:abcdefg_hijklmnop/12315544"]
keywords = ["醫療", "biotech"]
languages = ["zh"]
upcoming_only = true
mode = "digest"
digest_at = "07:30"
timezone = "Asia/Shanghai"

[[subscriptions]]
name = "all-instant"
channels = ["https://hooks.example.org/hw"]
""",
    )
    code, out, _ = run(path, "subscriptions")
    assert code == 0
    assert "Hidden-Pw1" not in out and "abcdefg_hijklmnop" not in out
    assert "digest 07:30 Asia/Shanghai" in out and "upcoming only" in out and "醫療" in out
    code, out, _ = run(path, "subscriptions", "--json")
    records = [json.loads(line) for line in out.splitlines()]
    assert [r["name"] for r in records] == ["zh-daily", "all-instant"]
    assert records[0]["channels"][0].startswith("smtp://carol:***@mail.example.org")


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (
            '[[subscriptions]]\nname = "x"\nchannels = ["https://h.example.org"]\ntimezone = "Nowhere/City"\n',
            "unknown time zone",
        ),
        ('alert_max_age = "fortnight"\n', "alert_max_age"),
    ],
)
def test_bad_alert_settings_are_one_line_errors(tmp_path: Path, extra: str, message: str) -> None:
    code, _, err = run(config(tmp_path, "sqlite:///unused.db", extra), "subscriptions")
    assert code == 2 and message in err and err.count("\n") == 1
