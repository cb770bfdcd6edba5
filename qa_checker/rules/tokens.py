"""Things a translation copies, not translates: ZH501 (Latin-script names and acronyms) and ZH502
(URLs, e-mail addresses, inline code and placeholders).

Measured on the 63 Chinese/English documentation pairs of apache/echarts-handbook through the whole
pipeline (2,213 aligned pairs, translations of each other that the maintainers keep in sync):
- ZH501: 12 warnings and 33 infos. The infos are names the English document uses elsewhere but
  leaves out here ("Apache ECharts" shortened to "ECharts", a product name dropped from a
  heading), which is why such names are downgraded to info. The warnings are names really absent
  from the English (Apache in documents whose English never names it, UMD, SegmentFault, TM,
  ECharts5, "dom", "tree-shaking", "app", "todo"), most in sentences that the English rewrote.
  Acronyms spelled out in the English (AI = "Artificial Intelligence") are accepted; in the seed
  speech that is the only name the English does not copy. Before inflection matching, glossed words (`过滤（filter）` → "filtering")
  added 4 more.
- ZH502: 54 warnings (39 inline code spans, 15 link targets), almost all identifiers that the
  English paraphrases (`axisLabel` → "axis labels") or links that the English docs point
  elsewhere; no error, since these docs hold no placeholders and their URLs differ only in the
  language part (`/zh/` ↔ `/en/`, `${lang}`), which is allowed.
"""
from __future__ import annotations

import re
from typing import Iterable, Iterator, Sequence

from ..model import Category, Finding, Mark, Paragraph, Severity
from ..script import HAN_RE
from .base import PairContext, Rule, RuleInfo

# A Latin-script token as written inside Chinese: RISC-V, GPT4o, OpenAI, C++, C#, .NET, Node.js, 5G.
_LATIN_TOKEN_RE = re.compile(
    r"(?<![A-Za-z0-9_])(?:\.?[A-Za-z][A-Za-z0-9]*|[0-9]+[A-Za-z][A-Za-z0-9]*)"
    r"(?:[-_.+&'][A-Za-z0-9]+)*(?:\+\+|#)?(?![A-Za-z0-9])")
_ANY_LATIN_RE = re.compile(r"[A-Za-z]")
# Where a token may start.  Matching _LATIN_TOKEN_RE only there is finditer's result, faster: a pattern
# that opens with a look-behind is attempted at every position of the text.
_TOKEN_START_RE = re.compile(r"[.A-Za-z0-9]")
# Digits with a unit are numbers (ZH401 compares them by value): 14nm, 8GB, 60fps.
_NUMBER_WITH_UNIT_RE = re.compile(
    r"^[0-9]+(?:nm|mm|cm|km|kg|mg|GB|MB|KB|TB|PB|Gb|Mb|GHz|MHz|kHz|Hz|ms|ns|px|dpi|fps|kWh|kW|MW|GW|mAh|"
    r"mph|bits?|W|V|x|s|k|K|M|B|bn|st|nd|rd|th)$")
_EN_TOKEN_RE = re.compile(r"[A-Za-z0-9]+(?:[-_.+&'’/][A-Za-z0-9]+)*(?:\+\+|#)?")
_ALNUM_RE = re.compile(r"[A-Za-z0-9]+")
_LETTERS_OR_DIGITS_RE = re.compile(r"[a-z]+|[0-9]+")
_WORD_RE = re.compile(r"[A-Za-z]+")
_SMALL_WORDS = {"of", "and", "the", "for", "to", "in", "on", "a", "an", "&"}
_SEPARATORS_RE = re.compile(r"[-_.+&'’/#\s]")
# Camel-case and letter/digit boundaries: COPULinux → COPU Linux, GPT4o → GPT 4 o.
_CAMEL_RE = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|[0-9]+")

