"""ZH803: a Chinese term rendered one way through the run, and another way in one pair.

Without a glossary the run itself is the glossary.  A Chinese term is learned with its rendering
when a proper-noun-like English form (a capitalised phrase, an acronym, a CamelCase word:
"HarmonyOS", "Open Atom Foundation", "RISC-V") goes with it: the form is in most pairs that have
the term, and in few pairs without it.  A pair whose Chinese has the term while its English lacks
every learned rendering of it and holds instead one proper-noun-like form that nothing else
explains is reported: "鸿蒙 is rendered 'HarmonyOS' in 5 pairs but 'Hongmeng' here".

Only proper-noun-like renderings are learned: lower-case words are worded by context (数据 is
"data", "dataset", "values"), while a name has one written form.  English with no other name where
the term's rendering should be is an omission (ZH105 reports missing words), not reported here.

The pieces:
- units: every aligned pair with English.  Statistics count only units with both languages;
  English-only text still shows where a form is used.
- forms: proper-noun-like phrases of the English, with capitalisation learned from the run: a
  capitalised word is a name word when the run never writes it in lower case and has it
  capitalised somewhere other than at a sentence start or in a title-case heading.
- terms: the Chinese of the pairs that carry a recurring form, segmented with jieba (dictionary
  words only) with runs of up to four words joined (jieba cuts an unknown name, 龙蜥, into
  characters and 开放原子开源基金会 into four words); each term is then looked up as a substring of
  every pair's Chinese.
- a form explains itself away (and is not reported) when a word of it is in the Chinese (a name
  kept in Latin script, `Linux Foundation` for `Linux基金会`), when it is also used in pairs without
  the term (it renders something else), when it is the learned rendering of another term of the
  pair, or when it is the adjective of the learned rendering (China → Chinese).

Measurements behind the thresholds are in ``InconsistentTerm.info.doc`` (Options).

What it costs: the rule reads every pair of the run, so it reads as little as gives the same
findings.  The English is split once into whitespace-separated pieces; the vocabulary (each
distinct piece read once) says which words may be names, and only the pairs holding one are read
further: a name standing alone is a form by itself, and otherwise only the sentences holding a
name are read word by word.  The Chinese is segmented (jieba) only for a form that may render a
term, CC-CEDICT is asked only when several terms qualify for one form or a pair is about to be
reported, and a form's pairs are looked up by the pieces that hold its words.  Per-pair values are
kept as strings, so a long run makes few objects for the garbage collector to walk.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import accumulate, chain, compress
from typing import Iterable, Optional

from ..coverage.lexicon import EN_FUNCTION_WORDS, ZH_FUNCTION_WORDS
from ..model import Category, Document, Mark, Paragraph, Severity
from ..script import HAN_RUN_RE
from .base import Rule, RuleInfo, RunContext

# An English word as written: letters and digits, with inner hyphens, dots, ampersands and plus
# signs (`RISC-V`, `Node.js`, `AT&T`) and an apostrophe ending (`Harmony's`, `I'm`).
_WORD_RE = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-.&+][A-Za-z0-9]+)*(?:['’][A-Za-z]{1,2})?")
# Each word with the text before it.  A word starts at the first letter after the previous one
# (``_WORD_RE`` matches at any letter), so the gap is the run of non-letters before it.
_GAP_AND_WORD_RE = re.compile(r"([^A-Za-z]*)(" + _WORD_RE.pattern + ")")
_POSSESSIVE_RE = re.compile(r"['’][sS]?$")
# What makes the next word the first of a sentence, found in the gap before it (the first word of
# a text starts one anyway): a stop, colon or semicolon, a line end, a table bar, or an opening
# quote or bracket (`"Oh, ...`, `(Applause)`).
_BREAK_RE = re.compile(r"[.!?;:。！？；：|\n]|(?:[“‘(\[]|\s[\"'])\s*$")
# Between two words of one name: spaces or a hyphen only (a comma or a bracket ends the name).
_NAME_GAP_RE = re.compile(r"[ \t\u00a0]+|[ \t\u00a0]?-[ \t\u00a0]?")
# Small words allowed inside a name ("Bank of China", "Center for Open Source").
_NAME_CONNECTORS = frozenset({"of", "for", "&", "de"})
# The connectors as written in lower case, possessive too (`&` is no word).
_LOWER_CONNECTORS = frozenset(w + s for w in _NAME_CONNECTORS for s in ("", "'s", "’s") if w.isalpha())
# Always capitalised, never names: the pronoun I (I'm, I've) and interjections at a quote's start.
_NEVER_NAMES = frozenset({"i", "i'm", "i've", "i'd", "i'll", "oh", "ok", "okay", "mr", "mrs", "ms", "dr"})
# Adjective and demonym endings: "Chinese" next to "China" is the same name, not a variant.
_ADJECTIVE_ENDINGS = ("ese", "ian", "an", "n", "ish", "i", "ic", "ean")
_LATIN_IN_ZH_RE = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-.&+][A-Za-z0-9]+)*")
_HAN_ONLY_RE = re.compile(HAN_RUN_RE.pattern + r"$")
# Numerals and ordinal prefixes: a number is not a term (numbers have their own rules).
_NUMERAL_RE = re.compile(r"^[第〇零一二三四五六七八九十百千万亿两几多半数余]+.?$")
# Paragraph kinds that are not prose.
_SKIPPED_KINDS = ("code", "html", "front-matter")
# Joins the English of all units into one text whose whitespace-separated pieces are the units'
# pieces, with this piece alone between two units.
_SEPARATOR_PIECE = "\x00"

# A Chinese term is a run of at most this many jieba words and characters.
MAX_TERM_WORDS = 4
MAX_TERM_CHARS = 10


# A capital letter right after a letter or digit: `ZTE`, `RISC-V`, `HarmonyOS`, `openEuler`, `iOS`,
# not `Server-Side` (a capitalised compound in a title) nor `I'm`.
_INNER_CAPITAL_RE = re.compile(r"[A-Za-z0-9][A-Z]")


@lru_cache(maxsize=1 << 16)
def _fold(word: str) -> str:
    return _POSSESSIVE_RE.sub("", word).casefold()


def _is_inner_capital(word: str) -> bool:
    """An acronym or CamelCase word."""
    return _INNER_CAPITAL_RE.search(word) is not None


# --- the English: words, casing, forms -----------------------------------------------------------

@dataclass(slots=True)
class _Token:
    start: int
    end: int
    word: str
    key: str  # case-folded, possessive dropped
    initial: bool  # first word of a sentence, line, list item, cell or quotation
    titled: bool = False  # in a title-case sentence ("Getting Started With Line Charts")

    @property
    def capital(self) -> bool:
        return self.word[0].isupper() or _is_inner_capital(self.word)

    @property
    def possessive(self) -> bool:
        return bool(_POSSESSIVE_RE.search(self.word)) and self.word[-2:].lower() != "'m"


class _Breaks(dict):
    """gap -> whether the word after it starts a sentence.  Gaps repeat (" ", ", ", ". "): each
    short one is read once."""

    def __missing__(self, gap: str) -> bool:
        found = _BREAK_RE.search(gap) is not None
        if len(gap) <= 8:
            self[gap] = found
        return found


_BREAKS = _Breaks()
# Characters a word may hold: a word starts at a letter after any other character.
_ALNUM = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
_WORD_CHARS = _ALNUM | frozenset("-.&+'’")
# Read on the reversed text from a point: the spaces, then the word characters, before it.
_REV_SPACES_AND_WORD_CHARS_RE = re.compile(r"([ \t\u00a0]*)([A-Za-z0-9\-.&+'’]*)")
# Read on the reversed text from a word's start: the gap before it makes it a sentence start.
_REV_SENTENCE_START_RE = re.compile(r"[ \t\u00a0]*(?:\Z|[.!?;:。！？；：|\n“‘(\[])")
# What may follow a word that ends a name (matched at its end): nothing but spaces, or spaces then
# anything but a hyphen or a letter (so no name gap), or spaces then a lower-case word.  Group 1:
# that word.  (Right at the word's end a letter or digit starts no name with it either: the gap
# between them is empty, or holds the digit; a word character other than a hyphen there is in
# the gap, as the word does not hold it.)
_ENDS_NO_NAME_RE = re.compile(r"(?:[^A-Za-z \t\u00a0\-]|[ \t\u00a0]*(?:\Z|[^A-Za-z \t\u00a0\-]|"
                              r"([a-z][a-z0-9]*(?:[-.&+][a-z0-9]+)*(?:['’][a-z]{1,2})?)"
                              r"(?![A-Za-z0-9]|[-.&+][A-Za-z0-9]|['’][A-Za-z])))")
# Characters that end a sentence wherever they are: never inside a word (a dot is, before a letter
# or digit: `Node.js`, `3.9`), so always in the gap before the next word.
_HARD_BREAK_RE = re.compile(r"[!?;:。！？；：|\n]|\.(?![A-Za-z0-9])")


def _sentences(text: str, wanted: Optional[frozenset[str]] = None, at: int = 0) -> list[list[_Token]]:
    """The sentences of ``text`` (each from one sentence-initial word to the next), their words
    flagged as in ``_tokens``.  With ``wanted``: only the sentences holding one of those words (as
    written), and in them only the words that can be part of a name, capitalised words and
    connectors (a name ends at any other word, as it does at the gap that now holds the word).
    ``text`` may be a part of a text that starts a sentence, at offset ``at``."""
    pairs = _GAP_AND_WORD_RE.findall(text)
    if not pairs:
        return []
    gaps, words = zip(*pairs)
    initial = list(map(_BREAKS.__getitem__, gaps))
    initial[0] = True
    starts = list(compress(range(len(words)), initial))
    if wanted is None:
        chosen: Iterable[int] = range(len(starts))
    else:
        chosen = sorted({bisect_right(starts, i) - 1
                         for i in compress(range(len(words)), map(wanted.__contains__, words))})
        if not chosen:
            return []
    # Word k from 2k+1 to 2k+2: the words' offsets without a loop over the text.
    offsets = list(accumulate(map(len, chain.from_iterable(pairs)), initial=at))
    starts.append(len(words))
    out = []
    for s in chosen:
        first, end = starts[s], starts[s + 1]
        titled = _title_case(words[first:end])
        kept_words = range(first, end) if wanted is None else [
            k for k in range(first, end) if not words[k].islower() or words[k] in _LOWER_CONNECTORS]
        out.append([_Token(offsets[2 * k + 1], offsets[2 * k + 2], words[k], _fold(words[k]), initial[k], titled)
                    for k in kept_words])
    return out


def _name_sentences(text: str, held: Iterable[str], names: frozenset[str]) -> list[list[_Token]]:
    """``_sentences(text, names)``, reading only the parts of the text between two sentence ends
    (``_HARD_BREAK_RE``) that hold one of the names ``held`` (as a string: a superset)."""
    out: list[list[_Token]] = []
    at = 0
    for part in _HARD_BREAK_RE.split(text):
        if any(name in part for name in held):
            out += _sentences(part, names, at)
        at += len(part) + 1
    return out


def _lone_names(text: str, held: Iterable[str],
                names: frozenset[str]) -> Optional[tuple[tuple[int, int, str, bool], ...]]:
    """Where each word of ``held`` is in ``text`` as a word standing alone, by the characters
    around it: (start, end, word, shown inside a sentence that is not title case), in text order;
    None when one of them may be part of a longer name or its word boundaries are unsure.

    A word stands alone when what comes before it is no word, or a punctuation mark, or digits, or
    a lower-case word that is no connector, or a sentence's capitalised first word that may not be
    a name (``names``: the words that may be); and after it the same but the last (or it ends
    with a possessive).  Then its form is the word itself when it is a name word, whatever its
    sentence, as ``_forms`` finds.  A lower-case word just before it shows it is not a sentence
    start, and a lower-case content word beside it that its sentence is not title case."""
    out = []
    reverse = text[::-1]
    size = len(text)
    for word in held:
        if _fold(word) in _NAME_CONNECTORS:
            return None  # `DE`: a name word, yet dropped at the edge of a name
        at = text.find(word)
        while at >= 0:
            end = at + len(word)
            before = _REV_SPACES_AND_WORD_CHARS_RE.match(reverse, size - at)
            length = before.end(2) - before.start(2)  # of the word characters before the spaces
            first = at - (before.end(2) - before.start(1))  # where they start
            left = None
            glued = length and first + length == at  # a word character right before
            if glued:
                if not text[first:at].isdigit():
                    for m in _WORD_RE.finditer(text, first):  # words start anew after a non-word character
                        if m.end() > at:
                            break
                    if m.start() != at:  # inside a longer word: `SQL` in `PostgreSQL`
                        at = text.find(word, at + 1)
                        continue
                    return None  # right after another word: only a full reading tells
                # After digits that are no part of a word a word starts here; the gap holds them.
            if _WORD_RE.match(text, at).end() != end:  # part of a longer word
                at = text.find(word, at + 1)
                continue
            if not glued:
                alone, left = _starts_no_name(text, reverse, first, length, names)
                if not alone:
                    return None
            after = _ENDS_NO_NAME_RE.match(text, end)
            if after is None or after.group(1) in _LOWER_CONNECTORS:
                if not (_POSSESSIVE_RE.search(word) and word[-2:].lower() != "'m"):
                    return None
                after = None
            shown_inside = bool(left) and word[0].isupper() and (
                _content_word(left) or after is not None and _content_word(after.group(1)))
            out.append((at, end, word, shown_inside))
            at = text.find(word, at + 1)
    out.sort()
    return tuple(out)


def _content_word(word: Optional[str]) -> bool:
    """A word that counts in telling title case: no function word, four letters or more."""
    if not word:
        return False
    key = _fold(word)
    return len(key) >= 4 and key not in EN_FUNCTION_WORDS


def _starts_no_name(text: str, reverse: str, first: int, length: int,
                    names: frozenset[str]) -> tuple[bool, Optional[str]]:
    """Whether a word after spaces after ``text[first:first + length]`` (the word characters
    there, a non-word character or nothing before them) starts no name with what precedes it;
    and the lower-case word there, if that is what precedes it."""
    if not length:
        return True, None  # the text's start, or a character the gap holds that is no name gap
    run = text[first:first + length]
    if run.isalpha():  # one word, as most are
        word, alone = run, True
    else:
        last = None
        for last in _WORD_RE.finditer(run):  # words start anew after a non-word character
            pass
        if last is None or last.end() < length:  # the run ends with digits or a dot: the gap holds them
            return "-" not in run[last.end() if last else 0:], None  # a hyphen may make a name gap
        word, alone = last.group(), last.start() == 0
    if word.islower():
        return word not in _LOWER_CONNECTORS, word
    # A capitalised word that may not be a name and starts a sentence is dropped from a name's start.
    return (alone and word[0].isupper() and word not in names
            and _REV_SENTENCE_START_RE.match(reverse, len(text) - first) is not None), None


def _inside_keys(sentences: list[list[_Token]]) -> Iterable[str]:
    """Keys of the words capitalised inside a sentence that is not title case."""
    return (t.key for sentence in sentences for t in sentence
            if t.word[0].isupper() and not t.initial and not t.titled)


def _title_case(words: Iterable[str]) -> bool:
    """A title-case sentence ("Getting Started With Line Charts"): two content words or more, and
    all of them capitalised."""
    content = 0
    for word in words:
        if _content_word(word):
            if not word[0].isupper():
                return False
            content += 1
    return content >= 2


def _tokens(text: str) -> list[_Token]:
    """The words of ``text``, each with its sentence position and title-case flag."""
    return [t for sentence in _sentences(text) for t in sentence]


def _known_english(word: str) -> bool:
    import simplemma

    return simplemma.is_known(word, lang="en")


@dataclass(frozen=True)
class _Casing:
    """What the run says about capitalisation: which capitalised words are names."""

    lower: frozenset[str]  # words written in lower case somewhere in the run
    # Capitalised inside a sentence that is not title case: kept for the words that may be names
    # (``_may_be_name``), the only ones ``name_word`` asks about.
    capital_inside: frozenset[str]
    # Also a capitalised word only met at a sentence start that is no English word (`Hongmeng` as
    # a heading).  Asked only of the pairs about to be reported: the word list loads in ~0.7 s.
    lenient: bool = False

    def name_word(self, token: _Token) -> bool:
        if token.key in _NEVER_NAMES:
            return False
        if _is_inner_capital(token.word):
            return True
        if not token.word[0].isupper() or token.key in self.lower or token.key in EN_FUNCTION_WORDS:
            return False
        return token.key in self.capital_inside or (
            self.lenient and token.initial and token.word.isalpha() and not _known_english(token.key))


def _may_be_name(word: str, lower: frozenset[str]) -> bool:
    """``_Casing.name_word`` can be true of the word (strictly, at any position): an acronym or a
    CamelCase word, or a capitalised word the run never writes in lower case."""
    key = _fold(word)
    return key not in _NEVER_NAMES and (_is_inner_capital(word) or (
        word[0].isupper() and key not in lower and key not in EN_FUNCTION_WORDS))


def _forms(text: str, tokens: list[_Token], casing: _Casing) -> dict[str, tuple[int, int]]:
    """Proper-noun-like phrases of an English text: form key -> span of its first occurrence.

    A phrase is a run of capitalised words (joined by spaces or a hyphen, with `of`/`for`/`&`
    inside, ended by a possessive) holding at least one name word; in a title-case sentence only
    the name words themselves count (every word is capitalised there).  Leading words that are not
    names and are capitalised only as a sentence start or are function words ("Using HarmonyOS",
    "The Linux Foundation") are dropped.
    """
    out: dict[str, tuple[int, int]] = {}
    run: list[_Token] = []

    def flush():
        while run and (run[0].key in _NAME_CONNECTORS or not casing.name_word(run[0]) and (
                run[0].initial or run[0].key in EN_FUNCTION_WORDS or run[0].key in _NEVER_NAMES)):
            run.pop(0)
        while run and run[-1].key in _NAME_CONNECTORS:
            run.pop()
        if any(casing.name_word(t) for t in run):
            out.setdefault(" ".join(t.key for t in run), (run[0].start, run[-1].end))
        run.clear()

    prev: Optional[_Token] = None
    for t in tokens:
        if run and (t.initial or prev.possessive or not _NAME_GAP_RE.fullmatch(text, prev.end, t.start)):
            flush()
        if casing.name_word(t) if t.titled else t.capital:
            run.append(t)
        elif run and t.key in _NAME_CONNECTORS and not t.titled:
            run.append(t)
        elif run:
            flush()
        prev = t
    flush()
    return out


def _form_pattern(key: str) -> re.Pattern:
    """The form as it may be written: any case, space or hyphen between words, plural or possessive."""
    words = [re.escape(w).replace(r"\-", r"[-\s]?") for w in key.split(" ")]
    return re.compile(r"(?<![A-Za-z0-9])" + r"[\s\-]+".join(words) + r"(?:['’]s?|s)?(?![A-Za-z0-9])",
                      re.IGNORECASE)


def _adjective_of(form: str, name: str) -> bool:
    """``form`` is the adjective or demonym of ``name`` (Chinese/China, American/America)."""
    if " " in form or " " in name:
        return False
    for cut in (0, 1):
        stem = name[:len(name) - cut] if cut else name
        if len(stem) >= 3 and form.startswith(stem) and form[len(stem):] in _ADJECTIVE_ENDINGS:
            return True
    return False


# --- units ---------------------------------------------------------------------------------------

class _Unit:
    """One aligned pair with English, as the rule reads it: a view of ``_Units`` (made anew when
    asked for; what is read from the texts is kept there)."""

    __slots__ = ("_units", "order")

    def __init__(self, units: "_Units", order: int):
        self._units = units
        self.order = order

    @property
    def document(self) -> Document:
        return self._units.documents[self.order]

    @property
    def similarity(self) -> Optional[float]:
        """The sentence encoder's cosine, when it ran."""
        return self._units.pairs[self.order].similarity

    @property
    def zh(self) -> tuple[Paragraph, ...]:
        return _prose(self.document.paragraph, self._units.pairs[self.order].zh)

    @property
    def en(self) -> tuple[Paragraph, ...]:
        return _prose(self.document.paragraph, self._units.pairs[self.order].en)

    @property
    def en_masked(self) -> str:
        """Masked, joined: where forms are read."""
        return self._units.en_masked[self.order]

    @property
    def zh_text(self) -> str:
        """Masked (code, URLs, markup blanked), paragraphs joined by "\n"; "" without Han."""
        text = self._units.zh_texts.get(self.order)
        if text is None:
            text = "\n".join(p.masked() for p in self.zh)
            text = self._units.zh_texts[self.order] = text if HAN_RUN_RE.search(text) else ""
        return text

    @property
    def bilingual(self) -> bool:
        return bool(self.zh_text)

    @property
    def en_text(self) -> str:
        """As written, joined: where learned renderings are looked for."""
        text = self._units.en_texts.get(self.order)
        if text is None:
            text = self._units.en_texts[self.order] = "\n".join(p.text for p in self.en)
        return text

    def keeps(self, word: str) -> bool:
        """The case-folded word is a Latin word of the Chinese as written (code included)."""
        words = self._units.zh_latins.get(self.order)
        if words is None:  # " word word ": a string, no object for the garbage collector
            words = self._units.zh_latins[self.order] = " {} ".format(" ".join(set(map(
                str.casefold, chain.from_iterable(_LATIN_IN_ZH_RE.findall(p.text) for p in self.zh)))))
        return f" {word} " in words

    @property
    def tokens(self) -> list[_Token]:
        """Words of ``en_masked``."""
        tokens = self._units.tokens.get(self.order)
        if tokens is None:
            tokens = self._units.tokens[self.order] = _tokens(self.en_masked)
        return tokens


