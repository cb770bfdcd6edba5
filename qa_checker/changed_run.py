"""Pull-request mode: turn ``--changed-since REF`` into the documents to check.

Each changed file is expanded to its zh/en partner with the directory reader's own pairing, so a
changed ``docs/en/a.md`` is checked against ``docs/zh/a.md``; a Chinese file that changed while its
English partner did not is remembered as possibly stale.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Optional, Sequence

from .changed import changed_files, expand_to_pairs, repo_root
from .model import Document
from .readers import format_of, read_inputs, read_sources
from .readers.tree import Source


@dataclass(frozen=True)
class ChangedInputs:
    documents: tuple[Document, ...]
    stale: tuple[str, ...]  # Chinese paths (as in the documents) whose English did not change


def read_changed(ref: str, roots: Sequence[str], encoding: Optional[str] = None) -> ChangedInputs:
    cwd = os.getcwd()
    root = repo_root(cwd)
    changed = changed_files(ref, cwd)
    if roots:
        prefixes = [os.path.relpath(os.path.abspath(r), root).replace(os.sep, "/") for r in roots]
        changed = [c for c in changed
                   if any(p in (".", "") or c == p or c.startswith(p.rstrip("/") + "/") for p in prefixes)]

    def local(rel: Optional[str]) -> Optional[str]:
        return os.path.relpath(os.path.join(root, rel), cwd) if rel else None

    sources, stale, structured = [], [], []
    for pair in expand_to_pairs(changed, root):
        if pair.one_file:
            path = local(pair.zh or pair.en)
            if format_of(path):  # TSV, XLIFF, TMX, PO: read by their own reader
                structured.extend(read_inputs([path], encoding=encoding))
            else:
                sources.append(Source(doc_id=path, single=path))
            continue
        zh, en = local(pair.zh), local(pair.en)
        sources.append(Source(doc_id=zh or en, zh=zh, en=en))
        if pair.stale and zh:
            stale.append(zh)
    return ChangedInputs(read_sources(sources, encoding) + tuple(structured), tuple(stale))
