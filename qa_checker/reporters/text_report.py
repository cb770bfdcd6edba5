"""Plain-text report: one line per finding in the compiler shape editors and CI parsers understand.

    docs/zh/a.md:12:5: ZH401 error Number 1200 is 1,500 in the English [#f-3f2a9c0d1e4b5a67]

The anchor goes LAST: every tool that reads the compiler shape (editors' quickfix lists, GitHub
problem matchers, reviewdog's ``%f:%l:%c: %m``) takes everything after the column as the message,
so ``path:line:col: CODE severity`` keep their fixed places and the anchor only rides along at the
end of the message.  It is a fixed-shape token (`` [#f-`` + 16 hex digits + ``]``), easy to strip or
to turn into a link into the HTML report (``report.html#f-...``).
"""
from __future__ import annotations

from ..model import RunResult, Severity
from .base import (Reporter, document_index, gate_label, plural, primary_location, severity_counts,
                   sorted_findings, visible_escapes)

_RESET = "\x1b[0m"
_BOLD = "\x1b[1m"
_DIM = "\x1b[2m"
_SEVERITY_COLOUR = {
    Severity.ERROR: "\x1b[1;31m",  # bold red
    Severity.WARNING: "\x1b[33m",  # yellow
    Severity.INFO: "\x1b[36m",  # cyan
}


class TextReporter(Reporter):
    name = "text"
    extension = "txt"

    def __init__(self, color: bool = False):
        self.color = color

    def render(self, result: RunResult) -> str:
        documents = document_index(result)
        lines = []
        for placed in sorted_findings(result.findings):
            f = placed.finding
            path, line, column = primary_location(f, documents)
            lines.append(self._line(visible_escapes(path), line, column, f.code, f.severity,
                                    visible_escapes(f.message), placed.anchor))
        if lines:
            lines.append("")
        lines.append(self._summary(result))
        return "\n".join(lines) + "\n"

    def _paint(self, style: str, text: str) -> str:
        return f"{style}{text}{_RESET}" if self.color else text

    def _line(self, path: str, line: int, column: int, code: str, severity: Severity, message: str,
              anchor: str) -> str:
        where = self._paint(_BOLD, f"{path}:{line}:{column}:")
        return (f"{where} {self._paint(_BOLD, code)} "
                f"{self._paint(_SEVERITY_COLOUR[severity], severity.label)} {message} "
                f"{self._paint(_DIM, f'[#{anchor}]')}")

    def _summary(self, result: RunResult) -> str:
        zh = sum(1 for d in result.documents for p in d.document.paragraphs if p.lang == "zh")
        en = sum(1 for d in result.documents for p in d.document.paragraphs if p.lang == "en")
        pairs = sum(len(d.pairs) for d in result.documents)
        counts = severity_counts(result.findings)
        found = ", ".join([plural(counts["error"], "error"), plural(counts["warning"], "warning"),
                           plural(counts["info"], "info", "info")])
        verdict = "FAILED" if result.failed else "PASSED"
        verdict = self._paint(_SEVERITY_COLOUR[Severity.ERROR] if result.failed else "\x1b[1;32m", verdict)
        return (f"{plural(len(result.documents), 'document')}, {plural(pairs, 'pair')} "
                f"({zh} zh / {en} en paragraphs): {found}. {verdict} (fail-on: {gate_label(result)})")