_URL_RE = re.compile(r"\b(?:https?|ftp)://[^\s<>\"'（）【】《》，。；！？、\u3000]+|\bwww\.[A-Za-z0-9-]+\.[^\s<>\"'，。；！？、\u3000]+")
_EMAIL_RE = re.compile(r"\b[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b")
_PLACEHOLDER_RE = re.compile(
    r"\$\{[^{}\s]{1,60}\}"                      # ${lang}
    r"|\{\{\s*[A-Za-z_][\w.\-]*\s*\}\}"         # {{ name }}
    r"|\{[A-Za-z_][\w.\-]*\}|\{[0-9]{1,2}\}"    # {name}, {0}
    r"|%(?:[0-9]+\$)?(?:\([A-Za-z_]\w*\))?[-+#0]*[0-9]*(?:\.[0-9]+)?[sdif@](?![A-Za-z])"  # %s, %1$d
)
_TRAILING_URL_PUNCT = ".,;:!?)]}'\""
# Locale parts of links differ between language versions of one site: /zh/… ↔ /en/…, lang=zh.
_LOCALE_RE = re.compile(
    r"(?<=[/._=-])(?:zh(?:[-_](?:cn|hans|hant|tw|hk|sg))?|cn|chinese|en(?:[-_](?:us|gb))?|english)(?=[/._&#?=-]|$)",
    re.IGNORECASE)
_CODE_MASKS = ("inline-code",)
_LINK_MASKS = ("url", "email", "link-target")


def _prose_paragraphs(paragraphs: Sequence[Paragraph]) -> Iterator[Paragraph]:
    return (p for p in paragraphs if p.is_prose and p.text)


def _contains_word(haystack: str, word: str) -> bool:
    """``word`` occurs in ``haystack`` not inside a longer word (a trailing plural "s" allowed)."""
    start = haystack.find(word)
    n = len(word)
    while start >= 0:
        before = haystack[start - 1] if start else " "
        end = start + n
        if haystack.startswith("s", end):
            end += 1
        after = haystack[end] if end < len(haystack) else " "
        if not before.isalnum() and not after.isalnum():
            return True
        start = haystack.find(word, start + 1)
    return False


def _latin_tokens(text: str) -> Iterator[re.Match]:
    """``_LATIN_TOKEN_RE.finditer(text)``."""
    pos = 0
    search, match = _TOKEN_START_RE.search, _LATIN_TOKEN_RE.match
    while (c := search(text, pos)) is not None:
        m = match(text, c.start())
        if m is None:
            pos = c.start() + 1
        else:
            yield m
            pos = m.end()


_ALNUM_RUN_RE = re.compile(r"[^\W_]+")  # runs of str.isalnum() characters


def _squash(token: str) -> str:
    return _SEPARATORS_RE.sub("", token.lower())


class _EnglishIndex:
    """The English side's tokens, in the forms a Latin name from the Chinese may take there."""

    def __init__(self, text: str):
        self.full: set[str] = set()
        self.squashed: set[str] = set()
        self.parts: set[str] = set()
        parts_seq: list[str] = []
        for m in _EN_TOKEN_RE.finditer(text):
            token = m.group().lower().replace("’", "'")
            self.full.add(token)
            self.squashed.add(_squash(token))
            sub = _ALNUM_RE.findall(token)
            self.parts.update(sub)
            parts_seq.extend(sub)
        self.spaced = " " + " ".join(parts_seq) + " "
        self.text = text
        self._initials: tuple[str, str] | None = None
        self._by_prefix: dict[str, list[str]] | None = None

    def has_inflection(self, word: str) -> bool:
        """An English word of the same stem: filter → filtering, aggregate → aggregating, loading → load.

        Two words agree when their common prefix is at least 4 letters and covers all but the last
        3 letters of the shorter one (an ending such as -ing, -ed, -ion, -es).
        """
        word = word.lower()
        if len(word) < 4:
            return False
        if self._by_prefix is None:
            self._by_prefix = {}
            for part in self.parts:
                if len(part) >= 4 and part.isalpha():
                    self._by_prefix.setdefault(part[:4], []).append(part)
        for part in self._by_prefix.get(word[:4], ()):
            common = 4
            limit = min(len(word), len(part))
            while common < limit and word[common] == part[common]:
                common += 1
            if common >= limit - 3:
                return True
        return False

    def has(self, token: str) -> bool:
        low = token.lower()
        sq = _squash(low)
        if low in self.full or sq in self.squashed or low in self.parts:
            return True
        # Plurals both ways: API → APIs, GPUs → GPU.
        if sq + "s" in self.squashed or sq + "es" in self.squashed or (
                len(sq) > 2 and sq.endswith("s") and sq[:-1] in self.squashed):
            return True
        runs = _ALNUM_RE.findall(low)
        if len(runs) > 1 and f" {' '.join(runs)} " in self.spaced:
            return True  # yAxis.nameMoveOverlap inside "xAxis/yAxis.nameMoveOverlap"
        pieces = _LETTERS_OR_DIGITS_RE.findall(low)
        if len(pieces) > 1 and f" {' '.join(pieces)} " in self.spaced:
            return True  # ECharts4 = "ECharts 4"
        parts = [p.lower() for p in _CAMEL_RE.findall(token)] or runs
        if len(parts) > 1:
            # RISC-V → "RISC V"; GPT4o → "GPT-4o"; COPULinux → "COPU and the Linux Foundation".
            if f" {' '.join(parts)} " in self.spaced:
                return True
            if sum(len(p) > 1 for p in parts) > 1 and all(p in self.parts for p in parts):
                return True
        if token.isalpha() and self.has_inflection(token):
            return True
        if token.isalpha() and 2 <= len(token) <= 6 and sum(c.isupper() for c in token) >= 2 and \
                self.has_expansion(token):
            return True
        return False

    def has_expansion(self, acronym: str) -> bool:
        """The English spells the acronym out: AI = "Artificial Intelligence", IoT-like "Internet of
        Things". Two-letter acronyms need capitalised words (too many "as in" otherwise)."""
        if self._initials is None:
            words = _WORD_RE.findall(self.text)
            self._initials = ("".join(w[0] for w in words),
                              "".join(w[0] for w in words if w.lower() not in _SMALL_WORDS))
        for initials in self._initials:
            if len(acronym) == 2:
                if acronym in initials:  # capitalised initials only
                    return True
            elif acronym.lower() in initials.lower():
                return True
        return False