class _Units(Sequence):
    """The run's units, in order.  Only the masked English of every pair is read up front; the
    rest is read for the units asked about (most never are), and kept as plain values: a run
    makes few long-lived objects for the garbage collector to go through."""

    def __init__(self, ctx: RunContext):
        self.en_masked: list[str] = []  # per unit
        self.with_masks: list[int] = []  # units whose English has masks (differs from the text as written)
        self.documents: list[Document] = []
        self.pairs: list = []
        self.zh_texts: dict[int, str] = {}
        self.en_texts: dict[int, str] = {}
        self.zh_latins: dict[int, str] = {}
        self.tokens: dict[int, list[_Token]] = {}
        texts, documents, pairs = self.en_masked, self.documents, self.pairs
        for dctx in ctx.documents:
            doc = dctx.document
            paragraph = doc.paragraph
            for pair in dctx.pairs:
                ids = pair.en
                if len(ids) == 1:  # most pairs: read inline
                    p = paragraph(ids[0])
                    if p.kind in _SKIPPED_KINDS:
                        continue
                    if p.masks:
                        self.with_masks.append(len(texts))
                    texts.append(p.masked())
                else:
                    en = _prose(paragraph, ids)
                    if not en:
                        continue
                    if any(p.masks for p in en):
                        self.with_masks.append(len(texts))
                    texts.append("\n".join(p.masked() for p in en))
                documents.append(doc)
                pairs.append(pair)

    def __len__(self) -> int:
        return len(self.en_masked)

    def __getitem__(self, i: int) -> _Unit:
        if not 0 <= i < len(self.en_masked):
            raise IndexError(i)
        return _Unit(self, i)


