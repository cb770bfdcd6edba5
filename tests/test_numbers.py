"""The Chinese and English number parsers, and value agreement between them."""
from __future__ import annotations

from decimal import Decimal

import pytest

from qa_checker.numbers import agree, build_zh_idioms, en_numbers, to_english, zh_idioms, zh_numbers
from qa_checker.numbers.zh_numbers import parse_numeral


def zh(text):
    return zh_numbers.find_numbers(text)


def en(text):
    return en_numbers.find_numbers(text)


def zh_values(text):
    return [(n.text, n.value) for n in zh(text) if not n.weak]


def en_values(text):
    return [(n.text, n.value) for n in en(text)]


def agrees(zh_text, en_text):
    """Every reportable Chinese number in zh_text has an agreeing English number in en_text."""
    english = en(en_text)
    return all(any(agree(z, e) for e in english) for z in zh(zh_text) if not z.weak)


# --- Chinese numerals ---------------------------------------------------------------------------

@pytest.mark.parametrize("run, value", [
    ("三十", 30), ("十三", 13), ("十", 10), ("两千三百", 2300), ("两千三", 2300), ("一万五", 15000),
    ("一百零五", 105), ("二〇二四", 2024), ("九", 9), ("3亿5000万", 350_000_000), ("1万亿", 10 ** 12),
    ("9亿", 900_000_000), ("90亿", 9_000_000_000), ("1.2万", 12000), ("三千万", 30_000_000),
    ("亿", 10 ** 8), ("百", 100), ("壹佰贰拾", 120), ("三点五", Decimal("3.5")),
])
def test_parse_numeral(run, value):
    assert parse_numeral(run)[0] == value


@pytest.mark.parametrize("run", ["十四五", "五六十", "十百", "万万", "千百", "百十"])
def test_malformed_runs_are_not_numbers(run):
    assert parse_numeral(run) is None


@pytest.mark.parametrize("text, expected", [
    ("目前已有90亿元投资", [("90亿", 9_000_000_000)]),
    ("9亿台设备", [("9亿", 900_000_000)]),
    ("１．５万人", [("１．５万", 15000)]),
    ("２０２３年", [("２０２３", 2023)]),
    ("他三十岁", [("三十", 30)]),
    ("1,000,000 次", [("1,000,000", 1_000_000)]),
    ("2024年8月21日", [("2024", 2024), ("8", 8), ("21", 21)]),
    ("全球21位专家", [("21", 21)]),
    ("14纳米", [("14", 14)]),
    ("14nm工艺", [("14", 14)]),
])
def test_chinese_values(text, expected):
    assert zh_values(text) == expected


def test_percentages_and_ordinals():
    (n,) = zh("百分之五")
    assert (n.value, n.kind) == (5, "percent")
    (n,) = zh("５％")
    assert (n.value, n.kind, n.text) == (5, "percent", "５％")
    (n,) = zh("第三")
    assert (n.value, n.kind) == (3, "ordinal")
    (n,) = zh("千分之五")
    assert n.value == Decimal("0.5") and n.kind == "percent"


def test_dates_carry_their_kind():
    kinds = [(n.value, n.kind) for n in zh("2024年8月21日")]
    assert kinds == [(2024, "year"), (8, "month"), (21, "day")]


@pytest.mark.parametrize("text, lo, hi", [
    ("30多种", 30, 40), ("三十多", 30, 40), ("近十多年", 10, 20), ("300余人", 300, 400), ("3万多", 30000, 40000),
    # The scale after 多/余 scales the whole range.
    ("30多万人", 300_000, 400_000), ("三十余万元", 300_000, 400_000), ("两千多万", 20_000_000, 30_000_000),
    ("100多亿元", 10 ** 10, 2 * 10 ** 10),
])
def test_approximations_are_ranges(text, lo, hi):
    (n,) = zh(text)
    assert (n.lo, n.hi, n.approx, n.weak) == (lo, hi, True, False)


@pytest.mark.parametrize("text", ["约3000人", "30岁左右", "将近100年", "近20年"])
def test_approximate_markers(text):
    (n,) = zh(text)
    assert n.approx and not n.weak


@pytest.mark.parametrize("text", ["几十年", "数百人", "十几个", "三四个", "两三天", "三分之一"])
def test_vague_counts_are_weak(text):
    nums = zh(text)
    assert nums and all(n.weak for n in nums)


