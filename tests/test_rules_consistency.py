"""ZH801 inconsistent-translation and ZH802 same-english-different-source (run scope)."""
from __future__ import annotations

from pathlib import Path

import pytest

from qa_checker.model import Category, Document, Mask, Pair, Paragraph, Severity
from qa_checker.rules import rule_classes
from qa_checker.rules.base import DocumentContext, RunContext
from qa_checker.rules.consistency import (InconsistentTranslation, SameEnglishDifferentSource, chinese_key,
                                          english_key)

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SENTENCE = "安装之前，请先关闭所有正在运行的程序。"


def document(name, rows, *, kinds=None, masks=None, extra_pairs=()):
    """A two-file document whose pairs are the (zh, en) ``rows``, one paragraph each side."""
    paras, pairs, kinds, masks = [], [], kinds or {}, masks or {}
    for k, (zh, en) in enumerate(rows):
        kind = kinds.get(k, "text")
        z = Paragraph(f"zh-{k}", "zh", zh, f"zh/{name}", 1 + 2 * k, kind=kind, masks=tuple(masks.get(("zh", k), ())))
        e = Paragraph(f"en-{k}", "en", en, f"en/{name}", 1 + 2 * k, kind=kind, masks=tuple(masks.get(("en", k), ())))
        paras += [z, e]
        pairs.append(Pair((z.id,), (e.id,)))
    doc = Document(name, f"zh/{name}", f"en/{name}", "parallel", tuple(paras))
    return DocumentContext(doc, tuple(pairs) + tuple(extra_pairs), None)


def run(rule, *documents):
    return list(rule.check_run(RunContext(tuple(documents), None)))


def test_registered_as_run_rules():
    assert rule_classes()["ZH801"] is InconsistentTranslation
    assert rule_classes()["ZH802"] is SameEnglishDifferentSource
    for cls in (InconsistentTranslation, SameEnglishDifferentSource):
        assert cls.info.scope == "run" and cls.info.category == Category.CONSISTENCY


# --- normalising -----------------------------------------------------------------------------------

def test_keys_ignore_width_punctuation_space_and_case():
    assert chinese_key("安装之前，请先关闭 所有程序。") == chinese_key("安装之前,请先关闭所有程序.")
    assert chinese_key("ＡＰＩ（应用）") == chinese_key("api(应用)")
    assert english_key("Close  all programs!") == english_key("close all programs.")
    assert english_key("Run `npm install`") != english_key("Run `yarn add`")


# --- ZH801 -----------------------------------------------------------------------------------------

def test_different_rendering_in_another_file_fires_pointing_to_the_first():
    a = document("install.md", [(SENTENCE, "Before installing, close all running programs.")])
    b = document("upgrade.md", [("升级步骤如下", "The upgrade steps are:"),
                                (SENTENCE, "Please quit every open application first.")])
    (f,) = run(InconsistentTranslation(), a, b)
    assert f.code == "ZH801" and f.severity == Severity.WARNING and f.document == "upgrade.md"
    assert f.en[0].paragraph == "en-1" and f.zh[0].paragraph == "zh-1"
    assert "en/install.md:1" in f.message and "Before installing" in f.message


def test_the_usual_rendering_wins_over_the_first():
    good, odd = "Before installing, close all running programs.", "Quit everything first."
    doc = document("a.md", [(SENTENCE, odd), (SENTENCE, good), (SENTENCE, good)])
    (f,) = run(InconsistentTranslation(), doc)
    assert f.en[0].paragraph == "en-0" and "a.md:3" in f.message


def test_each_divergent_occurrence_is_reported():
    doc = document("a.md", [(SENTENCE, "One."), (SENTENCE, "Two."), (SENTENCE, "Three.")])
    findings = run(InconsistentTranslation(), doc)
    assert [f.en[0].paragraph for f in findings] == ["en-1", "en-2"]  # ties: the first is usual


def test_equal_after_normalising_is_silent():
    doc = document("a.md", [(SENTENCE, "Before installing, close all running programs."),
                            ("安装之前,请先关闭所有正在运行的程序.", "before installing: Close all running programs!")])
    assert run(InconsistentTranslation(), doc) == []


def test_short_chinese_is_not_compared_unless_configured():
    doc = document("a.md", [("注意", "Note"), ("注意", "Caution")])
    assert run(InconsistentTranslation(), doc) == []
    assert len(run(InconsistentTranslation({"min-han": 2}), doc)) == 1


def test_link_targets_and_markup_are_ignored():
    zh = "## 详见[配置说明](zh/config.md)一节的内容"
    en1, en2 = "## See [Configuration](en/config.md) for details", "## See [Configuration](./setup.md) for details"

    def marks(text):
        target = text.index("](")
        return [Mask(0, 3, "markup"), Mask(target, text.index(")") + 1, "link-target")]

    masks = {("zh", 0): marks(zh), ("zh", 1): marks(zh), ("en", 0): marks(en1), ("en", 1): marks(en2)}
    assert run(InconsistentTranslation(), document("a.md", [(zh, en1), (zh, en2)], masks=masks)) == []
    assert len(run(InconsistentTranslation(), document("a.md", [(zh, en1), (zh, en2)]))) == 1  # unmasked