def _prose(paragraph, ids: tuple[str, ...]) -> tuple[Paragraph, ...]:
    if len(ids) == 1:  # most pairs: one paragraph a side
        p = paragraph(ids[0])
        return () if p.kind in _SKIPPED_KINDS else (p,)
    return tuple(p for p in map(paragraph, ids) if p.kind not in _SKIPPED_KINDS)


def kept(form: str, unit: _Unit) -> bool:
    """Every word of the form is in the unit's Chinese (a name left in Latin script)."""
    words = [w for w in form.split(" ") if w not in _NAME_CONNECTORS]
    return bool(words) and all(map(unit.keeps, words))


class _English:
    """The masked English of all units as one list of whitespace-separated pieces.  No word spans
    two pieces, so the words of each distinct piece are read once (the run's vocabulary), and the
    units holding some pieces are found by one pass in C over the list, not a pass in Python over
    every word of the run."""

    def __init__(self, units: _Units):
        self.units = units
        joined = f"\n{_SEPARATOR_PIECE}\n".join(units.en_masked)
        # The separator piece delimits units, unless a text holds it (then each unit is split alone).
        self.pieces: Optional[list[str]] = (
            joined.split() if joined.count(_SEPARATOR_PIECE) == len(units) - 1 else None)
        distinct = set(self.pieces) if self.pieces is not None else {
            p for text in units.en_masked for p in text.split()}
        distinct.discard(_SEPARATOR_PIECE)
        # piece -> its words joined by spaces (a string: no object per piece for the garbage collector)
        self.words_of: dict[str, str] = {p: " ".join(_WORD_RE.findall(p)) for p in distinct}
        self.words_of = {p: words for p, words in self.words_of.items() if words}
        self._pieces_of: Optional[dict[str, tuple[str, ...]]] = None

    def pieces_of(self) -> dict[str, tuple[str, ...]]:
        """Case-folded word -> the distinct pieces holding it."""
        if self._pieces_of is None:
            pieces_of: dict[str, list[str]] = defaultdict(list)
            for piece, words in self.words_of.items():
                for word in set(map(_fold, words.split(" "))):
                    pieces_of[word].append(piece)
            self._pieces_of = {word: tuple(pieces) for word, pieces in pieces_of.items()}
        return self._pieces_of

    def occurrences(self, wanted: Iterable[str]) -> Iterable[tuple[int, str]]:
        """(unit order, piece) for every occurrence of a piece of ``wanted``, in reading order."""
        if self.pieces is None:
            for order, text in enumerate(self.units.en_masked):
                for piece in text.split():
                    if piece in wanted:
                        yield order, piece
            return
        look = set(wanted)
        look.add(_SEPARATOR_PIECE)
        order = 0
        for piece in compress(self.pieces, map(look.__contains__, self.pieces)):
            if piece == _SEPARATOR_PIECE:
                order += 1
            else:
                yield order, piece


