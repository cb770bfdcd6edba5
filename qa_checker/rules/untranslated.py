"""Untranslated text: Chinese left in the English, English identical to the Chinese, not English."""
from __future__ import annotations

import re

from ..model import Category, Mark, Severity
from ..script import HAN_RE, HAN_SPAN_RE, dominant_script, han_count, latin_count
from .base import PairContext, Rule, RuleInfo

_SPACE_RE = re.compile(r"\s+")


# Latin letters from which a paragraph counts as (partly) English: below this the English side is
# not English at all (ZH203); above it each Chinese run left in it is reported with its span (ZH201),
# even when Chinese outweighs the English (a long sentence pasted untranslated into a paragraph).
MIN_ENGLISH_LETTERS = 10


def _has_english(text: str) -> bool:
    return dominant_script(text) == "latin" or latin_count(text) >= MIN_ENGLISH_LETTERS


def _normal(text: str) -> str:
    return _SPACE_RE.sub("", text).casefold()


def _is_copy(zh: str, en: str) -> bool:
    """English equal to the Chinese (white space and case aside) while the Chinese has Chinese.
    Cheap tests first: this runs on every pair."""
    if not _lengths_allow_copy(len(zh), len(en)):
        return False
    return bool(han_count(en)) and _normal(zh) == _normal(en)


def _lengths_allow_copy(zh: int, en: int) -> bool:
    return abs(zh - en) <= max(zh, en) // 2 + 2


def _joined_length(paragraphs) -> int:
    """``len(PairContext.zh_text)`` (or ``en_text``) without joining the texts."""
    return sum(len(p.text) for p in paragraphs) + len(paragraphs) - 1 if paragraphs else 0


# ZH202 and ZH203 ask about the same context one after the other: [context, answer] of the last.
_last_copy: list = [None, False]


def _pair_is_copy(ctx: PairContext) -> bool:
    """``_is_copy`` of the pair's two sides; the sides are joined only when their lengths allow a copy
    (on almost every pair they do not)."""
    if _last_copy[0] is ctx:
        return _last_copy[1]
    copied = _lengths_allow_copy(_joined_length(ctx.zh), _joined_length(ctx.en)) and \
        _is_copy(ctx.zh_text, ctx.en_text)
    _last_copy[:] = [ctx, copied]
    return copied


class ChineseInEnglish(Rule):
    info = RuleInfo(
        code="ZH201", name="chinese-in-english", category=Category.UNTRANSLATED, severity=Severity.ERROR,
        summary="Chinese characters are left in the English.",
        doc="""\
### What it does
Finds runs of Han characters (all CJK ideograph blocks, Extensions A–H and compatibility
ideographs) in English text, outside code, URLs and other masked spans, and reports each run.

### Why it matters
Existing checkers never flag Chinese words left in English.  A reader of the English cannot read
them; often a whole clause was skipped and its Chinese pasted.

### Example
```
我们发布了第三个年度的蓝皮书。

We published the third annual 蓝皮书.
```
`蓝皮书` is left in Chinese: `ZH201`.  Fix: `Blue Book`.

### Options
- `allow` (empty): comma-separated Chinese strings that may stay (e.g. a name given with its
  characters on purpose).
""",
        options={"allow": ()})

    def check_pair(self, ctx: PairContext):
        allow = set(self.options["allow"])
        for para in ctx.en:
            if not para.is_prose:
                continue
            text = para.masked()
            if text.isascii() or not HAN_RE.search(text) or not _has_english(text):
                continue  # no Chinese, or no English at all (ZH202/ZH203 say it)
            for m in HAN_SPAN_RE.finditer(text):
                if m.group() in allow:
                    continue
                yield self.finding(ctx.document, f"Chinese left untranslated in the English: \"{m.group()}\"",
                                   en=[Mark.of(para, m.start(), m.end())],
                                   suggestion="translate it (or, for a name, romanise it)", subject=m.group())


class CopiedSource(Rule):
    info = RuleInfo(
        code="ZH202", name="copied-source", category=Category.UNTRANSLATED, severity=Severity.ERROR,
        summary="The English is the Chinese, copied unchanged.",
        doc="""\
### What it does
Reports a pair whose English text equals its Chinese text (ignoring white space and case) while the
Chinese contains Chinese characters.

### Why it matters
A source copied into the target passes every length-free check and looks "done" in a CAT tool.

### Example
```
| zh | en |
| 请稍候 | 请稍候 |
```
`ZH202`.  Fix: `Please wait`.
""")

    def check_pair(self, ctx: PairContext):
        if not ctx.zh or not ctx.en:
            return
        if _pair_is_copy(ctx):
            zh = ctx.zh_text
            yield self.finding(ctx.document, "the English is a copy of the Chinese",
                               zh=[Mark.of(p) for p in ctx.zh], en=[Mark.of(p) for p in ctx.en],
                               suggestion="translate the paragraph", subject=_normal(zh)[:200])


class NotEnglish(Rule):
    info = RuleInfo(
        code="ZH203", name="not-english", category=Category.UNTRANSLATED, severity=Severity.ERROR,
        summary="The English side is not English.",
        doc="""\
### What it does
Decides the language of the English side by Unicode script first: mostly Chinese, Japanese kana or
Korean hangul is not English.  For Latin-script text long enough to tell (`min-letters`), and only
when `langdetect = true` is configured, a seeded statistical detector checks that it is English and
not, say, French or pinyin.

### Why it matters
Statistical detectors alone mislabel short Chinese (langdetect calls `(二)发表2024北京AI 安全国际共识`
Korean with 0.99999 confidence), and are non-deterministic unless seeded; script decides reliably.

### Example
```
| zh | en |
| 欢迎使用 | 欢迎您使用本产品 |
```
`ZH203` (Chinese on the English side, different from the source so not a plain copy).

### Options
- `min-letters` (40): Latin letters needed before the statistical detector is asked.
""",
        options={"min-letters": 40})

    def check_pair(self, ctx: PairContext):
        if ctx.zh and _pair_is_copy(ctx):
            return  # ZH202 says it
        for para in ctx.en:
            if not para.is_prose:
                continue
            text = para.masked()
            script = dominant_script(text)
            if script in ("han", "kana", "hangul") and not (script == "han" and _has_english(text)):
                if ctx.document.mode == "interleaved":
                    continue  # there a Chinese paragraph is on the Chinese side by definition
                name = {"han": "Chinese", "kana": "Japanese", "hangul": "Korean"}[script]
                yield self.finding(ctx.document, f"the English side is written in {name} script",
                                   en=[Mark.of(para)], zh=[Mark.of(p) for p in ctx.zh[:1]],
                                   suggestion="translate the paragraph into English", subject=name)
            elif script == "latin" and ctx.services.config.langdetect and latin_count(text) >= self.options["min-letters"]:
                lang = _detect(text)
                if lang and lang != "en":
                    yield self.finding(ctx.document, f"the English side looks like another language ({lang})",
                                       en=[Mark.of(para)], severity=Severity.WARNING, subject=lang)


def _detect(text: str) -> str:
    from langdetect import DetectorFactory, detect
    from langdetect.lang_detect_exception import LangDetectException

    DetectorFactory.seed = 0  # langdetect is random unless seeded: same input, same answer
    try:
        return detect(text)
    except LangDetectException:
        return ""
