"""The fast paths of the per-pair checks give what the plain code they shortcut gives.

Each shortcut (a gate before a regular expression, an ASCII path, a set look-up before a pairwise
test) is compared here with the plain form it replaces, on texts chosen to reach its edges: every
white-space and punctuation class, full-width forms, non-ASCII letters that change case, numbers
glued to names, approximators split by line breaks.
"""
from __future__ import annotations

import re
from dataclasses import fields
from decimal import Decimal

import pytest

from qa_checker.model import Document, Paragraph
from qa_checker.numbers import compare, en_numbers, values, zh_numbers
from qa_checker.rules import consistency, punctuation, tokens, untranslated
from qa_checker import script

TEXTS = [
    "", " ", "a", "5", "Hello, World!  \x1c x_y `npm install` A+B=C $5 ~^| \t\n\r\x0b\x0c\x1d\x1e\x1f end",
    "İstanbul ﬀ Straße ǅ Ⅻ ½ ²", "GPT-4o H100 COVID-19 5G 3D 14nm 8k 7B 1990s 3.11.2 v2.0 x1 _9 9",
    "about 5, around\n6, approximately US$ 7, roughly RMB 8, more than  9, up to USD10, some 11, awesome 12",
    "nearly $\n13, at least ~14, in excess of £15, over €16, almost ¥17, circa 1,000,000.5 and 12,34",
    "1,2345 a1,000 1,000,00 9. 1.2.3 ١٢٣ ３４ 2/3 24/7 30+ 30-plus 30 or so 5 percent 5%",
    "我们在2024年8月21日发布了３０多个版本，约１．２万用户，百分之五十，第一时间，三十多万人。",
    "（二）发表2024北京AI安全国际共识：GPT4o、RISC-V、C++、.NET、Node.js 与 iPhone15。",
    "“引号” 《书名》 (parens) [brackets] 【方括号】 「角括号」 1) a) :) ;-) 27\" 屏幕",
    "see https://example.com/docs, mail a@b.org, {name} {{ user }} ${lang} %s %1$d 50% off",
    "近千家企业，数十分钟，上万家，两千三百，一万五，五千克，两个半小时，三四个，十几天，90年代",
]


def _para(pid: str, lang: str, text: str) -> Paragraph:
    return Paragraph(pid, lang, text, "x.md", 1)


def test_make_num_equals_the_dataclass_constructor():
    names = [f.name for f in fields(values.Num)]
    args = (3, 7, "9亿", Decimal("9E8"), "cardinal", Decimal(1), Decimal(2), (Decimal(3),), True, True, True)
    assert values.make_num(*args) == values.Num(*args)
    assert values.make_num(1, 2, "一", Decimal(1)) == values.Num(1, 2, "一", Decimal(1))
    assert list(vars(values.make_num(*args)))[:len(names)] == names  # every field, in order
    with pytest.raises(AttributeError):
        values.make_num(*args).value = Decimal(0)


@pytest.mark.parametrize("run", ["0", "7", "79,164", "3.90", "1" * 40, "1,000,000.25", "1,0001", "12"])
def test_parse_numeral_digit_path(run, monkeypatch):
    fast = zh_numbers.parse_numeral(run)
    monkeypatch.setattr(zh_numbers, "_DIGITS_ONLY", lambda _run: None)
    general = zh_numbers.parse_numeral(run)
    assert fast == general
    if fast is not None:
        assert str(fast[0]) == str(general[0])  # the same digits and exponent, not just the value


def test_english_digit_pattern_equals_the_look_behind_form():
    plain = re.compile(r"(?<![A-Za-z0-9_])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)")
    for text in TEXTS:
        assert [(m.span(), m.group(1)) for m in en_numbers._DIGITS_RE.finditer(text)] == \
               [(m.span(), m.group(1)) for m in plain.finditer(text)], text


def test_approximator_gate_never_hides_a_match():
    for text in TEXTS:
        for start in range(len(text) + 1):
            plain = bool(en_numbers._APPROX_BEFORE_RE.search(text, max(0, start - 24), start))
            assert en_numbers._approx_before(text, start) == plain, (text, start)


