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

import difflib
import re
from collections import Counter
from dataclasses import dataclass
from typing import Iterable, Iterator, Optional, Sequence

from ..model import EN, ZH, Category, Document, Finding, Mark, Pair, Paragraph, Severity
from ..script import HAN_RE, han_count
from .base import DocumentContext, Rule, RuleInfo

# --- block kinds read from the text --------------------------------------------------------------

_ATX_RE = re.compile(r"#{1,6}(?=[ \t]|$)")
# `##Title`: CommonMark needs a space after the hashes, so this renders as a paragraph.
_BROKEN_ATX_RE = re.compile(r"#{1,6}(?=[^#\s])")
# The list marker at the start of a list item's first line, after any block-quote markers.
_LIST_MARKER_RE = re.compile(r"(?:>[ \t]?)*[ \t]*(?:(?P<ul>[-*+])|(?P<ol>[0-9]{1,9}[.)]))(?:[ \t]|$)")
# `1.Foo`, `-Foo`: list markers without the space CommonMark needs (rendered as plain text).
_BROKEN_MARKER_RE = re.compile(r"(?:[0-9]{1,3}\.|[-*+])(?=[A-Za-z\u4e00-\u9fff])")
# Chinese enumerations written as text: `1、`, `1．`, `（一）`, `(1)`, `一、`, `①`, `第一，`.
_ZH_ENUMERATOR_RE = re.compile(
    r"[ \t]*(?:[0-9]{1,3}[、．.，]|[（(](?:[0-9]{1,3}|[一二三四五六七八九十]{1,3})[）)]"
    r"|[一二三四五六七八九十]{1,3}[、．.]|[\u2460-\u2473\u2776-\u277f]|第[一二三四五六七八九十0-9]{1,3}[，、：:])")


def heading_level(p: Paragraph) -> Optional[int]:
    """1–6 for an ATX heading, 0 for a setext heading (its level is in the underline, not the text),
    None for anything that is not a heading."""
    if p.kind != "heading":
        return None
    m = _ATX_RE.match(p.text)
    return len(m.group()) if m else 0


def list_marker(p: Paragraph) -> Optional[str]:
    """"ul" or "ol" for the first paragraph of a list item, "item" for a later paragraph of an item,
    None outside lists."""
    if p.kind != "list":
        return None
    m = _LIST_MARKER_RE.match(p.text)
    if m is None:
        return "item"
    return "ul" if m.group("ul") else "ol"


def _levels_agree(a: int, b: int) -> bool:
    """Setext headings (0) are level 1 or 2."""
    if a == 0 or b == 0:
        return max(a, b) <= 2
    return a == b


def _snippet(text: str, limit: int = 50) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 3] + "..."


def _sides(doc: Document, pair: Pair) -> tuple[list[Paragraph], list[Paragraph]]:
    return [doc.paragraph(i) for i in pair.zh], [doc.paragraph(i) for i in pair.en]


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
        for pair in ctx.pairs:
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


# --- ZH703: code blocks ----------------------------------------------------------------------------

_FENCE_RE = re.compile(r"[ \t]*(`{3,}|~{3,})[ \t]*([^\n]*)")
_LANGUAGE_ALIASES = {"javascript": "js", "typescript": "ts", "shell": "sh", "bash": "sh", "zsh": "sh",
                     "console": "sh", "python": "py", "python3": "py", "yml": "yaml", "md": "markdown",
                     "htm": "html", "jsonc": "json", "text": "", "txt": "", "plain": "", "plaintext": ""}
_HASH_COMMENT_LANGUAGES = {"sh", "py", "yaml", "toml", "ruby", "rb", "r", "perl", "pl", "dockerfile",
                           "makefile", "make", "conf", "ini", "properties", "cmake", "nginx", "powershell",
                           "ps1", "tcl", "coffee", "julia", "elixir", "ex", "nim", "graphql", "gitignore"}
