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


def _locate(items: list[tuple[int, Paragraph, str]], count: int, finder) -> list[Located]:
    out = []
    for i, p, text in items:
        size = max(len(text), 1)
        for n in finder(text):
            out.append(Located(p, n, (i + n.start / size) / count))
    return out


def _raw_has_digits(haystack: str, digits: str) -> bool:
    """``digits`` appears in ``haystack`` not as part of a longer digit string."""
    return re.search(rf"(?<![0-9]){re.escape(digits)}(?![0-9])", haystack) is not None


def compare(zh: Sequence[Paragraph], en: Sequence[Paragraph], *, english_words: bool = False) -> Comparison:
    """The unmatched numbers of a pair.  ``english_words``: parse English number words even when
    every Chinese number is matched by digits (needed to report extra English number words)."""
    zh_items, en_items = _prose(zh), _prose(en)
    if not zh_items and not en_items:
        return Comparison((), ())
    zh_nums = _locate(zh_items, max(len(zh), 1), zh_numbers.find_numbers)
    en_digits = _locate(en_items, max(len(en), 1), en_numbers.find_digit_numbers)
    if not zh_nums and not en_digits and not english_words:
        return Comparison((), ())
    en_all = en_digits
    en_raw = None

    def unmatched_zh(candidates: list[Located]) -> list[Located]:
        return [z for z in zh_nums if not z.num.weak and not any(agree(z.num, e.num) for e in candidates)]

    pending = unmatched_zh(en_digits)
    if pending or english_words:
        en_all = []
        for i, p, text in en_items:
            digits = [d.num for d in en_digits if d.paragraph is p]
            words = en_numbers.without_overlaps(en_numbers.find_word_numbers(text), digits)
            size = max(len(text), 1)
            en_all += [Located(p, n, (i + n.start / size) / max(len(en), 1)) for n in words]
        en_all = sorted(en_digits + en_all, key=lambda x: x.position)
        pending = [z for z in pending if not any(agree(z.num, e.num) for e in en_all)]
    if pending:
        # A number written inside code or a name on the English side ("`3`", "H100") still counts.
        en_raw = "\n".join(p.text for p in en).translate(FULLWIDTH_DIGITS)
        pending = [z for z in pending if not (_as_written(z.num) and _raw_has_digits(en_raw, _digit_text(z.num)))]
    zh_raw = None
    extra: list[Located] = []
    for e in en_all:
        if any(agree(z.num, e.num) for z in zh_nums):
            continue
        if _as_written(e.num):
            if zh_raw is None:
                zh_raw = "\n".join(p.text for p in zh).translate(FULLWIDTH_DIGITS)
            if _raw_has_digits(zh_raw, _digit_text(e.num)):
                continue  # "8k", "GPT4o" and code in the Chinese
        extra.append(e)
    # Pair each missing Chinese number with the nearest unmatched English one (a likely mistranslation).
    free = [e for e in extra if not e.num.weak]
    missing = []
    for z in pending:
        best = min(free, key=lambda e: abs(e.position - z.position), default=None)
        if best is not None:
            free.remove(best)
        missing.append((z, best))
    paired = {id(b) for _, b in missing if b is not None}
    return Comparison(tuple(missing), tuple(e for e in extra if id(e) not in paired))


def _as_written(num: Num) -> bool:
    """Written in plain digits with no scale word, so that its digits can be searched as text
    (not "9亿": finding "9" in "9 billion" must not excuse it)."""
    if not num.digits:
        return False
    text = _digit_text(num)
    return text.isdigit() and any(v == int(text) for v in num.values)


def _digit_text(num: Num) -> str:
    """The digits of a number as written, without separators: "1,000" → "1000"."""
    return re.sub(r"[^0-9.]", "", num.text.translate(FULLWIDTH_DIGITS)).split(".")[0] or "0"
