"""qa_checker: a translation quality checker for Chinese→English.

    >>> import qa_checker
    >>> result = qa_checker.check("speech.md")          # doctest: +SKIP
    >>> [f.code for f in result.findings]               # doctest: +SKIP
"""

__version__ = "0.1.0"


def check(*args, **kwargs):
    """See :func:`qa_checker.api.check` (imported lazily so that ``import qa_checker`` stays cheap)."""
    from .api import check as _check

    return _check(*args, **kwargs)


__all__ = ["check", "__version__"]
