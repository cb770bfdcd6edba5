"""Numbers compared by value: ZH401 (a Chinese number missing from the English) and ZH402 (an
English number with no Chinese counterpart).

Measured (how often the rules fire on translations that are mostly correct):
- 2,565 zh→en TED sentence pairs annotated by professional translators (WMT21 MQM, human and MT
  renderings): ZH401 fires on 2 pairs, both real errors (十亿 → "two billion", 十万 → "ten
  thousand"); ZH402 on 1, a hallucinated "$9 a month". 493 of the 495 reportable Chinese numbers
  find their English value. The lone 一 occurs 1,605 times and has no English number in 85 % of
  them ("a", "an", nothing), which is why it is never reported.
- 63 Chinese/English documentation pairs of apache/echarts-handbook through the whole pipeline
  (2,213 aligned pairs): ZH401 fires 13 times, 7 of them on numbers the English really dropped
  (a clause with "12 点钟", "5.0", "近 8 年", "90°") or rewrote (第三个数值 → "several
  variables"); the others are counts the English leaves implicit (两个柱子之间 → "between bars")
  and list numbers it does not repeat (warnings). ZH402 fires once ("ECharts 3" added by the
  English).
- Counted quantities that the jieba dictionary lists as set phrases (两千人, 近十年,
  近三成, 374 words) were once skipped as idioms; they are numbers now, and 30多万 is read
  as 300,000 to 400,000 (it was 30 to 40). Neither data set above contains such a form: both
  measurements are unchanged (the same 3,588 Chinese numbers, the same findings).
"""
from __future__ import annotations

from decimal import Decimal
from typing import Iterable, Optional

from ..model import Category, Finding, Mark, Severity
from ..numbers import Comparison, Located, compare, format_grouped, to_english
from .base import PairContext, Rule, RuleInfo

# Both rules need the same comparison and the engine runs them one after the other on each pair,
# with one context object: remembering the last result (keyed by the context's identity, which the
# reference held here keeps unique) saves the second parse.
_last: list = [None, None, None]  # [context, english_words, comparison]


def _compare(ctx: PairContext, english_words: bool) -> Comparison:
    if _last[0] is ctx and _last[1] == english_words:
        return _last[2]
    result = compare(ctx.zh, ctx.en, english_words=english_words)
    _last[:] = [ctx, english_words, result]
    return result


def _describe(located: Located) -> str:
    n = located.num
    grouped = format_grouped(n.value)
    if n.kind == "percent":
        shown = f"{grouped}%"
    elif n.kind == "ordinal":
        shown = f"ordinal {grouped}"
    elif n.lo is not None and not n.weak:
        shown = f"{grouped} or more"
    else:
        shown = grouped
    return n.text if n.text == shown else f"{n.text} ({shown})"


def _subject(located: Located) -> str:
    n = located.num
    return n.canonical + ("%" if n.kind == "percent" else "")


# Ratio English / Chinese → hint, for the powers of ten from 10 to 10^12 (made once: 24 Decimal
# powers on every reported number cost more than the rest of its finding).
_SCALE_HINTS = {**{Decimal(10) ** k: f"{10 ** k:,} times too large" for k in range(1, 13)},
                **{Decimal(10) ** -k: f"{10 ** k:,} times too small" for k in range(1, 13)}}


def _scale_hint(zh: Decimal, en: Decimal) -> str:
    """"×10" when the two differ by a power of ten: the classic 万/亿 slip."""
    if not zh or not en:
        return ""
    return _SCALE_HINTS.get(en / zh, "")


