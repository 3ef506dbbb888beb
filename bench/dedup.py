"""Near-duplicate lookup at scale and the cost of fingerprinting (issue 5).

    python bench/dedup.py --rows 20000 --queries 200          # quick check
    python bench/dedup.py --rows 1000000 --corpus ../shared/corpus/pages
    python bench/dedup.py --backend sqlite|postgresql|both --pg-url postgresql://...
        [--queries 2000] [--sqlite-path bench.db]

Loads N generated articles (random 64-bit SimHashes, seeded) through the real
migrations into SQLite and/or a fresh PostgreSQL database (dropped at the
end), prints the insert rate, then times ``find_near_duplicate`` on stored
hashes with 1..7 bits flipped and on fresh random hashes.  Targets: median
< 5 ms, p99 < 20 ms at 1,000,000 rows.  With ``--corpus``, also times
canonical_url + fingerprint (content hash + SimHash) against trafilatura's extraction of
the same pages in the same run (target < 5 %).  By default they run as the
crawl pipeline runs them, after extraction *and analysis* (untimed); with
``--order after-extraction`` straight after trafilatura, where they also pay
for the caches trafilatura left cold (see docs/benchmarks.md).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import secrets
import statistics
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import trafilatura
from sqlalchemy import Engine, Select, Table, insert, or_, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from trafilatura.settings import Document

from crawler.analysis.events import analyse
from crawler.identity.dedup import band_probes, bands, canonical_url, fingerprint, to_signed
from crawler.items import Article as PageArticle
from crawler.services.articles import MAX_CANDIDATES, find_near_duplicate
from storage.db import make_engine, safe_url, session_factory, upgrade
from storage.models import Article

STEPS = ("canonical_url", "fingerprint")  # fingerprint = content hash + SimHash, one pass
SEED, BATCH, MAX_DISTANCE, WARMUP = 20261124, 10_000, 6, 50
WORDS = ("health", "notice", "expo", "forum", "vaccine", "drug", "trial", "药品", "医院", "会议")
EPOCH = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


@dataclass
class Lookups:
    """Per-query timings (ms) and what each query found."""

    near_ms: list[float] = field(default_factory=list)
    fresh_ms: list[float] = field(default_factory=list)
    candidates: list[int] = field(default_factory=list)
    misses: int = 0  # a stored hash <= MAX_DISTANCE bits away not returned
    not_candidate: int = 0  # a stored hash 1..7 bits away absent from the candidates
    false_hits: int = 0  # something returned for a fresh random hash or at 7 bits


def article_rows(rng: random.Random, start: int, hashes: list[int]) -> list[dict[str, Any]]:
    """One batch of Article rows; ``hashes`` are the unsigned SimHashes."""
    rows = []
    for i, value in enumerate(hashes, start):
        url = f"http://site{i % 100}.test/a/{i}.html"
        row: dict[str, Any] = {
            "canonical_url": url,
            "url": url + "?utm_source=rss",
            "site": f"site{i % 100}",
        }
        row |= {"title": f"Health notice {i}", "text": " ".join(rng.choices(WORDS, k=40))}
        row |= {"language": rng.choice(("en", "zh")), "type": "other", "published": None}
        row |= {"fetched_at": EPOCH + dt.timedelta(seconds=i), "simhash": to_signed(value)}
        row |= {f"sim_band{k}": band for k, band in enumerate(bands(value))}
        rows.append(row | {"content_hash": f"{rng.getrandbits(256):064x}"})
    return rows


def load(engine: Engine, rows: int, sqlite: bool) -> tuple[list[int], float]:
    """Insert ``rows`` articles, 10k per transaction; the hashes and rows/s."""
    rng = random.Random(SEED)
    hashes = [rng.getrandbits(64) or 1 for _ in range(rows)]
    spent = 0.0
    with engine.connect() as conn:
        raw: Any = conn.connection.driver_connection  # pragmas outside SQLAlchemy's autobegin
        if sqlite:
            default = raw.execute("PRAGMA synchronous").fetchone()[0]
            raw.execute("PRAGMA synchronous=OFF")
        for start in range(0, rows, BATCH):
            batch = article_rows(rng, start, hashes[start : start + BATCH])
            began = time.perf_counter()
            with conn.begin():
                conn.execute(insert(cast(Table, Article.__table__)), batch)
            spent += time.perf_counter() - began
        if sqlite:
            raw.execute(f"PRAGMA synchronous={int(default)}")
    return hashes, rows / spent


def candidate_query(value: int) -> Select[int, int | None]:
    """The candidate SELECT of ``find_near_duplicate``, rebuilt to count and explain it."""
    columns = (Article.sim_band0, Article.sim_band1, Article.sim_band2, Article.sim_band3)
    probes = [c.in_(band_probes(b)) for c, b in zip(columns, bands(value), strict=True)]
    return select(Article.id, Article.simhash).where(or_(*probes)).limit(MAX_CANDIDATES)


def make_queries(hashes: list[int], count: int) -> list[tuple[int, int | None, int]]:
    """(query hash, stored hash it derives from or None, bits flipped): half each."""
    rng = random.Random(SEED + 1)
    queries: list[tuple[int, int | None, int]] = []
    for n in range(count):
        if n % 2:
            queries.append((rng.getrandbits(64) or 1, None, 0))
            continue
        stored, flips = rng.choice(hashes), rng.randint(1, 7)
        mask = sum(1 << bit for bit in rng.sample(range(64), flips))
        queries.append((stored ^ mask, stored, flips))
    return queries


def lookups(engine: Engine, hashes: list[int], count: int) -> Lookups:
    """Time the real lookup; count candidates with the same SELECT, untimed."""
    result = Lookups()
    with session_factory(engine)() as session:
        for value, _stored, _flips in make_queries(hashes, WARMUP):
            find_near_duplicate(session, value, MAX_DISTANCE)
        for value, stored, flips in make_queries(hashes, count):
            session.expunge_all()
            began = time.perf_counter()
            found = find_near_duplicate(session, value, MAX_DISTANCE)
            elapsed = (time.perf_counter() - began) * 1000
            rows = {s for _id, s in session.execute(candidate_query(value))}
            result.candidates.append(len(rows))
            (result.fresh_ms if stored is None else result.near_ms).append(elapsed)
            if stored is not None and to_signed(stored) not in rows:
                result.not_candidate += 1
            if stored is None or flips > MAX_DISTANCE:
                result.false_hits += found is not None
            elif found is None or found.simhash != to_signed(stored):
                result.misses += 1
        session.rollback()
    return result


def explain(engine: Engine, value: int, sqlite: bool) -> list[str]:
    """The plan of the candidate query: EXPLAIN QUERY PLAN / EXPLAIN (ANALYZE, BUFFERS)."""
    sql = str(candidate_query(value).compile(engine, compile_kwargs={"literal_binds": True}))
    with engine.connect() as conn:
        if sqlite:
            return [row[-1] for row in conn.execute(text("EXPLAIN QUERY PLAN " + sql))]
        return [row[0] for row in conn.execute(text("EXPLAIN (ANALYZE, BUFFERS) " + sql))]


def pct(ms: list[float], q: float) -> float:
    """The q-quantile (nearest rank) of the timings."""
    ordered = sorted(ms)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def figures(ms: list[float]) -> str:
    median, p90, p99 = statistics.median(ms), pct(ms, 0.90), pct(ms, 0.99)
    return f"median {median:6.2f}  p90 {p90:6.2f}  p99 {p99:6.2f}  max {max(ms):7.2f} ms"


@contextmanager
def postgres_database(admin_url: str) -> Iterator[str | None]:
    """A fresh hw_bench_<random> database on the server of ``admin_url``, dropped
    after; None (and a skip line) if the server cannot be reached."""
    name = f"hw_bench_{secrets.token_hex(4)}"
    admin = make_engine(admin_url).execution_options(isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f"CREATE DATABASE {name}")
    except OperationalError as exc:  # server down, refused, no such role...
        reason = str(exc.orig or exc).strip().splitlines()[0]
        print(f"postgresql: SKIPPED, cannot use {safe_url(admin_url)}: {reason}")
        yield None
        return
    try:
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.dispose()
        print(f"postgresql: dropped database {name}")


def bench_backend(name: str, url: str, rows: int, count: int) -> dict[str, Any]:
    sqlite = name == "sqlite"
    upgrade(url)
    engine = make_engine(url)
    try:
        note = " (PRAGMA synchronous=OFF during the load only)" if sqlite else ""
        hashes, rate = load(engine, rows, sqlite)
        print(f"{name}: inserted {rows:,} rows at {rate:,.0f} rows/s{note}")
        # PostgreSQL: VACUUM too (no autovacuum on the new table mid-timing) and a
        # CHECKPOINT (the bulk load's dirty buffers are not written back mid-timing).
        stats = "ANALYZE" if sqlite else "VACUUM ANALYZE article; CHECKPOINT"
        options = {} if sqlite else {"isolation_level": "AUTOCOMMIT"}  # VACUUM: no transaction
        with engine.execution_options(**options).begin() as conn:
            began = time.perf_counter()
            for statement in stats.split("; "):
                conn.exec_driver_sql(statement)
        print(f"{name}: {stats} took {time.perf_counter() - began:.1f} s")
        print(f"{name}: plan of the candidate query:")
        for line in explain(engine, hashes[0] ^ 0b1011, sqlite):
            print(f"    {line[:110]}{'…' if len(line) > 110 else ''}")
        found = lookups(engine, hashes, count)
    finally:
        engine.dispose()
    all_ms = found.near_ms + found.fresh_ms
    print(f"{name}: {count} lookups after {WARMUP} warm-up (max_distance={MAX_DISTANCE})")
    for label, ms in (("stored, 1..7 bits flipped", found.near_ms),
                      ("fresh random hash", found.fresh_ms), ("all", all_ms)):  # fmt: skip
        print(f"  {label:<26} {len(ms):5} {figures(ms)}")
    print(
        f"  candidates/query: mean {statistics.mean(found.candidates):.0f}, "
        f"max {max(found.candidates)} (limit {MAX_CANDIDATES}); "
        f"misses (<= {MAX_DISTANCE} bits): {found.misses}; stored hash not among "
        f"candidates (<= 7 bits): {found.not_candidate}; false hits: {found.false_hits}"
    )
    cand = statistics.mean(found.candidates)
    return {"rate": rate, "ms": all_ms, "cand": cand, "misses": found.misses}


def fingerprint_cost(folder: Path, order: str = "pipeline") -> dict[str, float]:
    """Per-article µs of trafilatura (baseline) and of each fingerprint step.

    ``order="pipeline"`` runs the analysis between them (untimed), as the
    crawl's ExtractPipeline -> AnalysePipeline -> DedupPipeline do.
    """
    pages = sorted(p for p in folder.iterdir() if p.suffix in {".html", ".htm"})
    spent = dict.fromkeys(("trafilatura", *STEPS), 0.0)
    articles = 0
    for n, page in enumerate(pages):
        body = page.read_bytes()
        began = time.perf_counter()
        doc = trafilatura.bare_extraction(body)
        spent["trafilatura"] += time.perf_counter() - began
        if not isinstance(doc, Document) or not doc.text:
            continue
        articles += 1
        url = f"https://WWW.Site{n % 7}.test/news/./{page.name}?utm_source=feed&id={n}#top"
        if order == "pipeline":
            analyse(PageArticle(url=url, title=doc.title or "", text=doc.text))
        began = time.perf_counter()
        canonical_url(url)
        spent["canonical_url"] += (mark := time.perf_counter()) - began
        fingerprint(doc.title or "", doc.text)
        spent["fingerprint"] += time.perf_counter() - mark
    per = {k: v * 1e6 / (len(pages) if k == "trafilatura" else articles) for k, v in spent.items()}
    ours = sum(per[step] for step in STEPS)
    print(f"corpus: {len(pages)} pages, {articles} with extracted text")
    for step, us in per.items():
        print(f"  {step:<14} {us:10.1f} µs/{'page' if step == 'trafilatura' else 'article'}")
    ratio = ours / per["trafilatura"]
    print(f"  fingerprint total {ours:7.1f} µs/article = {ratio:.2%} of extraction")
    return {"ours": ours, "base": per["trafilatura"], "ratio": ratio}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=2000)
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--pg-url", default="postgresql://postgres@127.0.0.1:5432/test")
    parser.add_argument("--sqlite-path", type=Path, default=None)
    parser.add_argument("--corpus", type=Path, default=None, help="folder of saved .html pages")
    parser.add_argument(
        "--order",
        choices=("pipeline", "after-extraction"),
        default="pipeline",
        help="time the fingerprint after analysis (as the crawl does) or right after trafilatura",
    )
    args = parser.parse_args()
    results: dict[str, dict[str, Any]] = {}
    if args.backend in ("sqlite", "both"):
        with tempfile.TemporaryDirectory(prefix="hw_bench_") as tmp:
            path = args.sqlite_path or Path(tmp) / "bench.db"
            results["sqlite"] = bench_backend(
                "sqlite", f"sqlite:///{path}", args.rows, args.queries
            )
    if args.backend in ("postgresql", "both"):
        with postgres_database(args.pg_url) as url:
            if url is not None:
                results["postgresql"] = bench_backend("postgresql", url, args.rows, args.queries)
    cost = fingerprint_cost(args.corpus, args.order) if args.corpus else None
    print(f"\nsummary: {args.rows:,} rows, {args.queries} lookups (target median < 5, p99 < 20 ms)")
    print(f"{'backend':<11} {'insert/s':>9} {'median':>8} {'p99':>8} {'cand':>6} misses  target")
    for name, r in results.items():
        median, p99 = statistics.median(r["ms"]), pct(r["ms"], 0.99)
        ok = "met" if median < 5 and p99 < 20 else "MISSED"
        line = f"{r['rate']:9,.0f} {median:6.2f}ms {p99:6.2f}ms {r['cand']:6.0f} {r['misses']:6}"
        print(f"{name:<11} {line}  {ok}")
    if cost:
        ours, base, ratio = cost["ours"], cost["base"], cost["ratio"]
        ok = "met" if ratio < 0.05 else "MISSED"
        print(
            f"fingerprint {ours:.0f} µs/article vs trafilatura {base:.0f} µs/page: {ratio:.2%} {ok}"
        )


if __name__ == "__main__":
    main()
