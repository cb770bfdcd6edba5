"""Readers: the same sample in every format, exact positions, masks, suppressions, directory pairing,
tables, references and every error path."""
from __future__ import annotations

import collections
import json
import os
import time
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from qa_checker.errors import InputError
from qa_checker.model import Document, Paragraph
from qa_checker.readers import FORMATS, read_inputs
from qa_checker.readers.decode import decode
from qa_checker.readers.markdown import segment_markdown
from qa_checker.readers.plaintext import segment_plain

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
F = ROOT / "fixtures" / "formats"

ZH_TEXTS = [
    "快速上手",
    "本工具检查中文到英文的翻译质量，能发现漏译和未翻译的中文。",
    "安装只需一条命令：`pip install qa-checker`。",
    "它支持以下格式：",
    "纯文本和 Markdown 文件",
    "表格文件（TSV 和 CSV）",
    "2024年共有 120 个项目使用了本工具。",
    "详细文档见 https://example.org/docs 。",
]
ZH_TRADITIONAL = [
    "快速上手",
    "本工具檢查中文到英文的翻譯品質，能發現漏譯和未翻譯的中文。",
    "安裝只需一條命令：`pip install qa-checker`。",
    "它支援以下格式：",
    "純文字和 Markdown 檔案",
    "表格檔案（TSV 和 CSV）",
    "2024年共有 120 個專案使用了本工具。",
    "詳細文件見 https://example.org/docs 。",
]
EN_TEXTS = [
    "Getting started",
    "This tool checks the quality of Chinese-to-English translations, and finds omissions and untranslated Chinese.",
    "Installing it takes a single command: `pip install qa-checker`.",
    "It supports the following formats:",
    "Plain text and Markdown files",
    "Table files (TSV and CSV)",
    "In 2024, 120 projects used this tool.",
    "See https://example.org/docs for the full documentation.",
]

# (name, paths relative to fixtures/formats, mode, document id (None: the single path), zh texts)
SAMPLES = [
    ("interleaved-md", ["interleaved.md"], "interleaved", None, ZH_TEXTS),
    ("interleaved-txt", ["interleaved.txt"], "interleaved", None, ZH_TEXTS),
    ("pair", ["pair/zh.md", "pair/en.md"], "parallel", None, ZH_TEXTS),
    ("tree-one-dir", ["tree"], "parallel", "docs/zh/basics/start.md", ZH_TEXTS),
    ("tree-two-dirs", ["tree/docs/zh", "tree/docs/en"], "parallel", "basics/start.md", ZH_TEXTS),
    ("name-pairs", ["names"], "parallel", "start.zh-CN.md", ZH_TEXTS),
    ("tsv", ["table.tsv"], "table", None, ZH_TEXTS),
    ("csv", ["table.csv"], "table", None, ZH_TEXTS),
    ("gb18030", ["encodings/gb18030.txt"], "interleaved", None, ZH_TEXTS),
    ("big5", ["encodings/big5.txt"], "interleaved", None, ZH_TRADITIONAL),
    ("utf16-bom", ["encodings/utf16-bom.txt"], "interleaved", None, ZH_TEXTS),
    ("utf8-bom-crlf", ["encodings/utf8-bom-crlf.md"], "interleaved", None, ZH_TEXTS),
]


def fixture_paths(rel_paths: list[str]) -> list[str]:
    return [os.path.relpath(F / p) for p in rel_paths]


def prose(p: Paragraph) -> str:
    """The paragraph without its block markup (`## `, `- `), so that Markdown compares with text."""
    text = p.text
    for m in reversed(p.masks):
        if m.kind == "markup":
            text = text[:m.start] + text[m.end:]
    return text.strip()


def assert_positions_exact(doc: Document) -> None:
    """Every character of every paragraph sits at the file line/column that ``position`` names."""
    files: dict[str, list[str]] = {}
    for p in doc.paragraphs:
        if p.path not in files:
            files[p.path] = decode(Path(p.path).read_bytes(), p.path)[0].split("\n")
        lines = files[p.path]
        for offset, char in enumerate(p.text):
            line, column = p.position(offset)
            source = lines[line - 1]
            found = source[column - 1] if column - 1 < len(source) else "\n"
            assert found == char, f"{p.path}:{line}:{column}: {p.id} offset {offset} is {char!r}, file has {found!r}"


