"""The accuracy gate: the analyser must not fall below the pinned floors.

The metrics come from ``bench/eval_events.py`` (loaded by path, the same code
the command line prints).  ``tests/data/events/baseline.json`` pins the corpus
hash, so a data or label change is reviewed and re-pinned on purpose, and the
floors, which the analyser owner raises as it improves.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data" / "events"
BASELINE = DATA / "baseline.json"
EVAL_SCRIPT = ROOT / "bench" / "eval_events.py"
MAX_LISTED = 12  # per-field file failures quoted in the message


def load_eval() -> ModuleType:
    spec = importlib.util.spec_from_file_location("eval_events", EVAL_SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["eval_events"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_analysis_meets_the_pinned_floors() -> None:
    ev = load_eval()
    baseline = json.loads(BASELINE.read_text(encoding="utf-8"))
    problems: list[str] = []

    corpus = ev.corpus_sha256(DATA)
    if corpus != baseline["corpus_sha256"]:
        problems.append(
            f"corpus hash {corpus} != baseline {baseline['corpus_sha256']}: the event data or "
            "labels changed; re-pin the baseline after reviewing the data change "
            "(tests/data/events/README.md, 'Changing the data')"
        )

    report = ev.evaluate(DATA)
    for metric, floor in sorted(baseline["floors"].items()):
        value = report.metrics.get(metric)
        value = 0.0 if value is None else float(value)
        if value + 1e-9 < floor:
            line = f"{metric}: {value:.3f} < floor {floor:.2f}"
            field = {"macro_f1": "type"}.get(metric, metric)
            wrong = [
                f"    {name}: expected {expected!r}, got {got!r}"
                for name, fails in sorted(report.failures.items())
                for fld, expected, got in fails
                if fld == field
            ]
            if wrong:
                more = len(wrong) - MAX_LISTED
                line += "\n" + "\n".join(wrong[:MAX_LISTED])
                if more > 0:
                    line += f"\n    ... and {more} more (python bench/eval_events.py --failures)"
            problems.append(line)

    assert not problems, "event-analysis gate failed:\n" + "\n".join(problems)
