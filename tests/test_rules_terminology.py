"""ZH511 glossary-term and ZH512 forbidden-term."""
from __future__ import annotations

import time
from types import SimpleNamespace

from qa_checker.glossary import parse_glossary
from qa_checker.model import Category, Document, Mask, Pair, Paragraph, Severity
from qa_checker.rules import rule_classes
from qa_checker.rules.base import PairContext
from qa_checker.rules.terminology import ForbiddenTerm, GlossaryTerm

GLOSSARY = parse_glossary(
    "zh\ten\tforbidden\tnote\n"
    "阿里云\tAlibaba Cloud\tAli Cloud|Aliyun\tofficial name\n"
    "中兴\tZTE\n"
    "鸿蒙\tHarmonyOS\tHarmony\n"
    "大模型\tlarge model|LLM\n"
    "RISC-V\tkeep\tRISCV\n"
    "龙蜥\t\tDragon Lizard\n", "terms.tsv")


def pair(zh, en, *, zh_masks=(), en_masks=(), glossary=GLOSSARY, en_paragraphs=None):
    z = Paragraph("zh-0", "zh", zh, "zh.md", 1, masks=tuple(zh_masks))
    texts = en_paragraphs or ([en] if en is not None else [])  # en None: no English at all
    es = tuple(Paragraph(f"en-{i}", "en", t, "en.md", 1 + 2 * i, masks=tuple(en_masks) if i == 0 else ())
               for i, t in enumerate(texts))
    doc = Document("doc", "zh.md", "en.md", "parallel", (z,) + es)
    services = SimpleNamespace(glossary=glossary)
    return PairContext(doc, Pair(("zh-0",), tuple(e.id for e in es)), (z,), es, services)


def run(rule, zh, en, **kw):
    return list(rule.check_pair(pair(zh, en, **kw)))


def test_registered():
    assert rule_classes()["ZH511"] is GlossaryTerm and rule_classes()["ZH512"] is ForbiddenTerm
    assert GlossaryTerm.info.category == ForbiddenTerm.info.category == Category.TERMINOLOGY


def test_wrong_company_name_fires_with_the_term_span():
    zh = "自主开发了鸿蒙、欧拉、龙蜥、中兴等操作系统"
    (f,) = run(GlossaryTerm(), zh, "developed HarmonyOS, openEuler, Anolis, My and other systems")
    assert f.code == "ZH511" and f.severity == Severity.ERROR and f.subject == "中兴"
    assert zh[f.zh[0].start:f.zh[0].end] == "中兴"
    assert '"ZTE"' in f.message and "terms.tsv:3" in f.suggestion
    assert f.en == () and f.primary == f.zh[0]  # reports point at the term


def test_every_occurrence_is_marked_once_per_term():
    zh = "中兴的手机和中兴的基站"
    (f,) = run(GlossaryTerm(), zh, "My phones and base stations")
    assert [zh[m.start:m.end] for m in f.zh] == ["中兴", "中兴"]


def test_any_accepted_rendering_and_inflections_pass():
    rule = GlossaryTerm()
    assert run(rule, "中国的大模型", "Chinese LLMs") == []
    assert run(rule, "中国的大模型", "China's large models") == []
    assert run(rule, "阿里云的服务", "Alibaba Cloud's services") == []
    assert run(rule, "开发RISC-V架构", "developed the RISC-V architecture") == []


def test_rendering_in_another_english_paragraph_of_the_pair_counts():
    assert run(GlossaryTerm(), "中兴发布了新系统", None, en_paragraphs=["A new system", "was released by ZTE."]) == []
    assert len(run(GlossaryTerm(), "中兴发布了新系统", None, en_paragraphs=["A new system", "was released."])) == 1


def test_message_names_a_forbidden_rendering_and_the_note():
    (f,) = run(GlossaryTerm(), "阿里云医疗影像AI", "Ali Cloud's medical imaging AI")
    assert 'forbidden "Ali Cloud"' in f.message and "official name" in f.message


def test_masked_chinese_is_not_looked_at():
    zh = "把 `vendor` 设为 `中兴`"
    masks = [Mask(2, 10, "inline-code"), Mask(14, 18, "inline-code")]
    assert run(GlossaryTerm(), zh, "Set `vendor` to `zte`", zh_masks=masks) == []