class NumberMismatch(Rule):
    info = RuleInfo(
        code="ZH401",
        name="number-mismatch",
        category=Category.NUMBER,
        severity=Severity.ERROR,
        summary="A number in the Chinese has no English number of the same value",
        doc="""\
## What it does
Finds every number in the Chinese — digits (also full-width `２０２３`), Chinese numerals (`三十`,
`两千三百`), scales mixed with digits (`9亿`, `1.2万`), percentages (`百分之五`, `5%`), ordinals
(`第三`), dates (`2024年8月21日`), approximations (`30多`, `近十年`) and enumerators (`(二)`) — and
reports those that no number in the English matches **by value**. English numbers may be digits,
words (`twenty-one`, `a dozen`, `third`), scaled (`900 million`, `12k`), percentages (`5 percent`)
or month names (`August`).

Numerals inside words are not numbers (`统一`, `十分`, `万一`, `三心二意`, `四川`), but counted
quantities are (`两千人`, `近十年`, `每千人`); nor are digits in names (`GPT4o`, `H100`); a lone `一`
(`一个`, `一种`) is often rendered "a" and is never reported.
Approximations keep a range: `30多` is matched by "more than 30", "30-plus" or "nearly 40", `30多万`
by "more than 300,000"; `近`/`约`/`左右` and "about"/"nearly" allow 10 %. Vague counts (`几千`,
`上千`, `数十`) are never reported: "thousands", "several thousand" or "more than 1,000" confirm them.

## Why it matters
A wrong number is a critical error that reads fluently: `90亿元` rendered "90 billion yuan" is ten
times too large (亿 = 100 million, so 90亿 = 9 billion). Checkers that compare numbers as strings
miss it, and flag the correct "9 billion" instead.

## Example
```
zh: 目前已有90亿元投资。
en: So far 90 billion yuan has been invested.
```
fires (`90亿` = 9,000,000,000; the English has 90,000,000,000). Fix: "So far 9 billion yuan has been
invested."

```
zh: 他三十岁时离开了家乡。
en: He left his hometown at 40.
```
fires (`三十` = 30). Fix: "at 30" or "at thirty".

## Options
- `check_enumerators` (default `true`): also report list enumerators such as `(二)` and `二、` that
  the English does not number (as warnings: leaving out list numbers is often a layout choice).
""",
        options={"check_enumerators": True},
    )

    def check_pair(self, ctx: PairContext) -> Iterable[Finding]:
        if not ctx.zh or not ctx.en:
            return
        result = _compare(ctx, False)
        seen: set[str] = set()
        for z, counterpart in result.missing:
            if z.num.kind == "enum" and not self.options["check_enumerators"]:
                continue
            subject = _subject(z)
            if subject in seen:
                continue
            seen.add(subject)
            yield self._finding(ctx, z, counterpart, subject)

    def _finding(self, ctx: PairContext, z: Located, counterpart: Optional[Located], subject: str) -> Finding:
        message = f"the number {_describe(z)} in the Chinese is not in the English"
        en_marks = ()
        suggestion = f"render it as {_english_form(z)}"
        if counterpart is not None:
            message += f"; the English has {_describe(counterpart)}"
            en_marks = (Mark.of(counterpart.paragraph, counterpart.num.start, counterpart.num.end),)
            hint = _scale_hint(z.num.value, counterpart.num.value)
            if hint:
                suggestion = (f"the English number is {hint}: {_english_form(z)} "
                              "(万 = 10,000, 亿 = 100 million)")
        # A list number the English leaves out is a layout choice more often than an error.
        severity = min(self.severity, Severity.WARNING) if z.num.kind == "enum" else None
        return self.finding(ctx.document, message,
                            zh=(Mark.of(z.paragraph, z.num.start, z.num.end),), en=en_marks,
                            suggestion=suggestion, subject=subject, severity=severity)


def _english_form(z: Located) -> str:
    n = z.num
    if n.kind == "percent":
        return f"{format_grouped(n.value)}%"
    if n.kind in ("year", "day", "month", "enum", "ordinal", "time"):
        return format_grouped(n.value) if n.kind != "ordinal" else f"{format_grouped(n.value)}{_suffix(n.value)}"
    if n.lo is not None:
        return f"more than {to_english(n.value)}"
    return to_english(n.value)


def _suffix(value: Decimal) -> str:
    v = int(value)
    if 10 <= v % 100 <= 20:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(v % 10, "th")


class NumberExtra(Rule):
    info = RuleInfo(
        code="ZH402",
        name="number-extra",
        category=Category.NUMBER,
        severity=Severity.WARNING,
        summary="A number in the English has no counterpart in the Chinese",
        doc="""\
## What it does
Reports numbers written with digits in the English that match no number of the Chinese by value
(see ZH401 for what counts as a number on each side). English list numbering at the start of a
line ("2. Publish ...") is not reported, nor are numbers whose digits appear in the Chinese as
written (`8k`, `GPT4o`, code). When a Chinese number is missing too, the pair is reported once, by
ZH401, which names the English number as the likely mistranslation.

## Why it matters
An added number is either an invented fact or the visible half of a mistranslated one; both
deserve a look.

## Example
```
zh: 会议吸引了来自世界各地的专家。
en: The meeting attracted 300 experts from around the world.
```
fires (the Chinese gives no number). Fix: "The meeting attracted experts from around the world."

## Options
- `include_words` (default `false`): also report numbers written as words ("three", "twenty-one").
  Off by default because English adds "one", "first" and "both" where Chinese needs none.
""",
        options={"include_words": False},
    )

    def check_pair(self, ctx: PairContext) -> Iterable[Finding]:
        if not ctx.zh or not ctx.en:
            return
        include_words = bool(self.options["include_words"])
        result = _compare(ctx, include_words)
        seen: set[str] = set()
        for e in result.extra:
            n = e.num
            if n.weak or n.kind == "enum" or (not n.digits and not include_words):
                continue
            subject = _subject(e)
            if subject in seen:
                continue
            seen.add(subject)
            yield self.finding(ctx.document,
                               f"the number {_describe(e)} in the English has no counterpart in the Chinese",
                               en=(Mark.of(e.paragraph, n.start, n.end),),
                               suggestion="check that the number is in the source, or remove it",
                               subject=subject)
