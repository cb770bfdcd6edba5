"""Consistency rules over a whole run (all documents together): one source, one translation.

The unit compared is a pair as the alignment made it (a paragraph, heading, list item, table cell
or translation unit, with the English that renders it): both sides are compared whole, after
normalising what does not change the meaning.  Splitting paragraphs into sentences would add
matches but also sentence-alignment errors, and each of those would be a false alarm here.

Normalising: Unicode NFKC (full-width letters, digits and punctuation become half-width), case
folded, punctuation and whitespace ignored (a Chinese key drops whitespace altogether), markup,
HTML tags, URLs and link targets left out (the Chinese and English documentation often link to
their own language's pages); inline code is kept (``npm install`` and ``yarn add`` are different
sentences).
"""
from __future__ import annotations

import re
import unicodedata
import weakref
from collections import Counter, defaultdict
from difflib import SequenceMatcher
from typing import Iterator, NamedTuple

from ..model import Category, Document, Mark, Paragraph, Severity
from ..script import han_count
from .base import Rule, RuleInfo, RunContext

# Masked spans that are left out of the comparison: not wording, and often language-specific.
_IGNORED_MASKS = frozenset({"markup", "html", "url", "link-target", "front-matter"})


class _PunctuationToSpace(dict):
    """str.translate table: punctuation, symbols used as punctuation and whitespace -> space.

    Built lazily (one unicodedata lookup per distinct character), so normalising stays a C-speed
    ``translate`` call.
    """

    def __missing__(self, code: int):
        char = chr(code)
        cat = unicodedata.category(char)
        value = " " if (cat[0] in "PZ" or char.isspace() or cat in ("Sk", "So")) else None
        self[code] = value if value is not None else code
        return self[code]


_TABLE = _PunctuationToSpace()
_LATIN_OR_DIGITS_RE = re.compile(r"[0-9a-z\u00c0-\u024f]+")


def _unmasked_text(para: Paragraph) -> str:
    """The paragraph's text with ignored masks removed (other masked text, e.g. code, is kept)."""
    spans = [(m.start, m.end) for m in para.masks if m.kind in _IGNORED_MASKS]
    if not spans:
        return para.text
    out, at = [], 0
    for start, end in sorted(spans):
        if start > at:
            out.append(para.text[at:start])
        at = max(at, end)
    out.append(para.text[at:])
    return " ".join(out)


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold().translate(_TABLE)


# ``_fold`` for text that is not ASCII, by its few distinct non-word characters.  Chinese text holds
# full-width punctuation, which sends NFKC down its slow path, and ``translate`` looks every character
# up in a Python mapping: 40 µs for 150 characters together, ~10 µs this way.
# - Full-width forms are replaced by their NFKD first: NFKC decomposes every character fully before
#   composing, so the result is the same, and what is left usually passes NFKC's quick check.
# - ``_TABLE`` turns only punctuation, symbols and white space into spaces: never a letter, digit or
#   mark, so only the characters outside ``\w`` (and "_") need a look-up, once per distinct one.
_FULLWIDTH_RE = re.compile("[\u3000\uff01-\uff5e]")
_NOT_WORD_RE = re.compile(r"[\W_]")
_NFKD: dict[str, str] = {}


def _fold_fast(text: str) -> str:
    if _FULLWIDTH_RE.search(text):
        for c in set(_FULLWIDTH_RE.findall(text)):
            decomposed = _NFKD.get(c)
            if decomposed is None:
                decomposed = _NFKD[c] = unicodedata.normalize("NFKD", c)
            text = text.replace(c, decomposed)
    folded = unicodedata.normalize("NFKC", text).casefold()
    for c in set(_NOT_WORD_RE.findall(folded)):
        if _TABLE[ord(c)] == " ":
            folded = folded.replace(c, " ")
    return folded


# ``_fold`` of an ASCII text, byte for byte (NFKC leaves ASCII alone and case-folds it as ``lower``):
# the same folding at C speed for most English (600 letters: ~10 → ~1 µs).  The characters that
# ``str.split`` alone counts as white space (U+001C–U+001F) become spaces here, so ``bytes.split``
# cuts the folded text at the same places.
_FOLD_ASCII = bytes(ord(chr(b).lower().translate(_TABLE)) for b in range(128)) + bytes(range(128, 256))


def _folded_words_ascii(text: str) -> list[bytes]:
    return text.encode("ascii").translate(_FOLD_ASCII).split()