class _FormIndex:
    """Which units' English has a form (any spelling its pattern accepts): the units holding its
    rarest word, then the pattern to confirm."""

    def __init__(self, units: _Units, english: _English):
        self.units = units
        self._english = english
        self._by_word: dict[str, tuple[int, ...]] = {}  # case-folded word -> units holding it, in order
        self._pieces: dict[str, dict[int, str]] = {}  # word -> unit -> pieces holding it there (see _index)
        self._patterns: dict[str, re.Pattern] = {}
        self._where: dict[str, frozenset[int]] = {}

    def pattern(self, form: str) -> re.Pattern:
        p = self._patterns.get(form)
        if p is None:
            p = self._patterns[form] = _form_pattern(form)
        return p

    def prepare(self, forms: Iterable[str]) -> None:
        """Find the units of all the words of these forms in one pass."""
        self._index({w for form in forms for w in form.split(" ")})

    def where(self, form: str) -> frozenset[int]:
        found = self._where.get(form)
        if found is None:
            words = form.split(" ")
            self._index(words)
            rarest = min((self._by_word[w] for w in words), key=len)
            sure = self._surely_with(form) if len(words) == 1 else set()
            unsure = [i for i in rarest if i not in sure]
            if unsure:
                pattern = self.pattern(form)
                sure.update(i for i in unsure if pattern.search(self.units[i].en_text))
            found = self._where[form] = frozenset(sure)
        return found

    def _index(self, words: Iterable[str]) -> None:
        """Units whose English as written has a word folded to each of ``words``: from the pieces
        of the masked English, except for units with masks, read whole."""
        words = {w for w in words if w not in self._by_word}
        if not words:
            return
        pieces_of = self._english.pieces_of()
        holding: dict[str, list[str]] = {}  # piece -> the words it holds
        for w in words:
            for piece in pieces_of.get(w, ()):
                holding.setdefault(piece, []).append(w)
        # word -> unit -> the pieces holding it there, joined by spaces (strings: no object per
        # unit for the garbage collector)
        found: dict[str, dict[int, str]] = {w: {} for w in words}
        masked = set(self.units.with_masks)
        for order, piece in self._english.occurrences(holding):
            if order not in masked:
                for w in holding[piece]:
                    held = found[w].get(order)
                    found[w][order] = piece if held is None else f"{held} {piece}"
        words_of = self._english.words_of
        for order in self.units.with_masks:  # read whole, as written
            for piece in self.units[order].en_text.split():
                if piece in holding:
                    held_words: Iterable[str] = holding[piece]
                elif piece in words_of:
                    continue  # a piece of the run's masked English: none of these words
                else:  # a piece only the text as written has (a masked span's)
                    held_words = words.intersection(map(_fold, _WORD_RE.findall(piece)))
                for w in held_words:
                    held = found[w].get(order)
                    found[w][order] = piece if held is None else f"{held} {piece}"
        for w, by_unit in found.items():
            self._by_word[w] = tuple(sorted(by_unit))
            self._pieces[w] = by_unit

    def _surely_with(self, word: str) -> set[int]:
        """Units whose English has the one-word form, known from their pieces without a search of
        the text (nor the pattern compiled): a piece holding the word with no letter or digit on
        either side (whitespace around a piece passes the pattern's edges, and the pattern takes
        any case, a hyphen as written and a possessive)."""
        pieces = self._pieces[word]
        matching = {p for p in {p for held in pieces.values() for p in held.split(" ")} if _stands_in(word, p)}
        return {order for order, held in pieces.items() if not matching.isdisjoint(held.split(" "))}


