"""GitHub Actions workflow commands: one ``::error``/``::warning``/``::notice`` line per finding.

Translation text comes from whoever opens the pull request, and the runner treats any output line
that starts with ``::`` as a command.  So every finding is exactly one line: ``%``, CR and LF are
escaped in the message (the runner turns ``%0A`` back into a line break in the annotation), and
``:`` and ``,`` are escaped as well in properties, where they would end a value.  Other control
characters (an ESC starts a terminal escape sequence in the log; VT, FF, NEL, U+2028 are line breaks
to some readers) and bidirectional overrides are shown as visible ``\x1b``/``\u2028`` escapes.
"""
from __future__ import annotations

import re

from ..model import Finding, RunResult, Severity
from .base import Reporter, document_index
from .ci_common import findings_with_fingerprints, full_message, primary_location

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
# Control and bidi-control characters other than TAB, LF and CR (which the escapes below handle).
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069"
                     "\u2028\u2029]")


def _visible(match: "re.Match[str]") -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def escape_data(text: str) -> str:
    text = _UNSAFE.sub(_visible, text)
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


class GitHubReporter(Reporter):
    name = "github"
    extension = "github.txt"  # workflow commands belong on stdout; as a file, apart from the text report

    def render(self, result: RunResult) -> str:
        documents = document_index(result)
        lines = [command(f, documents) for f, _ in findings_with_fingerprints(result.findings)]
        return "".join(line + "\n" for line in lines)


def command(finding: Finding, documents) -> str:
    props: list[tuple[str, str]] = []
    loc = primary_location(finding, documents)
    if loc is not None:
        props += [("file", loc.path), ("line", str(loc.line))]
        # GitHub takes columns only for one-line annotations, with an inclusive end column.
        if loc.end_line == loc.line:
            props += [("col", str(loc.column)), ("endLine", str(loc.end_line)),
                      ("endColumn", str(max(loc.column, loc.end_column - 1)))]
        else:
            # A span ending just after a line break (column 1) ends on the line before.
            end_line = loc.end_line - 1 if loc.end_column == 1 else loc.end_line
            props.append(("endLine", str(max(loc.line, end_line))))
    props.append(("title", f"{finding.code} {finding.name}"))
    rendered = ",".join(f"{key}={escape_property(value)}" for key, value in props)
    return f"::{COMMANDS[finding.severity]} {rendered}::{escape_data(full_message(finding))}"
