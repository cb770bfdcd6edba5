"""gettext PO: each entry is one given pair, ``msgid`` (Chinese) against ``msgstr`` (English).

Parsing is polib's; plural entries pair ``msgid`` with ``msgstr[0]``; fuzzy entries are kept (their
translation is still the one a user sees until someone reviews it); obsolete (``#~``) entries and the
header are skipped.  ``msgctxt``, when present, is the unit id.  The header's ``Language`` (the
language of the msgstr) must be English and ``X-Source-Language``, if present, Chinese.

polib gives each entry only the line its block starts on, so the reader also scans the lines itself
for where the msgid and msgstr strings are, and matches its scan to polib's entries in order.  The
paragraph text is the unescaped string with surrounding whitespace trimmed; its line and column are
those of its first visible character in the file.  Inside a string that spans several quoted lines,
positions are approximate: an escaped ``\\n`` is one character of text but two in the file.

Suppression: a translator comment ``# qa-checker: disable CODE`` applies to its entry; in the
header's comments, to the whole file.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from typing import Optional

import polib

from ..errors import InputError
from ..model import Document
from .decode import decode
from .inline_tags import Segment, trimmed
from .safe_xml import codec_for
from .units import DocumentBuilder, check_languages

# The charset in the header (polib's own pattern), read from the raw bytes before decoding.
_CHARSET = re.compile(rb'"?Content-Type:.+? charset=([\w_\-:\.]+)')
_POLIB_ERROR = re.compile(r"\(line (\d+)\)(?::\s*(.+))?")
_KEYWORDS = ("msgid", "msgstr", "msgctxt", "msgid_plural")
_ESCAPED_SPACE = frozenset("ntrvf")  # the escapes that polib unescapes to whitespace


@dataclass
class _Spot:
    """Where one entry's strings are: (line, column of the first content character, raw content)."""

    obsolete: bool
    comments: list[tuple[int, str]]
    msgid: list[tuple[int, int, str]] = field(default_factory=list)
    msgstr: list[tuple[int, int, str]] = field(default_factory=list)

    def text(self) -> str:
        return polib.unescape("".join(raw for _, _, raw in self.msgid))


def read(path: str, *, encoding: Optional[str] = None) -> Document:
    text, codec = _decoded(path, encoding)
    catalog = _parse(path, codec)
    spots = _scan(text)
    header_line = next((s.msgid[0][0] for s in spots if not s.obsolete and s.msgid and not s.text()), None)
    check_languages(path, catalog.metadata.get("X-Source-Language", ""), catalog.metadata.get("Language", ""),
                    header_line)
    builder = DocumentBuilder(path)
    matched = _match(catalog, spots)
    taken = {id(spot) for spot in matched.values()}
    for spot in spots:
        if id(spot) not in taken and not spot.obsolete and not spot.text():
            for line, comment in spot.comments:  # the header's comments apply to the file
                builder.suppress(line, comment, None)
    for number, entry in enumerate(catalog):
        if entry.obsolete:
            continue
        spot = matched.get(number)
        target = entry.msgstr_plural.get(0, "") if entry.msgid_plural else entry.msgstr
        source_seg = _segment(entry.msgid, spot.msgid if spot else (), entry.linenum)
        target_seg = _segment(target, spot.msgstr if spot else (), entry.linenum)
        pid = builder.add_unit(entry.msgctxt or "", source_seg, target_seg)
        if pid is None:
            continue
        comments = spot.comments if spot else [(entry.linenum or 1, entry.tcomment)]
        for line, comment in comments:
            builder.suppress(line, comment, pid)
    return builder.build()


def _decoded(path: str, encoding: Optional[str]) -> tuple[str, str]:
    """The file's text (to scan) and the codec polib must read it with."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as err:
        raise InputError(path, f"cannot read: {err.strerror or err}") from None
    declared = None
    if not encoding:
        found = _CHARSET.search(data)
        if found and found.group(1).upper() != b"CHARSET":  # "CHARSET" is the .pot placeholder
            declared = found.group(1).decode("ascii")
    if encoding or declared:
        codec = codec_for(encoding or declared, path)
        text, _ = decode(data, path, codec)
        return text, codec
    text, codec = decode(data, path)
    return text, codec_for(codec, path)


def _parse(path: str, codec: str) -> polib.POFile:
    if not os.path.isfile(path):  # polib would take a non-file path for PO text
        raise InputError(path, "not a file")
    try:
        return polib.pofile(path, encoding=codec, wrapwidth=0)
    except Exception as err:  # polib reports bad syntax as OSError, but any failure means unreadable input
        found = _POLIB_ERROR.search(str(err))
        if found is None:
            raise InputError(path, f"cannot read as PO: {err}") from None
        detail = f": {found.group(2)}" if found.group(2) else ""
        raise InputError(path, f"PO syntax error{detail}", line=int(found.group(1))) from None


def _scan(text: str) -> list[_Spot]:
    """The entries' string positions, following polib's reading of each line."""
    spots: list[_Spot] = []
    comments: list[tuple[int, str]] = []
    current: Optional[list] = None
    for number, raw in enumerate(text.split("\n"), 1):
        line = raw.strip()
        if not line:
            continue
        tokens = line.split(None, 2)
        if tokens[0] == "#~|":
            continue
        obsolete = tokens[0] == "#~" and len(tokens) > 1
        if obsolete:
            line, tokens = line[3:].strip(), tokens[1:]
        end = len(raw.rstrip())
        if tokens[0] in _KEYWORDS and len(tokens) > 1:
            token = line[len(tokens[0]):].lstrip()
            if tokens[0] == "msgid":
                spots.append(_Spot(obsolete, comments))
                comments, current = [], spots[-1].msgid
            elif tokens[0] == "msgstr" and spots:
                current = spots[-1].msgstr
            else:
                current = None
            if current is not None:
                current.append((number, end - len(token) + 2, token[1:-1]))
        elif line[:1] == '"':
            if current is not None:
                current.append((number, end - len(line) + 2, line[1:-1]))
        elif line[:9] == "msgstr[0]" and spots:
            token = line[9:].lstrip()
            current = spots[-1].msgstr
            current.append((number, end - len(token) + 2, token[1:-1]))
        elif tokens[0] == "#" or tokens[0].startswith("##"):
            comments.append((number, line.lstrip("#")))
            current = None
        else:
            current = None
    return spots


def _match(catalog: polib.POFile, spots: list[_Spot]) -> dict[int, _Spot]:
    """polib's entries (the header removed) → the scanned spot of each, matched in order by msgid."""
    matched: dict[int, _Spot] = {}
    k = 0
    for number, entry in enumerate(catalog):
        while k < len(spots) and (spots[k].obsolete != bool(entry.obsolete) or spots[k].text() != entry.msgid):
            k += 1
        if k == len(spots):
            break
        matched[number] = spots[k]
        k += 1
    return matched


def _segment(text: str, pieces, fallback_line: Optional[int]) -> Segment:
    line, column = _first_visible(pieces) or (fallback_line or 1, 1)
    return trimmed(text.strip(), line, column)


def _first_visible(pieces) -> Optional[tuple[int, int]]:
    """File position of the first character that is not whitespace once unescaped."""
    for line, column, raw in pieces:
        i = 0
        while i < len(raw):
            if raw[i] == "\\" and i + 1 < len(raw):
                if raw[i + 1] not in _ESCAPED_SPACE:
                    return line, column + i
                i += 2
            elif raw[i].isspace():
                i += 1
            else:
                return line, column + i
    return None
