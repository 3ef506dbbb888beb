"""Accuracy of page analysis on the labelled development set.

    python bench/eval_events.py [--data tests/data/events] [--json] [--failures]

Runs every labelled page through the same path as ``healthwatch analyse``
(``crawler.crawl.inputs.read_input`` then ``crawler.analysis.events.analyse``) and compares
the result with ``labels.json`` (rules in ``tests/data/events/README.md``).

Prints per-class precision/recall/F1 and support, macro-F1 over the four
classes, accuracy, language accuracy, exact-match rates for published, start,
end, place, status and also, and the corpus hash (sha256 over labels.json and
the labelled files).  ``--failures`` lists each wrong field per file,
``--json`` prints the metrics as one JSON object.  Always exits 0: the gate
is ``tests/analysis/test_eval_gate.py``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import sys
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from crawler.analysis.events import analyse
from crawler.crawl.inputs import read_input

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT / "tests" / "data" / "events"
LABELS = "labels.json"
CLASSES = ("forum", "agreement", "launch", "other")
FIELDS = ("language", "type", "also", "published", "start", "end", "place", "status")


@dataclass
class Report:
    """Metrics of one evaluation run plus the per-file failures."""

    metrics: dict[str, Any]
    failures: dict[str, list[tuple[str, Any, Any]]] = field(default_factory=dict)


# --------------------------------------------------------------------------
# Data
# --------------------------------------------------------------------------


def load_labels(data: Path) -> list[dict[str, Any]]:
    labels: list[dict[str, Any]] = json.loads((data / LABELS).read_text(encoding="utf-8"))
    return labels


def corpus_sha256(data: Path, labels: Iterable[dict[str, Any]] | None = None) -> str:
    """sha256 over labels.json and every labelled file, in sorted name order."""
    items = load_labels(data) if labels is None else labels
    names = sorted({LABELS, *(item["file"] for item in items)})
    digest = hashlib.sha256()
    for name in names:
        digest.update(name.encode("utf-8") + b"\0")
        digest.update((data / name).read_bytes() + b"\0")
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
        "published": _iso(analysis.published),
        "start": _iso(event.start),
        "end": _iso(event.end),
        "place": event.place,
        "status": event.status,
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
    got = normalise_place(predicted)
    return bool(got) and any(got == normalise_place(v) for v in variants)


# --------------------------------------------------------------------------
# Metrics
# --------------------------------------------------------------------------


def _rate(hits: int, total: int) -> float | None:
    return hits / total if total else None


def _per_class(pairs: list[tuple[str, str | None]]) -> dict[str, dict[str, float | int]]:
    out: dict[str, dict[str, float | int]] = {}
    for cls in CLASSES:
        tp = sum(1 for gold, got in pairs if gold == cls and got == cls)
        fp = sum(1 for gold, got in pairs if gold != cls and got == cls)
        fn = sum(1 for gold, got in pairs if gold == cls and got != cls)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        out[cls] = {"precision": precision, "recall": recall, "f1": f1, "support": tp + fn}
    return out


def evaluate(data: Path = DEFAULT_DATA) -> Report:
    """Analyse every labelled page and score it against its label."""
    labels = load_labels(data)
    failures: dict[str, list[tuple[str, Any, Any]]] = {}
    pairs: list[tuple[str, str | None]] = []
    hits = dict.fromkeys(FIELDS, 0)
    totals = dict.fromkeys(FIELDS, 0)
    errors = 0

    for item in labels:
        name = item["file"]
        try:
            got: dict[str, Any] = predict(data / name)
        except Exception as exc:  # a refused or crashing page counts as wrong everywhere
            errors += 1
            got = dict.fromkeys(FIELDS, f"error: {type(exc).__name__}: {exc}")
        is_event = item["type"] != "other"
        checks: dict[str, tuple[bool, Any]] = {
            # field: (counted for this item, correct)
            "language": (True, got["language"] == item["language"]),
            "type": (True, got["type"] == item["type"]),
            "also": (True, isinstance(got["also"], list) and set(got["also"]) == set(item["also"])),
            "published": (True, got["published"] == item["published"]),
            "start": (item["start"] is not None, got["start"] == item["start"]),
            "end": (item["end"] is not None, got["end"] == item["end"]),
            "place": (bool(item["place"]), place_matches(_as_text(got["place"]), item["place"])),
            "status": (is_event, got["status"] == item["status"]),
        }
        pairs.append((item["type"], got["type"] if got["type"] in CLASSES else None))
        for fld, (counted, ok) in checks.items():
            if not counted:
                continue
            totals[fld] += 1
            if ok:
                hits[fld] += 1
            else:
                expected = item[fld]
                if fld == "also":
                    expected = sorted(expected)
                failures.setdefault(name, []).append((fld, expected, got[fld]))

    per_class = _per_class(pairs)
    metrics: dict[str, Any] = {
        "items": len(labels),
        "errors": errors,
        "classes": per_class,
        "macro_f1": sum(float(c["f1"]) for c in per_class.values()) / len(CLASSES),
        "accuracy": _rate(hits["type"], totals["type"]),
        "language": _rate(hits["language"], totals["language"]),
        "published": _rate(hits["published"], totals["published"]),
        "start": _rate(hits["start"], totals["start"]),
        "end": _rate(hits["end"], totals["end"]),
        "place": _rate(hits["place"], totals["place"]),
        "status": _rate(hits["status"], totals["status"]),
        "also": _rate(hits["also"], totals["also"]),
        "counts": {fld: {"correct": hits[fld], "total": totals[fld]} for fld in FIELDS},
        "corpus_sha256": corpus_sha256(data, labels),
    }
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
    lines.append("")
    lines.append(f"macro-F1   {_fmt(m['macro_f1'])}")
    for key in ("accuracy", "language", "published", "start", "end", "place", "status", "also"):
        counted = m["counts"]["type" if key == "accuracy" else key]
        lines.append(f"{key:<10} {_fmt(m[key])}   ({counted['correct']}/{counted['total']})")
    lines.append("")
    lines.append(f"corpus sha256: {m['corpus_sha256']}")
    if failures:
        lines.append("")
        lines.append(f"failures ({len(report.failures)} files):")
        for name, wrong in sorted(report.failures.items()):
            lines.append(f"  {name}")
            for fld, expected, got in wrong:
                lines.append(f"    {fld:<10} expected {expected!r:<40} got {got!r}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="labelled data folder")
    parser.add_argument("--json", action="store_true", help="print the metrics as one JSON object")
    parser.add_argument("--failures", action="store_true", help="list each wrong field per file")
    args = parser.parse_args(argv)
    report = evaluate(args.data)
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
