"""Numbers in English text, by value: ``900 million``, ``1.2 million``, ``12k``, ``twenty-one``,
``a dozen``, ``third``, ``3rd``, ``5%``, ``five per cent``, ``August`` (month 8), ``the 1990s``.

Two passes, so that the common case stays cheap: :func:`find_digit_numbers` (a digit is present)
and :func:`find_word_numbers` (number words, month names, "twice", "dozens"), which the number rule
runs only when a Chinese number is still unmatched after the digits.

Digits glued to letters are names, not numbers (``GPT-4o``, ``H100``, ``COVID-19``, ``5G``), except
for units (``14nm``), ordinals (``3rd``), decades (``1990s``) and scales (``12k``, ``$3bn``).
"""
from __future__ import annotations

import re
from decimal import Decimal

from .values import Num, make_num

_SMALL = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
         "ninety": 90}
_SCALES = {"hundred": 100, "thousand": 10 ** 3, "million": 10 ** 6, "billion": 10 ** 9,
           "trillion": 10 ** 12}
_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
    "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
    "twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50, "sixtieth": 60, "seventieth": 70,
    "eightieth": 80, "ninetieth": 90, "hundredth": 100, "thousandth": 1000, "millionth": 10 ** 6,
    "billionth": 10 ** 9,
    "firstly": 1, "secondly": 2, "thirdly": 3, "fourthly": 4, "fifthly": 5,
}
# Words that stand for a count without being numerals.  Value-1 words are weak (never reported).
_SPECIAL = {
    "once": 1, "single": 1, "twice": 2, "both": 2, "couple": 2, "pair": 2, "double": 2, "doubled": 2,
    "thrice": 3, "triple": 3, "tripled": 3, "quadruple": 4, "quadrupled": 4, "half": Decimal("0.5"),
    "dozen": 12, "decade": 10, "century": 100, "millennium": 1000, "fortnight": 14,
}
# Vague plurals: they confirm a Chinese approximation (几十, 数百, 30多) but are never reported.
_VAGUE = {
    "dozens": (20, 99), "scores": (20, 99), "hundreds": (100, 999), "thousands": (1000, 9999),
    "millions": (10 ** 6, 10 ** 9 - 1), "billions": (10 ** 9, 10 ** 12 - 1), "decades": (20, 99),
    "centuries": (200, 999), "tens": (10, 99),
}
_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}

_FOLD = {f"{w}{sep}fold": v for w, v in list(_SMALL.items())[2:] + list(_TENS.items()) for sep in ("", "-")}
_NUMERAL_WORDS = set(_SMALL) | set(_TENS) | set(_SCALES) | set(_ORDINALS) | {"dozen"}


