"""Located omissions inside a paired paragraph: a sentence, a clause, or content words with no English.

Each candidate's confidence is the pair's calibrated omission score times the share of the evidence
that points at it (qa_checker/coverage).  The default confidence floors were measured on the
development data, share of items with at least one candidate of the kind at or above the floor:

| kind     | floor | intact 4-sentence runs (277) | clean MQM sentences (1,991) | dropped runs found (277) | doc pairs (1,708) |
|----------|-------|------------------------------|-----------------------------|--------------------------|-------------------|
| sentence | 0.3   | 1.1 %                        | 0.2 %                       | 84 %                     | 3.3 %             |
| clause   | 0.6   | 1.8 %                        | 0.4 %                       | 37 % (a clause, not the sentence) | 4.6 %    |
| word     | 0.6   | 1.1 %                        | 0.6 %                       | 93 %                     | 5.5 %             |

(dropped_sentence_dev.jsonl and mqm_omission_dev.jsonl, clause and sentence vectors pooled from one
encoder pass; floors 0.2–0.7 were compared and the lowest one with about 2 % or fewer false alarms
on intact runs was taken, except for sentences, where 0.2, 0.3 and 0.4 find the same dropped
sentences (84 %) with 1.8 %, 1.1 % and 0.4 % false alarms: 0.3 was kept.  For clauses 0.4 and 0.5
let 4.7 % and 2.9 % of intact runs through, 1.2 % and 0.7 % of clean sentences, 8.3 % and 6.1 % of
the documentation pairs, whose translations are looser.  The last column is the share of the 1,708
paired paragraphs of the 63 real documentation pairs that are scored (Chinese and English prose)
with such a candidate — many are real abridgements there.)  Each finding marks the Chinese
span and, when known, the place in the English where its rendering would have gone.
"""
from __future__ import annotations

from ..coverage.model import FLAG_THRESHOLDS
from ..model import Category, Mark, Severity
from .base import PairContext, Rule, RuleInfo

def _options(min_confidence: float) -> dict:
    return {"min-score": 0.0, "min-confidence": min_confidence, "max-per-pair": 3}


def _options_doc(min_confidence: float, rates: str) -> str:
    return f"""
### Options
- `min-confidence` ({min_confidence}): the least confidence of a candidate to be reported; {rates}
- `min-score` (0.0): also require the pair's omission score to reach this (e.g.
  {FLAG_THRESHOLDS['all']}, the pair-level flag threshold, for the quietest gate).
- `max-per-pair` (3): at most this many findings of this rule per pair, most confident first.
"""


SENTENCE_FLOOR = 0.3  # ZH102's default confidence floor


class _Located(Rule):
    kind = ""

    def check_pair(self, ctx: PairContext):
        if ctx.coverage is None:
            return
        result, zh, en = ctx.coverage
        if result.score < self.options["min-score"]:
            return
        if self.kind != "sentence" and any(c.kind == "sentence" and c.confidence >= SENTENCE_FLOOR
                                           for c in result.missing):
            # A missing sentence explains the pair's high score; the other candidates' confidences
            # are that score times their share of the evidence, so they rise with it: in the
            # example speech the well-rendered "活动结束后" came out as a missing clause.
            return
        shown = 0
        for cand in result.missing:
            if cand.kind != self.kind or cand.confidence < self.options["min-confidence"]:
                continue
            para, start, end = zh.locate(cand.start, cand.end)
            while start < end and para.text[start].isspace():
                start += 1
            en_marks = []
            where = ""
            if result.en_anchor is not None and cand is result.missing[0] and en.paragraphs:
                epara, estart, eend = en.locate(*result.en_anchor)
                en_marks = [Mark.of(epara, estart, max(estart, eend))]
                before = " ".join(epara.text[max(0, estart - 40):estart].split())
                if before:
                    where = f"; it would go after \"…{before}\""
            text = " ".join(cand.text.split())
            yield self.finding(
                ctx.document,
                self.describe(text, cand) + where,
                zh=[Mark.of(para, start, end)], en=en_marks or [Mark.of(p) for p in ctx.en[:1]],
                suggestion="translate the missing part", subject=text[:200])
            shown += 1
            if shown >= self.options["max-per-pair"]:
                break

    def describe(self, text: str, cand) -> str:
        raise NotImplementedError


