"""Punctuation: ZH601 (full-width punctuation left in English text) and ZH602 (unbalanced brackets
and quotes, on either side).

Measured on the 63 Chinese/English documentation pairs of apache/echarts-handbook through the whole
pipeline (2,213 aligned pairs): ZH601 fires 6 times, each a real full-width mark in the English
(`Tips：`, `Chart（Nightingale Chart）`, `、` between links, `。`, `＋`); ZH602 gives 4 warnings (a
stray `"` and unclosed `(` in the English) and 4 infos (sources that write “ for both quotes).
Straight quotes after digits are the reason for the inch-mark allowance: HTML attributes such as
`width="830"` left unmasked in a multi-line tag otherwise read as unbalanced.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Iterable, Iterator, Sequence

from ..model import Category, Finding, Mark, Paragraph, Severity
from ..script import HAN_RE
from .base import PairContext, Rule, RuleInfo

# The ASCII (or English) equivalent of each full-width mark (DOMAIN.md).  Full-width letters,
# digits and symbols U+FF01–U+FF5E map by NFKC; curly quotes, "…" and "—" are English typography
# and are not listed.
_EQUIVALENTS = {
    "，": ",", "、": ",", "。": ".", "｡": ".", "；": ";", "：": ":", "？": "?", "！": "!",
    "（": "(", "）": ")", "【": "[", "】": "]", "〔": "[", "〕": "]", "「": '"', "」": '"', "『": '"',
    "』": '"', "｢": '"', "｣": '"', "《": '"', "》": '"', "〈": '"', "〉": '"', "〖": "[", "〗": "]",
    "～": "~", "〜": "~", "\u3000": " ", "､": ",",
}
_FULLWIDTH_CLASS = "\uff01-\uff5e\u3000-\u3002\u3008-\u3011\u3014-\u3017\u301c\uff61-\uff64"
_FULLWIDTH_RUN_RE = re.compile(f"[{_FULLWIDTH_CLASS}]+")


def _ascii_of(char: str) -> str:
    if char in _EQUIVALENTS:
        return _EQUIVALENTS[char]
    return unicodedata.normalize("NFKC", char)


def _prose(paragraphs: Sequence[Paragraph]) -> Iterator[tuple[Paragraph, str]]:
    for p in paragraphs:
        if p.is_prose and p.text:
            yield p, p.masked()


def _bracket_view(p: Paragraph, masked: str) -> str:
    """The masked text with the "]" of each Markdown link put back: a link target is masked from
    its "](" on, and the "[" of the link text must still find its partner."""
    ends = [m.start for m in p.masks if m.kind == "link-target" and p.text.startswith("]", m.start)]
    if not ends:
        return masked
    chars = list(masked)
    for i in ends:
        chars[i] = "]"
    return "".join(chars)


def _neighbour(text: str, index: int, step: int) -> str:
    """The nearest non-space character from ``index`` in direction ``step`` ('' at the edge)."""
    i = index
    while 0 <= i < len(text):
        if not text[i].isspace():
            return text[i]
        i += step
    return ""


def _context(text: str, start: int, end: int, width: int = 10) -> str:
    return text[max(0, start - width):end + width].replace("\n", " ")


class FullwidthPunctuation(Rule):
    info = RuleInfo(
        code="ZH601",
        name="fullwidth-punctuation",
        category=Category.PUNCTUATION,
        severity=Severity.WARNING,
        summary="Full-width (Chinese) punctuation, letters or spaces left in the English text",
        doc="""\
## What it does
Finds full-width characters in the English prose: Chinese punctuation `，。；：？！（）「」【】《》、`,
full-width letters, digits and symbols (`ＡＢＣ`, `１２３`, `％`) and the ideographic space, and
suggests the English equivalent (`，` → `,`, `。` → `.`, `（）` → `()`, `「」` → `"`, `《》` → italics
or quotes). Curly quotes (`“” ‘’`), `…` and `—` are ordinary English typography and are not
reported. Code, URLs and markup are skipped, and so is punctuation inside leftover Chinese
text (that text is reported as untranslated).

