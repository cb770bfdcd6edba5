"""Length ratio of a pair: English letters per Chinese character.

English usually runs at about 2–4.5 letters per Chinese character of prose (DOMAIN.md); a Latin word
inside the Chinese (a name, an acronym) is carried over as itself, so it counts as its letters / 3
characters.  Masked text (code, URLs, markup) is left out on both sides.
"""
from __future__ import annotations

from typing import Optional, Sequence

from ..model import Paragraph
from ..script import han_count, latin_count

LETTERS_PER_HAN = 3.0


def chinese_units(paragraphs: Sequence[Paragraph]) -> float:
    total = 0.0
    for p in paragraphs:
        text = p.masked()
        total += han_count(text) + latin_count(text) / LETTERS_PER_HAN
    return total


def english_letters(paragraphs: Sequence[Paragraph]) -> int:
    return sum(latin_count(p.masked()) for p in paragraphs)


def length_ratio(zh: Sequence[Paragraph], en: Sequence[Paragraph]) -> Optional[float]:
    """None when either side is empty or the Chinese has too little prose for a ratio to mean much."""
    units = chinese_units(zh)
    if not zh or not en or units < 1:
        return None
    return english_letters(en) / units
