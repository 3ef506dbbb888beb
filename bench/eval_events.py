"""Accuracy of page analysis on real labelled pages (tests/data/events_real/).

    python bench/eval_events.py [--split dev|train] [--failures] [--json]
    python bench/eval_events.py --locked          # once per session, after the work
    python bench/eval_events.py --data tests/data/events      # a written set (labels.json)

Runs every labelled text through the same path as ``healthwatch analyse``
(``crawler.crawl.inputs.read_input`` then ``crawler.analysis.analyse``) and
compares the result with the labels (rules in tests/data/events_real/GUIDE.md).

Prints: type precision/recall/F1 per class and macro-F1; alert precision and
recall (an alert = an event type and health-relevant); relevance F1; exact
published, start and end dates; place (fuzzy); status; language.  Items of
the shared page corpus (``shared:`` files) are scored only with
``--shared-corpus DIR``.

The locked split is read only with ``--locked``: it refuses a dirty work tree
(a locked figure belongs to a commit), never lists failures, and appends its
figures to bench/locked_runs.jsonl so every look is on record.
Always exits 0 (the gate is tests/analysis/test_eval_gate.py), 2 on misuse.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import math
import subprocess
import sys
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from crawler.analysis import analyse
from crawler.crawl.inputs import read_input

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT / "tests" / "data" / "events_real"
LOCKED_LOG = ROOT / "bench" / "locked_runs.jsonl"
CLASSES = ("forum", "agreement", "launch", "other")
SHARED = "shared:"


@dataclass
class Report:
    """Metrics of one evaluation run plus the per-item failures."""

    metrics: dict[str, Any]
    failures: dict[str, list[tuple[str, Any, Any]]] = field(default_factory=dict)


# --------------------------------------------------------------------------
# Data
# --------------------------------------------------------------------------


def load_split(data: Path, split: str) -> list[dict[str, Any]]:
    """The labelled items of one split (``train``, ``dev``, ``locked``)."""
    lines = (data / f"{split}.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def load_written(data: Path) -> list[dict[str, Any]]:
    """A written set (tests/data/events): labels.json, no relevance labels."""
    items: list[dict[str, Any]] = json.loads((data / "labels.json").read_text(encoding="utf-8"))
    return [{**item, "id": item["file"], "relevant": item["type"] != "other"} for item in items]


def item_path(data: Path, item: dict[str, Any], shared: Path | None) -> Path | None:
    """Where an item's bytes are; None for a shared-corpus page without the corpus."""
    name: str = item["file"]
    if name.startswith(SHARED):
        return None if shared is None else shared / name[len(SHARED) :]
    return data / name


def corpus_sha256(data: Path, items: Iterable[dict[str, Any]]) -> str:
    """sha256 over the labels and every in-repository file they name."""
    digest = hashlib.sha256()
    for item in sorted(items, key=lambda i: i["id"]):
        digest.update(json.dumps(item, sort_keys=True, ensure_ascii=False).encode("utf-8"))
        if not item["file"].startswith(SHARED):
            digest.update((data / item["file"]).read_bytes())
    return digest.hexdigest()


# --------------------------------------------------------------------------
# Prediction
# --------------------------------------------------------------------------


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def predict(path: Path) -> dict[str, Any]:
    """The analysed fields of one page, as plain JSON-able values."""
    analysis = analyse(read_input(str(path)))
    event = analysis.event
    return {
        "language": analysis.language,
        "type": analysis.type,
        "also": sorted(set(analysis.also)),
        "relevant": analysis.relevant,
        "alert": analysis.alert,
        "published": _iso(analysis.published),
        "start": _iso(event.start),
        "end": _iso(event.end),
        "place": event.place,
        "status": analysis.reported_status,
    }


