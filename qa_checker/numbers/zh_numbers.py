"""Numbers in Chinese text, by value: ``9亿`` = 900,000,000, ``三十多`` = 30..40, ``第三`` = 3rd.

Handles ASCII and full-width digits with thousands separators and decimals, Chinese numerals
(``〇零一二三四五六七八九十百千万亿两`` and the financial forms), the scales 万 and 亿 mixed with
digits (``1.2万``, ``3亿5000万``), percentages (``百分之五``, ``5%``), per mille and fractions,
ordinals (``第三``), dates and times (``2024年8月21日``, ``15点``), approximations (``30多``,
``30多万`` = 300,000 to 400,000, ``十几``, ``近``/``约``/``左右``), and enumerators (``(二)``, ``二、``).
``五千克`` is 5 kg (千 belongs to the unit), ``两个半小时`` may be 2.5 hours.

What is deliberately *not* a number:
- numerals inside words (``统一``, ``十分``, ``万一``, ``三心二意``, ``四川``): a word list derived
  from the jieba dictionary (``zh_idioms.py``), matched against the whole numeral run.  Counted
  quantities are numbers even when the dictionary lists them (``两千人``, ``近十年``, ``近千家``:
  the list leaves them out, and an approximator before a bare scale overrides a listed word);
- digits glued to Latin letters (``GPT4o``, ``H100``, ``v2.0``, ``8k``): names, left to the token
  rule; but ``14nm`` (a unit) and ``Vela30多种`` (a count follows) are numbers;
- a lone ``一`` (``一个``, ``一种``, ``一次``) is parsed but ``weak``: English renders it "a", "an",
  "once" or not at all, so it can confirm a match but is never reported.  So are vague counts
  (``几十``, ``数百``, ``上千``, ``几千``, ``三四个``) and fractions other than percent and per mille.
"""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Optional

from .values import FULLWIDTH_DIGITS, Num, make_num
from .zh_idioms import WORDS as _IDIOM_WORDS

CH_DIGITS = {
    "〇": 0, "零": 0, "一": 1, "壹": 1, "二": 2, "贰": 2, "两": 2, "三": 3, "叁": 3, "四": 4, "肆": 4,
    "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9,
}
SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
BIG_UNITS = {"万": 10 ** 4, "萬": 10 ** 4, "亿": 10 ** 8, "億": 10 ** 8}
NUMERAL_CHARS = "".join(CH_DIGITS) + "".join(SMALL_UNITS) + "".join(BIG_UNITS)
_UNIT_CHARS = "".join(SMALL_UNITS) + "".join(BIG_UNITS)

_D = r"[0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?"
_C = f"[{NUMERAL_CHARS}]"
_CD = f"[{''.join(CH_DIGITS)}]"
# A numeral run: digits possibly followed by Chinese scale words and more digits (1.2万, 3亿5000万),
# or Chinese numerals with an optional 点 decimal part (三点五).
# Written so that no string splits two ways (digits are always followed by a numeral character),
# which keeps the regular expression linear: "(?:C|D)*" after D backtracks exponentially on "1191".
_TOKEN = f"(?:{_D}(?:{_C}+{_D})*{_C}*|{_C}+(?:点{_CD}+(?![点滴]))?)"
_NUMBER_RE = re.compile(f"(?P<ord>第)?(?:(?P<den>{_TOKEN})分之)?(?P<num>{_TOKEN})(?P<pct>%)?")
_PART_RE = re.compile(f"{_D}|{_C}|点{_CD}+")
# Cheap pre-check: a paragraph with none of these characters has no numbers.
_ANY_RE = re.compile(f"[0-9０-９{NUMERAL_CHARS}]")
# Most paragraphs have no full-width digit or sign, and ``str.translate`` of Chinese text costs
# ~0.1 µs a character (16 of the 56 µs a 150-character paragraph took): translate only when needed.
_FULLWIDTH_RE = re.compile("[０-９．％＋－]")
# A run of plain digits ("79,164", "3.9"), the commonest run, is read without splitting it in parts.
_DIGITS_ONLY = re.compile(_D).fullmatch

