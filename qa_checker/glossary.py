"""A terminology glossary: how Chinese terms must (and must not) be rendered in English.

The file is tab-separated UTF-8 with a header line naming its columns:

```
# comment lines start with '#'
zh	en	forbidden	note	case
阿里云	Alibaba Cloud	Ali Cloud|Aliyun	the official English name
大模型	large model|LLM|large language model
RISC-V	keep
```

- ``zh`` (required): the Chinese term.  Whitespace in it is ignored, and so is whitespace between
  its characters in the text (``北京AI 安全`` matches the term ``北京AI安全``).
- ``en`` (required): the accepted renderings, separated by ``|``.  ``=`` or ``keep`` means the
  term is kept as it is written on the Chinese side (a Latin name such as ``RISC-V``).  May be empty
  when the row only lists forbidden renderings.
- ``forbidden`` (optional): renderings that must not be used, separated by ``|``.
- ``note`` (optional): shown with findings (why the rendering is required).
- ``case`` (optional): ``insensitive`` (the default) or ``sensitive``; applies to both sides.

English renderings match on word boundaries, with space and hyphen interchangeable
(``open source`` = ``open-source``) and light inflection of the last word: plural ``-s``/``-es``
(``-y`` → ``-ies``), ``-ed``/``-ing`` (a final ``e`` dropped: ``open-sourcing``), and the
possessive (``'s``, ``’s``, ``s'``).  Irregular forms and doubled consonants are not derived: list
them as alternatives.

Chinese terms are found leftmost-longest, so ``阿里云`` wins over a shorter ``阿里`` at the same place.
They are found as substrings, as CAT tools do: Chinese has no spaces, and word segmenters split
product names unpredictably.  So ``欧拉`` is also found in ``欧拉公式`` (Euler's formula); a term
that is also part of ordinary words is better entered in its longer, unambiguous form.  All terms
make one trie-shaped regex, so a paragraph costs one pass whatever the glossary size.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Optional

from .errors import InputError
from .script import HAN_RE

COLUMNS = ("zh", "en", "forbidden", "note", "case")
REQUIRED_COLUMNS = ("zh", "en")
KEEP_VALUES = ("=", "keep")
CASE_VALUES = {"": False, "insensitive": False, "sensitive": True}

_SPACE_RE = re.compile(r"\s+")
# Separators between the words of a rendering: any whitespace or hyphen (ASCII, U+2010, U+2011).
_WORD_SEPARATORS_RE = re.compile(r"[\s\-\u2010\u2011]+")
_WORD_JOIN = r"[\s\-\u2010\u2011]+"
_LATIN_ALNUM_RE = re.compile(r"[0-9A-Za-z\u00c0-\u024f]")
_POSSESSIVE = r"(?:['\u2019]s?)?"
_RECENT_SIZE = 64  # paragraphs whose lookup is kept (a pair rarely has more)


@dataclass(frozen=True, eq=False)
class Term:
    """One glossary row.  Compared and hashed by identity: rules key findings by term."""

    zh: str  # as written in the file (whitespace stripped at the ends)
    renderings: tuple[str, ...]  # accepted English renderings (``keep`` already replaced by ``zh``)
    forbidden: tuple[str, ...] = ()
    note: str = ""
    case_sensitive: bool = False
    line: int = 0  # 1-based line in the glossary file
    path: str = ""
    _required_re: Optional[re.Pattern] = field(default=None, compare=False, repr=False)
    _forbidden_re: Optional[re.Pattern] = field(default=None, compare=False, repr=False)
    # The Chinese term without whitespace, as it is matched (and lower-cased): set once.
    key: str = field(init=False, compare=False, repr=False)
    lower_key: str = field(init=False, compare=False, repr=False)
    latin_edges: bool = field(init=False, compare=False, repr=False)  # starts or ends with [A-Za-z0-9]
    # Lower-cased text every match must contain (first word, or a one-word rendering minus its
    # last letter): a substring test that skips the regex for most pairs.
    _required_probes: tuple[str, ...] = field(init=False, compare=False, repr=False)
    _forbidden_probes: tuple[str, ...] = field(init=False, compare=False, repr=False)

    def __post_init__(self):
        key = _SPACE_RE.sub("", self.zh)
        object.__setattr__(self, "key", key)
        object.__setattr__(self, "lower_key", _lower(key))
        object.__setattr__(self, "latin_edges", bool(key) and bool(
            _LATIN_ALNUM_RE.match(key[0]) or _LATIN_ALNUM_RE.match(key[-1])))
        object.__setattr__(self, "_required_probes", tuple(map(_probe, self.renderings)))
        object.__setattr__(self, "_forbidden_probes", tuple(map(_probe, self.forbidden)))

    @property
    def where(self) -> str:
        return f"{Path(self.path).name}:{self.line}" if self.path else f"line {self.line}"

    def required_in(self, english: str, lower: Optional[str] = None) -> Optional[re.Match]:
        """The first accepted rendering found in ``english``, if any.  ``lower``: ``english.lower()``
        when the caller has it (it is asked for each term of a pair)."""
        if not _may_contain(self._required_probes, english if lower is None else lower, lower is None):
            return None
        return self._required_re.search(english)

    def required_spans(self, english: str, lower: Optional[str] = None) -> list[tuple[int, int]]:
        if not _may_contain(self._required_probes, english if lower is None else lower, lower is None):
            return []
        return [m.span() for m in self._required_re.finditer(english)]

    def forbidden_in(self, english: str, lower: Optional[str] = None) -> Iterator[re.Match]:
        """Every forbidden rendering in ``english`` (left to right, not overlapping)."""
        if not _may_contain(self._forbidden_probes, english if lower is None else lower, lower is None):
            return iter(())
        return self._forbidden_re.finditer(english)


def _probe(rendering: str) -> str:
    words = [w for w in _WORD_SEPARATORS_RE.split(rendering.strip().lower()) if w]
    first = words[0]
    return first[:-1] if len(words) == 1 and len(first) > 1 else first


def _may_contain(probes: tuple[str, ...], text: str, needs_lowering: bool) -> bool:
    if not probes:
        return False
    if needs_lowering:
        text = text.lower()
    return any(p in text for p in probes)


@dataclass(frozen=True)
class TermMatch:
    term: Term
    start: int  # code point offsets into the searched text
    end: int


def rendering_pattern(rendering: str) -> str:
    """A regex source matching ``rendering`` in English with the tolerances described above."""
    words = [w for w in _WORD_SEPARATORS_RE.split(rendering.strip()) if w]
    last = words[-1]
    if len(last) > 1 and last[-1] in "yY" and last[-2].isalpha() and last[-2].lower() not in "aeiou":
        stem, suffix = last[:-1], f"(?:{last[-1]}|ies|ied|{last[-1]}ing)"  # technology -> technologies
    elif len(last) > 1 and last[-1] in "eE" and last[-2].isalpha():
        stem, suffix = last[:-1], f"(?:{last[-1]}[sd]?|ing)"  # source -> sources, sourced, sourcing
    elif last[-1].isalpha():
        stem, suffix = last, "(?:s|es|ed|ing)?"
    else:
        stem, suffix = last, ""
    pieces = [re.escape(w) for w in words[:-1]] + [re.escape(stem) + suffix]
    # The word-boundary test on the left comes after the first character ("no word character
    # before it"): a pattern that starts with a literal is searched several times faster.
    first = re.escape(words[0][0])
    pieces[0] = first + r"(?<!\w.)" + pieces[0][len(first):]
    return _WORD_JOIN.join(pieces) + _POSSESSIVE + r"(?!\w)"


def _alternation(renderings: tuple[str, ...], case_sensitive: bool) -> Optional[re.Pattern]:
    if not renderings:
        return None
    # Longest first, so "large language model" is preferred to "large model" at the same place.
    ordered = sorted(set(renderings), key=lambda r: (-len(r), r))
    flags = 0 if case_sensitive else re.IGNORECASE
    return re.compile("|".join(f"(?:{rendering_pattern(r)})" for r in ordered), flags)


class Glossary:
    """The terms of one glossary file, indexed for fast lookup in Chinese text."""

    def __init__(self, terms: tuple[Term, ...], path: str = ""):
        self.terms = terms
        self.path = path
        # lower-cased key -> terms (several only when case-sensitive terms differ in case).
        by_key: dict[str, list[Term]] = {}
        for term in terms:
            by_key.setdefault(term.lower_key, []).append(term)
        self._by_key = by_key
        # lower-cased first character -> keys, longest first: the slow path after a failed check.
        index: dict[str, list[str]] = {}
        for key in sorted(by_key, key=lambda k: (-len(k), k)):
            index.setdefault(key[0], []).append(key)
        self._index = index
        # One regex, a trie of all keys, finds the longest key at the leftmost place in C.
        self._trie_re = re.compile(_trie_pattern(list(by_key))) if by_key else None
        # Both terminology rules look up the same paragraphs one after the other: keep the latest.
        self._recent: dict[str, list[TermMatch]] = {}

    def __len__(self) -> int:
        return len(self.terms)

    def find(self, text: str) -> list[TermMatch]:
        """Glossary terms in ``text`` (Chinese), leftmost-longest, not overlapping.

        Offsets are into ``text``; whitespace inside a term is allowed.  A term that begins or ends
        with a Latin letter or digit must not continue a Latin word (``RISC-V`` is not found in
        ``RISC-VI``).
        """
        if self._trie_re is None or not text:
            return []
        cached = self._recent.get(text)
        if cached is None:
            if len(self._recent) >= _RECENT_SIZE:
                self._recent.clear()
            cached = self._recent[text] = self._find(text)
        return list(cached)

    def _find(self, text: str) -> list[TermMatch]:
        compact = _SPACE_RE.sub("", text)
        low = _lower(compact)
        search = self._trie_re.search
        m = search(low)
        if m is None:
            return []  # the usual case: no whitespace map needed
        # compact index -> text index, built only when there is something to map
        positions = [i for i, c in enumerate(text) if not c.isspace()] if len(compact) < len(text) else None
        out: list[TermMatch] = []
        while m is not None:
            i = m.start()
            found = self._accept(m.group(0), text, compact, positions, i)
            if found is None:  # a case-sensitive or Latin-boundary check failed: try shorter keys
                for key in self._index[low[i]]:
                    if low.startswith(key, i):
                        found = self._accept(key, text, compact, positions, i)
                        if found is not None:
                            break
            if found is None:
                m = search(low, i + 1)
                continue
            out.append(found)
            m = search(low, i + len(found.term.lower_key))
        return out

    def _accept(self, key: str, text: str, compact: str, positions, i: int) -> Optional[TermMatch]:
        for term in self._by_key[key]:
            if term.case_sensitive and not compact.startswith(term.key, i):
                continue
            start = positions[i] if positions else i
            last = i + len(key) - 1
            end = (positions[last] if positions else last) + 1
            if term.latin_edges and not _latin_bounded(text, start, end):
                continue
            return TermMatch(term, start, end)
        return None


def _trie_pattern(keys: list[str]) -> str:
    """A regex matching any of ``keys``, longest first, with shared prefixes factored out."""
    trie: dict = {}
    for key in keys:
        node = trie
        for char in key:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict) -> str:
        ends = "" in node
        branches = [re.escape(c) + build(child) for c, child in sorted(node.items()) if c]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if ends else body

    return build(trie)


def _lower(text: str) -> str:
    """Lower-cased with the same length (a few characters lower-case to two code points)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def _latin_bounded(text: str, start: int, end: int) -> bool:
    if _LATIN_ALNUM_RE.match(text[start]) and start > 0 and _LATIN_ALNUM_RE.match(text[start - 1]):
        return False
    if _LATIN_ALNUM_RE.match(text[end - 1]) and end < len(text) and _LATIN_ALNUM_RE.match(text[end]):
        return False
    return True


