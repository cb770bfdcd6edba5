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
    def __init__(self, config: Config, encoder: Optional[Encoder] = None, omission_scorer=None):
        """``omission_scorer``: one already loaded (a worker process gets its parent's)."""
        self.config = config
        self._encoder = encoder
        if omission_scorer is not None:
            self.__dict__["omission_scorer"] = omission_scorer  # the cached_property's slot

    @property
    def has_encoder(self) -> bool:
        return self.config.encoder

    @cached_property
    def encoder(self) -> Encoder:
        """The encoder given, or this process's own.  Several cores are used by measuring whole jobs
        in worker processes (engine.py, fork_pool.py), not by splitting encoder batches."""
        if self._encoder is None:
            from .encoder import default_encoder

            self._encoder = default_encoder()
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
