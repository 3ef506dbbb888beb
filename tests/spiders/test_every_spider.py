"""Every site spider in spiders/ has saved pages and a test of its own.

A spider without fixtures is a spider whose breakage nobody would notice
until the site had been silent for months.  The demo spiders read the
bundled demo sites instead (tests/test_spiders.py crawls them end to end).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from spiders import spider_names

TESTS = Path(__file__).resolve().parent
FIXTURES = TESTS.parent / "data" / "spiders"
# Every site needs a listing-like page (what its start URLs serve) and an article.
KINDS = {"listing": ("listing", "feed", "sitemap"), "article": ("article",)}


def site_spiders() -> list[str]:
    return [name for name in spider_names() if not name.startswith("demo_")]


def test_there_are_real_site_spiders():
    assert len(site_spiders()) >= 8


@pytest.mark.parametrize("name", site_spiders())
def test_spider_has_fixtures(name):
    folder = FIXTURES / name
    assert folder.is_dir(), f"no fixtures: tests/data/spiders/{name}/ (healthwatch new-spider)"
    cases = [case for case in folder.iterdir() if case.is_dir()]
    for case in cases:
        for part in ("body.html", "meta.json", "expected.json"):
            assert (case / part).is_file(), f"{case} lacks {part}"
        meta = json.loads((case / "meta.json").read_text(encoding="utf-8"))
        assert meta.get("url", "").startswith("http"), f"{case}/meta.json: url"
        assert meta.get("source"), f"{case}/meta.json: say where the page came from"
    for kind, prefixes in KINDS.items():
        assert any(case.name.startswith(prefixes) for case in cases), f"{name}: no {kind} case"


@pytest.mark.parametrize("name", site_spiders())
def test_spider_has_a_test_that_uses_its_fixtures(name):
    test = TESTS / f"test_{name}.py"
    assert test.is_file(), f"no tests/spiders/test_{name}.py"
    source = test.read_text(encoding="utf-8")
    assert f"from spiders.{name} import" in source
    used = set(re.findall(r'site_case\("([a-z0-9_]+)", "([a-z0-9_-]+)"\)', source))
    assert {case for site, case in used if site == name} >= {"listing", "article"}


def test_real_site_spiders_are_disabled_in_the_demo_and_enabled_in_production():
    """No internet in the demo; examples/production.toml watches them all."""
    import tomllib

    from crawler.config.settings import demo_config_data

    demo = demo_config_data()["sites"]
    production = tomllib.loads(
        (TESTS.parents[1] / "examples" / "production.toml").read_text(encoding="utf-8")
    )["sites"]
    for name in site_spiders():
        assert demo.get(name, {}).get("enabled") is False, f"demo config: {name} must be disabled"
        assert production.get(name, {}).get("enabled", True) is True, f"production: {name}"


def test_docs_list_every_site_spider():
    """docs/spiders.md tells, per spider, whether its fixtures are real or modelled."""
    docs = (TESTS.parents[1] / "docs" / "spiders.md").read_text(encoding="utf-8")
    for name in site_spiders():
        assert f"| `{name}` |" in docs, name
