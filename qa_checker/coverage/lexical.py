"""Lexical coverage: which Chinese content words have no English word among their dictionary senses.

Professional annotators' omissions are mostly short (median 3 Chinese characters: `天上的`, `肉眼`,
`音量`), too small to move a sentence embedding; a dictionary look-up sees them.  The Chinese is
segmented with jieba; each content word is *covered* when one of its CC-CEDICT senses shares a key
with the English (see lexicon.py), when its pinyin spells an English word (names: `曼哈顿` →
`Manhattan` is also a gloss, `鸿蒙` → `Hongmeng` is not), or, at half weight, when one of its
characters' senses does (`天上` "celestial" in `the stars in the sky` is covered through `天` "sky").

The reverse direction (English content words no Chinese word's senses reach) measures how freely the
translation is worded: a free rendering leaves many Chinese words "uncovered" without omitting
anything, so the combination uses it to discount the forward measure.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..script import HAN_RE
from .lexicon import ZH_FUNCTION_WORDS, Lexicon, import_jieba

# Numerals and ordinal prefixes: numbers are compared by the number rules, not here.
# A numeral with one measure word or unit after it (`三斤`, `十万年`) counts as a number too.
_NUMERAL_RE = re.compile(
    r"^(?:[第〇零一二三四五六七八九十百千万亿两几多半数余]+"  # a numeral alone
    r"|[第〇零一二三四五六七八九十百千万亿两]+[多余]?.|[几数][十百千万亿]+.?)$"  # with a unit: 三斤 数十年
)
_LATIN_RE = re.compile(r"[A-Za-z]")


@dataclass(frozen=True)
class WordCoverage:
    start: int
    end: int
    word: str
    weight: float  # how much the word's absence would matter (rarer words weigh more)
    covered: float  # 1 covered by its own senses or pinyin, 0.5 through a character, 0 not at all


@dataclass(frozen=True)
class LexicalResult:
    words: tuple[WordCoverage, ...]
    uncovered_share: float  # weighted share of Chinese content words not covered, in [0, 1]
    uncovered_max: float  # weight of the heaviest uncovered word (0 when all are covered)
    en_uncovered_share: float  # share of English content words no Chinese word reaches, in [0, 1]


# Word weights: jieba -log frequencies run from ~4 (的) to ~14 (unknown).  Words rarer than a
# log-frequency of 12 all weigh the same (rarity past that says nothing more), and very common
# content words keep a floor so they still count.
_WEIGHT_FLOOR = 5.0
# Adjacent jieba words are joined when the dictionary has the joined word (see _merged_tokens).
MERGE_TOKENS = 3
MERGE_CHARS = 6
_WEIGHT_CEIL = 12.0


class LexicalCoverage:
    def __init__(self, lexicon: Lexicon) -> None:
        jieba = import_jieba()  # the lexicon has set up jieba's shared tokenizer (see lexicon.py)
        self.lexicon = lexicon
        self._tokenize = jieba.dt.tokenize
        self._word_cache: dict[str, tuple[tuple[str, ...], float]] = {}

    def content_words(self, zh: str) -> list[tuple[int, int, str, tuple[str, ...], float]]:
        """(start, end, word, dictionary units, weight) of every Chinese content word."""
        out = []
        for word, start, end in self._merged_tokens(zh):
            info = self._word_cache.get(word)
            if info is None:
                info = self._word_cache[word] = self._word_info(word)
            units, weight = info
            if units:
                out.append((start, end, word, units, weight))
        return out

    def _merged_tokens(self, zh: str):
        """jieba's words, with runs of up to MERGE_TOKENS of them joined where the dictionary has the
        joined word: jieba's word list predates `物联网`, `区块链` and splits `大爆炸` ("the Big Bang"),
        and the parts' senses do not meet the English."""
        tokens = list(self._tokenize(zh, HMM=False))
        glossed = self.lexicon.__contains__
        i = 0
        while i < len(tokens):
            word, start, end = tokens[i]
            best = None
            joined = word
            for j in range(i + 1, min(len(tokens), i + MERGE_TOKENS)):
                joined += tokens[j][0]
                if len(joined) > MERGE_CHARS:
                    break
                if glossed(joined):
                    best = j
            if best is not None:
                word = "".join(t[0] for t in tokens[i:best + 1])
                end = tokens[best][2]
                i = best + 1
            else:
                i += 1
            yield word, start, end

    def _word_info(self, word: str) -> tuple[tuple[str, ...], float]:
        if not HAN_RE.search(word) or _LATIN_RE.search(word) or word in ZH_FUNCTION_WORDS or _NUMERAL_RE.match(word):
            return (), 0.0
        lex = self.lexicon
        units = (word,) if word in lex else tuple(
            u for u in lex.split(word) if u not in ZH_FUNCTION_WORDS and not _NUMERAL_RE.match(u)
        )
        # A word whose every sense is a function word (不会 "will not") is a function word itself.
        if not units or not any(lex.keys(u) for u in units):
            return (), 0.0
        weight = min(_WEIGHT_CEIL, max(_WEIGHT_FLOOR, lex.idf(word)))
        return units, weight

    def _covered(self, units: tuple[str, ...], en_keys: set[str], en_compact: str) -> float:
        lex = self.lexicon
        for unit in units:
            if lex.keys(unit) & en_keys:
                return 1.0
            py = lex.pinyin(unit)
            if py and len(py) >= 4 and py in en_compact:
                return 1.0
        for unit in units:
            if len(unit) > 1:
                for char in unit:
                    if char not in ZH_FUNCTION_WORDS and lex.primary_keys(char) & en_keys:
                        return 0.5
        return 0.0

    def analyse(self, zh: str, en: str) -> LexicalResult:
        lex = self.lexicon
        en_words = lex.en.keyed_words(en)
        en_keys = {k for _, _, k in en_words}
        en_compact = re.sub(r"[^a-z]", "", en.lower())
        words = []
        zh_keys: set[str] = set()
        total = missing = heaviest = 0.0
        seen: dict[str, float] = {}  # a repeated word is covered once it is covered anywhere
        for start, end, word, units, weight in self.content_words(zh):
            covered = seen.get(word)
            if covered is None:
                covered = seen[word] = self._covered(units, en_keys, en_compact)
            words.append(WordCoverage(start, end, word, weight, covered))
            total += weight
            missing += weight * (1.0 - covered)
            if covered == 0.0:
                heaviest = max(heaviest, weight)
            for unit in units:
                zh_keys |= lex.keys(unit)
                if len(unit) > 1:
                    for char in unit:
                        zh_keys |= lex.primary_keys(char)
        en_unreached = sum(1 for _, _, k in en_words if k not in zh_keys)
        return LexicalResult(
            words=tuple(words),
            uncovered_share=missing / total if total else 0.0,
            uncovered_max=heaviest,
            en_uncovered_share=en_unreached / len(en_words) if en_words else 0.0,
        )
