"""Markup rules: ZH701 heading-mismatch, ZH702 list-structure, ZH703 code-block-changed,
ZH704 link-target-mismatch, ZH705 table-structure.

Documents are read with the real Markdown segmenter; pairs are given by hand (1-1 in reading order
unless a test says otherwise), so each test controls exactly what the rule sees.
"""
from __future__ import annotations

import time
from itertools import zip_longest

import pytest

from qa_checker.model import Pair, Severity
from qa_checker.readers.documents import interleaved_document, parallel_document
from qa_checker.readers.markdown import segment_markdown
from qa_checker.rules import rule_classes
from qa_checker.rules.base import DocumentContext
from qa_checker.rules.markup import (BlockStructure, CodeBlockChanged, HeadingMismatch, LinkTargetMismatch,
                                     TableStructure)
from qa_checker.rules.markup.common import heading_level, list_marker
from qa_checker.rules.markup.links import _delocalise


def two_files(zh: str, en: str, beads=None):
    """A two-file document and its pairs: ``beads`` as (zh numbers, en numbers), 1-based; default 1-1."""
    doc = parallel_document("doc", "zh.md", segment_markdown(zh), "en.md", segment_markdown(en))
    zh_ids = [p.id for p in doc.side("zh")]
    en_ids = [p.id for p in doc.side("en")]
    if beads is None:
        pairs = [Pair((z,) if z else (), (e,) if e else ()) for z, e in zip_longest(zh_ids, en_ids)]
    else:
        pairs = [Pair(tuple(f"zh-{k}" for k in z), tuple(f"en-{k}" for k in e)) for z, e in beads]
    return doc, tuple(pairs)


def one_file(text: str, beads):
    doc = interleaved_document("doc.md", segment_markdown(text))
    pairs = [Pair(tuple(f"zh-{k}" for k in z), tuple(f"en-{k}" for k in e)) for z, e in beads]
    return doc, tuple(pairs)


def run(rule, doc_pairs):
    doc, pairs = doc_pairs
    return list(rule.check_document(DocumentContext(doc, pairs, None)))


def marked(doc, mark):
    return doc.paragraph(mark.paragraph).text[mark.start:mark.end]


# --- registration and documentation ------------------------------------------------------------------

RULES = (HeadingMismatch, BlockStructure, CodeBlockChanged, LinkTargetMismatch, TableStructure)


def test_registered_with_their_codes():
    classes = rule_classes()
    assert [classes[c] for c in ("ZH701", "ZH702", "ZH703", "ZH704", "ZH705")] == list(RULES)


@pytest.mark.parametrize("cls", RULES)
def test_documented(cls):
    info = cls.info
    assert info.category.value == "markup" and info.scope == "document"
    for section in ("### What it does", "### Why it matters", "### Example"):
        assert section in info.doc, (info.code, section)
    for option in info.options:
        assert f"`{option}`" in info.doc, (info.code, option)


# --- helpers -----------------------------------------------------------------------------------------

def test_heading_levels_and_list_markers():
    doc, _ = two_files("# 一\n\n### 三\n\n标题\n===\n\n- 项\n\n  续\n\n3) 项\n\n> - 引\n", "x")
    zh = doc.side("zh")
    assert [heading_level(p) for p in zh] == [1, 3, 0, None, None, None, None]
    assert [list_marker(p) for p in zh] == [None, None, None, "ul", "item", "ol", "ul"]


def test_delocalise_removes_language_parts():
    assert _delocalise("/zh/basics/a.md") == _delocalise("/en/basics/a.md")
    assert _delocalise("img/pointer-zh.gif") == _delocalise("img/pointer-en.gif") == "img/pointer.gif"
    assert _delocalise("img/logo.png") == _delocalise("img/logo-en.png")
    assert _delocalise("guide.zh-CN.md") == _delocalise("guide.en-US.md")
    assert _delocalise("https://zh.wikipedia.org/x") == _delocalise("https://en.wikipedia.org/x")
    assert _delocalise("/${lang}/api") == _delocalise("/en/api")
    assert _delocalise("/zhang/api") == "/zhang/api"  # not a language part


# --- ZH701 -------------------------------------------------------------------------------------------

