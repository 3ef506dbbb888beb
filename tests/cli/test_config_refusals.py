"""Configs that must not start: one line naming what is wrong, exit code 2.

A webhook channel without a signing secret of one's own (the demo's is
public), a channel that is no URL or that no channel takes, environment
variables that are not JSON, a malformed database URL.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_cli import healthwatch, one_error_line

from crawler.config.alerting import DEMO_WEBHOOK_SECRET

SECRET = "whsec_dGhlLXRlc3RzLW93bi1zZWNyZXQ="


def config(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "healthwatch.toml"
    path.write_text(f'database_url = "sqlite:///{tmp_path}/hw.db"\n{body}', encoding="utf-8")
    return path


WEBHOOK_SUB = '[[subscriptions]]\nname = "analysts"\nchannels = ["https://hooks.example.org/hw"]\n'


@pytest.mark.parametrize(
    ("body", "says"),
    [
        (
            WEBHOOK_SUB,
            "subscription 'analysts' sends signed webhooks but webhook_secret is not set",
        ),
        (
            f'webhook_secret = "{DEMO_WEBHOOK_SECRET}"\n' + WEBHOOK_SUB,
            "webhook_secret is the public demo secret",
        ),
        ('ops_channels = ["https://ops.example.org/hw"]\n', "ops_channels sends signed webhooks"),
    ],
)
def test_webhooks_without_a_secret_of_ones_own_refuse_to_start(tmp_path, body, says):
    result = healthwatch("--config", str(config(tmp_path, body)), "run", cwd=tmp_path)
    assert result.returncode == 2
    line = one_error_line(result)
    assert says in line
    assert "HEALTHWATCH_WEBHOOK_SECRET" in line and "secrets.token_bytes(32)" in line


def test_a_secret_from_the_environment_is_enough(tmp_path):
    path = config(tmp_path, WEBHOOK_SUB)
    env = {"HEALTHWATCH_WEBHOOK_SECRET": SECRET}
    result = healthwatch("--config", str(path), "db", "upgrade", cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stderr.decode()


@pytest.mark.parametrize(
    ("channel", "command", "says"),
    [
        ("not a url at all", "db", "subscription 'chat' (subscriptions.0.channels): not a channel URL"),
        ("https://hooks.example.org:99999/x", "db", "not a channel URL"),
        ("nonsense://whatever", "crawl", "subscription 'chat': channel nonsense://***: not a channel URL Apprise understands"),
        ("smtp://mail.example.org:25", "run", "subscription 'chat': channel smtp://mail.example.org:25: an smtp channel needs ?to= recipients"),
    ],
)  # fmt: skip
def test_channel_urls_are_checked_before_anything_runs(tmp_path, channel, command, says):
    path = config(
        tmp_path,
        f'webhook_secret = "{SECRET}"\n[[subscriptions]]\nname = "chat"\nchannels = ["{channel}"]\n',
    )
    args = {"db": ["db", "upgrade"], "crawl": ["crawl", "--all"], "run": ["run"]}[command]
    result = healthwatch("--config", str(path), *args, cwd=tmp_path)
    assert result.returncode == 2
    assert says in one_error_line(result)


@pytest.mark.parametrize("name", ["SUBSCRIPTIONS", "SITES", "OPS_CHANNELS"])
def test_an_environment_variable_that_is_not_json_is_one_line(tmp_path, name):
    result = healthwatch("status", cwd=tmp_path, env={f"HEALTHWATCH_{name}": "not json"})
    assert result.returncode == 2
    assert one_error_line(result).startswith(
        f"healthwatch: error: HEALTHWATCH_{name} is not valid JSON ("
    )


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("postgresql://hw@db.example.org:notaport/hw", "not a database URL"),
        ("not a url", "not a database URL"),
        ("mysql://hw@db.example.org/hw", "unsupported database 'mysql'"),
    ],
)
def test_a_malformed_database_url_is_a_config_error(tmp_path, url, says):
    from_env = healthwatch("status", cwd=tmp_path, env={"HEALTHWATCH_DATABASE_URL": url})
    assert from_env.returncode == 2
    assert f"HEALTHWATCH_DATABASE_URL: {says}" in one_error_line(from_env)
    path = tmp_path / "hw.toml"
    path.write_text(f'database_url = "{url}"\n', encoding="utf-8")
    from_file = healthwatch("--config", str(path), "status", cwd=tmp_path)
    assert from_file.returncode == 2
    assert f"database_url: {says}" in one_error_line(from_file)
