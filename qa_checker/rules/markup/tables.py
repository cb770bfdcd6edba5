"""ZH705 table-structure.

Part of the Markdown structure rules; measurements in ``qa_checker/rules/markup/__init__.py``.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Iterable, Sequence

from ...model import EN, ZH, Category, Finding, Mark, Paragraph, Severity
from ..base import DocumentContext, Rule, RuleInfo
from .common import _snippet


# --- ZH705: tables -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Table:
    first: Paragraph
    rows: int
    columns: int


def _tables(paragraphs: Sequence[Paragraph]) -> list[_Table]:
    """Tables as runs of table cells on consecutive lines (the delimiter row holds no cell)."""
    tables: list[_Table] = []
    cells: list[Paragraph] = []

    def close():
        if cells:
            per_row = Counter(c.line for c in cells)
            # A header row has no empty cell in practice; body rows may (empty cells are no paragraph).
            tables.append(_Table(cells[0], len(per_row), max(per_row.values())))
            cells.clear()

    for p in paragraphs:
        if p.kind == "table" and (not cells or (p.path == cells[-1].path and 0 <= p.line - cells[-1].line <= 2
                                                and p.index == cells[-1].index + 1)):
            cells.append(p)
            continue
        close()
        if p.kind == "table":
            cells.append(p)
    close()
    return tables


class TableStructure(Rule):
    info = RuleInfo(
        code="ZH705", name="table-structure", category=Category.MARKUP, severity=Severity.WARNING,
        scope="document",
        summary="A table of the Chinese has a different number of rows or columns in the English",
        doc="""\
### What it does
Takes the Markdown tables of each file in order and compares their shapes: the number of tables,
and for each table the number of rows and of columns (the most cells in one row).  Two-file input
only: in a one-file document a table may hold both languages.

### Why it matters
A dropped row loses data that no prose rule sees when its cells are numbers or code; a dropped or
added column shifts every cell under the wrong header.

### Example
```
| 参数 | 类型 | 说明 |
|---|---|---|
| width | number | 宽度 |

| Option | Description |
|---|---|
| width | Width |
```
Three columns in the Chinese, two in the English: `ZH705`.
""")

    def check_document(self, ctx: DocumentContext) -> Iterable[Finding]:
        doc = ctx.document
        if doc.mode != "parallel" or not doc.zh_path or not doc.en_path:
            return ()
        zh = _tables(doc.side(ZH))
        if not zh:
            return ()
        en = _tables(doc.side(EN))
        findings = []
        for z, e in zip(zh, en):
            differences = []
            if z.rows != e.rows:
                differences.append(f"{z.rows} rows in the Chinese, {e.rows} in the English")
            if z.columns != e.columns:
                differences.append(f"{z.columns} columns in the Chinese, {e.columns} in the English")
            if differences:
                findings.append(self.finding(
                    doc, "the table differs: " + "; ".join(differences), zh=[Mark.of(z.first)], en=[Mark.of(e.first)],
                    suggestion="give the English table the rows and columns of the Chinese one",
                    subject=f"table:{z.rows}x{z.columns}:{e.rows}x{e.columns}:" + _snippet(z.first.text)))
        for z in zh[len(en):]:
            findings.append(self.finding(
                doc, f"the English has no table for this Chinese table ({len(zh)} tables in the Chinese, "
                     f"{len(en)} in the English)",
                zh=[Mark.of(z.first)], suggestion="add the table to the English",
                subject=f"table-missing:{z.rows}x{z.columns}:" + _snippet(z.first.text)))
        return findings
