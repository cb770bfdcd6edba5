"""Turn a RunResult into the small view records the HTML template shows.

Everything the page needs is computed here, so the template only loops and tests flags.  Nothing
here decides what is wrong with a translation: it places each finding beside the pair its main mark
belongs to, cuts flagged text into highlighted pieces, and counts.
"""
from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from typing import Iterable, Optional, Sequence

from markupsafe import Markup

from .. import __version__
from ..model import Category, Document, DocumentResult, Finding, Pair, Paragraph, RunResult, Severity
from .base import PlacedFinding, gate_label, plural, severity_counts, sorted_findings
from .highlight import Segment, Span, segments
from .rule_docs import rule_doc_html

SEVERITIES = tuple(sorted(Severity, reverse=True))  # error, warning, info
STRIP_BINS = 120  # at most this many marks in a document's overview strip (one per bin of pairs)
HISTOGRAM_BINS = 10

_METRIC_LABELS = {"bleu": "BLEU", "chrf": "chrF", "chrf++": "chrF++", "ter": "TER", "comet": "COMET"}


@dataclass(frozen=True)
class FindingView:
    anchor: str
    code: str
    name: str
    category: str
    severity: str  # "error", "warning", "info": also the CSS class suffix
    severity_word: str  # "Error", ...
    message: str
    suggestion: str
    rule_href: str  # "#rule-ZH401", or "" when the rule has no documentation in this report
    location: str  # "docs/zh/a.md:12:5"
    also: tuple[tuple[str, str], ...] = ()  # (label, href) of marks placed in other rows


@dataclass(frozen=True)
class ParagraphView:
    id: str
    lang: str
    line: int
    kind: str
    segments: tuple[Segment, ...]


@dataclass(frozen=True)
class RowView:
    anchor: str  # "d1-p5"
    number: int  # 1-based position of the pair in the document
    kind: str  # "1-1", "1-0", "0-1", "2-1", ...
    zh: tuple[ParagraphView, ...]
    en: tuple[ParagraphView, ...]
    findings: tuple[FindingView, ...]
    worst: str  # severity label of the most severe finding, "" when none
    similarity: str  # formatted score, "" when not measured
    omission: str
    nearest: tuple[str, str] = ()  # 1-0 pair: (label, href) of the most similar English elsewhere


@dataclass(frozen=True)
class StripMark:
    left: str  # CSS percentages, formatted here so the template does no arithmetic
    width: str
    severity: str
    href: str
    title: str


@dataclass(frozen=True)
class MetricView:
    label: str
    value: str
    signature: str


@dataclass(frozen=True)
class CountView:
    severity: str
    title: str  # "Error": a column heading
    word: str  # "errors", "warning", "info": follows the count
    count: int


@dataclass(frozen=True)
class DocumentView:
    number: int
    anchor: str  # "doc-1"
    id: str
    zh_path: str
    en_path: str  # "" when both languages come from the one file (zh_path)
    mode: str
    pair_count: int
    counts: tuple[CountView, ...]
    total: int
    worst: str
    metrics: tuple[MetricView, ...]
    strip: tuple[StripMark, ...]
    findings: tuple[FindingView, ...]  # about the document as a whole (no place in a row)
    rows: tuple[RowView, ...]


@dataclass(frozen=True)
class CategoryRow:
    category: str
    counts: tuple[int, ...]  # in SEVERITIES order
    total: int


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    height: str  # CSS percentage


@dataclass(frozen=True)
class HistogramView:
    title: str
    description: str  # a sentence for screen readers
    bars: tuple[Bar, ...]
    measured: int


@dataclass(frozen=True)
class RuleView:
    code: str
    anchor: str
    name: str
    category: str
    severity: str
    summary: str
    doc: Markup
    fired: int


@dataclass(frozen=True)
class FilterOption:
    value: str
    label: str
    count: int


@dataclass(frozen=True)
class ReportView:
    title: str
    version: str
    failed: bool
    fail_on: str
    gate_text: str
    documents_count: int
    pairs: int
    zh_paragraphs: int
    en_paragraphs: int
    counts: tuple[CountView, ...]
    total: int
    categories: tuple[CategoryRow, ...]
    histograms: tuple[HistogramView, ...]
    metrics: tuple[MetricView, ...]
    documents: tuple[DocumentView, ...]
    run_findings: tuple[FindingView, ...]  # findings that name no document of this run
    rules: tuple[RuleView, ...]  # documentation of the rules that fired
    other_rules: tuple[RuleView, ...]  # rules that ran and found nothing
    severity_options: tuple[FilterOption, ...]
    category_options: tuple[FilterOption, ...]
    rule_options: tuple[FilterOption, ...]
    severity_names: tuple[str, ...] = tuple(s.label for s in SEVERITIES)

    @property
    def multi(self) -> bool:
        return len(self.documents) > 1

    @property
    def has_metrics(self) -> bool:
        return bool(self.metrics) or any(d.metrics for d in self.documents)


