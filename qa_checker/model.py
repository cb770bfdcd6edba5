"""The data that flows through the pipeline: small immutable records and enums.

Text is never rewritten: every offset is a Unicode code point index into ``Paragraph.text``
exactly as it was read, so any finding can be shown in place.  Markup, code and URLs are
*masked* (listed in ``Paragraph.masks``), not stripped.
"""
from __future__ import annotations

import enum
import hashlib
from dataclasses import dataclass, field
from typing import Optional


class Severity(enum.IntEnum):
    """Ordered so that ``finding.severity >= Severity.WARNING`` reads naturally."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> "Severity":
        try:
            return cls[text.strip().upper()]
        except KeyError:
            raise ValueError(f"unknown severity {text!r} (use error, warning or info)") from None


class Category(str, enum.Enum):
    """MQM-like error categories (the fixed set every rule must choose from)."""

    OMISSION = "omission"
    UNTRANSLATED = "untranslated"
    ADDITION = "addition"
    MISTRANSLATION = "mistranslation"
    NUMBER = "number"
    TERMINOLOGY = "terminology"
    PUNCTUATION = "punctuation"
    MARKUP = "markup"
    CONSISTENCY = "consistency"
    FLUENCY = "fluency"
    INPUT = "input"


ZH = "zh"
EN = "en"


@dataclass(frozen=True)
class Mask:
    """A span of a paragraph that is not prose (code, URL, HTML tag, link target, markup, ...).

    Rules never check masked text as prose; the markup and token rules check that it is preserved.
    """

    start: int
    end: int
    kind: str  # "code", "inline-code", "url", "email", "html", "link-target", "markup", "placeholder", "front-matter"


@dataclass(frozen=True)
class Paragraph:
    """One unit of text as read: a prose paragraph, heading, list item, table cell, quote, code block."""

    id: str  # unique in its document: "zh-3", "en-12"
    lang: str  # ZH or EN: the side it belongs to (by file, or by script in a one-file document)
    text: str
    path: str  # the file it was read from, as given (relative when possible)
    line: int  # 1-based line of the first character
    column: int = 1  # 1-based column of the first character (table cells start mid-line)
    kind: str = "text"  # "text", "heading", "list", "table", "quote", "code", "html", "front-matter", "row"
    masks: tuple[Mask, ...] = ()
    index: int = 0  # position among all paragraphs of the document, in reading order
    unit: str = ""  # id of the translation unit it came from (XLIFF/TMX/PO); "" for other inputs

    def position(self, offset: int) -> tuple[int, int]:
        """(line, column), both 1-based, of a code point offset into ``text``."""
        offset = max(0, min(offset, len(self.text)))
        newlines = self.text.count("\n", 0, offset)
        if newlines == 0:
            return self.line, self.column + offset
        last = self.text.rfind("\n", 0, offset)
        return self.line + newlines, offset - last

    @property
    def is_prose(self) -> bool:
        return self.kind not in ("code", "html")

    def masked(self, char: str = " ") -> str:
        """The text with every masked span replaced by ``char`` (same length, offsets stay valid).

        Several rules ask for it on every pair, so the default form is computed once and kept.
        """
        if not self.masks:
            return self.text
        if char == " ":
            cached = self.__dict__.get("_masked_cache")
            if cached is not None:
                return cached
        chars = list(self.text)
        for m in self.masks:
            for i in range(m.start, min(m.end, len(chars))):
                if chars[i] != "\n":
                    chars[i] = char
        out = "".join(chars)
        if char == " ":
            object.__setattr__(self, "_masked_cache", out)
        return out


@dataclass(frozen=True)
class Suppression:
    """An inline comment that turns rules off: for one paragraph, or (``paragraph`` None) the whole file.

    ``codes`` empty means every rule.  Kept so that unused suppressions can themselves be reported.
    """

    path: str
    line: int
    codes: frozenset[str]
    paragraph: Optional[str] = None  # paragraph id it applies to; None = the whole file


@dataclass(frozen=True)
class Document:
    """A Chinese text and its English rendering, as read from one or two files (or table rows)."""

    id: str  # the name shown in reports: a relative path, or "zh.md ↔ en.md"
    zh_path: str
    en_path: str
    mode: str  # "interleaved" (one file, both languages), "parallel" (two files), "table" (pre-paired rows)
    paragraphs: tuple[Paragraph, ...]
    # Pre-paired input (TSV/CSV rows, structured formats): (zh ids, en ids) per unit, in order.
    given_pairs: Optional[tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]] = None
    # Reference translations keyed by zh paragraph id (from a TSV column or --reference).
    references: tuple[tuple[str, str], ...] = ()
    suppressions: tuple[Suppression, ...] = ()

    def paragraph(self, pid: str) -> Paragraph:
        return self._by_id[pid]

    @property
    def _by_id(self) -> dict[str, Paragraph]:
        cache = self.__dict__.get("_by_id_cache")
        if cache is None:
            cache = {p.id: p for p in self.paragraphs}
            object.__setattr__(self, "_by_id_cache", cache)
        return cache

    def side(self, lang: str) -> tuple[Paragraph, ...]:
        return tuple(p for p in self.paragraphs if p.lang == lang)


@dataclass(frozen=True)
class Pair:
    """An alignment bead: Chinese paragraph ids and the English paragraph ids that render them.

    1-0 (``en`` empty) is a Chinese paragraph with no English; 0-1 (``zh`` empty) is English with no
    Chinese source (an addition in two-file modes, ordinary English-only text in a one-file document).
    """

    zh: tuple[str, ...]
    en: tuple[str, ...]
    similarity: Optional[float] = None  # cosine of the sentence-encoder embeddings
    length_ratio: Optional[float] = None  # English letters / Chinese characters (prose only)
    omission_score: Optional[float] = None  # [0, 1]: likelihood that some of the Chinese is missing
    reference: Optional[str] = None
    metrics: tuple[tuple[str, float], ...] = ()  # further per-pair numbers (bleu, chrf, ter, signals)
    # For a Chinese paragraph with no rendering: the most similar English paragraph elsewhere, if any.
    nearest_en: Optional[str] = None

    def metric(self, name: str) -> Optional[float]:
        return dict(self.metrics).get(name)

    @property
    def kind(self) -> str:
        return f"{len(self.zh)}-{len(self.en)}"


@dataclass(frozen=True)
class Mark:
    """Where a finding points: a span of one paragraph, with its file position."""

    paragraph: str
    path: str
    line: int
    column: int
    start: int
    end: int
    end_line: int = 0
    end_column: int = 0

    @classmethod
    def of(cls, para: Paragraph, start: int = 0, end: Optional[int] = None) -> "Mark":
        end = len(para.text) if end is None else end
        line, col = para.position(start)
        eline, ecol = para.position(end)
        return cls(para.id, para.path, line, col, start, end, eline, ecol)


@dataclass(frozen=True)
class Finding:
    code: str
    name: str
    category: Category
    severity: Severity
    message: str
    document: str
    zh: tuple[Mark, ...] = ()
    en: tuple[Mark, ...] = ()
    suggestion: str = ""
    # Text the finding is about (the leftover Chinese, the missing clause, the number): part of the
    # fingerprint so that it stays stable when lines move.
    subject: str = ""

    @property
    def primary(self) -> Optional[Mark]:
        """The mark a one-location format (text, SARIF, GitHub) points at."""
        if self.category in (Category.OMISSION,) and self.zh:
            return self.zh[0]
        return (self.en or self.zh or (None,))[0]

    @property
    def fingerprint(self) -> str:
        """Stable across runs and line moves: code, document and subject (or message).  Two findings
        of the same rule about the same text share it; reporters number repeats (``-2``)."""
        basis = "\x1f".join([self.code, self.document, self.subject or self.message])
        return hashlib.sha1(basis.encode("utf-8")).hexdigest()[:16]

    def sort_key(self) -> tuple:
        m = self.primary
        return (self.document, m.path if m else "", m.line if m else 0, m.column if m else 0, self.code, self.message)


@dataclass(frozen=True)
class DocumentResult:
    document: Document
    pairs: tuple[Pair, ...]
    metrics: tuple[tuple[str, float], ...] = ()  # document-level: mean similarity, corpus BLEU, ...
    signatures: tuple[tuple[str, str], ...] = ()  # sacrebleu signatures for reference metrics


@dataclass(frozen=True)
class RunResult:
    documents: tuple[DocumentResult, ...]
    findings: tuple[Finding, ...]
    fail_on: Optional[Severity] = Severity.ERROR
    metrics: tuple[tuple[str, float], ...] = ()
    signatures: tuple[tuple[str, str], ...] = ()
    rules: tuple = field(default=(), compare=False)  # RuleInfo of the rules that ran (for reporters' docs)
    settings: tuple[tuple[str, str], ...] = ()  # how the run was made: encoder, thresholds changed, ...

    def counts(self) -> dict[str, int]:
        out = {s.label: 0 for s in sorted(Severity, reverse=True)}
        for f in self.findings:
            out[f.severity.label] += 1
        return out

    @property
    def failed(self) -> bool:
        return self.fail_on is not None and any(f.severity >= self.fail_on for f in self.findings)
