"""Pull-request mode: which files changed since a git ref, and their Chinese/English partners.

What counts as changed: ``git diff --name-only <merge-base of REF and HEAD>``, i.e. everything
committed on this branch since it left REF *plus* staged and unstaged edits to tracked files (the
diff is against the working tree).  In CI the working tree is clean, so this is exactly the pull
request; on a laptop it also covers work not yet committed; in a pre-commit hook (which stashes
unstaged edits) ``--changed-since HEAD`` is exactly what is being committed.  Untracked files are
left out by default, as ``git diff`` leaves them out; deleted files are left out (there is nothing to
check).  Git runs as a subprocess; no git library is needed.

Partners follow the naming conventions the readers pair files by:

* language directories at any depth: ``docs/zh/a.md`` ↔ ``docs/en/a.md`` (also ``zh-CN``/``en-US``,
  ``zh_CN``/``en_US``, ``zh-Hans``, ``zh-TW``, ``cn`` ...);
* language tags in the name: ``a.zh-CN.md`` ↔ ``a.en-US.md``, ``a.zh.md`` ↔ ``a.en.md``,
  ``a_zh.md`` ↔ ``a_en.md``; and the README convention, ``README.zh-CN.md`` ↔ ``README.md``.

A partner counts only when it exists in the working tree.  Each pair carries which side changed, so
that a Chinese file edited without its English (a stale translation) can be reported.
"""
from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path
from typing import Iterable, NamedTuple, Optional, Sequence

from .errors import ConfigError

# Lower-case tag -> language.  Traditional Chinese is Chinese too.
ZH_TAGS = ("zh", "zh-cn", "zh_cn", "zh-hans", "zh_hans", "zh-hant", "zh_hant", "zh-tw", "zh_tw",
           "zh-hk", "zh_hk", "zh-sg", "zh_sg", "cn", "chs", "cht")
EN_TAGS = ("en", "en-us", "en_us", "en-gb", "en_gb")
_LANG_OF_TAG = {**{t: "zh" for t in ZH_TAGS}, **{t: "en" for t in EN_TAGS}}
# A region-tagged side prefers the partner with the same shape: zh-CN <-> en-US, zh_CN <-> en_US.
_MIRROR = {"zh": "en", "en": "zh", "cn": "en", "chs": "en", "cht": "en",
           "zh-cn": "en-us", "en-us": "zh-cn", "zh_cn": "en_us", "en_us": "zh_cn",
           "zh-hans": "en", "zh_hans": "en", "zh-hant": "en", "zh_hant": "en",
           "zh-tw": "en-us", "zh_tw": "en_us", "zh-hk": "en-us", "zh_hk": "en_us",
           "zh-sg": "en-us", "zh_sg": "en_us", "en-gb": "zh-cn", "en_gb": "zh_cn"}
_TAG_ALTERNATION = "|".join(re.escape(t) for t in sorted(_LANG_OF_TAG, key=len, reverse=True))
# name.TAG.ext, name_TAG.ext, name-TAG.ext.  The stem is as short as possible so that the tag is the
# longest known one (``a.zh-CN.md`` is tagged zh-CN, not CN); a lazy stem still lets ``my_doc_zh``
# split as ``my_doc`` + ``zh``.
_NAME_TAG = re.compile(rf"^(?P<stem>.+?)(?P<sep>[._-])(?P<tag>{_TAG_ALTERNATION})(?P<ext>\.[^.]+)$",
                       re.IGNORECASE)
GIT_TIMEOUT = 120


class ChangedPair(NamedTuple):
    """A Chinese file and its English partner (either None when it does not exist), and which changed.

    A changed file with no language marker in its path is returned as ``(path, path, True, True)``: a
    one-file document holding both languages, or not a translation at all (the reader decides).
    """

    zh: Optional[str]
    en: Optional[str]
    zh_changed: bool
    en_changed: bool

    @property
    def one_file(self) -> bool:
        """No language marker in the path: the caller decides whether it is a translation at all."""
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

def language_of(path: str) -> Optional[str]:
    """"zh", "en" or None, from a language tag in the file name or a language directory."""
    return partner_candidates(path)[0]


