"""Plain text: paragraphs are runs of non-blank lines separated by blank lines.

A line holding only HTML comments (the suppression syntax shared with Markdown) separates paragraphs
and is not text itself.
"""
from __future__ import annotations

from .blocks import Block, Segmented, SPACE_CHARS, is_blank, leading_space
from .inline import inline_masks
from .suppress import SuppressionCollector, is_comment_only


def segment_plain(text: str) -> Segmented:
    lines = text.split("\n")
    blocks: list[Block] = []
    sups = SuppressionCollector()
    start = None  # first line index of the paragraph being collected

    def close(end: int) -> None:
        chunk = "\n".join(lines[start:end])
        lead = leading_space(lines[start])
        body = chunk[lead:].rstrip(SPACE_CHARS)
        index = len(blocks)
        blocks.append(Block(body, start + 1, lead + 1, "text", inline_masks(body)))
        sups.block_added(index)
        sups.inside(body, start + 1, index)

    for i, line in enumerate(lines):
        if is_blank(line) or ("<!--" in line and is_comment_only(line)):
            if start is not None:
                close(i)
                start = None
            if not is_blank(line):
                sups.standalone(line, i + 1)
        elif start is None:
            start = i
    if start is not None:
        close(len(lines))
    return Segmented(tuple(blocks), sups.result())
