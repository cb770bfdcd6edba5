"""Errors that end a run with exit code 2: bad input, bad configuration, bad usage.

Checks never raise to report a problem in a translation; they return findings.  These exceptions are
for input the tool cannot read at all, and each renders as one line naming the file and position.
"""
from __future__ import annotations

from typing import Optional


class QaCheckerError(Exception):
    """Base class: a problem that stops the run (exit code 2)."""


class InputError(QaCheckerError):
    def __init__(self, path: str, message: str, *, line: Optional[int] = None,
                 column: Optional[int] = None, byte_offset: Optional[int] = None, hint: str = ""):
        self.path, self.message, self.line, self.column = str(path), message, line, column
        self.byte_offset, self.hint = byte_offset, hint
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}" + (f":{self.column}" if self.column is not None else "")
        if self.byte_offset is not None:
            where += f" (byte {self.byte_offset})"
        text = f"{where}: {self.message}"
        return text + (f" ({self.hint})" if self.hint else "")


class ConfigError(QaCheckerError):
    def __init__(self, message: str, *, path: Optional[str] = None, line: Optional[int] = None):
        self.path, self.line, self.message = path, line, message
        super().__init__(str(self))

    def __str__(self) -> str:
        if self.path:
            where = self.path + (f":{self.line}" if self.line else "")
            return f"{where}: {self.message}"
        return self.message
