"""qa_checker: a translation quality checker for Chinese→English."""

__version__ = "0.1.0"