def test_code_and_many_to_one_pairs_are_not_compared():
    code = "```\n# 安装之前请先关闭所有正在运行的程序\n```"
    doc = document("a.md", [(code, "```\n# close programs\n```"), (code, "```\n# quit apps\n```")],
                   kinds={0: "code", 1: "code"})
    assert run(InconsistentTranslation(), doc) == []
    base = document("b.md", [(SENTENCE, "Close all running programs first.")])
    # a 1-2 bead whose English also renders a neighbour: not compared
    z = Paragraph("zh-9", "zh", SENTENCE, "zh/c.md", 1)
    e1 = Paragraph("en-9", "en", "Quit all apps.", "en/c.md", 1)
    e2 = Paragraph("en-10", "en", "Then run it.", "en/c.md", 3)
    other = DocumentContext(Document("c.md", "zh/c.md", "en/c.md", "parallel", (z, e1, e2)),
                            (Pair(("zh-9",), ("en-9", "en-10")),), None)
    assert run(InconsistentTranslation(), base, other) == []


# --- ZH802 -----------------------------------------------------------------------------------------

PASTED = "Download the package and unzip it into any folder."


def test_same_english_for_different_chinese_fires():
    doc = document("a.md", [("下载安装包，并解压到任意目录。", PASTED), ("运行安装程序，并按提示完成配置。", PASTED)])
    (f,) = run(SameEnglishDifferentSource(), doc)
    assert f.code == "ZH802" and f.severity == Severity.INFO
    assert f.en[0].paragraph == "en-1" and "zh/a.md:1" in f.message


def test_reworded_chinese_is_silent():
    en = "See the example below to configure the axes of the chart."
    doc = document("a.md", [("请参考以下示例来配置图表的坐标轴。", en), ("请参考下面的示例来配置图表的坐标轴。", en)])
    assert run(SameEnglishDifferentSource(), doc) == []


def test_different_numbers_or_names_are_not_rewording():
    en = "What is new in Apache ECharts version 5.5.0"
    doc = document("a.md", [("Apache ECharts 5.5.0 版本新特性介绍", en), ("Apache ECharts 5.6.0 版本新特性介绍", en)])
    (f,) = run(SameEnglishDifferentSource(), doc)
    assert f.zh[0].paragraph == "zh-1"


def test_short_english_is_not_compared():
    doc = document("a.md", [("示例", "For example:"), ("如下图所示的例子", "For example:")])
    assert run(SameEnglishDifferentSource(), doc) == []
    assert len(run(SameEnglishDifferentSource({"min-words": 2, "max-source-similarity": 0.9}), doc)) == 1


def test_english_only_or_latin_only_chinese_side_is_not_compared():
    doc = document("a.md", [("Apache ECharts", "Apache ECharts is a charting library for the web."),
                            ("ECharts", "Apache ECharts is a charting library for the web.")])
    assert run(SameEnglishDifferentSource(), doc) == []


def test_deterministic_order():
    docs = [document(f"{k}.md", [(SENTENCE, f"Rendering number {k} of the sentence.")]) for k in range(5)]
    first = [(f.document, f.message) for f in run(InconsistentTranslation(), *docs)]
    assert first == [(f.document, f.message) for f in run(InconsistentTranslation(), *docs)]
    assert [d for d, _ in first] == ["1.md", "2.md", "3.md", "4.md"]


# --- on real documentation -------------------------------------------------------------------------

@pytest.mark.shared
@pytest.mark.skipif(not (SHARED / "eval" / "docs_pairs").is_dir(), reason="development data not available")
def test_real_documentation_run(tmp_path):
    """63 real documentation pairs checked as one run: the reports measured when the thresholds were
    set (8 ZH801, all real inconsistencies; no ZH802) stay that way."""
    import shutil

    from qa_checker.api import check
    from qa_checker.config import Config

    for pair_dir in sorted((SHARED / "eval" / "docs_pairs").iterdir()):
        for lang in ("zh", "en"):
            (tmp_path / lang).mkdir(exist_ok=True)
            shutil.copy(pair_dir / f"{lang}.md", tmp_path / lang / f"{pair_dir.name}.md")
    result = check([str(tmp_path)], Config(encoder=False, select=("ZH801", "ZH802")))
    found = sorted((f.code, Path(f.primary.path).name, f.primary.line) for f in result.findings)
    assert [c for c, _, _ in found].count("ZH802") == 0
    assert ("ZH801", "209.md", 71) in found  # "Complete Changelog" vs "Full Changelog"
    assert len(found) <= 10
