"""Terminology rules: glossary terms rendered otherwise, and forbidden renderings.

Both need a glossary (``--glossary FILE`` or ``glossary = FILE`` in the config; format in
``qa_checker.glossary``) and do nothing without one.  Chinese terms are looked up outside masked
spans (code, URLs, markup); accepted renderings are looked up in the whole English text (a term may
well be rendered inside link text or inline code), forbidden ones only outside masked spans (an
``aliyun.com`` URL is not a wrong rendering of 阿里云).
"""
from __future__ import annotations

import re
from collections import defaultdict

from ..model import Category, Mark, Severity
from ..script import HAN_RE
from .base import PairContext, Rule, RuleInfo


_POSSESSIVE_END_RE = re.compile(r"['\u2019]s?$")


def _as_written(match: re.Match) -> str:
    """A matched rendering for display, without a possessive ending."""
    return _POSSESSIVE_END_RE.sub("", match.group(0))


def _quoted(items) -> str:
    items = [f'"{x}"' for x in items]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]


_NO_TERMS: dict = {}  # what a run without a glossary finds in every pair (read, never written)


def _terms_in_chinese(ctx: PairContext):
    """term -> [(paragraph, start, end)] for every glossary term in the pair's Chinese prose."""
    glossary = ctx.services.glossary
    if glossary is None or not ctx.zh or not ctx.en:
        return _NO_TERMS
    found = defaultdict(list)
    for para in ctx.zh:
        if para.is_prose:
            for m in glossary.find(para.masked()):
                found[m.term].append((para, m.start, m.end))
    return found


class GlossaryTerm(Rule):
    info = RuleInfo(
        code="ZH511", name="glossary-term", category=Category.TERMINOLOGY, severity=Severity.ERROR,
        summary="A glossary term in the Chinese is not rendered as the glossary requires.",
        doc="""\
### What it does
With a glossary (`--glossary FILE`, or `glossary = FILE` in the `[qa_checker]` config section), finds
each glossary term in the Chinese of a pair and reports it when none of its accepted renderings is in
the English of the pair.  Matching is case-insensitive unless the glossary row says
`case = sensitive`, on word boundaries, with space and hyphen interchangeable and light inflection
(plural, `-ed`/`-ing`, possessive).  Without a glossary the rule does nothing.

A Chinese term that appears as it is in the English is left to `ZH201` (untranslated Chinese).

### Why it matters
Product and organisation names have one official English form; a reader searching for
"Alibaba Cloud" does not find "Ali Cloud", and a company name rendered as an ordinary word (中兴 →
"My") is a mistranslation no fluency check sees.

### Example
Glossary row: `中兴	ZTE`
```
自主开发了鸿蒙、欧拉、中兴等操作系统。

We developed operating systems such as HarmonyOS, openEuler and My.
```
`ZH511`: 中兴 is not rendered as "ZTE".

### Glossary format
Tab-separated UTF-8; `#` starts a comment line; the first other line names the columns:
`zh` (the term), `en` (accepted renderings separated by `|`; `=` or `keep` keeps a Latin term as
it is, e.g. `RISC-V`), and optionally `forbidden` (renderings not to use, `|`-separated), `note`
(shown in the finding) and `case` (`insensitive`, the default, or `sensitive`).
""")

    def check_pair(self, ctx: PairContext):
        found = _terms_in_chinese(ctx)
        if not found:
            return
        english = "\n".join(p.text for p in ctx.en)
        lower = english.lower()
        for term, places in found.items():
            if not term.renderings or term.required_in(english, lower):
                continue
            if HAN_RE.search(term.key) and term.key in "".join(english.split()):
                continue  # left in Chinese: ZH201 reports untranslated text
            used = sorted({_as_written(m) for m in term.forbidden_in(english, lower)})
            message = f'"{term.zh}" is not rendered as {_quoted(term.renderings)} (glossary)'
            if used:
                message += f"; the English has the forbidden {_quoted(used)}"
            if term.note:
                message += f"; note: {term.note}"
            # Marked on the Chinese term only, so that reports point at it (the English paragraph
            # is its pair, shown beside it); the English has no span to mark.
            yield self.finding(
                ctx.document, message, zh=[Mark.of(p, s, e) for p, s, e in places],
                suggestion=f"render it as {_quoted(term.renderings)} ({term.where})",
                subject=term.zh)


class ForbiddenTerm(Rule):
    info = RuleInfo(
        code="ZH512", name="forbidden-term", category=Category.TERMINOLOGY, severity=Severity.WARNING,
        summary="The English uses a rendering the glossary forbids for a term of the Chinese.",
        doc="""\
### What it does
With a glossary that has a `forbidden` column, reports a forbidden rendering of a term found in
the English of a pair whose Chinese has the term.  Both the Chinese term and the forbidden English
are marked.  A forbidden rendering inside an accepted one (`Harmony` inside `HarmonyOS`) does not
count, nor does text in code, URLs or markup.

### Why it matters
Glossaries list the wrong names that keep coming back (an old product name, a transliteration, a
competitor's spelling).  `ZH511` only sees that the required name is missing; this rule also catches
a wrong name used next to the right one.

### Example
Glossary row: `阿里云	Alibaba Cloud	Ali Cloud|Aliyun`
```
阿里云的医疗影像AI已用于胰腺癌筛查。

Ali Cloud's medical imaging AI is used for pancreatic cancer screening.
```
`ZH512`: "Ali Cloud" is a forbidden rendering of 阿里云; use "Alibaba Cloud".
""")

    def check_pair(self, ctx: PairContext):
        found = _terms_in_chinese(ctx)
        if not any(term.forbidden for term in found):
            return
        english = [(p, p.masked(), p.masked().lower()) for p in ctx.en]
        for term, places in found.items():
            if not term.forbidden:
                continue
            hits = []  # (paragraph, match)
            for para, masked, lower in english:
                matches = list(term.forbidden_in(masked, lower))
                if not matches:
                    continue
                accepted = term.required_spans(para.text)
                for m in matches:
                    if not any(s < m.end() and m.start() < e for s, e in accepted):
                        hits.append((para, m))
            if not hits:
                continue
            used = sorted({_as_written(m) for _, m in hits})
            message = f'{_quoted(used)}: forbidden rendering of "{term.zh}" (glossary)'
            if term.note:
                message += f"; note: {term.note}"
            suggestion = (f"use {_quoted(term.renderings)} ({term.where})" if term.renderings
                          else f"use another rendering ({term.where})")
            yield self.finding(
                ctx.document, message,
                zh=[Mark.of(p, s, e) for p, s, e in places],
                en=[Mark.of(p, m.start(), m.end()) for p, m in hits],
                suggestion=suggestion, subject=f"{term.zh}\x1f{'|'.join(used)}")