def _stands_in(key: str, piece: str) -> bool:
    """A word of ``piece`` folds to ``key`` with no letter or digit right before or after it."""
    for m in _WORD_RE.finditer(piece):
        start, end = m.span()
        if (_fold(m.group()) == key and (not start or piece[start - 1] not in _ALNUM)
                and (end == len(piece) or piece[end] not in _ALNUM)):
            return True
    return False


class _TermIndex:
    """Chinese terms: jieba words and runs of them, and the units whose Chinese holds each."""

    def __init__(self, units: _Units):
        from ..coverage.lexicon import _jieba_frequencies, import_jieba

        # jieba's word table from the disk cache, read as words are looked up (a full load is ~1 s).
        _jieba_frequencies()
        self._jieba = import_jieba().dt
        self._units = [u for u in units if u.bilingual]
        # All the Chinese in one string: finding a term everywhere is one C-level scan.
        self._starts, at = [], 0
        for u in self._units:
            self._starts.append(at)
            at += len(u.zh_text) + 1
        self._all = "\x00".join(u.zh_text for u in self._units)
        self._grams: dict[int, frozenset[str]] = {}
        self._where: dict[str, frozenset[int]] = {}
    def rarity(self, term: str) -> float:
        """-log of the term's relative frequency in jieba's dictionary (unknown: as rare as once)."""
        import math

        return math.log(self._jieba.total / max(self._jieba.FREQ.get(term, 0), 1))

    def is_word(self, text: str) -> bool:
        return self._jieba.FREQ.get(text, 0) > 0

    def tokenize(self, text: str):
        return self._jieba.tokenize(text, HMM=False)

    def grams(self, unit: _Unit) -> frozenset[str]:
        cached = self._grams.get(unit.order)
        if cached is None:
            cached = self._grams[unit.order] = frozenset(self._grams_of(unit.zh_text))
        return cached

    def _grams_of(self, text: str) -> Iterable[str]:
        words = [w for w, _, _ in self.tokenize(text)]
        for i, first in enumerate(words):
            if not _HAN_ONLY_RE.match(first) or first in ZH_FUNCTION_WORDS or _NUMERAL_RE.match(first):
                continue
            gram = ""
            for w in words[i:i + MAX_TERM_WORDS]:
                # A function word ends the term: 膨胀到哈德森 is not one.
                if not _HAN_ONLY_RE.match(w) or _NUMERAL_RE.match(w) or w in ZH_FUNCTION_WORDS:
                    break
                gram += w
                if len(gram) > MAX_TERM_CHARS:
                    break
                if len(gram) >= 2:
                    yield gram

    def where(self, term: str) -> frozenset[int]:
        """Units (their ``order``) whose Chinese has the term."""
        found = self._where.get(term)
        if found is None:
            hits, at = set(), self._all.find(term)
            while at >= 0:
                hits.add(self._units[bisect_right(self._starts, at) - 1].order)
                at = self._all.find(term, at + 1)
            found = self._where[term] = frozenset(hits)
        return found


# --- learning and checking ------------------------------------------------------------------------


# --- learning and checking ------------------------------------------------------------------------

@dataclass(frozen=True)
class _Rendering:
    term: str
    form: str  # form key
    together: int  # units with the term whose English has the form (or whose Chinese keeps it)
    term_units: int  # units with the term
    form_units: int  # units with the form in the English and not in the Chinese


@dataclass(frozen=True)
class _Variant:
    unit: _Unit
    rendering: _Rendering  # the term's usual rendering
    form: str  # key of the form used instead


