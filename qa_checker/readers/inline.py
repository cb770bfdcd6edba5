"""Inline masks: the spans of a paragraph that are not prose (code, URLs, e-mails, HTML, link targets,
placeholders).  Found by regular expressions on the text as read, so every offset stays exact.
"""
from __future__ import annotations

import re
from typing import Iterable

from ..model import Mask

# Characters that can end a URL when it runs into Chinese text or punctuation: ASCII only, so
# `见https://example.com获取` stops before `获`.
_URL_CHARS = r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]"
_PATTERNS = (
    # (kind, alternatives); when candidates start at the same place, the earlier kind wins.
    ("inline-code", (r"(?<!`)(?P<ticks>`+)(?!`).+?(?<!`)(?P=ticks)(?!`)",)),
    ("html", (r"<!--.*?-->", r"</?[A-Za-z][A-Za-z0-9-]*(?:\s+[^<>\n]*?)?/?>")),
    ("link-target", (
        r"\]\((?:<[^<>\n]*>|(?:[^()\s]|\([^()\s]*\))*)(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^()]*\)))?\s*\)",
        r"\]\[[^\[\]\n]*\]",  # reference link `[text][id]`
        # reference definition `[id]: target "title"` on a line of its own
        r"^[ \t]{0,3}\[[^\[\]\n]+\]:[ \t]*\S+(?:[ \t]+(?:\"[^\"]*\"|'[^']*'|\([^()]*\)))?[ \t]*$",
    )),
    ("url", (rf"\b(?:https?|ftp|file)://{_URL_CHARS}+", rf"\bwww\.[A-Za-z0-9-]+\.{_URL_CHARS}+")),
    ("email", (r"\b[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b",)),
    # Markdown attributes, as in a heading's custom anchor `## 安装 {#install}`.
    ("markup", (r"\{[#.][\w-]+(?:[ \t]+[#.]?[\w-]+(?:=\S+)?)*\}",)),
    ("placeholder", (
        r"\{\{[^{}\n]+\}\}",  # {{ var }}
        r"\$\{[^{}\n]+\}",  # ${var}
        r"(?<!\{)\{(?:\d+|[A-Za-z_]\w*(?:\.\w+|\[\w+\])*)(?:![rsa])?(?::[^{}\n]*)?\}(?!\})",  # {0} {name}
        # printf-style, but not a percentage: `5%d` is rare, `5% discount` must stay prose.
        r"(?<![\d.%])%(?:\(\w+\)|\d+\$)?[-+#0]*(?:\d+|\*)?(?:\.(?:\d+|\*))?(?:hh|h|ll|l|L|z|j|t)?[sdifFeEgGxXoucp@]",
    )),
)
# Each expression runs only when its trigger occurs in the text: most paragraphs skip most of them.
_TRIGGER_OF = {"inline-code": "`", "html": "<", "link-target": "]", "url": "/.", "email": "@",
               "markup": "{", "placeholder": "{%$"}
_TRIGGERS = re.compile(r"[`<\]/@{%$]|(?<=w)\.")  # "." only as in "www."
_BY_TRIGGER: dict[str, list[tuple[int, str, re.Pattern]]] = {}
for _priority, (_kind, _alternatives) in enumerate(_PATTERNS):
    _compiled = re.compile("|".join(f"(?:{a})" for a in _alternatives), re.S | re.M)
    for _char in _TRIGGER_OF[_kind]:
        _BY_TRIGGER.setdefault(_char, []).append((_priority, _kind, _compiled))
_URL_TRAILING = ".,;:!?'\"*"


def inline_masks(text: str) -> tuple[Mask, ...]:
    """Sorted, non-overlapping masks for the inline non-prose spans of ``text``.

    Where candidates overlap, the one that starts first wins, then the earlier kind in
    ``_PATTERNS`` (a URL inside inline code is code; a URL inside a link target is a link target).
    """
    triggers = set(_TRIGGERS.findall(text))
    if not triggers:
        return ()
    candidates: list[tuple[int, int, int, str]] = []
    done: set[int] = set()
    for char in triggers:
        for priority, kind, pattern in _BY_TRIGGER[char]:
            if priority in done:
                continue
            done.add(priority)
            for m in pattern.finditer(text):
                start, end = m.start(), m.end()
                if kind == "url":
                    end = start + len(_trim_url(m.group()))
                if end > start:
                    candidates.append((start, priority, end, kind))
    if not candidates:
        return ()
    candidates.sort()
    masks: list[Mask] = []
    covered = 0
    for start, _, end, kind in candidates:
        if start >= covered:
            masks.append(Mask(start, end, kind))
            covered = end
    return tuple(masks)


def _trim_url(url: str) -> str:
    """Drop sentence punctuation and unbalanced closing brackets that follow a URL."""
    while url:
        last = url[-1]
        if last in _URL_TRAILING:
            url = url[:-1]
        elif last == ")" and url.count("(") < url.count(")"):
            url = url[:-1]
        elif last == "]" and url.count("[") < url.count("]"):
            url = url[:-1]
        else:
            break
    return url


def merge_masks(primary: Iterable[Mask], secondary: Iterable[Mask]) -> tuple[Mask, ...]:
    """``primary`` masks (block markup) plus the ``secondary`` ones that do not overlap them, sorted."""
    primary = sorted(primary, key=lambda m: m.start)
    if not primary:
        return tuple(sorted(secondary, key=lambda m: m.start))
    out = list(primary)
    for mask in secondary:
        if all(mask.end <= p.start or mask.start >= p.end for p in primary):
            out.append(mask)
    return tuple(sorted(out, key=lambda m: m.start))


def shift_masks(masks: Iterable[Mask], offset: int) -> tuple[Mask, ...]:
    return tuple(Mask(m.start + offset, m.end + offset, m.kind) for m in masks)
