"""Shared, lazily built resources handed to rules: the sentence encoder and per-run caches.

One place decides what is loaded, so a rules-only run never pays for the encoder, and a resource
used by several rules (the encoder, later the dictionary and glossary) is loaded once.
"""
from __future__ import annotations

from functools import cached_property, lru_cache
from pathlib import Path
from typing import Optional, Sequence

import numpy as np

from .config import Config
from .encoder import Encoder
from .glossary import Glossary, load_glossary


@lru_cache(maxsize=1)
def shared_lexicon():
    """CC-CEDICT and jieba's word list, loaded once per process: ~3 s on the first run, which fills the
    disk cache (qa_checker/disk_cache.py), then ~0.1 s."""
    from .coverage.lexicon import Lexicon

    return Lexicon()


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

    @cached_property
    def glossary(self) -> Optional[Glossary]:
        """The terminology glossary (``--glossary`` or ``glossary =`` in the config), or None.

        A relative path is taken from the working directory, or else from the folder of the
        config file that named it (so a setup.cfg entry works from any subfolder).
        """
        if not self.config.glossary:
            return None
        path = Path(self.config.glossary)
        if not path.is_absolute() and not path.exists() and self.config.source:
            beside = Path(self.config.source).parent / path
            if beside.exists():
                path = beside
        return load_glossary(str(path))

    @cached_property
    def omission_scorer(self):
        """Sentence/clause/word omission signals; the dictionary is shared by every run of the process."""
        from .coverage import OmissionScorer

        return OmissionScorer(self.encoder, shared_lexicon())

    def close(self) -> None:
        """Stop worker processes, if any were started."""
        close = getattr(self._encoder, "close", None)
        if close is not None:
            close()

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        return self.encoder.encode(list(texts))
