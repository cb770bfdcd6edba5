"""Sentence and clause alignment inside one pair: which Chinese sentence or clause has no English partner.

Both sides are cut into clauses (segments.py); clause and sentence vectors are pooled from one encoder
pass over the side's tokens (span_pooling.py).  An encoder without span pooling embeds the clauses
as texts of their own, and a sentence's vector is then the normalised sum of its clauses'.

Three measures, each comparing a unit with the other units *of the same pair* (absolute cosines vary
with topic, length and wording far more than between a translated and an untranslated sentence):

- leave-one-out gain: how much closer the whole Chinese gets to the whole English when one Chinese
  sentence is left out.  A sentence whose English is missing makes the Chinese side *worse* as a
  match; removing it helps.  (AUROC 0.975 alone for dropped sentences.)
- best-partner gap: each Chinese sentence's best cosine with any English sentence or contiguous run
  of 2–3 English sentences (a Chinese sentence is often rendered as two), below the median of the
  pair's sentences.
- the same gap for clauses (omitted clauses: `强烈的阳光是如此地刺眼，`), weighted by clause size so
  a two-character clause cannot dominate.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Sequence

import numpy as np

from .segments import Segment

# English runs of up to this many segments may render one Chinese unit.
MAX_RUN = 3
# A clause of this many code points or more counts fully in the clause gap; shorter ones less.
FULL_CLAUSE = 20


@dataclass(frozen=True)
class UnitMatch:
    start: int
    end: int
    kind: str  # "sentence" or "clause"
    best: float  # best cosine with an English segment or run
    gap: float  # median best of the pair's units minus this unit's best (weighted for clauses)
    loo: float  # leave-one-out gain (sentences only; 0 for clauses)
    partner: Optional[tuple[int, int]]  # English span of the best partner


@dataclass(frozen=True)
class AlignmentResult:
    sentences: tuple[UnitMatch, ...]
    clauses: tuple[UnitMatch, ...]
    loo_gain: float  # largest leave-one-out gain over the Chinese sentences (0 with one sentence)
    sentence_gap: float  # largest best-partner gap over the Chinese sentences (0 with one sentence)
    clause_gap: float  # largest size-weighted best-partner gap over the Chinese clauses
    cosine: float  # cosine of the two whole texts (sum of their clause vectors)


def _normalise(m: np.ndarray) -> np.ndarray:
    if m.ndim == 1:
        return m / max(float(np.sqrt(m @ m)), 1e-9)
    return m / np.maximum(np.sqrt(np.einsum("ij,ij->i", m, m)), 1e-9)[:, None]


def _median(values) -> float:
    """Median of a short sequence (numpy's costs more than the sort for a handful of values)."""
    v = sorted(float(x) for x in values)
    n = len(v)
    return v[n // 2] if n % 2 else (v[n // 2 - 1] + v[n // 2]) / 2


def _group(segments: Sequence[Segment], vectors: np.ndarray) -> tuple[list[tuple[int, int]], np.ndarray]:
    """Sentence spans and summed (unnormalised) vectors from clause segments and their vectors."""
    spans: list[tuple[int, int]] = []
    sums: list[np.ndarray] = []
    current = None
    for seg, vec in zip(segments, vectors):
        if spans and seg.sentence == current:
            spans[-1] = (spans[-1][0], seg.end)
            sums[-1] = sums[-1] + vec
        else:
            spans.append((seg.start, seg.end))
            sums.append(vec.astype(np.float64))
            current = seg.sentence
    return spans, np.array(sums) if sums else np.zeros((0, vectors.shape[1] if vectors.ndim == 2 else 512))


def unit_spans(segments: Sequence[Segment]) -> list[tuple[int, int]]:
    """The spans whose vectors align() takes: every clause, then every sentence (from its first
    clause's start to its last clause's end)."""
    sentences: list[tuple[int, int]] = []
    current = None
    for seg in segments:
        if sentences and seg.sentence == current:
            sentences[-1] = (sentences[-1][0], seg.end)
        else:
            sentences.append((seg.start, seg.end))
            current = seg.sentence
    return [(s.start, s.end) for s in segments] + sentences


def _split(segments: Sequence[Segment], rows: np.ndarray) -> tuple[list[tuple[int, int]], np.ndarray, np.ndarray]:
    """Sentence spans, sentence vectors and clause vectors from the rows of unit_spans(segments);
    rows with clause vectors only stand for sentences by their sums."""
    spans, sums = _group(segments, rows[:len(segments)])
    if len(rows) == len(segments) + len(spans) and len(spans):
        sums = rows[len(segments):].astype(np.float64)
    return spans, sums, rows[:len(segments)]


def _runs(spans: list[tuple[int, int]], vectors: np.ndarray):
    """Every contiguous run of 1..MAX_RUN English units: spans, (first, last) unit indices and
    normalised summed vectors."""
    n = len(spans)
    starts = [i for i in range(n) for j in range(i, min(n, i + MAX_RUN))]
    ends = [j for i in range(n) for j in range(i, min(n, i + MAX_RUN))]
    if not starts:
        return [], [], np.zeros((0, vectors.shape[1]))
    cumulative = np.vstack([np.zeros((1, vectors.shape[1])), np.cumsum(vectors, axis=0)])
    sums = cumulative[np.array(ends) + 1] - cumulative[np.array(starts)]
    return [(spans[i][0], spans[j][1]) for i, j in zip(starts, ends)], list(zip(starts, ends)), _normalise(sums)


def _best(units: np.ndarray, run_vecs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    if len(run_vecs) == 0:
        return np.zeros(len(units)), np.full(len(units), -1)
    sims = _normalise(units) @ run_vecs.T
    return sims.max(axis=1), sims.argmax(axis=1)


def align(zh_clauses: Sequence[Segment], en_clauses: Sequence[Segment],
          zh_vectors: np.ndarray, en_vectors: np.ndarray) -> AlignmentResult:
    """Match the Chinese units of one pair against its English, from the vectors (normalised) of
    each side's unit_spans: clauses, then sentences — or clauses only, sentences then being the
    sums of their clauses."""
    if not zh_clauses:
        return AlignmentResult((), (), 0.0, 0.0, 0.0, 1.0)
    zs_spans, zs_sum, zh_vectors = _split(zh_clauses, zh_vectors)
    es_spans, es_sum, en_vectors = _split(en_clauses, en_vectors)
    zc_spans = [(s.start, s.end) for s in zh_clauses]
    ec_spans = [(s.start, s.end) for s in en_clauses]

    if not en_clauses:  # nothing on the English side: every sentence is missing
        sentences = tuple(UnitMatch(a, b, "sentence", 0.0, 1.0, 1.0, None) for a, b in zs_spans)
        return AlignmentResult(sentences, (), 1.0, 1.0, 1.0, 0.0)

    # Whole texts as the sum of their *normalised* sentence vectors: every sentence weighs the same
    # (a sentence of many clauses would otherwise outweigh a short one that was dropped).
    en_whole = _normalise(_normalise(es_sum).sum(axis=0))
    zs_unit = _normalise(zs_sum)
    zh_total = zs_unit.sum(axis=0)
    cosine = float(_normalise(zh_total) @ en_whole)

    # Sentences: best partner among English sentence runs, and leave-one-out gain.
    run_spans, _, run_vecs = _runs(es_spans, es_sum)
    best, arg = _best(zs_sum, run_vecs)
    n = len(zs_spans)
    if n > 1:
        rest = _normalise(zh_total[None, :] - zs_unit)
        loo = rest @ en_whole - cosine
        median = _median(best)
    else:
        loo = np.zeros(1)
        median = float(best[0])
    sentences = tuple(
        UnitMatch(a, b, "sentence", float(best[k]), median - float(best[k]) if n > 1 else 0.0,
                  float(loo[k]), run_spans[arg[k]] if arg[k] >= 0 else None)
        for k, (a, b) in enumerate(zs_spans)
    )

    # Clauses: best partner among English clause runs, gap below the median, weighted by size.
    crun_spans, _, crun_vecs = _runs(ec_spans, en_vectors.astype(np.float64))
    cbest, carg = _best(zh_vectors.astype(np.float64), crun_vecs)
    cmedian = _median(cbest)
    clauses = []
    for k, (a, b) in enumerate(zc_spans):
        weight = min(1.0, (b - a) / FULL_CLAUSE)
        gap = (cmedian - float(cbest[k])) * weight if len(zc_spans) > 1 else 0.0
        clauses.append(UnitMatch(a, b, "clause", float(cbest[k]), gap, 0.0,
                                 crun_spans[carg[k]] if carg[k] >= 0 else None))
    return AlignmentResult(
        sentences=sentences,
        clauses=tuple(clauses),
        loo_gain=float(loo.max()) if n > 1 else 0.0,
        sentence_gap=max(u.gap for u in sentences),
        clause_gap=max(0.0, max(u.gap for u in clauses)),
        cosine=cosine,
    )