def test_heading_rendered_as_text_names_the_missing_space():
    doc_pairs = two_files("## 安装\n\n正文。\n", "##Installation\n\nText.\n")
    (f,) = run(HeadingMismatch(), doc_pairs)
    assert f.code == "ZH701" and f.severity == Severity.WARNING
    assert "`##` needs a space" in f.message and f.en[0].line == 1 and f.zh[0].line == 1


def test_heading_rendered_as_bold_text():
    (f,) = run(HeadingMismatch(), two_files("## 安装\n", "**Installation**\n"))
    assert f.message == "the Chinese heading is not a heading in the English"


def test_one_level_changed_is_reported_where_it_is():
    zh = "# 配置\n\n## 文件\n\n## 选项\n"
    en = "# Configuration\n\n### File\n\n## Options\n"
    (f,) = run(HeadingMismatch(), two_files(zh, en))
    assert "level 2, the English level 3" in f.message and f.en[0].line == 3


def test_a_consistent_shift_is_reported_once():
    zh = "# 常见问题\n\n## 主题\n\n## 导出\n"
    en = "## FAQ\n\n### Themes\n\n### Export\n"
    (f,) = run(HeadingMismatch(), two_files(zh, en))
    assert "every English heading is 1 level deeper" in f.message and f.subject == "shift:1"


def test_setext_headings_are_level_one_or_two():
    zh = "# 发布说明\n\n## 新功能\n\n本版本新增表格。\n"
    en = "Release notes\n=============\n\nNew features\n------------\n\nThis release adds tables.\n"
    assert run(HeadingMismatch(), two_files(zh, en)) == []
    assert len(run(HeadingMismatch(), two_files("### 三级\n", "Title\n=====\n"))) == 1


def test_english_heading_for_chinese_text():
    (f,) = run(HeadingMismatch(), two_files("注意事项如下。\n", "## Notes\n"))
    assert f.message == "the English is a heading but the Chinese is not"


def test_outline_counts_a_heading_left_without_english():
    zh = "# 数据集\n\n## 系列\n\n## 维度\n\n## 其他\n"
    en = "# Dataset\n\n## Series\n\n## Others\n"
    doc_pairs = two_files(zh, en, beads=[((1,), (1,)), ((2,), (2,)), ((3,), ()), ((4,), (3,))])
    (f,) = run(HeadingMismatch(), doc_pairs)
    assert f.message == "the heading outlines differ (level 2: 3 Chinese, 2 English)"
    assert f.zh[0].line == 5 and not f.en
    assert run(HeadingMismatch({"outline": False}), doc_pairs) == []


def test_outline_is_not_compared_in_one_file():
    text = "# Shared title\n\n## 安装\n\n## Installation\n"
    assert run(HeadingMismatch(), one_file(text, [((), (1,)), ((1,), (2,))])) == []


def test_same_outline_is_silent():
    zh = "# 快速上手\n\n## 安装\n\n正文。\n\n### 从源码安装\n"
    en = "# Getting started\n\n## Installation\n\nText.\n\n### From source\n"
    assert run(HeadingMismatch(), two_files(zh, en)) == []


# --- ZH702 -------------------------------------------------------------------------------------------

def test_list_item_without_space_after_marker():
    (f,) = run(BlockStructure(), two_files("- 支持 SVG 渲染\n", "-Supports SVG rendering\n"))
    assert f.code == "ZH702" and "`-` needs a space" in f.message


def test_numbered_list_as_bullets_is_one_finding_per_list():
    zh = "1. 备份配置。\n2. 安装新版本。\n3. 运行迁移。\n"
    en = "- Back up the configuration.\n- Install the new version.\n- Run the migration.\n"
    (f,) = run(BlockStructure(), two_files(zh, en))
    assert f.message.endswith("is a bullet in the English (3 items in a row)")
    assert [m.line for m in f.en] == [1, 2, 3]


def test_bullets_as_numbers():
    (f,) = run(BlockStructure(), two_files("- 甲\n", "1. A\n"))
    assert "numbered in the English" in f.message


def test_list_lost_to_a_paragraph():
    (f,) = run(BlockStructure(), two_files("- 支持 SVG 渲染\n", "Supports SVG rendering.\n"))
    assert f.message == "the Chinese list item is not a list item in the English"