# --- reading the file --------------------------------------------------------------------------------

def load_glossary(path: str) -> Glossary:
    """Read a glossary file; InputError (with the line) for anything malformed."""
    p = Path(path)
    if not p.is_file():
        raise InputError(path, "glossary file not found")
    data = p.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(path, "the glossary is not UTF-8", byte_offset=exc.start,
                         hint="save it as UTF-8") from None
    return parse_glossary(text, path)


def parse_glossary(text: str, path: str = "<glossary>") -> Glossary:
    header: Optional[list[str]] = None
    terms: list[Term] = []
    seen: dict[str, int] = {}
    for number, raw in enumerate(text.lstrip("\ufeff").splitlines(), start=1):
        line = raw.rstrip("\r\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = [c.strip() for c in line.split("\t")]
        if header is None:
            header = _header(cells, path, number)
            continue
        while len(cells) > len(header) and not cells[-1]:
            cells.pop()  # trailing empty cells left by spreadsheets
        if len(cells) > len(header):
            raise InputError(path, f"{len(cells)} tab-separated fields, the header has {len(header)}",
                             line=number)
        row = dict(zip(header, cells + [""] * (len(header) - len(cells))))
        term = _term(row, path, number)
        key = term.key if term.case_sensitive else _lower(term.key)
        if key in seen:
            raise InputError(path, f"the term {term.zh!r} is already defined on line {seen[key]}",
                             line=number, hint="put all its renderings on one line, separated by '|'")
        seen[key] = number
        terms.append(term)
    if header is None:
        raise InputError(path, "empty glossary: expected a header line 'zh<TAB>en' and term lines")
    return Glossary(tuple(terms), path)


def _header(cells: list[str], path: str, number: int) -> list[str]:
    names = [c.lower() for c in cells]
    while names and not names[-1]:
        names.pop()
    for name in names:
        if name not in COLUMNS:
            match = difflib.get_close_matches(name, COLUMNS, n=1)
            hint = f"did you mean {match[0]!r}?" if match else "columns: " + ", ".join(COLUMNS)
            raise InputError(path, f"unknown glossary column {name!r}", line=number, hint=hint)
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise InputError(path, f"glossary column {duplicates[0]!r} appears twice", line=number)
    missing = [c for c in REQUIRED_COLUMNS if c not in names]
    if missing:
        raise InputError(path, f"the header lacks the column {missing[0]!r}", line=number,
                         hint="the first line that is not a comment names the columns: "
                              "zh<TAB>en[<TAB>forbidden<TAB>note<TAB>case]")
    return names


def _alternatives(value: str, column: str, path: str, number: int) -> list[str]:
    if not value:
        return []
    parts = [p.strip() for p in value.split("|")]
    if any(not p for p in parts):
        raise InputError(path, f"empty alternative in the {column!r} column: {value!r}", line=number)
    return parts


def _term(row: dict[str, str], path: str, number: int) -> Term:
    zh = row["zh"]
    if not zh:
        raise InputError(path, "the 'zh' column is empty", line=number)
    case = row.get("case", "").lower()
    if case not in CASE_VALUES:
        raise InputError(path, f"case must be 'sensitive' or 'insensitive', got {row['case']!r}", line=number)
    sensitive = CASE_VALUES[case]
    renderings = []
    for alt in _alternatives(row["en"], "en", path, number):
        if alt.lower() in KEEP_VALUES:
            if HAN_RE.search(zh):
                raise InputError(path, f"'{alt}' (keep as is) needs a Latin term, but {zh!r} is Chinese",
                                 line=number)
            alt = zh
        if not re.search(r"\w", alt):
            raise InputError(path, f"the rendering {alt!r} has no letters or digits", line=number)
        renderings.append(alt)
    forbidden = _alternatives(row.get("forbidden", ""), "forbidden", path, number)
    for alt in forbidden:
        if not re.search(r"\w", alt):
            raise InputError(path, f"the forbidden rendering {alt!r} has no letters or digits", line=number)
    if not renderings and not forbidden:
        raise InputError(path, f"no rendering for {zh!r}: fill the 'en' column (or 'forbidden')", line=number)
    fold = (lambda s: s) if sensitive else (lambda s: s.casefold())
    clash = {fold(_WORD_SEPARATORS_RE.sub(" ", r)) for r in renderings} & \
        {fold(_WORD_SEPARATORS_RE.sub(" ", f)) for f in forbidden}
    if clash:
        raise InputError(path, f"{sorted(clash)[0]!r} is both accepted and forbidden", line=number)
    return Term(zh=zh, renderings=tuple(renderings), forbidden=tuple(forbidden), note=row.get("note", ""),
                case_sensitive=sensitive, line=number, path=path,
                _required_re=_alternation(tuple(renderings), sensitive),
                _forbidden_re=_alternation(tuple(forbidden), sensitive))
