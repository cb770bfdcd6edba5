"""A short Markdown summary for ``$GITHUB_STEP_SUMMARY``: verdict, counts, the first findings.

GitHub renders the summary as Markdown with some HTML, so every piece of document text is escaped
before it goes into the table (``|`` would split a cell, ``<`` could open a tag).
"""
from __future__ import annotations

import os
import re
from collections import Counter
from typing import Mapping, Optional

from ..errors import QaCheckerError
from ..model import Category, RunResult
from .base import document_index, gate_label
from .ci_common import SEVERITY_ORDER, findings_with_fingerprints, primary_location

TOP_FINDINGS = 10
MAX_MESSAGE = 200
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>])")
_WHITESPACE = re.compile(r"\s+")


def md_escape(text: str, limit: Optional[int] = None) -> str:
    """One table cell's worth of inert Markdown: one line, HTML and Markdown syntax escaped."""
    text = _WHITESPACE.sub(" ", text).strip()
    if limit is not None and len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    text = text.replace("&", "&amp;").replace("<", "&lt;")
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def markdown_summary(result: RunResult) -> str:
    counts = result.counts()
    total = len(result.findings)
    verdict = "❌ failed" if result.failed else "✅ passed"
    fail_on = gate_label(result)
    lines = [
        f"## qa-checker: {verdict}",
        "",
        f"{len(result.documents)} document(s) checked, {total} finding(s); fails on {fail_on} and above.",
        "",
        "| severity | findings |",
        "| --- | ---: |",
        *(f"| {s.label} | {counts.get(s.label, 0)} |" for s in SEVERITY_ORDER),
    ]
    by_category = Counter(f.category for f in result.findings)
    if by_category:
        lines += ["", "| category | findings |", "| --- | ---: |"]
        lines += [f"| {c.value} | {by_category[c]} |" for c in Category if by_category[c]]
    if result.findings:
        lines += _top_findings(result)
    return "\n".join(lines) + "\n"


def _top_findings(result: RunResult) -> list[str]:
    documents = document_index(result)
    ordered = sorted((f for f, _ in findings_with_fingerprints(result.findings)), key=lambda f: -f.severity)
    shown = ordered[:TOP_FINDINGS]
    title = "Top findings" if len(ordered) > len(shown) else "Findings"
    lines = ["", f"### {title}", "", "| severity | rule | where | message |", "| --- | --- | --- | --- |"]
    for f in shown:
        loc = primary_location(f, documents)
        where = f"{loc.path}:{loc.line}" if loc else f.document
        lines.append(f"| {f.severity.label} | {md_escape(f.code)} {md_escape(f.name)} "
                     f"| {md_escape(where)} | {md_escape(f.message, MAX_MESSAGE)} |")
    if len(ordered) > len(shown):
        lines += ["", f"… and {len(ordered) - len(shown)} more."]
    return lines


def append_step_summary(result: RunResult, env: Mapping[str, str] = os.environ) -> Optional[str]:
    """Append the summary to ``$GITHUB_STEP_SUMMARY`` when it is set; returns the path written, if any."""
    path = env.get("GITHUB_STEP_SUMMARY")
    if not path:
        return None
    try:
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(markdown_summary(result))
    except OSError as exc:
        raise QaCheckerError(f"{path}: cannot write the step summary: {exc.strerror or exc}") from exc
    return path