@pytest.mark.parametrize("text", [
    "一些人一起统一一样的一定标准", "十分重要", "万一出错", "三心二意", "之一", "四川", "百度", "千万不要",
    "百分比", "百分点", "二次渲染", "第一时间", "一个人", "一种方法", "一次",
])
def test_idioms_and_articles_are_not_reported(text):
    assert zh_values(text) == []


@pytest.mark.parametrize("text", [
    "千方百计", "七上八下", "一五一十", "三头六臂", "千百年来", "千家万户", "惠及万家", "最近十分忙", "路上万一出事",
    "一千零一夜", "前两天我去了", "两岁半",
])
def test_idioms_that_look_like_counts_stay_idioms(text):
    assert zh_values(text) == []


# Plain counted quantities are numbers even where the jieba dictionary lists them as set phrases.
@pytest.mark.parametrize("text, expected", [
    ("员工超过两千人", [("两千", 2000)]), ("两千人", [("两千", 2000)]), ("四千人", [("四千", 4000)]),
    ("每千人", [("千", 1000)]), ("近千人", [("千", 1000)]), ("近十年", [("十", 10)]), ("近两年来", [("两", 2)]),
    ("近三成", [("三", 3)]), ("近万名", [("万", 10000)]), ("六口之家", [("六", 6)]), ("十九世纪", [("十九", 19)]),
    ("近千家企业", [("千", 1000)]), ("近十分钟", [("十", 10)]), ("约一亿人", [("一亿", 10 ** 8)]),
])
def test_counted_quantities_are_numbers(text, expected):
    assert zh_values(text) == expected


@pytest.mark.parametrize("text, approx", [("近千人", True), ("近十年", True), ("员工超过两千人", True),
                                          ("两千人", False), ("每千人", False)])
def test_counted_quantities_keep_their_approximator(text, approx):
    (n,) = zh(text)
    assert n.approx is approx and not n.weak


@pytest.mark.parametrize("text, lo, hi", [("上千人", 1000, 10000), ("几千人", 2000, 9000), ("好几千人", 2000, 9000),
                                          ("上万株", 10000, 100000), ("数十分钟", 20, 90)])
def test_vague_counted_quantities_are_weak_ranges(text, lo, hi):
    # No value to report: "thousands", "several thousand" or "more than 1,000" may render them.
    (n,) = zh(text)
    assert n.weak and (n.lo, n.hi) == (lo, hi)


def test_kilo_units_keep_their_thousand():
    (n,) = zh("五千克")
    assert (n.text, n.value, n.alts) == ("五", 5, (5000,))
    (n,) = zh("3千米")
    assert (n.text, n.value, n.alts) == ("3", 3, (3000,))
    assert zh("每千克含糖") == []


def test_a_measure_word_and_a_half():
    (n,) = zh("两个半小时")
    assert n.value == 2 and Decimal("2.5") in n.alts
    assert zh("两个半球")[0].alts == ()


@pytest.mark.parametrize("text", ["GPT4o API", "RISC-V", "8k传播", "H100显卡", "v2.0版本", "iPhone15系列",
                                  "3.11.2版本", "COVID-19疫情"])
def test_digits_in_names_are_not_numbers(text):
    assert zh(text) == []


def test_digits_after_a_name_but_before_a_count_are_a_number():
    (n,) = zh("xiaomi Vela30多种优秀的操作系统")
    assert (n.text, n.value, n.lo) == ("30多", 30, 30)


@pytest.mark.parametrize("text, value", [("(二)发表", 2), ("（四）由中国", 4), ("二、概述", 2), ("3. 步骤", 3)])
def test_enumerators(text, value):
    n = zh(text)[0]
    assert (n.kind, n.value) == ("enum", value)


def test_counted_lists_and_demonstratives_are_weak():
    # The English lists the three items and needs no "three"; "这两组" is "both groups".
    assert zh_values("`a`, `b`, `c`三个配置项") == []
    assert zh_values("正相关、负相关、不相关三种相关性") == []
    assert zh_values("这两组的值") == []
    assert zh_values("两个黑洞相撞") == [("两", 2)]
    # Pairs named by a noun, and the literary 二人: "the couple", "they".
    assert zh_values("夫妻二人一起去") == [] and zh_values("母女两人") == [] and zh_values("二人相视一笑") == []
    assert zh_values("两人在会上交谈") == [("两", 2)]


def test_spans_point_into_the_original_text():
    text = "经过近十多年来的努力"
    (n,) = zh(text)
    assert text[n.start:n.end] == n.text == "十多"


def test_no_numeral_characters_is_cheap_and_empty():
    assert zh("这段话没有数字") == []


# --- the idiom list ------------------------------------------------------------------------------

