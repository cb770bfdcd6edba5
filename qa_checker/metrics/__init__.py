"""Metrics measure; rules judge.  Each module computes numbers per pair, batched per document."""
