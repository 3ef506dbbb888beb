"""The command line as users meet it: exit codes, one-line errors, JSON output."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

DATA = Path(__file__).parents[1] / "data"
ANALYSE_KEYS = {"source", "title", "language", "published", "type", "alert", "event", "evidence"}
EVENT_KEYS = {"title", "start", "end", "place", "status", "organisers", "parties"}


def healthwatch(
    *args: str, cwd: Path, stdin: bytes | None = None, env: dict[str, str] | None = None
):
    """Run the real CLI in a fresh interpreter, as a user would."""
    import os

    full_env = {k: v for k, v in os.environ.items() if not k.startswith("HEALTHWATCH_")}
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "crawler.cli", *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        env=full_env,
        timeout=240,
        check=False,
    )


def one_error_line(result) -> str:
    err = result.stderr.decode().strip()
    assert "Traceback" not in err
    assert len(err.splitlines()) == 1, err
    assert err.startswith("healthwatch: error: ")
    return err


@pytest.mark.slow
def test_demo_twice_second_run_finds_nothing(tmp_path):
    first = healthwatch("demo", cwd=tmp_path)
    assert first.returncode == 0, first.stderr.decode()
    out = first.stdout.decode()
    assert "New events" in out and "Alerts" in out
    *_, summary, serve = out.strip().splitlines()
    assert summary.startswith("found ") and not summary.startswith("found 0")
    assert "healthwatch serve" in serve  # the demo ends with how to browse what it found
    assert (tmp_path / "healthwatch.db").is_file()
    second = healthwatch("demo", cwd=tmp_path)
    assert second.returncode == 0, second.stderr.decode()
    assert second.stdout.decode().strip().splitlines()[-2] == (
        "found 0 new events, sent 0 alerts (0 webhooks received, 0 e-mails received)"
    )
    events = healthwatch("events", "--json", cwd=tmp_path)
    records = [json.loads(line) for line in events.stdout.decode().splitlines()]
    assert records and all(r["type"] in {"forum", "agreement", "launch"} for r in records)


def test_missing_config_file(tmp_path):
    result = healthwatch("--config", str(tmp_path / "nope.toml"), "sites", cwd=tmp_path)
    assert result.returncode == 2
    assert "config file not found" in one_error_line(result)


def test_malformed_config_file(tmp_path):
    bad = tmp_path / "healthwatch.toml"
    bad.write_text("[sites.demo_etown\nevery = 3\n")
    result = healthwatch("sites", cwd=tmp_path)
    assert result.returncode == 2
    assert "invalid TOML" in one_error_line(result)


def test_invalid_setting_names_the_field(tmp_path):
    bad = tmp_path / "healthwatch.toml"
    bad.write_text('[sites.demo_etown]\nevery = "often"\n')
    result = healthwatch("sites", cwd=tmp_path)
    assert result.returncode == 2
    assert "sites.demo_etown.every" in one_error_line(result)


def test_unknown_site_is_bad_usage(tmp_path):
    result = healthwatch("crawl", "no_such_site", cwd=tmp_path)
    assert result.returncode == 2
    assert "unknown site" in one_error_line(result)


def test_unwritable_database_path(tmp_path):
    url = f"sqlite:///{tmp_path}/missing-dir/sub/h.db"
    result = healthwatch("db", "upgrade", cwd=tmp_path, env={"HEALTHWATCH_DATABASE_URL": url})
    assert result.returncode == 3
    one_error_line(result)
    assert not (tmp_path / "missing-dir").exists()


def test_unreachable_site_fails_the_crawl_with_exit_1(tmp_path):
    import socket

    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    (tmp_path / "healthwatch.toml").write_text(
        f'download_delay = 0\ncrawl_timeout = 60\n[sites.demo_etown]\nstart_urls = ["http://127.0.0.1:{port}/index.html"]\n'
    )
    result = healthwatch("crawl", "demo_etown", cwd=tmp_path)
    assert result.returncode == 1, result.stderr.decode()
    assert "crawl failed for: demo_etown" in result.stderr.decode().strip().splitlines()[-1]
    status = healthwatch("status", cwd=tmp_path)
    assert "failed" in status.stdout.decode()


def test_analyse_html_text_and_stdin_json(tmp_path):
    html = tmp_path / "page.html"
    html.write_text(
        "<html><head><meta charset=utf-8><title>x</title></head><body><h1>2024全民数字健康大会即将在北京昌平开幕</h1>"
        "<div>来源：央视网 | 2024-04-16 13:07:45</div><p>4月19日，由北京市昌平区人民政府主办的2024全民数字健康大会，"
        "将在北京昌平举行。大会将以“数字中国 健康时代”为主题。</p></body></html>",
        encoding="utf-8",
    )
    text = DATA / "seed_002_boao_forum.txt"
    result = healthwatch(
        "analyse", "--json", str(html), str(text), "-", cwd=tmp_path, stdin=text.read_bytes()
    )
    assert result.returncode == 0, result.stderr.decode()
    records = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert len(records) == 3
    for record in records:
        assert set(record) >= ANALYSE_KEYS
        assert set(record["event"]) >= EVENT_KEYS
    zh, en, stdin = records
    assert (zh["language"], zh["type"], zh["published"], zh["event"]["start"]) == (
        "zh",
        "forum",
        "2024-04-16",
        "2024-04-19",
    )
    assert en["title"] == "Home> Industries" or en["title"].startswith(
        "Home>"
    )  # first non-empty line
    assert (en["language"], en["type"], en["alert"]) == ("en", "forum", True)
    assert stdin["source"] == "-" and stdin["type"] == en["type"]


def test_analyse_url_from_a_local_server(tmp_path):
    body = (
        b"<html><head><meta charset=utf-8><title>Signing</title></head><body><h1>Park and hospital sign cooperation agreement</h1>"
        b"<p>Updated: 2024-03-12</p><p>On March 11, the park and the hospital signed a strategic cooperation agreement "
        b"on clinical trials. Both parties will build a joint platform.</p></body></html>"
    )

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("content-type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/a.html"
        result = healthwatch("analyse", "--json", url, cwd=tmp_path)
    finally:
        server.shutdown()
    assert result.returncode == 0, result.stderr.decode()
    record = json.loads(result.stdout)
    assert (record["type"], record["published"], record["event"]["start"]) == (
        "agreement",
        "2024-03-12",
        "2024-03-11",
    )


def test_analyse_bad_inputs_one_line_each(tmp_path):
    pdf = tmp_path / "report.html"
    pdf.write_bytes(b"%PDF-1.4 binary junk")
    result = healthwatch("analyse", str(tmp_path / "missing.html"), cwd=tmp_path)
    assert result.returncode == 1
    assert "missing.html" in one_error_line(result)
    result = healthwatch("analyse", str(pdf), cwd=tmp_path)
    assert result.returncode == 1
    assert "does not look like HTML" in one_error_line(result)


def test_status_on_an_empty_database_says_how_to_fix_it(tmp_path):
    result = healthwatch("status", cwd=tmp_path)
    assert result.returncode == 3
    assert "healthwatch db upgrade" in one_error_line(result)


def children_of(pid: int) -> list[int]:
    """Live child processes of ``pid``, read from /proc."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            found.append(int(stat.parent.name))
    return found