## Why it matters
Full-width marks in English look wrong (a wide gap after `，`), break search and spell checking,
and show that the text was edited from the Chinese without being proofread.

## Example
```
zh: 我们支持三种格式（CSV、JSON和XML）。
en: We support three formats（CSV, JSON and XML）。
```
fires (`（`, `）。`). Fix: "We support three formats (CSV, JSON and XML)."
""",
    )

    def check_pair(self, ctx: PairContext) -> Iterable[Finding]:
        for p, text in _prose(ctx.en):
            if text.isascii():
                continue
            marks, chars = [], []
            for m in _FULLWIDTH_RUN_RE.finditer(text):
                start, end = m.span()
                before, after = _neighbour(text, start - 1, -1), _neighbour(text, end, 1)
                if (before and HAN_RE.match(before)) or (after and HAN_RE.match(after)):
                    continue  # part of untranslated Chinese
                marks.append(Mark.of(p, start, end))
                chars.extend(m.group())
            if not marks:
                continue
            distinct = list(dict.fromkeys(chars))
            replacements = "; ".join(f"{c!r} → {_ascii_of(c)!r}" for c in distinct)
            first = marks[0]
            if len(chars) == 1:
                message = f"full-width {chars[0]!r} in the English text"
            else:
                message = f"{len(chars)} full-width characters in the English text: {''.join(distinct)}"
            yield self.finding(ctx.document, message, en=marks, suggestion=f"replace {replacements}",
                               subject=f"{''.join(distinct)}|{_context(p.text, first.start, first.end)}")


# Bracket families: full-width and ASCII parentheses are one family (mixing them is a style
# question, not an imbalance).
_OPENERS = {"(": "()", "（": "()", "[": "[]", "【": "【】", "《": "《》", "“": "“”", "「": "「」", "『": "『』",
            "〈": "〈〉"}
_CLOSERS = {")": "()", "）": "()", "]": "[]", "】": "【】", "》": "《》", "”": "“”", "」": "「」", "』": "『』",
            "〉": "〈〉"}
_BRACKET_RE = re.compile('[()（）\\[\\]【】《》“”「」『』〈〉"]')


def _has_bracket(text: str) -> bool:
    """``_BRACKET_RE.search(text)``; in ASCII text (most English) five substring tests do it 25× faster
    than a regular-expression scan."""
    if text.isascii():
        return "(" in text or ")" in text or "[" in text or "]" in text or '"' in text
    return _BRACKET_RE.search(text) is not None
# "1)", "a)", "iv)" list enumerators and ":)" smileys close nothing.
_ENUMERATOR_RE = re.compile(r"(?:^|(?<=[\s,;:，；：、]))(?:[0-9]{1,2}|[A-Za-z]|[ivxIVX]{2,4})[)）]")
_SMILEY_RE = re.compile(r"[:;]-?\)")


def unbalanced(text: str) -> list[tuple[int, str]]:
    """(offset, character) of each bracket or quote that has no partner, in text order."""
    skip: set[int] = set()
    if ")" in text or "）" in text:  # what enumerators and smileys end with
        skip.update(m.end() - 1 for m in _ENUMERATOR_RE.finditer(text))
        skip.update(m.end() - 1 for m in _SMILEY_RE.finditer(text))
    stack: list[tuple[int, str]] = []
    out: list[tuple[int, str]] = []
    straight: list[int] = []
    for m in _BRACKET_RE.finditer(text):
        i, c = m.start(), m.group()
        if c == '"':
            straight.append(i)
            continue
        if i in skip:
            continue
        if c in _OPENERS:
            stack.append((i, c))
            continue
        family = _CLOSERS[c]
        if any(_OPENERS[o] == family for _, o in stack):
            while stack:
                j, o = stack.pop()
                if _OPENERS[o] == family:
                    break
                out.append((j, o))  # an opener skipped over by this closer
        else:
            out.append((i, c))
    out.extend(stack)
    if len(straight) % 2:
        # An odd count is fine when one quote follows a digit: an inch mark (a 27" screen).
        if not any(i and text[i - 1].isdigit() for i in straight):
            out.append((straight[-1], '"'))
    return sorted(out)


def _mirror_family(char: str) -> str:
    """What a mark becomes in translation: （ → (, “「《 → a quotation mark, 【 → [."""
    family = _OPENERS.get(char) or _CLOSERS.get(char) or '"'
    if family in ("()", "[]"):
        return family
    return "[]" if family == "【】" else "quote"


class UnbalancedBrackets(Rule):
    info = RuleInfo(
        code="ZH602",
        name="unbalanced-brackets",
        category=Category.PUNCTUATION,
        severity=Severity.WARNING,
        summary="A bracket or quotation mark without its partner",
        doc="""\
## What it does
Pairs brackets and quotation marks in each paragraph — `()` and `（）` (one family: mixing them is
a style question), `[]`, `【】`, `《》`, `「」`, `『』`, `“”`, and straight `"` by count — and reports
each one left without a partner. List enumerators (`1)`, `a)`), smileys and inch marks (`27"`) are
not brackets; code, URLs and markup are skipped.

An imbalance in the English is a warning; one in the Chinese is reported as info ("the source has
..."), since the translator is not to blame; an English imbalance that mirrors one in its source is
info too.

## Why it matters
A lost closing parenthesis or quote changes where an aside or a quotation ends, and often marks
text that was cut while editing.

## Example
```
zh: 我们发布了第三个年度的《2024中国开源发展蓝皮书》。
en: We released the third annual "2024 China Open Source Blue Book.
```
fires (`"` has no partner). Fix: `We released the third annual "2024 China Open Source Blue Book".`
""",
    )

    def check_pair(self, ctx: PairContext) -> Iterable[Finding]:
        source_families: set[str] = set()
        for p, text in _prose(ctx.zh):
            if not _has_bracket(text):
                continue
            found = unbalanced(_bracket_view(p, text))
            if found:
                source_families.update(_mirror_family(c) for _, c in found)
                yield self._finding(ctx, p, found, "zh", f"the source has {_describe(found)}",
                                    Severity.INFO, "check the Chinese: a bracket or quote may be missing")
        for p, text in _prose(ctx.en):
            if not _has_bracket(text):
                continue
            found = unbalanced(_bracket_view(p, text))
            if found:
                mirrored = all(_mirror_family(c) in source_families for _, c in found)
                yield self._finding(ctx, p, found, "en",
                                    f"the English has {_describe(found)}" + (" (as in the source)" if mirrored else ""),
                                    Severity.INFO if mirrored else None,
                                    "add the missing partner or remove the stray mark")

    def _finding(self, ctx: PairContext, p: Paragraph, found: list[tuple[int, str]], side: str, message: str,
                 severity, suggestion: str) -> Finding:
        # One finding per paragraph: a source that writes “ for both quotes has ten of them.
        marks = tuple(Mark.of(p, i, i + 1) for i, _ in found)
        first = found[0][0]
        subject = f"{side}|{''.join(c for _, c in found)}|{_context(p.text, first, first + 1)}"
        return self.finding(ctx.document, message, severity=severity, suggestion=suggestion, subject=subject,
                            **({"zh": marks} if side == "zh" else {"en": marks}))


def _describe(found: list[tuple[int, str]]) -> str:
    if len(found) == 1:
        return f"an unmatched {found[0][1]!r}"
    counts = {}
    for _, c in found:
        counts[c] = counts.get(c, 0) + 1
    listed = ", ".join(f"{c!r} ×{n}" if n > 1 else repr(c) for c, n in counts.items())
    return f"{len(found)} unmatched brackets or quotes: {listed}"
