"""Monotonic paragraph alignment with 1-1, 1-2, 2-1, 1-0 and 0-1 beads (and 2-2 in two-file mode).

A bead's score is the cosine similarity of the two sides' sentence embeddings (a side of two
paragraphs is the normalised sum of their vectors) plus a zh→en length prior and a penalty when the
paragraph kinds disagree (a heading rendered as a list item is unusual; code matches only code).
A skipped paragraph (1-0 or 0-1) scores ``skip``: a 1-1 bead is taken only where it beats skipping
both paragraphs, so ``skip`` is half the similarity below which two paragraphs are not a
translation of each other.  The numbers are in ``AlignParams`` with the measurements they come from.

Two layouts:
- parallel (two files or trees): a full dynamic programme, banded around the length diagonal for
  long documents, so time grows linearly.
- interleaved (one file holding both languages): each run of Chinese paragraphs expects its English
  rendering right after it.  Renderings must follow immediately; English paragraphs after the
  renderings (before the next Chinese run) are English-only text, which is normal there.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Optional, Sequence

import numpy as np

from .model import Paragraph
from .script import han_count, latin_count

Bead = tuple[tuple[int, ...], tuple[int, ...]]  # (zh indices, en indices) into the two sequences


@dataclass(frozen=True)
class AlignParams:
    # Half the cosine under which two paragraphs are taken not to be a translation of each other.
    # Measured on the 63 real documentation pairs (apache/echarts-handbook) where both sides have the
    # same Markdown block sequence, so the true alignment is known: see ``LENGTH_LOG_MEAN`` below and
    # README "Alignment" for the numbers.
    skip: float = 0.13
    # Interleaved layout: a Chinese paragraph left without rendering scores this; the English after
    # it is then English-only text at no cost, so a 1-1 bead is taken when its score beats this.
    skip_next: float = 0.13
    # Interleaved layout: a heading (list item, table cell, quote) followed by an English one of the
    # same kind is structural evidence of a rendering on top of similarity.  Retitled headings
    # (`#### 动态排序图` / `#### Bar/Line Racing`, similarity ≈ 0.1) were otherwise reported missing:
    # the documentation pairs rewritten as one-file documents (each Chinese paragraph followed by the
    # English the two-file alignment paired it with; 1,812 pairs), 11 were reported missing without
    # the bonus, 6 with it — 3 of those in the pair whose "English" side is itself Chinese.
    same_kind_bonus_next: float = 0.1
    # Extra cost of a 1-2 / 2-1 bead over a 1-1 bead: merges must earn their place.
    merge_penalty: float = 0.05
    # Least similarity of each paragraph of a 1-2 / 2-1 merge to the other side: below the median
    # of adjacent non-translations (0.25) and the 1st percentile of true translations (0.31) in the
    # documentation pairs.
    merge_part_min: float = 0.15
    # Weight of the length prior (a log-normal on the ratio of English size to expected size).
    length_weight: float = 0.10
    kind_penalty: float = 0.15  # heading ↔ text, list ↔ text, ...
    code_penalty: float = 1.0  # code ↔ prose: never
    # Half-width of the DP band around the length diagonal, on top of the difference in paragraph
    # counts (the path can stray from the diagonal by at most that difference).
    band: int = 25


# English letters per Chinese character of prose is about 3 (2–4.5 in DOMAIN.md); a Latin word in the
# Chinese becomes itself in English.  `size` is "expected English letters".
HAN_TO_LETTERS = 3.0
# Mean and spread of log(en_size / zh_size) over aligned paragraphs of the documentation pairs.
LENGTH_LOG_MEAN = -0.05
LENGTH_LOG_SD = 0.30


def expected_size(p: Paragraph) -> float:
    text = p.masked()
    return han_count(text) * HAN_TO_LETTERS + latin_count(text)


def english_size(p: Paragraph) -> float:
    text = p.masked()
    return latin_count(text) + han_count(text) * HAN_TO_LETTERS


def _pairs_summed(vecs: np.ndarray) -> np.ndarray:
    """Row k: the normalised sum of rows k and k+1 (a side of two neighbouring paragraphs)."""
    if len(vecs) < 2:
        return np.zeros((0, vecs.shape[1]), dtype=vecs.dtype)
    summed = vecs[:-1] + vecs[1:]
    norms = np.linalg.norm(summed, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return summed / norms


class Scorer:
    """Scores candidate beads from the two sides' embeddings and sizes."""

    def __init__(self, zh: Sequence[Paragraph], en: Sequence[Paragraph], zh_vecs: np.ndarray,
                 en_vecs: np.ndarray, params: AlignParams, constant_similarity: Optional[float] = None):
        self.zh, self.en, self.p = zh, en, params
        self.constant = constant_similarity
        self.zs = [expected_size(p) for p in zh]
        self.es = [english_size(p) for p in en]
        self.zk = [p.kind for p in zh]
        self.ek = [p.kind for p in en]
        # Beads join at most two neighbouring paragraphs, so every side is row k of the single or of
        # the summed-pair vectors: the similarities are four matrix products, computed once when
        # they fit in memory (a long document's banded DP computes only the cells it visits).
        self.vecs = {(1, "zh"): zh_vecs, (2, "zh"): _pairs_summed(zh_vecs),
                     (1, "en"): en_vecs, (2, "en"): _pairs_summed(en_vecs)}
        small = len(zh) * len(en) <= 1_000_000 and constant_similarity is None
        self._matrix = {(a, b): self.vecs[(a, "zh")] @ self.vecs[(b, "en")].T
                        for a in (1, 2) for b in (1, 2)} if small else None

    def similarity(self, zi: tuple[int, ...], ej: tuple[int, ...]) -> float:
        if self.constant is not None:
            return self.constant
        a, b = len(zi), len(ej)
        if self._matrix is not None:
            return float(self._matrix[(a, b)][zi[0], ej[0]])
        return float(self.vecs[(a, "zh")][zi[0]] @ self.vecs[(b, "en")][ej[0]])

    def length_term(self, zi: tuple[int, ...], ej: tuple[int, ...]) -> float:
        zs = sum(self.zs[i] for i in zi)
        es = sum(self.es[j] for j in ej)
        if zs < 8 and es < 8:  # too short for the ratio to mean anything (headings, labels)
            return 0.0
        d = (math.log((es + 4.0) / (zs + 4.0)) - LENGTH_LOG_MEAN) / LENGTH_LOG_SD
        # Capped at 2 spreads: the prior chooses between 1-1 and merges; it must not turn a similar
        # but much too short rendering into "no rendering" (the omission rules judge its length).
        return -self.p.length_weight * min(d * d, 4.0) / 2.0

    def kind_term(self, zi: tuple[int, ...], ej: tuple[int, ...]) -> float:
        zk = {self.zk[i] for i in zi}
        ek = {self.ek[j] for j in ej}
        if ("code" in zk) != ("code" in ek):
            return -self.p.code_penalty
        return 0.0 if zk & ek else -self.p.kind_penalty

    def same_structure(self, zi: tuple[int, ...], ej: tuple[int, ...]) -> bool:
        """Both sides one block of the same non-paragraph kind (heading, list item, cell, quote)."""
        return (len(zi) == 1 and len(ej) == 1 and self.zk[zi[0]] == self.ek[ej[0]]
                and self.zk[zi[0]] in ("heading", "list", "table", "quote"))

    def bead(self, zi: tuple[int, ...], ej: tuple[int, ...]) -> float:
        if len(zi) + len(ej) > 2:
            return self._merge(zi, ej)
        return self.similarity(zi, ej) + self.length_term(zi, ej) + self.kind_term(zi, ej)

    def _merge(self, zi: tuple[int, ...], ej: tuple[int, ...]) -> float:
        # Each paragraph of a merge must itself relate to the other side: otherwise a merge would
        # swallow an unrelated neighbour riding on its partner's similarity.  Cheap check first on
        # the 1-1 similarities: most cells of the band are far from any merge.
        minimum = self.p.merge_part_min
        if max(self.similarity((i,), (j,)) for i in zi for j in ej) < minimum:
            return -1e9
        parts = [self.similarity((i,), ej) for i in zi] if len(zi) > 1 else []
        parts += [self.similarity(zi, (j,)) for j in ej] if len(ej) > 1 else []
        if min(parts) < minimum:
            return -1e9
        return (self.similarity(zi, ej) + self.length_term(zi, ej) + self.kind_term(zi, ej)
                - self.p.merge_penalty)