# Units written in Latin letters right after digits: "14nm" is a number, "8k" and "5G" are names.
_LATIN_UNIT_RE = re.compile(
    r"(?:nm|mm|cm|km|kg|mg|GB|MB|KB|TB|PB|Gb|Mb|Kb|GHz|MHz|kHz|Hz|ms|ns|px|dpi|fps|kWh|kW|MW|GW|mAh|"
    r"mph|bits?|W|V|x)(?![A-Za-z0-9])")
# After "Vela30" these make the digits a count of something ("Vela30多种" = Vela, 30-odd kinds).
_COUNT_AFTER_LATIN = set("多余个种位名款项次家台部年月日")
_APPROX_BEFORE_2 = {"将近", "接近", "大约", "大概", "约合", "超过", "多达", "不到", "不足", "近乎", "几乎", "差不多"[-2:]}
_APPROX_BEFORE_1 = set("近约逾超")
# "30岁左右": the marker may follow a measure word or two.
_APPROX_AFTER_RE = re.compile(r"[^\s，。；、]{0,2}?(?:左右|上下|开外|以上|有余)")
_APPROX_AFTER_FIRST = frozenset("左上开以有")  # a marker starts within three characters of the number
_ONE = Decimal(1)
_VERSION_RE = re.compile(r"\.[0-9]")
_LINE_START_RE = re.compile(r"(?:^|\n)[ \t\u3000>*#+\-]*$")

_ZERO = Decimal(0)
_HALF = Decimal("0.5")
# 千 before these is the unit's "kilo": 千克 kilogram, 千米 kilometre, 千瓦 kilowatt, 千卡, 千赫, 千伏, 千焦.
_KILO_UNITS = set("克米瓦卡赫伏焦")
# The scale after 多/余/来 multiplies the whole range: 30多万 = 300,000..400,000.
_SCALE_AFTER_APPROX = {"万亿": Decimal(10) ** 12, "万": Decimal(10) ** 4, "亿": Decimal(10) ** 8,
                       "萬": Decimal(10) ** 4, "億": Decimal(10) ** 8}
# A measure word then 半: the count is a half more (两个半小时, 三年半); not 两个半球 (hemispheres).
_HALF_AFTER_RE = re.compile(r"[个年天岁周月倍层块元斤里米次届期]半(?![球岛径导])")


def _build_idiom_index(words: list[str]) -> dict[str, tuple[tuple[int, int, frozenset[str]], ...]]:
    """numeral run → ((offset of the run in the word, word length, words), ...).

    Grouping the words by offset and length turns the check into a few set lookups per run.
    """
    run_re = re.compile(f"{_C}+")
    grouped: dict[str, dict[tuple[int, int], set[str]]] = {}
    for word in words:
        for m in run_re.finditer(word):
            grouped.setdefault(m.group(), {}).setdefault((m.start(), len(word)), set()).add(word)
    return {run: tuple((off, size, frozenset(ws)) for (off, size), ws in sorted(by.items()))
            for run, by in grouped.items()}


_IDIOMS = _build_idiom_index(_IDIOM_WORDS)


def _in_idiom(text: str, start: int, run: str, begin_at: Optional[int] = None) -> bool:
    """True when the numeral run at ``start`` is the numeral part of a word like 十分 or 三心二意.

    ``begin_at``: the word must start there (an ordinal's 第: 第一时间 is a word, but 第三列 is
    the third column even though 三列 is listed).
    """
    for offset, size, words in _IDIOMS.get(run, ()):
        begin = start - offset
        if begin >= 0 and (begin_at is None or begin == begin_at) and text[begin:begin + size] in words:
            return True
    return False


