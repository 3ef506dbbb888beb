"""``healthwatch sites [list|add URL]``, ``status`` and ``new-spider NAME URL``.

Adding a site, the two ways: a spider class of its own (scaffolded with its
fixtures and a failing test), or a line in the config for the generic
spider, written only after a dry run showed what it would collect.
Registered on the main group by ``crawler.cli.app``; heavy imports stay inside
the commands so ``healthwatch --help`` loads neither Scrapy nor the models.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import click

from crawler.cli.common import EXIT_FAILED, EXIT_USAGE, fail, friendly, settings_of
from crawler.config.settings import ConfigError, Settings

if TYPE_CHECKING:
    from crawler.cli.scaffold import Page
    from spiders.probe import Fetch, SiteProbe

# A site key from a host: www.example.gov.cn -> example_gov_cn.
_NOT_KEY = re.compile(r"[^a-z0-9]+")
HEADER = "# healthwatch configuration (see docs/configuration.md)\n"


@click.group(invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per site, one per line.")
@click.pass_context
def sites(ctx: click.Context, as_json: bool) -> None:
    """List the configured sites (`sites list`, the default) or add one (`sites add URL`)."""
    if ctx.invoked_subcommand is None:
        ctx.invoke(sites_list, as_json=as_json)


@sites.command("list")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per site, one per line.")
@click.pass_context
@friendly
def sites_list(ctx: click.Context, as_json: bool = False) -> None:
    """List the configured sites and their schedules (config, else the spider's default)."""
    from rich.table import Table

    from crawler.cli import console
    from scheduler.schedules import site_schedule
    from spiders import spider_names

    settings = settings_of(ctx)
    known = set(spider_names())
    table = Table(title="Sites", title_justify="left")
    for name in ("site", "enabled", "schedule", "spider"):
        table.add_column(name, overflow="fold")
    records: list[dict[str, Any]] = []
    for key, cfg in settings.sites.items():
        spider = "yes" if key in known else ("generic" if cfg.url else "MISSING")
        if spider == "MISSING":
            schedule = "-"
        else:
            try:
                schedule = site_schedule(key, cfg).describe()
            except ConfigError as exc:
                schedule = f"? ({exc})"
        records.append(
            {"site": key, "enabled": cfg.enabled, "schedule": schedule, "spider": spider}
        )
        table.add_row(key, "yes" if cfg.enabled else "no", schedule, spider)
    if as_json:
        for record in records:
            click.echo(json.dumps(record, ensure_ascii=False))
        return
    console.out.print(table)


@click.command()
@click.option("--json", "as_json", is_flag=True, help="One JSON object per site, one per line.")
@click.pass_context
@friendly
def status(ctx: click.Context, as_json: bool) -> None:
    """Per site: the last crawl, the next one, health; then totals."""
    from rich.table import Table

    from crawler.cli import console
    from scheduler.status import describe_health, describe_next, site_statuses
    from storage.db import make_engine, session_factory
    from storage.models import utcnow
    from storage.stats import counts

    settings = settings_of(ctx)
    with session_factory(make_engine(settings.database_url))() as session:
        rows = site_statuses(session, settings)
        totals = counts(session)
    now = utcnow()
    if as_json:
        for row in rows:
            click.echo(json.dumps(status_record(row, now), ensure_ascii=False))
        click.echo(json.dumps({"totals": totals}))
        return
    table = Table(title="Sites (times in UTC)", title_justify="left")
    table.add_column("site", overflow="fold")
    table.add_column("last run", no_wrap=True)
    table.add_column("next run", overflow="fold")
    table.add_column("health", overflow="fold", ratio=1)
    table.add_column("art.", justify="right", no_wrap=True)
    for row in rows:
        run, last = row.last_run, "never"
        if run is not None:
            last = f"{run.started_at:%Y-%m-%d %H:%M}\n{run.status}, {run.requests} req"
            if run.not_modified:
                last += f", {run.not_modified} unchanged"
            last += f"\n{run.new_articles} new art., {run.new_events} ev."
            if run.node:
                last += f"\non {run.node}"
        health = describe_health(row)
        if run is not None and run.error:
            health += f"\nerror: {run.error.strip().splitlines()[-1][:200]}"
        table.add_row(row.site, last, describe_next(row, now), health, str(row.articles))
    console.out.print(table)
    console.out.print(", ".join(f"{value} {key}" for key, value in totals.items()))


def status_record(row: Any, now: Any) -> dict[str, Any]:
    """One site's status as JSON."""
    from crawler.web.records import run_record
    from scheduler.status import describe_next

    return {
        "site": row.site,
        "enabled": row.enabled,
        "healthy": row.healthy,
        "unhealthy_reason": row.unhealthy_reason,
        "next_run_at": row.next_run_at.isoformat() if row.next_run_at else None,
        "next_run": describe_next(row, now),
        "articles": row.articles,
        "last_run": run_record(row.last_run) if row.last_run else None,
    }


@click.command("new-spider")
@click.argument("name")
@click.argument("url")
@click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path(),
    show_default="the current directory",
    help="Project root holding spiders/ and tests/.",
)
@click.option("--language", type=click.Choice(["en", "zh"]), default="en", show_default=True)
@click.option("--no-fetch", is_flag=True, help="Do not save URL as the listing fixture.")
@click.pass_context
@friendly
def new_spider(
    ctx: click.Context, *, name: str, url: str, root: Path, language: str, no_fetch: bool
) -> None:
    """Write spiders/NAME.py, its fixtures, a test that fails until filled in, and
    register the site (docs/spiders.md row, demo and production config tables).

    URL is the listing page to watch. On a connected machine it is saved as
    the listing fixture, and the first article it offers as the article one.
    """
    from crawler.cli.scaffold import ScaffoldError, check_name, write_spider
    from spiders.probe import http_fetch

    check_url(url)
    try:
        check_name(name, root)
    except ScaffoldError as exc:
        fail(str(exc), EXIT_USAGE)
    listing = article = None
    if not no_fetch:
        listing, article, problem = live_pages(url, http_fetch(settings_of(ctx).user_agent))
        if problem:
            click.echo(
                f"{problem}: the fixtures are placeholders, save the pages by hand", err=True
            )
    done = write_spider(root, name, url, listing=listing, article=article, language=language)
    click.echo(f"wrote {done.spider}\nwrote {done.test}\nwrote {done.fixtures}/")
    for path in done.registered:
        click.echo(f"added {name} to {path}")
    click.echo(
        f"next: fill in the selectors and expected.json, save an article page, "
        f"then `pytest {done.test}` and `scrapy crawl {name}`"
    )