# The English side of the last document seen, for "is the name used elsewhere in the English?":
# [document, its English text lowercased, its words (made on need), its index (made on need),
# look-ups so far].
_document_english: list = [None, "", None, None, 0]
# ``_contains_word`` searches the whole text: 2.6 ms in the English of a 10,000-row table (3 MB),
# where making the set of its words takes 0.2 s.  Past this many look-ups in one document, the set.
_SEARCHES_BEFORE_WORD_SET = 64


def _elsewhere_in_english(ctx: PairContext, token: str) -> bool:
    if _document_english[0] is not ctx.document:
        text = "\n".join(p.text for p in ctx.document.paragraphs if p.lang == "en")
        _document_english[:] = [ctx.document, text.lower(), None, None, 0]
    key = token.lower()
    _document_english[4] += 1
    if key.isalnum() and _document_english[4] > _SEARCHES_BEFORE_WORD_SET:
        # ``_contains_word`` for a word of letters and digits: it is one of the text's maximal runs
        # of such characters, with or without a plural "s".
        if _document_english[2] is None:
            _document_english[2] = set(_ALNUM_RUN_RE.findall(_document_english[1]))
        if key in _document_english[2] or key + "s" in _document_english[2]:
            return True
    elif _contains_word(_document_english[1], key):
        return True
    if _document_english[3] is None:
        _document_english[3] = _EnglishIndex(_document_english[1])
    return _document_english[3].has(token)