@pytest.mark.slow
def test_ctrl_c_during_demo_leaves_no_orphan_crawl(tmp_path):
    import os
    import signal
    import time

    env = {k: v for k, v in os.environ.items() if not k.startswith("HEALTHWATCH_")}
    # Ctrl-C at its default in the CLI, as a terminal gives it: pytest started
    # by a non-interactive shell's `&` (a CI runner, a background job) ignores
    # SIGINT, an ignored signal survives exec, and Python then never turns it
    # into KeyboardInterrupt.  A Python handler here is reset to the default
    # in the child.
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        cli = subprocess.Popen(
            [sys.executable, "-m", "crawler.cli", "demo"],
            cwd=tmp_path,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
    finally:
        signal.signal(signal.SIGINT, previous)
    deadline = time.monotonic() + 30
    crawl = []
    while not crawl and time.monotonic() < deadline:
        crawl = children_of(cli.pid)
        time.sleep(0.05)
    assert crawl, "the demo never started its crawl child"
    cli.send_signal(signal.SIGINT)
    out, err = cli.communicate(timeout=30)
    assert cli.returncode == 130, (out.decode()[-2000:], err.decode()[-2000:])
    assert err.decode().strip().splitlines()[-1] == "healthwatch: error: interrupted"
    for pid in crawl:
        assert (
            not Path(f"/proc/{pid}").exists()
            or "Z" in Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        )


def test_no_config_queues_no_alert_for_absent_demo_receivers(tmp_path):
    # outside `healthwatch demo` the demo config's receiver placeholders are dropped
    result = healthwatch("crawl", "demo_cctv", cwd=tmp_path)
    assert result.returncode == 0, result.stderr.decode()
    assert "sent 0 alerts" in result.stdout.decode()
    status = healthwatch("status", cwd=tmp_path)
    assert status.stdout.decode().strip().splitlines()[-1].endswith("0 alerts")