class MissingSentence(_Located):
    kind = "sentence"
    info = RuleInfo(
        code="ZH102", name="missing-sentence", category=Category.OMISSION, severity=Severity.ERROR,
        summary="A Chinese sentence inside a paired paragraph has no English counterpart.",
        doc="""\
### What it does
Splits the Chinese of a pair into sentences (at `。！？；` and their ASCII forms) and the English at
sentence boundaries, embeds both with the multilingual sentence encoder, and reports a Chinese
sentence that no English sentence (or run of two or three) matches, or whose removal brings the two
texts closer together.

### Why it matters
Checkers that count sentences with English rules (no space after `。`) let a dropped sentence pass;
a paragraph-level similarity barely moves when one sentence of four is missing.

### Example
```
我们站在地球上仰望夜空。强烈的阳光是如此刺眼。我们能看到从月球反射回来的光。

When we stand on the earth and look up at the night sky. We can see the light reflected from the moon.
```
`强烈的阳光是如此刺眼。` has no English: `ZH102`.
""" + _options_doc(SENTENCE_FLOOR, "on development data 2.2 % of intact 4-sentence runs and 0.3 % of clean "
                           "sentences get a finding, and 87 % of dropped sentences are found."),
        options=_options(SENTENCE_FLOOR))

    def describe(self, text, cand):
        return f"this Chinese sentence has no English counterpart: \"{text}\""


class MissingClause(_Located):
    kind = "clause"
    info = RuleInfo(
        code="ZH104", name="missing-clause", category=Category.OMISSION, severity=Severity.WARNING,
        summary="A Chinese clause inside a paired paragraph has no English counterpart.",
        doc="""\
### What it does
Like `ZH102` at clause level: splits at `，：、` (and ASCII `,:`), and reports a clause whose best
English partner is far weaker than the pair's other clauses, or most of whose content words have no
English counterpart in the dictionary (CC-CEDICT).

### Why it matters
Long Chinese sentences chain many clauses with commas; dropping one (`还有供应链建设改造问题`) leaves
a fluent English sentence that every length check passes.

### Example
```
我们重点推进了三项工作：一是完善代码审查流程，二是建设多语言文档，三是加强与高校的合作。

We focused on three tasks: improving the code review process and building multilingual documentation.
```
`三是加强与高校的合作` has no English: `ZH104`.
""" + _options_doc(0.6, "on development data 1.8 % of intact 4-sentence runs and 0.3 % of clean "
                           "sentences get a finding."),
        options=_options(0.6))

    def describe(self, text, cand):
        return f"this Chinese clause has no English counterpart: \"{text}\""


class MissingWords(_Located):
    kind = "word"
    info = RuleInfo(
        code="ZH105", name="missing-words", category=Category.OMISSION, severity=Severity.INFO,
        summary="A content word of the Chinese has no English counterpart.",
        doc="""\
### What it does
Segments the Chinese into words (jieba), looks each content word's senses up in CC-CEDICT and
reports a word none of whose senses (lemmatised and stemmed) appears in the English, when the pair's
omission score is high.  Function words, numbers and Latin-script tokens are left to other rules.

### Why it matters
Professional annotators' omissions are often a few characters (`回国`, `步步`); a sentence-level
score cannot say which.  This points at the candidates; it is information, not a verdict: free
translations render words with other words.

### Example
```
他三年前回国创业。

He started a business three years ago.
```
`回国` (return to one's country) has no English counterpart: `ZH105`.
""" + _options_doc(0.6, "on development data 1.4 % of intact 4-sentence runs and 0.6 % of clean "
                           "sentences get a finding."),
        options=_options(0.6))

    def describe(self, text, cand):
        return f"the Chinese word \"{text}\" has no English counterpart ({cand.reason})"