def chinese_key(text: str) -> str:
    """What makes two Chinese texts "the same sentence": all but whitespace and punctuation."""
    if text.isascii():
        return b"".join(_folded_words_ascii(text)).decode("ascii")
    return "".join(_fold_fast(text).split())


def english_key(text: str) -> str:
    """What makes two English texts "the same rendering": words, in order, case-folded."""
    if text.isascii():
        return b" ".join(_folded_words_ascii(text)).decode("ascii")
    return " ".join(_fold_fast(text).split())


class Occurrence(NamedTuple):
    """One 1-1 pair of the run (a named tuple: one is made for every pair, and a frozen dataclass
    takes ten times longer to make)."""

    document: Document
    zh: Paragraph
    en: Paragraph
    zh_key: str
    en_key: str
    order: int  # position in the run, for "first" and deterministic output
    zh_han: int = 0  # Han characters in ``zh_key`` (both rules ask)

    @property
    def where(self) -> str:
        return f"{self.en.path}:{self.en.line}"


# ZH801 and ZH802 look at the same occurrences of the same run: built once, for the last run seen.
# A weak reference: the cache must not keep a finished run alive.
_LAST: list = [lambda: None, None]  # [weakref to the RunContext, its occurrences]


def _occurrences(ctx: RunContext) -> list[Occurrence]:
    if _LAST[0]() is not ctx:
        _LAST[0], _LAST[1] = weakref.ref(ctx), _build_occurrences(ctx)
    return _LAST[1]


def _build_occurrences(ctx: RunContext) -> list[Occurrence]:
    """One per 1-1 pair of prose paragraphs in the run, in reading order.

    Only 1-1 pairs: in an n-m bead the English may well be right and still differ from the English
    of the same Chinese sentence elsewhere (it also renders its neighbours).
    """
    out = []
    for dctx in ctx.documents:
        doc = dctx.document
        for pair in dctx.pairs:
            if len(pair.zh) != 1 or len(pair.en) != 1:
                continue
            zh, en = doc.paragraph(pair.zh[0]), doc.paragraph(pair.en[0])
            if not (zh.is_prose and en.is_prose) or "front-matter" in (zh.kind, en.kind):
                continue
            zh_key = chinese_key(_unmasked_text(zh))
            en_key = english_key(_unmasked_text(en))
            if zh_key and en_key:
                out.append(Occurrence(doc, zh, en, zh_key, en_key, len(out), han_count(zh_key)))
    return out


