"""ZH501 token-not-preserved and ZH502 code-not-preserved."""
from __future__ import annotations

from qa_checker.model import Document, Mask, Pair, Paragraph, Severity
from qa_checker.rules import rule_classes
from qa_checker.rules.base import PairContext
from qa_checker.rules.tokens import CodeNotPreserved, TokenNotPreserved


def pair(zh, en, zh_masks=(), extra_en=()):
    """One Chinese and one English paragraph; ``extra_en`` adds English paragraphs elsewhere in the document."""
    z = Paragraph("zh-0", "zh", zh, "zh.md", 1, masks=tuple(zh_masks))
    e = Paragraph("en-0", "en", en, "en.md", 1)
    others = tuple(Paragraph(f"en-{i + 1}", "en", t, "en.md", 3 + i) for i, t in enumerate(extra_en))
    doc = Document("doc", "zh.md", "en.md", "parallel", (z, e) + others)
    return PairContext(doc, Pair(("zh-0",), ("en-0",)), (z,), (e,), None)


def findings(rule, zh, en, **kw):
    return list(rule.check_pair(pair(zh, en, **kw)))


def test_registered():
    assert rule_classes()["ZH501"] is TokenNotPreserved
    assert rule_classes()["ZH502"] is CodeNotPreserved


def test_missing_name_fires_on_its_span():
    zh = "我们自主协同开发了RISC-V开源架构。"
    (f,) = findings(TokenNotPreserved(), zh, "We co-developed an open source architecture.")
    assert f.code == "ZH501" and f.severity == Severity.WARNING and f.subject == "RISC-V"
    assert zh[f.zh[0].start:f.zh[0].end] == "RISC-V"


def test_spelling_variants_are_accepted():
    rule = TokenNotPreserved()
    assert findings(rule, "开发了RISC-V架构", "developed the RISC V architecture") == []
    assert findings(rule, "关停中国GPT4o API", "shut down GPT-4o APIs in China") == []
    assert findings(rule, "xiaomi Vela等系统", "systems such as Xiaomi Vela") == []
    assert findings(rule, "OpenAI声明", "OpenAI's statement") == []
    assert findings(rule, "COPULinux基金会", "COPU and the Linux Foundation") == []
    assert findings(rule, "数据过滤（filter）、聚合（aggregate）", "filtering and aggregating data") == []


def test_changed_model_number_fires():
    (f,) = findings(TokenNotPreserved(), "替代GPT4o", "replace GPT-4")
    assert f.subject == "GPT4o"


def test_numbers_single_letters_and_ignored_words_are_skipped():
    rule = TokenNotPreserved()
    assert findings(rule, "14nm芯片，X 轴", "chips") == []
    assert findings(TokenNotPreserved({"ignore": ["demo"]}), "这个Demo很好", "This example is good") == []


def test_name_used_elsewhere_in_the_english_is_info():
    zh = "引入 Apache ECharts"
    (f,) = findings(TokenNotPreserved(), zh, "Including ECharts", extra_en=["Apache ECharts is a library."])
    assert f.subject == "Apache" and f.severity == Severity.INFO
    assert findings(TokenNotPreserved({"ignore_if_elsewhere": True}), zh, "Including ECharts",
                    extra_en=["Apache ECharts is a library."]) == []


def test_masked_text_is_not_a_name():
    zh = "设置 `itemStyle` 属性"
    assert findings(TokenNotPreserved(), zh, "Set the property", zh_masks=(Mask(3, 14, "inline-code"),)) == []


def test_placeholder_changed_fires_as_error():
    zh = "欢迎，{user_name}！请访问 https://example.com/docs 。"
    en = "Welcome, {username}! Please visit https://example.com/docs."
    (f,) = findings(CodeNotPreserved(), zh, en)
    assert f.code == "ZH502" and f.severity == Severity.ERROR and f.subject == "{user_name}"
    assert zh[f.zh[0].start:f.zh[0].end] == "{user_name}"


def test_placeholders_urls_and_emails_kept_pass():
    zh = "你好 %s，共 %1$d 项；${lang} 和 {{ name }}、{0}。联系 dev@example.org 或 https://example.com/a?b=1。"
    en = "Hello %s, %1$d items; ${lang} and {{ name }}, {0}. Contact dev@example.org or https://example.com/a?b=1."
    assert findings(CodeNotPreserved(), zh, en) == []


def test_url_and_email_changed_fire():
    fs = findings(CodeNotPreserved(), "访问 https://example.com/zh/docs 或写信给 a@example.org", "Visit our site or write to us.")
    assert [f.subject for f in fs] == ["https://example.com/zh/docs", "a@example.org"]


def test_locale_part_of_a_link_may_differ():
    rule = CodeNotPreserved()
    assert findings(rule, "见 https://example.com/zh/docs/start", "See https://example.com/en/docs/start") == []
    zh = "与[堆叠柱状图](./zh/how-to/bar)类似"
    masks = (Mask(8, 26, "link-target"),)
    assert findings(rule, zh, "Like the [Stacked Bar](${lang}/how-to/bar)", zh_masks=masks) == []


def test_inline_code_missing_is_a_warning():
    zh = "设置 `axisLabel` 属性"
    (f,) = findings(CodeNotPreserved(), zh, "Set the axis labels", zh_masks=(Mask(3, 14, "inline-code"),))
    assert f.severity == Severity.WARNING and f.subject == "axisLabel"


def test_inline_code_with_chinese_or_a_quoted_word_may_be_translated():
    rule = CodeNotPreserved()
    zh = "设为 `'男'` 和 `'dark'`"
    masks = (Mask(3, 8, "inline-code"), Mask(11, 19, "inline-code"))
    assert findings(rule, zh, "set to `'male'` and the dark theme", zh_masks=masks) == []


def test_in_page_anchors_are_not_checked():
    zh = "见[上文](#服务端-svg-渲染)"
    assert findings(CodeNotPreserved(), zh, "See [above](#server-side-svg-rendering)",
                    zh_masks=(Mask(6, 19, "link-target"),)) == []


def test_inline_code_check_can_be_turned_off():
    zh = "设置 `axisLabel` 属性"
    masks = (Mask(3, 14, "inline-code"),)
    assert findings(CodeNotPreserved({"check_inline_code": False}), zh, "Set the axis labels", zh_masks=masks) == []


def test_name_with_version_number_matches_spaced_form():
    assert findings(TokenNotPreserved(), "从 ECharts4 开始支持", "supported since ECharts 4") == []


def test_link_query_may_differ():
    zh = "更多[例子](${exampleEditorPath}dataset-encode1&edit=1&reset=1)。"
    start = zh.index("](")
    masks = (Mask(start, zh.index("。"), "link-target"),)
    en = "A richer [example](${exampleEditorPath}dataset-encode1) of encode."
    assert findings(CodeNotPreserved(), zh, en, zh_masks=masks) == []
    (f,) = findings(CodeNotPreserved(), zh, "A richer example of encode.", zh_masks=masks)
    assert f.severity == Severity.WARNING and f.subject.startswith("${exampleEditorPath}dataset-encode1")


def test_acronym_spelled_out_is_accepted():
    rule = TokenNotPreserved()
    assert findings(rule, "发表2024北京AI安全国际共识", "Publish the 2024 Consensus on Red Lines in Artificial Intelligence") == []
    assert findings(rule, "发展IoT技术", "develop internet of things technology") == []
    (f,) = findings(rule, "发展AI技术", "develop technology as in the past")
    assert f.subject == "AI"
