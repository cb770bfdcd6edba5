"""Pre-paired rows from TSV/CSV: a header row names the ``zh`` and ``en`` columns (or ``source`` and
``target``), optionally ``reference``; other columns are ignored.

Each non-empty cell is one paragraph of kind "row" with the row's line and the cell's column; an
empty English cell means the row has no English (its pair gets ``()`` on that side).
"""
from __future__ import annotations

import csv
import io
from typing import Iterator, Optional

from ..errors import InputError
from ..model import EN, ZH, Document, Paragraph
from .blocks import SPACE_CHARS
from .documents import load_text
from .inline import inline_masks

_COLUMN_NAMES = {
    ZH: ("zh", "source", "src", "chinese", "zh-cn", "zh_cn", "zh-hans", "zh-tw", "zh-hant", "cn"),
    EN: ("en", "target", "tgt", "translation", "english", "en-us", "en_us", "en-gb"),
    "reference": ("reference", "ref", "references"),
}
_COLUMN_HINT = "the header row must name a zh and an en column (or source and target)"


def read_table(path: str, encoding: Optional[str] = None) -> Document:
    text = load_text(path, encoding)
    delimiter = "\t" if path.lower().endswith(".tsv") else ","
    try:
        rows = list(_rows(text, delimiter, csv.QUOTE_MINIMAL, path))
    except InputError:
        if delimiter != "\t":
            raise
        # Many TSV files are not quoted at all and hold text like `"Hello," he said`; read those
        # as plain tab-separated lines rather than failing on the quote.
        rows = list(_rows(text, delimiter, csv.QUOTE_NONE, path))
        return _document(path, rows, text.split("\n"), quoted=False)
    return _document(path, rows, text.split("\n"), quoted=True)


def _rows(text: str, delimiter: str, quoting: int, path: str) -> Iterator[tuple[int, int, list[str]]]:
    """(first line, number of lines, fields) of every row, blank lines skipped."""
    kind = "TSV" if delimiter == "\t" else "CSV"
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quoting=quoting,
                        strict=quoting != csv.QUOTE_NONE)
    consumed = 0
    while True:
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as err:
            message = str(err)
            if "unexpected end of data" in message:
                message = "unterminated quoted field"
            raise InputError(path, f"malformed {kind}: {message}", line=consumed + 1,
                             hint="quote fields that contain the delimiter, a quote or a line break") from None
        first, consumed = consumed + 1, reader.line_num
        if fields:
            yield first, consumed - first + 1, fields


def _columns(header: list[str], path: str, line: int) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, name in enumerate(header):
        key = name.strip(SPACE_CHARS).lower()
        for role, names in _COLUMN_NAMES.items():
            if key in names:
                if role in found:
                    raise InputError(path, f"two {role} columns ({header[found[role]]!r} and {name!r})",
                                     line=line, column=None, hint=_COLUMN_HINT)
                found[role] = index
    for role in (ZH, EN):
        if role not in found:
            names = ", ".join(repr(h) for h in header)
            raise InputError(path, f"no {role} column in the header ({names})", line=line, hint=_COLUMN_HINT)
    return found


def _document(path: str, rows: list[tuple[int, int, list[str]]], lines: list[str],
              quoted: bool) -> Document:
    if not rows:
        raise InputError(path, "empty table", line=1, hint=_COLUMN_HINT)
    header_line, _, header = rows[0]
    columns = _columns(header, path, header_line)
    width = len(header)
    paragraphs: list[Paragraph] = []
    pairs: list[tuple[tuple[str, ...], tuple[str, ...]]] = []
    references: list[tuple[str, str]] = []
    count = {ZH: 0, EN: 0}
    zh_col, en_col, ref_col = columns[ZH], columns[EN], columns.get("reference")
    for line, span, fields in rows[1:]:
        if len(fields) != width:
            raise InputError(path, f"row has {len(fields)} fields, the header has {width}", line=line,
                             hint="every row needs as many fields as the header")
        starts = _field_starts(lines, line, span, fields, quoted)
        ids: dict[str, tuple[str, ...]] = {ZH: (), EN: ()}
        for lang, col in ((ZH, zh_col), (EN, en_col)):
            cell = fields[col]
            body = cell.strip(SPACE_CHARS)
            if not body:
                continue
            count[lang] += 1
            pid = f"{lang}-{count[lang]}"
            cell_line, column = starts[col] if starts else (line, 1)
            lead = cell.find(body[0])
            if starts and lead and "\n" not in cell[:lead]:
                column += lead
            paragraphs.append(Paragraph(pid, lang, body, path, cell_line, column, "row",
                                        inline_masks(body), len(paragraphs)))
            ids[lang] = (pid,)
        if not ids[ZH] and not ids[EN]:
            continue  # an empty row: nothing to check
        pairs.append((ids[ZH], ids[EN]))
        if ref_col is not None and ids[ZH]:
            reference = fields[ref_col].strip(SPACE_CHARS)
            if reference:
                references.append((ids[ZH][0], reference))
    return Document(path, path, path, "table", tuple(paragraphs), given_pairs=tuple(pairs),
                    references=tuple(references))


def _field_starts(lines: list[str], line: int, span: int, fields: list[str],
                  quoted: bool) -> Optional[list[tuple[int, int]]]:
    """(line, column) where each field's text starts; None when the row cannot be re-traced.

    Rebuilt from the parsed fields: a quoted field takes its text plus two quotes plus one more
    per doubled quote inside; an unquoted one takes just its text.
    """
    raw = lines[line - 1] if span == 1 else "\n".join(lines[line - 1:line - 1 + span])
    offsets: list[int] = []
    pos = 0
    for field in fields:
        if quoted and raw.startswith('"', pos):
            offsets.append(pos + 1)
            pos += len(field) + field.count('"') + 3
        else:
            offsets.append(pos)
            pos += len(field) + 1
    if pos - 1 != len(raw):
        return None
    if span == 1:
        return [(line, offset + 1) for offset in offsets]
    starts = []
    for offset in offsets:
        last = raw.rfind("\n", 0, offset)
        starts.append((line + raw.count("\n", 0, offset), offset - last))
    return starts