_HAN_CLASS = HAN_RE.pattern[1:-1]
_WIDE_PUNCT = "\u3000-\u303f\uff01-\uff65\u2018-\u201d\u2026\u2014\u00b7"
_TOKEN_PARTS = [
    ("block_comment", r"/\*.*?\*/|<!--.*?-->"),
    ("string", r"\"(?:\\.|[^\"\\\n])*\"|'(?:\\.|[^'\\\n])*'|`(?:\\.|[^`\\])*`"),
    ("line_comment", r"(?<![:\w\"'/\\])//[^\n]*"),
    ("hash_comment", r"(?:(?<=\s)|^)#(?!!)[^\n]*"),
    ("text", rf"[{_HAN_CLASS}{_WIDE_PUNCT}]+"),
    ("word", r"[A-Za-z_$][\w$]*|[0-9]+(?:\.[0-9]+)?"),
    ("punct", r"[^\s\u200b-\u200d\u2060\ufeff]"),
]
_CODE_TOKEN_RE = re.compile("|".join(f"(?P<{n}>{p})" for n, p in _TOKEN_PARTS if n != "hash_comment"),
                            re.S | re.M)
_HASH_CODE_TOKEN_RE = re.compile("|".join(f"(?P<{n}>{p})" for n, p in _TOKEN_PARTS), re.S | re.M)
# Stand-ins for what a translator may change: Chinese text, and string literals holding Chinese.
_TEXT = "\x00text"
_STRING = "\x00string"
_WILDCARDS = (_TEXT, _STRING)
# Two code blocks are the same block, changed, when at least this share of their tokens agree.  In
# the documentation pairs, the blocks that are versions of each other agree on ≥ 0.67 of their tokens
# (lowest: `npm install echarts --save` ↔ `npm install echarts`, then 0.80 for a `ts`/`js`
# interface); with one English block removed, no other block took its place in 45 of 45 trials.
MIN_BLOCK_AGREEMENT = 0.55


@dataclass(frozen=True)
class _CodeBlock:
    para: Paragraph
    language: str  # the fence's language and attribute words ("js live"); "" for none and indented code
    tokens: tuple[str, ...]
    spans: tuple[tuple[int, int], ...]  # offsets of each token in ``para.text``
    key: tuple[str, ...]  # tokens without Chinese text and string contents: equal keys, same code
    closed: bool = True  # False: a fence without its closing fence (it runs to the end of its container)
    broken_close: int = -1  # offset of a line that was meant to close the fence but does not (```>)

    @property
    def has_code(self) -> bool:
        return any(t not in _WILDCARDS for t in self.tokens)


# `js{1,3-5}[main.js]`: line highlights and titles are display details, not the language.
_INFO_DETAILS_RE = re.compile(r"\{[^{}]*\}|\[[^\[\]]*\]")


def _fence_language(info: str) -> str:
    words = _INFO_DETAILS_RE.sub(" ", info.lower()).replace("{", " ").replace("}", " ").split()
    if words:
        first = words[0].lstrip(".")
        words[0] = _LANGUAGE_ALIASES.get(first, first)
    return " ".join(w for w in words if w)


def _code_block(p: Paragraph) -> _CodeBlock:
    text = p.text
    body_start, body_end, language = 0, len(text), ""
    closed, broken_close = True, -1
    fence = _FENCE_RE.match(text)
    if fence:
        language = _fence_language(fence.group(2))
        newline = text.find("\n")
        body_start = len(text) if newline < 0 else newline + 1
        fence_char, fence_len = fence.group(1)[0], len(fence.group(1))
        closing = re.compile(rf"[ \t]*{re.escape(fence_char)}{{{fence_len},}}[ \t]*")
        last = text.rfind("\n")
        if last >= body_start and closing.fullmatch(text, last + 1):
            body_end = last
        else:
            closed = False
            # A line starting with the fence but with text after it (```> …) does not close it.
            broken = re.compile(rf"^[ \t]*{re.escape(fence_char)}{{{fence_len},}}(?=[^`~\s])", re.M).search(
                text, body_start)
            if broken:
                broken_close = broken.start()
                body_end = max(body_start, broken.start() - 1)
    first_word = language.split(" ")[0] if language else ""
    pattern = _HASH_CODE_TOKEN_RE if first_word in _HASH_COMMENT_LANGUAGES else _CODE_TOKEN_RE
    tokens: list[str] = []
    spans: list[tuple[int, int]] = []
    for m in pattern.finditer(text, body_start, body_end):
        kind = m.lastgroup
        if kind in ("block_comment", "line_comment", "hash_comment"):
            continue
        value = m.group()
        if kind == "text":
            if tokens and tokens[-1] == _TEXT:  # one stand-in for a run of Chinese text
                spans[-1] = (spans[-1][0], m.end())
                continue
            value = _TEXT
        elif kind == "string" and HAN_RE.search(value):
            value = _STRING
        tokens.append(value)
        spans.append((m.start(), m.end()))
    key = tuple("\x00s" if t[:1] in "'\"`" or t == _STRING else t for t in tokens if t != _TEXT)
    return _CodeBlock(p, language, tuple(tokens), tuple(spans), key, closed, broken_close)


