"""JSON report: everything the run knows, for scripts and dashboards.

Deterministic: the same result gives byte-identical output (findings sorted, no timestamps, floats
rounded to 4 decimals, key order fixed by this code).  ``version`` is the format's version: it
changes only when a field changes meaning or goes away; new fields may appear at any time.
"""
from __future__ import annotations

import json
from typing import Any, Iterable, Optional

from .. import __version__
from ..model import DocumentResult, Finding, Mark, Pair, Paragraph, RunResult
from .base import Reporter, gate_label, round_number, severity_counts, sorted_findings

FORMAT_VERSION = 1


class JsonReporter(Reporter):
    name = "json"
    extension = "json"

    def __init__(self, indent: Optional[int] = 2):
        self.indent = indent

    def render(self, result: RunResult) -> str:
        text = json.dumps(report_data(result), ensure_ascii=False, indent=self.indent,
                          allow_nan=False, separators=(",", ": ") if self.indent else (",", ":"))
        return text + "\n"


def report_data(result: RunResult) -> dict[str, Any]:
    """The report as plain JSON-ready data (also the basis of other machine-readable formats)."""
    zh = sum(1 for d in result.documents for p in d.document.paragraphs if p.lang == "zh")
    en = sum(1 for d in result.documents for p in d.document.paragraphs if p.lang == "en")
    return {
        "version": FORMAT_VERSION,
        "tool": {"name": "qa-checker", "version": __version__},
        "summary": {
            "documents": len(result.documents),
            "zh_paragraphs": zh,
            "en_paragraphs": en,
            "pairs": sum(len(d.pairs) for d in result.documents),
            "findings": severity_counts(result.findings),
            "failed": result.failed,
            "fail_on": gate_label(result),
            "metrics": _numbers(result.metrics),
            "signatures": dict(result.signatures),
            "settings": dict(result.settings),
        },
        "documents": [_document(d) for d in result.documents],
        "findings": [
            _finding(p.finding, p.fingerprint, p.anchor)
            for p in sorted_findings(result.findings)
        ],
        "rules": [
            {"code": r.code, "name": r.name, "category": r.category.value,
             "severity": r.severity.label, "summary": r.summary}
            for r in sorted(result.rules, key=lambda r: r.code)
        ],
    }


def _numbers(pairs: Iterable[tuple[str, float]]) -> dict[str, Optional[float]]:
    return {name: round_number(value) for name, value in pairs}


def _document(d: DocumentResult) -> dict[str, Any]:
    doc = d.document
    return {
        "id": doc.id,
        "zh_path": doc.zh_path,
        "en_path": doc.en_path,
        "mode": doc.mode,
        "paragraphs": [_paragraph(p) for p in doc.paragraphs],
        "pairs": [_pair(p) for p in d.pairs],
        "metrics": _numbers(d.metrics),
        "signatures": dict(d.signatures),
    }


def _paragraph(p: Paragraph) -> dict[str, Any]:
    return {"id": p.id, "lang": p.lang, "path": p.path, "line": p.line, "column": p.column,
            "kind": p.kind, "unit": p.unit, "text": p.text,
            "masks": [{"start": m.start, "end": m.end, "kind": m.kind} for m in p.masks]}


def _pair(p: Pair) -> dict[str, Any]:
    out: dict[str, Any] = {
        "zh": list(p.zh),
        "en": list(p.en),
        "kind": p.kind,
        "similarity": round_number(p.similarity),
        "omission_score": round_number(p.omission_score),
        "length_ratio": round_number(p.length_ratio),
        "metrics": _numbers(p.metrics),
    }
    if p.reference is not None:
        out["reference"] = p.reference
    if p.nearest_en is not None:
        out["nearest_en"] = p.nearest_en
    return out


def _mark(m: Mark) -> dict[str, Any]:
    return {"paragraph": m.paragraph, "path": m.path, "line": m.line, "column": m.column,
            "end_line": m.end_line, "end_column": m.end_column, "start": m.start, "end": m.end}


def _finding(f: Finding, fingerprint: str, anchor: str) -> dict[str, Any]:
    return {
        "code": f.code,
        "name": f.name,
        "category": f.category.value,
        "severity": f.severity.label,
        "message": f.message,
        "suggestion": f.suggestion,
        "document": f.document,
        "fingerprint": fingerprint,
        "anchor": anchor,
        "subject": f.subject,
        "zh": [_mark(m) for m in f.zh],
        "en": [_mark(m) for m in f.en],
    }
