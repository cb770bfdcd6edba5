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
    "lexical": ("lex_missing", "lex_share", "lex_max", "lex_sentence"),
    "reverse": ("en_unreached",),
    "length": ("log_ratio",),
}
FEATURES: tuple[str, ...] = tuple(f for names in SIGNAL_FEATURES.values() for f in names)
_INDEX = {name: i for i, name in enumerate(FEATURES)}
# Sentences of at least this many code points count fully in lex_sentence.
_FULL_SENTENCE = 20
_WEIGHT_CEIL = 12.0


def feature_vector(zh: str, en: str, zh_clauses: Sequence[Segment], al: Optional[AlignmentResult],
                   lx: Optional[LexicalResult]) -> list[float]:
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
        f[_INDEX["lex_sentence"]] = _worst_sentence(zh_clauses, lx)
        f[_INDEX["en_unreached"]] = lx.en_uncovered_share
    f[_INDEX["log_ratio"]] = log_ratio(zh, en)
    return f


def _worst_sentence(zh_clauses: Sequence[Segment], lx: LexicalResult) -> float:
    """The largest uncovered share of one sentence, scaled down for short sentences."""
    spans: dict[int, list[int]] = {}
    for c in zh_clauses:
        span = spans.setdefault(c.sentence, [c.start, c.end])
        span[1] = c.end
    worst = 0.0
    for a, b in spans.values():
        words = [w for w in lx.words if a <= w.start and w.end <= b]
        total = sum(w.weight for w in words)
        if total:
            share = sum(w.weight * (1.0 - w.covered) for w in words) / total
            worst = max(worst, share * min(1.0, (b - a) / _FULL_SENTENCE))
    return worst


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
            ('loo_gain', 'log_ratio', 'clause_gap'),
            (-0.00071, -0.11372, 0.06666),
            (0.02512, 0.21334, 0.09977),
            (2.7512, -1.8971, 2.0812),
            -4.0195,
        ),
        'word': (
            ('lex_missing', 'loo_gain'),
            (2.41986, -0.00343),
            (1.33811, 0.02045),
            (1.3232, -0.1444),
            -0.6303,
        ),
    },
    'sentence': {
        'unit': (
            ('loo_gain', 'sentence_gap', 'clause_gap', 'cosine'),
            (-0.00071, 0.04814, 0.06666, 0.7688),
            (0.02512, 0.11923, 0.09977, 0.07244),
            (2.55, 0.83, 1.8883, -0.1256),
            -3.5108,
        ),
        'word': (
            ('loo_gain', 'sentence_gap', 'clause_gap', 'cosine'),
            (-0.00343, 0.00262, 0.03156, 0.76305),
            (0.02045, 0.01552, 0.04664, 0.07654),
            (-0.284, 0.0496, 0.3567, -0.1283),
            -0.1387,
        ),
    },
    'lexical': {
        'unit': (
            ('lex_missing', 'lex_share', 'lex_max', 'lex_sentence'),
            (2.82958, 0.26926, 0.72425, 0.29785),
            (1.4554, 0.1991, 0.34902, 0.2314),
            (2.0384, -1.3413, -0.5227, 2.2226),
            -3.9217,
        ),
        'word': (
            ('lex_missing', 'lex_share', 'lex_max', 'lex_sentence'),
            (2.41986, 0.25836, 0.66119, 0.23334),
            (1.33811, 0.2109, 0.36587, 0.1827),
            (1.4215, -0.01, 0.2858, -0.1811),
            -0.715,
        ),
    },
    'reverse': {
        'unit': (
            ('en_unreached',),
            (0.2095,),
            (0.19423,),
            (-0.0024,),
            -0.6931,
        ),
        'word': (
            ('en_unreached',),
            (0.20898,),
            (0.20932,),
            (0.3261,),
            -0.0409,
        ),
    },
    'length': {
        'unit': (
            ('log_ratio',),
            (-0.11372,),
            (0.21334,),
            (-2.5321,),
            -2.0133,
        ),
        'word': (
            ('log_ratio',),
            (-0.07562,),
            (0.19466,),
            (-0.4725,),
            -0.0908,
        ),
    },
}
FLAG_THRESHOLDS = {
    'all': 0.6413,
    'sentence': 0.8691,
    'lexical': 0.9685,
    'reverse': 0.4789,
    'length': 0.6053,
}
# --- fitted by fit.py: end ---
PRIOR_SHIFT = {"unit": 0.0, "word": -2.0}
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


def predict(name: str, feats: Sequence[float]) -> float:
    """Score in [0, 1] of the model set ``name`` ("all" or one signal's): noisy-OR of its parts."""
    parts = MODELS.get(name)
    if not parts:
        return 0.0
    keep = 1.0
    for part, m in parts.items():
        keep *= 1.0 - _sigmoid(_logit(m, feats) + PRIOR_SHIFT[part])
    return 1.0 - keep