# 近 that ends a word (最近 "recently", 附近 "nearby"), not "nearly".
_NOT_NEARLY = set("最附亲靠邻临贴逼挨新晚就浅迫凑远")


def _counted_after_approximator(text: str, start: int, run: str) -> bool:
    """An approximator makes the run a count even where it starts a listed word: 近千家 (nearly
    1,000 firms, not 千家 "countless homes"), 数十分钟 (not 十分 "very"), 上万家.  After 上, 数 and 几
    the number is vague (weak), so a wrong guess can confirm a match but never report one."""
    if not start or run.strip(_UNIT_CHARS):  # only bare scales: 千, 百万 (not 万一)
        return False
    before = text[start - 1]
    if before in "上数几":
        return True
    return before in "近逾" and (start < 2 or text[start - 2] not in _NOT_NEARLY)


def parse_numeral(run: str) -> Optional[tuple[Decimal, int]]:
    """Value of a numeral run and the size of its last scale word (for "多": 三十多 → 10).

    ``None`` when the run is not a well-formed number (``十四五``, ``五六十``): such runs are never
    reported.  Digit-by-digit runs (``二〇二四``) read as digits; a trailing digit after a scale word
    is the next smaller unit (``两千三`` = 2300, ``一万五`` = 15000).
    """
    if run.isascii() and _DIGITS_ONLY(run):
        return _ZERO + Decimal(run.replace(",", "")), 1  # as the general path adds it: same precision
    parts = _PART_RE.findall(run)
    if not parts:
        return None
    if all(p in CH_DIGITS for p in parts):  # 二〇二四, or a single digit
        return Decimal("".join(str(CH_DIGITS[p]) for p in parts)), 1
    total = wan = section = _ZERO
    num: Optional[Decimal] = None
    num_is_char = False  # the pending number is one Chinese digit (for 两千三)
    last_unit = 1
    prev_unit = 0  # the scale word just before the pending number
    small_limit = 10 ** 5  # units within a section must decrease: 千 > 百 > 十
    for p in parts:
        if p[0] == "点":  # 三点五: decimal part
            if num is None:
                return None
            num = Decimal(f"{int(num)}." + "".join(str(CH_DIGITS[c]) for c in p[1:]))
            num_is_char = False
        elif p in CH_DIGITS:
            if num is not None and num != 0:
                return None  # 五六 inside a longer run: a vague range, not a number
            num, num_is_char = Decimal(CH_DIGITS[p]), True
        elif p in SMALL_UNITS:
            unit = SMALL_UNITS[p]
            if unit >= small_limit or (num is None and small_limit < 10 ** 5):
                return None  # 十百, 千百 (千百年来, "for ages"): no digit between two units
            section += (num if num is not None else 1) * unit
            num, num_is_char, last_unit, prev_unit, small_limit = None, False, unit, unit, unit
        elif p in BIG_UNITS:
            unit = BIG_UNITS[p]
            rest = section + (num if num is not None else _ZERO)
            if unit == 10 ** 4:
                if wan:
                    return None
                wan = (rest or Decimal(1)) * unit
            else:  # 亿 closes everything before it (1万亿 = 10^12, 3亿5000万 = 350,000,000)
                group = wan + rest
                if group == 0 and total == 0:
                    group = Decimal(1)
                total = (total + group) * unit
                wan = _ZERO
            section, num, num_is_char, last_unit, prev_unit, small_limit = \
                _ZERO, None, False, unit, unit, 10 ** 5
        else:  # a digit group
            if num is not None:
                return None
            try:
                num = Decimal(p.replace(",", ""))
            except InvalidOperation:  # pragma: no cover - the pattern only admits digits
                return None
            num_is_char = False
    if num is not None and num_is_char and prev_unit >= 100 and num != 0 and not run.endswith(("零", "〇")):
        if parts[-2] in SMALL_UNITS or parts[-2] in BIG_UNITS:  # 两千三, 一万五
            num *= prev_unit // 10
    value = total + wan + section + (num if num is not None else _ZERO)
    return value, last_unit


