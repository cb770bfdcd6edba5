"""Run jobs over forked worker processes that share the parent's loaded, read-only state.

The measuring of a full check (encoder, dictionary look-ups, alignment) is CPU-bound Python and
numpy, so it spreads over processes, not threads.  Forking after the parent has loaded the encoder
weights, the dictionary and the documents lets every worker use them without loading or pickling
them again (copy-on-write pages); only the jobs' small descriptions go out and their results come
back.  Where fork is not available (Windows, macOS defaults aside) the jobs run in the parent.
"""
from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from typing import Any, Callable, Iterator, Sequence

_STATE: Any = None


def _call(arg):
    fn, job = arg
    return fn(_STATE, job)


def fork_available() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def map_shared(fn: Callable[[Any, Any], Any], state: Any, jobs: Sequence[Any], workers: int) -> Iterator[Any]:
    """``fn(state, job)`` for every job, results in job order.  ``fn`` must be a module-level
    function; ``state`` is inherited by the forked workers, never pickled."""
    global _STATE
    if workers < 2 or len(jobs) < 2 or not fork_available():
        for job in jobs:
            yield fn(state, job)
        return
    _STATE = state
    try:
        with ProcessPoolExecutor(max_workers=min(workers, len(jobs)),
                                 mp_context=multiprocessing.get_context("fork")) as pool:
            yield from pool.map(_call, [(fn, job) for job in jobs])
    finally:
        _STATE = None