@dataclass(frozen=True)
class _CodeDiff:
    agreement: float  # share of the tokens of both blocks that agree (translatable text agrees)
    changes: tuple[tuple[int, int, int, int], ...]  # (zh from, zh to, en from, en to) token ranges


def _compare(zh: _CodeBlock, en: _CodeBlock) -> _CodeDiff:
    if zh.tokens == en.tokens:
        return _CodeDiff(1.0, ())
    matcher = difflib.SequenceMatcher(None, zh.tokens, en.tokens, autojunk=False)
    changes = []
    disagree = 0
    for op, a, b, c, d in matcher.get_opcodes():
        if op == "equal" or _translatable(zh.tokens[a:b], en.tokens[c:d]):
            continue
        disagree += (b - a) + (d - c)
        if _significant(zh.tokens[a:b]) or _significant(en.tokens[c:d]):
            changes.append((a, b, c, d))
    total = len(zh.tokens) + len(en.tokens)
    return _CodeDiff(1.0 - disagree / total if total else 1.0, _without_moves(zh, en, changes))


def _without_moves(zh: _CodeBlock, en: _CodeBlock, changes: list) -> tuple:
    """Drop a deletion and an insertion of the same code: a line moved (imports reordered)."""
    def words(tokens):
        return tuple(t for t in tokens if _significant((t,)))

    deleted = {}
    for k, (a, b, c, d) in enumerate(changes):
        if c == d:
            deleted.setdefault(words(zh.tokens[a:b]), []).append(k)
    gone = set()
    for k, (a, b, c, d) in enumerate(changes):
        if a == b:
            ks = deleted.get(words(en.tokens[c:d]))
            if ks:
                gone.update((k, ks.pop()))
    return tuple(ch for k, ch in enumerate(changes) if k not in gone)


def _significant(tokens: Sequence[str]) -> bool:
    """Identifiers, numbers and strings matter; punctuation alone is taken for style.  In the
    documentation pairs, 6 of the 249 code blocks differed in punctuation only: 4 in style (trailing
    commas, semicolons, `{}` written `{...}`), 2 in substance that this leaves unreported
    (`...indices` written `... .indices`, `[{…}]` written `{…}`)."""
    return any(t[:1].isalnum() or t[:1] in "_$'\"`\x00" for t in tokens)


def _translatable(zh: Sequence[str], en: Sequence[str]) -> bool:
    """A change that only translates: Chinese text or Chinese strings of the Chinese side replaced by
    anything that keeps every identifier and number the Chinese side had there."""
    if not any(t in _WILDCARDS for t in zh):
        return all(t in _WILDCARDS for t in en) and bool(en)  # Chinese left in the English code
    en_words = set(en)
    return all(t in _WILDCARDS or t in en_words or not (t[:1].isalnum() or t[:1] in "_$") for t in zh)


def _match_blocks(zh: list[_CodeBlock], en: list[_CodeBlock]) -> list[tuple[int, Optional[int]]]:
    """Pairs (zh index, en index or None), in order: identical code first, then similar code between."""
    anchors = difflib.SequenceMatcher(None, [b.key for b in zh], [b.key for b in en], autojunk=False)
    out: list[tuple[int, Optional[int]]] = []
    zi = ei = 0
    for a, c, size in anchors.get_matching_blocks():
        out.extend(_match_gap(zh, en, range(zi, a), range(ei, c)))
        out.extend((a + k, c + k) for k in range(size))
        zi, ei = a + size, c + size
    return out


# Between two anchors, blocks are compared only near the diagonal once the gap is this large, so a
# page of hundreds of rewritten blocks stays linear rather than quadratic.
_GAP_FULL = 400
_GAP_BAND = 8


