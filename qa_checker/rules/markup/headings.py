"""ZH701 heading-mismatch.

Part of the Markdown structure rules; measurements in ``qa_checker/rules/markup/__init__.py``.
"""
from __future__ import annotations

from collections import Counter
from typing import Iterable, Iterator, Sequence

from ...model import EN, ZH, Category, Document, Finding, Mark, Pair, Paragraph, Severity
from ...script import han_count
from ..base import DocumentContext, Rule, RuleInfo
from .common import _BROKEN_ATX_RE, heading_level, _levels_agree, _snippet, _sides


# --- ZH701 -----------------------------------------------------------------------------------------

class HeadingMismatch(Rule):
    info = RuleInfo(
        code="ZH701", name="heading-mismatch", category=Category.MARKUP, severity=Severity.WARNING,
        scope="document",
        summary="A heading of the Chinese is not a heading of the same level in the English",
        doc="""\
### What it does
Compares the headings of each aligned pair: a Chinese heading rendered as an English paragraph, an
English heading where the Chinese has none, or a different level (`##` ↔ `###`).  When every
heading of the English is shifted by the same number of levels, that is reported once.  For two
files, the document's outline (headings per level) is compared as well, so a heading lost with its
section is reported even when the alignment could not pair it.

A setext heading (underlined with `===` or `---`) counts as level 1 or 2.  An English line such as
`##Overview` is not a heading in CommonMark (a space must follow the `#`); the finding says so.

### Why it matters
Headings build the table of contents, the sidebar and the anchors other pages link to.  A heading
that became a paragraph disappears from all of them; a wrong level nests a section under the wrong
parent.

### Example
```
## 安装

##Installation
```
The English is a paragraph, not a heading: `ZH701`.  Fix: `## Installation`.

### Options
- `outline` (true): also compare the number of headings per level over the whole document (two-file
  input only; in a one-file document, shared English-only headings would be miscounted).
""",
        options={"outline": True})

    def check_document(self, ctx: DocumentContext) -> Iterable[Finding]:
        doc = ctx.document
        findings: list[Finding] = []
        reported: set[str] = set()  # paragraph ids a pair finding already covers
        shifts: list[tuple[Paragraph, Paragraph]] = []  # heading pairs whose levels differ
        same_level = 0
        # A document without headings (a table of rows, plain text) has nothing to compare pair by pair.
        has_headings = any(p.kind == "heading" for p in doc.paragraphs)
        for pair in ctx.pairs if has_headings else ():
            if not pair.zh or not pair.en:
                continue
            zh, en = _sides(doc, pair)
            zh_heads = [p for p in zh if p.kind == "heading"]
            en_heads = [p for p in en if p.kind == "heading"]
            if not zh_heads and not en_heads:
                continue
            if zh_heads and not en_heads:
                findings.append(self._heading_lost(doc, zh_heads, en))
            elif en_heads and not zh_heads:
                if not any(p.is_prose and han_count(p.masked()) for p in zh):
                    continue  # Chinese code or markup beside an English heading: not comparable
                findings.append(self.finding(
                    doc, "the English is a heading but the Chinese is not",
                    zh=[Mark.of(p) for p in zh], en=[Mark.of(p) for p in en_heads],
                    suggestion="make both headings, or neither", subject="extra:" + _snippet(en_heads[0].text)))
            elif len(zh_heads) != len(en_heads):
                findings.append(self.finding(
                    doc, f"{len(zh_heads)} Chinese headings are rendered as {len(en_heads)} English headings",
                    zh=[Mark.of(p) for p in zh_heads], en=[Mark.of(p) for p in en_heads],
                    suggestion="give each Chinese heading its own English heading",
                    subject="count:" + _snippet(zh_heads[0].text)))
            else:
                for z, e in zip(zh_heads, en_heads):
                    if _levels_agree(heading_level(z), heading_level(e)):
                        same_level += 1
                    else:
                        shifts.append((z, e))
                continue
            reported.update(pair.zh)
            reported.update(pair.en)
        findings.extend(self._level_findings(doc, shifts, same_level, reported))
        if self.options["outline"] and doc.mode == "parallel" and doc.zh_path and doc.en_path:
            findings.extend(self._outline(doc, ctx.pairs, reported))
        return findings

    def _heading_lost(self, doc: Document, zh_heads: list[Paragraph], en: list[Paragraph]) -> Finding:
        broken = next((p for p in en if p.kind == "text" and _BROKEN_ATX_RE.match(p.text)), None)
        if broken is not None:
            hashes = _BROKEN_ATX_RE.match(broken.text).group()
            message = f"the Chinese heading is a paragraph in the English: `{hashes}` needs a space after it"
            suggestion = f"write `{hashes} ` at the start of the English line"
        else:
            message = "the Chinese heading is not a heading in the English"
            suggestion = "render the heading as an English heading of the same level"
        return self.finding(doc, message, zh=[Mark.of(p) for p in zh_heads], en=[Mark.of(p) for p in en],
                            suggestion=suggestion, subject="lost:" + _snippet(zh_heads[0].text))

    def _level_findings(self, doc: Document, shifts, same_level: int, reported: set[str]) -> Iterator[Finding]:
        offsets = {heading_level(e) - heading_level(z) for z, e in shifts
                   if heading_level(z) and heading_level(e)}
        if len(shifts) >= 2 and same_level == 0 and len(offsets) == 1:
            # The whole English outline moved by one step (a page title added or removed): say it once.
            (offset,) = offsets
            z, e = shifts[0]
            direction = "deeper" if offset > 0 else "higher"
            yield self.finding(
                doc, f"every English heading is {abs(offset)} level{'s' if abs(offset) > 1 else ''} {direction} "
                     f"than its Chinese heading ({len(shifts)} headings)",
                zh=[Mark.of(z)], en=[Mark.of(e)], suggestion="use the heading levels of the Chinese",
                subject=f"shift:{offset}")
        else:
            for z, e in shifts:
                zl, el = heading_level(z), heading_level(e)
                yield self.finding(
                    doc, f"the Chinese heading is level {zl or '1–2'}, the English level {el or '1–2'}",
                    zh=[Mark.of(z)], en=[Mark.of(e)], suggestion=f"make the English heading level {zl}",
                    subject=f"level:{zl}:{el}:" + _snippet(z.text))
        for z, e in shifts:
            reported.update((z.id, e.id))

    def _outline(self, doc: Document, pairs: Sequence[Pair], reported: set[str]) -> Iterator[Finding]:
        """Headings per level over the document, leaving out those a pair finding already named."""
        counts = {ZH: Counter(), EN: Counter()}
        first_unpaired: dict[str, Paragraph] = {}
        # A setext heading is level 1 or 2: with one in the document, levels 1 and 2 count together.
        setext = any(heading_level(p) == 0 for p in doc.paragraphs)
        for pair in pairs:
            for side, ids in ((ZH, pair.zh), (EN, pair.en)):
                for pid in ids:
                    p = doc.paragraph(pid)
                    if p.kind != "heading" or pid in reported:
                        continue
                    level = heading_level(p)
                    counts[side]["1–2" if setext and level <= 2 else str(level)] += 1
                    if not (pair.zh and pair.en):
                        first_unpaired.setdefault(side, p)
        zh, en = counts[ZH], counts[EN]
        if zh == en:
            return
        levels = sorted(set(zh) | set(en))
        differ = [lv for lv in levels if zh[lv] != en[lv]]
        described = ", ".join(f"level {lv}: {zh[lv]} Chinese, {en[lv]} English" for lv in differ)
        zh_marks = [Mark.of(first_unpaired[ZH])] if ZH in first_unpaired else []
        en_marks = [Mark.of(first_unpaired[EN])] if EN in first_unpaired else []
        if not zh_marks and not en_marks:
            heads = [p for p in doc.paragraphs if p.kind == "heading" and p.id not in reported]
            zh_marks = [Mark.of(p) for p in heads if p.lang == ZH][:1]
            en_marks = [Mark.of(p) for p in heads if p.lang == EN][:1]
        yield self.finding(
            doc, f"the heading outlines differ ({described})", zh=zh_marks, en=en_marks,
            suggestion="give every Chinese section its English section, at the same level",
            subject="outline:" + ";".join(f"{lv}={zh[lv]}/{en[lv]}" for lv in differ))