def test_block_quote_lost():
    (f,) = run(BlockStructure(), two_files("> 注意：不再默认提供渲染器。\n", "Note: no renderer by default.\n"))
    assert "block quote" in f.message
    assert run(BlockStructure(), two_files("> 注意。\n", ">Note.\n")) == []


def test_chinese_enumerators_may_become_a_list():
    zh = "1、遵循基本原则。\n\n2、避免太多颜色。\n"
    en = "1. Follow the basic rules.\n\n2. Avoid too many colours.\n"
    assert run(BlockStructure(), two_files(zh, en)) == []


def test_english_list_item_for_chinese_paragraph_only_when_alone():
    (f,) = run(BlockStructure(), two_files("支持 SVG 渲染。\n", "- Supports SVG rendering.\n"))
    assert f.message == "the English is a list item but the Chinese is not"
    # A paragraph rendered as an introduction and a list: the aligner pairs one item, the rest are 0-1.
    zh = "基本结构如下：冒号左边是名称，右边是维度。\n"
    en = "The basic structure:\n\n- Left: the name.\n- Right: the dimension.\n"
    assert run(BlockStructure(), two_files(zh, en, beads=[((), (1,)), ((), (2,)), ((1,), (3,))])) == []


def test_continuation_paragraphs_and_same_kinds_are_silent():
    zh = "- 第一项\n\n  补充说明。\n\n- 第二项\n"
    en = "- First item\n\n  More about it.\n\n- Second item\n"
    assert run(BlockStructure(), two_files(zh, en)) == []


# --- ZH703 -------------------------------------------------------------------------------------------

ZH_CODE = """\
```js
// 初始化实例
var chart = echarts.init(dom); /* 注释 */
chart.setOption({
  title: { text: '销量统计' },
  color: ['#fff', "#000"],
  series: [{ name: '销量', type: 'bar', data: [5, 20] }]
});
```
"""
EN_CODE = """\
```javascript
// initialise the instance
var chart = echarts.init(dom); /* a comment */
chart.setOption({
  title: { text: 'Sales' },
  color: ['#fff', "#000"],
  series: [{ name: 'Sales', type: 'bar', data: [5, 20] }]
});
```
"""


def test_translated_comments_and_strings_are_allowed():
    assert run(CodeBlockChanged(), two_files(ZH_CODE, EN_CODE)) == []


def test_changed_value_is_a_warning_on_its_span():
    doc_pairs = two_files(ZH_CODE, EN_CODE.replace("type: 'bar'", "type: 'line'"))
    (f,) = run(CodeBlockChanged(), doc_pairs)
    assert f.severity == Severity.WARNING and "`'bar'` became `'line'`" in f.message
    assert marked(doc_pairs[0], f.zh[0]) == "'bar'" and marked(doc_pairs[0], f.en[0]) == "'line'"
    assert f.en[0].line == 7


def test_dropped_option_and_count_of_differences():
    zh = "```sh\nnpm install echarts --save\nnpm run build --prod\n```\n"
    en = "```bash\nnpm install echarts\nnpm run build\n```\n"
    (f,) = run(CodeBlockChanged(), two_files(zh, en))
    assert "`--save` is missing from the English (and 1 more difference)" in f.message


def test_punctuation_and_moved_lines_are_style():
    zh = "```js\nimport { BarChart, LineChart } from 'echarts/charts';\nfoo(a, b);\n```\n"
    en = "```js\nimport { LineChart, BarChart, } from 'echarts/charts'\nfoo(a, b)\n```\n"
    assert run(CodeBlockChanged(), two_files(zh, en)) == []


def test_missing_block_is_an_error():
    zh = "安装：\n\n```sh\nnpm install echarts\n```\n"
    doc_pairs = two_files(zh, "Install it.\n", beads=[((1,), (1,)), ((2,), ())])
    (f,) = run(CodeBlockChanged(), doc_pairs)
    assert f.severity == Severity.ERROR and f.message.startswith("no English code block matches")
    assert f.zh[0].line == 3


def test_missing_block_without_english_file_is_left_to_unpaired_file():
    doc = parallel_document("doc", "zh.md", segment_markdown("```js\nx()\n```\n"), "", None)
    assert run(CodeBlockChanged(), (doc, (Pair(("zh-1",), ()),))) == []


