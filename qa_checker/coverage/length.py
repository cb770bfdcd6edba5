"""Length ratio: English letters per Chinese character, a weak signal on its own.

(The length signal's second feature, the ratio of sentence counts, is computed in model.py from the
clauses the scorer already has.)

English runs at about 2–4.5 letters per Chinese character; a translation much shorter than its
Chinese has likely left something out.  Latin words inside the Chinese (names, `RISC-V`, `OS`) are
counted on both sides as they are, so a text of mostly Latin tokens does not look short.
"""
from __future__ import annotations

import math
import re

from ..script import HAN_RE

_LATIN_RE = re.compile(r"[A-Za-z\u00c0-\u024f0-9]")

# Typical letters per Han character in clean translations: the geometric middle of the 2–4.5 range.
TYPICAL_RATIO = 3.0


def log_ratio(zh: str, en: str) -> float:
    """log(English letters per Chinese character-equivalent), with the typical ratio at 0."""
    han = len(HAN_RE.findall(zh))
    zh_latin = len(_LATIN_RE.findall(zh))
    en_latin = len(_LATIN_RE.findall(en))
    # Latin letters of the Chinese side reappear as they are in the English: take them out of both.
    en_rest = max(en_latin - zh_latin, 0)
    if han == 0:
        return 0.0
    return math.log((en_rest + 1.0) / (han * TYPICAL_RATIO))


def shortness(zh: str, en: str) -> float:
    """In [0, 1]: 0 at the typical ratio or longer, 1 when the English is an eighth of the usual."""
    return min(1.0, max(0.0, -log_ratio(zh, en) / math.log(8.0)))
