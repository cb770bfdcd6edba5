"""Alignment on controlled embeddings: the dynamic programme picks the beads a reviewer would."""
import numpy as np
import pytest

from qa_checker.align import AlignParams, Scorer, align_block, align_parallel
from qa_checker.model import Paragraph


def _paras(lang, texts, kind="text"):
    return [Paragraph(f"{lang}-{i + 1}", lang, t, "x.md", i + 1, kind=kind) for i, t in enumerate(texts)]


def _unit(v):
    v = np.asarray(v, dtype=np.float32)
    return v / np.linalg.norm(v)


def _basis(n, dim=16):
    return [np.eye(dim, dtype=np.float32)[k] for k in range(n)]


def test_parallel_finds_missing_chinese_paragraph_between_matches():
    e = _basis(4)
    zh = _paras("zh", ["甲" * 10, "乙" * 10, "丙" * 10])
    en = _paras("en", ["a" * 30, "c" * 30])
    zv = np.stack([e[0], e[1], e[2]])
    ev = np.stack([_unit(e[0] + 0.1 * e[3]), _unit(e[2] + 0.1 * e[3])])
    beads = align_parallel(Scorer(zh, en, zv, ev, AlignParams()))
    assert beads == [((0,), (0,)), ((1,), ()), ((2,), (1,))]


def test_parallel_merges_two_english_paragraphs_that_render_one_chinese():
    e = _basis(4)
    zh = _paras("zh", ["甲" * 20, "乙" * 10])
    en = _paras("en", ["a" * 30, "b" * 30, "c" * 30])
    zv = np.stack([_unit(e[0] + e[1]), e[2]])
    ev = np.stack([e[0], e[1], e[2]])
    beads = align_parallel(Scorer(zh, en, zv, ev, AlignParams()))
    assert beads == [((0,), (0, 1)), ((1,), (2,))]


def test_code_never_aligns_with_prose():
    e = _basis(2)
    zh = _paras("zh", ["print(1)"], kind="code")
    en = _paras("en", ["Print one."])
    beads = align_parallel(Scorer(zh, en, np.stack([e[0]]), np.stack([e[0]]), AlignParams()))
    assert ((0,), (0,)) not in beads


def test_interleaved_rendering_must_follow_immediately():
    e = _basis(4)
    zh = _paras("zh", ["甲" * 10])
    en = _paras("en", ["intro " * 5, "a" * 30])  # the rendering comes second: not next to it
    zv = np.stack([e[0]])
    ev = np.stack([e[3], e[0]])
    beads = align_block(Scorer(zh, en, zv, ev, AlignParams()))
    assert beads[0] == ((0,), ())
    assert ((), (0,)) in beads and ((), (1,)) in beads


def test_interleaved_trailing_english_is_english_only():
    e = _basis(4)
    zh = _paras("zh", ["甲" * 10, "乙" * 10])
    en = _paras("en", ["a" * 30, "b" * 30, "comment " * 4])
    beads = align_block(Scorer(zh, en, np.stack([e[0], e[1]]), np.stack([e[0], e[1], e[3]]), AlignParams()))
    assert beads == [((0,), (0,)), ((1,), (1,)), ((), (2,))]


@pytest.mark.parametrize("n", [300])
def test_parallel_long_document_is_banded_and_exact_on_identity(n):
    rng = np.random.default_rng(0)
    vecs = rng.normal(size=(n, 64)).astype(np.float32)
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    zh = _paras("zh", ["中" * 20] * n)
    en = _paras("en", ["x" * 60] * n)
    beads = align_parallel(Scorer(zh, en, vecs, vecs, AlignParams()))
    assert beads == [((i,), (i,)) for i in range(n)]


def test_interleaved_heading_followed_by_a_retitled_heading_is_its_rendering():
    e = _basis(4)
    zh = _paras("zh", ["#### 动态排序图"], kind="heading")
    en = _paras("en", ["#### Bar/Line Racing"], kind="heading")
    low = np.stack([_unit(e[0] + 0.05 * e[1])])  # similarity ≈ 0.05: a retitled heading
    beads = align_block(Scorer(zh, en, np.stack([e[1]]), low, AlignParams()))
    assert beads == [((0,), (0,))]
    # The same low similarity between two ordinary paragraphs is no rendering.
    zh_t = _paras("zh", ["动态排序图的说明文字"])
    en_t = _paras("en", ["Bar/Line Racing"])
    beads = align_block(Scorer(zh_t, en_t, np.stack([e[1]]), low, AlignParams()))
    assert beads[0] == ((0,), ())
