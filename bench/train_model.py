"""Train the analysis model (event type and health relevance) from the real labelled corpus.

    pip install -e '.[train]'
    python bench/train_model.py     # train split -> crawler/analysis/analysis_model.npz
    python bench/train_model.py --shared-corpus ../shared/corpus --report
    python bench/train_model.py --out /tmp/m.npz --c-type 2 --c-relevance 1

Reads the labelled items of the train split (tests/data/events_real/train.jsonl;
with --shared-corpus also its shared-corpus pages, and with --written the
project's written test pages), runs the rules over each exactly as
``healthwatch analyse`` does (``crawler.analysis.events.read_article``),
builds the features (``crawler.analysis.features``) and fits two logistic
regressions (scikit-learn): a multinomial one for the type and a binary one
for relevance.  Writes one compressed ``.npz`` (float32 weights, the dense
features' scaling, the hashing parameters, a version).  ``--report`` prints
accuracy on the dev split with the new weights, without touching the
shipped file unless ``--out`` says so.  The locked split is never read.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse  # type: ignore[import-untyped]
from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped]

from crawler.analysis.events import read_article, reading_features
from crawler.analysis.features import BUCKETS, DENSE_NAMES, Features
from crawler.analysis.model import FORMAT, model_path
from crawler.crawl.inputs import read_input

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT / "tests" / "data" / "events_real"
WRITTEN = (ROOT / "tests" / "data" / "events", ROOT / "tests" / "data" / "events_heldout")
TYPES = ("forum", "agreement", "launch", "other")
SHARED = "shared:"


def labelled(split: str, shared: Path | None) -> list[tuple[Path, dict[str, Any]]]:
    """(file, label) of one split; shared-corpus pages only when the corpus is given."""
    if split == "locked":
        raise SystemExit("train_model: the locked split is never read for training")
    rows = [json.loads(line) for line in (REAL / f"{split}.jsonl").read_text("utf-8").splitlines()]
    out = []
    for item in rows:
        name: str = item["file"]
        if name.startswith(SHARED):
            if shared is not None:
                out.append((shared / name[len(SHARED) :], item))
        else:
            out.append((REAL / name, item))
    return out


def written() -> list[tuple[Path, dict[str, Any]]]:
    """The written pages (unit-test material), relevance = event for them."""
    out = []
    for folder in WRITTEN:
        for item in json.loads((folder / "labels.json").read_text(encoding="utf-8")):
            out.append((folder / item["file"], {**item, "relevant": item["type"] != "other"}))
    return out


def featurise(
    items: list[tuple[Path, dict[str, Any]]],
) -> tuple[list[Features], list[dict[str, Any]]]:
    features, labels = [], []
    for path, item in items:
        try:
            reading = read_article(read_input(str(path)))
        except Exception as exc:  # an unreadable page teaches nothing
            print(f"skipped {path.name}: {exc}", file=sys.stderr)
            continue
        features.append(reading_features(reading))
        labels.append(item)
    return features, labels


def matrix(features: list[Features], mean: np.ndarray, scale: np.ndarray) -> sparse.csr_matrix:
    """Rows: the binary sparse buckets, then the scaled dense features."""
    rows, cols = [], []
    for row, feature in enumerate(features):
        rows += [row] * len(feature.indices)
        cols += feature.indices.tolist()
    hashed = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(features), BUCKETS))
    dense = np.vstack([(f.dense - mean) / scale for f in features])
    return sparse.hstack([hashed, sparse.csr_matrix(dense)]).tocsr()


def fit(
    features: list[Features], labels: list[dict[str, Any]], c_type: float, c_relevance: float
) -> dict[str, np.ndarray]:
    dense = np.vstack([f.dense for f in features])
    mean, scale = dense.mean(axis=0), dense.std(axis=0)
    scale[scale == 0] = 1.0
    x = matrix(features, mean, scale)
    kinds = np.array([item["type"] for item in labels])
    relevant = np.array([bool(item["relevant"]) for item in labels])
    type_lr = LogisticRegression(C=c_type, max_iter=5000, class_weight="balanced")
    type_lr.fit(x, kinds)
    rel_lr = LogisticRegression(C=c_relevance, max_iter=5000, class_weight="balanced")
    rel_lr.fit(x, relevant)
    order = [list(type_lr.classes_).index(kind) for kind in TYPES]
    type_coef = type_lr.coef_[order]
    return {
        "format": np.array(FORMAT),
        "version": np.array(f"{dt.date.today().isoformat()}-{len(labels)}"),
        "buckets": np.array(BUCKETS),
        "dense_names": np.array(DENSE_NAMES),
        "type_classes": np.array(TYPES),
        "type_sparse": type_coef[:, :BUCKETS].astype(np.float32),
        "type_dense": type_coef[:, BUCKETS:].astype(np.float32),
        "type_intercept": type_lr.intercept_[order].astype(np.float32),
        "relevance_sparse": rel_lr.coef_[:, :BUCKETS].astype(np.float32),
        "relevance_dense": rel_lr.coef_[:, BUCKETS:].astype(np.float32),
        "relevance_intercept": rel_lr.intercept_.astype(np.float32),
        "dense_mean": mean.astype(np.float32),
        "dense_scale": scale.astype(np.float32),
    }


def report(
    arrays: dict[str, np.ndarray], features: list[Features], labels: list[dict[str, Any]]
) -> str:
    """Type accuracy and macro-F1, relevance F1, of these weights on these items."""
    x = matrix(
        features, arrays["dense_mean"].astype(np.float64), arrays["dense_scale"].astype(np.float64)
    )
    w = np.hstack([arrays["type_sparse"], arrays["type_dense"]]).astype(np.float64)
    logits = x @ w.T + arrays["type_intercept"]
    got = [TYPES[i] for i in np.argmax(logits, axis=1)]
    gold = [item["type"] for item in labels]
    f1s = []
    for kind in TYPES:
        tp = sum(g == kind and p == kind for g, p in zip(gold, got, strict=False))
        fp = sum(g != kind and p == kind for g, p in zip(gold, got, strict=False))
        fn = sum(g == kind and p != kind for g, p in zip(gold, got, strict=False))
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    rw = np.hstack([arrays["relevance_sparse"], arrays["relevance_dense"]]).astype(np.float64)
    rel = (x @ rw.T).ravel() + float(arrays["relevance_intercept"][0]) > 0
    rgold = np.array([bool(item["relevant"]) for item in labels])
    tp, fp, fn = int((rel & rgold).sum()), int((rel & ~rgold).sum()), int((~rel & rgold).sum())
    accuracy = sum(g == p for g, p in zip(gold, got, strict=False)) / len(gold)
    return (
        f"items {len(gold)}  type accuracy {accuracy:.3f}  macro-F1 {sum(f1s) / 4:.3f}  "
        f"relevance F1 {2 * tp / (2 * tp + fp + fn) if tp else 0.0:.3f}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, help=f"model file (default: {model_path()})")
    parser.add_argument("--shared-corpus", type=Path, help="../shared/corpus: its pages too")
    parser.add_argument("--written", action="store_true", help="add the written test pages")
    parser.add_argument("--with-dev", action="store_true", help="train on train + dev")
    parser.add_argument("--c-type", type=float, default=1.0)
    parser.add_argument("--c-relevance", type=float, default=1.0)
    parser.add_argument(
        "--override", type=float, default=0.8, help="type probability that overrules the rules"
    )
    parser.add_argument(
        "--report", action="store_true", help="print dev figures; write only with --out"
    )
    args = parser.parse_args(argv)
    items = labelled("train", args.shared_corpus)
    if args.with_dev:
        items += labelled("dev", args.shared_corpus)
    if args.written:
        items += written()
    features, labels = featurise(items)
    arrays = fit(features, labels, args.c_type, args.c_relevance)
    arrays["type_override"] = np.array(args.override, dtype=np.float32)
    print("train:", report(arrays, features, labels))
    if args.report and not args.with_dev:
        dev_features, dev_labels = featurise(labelled("dev", args.shared_corpus))
        print("dev:  ", report(arrays, dev_features, dev_labels))
    if args.out is not None or not args.report:
        out = args.out or model_path()
        np.savez_compressed(out, **arrays)
        print(f"wrote {out} ({out.stat().st_size / 1024:.0f} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
