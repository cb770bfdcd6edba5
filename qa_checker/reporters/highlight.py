"""Cut a paragraph's text into plain and highlighted pieces, so that a template can escape each piece.

Highlighting never builds HTML from document text: it returns ``Segment`` records (text, severity,
finding anchors) and the template escapes ``segment.text`` like any other value.  Spans may overlap
(a wrong number inside a mistranslated phrase): the text is cut at every span boundary and each
piece carries every finding that covers it, coloured by the most severe one.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from ..model import Severity


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    severity: Severity
    anchor: str  # the finding's anchor ("f-<fingerprint>")
    label: str  # one line shown on hover: "ZH401 error: Number 1200 ..."


@dataclass(frozen=True)
class Segment:
    text: str
    severity: str = ""  # "" for plain text, else the label of the most severe covering finding
    anchors: tuple[str, ...] = ()  # findings covering this piece, most severe first
    title: str = ""  # the covering findings' labels, one per line
    point: bool = False  # a zero-width mark (something missing at this position): ``text`` is ""

    @property
    def multi(self) -> bool:
        return len(self.anchors) > 1


def segments(text: str, spans: Sequence[Span]) -> tuple[Segment, ...]:
    """The pieces of ``text`` in order; joined, their texts give ``text`` back exactly."""
    if not spans:
        return (Segment(text),) if text else ()
    size = len(text)
    clamped = []
    for s in spans:
        start = max(0, min(s.start, size))
        end = max(start, min(s.end, size))
        clamped.append((start, end, s))
    # Most severe first, then reading order, so the first anchor of a piece is the one to follow.
    clamped.sort(key=lambda item: (-item[2].severity, item[0], item[1], item[2].anchor))
    cuts = sorted({0, size, *(c[0] for c in clamped), *(c[1] for c in clamped)})
    points = {}
    for start, end, s in clamped:
        if start == end:
            points.setdefault(start, []).append(s)

    out: list[Segment] = []
    for i, left in enumerate(cuts):
        if left in points:
            out.append(_segment("", points[left], point=True))
        if i + 1 == len(cuts):
            break
        right = cuts[i + 1]
        covering = [s for start, end, s in clamped if start <= left and end >= right and start < end]
        out.append(_segment(text[left:right], covering) if covering else Segment(text[left:right]))
    return tuple(_merge_plain(out))


def _segment(text: str, covering: list[Span], point: bool = False) -> Segment:
    anchors = tuple(dict.fromkeys(s.anchor for s in covering))
    title = "\n".join(dict.fromkeys(s.label for s in covering))
    return Segment(text, covering[0].severity.label, anchors, title, point)


def _merge_plain(pieces: list[Segment]) -> list[Segment]:
    """Join neighbouring pieces that look the same, and drop empty plain pieces."""
    merged: list[Segment] = []
    for piece in pieces:
        if not piece.text and not piece.point:
            continue
        last = merged[-1] if merged else None
        if (last is not None and not piece.point and not last.point
                and (last.severity, last.anchors) == (piece.severity, piece.anchors)):
            merged[-1] = Segment(last.text + piece.text, last.severity, last.anchors, last.title)
        else:
            merged.append(piece)
    return merged
