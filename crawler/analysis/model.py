"""The learned layer: two small linear models that decide where the rules run out.

One multinomial logistic regression for the event type (forum, agreement,
launch, other) and one binary for health relevance, over the features of
``crawler.analysis.features``.  They are trained from the real labelled
corpus by ``bench/train_model.py`` (scikit-learn, a ``train`` extra) and
shipped as one ``.npz`` file in this package: coefficients, intercepts, the
dense features' scaling, the hashing parameters and a format version.  Run
time needs only numpy, loads in milliseconds and is deterministic.

A missing or damaged model file is an error at first use (``ModelError``,
naming the file), never a silent fallback to the rules alone.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import numpy as np

from crawler.analysis.features import BUCKETS, DENSE_NAMES, Features

MODEL_FILE = "analysis_model.npz"
FORMAT = 1
TOP_FEATURES = 5


class ModelError(Exception):
    """The shipped model cannot be used; the message names the file and why."""


@dataclass(frozen=True)
class Decision:
    """A model's choice, how sure it is, and the features that weighed most for it."""

    label: str
    confidence: float  # the model's probability of ``label``
    probabilities: dict[str, float]
    top: tuple[tuple[str, float], ...]  # (feature, contribution), strongest first


@dataclass(frozen=True)
class LinearModel:
    """Weights of one linear model over the sparse buckets and the dense features."""

    classes: tuple[str, ...]
    sparse: np.ndarray  # (classes, BUCKETS) float32; one row when binary
    dense: np.ndarray  # (classes, len(DENSE_NAMES)); one row when binary
    intercept: np.ndarray  # (classes,); one value when binary

    def logits(self, features: Features, scaled: np.ndarray) -> np.ndarray:
        """Per row: the sum of its weights over the article's features."""
        sparse = self.sparse[:, features.indices].sum(axis=1, dtype=np.float64)
        return np.asarray(sparse + self.dense @ scaled + self.intercept, dtype=np.float64)

    def decide(self, features: Features, scaled: np.ndarray, explain: bool = True) -> Decision:
        """The most probable class, its probability and (``explain``) its strongest features."""
        logits = self.logits(features, scaled)
        if len(self.classes) == 2:  # binary: one row scores the second class
            p = 1.0 / (1.0 + math.exp(-float(logits[0])))
            probabilities = {self.classes[0]: 1.0 - p, self.classes[1]: p}
            row, sign = 0, 1.0 if p >= 0.5 else -1.0
        else:
            shifted = np.exp(logits - logits.max())
            probs = shifted / shifted.sum()
            probabilities = {
                name: float(value) for name, value in zip(self.classes, probs, strict=False)
            }
            row, sign = int(np.argmax(logits)), 1.0
        label = max(probabilities, key=lambda name: probabilities[name])
        top = self.top(features, scaled, row, sign) if explain else ()
        return Decision(label, probabilities[label], probabilities, top)

    def top(
        self, features: Features, scaled: np.ndarray, row: int, sign: float
    ) -> tuple[tuple[str, float], ...]:
        """The features present on the page that pushed most towards the decision."""
        sparse = sign * self.sparse[row, features.indices].astype(np.float64)
        best = np.argsort(-sparse)[:TOP_FEATURES]
        pairs = [
            (describe(features.names[int(features.indices[i])]), float(sparse[i])) for i in best
        ]
        dense = sign * self.dense[row] * scaled
        pairs += [
            (describe(name), float(value))
            for name, value, raw in zip(DENSE_NAMES, dense, features.dense, strict=True)
            if raw > 0
        ]
        pairs.sort(key=lambda pair: -pair[1])
        return tuple((name, round(value, 3)) for name, value in pairs[:TOP_FEATURES] if value > 0)


ZONE_NAMES = {"t": "headline", "l": "lead", "b": "body"}


def describe(feature: str) -> str:
    """A feature as an analyst reads it: 'headline: "expo"', 'rules: forum in the headline'."""
    zone, _, gram = feature.partition(":")
    if zone in ZONE_NAMES:
        return f'{ZONE_NAMES[zone]}: "{gram.replace("_", " ")}"'
    return DENSE_DESCRIPTIONS.get(feature, feature)