def test_chinese_text_in_a_fence_may_be_rendered_as_prose():
    zh = "输出：\n\n```\n这是一个关于销量的图表。\n```\n"
    assert run(CodeBlockChanged(), two_files(zh, "Output: a chart about sales.\n")) == []
    en = "Output:\n\n```\nThis is a chart about \"sales\": 335, 310.\n```\n"
    zh2 = "输出：\n\n```\n这是一个关于“销量”的图表：335，310。\n```\n"
    assert run(CodeBlockChanged(), two_files(zh2, en)) == []


def test_fence_language_must_match():
    zh = "```js live\nx = 1\n```\n"
    (f,) = run(CodeBlockChanged(), two_files(zh, "```js\nx = 1\n```\n"))
    assert f.message == "the code block is `js live` in the Chinese, `js` in the English"
    assert run(CodeBlockChanged(), two_files("```js{1,3}\nx = 1\n```\n", "```javascript {1,3} [a.js]\nx = 1\n```\n")) == []
    assert run(CodeBlockChanged({"compare-language": False}), two_files(zh, "```js\nx = 1\n```\n")) == []


def test_hash_comments_only_in_languages_that_have_them():
    zh = "```py\nx = 1  # 计数\n```\n\n```js\ncolor = '#fff'\n```\n"
    en = "```python\nx = 1  # the count\n```\n\n```js\ncolor = '#000'\n```\n"
    (f,) = run(CodeBlockChanged(), two_files(zh, en))
    assert "`'#fff'` became `'#000'`" in f.message


def test_blocks_are_matched_in_order_around_identical_ones():
    blocks_zh = ["```js\na()\n```", "```js\nfoo(1, 2, 3)\nbar()\n```", "```js\nz()\n```"]
    blocks_en = ["```js\na()\n```", "```js\nfoo(1, 2, 4)\nbar()\n```", "```js\nz()\n```"]
    (f,) = run(CodeBlockChanged(), two_files("\n\n".join(blocks_zh) + "\n", "\n\n".join(blocks_en) + "\n"))
    assert "`3` became `4`" in f.message and f.zh[0].line == 6


def test_unclosed_english_fence_is_an_error():
    zh = "例子：\n\n```js\nx = 1\n```\n\n> 注意。\n"
    en = "Example:\n\n```js\nx = 1\n```>\n> Note.\n"
    (f,) = run(CodeBlockChanged(), two_files(zh, en))
    assert f.severity == Severity.ERROR and "does not close the code fence" in f.message
    assert f.en[0].line == 5
    (g,) = run(CodeBlockChanged(), two_files(zh, "Example:\n\n```js\nx = 1\n\n> Note.\n"))
    assert "never closed" in g.message and g.en[0].line == 3


def test_one_file_documents():
    # A block written once for both languages (no Chinese) is English-only, and a Chinese block
    # followed by its English version is a pair whatever the script of the second.
    text = ("运行：\n\nRun:\n\n```sh\nnpm run dev\n```\n\n"
            "```js\n// 创建图表\nconst c = init(dom);\n```\n\n```js\n// create the chart\nconst c = init(dom);\n```\n")
    assert run(CodeBlockChanged(), one_file(text, [((1,), (1,))])) == []
    changed = text.replace("const c = init(dom);\n```\n", "const c = init(el);\n```\n").replace(
        "// 创建图表\nconst c = init(el);", "// 创建图表\nconst c = init(dom);")
    (f,) = run(CodeBlockChanged(), one_file(changed, [((1,), (1,))]))
    assert "`dom` became `el`" in f.message
    # Written once with Chinese comments: a warning, as it may be meant for both languages.
    (g,) = run(CodeBlockChanged(), one_file("运行：\n\nRun:\n\n```js\n// 创建\nx()\n```\n", [((1,), (1,))]))
    assert g.severity == Severity.WARNING


def test_many_rewritten_blocks_stay_fast():
    zh = "\n\n".join(f"```js\nvar v{k} = compute({k}, 'a{k}');\n```" for k in range(400)) + "\n"
    en = "\n\n".join(f"```js\nvar w{k} = other({k + 1});\n```" for k in range(400)) + "\n"
    start = time.perf_counter()
    findings = run(CodeBlockChanged(), two_files(zh, en))
    assert time.perf_counter() - start < 5.0
    assert len(findings) == 400


