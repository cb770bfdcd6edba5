"""Helpers shared by the Markdown structure rules: block kinds read from the text.

Part of the Markdown structure rules; measurements in ``qa_checker/rules/markup/__init__.py``.
"""
from __future__ import annotations

import re
from typing import Optional

from ...model import Document, Pair, Paragraph


# --- block kinds read from the text --------------------------------------------------------------

_ATX_RE = re.compile(r"#{1,6}(?=[ \t]|$)")
# `##Title`: CommonMark needs a space after the hashes, so this renders as a paragraph.
_BROKEN_ATX_RE = re.compile(r"#{1,6}(?=[^#\s])")
# The list marker at the start of a list item's first line, after any block-quote markers.
_LIST_MARKER_RE = re.compile(r"(?:>[ \t]?)*[ \t]*(?:(?P<ul>[-*+])|(?P<ol>[0-9]{1,9}[.)]))(?:[ \t]|$)")
# `1.Foo`, `-Foo`: list markers without the space CommonMark needs (rendered as plain text).
_BROKEN_MARKER_RE = re.compile(r"(?:[0-9]{1,3}\.|[-*+])(?=[A-Za-z\u4e00-\u9fff])")
# Chinese enumerations written as text: `1、`, `1．`, `（一）`, `(1)`, `一、`, `①`, `第一，`.
_ZH_ENUMERATOR_RE = re.compile(
    r"[ \t]*(?:[0-9]{1,3}[、．.，]|[（(](?:[0-9]{1,3}|[一二三四五六七八九十]{1,3})[）)]"
    r"|[一二三四五六七八九十]{1,3}[、．.]|[\u2460-\u2473\u2776-\u277f]|第[一二三四五六七八九十0-9]{1,3}[，、：:])")


def heading_level(p: Paragraph) -> Optional[int]:
    """1–6 for an ATX heading, 0 for a setext heading (its level is in the underline, not the text),
    None for anything that is not a heading."""
    if p.kind != "heading":
        return None
    m = _ATX_RE.match(p.text)
    return len(m.group()) if m else 0


def list_marker(p: Paragraph) -> Optional[str]:
    """"ul" or "ol" for the first paragraph of a list item, "item" for a later paragraph of an item,
    None outside lists."""
    if p.kind != "list":
        return None
    m = _LIST_MARKER_RE.match(p.text)
    if m is None:
        return "item"
    return "ul" if m.group("ul") else "ol"


def _levels_agree(a: int, b: int) -> bool:
    """Setext headings (0) are level 1 or 2."""
    if a == 0 or b == 0:
        return max(a, b) <= 2
    return a == b


def _snippet(text: str, limit: int = 50) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 3] + "..."


def _sides(doc: Document, pair: Pair) -> tuple[list[Paragraph], list[Paragraph]]:
    return [doc.paragraph(i) for i in pair.zh], [doc.paragraph(i) for i in pair.en]