def partner_candidates(path: str) -> tuple[Optional[str], list[str]]:
    """(language of ``path`` or None, the paths its partner may have, most likely first).

    A tag in the file name wins over a language directory.  An untagged file outside any language
    directory gets the tagged Chinese names beside it as candidates (``README.md`` may be the English
    of ``README.zh-CN.md``) with language None: it is English only if such a partner exists.
    """
    lang, candidates = _by_name(path)
    if lang is not None:
        return lang, candidates
    dir_lang, dir_candidates = _by_directory(path)
    if dir_lang is not None:
        return dir_lang, dir_candidates
    return None, candidates


def _by_name(path: str) -> tuple[Optional[str], list[str]]:
    directory, _, name = path.rpartition("/")
    prefix = directory + "/" if directory else ""
    match = _NAME_TAG.match(name)
    if match:
        stem, sep, tag, ext = match["stem"], match["sep"], match["tag"], match["ext"]
        lang = _LANG_OF_TAG[tag.lower()]
        other = "en" if lang == "zh" else "zh"
        out = [f"{prefix}{stem}{sep}{t}{ext}" for t in _partner_tags(tag, other)]
        if lang == "zh":
            out.append(f"{prefix}{stem}{ext}")  # README.zh-CN.md <-> README.md
        return lang, out
    stem, dot, ext = name.rpartition(".")
    if dot and stem:
        return None, [f"{prefix}{stem}{sep}{t}.{ext}" for sep in "._-" for t in _spellings(ZH_TAGS)]
    return None, []


def _by_directory(path: str) -> tuple[Optional[str], list[str]]:
    parts = path.split("/")
    # The deepest language directory decides (``zh/docs/en/a.md`` is English).
    for i in range(len(parts) - 2, -1, -1):
        lang = _LANG_OF_TAG.get(parts[i].lower())
        if lang is not None:
            other = "en" if lang == "zh" else "zh"
            return lang, ["/".join([*parts[:i], t, *parts[i + 1:]])
                          for t in _partner_tags(parts[i], other)]
    return None, []


def _partner_tags(tag: str, other: str) -> list[str]:
    """Spellings of the other language's tags, the mirror of ``tag`` first, in ``tag``'s letter case."""
    tags = ZH_TAGS if other == "zh" else EN_TAGS
    mirror = _MIRROR.get(tag.lower())
    ordered = [t for t in (mirror,) if t in tags] + [t for t in tags if t != mirror]
    return _spellings(ordered, lower_first=tag == tag.lower())


def _spellings(tags: Iterable[str], lower_first: bool = True) -> list[str]:
    """Each tag in lower case, with a capitalised region (``zh-CN``, ``zh-Hans``) and in upper case
    (``README_CN.md``); the lower-case spelling first unless ``lower_first`` is false."""
    out: list[str] = []
    for tag in tags:
        lang, sep, region = re.match(r"^([a-z]+)([-_]?)(.*)$", tag).groups()
        styled = f"{lang}{sep}{region.upper() if len(region) == 2 else region.title()}" if region else tag
        order = (tag, styled, tag.upper()) if lower_first else (styled, tag.upper(), tag)
        for spelling in order:
            if spelling not in out:
                out.append(spelling)
    return out


def expand_to_pairs(paths: Iterable[str], repo_root: str) -> list[ChangedPair]:
    """Each changed path with its partner (by the naming conventions above), one entry per pair.

    ``paths`` are relative to ``repo_root`` (as :func:`changed_files` returns them); partners are
    looked up in the working tree under ``repo_root``.  Sorted by the Chinese path (else the English).
    """
    changed = {p.replace("\\", "/") for p in paths}
    root = Path(repo_root)

    def exists(rel: str) -> bool:
        return (root / rel).is_file()

    pairs: dict[tuple[Optional[str], Optional[str]], ChangedPair] = {}
    for path in sorted(changed):
        lang, candidates = partner_candidates(path)
        partner = next((c for c in candidates if c != path and exists(c)), None)
        if lang is None and partner is not None:
            lang = "en"  # README.md with a README.zh-CN.md beside it
        if lang == "zh":
            zh, en = path, partner
        elif lang == "en":
            zh, en = partner, path
        else:
            zh = en = path
        pairs[(zh, en)] = ChangedPair(zh, en, zh in changed if zh else False, en in changed if en else False)
    return sorted(pairs.values(), key=lambda p: (p.zh or p.en or "", p.en or ""))
