"""Inline suppression comments: ``<!-- qa-checker: disable CODE[, CODE...] -->`` and ``disable-file``.

A comment on a line of its own applies to the next paragraph; inside (usually at the end of) a
paragraph it applies to that paragraph; ``disable-file`` applies to the whole file.  No codes means
every rule.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .blocks import RawSuppression

_DIRECTIVE = re.compile(r"<!--\s*qa-checker:\s*(disable-file|disable)(?![\w-])(.*?)-->", re.S)
_CODE_SPLIT = re.compile(r"[\s,]+")
COMMENT_ONLY = re.compile(r"\s*(?:<!--.*?-->\s*)+", re.S)


@dataclass(frozen=True)
class Directive:
    offset: int  # where the comment starts in the text searched
    codes: frozenset[str]
    whole_file: bool


def directives(text: str) -> list[Directive]:
    if "qa-checker" not in text:
        return []
    out = []
    for m in _DIRECTIVE.finditer(text):
        codes = frozenset(c for c in _CODE_SPLIT.split(m.group(2).strip()) if c)
        out.append(Directive(m.start(), codes, m.group(1) == "disable-file"))
    return out


def is_comment_only(text: str) -> bool:
    return bool(COMMENT_ONLY.fullmatch(text))


class SuppressionCollector:
    """Turns directives into ``RawSuppression`` records as a segmenter walks through a file."""

    def __init__(self) -> None:
        self.records: list[RawSuppression] = []
        self._pending: list[tuple[int, frozenset[str]]] = []

    def standalone(self, text: str, line: int) -> None:
        """A comment block between paragraphs: ``disable`` waits for the next block."""
        for d in directives(text):
            at = line + text.count("\n", 0, d.offset)
            if d.whole_file:
                self.records.append(RawSuppression(at, d.codes, None))
            else:
                self._pending.append((at, d.codes))

    def inside(self, text: str, line: int, block: int) -> None:
        """Comments inside block number ``block`` (which starts at ``line``)."""
        for d in directives(text):
            at = line + text.count("\n", 0, d.offset)
            self.records.append(RawSuppression(at, d.codes, None if d.whole_file else block))

    def block_added(self, block: int) -> None:
        for at, codes in self._pending:
            self.records.append(RawSuppression(at, codes, block))
        self._pending.clear()

    def result(self) -> tuple[RawSuppression, ...]:
        # A ``disable`` at the very end of a file has no paragraph to apply to: it is dropped.
        return tuple(sorted(self.records, key=lambda r: (r.line, r.block is not None, r.block or 0)))
