"""Additions: English with no Chinese source, and English far longer than its Chinese."""
from __future__ import annotations

from ..model import Category, Mark, Severity
from ..script import han_count, latin_count
from .base import PairContext, Rule, RuleInfo


class UnmatchedEnglish(Rule):
    info = RuleInfo(
        code="ZH301", name="unmatched-english", category=Category.ADDITION, severity=Severity.WARNING,
        summary="An English paragraph has no Chinese source.",
        doc="""\
### What it does
In two-file, directory-tree and table inputs, reports an English paragraph that the alignment left
without a Chinese paragraph (a 0-1 bead).  Not used for one-file documents holding both languages,
where English-only paragraphs are normal.

### Why it matters
Added text is either content the source does not have (an addition) or a sign that the two files
have drifted apart (the English was updated, the Chinese not, or the other way round).

### Example
Chinese file: one paragraph; English file: the same paragraph and `This feature is deprecated.` —
the second English paragraph is reported.
""")

    def check_pair(self, ctx: PairContext):
        if ctx.zh or not ctx.en or ctx.document.mode == "interleaved":
            return
        if ctx.document.mode == "parallel" and not ctx.document.zh_path:
            return  # the whole Chinese file is missing: ZH901 says it once
        for para in ctx.en:
            if not para.is_prose or latin_count(para.masked()) < 2:
                continue
            yield self.finding(ctx.document, "this English paragraph has no Chinese source",
                               en=[Mark.of(para)], subject=" ".join(para.text.split())[:200],
                               suggestion="remove it, or add the Chinese it renders")


class LongTranslation(Rule):
    info = RuleInfo(
        code="ZH302", name="long-translation", category=Category.ADDITION, severity=Severity.INFO,
        summary="The English is much longer than zh→en translations usually are.",
        doc="""\
### What it does
The counterpart of `ZH103`: English letters per Chinese character far above the usual 2–4.5.

### Why it matters
Long English may hold additions, or the alignment joined the rendering of a neighbouring paragraph.

### Options
- `max-ratio` (6.0): letters per character above which the rule fires (median 2.9 on aligned
  documentation paragraphs, log-ratio spread 0.24; 6.0 is 3 spreads above).
- `min-chars` (20): pairs whose Chinese has fewer characters are not judged.
""",
        options={"max-ratio": 6.0, "min-chars": 20})

    def check_pair(self, ctx: PairContext):
        ratio = ctx.pair.length_ratio
        if ratio is None or ratio <= self.options["max-ratio"]:
            return
        if sum(han_count(p.masked()) for p in ctx.zh) < self.options["min-chars"]:
            return
        yield self.finding(ctx.document,
                           f"the English is long for its Chinese: {ratio:.1f} letters per Chinese character "
                           f"(zh→en usually 2–4.5); it may add content",
                           zh=[Mark.of(p) for p in ctx.zh], en=[Mark.of(p) for p in ctx.en],
                           subject=f"ratio>{self.options['max-ratio']}")
