"""Pull-request mode: which files changed since a git ref, and their Chinese/English partners.

What counts as changed: ``git diff --name-only <merge-base of REF and HEAD>``, i.e. everything
committed on this branch since it left REF *plus* staged and unstaged edits to tracked files (the
diff is against the working tree).  In CI the working tree is clean, so this is exactly the pull
request; on a laptop it also covers work not yet committed; in a pre-commit hook (which stashes
unstaged edits) ``--changed-since HEAD`` is exactly what is being committed.  Untracked files are
left out by default, as ``git diff`` leaves them out; deleted files are left out (there is nothing to
check).  Git runs as a subprocess; no git library is needed.

Partners are found by the directory reader's own pairing (``readers.tree.discover`` run on the
repository root), so pull-request mode pairs files exactly as checking the whole tree would:
language directories at any depth (``docs/zh/a.md`` <-> ``docs/en/a.md``, also ``zh-CN``/``en-US``,
``zh_CN``, ``cn``, ...), a lone language directory against the rest of its parent, and
language-tagged names (``a.zh-CN.md`` <-> ``a.en-US.md``, ``a.zh.md`` <-> ``a.en.md``,
``README.zh-CN.md`` <-> ``README.md``).  Each pair carries which side changed, so that a Chinese file
edited without its English (a stale translation) can be reported.  Changed files the readers would
not read (source code, images, hidden directories) are dropped; a changed bilingual file
(TSV/CSV, XLIFF, TMX, PO, or a text file with no language marking) is one document on its own.
"""
from __future__ import annotations

import os
import subprocess
from typing import Iterable, NamedTuple, Optional, Sequence

from .errors import ConfigError
from .readers import format_of
from .readers.tree import discover

GIT_TIMEOUT = 120


class ChangedPair(NamedTuple):
    """A Chinese file and its English partner (either None when it does not exist), and which changed.

    A one-file document (both languages in one file: TSV, XLIFF, PO, or an unmarked text file) is
    returned as ``(path, path, True, True)``.
    """

    zh: Optional[str]
    en: Optional[str]
    zh_changed: bool
    en_changed: bool

    @property
    def one_file(self) -> bool:
        """Both languages in one file: read it as one document, not as a pair."""
        return self.zh is not None and self.zh == self.en

    @property
    def stale(self) -> bool:
        """The Chinese changed but its existing English partner did not: the English may be out of date."""
        return self.zh_changed and not self.en_changed and self.en is not None and not self.one_file


# --- git ------------------------------------------------------------------------------------------

def _git(args: Sequence[str], cwd: str) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, timeout=GIT_TIMEOUT,
                              check=False, env={**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"})
    except FileNotFoundError:
        raise ConfigError("--changed-since needs git, and no 'git' command was found") from None
    except NotADirectoryError:
        raise ConfigError(f"{cwd}: not a directory") from None
    except subprocess.TimeoutExpired:
        raise ConfigError(f"git {' '.join(args)} took longer than {GIT_TIMEOUT} s") from None


def _stderr(proc: subprocess.CompletedProcess) -> str:
    lines = os.fsdecode(proc.stderr).strip().splitlines()
    return lines[-1] if lines else f"exit status {proc.returncode}"


def repo_root(cwd: str) -> str:
    """The top directory of the git work tree containing ``cwd``; ConfigError when there is none."""
    if not os.path.isdir(cwd):
        raise ConfigError(f"{cwd}: not a directory")
    proc = _git(["rev-parse", "--show-toplevel"], cwd)
    if proc.returncode != 0:
        raise ConfigError(f"{cwd}: not inside a git repository (--changed-since compares git revisions)")
    return os.fsdecode(proc.stdout).rstrip("\n")


def changed_files(ref: str, cwd: str, *, include_untracked: bool = False) -> list[str]:
    """Files changed since the merge base of ``ref`` and HEAD, working tree included; sorted,
    relative to the repository root, with forward slashes.  Deleted files are left out.
    """
    if not ref or ref.startswith("-"):
        raise ConfigError(f"invalid git revision {ref!r} for --changed-since")
    root = repo_root(cwd)
    head = _git(["rev-parse", "--verify", "--quiet", "HEAD^{commit}"], root)
    if head.returncode != 0:
        # A repository without commits yet (a first commit through pre-commit): everything tracked
        # is new.
        names = _git(["ls-files", "-z"], root)
        files = _split(names.stdout)
    else:
        if _git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], root).returncode != 0:
            raise ConfigError(f"--changed-since: unknown git revision {ref!r} in {root} (is the branch "
                              f"fetched? shallow CI checkouts need e.g. 'git fetch origin {ref}')")
        base = _git(["merge-base", ref, "HEAD"], root)
        if base.returncode != 0:
            raise ConfigError(f"--changed-since: {ref!r} and HEAD have no common ancestor in {root} "
                              f"(a shallow clone? fetch more history, e.g. fetch-depth: 0)")
        merge_base = os.fsdecode(base.stdout).strip()
        diff = _git(["-c", "core.quotepath=off", "diff", "--name-only", "-z", "--no-renames",
                     "--diff-filter=d", merge_base, "--"], root)
        if diff.returncode != 0:
            raise ConfigError(f"git diff failed in {root}: {_stderr(diff)}")
        files = _split(diff.stdout)
    if include_untracked:
        files += _split(_git(["ls-files", "-z", "--others", "--exclude-standard"], root).stdout)
    return sorted(set(f.replace("\\", "/") for f in files))


def _split(output: bytes) -> list[str]:
    return [os.fsdecode(name) for name in output.split(b"\0") if name]


# --- partners -------------------------------------------------------------------------------------

def expand_to_pairs(paths: Iterable[str], repo_root: str, *,
                    follow_symlinks: bool = False) -> list[ChangedPair]:
    """The documents that contain a changed path, each with both of its files and change flags.

    ``paths`` are relative to ``repo_root`` (as :func:`changed_files` returns them).  Pairing is the
    directory reader's (``discover`` on ``repo_root``), so a changed ``docs/en/a.md`` comes back with
    ``docs/zh/a.md``.  Sorted by the Chinese path (else the English).
    """
    changed = {p.replace("\\", "/") for p in paths}
    prefix = repo_root.rstrip("/\\") + "/"

    def rel(path: Optional[str]) -> Optional[str]:
        if path is None:
            return None
        return path[len(prefix):] if path.startswith(prefix) else path

    pairs: dict[tuple[Optional[str], Optional[str]], ChangedPair] = {}
    covered: set[str] = set()
    for source in discover(repo_root, follow_symlinks):
        if source.single is not None:
            zh = en = rel(source.single)
        else:
            zh, en = rel(source.zh), rel(source.en)
        zh_changed, en_changed = zh in changed, en in changed
        if zh_changed or en_changed:
            pairs[(zh, en)] = ChangedPair(zh, en, zh_changed, en_changed)
            covered.update(p for p in (zh, en) if p)
    # Structured bilingual files are not part of a tree; each is a document of its own.
    for path in sorted(changed - covered):
        if format_of(path) is not None and os.path.isfile(os.path.join(repo_root, path)):
            pairs[(path, path)] = ChangedPair(path, path, True, True)
    return sorted(pairs.values(), key=lambda p: (p.zh or p.en or "", p.en or ""))
