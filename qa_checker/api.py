"""The Python API: ``qa_checker.check(paths, ...)`` returns a RunResult."""
from __future__ import annotations

from dataclasses import replace
from typing import Optional, Sequence, Union

from .config import Config
from .encoder import Encoder
from .model import RunResult


def check(paths: Union[str, Sequence[str]], config: Optional[Config] = None, *,
          encoder: Optional[Encoder] = None, **overrides) -> RunResult:
    """Check one input (a path) or several (a list of paths) and return the result.

    ``overrides`` are Config fields, e.g. ``check("a.md", input_format="interleaved", encoder=False)``.
    Raises ``qa_checker.errors.InputError`` / ``ConfigError`` for input it cannot read.
    """
    from .engine import check_paths

    if isinstance(encoder, bool):  # check(..., encoder=False) means the Config switch, not an object
        overrides["encoder"], encoder = encoder, None
    if isinstance(paths, str):
        paths = [paths]
    # Every override is applied as given: ``fail_on=None`` (never fail) is a value, not "unset".
    config = replace(config or Config(), **overrides)
    return check_paths(list(paths), config, encoder=encoder)
