"""The measurements of a pair as one feature vector, and the fitted logistic combinations.

Weights are fitted by ``python -m qa_checker.coverage.fit`` (see there and README.md for the data and
the procedure) and pasted into ``MODELS`` below; nothing is learnt at run time.
"""
from __future__ import annotations

import math
from typing import Optional, Sequence

from .alignment import AlignmentResult
from .length import log_ratio
from .lexical import LexicalResult
from .segments import Segment

# Feature names by signal.  A model uses the features of the signals it names.
SIGNAL_FEATURES: dict[str, tuple[str, ...]] = {
    "sentence": ("loo_gain", "sentence_gap", "clause_gap", "cosine"),
    "lexical": ("lex_missing", "lex_share", "lex_max", "lex_sentence", "lex_missing_sentence"),
    "reverse": ("en_unreached",),
    "length": ("log_ratio", "sentence_ratio"),
}
FEATURES: tuple[str, ...] = tuple(f for names in SIGNAL_FEATURES.values() for f in names)
_INDEX = {name: i for i, name in enumerate(FEATURES)}
# Sentences of at least this many code points count fully in lex_sentence.
_FULL_SENTENCE = 20
_WEIGHT_CEIL = 12.0


def feature_vector(zh: str, en: str, zh_clauses: Sequence[Segment], en_clauses: Sequence[Segment],
                   al: Optional[AlignmentResult], lx: Optional[LexicalResult]) -> list[float]:
    f = [0.0] * len(FEATURES)
    if al is not None:
        f[_INDEX["loo_gain"]] = al.loo_gain
        f[_INDEX["sentence_gap"]] = al.sentence_gap
        f[_INDEX["clause_gap"]] = al.clause_gap
        f[_INDEX["cosine"]] = al.cosine
    if lx is not None:
        missing = sum(w.weight * (1.0 - w.covered) for w in lx.words)
        f[_INDEX["lex_missing"]] = math.log1p(missing)
        f[_INDEX["lex_share"]] = lx.uncovered_share
        f[_INDEX["lex_max"]] = lx.uncovered_max / _WEIGHT_CEIL
        f[_INDEX["lex_sentence"]], f[_INDEX["lex_missing_sentence"]] = _worst_sentence(zh_clauses, lx)
        f[_INDEX["en_unreached"]] = lx.en_uncovered_share
    f[_INDEX["log_ratio"]] = log_ratio(zh, en)
    # Sentence counts: a dropped sentence takes one away from the English (translators also split
    # and join sentences, which the fitted weight allows for).
    zh_count = len({c.sentence for c in zh_clauses})
    en_count = len({c.sentence for c in en_clauses})
    f[_INDEX["sentence_ratio"]] = math.log((en_count + 1) / (zh_count + 1))
    return f


def _worst_sentence(zh_clauses: Sequence[Segment], lx: LexicalResult) -> tuple[float, float]:
    """Over the sentences: the largest uncovered share (scaled down for short sentences), and the
    largest log(1 + uncovered weight) — lex_missing of the worst sentence, which unlike lex_missing
    of the whole pair does not grow with the number of sentences."""
    spans: dict[int, list[int]] = {}
    for c in zh_clauses:
        span = spans.setdefault(c.sentence, [c.start, c.end])
        span[1] = c.end
    worst_share = worst_missing = 0.0
    for a, b in spans.values():
        words = [w for w in lx.words if a <= w.start and w.end <= b]
        total = sum(w.weight for w in words)
        if total:
            missing = sum(w.weight * (1.0 - w.covered) for w in words)
            worst_share = max(worst_share, missing / total * min(1.0, (b - a) / _FULL_SENTENCE))
            worst_missing = max(worst_missing, math.log1p(missing))
    return worst_share, worst_missing


