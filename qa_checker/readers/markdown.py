"""Markdown: markdown-it-py finds the block structure and line ranges; the text of each block is then
cut from the source lines, so offsets point into the file exactly as it was read.

Each heading, paragraph, list item (nested ones too), table cell, block-quote paragraph, code block,
HTML block and front-matter value is one block.  Block markup at line starts (``## ``, ``- ``,
``1. ``, ``> ``) stays in the text and is masked as "markup".
"""
from __future__ import annotations

import re
from typing import Optional

from markdown_it import MarkdownIt
from mdit_py_plugins.front_matter import front_matter_plugin

from ..model import Mask
from .blocks import Block, Segmented, SPACE_CHARS, is_blank, leading_space
from .inline import inline_masks, merge_masks
from .suppress import SuppressionCollector, is_comment_only

# Only the block structure is used (inline content is masked by our own expressions), so the
# inline pass, a third of the parse time, is switched off.
_PARSER = MarkdownIt("commonmark").enable("table").use(front_matter_plugin).disable(["inline", "text_join"])
_CONTAINER_KIND = {"blockquote_open": "quote", "list_item_open": "list"}
# `key: value` in YAML front matter; the key (and the colon) is masked, the value is text.
_FRONT_KEY = re.compile(r"(?:-[ \t]+)?(?:[^\s:#'\"][^:]*?|\"[^\"]*\"|'[^']*'):(?=[ \t]|$)[ \t]*")
_FRONT_LIST = re.compile(r"-[ \t]+")
# Custom containers (`::: tip`, `:::note`, `:::`) of VitePress, VuePress and Docusaurus: the fence
# and its type are markup; a title after them is text.
_CONTAINER_FENCE = re.compile(r":{3,}[ \t]*[A-Za-z][\w-]*|:{3,}(?=[ \t]*$)")
_YAML_NON_TEXT = re.compile(r"[|>][-+0-9]*|\[\]|\{\}|~|null|true|false|[-+.0-9eE:]+")


def segment_markdown(text: str) -> Segmented:
    return _Segmenter(text).run()


