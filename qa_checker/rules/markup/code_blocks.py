"""ZH703 code-block-changed.

Part of the Markdown structure rules; measurements in ``qa_checker/rules/markup/__init__.py``.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Iterable, Iterator, Optional, Sequence

from ...model import EN, ZH, Category, Document, Finding, Mark, Paragraph, Severity
from ...script import HAN_RE
from ..base import DocumentContext, Rule, RuleInfo
from .common import _snippet


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