def build_report_view(result: RunResult) -> ReportView:
    placed = sorted_findings(result.findings)
    rules = {r.code: r for r in result.rules}
    by_document: dict[str, list[PlacedFinding]] = {}
    for p in placed:
        by_document.setdefault(p.finding.document, []).append(p)
    known = {d.document.id for d in result.documents}

    documents = tuple(_document_view(i, d, by_document.get(d.document.id, []), rules)
                      for i, d in enumerate(result.documents, 1))
    run_findings = tuple(_finding_view(p, rules, "") for p in placed if p.finding.document not in known)

    counts = severity_counts(result.findings)
    fired = Counter(f.code for f in result.findings)
    rule_views = [_rule_view(rules[code], fired[code]) for code in sorted(rules)]
    category_counts = Counter((f.category, f.severity) for f in result.findings)
    categories = tuple(
        CategoryRow(c.value, tuple(category_counts[(c, s)] for s in SEVERITIES),
                    sum(category_counts[(c, s)] for s in SEVERITIES))
        for c in Category if any(category_counts[(c, s)] for s in SEVERITIES))
    all_pairs = [p for d in result.documents for p in d.pairs]
    single = result.documents[0].document.id if len(result.documents) == 1 else ""
    return ReportView(
        title=single or plural(len(result.documents), "document"),
        version=__version__,
        failed=result.failed,
        fail_on=gate_label(result),
        gate_text=_gate_text(result, counts),
        documents_count=len(result.documents),
        pairs=len(all_pairs),
        zh_paragraphs=sum(1 for d in result.documents for p in d.document.paragraphs if p.lang == "zh"),
        en_paragraphs=sum(1 for d in result.documents for p in d.document.paragraphs if p.lang == "en"),
        counts=_count_views(counts),
        total=len(result.findings),
        categories=categories,
        histograms=tuple(h for h in (
            _histogram("Similarity", "similarity of each pair's Chinese and English",
                       [p.similarity for p in all_pairs]),
            _histogram("Omission score", "likelihood that some of a pair's Chinese is missing",
                       [p.omission_score for p in all_pairs]),
        ) if h.measured),
        metrics=_metric_views(result.metrics, result.signatures),
        documents=documents,
        run_findings=run_findings,
        rules=tuple(r for r in rule_views if r.fired),
        other_rules=tuple(r for r in rule_views if not r.fired),
        severity_options=tuple(FilterOption(s.label, s.label.capitalize(), counts[s.label]) for s in SEVERITIES),
        category_options=tuple(FilterOption(c.category, c.category, c.total) for c in categories),
        rule_options=tuple(
            FilterOption(code, f"{code} {rules[code].name}" if code in rules else code, fired[code])
            for code in sorted(fired)),
    )


# --- documents and rows ---------------------------------------------------------------------------

