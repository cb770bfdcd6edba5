"""Omission detection: which Chinese sentences, clauses and content words have no English counterpart.

    from qa_checker.coverage import OmissionScorer
    scorer = OmissionScorer(encoder)      # encoder.encode(list[str]) -> (n, 512) normalised vectors
    results = scorer.score_pairs([(zh, en), ...])

See README.md in this folder for the signals, how they were measured and what they cost.
"""
from .scorer import Candidate, OmissionScorer, PairCoverage

__all__ = ["Candidate", "OmissionScorer", "PairCoverage"]