def normalise_place(text: str | None) -> str:
    """NFKC, case-folded, leading 'the' dropped, no whitespace or punctuation."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text).casefold().strip()
    if text.startswith("the "):
        text = text[4:]
    return "".join(ch for ch in text if not (ch.isspace() or unicodedata.category(ch)[0] in "PS"))


def place_matches(predicted: str | None, variants: Iterable[str]) -> bool:
    """Fuzzy: equal to a variant after normalisation, or one contains the other
    (a venue with its district, a city inside a venue's name)."""
    got = normalise_place(predicted)
    if len(got) < 2:
        return False
    for variant in variants:
        want = normalise_place(variant)
        if want and (got == want or (len(want) >= 2 and (want in got or got in want))):
            return True
    return False


# --------------------------------------------------------------------------
# Metrics
# --------------------------------------------------------------------------


def _rate(hits: int, total: int) -> float | None:
    return hits / total if total else None


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def _per_class(pairs: list[tuple[str, str | None]]) -> dict[str, dict[str, float | int]]:
    out: dict[str, dict[str, float | int]] = {}
    for cls in CLASSES:
        tp = sum(1 for gold, got in pairs if gold == cls and got == cls)
        fp = sum(1 for gold, got in pairs if gold != cls and got == cls)
        fn = sum(1 for gold, got in pairs if gold == cls and got != cls)
        out[cls] = {**_prf(tp, fp, fn), "support": tp + fn}
    return out


FIELDS = ("language", "type", "relevant", "alert", "published", "start", "end", "place", "status")


def _checks(item: dict[str, Any], got: dict[str, Any]) -> dict[str, tuple[bool, bool]]:
    """field: (counted for this item, correct)."""
    is_event = item["type"] != "other"
    return {
        "language": (True, got["language"] == item["language"]),
        "type": (True, got["type"] == item["type"]),
        "relevant": (True, got["relevant"] == item["relevant"]),
        "alert": (True, got["alert"] == (is_event and item["relevant"])),
        "published": (True, got["published"] == item["published"]),
        "start": (item["start"] is not None, got["start"] == item["start"]),
        "end": (item["end"] is not None, got["end"] == item["end"]),
        "place": (bool(item["place"]), place_matches(_as_text(got["place"]), item["place"])),
        "status": (is_event, got["status"] == item["status"]),
    }


def evaluate(items: list[dict[str, Any]], data: Path, shared: Path | None = None) -> Report:
    """Analyse every labelled item and score it against its label."""
    failures: dict[str, list[tuple[str, Any, Any]]] = {}
    pairs: list[tuple[str, str | None]] = []
    hits, totals = dict.fromkeys(FIELDS, 0), dict.fromkeys(FIELDS, 0)
    alert_tp = alert_fp = alert_fn = rel_tp = rel_fp = rel_fn = 0
    published_labelled = [0, 0]
    errors = scored = 0
    for item in items:
        path = item_path(data, item, shared)
        if path is None:
            continue
        scored += 1
        try:
            got: dict[str, Any] = predict(path)
        except Exception as exc:  # a refused or crashing page counts as wrong everywhere
            errors += 1
            got = dict.fromkeys(FIELDS, f"error: {type(exc).__name__}: {exc}")
            got["also"] = []
        gold_alert = item["type"] != "other" and bool(item["relevant"])
        alert_tp += gold_alert and got["alert"] is True
        alert_fp += (not gold_alert) and got["alert"] is True
        alert_fn += gold_alert and got["alert"] is not True
        rel_tp += item["relevant"] and got["relevant"] is True
        rel_fp += (not item["relevant"]) and got["relevant"] is True
        rel_fn += item["relevant"] and got["relevant"] is not True
        if item["published"] is not None:
            published_labelled[1] += 1
            published_labelled[0] += got["published"] == item["published"]
        pairs.append((item["type"], got["type"] if got["type"] in CLASSES else None))
        for name, (counted, ok) in _checks(item, got).items():
            if not counted:
                continue
            totals[name] += 1
            hits[name] += ok
            if not ok:
                failures.setdefault(item["id"], []).append((name, item.get(name), got.get(name)))
    per_class = _per_class(pairs)
    alert = _prf(alert_tp, alert_fp, alert_fn)
    relevance = _prf(rel_tp, rel_fp, rel_fn)
    metrics: dict[str, Any] = {
        "items": scored,
        "errors": errors,
        "classes": per_class,
        "macro_f1": sum(float(c["f1"]) for c in per_class.values()) / len(CLASSES),
        "accuracy": _rate(hits["type"], totals["type"]),
        "alert_precision": alert["precision"],
        "alert_recall": alert["recall"],
        "relevance_f1": relevance["f1"],
        "published_labelled": _rate(*published_labelled),
        "counts": {name: {"correct": hits[name], "total": totals[name]} for name in FIELDS},
    }
    for name in ("language", "published", "start", "end", "place", "status"):
        metrics[name] = _rate(hits[name], totals[name])
    return Report(metrics=metrics, failures=failures)


def _as_text(value: Any) -> str | None:
    return value if isinstance(value, str) and not value.startswith("error: ") else None


# --------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------


def _fmt(value: float | None) -> str:
    return "  n/a" if value is None else f"{value:.3f}"


def render(report: Report, failures: bool) -> str:
    m = report.metrics
    lines = [f"items: {m['items']}   errors (refused/crashed pages): {m['errors']}", ""]
    lines.append(f"{'class':<10} {'prec':>6} {'recall':>6} {'f1':>6} {'support':>8}")
    for cls, c in m["classes"].items():
        scores = f"{c['precision']:>6.3f} {c['recall']:>6.3f} {c['f1']:>6.3f}"
        lines.append(f"{cls:<10} {scores} {c['support']:>8}")
    lines += ["", f"macro-F1          {_fmt(m['macro_f1'])}"]
    lines.append(f"alert precision   {_fmt(m['alert_precision'])}")
    lines.append(f"alert recall      {_fmt(m['alert_recall'])}")
    lines.append(f"relevance F1      {_fmt(m['relevance_f1'])}")
    lines.append(f"published (dated) {_fmt(m['published_labelled'])}")
    for key in ("accuracy", "language", "published", "start", "end", "place", "status"):
        counted = m["counts"]["type" if key == "accuracy" else key]
        lines.append(f"{key:<17} {_fmt(m[key])}   ({counted['correct']}/{counted['total']})")
    if failures:
        lines += ["", f"failures ({len(report.failures)} items):"]
        for name, wrong in sorted(report.failures.items()):
            lines.append(f"  {name}")
            for fld, expected, got in wrong:
                lines.append(f"    {fld:<10} expected {expected!r:<40} got {got!r}")
    return "\n".join(lines)


def _commit() -> tuple[str, bool]:
    head = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=no"],
        check=False,
        cwd=ROOT,
        capture_output=True,
        text=True,
    ).stdout.strip()
    return head, bool(dirty)


