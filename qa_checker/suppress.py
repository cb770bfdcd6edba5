"""Inline suppression: drop findings that an inline comment turned off, and report unused comments."""
from __future__ import annotations

from typing import Sequence

from .model import Category, Document, Finding, Mark, Severity, Suppression

UNUSED_CODE = "ZH902"


def _covers(s: Suppression, f: Finding) -> bool:
    if s.codes and f.code not in s.codes and f.name not in s.codes:
        return False
    if s.paragraph is None:
        return True
    return any(m.paragraph == s.paragraph for m in (*f.zh, *f.en))


def apply_suppressions(findings: Sequence[Finding], documents: Sequence[Document], rules) -> list[Finding]:
    by_doc: dict[str, list[Suppression]] = {d.id: list(d.suppressions) for d in documents}
    used: set[tuple[str, int, int]] = set()
    kept = []
    for f in findings:
        hit = None
        for k, s in enumerate(by_doc.get(f.document, ())):
            if _covers(s, f):
                hit = k
                used.add((f.document, k, 0))
        if hit is None:
            kept.append(f)
    unused_rule = next((r for r in rules if r.info.code == UNUSED_CODE), None)
    if unused_rule is not None:
        for doc in documents:
            for k, s in enumerate(doc.suppressions):
                if (doc.id, k, 0) not in used:
                    codes = ", ".join(sorted(s.codes)) or "all rules"
                    mark = Mark(paragraph=s.paragraph or "", path=s.path, line=s.line, column=1, start=0, end=0,
                                end_line=s.line, end_column=1)
                    kept.append(unused_rule.finding(doc, f"unused suppression ({codes}): nothing here was reported",
                                                    en=[mark], subject=f"{codes}@{s.paragraph}",
                                                    suggestion="remove the comment"))
    return kept
