"""Compare the numbers of a Chinese paragraph group with those of its English rendering.

Matching is by value and by presence (a set, not a multiset): English often says a number once
where the Chinese repeats it, or refers back with "both" or "the same".  What stays unmatched:
- ``missing``: Chinese numbers (not weak) that no English number agrees with, each with its likely
  counterpart, the unmatched English number nearest in relative position (``90亿`` ↔ ``90 billion``);
- ``extra``: English numbers that no Chinese number agrees with and that are nobody's counterpart.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional, Sequence

from ..model import Paragraph
from . import en_numbers, zh_numbers
from .values import FULLWIDTH_DIGITS, Num, agree


@dataclass(frozen=True)
class Located:
    """A number and the paragraph it was found in."""

    paragraph: Paragraph
    num: Num
    position: float  # relative position in its side, 0..1, for pairing counterparts


@dataclass(frozen=True)
class Comparison:
    missing: tuple[tuple[Located, Optional[Located]], ...]
    extra: tuple[Located, ...]


def _prose(paragraphs: Sequence[Paragraph]) -> list[tuple[int, Paragraph, str]]:
    return [(i, p, p.masked()) for i, p in enumerate(paragraphs) if p.is_prose and p.text]


# Numbers are handled as (num, paragraph, position) tuples while compared, and only those reported
# become ``Located`` records: most numbers find their counterpart, and a record costs ~10× a tuple.
def _locate(items: list[tuple[int, Paragraph, str]], count: int, finder) -> list[tuple]:
    out = []
    for i, p, text in items:
        found = finder(text)
        if found:
            size = max(len(text), 1)
            out += [(n, p, (i + n.start / size) / count) for n in found]
    return out


def _values(nums: list[tuple]) -> set:
    return {v for n, _, _ in nums for v in n.values}


def _unmatched(zh_nums: list[tuple], en_nums: list[tuple]) -> list[tuple]:
    """The Chinese numbers that no English number agrees with.  A value shared with an English number
    answers by a set look-up (equal values always agree); ``agree`` is tried on each English number
    only for the rest (ranges, tolerances)."""
    values = _values(en_nums)
    return [z for z in zh_nums if values.isdisjoint(z[0].values) and not any(agree(z[0], e[0]) for e in en_nums)]


_ASCII_DIGITS = frozenset("0123456789")


def _raw_has_digits(haystack: str, digits: str) -> bool:
    """``digits`` appears in ``haystack`` not as part of a longer digit string."""
    at = haystack.find(digits)
    while at >= 0:
        after = at + len(digits)
        if (at == 0 or haystack[at - 1] not in _ASCII_DIGITS) and \
                (after >= len(haystack) or haystack[after] not in _ASCII_DIGITS):
            return True
        at = haystack.find(digits, at + 1)
    return False


def _joined_ascii_digits(paragraphs: Sequence[Paragraph]) -> str:
    text = "\n".join(p.text for p in paragraphs)
    return text.translate(FULLWIDTH_DIGITS) if _FULLWIDTH_RE.search(text) else text


def compare(zh: Sequence[Paragraph], en: Sequence[Paragraph], *, english_words: bool = False) -> Comparison:
    """The unmatched numbers of a pair.  ``english_words``: parse English number words even when
    every Chinese number is matched by digits (needed to report extra English number words)."""
    zh_items, en_items = _prose(zh), _prose(en)
    if not zh_items and not en_items:
        return _NOTHING
    zh_nums = _locate(zh_items, max(len(zh), 1), zh_numbers.find_numbers)
    en_digits = _locate(en_items, max(len(en), 1), en_numbers.find_digit_numbers)
    if not zh_nums and not en_digits and not english_words:
        return _NOTHING
    en_all = en_digits
    en_raw = None
    pending = _unmatched([z for z in zh_nums if not z[0].weak], en_digits)
    if pending or english_words:
        en_all = []
        for i, p, text in en_items:
            digits = [d[0] for d in en_digits if d[1] is p]
            words = en_numbers.without_overlaps(en_numbers.find_word_numbers(text), digits)
            size = max(len(text), 1)
            en_all += [(n, p, (i + n.start / size) / max(len(en), 1)) for n in words]
        en_all = sorted(en_digits + en_all, key=_position)
        pending = _unmatched(pending, en_all)
    if pending:
        # A number written inside code or a name on the English side ("`3`", "H100") still counts.
        en_raw = _joined_ascii_digits(en)
        pending = [z for z in pending if not (_as_written(z[0]) and _raw_has_digits(en_raw, _digit_text(z[0])))]
    zh_raw = None
    zh_values = _values(zh_nums)
    extra: list[tuple] = []
    for e in en_all:
        if not zh_values.isdisjoint(e[0].values) or any(agree(z[0], e[0]) for z in zh_nums):
            continue
        if _as_written(e[0]):
            if zh_raw is None:
                zh_raw = _joined_ascii_digits(zh)
            if _raw_has_digits(zh_raw, _digit_text(e[0])):
                continue  # "8k", "GPT4o" and code in the Chinese
        extra.append(e)
    if not pending and not extra:
        return _NOTHING
    # Pair each missing Chinese number with the nearest unmatched English one (a likely mistranslation).
    free = [e for e in extra if not e[0].weak]
    missing = []
    for z in pending:
        best = min(free, key=lambda e: abs(e[2] - z[2]), default=None)
        if best is not None:
            free.remove(best)
        missing.append((z, best))
    paired = {id(b) for _, b in missing if b is not None}
    return Comparison(tuple((_located(z), None if b is None else _located(b)) for z, b in missing),
                      tuple(_located(e) for e in extra if id(e) not in paired))


def _position(item: tuple) -> float:
    return item[2]


def _located(item: tuple) -> Located:
    num, paragraph, position = item
    return Located(paragraph, num, position)


_NOTHING = Comparison((), ())  # a pair whose numbers all agree


def _as_written(num: Num) -> bool:
    """Written in plain digits with no scale word, so that its digits can be searched as text
    (not "9亿": finding "9" in "9 billion" must not excuse it)."""
    if not num.digits:
        return False
    text = _digit_text(num)
    return text.isdigit() and any(v == int(text) for v in num.values)


_NOT_DIGIT_OR_POINT_RE = re.compile(r"[^0-9.]")
_FULLWIDTH_RE = re.compile("[０-９．％＋－]")


def _digit_text(num: Num) -> str:
    """The digits of a number as written, without separators: "1,000" → "1000"."""
    return _NOT_DIGIT_OR_POINT_RE.sub("", num.text.translate(FULLWIDTH_DIGITS)).split(".")[0] or "0"
