"""Per-site network settings in real crawls: a site reached only through a
real local forward proxy (credentials from the environment, never shown),
with its own User-Agent, headers and cookies and robots.txt ignored; and
the bad cases, each one clear line in its own run while the others go on:
a proxy that refuses connections, a site answering 403, a secret that is
not set."""

from __future__ import annotations

import pytest
from forward_proxy import ForwardProxy
from localsite import news_article, news_listing
from sqlalchemy import select

from crawler.config.settings import SiteConfig, load_demo_settings, without_demo_channels
from crawler.demo.receivers import free_port
from scheduler.cycle import open_database, run_cycle
from storage.models import Article, CrawlRun

pytestmark = pytest.mark.slow

PASSWORD = "s3cret-PW-9f2"
ARTICLES = ["/news/2024/05/01/forum-10001.html", "/news/2024/05/02/launch-10002.html"]
HOST = "http://news.proxied.test"


@pytest.fixture
def proxied_site(local_site):
    local_site.add("/news/", news_listing(ARTICLES))
    for day, path in enumerate(ARTICLES, 1):
        local_site.add(path, news_article(f"Health industry forum {day}", day))
    local_site.add("/forbidden/", "<html><body>Access denied</body></html>", status=403)
    host, port = local_site.server.server_address[:2]
    with ForwardProxy("crawler", PASSWORD, (str(host), int(port))) as proxy:
        yield local_site, proxy


def test_a_site_behind_a_proxy_and_the_bad_cases(proxied_site, db_url, monkeypatch):
    local_site, proxy = proxied_site
    monkeypatch.setenv("HW_TEST_PROXY_AUTH", f"crawler:{PASSWORD}")
    monkeypatch.setenv("HW_TEST_CONSENT", "yes-2024")
    monkeypatch.delenv("HW_TEST_NOT_SET", raising=False)
    closed = f"http://127.0.0.1:{free_port()}"
    sites = {
        "via_proxy": SiteConfig(
            url=f"{HOST}/news/",
            proxy=f"http://${{HW_TEST_PROXY_AUTH}}@{proxy.address}",
            user_agent="hw-test/1.0 (+mailto:ops@example.org)",
            headers={"X-Ops": "healthwatch-test"},
            cookies={"consent": "${HW_TEST_CONSENT}"},
            obey_robots=False,
            download_delay=0,
            concurrency=1,
            timeout=5,
        ),
        "proxy_refuses": SiteConfig(url=f"{HOST}/news/", proxy=closed, timeout=5),
        "forbidden": SiteConfig(url=f"{local_site.url}/forbidden/"),
        "unset_secret": SiteConfig(
            url=f"{HOST}/news/", proxy=f"http://${{HW_TEST_NOT_SET}}@{proxy.address}"
        ),
    }
    settings = without_demo_channels(load_demo_settings()).model_copy(
        update={"database_url": db_url, "sites": sites, "demo_server": None}
    )
    engine, factory = open_database(settings)
    lines: list[dict] = []
    result = run_cycle(settings, factory, list(sites), lines.append)
    engine.dispose()

    assert sorted(result.failed_sites) == ["forbidden", "proxy_refuses", "unset_secret"]
    with factory() as session:
        runs = {run.site: run for run in session.scalars(select(CrawlRun))}
        stored = sorted(session.scalars(select(Article.url)))
    # through the proxy: news.proxied.test resolves nowhere else
    assert runs["via_proxy"].status == "ok", runs["via_proxy"].error
    assert stored == sorted(HOST + path for path in ARTICLES)
    relayed = [url for url, _ in proxy.relayed]
    assert sorted(relayed) == sorted([f"{HOST}/news/"] + [HOST + path for path in ARTICLES])
    assert proxy.refused == 0  # every request carried the credentials
    for _url, headers in proxy.relayed:  # robots.txt was not asked for (obey_robots = false)
        assert headers["User-Agent"] == "hw-test/1.0 (+mailto:ops@example.org)"
        assert headers["X-Ops"] == "healthwatch-test"
        assert "consent=yes-2024" in headers["Cookie"]
    (network,) = [
        line for line in lines if line["kind"] == "network" and line["site"] == "via_proxy"
    ]
    assert f"proxy http://crawler:***@{proxy.address}" in network["notes"]
    assert "robots.txt NOT obeyed (obey_robots = false)" in network["notes"]

    # the bad cases: one line each
    refused = runs["proxy_refuses"].error
    assert refused.startswith("no usable response: network errors: ")
    assert refused.endswith(f"(via proxy {closed})") and "\n" not in refused
    forbidden = runs["forbidden"].error
    assert f"HTTP 403 x1 (first: {local_site.url}/forbidden/)" in forbidden
    assert "the site refuses us" in forbidden and "\n" not in forbidden
    assert runs["unset_secret"].error == (
        "sites.unset_secret.proxy names ${HW_TEST_NOT_SET}, which is not set in the environment"
    )
    # the password is nowhere: not in the runs, the progress lines or the child's log
    shown = " ".join(
        [result.outcome.stderr_tail, repr(lines)]
        + [f"{run.error} {run.warnings}" for run in runs.values()]
    )
    assert PASSWORD not in shown


@pytest.fixture
def socks_proxy():
    """pproxy (from PyPI) as a SOCKS5 proxy on 127.0.0.1, logging each connection."""
    import subprocess
    import sys
    import time

    port = free_port()
    child = subprocess.Popen(
        [sys.executable, "-m", "pproxy", "-l", f"socks5://127.0.0.1:{port}", "-v"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    time.sleep(1.0)  # pproxy prints "Serving on ..." once it listens
    yield port, child
    child.terminate()
    child.wait(timeout=10)


def test_a_site_behind_a_socks5_proxy(local_site, socks_proxy, db_url):
    port, child = socks_proxy
    local_site.add("/news/", news_listing(ARTICLES))
    for day, path in enumerate(ARTICLES, 1):
        local_site.add(path, news_article(f"Health industry forum {day}", day))
    sites = {
        "via_socks": SiteConfig(url=f"{local_site.url}/news/", proxy=f"socks5://127.0.0.1:{port}")
    }
    settings = without_demo_channels(load_demo_settings()).model_copy(
        update={"database_url": db_url, "sites": sites, "demo_server": None}
    )
    engine, factory = open_database(settings)
    result = run_cycle(settings, factory, list(sites))
    engine.dispose()
    assert result.failed_sites == [], result.outcome.stderr_tail
    with factory() as session:
        stored = sorted(session.scalars(select(Article.url)))
    assert stored == sorted(local_site.url + path for path in ARTICLES)
    child.terminate()
    log = child.communicate(timeout=10)[0].decode()
    host, site_port = local_site.server.server_address[:2]
    relayed = [line for line in log.splitlines() if line.startswith("socks5 ")]
    # the connections to the site (robots.txt, listing, articles) went through the proxy
    assert relayed and all(line.endswith(f"-> {host}:{site_port}") for line in relayed)