GATED = (
    "macro_f1",
    "alert_precision",
    "alert_recall",
    "relevance_f1",
    "published",
    "start",
    "place",
    "status",
    "language",
)
FLOOR_MARGIN = 0.02  # the gate's floors sit this far under the measured dev figures


def pin(metrics: dict[str, Any]) -> None:
    """Write the gate's baseline: the dev corpus hash and floors a little under the figures."""
    floors = {
        name: round(max(0.0, math.floor(float(metrics[name] or 0.0) * 100) / 100 - FLOOR_MARGIN), 2)
        for name in GATED
    }
    baseline = {"corpus_sha256": metrics["corpus_sha256"], "floors": floors}
    (REAL / "baseline.json").write_text(json.dumps(baseline, indent=2) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--data", type=Path, help="a written set with labels.json instead")
    parser.add_argument("--split", choices=("dev", "train"), default="dev")
    parser.add_argument("--locked", action="store_true", help="score the locked split (rarely)")
    parser.add_argument("--shared-corpus", type=Path, help="../shared/corpus, for shared: items")
    parser.add_argument("--json", action="store_true", help="print the metrics as one JSON object")
    parser.add_argument("--failures", action="store_true", help="list each wrong field per item")
    parser.add_argument(
        "--pin", action="store_true", help="write the dev figures' floors to baseline.json"
    )
    args = parser.parse_args(argv)
    if args.data is not None:
        data, items = args.data, load_written(args.data)
    elif args.locked:
        head, dirty = _commit()
        if dirty:
            print("eval_events: commit first: a locked figure belongs to a commit", file=sys.stderr)
            return 2
        data, items, args.failures = REAL, load_split(REAL, "locked"), False
    else:
        data, items = REAL, load_split(REAL, args.split)
    report = evaluate(items, data, args.shared_corpus)
    report.metrics["corpus_sha256"] = corpus_sha256(data, items)
    if args.pin and args.split == "dev" and args.data is None and not args.locked:
        pin(report.metrics)
    if args.locked:
        record = {"commit": head, "date": dt.date.today().isoformat(), **report.metrics}
        with LOCKED_LOG.open("a", encoding="utf-8") as log:
            log.write(json.dumps(record, sort_keys=True) + "\n")
    if args.json:
        out = dict(report.metrics)
        if args.failures:
            out["failures"] = {
                name: [{"field": f, "expected": e, "got": g} for f, e, g in wrong]
                for name, wrong in sorted(report.failures.items())
            }
        print(json.dumps(out, ensure_ascii=False, sort_keys=True))
    else:
        print(render(report, args.failures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
