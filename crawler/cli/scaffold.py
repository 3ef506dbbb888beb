"""``healthwatch new-spider NAME URL``: everything a new site needs.

The spider module, its fixtures, its test, its row in docs/spiders.md, and
its site tables in the demo config (disabled: the demo runs offline) and in
examples/production.toml: every file the meta-tests
(tests/spiders/test_every_spider.py) look at.  What it writes is meant to
fail until a developer fills it in: the listing selector matches nothing,
and the expected values say ``FILL IN``.  So a new site cannot be merged
with a spider that silently finds nothing.  The templates live here, not in
package data files, so an installed wheel has them too.
"""

from __future__ import annotations

import datetime as dt
import json
import keyword
import re
from dataclasses import dataclass
from pathlib import Path
from string import Template

# A spider name: lowercase, site plus section (STYLE.md, "Naming").
NAME = re.compile(r"^[a-z][a-z0-9_]{1,40}$")
# Names taken by base modules of spiders/ (spiders.NOT_SITES) and the demo.
RESERVED = frozenset({"base", "generic", "discovery", "probe", "check"})
FILL_IN = "FILL IN"

SPIDER = Template('''"""$title: FILL IN which site and section this watches, and why.

Fixtures: tests/data/spiders/$name/ (the listing saved $captured from
$url).  Run ``pytest tests/spiders/test_$name.py`` until it passes.
"""

from __future__ import annotations

import datetime as dt

from spiders.base import Listing, Selectors, SiteSpider


class $cls(SiteSpider):
    """FILL IN one line on the layout: CMS, charset, how dates are written."""

    name = "$name"
    start_urls = ["$url"]  # noqa: RUF012 - Scrapy's type
    language = "$language"
    every = dt.timedelta(hours=1)
    # The CSS selector of the article <a> elements on the listing page, and
    # of the "next page" <a> (None when the listing has one page).
    listing = Listing(links="fill-in-article-links", next_page=None)
    # Only what trafilatura gets wrong on this site; leave the rest None.
    article = Selectors(title=None, body=None, published=None)
''')

TEST = Template('''"""The $name spider on its saved pages (tests/data/spiders/$name/), offline."""

from __future__ import annotations

from spiders.$name import $cls


def test_${name}_listing_offers_article_links(site_case):
    site_case("$name", "listing").check_listing($cls)


def test_${name}_article_fields(site_case):
    site_case("$name", "article").check_article($cls)
''')

README = Template("""# Fixtures of the $name spider

Each case folder holds `body.html` (the page's bytes exactly as the server
sent them: keep GBK pages GBK), `meta.json` (its URL, headers, capture date
and source) and `expected.json` (what the spider must read from it).

- `listing/`: saved by `healthwatch new-spider` from $url (offline: save it
  yourself, `curl -sS -o tests/data/spiders/$name/listing/body.html $url`).
- `article/`: the first article the listing offered, saved with it; if it
  could not be saved, save one:
  `curl -sS -o tests/data/spiders/$name/article/body.html ARTICLE_URL`
  and put its URL, headers and capture date in `article/meta.json`.

Replace every `FILL IN` in `expected.json` with what the page really says.
""")


class ScaffoldError(Exception):
    """The spider cannot be written (bad name, already exists...)."""


# Project files a new site is registered in, when the root holds them.
SPIDERS_DOC = Path("docs/spiders.md")
DEMO_CONFIG = Path("crawler/demo/healthwatch.toml")
PRODUCTION_CONFIG = Path("examples/production.toml")
DOC_TABLE_HEADER = "| spider | site | fixtures | confirmed (by whom) | unverified |"


@dataclass(frozen=True)
class Page:
    """A page saved live: its final URL, bytes as served and headers."""

    url: str
    body: bytes
    headers: dict[str, str]


@dataclass(frozen=True)
class Scaffold:
    """The files ``new-spider`` wrote or extended."""

    spider: Path
    fixtures: Path
    test: Path
    saved_listing: bool
    registered: tuple[Path, ...] = ()  # docs row and config tables added


def class_name(name: str) -> str:
    """``nhc_en`` -> ``NhcEn``."""
    return "".join(part.capitalize() for part in name.split("_") if part)


def check_name(name: str, root: Path) -> None:
    """A new, valid spider name: lowercase, not reserved, not yet written."""
    if not NAME.match(name) or keyword.iskeyword(name):
        raise ScaffoldError(f"not a spider name like nhc_en (lowercase, digits, _): {name!r}")
    if name in RESERVED or name.startswith("demo_"):
        raise ScaffoldError(f"{name!r} is reserved; pick another name")
    if not (root / "spiders").is_dir():
        raise ScaffoldError(f"{root} has no spiders/ folder: run it from the project root")
    for path in (root / "spiders" / f"{name}.py", root / "tests" / "spiders" / f"test_{name}.py"):
        if path.exists():
            raise ScaffoldError(f"{path} already exists")


