"""What the CI formats (SARIF, JUnit, GitHub, GitLab, step summary) share beyond ``reporters.base``:
a full region per finding (CI systems take end positions too), repository paths, and fingerprints
made unique within the run.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Optional

from ..model import Document, Finding, Mark, Severity
from .base import sorted_findings

SEVERITY_ORDER = (Severity.ERROR, Severity.WARNING, Severity.INFO)


@dataclass(frozen=True)
class Location:
    """A 1-based region of a file; ``end_column`` is exclusive (the column after the last character)."""

    path: str
    line: int
    column: int
    end_line: int
    end_column: int


def repo_path(path: str) -> str:
    """A path as CI systems want it: forward slashes, no leading ``./``."""
    text = path.replace("\\", "/")
    while text.startswith("./"):
        text = text[2:]
    return text


def mark_location(mark: Mark) -> Location:
    line, column = max(1, mark.line), max(1, mark.column)
    end_line, end_column = mark.end_line or line, mark.end_column or column
    if (end_line, end_column) < (line, column):  # a malformed mark must not make an invalid region
        end_line, end_column = line, column
    return Location(repo_path(mark.path), line, column, end_line, end_column)


def primary_location(finding: Finding, documents: dict[str, Document]) -> Optional[Location]:
    """Where a one-location format points: the finding's primary mark, else the start of its document.

    Document- and run-level findings may carry no mark; CI systems drop results without a file, so
    they point at line 1 of the document's Chinese file, as in the text report.
    """
    mark = finding.primary
    if mark is not None:
        return mark_location(mark)
    doc = documents.get(finding.document)
    path = (doc.zh_path or doc.en_path or doc.id) if doc is not None else finding.document
    if not path:
        return None
    return Location(repo_path(path), 1, 1, 1, 1)


def findings_with_fingerprints(findings: Iterable[Finding]) -> list[tuple[Finding, str]]:
    """Findings in report order, each with its fingerprint made unique within the run.

    Two identical findings in one document (the same untranslated word twice) share
    ``Finding.fingerprint``, and CI systems that key alerts by fingerprint would merge them.  The
    first keeps the plain fingerprint, later ones get ``-2``, ``-3``: the same suffixes as the HTML
    report's anchors (``#f-<fingerprint>``), so a CI alert names the anchor of its finding.  It stays
    stable as long as the repeats' relative order does.
    """
    return [(p.finding, p.anchor[len("f-"):]) for p in sorted_findings(findings)]


def full_message(finding: Finding) -> str:
    """The message, with the suggestion on its own line when there is one."""
    if finding.suggestion:
        return f"{finding.message}\nSuggestion: {finding.suggestion}"
    return finding.message
