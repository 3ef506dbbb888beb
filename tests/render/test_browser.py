"""The render fallback in a real chromium: what is rendered, when, and that
no browser process outlives a crawl (ended normally, timed out or crashed)."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time
from pathlib import Path

import pytest

from crawler.crawl.browser import MAX_PAGES_PER_CHILD, marked_processes
from scheduler.runner import _stop
from storage.db import make_engine, session_factory
from storage.models import Article, PageState
from tests.render.conftest import crawl, crawl_argv

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("chromium")]


def stored(db: str) -> tuple[set[str], set[str]]:
    """Article URLs stored, and the pages remembered as needing the browser."""
    engine = make_engine(db)
    with session_factory(engine)() as session:
        articles = {a.url.rsplit("/", 1)[1] for a in session.query(Article)}
        remembered = {p.url.rsplit("/", 1)[1] for p in session.query(PageState) if p.needs_render}
    engine.dispose()
    return articles, remembered


def test_js_only_listing_is_rendered_and_remembered(site, db):
    stats = crawl([f"{site.url}/js.html"], db)

    assert stats["healthwatch/rendered"] == 2  # the listing and the scripted article
    assert stored(db) == ({"a2.html"}, {"js.html"})
    assert "rendered" in stats["log"] and "no article links in the static HTML" in stats["log"]
    assert site.hits["/js.html"] == 2  # static first, then the browser
    assert site.hits["/pixel.png"] == 0  # images never load
    assert stats["playwright/request_count/aborted"] >= 1

    again = crawl([f"{site.url}/js.html"], db)
    assert again["healthwatch/rendered"] == 1
    assert "remembered: its static HTML was a script shell" in again["log"]
    assert site.hits["/js.html"] == 3  # the later poll went straight to the browser


def test_static_pages_are_not_rendered_under_auto(site, db):
    stats = crawl([f"{site.url}/static.html"], db)

    assert stats["healthwatch/rendered"] is None
    assert stats["playwright/browser_count"] is None  # no browser was even started
    assert stored(db) == ({"a1.html"}, set())
    assert site.hits["/static.html"] == 1


def test_policy_always_renders_static_pages_too(site, db):
    stats = crawl([f"{site.url}/static.html"], db, "--policy", "always")

    assert stats["healthwatch/rendered"] == 2
    assert stored(db)[0] == {"a1.html"}


def test_without_rendering_a_js_listing_yields_nothing(site, db):
    for options in (("--policy", "never"), ("--render", "false")):
        stats = crawl([f"{site.url}/js.html"], db, *options)
        assert stats["healthwatch/rendered"] is None
        assert stats["item_scraped_count"] is None
        assert any("layout-changed" in w for w in stats["healthwatch/warnings"])
    assert stored(db) == (set(), set())


@pytest.mark.parametrize("policy", ["auto", "always"])
def test_a_script_that_never_settles_times_out_with_a_clear_status(site, db, policy):
    """auto: the static copy already fetched is kept; always: fetched now."""
    started = time.monotonic()
    stats = crawl([f"{site.url}/never.html"], db, "--wait-ms", "1500", "--policy", policy)

    assert time.monotonic() - started < 60
    assert stats["reason"] == "finished"
    assert stats["healthwatch/render_failed"] == 1
    assert stats["healthwatch/rendered"] is None
    failed = [w for w in stats["healthwatch/warnings"] if w.startswith("render-failed:")]
    assert len(failed) == 1 and "never.html" in failed[0] and "Timeout" in failed[0]
    assert "\n" not in failed[0]
    # the spider read the static copy instead, as a crawl without a browser would
    assert any(w.startswith("layout-changed") for w in stats["healthwatch/warnings"])
    assert "Error downloading" not in stats["log"]
    assert stored(db) == (set(), set())  # not remembered: rendering did not help
    assert site.hits["/never.html"] == 2  # one static fetch, one in the browser


def wait_for_browser(child: subprocess.Popen[bytes], deadline: float = 30) -> list[int]:
    """The marked browser processes of a crawl child, once it has some."""
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        if found := marked_processes(child.pid):
            return found
        assert child.poll() is None, "the crawl ended before its browser started"
        time.sleep(0.1)
    raise AssertionError("no browser process appeared")


def gone(pid: int, deadline: float = 15) -> bool:
    """True once no process of crawl child ``pid``'s browser is left."""
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        if not marked_processes(pid):
            return True
        time.sleep(0.2)
    return False


def test_no_browser_process_outlives_a_finished_crawl(site, db):
    child = subprocess.Popen(
        crawl_argv([f"{site.url}/js.html"], db), stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
    )
    assert wait_for_browser(child)  # the test can see the browser it counts
    child.communicate(timeout=120)
    assert child.returncode == 0
    assert gone(child.pid, deadline=5)


@pytest.mark.parametrize("ending", ["timeout", "crash"])
def test_no_browser_process_outlives_a_killed_crawl(site, db, ending):
    """Timeout: the runner's SIGTERM-then-SIGKILL of the process group.
    Crash: the crawl child alone dies by SIGKILL, nothing of ours runs."""
    argv = crawl_argv([f"{site.url}/never.html"], db, "--wait-ms", "60000")
    child = subprocess.Popen(
        argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    try:
        wait_for_browser(child)
        if ending == "timeout":
            _stop(child)
        else:
            os.kill(child.pid, signal.SIGKILL)
            child.wait()
        assert gone(child.pid), (
            f"browser processes left after a {ending}: {marked_processes(child.pid)}"
        )
    finally:
        for pid in marked_processes(child.pid):
            os.kill(pid, signal.SIGKILL)
        if child.poll() is None:
            child.kill()


def parent_and_argv(pid: int) -> tuple[int, bytes]:
    """A process's parent pid and command line (0, b"" once it is gone)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        argv = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return 0, b""
    return int(stat.rsplit(")", 1)[1].split()[1]), argv


def browsers(owner: int) -> set[int]:
    """Main chromium processes of a crawl child: marked, with an unmarked
    parent (the Playwright driver), and not chromium's crash reporter."""
    marked = set(marked_processes(owner))
    mains = set()
    for pid in marked:
        parent, argv = parent_and_argv(pid)
        if argv and parent not in marked and b"crashpad" not in argv:
            mains.add(pid)
    return mains


def test_one_bounded_browser_for_several_spiders_in_one_child(site, db):
    """Six spiders in one crawl child, all rendering, share one chromium,
    with at most MAX_PAGES_PER_CHILD pages open in it at once."""
    argv = crawl_argv([f"{site.url}/js.html"], db, "--spiders", "6")
    child = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    wait_for_browser(child)
    mains = set()
    while child.poll() is None:
        mains |= browsers(child.pid)
        time.sleep(0.05)
    log = child.stderr.read().decode() if child.stderr else ""
    assert child.returncode == 0, log[-3000:]
    assert len(mains) == 1, f"{len(mains)} browsers for one crawl child"
    closing = re.search(r"closing the browser: (\d+) pages rendered, at most (\d+) open", log)
    assert closing is not None, log[-3000:]
    assert int(closing.group(1)) == 12  # a listing and an article per spider
    assert 2 <= int(closing.group(2)) <= MAX_PAGES_PER_CHILD
    assert gone(child.pid, deadline=5)
