"""``healthwatch new-spider NAME URL`` and ``healthwatch sites add URL``.

Adding a site, the two ways: a spider class of its own (scaffolded with its
fixtures and a failing test), or a line in the config for the generic
spider, written only after a dry run showed what it would collect.
Registered on the main group by ``crawler.cli``; heavy imports stay inside
the commands so ``healthwatch --help`` loads neither Scrapy nor the models.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import click

from crawler.cli import EXIT_FAILED, EXIT_USAGE, fail, friendly, settings_of

if TYPE_CHECKING:
    from spiders.probe import SiteProbe

# A site key from a host: www.example.gov.cn -> example_gov_cn.
_NOT_KEY = re.compile(r"[^a-z0-9]+")
HEADER = "# healthwatch configuration (see docs/configuration.md)\n"


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
    """Write spiders/NAME.py, its fixtures folder and a test that fails until filled in.

    URL is the listing page to watch; it is saved as the listing fixture.
    """
    from crawler.scaffold import ScaffoldError, check_name, write_spider  # noqa: PLC0415 - lazy: --help loads none of it
    from spiders.probe import http_fetch  # noqa: PLC0415 - lazy: --help loads none of it

    check_url(url)
    try:
        check_name(name, root)
    except ScaffoldError as exc:
        fail(str(exc), EXIT_USAGE)
    body, headers = None, {}
    if not no_fetch:
        answer = http_fetch(settings_of(ctx).user_agent)(url)
        if answer.status == 200 and answer.body:
            body, headers = answer.body, {"content-type": "text/html"}
        else:
            click.echo(f"could not save {url} (status {answer.status}): save it by hand", err=True)
    done = write_spider(root, name, url, listing=body, headers=headers, language=language)
    click.echo(f"wrote {done.spider}\nwrote {done.test}\nwrote {done.fixtures}/")
    click.echo(
        f"next: fill in the selectors and expected.json, save an article page, "
        f"then `pytest {done.test}` and `scrapy crawl {name}`"
    )


@click.command("add")
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
    from crawler.config import ConfigError, parse_duration  # noqa: PLC0415 - lazy: --help loads none of it
    from spiders.probe import ProbeError, http_fetch, probe_site  # noqa: PLC0415 - lazy: --help loads none of it

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
    from crawler.config import config_path  # noqa: PLC0415 - lazy: --help loads none of it

    return config_path(explicit, dict(os.environ)) or Path("healthwatch.toml")


def add_site(path: Path, key: str, table: dict[str, Any]) -> None:
    """Append ``[sites.KEY]`` to the config, keeping its formatting and comments."""
    import tomlkit  # noqa: PLC0415 - lazy: --help loads none of it
    from tomlkit.exceptions import TOMLKitError  # noqa: PLC0415 - lazy: --help loads none of it

    from crawler.config import ConfigError  # noqa: PLC0415 - lazy: --help loads none of it

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