class TokenNotPreserved(Rule):
    info = RuleInfo(
        code="ZH501",
        name="token-not-preserved",
        category=Category.TERMINOLOGY,
        severity=Severity.WARNING,
        summary="A Latin-script name or acronym in the Chinese is missing from the English",
        doc="""\
## What it does
Finds the Latin-script words in the Chinese prose — product and company names, acronyms, model
numbers (`RISC-V`, `GPT4o`, `OpenAI`, `SUSE`, `EDA`, `API`) — and reports those that the English does
not contain. The comparison ignores case (`xiaomi` = `Xiaomi`), hyphens and dots (`GPT4o` =
`GPT-4o`, `RISC-V` = `RISC V`) and plural `s` (`API` = `APIs`); a name run together in the source
(`COPULinux`) is found when each part is in the English; an ordinary word may be inflected
(`filter` = "filtering"), and an acronym may be spelled out (`AI` = "Artificial Intelligence"). Code, URLs and markup are left to ZH502.

A name that the English document uses elsewhere (`Apache ECharts` shortened to "ECharts", a product
name left out of a heading) is reported as info, not as a warning: the translator knows the name
and chose to leave it out here.

## Why it matters
Names are copied, not translated; when one is missing, the sentence around it was usually dropped
or rewritten, and a wrong model number (`GPT4` for `GPT4o`) misleads the reader.

## Example
```
zh: 我们自主协同开发了RISC-V开源架构。
en: We co-developed an open source architecture.
```
fires (`RISC-V`). Fix: "We co-developed the RISC-V open source architecture."

## Options
- `min_length` (default `2`): shorter tokens (single letters such as `X` in `X 轴`) are not checked.
- `ignore` (default empty): names that may be translated, compared case-insensitively
  (e.g. `["Demo", "Logo"]`).
- `ignore_if_elsewhere` (default `false`): do not report at all a name that the English document
  uses in another paragraph.
""",
        options={"min_length": 2, "ignore": (), "ignore_if_elsewhere": False},
    )

    def check_pair(self, ctx: PairContext) -> Iterable[Finding]:
        if not ctx.zh or not ctx.en:
            return
        candidates = []
        for p in _prose_paragraphs(ctx.zh):
            text = p.masked()
            if not _ANY_LATIN_RE.search(text):
                continue
            for m in _latin_tokens(text):
                candidates.append((p, m))
        if not candidates:
            return
        en_text = ctx.en_text
        en_lower = en_text.lower()
        index = None  # built only when the plain search fails (most names are found verbatim)
        ignore, min_length = self._settings()
        seen: set[str] = set()
        for p, m in candidates:
            token = m.group().strip(".")
            key = token.lower()
            if len(token) < min_length or key in seen or key in ignore or _NUMBER_WITH_UNIT_RE.match(token):
                continue
            seen.add(key)
            if _contains_word(en_lower, key):
                continue
            if index is None:
                index = _EnglishIndex(en_text)
            if index.has(token):
                continue
            if _LOCALE_RE.search(token) and _delocalise(token).lower() in _delocalise(en_lower):
                continue  # a file name with its language in it: chart-zh.gif ↔ chart-en.gif
            message = f"{token!r} is in the Chinese but not in the English"
            severity = None
            if _elsewhere_in_english(ctx, token):
                if self.options["ignore_if_elsewhere"]:
                    continue
                severity = Severity.INFO
                message += " (the English uses it elsewhere)"
            yield self.finding(ctx.document, message, zh=(Mark.of(p, m.start(), m.end()),),
                               suggestion=f"keep {token} in the translation", subject=token, severity=severity)

    def _settings(self) -> tuple[set[str], int]:
        """The ignored names (lowercased) and the minimum length, read from the options once."""
        settings = self.__dict__.get("_settings_cache")
        if settings is None:
            settings = self._settings_cache = ({str(w).lower() for w in self.options["ignore"]},
                                               int(self.options["min_length"]))
        return settings


def _strip_url(url: str) -> str:
    while url and url[-1] in _TRAILING_URL_PUNCT:
        if url[-1] == ")" and url.count("(") >= url.count(")"):
            break
        url = url[:-1]
    return url


def _link_target(raw: str) -> str:
    """The URL of a masked Markdown link target: "](url "title")", "[id]: url"; "" for "][id]"."""
    if raw.startswith("]("):
        inner = raw[2:-1].strip() if raw.endswith(")") else raw[2:].strip()
    elif raw.startswith("]["):
        return ""  # a reference: its definition holds the URL
    else:
        inner = raw.partition(":")[2].strip()
    return inner.split()[0].strip("<>") if inner else ""


def _delocalise(text: str) -> str:
    return _LOCALE_RE.sub("*", text.replace("${lang}", "*").replace("{lang}", "*"))