def _trie_pattern(words) -> str:
    """One alternation shaped as a trie ("t(?:h(?:ree|irty)|wo)"): Python's regex engine tries
    alternatives one by one, so 150 plain alternatives cost 20 times more on every position."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        ends = "" in node
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if ends:
            return f"(?:{body})?"
        return body
    return build(trie)


# Every word the word pass knows, in one trie-shaped pattern; matched case-insensitively.
_ALL_WORDS = (_NUMERAL_WORDS | set(_SPECIAL) | set(_VAGUE) | set(_MONTHS) | set(_FOLD) | {"a", "an", "and", "of"})
_WORD_RE = re.compile(rf"\b{_trie_pattern(_ALL_WORDS)}\b")  # on lowercased text: 3x faster than IGNORECASE
_WORD_ANYCASE_RE = re.compile(_WORD_RE.pattern, re.IGNORECASE)
# What may stand between two words of one number: "twenty-one", "three hundred and five".
_JOIN_RE = re.compile(r"(?:\s+|\s*-\s*)")
_OF_RE = re.compile(r"\s+of\s+")
_FULL_MONTHS = {"january", "february", "march", "april", "june", "july", "august", "september", "october",
                "november", "december"}
_MAY_CONTEXT_RE = re.compile(r"\s+\d")
_SCALES_AND_DOZEN = set(_SCALES) | {"dozen"}
_DIGIT_SPACE_BEFORE_RE = re.compile(r"\d\s+$")
_ROMAN_ENUM_RE = re.compile(r"[ \t>*#]*(?P<roman>I{1,3}|IV|VI{0,3}|IX|X)[.)]\s")  # at a line start
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "X": 10}

# "(?<![A-Za-z0-9_])\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?" with the first digit taken before the
# look-behind: a pattern that starts with a character class is scanned for that class at C speed,
# one that starts with a look-behind is attempted at every position (600-letter paragraph: 2.3× slower).
_DIGITS_RE = re.compile(r"(\d(?<![A-Za-z0-9_]\d)(?:\d{0,2}(?:,\d{3})+(?:\.\d+)?|\d*(?:\.\d+)?))")
_ANY_DIGIT_RE = re.compile(r"\d")
_LIST_ITEM_RE = re.compile(r"[.)]\s")
# The characters (besides letters and white space) that each group of patterns below can start with.
_SUFFIX_STARTS = ("-", "%", "‰")
_PLUS_STARTS = ("+", "-")
_LIST_ITEM_STARTS = (".", ")")
_LINE_START_RE = re.compile(r"(?:^|\n)[ \t>*#(]*$")
_ORD_SUFFIX_RE = re.compile(r"(?:st|nd|rd|th)(?![A-Za-z0-9])")
_PERCENT_RE = re.compile(r"\s?(?:%|‰|percent\b|per\s?cent\b|pct\b)", re.IGNORECASE)
_SCALE_RE = re.compile(r"[\s-]?(?P<scale>thousand|million|billion|trillion)\b", re.IGNORECASE)
_SHORT_SCALE_RE = re.compile(r"(?P<short>k|K|bn|B|mn|M|m)(?![A-Za-z0-9])")
# The four above as one alternation, tried in the same order (the first that matches wins, as in an
# if-elif chain): one look-up instead of four after most numbers.
_SUFFIX_RE = re.compile(
    f"(?i:{_SCALE_RE.pattern})|(?P<ordinal>{_ORD_SUFFIX_RE.pattern})"
    f"|(?P<percent>(?i:{_PERCENT_RE.pattern}))|{_SHORT_SCALE_RE.pattern}")
_PLUS_RE = re.compile(r"(?:\+|-plus\b|\s+plus\b|\s+or\s+(?:so|more)\b)")
_UNIT_RE = re.compile(
    r"(?:nm|mm|cm|km|kg|mg|GB|MB|KB|TB|PB|Gb|Mb|Kb|GHz|MHz|kHz|Hz|ms|ns|px|dpi|fps|kWh|kW|MW|GW|mAh|"
    r"mph|bits?|W|V|x|s)(?![A-Za-z0-9])")
_APPROX_BEFORE_RE = re.compile(
    r"(?:about|around|approximately|approx\.|roughly|nearly|almost|some|over|more\s+than|less\s+than|"
    r"fewer\s+than|up\s+to|close\s+to|under|at\s+least|at\s+most|just\s+over|just\s+under|circa|"
    r"upwards\s+of|in\s+excess\s+of|~)\s*(?:[$€£¥]|RMB\s*|US\$\s*|USD\s*)?$", re.IGNORECASE)
_SHORT_SCALES = {"k": 10 ** 3, "K": 10 ** 3, "bn": 10 ** 9, "B": 10 ** 9, "mn": 10 ** 6, "M": 10 ** 6,
                 "m": 10 ** 6}


_WORD_BEFORE_RE = re.compile(r"[A-Za-z]+$")


def _glued_name(text: str, hyphen: int) -> bool:
    """The word before a hyphen makes a name with the digits after it, unless it is a lowercase
    prose word (a dash typed as a hyphen without spaces)."""
    m = _WORD_BEFORE_RE.search(text, max(0, hyphen - 30), hyphen)
    word = m.group() if m else ""
    return not (word.islower() and len(word) >= 3)


# What an ASCII text must end with, before a number, for _APPROX_BEFORE_RE to match there: the last
# word of each approximator, then optionally a currency.  Testing this first skips the regex search
# (24 start positions × 20 alternatives) for the numbers that follow no approximator.
_APPROX_TAILS = ("about", "around", "approximately", "approx.", "roughly", "nearly", "almost", "some", "over",
                 "than", "to", "under", "least", "most", "circa", "of", "~")
_CURRENCY_TAILS = ("$", "rmb", "us$", "usd")


def _approx_before(text: str, start: int) -> bool:
    begin = max(0, start - 24)
    window = text[begin:start]
    if window.isascii():
        tail = window.rstrip().lower()
        if not tail.endswith(_APPROX_TAILS) and (not tail.endswith(_CURRENCY_TAILS) or not any(
                tail.endswith(c) and tail[:-len(c)].rstrip().endswith(_APPROX_TAILS) for c in _CURRENCY_TAILS)):
            return False
    return bool(_APPROX_BEFORE_RE.search(text, begin, start))


def find_digit_numbers(text: str) -> list[Num]:
    """Numbers written with digits (with their scale words, percent signs, ordinal suffixes)."""
    if not _ANY_DIGIT_RE.search(text):
        return []
    out: list[Num] = []
    for m in _DIGITS_RE.finditer(text):
        start, end = m.span()
        raw = m.group(1)
        if text.startswith(".", end) and text[end + 1:end + 2].isdigit():
            continue  # a version: 3.11.2
        if start >= 2 and text[start - 1] == "." and text[start - 2].isdigit():
            continue
        if start >= 2 and text[start - 1] == "-" and text[start - 2].isalpha() and _glued_name(text, start - 1):
            continue  # COVID-19, GPT-4o, Top-10 (but not "the black hole-30 kilometers away")
        value = Decimal(raw.replace(",", ""))
        kind, alts, lo, hi = "cardinal", (), None, None
        after = text[end:end + 1]
        # Every suffix below starts with a letter, a space, "-", "%" or "‰": most numbers are
        # followed by something else (",", ".", ")") and need none of the six look-ups.
        if after.isalpha() or after.isspace() or after in _SUFFIX_STARTS:
            suffix = _SUFFIX_RE.match(text, end)
            if suffix is not None:
                if suffix.group("scale") is not None:
                    value *= _SCALES[suffix.group("scale").lower()]
                elif suffix.group("ordinal") is not None:
                    kind = "ordinal"
                elif suffix.group("percent") is not None:
                    kind = "percent"
                else:
                    alts = (value,)  # 8k may be a resolution; 7B a model size
                    value *= _SHORT_SCALES[suffix.group("short")]
                end = suffix.end()
            elif text.startswith("s", end) and not text[end + 1:end + 2].isalnum() and raw.isdigit() and \
                    len(raw) in (2, 4) and raw.endswith("0"):
                alts = (value % 100,) if len(raw) == 4 else (1900 + value, 2000 + value)  # the 1990s
                end += 1
            elif (u := _UNIT_RE.match(text, end)) is not None:
                end = u.end()
            elif text[end:end + 1].isalpha():
                continue  # glued to a word: 5G, 3D, 4o
        if kind == "percent":
            alts += (value / 100,)  # 50% = 0.5
        elif 0 < value < 1:
            alts += (value * 100,)
        weak = (text[end:end + 1] == "/" and text[end + 1:end + 2].isdigit()) or (
            start >= 2 and text[start - 1] == "/" and text[start - 2].isdigit())  # 2/3, 24/7
        approx = _approx_before(text, start)
        after = text[end:end + 1]
        if (after in _PLUS_STARTS or after.isspace()) and (plus := _PLUS_RE.match(text, end)) is not None:
            approx, end = True, plus.end()  # 30+, 30-plus, 30 or so
            after = text[end:end + 1]
        if kind == "cardinal" and after in _LIST_ITEM_STARTS and _LIST_ITEM_RE.match(text, end) and \
                _LINE_START_RE.search(text, 0, start):
            kind = "enum"  # "2. Publish the ..." at the start of a line
        out.append(make_num(start, end, text[start:end], value, kind, lo, hi, alts, approx, weak, True))
    return out


def _is_number_word(word: str) -> bool:
    return (word in _SMALL or word in _TENS or word in _SCALES or word in _ORDINALS
            or word in ("hundred", "dozen"))


def _word_class(word: str) -> tuple[int, str, bool]:
    """(value, class, ordinal) of a number word; class is small, tens, hundred, scale or dozen."""
    if word in _SMALL:
        return _SMALL[word], "small", False
    if word in _TENS:
        return _TENS[word], "tens", False
    if word == "hundred":
        return 100, "hundred", False
    if word in _SCALES:
        return _SCALES[word], "scale", False
    if word == "dozen":
        return 12, "dozen", False
    value = _ORDINALS[word]
    if value < 20:
        return value, "small", True
    if value < 100:
        return value, "tens", True
    return value, ("hundred" if value == 100 else "scale"), True


# Which class may follow which inside one number ("twenty" + "one", "three" + "hundred").
_FOLLOWS = {
    "small": {None, "tens", "hundred", "scale"},
    "tens": {None, "hundred", "scale"},
    "hundred": {None, "small", "tens"},
    "scale": {None, "small", "tens", "hundred"},
    "dozen": {None, "small"},
}


def _parse_words(words: list[str]) -> list[tuple[int, int, Decimal, bool]]:
    """Split a run of number words into numbers: (first word, last word + 1, value, ordinal).

    "twenty-one" is one number, "three hundred and five" one, "one two three" three.
    """
    out = []
    i = 0
    while i < len(words):
        start, total, current, last, ordinal = i, 0, 0, None, False
        while i < len(words):
            w = words[i].lower()
            if w == "and":
                if last is not None:  # "three hundred and five"
                    i += 1
                    continue
                break  # a run that starts with "and" (e.g. "… and a …"): skipped below
            if w not in ("a", "an") and not _is_number_word(w):
                break
            if w in ("a", "an"):
                value, cls, is_ord = 1, "small", False
            else:
                value, cls, is_ord = _word_class(w)
            if last not in _FOLLOWS[cls] or (cls == "small" and last == "tens" and value >= 10):
                break
            if cls in ("small", "tens"):
                current += value
            elif cls == "hundred":
                current = (current or 1) * 100
            elif cls == "dozen":
                current = (current or 1) * 12
            else:
                total += (current or 1) * value
                current = 0
            last, ordinal = cls, is_ord
            i += 1
            if is_ord:
                break
        if last is None:  # a stray "and"
            i += 1
            continue
        end = i
        while end > start and words[end - 1].lower() == "and":
            end -= 1
        out.append((start, end, Decimal(total + current), ordinal))
    return out


# Before a bare scale word it makes a vague count: "several thousand" is 2,000 to 9,999.
_SEVERAL_RE = re.compile(r"\b(?:several|a\s+few|few|many)\s+$", re.IGNORECASE)
_TIME_SECOND_RE = re.compile(r"(?:\b(?:a|per|every|split|one|that)|\d)\s+$", re.IGNORECASE)


def _word_num(text: str, start: int, end: int, value, kind: str = "cardinal", *, weak: bool = False,
              lo=None, hi=None, approx: bool = False) -> Num:
    return make_num(start, end, text[start:end], Decimal(value), kind, None if lo is None else Decimal(lo),
                    None if hi is None else Decimal(hi), (), approx, weak, False)


def find_word_numbers(text: str) -> list[Num]:
    """Numbers written as words, month names, multiplicatives and vague plurals."""
    lower = text.lower()
    if len(lower) == len(text):
        words = [(m.start(), m.end(), m.group()) for m in _WORD_RE.finditer(lower)]
    else:  # a few characters change length when lowercased ("İ"): keep offsets exact
        words = [(m.start(), m.end(), m.group().lower()) for m in _WORD_ANYCASE_RE.finditer(text)]
    out: list[Num] = []
    i = 0
    while i < len(words):
        start, end, w = words[i]
        if w in _NUMERAL_WORDS or (w in ("a", "an") and i + 1 < len(words) and words[i + 1][2] in _SCALES_AND_DOZEN
                                   and _JOIN_RE.fullmatch(text, end, words[i + 1][0])):
            # Collect the run of number words joined by spaces, hyphens or "and".
            j = i + 1
            while j < len(words) and (words[j][2] in _NUMERAL_WORDS or words[j][2] == "and") and \
                    _JOIN_RE.fullmatch(text, words[j - 1][1], words[j][0]):
                j += 1
            run = words[i:j]
            for first, last, value, ordinal in _parse_words([r[2] for r in run]):
                s0, e0 = run[first][0], run[last - 1][1]
                several = _SEVERAL_RE.search(text, max(0, s0 - 12), s0)
                if several and run[first][2] in _SCALES and not ordinal:
                    # "several thousand", "a few hundred": a vague count, like "thousands"
                    out.append(_word_num(text, several.start(), e0, 2 * value, lo=2 * value, hi=10 * value - 1,
                                         approx=True, weak=True))
                    continue
                approx = _approx_before(text, s0)
                # A lone "one"/"first" is as often a pronoun or a list word as a count; "a second" is time.
                weak = value == 1 or bool(ordinal and value == 2 and
                                          _TIME_SECOND_RE.search(text, max(0, s0 - 8), s0))
                out.append(_word_num(text, s0, e0, value, "ordinal" if ordinal else "cardinal",
                                     weak=weak, approx=approx))
            i = max(j, i + 1)
            continue
        if w in _VAGUE:
            lo, hi = _VAGUE[w]
            if i + 2 < len(words) and words[i + 1][2] == "of" and words[i + 2][2] in ("thousands", "millions",
                                                                                    "billions") \
                    and _OF_RE.fullmatch(text, end, words[i + 2][0]):
                scale = _SCALES[words[i + 2][2][:-1]]  # tens of thousands, hundreds of millions
                lo, hi, end = lo * scale, (hi + 1) * scale - 1, words[i + 2][1]
                i += 2
            out.append(_word_num(text, start, end, lo, lo=lo, hi=hi, approx=True, weak=True))
        elif w in _SPECIAL:
            out.append(_word_num(text, start, end, _SPECIAL[w], weak=True))
        elif w in _FOLD:
            out.append(_word_num(text, start, end, _FOLD[w]))
        elif w in _MONTHS and text[start].isupper():
            # Month names count only capitalised; "May" only next to a number ("May 5", "5 May");
            # abbreviations only with their full stop ("Aug.").
            if w in _FULL_MONTHS or (w == "may" and (_MAY_CONTEXT_RE.match(text, end) or
                                                     _DIGIT_SPACE_BEFORE_RE.search(text, max(0, start - 6), start))):
                out.append(_word_num(text, start, end, _MONTHS[w], "month"))
            elif w != "may" and text[end:end + 1] == ".":
                out.append(_word_num(text, start, end + 1, _MONTHS[w], "month"))
        i += 1
    for line_start in [0] + [k + 1 for k, c in enumerate(text) if c == "\n"] if "\n" in text else [0]:
        m = _ROMAN_ENUM_RE.match(text, line_start)
        if m:
            start, end = m.span("roman")
            out.append(_word_num(text, start, end, _ROMAN[m.group("roman")], "enum"))
    return without_overlaps(out)


def without_overlaps(nums: list[Num], taken: list[Num] = ()) -> list[Num]:
    """``nums`` in text order, less those overlapping ``taken`` or an earlier, longer one.

    "900 million" (digits) hides the word "million"; "a dozen" hides the special word "dozen".
    """
    spans = sorted((n.start, n.end) for n in taken)
    out: list[Num] = []
    for n in sorted(nums, key=lambda n: (n.start, -n.end)):
        if out and n.start < out[-1].end:
            continue
        if any(s < n.end and n.start < e for s, e in spans):
            continue
        out.append(n)
    return out


def find_numbers(text: str) -> list[Num]:
    """Every number in an English text, in order."""
    digits = find_digit_numbers(text)
    nums = digits + without_overlaps(find_word_numbers(text), digits)
    nums.sort(key=lambda n: (n.start, n.end))
    return nums
