"""ZH702 list-structure.

Part of the Markdown structure rules; measurements in ``qa_checker/rules/markup/__init__.py``.
"""
from __future__ import annotations

from typing import Iterable, Optional, Sequence

from ...model import Category, Document, Finding, Mark, Paragraph, Severity
from ...script import han_count
from ..base import DocumentContext, Rule, RuleInfo
from .common import _BROKEN_MARKER_RE, _ZH_ENUMERATOR_RE, list_marker, _snippet, _sides


# --- ZH702 -----------------------------------------------------------------------------------------

class BlockStructure(Rule):
    info = RuleInfo(
        code="ZH702", name="list-structure", category=Category.MARKUP, severity=Severity.WARNING,
        scope="document",
        summary="A list item or block quote of the Chinese is a different kind of block in the English",
        doc="""\
### What it does
Compares the block kinds of each aligned pair: a Chinese list item rendered as an English paragraph,
a bulleted item rendered as a numbered one (or the reverse), a block quote (`> `) rendered as a
paragraph.  Consecutive items with the same difference (a whole list renumbered) are reported once.
An English list item where the Chinese is a paragraph is reported only for a lone item, and not when
the Chinese starts with an enumerator written as text (`1、`, `（一）`, `①`): turning those into a
Markdown list is a good rendering, and so is splitting a long paragraph into an introduction and a
list.  When the English line starts with a marker that lacks its space (`1.Install`, `-Install`),
the finding says so.

### Why it matters
A list item that lost its marker runs into the paragraph before it; a numbered procedure rendered as
bullets loses its order; a note that lost its `>` no longer stands out.

### Example
```
- 支持 Canvas 和 SVG 两种渲染器

-Supports both Canvas and SVG renderers
```
`-Supports` is not a list item in Markdown (no space after the marker): `ZH702`.
""")

    def check_document(self, ctx: DocumentContext) -> Iterable[Finding]:
        doc = ctx.document
        findings: list[Finding] = []
        if not any(p.kind in ("list", "quote") for p in doc.paragraphs):
            return findings  # no block kind to differ in (a table of rows, plain text)
        run: list[tuple[list[Paragraph], list[Paragraph]]] = []  # consecutive pairs with one issue
        run_issue: Optional[tuple[str, str, str]] = None
        for pair in ctx.pairs:
            issues = _block_issues(doc, *_sides(doc, pair)) if pair.zh and pair.en else []
            groupable = [i for i in issues if i[0] in _GROUPED]
            if run and (not groupable or groupable[0] != run_issue):
                findings.append(self._report(doc, run, run_issue))
                run, run_issue = [], None
            for issue in issues:
                if issue in groupable[:1]:
                    run.append(_sides(doc, pair))
                    run_issue = issue
                else:
                    findings.append(self._report(doc, [_sides(doc, pair)], issue))
        if run:
            findings.append(self._report(doc, run, run_issue))
        return findings

    def _report(self, doc: Document, run, issue: tuple[str, str, str]) -> Finding:
        what, message, suggestion = issue
        if len(run) > 1:
            message = f"{message} ({len(run)} items in a row)"
        zh = [p for z, _ in run for p in z]
        en = [p for _, e in run for p in e]
        return self.finding(doc, message, zh=[Mark.of(p) for p in zh], en=[Mark.of(p) for p in en],
                            suggestion=suggestion, subject=f"{what}:" + _snippet(zh[0].text))


# Issues that a whole list shares are reported once for consecutive items.
_GROUPED = ("list-lost", "ul-ol", "ol-ul")


def _block_issues(doc: Document, zh: list[Paragraph], en: list[Paragraph]) -> list[tuple[str, str, str]]:
    """(kind, message, suggestion) of each block-structure difference of one aligned pair."""
    zh_kinds = _block_kinds(zh)
    en_kinds = _block_kinds(en)
    if zh_kinds == en_kinds:
        return []
    issues = []
    zh_list = zh_kinds & {"ul", "ol", "item"}
    en_list = en_kinds & {"ul", "ol", "item"}
    if zh_list and not en_list:
        hint = next((p for p in en if p.kind == "text" and _BROKEN_MARKER_RE.match(p.text)), None)
        if hint is not None:
            marker = _BROKEN_MARKER_RE.match(hint.text).group()
            issues.append(("list-marker", f"the Chinese list item is not a list item in the English: "
                                          f"`{marker}` needs a space after it",
                           f"write `{marker} ` at the start of the English line"))
        else:
            issues.append(("list-lost", "the Chinese list item is not a list item in the English",
                           "render it as an English list item"))
    elif en_list and not zh_list:
        if (len(zh) == 1 and len(en) == 1 and not _in_longer_list(doc, en[0])
                and not any(p.kind == "text" and _ZH_ENUMERATOR_RE.match(p.text) for p in zh)
                and any(p.is_prose and han_count(p.masked()) for p in zh)):
            # Only a lone item: one Chinese paragraph rendered as an introduction and a list is a
            # restructuring (documentation pair 234), and `1、…` paragraphs are lists written as text.
            issues.append(("list-added", "the English is a list item but the Chinese is not",
                           "make both list items, or neither"))
    elif zh_list == {"ul"} and en_list == {"ol"}:
        issues.append(("ul-ol", "the Chinese bulleted list item is numbered in the English",
                       "use a bullet (`-`) in the English"))
    elif zh_list == {"ol"} and en_list == {"ul"}:
        issues.append(("ol-ul", "the Chinese numbered list item is a bullet in the English",
                       "number the English item as the Chinese one"))
    if "quote" in zh_kinds and "quote" not in en_kinds:
        issues.append(("quote-lost", "the Chinese block quote is not a block quote in the English",
                       "start the English lines with `> `"))
    return issues


def _in_longer_list(doc: Document, p: Paragraph) -> bool:
    """Whether the paragraph before or after ``p`` in its file is a list paragraph too."""
    for k in (p.index - 1, p.index + 1):
        if 0 <= k < len(doc.paragraphs):
            other = doc.paragraphs[k]
            if other.lang == p.lang and other.path == p.path and other.kind == "list":
                return True
    return False


def _block_kinds(paragraphs: Sequence[Paragraph]) -> set[str]:
    kinds = set()
    for p in paragraphs:
        if p.kind == "list":
            kinds.add(list_marker(p))
        elif p.kind == "quote":
            kinds.add("quote")
    return kinds
