"""Omission rules at paragraph level: Chinese with no English at all, and English far too short."""
from __future__ import annotations

from ..model import Category, Mark, Severity
from ..script import han_count
from .base import PairContext, Rule, RuleInfo


class MissingTranslation(Rule):
    info = RuleInfo(
        code="ZH101", name="missing-translation", category=Category.OMISSION, severity=Severity.ERROR,
        summary="A Chinese paragraph has no English rendering.",
        doc="""\
### What it does
Reports a Chinese paragraph that the alignment left without any English paragraph (a 1-0 bead).
In a one-file document holding both languages, each Chinese paragraph expects its rendering right
after it; when the English that follows is not a rendering of it, the paragraph is reported, and the
most similar English paragraph elsewhere in the document is named if there is one (it may be a
misplaced rendering).

### Why it matters
A whole paragraph missing is the most serious omission and the one readers cannot notice: nothing
looks wrong in the English.

### Example
```
(二)发表2024北京AI安全国际共识

The topics of this forum include:
```
The English after the Chinese paragraph does not render it: `ZH101`.  Fix: add its English, e.g.
`2. Publish the 2024 Beijing International Consensus on AI Safety`.
""")

    def check_pair(self, ctx: PairContext):
        if ctx.en or not ctx.zh:
            return
        doc = ctx.document
        if doc.mode == "parallel" and not doc.en_path:
            return  # the whole English file is missing: ZH901 says it once
        for para in ctx.zh:
            if not para.is_prose or han_count(para.masked()) == 0:
                continue  # code, markup, numbers-only: the markup rules compare those
            message = "no English rendering of this Chinese paragraph"
            if doc.mode == "interleaved":
                message = "no English rendering follows this Chinese paragraph"
            suggestion = "translate the paragraph"
            en_marks = []
            if ctx.pair.nearest_en:
                near = doc.paragraph(ctx.pair.nearest_en)
                sim = ctx.pair.metric("nearest_similarity")
                snippet = " ".join(near.text.split())
                snippet = snippet if len(snippet) <= 60 else snippet[:57] + "..."
                message += f"; the closest English is line {near.line}: \"{snippet}\" (similarity {sim:.2f})"
                suggestion = f"if line {near.line} renders it, move it after this paragraph; otherwise translate it"
                en_marks = [Mark.of(near)]
            yield self.finding(doc, message, zh=[Mark.of(para)], en=en_marks, suggestion=suggestion,
                               subject=" ".join(para.text.split())[:200])


class ShortTranslation(Rule):
    info = RuleInfo(
        code="ZH103", name="short-translation", category=Category.OMISSION, severity=Severity.WARNING,
        summary="The English is much shorter than zh→en translations usually are.",
        doc="""\
### What it does
Compares the English letters with the Chinese characters of a pair (masked code, URLs and markup
left out; a Latin word in the Chinese counts as its letters / 3).  English usually runs at about
2–4.5 letters per Chinese character; far below that, part of the Chinese is probably missing.

### Why it matters
Length limits tuned for European languages ("target > 200 % of source") flag correct zh→en
translations and pass real omissions.  This rule uses a range measured on zh→en text.

### Example
```
经过近十多年来的努力，我们自主开发了三十多种操作系统，并与多家企业合作发布商业发行版。

We developed operating systems.
```
0.9 letters per character: `ZH103`.

### Options
- `min-ratio` (1.5): letters per character below which the rule fires.  Aligned paragraphs of 63
  real documentation pairs have a median of 2.9 and a log-ratio spread of 0.24; 1.5 is 2.8 spreads
  below the median.
- `min-chars` (20): pairs whose Chinese has fewer characters are not judged (short labels vary).
""",
        options={"min-ratio": 1.5, "min-chars": 20})

    def check_pair(self, ctx: PairContext):
        ratio = ctx.pair.length_ratio
        if ratio is None or not ctx.zh or not ctx.en or ratio >= self.options["min-ratio"]:
            return  # the ratio first: most pairs pass it, and it costs no counting
        chars = sum(han_count(p.masked()) for p in ctx.zh)
        if chars < self.options["min-chars"]:
            return
        yield self.finding(
            ctx.document,
            f"the English is short for its Chinese: {ratio:.1f} letters per Chinese character "
            f"(zh→en usually 2–4.5); part of the Chinese may be missing",
            zh=[Mark.of(p) for p in ctx.zh], en=[Mark.of(p) for p in ctx.en],
            suggestion="check that every sentence of the Chinese is rendered",
            subject=f"ratio<{self.options['min-ratio']}")
