"""A committed baseline: accept today's findings, fail only on new ones.

Entries are keyed by ``Finding.fingerprint`` (code, document and subject or message: no line numbers,
so edits elsewhere in a file do not turn old findings into new ones) with a count, so that two
identical findings need two entries and a third occurrence is reported as new.  Code, document and
message are stored beside each key only for the people who review the file.

The file is JSON, sorted and indented, with a ``version``, so that it diffs well in review::

    {
      "entries": [
        {"code": "ZH201", "count": 1, "document": "docs/zh/a.md ↔ docs/en/a.md",
         "fingerprint": "3f2a…", "message": "…"}
      ],
      "tool": "qa-checker",
      "version": 1
    }
"""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Union

from .errors import InputError
from .model import Finding, RunResult

VERSION = 1
TOOL = "qa-checker"


@dataclass(frozen=True)
class BaselineEntry:
    fingerprint: str
    count: int
    code: str = ""
    document: str = ""
    message: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "count": self.count, "document": self.document,
                "fingerprint": self.fingerprint, "message": self.message}


@dataclass(frozen=True)
class Baseline:
    entries: tuple[BaselineEntry, ...]

    def filter(self, findings: Iterable[Finding]) -> tuple[list[Finding], int, list[BaselineEntry]]:
        """(new findings, how many findings the baseline accepted, entries with occurrences left over).

        Findings are consumed in their sorted order, so when a fingerprint occurs more often than the
        baseline allows, the later occurrences are the new ones.  A left-over entry carries only the
        unused part of its count: the candidates for ``baseline prune``.
        """
        remaining = Counter()
        for entry in self.entries:
            remaining[entry.fingerprint] += entry.count
        new: list[Finding] = []
        matched = 0
        for finding in sorted(findings, key=Finding.sort_key):
            fp = finding.fingerprint
            if remaining[fp] > 0:
                remaining[fp] -= 1
                matched += 1
            else:
                new.append(finding)
        unused = []
        for entry in self.entries:
            left = min(entry.count, remaining[entry.fingerprint])
            if left > 0:
                unused.append(BaselineEntry(entry.fingerprint, left, entry.code, entry.document,
                                            entry.message))
                remaining[entry.fingerprint] -= left
        return new, matched, unused

    def to_dict(self) -> dict[str, Any]:
        return _document(self.entries)


def create_baseline(result: RunResult) -> dict[str, Any]:
    """A baseline accepting every finding of ``result``."""
    counts: Counter[str] = Counter()
    first: dict[str, Finding] = {}
    for finding in sorted(result.findings, key=Finding.sort_key):
        counts[finding.fingerprint] += 1
        first.setdefault(finding.fingerprint, finding)
    entries = [BaselineEntry(fp, n, first[fp].code, first[fp].document, first[fp].message)
               for fp, n in counts.items()]
    return _document(entries)


def prune(baseline: Baseline, result: RunResult) -> dict[str, Any]:
    """The baseline without what ``result`` no longer finds: entries dropped, counts lowered.

    Never adds entries (that is ``create``), and keeps each surviving entry's stored text so that a
    prune shows up in review as deletions only.
    """
    found = Counter(f.fingerprint for f in result.findings)
    kept = []
    for entry in baseline.entries:
        count = min(entry.count, found[entry.fingerprint])
        if count > 0:
            kept.append(BaselineEntry(entry.fingerprint, count, entry.code, entry.document,
                                      entry.message))
            found[entry.fingerprint] -= count
    return _document(kept)


def dumps(data: dict[str, Any]) -> str:
    """The file's text: sorted keys, two-space indent, UTF-8 kept readable, final newline."""
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write_baseline(path: Union[str, Path], data: dict[str, Any]) -> None:
    Path(path).write_text(dumps(data), encoding="utf-8", newline="\n")


def load_baseline(path: Union[str, Path]) -> Baseline:
    """Read and validate a baseline file; InputError (exit 2) names the file and the bad place."""
    name = str(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(name, f"cannot read the baseline file: {exc.strerror or exc}") from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(name, "the baseline file is not valid UTF-8", byte_offset=exc.start) from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(name, f"not valid JSON: {exc.msg}", line=exc.lineno, column=exc.colno) from exc
    return parse_baseline(data, name)


def parse_baseline(data: Any, name: str = "<baseline>") -> Baseline:
    if not isinstance(data, dict):
        raise InputError(name, "a baseline must be a JSON object with 'version' and 'entries'")
    version = data.get("version")
    if version != VERSION:
        raise InputError(name, f"unsupported baseline version {version!r} (this qa-checker reads "
                               f"version {VERSION}; recreate it with 'qa-checker baseline create')")
    items = data.get("entries")
    if not isinstance(items, list):
        raise InputError(name, "'entries' must be a list")
    entries = []
    seen: set[str] = set()
    for i, item in enumerate(items):
        where = f"entries[{i}]"
        if not isinstance(item, dict):
            raise InputError(name, f"{where}: must be an object")
        fp, count = item.get("fingerprint"), item.get("count", 1)
        if not isinstance(fp, str) or not fp:
            raise InputError(name, f"{where}: 'fingerprint' must be a non-empty string")
        if isinstance(count, bool) or not isinstance(count, int) or count < 1:
            raise InputError(name, f"{where}: 'count' must be a positive integer")
        if fp in seen:
            raise InputError(name, f"{where}: fingerprint {fp} is listed twice (use 'count')")
        seen.add(fp)
        texts = {key: item.get(key, "") for key in ("code", "document", "message")}
        for key, value in texts.items():
            if not isinstance(value, str):
                raise InputError(name, f"{where}: {key!r} must be a string")
        entries.append(BaselineEntry(fp, count, **texts))
    return Baseline(tuple(entries))


def _document(entries: Iterable[BaselineEntry]) -> dict[str, Any]:
    ordered = sorted(entries, key=lambda e: (e.document, e.code, e.fingerprint))
    return {"entries": [e.to_dict() for e in ordered], "tool": TOOL, "version": VERSION}