class _Model:
    """What one run teaches: forms per unit, and the terms with a learned rendering."""

    def __init__(self, ctx: RunContext, options):
        self.options = options
        self.units = _Units(ctx)
        self.english = _English(self.units)
        self.written: dict[str, Counter] = defaultdict(Counter)  # form key -> spellings seen
        self.casing: _Casing
        self._names: frozenset[str] = frozenset()  # words that may be names
        self._held: dict[int, str] = {}  # unit -> the names its English may hold, joined by spaces
        self._sentences: dict[int, list[list[_Token]]] = {}  # units read word by word for the casing
        self._name_words: dict[str, bool] = {}
        counts = self._read_forms()
        self.forms = _FormIndex(self.units, self.english)
        self.terms: Optional[_TermIndex] = None  # built when a form may render a term
        self.renderings: dict[str, list[_Rendering]] = {}  # term -> its renderings, strongest first
        self._lenient: dict[int, dict[str, tuple[int, int]]] = {}
        self._segmented: dict[int, list[tuple[str, int, int]]] = {}
        self._learn(counts)

    def spelling(self, form: str) -> str:
        return self.written[form].most_common(1)[0][0]

    def _read_forms(self) -> Counter:
        """Learn the casing, read every unit's forms (their spellings into ``written``), and count
        the pairs with Chinese that have each form, not kept in the Chinese (up to `min-together`).

        A form holds a name word, and a word that may be one is found in the vocabulary first: only
        the units holding such a word are read.  The casing comes first: what the units holding a
        capitalised word that may be a name show of it (``_lone_names`` or, where that cannot
        tell, the sentences read word by word; every sentence holding it unless one shows it
        inside a sentence).  Then the forms, unit by unit: nothing is kept per unit but the few
        read word by word, so a long run makes few objects for the garbage collector to go through.
        """
        counts: Counter = Counter()
        vocabulary = {w for words in self.english.words_of.values() for w in words.split(" ")}
        lower = frozenset(_fold(w) for w in vocabulary if w.islower())
        self._names = names = frozenset(w for w in vocabulary if _may_be_name(w, lower))
        if not names:
            self.casing = _Casing(lower, frozenset())
            return counts
        name_words = {p: names.intersection(ws.split(" ")) for p, ws in self.english.words_of.items()
                      if not names.isdisjoint(ws.split(" "))}
        current, words = -1, set()
        for order, piece in self.english.occurrences(name_words):  # in order of units
            if order != current:
                if words:
                    self._held[current] = " ".join(words)
                current, words = order, set()
            words.update(name_words[piece])
        if words:
            self._held[current] = " ".join(words)
        texts = self.units.en_masked
        # Keys whose casing is learned: those of the capitalised words that may be names.
        learned = {_fold(w) for w in names if not _is_inner_capital(w)}
        inside: set[str] = set()
        telling = [i for i, held in self._held.items() if not learned.isdisjoint(map(_fold, held.split(" ")))]
        for i in telling:
            if inside.issuperset(learned.intersection(map(_fold, self._held[i].split(" ")))):
                continue  # nothing left for this unit to tell
            found = _lone_names(texts[i], self._held[i].split(" "), names)
            if found is None:
                inside.update(_inside_keys(self._read_sentences(i)))
            else:
                inside.update(_fold(w) for _, _, w, shown_inside in found if shown_inside)
        # A capitalised word not shown inside a sentence yet: read every sentence that holds it
        # (in any spelling: the casing is learned by key).
        unsure = learned - inside
        for i in telling:
            if i not in self._sentences and not unsure.isdisjoint(map(_fold, self._held[i].split(" "))):
                inside.update(_inside_keys(self._read_sentences(i)))
        self.casing = _Casing(lower, frozenset(inside))
        enough = self.options["min-together"]
        for i in self._held:
            forms = self.unit_forms(i)
            for key, (s, e) in forms.items():
                self.written[key][texts[i][s:e]] += 1
            counting = [k for k in forms if counts[k] < enough]
            if counting:
                u = self.units[i]
                if u.bilingual:
                    for k in counting:
                        if not kept(k, u):
                            counts[k] += 1
        return counts

    def _read_sentences(self, i: int) -> list[list[_Token]]:
        sentences = self._sentences[i] = _name_sentences(
            self.units.en_masked[i], self._held[i].split(" "), self._names)
        return sentences

    def unit_forms(self, i: int) -> dict[str, tuple[int, int]]:
        """The forms of unit ``i``: form key -> span of its first use (casing learned)."""
        held = self._held.get(i)
        if held is None:
            return {}
        text = self.units.en_masked[i]
        forms: dict[str, tuple[int, int]] = {}
        sentences = self._sentences.get(i)
        if sentences is None:
            found = _lone_names(text, held.split(" "), self._names)
            if found is not None:
                for start, end, word, _ in found:
                    if self._name_word(word):
                        forms.setdefault(_fold(word), (start, end))
                return forms
            sentences = _name_sentences(text, held.split(" "), self._names)
        for sentence in sentences:
            for key, span in _forms(text, sentence, self.casing).items():
                forms.setdefault(key, span)
        return forms

    def _name_word(self, word: str) -> bool:
        """Whether the word is a name word (strictly, wherever it stands)."""
        found = self._name_words.get(word)
        if found is None:
            found = self._name_words[word] = self.casing.name_word(_Token(0, 0, word, _fold(word), False))
        return found

    def _term_index(self) -> _TermIndex:
        if self.terms is None:
            self.terms = _TermIndex(self.units)
        return self.terms

    def _learn(self, counts: Counter) -> None:
        """Learn the renderings of the forms in enough pairs (``counts``: see ``_read_forms``)."""
        o = self.options
        candidates = sorted(k for k, n in counts.items() if n >= o["min-together"])
        if not candidates:
            return
        self.forms.prepare(candidates)
        found: dict[str, list[_Rendering]] = defaultdict(list)
        for form in candidates:
            with_form = self.forms.where(form)
            present, rendered = self._rendered(form, with_form)
            if len(rendered) * 2 < present:
                continue  # mostly written in the Chinese as well: a Latin name, not a rendering
            if not _shared_pairs(rendered, max(o["min-together"], o["min-form-share"] * len(rendered))):
                continue  # no term can be found with it often enough: not worth segmenting
            terms = self._term_index()
            grams = Counter(g for u in rendered for g in terms.grams(u))
            # The terms that would qualify compete for the form: those whose CC-CEDICT sense or
            # pinyin spells it, if any (火星 "Mars" beats 探测 "detect", found in every pair about
            # Mars too), and among them the best Dice coefficient.  Terms always found together
            # share it when one holds the others (张彬彬, 彬彬); otherwise there is no telling which
            # the form renders, and none learns it.
            eligible = []
            for term, n in sorted(grams.items()):
                if n < o["min-together"] or n < o["min-form-share"] * len(rendered):
                    continue
                where = terms.where(term)
                if len(where) < o["min-term-pairs"] or terms.rarity(term) < o["min-term-rarity"]:
                    continue
                agree = sum(1 for i in where if i in with_form or kept(form, self.units[i]))
                if agree >= o["min-term-share"] * len(where):
                    eligible.append((2 * n / (len(where) + len(rendered)), term,
                                     _Rendering(term, form, agree, len(where), len(rendered))))
            if not eligible:
                continue
            # A single term wins whatever the dictionary says: it is asked (and loaded) for a
            # competition only.
            spelled = [e for e in eligible if self._spells(e[1], form)] if len(eligible) > 1 else []
            top = max(d for d, _, _ in spelled or eligible)
            winners = [(t, r) for d, t, r in spelled or eligible if d >= top - 1e-9]
            # A longer term as strong as a winner holds it (萨里奇 for 萨里 "Salic").
            winners += [(t, r) for d, t, r in eligible if d >= top - 1e-9 and (t, r) not in winners
                        and any(w in t for w, _ in winners)]
            longest = max((t for t, _ in winners), key=len)
            if all(t in longest for t, _ in winners):
                for term, rendering in winners:
                    found[term].append(rendering)
        self.renderings = {t: sorted(rs, key=lambda r: (-r.together, -r.together / r.form_units, r.form))
                           for t, rs in found.items()}

    def _rendered(self, form: str, with_form: frozenset[int]) -> tuple[int, list[_Unit]]:
        """How many pairs with the form have Chinese, and those whose Chinese does not keep it.
        Stops once fewer than half can be rendered (the counts so far say so already)."""
        present, rendered, left = 0, [], len(with_form)
        for i in sorted(with_form):
            left -= 1
            u = self.units[i]
            if u.bilingual:
                present += 1
                if not kept(form, u):
                    rendered.append(u)
                elif 2 * len(rendered) + left < present:
                    break
        return present, rendered

    def _spells(self, term: str, form: str) -> bool:
        """A CC-CEDICT sense of the term has a word of the form, or its pinyin spells it."""
        from ..services import shared_lexicon

        lex = shared_lexicon()
        compact = form.replace(" ", "").replace("-", "")
        if term in lex:
            if lex.keys(term) & lex.en.keys(form):
                return True
            pinyin = lex.pinyin(term)
        else:
            pinyin = _pinyin(lex, term)
        return bool(pinyin) and len(pinyin) >= 4 and pinyin in compact

    def _has_rendering(self, unit: _Unit, rendering: _Rendering) -> bool:
        return unit.order in self.forms.where(rendering.form) or kept(rendering.form, unit)

    def variants(self) -> list[_Variant]:
        """One per unit and other form: the unit's Chinese has a learned term, its English none of
        the term's renderings and exactly one form nothing explains."""
        if not self.renderings:
            return []
        min_similarity = self.options["min-similarity"]
        rendered_by: dict[str, set[str]] = defaultdict(set)  # form -> terms it renders
        for term, rs in self.renderings.items():
            for r in rs:
                rendered_by[r.form].add(term)
        self._prepare_variants(min_similarity)
        best: dict[tuple[int, str], _Variant] = {}
        for term in sorted(self.renderings):
            rs = self.renderings[term]
            where = self.terms.where(term)
            for i in sorted(where):
                u = self.units[i]
                if u.similarity is not None and u.similarity < min_similarity:
                    continue  # not a translation of this Chinese at all: ZH150's business
                if any(self._has_rendering(u, r) for r in rs):
                    continue
                others = [f for f in self._lenient_forms(u)
                          if not self._explained(f, u, term, rs, where, rendered_by)]
                if not others or not self._stands_alone(term, u):
                    continue
                others = [f for f in others if not self._dictionary_explains(f, u, rs[0])]
                if len(others) != 1:
                    continue  # none: an omission; several: no telling which renders the term
                if self._unaccounted_name(u, term):
                    continue  # the form may render that word (the term's rendering left out)
                v = _Variant(u, rs[0], others[0])
                # Nested terms (哈德森, 哈德森大街) find the same variant: name the strongest, longest.
                key = (u.order, v.form)
                if key not in best or _strength(v) > _strength(best[key]):
                    best[key] = v
        return [best[k] for k in sorted(best)]

    def _prepare_variants(self, min_similarity: float) -> None:
        """Read the other forms of the pairs ``variants`` will look at, in its order (the first
        spelling of a form is the one named), and index all their words in one pass."""
        lenient = replace(self.casing, lenient=True)
        keys: set[str] = set()
        for term in sorted(self.renderings):
            rs = self.renderings[term]
            for i in sorted(self.terms.where(term)):
                u = self.units[i]
                if u.similarity is not None and u.similarity < min_similarity:
                    continue
                if not any(self._has_rendering(u, r) for r in rs):
                    keys.update(self._lenient_forms(u, lenient))
        self.forms.prepare(keys)

    def _lenient_forms(self, unit: _Unit, lenient: Optional[_Casing] = None) -> dict[str, tuple[int, int]]:
        forms = self._lenient.get(unit.order)
        if forms is None:
            casing = lenient or replace(self.casing, lenient=True)
            forms = self._lenient[unit.order] = _forms(unit.en_masked, unit.tokens, casing)
            for key, (s, e) in forms.items():
                if key not in self.written:
                    self.written[key][unit.en_masked[s:e]] += 1
        return forms

    def _words(self, unit: _Unit) -> list[tuple[str, int, int]]:
        words = self._segmented.get(unit.order)
        if words is None:
            words = self._segmented[unit.order] = list(self.terms.tokenize(unit.zh_text))
        return words

    def _name_candidates(self, unit: _Unit) -> list[tuple[str, int, int, bool]]:
        """(word, start, end, joined): jieba's words, and runs of single characters that are not
        function words joined into one (jieba cuts a name it does not know into characters:
        龙蜥 → 龙 蜥, 张亚杰 → 张 亚 杰)."""
        out, run = [], []
        for word, s, e in self._words(unit) + [("", -1, -1)]:
            if len(word) == 1 and _HAN_ONLY_RE.match(word) and word not in ZH_FUNCTION_WORDS:
                run.append((word, s, e))
                continue
            if len(run) >= 2:
                out.append(("".join(w for w, _, _ in run), run[0][1], run[-1][2], True))
            else:
                out.extend((w, s, e, False) for w, s, e in run)
            run = []
            if word:
                out.append((word, s, e, False))
        return out

    def _occurrences(self, term: str, unit: _Unit) -> list[tuple[int, int]]:
        return [(m.start(), m.end()) for m in re.finditer(re.escape(term), unit.zh_text)]

    def _stands_alone(self, term: str, unit: _Unit) -> bool:
        """The term is a word (or words) of this Chinese, not part of one: 英文 in 中英文 is not,
        苹果 in 苹果公司 is (what is left of the word, 公司, is a word of two characters or more)."""
        words = self._words(unit)
        for ts, te in self._occurrences(term, unit):
            inside = [(w, s, e) for w, s, e in words if s < te and ts < e]
            head, tail = inside[0], inside[-1]
            if all(len(rest) != 1 and (not rest or self.terms.is_word(rest))
                   for rest in (head[0][:ts - head[1]], tail[0][te - tail[1]:])):
                return True
        return False

    def _dictionary_explains(self, form: str, unit: _Unit, rendering: _Rendering) -> bool:
        """Most words of the form render other words of the Chinese, by CC-CEDICT sense or pinyin
        (`Chinese` for 中文 beside 英文).  Words of the term count too, except those that spell its
        usual rendering: `Long Beach` is 长滩 of 加州长滩 "California", which is an omission of
        California, not another name for it; `Hongmeng` is no other word of 鸿蒙 "HarmonyOS"."""
        from ..services import shared_lexicon

        lex = shared_lexicon()
        spelled = self.spelling(form)
        keys = {k for k in map(lex.en.key, _WORD_RE.findall(spelled)) if k}
        compact = re.sub(r"[^a-z]", "", spelled.lower())
        inside = self._occurrences(rendering.term, unit)
        words = [(w, s, e) for w, s, e, _ in self._name_candidates(unit) if _HAN_ONLY_RE.match(w)]
        in_term = [w for w, s, e in words if any(s < te and ts < e for ts, te in inside)]
        core = {w for w in in_term if self._spells(w, rendering.form)} or set(in_term)
        unexplained = set(keys)
        for word, _, _ in words:
            if word in core:
                continue
            for part in ((word,) if word in lex else lex.split(word)):
                unexplained -= lex.keys(part)
            py = _pinyin(lex, word)
            if len(py) >= 4 and py in compact:  # a name spelled out (张亚杰, "Zhang Yajie")
                return True
        # Most of it is enough: `Animal Planet Channel` is 动物星球频道 though CC-CEDICT has 星球
        # only as "celestial body".
        return len(unexplained) * 2 < len(keys)

    def _unaccounted_name(self, unit: _Unit, term: str) -> Optional[str]:
        """Another word of the Chinese that may be a name the form renders: rare, unknown to
        CC-CEDICT even in parts, and not spelled out in the English by its pinyin (哈德森 in
        它可能会膨胀到哈德森大街 when 地球 is the term, its rendering left out, and "Hudson" the form)."""
        from ..services import shared_lexicon

        lex = shared_lexicon()
        compact = re.sub(r"[^a-z]", "", unit.en_text.lower())
        inside = self._occurrences(term, unit)
        for word, s, e, _ in self._name_candidates(unit):
            if (any(s < te and ts < e for ts, te in inside) or len(word) < 2 or word in lex
                    or not _HAN_ONLY_RE.match(word) or word in ZH_FUNCTION_WORDS
                    or self.terms.rarity(word) < self.options["name-rarity"]):
                continue
            # A compound of dictionary words (压缩成, 幅照片, 即便如此: jieba lists many) is no name;
            # a name the dictionary lacks (哈德森, 鸿蒙, 龙蜥) falls apart into characters.
            if any(len(part) > 1 for part in lex.split(word)):
                continue
            if _pinyin(lex, word) not in compact:
                return word
        return None

    def _explained(self, form: str, unit: _Unit, term: str, renderings: list[_Rendering],
                   where: frozenset[int], rendered_by: dict[str, set[str]]) -> bool:
        # A word of it is in the Chinese: a name kept in Latin script (`Linux Foundation`, Linux基金会).
        if any(unit.keeps(w) for w in form.split(" ") if w not in _NAME_CONNECTORS):
            return True
        # The adjective of the usual rendering (`Chinese` for 中国 → `China`).
        if any(_adjective_of(form, r.form) for r in renderings):
            return True
        # Used where the term is not: it renders something else.
        if self.forms.where(form) - where:
            return True
        # The learned rendering of another term of this Chinese.
        return any(term not in other and other not in term and unit.order in self.terms.where(other)
                   for other in rendered_by.get(form, ()))


