"""The reporter interface and the few facts every format shares.

A reporter turns a finished :class:`~qa_checker.model.RunResult` into text.  It never decides
anything (what is a finding, what fails the run): it only presents.  ``render`` is pure, so the same
result always gives byte-identical output and writing files is someone else's job
(:mod:`qa_checker.reporters.output`).
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import ClassVar, Iterable, Optional, Sequence

from ..model import Document, Finding, Mark, RunResult, Severity

# Document text reaches terminals and CI logs through messages.  Control characters (an ESC starts
# a terminal escape sequence, CR overwrites the line) and bidirectional overrides ("Trojan Source")
# would let a translation disguise or rewrite what the reviewer sees, so one-line formats show them
# as visible escapes instead.
_UNSAFE_CHARS = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def visible_escapes(text: str) -> str:
    """``text`` on one line, with control and bidi-control characters shown as ``\\n``, ``\\u202e``..."""
    return _UNSAFE_CHARS.sub(_escape_char, text)


def _escape_char(match: "re.Match[str]") -> str:
    char = match.group()
    named = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
    if char in named:
        return named[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


class Reporter:
    """Base class of the output formats.  Subclasses set ``name`` and ``extension``."""

    name: ClassVar[str]
    extension: ClassVar[str]  # without the dot: "txt", "json", "html"

    def render(self, result: RunResult) -> str:  # pragma: no cover - interface
        raise NotImplementedError


@dataclass(frozen=True)
class PlacedFinding:
    """A finding with the facts every reporter needs, computed once: its place and its anchor."""

    finding: Finding
    fingerprint: str
    anchor: str  # "f-<fingerprint>", made unique within the run by a "-2", "-3"... suffix


def sorted_findings(findings: Iterable[Finding]) -> list[PlacedFinding]:
    """Findings in report order, each with its fingerprint and a unique, stable anchor.

    The order is ``Finding.sort_key`` with the fingerprint and the spans as tie-breakers, so that
    the order never depends on the order the engine produced the findings in (parallel runs).
    Two findings may share a fingerprint (the same number wrong twice in one document); the anchor
    of the second gets a ``-2`` suffix so that every anchor in a report points at one finding.
    """
    keyed = []
    for finding in findings:
        fingerprint = finding.fingerprint
        spans = tuple((m.paragraph, m.start, m.end) for m in finding.zh + finding.en)
        keyed.append(((finding.sort_key(), fingerprint, spans, finding.severity), finding, fingerprint))
    keyed.sort(key=lambda item: item[0])
    seen: dict[str, int] = {}
    placed = []
    for _, finding, fingerprint in keyed:
        seen[fingerprint] = seen.get(fingerprint, 0) + 1
        suffix = "" if seen[fingerprint] == 1 else f"-{seen[fingerprint]}"
        placed.append(PlacedFinding(finding, fingerprint, f"f-{fingerprint}{suffix}"))
    return placed


def document_index(result: RunResult) -> dict[str, Document]:
    return {d.document.id: d.document for d in result.documents}


def primary_location(finding: Finding, documents: dict[str, Document]) -> tuple[str, int, int]:
    """(path, line, column) a one-location format shows.

    A finding without marks is about the document as a whole: it points at the first line of the
    Chinese file (the source the reviewer starts from), or at the document's name when unknown.
    """
    mark: Optional[Mark] = finding.primary
    if mark is not None:
        return mark.path, mark.line, mark.column
    doc = documents.get(finding.document)
    if doc is not None:
        return doc.zh_path or doc.en_path or doc.id, 1, 1
    return finding.document or ".", 1, 1


def round_number(value: Optional[float], digits: int = 4) -> Optional[float]:
    """Round for output; NaN and infinities (not valid JSON) become None."""
    if value is None:
        return None
    value = float(value)
    if not math.isfinite(value):
        return None
    rounded = round(value, digits)
    return 0.0 if rounded == 0 else rounded  # no "-0.0"


def severity_counts(findings: Sequence[Finding]) -> dict[str, int]:
    """Counts by severity label, most severe first, every level present."""
    out = {s.label: 0 for s in sorted(Severity, reverse=True)}
    for f in findings:
        out[f.severity.label] += 1
    return out


def plural(count: int, singular: str, plural_form: str = "") -> str:
    return f"{count} {singular if count == 1 else (plural_form or singular + 's')}"


def gate_label(result: RunResult) -> str:
    """The fail-on level as the command line spells it."""
    return result.fail_on.label if result.fail_on is not None else "never"