def _step(value: Decimal, last_unit: int, run: str) -> Decimal:
    """The size of "多" after this number: 三十多 → 10, 300多 → 100, 3万多 → 10,000."""
    if run[-1] in _UNIT_CHARS:
        return Decimal(last_unit)
    if value != value.to_integral_value() or value == 0:
        return Decimal(1)
    n, step = int(value), 1
    while n % 10 == 0:
        n //= 10
        step *= 10
    return Decimal(step)


def _glued_to_latin(norm: str, start: int, end: int) -> bool:
    """Digits that belong to a Latin token (GPT4o, H100, v2.0, 8k, iPhone15) rather than prose."""
    before = norm[start - 1] if start else ""
    glued_before = (before.isascii() and (before.isalpha() or before == "_")) or (
        before in "-." and start >= 2 and norm[start - 2].isascii() and norm[start - 2].isalnum())
    after = norm[end] if end < len(norm) else ""
    if after.isascii() and after.isalpha():
        return not _LATIN_UNIT_RE.match(norm, end)
    if glued_before:
        return after not in _COUNT_AFTER_LATIN
    return False


_DEMONSTRATIVES = set("这那该此其各")
_PRONOUNS = {"它们", "他们", "她们", "我们", "你们", "咱们", "其中"}  # 它们两个 = "both of them"
# 夫妻二人, 母女两人: "the couple", "mother and daughter"; English names the pair, not the count.
_PAIRS = {"夫妻", "夫妇", "母女", "母子", "父女", "父子", "兄弟", "姐妹", "兄妹", "姐弟", "师徒", "婆媳", "情侣"}
# A list is counted within one clause; the full-width comma ends a clause, the ASCII comma
# separates listed names and code ("`a`, `b`, `c`三个配置项").
_CLAUSE_END = "。；;！!？?\n，"
_LIST_SEPARATORS = re.compile(r"[、,]|和|与|及|或")


def _counts_a_list(text: str, start: int, value: Decimal) -> bool:
    """The number counts items listed right before it in the same clause ("A、B和C三种")."""
    begin = max(text.rfind(c, 0, start) for c in _CLAUSE_END) + 1
    clause = text[max(begin, start - 120):start]
    return len(_LIST_SEPARATORS.findall(clause)) >= int(value) - 1


_CANDIDATE_RE = re.compile(f"[第0-9{NUMERAL_CHARS}]")


def _matches(norm: str):
    """``_NUMBER_RE.finditer`` but 5x faster: jump to the next numeral character, then match there
    (the full pattern is costly to attempt at every position of a Chinese text)."""
    pos = 0
    search, match = _CANDIDATE_RE.search, _NUMBER_RE.match
    while True:
        c = search(norm, pos)
        if c is None:
            return
        m = match(norm, c.start())
        if m is None:
            pos = c.start() + 1
            continue
        yield m
        pos = m.end()