# --- ZH704 -------------------------------------------------------------------------------------------

def test_dropped_iframe_is_reported_at_its_src():
    zh = "说明。\n\n<iframe width=\"100%\"\n src=\"https://gallery.example.org/view?cid=x1\">\n</iframe>\n"
    doc_pairs = two_files(zh, "Text.\n")
    (f,) = run(LinkTargetMismatch(), doc_pairs)
    assert f.code == "ZH704" and f.severity == Severity.WARNING
    assert f.message == ('the <iframe src="https://gallery.example.org/view?cid=x1"> of the Chinese '
                         'is missing from the English')
    assert f.zh[0].line == 4 and marked(doc_pairs[0], f.zh[0]).startswith("src=")


def test_localised_and_moved_targets_are_found():
    zh = ("<iframe src=\"https://x.org/examples/zh/editor.html?c=line\"></iframe>\n\n文字。\n\n"
          "<img src=\"images/pointer-zh.gif\">\n")
    en = ("Text.\n\n<img src=\"images/pointer-en.gif\">\n\n"
          "<iframe src=\"https://x.org/examples/en/editor.html?c=line\"></iframe>\n")
    assert run(LinkTargetMismatch(), two_files(zh, en)) == []


def test_each_occurrence_counts():
    zh = "<img src=\"a.png\">\n\n说明。\n\n<img src=\"a.png\">\n"
    en = "<img src=\"a.png\">\n\nText.\n"
    (f,) = run(LinkTargetMismatch(), two_files(zh, en))
    assert f.zh[0].line == 5


def test_markdown_links_in_rendered_prose_are_left_to_zh502():
    zh = "见[官方示例](https://echarts.apache.org/examples)和![图](a.png)。\n"
    assert run(LinkTargetMismatch(), two_files(zh, "See the official examples.\n")) == []


def test_image_paragraph_without_english_is_reported():
    zh = "流程如下。\n\n![](images/flow.png)\n"
    doc_pairs = two_files(zh, "The flow:\n", beads=[((1,), (1,)), ((2,), ())])
    (f,) = run(LinkTargetMismatch(), doc_pairs)
    assert f.message == "the image target 'images/flow.png' of the Chinese is missing from the English"


def test_code_comments_and_anchors_are_not_targets():
    zh = ("用 `<img src=\"demo.png\">` 嵌入图片。\n\n<!-- <iframe src=\"old.html\"></iframe> -->\n\n"
          "<a href=\"#安装\">安装</a>\n\n```html\n<img src=\"code.png\">\n```\n")
    assert run(LinkTargetMismatch(), two_files(zh, "Embed images.\n")) == []


# --- ZH705 -------------------------------------------------------------------------------------------

TABLE_ZH = "| 参数 | 类型 | 说明 |\n|---|---|---|\n| width | number | 宽度 |\n| height | number | 高度 |\n"


def test_dropped_column():
    en = "| Option | Description |\n|---|---|\n| width | Width |\n| height | Height |\n"
    (f,) = run(TableStructure(), two_files(TABLE_ZH, en))
    assert f.message == "the table differs: 3 columns in the Chinese, 2 in the English"


def test_dropped_row_and_missing_table():
    en = "| Option | Type | Description |\n|---|---|---|\n| width | number | Width |\n"
    (f,) = run(TableStructure(), two_files(TABLE_ZH, en))
    assert f.message == "the table differs: 3 rows in the Chinese, 2 in the English"
    (g,) = run(TableStructure(), two_files(TABLE_ZH, "Options: width and height.\n"))
    assert g.message.startswith("the English has no table for this Chinese table")


def test_same_tables_and_one_file_tables_are_silent():
    en = "| Option | Type | Description |\n|---|---|---|\n| width | number | Width |\n| height | number | |\n"
    assert run(TableStructure(), two_files(TABLE_ZH + "\n段落\n\n" + TABLE_ZH, en + "\nText\n\n" + en)) == []
    glossary = "| 中文 | English |\n|---|---|\n| 系列 | series |\n"
    assert run(TableStructure(), one_file(glossary, [((1,), (1,))])) == []
