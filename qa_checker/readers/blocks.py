"""What a segmenter hands to the document builder: blocks of text with their place in the file.

A block becomes a ``Paragraph`` once the builder knows its side (zh/en), id and reading-order index.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from ..model import Mask

# Whitespace that does not count as text: Unicode white space (incl. U+3000 IDEOGRAPHIC SPACE and
# NBSP) plus the zero-width characters and BOM that editors leave in "empty" lines.
SPACE_CHARS = ("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
               "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
               "\u200b\u200c\u200d\u2060\ufeff")


def is_blank(line: str) -> bool:
    return not line.strip(SPACE_CHARS)


def leading_space(line: str) -> int:
    return len(line) - len(line.lstrip(SPACE_CHARS))


@dataclass(frozen=True)
class Block:
    text: str
    line: int  # 1-based
    column: int  # 1-based
    kind: str
    masks: tuple[Mask, ...] = ()


@dataclass(frozen=True)
class RawSuppression:
    line: int
    codes: frozenset[str]
    block: Optional[int]  # index of the block it applies to; None = the whole file


@dataclass(frozen=True)
class Segmented:
    """One file cut into blocks, with the suppression comments found in it."""

    blocks: tuple[Block, ...]
    suppressions: tuple[RawSuppression, ...] = ()