@pytest.mark.parametrize("word", ["两千人", "二千人", "上千人", "近千人", "几千人", "每千人", "近两年", "近十年",
                                  "近三成", "近九成", "近万名", "近百人", "上万株", "六口之家", "十几年来", "好几千",
                                  "三岁时", "七月份", "十九世纪", "三件套", "多万吨"])
def test_plain_quantities_are_recognised(word):
    assert build_zh_idioms.is_plain_quantity(word)


@pytest.mark.parametrize("word", ["三心二意", "一五一十", "千方百计", "七上八下", "万一", "千百年来",
                                  "千家万户", "七步成章", "三回五次", "三强", "两岁半", "九尾", "千载", "万道",
                                  "三头六臂", "四川"])
def test_idioms_are_not_plain_quantities(word):
    assert not build_zh_idioms.is_plain_quantity(word)


def test_idiom_list_holds_no_plain_quantity():
    overrides = set(build_zh_idioms.OVERRIDES)
    assert [w for w in zh_idioms.WORDS if w not in overrides and build_zh_idioms.is_plain_quantity(w)] == []
    assert {"三心二意", "一五一十", "千方百计", "七上八下", "万一", "十分", "千百年来"} <= set(zh_idioms.WORDS)


def test_idiom_list_is_what_the_generator_builds():
    jieba = pytest.importorskip("jieba")
    from pathlib import Path
    assert build_zh_idioms.build(Path(jieba.__file__).with_name("dict.txt")) == list(zh_idioms.WORDS)


# --- English ------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("900 million devices", [("900 million", 900_000_000)]),
    ("9 billion yuan", [("9 billion", 9_000_000_000)]),
    ("1.2 million", [("1.2 million", 1_200_000)]),
    ("12k users", [("12k", 12000)]),
    ("twenty-one experts", [("twenty-one", 21)]),
    ("a dozen eggs", [("a dozen", 12)]),
    ("one hundred and five", [("one hundred and five", 105)]),
    ("three hundred thousand", [("three hundred thousand", 300_000)]),
    ("1,000,000 times", [("1,000,000", 1_000_000)]),
    ("$1.3 trillion", [("1.3 trillion", 1_300_000_000_000)]),
    ("on the 21st floor", [("21st", 21)]),
    ("fifty-fifth", [("fifty-fifth", 55)]),
])
def test_english_values(text, expected):
    assert en_values(text) == expected


def test_english_kinds():
    assert [(n.value, n.kind) for n in en("5%, 5 percent, the third, 3rd")] == [
        (5, "percent"), (5, "percent"), (3, "ordinal"), (3, "ordinal")]


def test_english_dates():
    assert [n.value for n in en("August 21, 2024")] == [8, 21, 2024]
    assert [n.value for n in en("21 August 2024")] == [21, 8, 2024]
    assert [n.value for n in en("2024-08-21")] == [2024, 8, 21]
    assert [n.value for n in en("Aug. 21")] == [8, 21]
    assert en("you may go") == []


@pytest.mark.parametrize("text", ["GPT-4o", "H100", "COVID-19", "5G network", "3D chart", "version 3.11.2"])
def test_english_names_are_not_numbers(text):
    assert en(text) == []


def test_a_dash_typed_as_a_hyphen_is_not_a_name():
    assert en_values("close to the black hole-30 kilometers away") == [("30", 30)]


def test_english_one_and_a_second_are_weak():
    assert all(n.weak for n in en("no one knows; one of them; for a second"))
    (second,) = en("Second, develop")
    assert not second.weak and second.value == 2


def test_english_vague_plurals():
    (n,) = en("dozens of systems")
    assert n.weak and (n.lo, n.hi) == (20, 99)
    (n,) = en("tens of thousands")
    assert (n.lo, n.hi) == (10_000, 99_999)


@pytest.mark.parametrize("text, lo, hi", [
    ("several thousand people", 2000, 9999), ("a few hundred", 200, 999), ("thousands of people", 1000, 9999),
])
def test_english_vague_scales(text, lo, hi):
    (n,) = en(text)
    assert n.weak and n.approx and (n.lo, n.hi) == (lo, hi)


def test_english_a_thousand_and_per_thousand():
    (n,) = en("nearly a thousand people")
    assert (n.text, n.value, n.approx, n.weak) == ("a thousand", 1000, True, False)
    (n,) = en("per thousand people")
    assert (n.text, n.value, n.weak) == ("thousand", 1000, False)