def _document_view(number: int, result: DocumentResult, placed: list[PlacedFinding],
                   rules: dict) -> DocumentView:
    doc = result.document
    anchor = f"doc-{number}"
    rows_paragraphs = _row_paragraphs(doc, result.pairs)
    row_of = {pid: i for i, (zh, en, _) in enumerate(rows_paragraphs) for pid in zh + en}
    row_anchor = [f"d{number}-p{i + 1}" for i in range(len(rows_paragraphs))]

    row_findings: list[list[FindingView]] = [[] for _ in rows_paragraphs]
    row_worst: list[Optional[Severity]] = [None] * len(rows_paragraphs)
    spans: dict[str, list[Span]] = {}
    document_findings = []
    for p in placed:
        f = p.finding
        marks = f.zh + f.en
        primary = f.primary
        home = row_of.get(primary.paragraph) if primary is not None else None
        label = f"{f.code} {f.severity.label}: {f.message}"
        for m in marks:
            if m.paragraph in row_of:
                spans.setdefault(m.paragraph, []).append(Span(m.start, m.end, f.severity, p.anchor, label))
        elsewhere = tuple(dict.fromkeys(
            (f"{m.path}:{m.line}", f"#{row_anchor[row_of[m.paragraph]]}")
            for m in marks if m.paragraph in row_of and row_of[m.paragraph] != home))
        location = f"{primary.path}:{primary.line}:{primary.column}" if primary is not None else ""
        view = _finding_view(p, rules, location, elsewhere)
        if home is None:
            document_findings.append(view)
            continue
        row_findings[home].append(view)
        if row_worst[home] is None or f.severity > row_worst[home]:
            row_worst[home] = f.severity

    for views in row_findings:  # most severe first beside each pair; report order otherwise
        views.sort(key=lambda v: -Severity[v.severity.upper()])
    rows = []
    for i, (zh, en, pair) in enumerate(rows_paragraphs):
        rows.append(RowView(
            anchor=row_anchor[i], number=i + 1,
            kind=pair.kind if pair is not None else f"{len(zh)}-{len(en)}",
            zh=tuple(_paragraph_view(doc.paragraph(pid), spans) for pid in zh),
            en=tuple(_paragraph_view(doc.paragraph(pid), spans) for pid in en),
            findings=tuple(row_findings[i]),
            worst=row_worst[i].label if row_worst[i] is not None else "",
            similarity=_score(pair.similarity) if pair is not None else "",
            omission=_score(pair.omission_score) if pair is not None else "",
            nearest=_nearest(doc, pair, row_of, row_anchor) if pair is not None and not en else (),
        ))
    counts = severity_counts([p.finding for p in placed])
    worst = next((s for s in counts if counts[s]), "")
    return DocumentView(
        number=number, anchor=anchor, id=doc.id, zh_path=doc.zh_path,
        en_path=doc.en_path if doc.en_path != doc.zh_path else "",
        mode=doc.mode, pair_count=len(result.pairs), counts=_count_views(counts), total=len(placed),
        worst=worst, metrics=_metric_views(result.metrics, result.signatures),
        strip=_strip(rows), findings=tuple(document_findings), rows=tuple(rows))


def _row_paragraphs(doc: Document, pairs: Sequence[Pair]
                    ) -> list[tuple[tuple[str, ...], tuple[str, ...], Optional[Pair]]]:
    """The rows in order: one per pair, plus one per paragraph no pair mentions.

    The report must never lose a paragraph.  A paragraph left out of every pair gets a row of its
    own, right after the row of the paragraph before it on the same side.
    """
    known = {p.id for p in doc.paragraphs}
    rows: list[tuple[tuple[str, ...], tuple[str, ...], Optional[Pair]]] = [
        (tuple(i for i in pair.zh if i in known), tuple(i for i in pair.en if i in known), pair)
        for pair in pairs]
    placed = {pid for zh, en, _ in rows for pid in zh + en}
    if len(placed) == len(known):
        return rows
    row_of = {pid: i for i, (zh, en, _) in enumerate(rows) for pid in zh + en}
    inserts: dict[int, list[Paragraph]] = {}  # row index to insert after (-1 = at the start)
    for lang in ("zh", "en"):
        after = -1
        for para in doc.side(lang):
            if para.id in row_of:
                after = row_of[para.id]
            else:
                inserts.setdefault(after, []).append(para)
    out = [_lone(p) for p in inserts.get(-1, [])]
    for i, row in enumerate(rows):
        out.append(row)
        out.extend(_lone(p) for p in inserts.get(i, []))
    return out


def _nearest(doc: Document, pair: Pair, row_of: dict[str, int], row_anchor: list[str]) -> tuple[str, str]:
    if pair.nearest_en is None or pair.nearest_en not in row_of:
        return ()
    para = doc.paragraph(pair.nearest_en)
    return f"pair {row_of[para.id] + 1}, line {para.line}", f"#{row_anchor[row_of[para.id]]}"


def _lone(para: Paragraph) -> tuple[tuple[str, ...], tuple[str, ...], None]:
    return ((para.id,), (), None) if para.lang == "zh" else ((), (para.id,), None)


def _paragraph_view(para: Paragraph, spans: dict[str, list[Span]]) -> ParagraphView:
    return ParagraphView(para.id, para.lang, para.line, para.kind, segments(para.text, spans.get(para.id, ())))


def _finding_view(p: PlacedFinding, rules: dict, location: str,
                  also: tuple[tuple[str, str], ...] = ()) -> FindingView:
    f: Finding = p.finding
    return FindingView(
        anchor=p.anchor, code=f.code, name=f.name, category=f.category.value,
        severity=f.severity.label, severity_word=f.severity.label.capitalize(), message=f.message,
        suggestion=f.suggestion, rule_href=f"#rule-{f.code}" if f.code in rules else "",
        location=location, also=also)


