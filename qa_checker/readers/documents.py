"""From files to Documents: read and segment text files, then number their blocks as paragraphs.

Paragraph ids are ``zh-1..zh-N`` and ``en-1..en-M`` in reading order per language; ``index`` is the
position in the document's reading order (the Chinese file before the English one in two-file modes).
"""
from __future__ import annotations

import dataclasses
from typing import Optional, Sequence

from ..errors import InputError
from ..model import EN, ZH, Document, Paragraph, Suppression
from ..script import dominant_script
from .blocks import Block, Segmented
from .decode import decode
from .markdown import segment_markdown
from .plaintext import segment_plain

MARKDOWN_EXTENSIONS = (".md", ".markdown")
TEXT_EXTENSIONS = MARKDOWN_EXTENSIONS + (".txt",)


def read_bytes(path: str) -> bytes:
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except FileNotFoundError:
        raise InputError(path, "no such file", hint="check the path") from None
    except IsADirectoryError:
        raise InputError(path, "is a directory, not a file") from None
    except OSError as err:
        raise InputError(path, f"cannot read: {err.strerror or err}") from None


def load_text(path: str, encoding: Optional[str] = None) -> str:
    return decode(read_bytes(path), path, encoding)[0]


def is_markdown(path: str) -> bool:
    return path.lower().endswith(MARKDOWN_EXTENSIONS)


def segment(text: str, path: str) -> Segmented:
    """Markdown files by their block structure, everything else as plain text."""
    return segment_markdown(text) if is_markdown(path) else segment_plain(text)


def segment_file(path: str, encoding: Optional[str] = None) -> Segmented:
    return segment(load_text(path, encoding), path)


def _prose(block: Block) -> str:
    """The block's text without its masked spans (what decides its language)."""
    if not block.masks:
        return block.text
    parts, pos = [], 0
    for m in block.masks:
        parts.append(block.text[pos:m.start])
        pos = max(pos, m.end)
    parts.append(block.text[pos:])
    return " ".join(parts)


def block_language(block: Block) -> str:
    return ZH if dominant_script(_prose(block)) == "han" else EN


class _Numberer:
    """Gives paragraphs their ids and reading-order index, and resolves suppressions to ids."""

    def __init__(self) -> None:
        self.paragraphs: list[Paragraph] = []
        self.suppressions: list[Suppression] = []
        self._count = {ZH: 0, EN: 0}

    def add_file(self, path: str, seg: Segmented, lang_of) -> None:
        ids: list[str] = []
        for block in seg.blocks:
            lang = lang_of(block)
            self._count[lang] += 1
            pid = f"{lang}-{self._count[lang]}"
            ids.append(pid)
            self.paragraphs.append(Paragraph(pid, lang, block.text, path, block.line, block.column,
                                             block.kind, block.masks, len(self.paragraphs)))
        for raw in seg.suppressions:
            target = None if raw.block is None else ids[raw.block]
            self.suppressions.append(Suppression(path, raw.line, raw.codes, target))


def interleaved_document(path: str, seg: Segmented, doc_id: Optional[str] = None) -> Document:
    """One file holding both languages: each paragraph's side is decided by its script."""
    numberer = _Numberer()
    numberer.add_file(path, seg, block_language)
    return Document(doc_id or path, path, path, "interleaved", tuple(numberer.paragraphs),
                    suppressions=tuple(numberer.suppressions))


def parallel_document(doc_id: str, zh_path: str, zh: Optional[Segmented],
                      en_path: str, en: Optional[Segmented]) -> Document:
    """A Chinese file and its English file; either may be missing (path "") for an unpaired file."""
    numberer = _Numberer()
    if zh is not None:
        numberer.add_file(zh_path, zh, lambda block: ZH)
    if en is not None:
        numberer.add_file(en_path, en, lambda block: EN)
    return Document(doc_id, zh_path if zh is not None else "", en_path if en is not None else "",
                    "parallel", tuple(numberer.paragraphs), suppressions=tuple(numberer.suppressions))


def reference_texts(path: str, encoding: Optional[str], wanted: int) -> list[str]:
    """Reference translations from a file: one per paragraph (as the English side is split), or one
    per line when the file has no blank lines between its lines and that count fits better."""
    text = load_text(path, encoding)
    per_paragraph = [b.text for b in segment(text, path).blocks]
    per_line = [line.strip() for line in text.split("\n") if line.strip()]
    if len(per_paragraph) != wanted and abs(len(per_line) - wanted) < abs(len(per_paragraph) - wanted):
        return per_line
    return per_paragraph


def with_references(doc: Document, references: Sequence[str], path: str) -> Document:
    zh_ids = [p.id for p in doc.paragraphs if p.lang == ZH]
    if len(references) != len(zh_ids):
        raise InputError(path, f"{len(references)} reference translations for {len(zh_ids)} Chinese paragraphs",
                         hint="give one reference per Chinese paragraph, split like the English text")
    return dataclasses.replace(doc, references=tuple(zip(zh_ids, references)))