def _plain_compare(zh, en, english_words):
    """The comparison as first written: every number a Located record, every agreement by ``agree``."""
    from qa_checker.numbers.compare import Located, _as_written, _digit_text, _prose
    from qa_checker.numbers.values import FULLWIDTH_DIGITS, agree

    def locate(items, count, finder):
        return [Located(p, n, (i + n.start / max(len(t), 1)) / count) for i, p, t in items for n in finder(t)]

    def raw_has(haystack, digits):
        return re.search(rf"(?<![0-9]){re.escape(digits)}(?![0-9])", haystack) is not None

    zh_items, en_items = _prose(zh), _prose(en)
    zh_nums = locate(zh_items, max(len(zh), 1), zh_numbers.find_numbers)
    en_all = locate(en_items, max(len(en), 1), en_numbers.find_digit_numbers)
    pending = [z for z in zh_nums if not z.num.weak and not any(agree(z.num, e.num) for e in en_all)]
    if pending or english_words:
        words = []
        for i, p, text in en_items:
            digits = [d.num for d in en_all if d.paragraph is p]
            found = en_numbers.without_overlaps(en_numbers.find_word_numbers(text), digits)
            words += [Located(p, n, (i + n.start / max(len(text), 1)) / max(len(en), 1)) for n in found]
        en_all = sorted(en_all + words, key=lambda x: x.position)
        pending = [z for z in pending if not any(agree(z.num, e.num) for e in en_all)]
    en_raw = "\n".join(p.text for p in en).translate(FULLWIDTH_DIGITS)
    zh_raw = "\n".join(p.text for p in zh).translate(FULLWIDTH_DIGITS)
    pending = [z for z in pending if not (_as_written(z.num) and raw_has(en_raw, _digit_text(z.num)))]
    extra = [e for e in en_all if not any(agree(z.num, e.num) for z in zh_nums)
             and not (_as_written(e.num) and raw_has(zh_raw, _digit_text(e.num)))]
    free = [e for e in extra if not e.num.weak]
    missing = []
    for z in pending:
        best = min(free, key=lambda e: abs(e.position - z.position), default=None)
        if best is not None:
            free.remove(best)
        missing.append((z, best))
    paired = {id(b) for _, b in missing if b is not None}
    return tuple(missing), tuple(e for e in extra if id(e) not in paired)


@pytest.mark.parametrize("english_words", [False, True])
def test_compare_equals_the_pairwise_comparison(english_words):
    pairs = [(zh, en) for zh in TEXTS for en in TEXTS[:6] + ["He left at 40 with 9 billion yuan.", "thirty-one, ten"]]
    pairs += [("目前已有90亿元投资，约３０多万人，在2024年。", "So far 90 billion yuan, about 300,000 people, in 2024."),
              ("第三个数值是5.0，近8年", "several values are 5.0"), ("他三十岁", "at 40 and H100 and `3`")]
    for zh_text, en_text in pairs:
        zh = (_para("zh-1", "zh", zh_text),) if zh_text else ()
        en = (_para("en-1", "en", en_text),) if en_text else ()
        got = compare(zh, en, english_words=english_words)
        assert (got.missing, got.extra) == _plain_compare(zh, en, english_words), (zh_text, en_text)


def test_script_counts_ascii_path():
    for text in TEXTS:
        if text.isascii():
            assert script.latin_count.__wrapped__(text) == script._run_count(script._LATIN_RUN_RE, text)


def test_consistency_keys_ascii_path():
    for text in TEXTS + ["".join(map(chr, range(128)))]:
        if text.isascii():
            assert consistency.english_key(text) == " ".join(consistency._fold(text).split())
            assert consistency.chinese_key(text) == "".join(consistency._fold(text).split())


def test_latin_tokens_equal_finditer():
    for text in TEXTS:
        assert [(m.span(), m.group()) for m in tokens._latin_tokens(text)] == \
               [(m.span(), m.group()) for m in tokens._LATIN_TOKEN_RE.finditer(text)]


def test_bracket_gate_equals_the_pattern():
    for text in TEXTS + ["plain words only", 'a "quote', "[x"]:
        assert punctuation._has_bracket(text) == bool(punctuation._BRACKET_RE.search(text))


def test_copy_gate_equals_joining():
    class Ctx:
        def __init__(self, zh, en):
            self.zh = tuple(_para(f"zh-{i}", "zh", t) for i, t in enumerate(zh))
            self.en = tuple(_para(f"en-{i}", "en", t) for i, t in enumerate(en))
            self.zh_text = "\n".join(p.text for p in self.zh)
            self.en_text = "\n".join(p.text for p in self.en)

    for zh, en in [(["请稍候"], ["请稍候"]), (["请 稍候", "好"], ["请稍候\n好"]), (["请稍候"], ["Please wait"]),
                   ([], ["请稍候"]), (["请稍候"], []), (["abc"], ["ABC"]), (["一二三四五六"], ["一二三", "四五六"])]:
        ctx = Ctx(zh, en)
        assert untranslated._pair_is_copy(ctx) == untranslated._is_copy(ctx.zh_text, ctx.en_text)