# 2-2 beads are for parallel documents only: a translator who moved a sentence across a paragraph
# boundary (the documentation pairs have several) leaves two paragraphs rendered by two others.
_STEPS = ((1, 1), (1, 2), (2, 1), (1, 0), (0, 1), (2, 2))


def align_parallel(scorer: Scorer, params: AlignParams = AlignParams()) -> list[Bead]:
    """Best monotonic alignment of the whole of both sides (two-file and tree modes)."""
    n, m = len(scorer.zh), len(scorer.en)
    neg = -1e18
    best: dict[tuple[int, int], float] = {(0, 0): 0.0}
    back: dict[tuple[int, int], tuple[int, int]] = {}
    slope = m / n if n else 0.0
    band = params.band + abs(n - m)
    for i in range(n + 1):
        centre = int(round(i * slope))
        for j in range(max(0, centre - band), min(m, centre + band) + 1):
            if (i, j) == (0, 0):
                continue
            top, arg = neg, None
            for di, dj in _STEPS:
                pi, pj = i - di, j - dj
                prev = best.get((pi, pj))
                if prev is None:
                    continue
                if di == 0 or dj == 0:
                    s = prev + params.skip
                else:
                    s = prev + scorer.bead(tuple(range(pi, i)), tuple(range(pj, j)))
                if s > top:
                    top, arg = s, (pi, pj)
            if arg is not None:
                best[(i, j)] = top
                back[(i, j)] = arg
    return _pair_substitutions(_trace(back, n, m), scorer)