def test_english_list_numbers_are_enumerators():
    assert [n.kind for n in en("2. Publish the 2024 Consensus")] == ["enum", "cardinal"]


# --- agreement (DOMAIN.md cases) ------------------------------------------------------------------

@pytest.mark.parametrize("zh_text, en_text", [
    ("90亿元", "9 billion yuan"),
    ("9亿", "900 million"),
    ("２０２３年", "in 2023"),
    ("1.2万", "12,000"),
    ("1.2万", "12 thousand"),
    ("百分之五", "5%"),
    ("百分之五", "five per cent"),
    ("第三", "third"),
    ("第三", "3rd"),
    ("2024年8月21日", "August 21, 2024"),
    ("2024年8月21日", "2024-08-21"),
    ("30多种", "more than 30 kinds"),
    ("30多种", "30-plus kinds"),
    ("三十多个", "nearly 40"),
    ("近十多年", "nearly 10 years"),
    ("约1.23万", "about 12,000"),
    ("(二)", "2."),
    ("二、", "Second,"),
    ("两个", "both"),
    ("两倍", "twice"),
    ("五倍", "four times higher"),
    ("八成", "80%"),
    ("90年代", "the 1990s"),
    ("下午3点", "3 p.m."),
    ("15点", "3 p.m."),
    ("不透明度为 0.5", "50% opacity"),
    ("员工超过两千人", "more than 2,000 employees"),
    ("近千人", "nearly a thousand people"),
    ("近千人", "nearly 1,000 people"),
    ("每千人", "per thousand people"),
    ("每千人", "per 1,000 people"),
    ("近十年", "nearly ten years"),
    ("近十年", "the past decade"),
    ("近三成", "nearly 30%"),
    ("30多万人", "more than 300,000 people"),
    ("五千克", "5 kg"),
    ("两个半小时", "2.5 hours"),
])
def test_renderings_that_agree(zh_text, en_text):
    assert agrees(zh_text, en_text)


@pytest.mark.parametrize("zh_text, en_text", [
    ("90亿元", "90 billion yuan"),
    ("三十岁", "40 years old"),
    ("9亿", "9 billion"),
    ("百分之五", "50%"),
    ("第三", "second"),
    ("30多种", "20 kinds"),
    ("1.2万", "1,200"),
    ("两千人", "3,000 people"),
    ("近十年", "nearly twenty years"),
    ("近千人", "nearly 100 people"),
    ("30多万人", "more than 30 people"),
])
def test_renderings_that_disagree(zh_text, en_text):
    assert not agrees(zh_text, en_text)


def test_to_english():
    assert to_english(Decimal(900_000_000)) == "900 million"
    assert to_english(Decimal(9_000_000_000)) == "9 billion"
    assert to_english(Decimal("12000.0")) == "12,000"


def test_ordinals_before_nouns_are_numbers_but_ordinal_idioms_are_not():
    assert [(n.text, n.kind) for n in zh("如何把第三列设置为 X 轴，第五列设置为 Y 轴")] == [
        ("第三", "ordinal"), ("第五", "ordinal")]
    assert zh_values("第一时间通知") == []


def test_reasons_listed_with_shi_and_pronoun_counts_are_weak():
    assert zh_values("这些依赖一是带来了额外的体积，二是也会有更多的性能损耗") == []
    assert zh_values("它们两个的区别是是否剪裁") == []


def test_english_firstly_secondly():
    assert [(n.value, n.kind) for n in en("Thirdly, the rect")] == [(3, "ordinal")]


# --- robustness -------------------------------------------------------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_ALPHABET = st.sampled_from(list("0123456789０１２３.,%％ -/()（）、第百分之千万亿十一二两三多余几约近左右年月日点个"
                                 "abcKkmMsth" + "onetwhrfiv") + [" million", " billion", "twenty-", "first", "May "])


@settings(max_examples=300, deadline=None)
@given(st.lists(_ALPHABET, max_size=40).map("".join))
def test_parsers_never_fail_and_spans_are_exact(text):
    for finder in (zh_numbers.find_numbers, en_numbers.find_numbers):
        for n in finder(text):
            assert 0 <= n.start < n.end <= len(text)
            assert text[n.start:n.end] == n.text
            assert (n.lo is None) == (n.hi is None)


def test_word_runs_starting_with_and_do_not_crash():
    # Regression: "and" opening a run of number-like words raised KeyError (seen on generated text).
    from qa_checker.numbers.en_numbers import find_word_numbers

    found = find_word_numbers("open can and a development, and three hundred and five more")
    assert [n.value for n in found if not n.weak] == [305]
