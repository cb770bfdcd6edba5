"""Findings about the input itself: a file without its partner, an unused suppression comment."""
from __future__ import annotations

from ..model import Category, Mark, Severity
from .base import DocumentContext, Rule, RuleInfo


class UnpairedFile(Rule):
    info = RuleInfo(
        code="ZH901", name="unpaired-file", category=Category.INPUT, severity=Severity.ERROR,
        summary="A Chinese file has no English partner (or an English file no Chinese one).",
        doc="""\
### What it does
In directory trees (`docs/zh/**` beside `docs/en/**`, or `a.zh-CN.md` beside `a.en-US.md`), reports
a file whose partner does not exist.  A Chinese file without English is an error (a whole document
untranslated); an English file without Chinese is a warning (stale or extra).

### Why it matters
Unpaired files are reported, never skipped: a gate that silently ignores a new untranslated page
passes exactly the pull request it should stop.

### Example
`docs/zh/guide/new.md` exists, `docs/en/guide/new.md` does not: `ZH901`.
""", scope="document")

    def check_document(self, ctx: DocumentContext):
        doc = ctx.document
        if doc.mode != "parallel" or (doc.zh_path and doc.en_path):
            return
        paras = doc.paragraphs
        if doc.zh_path:
            marks = {"zh": [Mark.of(paras[0])]} if paras else {}
            yield self.finding(doc, f"no English file for {doc.zh_path}", **marks, subject="no-english",
                               suggestion="add the English file at the partner path")
        else:
            marks = {"en": [Mark.of(paras[0])]} if paras else {}
            yield self.finding(doc, f"no Chinese file for {doc.en_path}", **marks, subject="no-chinese",
                               severity=Severity.WARNING)


class UnusedSuppression(Rule):
    info = RuleInfo(
        code="ZH902", name="unused-suppression", category=Category.INPUT, severity=Severity.INFO,
        summary="An inline suppression comment suppressed nothing.",
        doc="""\
### What it does
Reports a `<!-- qa-checker: disable CODE -->` comment (or the comment slot of a structured format)
that did not suppress any finding.

### Why it matters
Stale suppressions hide future problems: once the cause is fixed, the comment should go.

### Example
```
<!-- qa-checker: disable ZH401 -->
共有3个选项。

There are 3 options.
```
Nothing to suppress: `ZH902`.
""", scope="document")


class StaleTranslation(Rule):
    info = RuleInfo(
        code="ZH903", name="stale-translation", category=Category.INPUT, severity=Severity.WARNING,
        summary="The Chinese file changed but its English partner did not (pull-request mode).",
        doc="""\
### What it does
With `--changed-since REF`, reports a Chinese file that changed since the merge base with REF while
its English partner did not change.

### Why it matters
Documentation trees drift: the Chinese page gains a section and the English page silently falls
behind.  The omission rules then show what the English lacks.

### Example
A pull request edits `docs/zh/guide.md` and leaves `docs/en/guide.md` alone: `ZH903`.
""", scope="document")

    def check_document(self, ctx: DocumentContext):
        doc = ctx.document
        if doc.zh_path and doc.zh_path in ctx.services.config.stale_paths:
            paras = [p for p in doc.paragraphs if p.lang == "en"][:1]
            yield self.finding(doc, f"{doc.zh_path} changed but its English {doc.en_path} did not",
                               en=[Mark.of(p) for p in paras], subject="stale",
                               suggestion="update the English to match the changed Chinese")
