"""Pull-request mode: turn ``--changed-since REF`` into the list of inputs to check."""
from __future__ import annotations

import os
from typing import Sequence

from .changed import changed_files, expand_to_pairs, repo_root


def paths_for_changed(ref: str, roots: Sequence[str]) -> list[str]:
    """Changed files since the merge base with ``ref`` (limited to ``roots`` when given), each
    expanded to its zh/en partner; returned as paths for the tree reader to pair again."""
    cwd = os.getcwd()
    root = repo_root(cwd)
    changed = changed_files(ref, cwd)
    if roots:
        prefixes = [os.path.relpath(os.path.abspath(r), root) for r in roots]
        changed = [c for c in changed if any(p in (".", "") or c == p or c.startswith(p.rstrip("/") + "/")
                                             for p in prefixes)]
    paths: list[str] = []
    for pair in expand_to_pairs(changed, root):
        for p in (pair.zh, pair.en):
            if p and p not in paths:
                paths.append(os.path.relpath(os.path.join(root, p), cwd))
    return paths
