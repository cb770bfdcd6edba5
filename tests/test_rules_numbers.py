"""ZH401 number-mismatch and ZH402 number-extra on hand-built pairs and on the seed speech."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from qa_checker.model import Document, Mask, Pair, Paragraph, Severity
from qa_checker.rules import rule_classes
from qa_checker.rules.base import PairContext
from qa_checker.rules.numbers import NumberExtra, NumberMismatch

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEED = SHARED / "seed" / "000_32f4cd11229da98c.txt"


def pair(zh, en, zh_masks=(), en_masks=(), zh_kind="text"):
    """A PairContext of one Chinese and one English paragraph (either may be a list, or empty)."""
    zh_texts = [zh] if isinstance(zh, str) else list(zh)
    en_texts = [en] if isinstance(en, str) else list(en)
    zh_ps = tuple(Paragraph(f"zh-{i}", "zh", t, "zh.md", 1 + i, kind=zh_kind, masks=tuple(zh_masks) if i == 0 else ())
                  for i, t in enumerate(zh_texts))
    en_ps = tuple(Paragraph(f"en-{i}", "en", t, "en.md", 1 + i, masks=tuple(en_masks) if i == 0 else ())
                  for i, t in enumerate(en_texts))
    doc = Document("doc", "zh.md", "en.md", "parallel", zh_ps + en_ps)
    return PairContext(doc, Pair(tuple(p.id for p in zh_ps), tuple(p.id for p in en_ps)), zh_ps, en_ps, None)


def findings(rule, zh, en, **kw):
    return list(rule.check_pair(pair(zh, en, **kw)))


def test_registered():
    assert rule_classes()["ZH401"] is NumberMismatch
    assert rule_classes()["ZH402"] is NumberExtra


def test_scale_slip_fires_with_both_spans():
    zh, en = "目前已有90亿元投资。", "So far 90 billion yuan has been invested."
    (f,) = findings(NumberMismatch(), zh, en)
    assert f.code == "ZH401" and f.severity == Severity.ERROR
    assert f.subject == "9000000000"
    assert zh[f.zh[0].start:f.zh[0].end] == "90亿"
    assert en[f.en[0].start:f.en[0].end] == "90 billion"
    assert "10 times too large" in f.suggestion and "9 billion" in f.suggestion
    # The English number is explained by ZH401; ZH402 does not report it a second time.
    assert findings(NumberExtra(), zh, en) == []


def test_correct_scale_passes():
    assert findings(NumberMismatch(), "目前已有90亿元投资。", "So far 9 billion yuan has been invested.") == []
    assert findings(NumberMismatch(), "已有9亿台设备接入。", "900 million devices have access.") == []


def test_wrong_value_in_words_fires():
    (f,) = findings(NumberMismatch(), "他三十岁时离开了家乡。", "He left his hometown at 40.")
    assert "三十" in f.message and "40" in f.message and f.subject == "30"


def test_fullwidth_digits_match_ascii():
    assert findings(NumberMismatch(), "２０２３年", "In 2023") == []


def test_idioms_articles_and_names_do_not_fire():
    rule = NumberMismatch()
    assert findings(rule, "我们一起统一了一些标准，这十分重要。", "Together we unified some standards; this is very important.") == []
    assert findings(rule, "这是一个很好的方法之一。", "This is one of the good methods.") == []
    assert findings(rule, "GPT4o和H100", "GPT-4o and H100") == []


def test_counted_quantities_are_checked():
    # 两千人 and 近十年 are in the jieba dictionary as set phrases; they are numbers all the same.
    zh = "员工超过两千人"
    assert findings(NumberMismatch(), zh, "The company has more than 2,000 employees.") == []
    assert findings(NumberExtra(), zh, "The company has more than 2,000 employees.") == []
    (f,) = findings(NumberMismatch(), "两千人", "3,000 people")
    assert f.subject == "2000" and "3,000" in f.message
    assert findings(NumberExtra(), "两千人", "3,000 people") == []  # reported once, by ZH401
    assert findings(NumberMismatch(), "近十年", "nearly ten years") == []
    (f,) = findings(NumberMismatch(), "近十年", "nearly twenty years")
    assert f.subject == "10"


def test_vague_counts_are_never_reported():
    for zh in ("几千人参加了会议", "上千人参加了会议"):
        for en in ("Thousands attended the meeting.", "Several thousand people attended the meeting.",
                   "More than 1,000 people attended the meeting.", "Many people attended the meeting."):
            assert findings(NumberMismatch(), zh, en) == [], (zh, en)
            assert findings(NumberExtra({"include_words": True}), zh, en) == [], (zh, en)


def test_idioms_that_look_like_counts_do_not_fire():
    rule = NumberMismatch()
    assert findings(rule, "他千方百计地帮助我们，心里七上八下。", "He did everything to help us, and was anxious.") == []
    assert findings(rule, "他一五一十地说了，从不三心二意。", "He told everything and never wavered.") == []
    assert findings(rule, "千百年来，惠及千家万户。", "For ages it has benefited every household.") == []


def test_each_number_reported_once():
    fs = findings(NumberMismatch(), "30人，又是30人", "people, and people again")
    assert len(fs) == 1 and fs[0].subject == "30"


def test_enumerators_are_warnings_and_can_be_turned_off():
    (f,) = findings(NumberMismatch(), "(二)发表2024北京AI安全国际共识", "Publish the 2024 Beijing AI safety consensus")
    assert f.severity == Severity.WARNING and f.subject == "2"
    assert findings(NumberMismatch({"check_enumerators": False}), "(二)发表2024共识", "Publish the 2024 consensus") == []
    assert findings(NumberMismatch(), "(二)发表2024共识", "2. Publish the 2024 consensus") == []


def test_masked_spans_and_code_are_not_prose():
    zh = "设置 `width: 300` 即可"
    masks = (Mask(3, 15, "inline-code"),)
    assert findings(NumberMismatch(), zh, "Set the width.", zh_masks=masks) == []
    assert findings(NumberMismatch(), "x = 300", "x equals", zh_kind="code") == []


def test_empty_sides_do_nothing():
    assert findings(NumberMismatch(), "三十岁", []) == []
    assert findings(NumberExtra(), [], "300 experts") == []


def test_number_written_inside_english_code_counts():
    en = "Set `300` as the width."
    masks = (Mask(4, 9, "inline-code"),)
    assert findings(NumberMismatch(), "宽度设为300", en, en_masks=masks) == []


def test_extra_english_number_fires():
    (f,) = findings(NumberExtra(), "会议吸引了来自世界各地的专家。", "The meeting attracted 300 experts from around the world.")
    assert f.code == "ZH402" and f.severity == Severity.WARNING and f.subject == "300" and f.en


def test_extra_is_conservative():
    rule = NumberExtra()
    # Words, list numbers and digits that the Chinese writes inside a name are not reported.
    assert findings(rule, "我们有三个任务", "First, we have three tasks") == []
    assert findings(rule, "发布蓝皮书", "2. Publish the Blue Book") == []
    assert findings(rule, "阿里巴巴的云服务8k传播", "Alibaba's cloud service 8k") == []
    assert findings(NumberExtra({"include_words": True}), "会议吸引了专家", "The meeting attracted three experts")


def _seed_pairs():
    """The seed's Chinese paragraphs with the English paragraph that renders each (by hand)."""
    blocks = [b.strip() for b in re.split(r"\n\s*\n", SEED.read_text(encoding="utf-8")) if b.strip()]

    def find(prefix):  # the seed writes "2.\u00a0Publish": match any space
        pattern = re.compile(re.escape(prefix).replace("\\ ", r"\s"))
        return next(b for b in blocks if pattern.match(b))
    return {
        "chips": (find("解决缺芯少魂"), find("First, to solve")),
        "systems": (find("经过近十多年来"), find("After nearly 10 years")),
        "second": (find("(二)发表"), find("2. Publish")),
        "fourth": (find("(四)由中国"), find("4. Develop homegrown")),
        "highlights": (find("在这些讨论主题中"), find("Among these topics")),
    }


@pytest.mark.shared
@pytest.mark.skipif(not SEED.exists(), reason="needs the shared seed document")
def test_seed_numbers_all_match():
    # 14纳米 = "14 nm", 近十多年 = "nearly 10 years", 30多种 = "more than 30 kinds", 21位 = "21",
    # (二) = "2.", (四) = "4.": a correct translation gives no number finding.
    for name, (zh, en) in _seed_pairs().items():
        assert findings(NumberMismatch(), zh, en) == [], name
        assert findings(NumberExtra(), zh, en) == [], name


@pytest.mark.shared
@pytest.mark.skipif(not SEED.exists(), reason="needs the shared seed document")
def test_seed_with_a_changed_number_fires():
    zh, en = _seed_pairs()["systems"]
    (f,) = findings(NumberMismatch(), zh, en.replace("more than 30 kinds", "more than 50 kinds"))
    assert f.subject == "30" and "50" in f.message
