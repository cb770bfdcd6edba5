"""ZH704 link-target-mismatch.

Part of the Markdown structure rules; measurements in ``qa_checker/rules/markup/__init__.py``.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Iterable, Iterator, Optional

from ...model import EN, ZH, Category, Finding, Mark, Pair, Paragraph, Severity
from ...script import HAN_RE, han_count
from ..base import DocumentContext, Rule, RuleInfo


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
