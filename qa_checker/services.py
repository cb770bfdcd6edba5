"""Shared, lazily built resources handed to rules: the sentence encoder and per-run caches.

One place decides what is loaded, so a rules-only run never pays for the encoder, and a resource
used by several rules (the encoder, later the dictionary and glossary) is loaded once.
"""
from __future__ import annotations

from functools import cached_property
from typing import Optional, Sequence

import numpy as np

from .config import Config
from .encoder import Encoder


class Services:
    def __init__(self, config: Config, encoder: Optional[Encoder] = None):
        self.config = config
        self._encoder = encoder

    @property
    def has_encoder(self) -> bool:
        return self.config.encoder

    @cached_property
    def encoder(self) -> Encoder:
        if self._encoder is None:
            import os

            from .encoder import PooledEncoder, default_encoder

            jobs = self.config.jobs or (os.cpu_count() or 1)
            self._encoder = PooledEncoder(jobs) if jobs > 1 else default_encoder()
        return self._encoder

    def close(self) -> None:
        """Stop worker processes, if any were started."""
        close = getattr(self._encoder, "close", None)
        if close is not None:
            close()

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        return self.encoder.encode(list(texts))