def _pair_substitutions(beads: list[Bead], scorer: Scorer) -> list[Bead]:
    """A Chinese paragraph skipped right next to a skipped English paragraph is a loose or wrong
    rendering in the same place far more often than an omission beside an addition (in the
    documentation pairs: retitled headings such as `## 吸附原理` / `## Snapping Algorithm`).  Pair
    them 1-1: the low-similarity rule still reports a bad one, without a false "missing" finding."""
    out: list[Bead] = []
    for bead in beads:
        if out and _is_skip(out[-1]) and _is_skip(bead) and bool(out[-1][0]) != bool(bead[0]):
            zi = out[-1][0] or bead[0]
            ej = out[-1][1] or bead[1]
            if scorer.kind_term(zi, ej) > -scorer.p.code_penalty:
                out[-1] = (zi, ej)
                continue
        out.append(bead)
    return out


def _is_skip(bead: Bead) -> bool:
    return len(bead[0]) + len(bead[1]) == 1


def _trace(back: dict[tuple[int, int], tuple[int, int]], n: int, m: int) -> list[Bead]:
    beads: list[Bead] = []
    i, j = n, m
    while (i, j) != (0, 0):
        pi, pj = back[(i, j)]
        beads.append((tuple(range(pi, i)), tuple(range(pj, j))))
        i, j = pi, pj
    beads.reverse()
    return beads


def align_block(scorer: Scorer, params: AlignParams = AlignParams()) -> list[Bead]:
    """Interleaved layout: Chinese run ``zh`` followed by English run ``en``.

    The renderings are a prefix of the English run: beads consume the English from its start, a
    Chinese paragraph may go unrendered (1-0), and the English after the last rendering is
    English-only text (0-1 beads appended at the end, at no cost).
    """
    n, m = len(scorer.zh), len(scorer.en)
    neg = -1e18
    best = [[neg] * (m + 1) for _ in range(n + 1)]
    back: dict[tuple[int, int], tuple[int, int]] = {}
    best[0][0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            if i == 0 and j == 0:
                continue
            top, arg = neg, None
            for di, dj in _STEPS[:4]:  # no 0-1 inside the renderings, no 2-2
                pi, pj = i - di, j - dj
                if pi < 0 or pj < 0 or best[pi][pj] == neg:
                    continue
                if dj == 0:
                    s = best[pi][pj] + params.skip_next
                else:
                    zi, ej = tuple(range(pi, i)), tuple(range(pj, j))
                    s = best[pi][pj] + scorer.bead(zi, ej)
                    if scorer.same_structure(zi, ej):
                        s += params.same_kind_bonus_next
                if s > top:
                    top, arg = s, (pi, pj)
            if arg is not None:
                best[i][j] = top
                back[(i, j)] = arg
    # English after the renderings is free; renderings consuming English must beat skipping it.
    end_j = max(range(m + 1), key=lambda j: (best[n][j], -j))
    beads = _trace(back, n, end_j)
    beads.extend(((), (j,)) for j in range(end_j, m))
    return beads
