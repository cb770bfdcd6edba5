"""Sentences and clauses of one Chinese or English text, as code point spans.

Chinese ends sentences with `。！？；` and separates clauses with `，：、`; real text also uses the
ASCII forms (`,;:!?`), dashes (`——`, `–`, ` - `) and, in subtitles and transcripts, a plain space
between two Han characters.  English ends sentences with `.!?` (followed by a space or the end) and
`;`, and separates clauses with `, : ( ) -- —`.  A decimal point or thousands separator between
digits never splits.

Spans are never empty and never start or end with white space; text is not rewritten, so every span
indexes the string as given (masked spans are blanks and fall between segments).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..script import HAN_RE


@dataclass(frozen=True)
class Segment:
    start: int
    end: int
    text: str
    sentence: int  # index of the sentence the segment belongs to (clauses share it)


# --- Chinese -------------------------------------------------------------------------------------

_HAN = HAN_RE.pattern[1:-1]  # the character class body, for composing patterns below
_CLOSERS = "”’」』）)】〕》\"'"
# A sentence ends after a run of sentence marks and any closing quotes or brackets after them.
_ZH_SENTENCE_END = re.compile(
    rf"(?:[。！？；!?;]|(?<![0-9A-Za-z])\.(?![0-9A-Za-z])|…{{2,}}|\.{{3,}})+[{_CLOSERS}]*|\n+"
)
# Clause marks: Chinese and ASCII comma/colon (not between digits: 1,000 or 12:30), the enumeration
# comma, dashes, and white space between two Han characters (the clause separator of subtitles).
_ZH_CLAUSE_BREAK = re.compile(
    rf"[，：、﹐﹑]|(?<![0-9]),|,(?![0-9])|(?<![0-9]):|:(?![0-9])|——|[－–—]|(?<=\s)-(?=\s)|(?=[（(])|[）)]"
    rf"|(?<=[{_HAN}，。！？：；、”」）])[ \t\u3000]+(?=[{_HAN}“「（])"
)

# --- English -------------------------------------------------------------------------------------

# `.`, `!`, `?` (with closing quotes) followed by white space or the end; `;` always.
# Also a full stop run straight into the next capitalised word (`Thank you.Thank you all.`).
_EN_SENTENCE_END = re.compile(r"(?:[.!?]+[\"'”’)\]]*(?=\s|$)|(?<=[a-z])[.!?](?=[A-Z][a-z])|;)|\n+")
_EN_CLAUSE_BREAK = re.compile(r"(?<![0-9]),|,(?![0-9])|(?<![0-9]):|:(?![0-9])|--+|[—–]|(?<=\s)-(?=\s)|(?=\()|\)")
# Common abbreviations whose period does not end a sentence.
_EN_ABBREV = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|St|Jr|Sr|vs|etc|e\.g|i\.e|No|Fig|U\.S|Inc|Ltd|Co)|\b[A-Z])\.$")

_WORDY = re.compile(rf"[{_HAN}A-Za-z0-9\u00c0-\u024f]")


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _cut(text: str, start: int, end: int, breaks: re.Pattern[str]) -> list[tuple[int, int]]:
    """Split text[start:end] after every match of ``breaks``; keep pieces with a letter or digit."""
    pieces, last = [], start
    for m in breaks.finditer(text, start, end):
        pieces.append((last, m.end()))
        last = m.end()
    pieces.append((last, end))
    out = []
    for a, b in pieces:
        a, b = _strip(text, a, b)
        if a < b and _WORDY.search(text, a, b):
            out.append((a, b))
    return out


def _sentences(text: str, ends: re.Pattern[str], abbrev: re.Pattern[str] | None = None) -> list[tuple[int, int]]:
    spans, last = [], 0
    for m in ends.finditer(text):
        if abbrev is not None and m.group().startswith(".") and abbrev.search(text, max(0, m.start() - 6), m.end()):
            continue
        spans.append((last, m.end()))
        last = m.end()
    spans.append((last, len(text)))
    out = []
    for a, b in spans:
        a, b = _strip(text, a, b)
        if a < b and _WORDY.search(text, a, b):
            out.append((a, b))
    return out


def _merge_short(spans: list[tuple[int, int]], text: str, min_units: int, units) -> list[tuple[int, int]]:
    """Join clauses too short to mean much alone (`鸿蒙、欧拉、` or `say,`) to a neighbour."""
    if len(spans) < 2:
        return spans
    merged: list[tuple[int, int]] = []
    for a, b in spans:
        if merged and (units(text[a:b]) < min_units or units(text[merged[-1][0]:merged[-1][1]]) < min_units):
            merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a, b))
    if len(merged) > 1 and units(text[merged[-1][0]:merged[-1][1]]) < min_units:
        last = merged.pop()
        merged[-1] = (merged[-1][0], last[1])
    return merged


def _zh_units(s: str) -> int:
    """Rough size of Chinese text: Han characters plus Latin words."""
    return len(HAN_RE.findall(s)) + len(re.findall(r"[A-Za-z0-9]+", s)) * 2


def _en_units(s: str) -> int:
    return len(re.findall(r"[A-Za-z0-9]+", s)) * 2


# Clauses shorter than this are joined to a neighbour: 4 Han characters or 2 English words
# (a clause of `即`/`say,` has no meaning of its own to embed).
ZH_MIN_CLAUSE = 4
EN_MIN_CLAUSE = 4


def zh_sentences(text: str) -> list[Segment]:
    return [Segment(a, b, text[a:b], i) for i, (a, b) in enumerate(_sentences(text, _ZH_SENTENCE_END))]


def zh_clauses(text: str) -> list[Segment]:
    out = []
    for i, (sa, sb) in enumerate(_sentences(text, _ZH_SENTENCE_END)):
        for a, b in _merge_short(_cut(text, sa, sb, _ZH_CLAUSE_BREAK), text, ZH_MIN_CLAUSE, _zh_units):
            out.append(Segment(a, b, text[a:b], i))
    return out


def en_sentences(text: str) -> list[Segment]:
    return [Segment(a, b, text[a:b], i) for i, (a, b) in enumerate(_sentences(text, _EN_SENTENCE_END, _EN_ABBREV))]


def en_clauses(text: str) -> list[Segment]:
    out = []
    for i, (sa, sb) in enumerate(_sentences(text, _EN_SENTENCE_END, _EN_ABBREV)):
        for a, b in _merge_short(_cut(text, sa, sb, _EN_CLAUSE_BREAK), text, EN_MIN_CLAUSE, _en_units):
            out.append(Segment(a, b, text[a:b], i))
    return out