def _match_gap(zh, en, zr: range, er: range) -> list[tuple[int, Optional[int]]]:
    """Order-keeping matching of the blocks between two anchors that maximises total agreement."""
    if not er:
        return [(i, None) for i in zr]
    n, m = len(zr), len(er)
    agreement: dict[tuple[int, int], float] = {}
    for i in range(n):
        for j in range(m):
            if n * m > _GAP_FULL and abs(i * m / n - j) > _GAP_BAND:
                continue
            value = _compare(zh[zr[i]], en[er[j]]).agreement
            if value >= MIN_BLOCK_AGREEMENT:
                agreement[i, j] = value
    score = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            best = max(score[i + 1][j], score[i][j + 1])
            if (i, j) in agreement:
                best = max(best, agreement[i, j] + score[i + 1][j + 1])
            score[i][j] = best
    out: list[tuple[int, Optional[int]]] = []
    i = j = 0
    while i < n:
        if j < m:
            if (i, j) in agreement and score[i][j] == agreement[i, j] + score[i + 1][j + 1]:
                out.append((zr[i], er[j]))
                i, j = i + 1, j + 1
                continue
            if score[i][j + 1] >= score[i + 1][j]:
                j += 1
                continue
        out.append((zr[i], None))
        i += 1
    return out


def _code_sides(doc: Document) -> tuple[list[_CodeBlock], list[_CodeBlock], list[tuple[_CodeBlock, _CodeBlock]]]:
    """Chinese blocks, English blocks, and pairs already known.

    Two files: each file's blocks are its side.  One file: readers put every code block on the
    English side (code is all masked); here a block holding Chinese is Chinese, and when the next
    code block is a version of it, that one is its English rendering, whatever its script.
    """
    blocks = [_code_block(p) for p in doc.paragraphs if p.kind == "code"]
    if doc.mode != "interleaved":
        return [b for b in blocks if b.para.lang == ZH], [b for b in blocks if b.para.lang == EN], []
    zh, en, known = [], [], []
    k = 0
    while k < len(blocks):
        b = blocks[k]
        if not HAN_RE.search(b.para.text):
            en.append(b)
        elif k + 1 < len(blocks) and _compare(b, blocks[k + 1]).agreement >= MIN_BLOCK_AGREEMENT:
            known.append((b, blocks[k + 1]))
            k += 1
        else:
            zh.append(b)
        k += 1
    return zh, en, known


