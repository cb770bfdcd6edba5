"""ZH601 fullwidth-punctuation and ZH602 unbalanced-brackets."""
from __future__ import annotations

import pytest

from qa_checker.model import Document, Mask, Pair, Paragraph, Severity
from qa_checker.rules import rule_classes
from qa_checker.rules.base import PairContext
from qa_checker.rules.punctuation import FullwidthPunctuation, UnbalancedBrackets, unbalanced


def pair(zh, en, en_masks=(), zh_masks=()):
    z = Paragraph("zh-0", "zh", zh, "zh.md", 1, masks=tuple(zh_masks))
    e = Paragraph("en-0", "en", en, "en.md", 1, masks=tuple(en_masks))
    doc = Document("doc", "zh.md", "en.md", "parallel", (z, e))
    return PairContext(doc, Pair(("zh-0",), ("en-0",)), (z,), (e,), None)


def findings(rule, zh, en, **kw):
    return list(rule.check_pair(pair(zh, en, **kw)))


def test_registered():
    assert rule_classes()["ZH601"] is FullwidthPunctuation
    assert rule_classes()["ZH602"] is UnbalancedBrackets


def test_fullwidth_punctuation_in_english_fires_with_suggestion():
    en = "We support three formats（CSV, JSON and XML）。"
    (f,) = findings(FullwidthPunctuation(), "我们支持三种格式（CSV、JSON和XML）。", en)
    assert f.code == "ZH601" and f.severity == Severity.WARNING
    assert [en[m.start:m.end] for m in f.en] == ["（", "）。"]
    assert "'（' → '('" in f.suggestion and "'。' → '.'" in f.suggestion


@pytest.mark.parametrize("char, ascii_", [("，", ","), ("：", ":"), ("Ａ", "A"), ("１", "1"), ("\u3000", " "),
                                          ("、", ","), ("《", '"'), ("【", "[")])
def test_each_fullwidth_character_has_an_equivalent(char, ascii_):
    (f,) = findings(FullwidthPunctuation(), "中文", f"Tips{char} see here")
    assert f"→ {ascii_!r}" in f.suggestion


def test_english_typography_is_not_flagged():
    en = "He said “it’s fine”… — and left ‘quietly’."
    assert findings(FullwidthPunctuation(), "他说", en) == []


def test_punctuation_of_leftover_chinese_is_left_to_the_untranslated_rule():
    assert findings(FullwidthPunctuation(), "三体", "The Three-Body Problem (《三体》) is a novel，很好。") == []


def test_masked_spans_are_skipped():
    en = "Use `a，b` here."
    assert findings(FullwidthPunctuation(), "用", en, en_masks=(Mask(4, 9, "inline-code"),)) == []


def test_unbalanced_finds_the_stray_mark():
    assert unbalanced("a (b) c") == []
    assert unbalanced("a (b c") == [(2, "(")]
    assert unbalanced("a bc) d") == [(4, ")")]
    assert unbalanced("中文（注释)完") == []  # mixed widths are one family
    assert unbalanced("“线性表“、“树“") == [(0, "“"), (4, "“"), (6, "“"), (8, "“")]
    assert unbalanced('say "hi') == [(4, '"')]
    assert unbalanced('a 27" screen') == []
    assert unbalanced("1) first 2) second a) third") == []
    assert unbalanced("nice :) really") == []
    assert unbalanced("[a (b] cd)") == [(3, "("), (9, ")")]


def test_english_imbalance_is_a_warning():
    en = '"The core of ECharts 5 is "Show, do not tell", a comprehensive upgrade.'
    (f,) = findings(UnbalancedBrackets(), "ECharts 5 的核心是“用数据讲故事”。", en)
    assert f.severity == Severity.WARNING and f.en and not f.zh
    assert en[f.en[0].start] == '"'


def test_source_imbalance_is_info_and_a_mirrored_english_one_too():
    zh = "我们发布了第三个年度的“2024中国开源发展蓝皮书，以及其他成果。"
    en = 'We released the third annual "2024 China Open Source Blue Book, and more.'
    fs = findings(UnbalancedBrackets(), zh, en)
    assert [(bool(f.zh), f.severity) for f in fs] == [(True, Severity.INFO), (False, Severity.INFO)]
    assert "the source has" in fs[0].message and "as in the source" in fs[1].message


def test_one_finding_per_paragraph():
    (f,) = findings(UnbalancedBrackets(), "比如可能是“线性表“、“树“、“图“等。", "For example a list, a tree or a graph.")
    assert len(f.zh) == 6 and "×6" in f.message


def test_balanced_text_and_masked_brackets_do_not_fire():
    assert findings(UnbalancedBrackets(), "（如龙蜥、欧拉）", "(such as Anolis and openEuler)") == []
    en = "Call `f(` then close."
    assert findings(UnbalancedBrackets(), "调用", en, en_masks=(Mask(5, 9, "inline-code"),)) == []
