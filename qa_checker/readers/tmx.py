"""TMX: each ``<tu>`` is one given pair, its first Chinese ``<tuv>`` against its first English one.

::

    <tmx version="1.4"><header srclang="zh-CN" …/><body>
      <tu tuid="t1"><prop type="x-qa-checker">disable ZH401</prop>
        <tuv xml:lang="zh-CN"><seg>…</seg></tuv><tuv xml:lang="en-US"><seg>…</seg></tuv></tu>

Variants are told apart by the primary subtag of ``xml:lang`` (``lang`` in TMX 1.1): ``zh``, ``zh-TW``,
``cmn-Hans`` are Chinese; ``en``, ``en-GB`` English.  A ``<tu>`` without a Chinese variant is not a
zh→en unit and is skipped; one without an English variant is an untranslated unit.  A header that
declares English as the source language is refused (the memory runs the other way round), and so is a
file whose units hold no Chinese, or no English but other languages.

Suppression: ``<note>qa-checker: disable CODE</note>`` or ``<prop type="x-qa-checker">disable CODE</prop>``
in a ``<tu>`` (or one of its ``<tuv>``) applies to that unit; in the ``<header>``, to the whole file.
"""
from __future__ import annotations

from typing import Optional

from ..errors import InputError
from ..model import Document
from .inline_tags import Segment, SegmentBuilder
from .safe_xml import CapturingHandler, local_name, stream, xml_lang
from .units import DocumentBuilder, check_languages, is_chinese, is_english, primary_subtag

SUPPRESSION_PROP = "x-qa-checker"


def read(path: str, *, encoding: Optional[str] = None) -> Document:
    builder = DocumentBuilder(path)
    handler = _TmxHandler(path, builder)
    stream(path, handler, encoding=encoding)
    handler.check_languages_seen()
    return builder.build()


class _TmxHandler(CapturingHandler):
    def __init__(self, path: str, builder: DocumentBuilder) -> None:
        self.path, self.builder = path, builder
        self.parser = None
        self.names: list[str] = []
        self.unit: Optional[str] = None  # tuid of the open <tu>
        self.variants: list[tuple[str, Segment]] = []  # (language, seg) of the open <tu>
        self.unit_notes: list[tuple[int, str]] = []
        self.lang = ""  # language of the open <tuv>
        self.capture: Optional[SegmentBuilder] = None
        self.capture_depth = 0
        self.comment: Optional[list[str]] = None  # text of an open <note> or suppression <prop>
        self.comment_where = (0, "", 0)  # (line, scope, depth)
        self.units = 0
        self.languages: set[str] = set()

    def start(self, name: str, attrs: dict[str, str]) -> None:
        tag = local_name(name)
        capture = self.positioned_capture()
        if capture is not None:
            capture.start(tag, attrs)
            self.names.append(tag)
            return
        if not self.names and tag != "tmx":
            raise InputError(self.path, f"not a TMX file: the root element is <{tag}>",
                             line=self.parser.CurrentLineNumber)
        parent = self.names[-1] if self.names else ""
        self.names.append(tag)
        if tag == "seg" and parent == "tuv" and self.unit is not None:
            self.capture, self.capture_depth = SegmentBuilder(), len(self.names)
            self.parser.CharacterDataHandler = self.data
        elif tag == "tuv":
            self.lang = xml_lang(attrs)
        elif tag == "tu":
            self.unit, self.variants, self.unit_notes = attrs.get("tuid", ""), [], []
            self.units += 1
        elif tag in ("note", "prop") and self.comment is None:
            self._open_comment(tag, parent, attrs)
        elif tag == "header":
            srclang = attrs.get("srclang", "")
            if is_english(srclang):
                check_languages(self.path, srclang, "", self.parser.CurrentLineNumber)

    def data(self, text: str) -> None:
        capture = self.positioned_capture()
        if capture is not None:
            capture.data(text)
        elif self.comment is not None:
            self.comment.append(text)

    def end(self, name: str) -> None:
        capture = self.positioned_capture()
        if capture is not None:
            if len(self.names) > self.capture_depth:
                capture.end(self.names.pop())
                return
            self.variants.append((self.lang, capture.finish()))
            self.capture = None
            self.parser.CharacterDataHandler = None
        tag = self.names.pop()
        if self.comment is not None and len(self.names) == self.comment_where[2]:
            self._close_comment()
        elif tag == "tu":
            self._close_unit()

    def _open_comment(self, tag: str, parent: str, attrs: dict[str, str]) -> None:
        if tag == "prop" and attrs.get("type", "").strip().lower() != SUPPRESSION_PROP:
            return
        if parent in ("tu", "tuv") and self.unit is not None:
            scope = "unit"
        elif parent == "header":
            scope = "file"
        else:
            return
        # A suppression <prop> holds the directive without the "qa-checker:" prefix of a note.
        self.comment = ["qa-checker: "] if tag == "prop" else []
        self.parser.CharacterDataHandler = self.data
        self.comment_where = (self.parser.CurrentLineNumber, scope, len(self.names) - 1)

    def _close_comment(self) -> None:
        text, (line, scope, _) = "".join(self.comment), self.comment_where
        self.comment = None
        self.parser.CharacterDataHandler = None
        if scope == "unit":
            self.unit_notes.append((line, text))
        else:
            self.builder.suppress(line, text, None)

    def _close_unit(self) -> None:
        self.languages.update(primary_subtag(lang) for lang, _ in self.variants if lang.strip())
        source = next((seg for lang, seg in self.variants if is_chinese(lang)), None)
        target = next((seg for lang, seg in self.variants if is_english(lang)), None)
        unit, self.unit = self.unit or "", None
        if source is None:
            return
        pid = self.builder.add_unit(unit, source, target)
        if pid is not None:
            for line, text in self.unit_notes:
                self.builder.suppress(line, text, pid)

    def check_languages_seen(self) -> None:
        """A TMX with units but no Chinese, or no English but other languages, is not zh→en."""
        if not self.units or not self.languages:
            return
        found = ", ".join(sorted(self.languages))
        if not any(is_chinese(lang) for lang in self.languages):
            raise InputError(self.path, f"no Chinese variant in any <tu> (languages: {found})")
        others = [lang for lang in self.languages if not is_chinese(lang)]
        if others and not any(is_english(lang) for lang in self.languages):
            raise InputError(self.path, f"no English variant in any <tu> (languages: {found})")
