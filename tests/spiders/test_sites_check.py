"""``healthwatch sites check`` against real local sites whose markup changes
between runs: ok, then degraded (selectors miss, generic extraction reads
the page), then broken (nothing to read), with --json and exit codes."""

from __future__ import annotations

import json

from localsite import news_article
from test_adding_sites import healthwatch

PATHS = [f"/industries/202405/t2024050{day}_1000{day}.html" for day in (1, 2)]


def etown_listing(list_class: str = "news-list") -> str:
    items = "".join(
        f'<li><a href="{path}">Biomedical industry forum report {n}</a></li>'
        for n, path in enumerate(PATHS, 1)
    )
    return f'<html><body><ul class="{list_class}">{items}</ul><a class="next" href="index_1.html">Next</a></body></html>'


def config(tmp_path, local_site, **extra: str) -> None:
    lines = [f'[sites.demo_etown]\nstart_urls = ["{local_site.url}/industries/index.html"]']
    lines += [f"[sites.{key}]\n{value}" for key, value in extra.items()]
    (tmp_path / "healthwatch.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def check(tmp_path, *args: str):
    result = healthwatch("sites", "check", *args, cwd=tmp_path)
    assert "Traceback" not in result.stderr.decode()
    return result


def test_check_follows_a_site_through_ok_degraded_and_broken(local_site, tmp_path):
    local_site.add("/industries/index.html", etown_listing())
    for day, path in enumerate(PATHS, 1):
        local_site.add(path, news_article(f"Biomedical industry forum opens, part {day}", day))
    config(tmp_path, local_site)

    ok = check(tmp_path, "demo_etown")
    assert ok.returncode == 0, ok.stderr.decode()
    out = ok.stdout.decode()
    assert "demo_etown: OK" in out
    assert (
        f"listing {local_site.url}/industries/index.html: 2 links, next page {local_site.url}/industries/index_1.html"
        in out
    )
    assert "title     ok     'h1': 'Biomedical industry forum opens, part 1'" in out
    assert "published ok     'div.info': 'Updated: 2024-05-01'" in out
    assert "published 2024-05-01; forum" in out and "health-relevant" in out
    assert local_site.hits[0] == "/robots.txt"  # robots.txt first, then one page at a time

    # the site is redesigned: the article body moves, the list loses its class
    local_site.add("/industries/index.html", etown_listing("cards"))
    for day, path in enumerate(PATHS, 1):
        page = news_article(f"Biomedical industry forum opens, part {day}", day)
        local_site.add(path, page.replace("class='article'", "class='story'"))
    degraded = check(tmp_path, "demo_etown", "--json")
    assert degraded.returncode == 0
    (report,) = [json.loads(line) for line in degraded.stdout.decode().splitlines()]
    assert report["verdict"] == "degraded"
    assert report["reason"].startswith(
        f"listing {local_site.url}/industries/index.html: selectors found no links"
    )
    (source,) = report["sources"]
    assert (source["links"], source["fallback"]) == (2, True)
    body = next(f for f in report["samples"][0]["fields"] if f["field"] == "body")
    assert (body["selector"], body["matches"], body["value"]) == ("div.article", 0, "")
    assert report["samples"][0]["type"] == "forum"  # still read, generically

    # the listing is gone: broken, exit 1, and other sites are still checked
    del local_site.pages["/industries/index.html"]
    local_site.add("/forbidden/", "<html><body>no</body></html>", status=403)
    local_site.add("/news/", etown_listing())
    for path in PATHS:
        local_site.add(
            path.replace("/industries/", "/news/"), news_article("Health forum opens", 3)
        )
    config(
        tmp_path,
        local_site,
        forbidden=f'url = "{local_site.url}/forbidden/"',
        plain=f'url = "{local_site.url}/news/"',
    )
    broken = check(tmp_path)
    assert broken.returncode == 1
    out = broken.stdout.decode()
    assert (
        f"verdict: broken: no listing, feed or sitemap answered: listing {local_site.url}/industries/index.html: HTTP 404"
        in out
    )
    assert (
        f"verdict: broken: no listing, feed or sitemap answered: page {local_site.url}/forbidden/: HTTP 403"
        in out
    )
    assert "plain: OK" in out


def test_check_reports_a_refusing_proxy_in_one_line(local_site, tmp_path):
    from crawler.demo.receivers import free_port

    local_site.add("/news/", etown_listing())
    closed = f"http://127.0.0.1:{free_port()}"
    config(
        tmp_path,
        local_site,
        behind=f'url = "{local_site.url}/news/"\nproxy = "{closed}"\ntimeout = 3',
    )
    result = check(tmp_path, "behind")
    assert result.returncode == 1
    (verdict,) = [line for line in result.stdout.decode().splitlines() if "verdict:" in line]
    assert verdict.startswith("  verdict: broken: no listing, feed or sitemap answered: page ")
    assert verdict.endswith(f"(via proxy {closed})")
    unknown = check(tmp_path, "nope")
    assert unknown.returncode == 2 and "unknown site 'nope'" in unknown.stderr.decode()
