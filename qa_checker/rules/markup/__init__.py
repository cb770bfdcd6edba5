"""Markdown structure kept between the two sides: headings (ZH701), list items and block quotes (ZH702),
code blocks (ZH703), link, image and embed targets (ZH704) and tables (ZH705).

The readers keep block markup in each paragraph's text (``## ``, ``- ``, ``1. ``, ``> ``, code fences),
so these rules read structure from the paragraphs themselves and never re-parse a file.

Measured on 63 real documentation pairs (apache/echarts-handbook, zh/en Markdown, aligned with the
sentence encoder); each finding was read and judged:

* ZH701: 3 findings, all real: an English `##Semantic …` that is no heading (no space after `#`), a
  page title missing from the English, an English section with no Chinese counterpart.
* ZH702: 0 findings.  Without the Chinese-enumerator exception, 20 findings in 9 documents, all
  `1、…` paragraphs rendered as an English `1. …` list (a good rendering).
* ZH703: 25 findings on 23 of the 249 Chinese code blocks (14 documents).  23 are real differences
  between the versions (a `js live` example replaced by an iframe, `--save` dropped from `npm
  install`, `ts` vs `js` fences, a `labelOption` definition missing, an English fence closed with
  "```>" that turns the rest of the page into code); 2 are debatable (`<x/>` vs `<x></x>`, an example
  letter `A` vs `a`).  As raw text, 134 of the 249 blocks differ: comments, string literals and
  Chinese text in code are what translators change.
* ZH704: 1 finding, real (an `<md-example>` embed dropped from the English).  Two earlier false
  alarms shaped the rule: Chinese Q&A sites left out of the English (links in rendered prose are
  ZH502's), and `echarts-5.png` ↔ `echarts-5-en.png` (language parts are removed before comparing).
* ZH705: 0 findings (3 documents have tables; their shapes agree).

Recall on the same documents with one English edit each: heading without space 54/55, heading level
changed 55/55, list marker removed 20/22 (both misses are misalignments), code block removed 45/45,
identifier changed 41/45 (one edit fell in a comment, three in blocks already reported), embed
removed 30/31.
"""
from __future__ import annotations

from .headings import HeadingMismatch
from .lists import BlockStructure
from .code_blocks import CodeBlockChanged
from .links import LinkTargetMismatch
from .tables import TableStructure

__all__ = ["HeadingMismatch", "BlockStructure", "CodeBlockChanged", "LinkTargetMismatch", "TableStructure"]