def live_pages(url: str, fetch: Fetch) -> tuple[Page | None, Page | None, str | None]:
    """The listing at ``url`` and the first article it offers, as saved pages
    (URL, body, headers), and what kept either from being saved."""
    from crawler.cli.scaffold import Page
    from spiders.discovery import article_links

    answer = fetch(url)
    if answer.status != 200 or not answer.body:
        why = (
            answer.body.decode(errors="replace") if answer.status == 0 else f"HTTP {answer.status}"
        )
        return None, None, f"could not fetch {url} ({why[:120]}; offline?)"
    listing = Page(answer.url, answer.body, {"content-type": answer.content_type})
    for link in article_links(answer.body, answer.url)[:3]:
        page = fetch(link)
        if page.status == 200 and page.body:
            return listing, Page(page.url, page.body, {"content-type": page.content_type}), None
    return listing, None, "saved the listing, but no article it links to could be fetched"


@sites.command("add")
@click.argument("url")
@click.option("--name", "key", help="Site key in the config (default: from the host name).")
@click.option("--language", type=click.Choice(["en", "zh"]), help="Hint for analysis.")
@click.option("--every", help="Schedule, e.g. 30m (default: the generic spider's 1h).")
@click.option("--dry-run", is_flag=True, help="Only show what would be collected.")
@click.option("--yes", "-y", is_flag=True, help="Add without asking.")
@click.pass_context
@friendly
def sites_add(
    ctx: click.Context,
    *,
    url: str,
    key: str | None,
    language: str | None,
    every: str | None,
    dry_run: bool,
    yes: bool,
) -> None:
    """Add URL to the config for the generic spider, after a dry run shows what it collects."""
    from crawler.config.settings import ConfigError, parse_duration
    from spiders.probe import ProbeError, http_fetch, probe_site

    check_url(url)
    key = key or site_key(url)
    if every is not None:
        try:
            parse_duration(every)
        except ValueError as exc:
            fail(f"--every: {exc}", EXIT_USAGE)
    settings = settings_of(ctx)
    if key in settings.sites:
        fail(f"site {key!r} is already configured (pick another with --name)", EXIT_USAGE)
    try:
        probe = probe_site(url, http_fetch(settings.user_agent))
    except ProbeError as exc:
        fail(str(exc), EXIT_FAILED)
    click.echo(describe_probe(key, probe))
    if probe.source is None:
        fail(
            f"found nothing to collect at {url}: write a spider (healthwatch new-spider {key} URL)",
            EXIT_FAILED,
        )
    if dry_run or not (yes or click.confirm(f"add {key} to the config?", default=True)):
        return
    path = target_config(ctx.obj.get("config"))
    table = site_table(url, probe, language, every)
    try:
        add_site(path, key, table)
    except ConfigError as exc:
        fail(str(exc), EXIT_USAGE)
    click.echo(f"added [sites.{key}] to {path}")