class CodeBlockChanged(Rule):
    info = RuleInfo(
        code="ZH703", name="code-block-changed", category=Category.MARKUP, severity=Severity.ERROR,
        scope="document",
        summary="A code block of the Chinese is missing from the English, or its code differs",
        doc="""\
### What it does
Matches the code blocks of the two sides over the whole document (identical code first, then the
most similar blocks in order) and reports a Chinese code block with no English counterpart (an
error), and a counterpart whose code differs (a warning).  What a translator is expected to change
does not count: comments (`//`, `/* */`, `<!-- -->`, and `#` in shell, Python, YAML and similar
languages), string literals that hold Chinese (`'销量'` → `'Sales'`), and Chinese text written in the
block (sample output).  Differences in punctuation alone (a trailing comma, a semicolon) and a line
moved within the block are taken for style.  The fence's info string must match too (`js live` ↔
`js` is a change: the English page does not run the example); `javascript` = `js`, `bash` = `sh`,
`yml` = `yaml`, and line highlights and titles (`js{1,3}[main.js]`) are ignored.

An English fence that is never closed, or "closed" by a line with text after the backticks
(```` ```> ````), is reported as an error: everything after it renders as code.

In a one-file document, a code block holding Chinese is the Chinese one and the code block after it,
if it is a version of it, its English; a Chinese block with no English version is a warning there,
as it may be meant for both languages.

### Why it matters
Code is copied, not translated.  A changed identifier, a dropped option (`npm install echarts
--save` → `npm install echarts`) or a missing block means the English reader runs different code,
and usually that one of the two versions is stale.

### Example
````
```js
chart.setOption({ series: [{ type: 'bar' }] }); // 设置图表
```

```js
chart.setOption({ series: [{ type: 'line' }] }); // set the chart
```
````
`'bar'` became `'line'`: `ZH703`.  Fix: copy the code, translate only comments and strings.

### Options
- `compare-language` (true): report a different fence info string.
""",
        options={"compare-language": True})

    def check_document(self, ctx: DocumentContext) -> Iterable[Finding]:
        doc = ctx.document
        if doc.mode == "parallel" and not doc.en_path:
            return ()  # the whole English file is missing: ZH901 says it once
        if not any(p.kind == "code" for p in doc.paragraphs):
            return ()
        zh, en, known = _code_sides(doc)
        findings = list(self._unclosed(doc, zh, en + [e for _, e in known]))
        for z, e in known:
            findings.extend(self._differences(doc, z, e))
        for i, j in _match_blocks(zh, en) if zh else ():
            z = zh[i]
            if j is not None:
                findings.extend(self._differences(doc, z, en[j]))
                continue
            if not z.has_code:
                continue  # Chinese text in a fence (sample output), rendered elsewhere or as prose
            # In a one-file document a block may be written once for both languages.
            severity = min(self.severity, Severity.WARNING) if doc.mode == "interleaved" else None
            lines = z.para.text.count("\n") + 1
            findings.append(self.finding(
                doc, f"no English code block matches this Chinese code block "
                     f"({z.language or 'no language'}, {lines} line{'s' if lines > 1 else ''})",
                zh=[Mark.of(z.para)], severity=severity, suggestion="copy the code block into the English",
                subject="missing:" + " ".join(z.key)[:200]))
        return findings

    def _unclosed(self, doc: Document, zh: list[_CodeBlock], en: list[_CodeBlock]) -> Iterator[Finding]:
        """An English fence left open turns everything after it into code.  Reported when a line was
        meant to close it (```> …), or when every Chinese fence of a two-file document is closed."""
        zh_closed = doc.mode == "parallel" and all(b.closed for b in zh)
        for b in en:
            if b.closed or not (b.broken_close >= 0 or zh_closed):
                continue
            text = b.para.text
            if b.broken_close >= 0:
                end = text.find("\n", b.broken_close)
                mark = Mark.of(b.para, b.broken_close, end if end >= 0 else None)
                message = (f"this line does not close the code fence (nothing may follow the "
                           f"{text[:3]}), so the rest of the English renders as code")
            else:
                end = text.find("\n")
                mark = Mark.of(b.para, 0, end if end >= 0 else None)
                message = "this code fence is never closed, so the English after it renders as code"
            yield self.finding(doc, message, en=[mark], suggestion="close the fence on a line of its own",
                               subject="unclosed:" + " ".join(b.key)[:200])

    def _differences(self, doc: Document, z: _CodeBlock, e: _CodeBlock) -> Iterator[Finding]:
        severity = min(self.severity, Severity.WARNING)
        if z.closed and not e.closed and e.broken_close < 0:
            return  # everything after the open fence is in the block: _unclosed reports it
        if self.options["compare-language"] and z.language != e.language:
            yield self.finding(
                doc, f"the code block is `{z.language or 'no language'}` in the Chinese, "
                     f"`{e.language or 'no language'}` in the English",
                zh=[Mark.of(z.para, 0, z.para.text.find("\n") if "\n" in z.para.text else None)],
                en=[Mark.of(e.para, 0, e.para.text.find("\n") if "\n" in e.para.text else None)],
                severity=severity, suggestion=f"use ```{z.language} in the English",
                subject=f"language:{z.language}:{e.language}")
        diff = _compare(z, e)
        if not diff.changes:
            return
        a, b, c, d = diff.changes[0]
        zh_span = _token_span(z, a, b)
        en_span = _token_span(e, c, d)
        zh_text = _snippet(z.para.text[zh_span[0]:zh_span[1]], 40) if b > a else ""
        en_text = _snippet(e.para.text[en_span[0]:en_span[1]], 40) if d > c else ""
        if zh_text and en_text:
            what = f"`{zh_text}` became `{en_text}`"
        elif zh_text:
            what = f"`{zh_text}` is missing from the English"
        else:
            what = f"the English adds `{en_text}`"
        more = len(diff.changes) - 1
        message = f"the English code differs from the Chinese: {what}"
        if more:
            message += f" (and {more} more difference{'s' if more > 1 else ''})"
        yield self.finding(
            doc, message, zh=[Mark.of(z.para, *zh_span)], en=[Mark.of(e.para, *en_span)], severity=severity,
            suggestion="copy the code unchanged; translate only its comments and strings",
            subject="changed:" + " ".join(z.key)[:200])


