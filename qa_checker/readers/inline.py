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
    # (kind, pattern); earlier kinds win when two candidates start at the same place.
    ("inline-code", r"(?<!`)(?P<ticks>`+)(?!`).+?(?<!`)(?P=ticks)(?!`)"),
    ("html", r"<!--.*?-->"),
    ("link-target", r"\]\((?:<[^<>\n]*>|(?:[^()\s]|\([^()\s]*\))*)(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^()]*\)))?\s*\)"),
    ("link-target", r"\]\[[^\[\]\n]*\]"),
    ("link-target", r"^[ \t]{0,3}\[[^\[\]\n]+\]:[ \t]*\S+(?:[ \t]+(?:\"[^\"]*\"|'[^']*'|\([^()]*\)))?[ \t]*$"),
    ("url", rf"\b(?:https?|ftp|file)://{_URL_CHARS}+|\bwww\.[A-Za-z0-9-]+\.{_URL_CHARS}+"),
    ("email", r"\b[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b"),
    ("html", r"</?[A-Za-z][A-Za-z0-9-]*(?:\s+[^<>\n]*?)?/?>"),
    ("placeholder", r"\{\{[^{}\n]+\}\}"),
    ("placeholder", r"\$\{[^{}\n]+\}"),
    ("placeholder", r"(?<!\{)\{(?:\d+|[A-Za-z_]\w*(?:\.\w+|\[\w+\])*)(?:![rsa])?(?::[^{}\n]*)?\}(?!\})"),
    # printf-style, but not a percentage: `5%d` is rare, `5% discount` must stay prose.
    ("placeholder", r"(?<![\d.%])%(?:\(\w+\)|\d+\$)?[-+#0]*(?:\d+|\*)?(?:\.(?:\d+|\*))?(?:hh|h|ll|l|L|z|j|t)?[sdifFeEgGxXoucp@]"),
)
_COMBINED = re.compile("|".join(f"(?P<k{i}>{p})" for i, (_, p) in enumerate(_PATTERNS)), re.S | re.M)
_KINDS = {f"k{i}": kind for i, (kind, _) in enumerate(_PATTERNS)}
# Cheap test first: most prose paragraphs contain none of these, and skip the big expression.
_TRIGGER = re.compile(r"[`<%{$@\]\[]|://|www\.")
_URL_TRAILING = ".,;:!?'\"*"


def inline_masks(text: str) -> tuple[Mask, ...]:
    """Sorted, non-overlapping masks for the inline non-prose spans of ``text``."""
    if not _TRIGGER.search(text):
        return ()
    masks: list[Mask] = []
    pos = 0
    while True:
        m = _COMBINED.search(text, pos)
        if m is None:
            break
        kind = _KINDS[m.lastgroup] if m.lastgroup in _KINDS else _kind_of(m)
        start, end = m.start(), m.end()
        if kind == "url":
            end = start + len(_trim_url(m.group()))
        if end > start:
            masks.append(Mask(start, end, kind))
        pos = max(end, start + 1)
    return tuple(masks)


def _kind_of(match: re.Match) -> str:
    # lastgroup is the innermost group for nested groups (the backtick run); find the named one.
    for name, value in match.groupdict().items():
        if value is not None and name in _KINDS:
            return _KINDS[name]
    return "html"


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
