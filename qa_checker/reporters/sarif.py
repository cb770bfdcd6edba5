"""SARIF 2.1.0, the subset GitHub code scanning reads.

Deterministic: rules sorted by code, results in the shared CI order, no timestamps, no absolute
paths unless the input was given as one.  Columns count Unicode code points (``columnKind``), which is
what ``Mark`` stores.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any, Optional
from urllib.parse import quote

from .. import __version__
from ..model import Document, Finding, Mark, RunResult, Severity
from .base import Reporter, document_index
from .ci_common import (findings_with_fingerprints, full_message, mark_location, primary_location,
                        repo_path)

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
FINGERPRINT_KEY = "qaChecker/v1"
SRCROOT = "%SRCROOT%"
# A region snippet must be the exact text of the region; longer spans are left without one rather
# than truncated (a paragraph-long omission would otherwise bloat the log).
MAX_SNIPPET = 1000

LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
SIDE_NAMES = {"zh": "Chinese", "en": "English"}
_HEADING = re.compile(r"^\s*#")


@lru_cache(maxsize=4096)  # a run has few files and many findings
def artifact_uri(path: str) -> tuple[str, Optional[str]]:
    """(uri, uriBaseId): a percent-encoded URI reference relative to the source root, or a file URI."""
    text = repo_path(path)
    if PurePosixPath(text).is_absolute() or PureWindowsPath(path).is_absolute():
        absolute = PureWindowsPath(path) if PureWindowsPath(path).drive else PurePosixPath(text)
        return absolute.as_uri(), None
    return quote(text, safe="/"), SRCROOT


def first_paragraph(markdown: str) -> str:
    """The first prose paragraph of a rule's Markdown doc (headings skipped), for fullDescription."""
    for block in re.split(r"\n\s*\n", markdown.strip()):
        lines = [ln for ln in block.splitlines() if not _HEADING.match(ln)]
        text = " ".join(ln.strip() for ln in lines).strip()
        if text:
            return text
    return ""


class SarifReporter(Reporter):
    name = "sarif"
    extension = "sarif"

    def render(self, result: RunResult) -> str:
        return json.dumps(build_sarif(result), ensure_ascii=False, indent=2) + "\n"


def build_sarif(result: RunResult) -> dict[str, Any]:
    documents = document_index(result)
    placed = findings_with_fingerprints(result.findings)
    rules = _rule_descriptors(result, [f for f, _ in placed])
    index = {rule["id"]: i for i, rule in enumerate(rules)}
    results = [_result(f, fp, index[f.code], documents) for f, fp in placed]
    driver: dict[str, Any] = {"name": "qa-checker", "version": __version__,
                              "semanticVersion": __version__, "rules": rules}
    run = {"tool": {"driver": driver}, "results": results, "columnKind": "unicodeCodePoints"}
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def _rule_descriptors(result: RunResult, findings: list[Finding]) -> list[dict[str, Any]]:
    by_code: dict[str, dict[str, Any]] = {}
    for info in result.rules:
        by_code[info.code] = _descriptor(info.code, info.name, info.category.value, info.severity,
                                         info.summary, info.doc)
    # Findings from a rule the run did not list (internal input findings, hand-built results) still
    # need a descriptor: ruleIndex must point somewhere.
    for f in findings:
        if f.code not in by_code:
            by_code[f.code] = _descriptor(f.code, f.name, f.category.value, f.severity, f.name, "")
    return [by_code[code] for code in sorted(by_code)]


def _descriptor(code: str, name: str, category: str, severity: Severity, summary: str,
                doc: str) -> dict[str, Any]:
    summary = summary or name
    help_md = doc.strip() or summary
    return {
        "id": code,
        "name": name,
        "shortDescription": {"text": summary},
        "fullDescription": {"text": first_paragraph(doc) or summary},
        "help": {"text": help_md, "markdown": help_md},
        "defaultConfiguration": {"level": LEVELS[severity]},
        "properties": {"tags": [category]},
    }


def _result(finding: Finding, fingerprint: str, rule_index: int,
            documents: dict[str, Document]) -> dict[str, Any]:
    out: dict[str, Any] = {
        "ruleId": finding.code,
        "ruleIndex": rule_index,
        "level": LEVELS[finding.severity],
        "message": {"text": full_message(finding)},
    }
    primary = finding.primary
    doc = documents.get(finding.document)
    if primary is not None:
        out["locations"] = [_location(primary, doc)]
    else:
        loc = primary_location(finding, documents)
        if loc is not None:
            uri, base = artifact_uri(loc.path)
            region = {"startLine": 1, "startColumn": 1}
            out["locations"] = [{"physicalLocation": {"artifactLocation": _artifact(uri, base),
                                                      "region": region}}]
    related = [(side, m) for side, marks in (("zh", finding.zh), ("en", finding.en))
               for m in marks if m is not primary]
    if related:
        out["relatedLocations"] = [
            {"id": i, **_location(m, doc), "message": {"text": f"{SIDE_NAMES[side]} text"}}
            for i, (side, m) in enumerate(related)]
    out["partialFingerprints"] = {FINGERPRINT_KEY: fingerprint}
    out["properties"] = {"category": finding.category.value, "document": finding.document}
    return out


def _artifact(uri: str, base: Optional[str]) -> dict[str, str]:
    return {"uri": uri, "uriBaseId": base} if base else {"uri": uri}


def _location(mark: Mark, doc: Optional[Document]) -> dict[str, Any]:
    loc = mark_location(mark)
    uri, base = artifact_uri(mark.path)
    region: dict[str, Any] = {"startLine": loc.line, "startColumn": loc.column,
                              "endLine": loc.end_line, "endColumn": loc.end_column}
    snippet = _snippet(mark, doc)
    if snippet:
        region["snippet"] = {"text": snippet}
    return {"physicalLocation": {"artifactLocation": _artifact(uri, base), "region": region}}


def _snippet(mark: Mark, doc: Optional[Document]) -> str:
    if doc is None:
        return ""
    try:
        text = doc.paragraph(mark.paragraph).text
    except KeyError:
        return ""
    if mark.end - mark.start > MAX_SNIPPET:
        return ""
    return text[mark.start:mark.end]