def assert_masks_well_formed(doc: Document) -> None:
    for p in doc.paragraphs:
        for m in p.masks:
            assert 0 <= m.start < m.end <= len(p.text), (p.id, m)
        for a, b in zip(p.masks, p.masks[1:]):
            assert a.end <= b.start, (p.id, a, b)


# -- the same sample in every format ------------------------------------------------------------
@pytest.mark.parametrize("name, rel_paths, mode, doc_id, zh_texts", SAMPLES, ids=[s[0] for s in SAMPLES])
def test_every_format_gives_the_same_paragraphs(name, rel_paths, mode, doc_id, zh_texts):
    paths = fixture_paths(rel_paths)
    (doc,) = read_inputs(paths)
    assert doc.mode == mode
    assert doc.id == (doc_id if doc_id else paths[0])
    assert [prose(p) for p in doc.side("zh")] == zh_texts
    assert [prose(p) for p in doc.side("en")] == EN_TEXTS
    assert [p.id for p in doc.side("zh")] == [f"zh-{i}" for i in range(1, 9)]
    assert [p.id for p in doc.side("en")] == [f"en-{i}" for i in range(1, 9)]
    assert [p.index for p in doc.paragraphs] == list(range(len(doc.paragraphs)))
    assert_positions_exact(doc)
    assert_masks_well_formed(doc)
    if mode == "table":
        assert doc.given_pairs == tuple(((f"zh-{i}",), (f"en-{i}",)) for i in range(1, 9))
    else:
        assert doc.given_pairs is None


def test_paths_are_kept_as_given():
    (doc,) = read_inputs([str(F / "pair" / "zh.md"), str(F / "pair" / "en.md")])
    assert {p.path for p in doc.side("zh")} == {str(F / "pair" / "zh.md")}
    assert doc.zh_path == str(F / "pair" / "zh.md") and doc.en_path == str(F / "pair" / "en.md")
    (tree_doc,) = read_inputs([os.path.relpath(F / "tree")])
    assert tree_doc.zh_path == os.path.relpath(F / "tree") + "/docs/zh/basics/start.md"


def test_line_numbers_checked_by_hand():
    (md,) = read_inputs([str(F / "interleaved.md")])
    zh3, en5, zh8 = md.paragraph("zh-3"), md.paragraph("en-5"), md.paragraph("zh-8")
    assert (zh3.line, zh3.column, zh3.kind) == (9, 1, "text")
    assert (en5.line, en5.column, en5.kind, en5.text) == (18, 1, "list", "- Plain text and Markdown files")
    assert (md.paragraph("zh-1").line, md.paragraph("zh-1").kind) == (1, "heading")
    assert zh3.position(9) == (9, 10)  # the opening backtick
    assert zh8.position(6) == (26, 7)  # the URL
    (tsv,) = read_inputs([str(F / "table.tsv")])
    zh, en = tsv.paragraph("zh-3"), tsv.paragraph("en-3")
    assert (zh.line, zh.column, zh.kind) == (4, 3, "row")  # after "3\t"
    assert (en.line, en.column) == (4, 38)  # 3 + 34 characters of Chinese + a tab
    (csv_doc,) = read_inputs([str(F / "table.csv")])
    en2 = csv_doc.paragraph("en-2")  # a quoted cell: its text starts after the quote
    assert (en2.line, en2.column) == (3, 32)
    (crlf,) = read_inputs([str(F / "encodings" / "utf8-bom-crlf.md")])
    assert [p.line for p in crlf.side("en")] == [3, 7, 11, 15, 18, 20, 24, 28]


def test_interleaved_sides_follow_the_script():
    (doc,) = read_inputs([str(F / "interleaved.md")])
    assert [p.lang for p in doc.paragraphs] == ["zh", "en"] * 8


