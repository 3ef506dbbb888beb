"""A site's network settings in the config: validated at load, secrets
expanded from the environment only when a crawl starts, masked in logs."""

from __future__ import annotations

import pytest

from crawler.config.network import describe, expand, masked
from crawler.config.settings import ConfigError, load_settings


def test_masked_hides_the_password_and_keeps_the_rest():
    assert masked("http://crawler:pw@10.0.0.5:3128") == "http://crawler:***@10.0.0.5:3128"
    assert (
        masked("socks5h://token@proxy.example.org:1080") == "socks5h://***@proxy.example.org:1080"
    )
    assert masked("http://10.0.0.5:3128") == "http://10.0.0.5:3128"


def test_expand_names_a_missing_variable_not_a_value():
    env = {"AUTH": "crawler:pw"}
    assert expand("http://${AUTH}@h:1", env, "x") == "http://crawler:pw@h:1"
    with pytest.raises(ConfigError, match=r"sites.a.proxy names \$\{MISSING\}, which is not set"):
        expand("http://${MISSING}@h:1", env, "sites.a.proxy")


def test_describe_is_what_start_up_logs_show():
    assert describe("http://${AUTH}@h:3128", False, {"X-Ops": "1"}) == [
        "proxy http://***@h:3128",
        "headers X-Ops",
        "robots.txt NOT obeyed (obey_robots = false)",
    ]


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ('proxy = "ftp://u:secret@h:21"', "not a proxy URL"),
        ("concurrency = 0", "concurrency"),
        ("timeout = -1", "timeout"),
        ("download_delay = -2", "download_delay"),
        ('headers = { "X" = 1 }', "headers.X"),
    ],
)
def test_bad_network_settings_are_one_config_error(tmp_path, table, message):
    config = tmp_path / "healthwatch.toml"
    config.write_text(f"[sites.nhc_en]\n{table}\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_settings(config, env={})
    text = str(caught.value)
    assert message in text and "\n" not in text
    assert "secret" not in text


def test_good_network_settings_load(tmp_path):
    config = tmp_path / "healthwatch.toml"
    config.write_text(
        '[sites.beijing_wjw]\nproxy = "http://${WJW_PROXY}@10.0.0.5:3128"\n'
        'user_agent = "Mozilla/5.0 (healthwatch; +mailto:ops@example.org)"\n'
        'headers = { "Accept-Language" = "zh-CN" }\ncookies = { "consent" = "1" }\n'
        "download_delay = 3\nconcurrency = 1\ntimeout = 60\nobey_robots = false\n",
        encoding="utf-8",
    )
    site = load_settings(config, env={}).sites["beijing_wjw"]
    assert (site.proxy, site.concurrency, site.obey_robots) == (
        "http://${WJW_PROXY}@10.0.0.5:3128",
        1,
        False,
    )