def write_spider(
    root: Path,
    name: str,
    url: str,
    *,
    listing: Page | None,
    article: Page | None = None,
    language: str = "en",
    today: dt.date | None = None,
) -> Scaffold:
    """Write the spider, its fixture folders and its failing test under ``root``."""
    check_name(name, root)
    captured = (today or dt.datetime.now(dt.UTC).date()).isoformat()
    values = {
        "name": name,
        "cls": class_name(name),
        "url": url,
        "language": language,
        "captured": captured,
        "title": name.replace("_", " ").title(),
    }
    spider = root / "spiders" / f"{name}.py"
    test = root / "tests" / "spiders" / f"test_{name}.py"
    fixtures = root / "tests" / "data" / "spiders" / name
    test.parent.mkdir(parents=True, exist_ok=True)
    spider.write_text(SPIDER.substitute(values), encoding="utf-8")
    test.write_text(TEST.substitute(values), encoding="utf-8")
    write_fixtures(fixtures, values, listing, article)
    registered = register_site(root, name)
    return Scaffold(spider, fixtures, test, listing is not None, registered)


def register_site(root: Path, name: str) -> tuple[Path, ...]:
    """Add the site's docs row and its config tables, where the project has them."""
    done: list[Path] = []
    if add_doc_row(root / SPIDERS_DOC, name):
        done.append(SPIDERS_DOC)
    if add_site_table(root / DEMO_CONFIG, name, {"enabled": False}):
        done.append(DEMO_CONFIG)
    if add_site_table(root / PRODUCTION_CONFIG, name, {}):
        done.append(PRODUCTION_CONFIG)
    return tuple(done)


def add_doc_row(doc: Path, name: str) -> bool:
    """A ``FILL IN`` row for the spider in docs/spiders.md's table of sites."""
    if not doc.is_file():
        return False
    lines = doc.read_text(encoding="utf-8").splitlines(keepends=True)
    try:
        start = next(i for i, line in enumerate(lines) if line.startswith(DOC_TABLE_HEADER))
    except StopIteration:
        return False
    end = start + 2  # the header and its |---| line
    while end < len(lines) and lines[end].startswith("|"):
        end += 1
    row = (
        f"| `{name}` | {FILL_IN}: site and section | {FILL_IN}: real or modelled "
        f"| {FILL_IN}: what a real page confirmed | {FILL_IN} |\n"
    )
    lines.insert(end, row)
    doc.write_text("".join(lines), encoding="utf-8")
    return True


def add_site_table(config: Path, name: str, values: dict[str, object]) -> bool:
    """``[sites.NAME]`` appended to a config file, its comments kept (tomlkit)."""
    if not config.is_file():
        return False
    import tomlkit

    document = tomlkit.parse(config.read_text(encoding="utf-8"))
    sites = document.setdefault("sites", tomlkit.table(is_super_table=True))
    if name in sites:
        return False
    table = tomlkit.table()
    table.comment("added by `healthwatch new-spider`")
    for key, value in values.items():
        table.add(key, value)
    sites.add(name, table)
    config.write_text(tomlkit.dumps(document), encoding="utf-8")
    return True


def write_fixtures(
    folder: Path, values: dict[str, str], listing: Page | None, article: Page | None
) -> None:
    """The listing and article cases, each with meta.json and an expected.json
    of FILL INs, and the live pages' bytes where they could be saved."""
    expected = {
        "listing": {"count": FILL_IN, "first": [FILL_IN], "next_page": None},
        "article": {"title": FILL_IN, "published": FILL_IN, "text_contains": [FILL_IN]},
    }
    pages = {"listing": listing, "article": article}
    for case, page in pages.items():
        (folder / case).mkdir(parents=True, exist_ok=True)
        if page is not None:
            (folder / case / "body.html").write_bytes(page.body)
            meta = {
                "url": page.url,
                "headers": {k: v for k, v in page.headers.items() if v},
                "captured": values["captured"],
                "source": f"REAL: saved by healthwatch new-spider from {page.url}",
            }
        else:
            url = values["url"] if case == "listing" else FILL_IN
            meta = {"url": url, "headers": {}, "captured": FILL_IN, "source": FILL_IN}
        dump(folder / case / "meta.json", meta)
        dump(folder / case / "expected.json", expected[case])
    (folder / "README.md").write_text(README.substitute(values), encoding="utf-8")


def dump(path: Path, data: object) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