def _strip(rows: Sequence[RowView]) -> tuple[StripMark, ...]:
    """Where the findings are: rows grouped into at most STRIP_BINS bins, one mark per flagged bin."""
    if not rows:
        return ()
    bins = min(len(rows), STRIP_BINS)
    grouped: dict[int, list[RowView]] = {}
    for i, row in enumerate(rows):
        if row.findings:
            grouped.setdefault(i * bins // len(rows), []).append(row)
    marks = []
    for b in sorted(grouped):
        flagged = grouped[b]
        counts = severity_counts_of(f for row in flagged for f in row.findings)
        worst = next(s for s in counts if counts[s])
        first, last = flagged[0].number, flagged[-1].number
        where = f"pair {first}" if first == last else f"pairs {first}–{last}"
        found = ", ".join(f"{n} {_severity_noun(Severity[s.upper()], n)}" for s, n in counts.items() if n)
        marks.append(StripMark(_percent(b / bins), _percent(1 / bins), worst,
                               f"#{flagged[0].anchor}", f"{where}: {found}"))
    return tuple(marks)


def severity_counts_of(findings: Iterable[FindingView]) -> dict[str, int]:
    out = {s.label: 0 for s in SEVERITIES}
    for f in findings:
        out[f.severity] += 1
    return out


# --- summary pieces -------------------------------------------------------------------------------

def _gate_text(result: RunResult, counts: dict[str, int]) -> str:
    if result.fail_on is None:
        return "The gate is off (fail-on: never): findings are reported but never fail the run."
    at_or_above = sum(counts[s.label] for s in SEVERITIES if s >= result.fail_on)
    level = result.fail_on.label
    if result.failed:
        return f"{plural(at_or_above, 'finding')} at or above the fail-on level ({level})."
    return f"No findings at or above the fail-on level ({level})."


def _count_views(counts: dict[str, int]) -> tuple[CountView, ...]:
    return tuple(CountView(s.label, s.label.capitalize(), _severity_noun(s, counts[s.label]), counts[s.label])
                 for s in SEVERITIES)


def _severity_noun(severity: Severity, count: int) -> str:
    """'1 error', '2 errors', but '2 info' (a mass noun)."""
    return severity.label if count == 1 or severity is Severity.INFO else severity.label + "s"


def _histogram(title: str, what: str, values: Iterable[Optional[float]]) -> HistogramView:
    measured = [v for v in values if v is not None and math.isfinite(v)]
    bins = [0] * HISTOGRAM_BINS
    for v in measured:
        bins[min(HISTOGRAM_BINS - 1, max(0, int(v * HISTOGRAM_BINS)))] += 1
    top = max(bins) or 1
    bars = tuple(Bar(f"{i / HISTOGRAM_BINS:.1f}–{(i + 1) / HISTOGRAM_BINS:.1f}", n, _percent(n / top))
                 for i, n in enumerate(bins))
    description = (f"{title}: {what}, for {plural(len(measured), 'pair')}, in {HISTOGRAM_BINS} bins "
                   f"from 0 to 1: " + ", ".join(f"{b.label}: {b.count}" for b in bars))
    return HistogramView(title, description, bars, len(measured))


def _metric_views(metrics: Sequence[tuple[str, float]], signatures: Sequence[tuple[str, str]]
                  ) -> tuple[MetricView, ...]:
    signed = dict(signatures)
    return tuple(MetricView(_METRIC_LABELS.get(name.lower(), name.replace("_", " ")), _number(value),
                            signed.get(name, "")) for name, value in metrics)


def _rule_view(info, fired: int) -> RuleView:
    return RuleView(code=info.code, anchor=f"rule-{info.code}", name=info.name,
                    category=info.category.value, severity=info.severity.label, summary=info.summary,
                    doc=rule_doc_html(info.doc), fired=fired)


def _percent(fraction: float) -> str:
    return f"{fraction * 100:.3f}".rstrip("0").rstrip(".") + "%"


def _score(value: Optional[float]) -> str:
    return "" if value is None or value != value else f"{value:.2f}"


def _number(value: float) -> str:
    if value != value:
        return "n/a"
    size = abs(value)
    if size >= 100:
        return f"{value:.1f}"
    if size >= 1:
        return f"{value:.2f}"
    return f"{value:.4f}"
