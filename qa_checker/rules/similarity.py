"""Pairs whose two sides do not say the same thing, by cross-lingual sentence similarity."""
from __future__ import annotations

from ..model import Category, Mark, Severity
from ..script import han_count
from .base import PairContext, Rule, RuleInfo


class LowSimilarity(Rule):
    info = RuleInfo(
        code="ZH150", name="low-similarity", category=Category.MISTRANSLATION, severity=Severity.WARNING,
        summary="The English and the Chinese of a pair do not seem to say the same thing.",
        doc="""\
### What it does
Embeds both sides with an offline multilingual sentence encoder (Google's USE multilingual v3, run
in numpy on the CPU) and reports a paired paragraph whose cosine similarity is very low.

### Why it matters
A rendering that says something else — a paragraph translated from the wrong source, two paragraphs
swapped, a machine translation gone wrong — passes every surface check.

### Example
```
双向柱状图一般用于正负两份相反数据的对比。

Click the button below to download the file.
```
similarity 0.05: `ZH150`.

### Options
- `min-similarity` (0.25): cosine below which the rule fires.  Aligned paragraphs of 63 real
  documentation pairs: 1st percentile 0.31, 5th 0.51, median 0.78.
- `min-chars` (8): the Chinese must have at least this many characters (headings and labels embed
  poorly).
""",
        options={"min-similarity": 0.25, "min-chars": 8})

    def check_pair(self, ctx: PairContext):
        sim = ctx.pair.similarity
        if sim is None or sim >= self.options["min-similarity"] or not ctx.zh or not ctx.en:
            return
        if sum(han_count(p.masked()) for p in ctx.zh) < self.options["min-chars"]:
            return
        if not all(p.is_prose for p in (*ctx.zh, *ctx.en)):
            return
        yield self.finding(ctx.document,
                           f"the English does not seem to render this Chinese (similarity {sim:.2f})",
                           zh=[Mark.of(p) for p in ctx.zh], en=[Mark.of(p) for p in ctx.en],
                           suggestion="check that this English belongs to this Chinese paragraph",
                           subject="low-similarity")
