"""XLIFF 1.x and 2.x: each translation unit (1.x ``<trans-unit>``, 2.x ``<segment>``) is one given pair.

XLIFF 1.2::

    <file source-language="zh-CN" target-language="en"><body>
      <group><trans-unit id="a1"><source>…</source><target>…</target><note>…</note></trans-unit></group>

XLIFF 2.x::

    <xliff version="2.0" srcLang="zh-CN" trgLang="en"><file><unit id="u1">
      <notes><note>…</note></notes><segment><source>…</source><target>…</target></segment>

A 2.x unit with several segments gives one pair per segment, with unit ids ``u1#s1`` (the segment's
id, else its 1-based number); ``<ignorable>`` and ``<alt-trans>`` content is not checked.  Units
marked ``translate="no"`` (on themselves or an enclosing group or file) are skipped.

``qa-checker: disable CODE`` in a ``<note>`` applies to its unit (to every unit of a ``<group>``; to the
whole file in the 1.2 ``<header>`` or the 2.x ``<file>``'s ``<notes>``).  Inline elements are kept
in the text as tags and masked: see :mod:`.inline_tags`.
"""
from __future__ import annotations

from typing import Optional

from ..errors import InputError
from ..model import Document
from .inline_tags import SegmentBuilder
from .safe_xml import CapturingHandler, local_name, stream
from .units import DocumentBuilder, check_languages

_UNIT_1 = "trans-unit"
_SEGMENT_PARENTS = frozenset({"trans-unit", "segment"})
# Elements whose <note> children apply to the file (1.2 <header>, 2.x <file><notes>) or a group.
_FILE_SCOPE, _GROUP_SCOPE = frozenset({"header", "file"}), frozenset({"group"})


def read(path: str, *, encoding: Optional[str] = None) -> Document:
    builder = DocumentBuilder(path)
    stream(path, _XliffHandler(path, builder), encoding=encoding)
    return builder.build()


class _Unit:
    """A 1.x trans-unit or 2.x unit being read."""

    __slots__ = ("id", "translate", "segments", "notes")

    def __init__(self, unit_id: str, translate: bool) -> None:
        self.id, self.translate = unit_id, translate
        # (segment id, source, target) in order; a 1.x trans-unit has exactly one.
        self.segments: list[list] = []
        self.notes: list[tuple[int, str]] = []


class _XliffHandler(CapturingHandler):
    def __init__(self, path: str, builder: DocumentBuilder) -> None:
        self.path, self.builder = path, builder
        self.parser = None
        self.names: list[str] = []  # local names of the open elements
        self.translate: list[bool] = [True]  # inherited translate="yes|no", one per open element
        self.groups: list[list[tuple[int, str]]] = []  # notes of each open <group>
        self.unit: Optional[_Unit] = None
        self.segment: Optional[list] = None  # [id, source, target] of the open segment
        self.capture: Optional[SegmentBuilder] = None  # the open <source>/<target>
        self.capture_depth = 0
        self.note: Optional[list[str]] = None
        self.note_where = (0, "")  # (line, scope) of the open note
        self.note_depth = 0

    # expat callbacks -------------------------------------------------------------------------

    def start(self, name: str, attrs: dict[str, str]) -> None:
        tag = local_name(name)
        capture = self.positioned_capture()
        if capture is not None:
            capture.start(tag, attrs)
            self.names.append(tag)
            return
        if not self.names and tag != "xliff":
            raise InputError(self.path, f"not an XLIFF file: the root element is <{tag}>",
                             line=self.parser.CurrentLineNumber)
        parent = self.names[-1] if self.names else ""
        translate = self.translate[-1]
        if "translate" in attrs:
            translate = attrs["translate"].strip().lower() != "no"
        self.names.append(tag)
        self.translate.append(translate)
        if tag in ("source", "target") and parent in _SEGMENT_PARENTS and self.segment is not None and translate:
            self.capture, self.capture_depth = SegmentBuilder(), len(self.names)
            self.parser.CharacterDataHandler = self.data
        elif tag == "note" and self.note is None:
            self._open_note(parent)
        elif tag == _UNIT_1 or tag == "unit":
            self.unit = _Unit(attrs.get("id", ""), translate)
            if tag == _UNIT_1:
                self.segment = [attrs.get("id", ""), None, None]
        elif tag == "segment" and self.unit is not None:
            self.segment = [attrs.get("id", ""), None, None]
        elif tag == "group":
            self.groups.append([])
        elif tag == "xliff":
            self._languages(attrs.get("srcLang", ""), attrs.get("trgLang", ""))
        elif tag == "file" and ("source-language" in attrs or "target-language" in attrs):
            self._languages(attrs.get("source-language", ""), attrs.get("target-language", ""))

    def data(self, text: str) -> None:
        capture = self.positioned_capture()
        if capture is not None:
            capture.data(text)
        elif self.note is not None:
            self.note.append(text)

    def end(self, name: str) -> None:
        capture = self.positioned_capture()
        if capture is not None:
            if len(self.names) > self.capture_depth:
                capture.end(self.names.pop())
                return
            self.segment[1 if self.names[-1] == "source" else 2] = capture.finish()
            self.capture = None
            self.parser.CharacterDataHandler = None
        tag = self.names.pop()
        self.translate.pop()
        if tag == "note" and self.note is not None and len(self.names) == self.note_depth:
            self._close_note()
        elif tag == "segment" and self.segment is not None and self.unit is not None:
            self.unit.segments.append(self.segment)
            self.segment = None
        elif tag == _UNIT_1 or tag == "unit":
            if tag == _UNIT_1 and self.segment is not None and self.unit is not None:
                self.unit.segments.append(self.segment)
            self.segment = None
            self._close_unit()
        elif tag == "group" and self.groups:
            self.groups.pop()

    # helpers ---------------------------------------------------------------------------------

    def _languages(self, source: str, target: str) -> None:
        line = self.parser.CurrentLineNumber
        check_languages(self.path, source, target, line)

    def _open_note(self, parent: str) -> None:
        scope = parent
        if parent == "notes" and len(self.names) >= 3:
            scope = self.names[-3]  # 2.x: <unit|group|file><notes><note>
        if self.unit is not None and scope in ("trans-unit", "unit"):
            scope = "unit"
        elif scope in _GROUP_SCOPE and self.groups:
            scope = "group"
        elif scope in _FILE_SCOPE:
            scope = "file"
        else:
            return  # a note of <alt-trans> or elsewhere: not ours
        self.note = []
        self.parser.CharacterDataHandler = self.data
        self.note_depth = len(self.names) - 1
        self.note_where = (self.parser.CurrentLineNumber, scope)

    def _close_note(self) -> None:
        text, (line, scope) = "".join(self.note), self.note_where
        self.note = None
        self.parser.CharacterDataHandler = None
        if scope == "unit":
            self.unit.notes.append((line, text))
        elif scope == "group":
            self.groups[-1].append((line, text))
        else:
            self.builder.suppress(line, text, None)

    def _close_unit(self) -> None:
        unit, self.unit = self.unit, None
        if unit is None or not unit.translate:
            return
        several = len(unit.segments) > 1
        notes = [n for group in self.groups for n in group] + unit.notes
        for number, (seg_id, source, target) in enumerate(unit.segments, 1):
            label = f"{unit.id}#{seg_id or number}" if several else unit.id
            pid = self.builder.add_unit(label, source, target)
            if pid is not None:
                for line, text in notes:
                    self.builder.suppress(line, text, pid)

