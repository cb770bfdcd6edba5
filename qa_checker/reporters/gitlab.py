"""GitLab Code Quality report (the Code Climate issue subset GitLab reads).

GitLab compares fingerprints between the target branch's report and the merge request's to show new
and fixed issues, so fingerprints leave out line numbers (``Finding.fingerprint``) and are made unique
within the run (``-2``, ``-3`` for repeats).

Severity mapping: error -> ``major``, warning -> ``minor``, info -> ``info``.  ``critical`` and
``blocker`` are left unused: a translation finding is never a security or outage risk, and GitLab
sorts by severity, so keeping errors one step below the top leaves room for tools that are.
"""
from __future__ import annotations

import json
from typing import Any

from ..model import RunResult, Severity
from .base import Reporter, document_index
from .ci_common import findings_with_fingerprints, full_message, primary_location

SEVERITIES = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}


class GitLabReporter(Reporter):
    name = "gitlab"
    extension = "codequality.json"  # apart from the JSON report's report.json

    def render(self, result: RunResult) -> str:
        return json.dumps(build_code_quality(result), ensure_ascii=False, indent=2) + "\n"


def build_code_quality(result: RunResult) -> list[dict[str, Any]]:
    documents = document_index(result)
    issues = []
    for finding, fp in findings_with_fingerprints(result.findings):
        loc = primary_location(finding, documents)
        path = loc.path if loc else finding.document
        begin = loc.line if loc else 1
        end = max(begin, loc.end_line) if loc else 1
        issues.append({
            "type": "issue",
            "description": f"{finding.code} {full_message(finding)}",
            "check_name": f"{finding.code} {finding.name}",
            "categories": ["Style"],  # Code Climate's closed list has no "translation"; Style is closest
            "fingerprint": fp,
            "severity": SEVERITIES[finding.severity],
            "location": {"path": path, "lines": {"begin": begin, "end": end}},
        })
    return issues