class _Segmenter:
    def __init__(self, text: str) -> None:
        self.text = text
        self.lines = text.split("\n")
        self.blocks: list[Block] = []
        self.sups = SuppressionCollector()

    def run(self) -> Segmented:
        tokens = _PARSER.parse(self.text)
        containers: list[str] = []
        row_line: Optional[int] = None
        row_cursor = 0
        i = 0
        while i < len(tokens):
            tok = tokens[i]
            kind = tok.type
            if kind in _CONTAINER_KIND:
                containers.append(_CONTAINER_KIND[kind])
            elif kind in ("blockquote_close", "list_item_close"):
                containers.pop()
            elif kind in ("paragraph_open", "heading_open") and i + 1 < len(tokens):
                inline = tokens[i + 1]
                block_kind = "heading" if kind == "heading_open" else (containers[-1] if containers else "text")
                if inline.map:
                    self._content_block(inline.map[0], inline.content, block_kind, atx=tok.markup.startswith("#"))
                i += 1
            elif kind == "tr_open" and tok.map:
                row_line, row_cursor = tok.map[0], 0
            elif kind == "inline" and row_line is not None:
                row_cursor = self._table_cell(row_line, row_cursor, tok.content)
            elif kind == "table_close":
                row_line = None
            elif kind in ("fence", "code_block") and tok.map:
                self._raw_block(tok.map, "code", "code")
            elif kind == "html_block" and tok.map:
                self._raw_block(tok.map, "html", "html")
            elif kind == "front_matter" and tok.map:
                self._front_matter(tok.map)
            i += 1
        return Segmented(tuple(self.blocks), self.sups.result())

    # -- emitting -----------------------------------------------------------------------------
    def _add(self, text: str, line0: int, column: int, kind: str, masks: tuple[Mask, ...]) -> None:
        index = len(self.blocks)
        self.blocks.append(Block(text, line0 + 1, column, kind, masks))
        self.sups.block_added(index)
        if kind != "code":
            self.sups.inside(text, line0 + 1, index)

    def _content_block(self, first: int, content: str, kind: str, atx: bool) -> None:
        """A paragraph or heading: its source lines, markup prefixes masked, inline masks added."""
        content_lines = content.split("\n")
        src = self.lines[first:first + len(content_lines)]
        # Lines of only U+3000 or NBSP are text to markdown-it but blank to us: start after them.
        while len(src) > 1 and is_blank(src[0]):
            src, content_lines, first = src[1:], content_lines[1:], first + 1
        if not src:
            return
        lead = leading_space(src[0])
        parts: list[str] = []
        markup: list[Mask] = []
        offset = 0  # offset of the current source line's start in the block text (line 0: at `lead`)
        for n, (line, cline) in enumerate(zip(src, content_lines)):
            piece = line[lead:] if n == 0 else line
            shift = lead if n == 0 else 0
            if n == len(src) - 1:
                piece = piece.rstrip(SPACE_CHARS)
            begin = leading_space(line)
            start, end = _locate_content(line, cline, begin, atx)
            if start > begin:
                markup.append(Mask(offset + begin - shift, offset + start - shift, "markup"))
            stripped_end = len(line.rstrip(SPACE_CHARS))
            if atx and end < stripped_end:  # closing `##` of an ATX heading
                markup.append(Mask(offset + end - shift, offset + stripped_end - shift, "markup"))
            fence = _CONTAINER_FENCE.match(line, start)
            if fence:
                markup.append(Mask(offset + start - shift, offset + fence.end() - shift, "markup"))
            parts.append(piece)
            offset += len(piece) + 1
        body = "\n".join(parts)
        if not _unmasked(body, markup).strip(SPACE_CHARS):
            return  # nothing but markup (a lone `:::`)
        self._add(body, first, lead + 1, kind, merge_masks(markup, inline_masks(body)))

    def _raw_block(self, span: list[int], kind: str, mask_kind: str) -> None:
        """Code and HTML blocks: the whole block, masked; comment-only HTML is not a paragraph."""
        first, end = span
        src = self.lines[first:end]
        while src and is_blank(src[-1]):
            src.pop()
        if not src:
            return
        lead = leading_space(src[0])
        body = "\n".join(src)[lead:].rstrip(SPACE_CHARS)
        if kind == "html" and is_comment_only(body):
            self.sups.standalone(body, first + 1)
            return
        self._add(body, first, lead + 1, kind, (Mask(0, len(body), mask_kind),))

    def _table_cell(self, row: int, cursor: int, content: str) -> int:
        """One table cell, found in its row's source line after ``cursor``; returns the new cursor."""
        if not content.strip(SPACE_CHARS) or row >= len(self.lines):
            return cursor
        line = self.lines[row]
        for candidate in (content, content.replace("|", "\\|")):
            at = line.find(candidate, cursor)
            if at >= 0:
                body = line[at:at + len(candidate)]
                self._add(body, row, at + 1, "table", inline_masks(body))
                return at + len(candidate)
        # Not found verbatim (tabs expanded by the parser): keep the text, point at the row.
        self._add(content, row, leading_space(line) + 1, "table", inline_masks(content))
        return cursor

    def _front_matter(self, span: list[int]) -> None:
        """Each `key: value` line of YAML front matter is a block with the key masked."""
        first, end = span
        for n in range(first + 1, min(end - 1, len(self.lines))):
            line = self.lines[n]
            lead = leading_space(line)
            body = line[lead:].rstrip(SPACE_CHARS)
            if not body or body.startswith("#") or body in ("---", "..."):
                continue
            key = _FRONT_KEY.match(body) or _FRONT_LIST.match(body)
            value_at = key.end() if key else 0
            value = body[value_at:]
            if not value or _YAML_NON_TEXT.fullmatch(value):
                continue
            masks: tuple[Mask, ...] = ()
            if key:
                masks = (Mask(0, value_at, "front-matter" if ":" in key.group() else "markup"),)
            self._add(body, n, lead + 1, "front-matter", merge_masks(masks, inline_masks(body)))


def _unmasked(text: str, masks: list[Mask]) -> str:
    kept, pos = [], 0
    for m in sorted(masks, key=lambda m: m.start):
        kept.append(text[pos:m.start])
        pos = max(pos, m.end)
    kept.append(text[pos:])
    return "".join(kept)


def _locate_content(line: str, cline: str, begin: int, atx: bool) -> tuple[int, int]:
    """(start, end) of the parser's content ``cline`` in the source ``line``."""
    c = cline.strip(SPACE_CHARS)
    if not c:
        end = len(line.rstrip(SPACE_CHARS))
        return end, end
    if atx:
        at = line.find(c, begin + 1)
        if at >= 0:
            return at, at + len(c)
    else:
        s = line.rstrip(SPACE_CHARS)
        if s.endswith(c):
            return len(s) - len(c), len(s)
    return begin, len(line.rstrip(SPACE_CHARS))
