"""Inline suppression: drop findings that an inline comment turned off, and report unused comments."""
from __future__ import annotations

from typing import Sequence

from .model import DocumentResult, Finding, Mark, Suppression

UNUSED_CODE = "ZH902"


def _covers(s: Suppression, f: Finding, partners: dict[str, frozenset[str]]) -> bool:
    if s.codes and f.code not in s.codes and f.name not in s.codes:
        return False
    if s.paragraph is None:
        return True
    # A comment on a paragraph covers its whole pair: a unit's note in XLIFF names the Chinese
    # paragraph, and the finding may mark only the English one.
    group = partners.get(s.paragraph, frozenset((s.paragraph,)))
    return any(m.paragraph in group for m in (*f.zh, *f.en))


def _partners(result: DocumentResult) -> dict[str, frozenset[str]]:
    out: dict[str, frozenset[str]] = {}
    for pair in result.pairs:
        group = frozenset((*pair.zh, *pair.en))
        for pid in group:
            out[pid] = group
    return out


def apply_suppressions(findings: Sequence[Finding], results: Sequence[DocumentResult], rules) -> list[Finding]:
    documents = [r.document for r in results]
    partners = {r.document.id: _partners(r) for r in results}
    by_doc: dict[str, list[Suppression]] = {d.id: list(d.suppressions) for d in documents}
    used: set[tuple[str, int]] = set()
    kept = []
    for f in findings:
        hit = None
        for k, s in enumerate(by_doc.get(f.document, ())):
            if _covers(s, f, partners.get(f.document, {})):
                hit = k
                used.add((f.document, k))
        if hit is None:
            kept.append(f)
    unused_rule = next((r for r in rules if r.info.code == UNUSED_CODE), None)
    if unused_rule is not None:
        for doc in documents:
            for k, s in enumerate(doc.suppressions):
                if (doc.id, k) not in used:
                    codes = ", ".join(sorted(s.codes)) or "all rules"
                    mark = Mark(paragraph=s.paragraph or "", path=s.path, line=s.line, column=1, start=0, end=0,
                                end_line=s.line, end_column=1)
                    side = {"zh": [mark]} if s.paragraph and s.paragraph.startswith("zh") else {"en": [mark]}
                    kept.append(unused_rule.finding(doc, f"unused suppression ({codes}): nothing here was reported",
                                                    subject=f"{codes}@{s.paragraph}",
                                                    suggestion="remove the comment", **side))
    return kept