def test_masks_of_the_sample():
    (doc,) = read_inputs([str(F / "interleaved.md")])
    kinds = {p.id: [(m.kind, p.text[m.start:m.end]) for m in p.masks] for p in doc.paragraphs}
    assert kinds["zh-1"] == [("markup", "# ")]
    assert kinds["zh-3"] == [("inline-code", "`pip install qa-checker`")]
    assert kinds["en-8"] == [("url", "https://example.org/docs")]
    assert kinds["zh-5"] == [("markup", "- ")]
    assert kinds["zh-7"] == []  # numbers are prose


# -- Markdown structure -------------------------------------------------------------------------
MARKDOWN = """---
title: 快速上手
tags:
  - 入门
---

## 安装 ##

> 引用的一段
> 第二行
>
> - 引用里的列表项

- 第一项 `code`
  续行
  - 嵌套项 {name}

1. 有序项

   第二段 <!-- qa-checker: disable ZH101 -->

| 名称 | 说明 |
|------|:----:|
| `a` | 第一列 \\| 带竖线 |

<!-- 只是注释 -->
<!-- qa-checker: disable ZH201, ZH202 -->
被抑制的段落，见 [文档](https://example.org/a "标题") 或 dev@example.org。

<!-- qa-checker: disable-file -->

小标题
======

    缩进代码
```js
const a = 1;
```
<div align="center">
  <img src="a.png">
</div>

[ref]: https://example.org/ref
<!-- qa-checker: disable ZH999 -->
"""


def markdown_blocks(text: str):
    return segment_markdown(text).blocks


def test_markdown_block_kinds_lines_and_columns():
    blocks = markdown_blocks(MARKDOWN)
    got = [(b.kind, b.line, b.column, b.text) for b in blocks]
    assert got == [
        ("front-matter", 2, 1, "title: 快速上手"),
        ("front-matter", 4, 3, "- 入门"),
        ("heading", 7, 1, "## 安装 ##"),
        ("quote", 9, 1, "> 引用的一段\n> 第二行"),
        ("list", 12, 1, "> - 引用里的列表项"),
        ("list", 14, 1, "- 第一项 `code`\n  续行"),
        ("list", 16, 3, "- 嵌套项 {name}"),
        ("list", 18, 1, "1. 有序项"),
        ("list", 20, 4, "第二段 <!-- qa-checker: disable ZH101 -->"),
        ("table", 22, 3, "名称"),
        ("table", 22, 8, "说明"),
        ("table", 24, 3, "`a`"),
        ("table", 24, 9, "第一列 \\| 带竖线"),
        ("text", 28, 1, "被抑制的段落，见 [文档](https://example.org/a \"标题\") 或 dev@example.org。"),
        ("heading", 32, 1, "小标题"),
        ("code", 35, 5, "缩进代码"),
        ("code", 36, 1, "```js\nconst a = 1;\n```"),
        ("html", 39, 1, "<div align=\"center\">\n  <img src=\"a.png\">\n</div>"),
    ]


def test_markdown_masks():
    blocks = {b.text.split("\n")[0]: b for b in markdown_blocks(MARKDOWN)}

    def masks(first_line):
        b = blocks[first_line]
        return [(m.kind, b.text[m.start:m.end]) for m in b.masks]

    assert masks("title: 快速上手") == [("front-matter", "title: ")]
    assert masks("## 安装 ##") == [("markup", "## "), ("markup", " ##")]
    assert masks("> 引用的一段") == [("markup", "> "), ("markup", "> ")]
    assert masks("> - 引用里的列表项") == [("markup", "> - ")]
    assert masks("- 第一项 `code`") == [("markup", "- "), ("inline-code", "`code`")]
    assert masks("- 嵌套项 {name}") == [("markup", "- "), ("placeholder", "{name}")]
    assert masks("1. 有序项") == [("markup", "1. ")]
    assert masks("`a`") == [("inline-code", "`a`")]
    assert masks("被抑制的段落，见 [文档](https://example.org/a \"标题\") 或 dev@example.org。") == [
        ("link-target", "](https://example.org/a \"标题\")"), ("email", "dev@example.org")]
    assert masks("缩进代码") == [("code", "缩进代码")]
    assert masks("<div align=\"center\">") == [("html", "<div align=\"center\">\n  <img src=\"a.png\">\n</div>")]


