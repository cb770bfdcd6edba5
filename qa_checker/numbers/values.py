"""The record both parsers produce, and the one question the rules ask: do two numbers agree?

Numbers are compared by value, never by spelling: ``9亿`` and ``900 million`` agree, ``90亿`` and
``90 billion`` do not.  Approximate numbers carry a range (``30多`` is 30 to 40), vague ones
(``几十``, ``dozens``) are marked ``weak`` so that they can confirm a match but are never reported.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

# How far an approximate number ("about 3,000", "约3000") may be from its counterpart.  Translators
# round ("近1.2万" → "nearly 12,000" is exact; "约1.23万" → "about 12,000" is 2.5 % off); a
# factor-of-ten slip (亿 vs billion) stays far outside.
APPROX_TOLERANCE = Decimal("0.1")

# Full-width digits and signs → ASCII, same length, so offsets into the original text stay valid.
FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９．％＋－", "0123456789.%+-")


@dataclass(frozen=True)
class Num:
    """One number found in a text, with its span, value and how exactly it was meant."""

    start: int
    end: int
    text: str  # the span as written: "9亿", "二〇二四", "900 million"
    value: Decimal
    kind: str = "cardinal"  # cardinal, ordinal, percent, year, month, day, enum, fraction, time
    lo: Decimal | None = None  # inclusive range for approximate numbers ("30多" → 30..40)
    hi: Decimal | None = None
    alts: tuple[Decimal, ...] = ()  # other readings: "8k" → 8; "15点" → 3; "八成" → 80
    approx: bool = False  # near/about/over...: a small tolerance applies
    weak: bool = False  # article-like "一", vague counts: may confirm a match, never reported
    digits: bool = False  # written with digits (not words or Chinese numerals)

    @cached_property  # asked for every pair of numbers compared: made once (make_num fills it in)
    def values(self) -> tuple[Decimal, ...]:
        return (self.value,) + self.alts

    @property
    def canonical(self) -> str:
        """Stable text for fingerprints: "900000000", "1.5"."""
        return format_plain(self.value)


_new_object = object.__new__


def make_num(start: int, end: int, text: str, value: Decimal, kind: str = "cardinal", lo: Decimal | None = None,
             hi: Decimal | None = None, alts: tuple[Decimal, ...] = (), approx: bool = False, weak: bool = False,
             digits: bool = False) -> Num:
    """``Num(...)``, made 7× faster: a frozen dataclass's ``__init__`` sets each of the eleven fields
    through ``object.__setattr__`` (4.5 µs a number; filling the instance dict directly: 0.6 µs), and
    the parsers make one per number of every paragraph.  The result is an ordinary ``Num`` (equal,
    hashable, immutable through attribute assignment); the fields must be listed here in full."""
    num = _new_object(Num)
    num.__dict__.update(start=start, end=end, text=text, value=value, kind=kind, lo=lo, hi=hi, alts=alts,
                        approx=approx, weak=weak, digits=digits, values=(value,) + alts)
    return num


def format_plain(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text


def format_grouped(value: Decimal) -> str:
    """900000000 → "900,000,000"; 1.50 → "1.5"."""
    v = value.normalize()
    if v == v.to_integral_value():
        return f"{int(v):,}"
    return format(v, "f")


def _within(a: Decimal, b: Decimal, tolerance: Decimal) -> bool:
    if a == b:
        return True
    if not tolerance:
        return False
    big = max(abs(a), abs(b))
    return abs(a - b) <= big * tolerance


def agree(zh: Num, en: Num) -> bool:
    """True when the two numbers can be renderings of each other."""
    tolerance = APPROX_TOLERANCE if (zh.approx or en.approx) else Decimal(0)
    for zv in zh.values:
        for ev in en.values:
            if _within(zv, ev, tolerance):
                return True
    # Ranges: "30多" (30..40) is rendered "more than 30", "nearly 40", "dozens".
    if zh.lo is not None:
        for ev in en.values:
            if zh.lo <= ev <= zh.hi:
                return True
        if en.lo is not None and en.lo <= zh.hi and zh.lo <= en.hi:
            return True
    if en.lo is not None:
        for zv in zh.values:
            if en.lo <= zv <= en.hi:
                return True
    return False


def to_english(value: Decimal) -> str:
    """A natural English rendering: 900000000 → "900 million", 9e9 → "9 billion", 12000 → "12,000"."""
    v = value.normalize()
    for scale, word in ((10 ** 12, "trillion"), (10 ** 9, "billion"), (10 ** 6, "million")):
        if abs(v) >= scale:
            return f"{format_grouped(v / scale)} {word}"
    return format_grouped(v)