def _token_span(block: _CodeBlock, a: int, b: int) -> tuple[int, int]:
    """Text offsets of tokens a..b (an empty range points just after the previous token)."""
    if b > a:
        return block.spans[a][0], block.spans[b - 1][1]
    if a > 0:
        at = block.spans[a - 1][1]
    elif block.spans:
        at = block.spans[0][0]
    else:
        at = 0
    return at, at


# --- ZH704: link, image and embed targets ----------------------------------------------------------

_LINK_TARGET_RE = re.compile(r"\]\(\s*(?:<([^<>\n]*)>|((?:[^()\s]|\([^()\s]*\))*))")
_HTML_ATTR_RE = re.compile(
    r"""(?<![\w-])(src|href|data-src|data-href|data|poster)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))""", re.I)
_HTML_OPEN_TAG_RE = re.compile(r"<([A-Za-z][A-Za-z0-9-]*)((?:\s[^<>]*?)?)/?>", re.S)
_HTML_COMMENT_RE = re.compile(r"<!--.*?-->", re.S)
# Language parts of targets that differ between the language versions of a site: `/zh/` ↔ `/en/`,
# `lang=zh` ↔ `lang=en`, `guide.zh-CN.md` ↔ `guide.md`, `echarts-5.png` ↔ `echarts-5-en.png`.  They
# are removed (with the separator before a file-name part) before targets are compared.
_LOCALE = r"(?:zh(?:[-_](?:cn|hans|hant|tw|hk|sg))?|cn|chinese|en(?:[-_](?:us|gb))?|english)"
_LOCALE_RE = re.compile(rf"(?:(?<=[/=])|[-_.]){_LOCALE}(?=[/._&#?=-]|$)", re.IGNORECASE)
_LANG_PLACEHOLDER_RE = re.compile(r"\$\{lang\}|\{\{\s*lang\s*\}\}|\{lang\}")


def _delocalise(target: str) -> str:
    return _LOCALE_RE.sub("", _LANG_PLACEHOLDER_RE.sub("", target))


def _target_key(target: str) -> str:
    """What two targets must share to be the same: `./a.png` = `a.png`, `/zh/x` = `/en/x`."""
    return _delocalise(target).lstrip("./")


@dataclass(frozen=True)
class _Target:
    para: Paragraph
    start: int
    end: int
    value: str
    what: str  # "image", "link", "<iframe>", ...
    attribute: str = ""  # for HTML: "src", "href", ...


def _targets(p: Paragraph, markdown: bool) -> Iterator[_Target]:
    """Link and image targets of Markdown links, and src/href of HTML tags, in one paragraph."""
    text = p.text
    if markdown and "](" in text:
        for mask in p.masks:
            if mask.kind != "link-target":
                continue
            m = _LINK_TARGET_RE.match(text, mask.start)
            if not m:
                continue
            value = (m.group(1) if m.group(1) is not None else m.group(2)).strip()
            if value:
                opener = _link_opener(text, mask.start)
                image = opener > 0 and text[opener - 1] == "!"
                yield _Target(p, mask.start, mask.end, value, "image" if image else "link")
    if "<" in text:
        # Tags are found in the text itself: an HTML tag spread over lines (`<img width=…` then
        # `src=…>` on the next line) is inline HTML to the Markdown parser, not an HTML block.
        skip = [(m.start, m.end) for m in p.masks if m.kind == "inline-code"]
        skip += [(m.start(), m.end()) for m in _HTML_COMMENT_RE.finditer(text)]
        for tag in _HTML_OPEN_TAG_RE.finditer(text):
            if any(s <= tag.start() < e for s, e in skip):
                continue
            name = tag.group(1).lower()
            for attr in _HTML_ATTR_RE.finditer(text, tag.start(2), tag.end(2)):
                value = next(g for g in attr.groups()[1:] if g is not None).strip()
                if value:
                    yield _Target(p, attr.start(), attr.end(), value, f"<{name}>", attr.group(1).lower())


def _link_opener(text: str, close: int) -> int:
    """Offset of the `[` that the `]` at ``close`` closes (-1 when not found)."""
    depth = 0
    for k in range(close - 1, -1, -1):
        ch = text[k]
        if ch == "]" and (k == 0 or text[k - 1] != "\\"):
            depth += 1
        elif ch == "[" and (k == 0 or text[k - 1] != "\\"):
            if depth == 0:
                return k
            depth -= 1
    return -1