def test_markdown_suppressions():
    seg = segment_markdown(MARKDOWN)
    texts = [b.text for b in seg.blocks]
    got = [(s.line, sorted(s.codes), None if s.block is None else texts[s.block][:6]) for s in seg.suppressions]
    assert got == [
        (20, ["ZH101"], "第二段 <!"),  # at the end of a paragraph's line: that paragraph
        (27, ["ZH201", "ZH202"], "被抑制的段落"),  # on its own line: the next paragraph
        (30, [], None),  # disable-file, no codes: every rule, whole file
    ]  # the ZH999 comment at the very end has no paragraph after it and is dropped


def test_suppressions_become_model_records_with_ids_and_paths(tmp_path):
    zh = tmp_path / "zh.md"
    en = tmp_path / "en.md"
    zh.write_text("# 标题\n\n<!-- qa-checker: disable ZH101 -->\n正文。\n", encoding="utf-8")
    en.write_text("# Title\n\nBody. <!-- qa-checker: disable EN1 -->\n\n<!-- qa-checker: disable-file X9 -->\n",
                  encoding="utf-8")
    (doc,) = read_inputs([str(zh), str(en)])
    got = [(s.path, s.line, s.codes, s.paragraph) for s in doc.suppressions]
    assert got == [(str(zh), 3, frozenset({"ZH101"}), "zh-2"), (str(en), 3, frozenset({"EN1"}), "en-2"),
                   (str(en), 5, frozenset({"X9"}), None)]


def test_html_comment_only_blocks_are_not_paragraphs():
    blocks = markdown_blocks("正文\n\n<!-- 注释 -->\n\n<!--\n多行注释\n-->\n\n结尾\n")
    assert [b.text for b in blocks] == ["正文", "结尾"]


def test_markdown_setext_heading_keeps_its_text_only():
    blocks = markdown_blocks("标题\n---\n\n正文\n")
    assert [(b.kind, b.text) for b in blocks] == [("heading", "标题"), ("text", "正文")]


def test_custom_containers_and_heading_anchors_are_markup():
    blocks = markdown_blocks("::: tip 提示\n这是提示。\n:::\n\n:::\n\n## 安装 {#install}\n")
    got = [(b.kind, b.text, [(m.kind, b.text[m.start:m.end]) for m in b.masks]) for b in blocks]
    assert got == [
        ("text", "::: tip 提示\n这是提示。\n:::", [("markup", "::: tip"), ("markup", ":::")]),
        ("heading", "## 安装 {#install}", [("markup", "## "), ("markup", "{#install}")]),
    ]  # the lone `:::` is no paragraph


# -- plain text ---------------------------------------------------------------------------------
def test_plain_text_paragraphs_and_blank_lines():
    text = "  第一段第一行\n第一段第二行  \n\u3000\u3000\n\u00a0\nSecond paragraph.\n \t\n\n第三段"
    blocks = segment_plain(text).blocks
    assert [(b.line, b.column, b.text) for b in blocks] == [
        (1, 3, "第一段第一行\n第一段第二行"),
        (5, 1, "Second paragraph."),
        (8, 1, "第三段"),
    ]


def test_plain_text_suppressions_and_comment_lines():
    text = ("第一段\n<!-- qa-checker: disable ZH101 -->\n第二段\n\n"
            "第三段 <!-- qa-checker: disable -->\n\n<!-- qa-checker: disable-file ZH9, ZH8 -->\n")
    seg = segment_plain(text)
    assert [b.text for b in seg.blocks] == ["第一段", "第二段", "第三段 <!-- qa-checker: disable -->"]
    assert [(s.line, s.codes, s.block) for s in seg.suppressions] == [
        (2, frozenset({"ZH101"}), 1), (5, frozenset(), 2), (7, frozenset({"ZH9", "ZH8"}), None)]