def find_numbers(text: str) -> list[Num]:
    """Every number in a Chinese text, in order, with spans into ``text``."""
    if not _ANY_RE.search(text):
        return []
    norm = text.translate(FULLWIDTH_DIGITS) if _FULLWIDTH_RE.search(text) else text
    out: list[Num] = []
    for m in _matches(norm):
        start, end = m.span()
        if out and start < out[-1].end:
            continue  # the 万 of 30多万, already taken into the number before it
        ord_mark, den_run, num_run, pct = m.groups()
        if num_run == "一" and end - start == 1 and norm[end:end + 1] not in ("、", ")", "）"):
            # The commonest case by far (一个, 一些, 统一): a weak 1, no further analysis needed.
            out.append(make_num(start, end, "一", _ONE, "cardinal", weak=True))
            continue
        s_num, e_num = m.span("num")
        has_digits = num_run[0].isdigit()
        ordinal = ord_mark is not None
        if has_digits and (_glued_to_latin(norm, s_num, e_num)
                           or (norm.startswith(".", e_num) and _VERSION_RE.match(norm, e_num))
                           or (s_num >= 2 and norm[s_num - 1] == "." and norm[s_num - 2].isdigit())):
            continue  # a name (GPT4o) or a version (3.11.2)
        # A lone 一 is weak whatever word it is in (统一, 一些), so it needs no idiom lookup.
        if not has_digits and den_run is None and not ordinal and num_run != "一" and \
                not _counted_after_approximator(norm, s_num, num_run) and _in_idiom(norm, s_num, num_run):
            continue
        if ordinal and _in_idiom(norm, s_num, num_run, begin_at=start):  # 第一时间, 第一线
            continue
        parsed = parse_numeral(num_run)
        if parsed is None:
            continue
        value, last_unit = parsed
        kind = "ordinal" if ordinal else "cardinal"
        lo = hi = None
        alts: tuple[Decimal, ...] = ()
        weak = approx = False
        # --- fractions and percentages -------------------------------------------------------------
        if den_run is not None:
            den = parse_numeral(den_run)
            if den is None or den[0] == 0:
                continue
            if den[0] == 100:
                kind = "percent"
            elif den[0] == 1000:  # 千分之五 = 0.5 % (or "5 per thousand")
                kind, alts, value = "percent", (value,), value / 10
            else:  # 三分之一: many English renderings ("a third", "33%"); confirm only
                kind, alts, weak, value = "fraction", (value, den[0]), True, value / den[0]
        elif pct:
            kind = "percent"
        if kind == "percent":
            alts += (value / 100,)  # 50% = 0.5
        elif has_digits and 0 < value < 1:
            alts += (value * 100,)  # 0.5 = 50%
        # --- 五千克 = 5 kg, 3千米 = 3 km (or 3,000 m): 千 belongs to the unit -------------------------
        if den_run is None and num_run.endswith(("千", "仟")) and norm[end:end + 1] in _KILO_UNITS:
            if len(num_run) == 1:
                continue  # 每千克 = per kilogram, 千米 alone: a unit, no number
            kilo = parse_numeral(num_run[:-1])
            if kilo is not None:
                alts += (value,)
                value, last_unit = kilo
                end -= 1
                num_run = num_run[:-1]
        after = norm[end:end + 3]
        before2 = norm[max(0, start - 2):start]
        # --- approximations ----------------------------------------------------------------------------
        if after[:1] in ("多", "余", "来") and not pct:
            step = _step(value, last_unit, num_run)
            lo, hi, approx = value, value + step, True
            end += 1
            scale = _SCALE_AFTER_APPROX.get(norm[end:end + 2]) or _SCALE_AFTER_APPROX.get(after[1:2])
            if scale is not None and kind == "cardinal":  # 30多万 = 300,000 to 400,000
                value, lo, hi = value * scale, lo * scale, hi * scale
                end += 2 if norm[end:end + 2] == "万亿" else 1
        elif after[:1] == "几" and not has_digits and num_run[-1] in _UNIT_CHARS:  # 十几, 三十几
            step = Decimal(last_unit)
            lo, hi, weak = value + step / 10, value + step * 9 / 10, True
            end += 1
        prefix = before2[-1:]
        if prefix in ("数", "几") or (prefix == "上" and not ordinal):
            if not has_digits and num_run[0] in _UNIT_CHARS:  # 数十, 几百, 上千
                lo = value * (1 if prefix == "上" else 2)
                hi = value * (10 if prefix == "上" else 9)
                weak = True
                start -= 1
        if before2 in _APPROX_BEFORE_2 or prefix in _APPROX_BEFORE_1:
            approx = True
        if not _APPROX_AFTER_FIRST.isdisjoint(norm[end:end + 3]) and _APPROX_AFTER_RE.match(norm, end):
            approx = True
        # 两个半小时 = 2.5 hours, 三年半
        if lo is None and norm.startswith("半", end + 1) and _HALF_AFTER_RE.match(norm, end):
            alts += (value + _HALF,)
        # --- vague pairs: 三四个, 两三天 ------------------------------------------------------------------
        if not has_digits and len(num_run) == 2 and all(c in CH_DIGITS for c in num_run):
            a, b = CH_DIGITS[num_run[0]], CH_DIGITS[num_run[1]]
            if a and b > a and b - a <= 2:
                value, lo, hi, weak = Decimal(a), Decimal(a), Decimal(b), True
        # --- dates, times, decades and tenths ---------------------------------------------------------
        unit_after = norm[end:end + 2]
        if kind == "cardinal":
            integer = value == value.to_integral_value()
            if unit_after == "年代" and integer and value in (10, 20, 30, 40, 50, 60, 70, 80, 90):
                alts = (1900 + value, 2000 + value)  # 90年代 = the 1990s
            elif unit_after[:1] == "年" and len(num_run) == 4 and integer:
                kind = "year"
            elif unit_after[:1] == "月" and integer and 1 <= value <= 12:
                kind = "month"
            elif unit_after[:1] in ("日", "号") and integer and 1 <= value <= 31:
                kind = "day"
            elif unit_after[:1] in ("点", "时") and integer and 13 <= value <= 24:
                kind, alts = "time", (value - 12,)  # 15点 = 3 p.m.
            elif unit_after[:1] == "成" and not has_digits and 1 <= value <= 10:
                alts = (value * 10,)  # 八成 = 80 %
            elif unit_after[:1] == "倍" and value >= 2:
                alts = (value - 1,)  # 五倍 is also rendered "four times higher"
        # --- enumerators: (二), （二）, 二、, 2. at the start of a line ----------------------------------
        if start and norm[start - 1] in "(（" and end < len(norm) and norm[end] in ")）":
            kind, start, end = "enum", start - 1, end + 1
        elif end < len(norm) and (norm[end] == "、" or (has_digits and norm[end] == "." and
                                                        not norm[end + 1:end + 2].isdigit())):
            if _LINE_START_RE.search(norm, 0, start):
                kind = "enum"
        # --- fractions and dates with slashes (2/3, 2024/8/21): many renderings; confirm only --------
        if has_digits and ((norm[end:end + 1] == "/" and norm[end + 1:end + 2].isdigit())
                           or (start >= 2 and norm[start - 1] == "/" and norm[start - 2].isdigit())):
            weak = True
        # --- counts English leaves implicit: "A、B、C三个配置项" lists the three; "这两组" = "both";
        # the literary 二人 ("二人相视一笑": "they smiled at each other") ---------------------------------
        if (kind == "cardinal" and not has_digits and lo is None and 2 <= value <= 10
                and (before2[-1:] in _DEMONSTRATIVES or before2 in _PRONOUNS or norm[start - 3:start] == "其中的"
                     or (value == 2 and (before2 in _PAIRS or norm.startswith("二人", start)))
                     or _counts_a_list(norm, start, value))):
            weak = True
        # "一是……，二是……" lists reasons; English says "first ... second" or "not only ... but also".
        if kind == "cardinal" and not has_digits and value <= 10 and norm.startswith("是", end) and \
                (start == 0 or norm[start - 1] in "，,；;。：:、 \n"):
            weak = True
        # --- the article-like 一 ---------------------------------------------------------------------
        if (value == 1 and not has_digits and kind in ("cardinal", "month", "day") and lo is None
                and num_run in ("一", "壹")):
            weak = True
        if value == 0 and not has_digits and len(num_run) == 1:  # 零, 〇 alone
            weak = True
        out.append(make_num(start, end, text[start:end], value, kind, lo, hi, alts, approx, weak, has_digits))
    return out