def _shared_pairs(units: list[_Unit], enough: float) -> bool:
    """Some two Han characters in a row are in the Chinese of ``enough`` of the units: else no
    term (two characters or more, all Han) is, and the units need no segmenting."""
    if len(units) < enough:
        return False
    counts: Counter = Counter()
    for u in units:
        counts.update({run[k:k + 2] for run in HAN_RUN_RE.findall(u.zh_text) for k in range(len(run) - 1)})
    return bool(counts) and counts.most_common(1)[0][1] >= enough


def _pinyin(lex, word: str) -> str:
    """Toneless pinyin run together (CC-CEDICT's for the word, else its characters'); "" if a
    character has none."""
    py = lex.pinyin(word)
    if py:
        return py
    parts = [lex.pinyin(c) for c in word]
    return "".join(parts) if all(parts) else ""


def _strength(v: _Variant) -> tuple:
    r = v.rendering
    return (r.together / r.term_units, len(r.term), r.together, r.term)


class InconsistentTerm(Rule):
    info = RuleInfo(
        code="ZH803", name="inconsistent-term", category=Category.CONSISTENCY,
        severity=Severity.WARNING, scope="run",
        summary="A Chinese term rendered by one name through the run is rendered by another here.",
        doc="""\
### What it does
Learns from the run itself (all files together) which Chinese terms have a fixed English name, and
reports a pair whose Chinese has such a term while its English uses another name instead.  A term
is learned with a rendering when a proper-noun-like English form (capitalised phrase, acronym,
CamelCase word: "HarmonyOS", "Open Atom Foundation", "RISC-V") is in most pairs that have the
term and in few pairs without it, the term recurs in at least `min-term-pairs` pairs and is not a
common word.  A pair is reported when its Chinese has the term, its English has none of the
term's learned renderings, and exactly one other proper-noun-like form that nothing else explains:
not a name kept in Latin script in the Chinese, not used in pairs without the term, not the
rendering of another word of the pair (learned, or by CC-CEDICT sense or pinyin), not the
adjective of the usual name (China → Chinese).  The Chinese term and the other form are marked.

English with no other name in place of the term is an omission, left to the omission rules; a
pair whose English holds several unexplained names is left alone too (no telling which one
renders the term).  Capitalisation is learned from the run: a capitalised word counts as a name
when the run never writes it in lower case and capitalises it somewhere other than at a sentence
start or in a title-case heading.

### Why it matters
A name rendered two ways reads as two things: "HarmonyOS" in one chapter and "Hongmeng" in the
next, "Zhang Binbin" and "Zhangbinbin", "Hudson Street" and "Hudson Avenue".  Without a glossary
(`ZH511`) nothing else sees it.

### Example
```
鸿蒙是一个分布式操作系统。

HarmonyOS is a distributed operating system.

鸿蒙支持多种设备。

HarmonyOS runs on many kinds of devices.

开发者可以为鸿蒙编写应用。

Developers can write apps for Hongmeng.
```
`ZH803` on the last pair: "鸿蒙" is rendered "HarmonyOS" in 2 of its 3 pairs, "Hongmeng" here.

### Options
Measured on real translations: 63 documentation pairs checked as one run, 15 runs of 171 TED
talk segments (one per translation system or reference), the same 15 as one run (15
translators), and 153 news sentences from a WMT test set (references).  The rule reports 9
pairs, all real: "Saric" beside "Salic" for 萨里奇 in the news references, and in the
15-translator run "Hudson Avenue" (4), "the Hudson" (1) beside "Hudson Street", "CA" (3)
beside "California".  Recall, by replacing one occurrence of each learned rendering in those runs
with the pinyin of the term ("Aiyinsitan" for "Einstein"): 141 of 206 reported; replacing it
with lower-case words instead (an omission) is reported 0 times of 206.

- `min-term-pairs` (3), `min-together` (2): the term recurs in at least 3 pairs, at least 2 of them
  with the rendering: one variant needs two consistent uses to be called one.
- `min-term-share` (0.66): the share of the term's pairs whose English has the rendering (or whose
  Chinese keeps it in Latin script).
- `min-form-share` (0.5): the share of the rendering's pairs whose Chinese has the term.  Several
  terms may qualify for one rendering; the one CC-CEDICT or pinyin ties to it wins, else the best
  Dice coefficient (月球 in most pairs about Mars does not learn "Mars"); a tie between terms
  that are not parts of one another learns nothing.
- `min-term-rarity` (9.0): jieba -log frequency below which a word is too common to learn (the
  ~680 most frequent words of two characters or more: 问题, 增长, 中国, 美国).  At 0, the news
  sample adds a false report: 增长 "growth" learned as "July" from two pairs.
- `name-rarity` (14.0): another word of the pair at least this rare (jieba), unknown to CC-CEDICT
  and not spelled out by its pinyin in the English, may be a name the form renders (哈德森 when
  the term is 地球 and the form "Hudson"): the pair is not reported.  Without this check the
  pinyin test above finds 157 of 206, but 5 of the 206 omissions are reported as variants.
- `min-similarity` (0.4): with the sentence encoder, a pair less similar than this is no
  translation of its Chinese (left to `ZH150`); the value is the engine's, ~2nd percentile of
  true paragraph translations in the documentation pairs.
""",
        options={"min-term-pairs": 3, "min-together": 2, "min-term-share": 0.66, "min-form-share": 0.5,
                 "min-term-rarity": 9.0, "min-similarity": 0.4, "name-rarity": 14.0})

    def check_run(self, ctx: RunContext):
        model = _Model(ctx, self.options)
        for v in model.variants():
            r, u = v.rendering, v.unit
            usual, other = model.spelling(r.form), model.spelling(v.form)
            term_re = re.compile(re.escape(r.term))
            pattern = model.forms.pattern(v.form)
            yield self.finding(
                u.document,
                f'"{r.term}" is rendered "{usual}" in {r.together} of its {r.term_units} pairs in the run, '
                f'but "{other}" here',
                zh=[Mark.of(p, m.start(), m.end()) for p in u.zh for m in term_re.finditer(p.masked())],
                en=[Mark.of(p, m.start(), m.end()) for p in u.en for m in pattern.finditer(p.masked())],
                suggestion=f'use "{usual}" as elsewhere in the run, or check that "{other}" is meant',
                subject=f"{r.term}\x1f{v.form}")
