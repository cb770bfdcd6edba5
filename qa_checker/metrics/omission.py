"""The pair's ``omission_score`` in [0, 1]: how likely it is that some of the Chinese is missing.

This module holds the paragraph-level fallback used when no finer signals are available (rules-only
mode, or before clause/lexical coverage runs): a monotone combination of the two signals every pair
has.  Sentence- and word-level coverage (``qa_checker.coverage``) replaces it where enabled.
"""
from __future__ import annotations

import math
from typing import Optional, Sequence

from ..model import Pair, Paragraph
from .length import chinese_units

# English letters per Chinese character of aligned documentation paragraphs: median ≈ 2.9
# (log-ratio mean −0.05, sd 0.24 over 869 aligned paragraphs of the 63 documentation pairs, both
# sides' Latin text counted).  Below ~1.6 (about −2.5 sd) some of the Chinese is likely missing.
RATIO_MEDIAN = 2.9
RATIO_LOG_SD = 0.24


def provisional_omission_score(pair: Pair, zh: Sequence[Paragraph], en: Sequence[Paragraph]) -> Optional[float]:
    return omission_score_of(pair.length_ratio, pair.similarity, zh, en)


def omission_score_of(length_ratio: Optional[float], similarity: Optional[float], zh: Sequence[Paragraph],
                      en: Sequence[Paragraph]) -> Optional[float]:
    """``provisional_omission_score`` from the pair's measures, before its ``Pair`` exists (so that the
    record is made once, with its score, instead of being copied by ``dataclasses.replace``)."""
    if not zh:
        return None
    if not en:
        return 1.0
    if chinese_units(zh) < 4:  # a label or a number: nothing to measure
        return 0.0
    parts = []
    if length_ratio is not None:
        z = (math.log(max(length_ratio, 1e-3)) - math.log(RATIO_MEDIAN)) / RATIO_LOG_SD
        parts.append(1.0 / (1.0 + math.exp(2.0 * (z + 2.0))))  # ~0.5 at 2 sd short, →1 shorter
    if similarity is not None:
        # True translations: 5th pct 0.51, median 0.78 (documentation pairs).
        parts.append(1.0 / (1.0 + math.exp(12.0 * (similarity - 0.45))))
    return round(max(parts), 4) if parts else None