DENSE_DESCRIPTIONS = {
    **{
        f"rule:{kind}:{part}": f"rules: {kind} {text}"
        for kind in ("forum", "agreement", "launch")
        for part, text in (
            ("score", "cue words"),
            ("main", "is the main event"),
            ("title", "named in the headline"),
            ("front", "cue words up front"),
        )
    },
    "rule:decided:other": "rules: no event",
    "rule:vetoed": "rules: the headline is about something else",
    "health:score": "health words",
    "health:strong_front": "health-sector words up front",
    "health:weak_front": "health words up front",
    "health:strong_body": "health-sector words in the body",
    "page:zh": "a Chinese page",
}


@dataclass(frozen=True)
class AnalysisModel:
    """The type and relevance models, with the dense features' scaling."""

    version: str
    type_model: LinearModel
    relevance_model: LinearModel
    dense_mean: np.ndarray
    dense_scale: np.ndarray
    # The model overrules the rules' type only with at least this probability.
    type_override: float = 0.8

    def scaled(self, features: Features) -> np.ndarray:
        scaled: np.ndarray = (features.dense - self.dense_mean) / self.dense_scale
        return scaled

    def decide_type(self, features: Features) -> Decision:
        return self.type_model.decide(features, self.scaled(features))

    def decide_relevance(self, features: Features) -> Decision:
        return self.relevance_model.decide(features, self.scaled(features), explain=False)

    def final_type(self, rules: str, decision: Decision) -> str:
        """The rules' type, unless the model is sure of another one."""
        if decision.label != rules and decision.confidence >= self.type_override:
            return decision.label
        return rules


def model_path() -> Path:
    """Where the shipped model file is (inside the installed package)."""
    return Path(str(resources.files("crawler.analysis") / MODEL_FILE))


def load_model(path: Path) -> AnalysisModel:
    """Read and check a model file; ModelError with the file's name when it is unusable."""
    try:
        with np.load(path, allow_pickle=False) as data:
            arrays = {name: data[name] for name in data.files}
    except FileNotFoundError:
        raise ModelError(
            f"analysis model not found: {path} (reinstall, or run bench/train_model.py)"
        ) from None
    except (OSError, ValueError, EOFError) as exc:
        raise ModelError(f"analysis model {path} is damaged: {exc}") from None
    return _checked(path, arrays)


def _checked(path: Path, arrays: dict[str, np.ndarray]) -> AnalysisModel:
    wanted = ("format", "version", "buckets", "dense_names", "type_classes", "type_sparse",
              "type_dense", "type_intercept", "relevance_sparse", "relevance_dense",
              "relevance_intercept", "dense_mean", "dense_scale")  # fmt: skip
    missing = [name for name in wanted if name not in arrays]
    if missing:
        raise ModelError(f"analysis model {path} is damaged: missing {', '.join(missing)}")
    if int(arrays["format"]) != FORMAT or int(arrays["buckets"]) != BUCKETS:
        raise ModelError(f"analysis model {path} has format {int(arrays['format'])}, need {FORMAT}")
    if tuple(str(n) for n in arrays["dense_names"]) != DENSE_NAMES:
        raise ModelError(f"analysis model {path} was trained on other features: retrain it")
    classes = tuple(str(name) for name in arrays["type_classes"])
    type_model = LinearModel(
        classes, arrays["type_sparse"], arrays["type_dense"], arrays["type_intercept"]
    )
    relevance = LinearModel(
        ("irrelevant", "relevant"),
        arrays["relevance_sparse"],
        arrays["relevance_dense"],
        arrays["relevance_intercept"],
    )
    shapes_ok = (
        type_model.sparse.shape == (len(classes), BUCKETS)
        and type_model.dense.shape == (len(classes), len(DENSE_NAMES))
        and relevance.sparse.shape == (1, BUCKETS)
        and relevance.dense.shape == (1, len(DENSE_NAMES))
    )
    if not shapes_ok:
        raise ModelError(f"analysis model {path} is damaged: unexpected array shapes")
    return AnalysisModel(
        str(arrays["version"]),
        type_model,
        relevance,
        arrays["dense_mean"].astype(np.float64),
        np.where(arrays["dense_scale"] > 0, arrays["dense_scale"], 1.0).astype(np.float64),
        float(arrays["type_override"]) if "type_override" in arrays else 0.8,
    )


@cache
def shipped_model() -> AnalysisModel:
    """The package's model, loaded once per process."""
    return load_model(model_path())