def _checked_by_pair_rules(p: Paragraph, pair: Pair) -> bool:
    """A Markdown link in prose that has an English rendering is ZH502's (code-not-preserved) to
    compare; in a paragraph without rendering that has Chinese prose, ZH101 reports the paragraph."""
    if not p.is_prose:
        return False
    if pair.en:
        return True
    return han_count(p.masked()) > 0


class LinkTargetMismatch(Rule):
    info = RuleInfo(
        code="ZH704", name="link-target-mismatch", category=Category.MARKUP, severity=Severity.WARNING,
        scope="document",
        summary="A link, image or embedded page of the Chinese is missing from the English document",
        doc="""\
### What it does
Collects the targets the Chinese points to — `src` and `href` of HTML tags (`<img>`, `<iframe>`,
`<video>`, `<a>`, custom embeds) and Markdown links and images `![alt](src)` in paragraphs left
without an English rendering — and reports each one that the English document does not contain as
often as the Chinese does.  The comparison is over the whole document, so a link moved to another
paragraph is not reported.  The language parts of a target may differ (`/zh/` ↔ `/en/`,
`zh-CN` ↔ `en-US`, `lang=zh` ↔ `lang=en`, `${lang}`); in-page anchors (`#标题`) and targets that
contain Chinese are not compared.

Markdown links inside rendered prose are compared pair by pair by `ZH502` (code-not-preserved).

### Why it matters
An embedded demo, a figure or a video dropped from the English is content the English reader never
sees, and nothing in the English text shows that it is missing.

### Example
```
<iframe src="https://gallery.echartsjs.com/view-lite.html?cid=xS18jqmX4f"></iframe>
```
in the Chinese, with no such iframe in the English: `ZH704`.
""")

    def check_document(self, ctx: DocumentContext) -> Iterable[Finding]:
        doc = ctx.document
        if doc.mode == "parallel" and not doc.en_path:
            return ()
        markdown = doc.zh_path.lower().endswith((".md", ".markdown"))
        pair_of: dict[str, Pair] = {pid: pair for pair in ctx.pairs for pid in pair.zh}
        wanted: list[_Target] = []
        for p in doc.paragraphs:
            if p.lang != ZH or p.kind in ("code", "front-matter"):
                continue
            pair = pair_of.get(p.id)
            for t in _targets(p, markdown):
                if t.value.startswith("#") or HAN_RE.search(t.value) or "%E" in t.value.upper():
                    continue
                # Links may be localised (an English forum for a Chinese one); images in rendered
                # prose are ZH502's.  Embedded pages, images and videos in HTML are always compared.
                if t.what in ("link", "image", "<a>") and (pair is None or _checked_by_pair_rules(p, pair)):
                    continue
                wanted.append(t)
        if not wanted:
            return ()
        english_paragraphs = [p for p in doc.paragraphs if p.lang == EN and p.kind != "code"]
        # The English targets as links and tags; a target written any other way (a bare URL, a
        # Markdown link for an HTML tag) is looked for in the English text as a fallback.
        in_english = Counter(_target_key(t.value) for p in english_paragraphs for t in _targets(p, markdown))
        english_text: Optional[str] = None
        fallback: dict[str, int] = {}
        found: Counter = Counter()
        findings = []
        for t in wanted:
            key = _target_key(t.value)
            found[key] += 1
            if in_english[key] >= found[key]:
                continue
            if english_text is None:
                english_text = _delocalise("\n".join(p.text for p in english_paragraphs))
            if key not in fallback:
                fallback[key] = english_text.count(key)
            if fallback[key] >= found[key]:
                continue
            if t.attribute:
                described = f'the {t.what[:-1]} {t.attribute}="{t.value}">'
            else:
                described = f"the {'image' if t.what == 'image' else 'link'} target {t.value!r}"
            findings.append(self.finding(
                doc, f"{described} of the Chinese is missing from the English",
                zh=[Mark.of(t.para, t.start, t.end)], suggestion=f"add it to the English ({t.value})",
                subject=f"{t.what}:{t.value}"))
        return findings


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