class CodeNotPreserved(Rule):
    info = RuleInfo(
        code="ZH502",
        name="code-not-preserved",
        category=Category.MARKUP,
        severity=Severity.ERROR,
        summary="A URL, e-mail address, inline code or placeholder in the Chinese is missing from the English",
        doc="""\
## What it does
Checks that what must be copied exactly is copied exactly: URLs, e-mail addresses, link targets,
inline code (`` `series.type` ``) and placeholders (`{name}`, `{0}`, `${lang}`, `{{ user }}`, `%s`,
`%1$d`). Each one in the Chinese must appear, character for character, in the English. Two
differences are allowed: the language part of a link (`/zh/` ↔ `/en/`, `lang=zh` ↔ `lang=en`), and
inline code that contains Chinese (a string literal the translator is expected to translate).
In-page anchors (`#标题`) are not checked, as they follow the translated headings, and a link may
differ in its query (`…?edit=1`). Missing inline code and link targets are reported as warnings
(prose often paraphrases an identifier: `` `axisLabel` `` → "axis labels"; the docs of each
language sometimes link to different pages on purpose); URLs written out in the text, e-mail
addresses and placeholders as errors.

## Why it matters
A changed placeholder breaks the program that fills it in; a changed identifier or URL sends the
reader to something that does not exist.

## Example
```
zh: 欢迎，{user_name}！请访问 https://example.com/docs 。
en: Welcome, {username}! Please visit https://example.com/docs.
```
fires (`{user_name}`). Fix: "Welcome, {user_name}! ..."

## Options
- `check_inline_code` (default `true`): also check inline code spans.
""",
        options={"check_inline_code": True},
    )

    def check_pair(self, ctx: PairContext) -> Iterable[Finding]:
        if not ctx.zh or not ctx.en:
            return
        items = list(self._items(ctx.zh))
        if not self.options["check_inline_code"]:
            items = [item for item in items if item[3] != "code"]
        if not items:
            return
        en_text = ctx.en_text
        en_delocalised = None
        seen: set[str] = set()
        for p, start, end, kind, value in items:
            if value in seen:
                continue
            seen.add(value)
            if value in en_text:
                continue
            if kind in ("url", "link"):
                if en_delocalised is None:
                    en_delocalised = _delocalise(en_text)
                target = _delocalise(value).lstrip("./")
                if target in en_delocalised:
                    continue
                # A link's query may differ (…dataset-encode1&edit=1 ↔ …dataset-encode1): same page.
                base = re.split(r"[?&]", target, 1)[0]
                if kind == "link" and base != target and re.search(re.escape(base) + r"(?![\w./-])", en_delocalised):
                    continue
            if kind == "code" and value[:1] in "'\"" and value[-1:] == value[:1] and len(value) > 2 and \
                    re.search(rf"\b{re.escape(value[1:-1])}\b", en_text):
                continue  # a string literal quoted as code in one language, as a word in the other
            label = {"url": "URL", "link": "link target", "email": "e-mail address",
                     "code": "inline code", "placeholder": "placeholder"}[kind]
            # Inline code is often paraphrased in prose ("`axisLabel`" → "axis labels"), and a
            # link target often points elsewhere on purpose in the other language's docs: warnings.
            severity = min(self.severity, Severity.WARNING) if kind in ("code", "link") else None
            yield self.finding(ctx.document, f"the {label} {value!r} is in the Chinese but not in the English",
                               zh=(Mark.of(p, start, end),), severity=severity,
                               suggestion=f"copy {value} unchanged into the translation", subject=value)

    @staticmethod
    def _items(paragraphs: Sequence[Paragraph]) -> Iterator[tuple[Paragraph, int, int, str, str]]:
        """(paragraph, start, end, kind, text to find in the English) for each protected item."""
        for p in _prose_paragraphs(paragraphs):
            text = p.text
            covered: list[tuple[int, int]] = []
            for mask in p.masks:
                raw = text[mask.start:mask.end]
                if mask.kind in _CODE_MASKS:
                    value = raw.strip("`").strip()
                    if value and not HAN_RE.search(value):
                        yield p, mask.start, mask.end, "code", value
                    covered.append((mask.start, mask.end))
                elif mask.kind in _LINK_MASKS:
                    value = _link_target(raw) if mask.kind == "link-target" else raw
                    covered.append((mask.start, mask.end))
                    if value and not value.startswith("#") and not HAN_RE.search(value) and "%E" not in value.upper():
                        kind = "email" if mask.kind == "email" else ("link" if mask.kind == "link-target" else "url")
                        yield p, mask.start, mask.end, kind, _strip_url(value)
                elif mask.kind == "placeholder":
                    covered.append((mask.start, mask.end))
                    yield p, mask.start, mask.end, "placeholder", raw
                elif mask.kind in ("code", "html", "markup", "front-matter"):
                    covered.append((mask.start, mask.end))
            # Readers mask what they recognise; plain-text input has no masks, so look as well (each
            # expression only when the text has what every match of it contains).
            has_url, has_email = "://" in text or "www." in text, "@" in text
            has_placeholder = "{" in text or "%" in text
            for kind, rx, wanted in (("url", _URL_RE, has_url), ("email", _EMAIL_RE, has_email),
                                     ("placeholder", _PLACEHOLDER_RE, has_placeholder)):
                if wanted:
                    for m in rx.finditer(text):
                        if any(s < m.end() and m.start() < e for s, e in covered):
                            continue
                        value = _strip_url(m.group()) if kind == "url" else m.group()
                        if not value:
                            continue
                        covered.append((m.start(), m.end()))
                        yield p, m.start(), m.start() + len(value), kind, value
