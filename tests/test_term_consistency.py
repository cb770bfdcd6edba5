"""ZH803 inconsistent-term: a name learned from the run, rendered another way in one pair."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from qa_checker.model import Category, Document, Pair, Paragraph, Severity
from qa_checker.rules import rule_classes
from qa_checker.rules.base import DocumentContext, RunContext
from qa_checker.rules.term_consistency import (InconsistentTerm, _adjective_of, _is_inner_capital,
                                               _tokens)

SHARED = Path(__file__).resolve().parents[1].parent / "shared"

HARMONY = [
    ("鸿蒙是一个分布式操作系统。", "HarmonyOS is a distributed operating system."),
    ("鸿蒙支持手机、手表和电视等多种设备。", "HarmonyOS runs on phones, watches, TVs and many other devices."),
]


def document(name, rows, similarity=None):
    """A two-file document whose pairs are the (zh, en) ``rows``, one paragraph each side."""
    paras, pairs = [], []
    for k, (zh, en) in enumerate(rows):
        z = Paragraph(f"zh-{k}", "zh", zh, f"zh/{name}", 1 + 2 * k)
        e = Paragraph(f"en-{k}", "en", en, f"en/{name}", 1 + 2 * k)
        paras += [z, e]
        pairs.append(Pair((z.id,), (e.id,), similarity=similarity))
    doc = Document(name, f"zh/{name}", f"en/{name}", "parallel", tuple(paras))
    return DocumentContext(doc, tuple(pairs), None)


def run(*documents, **options):
    return list(InconsistentTerm(options or None).check_run(RunContext(tuple(documents), None)))


def marked(finding, doc_ctx):
    doc = doc_ctx.document
    zh = [doc.paragraph(m.paragraph).text[m.start:m.end] for m in finding.zh]
    en = [doc.paragraph(m.paragraph).text[m.start:m.end] for m in finding.en]
    return zh, en


def test_registered_as_a_documented_run_rule():
    cls = rule_classes()["ZH803"]
    assert cls is InconsistentTerm
    info = cls.info
    assert (info.name, info.category, info.severity, info.scope) == (
        "inconsistent-term", Category.CONSISTENCY, Severity.WARNING, "run")
    for heading in ("### What it does", "### Why it matters", "### Example", "### Options"):
        assert heading in info.doc
    for option in info.options:
        assert f"`{option}`" in info.doc


def test_a_transliterated_name_is_reported_with_both_spans():
    doc = document("a.md", HARMONY + [("开发者可以为鸿蒙编写应用。", "Developers can write apps for Hongmeng.")])
    findings = run(doc)
    assert len(findings) == 1
    f = findings[0]
    assert f.message == '"鸿蒙" is rendered "HarmonyOS" in 2 of its 3 pairs in the run, but "Hongmeng" here'
    assert marked(f, doc) == (["鸿蒙"], ["Hongmeng"])
    assert f.primary.paragraph == "en-2"
    assert f.subject == "鸿蒙\x1fhongmeng"


def test_across_documents_of_one_run():
    first = document("intro.md", HARMONY)
    second = document("apps.md", [("开发者可以为鸿蒙编写应用。", "Developers can write apps for Hongmeng.")])
    findings = run(first, second)
    assert [f.document for f in findings] == ["apps.md"]


def test_each_pair_of_a_recurring_variant_is_reported():
    rows = HARMONY + [("鸿蒙的内核很小。", "The kernel of HarmonyOS is small."),
                      ("鸿蒙是开源的。", "HarmonyOS is open source.")]
    rows += [("开发者可以为鸿蒙编写应用。", "Developers can write apps for Hongmeng."),
             ("鸿蒙应用运行很快。", "Hongmeng apps run fast.")]
    assert len(run(document("a.md", rows))) == 2
    # Four of six pairs is the usual rendering; three of five is not usual enough.
    assert run(document("a.md", rows[:3] + rows[4:])) == []


def test_a_left_out_rendering_is_an_omission_not_a_variant():
    doc = document("a.md", HARMONY + [("开发者可以为鸿蒙编写应用。", "Developers can write apps for it.")])
    assert run(doc) == []


def test_another_name_that_renders_other_chinese_is_explained():
    # Beijing is 北京 (CC-CEDICT); ArkTS is kept in the Chinese.
    for zh, en in [("北京的开发者可以为鸿蒙编写应用。", "Developers in Beijing can write apps for it."),
                   ("开发者可以用 ArkTS 为鸿蒙编写应用。", "Developers can write apps for it in ArkTS.")]:
        assert run(document("a.md", HARMONY + [(zh, en)])) == [], en


def test_a_name_used_where_the_term_is_not_renders_something_else():
    rows = HARMONY + [("开发者可以为鸿蒙编写应用。", "Developers can write apps for Galaxy."),
                      ("这款手机很受欢迎。", "The Galaxy phone is popular.")]
    assert run(document("a.md", rows)) == []


def test_several_unexplained_names_are_left_alone():
    doc = document("a.md", HARMONY + [("开发者可以为鸿蒙编写应用。", "Developers like Zorvex can write apps for Hongmeng.")])
    assert run(doc) == []


def test_a_term_inside_a_longer_word_is_not_that_term():
    # 英文 inside 中英文 ("Chinese and English"): "Chinese" does not render 英文.
    rows = [("请使用英文发送邮件。", "Please write the email in English."),
            ("其他问题可以发送英文邮件。", "For other questions, send an email in English."),
            ("英文文档更完整。", "The English documentation is more complete."),
            ("如果需要使用除中英文以外的语言，请先注册。", "To use a language other than Chinese, register it first.")]
    assert run(document("a.md", rows)) == []


def test_thresholds_two_consistent_uses_are_needed():
    variant = ("开发者可以为鸿蒙编写应用。", "Developers can write apps for Hongmeng.")
    # One use each way: no telling which is usual.
    assert run(document("a.md", HARMONY[:1] + [variant])) == []
    doc = document("a.md", HARMONY + [variant])
    assert len(run(doc)) == 1
    assert run(doc, **{"min-together": 3}) == []
    assert run(doc, **{"min-term-pairs": 4}) == []


def test_a_pair_that_is_no_translation_is_left_to_the_similarity_rule():
    rows = HARMONY + [("开发者可以为鸿蒙编写应用。", "Developers can write apps for Hongmeng.")]
    assert len(run(document("a.md", rows, similarity=0.8))) == 1
    assert run(document("a.md", rows, similarity=0.2)) == []


def test_deterministic():
    docs = [document(f"{k}.md", HARMONY + [("开发者可以为鸿蒙编写应用。", f"Developers can write apps for Hongmeng{k}.")])
            for k in range(3)]
    first = [(f.document, f.message) for f in run(*docs)]
    assert first == [(f.document, f.message) for f in run(*docs)]


# --- the pieces ------------------------------------------------------------------------------------

def test_inner_capitals_make_a_name_and_capitalised_compounds_do_not():
    assert all(map(_is_inner_capital, ["ZTE", "RISC-V", "HarmonyOS", "openEuler", "iOS"]))
    assert not any(map(_is_inner_capital, ["Server-Side", "I'm", "Harmony's", "Hello", "A"]))


def test_sentence_starts_and_title_case():
    tokens = _tokens("Getting Started With Line Charts\nThe Open Atom Foundation said: Welcome.")
    flags = {t.word: (t.initial, t.titled) for t in tokens}
    assert flags["Started"] == (False, True) and flags["Getting"] == (True, True)
    assert flags["The"] == (True, False) and flags["Atom"] == (False, False)
    assert flags["Welcome"] == (True, False)
    assert _tokens('He said "Oh, no."')[2].initial


def test_adjectives_of_names():
    assert _adjective_of("chinese", "china") and _adjective_of("american", "america")
    assert _adjective_of("korean", "korea") and not _adjective_of("hongmeng", "harmonyos")
    assert not _adjective_of("harmony", "harmonyos")


# --- real runs -------------------------------------------------------------------------------------

@pytest.mark.shared
@pytest.mark.skipif(not (SHARED / "eval" / "docs_pairs").is_dir(), reason="development data not available")
def test_real_documentation_run(tmp_path):
    """63 real documentation pairs checked as one run: nothing reported (as measured when the
    thresholds were set); one "English" turned into "Yingyu" is."""
    from qa_checker.api import check
    from qa_checker.config import Config

    for pair_dir in sorted((SHARED / "eval" / "docs_pairs").iterdir()):
        for lang in ("zh", "en"):
            (tmp_path / lang).mkdir(exist_ok=True)
            shutil.copy(pair_dir / f"{lang}.md", tmp_path / lang / f"{pair_dir.name}.md")
    config = Config(encoder=False, select=("ZH803",))
    assert check([str(tmp_path)], config).findings == ()

    edited = tmp_path / "en" / "202.md"
    text = edited.read_text(encoding="utf-8")
    needle = "you can send an email in English to"
    assert needle in text
    edited.write_text(text.replace(needle, "you can send an email in Yingyu to"), encoding="utf-8")
    found = [(Path(f.primary.path).name, f.primary.line, f.message) for f in check([str(tmp_path)], config).findings]
    assert len(found) == 1 and found[0][:2] == ("202.md", 38) and '"Yingyu" here' in found[0][2]


# --- the fast paths read the same as reading every word ----------------------------------------

TRICKY = [
    "New ISO over, 79,164 migration. Key IPv6, 62 not gradual; reduce have 89.",
    "Developers like the Open Atom Foundation and HarmonyOS's kernel (Linux Foundation) too.",
    "Getting Started With Line Charts\nThe Open Atom Foundation said: Welcome to OpenHarmony.",
    'He said "Oh, HarmonyOS is great." But Hongmeng is not RISC-V or Node.js, AT&T or 5G.',
    "PostgreSQL uses SQL; the SQL of PostgreSQL-compatible systems - Bank of China de Paris.",
    "abc'defg HarmonyOS x'ab-Cd DE Foundation-DE iOS 3D v3.5 Harmony's ISO-9001 e.g. U.S. Dr Smith",
    "Hudson Street, Hudson Avenue and the Hudson; California (CA) and Long Beach, CA.",
    "Sold with OK results from the ISO group, 19 Linux boxes and a 5G link.",
    "sold in the DE market with ISO parts",
]


def test_forms_are_those_of_a_full_reading():
    """The rule reads only around the words that may be names (and a name standing alone not even
    its sentence); its casing and forms are those of reading every word of every pair."""
    from qa_checker.rules.term_consistency import _Casing, _Model, _forms

    rows = [(f"第{k}段中文。", text) for k, text in enumerate(TRICKY)]
    rows += [("鸿蒙和开放原子开源基金会。", "the HarmonyOS kernel of the Open Atom Foundation, Hudson Street and PostgreSQL")]
    model = _Model(RunContext((document("a.md", rows),), None), InconsistentTerm.info.options)
    tokens = [_tokens(text) for _, text in rows]
    full = _Casing(frozenset(t.key for ts in tokens for t in ts if t.word.islower()),
                   frozenset(t.key for ts in tokens for t in ts
                             if t.word[0].isupper() and not t.initial and not t.titled))
    names = [t.word for ts in tokens for t in ts if full.name_word(t)]
    assert [t.word for ts in tokens for t in ts if model.casing.name_word(t)] == names
    assert {"ISO", "HarmonyOS", "Hudson", "PostgreSQL"} <= set(names)
    forms = [model.unit_forms(i) for i in range(len(rows))]
    assert forms == [_forms(text, ts, full) for (_, text), ts in zip(rows, tokens)]
    assert "open atom foundation" in forms[-1] and "iso" in forms[0]


def test_no_dictionary_or_segmenter_when_nothing_needs_them(monkeypatch):
    """Recurring names written in the Chinese as well (`ISO`) render nothing: jieba is not loaded;
    one term qualifying for a name is learned without asking CC-CEDICT."""
    from qa_checker import services
    from qa_checker.rules.term_consistency import _Model

    def no_lexicon():
        raise AssertionError("CC-CEDICT loaded")

    monkeypatch.setattr(services, "shared_lexicon", no_lexicon)
    options = InconsistentTerm.info.options
    kept_in_chinese = [(f"符合ISO标准的第{k}个设备。", f"Device {k} meets the ISO standard.") for k in range(4)]
    model = _Model(RunContext((document("a.md", kept_in_chinese),), None), options)
    assert model.terms is None and model.renderings == {}
    rows = HARMONY + [("鸿蒙的内核很小。", "The kernel of HarmonyOS is small.")]
    model = _Model(RunContext((document("a.md", rows),), None), options)
    assert [r.form for r in model.renderings["鸿蒙"]] == ["harmonyos"]
    assert model.variants() == []