def test_term_left_in_chinese_is_left_to_zh201():
    assert run(GlossaryTerm(), "中兴的系统", "the 中兴 system") == []


def test_keep_term_missing_fires():
    (f,) = run(GlossaryTerm(), "开发RISC-V开源架构", "developed an open source architecture")
    assert f.subject == "RISC-V"


def test_forbidden_only_rows_never_fire_zh511():
    assert run(GlossaryTerm(), "龙蜥社区", "the Anolis community") == []


def test_nothing_without_a_glossary_or_without_english():
    assert run(GlossaryTerm(), "中兴的系统", "My system", glossary=None) == []
    assert run(ForbiddenTerm(), "阿里云", "Aliyun", glossary=None) == []
    assert run(GlossaryTerm(), "中兴的系统", None) == []


# --- ZH512 -----------------------------------------------------------------------------------------

def test_forbidden_rendering_marks_both_sides():
    zh, en = "阿里云医疗影像AI", "Also, Ali Cloud’s medical imaging AI"
    (f,) = run(ForbiddenTerm(), zh, en)
    assert f.code == "ZH512" and f.severity == Severity.WARNING
    assert zh[f.zh[0].start:f.zh[0].end] == "阿里云"
    assert en[f.en[0].start:f.en[0].end] == "Ali Cloud’s"
    assert f.message.startswith('"Ali Cloud": forbidden rendering of "阿里云"')
    assert '"Alibaba Cloud"' in f.suggestion and f.primary == f.en[0]


def test_forbidden_next_to_accepted_fires_zh512_only():
    zh, en = "阿里云提供云服务", "Alibaba Cloud (Aliyun) provided the cloud services"
    assert run(GlossaryTerm(), zh, en) == []
    (f,) = run(ForbiddenTerm(), zh, en)
    assert en[f.en[0].start:f.en[0].end] == "Aliyun"


def test_each_occurrence_is_marked_in_every_english_paragraph():
    (f,) = run(ForbiddenTerm(), "阿里云", None, en_paragraphs=["Aliyun and Ali Cloud", "Aliyun again"])
    assert [(m.paragraph, m.start) for m in f.en] == [("en-0", 0), ("en-0", 11), ("en-1", 0)]
    assert '"Ali Cloud" or "Aliyun"' in f.message


def test_forbidden_inside_an_accepted_rendering_or_a_longer_word_does_not_count():
    assert run(ForbiddenTerm(), "鸿蒙系统", "the HarmonyOS system") == []
    assert run(ForbiddenTerm(), "鸿蒙系统", "in harmony with HarmonyOS") != []  # a separate word does


def test_forbidden_in_a_url_does_not_count():
    en = "see https://help.aliyun.com/ for Alibaba Cloud"
    start = en.index("https")
    assert run(ForbiddenTerm(), "阿里云文档", en, en_masks=[Mask(start, start + 24, "url")]) == []


def test_forbidden_needs_the_term_in_the_chinese():
    assert run(ForbiddenTerm(), "镜像已同步到多家云服务商", "mirrored by several clouds, Aliyun among them") == []


def test_forbidden_only_row():
    (f,) = run(ForbiddenTerm(), "龙蜥社区", "the Dragon Lizard community")
    assert "another rendering" in f.suggestion


# --- speed -----------------------------------------------------------------------------------------

def test_large_glossary_stays_fast():
    # 5,000 terms in one trie regex: a pair costs one pass over its text whatever the glossary
    # size (measured ~25 µs for both rules on this pair; the bound leaves room for slow machines).
    rows = [f"术语{i:04d}号\tterm {i}" for i in range(5000)] + ["中兴\tZTE"]
    g = parse_glossary("zh\ten\n" + "\n".join(rows), "big.tsv")
    ctx = pair("自主开发了鸿蒙、欧拉、龙蜥、中兴等三十多种优秀的操作系统，并与多家企业合作发布商业发行版。",
               "We developed more than 30 operating systems such as HarmonyOS, openEuler, Anolis and ZTE.",
               glossary=g)
    rule = GlossaryTerm()
    start = time.perf_counter()
    for _ in range(1000):
        assert list(rule.check_pair(ctx)) == []
    per_pair = (time.perf_counter() - start) / 1000
    assert per_pair < 150e-6, f"{per_pair * 1e6:.0f} µs per pair"
