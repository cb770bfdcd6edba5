"""Which script a character belongs to, by Unicode block: the first and most reliable language signal.

Statistical detectors mislabel short Chinese (langdetect calls `(二)发表2024北京AI 安全国际共识` Korean),
so the checker decides by script first.  The Han ranges are complete (URO, Extensions A–H,
compatibility ideographs) and written with correct escapes; sacrebleu's table is not reused because
of its escape bug (mjpost/sacrebleu#298), which counts `…` and curly quotes as Chinese.
"""
from __future__ import annotations

import re
from functools import lru_cache

# CJK Unified Ideographs and every extension, plus compatibility ideographs and 〇 (a Chinese numeral).
HAN_RANGES = (
    ("\u3007", "\u3007"),  # 〇 IDEOGRAPHIC NUMBER ZERO
    ("\u3400", "\u4dbf"),  # Extension A
    ("\u4e00", "\u9fff"),  # URO
    ("\uf900", "\ufaff"),  # Compatibility Ideographs
    ("\U00020000", "\U0002a6df"),  # Extension B
    ("\U0002a700", "\U0002ebef"),  # Extensions C, D, E, F
    ("\U0002ebf0", "\U0002ee5f"),  # Extension I
    ("\U0002f800", "\U0002fa1f"),  # Compatibility Ideographs Supplement
    ("\U00030000", "\U0003134f"),  # Extension G
    ("\U00031350", "\U000323af"),  # Extension H
)
_HAN_CLASS = "".join(f"{a}-{b}" if a != b else a for a, b in HAN_RANGES)
HAN_RE = re.compile(f"[{_HAN_CLASS}]")
HAN_RUN_RE = re.compile(f"[{_HAN_CLASS}]+")
# A run of Chinese text as a reader would see it: Han characters with the full-width punctuation and
# digits between them (so `中国的“大模型”` is one run, not three).
HAN_SPAN_RE = re.compile(f"[{_HAN_CLASS}](?:[{_HAN_CLASS}\u3000-\u303f\uff01-\uff65\u2018-\u201d·—…]*[{_HAN_CLASS}])?")
LATIN_LETTER_RE = re.compile(r"[A-Za-z\u00c0-\u024f]")
KANA_RE = re.compile("[\u3040-\u30ff\u31f0-\u31ff]")
HANGUL_RE = re.compile("[\uac00-\ud7af\u1100-\u11ff\u3130-\u318f]")
# Counting runs is ~7× faster than matching one character at a time (300-letter paragraph: 60 → 8 µs).
_LATIN_RUN_RE = re.compile(r"[A-Za-z\u00c0-\u024f]+")
_KANA_RUN_RE = re.compile("[\u3040-\u30ff\u31f0-\u31ff]+")
_HANGUL_RUN_RE = re.compile("[\uac00-\ud7af\u1100-\u11ff\u3130-\u318f]+")


def _run_count(pattern: re.Pattern, text: str) -> int:
    return sum(map(len, pattern.findall(text)))


_ASCII_LETTERS = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def is_han(char: str) -> bool:
    return bool(HAN_RE.match(char))


# Rules ask the same paragraph's counts several times; a paragraph's masked text is one cached string
# object whose hash Python keeps, so these look-ups cost a dict probe after the first count.
@lru_cache(maxsize=8192)
def han_count(text: str) -> int:
    return 0 if text.isascii() else _run_count(HAN_RUN_RE, text)


@lru_cache(maxsize=8192)
def latin_count(text: str) -> int:
    if text.isascii():
        # English prose: the letters are what deleting them takes away, at C speed (600 letters:
        # 7.5 → 0.6 µs).  ``isascii`` is a flag of the string, not a scan.
        return len(text) - len(text.encode("ascii").translate(None, _ASCII_LETTERS))
    return _run_count(_LATIN_RUN_RE, text)


# English runs at about 2–4.5 letters per Chinese character (DOMAIN.md), so one Han character weighs
# about as much text as three Latin letters.  A paragraph is Chinese when its Han characters outweigh
# its Latin letters on that scale: `(二)发表2024北京AI 安全国际共识` (11 Han, 2 Latin) is Chinese;
# an English paragraph with a leftover `鸿蒙` (2 Han, 300 Latin) is English with untranslated text.
HAN_WEIGHT = 3.0


@lru_cache(maxsize=8192)
def dominant_script(text: str) -> str:
    """"han", "latin", "kana", "hangul" or "none" (no letters at all: numbers, punctuation)."""
    if text.isascii():
        return "latin" if latin_count(text) else "none"
    han, latin = han_count(text), latin_count(text)
    kana, hangul = _run_count(_KANA_RUN_RE, text), _run_count(_HANGUL_RUN_RE, text)
    if kana and kana * HAN_WEIGHT >= max(han, 1) and kana >= latin:
        return "kana"
    if hangul and hangul * HAN_WEIGHT >= latin and hangul >= han:
        return "hangul"
    if han == 0 and latin == 0:
        return "none"
    return "han" if han * HAN_WEIGHT >= latin else "latin"