def test_txt_files_are_plain_text_even_with_markdown_characters(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("# 不是标题\n\n- 不是列表\n", encoding="utf-8")
    (doc,) = read_inputs([str(path)])
    assert [(p.kind, p.text, p.masks) for p in doc.paragraphs] == [("text", "# 不是标题", ()), ("text", "- 不是列表", ())]


# -- the real seed speech and documentation pairs -----------------------------------------------
SEED = SHARED / "seed" / "000_32f4cd11229da98c.txt"


@pytest.mark.shared
@pytest.mark.skipif(not SEED.is_file(), reason="development data absent")
def test_seed_speech_chinese_paragraphs_are_zh():
    (doc,) = read_inputs([str(SEED)])
    assert doc.mode == "interleaved"
    with_han = [p for p in doc.paragraphs if any("\u4e00" <= c <= "\u9fff" for c in p.text)]
    # Six paragraphs of the speech contain Chinese (lines 25, 30, 46, 64, 67 and 94); all are Chinese.
    assert [p.line for p in with_han] == [25, 30, 46, 64, 67, 94]
    assert all(p.lang == "zh" for p in with_han)
    assert len(doc.side("zh")) == 6
    heading = [p for p in doc.paragraphs if p.text == "(二)发表2024北京AI 安全国际共识"]
    assert len(heading) == 1 and heading[0].lang == "zh" and heading[0].line == 64
    assert_positions_exact(doc)


DOCS = SHARED / "eval" / "docs_pairs"


@pytest.mark.shared
@pytest.mark.skipif(not DOCS.is_dir(), reason="development data absent")
def test_real_documentation_pairs():
    pairs = sorted(d for d in DOCS.iterdir() if (d / "meta.json").is_file())
    assert len(pairs) > 20
    for pair in pairs:
        meta = json.loads((pair / "meta.json").read_text(encoding="utf-8"))
        (doc,) = read_inputs([str(pair / "zh.md"), str(pair / "en.md")])
        assert_positions_exact(doc)
        assert_masks_well_formed(doc)
        for lang in ("zh", "en"):
            kinds = collections.Counter(p.kind for p in doc.side(lang))
            assert kinds["heading"] == meta[lang]["headings"], (pair.name, lang)
            # meta.json does not count a fenced block inside a block quote (`> ```ts`); we do.
            top_level_code = sum(1 for p in doc.side(lang) if p.kind == "code" and not p.text.startswith(">"))
            assert top_level_code == meta[lang]["code_blocks"], (pair.name, lang)
            assert (kinds["table"] > 0) == (meta[lang]["tables"] > 0), (pair.name, lang)


# -- directories --------------------------------------------------------------------------------
def write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def summary(docs) -> list[tuple]:
    return [(d.id, d.mode, d.zh_path, d.en_path) for d in docs]


def test_unpaired_files_become_one_sided_documents(tmp_path):
    write(tmp_path, {"zh/a.md": "甲", "zh/b.md": "乙", "en/a.md": "A", "en/c.md": "C"})
    zh, en = str(tmp_path / "zh"), str(tmp_path / "en")
    docs = read_inputs([zh, en])
    assert summary(docs) == [
        ("a.md", "parallel", f"{zh}/a.md", f"{en}/a.md"),
        ("b.md", "parallel", f"{zh}/b.md", ""),
        ("c.md", "parallel", "", f"{en}/c.md"),
    ]
    assert [p.id for p in docs[1].paragraphs] == ["zh-1"]
    assert [p.id for p in docs[2].paragraphs] == ["en-1"]
    one_dir = read_inputs([str(tmp_path)])
    assert [(d.id, bool(d.zh_path), bool(d.en_path)) for d in one_dir] == [
        ("en/c.md", False, True), ("zh/a.md", True, True), ("zh/b.md", True, False)]


def test_language_directories_at_any_depth_and_with_regions(tmp_path):
    write(tmp_path, {"site/docs/zh-CN/guide/a.md": "甲", "site/docs/en-US/guide/a.md": "A",
                     "blog/cn/post.md": "文", "blog/en/post.md": "Post", "README.md": "Read me"})
    docs = read_inputs([str(tmp_path)])
    assert [(d.id, d.mode) for d in docs] == [
        ("README.md", "interleaved"),  # no language marking: read as a one-file document
        ("blog/cn/post.md", "parallel"),
        ("site/docs/zh-CN/guide/a.md", "parallel"),
    ]
    assert docs[2].en_path == f"{tmp_path}/site/docs/en-US/guide/a.md"


def test_one_language_directory_pairs_with_the_rest_of_its_parent(tmp_path):
    # The VuePress layout: English at the top, Chinese under zh/.
    write(tmp_path, {"docs/guide/a.md": "A", "docs/zh/guide/a.md": "甲", "docs/zh/only.md": "只有中文",
                     "docs/extra.md": "Extra"})
    docs = read_inputs([str(tmp_path / "docs")])
    assert [(d.id, Path(d.zh_path).name if d.zh_path else "", Path(d.en_path).name if d.en_path else "",
             d.mode) for d in docs] == [
        ("extra.md", "extra.md", "extra.md", "interleaved"),
        ("zh/guide/a.md", "a.md", "a.md", "parallel"),
        ("zh/only.md", "only.md", "", "parallel"),
    ]


def test_name_pairs_beside_each_other(tmp_path):
    write(tmp_path, {"README.md": "Hello", "README.zh-CN.md": "你好", "x.zh.md": "甲", "x.en.md": "X",
                     "y_zh.txt": "乙", "z.en.md": "Only English"})
    docs = read_inputs([str(tmp_path)])
    assert [(d.id, Path(d.zh_path).name if d.zh_path else "", Path(d.en_path).name if d.en_path else "")
            for d in docs] == [
        ("README.zh-CN.md", "README.zh-CN.md", "README.md"),
        ("x.zh.md", "x.zh.md", "x.en.md"),
        ("y_zh.txt", "y_zh.txt", ""),
        ("z.en.md", "", "z.en.md"),
    ]


def test_hidden_and_non_text_files_are_skipped(tmp_path):
    write(tmp_path, {"zh/a.md": "甲", "en/a.md": "A", ".git/zh/b.md": "乙", "zh/.hidden.md": "丙",
                     "zh/image.png": "x", "node_modules/zh/c.md": "丁", "zh/notes.markdown": "笔记"})
    docs = read_inputs([str(tmp_path)])
    assert [d.id for d in docs] == ["zh/a.md", "zh/notes.markdown"]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks")
def test_symlinks_are_not_followed_unless_asked_and_never_out_of_the_root(tmp_path):
    root = tmp_path / "root"
    write(tmp_path, {"root/zh/a.md": "甲", "root/en/a.md": "A", "outside/secret.md": "机密",
                     "root/shared/b.md": "乙"})
    os.symlink(tmp_path / "outside" / "secret.md", root / "zh" / "secret.md")
    os.symlink(tmp_path / "outside", root / "zh" / "out")
    os.symlink(root / "shared", root / "zh" / "linked")
    os.symlink(root / "zh", root / "zh" / "loop")
    assert [d.id for d in read_inputs([str(root)])] == ["shared/b.md", "zh/a.md"]
    followed = read_inputs([str(root)], follow_symlinks=True)
    assert [d.id for d in followed] == ["shared/b.md", "zh/a.md", "zh/linked/b.md"]


# -- tables -------------------------------------------------------------------------------------
def test_table_empty_english_cell_and_reference_column(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("ZH,EN,reference,comment\n甲,A,Ref A,x\n乙,,,\n,,,\n丙,\"C, quoted\",,\n", encoding="utf-8")
    (doc,) = read_inputs([str(path)])
    assert doc.given_pairs == ((("zh-1",), ("en-1",)), (("zh-2",), ()), (("zh-3",), ("en-2",)))
    assert doc.references == (("zh-1", "Ref A"),)
    assert [(p.id, p.line, p.column) for p in doc.paragraphs] == [
        ("zh-1", 2, 1), ("en-1", 2, 3), ("zh-2", 3, 1), ("zh-3", 5, 1), ("en-2", 5, 4)]


def test_table_multiline_cell_and_whitespace(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text('zh,en\n"第一行\n第二行",  padded  \n甲,A\n', encoding="utf-8")
    (doc,) = read_inputs([str(path)])
    zh1, en1, zh2 = doc.paragraph("zh-1"), doc.paragraph("en-1"), doc.paragraph("zh-2")
    assert (zh1.text, zh1.line, zh1.column) == ("第一行\n第二行", 2, 2)
    assert zh1.position(4) == (3, 1)
    assert (en1.text, en1.line, en1.column) == ("padded", 3, 8)
    assert zh2.line == 4


def test_unquoted_tsv_with_quotes_in_the_text(tmp_path):
    path = tmp_path / "t.tsv"
    path.write_text('source\ttarget\n他说："你好"\t"Hello," he said\n', encoding="utf-8")
    (doc,) = read_inputs([str(path)])
    assert [p.text for p in doc.paragraphs] == ['他说："你好"', '"Hello," he said']
    assert doc.paragraph("en-1").column == len('他说："你好"') + 2


# -- references ---------------------------------------------------------------------------------
def test_reference_file_per_paragraph_and_per_line(tmp_path):
    refs = tmp_path / "ref.txt"
    refs.write_text("\n\n".join(f"Reference {i}" for i in range(8)) + "\n", encoding="utf-8")
    (doc,) = read_inputs([str(F / "interleaved.md")], reference=str(refs))
    assert doc.references[0] == ("zh-1", "Reference 0") and doc.references[7] == ("zh-8", "Reference 7")
    refs.write_text("\n".join(f"Line {i}" for i in range(8)) + "\n", encoding="utf-8")
    (doc,) = read_inputs([str(F / "pair" / "zh.md"), str(F / "pair" / "en.md")], reference=str(refs))
    assert [r[1] for r in doc.references] == [f"Line {i}" for i in range(8)]


def test_reference_errors(tmp_path):
    refs = tmp_path / "ref.txt"
    refs.write_text("only one\n", encoding="utf-8")
    with pytest.raises(InputError, match="1 reference translations for 8 Chinese paragraphs"):
        read_inputs([str(F / "interleaved.md")], reference=str(refs))
    with pytest.raises(InputError, match="reference"):
        read_inputs([str(F / "table.tsv")], reference=str(refs))
    with pytest.raises(InputError, match="no such file"):
        read_inputs([str(F / "interleaved.md")], reference=str(tmp_path / "missing.txt"))


# -- format choice ------------------------------------------------------------------------------
def test_formats_constant_and_explicit_format():
    assert FORMATS == ("interleaved", "pair", "tree", "table", "xliff", "tmx", "po")
    (doc,) = read_inputs([str(F / "pair" / "zh.md")], input_format="interleaved")
    assert doc.mode == "interleaved" and len(doc.side("en")) == 0
    docs = read_inputs([str(F / "interleaved.md"), str(F / "interleaved.txt")], input_format="interleaved")
    assert [d.mode for d in docs] == ["interleaved", "interleaved"]


def test_structured_formats_are_dispatched_lazily(monkeypatch):
    import qa_checker.readers as readers

    def missing(name, *args):
        raise ImportError(name)

    monkeypatch.setattr(readers.importlib, "import_module", missing)
    with pytest.raises(InputError, match="xliff format not supported yet"):
        read_inputs([str(F / "table.tsv")], input_format="xliff")


# -- errors -------------------------------------------------------------------------------------
def error_of(paths, **kwargs) -> InputError:
    with pytest.raises(InputError) as info:
        read_inputs([str(p) for p in paths], **kwargs)
    return info.value


def test_missing_path(tmp_path):
    err = error_of([tmp_path / "nope.md"])
    assert err.path == str(tmp_path / "nope.md") and "no such file" in str(err)


def test_usage_errors(tmp_path):
    write(tmp_path, {"a.md": "甲", "d/b.md": "乙"})
    assert "cannot mix" in str(error_of([tmp_path / "a.md", tmp_path / "d"]))
    assert "unknown input format" in str(error_of([tmp_path / "a.md"], input_format="docx"))
    assert "two files" in str(error_of([tmp_path / "a.md"], input_format="pair"))
    assert "one or two directories" in str(error_of([tmp_path / "d", tmp_path / "d", tmp_path / "d"]))
    assert "is a directory" in str(error_of([tmp_path / "d"], input_format="interleaved"))
    assert "no input" in str(error_of([]))


def test_undecodable_file_in_a_pair_names_that_file_and_byte(tmp_path):
    zh, en = tmp_path / "zh.md", tmp_path / "en.md"
    zh.write_text("中文\n", encoding="utf-8")
    en.write_bytes(b"English \xff\xfe\x00 text")
    err = error_of([zh, en])
    assert err.path == str(en) and err.byte_offset == 10 and "binary" in str(err)
    en.write_bytes(b"English \x81\x30 text")
    err = error_of([zh, en])
    assert err.path == str(en) and err.byte_offset is not None and "--encoding" in str(err)


@pytest.mark.parametrize("content, line, message", [
    ("", 1, "empty table"),
    ("zh,note\n甲,A\n", 1, "no en column"),
    ("zh,en,en\n甲,A,B\n", 1, "two en columns"),
    ("zh,en\n甲,A\n乙\n", 3, "row has 1 fields, the header has 2"),
    ("zh,en\n甲,A\n乙,\"unterminated\n丙,C\n", 3, "unterminated quoted field"),
    ("zh,en\n甲,\"A\"x\n", 2, "malformed CSV"),
])
def test_malformed_tables_name_the_line(tmp_path, content, line, message):
    path = tmp_path / "t.csv"
    path.write_text(content, encoding="utf-8")
    err = error_of([path])
    assert err.line == line and message in str(err)
    assert str(err).startswith(f"{path}:{line}: ")


def test_input_errors_are_one_line(tmp_path):
    path = tmp_path / "t.tsv"
    path.write_text("zh\ten\n甲\n", encoding="utf-8")
    err = error_of([path])
    assert "\n" not in str(err) and str(err).startswith(f"{path}:2: ")


# -- robustness and speed -----------------------------------------------------------------------
_TEXT_ALPHABET = st.sampled_from(list("中文字 a1.\n\n\n\t\u3000#->*`|[]()<!-{}%$@:") + ["<!-- qa-checker: disable X1 -->"])


@settings(max_examples=200, deadline=None)
@given(st.lists(_TEXT_ALPHABET, max_size=80).map("".join))
def test_plain_text_never_loses_text(text):
    seg = segment_plain(text)
    kept = "".join(b.text for b in seg.blocks)
    without_comment_lines = "\n".join(line for line in text.split("\n")
                                      if not (line.strip().startswith("<!--") and line.strip().endswith("-->")))
    assert "".join(kept.split()) == "".join(without_comment_lines.split()).replace("\u3000", "")
    lines = text.split("\n")
    for b in seg.blocks:
        assert lines[b.line - 1][b.column - 1:].startswith(b.text.split("\n")[0])


@settings(max_examples=200, deadline=None)
@given(st.lists(_TEXT_ALPHABET, max_size=80).map("".join))
def test_markdown_blocks_always_point_into_the_source(text):
    lines = text.split("\n")
    for b in segment_markdown(text).blocks:
        assert b.text and b.text == b.text.strip(" \t\n\u3000"), b
        for offset, char in enumerate(b.text):
            newlines = b.text.count("\n", 0, offset)
            column = b.column + offset if not newlines else offset - b.text.rfind("\n", 0, offset)
            source = lines[b.line - 1 + newlines]
            assert (source[column - 1] if column <= len(source) else "\n") == char, (b, offset)
        for m in b.masks:
            assert 0 <= m.start < m.end <= len(b.text)


def test_large_table_reads_fast(tmp_path):
    path = tmp_path / "big.tsv"
    rows = ["zh\ten"] + [f"这是第{i}个句子，包含数字{i * 3}。\tThis is sentence {i}, with the number {i * 3}."
                         for i in range(100_000)]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    start = time.process_time()
    (doc,) = read_inputs([str(path)])
    elapsed = time.process_time() - start
    assert len(doc.given_pairs) == 100_000 and doc.paragraph("en-100000").line == 100_001
    # About 2.5 s of CPU on a busy two-core machine; the bound leaves room for slower CI.
    assert elapsed < 15, elapsed