@sites.command("check")
@click.argument("names", nargs=-1, metavar="[SITE]...")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per site, one a line.")
@click.option("--samples", default=3, show_default=True, help="Newest articles read per site.")
@click.pass_context
@friendly
def sites_check(ctx: click.Context, names: tuple[str, ...], as_json: bool, samples: int) -> None:
    """Fetch each site's listings and newest articles live and say what its selectors read.

    Run it after adding a site and after an upgrade (docs/ops.md). Exit 1 when
    a site is broken (nothing to read), 0 when every site is ok or degraded.
    """
    import json
    from dataclasses import asdict

    from crawler.cli.check_output import describe_check
    from spiders.check import check_site

    settings = settings_of(ctx)
    wanted = list(names) or [key for key, cfg in settings.sites.items() if cfg.enabled]
    unknown = [name for name in wanted if name not in settings.sites]
    if unknown:
        fail(f"unknown site {unknown[0]!r} (configured: {', '.join(settings.sites)})", EXIT_USAGE)
    if not wanted:
        fail("no enabled site to check", EXIT_USAGE)
    with demo_route(settings, wanted) as route:
        broken = False
        for name in wanted:
            result = check_site(
                name,
                settings.sites[name],
                user_agent=settings.user_agent,
                env=dict(os.environ),
                route=route,
                delay=settings.download_delay,
                samples=samples,
            )
            broken |= result.verdict == "broken"
            click.echo(
                json.dumps(asdict(result), ensure_ascii=False)
                if as_json
                else describe_check(result)
            )
    if broken:
        sys.exit(EXIT_FAILED)


@contextlib.contextmanager
def demo_route(settings: Settings, sites: list[str]) -> Iterator[Callable[[str], str | None]]:
    """The bundled demo sites (``*.demo.test``) are reached through the demo
    server, started here when the config names no running one."""
    if not any(name.startswith("demo_") for name in sites):
        yield lambda url: None
        return
    from crawler.demo.routing import DEMO_SUFFIX
    from crawler.demo.server import DemoServer

    def route_to(server: str) -> Callable[[str], str | None]:
        return lambda url: server if (urlsplit(url).hostname or "").endswith(DEMO_SUFFIX) else None

    if settings.demo_server:
        yield route_to(settings.demo_server)
        return
    with DemoServer() as server:
        yield route_to(server.url)


def check_url(url: str) -> None:
    """Only http(s) URLs with a host are sites."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        fail(f"not an http(s) URL: {url!r}", EXIT_USAGE)


def site_key(url: str) -> str:
    """A config key from the URL's host: ``https://www.nhc.gov.cn/x`` -> ``nhc_gov_cn``."""
    host = (urlsplit(url).hostname or "site").removeprefix("www.")
    key = _NOT_KEY.sub("_", host.lower()).strip("_")
    return key if key[:1].isalpha() else f"site_{key}"


def describe_probe(key: str, probe: SiteProbe) -> str:
    """The dry run for people: each source found, and what would be collected."""
    lines = [f"dry run for {key} ({probe.url}):"]
    for label, found in (("feed", probe.feeds), ("sitemap", probe.sitemaps)):
        for where, urls in found.items():
            lines.append(f"  {label} {where}: {len(urls)} articles")
    lines.append(f"  article-looking links on the page: {len(probe.listing)}")
    if probe.proposed_listing:
        lines.append(
            f"  the page's list of headlines ({probe.url_only} of its links look like "
            "articles by their URL alone); a spider reads it with:\n"
            f"    listing = Listing(links={probe.proposed_listing!r})"
            f"  (healthwatch new-spider {key} {probe.url})"
        )
    if probe.source is None:
        lines.append("  the generic spider would collect nothing")
        return "\n".join(lines)
    articles = probe.articles()
    lines.append(
        f"the generic spider would read the {probe.source}: {len(articles)} articles, e.g."
    )
    lines += [f"  {url}" for url in articles[:5]]
    return "\n".join(lines)


def site_table(
    url: str, probe: SiteProbe, language: str | None, every: str | None
) -> dict[str, Any]:
    """The config table of the new site: the URL and what the dry run found."""
    table: dict[str, Any] = {"url": url}
    if probe.source == "feeds":
        table["feeds"] = [feed for feed, urls in probe.feeds.items() if urls]
    elif probe.source == "sitemaps":
        table["sitemaps"] = [sitemap for sitemap, urls in probe.sitemaps.items() if urls]
    if language:
        table["language"] = language
    if every:
        table["every"] = every
    return table


def target_config(explicit: str | None) -> Path:
    """The config file to edit: --config, HEALTHWATCH_CONFIG, else ./healthwatch.toml."""
    from crawler.config.settings import config_path

    return config_path(explicit, dict(os.environ)) or Path("healthwatch.toml")


def add_site(path: Path, key: str, table: dict[str, Any]) -> None:
    """Append ``[sites.KEY]`` to the config, keeping its formatting and comments."""
    import tomlkit
    from tomlkit.exceptions import TOMLKitError

    from crawler.config.settings import ConfigError

    try:
        text = path.read_text(encoding="utf-8") if path.exists() else HEADER
        document = tomlkit.parse(text)
    except (OSError, TOMLKitError) as exc:
        raise ConfigError(f"cannot edit {path}: {exc}") from None
    sites = document.get("sites")
    if sites is None:
        sites = tomlkit.table(is_super_table=True)
        document["sites"] = sites
    if key in sites:
        raise ConfigError(f"{path} already has [sites.{key}]")
    entry = tomlkit.table()
    entry.add(tomlkit.comment("added by `healthwatch sites add` (generic spider)"))
    for name, value in table.items():
        entry[name] = value
    sites[key] = entry
    path.write_text(tomlkit.dumps(document), encoding="utf-8")