def test_word_set_answers_as_the_search(monkeypatch):
    english = ["The APIs and the GPU.", "Node.js runs C++ code; keys, ids and iOS.", "İstanbul ﬀ x_y api_v2"]
    doc = Document("d", "d", "d", "table", tuple(_para(f"en-{i}", "en", t) for i, t in enumerate(english)))

    class Ctx:
        document = doc

    names = ["API", "GPU", "node", "Node.js", "C++", "key", "id", "ios", "istanbul", "x", "y", "api", "v2", "zzz",
             "the", "ids", "runs", "s", "ﬀ"]

    def answers():
        tokens._document_english[:] = [None, "", None, None, 0]
        return [tokens._elsewhere_in_english(Ctx, n) for n in names]

    searched = answers()
    monkeypatch.setattr(tokens, "_SEARCHES_BEFORE_WORD_SET", 0)
    assert answers() == searched
    assert searched[:2] == [True, True] and searched[names.index("zzz")] is False


def test_english_suffix_alternation_equals_the_four_patterns_in_order():
    names = [("scale", en_numbers._SCALE_RE), ("ordinal", en_numbers._ORD_SUFFIX_RE),
             ("percent", en_numbers._PERCENT_RE), ("short", en_numbers._SHORT_SCALE_RE)]
    samples = TEXTS + ["5 Million 6-billion 7th 8 PerCent 9 per cent 10pct 11bn 12M 13m 14K 15 thousandth"]
    for text in samples:
        for at in range(len(text) + 1):
            first = next(((name, m.span()) for name, rx in names if (m := rx.match(text, at))), None)
            combined = en_numbers._SUFFIX_RE.match(text, at)
            got = None if combined is None else (
                next(name for name in ("scale", "ordinal", "percent", "short") if combined.group(name) is not None),
                combined.span())
            assert got == first, (text, at)


class _Everything:
    def __contains__(self, _item):
        return True


def test_english_digit_gates_never_hide_a_suffix(monkeypatch):
    samples = TEXTS + ["2. Publish 3) item\n4. next 30+ 30-plus 30 or more 5% 6‰ 7-million"]
    gated = [en_numbers.find_digit_numbers(t) for t in samples]
    for name in ("_SUFFIX_STARTS", "_PLUS_STARTS", "_LIST_ITEM_STARTS"):
        monkeypatch.setattr(en_numbers, name, _Everything())
    assert [en_numbers.find_digit_numbers(t) for t in samples] == gated


def test_chinese_number_gates_are_necessary_conditions():
    samples = TEXTS + ["30岁左右，三年半，两个半小时，5.0版，3.11.2，约十人上下，百人开外，万人以上，千元有余"]
    for text in samples:
        for at in range(len(text) + 1):
            if zh_numbers._APPROX_AFTER_RE.match(text, at):
                assert not zh_numbers._APPROX_AFTER_FIRST.isdisjoint(text[at:at + 3])
            if zh_numbers._HALF_AFTER_RE.match(text, at):
                assert text.startswith("半", at + 1)
            if zh_numbers._VERSION_RE.match(text, at):
                assert text.startswith(".", at)


def test_consistency_fold_of_non_ascii_text_equals_the_plain_fold():
    import random

    rnd = random.Random(1)
    pool = [chr(c) for c in [*range(0x0, 0x250), *range(0x300, 0x370), *range(0x1100, 0x1120), *range(0xAC00, 0xAC10),
                             *range(0x2000, 0x2070), *range(0x3000, 0x3040), *range(0xFB00, 0xFB50),
                             *range(0xFE30, 0xFF70), *range(0xFFE0, 0xFFEF), 0x1D400, 0x1D7CE, 0x1F600, 0x2F800,
                             0xE0001, 0x10FFFF, 0x0130, 0x1E9E, 0x2126, 0x212A]]
    samples = TEXTS + ["".join(rnd.choice(pool) for _ in range(rnd.randint(1, 30))) for _ in range(3000)]
    for text in samples:
        assert consistency._fold_fast(text) == consistency._fold(text), repr(text)


def test_scale_hint_table_equals_the_power_loop():
    import itertools

    from qa_checker.rules.numbers import _scale_hint

    def by_loop(zh, en):
        if not zh or not en:
            return ""
        ratio = en / zh
        for k in range(1, 13):
            if ratio == Decimal(10) ** k:
                return f"{10 ** k:,} times too large"
            if ratio == Decimal(10) ** -k:
                return f"{10 ** k:,} times too small"
        return ""

    numbers = [Decimal(x) for x in ("0", "1", "3", "9", "90", "0.5", "1.5", "1E+12", "1E+13", "3.9E+4", "39000",
                                    "700000000", "0.07", "1E-12", "250", "12345678901234567890123456789", "-50")]
    for zh, en in itertools.product(numbers, numbers):
        assert _scale_hint(zh, en) == by_loop(zh, en), (zh, en)
    assert _scale_hint(Decimal("9E9"), Decimal("9E10")) == "10 times too large"