# The score is a noisy-OR of two logistic models: "unit" (a whole sentence or clause has no English:
# fitted on dropped_sentence_dev, with the MQM items as further negatives) and "word" (content words
# are missing: fitted on mqm_omission_dev).  Each model is stored as
# (features used, means, standard deviations, weights, bias) on standardised features; PRIOR_SHIFT
# moves each model's log-odds from the balanced classes it was fitted on towards how rare each kind
# is.  Fitted by fit.py (see there for the data and the procedure).
Model = tuple[tuple[str, ...], tuple[float, ...], tuple[float, ...], tuple[float, ...], float]
# --- fitted by fit.py: begin ---
MODELS: dict[str, dict[str, Model]] = {
    'all': {
        'unit': (
            ('loo_gain', 'log_ratio', 'clause_gap', 'sentence_ratio'),
            (-0.00077, -0.12024, 0.07318, -0.01301),
            (0.0246, 0.20895, 0.10304, 0.107),
            (3.1832, -1.9345, 1.8522, -1.0171),
            -3.4168,
        ),
        'word': (
            ('lex_missing_sentence', 'loo_gain'),
            (2.40802, -0.00367),
            (1.33833, 0.02097),
            (1.3823, -0.2224),
            -0.6811,
        ),
    },
    'sentence': {
        'unit': (
            ('loo_gain', 'sentence_gap', 'clause_gap', 'cosine'),
            (-0.00077, 0.06121, 0.07318, 0.77463),
            (0.0246, 0.12981, 0.10304, 0.06525),
            (1.879, 2.3795, 1.7633, -1.0587),
            -3.3015,
        ),
        'word': (
            ('loo_gain', 'sentence_gap', 'clause_gap', 'cosine'),
            (-0.00367, 0.00221, 0.0284, 0.76445),
            (0.02097, 0.01235, 0.04349, 0.06843),
            (-0.2728, 0.0345, 0.3959, -0.1548),
            -0.1482,
        ),
    },
    'lexical': {
        'unit': (
            ('lex_missing', 'lex_share', 'lex_max', 'lex_sentence', 'lex_missing_sentence'),
            (2.99854, 0.26756, 0.75491, 0.31395, 2.77821),
            (1.52466, 0.19076, 0.35117, 0.23492, 1.32889),
            (1.3757, -0.7114, -0.6674, 1.9751, 0.1386),
            -2.9737,
        ),
        'word': (
            ('lex_missing', 'lex_share', 'lex_max', 'lex_sentence', 'lex_missing_sentence'),
            (2.41946, 0.25632, 0.67233, 0.23021, 2.40802),
            (1.3475, 0.20906, 0.3774, 0.17795, 1.33833),
            (3.1227, -0.0344, -0.0984, -0.2191, -1.3716),
            -0.7081,
        ),
    },
    'reverse': {
        'unit': (
            ('en_unreached',),
            (0.19592,),
            (0.18008,),
            (-0.0042,),
            -0.4054,
        ),
        'word': (
            ('en_unreached',),
            (0.19505,),
            (0.20117,),
            (0.3253,),
            -0.0397,
        ),
    },
    'length': {
        'unit': (
            ('log_ratio', 'sentence_ratio'),
            (-0.12024, -0.01301),
            (0.20895, 0.107),
            (-2.1252, -1.6658),
            -1.6608,
        ),
        'word': (
            ('log_ratio', 'sentence_ratio'),
            (-0.07562, 0.00914),
            (0.19466, 0.08036),
            (-0.4584, -0.1635),
            -0.1048,
        ),
    },
}
FLAG_THRESHOLDS = {
    'all': 0.7156,
    'sentence': 0.8971,
    'lexical': 0.9681,
    'reverse': 0.4683,
    'length': 0.6788,
}
# --- fitted by fit.py: end ---
PRIOR_SHIFT = {"unit": 0.0, "word": -2.5}
DEFAULT_THRESHOLD = 0.5  # used when no threshold was fitted for a model set


def signal_names(signals: str) -> list[str]:
    """The signal names that have their own fitted models (for PairCoverage.signals)."""
    if signals == "all":
        return [s for s in SIGNAL_FEATURES if s in MODELS]
    return [signals] if signals in MODELS else []


def _logit(m: Model, feats: Sequence[float]) -> float:
    names, means, sds, weights, bias = m
    z = bias
    for n, mu, sd, w in zip(names, means, sds, weights):
        z += w * (feats[_INDEX[n]] - mu) / sd
    return z


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-40.0, min(40.0, z))))


def part_probabilities(name: str, feats: Sequence[float]) -> dict[str, float]:
    """Each part's probability ("unit", "word") in the model set ``name``, prior shift applied."""
    return {part: _sigmoid(_logit(m, feats) + PRIOR_SHIFT[part]) for part, m in MODELS.get(name, {}).items()}


def predict(name: str, feats: Sequence[float]) -> float:
    """Score in [0, 1] of the model set ``name`` ("all" or one signal's): noisy-OR of its parts."""
    keep = 1.0
    for p in part_probabilities(name, feats).values():
        keep *= 1.0 - p
    return 1.0 - keep
