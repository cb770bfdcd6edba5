"""Segments of XLIFF, TMX and PO files as paragraph text, with their inline tags and placeholders masked.

The text of a segment is its character data as an XML parser reads it (``&amp;`` is ``&``), with
each inline element written back as a tag: ``点击<g id="1">保存</g>`` stays ``点击<g id="1">保存</g>``,
``<x id="2"/>`` stays ``<x id="2"/>``.  Rules see the tags, masked as ``"html"``, so the markup rules
can check that each tag of the source is kept in the target, and the prose rules skip them.  Elements
whose content is native code (``<ph>``, ``<bpt>``, ``<ept>``, ``<it>``, ``<ut>``) are masked whole,
content included, and their content is written escaped as in the file.  Placeholders (``%s``,
``%(name)s``, ``{0}``, ``${x}``), URLs and HTML written as text are masked by the same expressions as
in every other reader.

Every offset and mask points into that text; the text starts at the recorded line and column of the
file.  Tags are written in one canonical form (attributes in file order, double quotes, an empty
element as ``<x/>``), so a column further along the same line can differ from the file's by the
spelling of the tags and entity references before it; line numbers inside a segment are exact.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from ..model import Mask
from .inline import inline_masks
from .safe_xml import XML_NS

# Inline elements whose content is native code, not text to translate (XLIFF 1.2, TMX; in XLIFF 2
# <ph> is empty).  Everything else (<g>, <mrk>, <pc>, <hi>, <x/>, <sc/>, ...) masks only its tags.
CODE_ELEMENTS = frozenset({"ph", "bpt", "ept", "it", "ut"})
TAG_MASK = "html"


@dataclass(frozen=True)
class Segment:
    """The text of one side of a translation unit, where it starts in the file, and its masks."""

    text: str
    line: int
    column: int
    masks: tuple[Mask, ...] = ()


def escape_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _escape_attr(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")


def _attr_name(name: str) -> str:
    cut = name.rfind("}")
    if cut < 0:
        return name
    return ("xml:" if name[:cut] == XML_NS else "") + name[cut + 1:]


def start_tag(name: str, attrs: dict[str, str]) -> str:
    if not attrs:
        return f"<{name}>"
    spelled = " ".join(f'{_attr_name(k)}="{_escape_attr(v)}"' for k, v in attrs.items())
    return f"<{name} {spelled}>"


class SegmentBuilder:
    """Collects one ``<source>``/``<target>``/``<seg>`` element from parser events."""

    __slots__ = ("pieces", "length", "tag_masks", "open", "code_depth", "code_start", "line", "column")

    def __init__(self) -> None:
        self.pieces: list[str] = []
        self.length = 0
        self.tag_masks: list[Mask] = []
        self.open: list[tuple[str, int, int]] = []  # (name, start offset, offset after the start tag)
        self.code_depth = 0
        self.code_start = 0
        self.line = 0  # position of the first character of the content: set by the reader
        self.column = 0

    def at(self, line: int, column: int) -> None:
        """Record where the content starts (the first event inside the element tells; later calls are ignored)."""
        if not self.line:
            self.line, self.column = line, column

    def data(self, text: str) -> None:
        if self.code_depth:
            text = escape_text(text)
        self.pieces.append(text)
        self.length += len(text)

    def start(self, name: str, attrs: dict[str, str]) -> None:
        tag = start_tag(name, attrs)
        if self.code_depth or name in CODE_ELEMENTS:
            if not self.code_depth:
                self.code_start = self.length
            self.code_depth += 1
        self.open.append((name, self.length, self.length + len(tag)))
        self.pieces.append(tag)
        self.length += len(tag)

    def end(self, name: str) -> None:
        name, start, after = self.open.pop()
        if self.length == after:  # nothing inside: write it as an empty element
            self.pieces[-1] = self.pieces[-1][:-1] + "/>"
            self.length += 1
            tags = [Mask(start, self.length, TAG_MASK)]
        else:
            closing = f"</{name}>"
            tags = [Mask(start, after, TAG_MASK), Mask(self.length, self.length + len(closing), TAG_MASK)]
            self.pieces.append(closing)
            self.length += len(closing)
        if self.code_depth:
            self.code_depth -= 1
            if not self.code_depth:
                self.tag_masks.append(Mask(self.code_start, self.length, TAG_MASK))
        else:
            self.tag_masks.extend(tags)

    def finish(self) -> Segment:
        """The segment with surrounding whitespace trimmed (and its start moved past it)."""
        text = "".join(self.pieces)
        return trimmed(text, self.line, self.column, self.tag_masks)


def trimmed(text: str, line: int, column: int, structural: Sequence[Mask] = ()) -> Segment:
    """A Segment of ``text`` without its surrounding whitespace; masks shifted, text masks added."""
    body = text.strip()
    if not body:
        return Segment("", line, column)
    lead = 0
    if len(body) != len(text):
        lead = len(text) - len(text.lstrip())
        if lead:
            line, column = advance(line, column, text[:lead])
    if not structural:
        return Segment(body, line, column, inline_masks(body))
    tags = sorted(structural, key=_start)
    if lead:
        tags = [Mask(m.start - lead, m.end - lead, m.kind) for m in tags]
    # Look for placeholders and the like only between the tags (blanked, so offsets stay put): the
    # tags would be found again, at a cost, and a tag's attributes are no text of the segment.
    pieces, pos = [], 0
    for m in tags:
        pieces.append(body[pos:m.start])
        pieces.append(" " * (m.end - m.start))
        pos = m.end
    pieces.append(body[pos:])
    return Segment(body, line, column, _merged(tags, inline_masks("".join(pieces))))


def _start(mask: Mask) -> int:
    return mask.start


def _merged(primary: list[Mask], secondary: Sequence[Mask]) -> tuple[Mask, ...]:
    """``primary`` (sorted, disjoint) plus the ``secondary`` masks that overlap none of them."""
    if not secondary:
        return tuple(primary)
    out = list(primary)
    for mask in secondary:
        if all(mask.end <= p.start or mask.start >= p.end for p in primary):
            out.append(mask)
    out.sort(key=_start)
    return tuple(out)


def advance(line: int, column: int, passed: str) -> tuple[int, int]:
    """The (line, column) just after ``passed`` when it starts at (line, column)."""
    newlines = passed.count("\n")
    if not newlines:
        return line, column + len(passed)
    return line + newlines, len(passed) - passed.rfind("\n")