def _snippet(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _divergent(groups: dict[str, list[Occurrence]], variant) -> Iterator[tuple[Occurrence, Occurrence]]:
    """(occurrence, reference) for each occurrence whose ``variant`` differs from its group's usual one.

    The usual variant is the most frequent, ties going to the one met first; the reference is its
    first occurrence.  With two occurrences that is simply "differs from the first".
    """
    for group in groups.values():
        if len(group) < 2:
            continue  # one occurrence has one variant (most groups of a run)
        counts = Counter(variant(o) for o in group)
        if len(counts) < 2:
            continue
        first_at = {}
        for o in group:
            first_at.setdefault(variant(o), o)
        usual = max(counts, key=lambda v: (counts[v], -first_at[v].order))
        reference = first_at[usual]
        for o in group:
            if variant(o) != usual:
                yield o, reference


def _reworded(a: str, b: str, min_similarity: float) -> bool:
    """Two Chinese keys that say the same thing in other words: alike enough, and with the same
    Latin words and numbers (``5.5.0`` / ``5.6.0``, ``animationDuration`` / ``animationDurationUpdate``
    make different sentences however alike the rest is)."""
    if _LATIN_OR_DIGITS_RE.findall(a) != _LATIN_OR_DIGITS_RE.findall(b):
        return False
    return SequenceMatcher(None, a, b, autojunk=False).ratio() >= min_similarity


class InconsistentTranslation(Rule):
    info = RuleInfo(
        code="ZH801", name="inconsistent-translation", category=Category.CONSISTENCY,
        severity=Severity.WARNING, scope="run",
        summary="The same Chinese is translated differently elsewhere in the run.",
        doc="""\
### What it does
Looks at every aligned pair of one Chinese paragraph (heading, list item, table cell, translation
unit) and one English paragraph in the whole run, across all files.  When the same Chinese, with at
least `min-han` Chinese characters, is rendered by different English, each rendering that differs
from the usual one (the most frequent; ties: the first met) is reported, naming where the usual
one is.  Whitespace, full-/half-width forms, punctuation, case, markup and link targets are ignored
on both sides; inline code is not.

### Why it matters
A repeated sentence translated two ways tells the reader they mean different things; in
documentation and UI strings it is usually an update applied to one copy and not the other, or two
translators without a translation memory.

### Example
```
单击“保存”按钮以保存您的更改。

Click Save to keep your changes.

...

单击“保存”按钮以保存您的更改。

Press the Save button to store your edits.
```
The second rendering is reported (`ZH801`), pointing to the first.

### Options
- `min-han` (6): Chinese shorter than this is not compared: short labels (`注意`, `参数`) are
  legitimately rendered by context ("Note", "Caution"; "Parameters", "Arguments").  Measured on
  63 real documentation pairs checked as one run (1,780 one-to-one prose pairs): at 6 the rule
  reports 8 renderings, all real inconsistencies (two headings worded two ways, three list items
  reworded in a copied page, two English paragraphs that kept Chinese); at 1 it adds 6 more, all
  short labels whose wording fairly depends on context (`例如`, `示例`, `仪表盘`, `数据集`).
  Comparing n-m beads as well found nothing more there.
""",
        options={"min-han": 6})

    def check_run(self, ctx: RunContext):
        min_han = self.options["min-han"]
        groups: dict[str, list[Occurrence]] = defaultdict(list)
        for o in _occurrences(ctx):
            if o.zh_han >= min_han:
                groups[o.zh_key].append(o)
        for o, ref in _divergent(groups, lambda o: o.en_key):
            yield self.finding(
                o.document,
                f'the same Chinese is rendered differently at {ref.where}: "{_snippet(ref.en.text)}"',
                zh=[Mark.of(o.zh)], en=[Mark.of(o.en)],
                suggestion="use one rendering for the same sentence (or check that the difference is meant)",
                subject=o.zh_key[:200])


class SameEnglishDifferentSource(Rule):
    info = RuleInfo(
        code="ZH802", name="same-english-different-source", category=Category.CONSISTENCY,
        severity=Severity.INFO, scope="run",
        summary="One English sentence renders different Chinese sentences in the run.",
        doc="""\
### What it does
Looks at every aligned pair of one Chinese and one English paragraph in the run.  When the same
English (at least `min-words` words) renders Chinese sentences that really differ (their
characters are less than `max-source-similarity` alike), each occurrence whose Chinese differs from
the usual one is reported, naming where the usual one is.  Normalised as for `ZH801`.

### Why it matters
It is the signature of a copy-paste slip: the English of a neighbouring or earlier paragraph pasted
again while the Chinese says something else.  Chinese sentences that differ only in wording
(`请参考以下示例` / `请参考下面的示例`) may well share a rendering and are not reported.

### Example
```
下载安装包并解压到任意目录。

Download the package and unzip it into any folder.

运行安装程序，并按提示完成配置。

Download the package and unzip it into any folder.
```
`ZH802` on the second English paragraph.

### Options
- `min-words` (6): shorter English is not compared (short headings repeat legitimately).
- `max-source-similarity` (0.6): Chinese sentences at least this alike (difflib ratio over their
  normalised characters) and with the same Latin words and numbers count as the same sentence
  reworded.  Measured on the 1,145 distinct Chinese paragraphs of 63 documentation pairs whose
  English has 6 words or more: two random ones reach 0.15 at the 90th percentile and 0.37 at the
  99.9th; Chinese that shares one English rendering there (rewordings such as 下面/下文,
  标签位置/标签的位置, 基础/基本柱状图) scores 0.71–0.97.
""",
        options={"min-words": 6, "max-source-similarity": 0.6})

    def check_run(self, ctx: RunContext):
        min_words = self.options["min-words"]
        max_sim = self.options["max-source-similarity"]
        groups: dict[str, list[Occurrence]] = defaultdict(list)
        for o in _occurrences(ctx):
            if o.zh_han and o.en_key.count(" ") + 1 >= min_words:
                groups[o.en_key].append(o)
        for o, ref in _divergent(groups, lambda o: o.zh_key):
            if _reworded(o.zh_key, ref.zh_key, max_sim):
                continue
            yield self.finding(
                o.document,
                f'the same English renders different Chinese at {ref.zh.path}:{ref.zh.line}: '
                f'"{_snippet(ref.zh.text, 40)}"',
                zh=[Mark.of(o.zh)], en=[Mark.of(o.en)],
                suggestion="check that this English renders this Chinese (it may be pasted from elsewhere)",
                subject=o.en_key[:200])
